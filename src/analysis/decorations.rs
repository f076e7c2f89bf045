//! Semantic tokens (mentions typed by kind) and inlay hints (acronym expansions).

use std::collections::HashSet;
use std::ops::Range;

use super::definition_of;
pub use crate::config::InlayHints;
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
    for m in index
        .mentions
        .starting_in(from..range.end)
        .filter(|m| m.end > range.start)
    {
        let s = matcher.surface(*m.data);
        let Some(&(e, role)) = s.entries.first() else {
            continue;
        };
        let mut modifiers = 0;
        if role == LabelRole::Acronym {
            modifiers |= 1;
        }
        if matches!(role, LabelRole::Hidden(_)) {
            modifiers |= 2;
        }
        if s.entries.len() > 1 {
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

/// (offset after the acronym, hint text) for acronym uses in `range`.
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
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for m in index.mentions.iter() {
        if m.start >= range.end {
            break;
        }
        let s = matcher.surface(*m.data);
        let Some(&(e, LabelRole::Acronym)) = s.entries.first() else {
            continue;
        };
        let first = seen.insert(s.form.clone());
        if mode == InlayHints::FirstUse && !first {
            continue;
        }
        if m.end < range.start {
            continue;
        }
        // Not where the document itself expands it.
        if let Some(d) = definition_of(index, &s.form)
            && (d.acronym_range.start == m.start || d.long_range.contains(&m.start))
        {
            continue;
        }
        let long = definition_of(index, &s.form)
            .map_or_else(|| g.entry(e).def.label.clone(), |d| d.long_form.to_string());
        out.push((m.end, format!(" ({long})")));
    }
    out
}
