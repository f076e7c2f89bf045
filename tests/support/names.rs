//! Capitalised names in running text, for the coverage tests: what an
//! analyst would mark as a name, found without the glossary.

use std::ops::Range;

/// Words allowed inside a capitalised multi-word name ("Ministry of Foreign Affairs").
pub const NAME_GLUE: &[&str] = &["of", "and", "for", "the", "on", "in"];

pub fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
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
