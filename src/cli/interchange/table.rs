//! A simple CSV glossary: one entry per row, lists separated by `|`.
//!
//! Columns (any order; only `label` is required): `id`, `label`, `kind`,
//! `aliases`, `acronyms`, `hidden`, `description`, `broader`, `related`,
//! `links`. `uri`/`url` are read as `links`, `altLabel` as `aliases`,
//! `prefLabel` as `label`, `definition` as `description`.

use super::{Imported, entry, parse_kind, push_unique, slug};
use crate::cli::CliError;
use crate::glossary::model::{GlossaryFile, HiddenLabel, Kind};
use std::sync::Arc;

pub const COLUMNS: [&str; 10] = [
    "id",
    "label",
    "kind",
    "aliases",
    "acronyms",
    "hidden",
    "description",
    "broader",
    "related",
    "links",
];

fn canonical(header: &str) -> Option<&'static str> {
    let h = header.trim().to_ascii_lowercase();
    let h = match h.as_str() {
        "uri" | "url" | "link" | "exactmatch" => "links",
        "altlabel" | "alias" => "aliases",
        "preflabel" | "name" => "label",
        "definition" => "description",
        "acronym" => "acronyms",
        "hiddenlabel" => "hidden",
        h => h,
    };
    COLUMNS.iter().copied().find(|c| *c == h)
}

fn list(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in s.split('|') {
        push_unique(&mut out, part);
    }
    out
}

pub fn read(name: &str, text: &str) -> Result<Imported, CliError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            CliError::new(format!(
                "{name}:1:1: {e}; the first line must name the columns"
            ))
        })?
        .clone();
    let mut columns = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        match canonical(h) {
            Some(c) => columns.push(c),
            None => {
                return Err(CliError::new(format!(
                    "{name}:1:{}: unknown column {h:?}; use {} (lists separated by `|`)",
                    i + 1,
                    COLUMNS.join(", ")
                )));
            }
        }
    }
    if !columns.contains(&"label") {
        return Err(CliError::new(format!(
            "{name}:1:1: no `label` column; add one with each entry's preferred name"
        )));
    }
    let mut imported = Imported::default();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            CliError::new(format!(
                "{name}:{line}:1: {e}; every row needs as many fields as the header (quote fields that contain commas)"
            ))
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let get = |c: &str| {
            columns
                .iter()
                .position(|x| *x == c)
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .trim()
        };
        let label = get("label");
        if label.is_empty() {
            let col = columns.iter().position(|c| *c == "label").unwrap_or(0) + 1;
            return Err(CliError::new(format!(
                "{name}:{line}:{col}: empty label; give every row a preferred name"
            )));
        }
        let kind = match get("kind") {
            "" => Kind::Concept,
            k => parse_kind(k).ok_or_else(|| {
                let col = columns.iter().position(|c| *c == "kind").unwrap_or(0) + 1;
                CliError::new(format!(
                    "{name}:{line}:{col}: unknown kind {k:?}; use concept, organization, person, place, document, event or other"
                ))
            })?,
        };
        let id = match get("id") {
            "" => slug(label),
            id => id.to_string(),
        };
        let mut e = entry(id, label.to_string(), kind);
        e.aliases = list(get("aliases")).into();
        e.acronyms = list(get("acronyms")).into();
        e.hidden = list(get("hidden"))
            .into_iter()
            .map(HiddenLabel::Plain)
            .collect();
        let d = get("description");
        e.description = (!d.is_empty()).then(|| d.to_string());
        e.broader = list(get("broader")).into();
        e.related = list(get("related")).into();
        e.links = list(get("links")).into();
        imported.file.entries.push(Arc::new(e));
    }
    Ok(imported)
}

pub fn write(file: &GlossaryFile) -> Result<String, CliError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| CliError::new(format!("cannot write CSV: {e}"));
    w.write_record(COLUMNS).map_err(err)?;
    for e in &file.entries {
        let hidden: Vec<&str> = e.hidden.iter().map(HiddenLabel::label).collect();
        w.write_record([
            e.id.as_str(),
            &e.label,
            e.kind.as_str(),
            &e.aliases.join("|"),
            &e.acronyms.join("|"),
            &hidden.join("|"),
            e.description.as_deref().unwrap_or(""),
            &e.broader.join("|"),
            &e.related.join("|"),
            &e.links.join("|"),
        ])
        .map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| CliError::new(format!("cannot write CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
