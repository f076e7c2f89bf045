//! A located problem in a file the user wrote (a glossary or `gloss.toml`).
//!
//! Owns the one shape every layer reports input errors in: source name, byte
//! range, 0-based line and column (in characters), a stable code and a message
//! that says what is wrong and what to do. Knows nothing of LSP or terminals.

use std::fmt;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Path (or `embedded:NAME`) of the file the problem is in.
    pub source: String,
    /// Byte range in that file.
    pub range: Range<usize>,
    /// 0-based line of `range.start`.
    pub line: usize,
    /// 0-based column of `range.start`, in characters.
    pub column: usize,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
}

impl Problem {
    pub fn new(
        severity: Severity,
        source: &str,
        text: &str,
        range: Range<usize>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Problem {
        let start = range.start.min(text.len());
        let mut start_b = start;
        while !text.is_char_boundary(start_b) {
            start_b -= 1;
        }
        let before = &text[..start_b];
        let line = before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count();
        Problem {
            source: source.to_string(),
            range,
            line,
            column,
            severity,
            code,
            message: message.into(),
        }
    }

    pub fn error(
        source: &str,
        text: &str,
        range: Range<usize>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Problem {
        Problem::new(Severity::Error, source, text, range, code, message)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "info",
            Severity::Hint => "hint",
        };
        write!(
            f,
            "{}:{}:{}: {sev}[{}]: {}",
            self.source,
            self.line + 1,
            self.column + 1,
            self.code,
            self.message
        )
    }
}
