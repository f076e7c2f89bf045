//! Which entity is under the cursor, and where an entity is mentioned in one
//! document or sits in a glossary file. Pure queries shared by references,
//! highlights, rename, hover on entries and code lenses. What a mention
//! names is what the decision step resolves (see [`Named`] for how a
//! possible mention counts).

use std::ops::Range;
use std::path::Path;

use super::{Hit, Named, Resolver, hit_at, is_preferred_label, token_definition};
use crate::glossary::spans::inside_quotes;
use crate::glossary::{EntryId, Glossary};
use crate::index::DocIndex;
use crate::recognize::matcher::{Matcher, SurfaceId};

/// The entities named at `offset` of a document, as the decision step
/// resolves the mention there: its entry, or every candidate of a possible
/// mention (none for a mention the document defines in the text); for an
/// acronym token, the entries its in-text long form names.
pub fn entities_at(index: &DocIndex, matcher: &Matcher, offset: usize) -> Vec<EntryId> {
    let resolver = Resolver::new(index, matcher);
    match hit_at(index, offset) {
        Some(Hit::Mention { range, surface }) => resolver.resolve(range.start, surface).entries(),
        Some(Hit::Token { range, text }) => token_definition(&resolver, &text, range.start)
            .map(|(_, named)| named)
            .unwrap_or_default(),
        None => Vec::new(),
    }
}

/// The one entry the mention at `offset` is linked to (not a possible or
/// in-text mention): what a label rename from a document renames.
pub fn linked_entity_at(index: &DocIndex, matcher: &Matcher, offset: usize) -> Option<EntryId> {
    let resolver = Resolver::new(index, matcher);
    match hit_at(index, offset)? {
        Hit::Mention { range, surface } => resolver.resolve(range.start, surface).entry(),
        Hit::Token { range, text } => {
            match token_definition(&resolver, &text, range.start)?.1[..] {
                [one] => Some(one),
                _ => None,
            }
        }
    }
}

/// What each mention of a document names, in document order: (range,
/// surface, what it names). One resolver for the whole walk.
pub fn named_mentions<'a>(
    index: &'a DocIndex,
    matcher: &'a Matcher,
) -> impl Iterator<Item = (Range<usize>, SurfaceId, Named)> + 'a {
    let resolver = Resolver::new(index, matcher);
    index.mentions.iter().map(move |m| {
        let named = Named::of(&resolver.resolve(m.start, *m.data));
        (m.start..m.end, *m.data, named)
    })
}

/// Byte ranges of the mentions of `entry` in a document: those linked to it
/// and those that possibly name it (see [`Named`]).
pub fn mentions_in(index: &DocIndex, matcher: &Matcher, entry: EntryId) -> Vec<Range<usize>> {
    named_mentions(index, matcher)
        .filter(|(_, _, named)| named.counts_for(entry))
        .map(|(range, _, _)| range)
        .collect()
}

/// Mentions linked to `entry` and written with its preferred label (what a
/// label rename replaces; a possible mention may name another entry).
pub fn preferred_mentions_in(
    index: &DocIndex,
    matcher: &Matcher,
    entry: EntryId,
) -> Vec<Range<usize>> {
    named_mentions(index, matcher)
        .filter(|(_, surface, named)| {
            named.linked() == Some(entry) && is_preferred_label(matcher, *surface, entry)
        })
        .map(|(range, _, _)| range)
        .collect()
}

/// The entry of glossary file `path` at `offset`: the entry whose span
/// (`[[entry]]` header to its last value, or its `{…}`) contains it, else the
/// last entry before it (a comment or blank line after an entry), else the
/// first entry (the file's header).
pub fn entry_at_in_glossary(glossary: &Glossary, path: &Path, offset: usize) -> Option<EntryId> {
    let source = glossary
        .sources
        .iter()
        .position(|s| s.path.as_deref() == Some(path))?;
    let mut in_file: Vec<EntryId> = glossary
        .ids()
        .filter(|id| glossary.entry(*id).source == source)
        .collect();
    in_file.sort_by_key(|id| glossary.entry(*id).span.start);
    in_file
        .iter()
        .rev()
        .find(|id| glossary.entry(**id).span.start <= offset)
        .or(in_file.first())
        .copied()
}

/// The byte range inside the quotes of the value at field path `key` of an
/// entry (e.g. `label`, `aliases[0]`, `roles[1].of`); a non-string value whole.
pub fn value_span(glossary: &Glossary, entry: EntryId, key: &str) -> Option<Range<usize>> {
    let e = glossary.entry(entry);
    let span = e.field_span(key)?;
    Some(inside_quotes(&glossary.sources[e.source].text, span))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn mentions_count_for_what_they_resolve_to() {
        use crate::analysis::context_fixture::{at, id, index, matcher};
        let m = matcher();
        let text = "中文 😀 The International Cricket Council (ICC) met. The ICC fined two boards.\n\n\
                    The International Criminal Court sat. The PPP rose. Congo voted.\n";
        let index = index(&m, text);
        let quoted = |ranges: Vec<Range<usize>>| -> Vec<&str> {
            ranges.into_iter().map(|r| &text[r]).collect()
        };
        // In-text ICCs count for no entry.
        assert_eq!(
            quoted(mentions_in(&index, &m, id(&m, "icc"))),
            vec!["International Criminal Court"]
        );
        assert_eq!(entities_at(&index, &m, at(text, "ICC", 1)), Vec::new());
        // A possible mention counts for each candidate, but is linked to none.
        for entry in ["ppp-parity", "ppp-partnership"] {
            assert_eq!(quoted(mentions_in(&index, &m, id(&m, entry))), vec!["PPP"]);
        }
        assert_eq!(
            entities_at(&index, &m, at(text, "PPP", 0)),
            vec![id(&m, "ppp-parity"), id(&m, "ppp-partnership")]
        );
        assert_eq!(linked_entity_at(&index, &m, at(text, "PPP", 0)), None);
        assert_eq!(
            linked_entity_at(&index, &m, at(text, "Criminal", 0)),
            Some(id(&m, "icc"))
        );
        // A label rename rewrites linked mentions written with the label only.
        assert_eq!(
            quoted(preferred_mentions_in(&index, &m, id(&m, "icc"))),
            vec!["International Criminal Court"]
        );
        assert!(preferred_mentions_in(&index, &m, id(&m, "congo")).is_empty());
        assert_eq!(
            quoted(mentions_in(&index, &m, id(&m, "congo"))),
            vec!["Congo"]
        );
    }

    /// One glossary file under test: its path, its text and the glossary
    /// built from it alone.
    struct OneFile {
        path: &'static str,
        text: &'static str,
        glossary: Arc<Glossary>,
    }

    impl OneFile {
        fn new(path: &'static str, text: &'static str) -> OneFile {
            let matcher = Matcher::from_glossary_text(path, text, false)
                .expect("the test glossary loads without problems");
            OneFile {
                path,
                text,
                glossary: matcher.glossary().clone(),
            }
        }

        fn id(&self, id: &str) -> EntryId {
            self.glossary.by_id(id).expect(id)
        }

        /// The entry at `offset` of the file.
        fn entry_at_offset(&self, offset: usize) -> Option<EntryId> {
            entry_at_in_glossary(&self.glossary, Path::new(self.path), offset)
        }

        /// Asserts, for each `(needle, id)`, that the entry at the first
        /// place `needle` stands in the file is entry `id`.
        fn assert_entries_at(&self, cases: &[(&str, &str)]) {
            for &(needle, id) in cases {
                let offset = self.text.find(needle).expect(needle);
                assert_eq!(
                    self.entry_at_offset(offset),
                    Some(self.id(id)),
                    "at {needle:?}"
                );
            }
        }

        /// The text of [`value_span`] of entry `id` at `key`.
        fn value(&self, id: &str, key: &str) -> Option<&str> {
            value_span(&self.glossary, self.id(id), key).map(|span| &self.text[span])
        }
    }

    #[test]
    fn finds_entries_and_values_in_glossary_files() {
        let f = OneFile::new(
            "/w/g.toml",
            "[[entry]]\nid = \"a\"\nlabel = \"Alpha Body\"\nkind = \"concept\"\n\n[[entry]]\nid = \"b\"\nlabel = 'Beta Body'\nkind = \"concept\"\n",
        );
        f.assert_entries_at(&[("[[entry]]\nid = \"b\"", "b")]);
        assert_eq!(f.entry_at_offset(3), Some(f.id("a")));
        assert_eq!(f.value("b", "label"), Some("Beta Body"));
        assert_eq!(f.value("a", "label"), Some("Alpha Body"));
    }

    #[test]
    fn entry_at_follows_spans_with_comments_crlf_and_non_ascii() {
        let f = OneFile::new(
            "/w/g.toml",
            "# Glossary header\r\ntitle = \"Städte\"\r\n\r\n[[entry]]\r\nid = \"köln\"\r\nlabel = \"Köln\"\r\nkind = \"place\"\r\n[entry.labels]\r\nzh = \"科隆\"\r\n\r\n# Next: Bonn\r\n[[entry]]\r\n\r\nkind = \"place\"\r\nlabel = \"Bonn\"\r\nid = 'bonn'\r\n",
        );
        f.assert_entries_at(&[
            ("# Glossary", "köln"), // the header: the first entry
            ("科隆", "köln"),       // a sub-table of the entry
            ("# Next", "köln"),     // a comment after it
            ("[[entry]]\r\n\r\nkind", "bonn"),
            ("kind = \"place\"\r\nlabel = \"Bonn", "bonn"), // before its id
        ]);
        assert_eq!(f.value("köln", "labels.zh"), Some("科隆"));
        assert_eq!(f.value("bonn", "id"), Some("bonn"));
        assert_eq!(f.glossary.entry(f.id("bonn")).line, 15);
        assert_eq!(f.glossary.entry(f.id("köln")).line, 4);
        assert_eq!(f.value("bonn", "aliases"), None);
    }

    #[test]
    fn entry_at_in_inline_tables_and_json() {
        let f = OneFile::new(
            "/w/i.toml",
            "entry = [\n  { id = \"a\", label = \"A\", kind = \"concept\", aliases = ['Ay'] },\n  { id = \"b\", label = \"B\", kind = \"concept\" },\n]\n",
        );
        f.assert_entries_at(&[("'Ay'", "a"), ("\"B\"", "b")]);
        assert_eq!(f.value("a", "aliases[0]"), Some("Ay"));
        let f = OneFile::new(
            "/w/j.json",
            "{\n  \"entry\": [\n    {\"id\": \"é\", \"label\": \"Éa\", \"kind\": \"concept\"},\n    {\"id\": \"f\", \"label\": \"F \\\"q\\\"\", \"kind\": \"concept\"}\n  ]\n}\n",
        );
        f.assert_entries_at(&[("\"f\"", "f")]);
        assert_eq!(f.entry_at_offset(0), Some(f.id("é")));
        assert_eq!(f.value("f", "label"), Some("F \\\"q\\\""));
        assert_eq!(f.glossary.entry(f.id("f")).line, 3);
    }
}
