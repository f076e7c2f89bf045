//! Scanning one slice of a document: glossary candidates, bare acronym tokens
//! and in-text acronym definitions.
//!
//! Pure functions over a `&str` slice with its absolute offset (`base`) and its
//! non-prose ranges. Every result depends only on text within
//! [`Scanner::reach`] bytes of it, which is what lets the index re-scan just
//! the edited region. Must not hold state between calls.

use std::cell::OnceCell;
use std::ops::Range;
use std::sync::Arc;

use crate::recognize::matcher::{Candidate, Matcher};
use crate::text::fold::{AsciiFolding, FoldedCopy, HARD_BREAK, fold_text};
use crate::text::words::{is_acronym_token, is_definable_acronym, is_roman_numeral, is_word_char};

/// How far (bytes) an in-text definition's long form may reach from its acronym.
pub const DEFINITION_REACH: usize = 400;

/// An in-text definition: "Long Form (ACR)" or "ACR (Long Form)".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The acronym as written, without a plural `s`.
    pub acronym: Arc<str>,
    /// The long form, whitespace normalised.
    pub long_form: Arc<str>,
    /// Long form position relative to the acronym's start (may be negative).
    pub long_offset: isize,
    pub long_len: usize,
}

/// A slice of a document prepared for scanning.
pub struct SliceScan<'a> {
    pub text: &'a str,
    pub base: usize,
    masked: Vec<Range<usize>>,
    mask_max_end: Vec<usize>,
    /// The slice's words, masked or not, found once for candidates.
    all_words: OnceCell<Vec<Word>>,
    /// The slice's words outside the mask, for tokens and definitions (when
    /// there is a mask; else `all_words`).
    words: OnceCell<Vec<Word>>,
}

/// A word: maximal run of word characters, relative to the slice.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
}

impl<'a> SliceScan<'a> {
    /// `masked`: non-prose ranges in absolute coordinates (any order).
    pub fn new(text: &'a str, base: usize, masked: &[Range<usize>]) -> SliceScan<'a> {
        let mut rel: Vec<Range<usize>> = masked
            .iter()
            .filter(|m| m.end > base && m.start < base + text.len())
            .map(|m| m.start.saturating_sub(base)..(m.end - base).min(text.len()))
            .collect();
        rel.sort_by_key(|r| r.start);
        let mask_max_end = rel
            .iter()
            .scan(0, |max, m| {
                *max = m.end.max(*max);
                Some(*max)
            })
            .collect();
        SliceScan {
            text,
            base,
            masked: rel,
            mask_max_end,
            all_words: OnceCell::new(),
            words: OnceCell::new(),
        }
    }

    fn in_mask(&self, r: &Range<usize>) -> bool {
        // `masked` is sorted by start; `mask_max_end[i]` is the largest end in `masked[..=i]`.
        let i = self.masked.partition_point(|m| m.start < r.end);
        i > 0 && self.mask_max_end[i - 1] > r.start
    }

    /// Every valid glossary candidate of the slice, positions relative to
    /// the slice, sorted by start, longest first. A person's short name is a
    /// candidate only after a title ("President Xi", "Mr Lavrov"): alone,
    /// "Xi" or "Lee" is no evidence (see [`crate::decide::titles`]).
    pub fn all_candidates(&self, matcher: &Matcher) -> Vec<Candidate> {
        // An ASCII slice (most prose) is read only from its word starts (the
        // word list is needed anyway) and folded only where the trie is walked.
        let mut out = match AsciiFolding::new(self.text, &self.masked) {
            Some(folding) => matcher.candidates_at_words(
                self.text,
                folding,
                &self.masked,
                self.all_words().iter().map(|w| w.start),
            ),
            None => {
                let folded = fold_text(self.text, &self.masked);
                matcher.candidates(self.text, FoldedCopy::new(&folded, self.text))
            }
        };
        out.retain(|c| {
            !self.in_mask(&(c.start..c.end))
                && (!matcher.surface(c.surface).is_short_name()
                    || (crate::decide::titles::title_before(self.text, c.start).is_some()
                        && !crate::decide::titles::name_goes_on(self.text, c.end)))
        });
        out
    }

    /// The time clues of the sentence around mention `c` (absolute).
    pub fn history_of(&self, c: &Candidate) -> crate::decide::titles::HistoryClue {
        crate::decide::titles::history_clue(self.text, c.start - self.base..c.end - self.base)
    }

    /// The title attached to the person mention `c` (absolute), if any.
    pub fn title_of(&self, c: &Candidate) -> Option<crate::decide::titles::Title> {
        crate::decide::titles::attached_title(self.text, c.start - self.base..c.end - self.base)
    }

    /// The candidates of `all` (relative) starting in `starts` (absolute), in absolute positions.
    pub fn absolute_in(&self, all: &[Candidate], starts: Range<usize>) -> Vec<Candidate> {
        all.iter()
            .map(|c| Candidate {
                start: c.start + self.base,
                end: c.end + self.base,
                surface: c.surface,
            })
            .filter(|c| starts.contains(&c.start))
            .collect()
    }

    /// The local verdict on `candidate` (absolute) given every candidate of
    /// the slice (`all`, relative): see [`crate::decide::in_context`].
    pub fn decide(
        &self,
        candidate: &Candidate,
        all: &[Candidate],
        matcher: &Matcher,
    ) -> Option<crate::decide::SetAsideBecause> {
        let relative = Candidate {
            start: candidate.start - self.base,
            end: candidate.end - self.base,
            surface: candidate.surface,
        };
        crate::decide::in_context(self.text, &relative, all, matcher)
    }

    /// Maximal runs of word characters not touching the mask, in order.
    fn words(&self) -> &[Word] {
        if self.masked.is_empty() {
            return self.all_words();
        }
        self.words.get_or_init(|| {
            self.all_words()
                .iter()
                .filter(|w| !self.in_mask(&(w.start..w.end)))
                .copied()
                .collect()
        })
    }

    /// Maximal runs of word characters, masked or not, in order.
    fn all_words(&self) -> &[Word] {
        self.all_words.get_or_init(|| word_runs(self.text))
    }

    /// The words' ranges (relative), for the equivalence tests.
    #[doc(hidden)]
    pub fn word_ranges(&self) -> Vec<Range<usize>> {
        self.words().iter().map(|w| w.start..w.end).collect()
    }

    /// All-caps tokens (2–6 capitals, optional plural `s`) starting in `starts`
    /// that no glossary mention covers. `taken` = glossary mentions (absolute, sorted).
    pub fn acronym_tokens(
        &self,
        starts: Range<usize>,
        taken: &[Range<usize>],
    ) -> Vec<(Range<usize>, Arc<str>)> {
        let words = self.words();
        let mut out = Vec::new();
        for (k, w) in words.iter().enumerate() {
            let abs = w.start + self.base..w.end + self.base;
            if !starts.contains(&abs.start) {
                continue;
            }
            let word = &self.text[w.start..w.end];
            let core = word
                .strip_suffix('s')
                .filter(|c| c.len() >= 2)
                .unwrap_or(word);
            if !is_acronym_token(core) || is_roman_numeral(core) {
                continue;
            }
            // `taken` is sorted and disjoint: only the last one starting before the end can overlap.
            let i = taken.partition_point(|t| t.start < abs.end);
            if i > 0 && taken[i - 1].end > abs.start {
                continue;
            }
            // A file extension ("photo.JPG") is not an acronym.
            let before = &self.text[..w.start];
            if before.ends_with('.')
                && before[..before.len() - 1]
                    .chars()
                    .next_back()
                    .is_some_and(is_word_char)
            {
                continue;
            }
            // Text in capitals (a shouted heading) is not a row of acronyms.
            let caps = |j: Option<&Word>| {
                j.is_some_and(|x| {
                    let t = &self.text[x.start..x.end];
                    let (a, b) = if x.start < w.start {
                        (x.end, w.start)
                    } else {
                        (w.end, x.start)
                    };
                    let gap = &self.text[a..b];
                    t.len() >= 2
                        && t.bytes().all(|b| b.is_ascii_uppercase())
                        && gap.len() < 64
                        && !gap.contains(['.', '\n', ';', ':', ','])
                })
            };
            if caps(k.checked_sub(1).and_then(|p| words.get(p))) || caps(words.get(k + 1)) {
                continue;
            }
            out.push((abs, Arc::from(core)));
        }
        out
    }

    /// In-text definitions whose acronym starts in `starts` (absolute).
    pub fn definitions(&self, starts: Range<usize>) -> Vec<(Range<usize>, Definition)> {
        let words = self.words();
        let mut out = Vec::new();
        for (k, w) in words.iter().enumerate() {
            let abs_start = w.start + self.base;
            if !starts.contains(&abs_start) {
                continue;
            }
            let word = &self.text[w.start..w.end];
            // The acronym starts with a capital: most words are out at once.
            if word.as_bytes()[0] < 0x80 && !word.as_bytes()[0].is_ascii_uppercase() {
                continue;
            }
            // Both forms have a parenthesis next after the acronym ("(ACR)",
            // "ACR (Long Form)"): most capitalised words are out here.
            if !self.text[w.end..]
                .trim_start_matches([' ', '\t'])
                .starts_with(['(', ')'])
            {
                continue;
            }
            let core = match word.strip_suffix('s') {
                Some(c) if c.chars().next_back().is_some_and(|l| l.is_uppercase()) => c,
                _ => word,
            };
            if !is_definable_acronym(core) {
                continue;
            }
            let found = self
                .long_form_before(words, k, core)
                .or_else(|| self.long_form_after(words, k, core));
            if let Some(long) = found {
                let long_text = crate::text::fold::normalize(&self.text[long.clone()], false);
                out.push((
                    abs_start..abs_start + core.len(),
                    Definition {
                        acronym: Arc::from(core),
                        long_form: Arc::from(long_text),
                        long_offset: long.start as isize - w.start as isize,
                        long_len: long.len(),
                    },
                ));
            }
        }
        out
    }

    /// "Long Form (ACR)": the acronym alone in parentheses, long form just before.
    fn long_form_before(&self, words: &[Word], k: usize, acronym: &str) -> Option<Range<usize>> {
        let w = words[k];
        let before = self.text[..w.start].trim_end_matches([' ', '\t']);
        let after = self.text[w.end..].trim_start_matches([' ', '\t']);
        let before = before.strip_suffix('(')?;
        if !after.starts_with(')') {
            return None;
        }
        let open = before.len();
        let limit = open.saturating_sub(DEFINITION_REACH);
        let max_words = acronym.len() + 5;
        let mut chosen: Vec<Word> = Vec::new();
        for j in (0..k).rev() {
            let cand = words[j];
            if cand.start < limit || chosen.len() >= max_words {
                break;
            }
            let gap = &self.text[cand.end..chosen.last().map_or(open, |c| c.start)];
            if breaks_phrase(gap)
                || self.in_mask(&(cand.end..chosen.last().map_or(open, |c| c.start)))
            {
                break;
            }
            chosen.push(cand);
        }
        chosen.reverse();
        // The start whose words spell the acronym with the most initials; on
        // a tie the nearest (shortest long form).
        let mut best: Option<(usize, usize)> = None;
        for s in (0..chosen.len()).rev() {
            let phrase: Vec<&str> = chosen[s..]
                .iter()
                .map(|x| &self.text[x.start..x.end])
                .collect();
            if phrase.len() < 2 {
                continue;
            }
            if let Some(score) = spelling_score(&phrase, acronym)
                && best.is_none_or(|(b, _)| score > b)
            {
                best = Some((score, s));
            }
        }
        if let Some((_, s)) = best {
            return Some(chosen[s].start..chosen[chosen.len() - 1].end);
        }
        self.translated_long_form(&chosen, acronym)
    }

    /// "Federal Security Service (FSB)": a name whose acronym comes from
    /// another language. Accepted when the words just before the parenthesis
    /// are a run of capitalised words (lower-case joining words inside), the
    /// first with the acronym's first letter, and the capitalised words
    /// before the first "of" are as many as the acronym's letters (±1):
    /// "Federal Security Service of the Russian Federation (FSB)".
    fn translated_long_form(&self, chosen: &[Word], acronym: &str) -> Option<Range<usize>> {
        let letters = acronym.chars().filter(|c| c.is_alphabetic()).count();
        let first = acronym.chars().next()?;
        let words: Vec<&str> = chosen.iter().map(|w| &self.text[w.start..w.end]).collect();
        // The run of capitalised and joining words that ends the phrase.
        let run_start = words
            .iter()
            .rposition(|w| {
                !w.chars().next().is_some_and(char::is_uppercase)
                    && !matches!(*w, "of" | "for" | "and" | "on" | "the" | "in" | "de")
            })
            .map_or(0, |i| i + 1);
        let fits = |i: usize| {
            let head = words[i..]
                .iter()
                .take_while(|w| **w != "of")
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .count();
            head >= 2 && head.abs_diff(letters) <= 1
        };
        (run_start..words.len())
            .find(|&i| words[i].starts_with(first) && fits(i))
            .map(|s| chosen[s].start..chosen[chosen.len() - 1].end)
    }

    /// "ACR (Long Form)": the long form alone in the parentheses after the acronym.
    fn long_form_after(&self, words: &[Word], k: usize, acronym: &str) -> Option<Range<usize>> {
        let w = words[k];
        let after = &self.text[w.end..];
        let trimmed = after.trim_start_matches([' ', '\t']);
        let inner_start = w.end + (after.len() - trimmed.len()) + 1;
        if !trimmed.starts_with('(') {
            return None;
        }
        let close_rel = self.text.get(inner_start..)?.find(')')?;
        if close_rel > DEFINITION_REACH {
            return None;
        }
        let close = inner_start + close_rel;
        let inner: Vec<Word> = words[k + 1..]
            .iter()
            .take_while(|x| x.end <= close)
            .copied()
            .collect();
        if inner.len() < 2 || inner.len() > acronym.len() + 5 {
            return None;
        }
        let text_inner = &self.text[inner_start..close];
        if text_inner.contains(HARD_BREAK) && text_inner.contains("\n\n") {
            return None;
        }
        let phrase: Vec<&str> = inner.iter().map(|x| &self.text[x.start..x.end]).collect();
        if spells(&phrase, acronym) && !self.in_mask(&(inner_start..close)) {
            Some(inner[0].start..inner[inner.len() - 1].end)
        } else {
            None
        }
    }
}

/// The maximal runs of word characters of `text`, in order: a state
/// machine (in a word or not) fed eight bytes at a time where they are all
/// ASCII, each byte classified at once by word arithmetic (SWAR), with
/// a character decoded only where a byte is not ASCII. Most of a text is
/// ASCII prose, where this costs about one instruction per byte plus a
/// few per word.
fn word_runs(text: &str) -> Vec<Word> {
    let bytes = text.as_bytes();
    let mut words = Vec::with_capacity(bytes.len() / 6);
    // Where the word being read started, if one is.
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(chunk);
            let x = u64::from_le_bytes(eight);
            if x & HIGH_BITS == 0 {
                // Lane k's high bit: byte i + k is a word byte.
                let word = ascii_word_lanes(x);
                let before = if open.is_some() { 0x80 } else { 0 };
                let mut flips = word ^ ((word << 8) | before);
                // Flips alternate: a word starts, ends, starts…
                while flips != 0 {
                    let at = i + flips.trailing_zeros() as usize / 8;
                    match open.take() {
                        Some(start) => words.push(Word { start, end: at }),
                        None => open = Some(at),
                    }
                    flips &= flips - 1;
                }
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let (is_word, len) = if b < 0x80 {
            (ASCII_WORD[b as usize], 1)
        } else {
            match text.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) => (is_word_char(c), c.len_utf8()),
                None => (false, 1),
            }
        };
        match (is_word, open) {
            (true, None) => open = Some(i),
            (false, Some(start)) => {
                words.push(Word { start, end: i });
                open = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(start) = open {
        words.push(Word {
            start,
            end: bytes.len(),
        });
    }
    words
}

/// The high bit of each of eight bytes.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// ASCII word bytes (letters, digits, `_`).
const ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b as u8 == b'_';
        b += 1;
    }
    table
};

/// For eight ASCII bytes (high bits clear), the high bit of each byte that
/// is a letter, a digit or `_`. A byte `x` is in `lo..=hi` when
/// `x + 0x80 - lo` has its high bit set and `x + 0x7f - hi` has not; with
/// `x < 0x80` neither sum carries into the next byte.
#[inline(always)]
fn ascii_word_lanes(x: u64) -> u64 {
    const fn each(b: u8) -> u64 {
        0x0101_0101_0101_0101 * b as u64
    }
    let within = |x: u64, lo: u8, hi: u8| {
        x.wrapping_add(each(0x80 - lo)) & !x.wrapping_add(each(0x7f - hi)) & HIGH_BITS
    };
    within(x, b'0', b'9') | within(x | each(0x20), b'a', b'z') | within(x, b'_', b'_')
}

/// The words of `text` outside `masked` (relative, sorted by start) as the
/// scan found them before issue 13, kept as the reference for
/// `tests/scan_equivalence.rs`.
#[doc(hidden)]
pub fn word_ranges_reference(text: &str, masked: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_word_char(c) {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            words.push(s..i);
        }
    }
    if let Some(s) = start {
        words.push(s..text.len());
    }
    words.retain(|w| !masked.iter().any(|m| m.start < w.end && m.end > w.start));
    words
}

/// Punctuation that ends the phrase a long form can come from.
fn breaks_phrase(gap: &str) -> bool {
    gap.contains(['.', ';', ':', '!', '?', '(', ')', '"', '“', '”'])
        || gap.contains("\n\n")
        || gap.contains("\r\n\r\n")
}

/// Whether `words` spell `acronym`: its first letter is the first word's
/// initial, and its letters appear in order, at least half of them as word
/// initials (so "Conference on Interaction and Confidence Building Measures
/// in Asia" spells CICA and "Association of Southeast Asian Nations" ASEAN).
pub fn spells(words: &[&str], acronym: &str) -> bool {
    spelling_score(words, acronym).is_some()
}

/// How many of the acronym's letters the best spelling takes from word
/// initials, if `words` spell it at all (see [`spells`]).
pub fn spelling_score(words: &[&str], acronym: &str) -> Option<usize> {
    let letters: Vec<char> = acronym
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if letters.is_empty() {
        return None;
    }
    // Flatten to (char, is_initial).
    let mut seq: Vec<(char, bool)> = Vec::new();
    for w in words {
        for (i, c) in w.chars().enumerate() {
            for l in c.to_lowercase() {
                seq.push((l, i == 0));
            }
        }
    }
    if seq.first().map(|f| f.0) != Some(letters[0]) {
        return None;
    }
    let need_initials = letters.len().div_ceil(2);
    // Best number of initials over all alignments (bounded search).
    fn search(
        seq: &[(char, bool)],
        letters: &[char],
        pos: usize,
        initials: usize,
        budget: &mut u32,
    ) -> Option<usize> {
        if letters.is_empty() {
            return Some(initials);
        }
        if *budget == 0 {
            return None;
        }
        *budget -= 1;
        let mut best: Option<usize> = None;
        for (i, &(c, is_initial)) in seq.iter().enumerate().skip(pos) {
            if c == letters[0]
                && let Some(n) = search(
                    seq,
                    &letters[1..],
                    i + 1,
                    initials + usize::from(is_initial),
                    budget,
                )
            {
                best = Some(best.map_or(n, |b| b.max(n)));
            }
        }
        best
    }
    let mut budget = 4000;
    search(&seq, &letters[1..], 1, 1, &mut budget).filter(|&n| n >= need_initials)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_rules() {
        let w = |s: &'static str| s.split(' ').collect::<Vec<_>>();
        assert!(spells(
            &w("Conference on Interaction and Confidence Building Measures in Asia"),
            "CICA"
        ));
        assert!(
            spelling_score(
                &w("Conference on Interaction and Confidence Building Measures in Asia"),
                "CICA"
            ) > spelling_score(&w("Confidence Building Measures in Asia"), "CICA")
        );
        assert!(spells(
            &w("Shanghai Institutes for International Studies"),
            "SIIS"
        ));
        assert!(spells(
            &w("Association of Southeast Asian Nations"),
            "ASEAN"
        ));
        assert!(spells(&w("Sustainable Development Goals"), "SDG"));
        assert!(!spells(&w("held in Shanghai"), "CICA"));
    }

    fn defs(text: &str) -> Vec<(String, String)> {
        let s = SliceScan::new(text, 0, &[]);
        s.definitions(0..text.len())
            .into_iter()
            .map(|(r, d)| {
                let long = (r.start as isize + d.long_offset) as usize;
                assert_eq!(&text[long..long + d.long_len], &*d.long_form);
                (text[r].to_string(), d.long_form.to_string())
            })
            .collect()
    }

    #[test]
    fn definitions_both_ways() {
        assert_eq!(
            defs(
                "At the Fourth Summit of the Conference on Interaction and Confidence Building Measures in Asia (CICA) held in Shanghai"
            ),
            vec![(
                "CICA".into(),
                "Conference on Interaction and Confidence Building Measures in Asia".into()
            )]
        );
        assert_eq!(
            defs("the SDGs (Sustainable Development Goals) matter"),
            vec![("SDG".into(), "Sustainable Development Goals".into())]
        );
        assert!(defs("in Shanghai (SIIS) today").is_empty());
        assert_eq!(
            defs("The Federal Security Service (FSB) said"),
            vec![("FSB".into(), "Federal Security Service".into())]
        );
        assert!(defs("talks with Beijing and Moscow (FSB) today").is_empty());
        assert_eq!(
            defs("the Federal Security Service of the Russian Federation (FSB) said"),
            vec![(
                "FSB".into(),
                "Federal Security Service of the Russian Federation".into()
            )]
        );
        assert!(defs("Report (2023)").is_empty());
    }

    #[test]
    fn tokens_skip_extensions_shouting_and_numerals() {
        let t = "SIIS and ACCWS wrote. 1.JPG THE BIG NEWS TODAY. World War II. NGOs";
        let s = SliceScan::new(t, 0, &[]);
        let toks: Vec<String> = s
            .acronym_tokens(0..t.len(), &[])
            .into_iter()
            .map(|(_, k)| k.to_string())
            .collect();
        assert_eq!(toks, vec!["SIIS", "ACCWS", "NGO"]);
    }
}
