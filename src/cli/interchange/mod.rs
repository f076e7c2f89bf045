//! Glossaries in and out: SKOS (Turtle, RDF/XML), TBX, CSV and spaCy
//! EntityRuler patterns, all to and from the one glossary model
//! ([`GlossaryFile`]), which is written as TOML on import.

pub mod skos;
pub mod spacy;
pub mod table;
pub mod tbx;

use std::collections::HashSet;
use std::sync::Arc;

use crate::glossary::model::{EntryDef, GlossaryFile, Kind};
use crate::text::position::LineIndex;

use super::CliError;

/// Formats `gloss glossary import --from` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// SKOS in Turtle or RDF/XML (chosen from the extension or the content).
    Skos,
    Tbx,
    Csv,
    /// spaCy EntityRuler patterns (JSON Lines).
    Spacy,
}

/// Formats `gloss glossary export --to` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// SKOS in Turtle.
    Skos,
    /// SKOS in RDF/XML.
    #[value(name = "skos-xml", alias = "rdfxml")]
    SkosXml,
    Tbx,
    Csv,
    /// spaCy EntityRuler patterns (JSON Lines).
    Spacy,
    /// A Gloss TOML glossary.
    Toml,
}

/// Options shared by the formats.
#[derive(Debug, Clone)]
pub struct Options {
    /// Language of `label`, `aliases` and `description` (BCP 47), default `en`.
    pub lang: String,
    /// Base IRI of concepts in SKOS.
    pub base: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: "en".into(),
            base: skos::DEFAULT_BASE.into(),
        }
    }
}

/// An imported glossary, and remarks about what could not be carried over.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    pub file: GlossaryFile,
    pub warnings: Vec<String>,
}

/// Reads `text` (from the file `name`) in `format`.
pub fn import(
    format: ImportFormat,
    name: &str,
    text: &str,
    opts: &Options,
) -> Result<Imported, CliError> {
    let mut imported = match format {
        ImportFormat::Skos => {
            let lower = name.to_ascii_lowercase();
            let head = text.trim_start();
            let xml = [".rdf", ".xml", ".owl", ".rdfxml"]
                .iter()
                .any(|e| lower.ends_with(e))
                || head.starts_with("<?xml")
                || head.starts_with("<rdf:RDF");
            if xml {
                skos::read_rdfxml(name, text, opts)?
            } else {
                skos::read_turtle(name, text, opts)?
            }
        }
        ImportFormat::Tbx => tbx::read(name, text, opts)?,
        ImportFormat::Csv => table::read(name, text)?,
        ImportFormat::Spacy => spacy::read(name, text)?,
    };
    unique_ids(&mut imported);
    Ok(imported)
}

/// Writes `file` in `format`.
pub fn export(
    format: ExportFormat,
    file: &GlossaryFile,
    opts: &Options,
) -> Result<String, CliError> {
    match format {
        ExportFormat::Skos => skos::write_turtle(file, opts),
        ExportFormat::SkosXml => skos::write_rdfxml(file, opts),
        ExportFormat::Tbx => tbx::write(file, opts),
        ExportFormat::Csv => table::write(file),
        ExportFormat::Spacy => Ok(spacy::write(file)),
        ExportFormat::Toml => to_toml(file),
    }
}

/// A glossary as Gloss TOML.
pub fn to_toml(file: &GlossaryFile) -> Result<String, CliError> {
    let mut s =
        toml::to_string(file).map_err(|e| CliError::new(format!("cannot write TOML: {e}")))?;
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s)
}

/// An id from a label: lower-case letters and digits joined by `-`.
pub fn slug(label: &str) -> String {
    let mut out = String::new();
    for c in label.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "entry".into() } else { out }
}

/// Makes ids unique (`x`, `x-2`, …), with a warning for each change.
fn unique_ids(imported: &mut Imported) {
    let mut seen = HashSet::new();
    for e in &mut imported.file.entries {
        if seen.insert(e.id.clone()) {
            continue;
        }
        let mut n = 2;
        while seen.contains(&format!("{}-{n}", e.id)) {
            n += 1;
        }
        let new = format!("{}-{n}", e.id);
        imported
            .warnings
            .push(format!("id `{}` was used twice; renamed to `{new}`", e.id));
        Arc::make_mut(e).id = new.clone();
        seen.insert(new);
    }
}

/// A new entry with only the required fields.
pub fn entry(id: String, label: String, kind: Kind) -> EntryDef {
    EntryDef::new(id, label, kind)
}

pub fn parse_kind(s: &str) -> Option<Kind> {
    Some(match s.trim().to_ascii_lowercase().as_str() {
        "concept" => Kind::Concept,
        "organization" | "organisation" => Kind::Organization,
        "person" => Kind::Person,
        "place" => Kind::Place,
        "document" => Kind::Document,
        "event" => Kind::Event,
        "other" => Kind::Other,
        _ => return None,
    })
}

/// 1-based line and column (in characters) of byte `offset` in `text`
/// (CR, LF and CRLF end lines, as everywhere in Gloss).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let (line, column) = LineIndex::new(text).char_position(text, offset);
    (line + 1, column + 1)
}

/// "UN", "BRICS", "G7": how an acronym looks when a format does not say.
pub fn looks_like_acronym(s: &str) -> bool {
    let n = s.chars().count();
    (2..=8).contains(&n)
        && !s.contains(char::is_whitespace)
        && s.chars().next().is_some_and(char::is_uppercase)
        && crate::glossary::is_all_caps(s)
}

/// Pushes `s` unless it is empty or already there.
fn push_unique<V>(v: &mut V, s: &str)
where
    V: std::ops::Deref<Target = [String]> + Extend<String>,
{
    let s = s.trim();
    if !s.is_empty() && !v.iter().any(|x| x == s) {
        v.extend(Some(s.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lf_crlf_and_lone_cr() {
        let text = "a\r\nb\rc\n中😀X";
        let x = text.find('X').unwrap_or(0);
        assert_eq!(line_col(text, x), (4, 3));
        assert_eq!(line_col(text, text.find('c').unwrap_or(0)), (3, 1));
        assert_eq!(line_col(text, 999), (4, 4));
    }
}
