//! TEMPORARY: feature functions that other helpers are moving into
//! `analysis/` (entry hover card, code lenses, completion context, label
//! rename). Same signatures as theirs, so that the server switches with one
//! `use` line once they land; then this file goes.

use std::ops::Range;
use std::path::Path;

use ropey::Rope;

use crate::analysis::completion::{Candidate, glossary_ids, prose};
use crate::analysis::navigate::{entry_at_in_glossary, value_span};
use crate::glossary::{EntryId, Glossary};
use crate::index::DocIndex;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MentionTally {
    pub total: usize,
    pub files: Vec<(String, usize)>,
}

impl MentionTally {
    pub fn from_counts(counts: impl IntoIterator<Item = (String, usize)>) -> MentionTally {
        let mut files: Vec<(String, usize)> = Vec::new();
        for (name, count) in counts {
            if count == 0 {
                continue;
            }
            match files.iter_mut().find(|(known, _)| *known == name) {
                Some(file) => file.1 += count,
                None => files.push((name, count)),
            }
        }
        files.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        MentionTally {
            total: files.iter().map(|(_, count)| count).sum(),
            files,
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

pub fn entry_card(glossary: &Glossary, id: EntryId, tally: &MentionTally) -> String {
    let def = &glossary.entry(id).def;
    let mut md = format!(
        "**{}** · _{}_ · `{}`\n\n",
        def.label,
        def.kind.as_str(),
        def.id
    );
    if let Some(d) = &def.description {
        md.push_str(d);
        md.push_str("\n\n");
    }
    let files = tally.files.len();
    md.push_str(&format!(
        "**Mentioned {} time{} in {} file{}**",
        tally.total,
        plural(tally.total),
        files,
        plural(files)
    ));
    for (name, n) in tally.files.iter().take(10) {
        md.push_str(&format!("\n- {name} ({n})"));
    }
    if files > 10 {
        md.push_str(&format!("\n- … and {} more files", files - 10));
    }
    md
}

pub struct Lens {
    pub entry: EntryId,
    pub range: Range<usize>,
    pub title: String,
}

pub fn glossary_lenses(
    glossary: &Glossary,
    source: usize,
    mut tally: impl FnMut(EntryId) -> (usize, usize),
) -> Vec<Lens> {
    glossary
        .ids()
        .filter(|id| glossary.entry(*id).source == source)
        .map(|id| {
            let (mentions, files) = tally(id);
            Lens {
                entry: id,
                range: glossary.entry(id).id_span.clone(),
                title: format!(
                    "{mentions} mention{} in {files} file{}",
                    plural(mentions),
                    plural(files)
                ),
            }
        })
        .collect()
}

pub fn source_index(glossary: &Glossary, path: &Path) -> Option<usize> {
    glossary
        .sources
        .iter()
        .position(|s| s.path.as_deref() == Some(path))
}

pub fn in_glossary(glossary: &Glossary, text: &str, offset: usize) -> Vec<Candidate> {
    let Some(before_cursor) = text.get(..offset) else {
        return Vec::new();
    };
    let line_start = before_cursor.rfind('\n').map_or(0, |i| i + 1);
    let line_before = &before_cursor[line_start..];
    let before = &text[..line_start];
    let array_key = before.rfind('[').and_then(|open| {
        let closed = before[open..].contains(']');
        let key_line = &before[before[..open].rfind('\n').map_or(0, |i| i + 1)..open];
        (!closed).then(|| key_line.trim().trim_end_matches('=').trim().to_string())
    });
    glossary_ids(glossary, line_before, array_key.as_deref(), offset).unwrap_or_default()
}

pub fn in_document(
    index: &DocIndex,
    rope: &Rope,
    glossary: &Glossary,
    offset: usize,
    limit: usize,
) -> Option<Vec<Candidate>> {
    if let Some(mask) = &index.mask
        && mask
            .at(offset, false)
            .is_some_and(|m| *m.data == crate::markdown::MaskKind::Block)
    {
        return None;
    }
    let line_start = rope.line_to_byte(rope.byte_to_line(offset));
    let line_before = rope.byte_slice(line_start..offset).to_string();
    Some(prose(glossary, &line_before, offset, limit))
}

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
