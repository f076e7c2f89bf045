//! The one place where byte offsets meet LSP positions.
//!
//! Inside Gloss every position is a byte offset into the document. LSP
//! positions are (line, character) with `character` counted in the negotiated
//! encoding: UTF-8 bytes or UTF-16 code units. Conversions go through the rope
//! (O(log n)); nothing else in the code base counts UTF-16.

use ropey::Rope;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

/// A 0-based line and a column in some [`Encoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionError {
    pub line: u32,
    pub lines: usize,
}

impl std::fmt::Display for PositionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {} is past the end of the document ({} lines)",
            self.line, self.lines
        )
    }
}

/// Byte length of line `line` without its line break.
fn line_content_bytes(rope: &Rope, line: usize) -> usize {
    let slice = rope.line(line);
    let mut len = slice.len_bytes();
    let mut chars = slice.chars_at(slice.len_chars());
    if chars.prev() == Some('\n') {
        len -= 1;
        if chars.prev() == Some('\r') {
            len -= 1;
        }
    } else if slice.len_chars() > 0 && slice.char(slice.len_chars() - 1) == '\r' {
        len -= 1;
    }
    len
}

/// Position of a byte offset (clamped to the document, floored to a character).
pub fn to_position(rope: &Rope, offset: usize, enc: Encoding) -> LineCol {
    let offset = offset.min(rope.len_bytes());
    let char_idx = rope.byte_to_char(offset);
    let line = rope.char_to_line(char_idx);
    let line_char = rope.line_to_char(line);
    let col = match enc {
        Encoding::Utf8 => rope.char_to_byte(char_idx) - rope.line_to_byte(line),
        Encoding::Utf16 => rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(line_char),
    };
    LineCol {
        line: line as u32,
        col: col as u32,
    }
}

/// Byte offset of a position. A column past the end of its line means the end
/// of the line (as the LSP specifies); a column inside a character snaps to
/// its start; a line past the end is an error.
pub fn to_offset(rope: &Rope, pos: LineCol, enc: Encoding) -> Result<usize, PositionError> {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return Err(PositionError {
            line: pos.line,
            lines: rope.len_lines(),
        });
    }
    let line_byte = rope.line_to_byte(line);
    let line_end = line_byte + line_content_bytes(rope, line);
    let offset = match enc {
        Encoding::Utf8 => (line_byte + pos.col as usize).min(line_end),
        Encoding::Utf16 => {
            let line_char = rope.line_to_char(line);
            let start_cu = rope.char_to_utf16_cu(line_char);
            let end_cu = rope.char_to_utf16_cu(rope.byte_to_char(line_end));
            let cu = (start_cu + pos.col as usize).min(end_cu);
            rope.char_to_byte(rope.utf16_cu_to_char(cu))
        }
    };
    Ok(rope.char_to_byte(rope.byte_to_char(offset)))
}

/// Like [`to_offset`] but a line past the end means the end of the document
/// (for edits, which must never be dropped).
pub fn to_offset_clamped(rope: &Rope, pos: LineCol, enc: Encoding) -> usize {
    to_offset(rope, pos, enc).unwrap_or(rope.len_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_utf16_on_non_ascii_line() {
        // é = 2 bytes / 1 unit, 中文 = 3+3 bytes / 2 units, 😀 = 4 bytes / 2 units.
        let rope = Rope::from_str("x\né中文😀 SCO\r\nend");
        let sco = "x\né中文😀 ".len();
        assert_eq!(
            to_position(&rope, sco, Encoding::Utf8),
            LineCol { line: 1, col: 13 }
        );
        assert_eq!(
            to_position(&rope, sco, Encoding::Utf16),
            LineCol { line: 1, col: 6 }
        );
        assert_eq!(
            to_offset(&rope, LineCol { line: 1, col: 6 }, Encoding::Utf16),
            Ok(sco)
        );
        assert_eq!(
            to_offset(&rope, LineCol { line: 1, col: 13 }, Encoding::Utf8),
            Ok(sco)
        );
        // Past the end of line 1 clamps to before "\r\n".
        let eol = "x\né中文😀 SCO".len();
        assert_eq!(
            to_offset(&rope, LineCol { line: 1, col: 99 }, Encoding::Utf16),
            Ok(eol)
        );
        // Inside the emoji's surrogate pair / inside a UTF-8 sequence snaps back.
        let emoji = "x\né中文".len();
        assert_eq!(
            to_offset(&rope, LineCol { line: 1, col: 4 }, Encoding::Utf16),
            Ok(emoji)
        );
        assert_eq!(
            to_offset(&rope, LineCol { line: 1, col: 3 }, Encoding::Utf8),
            Ok(4)
        );
        assert!(to_offset(&rope, LineCol { line: 9, col: 0 }, Encoding::Utf16).is_err());
        assert_eq!(
            to_position(&rope, rope.len_bytes(), Encoding::Utf16),
            LineCol { line: 2, col: 3 }
        );
    }

    #[test]
    fn only_lsp_line_breaks_count() {
        // U+2028 and U+0085 are not line breaks for the LSP (ropey built without unicode_lines).
        let rope = Rope::from_str("a\u{2028}b\u{85}c\rd");
        assert_eq!(rope.len_lines(), 2);
    }
}
