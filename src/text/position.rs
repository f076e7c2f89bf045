//! The one place where byte offsets meet LSP positions.
//!
//! Inside Gloss every position is a byte offset into the document. LSP
//! positions are (line, character) with `character` counted in the negotiated
//! encoding: UTF-8 bytes or UTF-16 code units. Conversions go through the rope
//! (O(log n)); nothing else in the code base counts UTF-16.
//!
//! Texts held as `&str` (glossary files, settings, closed files, terminal
//! output) use [`LineIndex`] instead of a rope: the same line breaks (CR, LF,
//! CRLF, as in the LSP), the same columns. No other module counts lines.

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
    let offset = floor_char_boundary(rope, offset.min(rope.len_bytes()));
    let line = rope.byte_to_line(offset);
    let line_byte = rope.line_to_byte(line);
    let col = match enc {
        Encoding::Utf8 => offset - line_byte,
        // Counting the line's units is cheaper than two more tree walks,
        // up to a long line's worth of bytes.
        Encoding::Utf16 if offset - line_byte <= COUNT_UTF16_UP_TO => rope
            .byte_slice(line_byte..offset)
            .chunks()
            .map(utf16_len)
            .sum(),
        Encoding::Utf16 => {
            rope.char_to_utf16_cu(rope.byte_to_char(offset))
                - rope.char_to_utf16_cu(rope.byte_to_char(line_byte))
        }
    };
    LineCol {
        line: line as u32,
        col: col as u32,
    }
}

/// Converts many offsets of one rope, cheaply when they come in order: an
/// offset on the same line as the previous one, a little after it, is
/// counted on from there instead of walking the rope again. Diagnostics,
/// semantic tokens and references convert their ranges through one cursor.
pub struct PositionCursor<'r> {
    rope: &'r Rope,
    enc: Encoding,
    /// The previous offset, its position, and where its line ends (the
    /// start of the next line, or the rope's end).
    last: Option<(usize, LineCol, usize)>,
}

impl<'r> PositionCursor<'r> {
    pub fn new(rope: &'r Rope, enc: Encoding) -> PositionCursor<'r> {
        PositionCursor {
            rope,
            enc,
            last: None,
        }
    }

    /// The position of `offset`, as [`to_position`] gives it.
    pub fn position(&mut self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(self.rope, offset.min(self.rope.len_bytes()));
        if let Some((prev, at, line_end)) = self.last
            && offset >= prev
            && offset < line_end
            && offset - prev <= COUNT_UTF16_UP_TO
        {
            let advance = match self.enc {
                Encoding::Utf8 => offset - prev,
                Encoding::Utf16 => self
                    .rope
                    .byte_slice(prev..offset)
                    .chunks()
                    .map(utf16_len)
                    .sum(),
            };
            let here = LineCol {
                line: at.line,
                col: at.col + advance as u32,
            };
            self.last = Some((offset, here, line_end));
            return here;
        }
        let here = to_position(self.rope, offset, self.enc);
        let next_line = here.line as usize + 1;
        let line_end = if next_line < self.rope.len_lines() {
            self.rope.line_to_byte(next_line)
        } else {
            self.rope.len_bytes() + 1
        };
        self.last = Some((offset, here, line_end));
        here
    }
}

/// Up to how many bytes of a line [`to_position`] counts UTF-16 units itself.
const COUNT_UTF16_UP_TO: usize = 512;

/// `offset` moved back to the start of the character it falls in.
fn floor_char_boundary(rope: &Rope, offset: usize) -> usize {
    if offset == rope.len_bytes() {
        return offset;
    }
    let (chunk, chunk_start, _, _) = rope.chunk_at_byte(offset);
    let mut i = offset - chunk_start;
    while !chunk.is_char_boundary(i) {
        i -= 1;
    }
    chunk_start + i
}

/// UTF-16 code units of a string: one per character, two for a character
/// outside the Basic Multilingual Plane (a 4-byte UTF-8 sequence).
fn utf16_len(s: &str) -> usize {
    s.bytes()
        .map(|b| usize::from((b & 0xC0) != 0x80) + usize::from(b >= 0xF0))
        .sum()
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

/// 0-based line of a byte offset of the rope (clamped to the text).
pub fn line_of(rope: &Rope, offset: usize) -> usize {
    rope.byte_to_line(offset.min(rope.len_bytes()))
}

/// Byte offset where the line holding `offset` starts.
pub fn line_start_of(rope: &Rope, offset: usize) -> usize {
    rope.line_to_byte(line_of(rope, offset))
}

/// Byte range of 0-based `line` without its line break (CR, LF or CRLF);
/// an empty range at the end of the text for a line past the end.
pub fn line_bytes(rope: &Rope, line: usize) -> std::ops::Range<usize> {
    if line >= rope.len_lines() {
        return rope.len_bytes()..rope.len_bytes();
    }
    let start = rope.line_to_byte(line);
    start..start + line_content_bytes(rope, line)
}

/// For people (terminal output): the 0-based line and column in characters
/// of a byte offset, and the offset itself clamped to the text and floored
/// to a character boundary.
pub fn char_position(rope: &Rope, offset: usize) -> (usize, usize, usize) {
    let ch = rope.byte_to_char(offset.min(rope.len_bytes()));
    let line = rope.char_to_line(ch);
    (line, ch - rope.line_to_char(line), rope.char_to_byte(ch))
}

/// The line starts of a `&str`, so that line and column of any byte offset
/// cost O(log lines) after one O(n) pass. Lines end at LF, CRLF or a lone CR
/// (as in the LSP and the rope; U+2028 and NEL are not line breaks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset where each line starts; `starts[0] == 0`.
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, b) in bytes.iter().enumerate() {
            match b {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// Number of lines (a text ending in a line break has an empty last line).
    pub fn len_lines(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line of a byte offset (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte offset where `line` starts, if the text has that line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// Byte range of `line` without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> Option<std::ops::Range<usize>> {
        let start = self.line_start(line)?;
        let mut end = self.line_start(line + 1).unwrap_or(self.len);
        let bytes = text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(start..end)
    }

    /// LSP position of a byte offset of `text` (the text this index was built
    /// from): clamped to the text, floored to a character boundary.
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> LineCol {
        let offset = floor_char(text, offset.min(self.len));
        let line = self.line_of(offset);
        let before = &text[self.starts[line]..offset];
        let col = match enc {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// 0-based line and column in characters (Unicode scalar values), as
    /// [`crate::problem::Problem`] reports them.
    pub fn char_position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char(text, offset.min(self.len));
        let line = self.line_of(offset);
        (line, text[self.starts[line]..offset].chars().count())
    }

    /// Byte offset of a 0-based line and a column in characters; a column past
    /// the end of its line means the end of the line, a line past the end
    /// means the end of the text.
    pub fn offset_of_char_position(&self, text: &str, line: usize, col: usize) -> usize {
        let Some(range) = self.line_range(text, line) else {
            return self.len;
        };
        text[range.clone()]
            .char_indices()
            .nth(col)
            .map_or(range.end, |(i, _)| range.start + i)
    }
}

/// The largest character boundary at or before `offset`.
fn floor_char(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_agrees_with_the_rope() {
        let text = "x\né中文😀 SCO\r\nend\rlast\n";
        let rope = Rope::from_str(text);
        let index = LineIndex::new(text);
        assert_eq!(index.len_lines(), rope.len_lines());
        for offset in 0..=text.len() {
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                assert_eq!(
                    index.position(text, offset, enc),
                    to_position(&rope, offset, enc),
                    "offset {offset}"
                );
            }
        }
        let sco = "x\né中文😀 ".len();
        assert_eq!(index.char_position(text, sco), (1, 5));
        assert_eq!(index.offset_of_char_position(text, 1, 5), sco);
        assert_eq!(
            index.offset_of_char_position(text, 1, 99),
            "x\né中文😀 SCO".len()
        );
        assert_eq!(index.offset_of_char_position(text, 99, 0), text.len());
        assert_eq!(
            index.line_range(text, 2),
            Some(text.find("end").unwrap()..text.find("end").unwrap() + 3)
        );
    }

    /// Lines shorter and longer than [`COUNT_UTF16_UP_TO`] (counted, or
    /// walked in the rope), with characters of every UTF-8 length, split
    /// across rope chunks: every offset agrees with the `LineIndex`.
    #[test]
    fn long_and_short_non_ascii_lines_agree() {
        let long_line = "é中文😀 word ".repeat(200);
        let text = format!("short é😀\n{long_line}\r\n{}\nend", "中".repeat(700));
        let rope = Rope::from_str(&text);
        let index = LineIndex::new(&text);
        for offset in 0..=text.len() {
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                assert_eq!(
                    index.position(&text, offset, enc),
                    to_position(&rope, offset, enc),
                    "offset {offset}"
                );
            }
        }
    }

    /// The cursor gives what `to_position` gives, for offsets in order, out
    /// of order, inside characters and past the end.
    #[test]
    fn cursor_agrees_with_to_position() {
        let text = format!("a é😀\r\n{}\nend中文\r", "é中文😀 w ".repeat(120));
        let rope = Rope::from_str(&text);
        let mut offsets: Vec<usize> = (0..=text.len() + 2).collect();
        offsets.extend((0..text.len()).rev().step_by(7));
        offsets.extend((0..text.len()).step_by(300));
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let mut cursor = PositionCursor::new(&rope, enc);
            for &offset in &offsets {
                assert_eq!(
                    cursor.position(offset),
                    to_position(&rope, offset, enc),
                    "offset {offset}"
                );
            }
        }
    }

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
    fn rope_line_helpers_use_the_lsp_line_breaks() {
        let text = "ab\r\nc中\rd\n";
        let rope = Rope::from_str(text);
        assert_eq!(line_bytes(&rope, 0), 0..2);
        assert_eq!(line_bytes(&rope, 1), 4..8);
        assert_eq!(line_bytes(&rope, 2), 9..10);
        assert_eq!(line_bytes(&rope, 3), 11..11);
        assert_eq!(line_bytes(&rope, 9), 11..11);
        assert_eq!(line_of(&rope, 5), 1);
        assert_eq!(line_start_of(&rope, 7), 4);
        // Inside 中 (bytes 5..8): floored to its start, column in characters.
        assert_eq!(char_position(&rope, 6), (1, 1, 5));
        assert_eq!(char_position(&rope, 99), (3, 0, 11));
    }

    #[test]
    fn only_lsp_line_breaks_count() {
        // U+2028 and U+0085 are not line breaks for the LSP (ropey built without unicode_lines).
        let rope = Rope::from_str("a\u{2028}b\u{85}c\rd");
        assert_eq!(rope.len_lines(), 2);
    }
}
