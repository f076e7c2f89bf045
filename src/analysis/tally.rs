//! How often an entry is mentioned, in total and per file: what the hover
//! card of a glossary entry and its code lens show.
//!
//! Owns merging and ordering the per-file counts and the display name of a
//! file (relative to a workspace root). Must not look for the mentions itself:
//! the caller counts them (open documents and closed-file records live in the
//! adapters and the workspace model) and hands the counts in.

use std::path::{Path, PathBuf};

/// Mentions of one entry: the total and the count in each file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MentionTally {
    /// Mentions in all files.
    pub total: usize,
    /// (display name, mentions) of each file with at least one mention, most
    /// mentioned first, then by name.
    pub files: Vec<(String, usize)>,
}

impl MentionTally {
    /// Tallies (display name, mentions) pairs: pairs with the same name are
    /// merged (two locations of one file, or two roots showing the same
    /// relative path), files without mentions are dropped.
    pub fn from_counts(counts: impl IntoIterator<Item = (String, usize)>) -> MentionTally {
        let mut files: Vec<(String, usize)> = Vec::new();
        for (name, count) in counts {
            if count == 0 {
                continue;
            }
            match files.iter_mut().find(|(known, _)| *known == name) {
                Some(file) => file.1 += count,
                None => files.push((name, count)),
            }
        }
        files.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        MentionTally {
            total: files.iter().map(|(_, count)| count).sum(),
            files,
        }
    }

    /// Number of files with at least one mention.
    pub fn file_count(&self) -> usize {
        self.files.len()
    }
}

/// How a file is named in a tally: relative to the first workspace root that
/// contains it, else its full path.
pub fn file_display_name(path: &Path, roots: &[PathBuf]) -> String {
    roots
        .iter()
        .find_map(|root| path.strip_prefix(root).ok())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The plural ending for `count` things ("1 file", "2 files").
pub(crate) fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(&str, usize)]) -> Vec<(String, usize)> {
        pairs.iter().map(|(n, c)| (n.to_string(), *c)).collect()
    }

    #[test]
    fn merges_same_names_and_sorts_by_count_then_name() {
        let tally = MentionTally::from_counts(counts(&[
            ("b.md", 1),
            ("a.md", 2),
            ("b.md", 1),
            ("c.md", 5),
            ("empty.md", 0),
        ]));
        assert_eq!(tally.total, 9);
        assert_eq!(
            tally.files,
            counts(&[("c.md", 5), ("a.md", 2), ("b.md", 2)])
        );
        assert_eq!(tally.file_count(), 3);
    }

    #[test]
    fn empty_tally() {
        let tally = MentionTally::from_counts(Vec::new());
        assert_eq!(tally, MentionTally::default());
    }

    #[test]
    fn display_names_are_relative_to_the_first_root_that_holds_the_file() {
        let roots = [PathBuf::from("/w/one"), PathBuf::from("/w")];
        assert_eq!(
            file_display_name(Path::new("/w/one/notes/a.md"), &roots),
            Path::new("notes").join("a.md").display().to_string()
        );
        assert_eq!(file_display_name(Path::new("/w/b.md"), &roots), "b.md");
        assert_eq!(
            file_display_name(Path::new("/elsewhere/c.md"), &roots),
            Path::new("/elsewhere/c.md").display().to_string()
        );
    }
}
