//! Core types → LSP types. The only module besides `server` that names
//! `tower_lsp_server::ls_types`; positions go through [`crate::text::position`].

use std::ops::Range as ByteRange;

use ropey::Rope;
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, Uri,
};

use crate::analysis::diagnostics::Diagnostic as CoreDiagnostic;
use crate::problem::{Problem, Severity};
use crate::text::position::{Encoding, LineCol, PositionError, to_offset, to_position};

pub fn position(rope: &Rope, offset: usize, enc: Encoding) -> Position {
    let lc = to_position(rope, offset, enc);
    Position::new(lc.line, lc.col)
}

pub fn range(rope: &Rope, r: ByteRange<usize>, enc: Encoding) -> Range {
    Range::new(position(rope, r.start, enc), position(rope, r.end, enc))
}

pub fn offset(rope: &Rope, p: Position, enc: Encoding) -> Result<usize, PositionError> {
    to_offset(
        rope,
        LineCol {
            line: p.line,
            col: p.character,
        },
        enc,
    )
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

pub fn diagnostic(rope: &Rope, uri: &Uri, d: &CoreDiagnostic, enc: Encoding) -> Diagnostic {
    let related = (!d.related.is_empty()).then(|| {
        d.related
            .iter()
            .map(|r| DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), range(rope, r.range.clone(), enc)),
                message: r.message.clone(),
            })
            .collect()
    });
    Diagnostic {
        range: range(rope, d.range.clone(), enc),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some("gloss".to_string()),
        message: d.message.clone(),
        related_information: related,
        ..Diagnostic::default()
    }
}

pub fn problem(text: &str, p: &Problem, enc: Encoding) -> Diagnostic {
    let rope = Rope::from_str(text);
    let end = if p.range.end > p.range.start {
        p.range.end
    } else {
        // Underline at least one character, or the end of the line.
        let start = p.range.start.min(text.len());
        text[start..]
            .chars()
            .next()
            .filter(|c| *c != '\n')
            .map_or(start, |c| start + c.len_utf8())
    };
    Diagnostic {
        range: range(&rope, p.range.start..end, enc),
        severity: Some(severity(p.severity)),
        code: Some(NumberOrString::String(p.code.to_string())),
        source: Some("gloss".to_string()),
        message: p.message.clone(),
        ..Diagnostic::default()
    }
}

pub fn pos_range(r: &crate::workspace::closed::PosRange, enc: Encoding) -> Range {
    Range::new(
        Position::new(r.start.line, r.start.col(enc)),
        Position::new(r.end.line, r.end.col(enc)),
    )
}

/// Encodes tokens (sorted, byte ranges) as LSP relative semantic tokens,
/// splitting tokens that cross line breaks.
pub fn semantic_tokens(
    rope: &Rope,
    tokens: &[crate::analysis::decorations::Token],
    enc: Encoding,
) -> Vec<tower_lsp_server::ls_types::SemanticToken> {
    let mut out = Vec::new();
    let (mut prev_line, mut prev_col) = (0u32, 0u32);
    for t in tokens {
        let start_line = rope.byte_to_line(t.range.start.min(rope.len_bytes()));
        let end_line = rope.byte_to_line(t.range.end.min(rope.len_bytes()));
        for line in start_line..=end_line {
            let line_start = rope.line_to_byte(line);
            let seg_start = t.range.start.max(line_start);
            let line_end = if line + 1 < rope.len_lines() {
                rope.line_to_byte(line + 1)
            } else {
                rope.len_bytes()
            };
            let seg_end = t.range.end.min(line_end);
            let s = position(rope, seg_start, enc);
            let e = position(rope, seg_end, enc);
            let len = if e.line == s.line {
                e.character.saturating_sub(s.character)
            } else {
                // Up to the end of the line (without its break).
                let text = rope.byte_slice(seg_start..seg_end).to_string();
                let trimmed = text.trim_end_matches(['\n', '\r']);
                match enc {
                    Encoding::Utf8 => trimmed.len() as u32,
                    Encoding::Utf16 => trimmed.encode_utf16().count() as u32,
                }
            };
            if len == 0 {
                continue;
            }
            let delta_line = s.line - prev_line;
            let delta_start = if delta_line == 0 {
                s.character - prev_col
            } else {
                s.character
            };
            out.push(tower_lsp_server::ls_types::SemanticToken {
                delta_line,
                delta_start,
                length: len,
                token_type: t.kind,
                token_modifiers_bitset: t.modifiers,
            });
            prev_line = s.line;
            prev_col = s.character;
        }
    }
    out
}
