//! Semantic tokens (mentions typed by kind) and inlay hints (acronym
//! expansions), as the decision step resolves each mention: a linked one
//! takes its entry's kind, a possible one its first candidate's kind and the
//! `ambiguous` modifier. A mention the document defines in the text names no
//! glossary entry, so it gets no token, exactly like an all-caps token the
//! document defines (a kind would claim a glossary entry it is not).

use std::collections::HashSet;
use std::ops::Range;

use super::{Resolution, Resolver, definition_of, role_of};
pub use crate::config::InlayHints;
use crate::decide::document::LinkBecause;
use crate::glossary::{Kind, LabelRole};
use crate::index::DocIndex;
use crate::recognize::matcher::Matcher;

/// The semantic token types, in legend order (documented in the README).
pub const TOKEN_TYPES: [&str; 8] = [
    "concept",
    "organization",
    "person",
    "place",
    "document",
    "event",
    "other",
    "unknownAcronym",
];
/// The modifiers, as bits in legend order.
pub const TOKEN_MODIFIERS: [&str; 3] = ["acronym", "nonPreferred", "ambiguous"];

fn kind_index(k: Kind) -> u32 {
    Kind::ALL.iter().position(|x| *x == k).unwrap_or(6) as u32
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    pub kind: u32,
    pub modifiers: u32,
}

/// Tokens for mentions and unknown acronyms overlapping `range`, in order.
pub fn semantic_tokens(index: &DocIndex, matcher: &Matcher, range: Range<usize>) -> Vec<Token> {
    let g = matcher.glossary();
    let mut out: Vec<Token> = Vec::new();
    let from = index
        .mentions
        .last_before(range.start)
        .map_or(range.start, |s| s.start.min(range.start));
    let resolver = Resolver::new(index, matcher);
    for m in index
        .mentions
        .starting_in(from..range.end)
        .filter(|m| m.end > range.start)
    {
        let resolution = resolver.resolve(m.start, *m.data);
        let Some(&e) = resolution.entries().first() else {
            continue;
        };
        let role = role_of(matcher, *m.data, e);
        let mut modifiers = 0;
        if role == Some(LabelRole::Acronym) {
            modifiers |= 1;
        }
        if matches!(role, Some(LabelRole::Hidden(_))) {
            modifiers |= 2;
        }
        if resolution.is_possible() {
            modifiers |= 4;
        }
        out.push(Token {
            range: m.start..m.end,
            kind: kind_index(g.entry(e).def.kind),
            modifiers,
        });
    }
    for t in index
        .tokens
        .starting_in(range.start.saturating_sub(16)..range.end)
        .filter(|t| t.end > range.start)
    {
        if definition_of(index, t.data).is_none() {
            out.push(Token {
                range: t.start..t.end,
                kind: 7,
                modifiers: 1,
            });
        }
    }
    out.sort_by_key(|t| t.range.start);
    out
}

/// (offset after the acronym, hint text) for acronym uses in `range`: the
/// long form of the in-text definition that governs the use, else the label
/// of the entry it is linked to. A possible mention gets none (the hint
/// would pick a meaning), nor does the acronym of a definition itself.
pub fn inlay_hints(
    index: &DocIndex,
    matcher: &Matcher,
    mode: InlayHints,
    range: Range<usize>,
) -> Vec<(usize, String)> {
    if mode == InlayHints::Off {
        return Vec::new();
    }
    let g = matcher.glossary();
    let resolver = Resolver::new(index, matcher);
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for m in index.mentions.iter() {
        if m.start >= range.end {
            break;
        }
        let s = matcher.surface(*m.data);
        if !s
            .entries
            .iter()
            .any(|(_, role)| *role == LabelRole::Acronym)
        {
            continue;
        }
        let first = seen.insert(s.form.to_string());
        if mode == InlayHints::FirstUse && !first {
            continue;
        }
        if m.end < range.start {
            continue;
        }
        let long = match resolver.resolve(m.start, *m.data) {
            Resolution::Entry {
                because: Some(LinkBecause::ExpandedHere { definition }),
                ..
            }
            | Resolution::InText { definition, .. } => {
                // Not where the document itself expands it.
                if definition.acronym_range.start == m.start
                    || definition.long_range.contains(&m.start)
                {
                    continue;
                }
                definition.long_form.to_string()
            }
            Resolution::Entry { entry, .. } => {
                if role_of(matcher, *m.data, entry) != Some(LabelRole::Acronym) {
                    continue;
                }
                g.entry(entry).def.label.clone()
            }
            Resolution::Possible { .. } => continue,
        };
        out.push((m.end, format!(" ({long})")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::context_fixture::{at, index, matcher};

    #[test]
    fn tokens_follow_the_resolution() {
        let m = matcher();
        let text = "Éé 中文 😀 The International Cricket Council (ICC) met. The ICC fined two boards. The PPP rose. The International Criminal Court sat.\n";
        let index = index(&m, text);
        let tokens: Vec<(&str, &str, u32)> = semantic_tokens(&index, &m, 0..text.len())
            .into_iter()
            .map(|t| (&text[t.range], TOKEN_TYPES[t.kind as usize], t.modifiers))
            .collect();
        // In-text ICCs get none (like an acronym token the document defines);
        // a possible PPP is ambiguous (4), with its acronym bit (1).
        assert_eq!(
            tokens,
            vec![
                ("PPP", "concept", 1 | 4),
                ("International Criminal Court", "organization", 0)
            ]
        );
        let from_middle = semantic_tokens(&index, &m, at(text, "PPP", 0) + 1..text.len());
        assert_eq!(from_middle.len(), 2);
    }

    #[test]
    fn hints_give_the_meaning_the_document_gives() {
        let m = matcher();
        let text = "The International Cricket Council (ICC) met. The ICC fined two boards. The PPP rose. The SCO met.\n";
        let index = index(&m, text);
        let hints: Vec<(usize, String)> =
            inlay_hints(&index, &m, InlayHints::EveryUse, 0..text.len());
        assert_eq!(
            hints,
            vec![
                (
                    at(text, "ICC", 1) + 3,
                    " (International Cricket Council)".to_string()
                ),
                (
                    at(text, "SCO", 0) + 3,
                    " (Shanghai Cooperation Organisation)".to_string()
                ),
            ]
        );
    }
}
