//! A located problem in a file the user wrote (a glossary or `gloss.toml`).
//!
//! Owns the one shape every layer reports input errors in: source name, byte
//! range, 0-based line and column (in characters), a stable code and a message
//! that says what is wrong and what to do. Knows nothing of LSP or terminals,
//! and counts no lines itself: line and column come from
//! [`LineIndex`] (CR, LF and CRLF end lines).
//!
//! A check that may report many problems in one file places them through a
//! [`ProblemLocator`], which finds the file's line starts once: a glossary of
//! 100,000 duplicated ids costs one pass over its text, not one per problem.

use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use crate::text::position::LineIndex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    /// The word every text output uses for the severity (`error`, `warning`,
    /// `info`, `hint`).
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "info",
            Severity::Hint => "hint",
        }
    }
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
    /// An error at `range` of `text` (the file named `source`); line and
    /// column come from [`LineIndex`]. Other severities: set `severity`.
    pub fn error(
        source: &str,
        text: &str,
        range: Range<usize>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Problem {
        ProblemLocator::new(source, text).error(range, code, message)
    }
}

/// Places problems in one file: its name, its text, and its line starts,
/// found on the first problem and kept for the rest. Use it wherever a check
/// loops (over entries, labels, references): [`Problem::error`] alone finds
/// the line starts anew each time, and a file with many problems would cost
/// its length times their number.
#[derive(Debug)]
pub struct ProblemLocator<'t> {
    source: &'t str,
    text: &'t str,
    lines: OnceLock<LineIndex>,
}

impl<'t> ProblemLocator<'t> {
    pub fn new(source: &'t str, text: &'t str) -> ProblemLocator<'t> {
        ProblemLocator {
            source,
            text,
            lines: OnceLock::new(),
        }
    }

    /// The file's line starts (found once, on first use).
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text))
    }

    /// An error at `range` of this file.
    pub fn error(
        &self,
        range: Range<usize>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Problem {
        let (line, column) = self.lines().char_position(self.text, range.start);
        Problem {
            source: self.source.to_string(),
            range,
            line,
            column,
            severity: Severity::Error,
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.source,
            self.line + 1,
            self.column + 1,
            self.severity.label(),
            self.code,
            self.message
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn located(text: &str, needle: &str) -> (usize, usize) {
        let start = text.find(needle).unwrap_or(text.len());
        let p = Problem::error("f.toml", text, start..start + needle.len(), "x", "m");
        (p.line, p.column)
    }

    #[test]
    fn lf_crlf_and_lone_cr_all_end_lines() {
        assert_eq!(located("a = 1\nbad = é中😀 X\n", "X"), (1, 10));
        assert_eq!(located("a = 1\r\nb = 2\r\nbad = X\r\n", "X"), (2, 6));
        assert_eq!(located("a = 1\rb = 2\rbad = X\r", "X"), (2, 6));
        assert_eq!(located("a\r\nb\rc\nX", "X"), (3, 0));
    }

    #[test]
    fn severity_labels_are_the_words_of_text_output() {
        let all = [
            Severity::Error,
            Severity::Warning,
            Severity::Information,
            Severity::Hint,
        ];
        assert_eq!(
            all.map(Severity::label),
            ["error", "warning", "info", "hint"]
        );
    }

    #[test]
    fn out_of_range_and_mid_character_starts_are_clamped() {
        let text = "a\r\né";
        let p = Problem::error("f", text, 99..100, "x", "m");
        assert_eq!((p.line, p.column), (1, 1));
        let inside_e = text.len() - 1;
        let p = Problem::error("f", text, inside_e..text.len(), "x", "m");
        assert_eq!((p.line, p.column), (1, 0));
        assert_eq!(p.to_string(), "f:2:1: error[x]: m");
    }
}
