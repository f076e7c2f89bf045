//! Completion: entity labels while typing prose, entry ids inside glossary files.
//!
//! Owns the completion context (the line before the cursor, the key of the
//! multi-line TOML array the cursor is in, no completion in non-prose
//! Markdown) and the candidates. Must not know about LSP types: ranges are
//! byte offsets of the text completed in.

use std::ops::Range;

use ropey::Rope;

use super::symbols::fuzzy_score;
use crate::glossary::{Glossary, surfaces};
use crate::index::DocIndex;
use crate::markdown::MaskKind;
use crate::text::position::LineIndex;

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

/// Candidates at byte `offset` of a glossary file's `text`: entry ids when
/// the cursor is in a string of `related`, `broader` or `of` (on the key's
/// line, or in a multi-line array of one of them), else none. An offset past
/// the text or inside a character gives none.
pub fn in_glossary(glossary: &Glossary, text: &str, offset: usize) -> Vec<Candidate> {
    let Some(before_cursor) = text.get(..offset) else {
        return Vec::new();
    };
    let lines = LineIndex::new(text);
    let line_start = lines.line_start(lines.line_of(offset)).unwrap_or_default();
    let line_before = &before_cursor[line_start..];
    let array_key = open_array_key(&before_cursor[..line_start]);
    glossary_ids(glossary, line_before, array_key, offset).unwrap_or_default()
}

/// The key of the multi-line array still open at the end of `before` (the
/// text before the cursor's line): the text before its `[` on that line,
/// without `=` and spaces.
fn open_array_key(before: &str) -> Option<&str> {
    let open = before.rfind('[')?;
    if before[open..].contains(']') {
        return None;
    }
    let lines = LineIndex::new(&before[..open]);
    let key_start = lines.line_start(lines.line_of(open)).unwrap_or_default();
    Some(before[key_start..open].trim().trim_end_matches('=').trim())
}

/// Labels for the word typed before byte `offset` of an open document (at
/// most `limit`), or `None` when the cursor is in a non-prose Markdown block
/// (code block, HTML block, front matter), where nothing is offered.
pub fn in_document(
    index: &DocIndex,
    rope: &Rope,
    glossary: &Glossary,
    offset: usize,
    limit: usize,
) -> Option<Vec<Candidate>> {
    // Clamped to the text and floored to a character, as positions are.
    let offset = rope.char_to_byte(rope.byte_to_char(offset.min(rope.len_bytes())));
    if let Some(mask) = &index.mask
        && mask
            .at(offset, false)
            .is_some_and(|m| *m.data == MaskKind::Block)
    {
        return None;
    }
    let line_start = crate::text::position::line_start_of(rope, offset);
    let line_before = rope.byte_slice(line_start..offset).to_string();
    Some(prose(glossary, &line_before, offset, limit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognize::matcher::Matcher;

    const ENTRIES: &str = "[[entry]]\nid = \"acme\"\nlabel = \"Acme Council\"\nkind = \"organization\"\nacronyms = [\"ACMEC\"]\n\n[[entry]]\nid = \"acme_board\"\nlabel = \"Acme Board\"\nkind = \"organization\"\n";

    fn acme() -> Matcher {
        Matcher::from_toml(ENTRIES, false).expect("the test glossary loads")
    }

    fn default_only() -> Matcher {
        Matcher::from_toml("", true).expect("the embedded glossary loads")
    }

    /// The text without its `|` marker, and the marker's offset (the cursor).
    fn at_cursor(marked: &str) -> (String, usize) {
        let offset = marked.find('|').unwrap();
        (marked.replacen('|', "", 1), offset)
    }

    fn inserts(c: &[Candidate]) -> Vec<&str> {
        c.iter().map(|c| c.insert.as_str()).collect()
    }

    #[test]
    fn glossary_ids_only_inside_an_id_array() {
        let m = acme();
        let g = m.glossary();
        // (text with the cursor at `|`, whether `acme_board` is offered for
        // the typed `acme_b`)
        for (marked, offered) in [
            // On the key line and in a multi-line array, with any line end.
            ("[[entry]]\nid = \"x\"\nrelated = [\"acme_b|", true),
            (
                "[[entry]]\nid = \"x\"\nrelated = [\n  \"acme\",\n  \"acme_b|",
                true,
            ),
            (
                "[[entry]]\r\nid = \"x\"\r\nbroader = [\r\n  \"acme_b|",
                true,
            ),
            (
                "[[entry]]\nid = \"x\"\n[[entry.roles]]\nof = 'acme_b|",
                true,
            ),
            // Another key's string.
            ("[[entry]]\nid = \"x\"\nlabel = \"acme|", false),
            // After the multi-line array closed.
            (
                "[[entry]]\nid = \"x\"\nrelated = [\n  \"acme\",\n]\nlabel = \"acme|",
                false,
            ),
            // An open array of another key.
            ("[[entry]]\nid = \"x\"\naliases = [\n  \"acme|", false),
            // Outside the quotes.
            ("[[entry]]\nid = \"x\"\nrelated = [\"acme\", |", false),
        ] {
            let (text, offset) = at_cursor(marked);
            let c = in_glossary(g, &text, offset);
            if offered {
                assert_eq!(
                    inserts(&c).first(),
                    Some(&"acme_board"),
                    "{marked:?}: {c:?}"
                );
                assert_eq!(&text[c[0].replace.clone()], "acme_b", "{marked:?}");
            } else {
                assert!(c.is_empty(), "{marked:?}");
            }
        }
        // Offsets past the text or inside a character give nothing.
        assert!(in_glossary(g, "related = [\"é", 13).is_empty());
        assert!(in_glossary(g, "related = [\"a", 99).is_empty());
    }

    fn document(m: &Matcher, text: &str, markdown: bool) -> (DocIndex, Rope) {
        (DocIndex::build(text, markdown, m), Rope::from_str(text))
    }

    #[test]
    fn labels_in_prose_none_in_a_code_block() {
        let m = acme();
        let g = m.glossary();
        let (text, offset) = at_cursor("# Notes\n\nThe Acme Coun| met.\n\n```\nAcme Coun\n```\n");
        let (index, rope) = document(&m, &text, true);
        let c = in_document(&index, &rope, g, offset, 50).unwrap();
        assert_eq!(inserts(&c), vec!["Acme Council"]);
        assert_eq!(&text[c[0].replace.clone()], "Coun");
        let in_code = text.rfind("Acme Coun").unwrap() + "Acme Coun".len();
        assert_eq!(in_document(&index, &rope, g, in_code, 50), None);
        // The same text as plain text has no code blocks.
        let (index, rope) = document(&m, &text, false);
        assert!(in_document(&index, &rope, g, in_code, 50).is_some_and(|c| !c.is_empty()));
        // A short prefix offers nothing, and the limit holds.
        let (text, offset) = at_cursor("The Ac|\n");
        let (index, rope) = document(&m, &text, false);
        assert_eq!(in_document(&index, &rope, g, offset, 50), Some(Vec::new()));
        let (text, offset) = at_cursor("The Acme|\n");
        let (index, rope) = document(&m, &text, false);
        let c = in_document(&index, &rope, g, offset, 1).unwrap();
        assert_eq!(inserts(&c), vec!["Acme Board"]);
        // Offsets past the end are clamped.
        assert!(in_document(&index, &rope, g, 999, 50).is_some());
    }

    #[test]
    fn prose_needs_a_few_letters_and_inserts_preferred() {
        let m = default_only();
        let g = m.glossary();
        assert!(prose(g, "The Sh", 6, 20).is_empty());
        let c = prose(g, "The Shangh", 10, 50);
        assert!(
            c.iter()
                .any(|c| c.insert == "Shanghai Cooperation Organisation"),
            "{c:?}"
        );
        assert_eq!(c[0].replace, 4..10);
    }

    #[test]
    fn ids_inside_related() {
        let m = default_only();
        let g = m.glossary();
        let c = glossary_ids(g, "related = [\"sc", None, 100).unwrap();
        assert!(c.iter().any(|c| c.insert == "sco"));
        assert_eq!(c[0].replace, 98..100);
        assert!(glossary_ids(g, "label = \"sc", None, 10).is_none());
    }
}
