//! Document highlights: every mention, in the same document, of the entities
//! named at the cursor, as the decision step resolves them; for a mention
//! the document defines in the text, that definition's long form and every
//! mention it governs.
//!
//! Pure: (document index, matcher, offset) → byte ranges. Must not look at
//! other documents (that is references) nor know about LSP types.

use std::ops::Range;

use super::navigate::{entities_at, named_mentions};
use super::{Resolution, Resolver, resolved_at};
use crate::index::DocIndex;
use crate::recognize::matcher::Matcher;

/// The mentions of the entities named at `offset` (a mention's entry or
/// candidates, or those of an acronym's in-text long form), entity by
/// entity, each in document order. For an in-text mention: the long form,
/// then the mentions the same definition governs.
pub fn highlights(index: &DocIndex, matcher: &Matcher, offset: usize) -> Vec<Range<usize>> {
    let resolver = Resolver::new(index, matcher);
    if let Some((_, _, Resolution::InText { definition, .. })) =
        resolved_at(index, &resolver, offset)
    {
        let mut out = vec![definition.long_range.clone()];
        out.extend(index.mentions.iter().filter_map(
            |m| match resolver.resolve(m.start, *m.data) {
                Resolution::InText { definition: d, .. } if d == definition => Some(m.start..m.end),
                _ => None,
            },
        ));
        return out;
    }
    let entities = entities_at(index, matcher, offset);
    if entities.is_empty() {
        return Vec::new();
    }
    let mut per_entity: Vec<Vec<Range<usize>>> = vec![Vec::new(); entities.len()];
    for (range, _, named) in named_mentions(index, matcher) {
        for (i, e) in entities.iter().enumerate() {
            if named.counts_for(*e) {
                per_entity[i].push(range.clone());
            }
        }
    }
    per_entity.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRIES: &str = "[[entry]]\nid = \"acme\"\nlabel = \"Acme Council\"\nkind = \"organization\"\nacronyms = [\"ACMEC\"]\n\n[[entry]]\nid = \"beta\"\nlabel = \"Beta Board\"\nkind = \"organization\"\n";

    fn matcher(toml: &str) -> Matcher {
        Matcher::from_glossary_text("/w/glossary/g.toml", toml, false)
            .expect("the test glossary loads")
    }

    #[test]
    fn every_mention_of_the_entity_under_the_cursor() {
        let m = matcher(ENTRIES);
        let text = "The Acme Council and the Beta Board. The ACMEC again.\n";
        let index = DocIndex::build(text, false, &m);
        let found: Vec<&str> = highlights(&index, &m, text.find("ACMEC").unwrap())
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(found, vec!["Acme Council", "ACMEC"]);
        let beta: Vec<&str> = highlights(&index, &m, text.find("Board").unwrap())
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(beta, vec!["Beta Board"]);
        assert!(highlights(&index, &m, 1).is_empty());
    }

    #[test]
    fn in_text_and_possible_mentions_highlight_what_they_name() {
        use crate::analysis::context_fixture::{at, index, matcher};
        let m = matcher();
        let text = "Éé 😀 The International Cricket Council (ICC) met. The ICC fined two boards. A public-private partnership and the PPP.\n\nSeparately: Congo and Congo again.\n";
        let index = index(&m, text);
        let found = |needle: &str, nth: usize| -> Vec<&str> {
            highlights(&index, &m, at(text, needle, nth))
                .into_iter()
                .map(|r| &text[r])
                .collect()
        };
        assert_eq!(
            found("ICC", 1),
            vec!["International Cricket Council", "ICC", "ICC"]
        );
        assert_eq!(found("PPP", 0), vec!["public-private partnership", "PPP"]);
        // Possible: the mentions of each candidate, candidate by candidate.
        assert_eq!(found("Congo", 1), vec!["Congo", "Congo", "Congo", "Congo"]);
    }
}
