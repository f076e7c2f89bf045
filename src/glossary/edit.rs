//! Edits to glossary files that keep the user's formatting and comments:
//! a value replaced in place (re-quoted for TOML or JSON), and a new entry
//! inserted (TOML written by `toml_edit`, JSON by `serde_json`).
//!
//! Owns: the quoting rules of the two formats and where an insertion goes.
//! Must not decide *what* to change (ids, labels, which entry: that is
//! [`crate::analysis`]'s job) or rewrite text outside the edited value or the
//! inserted entry.

use std::ops::Range;

use jsonc_parser::ast::{Object as JsonObject, Value as JsonValue};
use jsonc_parser::common::Ranged;
use serde::Serialize;
use toml_writer::{ToTomlValue, TomlStringBuilder};

use super::Format;

/// `value` written as a string of `format`, in the quote style of `written`
/// (the value it replaces) when that style can hold it: a TOML literal
/// string stays literal, a basic string stays basic; JSON is escaped by serde_json.
pub fn quote(format: Format, value: &str, written: &str) -> String {
    match format {
        Format::Json => serde_json::Value::String(value.to_string()).to_string(),
        Format::Toml => {
            let builder = TomlStringBuilder::new(value);
            let single_line = !written.starts_with("'''") && !written.starts_with("\"\"\"");
            let chosen = if single_line && written.starts_with('\'') {
                builder.as_literal().unwrap_or_else(|| builder.as_default())
            } else if single_line && written.starts_with('"') {
                builder.as_basic()
            } else {
                builder.as_default()
            };
            chosen.to_toml_value()
        }
    }
}

/// The edit that replaces the string value at `span` of `text` with `value`,
/// keeping its quote style.
pub fn replace_value(
    format: Format,
    text: &str,
    span: Range<usize>,
    value: &str,
) -> (Range<usize>, String) {
    let written = text.get(span.clone()).unwrap_or("");
    let quoted = quote(format, value, written);
    (span, quoted)
}

/// An entry "add to glossary" writes: a label, maybe as an acronym, of kind `other`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub id: String,
    pub label: String,
    pub acronyms: Vec<String>,
}

impl NewEntry {
    pub fn new(id: &str, label: &str, acronym: Option<&str>) -> NewEntry {
        NewEntry {
            id: id.to_string(),
            label: label.to_string(),
            acronyms: acronym.map(str::to_string).into_iter().collect(),
        }
    }

    /// The entry as serde_json writes it, fields in the order of the TOML table.
    fn json(&self) -> JsonEntry<'_> {
        JsonEntry {
            id: &self.id,
            label: &self.label,
            kind: "other",
            acronyms: &self.acronyms,
        }
    }
}

#[derive(Serialize)]
struct JsonEntry<'a> {
    id: &'a str,
    label: &'a str,
    kind: &'static str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    acronyms: &'a [String],
}

/// Text to insert at a byte offset (the whole text of a new file when `at` is 0
/// and there was no file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insertion {
    pub at: usize,
    pub text: String,
}

/// The first line of a glossary file "add to glossary" creates.
const NEW_TOML_FILE_HEADER: &str = "# Workspace glossary (schema: schemas/glossary.schema.json)\n";
/// The hint written under a new TOML entry.
const DESCRIPTION_HINT: &str = "# description = \"One or two neutral sentences.\"\n";

/// Where and what to insert so that the glossary file (`existing` text, or a
/// new file when `None`) gains `entry`; nothing else of the file changes.
pub fn insert_entry(existing: Option<&str>, format: Format, entry: &NewEntry) -> Insertion {
    match (existing, format) {
        (None, Format::Toml) => Insertion {
            at: 0,
            text: format!(
                "{NEW_TOML_FILE_HEADER}\n{}",
                toml_entry_table("entry", entry)
            ),
        },
        (None, Format::Json) => Insertion {
            at: 0,
            text: new_json_file(entry),
        },
        (Some(text), Format::Toml) => toml_insertion(text, entry),
        (Some(text), Format::Json) => json_insertion(text, entry),
    }
}

/// The `[[key]]` table of `entry`, rendered by toml_edit, with the description hint.
fn toml_entry_table(key: &str, entry: &NewEntry) -> String {
    let mut doc = toml_edit::DocumentMut::new();
    let mut tables = toml_edit::ArrayOfTables::new();
    tables.push(toml_table(entry));
    doc.insert(key, toml_edit::Item::ArrayOfTables(tables));
    doc.set_trailing(DESCRIPTION_HINT);
    doc.to_string()
}

fn toml_table(entry: &NewEntry) -> toml_edit::Table {
    let mut table = toml_edit::Table::new();
    table.insert("id", toml_edit::value(entry.id.as_str()));
    table.insert("label", toml_edit::value(entry.label.as_str()));
    table.insert("kind", toml_edit::value("other"));
    if !entry.acronyms.is_empty() {
        let acronyms: toml_edit::Array = entry.acronyms.iter().map(String::as_str).collect();
        table.insert("acronyms", toml_edit::value(acronyms));
    }
    table
}

/// Appends a `[[entry]]` table at the end of the file (after its comments),
/// or, when the file lists its entries as an inline array, adds an inline
/// table to it.
fn toml_insertion(text: &str, entry: &NewEntry) -> Insertion {
    let doc = text.parse::<toml_edit::DocumentMut>().ok();
    let key = match &doc {
        Some(d) if d.contains_key("entries") && !d.contains_key("entry") => "entries",
        _ => "entry",
    };
    if let Some(mut doc) = doc
        && let Some(list) = doc.get_mut(key).and_then(|i| i.as_array_mut())
    {
        let mut inline = toml_table(entry).into_inline_table();
        inline.fmt();
        let decor = list.iter().last().map(|v| v.decor().clone());
        list.push(inline);
        if let (Some(decor), Some(added)) = (decor, list.iter_mut().last()) {
            *added.decor_mut() = decor;
        }
        if let Some(insertion) = as_insertion(text, &doc.to_string()) {
            return insertion;
        }
    }
    let separator = if text.is_empty() || text.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    let added = format!("{separator}{}", toml_entry_table(key, entry));
    Insertion {
        at: text.len(),
        text: with_line_breaks_of(text, added),
    }
}

/// `new` as an insertion into `old`, if it is `old` with one piece of text added.
fn as_insertion(old: &str, new: &str) -> Option<Insertion> {
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let mut suffix = old[prefix..]
        .bytes()
        .rev()
        .zip(new[prefix..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) {
        suffix -= 1;
    }
    (prefix + suffix == old.len() && new.len() > old.len()).then(|| Insertion {
        at: prefix,
        text: new[prefix..new.len() - suffix].to_string(),
    })
}

/// `added` with CRLF line breaks when `text` uses them.
fn with_line_breaks_of(text: &str, added: String) -> String {
    if text.contains("\r\n") {
        added.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        added
    }
}

fn new_json_file(entry: &NewEntry) -> String {
    #[derive(Serialize)]
    struct NewFile<'a> {
        entry: [JsonEntry<'a>; 1],
    }
    let file = NewFile {
        entry: [entry.json()],
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// Adds the entry's object after the last element of the `entry` array (in
/// the layout of that element), or creates the array.
fn json_insertion(text: &str, entry: &NewEntry) -> Insertion {
    let parsed = jsonc_parser::parse_to_ast(text, &Default::default(), &Default::default());
    let root = parsed
        .as_ref()
        .ok()
        .and_then(|p| p.value.as_ref())
        .and_then(JsonValue::as_object);
    let Some(root) = root else {
        // Not a JSON object: the file is broken; write a complete file after it.
        return Insertion {
            at: text.len(),
            text: new_json_file(entry),
        };
    };
    let list = super::model::ENTRY_KEYS
        .iter()
        .find_map(|k| root.get(k))
        .and_then(|p| p.value.as_array());
    let insertion = match list {
        Some(list) => match list.elements.last() {
            Some(last) => {
                let indent = indentation_at(text, last.start());
                let object = if text[last.start()..last.end()].contains('\n') {
                    pretty_json(entry, &indent)
                } else {
                    serde_json::to_string(&entry.json()).unwrap_or_default()
                };
                Insertion {
                    at: last.end(),
                    text: format!(",\n{indent}{object}"),
                }
            }
            None => Insertion {
                at: list.start() + 1,
                text: serde_json::to_string(&entry.json()).unwrap_or_default(),
            },
        },
        None => root_insertion(text, root, entry),
    };
    Insertion {
        at: insertion.at,
        text: with_line_breaks_of(text, insertion.text),
    }
}

/// `"entry": [ … ]` as the object's first property.
fn root_insertion(text: &str, root: &JsonObject<'_>, entry: &NewEntry) -> Insertion {
    let indent = root
        .properties
        .first()
        .map_or("  ".to_string(), |p| indentation_at(text, p.start()));
    let comma = if root.properties.is_empty() { "" } else { "," };
    let object = pretty_json(entry, &format!("{indent}  "));
    Insertion {
        at: root.start() + 1,
        text: format!("\n{indent}\"entry\": [\n{indent}  {object}\n{indent}]{comma}"),
    }
}

/// The entry as indented JSON whose lines after the first start with `indent`.
fn pretty_json(entry: &NewEntry, indent: &str) -> String {
    let pretty = serde_json::to_string_pretty(&entry.json()).unwrap_or_default();
    pretty.replace('\n', &format!("\n{indent}"))
}

/// The blanks before `offset` on its line (empty when other text precedes it).
fn indentation_at(text: &str, offset: usize) -> String {
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    if before.chars().all(|c| c == ' ' || c == '\t') {
        before.to_string()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::load::parse;

    fn apply(text: &str, insertion: &Insertion) -> String {
        let mut out = text.to_string();
        out.insert_str(insertion.at, &insertion.text);
        out
    }

    #[test]
    fn quotes_keep_the_style_when_they_can() {
        // (format, value, the value it replaces, written)
        for (format, value, old, written) in [
            (Format::Toml, "acme-council", "\"acme\"", "\"acme-council\""),
            (Format::Toml, "acme-council", "'acme'", "'acme-council'"),
            (Format::Toml, "it's", "'acme'", "\"it's\""),
            (Format::Toml, "a \"b\" \\", "\"x\"", "\"a \\\"b\\\" \\\\\""),
            (
                Format::Json,
                "a \"b\" \\ é",
                "\"x\"",
                "\"a \\\"b\\\" \\\\ é\"",
            ),
        ] {
            assert_eq!(quote(format, value, old), written, "{value:?} for {old}");
        }
    }

    #[test]
    fn new_toml_entry_escapes_its_label() {
        let entry = NewEntry::new("he-said", "He said \"no\" \\ 中文", None);
        let text = "[[entry]]\nid = \"a\"\nlabel = \"A\"\nkind = \"concept\"\n# trailing comment\n";
        let done = apply(text, &insert_entry(Some(text), Format::Toml, &entry));
        assert!(done.starts_with(text), "{done}");
        let parsed = parse("g.toml", &done, Format::Toml).expect("valid TOML");
        assert_eq!(parsed.file.entries[1].label, "He said \"no\" \\ 中文");
        assert!(done.ends_with(DESCRIPTION_HINT));
        let crlf = text.replace('\n', "\r\n");
        let done = apply(&crlf, &insert_entry(Some(&crlf), Format::Toml, &entry));
        assert!(done.starts_with(&crlf));
        assert!(!done.replace("\r\n", "").contains('\n'), "{done:?}");
        parse("g.toml", &done, Format::Toml).expect("valid TOML");
    }

    #[test]
    fn new_toml_entry_goes_into_an_inline_array() {
        let entry = NewEntry::new("zq", "ZQ", Some("ZQ"));
        let text = "entry = [\n  { id = \"a\", label = \"A\", kind = \"concept\" },\n] # end\n";
        let insertion = insert_entry(Some(text), Format::Toml, &entry);
        let done = apply(text, &insertion);
        let parsed = parse("g.toml", &done, Format::Toml).expect("valid TOML");
        assert_eq!(parsed.file.entries[1].acronyms, ["ZQ"]);
        assert!(done.ends_with("] # end\n"), "{done}");
        assert_eq!(
            done,
            "entry = [\n  { id = \"a\", label = \"A\", kind = \"concept\" },\n  { id = \"zq\", label = \"ZQ\", kind = \"other\", acronyms = [\"ZQ\"] },\n] # end\n"
        );
    }

    #[test]
    fn new_files_and_json_insertions_parse_back() {
        let entry = NewEntry::new("q", "Q \"quoted\"", Some("Q"));
        let toml_file = insert_entry(None, Format::Toml, &entry).text;
        assert!(toml_file.starts_with(NEW_TOML_FILE_HEADER));
        assert_eq!(
            parse("g.toml", &toml_file, Format::Toml)
                .expect("toml")
                .file
                .entries[0]
                .label,
            "Q \"quoted\""
        );
        let json_file = insert_entry(None, Format::Json, &entry).text;
        assert_eq!(
            parse("g.json", &json_file, Format::Json)
                .expect("json")
                .file
                .entries[0]
                .label,
            "Q \"quoted\""
        );
        for text in [
            "{\"entry\": []}",
            "{\"title\": \"T\"}",
            "{}",
            "{\r\n  \"entry\": [\r\n    {\r\n      \"id\": \"a\",\r\n      \"label\": \"A\",\r\n      \"kind\": \"concept\"\r\n    }\r\n  ]\r\n}\r\n",
            "{\"entries\": [{\"id\": \"a\", \"label\": \"A\", \"kind\": \"concept\"}]}",
        ] {
            let done = apply(text, &insert_entry(Some(text), Format::Json, &entry));
            let parsed =
                parse("g.json", &done, Format::Json).unwrap_or_else(|e| panic!("{done}: {e:?}"));
            assert_eq!(parsed.file.entries.last().map(|e| e.id.as_str()), Some("q"));
            assert_eq!(done.contains("\r\n"), text.contains("\r\n"));
        }
    }
}
