//! Arbitrary text through the Markdown non-prose mask: no panic, and the
//! ranges are what `gloss::markdown::non_prose` promises: non-empty, within
//! the text, on character boundaries, sorted and disjoint. The long-range
//! syntax test (`has_long_range_syntax`) must not panic either.
#![no_main]

use gloss::markdown::{has_long_range_syntax, non_prose};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mask = non_prose(&text);
    let mut previous_end = 0;
    for (range, kind) in &mask {
        assert!(
            range.start < range.end,
            "empty range {range:?} ({kind:?}) in {text:?}"
        );
        assert!(
            range.end <= text.len(),
            "range {range:?} past the end ({}) of {text:?}",
            text.len()
        );
        assert!(
            text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
            "range {range:?} not on character boundaries in {text:?}"
        );
        assert!(
            range.start >= previous_end,
            "range {range:?} starts before the previous one ends ({previous_end}) in {text:?}"
        );
        previous_end = range.end;
    }
    let _ = has_long_range_syntax(&text);
});
