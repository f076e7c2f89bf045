//! Document highlights: every mention, in the same document, of the entities
//! named at the cursor.
//!
//! Pure: (document index, matcher, offset) → byte ranges. Must not look at
//! other documents (that is references) nor know about LSP types.

use std::ops::Range;

use super::navigate::{entities_at, mentions_in};
use crate::index::DocIndex;
use crate::recognize::matcher::Matcher;

/// The mentions of the entities named at `offset` (a mention's entries, or
/// those of an acronym's in-text long form), entity by entity, each in
/// document order.
pub fn highlights(index: &DocIndex, matcher: &Matcher, offset: usize) -> Vec<Range<usize>> {
    entities_at(index, matcher, offset)
        .into_iter()
        .flat_map(|id| mentions_in(index, matcher, id))
        .collect()
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
}
