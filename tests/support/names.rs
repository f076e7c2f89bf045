//! Capitalised names in running text, for the coverage tests: what an
//! analyst would mark as a name, found without the glossary.

use std::ops::Range;

/// Words allowed inside a capitalised multi-word name ("Ministry of Foreign
/// Affairs"). "and" is not one: "Fannie Mae and Freddie Mac", "Detroit and
/// Toledo" are two names each, and a name with "and" inside ("Trinidad and
/// Tobago") is counted as its parts.
pub const NAME_GLUE: &[&str] = &["of", "for", "the", "on", "in"];

/// A capitalised word that can be part of a name: not a contraction ("I'm",
/// "That's", "They're": a pronoun or function word with a verb), which is
/// capitalised only because it starts a sentence.
pub fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.any(char::is_lowercase)
        && !is_contraction(word)
}

fn is_contraction(word: &str) -> bool {
    let Some(i) = word.find(['\'', '’']) else {
        return false;
    };
    let tail = &word[i + word[i..].chars().next().map_or(1, char::len_utf8)..];
    matches!(tail, "m" | "re" | "ve" | "ll" | "d" | "t")
        || (tail == "s" && gloss::decide::english::is_common_sentence_start(&word[..i]))
}

/// A word with its possessive ending removed ("Romney's" → "Romney").
fn without_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
}

/// Byte ranges of runs of 2+ capitalised words, with glue words allowed inside.
pub fn capitalised_names(text: &str) -> Vec<Range<usize>> {
    let is_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '’' || c == '-';
    // Words with their byte ranges; a break in the run is anything other than
    // spaces/tabs or a single line break between two words.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (start, is_word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, text.len()));
    }
    // A double hyphen is a dash ("Dream--is"): it ends a word.
    let words: Vec<(usize, usize)> = words
        .into_iter()
        .flat_map(|(s, e)| {
            let mut parts = Vec::new();
            let mut at = s;
            while let Some(k) = text[at..e].find("--") {
                parts.push((at, at + k));
                at += k + 2;
            }
            parts.push((at, e));
            parts.into_iter().filter(|(a, b)| a < b)
        })
        .map(|(s, e)| (s, s + without_possessive(&text[s..e]).len()))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !is_capitalised(&text[words[i].0..words[i].1]) {
            i += 1;
            continue;
        }
        // Extend the run: capitalised words, or glue words followed by a capitalised word.
        let mut last_cap = i;
        let mut capitals = 1;
        let mut j = i + 1;
        while j < words.len() {
            let gap = &text[words[j - 1].1..words[j].0];
            if !gap.chars().all(|c| c == ' ' || c == '\t' || c == '\n')
                || gap.matches('\n').count() > 1
            {
                break;
            }
            let w = &text[words[j].0..words[j].1];
            if is_capitalised(w) {
                last_cap = j;
                capitals += 1;
            } else if !NAME_GLUE.contains(&w) {
                break;
            }
            j += 1;
        }
        if capitals >= 2 {
            out.push(words[i].0..words[last_cap].1);
        }
        i = last_cap + 1;
    }
    out
}
