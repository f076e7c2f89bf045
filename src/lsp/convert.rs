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
