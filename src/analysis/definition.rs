//! Go-to-definition: from a mention to what it names, as the decision step
//! resolves it: a mention the document defines in the text goes to that
//! definition's long form; a linked one to its entry (an acronym the
//! document expands as the entry's label to that expansion first); a
//! possible one to every candidate entry.
//!
//! Pure: returns where to go; the LSP layer turns it into a `Location` (and,
//! for the embedded glossary, writes a read-only copy to open).

use std::ops::Range;

use super::{Hit, Resolution, Resolver, hit_at, token_definition};
use crate::decide::document::LinkBecause;
use crate::glossary::EntryId;
use crate::index::DocIndex;
use crate::recognize::matcher::Matcher;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A range of the same document (an in-text expansion).
    InDocument(Range<usize>),
    /// A glossary entry: its source index and the byte range of its id.
    Entry(EntryId),
}

/// Where the mention at `offset` is defined (see the module doc). On the
/// acronym of an in-text definition itself, a linked mention goes to its
/// entry and an in-text one to its long form.
pub fn definition(index: &DocIndex, matcher: &Matcher, offset: usize) -> Vec<Target> {
    let Some(hit) = hit_at(index, offset) else {
        return Vec::new();
    };
    let resolver = Resolver::new(index, matcher);
    let range = hit.range();
    let on_the_definition = |acronym_range: &Range<usize>| {
        acronym_range.start <= range.start && range.start < acronym_range.end
    };
    match hit {
        Hit::Mention { surface, .. } => match resolver.resolve(range.start, surface) {
            Resolution::Entry {
                because: Some(LinkBecause::ExpandedHere { definition }),
                ..
            } if !on_the_definition(&definition.acronym_range) => {
                vec![Target::InDocument(definition.long_range)]
            }
            Resolution::Entry { entry, .. } => vec![Target::Entry(entry)],
            Resolution::InText { definition, .. } => {
                vec![Target::InDocument(definition.long_range)]
            }
            Resolution::Possible { entries, .. } => {
                entries.into_iter().map(Target::Entry).collect()
            }
        },
        Hit::Token { text, .. } => {
            let Some((def, named)) = token_definition(&resolver, &text, range.start) else {
                return Vec::new();
            };
            if !on_the_definition(&def.acronym_range) {
                return vec![Target::InDocument(def.long_range)];
            }
            named.into_iter().map(Target::Entry).collect()
        }
    }
}
