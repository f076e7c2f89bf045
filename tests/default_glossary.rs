//! The embedded default glossary is a dataset: every file parses against the
//! schema's types, ids are unique, references resolve, labels are not claimed
//! twice, and no label that is an ordinary English word matches prose.

mod support;

use gloss::glossary::embedded;
use gloss::glossary::store::GlossaryStore;
use gloss::glossary::{LabelRole, surfaces};
use gloss::index::document::{Document, Language};
use gloss::recognize::matcher::Matcher;
use std::sync::Arc;

#[test]
fn every_embedded_file_loads_without_problems() {
    assert!(
        embedded::FILES.len() >= 7,
        "the default glossary is split by domain"
    );
    assert_eq!(
        embedded::files().len(),
        embedded::FILES.len(),
        "every embedded file parses"
    );
    let r = GlossaryStore::new(true).rebuild();
    let problems: Vec<String> = r
        .problems
        .values()
        .flatten()
        .map(|p| p.to_string())
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(r.glossary.entries.len() > 500);
}

/// Common English words (lower case) that must never be matched case-insensitively.
const COMMON_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "for",
    "with",
    "as",
    "by",
    "at",
    "from",
    "is",
    "are",
    "was",
    "be",
    "it",
    "this",
    "that",
    "we",
    "us",
    "our",
    "who",
    "what",
    "may",
    "will",
    "can",
    "must",
    "china",
    "turkey",
    "chad",
    "chile",
    "guinea",
    "japan",
    "panama",
    "jordan",
    "georgia",
    "niger",
    "order",
    "security",
    "development",
    "peace",
    "summit",
    "council",
    "union",
    "community",
    "state",
    "states",
    "nation",
    "nations",
    "world",
    "west",
    "east",
    "south",
    "north",
    "global",
    "international",
    "cooperation",
    "partnership",
    "system",
    "law",
    "report",
    "charter",
    "declaration",
    "initiative",
    "forum",
    "group",
    "party",
    "president",
    "minister",
    "chair",
    "bank",
    "fund",
    "court",
    "agency",
    "institute",
    "program",
    "programme",
    "trade",
    "health",
    "energy",
    "food",
    "climate",
    "change",
    "crisis",
    "war",
    "mission",
    "office",
    "china's",
    "trump",
    "quad",
    "sun",
    "long",
    "li",
    "mao",
    "wang",
    "zhang",
    "chen",
];

#[test]
fn no_common_word_matches_case_insensitively() {
    let r = GlossaryStore::new(true).rebuild();
    let mut bad = Vec::new();
    for e in &r.glossary.entries {
        for s in surfaces(&e.def) {
            let lower = s.text.to_lowercase();
            if !s.case_sensitive && COMMON_WORDS.contains(&lower.as_str()) {
                bad.push(format!("{} ({:?} of {})", s.text, s.role, e.def.id));
            }
            if s.role == LabelRole::Acronym && s.text.chars().count() < 2 {
                bad.push(format!("one-letter acronym {} of {}", s.text, e.def.id));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "labels that would match ordinary prose: {bad:?}"
    );
}

#[test]
fn ordinary_words_in_the_corpus_have_no_hover() {
    let Some(dir) = support::corpus_dir() else {
        return;
    };
    let m = Arc::new(Matcher::from_toml("", true).expect("the embedded glossary loads"));
    let words = [
        "the",
        "and",
        "security",
        "order",
        "development",
        "cooperation",
        "may",
        "who",
        "us",
        "will",
    ];
    for entry in std::fs::read_dir(dir).expect("corpus") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        let doc = Document::new(&text, 0, Language::Plain, &m);
        for w in words {
            for (at, _) in text.match_indices(w) {
                let before = text[..at].chars().next_back();
                let after = text[at + w.len()..].chars().next();
                if before.is_some_and(char::is_alphanumeric)
                    || after.is_some_and(char::is_alphanumeric)
                {
                    continue;
                }
                let hit = gloss::analysis::hover::hover(&doc.index, &doc.rope, &m, at);
                // A lone common word may only be part of a longer recognised term.
                if let Some(card) = hit {
                    assert!(
                        card.range.end - card.range.start > w.len(),
                        "{}: ordinary word {w:?} at {at} has a hover: {}",
                        path.display(),
                        card.markdown
                    );
                }
            }
        }
    }
}
