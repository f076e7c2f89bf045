//! Arbitrary bytes as a TOML and as a JSON glossary file through the loader
//! (parse, checks, merge, matcher build): it returns a matcher or located
//! problems (source, range within the text on character boundaries, line
//! and column matching the range, a message), and never panics.
//! Bytes that are not UTF-8 are read lossily (the workspace refuses them
//! before the loader sees them).
#![no_main]

use gloss::problem::Problem;
use gloss::recognize::matcher::Matcher;
use gloss::text::position::LineIndex;
use libfuzzer_sys::fuzz_target;

fn check_located(name: &str, text: &str, problems: &[Problem]) {
    assert!(!problems.is_empty(), "{name}: an error without any problem");
    let lines = LineIndex::new(text);
    for p in problems {
        assert_eq!(p.source, name, "problem in another file: {p:?}");
        assert!(
            p.range.start <= p.range.end && p.range.end <= text.len(),
            "{name}: range outside the text ({} bytes): {p:?}",
            text.len()
        );
        assert!(
            text.is_char_boundary(p.range.start) && text.is_char_boundary(p.range.end),
            "{name}: range not on character boundaries: {p:?}"
        );
        assert_eq!(
            lines.char_position(text, p.range.start),
            (p.line, p.column),
            "{name}: line and column do not match the range: {p:?}"
        );
        assert!(!p.message.trim().is_empty(), "{name}: empty message: {p:?}");
        let _ = p.to_string();
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for name in ["glossary.toml", "glossary.json"] {
        if let Err(problems) = Matcher::from_glossary_text(name, &text, false) {
            check_located(name, &text, &problems);
        }
    }
});
