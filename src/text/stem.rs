//! Russian stemming for matching: which prefix of a Cyrillic word stands for
//! it, so that a label matches its inflected forms ("мягкая сила" in "о роли
//! мягкой силы"). The stem is the Snowball Russian algorithm's (crate
//! `frostem`, generated from upstream Snowball), which only ever removes an
//! ending, so the key is always a prefix of the lower-cased word.
//!
//! Owns which words are stemmed and how short or long a cut may be. Must not
//! know about offsets, labels or documents: [`crate::text::fold`] calls it on
//! each maximal run of Cyrillic letters, for labels and text alike.

use frostem::{Algorithm, Stemmer};

/// A stem keeps at least this many letters (a shorter Snowball stem is
/// extended with the word's next letters), or one letter less than the word
/// when the word is this short. Snowball cuts "Азия" and "Азов" both to "аз";
/// keeping three letters joins the case forms of "Азия" (Азии, Азию, Азией:
/// "ази") without joining "Азов" ("азо") or "азы" ("аз"), while a
/// three-letter form still meets a two-letter word ("Юга", "Югу" → "юг").
/// The cost: a two-letter stem in a longer form ("Югом" → "юго") is missed.
pub const MIN_STEM_LETTERS: usize = 3;

/// The longest ending (bytes, 7 Russian letters) a stem may drop. The fold
/// maps a stem's last letter (2 bytes) to the end of the whole word, so this
/// bounds what one folded byte stands for (see
/// [`crate::text::fold::MAX_ORIGINAL_PER_FOLDED`]). Only stacked verb forms
/// (reflexive participles such as "-ующимися") lose more in Snowball; they
/// keep one more letter instead.
pub const MAX_REMOVED_ENDING_BYTES: usize = 14;

/// Whether `c` is a letter of the Cyrillic script (Cyrillic and Cyrillic
/// Supplement blocks). A maximal run of these is one word for stemming.
/// The blocks' only non-letters are U+0482..=U+0489 (a thousands sign and
/// combining marks), so two ranges say it without `char::is_alphabetic`'s
/// table search (a few hundred instructions per call, called per letter of
/// every Russian label and word; the test compares both over the blocks).
#[inline]
pub fn is_cyrillic_letter(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{052F}')
}

/// A lower-case letter of the Russian alphabet (ё already folded to е).
fn is_russian_lowercase(c: char) -> bool {
    matches!(c, 'а'..='я')
}

/// Byte length of the prefix of `word` that stands for it in matching.
///
/// `word` is a maximal run of Cyrillic letters, lower-cased, with ё folded to
/// е. A word with a letter outside the Russian alphabet (Ukrainian і, Kazakh
/// қ, …) is another language and is kept whole, as are words the stemmer
/// would not shorten.
pub fn stem_len(word: &str) -> usize {
    if word.is_empty() || !word.chars().all(is_russian_lowercase) {
        return word.len();
    }
    let stem = Stemmer::new(Algorithm::Russian).stem(word);
    if stem.len() >= word.len() || !word.starts_with(stem.as_ref()) {
        return word.len();
    }
    let letters = word.chars().count();
    let shortest = word
        .char_indices()
        .nth(MIN_STEM_LETTERS.min(letters - 1))
        .map_or(word.len(), |(i, _)| i);
    let mut len = stem
        .len()
        .max(shortest)
        .max(word.len().saturating_sub(MAX_REMOVED_ENDING_BYTES));
    while !word.is_char_boundary(len) {
        len += 1;
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_letters_are_the_alphabetic_characters_of_the_blocks() {
        for u in 0x0300..=0x0700 {
            let Some(c) = char::from_u32(u) else { continue };
            let in_blocks = (0x0400..=0x052F).contains(&u);
            assert_eq!(
                is_cyrillic_letter(c),
                in_blocks && c.is_alphabetic(),
                "U+{u:04X}"
            );
        }
    }

    fn key(word: &str) -> &str {
        &word[..stem_len(word)]
    }

    #[test]
    fn case_forms_share_a_key() {
        for w in ["многополярность", "многополярности", "многополярностью"]
        {
            assert_eq!(key(w), "многополярн", "{w}");
        }
        for w in ["мягкая", "мягкой", "мягкую", "мягкие", "мягких"] {
            assert_eq!(key(w), "мягк", "{w}");
        }
        for w in ["право", "права", "праву", "правом", "праве"] {
            assert_eq!(key(w), "прав", "{w}");
        }
    }

    #[test]
    fn short_stems_keep_three_letters() {
        for w in ["азия", "азии", "азию", "азией"] {
            assert_eq!(key(w), "ази", "{w}");
        }
        assert_eq!(key("азов"), "азо");
        assert_eq!(key("азы"), "аз");
        for w in ["юг", "юга", "югу", "юге"] {
            assert_eq!(key(w), "юг", "{w}");
        }
        assert_eq!(key("сша"), "сша");
        assert_eq!(key("ес"), "ес");
    }

    #[test]
    fn other_words_are_kept_whole() {
        assert_eq!(key("қазақстан"), "қазақстан");
        assert_eq!(key("україна"), "україна");
        assert_eq!(stem_len(""), 0);
    }

    #[test]
    fn long_endings_are_capped() {
        let w = "интересующимися";
        assert!(w.len() - stem_len(w) <= MAX_REMOVED_ENDING_BYTES);
        assert!(key(w).starts_with("интерес"));
    }
}
