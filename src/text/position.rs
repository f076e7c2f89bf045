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

/// Converts many offsets of one rope, cheaply when they come in order: the
/// cursor keeps the rope chunk of the previous offset and its position, and
/// counts on from there (line breaks found with `memchr`, columns counted
/// from the last break), walking on to the following chunks, up to
/// [`WALK_UP_TO`] bytes; an offset before the previous one, or further on,
/// is looked up in the rope ([`to_position`]). Diagnostics, semantic tokens
/// and references convert their ranges through one cursor.
pub struct PositionCursor<'r> {
    rope: &'r Rope,
    enc: Encoding,
    at: Option<Mark<'r>>,
}

/// Where a [`PositionCursor`] counts on from.
struct Mark<'r> {
    /// The chunk holding `offset` (or ending at it), and where it starts.
    chunk: &'r str,
    chunk_start: usize,
    /// The chunks after `chunk`.
    rest: ropey::iter::Chunks<'r>,
    offset: usize,
    position: LineCol,
}

/// How far on from the previous offset the cursor counts rather than
/// looking the offset up in the rope.
const WALK_UP_TO: usize = 8 * 1024;

impl<'r> PositionCursor<'r> {
    pub fn new(rope: &'r Rope, enc: Encoding) -> PositionCursor<'r> {
        PositionCursor {
            rope,
            enc,
            at: None,
        }
    }

    /// The position of `offset`, as [`to_position`] gives it.
    pub fn position(&mut self, offset: usize) -> LineCol {
        let offset = offset.min(self.rope.len_bytes());
        if let Some(here) = self.count_on(offset) {
            return here;
        }
        let offset = floor_char_boundary(self.rope, offset);
        let here = to_position(self.rope, offset, self.enc);
        let (mut rest, chunk_start, _, _) = self.rope.chunks_at_byte(offset);
        self.at = rest.next().map(|chunk| Mark {
            chunk,
            chunk_start,
            rest,
            offset,
            position: here,
        });
        here
    }

    /// The position of `offset` counted on from the mark, if it is at or
    /// after the mark and near enough.
    fn count_on(&mut self, offset: usize) -> Option<LineCol> {
        let rope = self.rope;
        let enc = self.enc;
        let mark = self.at.as_mut()?;
        if offset < mark.offset || offset - mark.offset > WALK_UP_TO {
            return None;
        }
        loop {
            let chunk_end = mark.chunk_start + mark.chunk.len();
            let to = offset.min(chunk_end);
            let mut local = to - mark.chunk_start;
            while !mark.chunk.is_char_boundary(local) {
                local -= 1;
            }
            let from = mark.offset - mark.chunk_start;
            let segment = &mark.chunk.as_bytes()[from..local];
            // A CR ends a line unless an LF follows it.
            let after = mark.chunk.as_bytes().get(local).copied().or_else(|| {
                (segment.last() == Some(&b'\r'))
                    .then(|| rope.get_byte(mark.chunk_start + local))
                    .flatten()
            });
            mark.position = count(mark.position, segment, after, enc);
            mark.offset = mark.chunk_start + local;
            if to == offset || local < mark.chunk.len() {
                return Some(mark.position);
            }
            let next = mark.rest.next()?;
            mark.chunk_start = chunk_end;
            mark.chunk = next;
        }
    }
}

/// Where a line starts after each of the LSP's line breaks (LF, CRLF, a
/// lone CR) in `bytes`, in order; `after` is the byte that follows `bytes`,
/// if any (a CR before an LF ends no line: the LF does). The one definition
/// of a line break for [`LineIndex`], [`PositionCursor`] and [`CharCursor`].
fn line_starts(bytes: &[u8], after: Option<u8>) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(b'\n', b'\r', bytes).filter_map(move |i| {
        let next = bytes.get(i + 1).copied().or(after);
        (bytes[i] == b'\n' || next != Some(b'\n')).then_some(i + 1)
    })
}

/// `at` moved on over `bytes` (whole characters), where `after` is the
/// byte that follows them, if any: the LSP's line breaks (LF, CRLF, CR)
/// start a line, other characters add their width in `enc`.
fn count(at: LineCol, bytes: &[u8], after: Option<u8>, enc: Encoding) -> LineCol {
    let mut line = at.line;
    let mut line_start = None;
    for start in line_starts(bytes, after) {
        line += 1;
        line_start = Some(start);
    }
    let (tail, col) = match line_start {
        Some(start) => (&bytes[start..], 0),
        None => (bytes, at.col),
    };
    let width = match enc {
        Encoding::Utf8 => tail.len(),
        Encoding::Utf16 => utf16_units(tail),
    };
    LineCol {
        line,
        col: col + width as u32,
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
    utf16_units(s.as_bytes())
}

/// [`utf16_len`] of the UTF-8 bytes of whole characters.
fn utf16_units(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| usize::from((b & 0xC0) != 0x80) + usize::from(b >= 0xF0))
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

/// Where a byte offset of a text is for people, in characters: what
/// [`CharCursor::at`] returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CharPlace {
    /// The offset clamped to the text and floored to a character boundary.
    pub offset: usize,
    /// Characters before it (`Rope::byte_to_char`).
    pub chars: usize,
    /// 0-based line and column in characters, as [`char_position`] gives them.
    pub line: usize,
    pub column: usize,
}

/// [`char_position`] and the character offset of many byte offsets of one
/// text, cheaply when they come in order: the cursor counts characters and
/// line breaks (LF, CRLF, a lone CR, as the rope does) on from the previous
/// offset, instead of four rope lookups per offset. An offset before the
/// previous one is looked up in the rope.
pub struct CharCursor<'t> {
    text: &'t str,
    rope: &'t Rope,
    /// Where the cursor is: a character boundary, its character offset, its
    /// line, and the character offset where that line starts.
    at: CharPlace,
    line_start_chars: usize,
}

impl<'t> CharCursor<'t> {
    /// A cursor at the start of `text`; `rope` must hold the same text.
    pub fn new(text: &'t str, rope: &'t Rope) -> CharCursor<'t> {
        CharCursor {
            text,
            rope,
            at: CharPlace {
                offset: 0,
                chars: 0,
                line: 0,
                column: 0,
            },
            line_start_chars: 0,
        }
    }

    pub fn at(&mut self, offset: usize) -> CharPlace {
        let offset = floor_char(self.text, offset.min(self.text.len()));
        if offset < self.at.offset {
            let (line, column, offset) = char_position(self.rope, offset);
            return CharPlace {
                offset,
                chars: self.rope.byte_to_char(offset),
                line,
                column,
            };
        }
        let bytes = self.text.as_bytes();
        let from = self.at.offset;
        let mut last_line_start = None;
        for start in line_starts(&bytes[from..offset], bytes.get(offset).copied()) {
            self.at.line += 1;
            last_line_start = Some(from + start);
        }
        self.at.chars += self.text[from..offset].chars().count();
        if let Some(start) = last_line_start {
            self.line_start_chars = self.at.chars - self.text[start..offset].chars().count();
        }
        self.at.offset = offset;
        self.at.column = self.at.chars - self.line_start_chars;
        self.at
    }
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
        starts.extend(line_starts(bytes, None));
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
    fn char_cursor_agrees_with_the_rope() {
        let pieces = ["a", "é", "中文", "😀", "\n", "\r\n", "\r", " ", "Word"];
        // Texts of up to four pieces, each read at every offset in order,
        // then at a few going back.
        for text in &crate::text::every_concatenation(&pieces, 4) {
            let rope = Rope::from_str(text);
            let expected = |o: usize| {
                let (line, column, offset) = char_position(&rope, o);
                CharPlace {
                    offset,
                    chars: rope.byte_to_char(offset),
                    line,
                    column,
                }
            };
            let mut cursor = CharCursor::new(text, &rope);
            for o in (0..=text.len() + 1).chain([3, 1, 0, text.len()]) {
                assert_eq!(cursor.at(o), expected(o), "{text:?} at {o}");
            }
        }
    }

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

    /// Texts of pieces that stress counting on: every line break, 1- to
    /// 4-byte characters, long runs (so offsets cross chunks).
    fn pieces() -> impl proptest::strategy::Strategy<Value = Vec<String>> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just("\n".to_string()),
            Just("\r".to_string()),
            Just("\r\n".to_string()),
            Just("é".to_string()),
            Just("中文".to_string()),
            Just("😀".to_string()),
            "[a-z ]{1,40}",
            (1usize..3000).prop_map(|n| "w".repeat(n)),
        ];
        proptest::collection::vec(piece, 0..80)
    }

    proptest::proptest! {
        /// The cursor gives what `to_position` gives for any offsets, in
        /// order (counted on, across chunks) or not (looked up), on ropes
        /// built in one go and by inserts (other chunk boundaries).
        #[test]
        fn cursor_counting_on_agrees_with_to_position(
            pieces in pieces(),
            steps in proptest::collection::vec((0usize..12_000, proptest::bool::weighted(0.9)), 1..200),
            by_inserts in proptest::bool::ANY,
        ) {
            let text: String = pieces.concat();
            let rope = if by_inserts {
                let mut rope = Rope::new();
                for p in &pieces {
                    rope.insert(rope.len_chars(), p);
                }
                rope
            } else {
                Rope::from_str(&text)
            };
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                let mut cursor = PositionCursor::new(&rope, enc);
                let mut offset = 0;
                for &(step, forward) in &steps {
                    offset = if forward { offset + step % 700 } else { step } % (text.len() + 2);
                    proptest::prop_assert_eq!(
                        cursor.position(offset),
                        to_position(&rope, offset, enc),
                        "offset {}", offset
                    );
                }
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
