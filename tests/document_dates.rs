//! Document dates (issue 12) on the real texts of `../shared/corpus/`: prints
//! the date detected for every file (`cargo test --test document_dates --
//! --nocapture`) and checks the files whose date is known. Skipped (with a
//! `SKIPPED:` line) without the corpus; set `GLOSS_CORPUS` to its folder.

mod support;

use gloss::time::document_date::detect;

/// Corpus files and the date they were published (from their own heads),
/// `None` for the undated essay.
const KNOWN: [(&str, Option<&str>); 3] = [
    // "Nov 04 2014" above the title; "31 October 2014, Shanghai" (the day
    // of the speech) comes later: the first dateline wins.
    (
        "asian-security-architecture-remarks-2014.txt",
        Some("4 November 2014 (from the dateline, line 2)"),
    ),
    (
        "siis-symposium-rebuilding-consensus-2023.txt",
        Some("24 May 2023 (from the dateline, line 7)"),
    ),
    ("three-core-concepts-sino-russian-cooperation.txt", None),
];

#[test]
fn corpus_texts_are_dated_from_their_heads() {
    let Some(dir) = support::corpus_dir() else {
        return;
    };
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("the corpus folder is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    for path in entries {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let date = detect(&text, Some(&name)).map(|d| d.describe());
        println!("{name}: {}", date.as_deref().unwrap_or("no date"));
        if let Some((_, expected)) = KNOWN.iter().find(|(known, _)| *known == name) {
            assert_eq!(date.as_deref(), *expected, "{name}");
        }
    }
}
