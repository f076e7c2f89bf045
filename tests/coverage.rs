//! Coverage of the embedded default glossary on the corpus texts.
//!
//! For each text in `../shared/corpus/` this prints (see it with
//! `cargo test --test coverage -- --nocapture`) the mentions found by entry
//! kind, the capitalised multi-word names that no mention covers, and the
//! all-caps tokens that nothing recognised. It fails when an all-caps token is
//! left unrecognised (beyond a tiny allowlist) or when a text yields fewer
//! mentions than it did when the figures below were set, so that a change to
//! the glossary or the matcher that loses recognitions shows up.

use std::collections::BTreeMap;
use std::ops::Range;
mod support;

use gloss::index::document::{Document, Language};
use gloss::recognize::matcher::Matcher;

/// All-caps tokens in the corpus that are deliberately not glossary entries.
const ALLOWED_CAPS: &[&str] = &[
    // "ACCWS" appears once in a speaker list without any expansion; we do not
    // know which body it abbreviates, so we do not guess an entry for it.
    "ACCWS", // "CN" is a bare country-code fragment (as in a URL or code), not a name.
    "CN",
];

/// Minimum number of mentions per corpus text (file name → count), set a
/// little under the figures measured when this test was written (211, 64
/// and 362); raise them when the glossary recognises more.
const MIN_MENTIONS: &[(&str, usize)] = &[
    ("asian-security-architecture-remarks-2014.txt", 200),
    ("siis-symposium-rebuilding-consensus-2023.txt", 60),
    ("three-core-concepts-sino-russian-cooperation.txt", 345),
];

use support::names::capitalised_names;

struct Report {
    mentions: usize,
    by_kind: BTreeMap<&'static str, usize>,
    uncovered_names: Vec<String>,
    unknown_caps: Vec<String>,
}

fn report(text: &str, matcher: &Matcher) -> Report {
    let doc = Document::new(text, 0, Language::Plain, matcher);
    let mut by_kind = BTreeMap::new();
    let mut covered: Vec<Range<usize>> = Vec::new();
    for span in doc.index.mentions.iter() {
        let surface = matcher.surface(*span.data);
        let kind = surface
            .entries
            .first()
            .map(|(id, _)| matcher.glossary().entry(*id).def.kind.as_str())
            .unwrap_or("?");
        *by_kind.entry(kind).or_insert(0) += 1;
        covered.push(span.start..span.end);
    }
    let overlaps = |r: &Range<usize>| covered.iter().any(|c| c.start < r.end && r.start < c.end);
    let mut uncovered_names: Vec<String> = capitalised_names(text)
        .into_iter()
        .filter(|r| !overlaps(r))
        .map(|r| text[r].split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    uncovered_names.sort();
    uncovered_names.dedup();
    let mut unknown_caps: Vec<String> = doc
        .index
        .tokens
        .iter()
        .filter(|t| !overlaps(&(t.start..t.end)))
        .map(|t| t.data.to_string())
        .collect();
    unknown_caps.sort();
    unknown_caps.dedup();
    Report {
        mentions: doc.index.mentions.len(),
        by_kind,
        uncovered_names,
        unknown_caps,
    }
}

#[test]
fn corpus_coverage() {
    let Some(dir) = support::corpus_dir() else {
        return;
    };
    let matcher = Matcher::from_toml("", true).expect("the embedded glossary loads");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).expect("read corpus text");
        let r = report(&text, &matcher);
        println!("== {name}");
        println!("   mentions: {} {:?}", r.mentions, r.by_kind);
        println!(
            "   capitalised names not recognised ({}): {:?}",
            r.uncovered_names.len(),
            r.uncovered_names
        );
        println!(
            "   all-caps tokens not recognised ({}): {:?}",
            r.unknown_caps.len(),
            r.unknown_caps
        );
        for t in &r.unknown_caps {
            let core = t.strip_suffix('s').filter(|c| c.len() >= 2).unwrap_or(t);
            if !ALLOWED_CAPS.contains(&t.as_str()) && !ALLOWED_CAPS.contains(&core) {
                failures.push(format!("{name}: all-caps token {t:?} not recognised"));
            }
        }
        if let Some((_, min)) = MIN_MENTIONS.iter().find(|(n, _)| *n == name) {
            if r.mentions < *min {
                failures.push(format!(
                    "{name}: {} mentions, expected at least {min}",
                    r.mentions
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
