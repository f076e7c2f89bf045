//! spaCy EntityRuler patterns: JSON Lines of `{"label", "pattern", "id"}`.
//!
//! Export writes one phrase pattern per string an entry is recognised by
//! (label, acronyms, aliases, variants, other-language labels, hidden
//! labels), with the entry id as `id` and the kind as a spaCy label
//! (ORG, PERSON, GPE, LAW, EVENT, CONCEPT, MISC). Import groups patterns by
//! `id` (or by pattern when there is none): the first pattern is the label,
//! the others aliases; token patterns are read from `ORTH`/`TEXT`/`LOWER`.

use serde_json::{Value, json};
use std::sync::Arc;

use super::{Imported, entry, looks_like_acronym, push_unique, slug};
use crate::cli::CliError;
use crate::glossary::model::{GlossaryFile, Kind};
use crate::glossary::surfaces;
use crate::text::position::LineIndex;

pub fn spacy_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Organization => "ORG",
        Kind::Person => "PERSON",
        Kind::Place => "GPE",
        Kind::Document => "LAW",
        Kind::Event => "EVENT",
        Kind::Concept => "CONCEPT",
        Kind::Other => "MISC",
    }
}

fn kind_of(label: &str) -> Kind {
    match label.to_ascii_uppercase().as_str() {
        "ORG" | "NORP" => Kind::Organization,
        "PERSON" | "PER" => Kind::Person,
        "GPE" | "LOC" | "FAC" => Kind::Place,
        "LAW" | "WORK_OF_ART" => Kind::Document,
        "EVENT" => Kind::Event,
        "MISC" | "PRODUCT" | "LANGUAGE" => Kind::Other,
        _ => Kind::Concept,
    }
}

pub fn write(file: &GlossaryFile) -> String {
    let mut out = String::new();
    for e in &file.entries {
        for s in surfaces(e) {
            let line = json!({"label": spacy_label(e.kind), "pattern": s.text, "id": e.id});
            out.push_str(&line.to_string());
            out.push('\n');
        }
    }
    out
}

fn token_text(tok: &Value) -> Option<String> {
    let obj = tok.as_object()?;
    ["ORTH", "TEXT", "LOWER", "orth", "text", "lower"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(Value::as_str))
        .map(str::to_string)
}

pub fn read(name: &str, text: &str) -> Result<Imported, CliError> {
    let mut imported = Imported::default();
    let mut index: std::collections::HashMap<String, usize> = Default::default();
    let lines = LineIndex::new(text);
    for i in 0..lines.len_lines() {
        let Some(range) = lines.line_range(text, i) else {
            continue;
        };
        let line = text[range].trim();
        if line.is_empty() {
            continue;
        }
        let lineno = i + 1;
        let v: Value = serde_json::from_str(line).map_err(|e| {
            CliError::new(format!(
                "{name}:{lineno}:{}: {e}; each line must be one JSON object like {{\"label\": \"ORG\", \"pattern\": \"…\"}}",
                e.column()
            ))
        })?;
        let pattern = match v.get("pattern") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Array(tokens)) => {
                let words: Option<Vec<String>> = tokens.iter().map(token_text).collect();
                match words {
                    Some(w) if !w.is_empty() => w.join(" "),
                    _ => {
                        imported.warnings.push(format!(
                            "{name}:{lineno}: a token pattern without ORTH/TEXT/LOWER on every token; skipped"
                        ));
                        continue;
                    }
                }
            }
            _ => {
                return Err(CliError::new(format!(
                    "{name}:{lineno}:1: no \"pattern\"; add a string or a list of token objects"
                )));
            }
        };
        let label = v.get("label").and_then(Value::as_str).unwrap_or("CONCEPT");
        let id = v
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| slug(&pattern));
        match index.get(&id) {
            Some(&i) => {
                let e = Arc::make_mut(&mut imported.file.entries[i]);
                if e.label != pattern {
                    if looks_like_acronym(&pattern) {
                        push_unique(&mut e.acronyms, &pattern);
                    } else {
                        push_unique(&mut e.aliases, &pattern);
                    }
                }
            }
            None => {
                index.insert(id.clone(), imported.file.entries.len());
                imported
                    .file
                    .entries
                    .push(Arc::new(entry(id, pattern, kind_of(label))));
            }
        }
    }
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_error_lines_follow_lf_crlf_and_lone_cr() {
        let good = "{\"label\": \"ORG\", \"pattern\": \"UN\", \"id\": \"un\"}";
        for sep in ["\n", "\r\n", "\r"] {
            let text = format!("{good}{sep}{sep}{{\"label\": \"ORG\"}}{sep}");
            let Err(err) = read("p.jsonl", &text) else {
                panic!("a record without a pattern must be an error ({sep:?})");
            };
            assert!(
                err.to_string().starts_with("p.jsonl:3:1: no \"pattern\""),
                "{sep:?}: {err}"
            );
            let text = format!("{good}{sep}{good}{sep}");
            let imported = read("p.jsonl", &text).map_err(|e| e.to_string());
            assert_eq!(imported.map(|i| i.file.entries.len()), Ok(1), "{sep:?}");
        }
    }
}
