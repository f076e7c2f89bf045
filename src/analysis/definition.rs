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
            Resolution::Entry { entry, .. } => {
                // An acronym the document expands as the glossary does:
                // to the expansion first, as for any in-text definition.
                let form = &matcher.surface(surface).form;
                match resolver.definition_for(form, range.start) {
                    Some((definition, named))
                        if named.contains(&entry)
                            && !on_the_definition(&definition.acronym_range) =>
                    {
                        vec![Target::InDocument(definition.long_range.clone())]
                    }
                    _ => vec![Target::Entry(entry)],
                }
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::context_fixture::*;

    #[test]
    fn each_mention_goes_where_its_resolution_says() {
        let m = matcher();
        let text = "Éé 中文 😀 The International Cricket Council (ICC) met. The ICC fined two boards.\n\n\
                    The PPP rose. The SCO met. The Shanghai Cooperation Organisation (SCO) too, and the SCO again.\n";
        let index = index(&m, text);
        let long = at(text, "International Cricket Council", 0);
        let long_range = long..long + "International Cricket Council".len();
        // In text: to the long form, from a later use and from the definition itself.
        for nth in [0, 1] {
            assert_eq!(
                definition(&index, &m, at(text, "ICC", nth)),
                vec![Target::InDocument(long_range.clone())],
                "ICC #{nth}"
            );
        }
        // Possible: every candidate.
        assert_eq!(
            definition(&index, &m, at(text, "PPP", 0)),
            vec![
                Target::Entry(id(&m, "ppp-parity")),
                Target::Entry(id(&m, "ppp-partnership"))
            ]
        );
        // Linked by its expansion: to the expansion, except from the definition itself.
        let sco_long = at(text, "Shanghai Cooperation Organisation", 0);
        let expansion =
            Target::InDocument(sco_long..sco_long + "Shanghai Cooperation Organisation".len());
        assert_eq!(
            definition(&index, &m, at(text, "SCO", 2)),
            vec![expansion.clone()]
        );
        assert_eq!(definition(&index, &m, at(text, "SCO", 0)), vec![expansion]);
        assert_eq!(
            definition(&index, &m, at(text, "SCO", 1)),
            vec![Target::Entry(id(&m, "sco"))]
        );
        assert_eq!(
            definition(&index, &m, at(text, "Shanghai", 0)),
            vec![Target::Entry(id(&m, "sco"))]
        );
    }

    #[test]
    fn set_aside_candidates_go_nowhere() {
        let m = matcher();
        let text = "Jordan Peterson spoke.\n";
        assert_eq!(definition(&index(&m, text), &m, 1), Vec::new());
    }
}
