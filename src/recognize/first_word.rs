//! A filter in front of the trie walk: the words a match would start with
//! must be the first words of some pattern.
//!
//! Most words of a text start no label, yet their first letters lead some
//! way down the trie ("gov" leads towards "government of ..."), and every
//! step there is a load from a node that is seldom in cache. So before a
//! walk, the scan takes the run of ASCII letters and digits that starts
//! there in the folded text (the *word*) and tests two bits of a table
//! indexed by the word's hash. A pattern's *first word* is the same run at
//! the start of the pattern. A match of pattern `p` whose first word is
//! followed in `p` by another byte has the text's word equal to that first
//! word; a pattern that is one word may also be followed by the plural `s`
//! or `es` (see [`crate::recognize::matcher`]).
//!
//! Common words ("the", "a", "to") start some pattern ("the Hague"), yet
//! seldom the one that follows them in the text. So when every pattern
//! that starts with the word goes on with one space and a second word
//! (itself a run of letters and digits, which ends the pattern, plural
//! allowed, or is followed by another byte), the scan also reads the
//! text's next word and tests the pair's hash in a second table.
//!
//! The filter never drops a match (a word or pair that some pattern starts
//! with always passes), and drops all but a few percent (hash collisions)
//! of the rest.
//!
//! The scan asks it only about words spelled byte for byte in ASCII in the
//! original text: elsewhere (accents, ligatures, symbols that fold to
//! letters) the walk decides.
//!
//! Owns only pattern bytes and hashing; must not know what a pattern means.

use crate::text::words::alphanumeric_end;

/// What the first word of a possible match says about a walk from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstWordVerdict {
    /// No pattern starts with this word: no walk.
    No,
    /// Some pattern may match from here whatever follows: walk.
    Walk,
    /// Every pattern that starts with this word goes on with one space and
    /// a second word: walk only if the text does and
    /// [`FirstWords::pair_may_follow`] lets that second word through.
    /// Holds the first word's hash.
    IfSecondWord(u64),
}

#[derive(serde::Serialize, serde::Deserialize)]
pub struct FirstWords {
    /// Two bits per hash bucket: [`PAIR_START`] and [`ALONE`].
    #[serde(with = "super::wire")]
    bits: Vec<u64>,
    /// `64 - log2(bits.len() * 32)`: the hash's top bits index the table.
    shift: u32,
    /// One bit per bucket of the hash of a pattern's first two words.
    #[serde(with = "super::wire")]
    pairs: Vec<u64>,
    pair_shift: u32,
}

/// The bucket's bit for "the first word of a pattern that goes on with a
/// space and a second word".
const PAIR_START: u64 = 1;
/// The bucket's bit for "the first word of a pattern that is that word
/// alone, or goes on with anything but a space and a second word" ("un",
/// "u.s.", "e-commerce"; "g 7" goes on with the second word "7").
const ALONE: u64 = 2;

impl std::fmt::Debug for FirstWords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FirstWords")
            .field("buckets", &(self.bits.len() * 32))
            .field("pair_buckets", &(self.pairs.len() * 64))
            .finish()
    }
}

/// One pattern's first word, and its second when it goes on with a single
/// space and a run of ASCII letters and digits.
fn first_two_words(pattern: &[u8]) -> Option<(&[u8], Option<&[u8]>)> {
    let first = alphanumeric_end(pattern, 0);
    if first == 0 {
        return None;
    }
    let second = (pattern.get(first) == Some(&b' '))
        .then(|| alphanumeric_end(pattern, first + 1))
        .filter(|&end| end > first + 1)
        .map(|end| &pattern[first + 1..end]);
    Some((&pattern[..first], second))
}

impl FirstWords {
    /// The first words (and first pairs of words) of `patterns` (folded).
    /// Patterns that start with another byte have none: the scan never asks
    /// about them.
    pub fn new<'a, I>(patterns: I) -> FirstWords
    where
        I: IntoIterator<Item = &'a str>,
        I::IntoIter: Clone,
    {
        // Counted in a first pass and hashed in a second, without a list
        // of the hashes between (it took 12 MB for a 300,000-label glossary,
        // at the matcher build's peak).
        let patterns = patterns.into_iter();
        let (mut word_count, mut pair_count) = (0usize, 0usize);
        for p in patterns.clone() {
            if let Some((_, second)) = first_two_words(p.as_bytes()) {
                word_count += 1;
                pair_count += usize::from(second.is_some());
            }
        }
        // About 16 buckets per word: a word that starts no pattern passes
        // with a chance of about 1 in 16; the same for pairs.
        let buckets = (word_count * 16).next_power_of_two().max(1 << 12);
        let pair_buckets = (pair_count * 16).next_power_of_two().max(1 << 12);
        let mut filter = FirstWords {
            bits: vec![0; buckets / 32],
            shift: 64 - buckets.trailing_zeros(),
            pairs: vec![0; pair_buckets / 64],
            pair_shift: 64 - pair_buckets.trailing_zeros(),
        };
        for p in patterns {
            let Some((first, second)) = first_two_words(p.as_bytes()) else {
                continue;
            };
            let h = hash_word(first);
            let i = filter.index(h);
            let bit = if second.is_some() { PAIR_START } else { ALONE };
            filter.bits[i / 32] |= bit << (2 * (i % 32));
            if let Some(w) = second {
                let j = (pair_hash(h, hash_word(w)) >> filter.pair_shift) as usize;
                filter.pairs[j / 64] |= 1 << (j % 64);
            }
        }
        filter
    }

    fn index(&self, h: u64) -> usize {
        (h >> self.shift) as usize
    }

    /// The bucket's two bits ([`PAIR_START`], [`ALONE`]) for hash `h`.
    fn flags(&self, h: u64) -> u64 {
        let i = self.index(h);
        (self.bits[i / 32] >> (2 * (i % 32))) & 3
    }

    /// What a match may do from `word`: a maximal run of ASCII letters and
    /// digits of the folded text (or of an ASCII text: the word is
    /// lower-cased as it is hashed), spelled byte for byte in ASCII in the
    /// original text (elsewhere the walk decides). A word that only a
    /// pattern of one word could start may be that word with the plural
    /// `s` or `es`; the first word of a longer pattern is spelled in full.
    #[inline]
    pub fn may_start_with(&self, word: &[u8]) -> FirstWordVerdict {
        let hashes = PluralHashes::new(word);
        let h = hashes.whole();
        let flags = self.flags(h);
        let alone = |h: Option<u64>| h.is_some_and(|h| self.flags(h) & ALONE != 0);
        if flags & ALONE != 0 || hashes.without_plural().into_iter().any(alone) {
            FirstWordVerdict::Walk
        } else if flags & PAIR_START != 0 {
            FirstWordVerdict::IfSecondWord(h)
        } else {
            FirstWordVerdict::No
        }
    }

    /// Whether a match may start with the first word hashed `first` (from
    /// [`FirstWordVerdict::IfSecondWord`]), one space, then `second`: a
    /// run of ASCII letters and digits as for [`FirstWords::may_start_with`].
    /// The second word may carry the plural `s` or `es` (it may end the
    /// pattern).
    #[inline]
    pub fn pair_may_follow(&self, first: u64, second: &[u8]) -> bool {
        let hashes = PluralHashes::new(second);
        let pair = |h: Option<u64>| h.is_some_and(|h| self.contains_pair(pair_hash(first, h)));
        pair(Some(hashes.whole())) || hashes.without_plural().into_iter().any(pair)
    }

    fn contains_pair(&self, p: u64) -> bool {
        let j = (p >> self.pair_shift) as usize;
        self.pairs[j / 64] & (1 << (j % 64)) != 0
    }
}

/// The filter's hash of a pair of words, from their [`hash_word`]s.
#[inline]
fn pair_hash(first: u64, second: u64) -> u64 {
    let h = (second ^ first.rotate_left(17)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 31)
}

/// Lower-cases eight ASCII letters or digits at once (digits have bit 5
/// set already).
const LOWER: u64 = 0x2020_2020_2020_2020;
const SEED: u64 = 0xcbf2_9ce4_8422_2325;

#[inline(always)]
fn mix(h: u64, v: u64) -> u64 {
    (h ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29)
}

#[inline(always)]
fn load8(bytes: &[u8]) -> u64 {
    let mut eight = [0u8; 8];
    eight.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(eight)
}

/// `rest` (1 to 7 bytes) as a little-endian number, from at most two loads
/// (a copy of a variable length would call memcpy).
#[inline(always)]
fn load_tail(rest: &[u8]) -> u64 {
    let n = rest.len();
    if n >= 4 {
        let four = |at: usize| {
            let mut b = [0u8; 4];
            b.copy_from_slice(&rest[at..at + 4]);
            u64::from(u32::from_le_bytes(b))
        };
        four(0) | (four(n - 4) << (8 * (n - 4)))
    } else {
        let byte = |at: usize| u64::from(rest[at]) << (8 * at);
        byte(0) | byte(n / 2) | byte(n - 1)
    }
}

/// The hash state after `bytes`, a whole number of eight-byte chunks.
#[inline(always)]
fn absorb(mut h: u64, bytes: &[u8]) -> u64 {
    for chunk in bytes.chunks_exact(8) {
        h = mix(h, load8(chunk) | LOWER);
    }
    h
}

/// The hash of a word of `len` bytes whose state after its whole chunks
/// but the last one or two is `h`, and whose bytes after those are `rest`
/// (fewer than 16).
#[inline(always)]
fn finish(mut h: u64, mut rest: &[u8], len: usize) -> u64 {
    if rest.len() >= 8 {
        h = mix(h, load8(rest) | LOWER);
        rest = &rest[8..];
    }
    if !rest.is_empty() {
        h = mix(h, load_tail(rest) | LOWER);
    }
    // One multiply spreads every bit into the top bits, which index the
    // tables; the filter only needs that.
    let h = (h ^ len as u64).wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 32)
}

/// The filter's hash of a word: eight bytes at a time, each lower-cased by
/// setting bit 5 (a word is ASCII letters and digits), then its length.
fn hash_word(word: &[u8]) -> u64 {
    let whole = word.len() / 8 * 8;
    finish(absorb(SEED, &word[..whole]), &word[whole..], word.len())
}

/// A word ready to be hashed whole ([`hash_word`]) and without a plural
/// `s` or `es` (any case): the three hashes share every chunk but the
/// last, absorbed once.
struct PluralHashes<'a> {
    word: &'a [u8],
    common: usize,
    state: u64,
}

impl<'a> PluralHashes<'a> {
    #[inline(always)]
    fn new(word: &'a [u8]) -> PluralHashes<'a> {
        let common = word.len().saturating_sub(2) / 8 * 8;
        PluralHashes {
            word,
            common,
            state: absorb(SEED, &word[..common]),
        }
    }

    #[inline(always)]
    fn hash_of_first(&self, len: usize) -> u64 {
        finish(self.state, &self.word[self.common..len], len)
    }

    /// [`hash_word`] of the whole word.
    #[inline(always)]
    fn whole(&self) -> u64 {
        self.hash_of_first(self.word.len())
    }

    /// [`hash_word`] of the word without `s`, then without `es`, where it
    /// ends so.
    #[inline(always)]
    fn without_plural(&self) -> [Option<u64>; 2] {
        let n = self.word.len();
        let lower = |k: usize| self.word[n - k].to_ascii_lowercase();
        if n < 2 || lower(1) != b's' {
            return [None, None];
        }
        let es = n >= 3 && lower(2) == b'e';
        [
            Some(self.hash_of_first(n - 1)),
            es.then(|| self.hash_of_first(n - 2)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the filter lets a walk start at `at` of `text`, asked as the
    /// scan asks it: the maximal run of ASCII letters and digits there,
    /// folded, then, if the verdict needs it, the run after one space.
    fn passes(filter: &FirstWords, text: &str, at: usize) -> bool {
        let t = text.to_ascii_lowercase();
        let t = t.as_bytes();
        let end = alphanumeric_end(t, at);
        if end == at {
            return true;
        }
        match filter.may_start_with(&t[at..end]) {
            FirstWordVerdict::No => false,
            FirstWordVerdict::Walk => true,
            FirstWordVerdict::IfSecondWord(h) => {
                t.get(end) == Some(&b' ')
                    && filter.pair_may_follow(h, &t[end + 1..alphanumeric_end(t, end + 1)])
            }
        }
    }

    #[test]
    fn first_words_and_their_plurals_pass() {
        let f = FirstWords::new(["united nations", "g7", "un", "e-commerce", "u.s.", "-x"]);
        for (text, at) in [
            ("the United Nations", 4),
            ("UN", 0),
            ("UNs met", 0),
            ("two UNes", 4),
            ("G7", 0),
            ("e-commerce", 0),
            ("U.S.", 0),
            ("-x", 0),
        ] {
            assert!(passes(&f, text, at), "{text:?} at {at}");
        }
    }

    #[test]
    fn a_common_first_word_passes_only_before_its_second_words() {
        let f = FirstWords::new(["the hague", "the united states of america", "to"]);
        for (text, at, expected) in [
            ("in The Hague today", 3, true),
            ("two the hagues", 4, true),
            ("the United States of America", 0, true),
            ("the United States", 0, true),
            ("the government", 0, false),
            ("the unit", 0, false),
            ("the-hague", 0, false),
            ("the", 0, false),
            ("thes hague", 0, false),
            // A pattern of one word: its plural and anything after it pass.
            ("to", 0, true),
            ("tos and", 0, true),
            ("to be", 0, true),
        ] {
            assert_eq!(passes(&f, text, at), expected, "{text:?} at {at}");
        }
    }

    #[test]
    fn a_word_that_starts_a_pair_and_a_pattern_alone_passes_before_anything() {
        let f = FirstWords::new(["south africa", "south", "east-west", "east asia"]);
        for text in [
            "south",
            "south pole",
            "south-east",
            "east-west",
            "east asia",
        ] {
            assert!(passes(&f, text, 0), "{text:?}");
        }
    }

    #[test]
    fn plural_hashes_are_the_hashes_of_the_word_without_the_plural() {
        for n in 1..=34 {
            for ending in ["", "s", "S", "es", "ES", "eS", "ss"] {
                let word: Vec<u8> = (0..n)
                    .map(|i| b"Az09xQ"[i % 6])
                    .chain(ending.bytes())
                    .collect();
                let hashes = PluralHashes::new(&word);
                let [s, es] = hashes.without_plural();
                assert_eq!(hashes.whole(), hash_word(&word), "{n} {ending}");
                let m = word.len();
                let plural = matches!(word[m - 1], b's' | b'S');
                assert_eq!(s, plural.then(|| hash_word(&word[..m - 1])), "{n} {ending}");
                let e = plural && m >= 3 && matches!(word[m - 2], b'e' | b'E');
                assert_eq!(es, e.then(|| hash_word(&word[..m - 2])), "{n} {ending}");
            }
        }
    }

    #[test]
    fn tails_are_read_little_endian() {
        let bytes = b"abcdefg";
        for n in 1..=7 {
            let expected = bytes[..n]
                .iter()
                .rev()
                .fold(0u64, |v, &b| (v << 8) | u64::from(b));
            assert_eq!(load_tail(&bytes[..n]), expected, "{n}");
        }
    }

    #[test]
    fn case_does_not_change_a_hash() {
        assert_eq!(hash_word(b"UNITEDNATIONS"), hash_word(b"unitednations"));
        assert_ne!(hash_word(b"un"), hash_word(b"nu"));
    }

    #[test]
    fn most_other_words_are_stopped() {
        let f = FirstWords::new(["united nations", "g7", "un"]);
        let words = (0..1000).map(|i| format!("word{i}")).collect::<Vec<_>>();
        let passed = words.iter().filter(|w| passes(&f, w, 0)).count();
        assert!(passed < 50, "{passed} of 1000 passed");
        let f = FirstWords::new(["the hague", "the gambia", "a priori"]);
        let pairs = (0..1000)
            .map(|i| format!("the word{i}"))
            .collect::<Vec<_>>();
        let passed = pairs.iter().filter(|w| passes(&f, w, 0)).count();
        assert!(passed < 50, "{passed} of 1000 pairs passed");
    }
}
