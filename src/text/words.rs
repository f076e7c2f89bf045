//! What counts as a word character, which scripts are written without spaces,
//! and what an acronym looks like. Pure character predicates.

/// Letters, digits, `_` and combining marks are word characters; hyphens and
/// apostrophes are not (so "UN-centred" and "China's" contain whole words).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_combining_mark(c)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Scripts written without spaces between words (Han, kana, Thai, Lao,
/// Khmer, Myanmar): labels in them match without word boundaries.
pub fn is_scriptio_continua(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF        // Hiragana, Katakana
        | 0x3400..=0x4DBF      // CJK Extension A
        | 0x4E00..=0x9FFF      // CJK Unified Ideographs
        | 0xF900..=0xFAFF      // CJK Compatibility Ideographs
        | 0x20000..=0x2FA1F    // CJK Extensions B–F, compatibility supplement
        | 0x0E00..=0x0EFF      // Thai, Lao
        | 0x1780..=0x17FF      // Khmer
        | 0x1000..=0x109F      // Myanmar
    )
}

/// Where the run of ASCII letters and digits starting at `at` of `bytes`
/// ends (`at` itself when `bytes[at]` is none): the *word* of the scan's
/// first-word filter, for patterns and for the scanned text alike.
#[inline]
pub fn alphanumeric_end(bytes: &[u8], at: usize) -> usize {
    at + bytes.get(at..).map_or(0, |rest| {
        rest.iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count()
    })
}

/// Whether a word needs a boundary on that side (a word character outside
/// scripts without spaces).
pub fn needs_boundary(c: char) -> bool {
    is_word_char(c) && !is_scriptio_continua(c)
}

/// The acronym shape of `unknown-acronym`: 2–6 ASCII capital letters.
pub fn is_acronym_token(word: &str) -> bool {
    (2..=6).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_uppercase())
}

/// Roman numerals (II, IV, XXI) look like acronyms but are not.
pub fn is_roman_numeral(word: &str) -> bool {
    word.bytes().all(|b| b"IVXLCDM".contains(&b))
}

/// The shape of an acronym that an in-text definition can define: starts with
/// a capital, 2–10 characters of letters, digits, `&` or `-`, at least two capitals.
pub fn is_definable_acronym(word: &str) -> bool {
    let n = word.chars().count();
    (2..=10).contains(&n)
        && word.chars().next().is_some_and(|c| c.is_uppercase())
        && word.chars().filter(|c| c.is_uppercase()).count() >= 2
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || c == '&' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicates() {
        assert!(
            is_word_char('é') && is_word_char('中') && !is_word_char('-') && !is_word_char('\'')
        );
        assert!(is_scriptio_continua('中') && !is_scriptio_continua('a'));
        assert!(
            is_acronym_token("ACCWS") && !is_acronym_token("A") && !is_acronym_token("ABCDEFG")
        );
        assert!(!is_acronym_token("Un") && !is_acronym_token("G7"));
        assert!(is_roman_numeral("XXI") && !is_roman_numeral("SCO"));
        assert!(
            is_definable_acronym("CICA")
                && is_definable_acronym("SDGs")
                && !is_definable_acronym("Asia")
        );
    }
}
