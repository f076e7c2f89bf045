//! Which entity is under the cursor, and where an entity is mentioned in one
//! document or sits in a glossary file. Pure queries shared by references,
//! highlights, rename, hover on entries and code lenses.

use std::ops::Range;
use std::path::Path;

use super::{Hit, definition_of, entries_of, hit_at};
use crate::glossary::spans::inside_quotes;
use crate::glossary::{EntryId, Glossary, LabelRole};
use crate::index::DocIndex;
use crate::recognize::matcher::Matcher;

/// The entities named at `offset` of a document: a glossary mention's
/// entries, or for an acronym token the entries its in-text long form names.
pub fn entities_at(index: &DocIndex, matcher: &Matcher, offset: usize) -> Vec<EntryId> {
    match hit_at(index, offset) {
        Some(Hit::Mention { surface, .. }) => entries_of(matcher, surface),
        Some(Hit::Token { text, .. }) => definition_of(index, &text)
            .and_then(|d| {
                index
                    .mentions
                    .starting_in(d.long_range)
                    .next()
                    .map(|m| entries_of(matcher, *m.data))
            })
            .unwrap_or_default(),
        None => Vec::new(),
    }
}

/// Byte ranges of the mentions of `entry` in a document.
pub fn mentions_in(index: &DocIndex, matcher: &Matcher, entry: EntryId) -> Vec<Range<usize>> {
    mentions_where(index, matcher, |e, _| e == entry)
}

/// Mentions of `entry` written with its preferred label (what a label rename replaces).
pub fn preferred_mentions_in(
    index: &DocIndex,
    matcher: &Matcher,
    entry: EntryId,
) -> Vec<Range<usize>> {
    mentions_where(index, matcher, |e, r| e == entry && r == LabelRole::Label)
}

fn mentions_where(
    index: &DocIndex,
    matcher: &Matcher,
    keep: impl Fn(EntryId, LabelRole) -> bool,
) -> Vec<Range<usize>> {
    index
        .mentions
        .iter()
        .filter(|m| {
            matcher
                .surface(*m.data)
                .entries
                .iter()
                .any(|(e, r)| keep(*e, *r))
        })
        .map(|m| m.start..m.end)
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
    use super::*;
    use crate::glossary::store::GlossaryStore;
    use std::sync::Arc;

    fn glossary(path: &str, text: &str) -> Arc<Glossary> {
        let mut store = GlossaryStore::new(false);
        store.set_file(Path::new(path), text);
        let r = store.rebuild();
        assert!(r.problems.values().all(Vec::is_empty), "{:?}", r.problems);
        r.glossary
    }

    #[test]
    fn finds_entries_and_values_in_glossary_files() {
        let text = "[[entry]]\nid = \"a\"\nlabel = \"Alpha Body\"\nkind = \"concept\"\n\n[[entry]]\nid = \"b\"\nlabel = 'Beta Body'\nkind = \"concept\"\n";
        let g = glossary("/w/g.toml", text);
        let b = g.by_id("b").unwrap();
        assert_eq!(
            entry_at_in_glossary(
                &g,
                Path::new("/w/g.toml"),
                text.find("[[entry]]\nid = \"b\"").unwrap()
            ),
            Some(b)
        );
        assert_eq!(
            entry_at_in_glossary(&g, Path::new("/w/g.toml"), 3),
            g.by_id("a")
        );
        let span = value_span(&g, b, "label").unwrap();
        assert_eq!(&text[span], "Beta Body");
        let a = g.by_id("a").unwrap();
        assert_eq!(&text[value_span(&g, a, "label").unwrap()], "Alpha Body");
    }

    #[test]
    fn entry_at_follows_spans_with_comments_crlf_and_non_ascii() {
        let text = "# Glossary header\r\ntitle = \"Städte\"\r\n\r\n[[entry]]\r\nid = \"köln\"\r\nlabel = \"Köln\"\r\nkind = \"place\"\r\n[entry.labels]\r\nzh = \"科隆\"\r\n\r\n# Next: Bonn\r\n[[entry]]\r\n\r\nkind = \"place\"\r\nlabel = \"Bonn\"\r\nid = 'bonn'\r\n";
        let g = glossary("/w/g.toml", text);
        let path = Path::new("/w/g.toml");
        let (koln, bonn) = (g.by_id("köln").unwrap(), g.by_id("bonn").unwrap());
        let at = |s: &str| entry_at_in_glossary(&g, path, text.find(s).unwrap());
        assert_eq!(at("# Glossary"), Some(koln)); // the header: the first entry
        assert_eq!(at("科隆"), Some(koln)); // a sub-table of the entry
        assert_eq!(at("# Next"), Some(koln)); // a comment after it
        assert_eq!(at("[[entry]]\r\n\r\nkind"), Some(bonn));
        assert_eq!(at("kind = \"place\"\r\nlabel = \"Bonn"), Some(bonn)); // before its id
        assert_eq!(&text[value_span(&g, koln, "labels.zh").unwrap()], "科隆");
        assert_eq!(&text[value_span(&g, bonn, "id").unwrap()], "bonn");
        assert_eq!(g.entry(bonn).line, 15);
        assert_eq!(g.entry(koln).line, 4);
        assert_eq!(value_span(&g, bonn, "aliases"), None);
    }

    #[test]
    fn entry_at_in_inline_tables_and_json() {
        let toml = "entry = [\n  { id = \"a\", label = \"A\", kind = \"concept\", aliases = ['Ay'] },\n  { id = \"b\", label = \"B\", kind = \"concept\" },\n]\n";
        let g = glossary("/w/i.toml", toml);
        let path = Path::new("/w/i.toml");
        let a = g.by_id("a").unwrap();
        assert_eq!(
            entry_at_in_glossary(&g, path, toml.find("'Ay'").unwrap()),
            Some(a)
        );
        assert_eq!(
            entry_at_in_glossary(&g, path, toml.find("\"B\"").unwrap()),
            g.by_id("b")
        );
        assert_eq!(&toml[value_span(&g, a, "aliases[0]").unwrap()], "Ay");
        let json = "{\n  \"entry\": [\n    {\"id\": \"é\", \"label\": \"Éa\", \"kind\": \"concept\"},\n    {\"id\": \"f\", \"label\": \"F \\\"q\\\"\", \"kind\": \"concept\"}\n  ]\n}\n";
        let g = glossary("/w/j.json", json);
        let path = Path::new("/w/j.json");
        let f = g.by_id("f").unwrap();
        assert_eq!(
            entry_at_in_glossary(&g, path, json.find("\"f\"").unwrap()),
            Some(f)
        );
        assert_eq!(entry_at_in_glossary(&g, path, 0), g.by_id("é"));
        assert_eq!(&json[value_span(&g, f, "label").unwrap()], "F \\\"q\\\"");
        assert_eq!(g.entry(f).line, 3);
    }
}
