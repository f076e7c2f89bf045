//! Folding text for matching: Unicode lower-casing (with the case-folding
//! special cases ß→ss, ς→σ), typographic apostrophes and hyphens to ASCII, and
//! whitespace runs to one space, keeping a map back to original byte offsets.
//!
//! Invariant: one folded byte never stands for more than [`MAX_ORIGINAL_PER_FOLDED`]
//! original bytes, so a label of `n` folded bytes spans at most `n *
//! MAX_ORIGINAL_PER_FOLDED` bytes of text. The incremental index relies on it.

use std::ops::Range;

/// Longest whitespace run (bytes) that still joins two words of one label;
/// longer runs, and runs with two line breaks (a blank line), break labels.
pub const MAX_JOINING_WHITESPACE: usize = 16;
/// See the module invariant.
pub const MAX_ORIGINAL_PER_FOLDED: usize = MAX_JOINING_WHITESPACE;
/// What non-prose and paragraph breaks fold to; no label contains it.
pub const HARD_BREAK: char = '\n';

fn push_folded(c: char, lowercase: bool, out: &mut String) {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' => out.push('\''),
        '\u{2010}' | '\u{2011}' => out.push('-'),
        _ if !lowercase => out.push(c),
        _ => {
            for l in c.to_lowercase() {
                match l {
                    'ß' => out.push_str("ss"),
                    'ς' => out.push('σ'),
                    _ => out.push(l),
                }
            }
        }
    }
}

/// Folds a label (or any short string): whitespace runs become one space, ends trimmed.
pub fn normalize(s: &str, lowercase: bool) -> String {
    let mut out = String::with_capacity(s.len());
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
        push_folded(c, lowercase, &mut out);
    }
    out
}

/// A folded copy of a slice of text with, for every folded byte, the offset
/// (in the slice) of the original character it came from.
#[derive(Debug, Default)]
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
        assert_eq!(f.text, "é中文 x");
        let x = f.text.find('x').unwrap();
        assert_eq!(f.original(x..x + 1), 9..10);
    }
}
