//! Folding text for matching: Unicode lower-casing (with the case-folding
//! special cases ß→ss, ς→σ, and ё→е), Latin letters to their base letter
//! ("Orbán" matches "Orban", "São Paulo" "Sao Paulo"; Cyrillic й and Greek
//! are left alone), typographic apostrophes and hyphens to
//! ASCII, whitespace runs to one space, and each Russian word to its stem (see
//! [`crate::text::stem`]), keeping a map back to original byte offsets.
//!
//! A stem maps back to its whole word: the folded byte after a stem is the
//! one after the word, so a match ending with a stem ends with the word's
//! ending ("мягкой силы" for the label "мягкая сила").
//!
//! Invariant: one folded byte never stands for more than [`MAX_ORIGINAL_PER_FOLDED`]
//! original bytes, so a label of `n` folded bytes spans at most `n *
//! MAX_ORIGINAL_PER_FOLDED` bytes of text. The incremental index relies on it.
//! A stem's last byte stands for its letter and the removed ending, which
//! [`MAX_REMOVED_ENDING_BYTES`] bounds.
//!
//! Must not know about glossaries, Markdown or what a match means.

use std::ops::Range;

use crate::text::stem::{MAX_REMOVED_ENDING_BYTES, is_cyrillic_letter, stem_len};
use crate::text::words::alphanumeric_end;

/// Longest whitespace run (bytes) that still joins two words of one label;
/// longer runs, and runs with two line breaks (a blank line), break labels.
pub const MAX_JOINING_WHITESPACE: usize = 16;
/// See the module invariant.
pub const MAX_ORIGINAL_PER_FOLDED: usize = MAX_JOINING_WHITESPACE;
/// What non-prose and paragraph breaks fold to; no label contains it.
pub const HARD_BREAK: char = '\n';

// A stem's last letter (a Russian letter: 2 bytes) plus the ending it drops.
const _: () = assert!('я'.len_utf8() + MAX_REMOVED_ENDING_BYTES <= MAX_ORIGINAL_PER_FOLDED);

/// U+3000..=U+9FFF (CJK symbols and punctuation, kana, CJK Unified
/// Ideographs and extension A): no character there has a case mapping or
/// folds to anything else here (the tests check every one).
#[inline]
fn is_caseless_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{9FFF}')
}

/// The lower case of a letter of the basic Cyrillic block (U+0400..=U+045F:
/// Ѐ..Џ, А..Я and their lower cases), without the case tables; `None`
/// outside it.
#[inline]
fn basic_cyrillic_lower(c: char) -> Option<char> {
    let u = u32::from(c);
    let lower = match u {
        0x0400..=0x040F => u + 0x50,
        0x0410..=0x042F => u + 0x20,
        0x0430..=0x045F => u,
        _ => return None,
    };
    char::from_u32(lower)
}

/// A Latin letter with diacritics → its base letter ("á" → 'a', "Ł" →
/// 'L'), from the canonical decomposition (unicode-normalization) plus the
/// letters that have none (ł, ø, đ, ħ, ı). Other scripts: `None`.
fn latin_base(c: char) -> Option<char> {
    if !matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}') {
        return None;
    }
    match c {
        'ł' => return Some('l'),
        'Ł' => return Some('L'),
        'ø' => return Some('o'),
        'Ø' => return Some('O'),
        'đ' => return Some('d'),
        'Đ' => return Some('D'),
        'ħ' => return Some('h'),
        'Ħ' => return Some('H'),
        'ı' => return Some('i'),
        _ => {}
    }
    let mut base = None;
    unicode_normalization::char::decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        }
    });
    base.filter(|b| *b != c && b.is_ascii_alphabetic())
}

fn push_folded(c: char, lowercase: bool, out: &mut String) {
    if is_caseless_cjk(c) {
        // Han, kana and their punctuation: nothing to fold, and no need to
        // search the case tables (most non-ASCII labels are Chinese).
        out.push(c);
        return;
    }
    if let Some(lower) = basic_cyrillic_lower(c) {
        // Russian labels are the next most common: their case by arithmetic.
        out.push(match lower {
            _ if !lowercase => c,
            'ё' => 'е',
            _ => lower,
        });
        return;
    }
    let c = latin_base(c).unwrap_or(c);
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' => out.push('\''),
        '\u{2010}' | '\u{2011}' | '\u{2013}' => out.push('-'),
        _ if !lowercase => out.push(c),
        _ => {
            for l in c.to_lowercase() {
                match l {
                    'ß' => out.push_str("ss"),
                    'ς' => out.push('σ'),
                    'ё' => out.push('е'),
                    _ => out.push(l),
                }
            }
        }
    }
}

/// Folds a label (or any short string): whitespace runs become one space, ends trimmed.
pub fn normalize(s: &str, lowercase: bool) -> String {
    let mut out = String::with_capacity(s.len());
    push_normalized(s, lowercase, &mut out);
    out
}

/// [`normalize`], appended to `out`.
pub fn push_normalized(s: &str, lowercase: bool, out: &mut String) {
    if s.is_ascii() {
        push_normalized_ascii(s, lowercase, out);
    } else {
        push_normalized_chars(s, lowercase, out);
    }
}

/// [`push_normalized`] of an ASCII string without the Unicode tables: what
/// [`push_folded`] does to ASCII is at most lower-casing it.
fn push_normalized_ascii(s: &str, lowercase: bool, out: &mut String) {
    let start = out.len();
    // Most labels are written tidy (words joined by single spaces, trimmed):
    // then normalising is one copy, lower-cased in place. A 300,000-label
    // glossary normalises each label several times.
    if is_tidy_ascii(s.as_bytes()) {
        out.push_str(s);
    } else {
        for word in s.as_bytes().split(|&b| is_ascii_white(b)) {
            if word.is_empty() {
                continue;
            }
            if out.len() > start {
                out.push(' ');
            }
            // The words of an ASCII string are ASCII.
            out.extend(word.iter().map(|&b| char::from(b)));
        }
    }
    if lowercase {
        out[start..].make_ascii_lowercase();
    }
}

/// [`normalize`] of an ASCII string (see [`push_normalized_ascii`]).
fn normalize_ascii(s: &str, lowercase: bool) -> String {
    let mut out = String::with_capacity(s.len());
    push_normalized_ascii(s, lowercase, &mut out);
    out
}

/// Whether ASCII `bytes` are already normalised: no whitespace but single
/// spaces between non-space bytes.
fn is_tidy_ascii(bytes: &[u8]) -> bool {
    let mut after_space = true;
    for &b in bytes {
        if b == b' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if is_ascii_white(b) {
            return false;
        } else {
            after_space = false;
        }
    }
    !after_space || bytes.is_empty()
}

/// [`push_normalized`], character by character.
fn push_normalized_chars(s: &str, lowercase: bool, out: &mut String) {
    let mut pending_space = false;
    for c in s.trim().chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        push_folded(c, lowercase, out);
    }
}

/// [`normalize`], character by character (what the ASCII path must equal).
#[cfg(test)]
fn normalize_chars(s: &str, lowercase: bool) -> String {
    let mut out = String::new();
    push_normalized_chars(s, lowercase, &mut out);
    out
}

/// Folds a label into the pattern the matcher looks for: [`normalize`]
/// lower-cased, with each Russian word cut to its stem exactly as
/// [`fold_text`] cuts it in the text.
pub fn fold_label(s: &str) -> String {
    fold_words(s, true)
}

/// Whether two strings normalised with case kept (`normalize(_, false)`) are
/// the same name under exact case once ё is е and each Russian word is cut to
/// its stem: "России" is "Россия", "РОССИИ" is not. The exact-case check of
/// a match whose pattern was folded by [`fold_label`].
pub fn same_case_kept(a: &str, b: &str) -> bool {
    a == b || (a.chars().any(is_cyrillic_letter) && fold_words(a, false) == fold_words(b, false))
}

/// [`normalize`], with ё folded to е (Ё to Е when case is kept) and each
/// Russian word cut to its stem.
fn fold_words(s: &str, lowercase: bool) -> String {
    if s.is_ascii() {
        // No Russian word, no ё: exactly normalize.
        return normalize_ascii(s, lowercase);
    }
    let s = s.trim();
    let mut out = String::with_capacity(s.len());
    let mut lowered = String::new();
    let mut pending_space = false;
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        if c.is_whitespace() {
            pending_space = true;
            i += c.len_utf8();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if is_cyrillic_letter(c) {
            let end = cyrillic_word_end(s, i, s.len());
            push_cyrillic_word(&s[i..end], lowercase, &mut lowered, &mut out, |_| {});
            i = end;
            continue;
        }
        push_folded(c, lowercase, &mut out);
        i += c.len_utf8();
    }
    out
}

/// End of the run of Cyrillic letters starting at `start`, at most `stop`.
fn cyrillic_word_end(s: &str, start: usize, stop: usize) -> usize {
    let mut end = start;
    for c in s[start..stop].chars() {
        if !is_cyrillic_letter(c) {
            break;
        }
        end += c.len_utf8();
    }
    end
}

/// Pushes the stem of `word` (a maximal run of Cyrillic letters) to `out`,
/// lower-cased or with case kept, ё folded to е, calling `origin` with the
/// offset in `word` of the letter each pushed byte comes from. `lowered` is
/// scratch space.
fn push_cyrillic_word(
    word: &str,
    lowercase: bool,
    lowered: &mut String,
    out: &mut String,
    mut origin: impl FnMut(usize),
) {
    lowered.clear();
    for c in word.chars() {
        push_folded(c, true, lowered);
    }
    let keep = stem_len(lowered);
    // A shortened word is all Russian letters, each lower-cased to one letter.
    let letters_kept = if keep < lowered.len() {
        lowered[..keep].chars().count()
    } else {
        usize::MAX
    };
    for (k, c) in word.char_indices().take(letters_kept) {
        let before = out.len();
        match c {
            'Ё' if !lowercase => out.push('Е'),
            'ё' if !lowercase => out.push('е'),
            _ => push_folded(c, lowercase, out),
        }
        for _ in before..out.len() {
            origin(k);
        }
    }
}

/// Lower-cased, folded, with every whitespace and punctuation removed: how
/// `not_in` names are compared with the text around a match, and long forms
/// with labels.
pub fn squash(s: &str) -> String {
    normalize(s, true)
        .chars()
        .filter(|c| crate::text::words::is_word_char(*c))
        .collect()
}

/// How many bytes character `c` adds to a [`squash`]: it works character
/// by character (each folded alone, whitespace and punctuation dropped), so
/// the squash of a text is the squashes of its parts put together.
fn squashed_len(c: char) -> usize {
    if c.is_ascii() {
        return usize::from(crate::text::words::is_word_char(c));
    }
    let mut folded = String::new();
    push_folded(c, true, &mut folded);
    folded
        .chars()
        .filter(|c| crate::text::words::is_word_char(*c))
        .map(char::len_utf8)
        .sum()
}

/// The end of `squash(s)`, at least `need` bytes of it (all of it when it
/// is shorter), squashing only the characters that make it: whether a text
/// ends with a squashed name needs no more than the name's length.
pub fn squash_tail(s: &str, need: usize) -> String {
    let mut start = s.len();
    let mut got = 0;
    for (i, c) in s.char_indices().rev() {
        if got >= need {
            break;
        }
        got += squashed_len(c);
        start = i;
    }
    squash(&s[start..])
}

/// The start of `squash(s)`, at least `need` bytes of it (all of it when it
/// is shorter): see [`squash_tail`].
pub fn squash_head(s: &str, need: usize) -> String {
    let mut end = 0;
    let mut got = 0;
    for (i, c) in s.char_indices() {
        if got >= need {
            break;
        }
        got += squashed_len(c);
        end = i + c.len_utf8();
    }
    squash(&s[..end])
}

/// A folded copy of a slice of text with, for every folded byte, the offset
/// (in the slice) of the original character it came from.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    origin: Vec<u32>,
    len: usize,
}

impl Folded {
    /// Original byte range of folded range `r`.
    pub fn original(&self, r: Range<usize>) -> Range<usize> {
        let start = self.origin.get(r.start).map_or(self.len, |&o| o as usize);
        let end = self.origin.get(r.end).map_or(self.len, |&o| o as usize);
        start..end
    }

    /// Original byte offset of folded byte `at` (the slice's length past the end).
    #[inline]
    pub fn origin_of(&self, at: usize) -> usize {
        self.origin.get(at).map_or(self.len, |&o| o as usize)
    }
}

/// The run of whitespace starting at `start` (up to `stop`): where it ends,
/// and what it folds to: one space when it joins two words (at most
/// [`MAX_JOINING_WHITESPACE`] bytes and at most one line break, a CR before
/// an LF being none), else a [`HARD_BREAK`].
fn whitespace_run(input: &str, start: usize, stop: usize) -> (usize, char) {
    let bytes = input.as_bytes();
    let (mut end, mut newlines) = (start, 0);
    while let Some(w) = input.get(end..stop).and_then(|rest| rest.chars().next()) {
        if !w.is_whitespace() {
            break;
        }
        if w == '\n' || (w == '\r' && bytes.get(end + 1) != Some(&b'\n')) {
            newlines += 1;
        }
        end += w.len_utf8();
    }
    let joining = end - start <= MAX_JOINING_WHITESPACE && newlines <= 1;
    (end, if joining { ' ' } else { HARD_BREAK })
}

/// Folds `input` (lower-cased), replacing the `masked` ranges (sorted, in
/// `input` coordinates) by a hard break.
pub fn fold_text(input: &str, masked: &[Range<usize>]) -> Folded {
    let mut f = Folded {
        text: String::with_capacity(input.len()),
        origin: Vec::with_capacity(input.len() + 1),
        len: input.len(),
    };
    let bytes = input.as_bytes();
    let mut lowered = String::new();
    let mut mask_iter = masked.iter().peekable();
    let mut i = 0;
    while i < input.len() {
        while mask_iter.peek().is_some_and(|m| m.end <= i) {
            mask_iter.next();
        }
        if let Some(m) = mask_iter.peek()
            && m.start <= i
        {
            let end = m.end.min(input.len());
            f.text.push(HARD_BREAK);
            f.origin.push(i as u32);
            i = end;
            while i < input.len() && !input.is_char_boundary(i) {
                i += 1;
            }
            continue;
        }
        let Some(c) = input[i..].chars().next() else {
            break;
        };
        if c.is_whitespace() {
            let stop = mask_iter
                .peek()
                .map_or(input.len(), |m| m.start.min(input.len()));
            let (end, folded) = whitespace_run(input, i, stop);
            f.text.push(folded);
            f.origin.push(i as u32);
            i = end;
            continue;
        }
        if c.is_ascii() {
            // What push_folded does to ASCII, without its Unicode tables, for
            // the whole run of ASCII non-whitespace up to the next mask.
            let stop = mask_iter
                .peek()
                .map_or(input.len(), |m| m.start.min(input.len()));
            // A single space between two such bytes folds to itself, with
            // itself as origin (what the whitespace branch gives it), so
            // the run goes on over it: one copy per run of plain prose.
            let plain = |b: u8| b < 0x80 && !is_ascii_white(b);
            let mut j = i + 1;
            while j < stop {
                let b = bytes[j];
                if !(plain(b) || (b == b' ' && j + 1 < stop && plain(bytes[j + 1]))) {
                    break;
                }
                j += 1;
            }
            let at = f.text.len();
            f.text.push_str(&input[i..j]);
            f.text[at..].make_ascii_lowercase();
            f.origin.extend(i as u32..j as u32);
            i = j;
            continue;
        }
        if is_cyrillic_letter(c) {
            let stop = mask_iter
                .peek()
                .map_or(input.len(), |m| m.start.min(input.len()));
            let end = cyrillic_word_end(input, i, stop);
            let origin = &mut f.origin;
            push_cyrillic_word(&input[i..end], true, &mut lowered, &mut f.text, |k| {
                origin.push((i + k) as u32)
            });
            i = end;
            continue;
        }
        let before = f.text.len();
        push_folded(c, true, &mut f.text);
        for _ in before..f.text.len() {
            f.origin.push(i as u32);
        }
        i += c.len_utf8();
    }
    f.origin.push(input.len() as u32);
    f
}

/// Folded text read byte by byte from some position on, with where each
/// byte comes from: what the matcher's scan and its trie walks read, from a
/// folded copy ([`FoldedCopy`]) or from an ASCII text folded as it is read
/// ([`AsciiFolding`]). A reader is a cursor: copied, it reads on from the
/// same place.
pub trait FoldedReader: Copy {
    /// The next folded byte.
    fn next_byte(&mut self) -> Option<u8>;
    /// The original offset of the next folded byte (the text's length at
    /// the end): what [`Folded::origin_of`] gives for it.
    fn pos(&self) -> usize;
    /// The folded offset of the next folded byte.
    fn folded_pos(&self) -> usize;
}

/// A [`Folded`] copy of `original`, read from `at` on.
#[derive(Clone, Copy)]
pub struct FoldedCopy<'a> {
    folded: &'a Folded,
    original: &'a [u8],
    at: usize,
}

impl<'a> FoldedCopy<'a> {
    /// From the start of `folded`, the fold of `original`.
    pub fn new(folded: &'a Folded, original: &'a str) -> FoldedCopy<'a> {
        FoldedCopy {
            folded,
            original: original.as_bytes(),
            at: 0,
        }
    }

    /// The next folded byte and, when it starts a run of ASCII letters and
    /// digits ([`alphanumeric_end`]) spelled byte for byte in ASCII in the
    /// original, the rest of that run taken as well, with the original
    /// offset where it ends.
    #[inline]
    pub fn next_run(&mut self) -> Option<(u8, Option<usize>)> {
        let (at, hay) = (self.at, self.folded.text.as_bytes());
        let b = self.next_byte()?;
        let end = alphanumeric_end(hay, at);
        if end > at {
            let (from, to) = (self.folded.origin_of(at), self.folded.origin_of(end));
            if to.checked_sub(from) == Some(end - at)
                && self.original.get(from..to).is_some_and(<[u8]>::is_ascii)
            {
                self.at = end;
                return Some((b, Some(to)));
            }
        }
        Some((b, None))
    }
}

impl FoldedReader for FoldedCopy<'_> {
    #[inline]
    fn next_byte(&mut self) -> Option<u8> {
        let b = *self.folded.text.as_bytes().get(self.at)?;
        self.at += 1;
        Some(b)
    }

    #[inline]
    fn pos(&self) -> usize {
        self.folded.origin_of(self.at)
    }

    #[inline]
    fn folded_pos(&self) -> usize {
        self.at
    }
}

impl FoldedReader for AsciiFolding<'_> {
    #[inline]
    fn next_byte(&mut self) -> Option<u8> {
        self.next_ascii_byte()
    }

    #[inline]
    fn pos(&self) -> usize {
        self.pos
    }

    #[inline]
    fn folded_pos(&self) -> usize {
        self.folded
    }
}

/// [`fold_text`] of an ASCII text, one folded byte at a time, with no copy:
/// the scan of an ASCII slice walks the pattern trie over it directly.
/// Read through [`FoldedReader`]. `masked` is sorted by start, as for
/// [`fold_text`].
#[derive(Clone, Copy)]
pub struct AsciiFolding<'a> {
    text: &'a str,
    masked: &'a [Range<usize>],
    /// The first mask that ends after `pos` (masks before it are behind):
    /// the mask [`fold_text`]'s iterator would be looking at.
    mask: usize,
    /// Where that mask starts (the text's length if none). Below it no mask
    /// covers `pos`, and no byte needs more than a lower-casing unless it
    /// is whitespace.
    stop: usize,
    pos: usize,
    /// Folded bytes given so far: the folded offset of the next one.
    folded: usize,
}

impl<'a> AsciiFolding<'a> {
    /// From the start of `text`, which must be ASCII (else `None`).
    pub fn new(text: &'a str, masked: &'a [Range<usize>]) -> Option<AsciiFolding<'a>> {
        let mut folding = AsciiFolding {
            text,
            masked,
            mask: 0,
            stop: 0,
            pos: 0,
            folded: 0,
        };
        folding.find_mask();
        text.is_ascii().then_some(folding)
    }

    /// Reading from `pos` on, where a folded byte starts (not inside a
    /// whitespace run or a mask), as if the folded bytes before it had
    /// been read; [`FoldedReader::folded_pos`] counts from `pos` (0 there).
    /// `mask` is the index of the first mask that ends after `pos`.
    #[inline]
    pub fn resumed_at(mut self, pos: usize, mask: usize) -> AsciiFolding<'a> {
        self.pos = pos;
        self.mask = mask;
        self.folded = 0;
        self.stop = self
            .masked
            .get(mask)
            .map_or(self.text.len(), |m| m.start.min(self.text.len()));
        self
    }

    /// Moves past the masks that end by `pos`, as [`fold_text`] does.
    fn find_mask(&mut self) {
        while self
            .masked
            .get(self.mask)
            .is_some_and(|m| m.end <= self.pos)
        {
            self.mask += 1;
        }
        self.stop = self
            .masked
            .get(self.mask)
            .map_or(self.text.len(), |m| m.start.min(self.text.len()));
    }

    /// The next folded byte.
    #[inline]
    fn next_ascii_byte(&mut self) -> Option<u8> {
        if self.pos < self.stop {
            let b = self.text.as_bytes()[self.pos];
            if !is_ascii_white(b) {
                self.pos += 1;
                self.folded += 1;
                return Some(b.to_ascii_lowercase());
            }
            // One space between words: a run of one, which joins.
            if b == b' '
                && self
                    .text
                    .as_bytes()
                    .get(self.pos + 1)
                    .is_some_and(|&n| !is_ascii_white(n))
            {
                self.pos += 1;
                self.folded += 1;
                return Some(b' ');
            }
        }
        self.next_byte_slow()
    }

    /// The next folded byte at a mask or whitespace.
    #[inline(never)]
    fn next_byte_slow(&mut self) -> Option<u8> {
        self.find_mask();
        let &b = self.text.as_bytes().get(self.pos)?;
        self.folded += 1;
        if self.stop <= self.pos {
            let end = self.masked.get(self.mask).map_or(self.pos + 1, |m| m.end);
            self.pos = end.min(self.text.len());
            self.find_mask();
            return Some(HARD_BREAK as u8);
        }
        if !is_ascii_white(b) {
            self.pos += 1;
            return Some(b.to_ascii_lowercase());
        }
        let (end, folded) = whitespace_run(self.text, self.pos, self.stop);
        self.pos = end;
        // ASCII whitespace folds to an ASCII byte.
        Some(folded as u8)
    }
}

/// The ASCII bytes `char::is_whitespace` accepts (tab to carriage return, space).
fn is_ascii_white(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// [`fold_text`] as it was before issue 13's ASCII fast path, kept as the
/// reference it must agree with (`tests/scan_equivalence.rs`).
#[doc(hidden)]
pub fn fold_text_reference(input: &str, masked: &[Range<usize>]) -> Folded {
    let mut f = Folded {
        text: String::with_capacity(input.len()),
        origin: Vec::with_capacity(input.len() + 1),
        len: input.len(),
    };
    let bytes = input.as_bytes();
    let mut lowered = String::new();
    let mut mask_iter = masked.iter().peekable();
    let mut i = 0;
    while i < input.len() {
        while mask_iter.peek().is_some_and(|m| m.end <= i) {
            mask_iter.next();
        }
        if let Some(m) = mask_iter.peek()
            && m.start <= i
        {
            let end = m.end.min(input.len());
            f.text.push(HARD_BREAK);
            f.origin.push(i as u32);
            i = end;
            while i < input.len() && !input.is_char_boundary(i) {
                i += 1;
            }
            continue;
        }
        let Some(c) = input[i..].chars().next() else {
            break;
        };
        if c.is_whitespace() {
            let mut j = i;
            let mut newlines = 0;
            let mut stop = input.len();
            if let Some(m) = mask_iter.peek() {
                stop = stop.min(m.start);
            }
            while j < stop {
                let Some(w) = input[j..].chars().next() else {
                    break;
                };
                if !w.is_whitespace() {
                    break;
                }
                if w == '\n' || (w == '\r' && bytes.get(j + 1) != Some(&b'\n')) {
                    newlines += 1;
                }
                j += w.len_utf8();
            }
            let joining = j - i <= MAX_JOINING_WHITESPACE && newlines <= 1;
            f.text.push(if joining { ' ' } else { HARD_BREAK });
            f.origin.push(i as u32);
            i = j;
            continue;
        }
        if c.is_ascii() {
            // What push_folded does to ASCII, without its Unicode tables.
            f.text.push(c.to_ascii_lowercase());
            f.origin.push(i as u32);
            i += 1;
            continue;
        }
        if is_cyrillic_letter(c) {
            let stop = mask_iter
                .peek()
                .map_or(input.len(), |m| m.start.min(input.len()));
            let end = cyrillic_word_end(input, i, stop);
            let origin = &mut f.origin;
            push_cyrillic_word(&input[i..end], true, &mut lowered, &mut f.text, |k| {
                origin.push((i + k) as u32)
            });
            i = end;
            continue;
        }
        let before = f.text.len();
        push_folded(c, true, &mut f.text);
        for _ in before..f.text.len() {
            f.origin.push(i as u32);
        }
        i += c.len_utf8();
    }
    f.origin.push(input.len() as u32);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caseless_cjk_range_folds_to_itself() {
        for u in 0x3000..=0x9FFF {
            let Some(c) = char::from_u32(u) else { continue };
            assert!(super::is_caseless_cjk(c));
            assert_eq!(
                c.to_lowercase().collect::<String>(),
                c.to_string(),
                "U+{u:04X}"
            );
            assert_eq!(super::latin_base(c), None, "U+{u:04X}");
        }
    }

    #[test]
    fn basic_cyrillic_folds_as_the_case_tables_fold_it() {
        for u in 0x0400..=0x045F {
            let Some(c) = char::from_u32(u) else { continue };
            let lower = super::basic_cyrillic_lower(c).expect("in the block");
            assert_eq!(
                c.to_lowercase().collect::<String>(),
                lower.to_string(),
                "U+{u:04X}"
            );
            assert_eq!(super::latin_base(c), None, "U+{u:04X}");
            assert!(!matches!(
                c,
                '\u{2018}' | '\u{2019}' | '\u{2010}' | '\u{2011}' | '\u{2013}'
            ));
        }
        assert_eq!(super::basic_cyrillic_lower('\u{0460}'), None);
        assert_eq!(super::basic_cyrillic_lower('z'), None);
        assert_eq!(normalize("ЁЛКА Ёлка", true), "елка елка");
        assert_eq!(normalize("ЁЛКА Ёлка", false), "ЁЛКА Ёлка");
    }

    #[test]
    fn folds_case_whitespace_and_punctuation() {
        assert_eq!(normalize("  China’s   Straße ", true), "china's strasse");
        assert_eq!(normalize("G‑7", false), "G-7");
        let f = fold_text("Shanghai\n  Cooperation  ORGANISATION", &[]);
        assert_eq!(f.text, "shanghai cooperation organisation");
        assert_eq!(f.original(0..8), 0..8);
        assert_eq!(f.original(9..20), 11..22);
    }

    #[test]
    fn blank_lines_and_masks_break() {
        let mask = [std::ops::Range { start: 5, end: 8 }];
        let f = fold_text("a\n\nb `c` d", &mask);
        assert_eq!(f.text, "a\nb \n d");
    }

    #[test]
    fn multibyte_offsets_map_back() {
        let f = fold_text("É中文 x", &[]);
        assert_eq!(f.text, "e中文 x");
        let x = f.text.find('x').unwrap();
        assert_eq!(f.original(x..x + 1), 9..10);
    }

    #[test]
    fn russian_words_fold_to_stems_that_map_to_the_whole_word() {
        let text = "О роли Мягкой силы";
        let f = fold_text(text, &[]);
        assert_eq!(f.text, "о рол мягк сил");
        assert_eq!(fold_label("мягкая  сила"), "мягк сил");
        let at = f.text.find("мягк сил").unwrap();
        let orig = f.original(at..at + "мягк сил".len());
        assert_eq!(&text[orig], "Мягкой силы");
    }

    #[test]
    fn latin_diacritics_fold_to_the_base_letter_and_map_back() {
        assert_eq!(fold_label("Viktor Orbán"), fold_label("Viktor Orban"));
        assert_eq!(fold_label("São Tomé"), "sao tome");
        assert_eq!(fold_label("Łódź"), "lodz");
        assert_eq!(fold_label("Côte d’Ivoire"), "cote d'ivoire");
        assert_eq!(normalize("Orbán", false), "Orban");
        // Cyrillic й is a letter of its own, not и with a mark.
        assert!(fold_label("Йемен").starts_with('й'));
        let text = "Mr Orbán said";
        let f = fold_text(text, &[]);
        let at = f.text.find("orban").expect("folded");
        assert_eq!(&text[f.original(at..at + 5)], "Orbán");
    }

    #[test]
    fn yo_folds_to_ye() {
        assert_eq!(normalize("Шёлковый ЁЖ", true), "шелковый еж");
        assert_eq!(normalize("Шёлковый", false), "Шёлковый");
        assert_eq!(fold_label("Шёлкового"), fold_text("ШЕЛКОВОГО", &[]).text);
    }

    #[test]
    fn exact_case_compares_stems() {
        assert!(same_case_kept("России", "Россия"));
        assert!(same_case_kept("Горбачёва", "Горбачева"));
        assert!(!same_case_kept("РОССИИ", "Россия"));
        assert!(!same_case_kept("china", "China"));
        assert!(same_case_kept("WHO", "WHO"));
    }

    #[test]
    fn latin_and_han_fold_as_before() {
        let text = "Straße of the UN’s 上海合作组织 Asia";
        assert_eq!(fold_text(text, &[]).text, normalize(text, true));
        assert_eq!(fold_label(text), normalize(text, true));
    }

    #[test]
    fn masks_cut_russian_words() {
        let text = "политика силами";
        let mask = [std::ops::Range { start: 21, end: 25 }];
        let f = fold_text(text, &mask);
        assert_eq!(f.text, "политик си\nми");
    }

    #[test]
    fn ascii_normalize_is_the_character_path() {
        let pieces = [
            "", " ", "  ", "\t", "\n", "\r\n", "\x0b", "\x0c", "\x1c", "a", "B", "C3", "'", "-",
            "_", "World", "HEALTH", "org.", "(UN)", "\u{7f}",
        ];
        for t in &crate::text::every_concatenation(&pieces, 4) {
            for lowercase in [false, true] {
                assert_eq!(
                    normalize_ascii(t, lowercase),
                    normalize_chars(t, lowercase),
                    "{t:?}"
                );
            }
            assert_eq!(fold_label(t), normalize_chars(t, true), "{t:?}");
        }
    }

    /// The ends of a squash are the squash's ends, long enough for any name
    /// and no shorter: over texts of characters that fold to more, fewer or
    /// no word bytes (ß, É, ﬁ, 中, punctuation, spaces).
    #[test]
    fn squash_ends_are_the_ends_of_the_squash() {
        let pieces = [
            " ", "a", "É", "ß", "ﬁ", "中", "-", "'", "_", "Ё", "9", "\u{301}",
        ];
        for t in &crate::text::every_concatenation(&pieces, 4) {
            let whole = squash(t);
            for need in 0..=whole.len() + 1 {
                let tail = squash_tail(t, need);
                let head = squash_head(t, need);
                assert!(whole.ends_with(&tail) && whole.starts_with(&head), "{t:?}");
                assert!(tail.len() >= need.min(whole.len()), "{t:?} {need}");
                assert!(head.len() >= need.min(whole.len()), "{t:?} {need}");
            }
        }
    }

    /// The one whitespace rule of both folds: a run joins two words when it
    /// has at most 16 bytes and one line break (CRLF is one), else it is a
    /// hard break.
    #[test]
    fn whitespace_runs_join_up_to_sixteen_bytes_and_one_line_break() {
        let spaces = |n: usize| " ".repeat(n);
        for (text, folded) in [
            (format!("a{}b", spaces(16)), "a b"),
            (format!("a{}b", spaces(17)), "a\nb"),
            ("a\nb".to_string(), "a b"),
            ("a \r\n b".to_string(), "a b"),
            ("a\n\nb".to_string(), "a\nb"),
            ("a\r\rb".to_string(), "a\nb"),
            ("a\u{a0}\u{2003}b".to_string(), "a b"),
        ] {
            assert_eq!(fold_text(&text, &[]).text, folded, "{text:?}");
            if let Some(mut c) = AsciiFolding::new(&text, &[]) {
                let mut out = Vec::new();
                while let Some(b) = c.next_byte() {
                    out.push(b);
                }
                assert_eq!(out, folded.as_bytes(), "{text:?}");
            }
        }
    }

    /// The cursor over an ASCII text gives what `fold_text` gives, byte for
    /// byte with the same origins, masks and whitespace runs included.
    #[test]
    fn ascii_folding_is_fold_text() {
        let pieces = ["a", "B", " ", "  ", "\n", "\r\n", "\r", "\t", "x.", "\n\n"];
        let mask_sets: Vec<Vec<Range<usize>>> = vec![
            vec![],
            vec![0..1],
            vec![1..3],
            vec![0..2, 1..5],
            vec![2..2, 2..4, 3..3],
            vec![0..40, 5..6],
        ];
        let long = format!("a{}b{}c", " ".repeat(16), " ".repeat(17));
        let mut texts = crate::text::every_concatenation(&pieces, 4);
        texts.push(long);
        for t in &texts {
            for masks in &mask_sets {
                let f = fold_text(t, masks);
                let mut c = AsciiFolding::new(t, masks).expect("ASCII");
                let mut folded = Vec::new();
                let mut origins = vec![c.pos()];
                while let Some(b) = c.next_byte() {
                    folded.push(b);
                    origins.push(c.pos());
                }
                assert_eq!(folded, f.text.as_bytes(), "{t:?} {masks:?}");
                assert_eq!(c.folded_pos(), folded.len());
                let expected: Vec<usize> = (0..=f.text.len()).map(|i| f.origin_of(i)).collect();
                assert_eq!(origins, expected, "{t:?} {masks:?}");
            }
        }
        assert!(AsciiFolding::new("é", &[]).is_none());
    }

    #[test]
    fn no_folded_byte_stands_for_too_much() {
        let text = "Интересующимися многополярностями ИНТЕРЕСУЮЩИМИСЯ";
        let f = fold_text(text, &[]);
        let mut offsets: Vec<usize> = (0..=f.text.len()).map(|i| f.original(i..i).start).collect();
        offsets.dedup();
        for pair in offsets.windows(2) {
            assert!(pair[1] - pair[0] <= MAX_ORIGINAL_PER_FOLDED, "{pair:?}");
        }
    }
}
