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
