//! TEMPORARY: the label and id rename helpers another helper is moving into
//! `analysis::rename` with exact spans (`label_edit`, `prepare_id`). Same
//! signatures as theirs, so that callers switch with one `use` line once
//! they land; then this file goes.

use std::ops::Range;
use std::path::Path;

use crate::analysis::navigate::{entry_at_in_glossary, value_span};
use crate::glossary::{EntryId, Glossary};

pub fn label_edit(
    glossary: &Glossary,
    id: EntryId,
    new_label: &str,
) -> Result<(usize, Range<usize>, String), String> {
    let entry = glossary.entry(id);
    if glossary.source_of(id).embedded {
        return Err("entries of the embedded glossary cannot be renamed".to_string());
    }
    if new_label.is_empty() || new_label.contains(['"', '\n']) {
        return Err("a label must be non-empty, on one line, without quotes".to_string());
    }
    let Some(span) = value_span(glossary, id, "label") else {
        return Err("cannot find the entry's `label` in its glossary file".to_string());
    };
    Ok((entry.source, span, new_label.to_string()))
}

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
    Ok(Some((
        entry.id_span.start + 1..entry.id_span.end - 1,
        entry.def.id.clone(),
    )))
}
