//! A Markdown document under a fuzzer-chosen edit sequence: after each edit,
//! its incremental index (non-prose mask included through its effect) equals
//! a fresh open of its text (see `gloss_fuzz::run_edit_sequence`).
#![no_main]

use gloss::index::document::Language;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gloss_fuzz::run_edit_sequence(data, Language::Markdown);
});
