//! A filter in front of the trie walk: the word a match would start with
//! must be the first word of some pattern.
//!
//! Most words of a text start no label, yet their first letters lead some
//! way down the trie ("gov" leads towards "government of ..."), and every
//! step there is a load from a node that is seldom in cache. So before a
//! walk, the scan takes the run of ASCII letters and digits that starts
//! there in the folded text (the *word*) and tests one bit of a table
//! indexed by the word's hash. A pattern's *first word* is the same run at
//! the start of the pattern. A match of pattern `p` whose first word is
//! followed in `p` by another byte has the text's word equal to that first
//! word; a pattern that is one word may also be followed by the plural `s`
//! or `es` (see [`crate::recognize::matcher`]). So the filter lets through
//! every word that is, or is one of those suffixes added to, a first word:
//! it never drops a match, and drops all but a few percent (hash
//! collisions) of the rest.
//!
//! The scan asks it only about words spelled byte for byte in ASCII in the
//! original text: elsewhere (accents, ligatures, symbols that fold to
//! letters) the walk decides.
//!
//! Owns only pattern bytes and hashing; must not know what a pattern means.

use crate::text::words::alphanumeric_end;

pub struct FirstWords {
    /// One bit per hash bucket.
    bits: Vec<u64>,
    /// `64 - log2(bits.len() * 64)`: the hash's top bits index the table.
    shift: u32,
}

impl std::fmt::Debug for FirstWords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FirstWords")
            .field("bits", &(self.bits.len() * 64))
            .finish()
    }
}

impl FirstWords {
    /// The first words of `patterns` (folded). Patterns that start with
    /// another byte have none: the scan never asks about them.
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> FirstWords {
        let words: Vec<u64> = patterns
            .into_iter()
            .filter_map(|p| {
                let p = p.as_bytes();
                let len = alphanumeric_end(p, 0);
                (len > 0).then(|| hash_word(&p[..len]))
            })
            .collect();
        // About 16 bits per word: a word that starts no pattern passes
        // with a chance of about 1 in 16.
        let bits = (words.len() * 16).next_power_of_two().max(1 << 12);
        let mut filter = FirstWords {
            bits: vec![0; bits / 64],
            shift: 64 - bits.trailing_zeros(),
        };
        for h in words {
            let i = filter.index(h);
            filter.bits[i / 64] |= 1 << (i % 64);
        }
        filter
    }

    fn index(&self, h: u64) -> usize {
        (h >> self.shift) as usize
    }

    fn contains_hash(&self, h: u64) -> bool {
        let i = self.index(h);
        self.bits[i / 64] & (1 << (i % 64)) != 0
    }

    /// Whether a match may start with `word`: a maximal run of ASCII
    /// letters and digits of the folded text (or of an ASCII text: the word
    /// is lower-cased as it is hashed), spelled byte for byte in ASCII in
    /// the original text (elsewhere the walk decides).
    #[inline]
    pub fn may_start_with(&self, word: &[u8]) -> bool {
        let n = word.len();
        let lower = |k: usize| word.get(n.wrapping_sub(k)).map(u8::to_ascii_lowercase);
        let plural_s = n >= 2 && lower(1) == Some(b's');
        self.contains_hash(hash_word(word))
            || (plural_s && self.contains_hash(hash_word(&word[..n - 1])))
            || (plural_s
                && n >= 3
                && lower(2) == Some(b'e')
                && self.contains_hash(hash_word(&word[..n - 2])))
    }
}

/// The filter's hash of a word: its length, then eight bytes at a time,
/// each lower-cased by setting bit 5 (a word is ASCII letters and digits,
/// and digits have that bit already), then a final mix so that the top
/// bits, which index the table, depend on every byte.
fn hash_word(word: &[u8]) -> u64 {
    const LOWER: u64 = 0x2020_2020_2020_2020;
    let mix = |h: u64, v: u64| (h ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
    let mut h = 0xcbf2_9ce4_8422_2325 ^ word.len() as u64;
    let mut chunks = word.chunks_exact(8);
    for chunk in &mut chunks {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        h = mix(h, u64::from_le_bytes(eight) | LOWER);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // Byte by byte: a copy of a variable length would call memcpy.
        let v = rest
            .iter()
            .rev()
            .fold(0u64, |v, &b| (v << 8) | u64::from(b));
        h = mix(h, v | LOWER);
    }
    // MurmurHash3's 64-bit finaliser.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The maximal run of ASCII letters and digits at `at`, folded.
    fn passes(filter: &FirstWords, text: &str, at: usize) -> bool {
        let t = text.to_ascii_lowercase();
        let word = &t.as_bytes()[at..alphanumeric_end(t.as_bytes(), at)];
        word.is_empty() || filter.may_start_with(word)
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
    fn most_other_words_are_stopped() {
        let f = FirstWords::new(["united nations", "g7", "un"]);
        let words = (0..1000).map(|i| format!("word{i}")).collect::<Vec<_>>();
        let passed = words.iter().filter(|w| passes(&f, w, 0)).count();
        assert!(passed < 50, "{passed} of 1000 passed");
    }
}
