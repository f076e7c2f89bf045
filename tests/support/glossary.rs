//! The shared test glossary (`test_glossary.toml`) and the library's
//! matcher built from a glossary text: the subject the matching and
//! incremental tests run, never what they check it against.

use std::sync::Arc;

use gloss::recognize::matcher::Matcher;

/// The glossary the matching rules and the incremental index are checked
/// against (see the comments at the top of the file).
pub const TEST_GLOSSARY: &str = include_str!("test_glossary.toml");

/// The matcher of the glossary `text` named `name` (`.json` is JSON, anything
/// else TOML), without the embedded default glossary. Panics with the
/// problems when the glossary has any.
pub fn matcher_of(name: &str, text: &str) -> Arc<Matcher> {
    match Matcher::from_glossary_text(name, text, false) {
        Ok(matcher) => Arc::new(matcher),
        Err(problems) => panic!("the test glossary {name} has problems: {problems:?}"),
    }
}

/// A TOML glossary that writes each of the ids `e0`…`e{entries-1}` twice,
/// so that every second entry is a `duplicate-id` error: one comment line,
/// then five lines per entry (blank, header, id, label, kind).
pub fn each_id_twice(entries: usize) -> String {
    let mut text = String::from("# Two of each id: every second entry is a duplicate.\n");
    for i in 0..entries {
        for copy in ["a", "b"] {
            text.push_str(&format!(
                "\n[[entry]]\nid = \"e{i}\"\nlabel = \"Entry {i} {copy}\"\nkind = \"concept\"\n"
            ));
        }
    }
    text
}
