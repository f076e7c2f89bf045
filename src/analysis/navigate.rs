//! Which entity is under the cursor, and where an entity is mentioned in one
//! document or sits in a glossary file. Pure queries shared by references,
//! highlights, rename, hover on entries and code lenses.

use std::ops::Range;
use std::path::Path;

use super::{Hit, definition_of, entries_of, hit_at};
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

/// The entry of glossary file `path` whose block contains `offset` (the last
/// entry whose id starts at or before it, or the first entry).
pub fn entry_at_in_glossary(glossary: &Glossary, path: &Path, offset: usize) -> Option<EntryId> {
    let source = glossary
        .sources
        .iter()
        .position(|s| s.path.as_deref() == Some(path))?;
    let mut in_file: Vec<EntryId> = glossary
        .ids()
        .filter(|id| glossary.entry(*id).source == source)
        .collect();
    in_file.sort_by_key(|id| glossary.entry(*id).id_span.start);
    let line_start_of =
        |text: &str, at: usize| text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let text = &glossary.sources[source].text;
    // An entry's block starts at its table header (the line before `id`, roughly):
    // use the start of the id's line, minus a header line if there is one.
    let block_start = |id: EntryId| {
        let at = line_start_of(text, glossary.entry(id).id_span.start);
        let prev = line_start_of(text, at.saturating_sub(1));
        if text[prev..at].trim_start().starts_with('[')
            || text[prev..at].trim_start().starts_with('{')
        {
            prev
        } else {
            at
        }
    };
    in_file
        .iter()
        .rev()
        .find(|id| block_start(**id) <= offset)
        .or(in_file.first())
        .copied()
}

/// The byte range of the quoted value of `key` in the entry's block (e.g. its `label`).
pub fn value_span(glossary: &Glossary, entry: EntryId, key: &str) -> Option<Range<usize>> {
    let e = glossary.entry(entry);
    let text = &glossary.sources[e.source].text;
    let from = text[..e.id_span.start].rfind('[').unwrap_or(0);
    let block_end = text[e.id_span.end..]
        .find("[[")
        .map_or(text.len(), |i| e.id_span.end + i);
    let block = &text[from..block_end];
    for (i, _) in block.match_indices(key) {
        let before = block[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-') {
            continue;
        }
        let rest = block[i + key.len()..].trim_start_matches('"');
        let rest_trim = rest.trim_start();
        let Some(after_eq) = rest_trim.strip_prefix(['=', ':']) else {
            continue;
        };
        let v = after_eq.trim_start();
        let quote = v.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value_start = from + block.len() - v.len() + 1;
        let end_rel = v[1..].find(quote)?;
        return Some(value_start..value_start + end_rel);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::store::GlossaryStore;

    #[test]
    fn finds_entries_and_values_in_glossary_files() {
        let text = "[[entry]]\nid = \"a\"\nlabel = \"Alpha Body\"\nkind = \"concept\"\n\n[[entry]]\nid = \"b\"\nlabel = 'Beta Body'\nkind = \"concept\"\n";
        let mut store = GlossaryStore::new(false);
        store.set_file(Path::new("/w/g.toml"), text);
        let g = store.rebuild().glossary;
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
}
