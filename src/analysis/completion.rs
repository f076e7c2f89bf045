//! Completion: entity labels while typing prose, entry ids inside glossary files.

use std::ops::Range;

use super::symbols::fuzzy_score;
use crate::glossary::{Glossary, surfaces};

/// Letters typed before prose completion offers anything.
pub const MIN_PREFIX: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// What the list shows.
    pub label: String,
    /// What is inserted (the preferred label, or an id).
    pub insert: String,
    pub detail: String,
    /// Byte range (in the document) the insertion replaces: the typed prefix.
    pub replace: Range<usize>,
}

/// The word being typed that ends at `offset` of `line_before` (the text of
/// the line up to the cursor), as (start byte in the line, word).
fn typed_word(line_before: &str) -> (usize, &str) {
    let start = line_before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '-' || *c == '\'')
        .last()
        .map_or(line_before.len(), |(i, _)| i);
    (start, &line_before[start..])
}

/// Labels for the prefix typed at the cursor (`line_before` ends at the
/// cursor, which is at byte `offset` of the document).
pub fn prose(
    glossary: &Glossary,
    line_before: &str,
    offset: usize,
    limit: usize,
) -> Vec<Candidate> {
    let (start, word) = typed_word(line_before);
    if word.chars().count() < MIN_PREFIX {
        return Vec::new();
    }
    let typed = word.to_lowercase();
    let replace = offset - (line_before.len() - start)..offset;
    let mut scored: Vec<(u8, Candidate)> = Vec::new();
    for id in glossary.ids() {
        let def = &glossary.entry(id).def;
        // 2: a label starts with what was typed; 1: one of its words does.
        let best = surfaces(def)
            .into_iter()
            .filter_map(|s| {
                let lower = s.text.to_lowercase();
                if lower.starts_with(&typed) {
                    Some((2u8, s.text))
                } else if lower.split([' ', '-']).any(|w| w.starts_with(&typed)) {
                    Some((1u8, s.text))
                } else {
                    None
                }
            })
            .max_by_key(|(sc, _)| *sc);
        if let Some((score, matched)) = best {
            let label = if matched == def.label {
                def.label.clone()
            } else {
                format!("{matched} → {}", def.label)
            };
            scored.push((
                score,
                Candidate {
                    label,
                    insert: def.label.clone(),
                    detail: format!("{} · {}", def.kind.as_str(), def.id),
                    replace: replace.clone(),
                },
            ));
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.insert.cmp(&b.1.insert)));
    scored.into_iter().take(limit).map(|(_, c)| c).collect()
}

/// Entry ids, when the cursor is in the value of `related`, `broader` or `of`
/// in a glossary file (`line_before` = line up to the cursor; `array_key` =
/// the key of the array the cursor is in when it spans lines).
pub fn glossary_ids(
    glossary: &Glossary,
    line_before: &str,
    array_key: Option<&str>,
    offset: usize,
) -> Option<Vec<Candidate>> {
    let key = ["related", "broader", "of"].into_iter().find(|k| {
        line_before
            .find(k)
            .is_some_and(|i| line_before[i + k.len()..].trim_start().starts_with('='))
    });
    let key = key.or(array_key.filter(|k| ["related", "broader", "of"].contains(k)))?;
    let _ = key;
    let open = line_before.rfind(['"', '\''])?;
    // Inside a string only when the quotes before the cursor are unbalanced.
    if line_before.matches(['"', '\'']).count().is_multiple_of(2) {
        return None;
    }
    let typed = &line_before[open + 1..];
    let replace = offset - typed.len()..offset;
    let q: Vec<char> = typed.to_lowercase().chars().collect();
    let mut out: Vec<(i64, Candidate)> = glossary
        .ids()
        .filter_map(|id| {
            let def = &glossary.entry(id).def;
            let score =
                fuzzy_score(&q, &def.id).or_else(|| fuzzy_score(&q, &def.label).map(|s| s / 2))?;
            Some((
                score,
                Candidate {
                    label: def.id.clone(),
                    insert: def.id.clone(),
                    detail: format!("{} ({})", def.label, def.kind.as_str()),
                    replace: replace.clone(),
                },
            ))
        })
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.insert.cmp(&b.1.insert)));
    Some(out.into_iter().take(100).map(|(_, c)| c).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::store::GlossaryStore;

    #[test]
    fn prose_needs_a_few_letters_and_inserts_preferred() {
        let g = GlossaryStore::new(true).rebuild().glossary;
        assert!(prose(&g, "The Sh", 6, 20).is_empty());
        let c = prose(&g, "The Shangh", 10, 50);
        assert!(
            c.iter()
                .any(|c| c.insert == "Shanghai Cooperation Organisation"),
            "{c:?}"
        );
        assert_eq!(c[0].replace, 4..10);
    }

    #[test]
    fn ids_inside_related() {
        let g = GlossaryStore::new(true).rebuild().glossary;
        let c = glossary_ids(&g, "related = [\"sc", None, 100).unwrap();
        assert!(c.iter().any(|c| c.insert == "sco"));
        assert_eq!(c[0].replace, 98..100);
        assert!(glossary_ids(&g, "label = \"sc", None, 10).is_none());
    }
}
