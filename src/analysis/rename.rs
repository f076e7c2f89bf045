//! Renames: an entry's id across every workspace glossary file. (Renaming a
//! preferred label is planned by the LSP layer from [`super::navigate`].)

use std::ops::Range;

use crate::glossary::Glossary;

/// A byte range and its new text.
pub type Replacement = (Range<usize>, String);

/// Why a new id is not acceptable, if it is not.
pub fn check_new_id(glossary: &Glossary, new: &str) -> Result<(), String> {
    if new.is_empty()
        || new
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '\'' || c == '\\')
    {
        return Err(format!(
            "“{new}” is not a valid id: use letters, digits, '-', '_' or '.'"
        ));
    }
    if glossary.by_id(new).is_some() {
        return Err(format!("the id “{new}” is already used; choose another"));
    }
    Ok(())
}

/// Edits (per workspace source index) that rename id `old` to `new`: its
/// definition and every `broader`, `related` and `of` that names it.
pub fn rename_id(glossary: &Glossary, old: &str, new: &str) -> Vec<(usize, Vec<Replacement>)> {
    let mut out = Vec::new();
    for (i, source) in glossary.sources.iter().enumerate() {
        if source.embedded {
            continue;
        }
        let text = &source.text;
        let mut edits = Vec::new();
        for quote in ['"', '\''] {
            let quoted = format!("{quote}{old}{quote}");
            for (at, _) in text.match_indices(&quoted) {
                if names_an_id(text, at) {
                    edits.push((at + 1..at + 1 + old.len(), new.to_string()));
                }
            }
        }
        edits.sort_by_key(|e| e.0.start);
        if !edits.is_empty() {
            out.push((i, edits));
        }
    }
    out
}

/// Whether the string literal at `at` is the value of an id-valued key
/// (`id`, `broader`, `related`, `of`), also inside a multi-line array.
fn names_an_id(text: &str, at: usize) -> bool {
    let before = &text[..at];
    // The nearest key before the literal: `key =` / `"key":`.
    let mut depth = 0i32;
    for (i, c) in before.char_indices().rev() {
        match c {
            ']' => depth += 1,
            '[' => {
                if depth == 0 {
                    continue;
                }
                depth -= 1;
            }
            '=' | ':' if depth == 0 => {
                let key = before[..i].trim_end().trim_end_matches('"');
                let start = key
                    .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                    .map_or(0, |j| j + 1);
                return matches!(&key[start..], "id" | "broader" | "related" | "of");
            }
            '\n' if depth == 0 && !before[..i].trim_end().ends_with([',', '[']) => {}
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::store::GlossaryStore;
    use std::path::Path;

    #[test]
    fn renames_definition_and_references() {
        let a = "[[entry]]\nid = \"acme\"\nlabel = \"Acme\"\nkind = \"concept\"\n";
        let b = "[[entry]]\nid = \"b\"\nlabel = \"Bee acme\"\nkind = \"person\"\nrelated = [\n  \"x\",\n  \"acme\",\n]\nroles = [{ title = \"acme\", of = \"acme\" }]\n\n[[entry]]\nid = \"x\"\nlabel = \"X\"\nkind = \"concept\"\n";
        let mut store = GlossaryStore::new(false);
        store.set_file(Path::new("/w/a.toml"), a);
        store.set_file(Path::new("/w/b.toml"), b);
        let r = store.rebuild();
        assert!(r.problems.values().all(Vec::is_empty), "{:?}", r.problems);
        let g = r.glossary;
        assert!(check_new_id(&g, "b").is_err());
        assert!(check_new_id(&g, "a b").is_err());
        let edits = rename_id(&g, "acme", "acme-council");
        let total: usize = edits.iter().map(|(_, e)| e.len()).sum();
        assert_eq!(total, 3, "{edits:?}"); // id, related, of — not the title
    }
}
