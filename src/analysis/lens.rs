//! Code lenses of a glossary file: above each entry's id, how often the entry
//! is mentioned and in how many files.
//!
//! Pure: (glossary, source file, a mention count per entry) → byte ranges in
//! the source's text and titles. Must not count mentions (the caller does,
//! from open documents and closed-file records) nor convert positions: the
//! adapter converts every range of one file with one line index.

use std::ops::Range;
use std::path::Path;

use super::tally::plural;
use crate::glossary::{EntryId, Glossary};

/// One lens: an entry of the glossary file and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lens {
    pub entry: EntryId,
    /// Byte range of the entry's id value in its source text.
    pub range: Range<usize>,
    /// "3 mentions in 2 files".
    pub title: String,
}

/// The lenses of the entries written in `glossary.sources[source]`, in
/// glossary order. `tally` gives an entry's (mentions, files with a mention).
pub fn glossary_lenses(
    glossary: &Glossary,
    source: usize,
    mut tally: impl FnMut(EntryId) -> (usize, usize),
) -> Vec<Lens> {
    glossary
        .ids()
        .filter(|id| glossary.entry(*id).source == source)
        .map(|id| {
            let (mentions, files) = tally(id);
            Lens {
                entry: id,
                range: glossary.entry(id).id_span.clone(),
                title: lens_title(mentions, files),
            }
        })
        .collect()
}

/// "1 mention in 1 file", "3 mentions in 2 files".
pub fn lens_title(mentions: usize, files: usize) -> String {
    format!(
        "{mentions} mention{} in {files} file{}",
        plural(mentions),
        plural(files)
    )
}

/// The index in `glossary.sources` of the glossary file at `path`.
pub fn source_index(glossary: &Glossary, path: &Path) -> Option<usize> {
    glossary
        .sources
        .iter()
        .position(|s| s.path.as_deref() == Some(path))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::recognize::matcher::Matcher;

    const PATH: &str = "/w/glossary/g.toml";

    fn glossary(toml: &str) -> Arc<Glossary> {
        let matcher =
            Matcher::from_glossary_text(PATH, toml, false).expect("the test glossary loads");
        matcher.glossary().clone()
    }

    #[test]
    fn one_lens_per_entry_on_its_id_with_counted_titles() {
        let text = "[[entry]]\nid = \"acme\"\nlabel = \"Acme Council\"\nkind = \"organization\"\n\n[[entry]]\nid = \"beta\"\nlabel = \"Beta Board\"\nkind = \"organization\"\n\n[[entry]]\nid = \"gamma\"\nlabel = \"Gamma Group\"\nkind = \"organization\"\n";
        let g = glossary(text);
        let source = source_index(&g, Path::new(PATH)).unwrap();
        let counts = |id: EntryId| match g.entry(id).def.id.as_str() {
            "acme" => (9, 3),
            "beta" => (1, 1),
            _ => (0, 0),
        };
        let lenses = glossary_lenses(&g, source, counts);
        let shown: Vec<(&str, &str)> = lenses
            .iter()
            .map(|l| (&text[l.range.clone()], l.title.as_str()))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("\"acme\"", "9 mentions in 3 files"),
                ("\"beta\"", "1 mention in 1 file"),
                ("\"gamma\"", "0 mentions in 0 files"),
            ]
        );
        assert_eq!(lenses[1].entry, g.by_id("beta").unwrap());
    }

    #[test]
    fn titles_use_singulars_for_one() {
        assert_eq!(lens_title(1, 1), "1 mention in 1 file");
        assert_eq!(lens_title(2, 1), "2 mentions in 1 file");
        assert_eq!(lens_title(1, 2), "1 mention in 2 files");
    }

    #[test]
    fn no_lenses_for_files_the_glossary_does_not_know() {
        let g = glossary("[[entry]]\nid = \"a\"\nlabel = \"Alpha\"\nkind = \"concept\"\n");
        assert_eq!(source_index(&g, Path::new("/w/other.toml")), None);
        assert!(glossary_lenses(&g, 7, |_| (1, 1)).is_empty());
    }
}
