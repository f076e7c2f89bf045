//! Go-to-definition: from a mention to its in-text expansion or its glossary entry.
//!
//! Pure: returns where to go; the LSP layer turns it into a `Location` (and,
//! for the embedded glossary, writes a read-only copy to open).

use std::ops::Range;

use super::{Hit, definition_of, hit_at};
use crate::glossary::{EntryId, LabelRole};
use crate::index::DocIndex;
use crate::recognize::matcher::Matcher;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A range of the same document (an in-text expansion).
    InDocument(Range<usize>),
    /// A glossary entry: its source index and the byte range of its id.
    Entry(EntryId),
}

/// Where the mention at `offset` is defined. An acronym the document expands
/// goes to the expansion (unless the cursor is on the expansion itself);
/// everything else goes to the glossary entries.
pub fn definition(index: &DocIndex, matcher: &Matcher, offset: usize) -> Vec<Target> {
    let Some(hit) = hit_at(index, offset) else {
        return Vec::new();
    };
    let range = hit.range();
    let (acronym, entries): (Option<String>, Vec<EntryId>) = match &hit {
        Hit::Mention { surface, .. } => {
            let s = matcher.surface(*surface);
            let is_acronym = s.entries.iter().any(|(_, r)| *r == LabelRole::Acronym);
            (
                is_acronym.then(|| s.form.clone()),
                s.entries.iter().map(|(e, _)| *e).collect(),
            )
        }
        Hit::Token { text, .. } => (Some(text.to_string()), Vec::new()),
    };
    if let Some(acronym) = acronym
        && let Some(def) = definition_of(index, &acronym)
        && !(def.acronym_range.start <= range.start && range.start < def.acronym_range.end)
    {
        return vec![Target::InDocument(def.long_range)];
    }
    if entries.is_empty()
        && let Hit::Token { text, .. } = &hit
        && let Some(def) = definition_of(index, text)
        && let Some(m) = index.mentions.starting_in(def.long_range.clone()).next()
    {
        return super::entries_of(matcher, *m.data)
            .into_iter()
            .map(Target::Entry)
            .collect();
    }
    entries.into_iter().map(Target::Entry).collect()
}
