//! Renames in glossary files: an entry's id (its definition and every
//! reference to it, across the workspace glossary files) and an entry's
//! preferred label, computed from the parsers' spans and re-quoted for TOML
//! or JSON. Must not touch the embedded glossary or documents (the LSP layer
//! adds the mentions a label rename changes, from [`super::navigate`]).

use std::ops::Range;
use std::path::Path;

use super::navigate::entry_at_in_glossary;
use crate::glossary::edit::replace_value;
use crate::glossary::spans::{inside_quotes, reference_paths};
use crate::glossary::{EntryId, Format, Glossary};

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

/// Edits (per workspace source index, sorted by position) that rename id
/// `old` to `new`: its definition and every `broader`, `related` and `of`
/// that names it. Each edit replaces a whole quoted value.
pub fn rename_id(glossary: &Glossary, old: &str, new: &str) -> Vec<(usize, Vec<Replacement>)> {
    let mut per_source: Vec<Vec<Replacement>> = vec![Vec::new(); glossary.sources.len()];
    for id in glossary.ids() {
        let entry = glossary.entry(id);
        let source = &glossary.sources[entry.source];
        if source.embedded {
            continue;
        }
        let mut spans: Vec<Range<usize>> = Vec::new();
        if entry.def.id == old {
            spans.push(entry.id_span.clone());
        }
        spans.extend(
            reference_paths(&entry.def)
                .into_iter()
                .filter(|(_, _, target)| *target == old)
                .filter_map(|(_, path, _)| entry.field_span(&path)),
        );
        let format = Format::from_path(&source.name);
        per_source[entry.source].extend(
            spans
                .into_iter()
                .map(|span| replace_value(format, &source.text, span, new)),
        );
    }
    per_source
        .into_iter()
        .enumerate()
        .filter(|(_, edits)| !edits.is_empty())
        .map(|(i, mut edits)| {
            edits.sort_by_key(|e| e.0.start);
            edits.dedup_by_key(|e| e.0.start);
            (i, edits)
        })
        .collect()
}

/// The edit that sets the preferred label of `id` to `new_label`: (source
/// index, byte range of the quoted `label` value, the new quoted value).
pub fn label_edit(
    glossary: &Glossary,
    id: EntryId,
    new_label: &str,
) -> Result<(usize, Range<usize>, String), String> {
    let entry = glossary.entry(id);
    let source = &glossary.sources[entry.source];
    if source.embedded {
        return Err("entries of the embedded glossary cannot be renamed".to_string());
    }
    if new_label.trim().is_empty() || new_label.contains(['"', '\n', '\r']) {
        return Err("a label must be non-empty, on one line, without quotes".to_string());
    }
    let Some(span) = entry.field_span("label") else {
        return Err("cannot find the entry's `label` in its glossary file".to_string());
    };
    let (range, text) = replace_value(
        Format::from_path(&source.name),
        &source.text,
        span,
        new_label,
    );
    Ok((entry.source, range, text))
}

/// What an id rename from glossary file `path` at `offset` would change: the
/// range inside the id's quotes and the current id as placeholder; `None`
/// when the file has no entries; an error when the cursor is in an entry but
/// not on its id.
pub fn prepare_id(
    glossary: &Glossary,
    path: &Path,
    offset: usize,
) -> Result<Option<(Range<usize>, String)>, String> {
    let Some(id) = entry_at_in_glossary(glossary, path, offset) else {
        return Ok(None);
    };
    let entry = glossary.entry(id);
    if !(entry.id_span.start <= offset && offset <= entry.id_span.end) {
        return Err("put the cursor on the entry's id to rename it".to_string());
    }
    let text = &glossary.source_of(id).text;
    Ok(Some((
        inside_quotes(text, entry.id_span.clone()),
        entry.def.id.clone(),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::store::GlossaryStore;
    use crate::recognize::matcher::Matcher;
    use std::sync::Arc;

    fn glossary(files: &[(&str, &str)]) -> Arc<Glossary> {
        let mut store = GlossaryStore::new(false);
        for (path, text) in files {
            store.set_file(Path::new(path), *text);
        }
        let r = store.rebuild();
        assert!(r.problems.values().all(Vec::is_empty), "{:?}", r.problems);
        r.glossary
    }

    fn apply(text: &str, edits: &[Replacement]) -> String {
        let mut out = text.to_string();
        for (range, new) in edits.iter().rev() {
            out.replace_range(range.clone(), new);
        }
        out
    }

    #[test]
    fn renames_definition_and_references() {
        let a = "[[entry]]\nid = \"acme\"\nlabel = \"Acme\"\nkind = \"concept\"\n";
        let b = "[[entry]]\nid = \"b\"\nlabel = \"Bee acme\"\nkind = \"person\"\nrelated = [\n  \"x\",\n  'acme', # the council\n]\nroles = [{ title = \"acme\", of = \"acme\" }]\n\n[[entry]]\nid = \"x\"\nlabel = \"X\"\nkind = \"concept\"\n";
        let g = glossary(&[("/w/a.toml", a), ("/w/b.toml", b)]);
        assert!(check_new_id(&g, "b").is_err());
        assert!(check_new_id(&g, "a b").is_err());
        let edits = rename_id(&g, "acme", "acme-council");
        let total: usize = edits.iter().map(|(_, e)| e.len()).sum();
        assert_eq!(total, 3, "{edits:?}"); // id, related, of — not the title
        let text_of = |i: usize| g.sources[i].text.to_string();
        for (source, list) in &edits {
            let done = apply(&text_of(*source), list);
            assert!(
                !done.contains("\"acme\"") || done.contains("title = \"acme\""),
                "{done}"
            );
            if g.sources[*source].name.ends_with("b.toml") {
                assert!(done.contains("  'acme-council', # the council\n"), "{done}");
                assert!(
                    done.contains("{ title = \"acme\", of = \"acme-council\" }"),
                    "{done}"
                );
            }
        }
    }

    #[test]
    fn renames_ids_in_json() {
        let a = "{\"entry\": [\n  {\"id\": \"acme\", \"label\": \"Acme\", \"kind\": \"concept\"},\n  {\"id\": \"b\", \"label\": \"B\", \"kind\": \"concept\", \"broader\": [\"acme\"]}\n]}\n";
        let g = glossary(&[("/w/a.json", a)]);
        let edits = rename_id(&g, "acme", "acme.council");
        assert_eq!(edits.len(), 1);
        let done = apply(a, &edits[0].1);
        assert_eq!(done, a.replace("\"acme\"", "\"acme.council\""));
    }

    #[test]
    fn label_edit_requotes_and_refuses_bad_labels() {
        let toml = "[[entry]]\nid = \"a\"\nlabel = 'Ålpha'  # preferred\nkind = \"concept\"\n";
        let json = "{\"entry\": [{\"id\": \"j\", \"label\": \"Jay\", \"kind\": \"concept\"}]}";
        let g = glossary(&[("/w/a.toml", toml), ("/w/j.json", json)]);
        let a = g.by_id("a").expect("a");
        let (source, range, new) = label_edit(&g, a, "Älpha \\ Body").expect("edit");
        assert_eq!(&g.sources[source].text[range.clone()], "'Ålpha'");
        assert_eq!(new, "'Älpha \\ Body'");
        let done = apply(toml, &[(range, new)]);
        assert!(
            done.contains("label = 'Älpha \\ Body'  # preferred\n"),
            "{done}"
        );
        let j = g.by_id("j").expect("j");
        let (_, range, new) = label_edit(&g, j, "Jay \\ Kay").expect("edit");
        assert_eq!(&json[range], "\"Jay\"");
        assert_eq!(new, "\"Jay \\\\ Kay\"");
        for bad in ["", "  ", "a \"b\"", "two\nlines"] {
            assert_eq!(
                label_edit(&g, a, bad),
                Err("a label must be non-empty, on one line, without quotes".to_string())
            );
        }
    }

    #[test]
    fn label_edit_refuses_embedded_entries() {
        let matcher = Matcher::from_toml("", true).expect("the embedded glossary loads");
        let g = matcher.glossary();
        let Some(first) = g.ids().next() else { return };
        assert_eq!(
            label_edit(g, first, "New"),
            Err("entries of the embedded glossary cannot be renamed".to_string())
        );
        assert!(rename_id(g, &g.entry(first).def.id, "new-id").is_empty());
    }

    #[test]
    fn prepare_id_only_on_the_id() {
        let text = "# People\r\n[[entry]]\r\nid   =   \"zhōu\"\r\nlabel = \"Zhōu Ēnlái\"\r\nkind = \"person\"\r\n";
        let g = glossary(&[("/w/p.toml", text)]);
        let path = Path::new("/w/p.toml");
        let on_id = text.find("zhōu").expect("id") + 2;
        let (range, placeholder) = prepare_id(&g, path, on_id).expect("ok").expect("some");
        assert_eq!(&text[range], "zhōu");
        assert_eq!(placeholder, "zhōu");
        assert_eq!(
            prepare_id(&g, path, text.find("Ēnlái").expect("label")),
            Err("put the cursor on the entry's id to rename it".to_string())
        );
        assert_eq!(prepare_id(&g, Path::new("/w/other.toml"), 0), Ok(None));
    }
}
