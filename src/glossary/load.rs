//! Parsing one glossary file (TOML or JSON) into [`GlossaryFile`], with every
//! error located at a byte range of that file.
//!
//! Owns: syntax errors, per-file checks (empty ids, bad dates) and finding where
//! each entry sits in its file. Must not look at other files: cross-file checks
//! (duplicate ids, label conflicts, unknown references) live in [`super::build`].

use std::ops::Range;

use super::model::{EntryDef, GlossaryFile};
use crate::problem::{Problem, Severity};

/// A glossary file's format, chosen from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    pub fn from_path(path: &str) -> Format {
        if path.to_ascii_lowercase().ends_with(".json") {
            Format::Json
        } else {
            Format::Toml
        }
    }
}

/// A successfully parsed file, with where each entry's `id` value sits.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub file: GlossaryFile,
    /// Byte range of each entry's id value (same order as `file.entries`).
    pub entry_spans: Vec<Range<usize>>,
}

/// Parses `text`; on failure returns the problems (at least one error).
pub fn parse(source: &str, text: &str, format: Format) -> Result<ParsedFile, Vec<Problem>> {
    let file: GlossaryFile = match format {
        Format::Toml => toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            vec![Problem::error(
                source,
                text,
                span,
                "glossary-syntax",
                format!(
                    "{}; fix the TOML here (see schemas/glossary.schema.json for the format)",
                    e.message().trim_end()
                ),
            )]
        })?,
        Format::Json => serde_json::from_str(text).map_err(|e| {
            let offset = line_col_to_offset(text, e.line(), e.column());
            vec![Problem::error(
                source,
                text,
                offset..offset,
                "glossary-syntax",
                format!(
                    "{}; fix the JSON here (see schemas/glossary.schema.json for the format)",
                    strip_serde_json_position(&e.to_string())
                ),
            )]
        })?,
    };
    let entry_spans = locate_entries(text, &file.entries);
    let mut problems = Vec::new();
    for (entry, span) in file.entries.iter().zip(&entry_spans) {
        check_entry(source, text, entry, span, &mut problems);
    }
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return Err(problems);
    }
    Ok(ParsedFile { file, entry_spans })
}

fn check_entry(
    source: &str,
    text: &str,
    entry: &EntryDef,
    span: &Range<usize>,
    out: &mut Vec<Problem>,
) {
    if entry.id.trim().is_empty() {
        out.push(Problem::error(
            source,
            text,
            span.clone(),
            "glossary-invalid",
            "an entry's `id` must not be empty; give it a stable identifier such as `sco`",
        ));
    }
    if entry.label.trim().is_empty() {
        out.push(Problem::error(
            source,
            text,
            span.clone(),
            "glossary-invalid",
            format!(
                "entry `{}` has an empty `label`; write its preferred name",
                entry.id
            ),
        ));
    }
    for role in &entry.roles {
        for date in [&role.start, &role.end].into_iter().flatten() {
            if !is_partial_date(date) {
                let at = find_after(text, span.start, date).unwrap_or(span.clone());
                out.push(Problem::error(
                    source,
                    text,
                    at,
                    "glossary-invalid",
                    format!(
                        "`{date}` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD, or leave it out"
                    ),
                ));
            }
        }
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub fn is_partial_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && (1..=12).contains(&m.parse::<u32>().unwrap_or(0)),
        [y, m, d] => {
            digits(y, 4)
                && digits(m, 2)
                && digits(d, 2)
                && (1..=12).contains(&m.parse::<u32>().unwrap_or(0))
                && (1..=31).contains(&d.parse::<u32>().unwrap_or(0))
        }
        _ => false,
    }
}

/// Finds, in order, where each entry's id value is written (`id = "x"` or `"id": "x"`).
/// Falls back to the previous position when the text is laid out unusually.
fn locate_entries(text: &str, entries: &[EntryDef]) -> Vec<Range<usize>> {
    let mut spans = Vec::with_capacity(entries.len());
    let mut from = 0;
    for entry in entries {
        match find_id_value(text, from, &entry.id) {
            Some(r) => {
                from = r.end;
                spans.push(r);
            }
            None => spans.push(from..from),
        }
    }
    spans
}

fn find_id_value(text: &str, from: usize, id: &str) -> Option<Range<usize>> {
    let mut search = from;
    while let Some(rel) = text.get(search..)?.find("id") {
        let key_start = search + rel;
        search = key_start + 2;
        let before = text[..key_start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = text[key_start + 2..].trim_start_matches(['"', '\'']);
        let rest = rest.trim_start();
        let Some(rest) = rest.strip_prefix(['=', ':']) else {
            continue;
        };
        let rest_trim = rest.trim_start();
        let value_start = text.len() - rest_trim.len();
        for quote in ['"', '\''] {
            if let Some(after) = rest_trim.strip_prefix(quote)
                && after.starts_with(id)
                && after[id.len()..].starts_with(quote)
            {
                return Some(value_start..value_start + id.len() + 2);
            }
        }
    }
    None
}

/// The first occurrence of `needle` as a quoted string at or after `from`.
pub fn find_after(text: &str, from: usize, needle: &str) -> Option<Range<usize>> {
    for quote in ['"', '\''] {
        let quoted = format!("{quote}{needle}{quote}");
        if let Some(i) = text.get(from..).and_then(|t| t.find(&quoted)) {
            return Some(from + i..from + i + quoted.len());
        }
    }
    None
}

fn line_col_to_offset(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col = column.saturating_sub(1).min(l.len());
            let mut at = offset + col;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            return at;
        }
        offset += l.len();
    }
    text.len()
}

fn strip_serde_json_position(msg: &str) -> &str {
    match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_syntax_error_is_located() {
        let text = "[[entry]]\nid = \"a\"\nlabel = \"A\"\nkind = \"concept\"\naliases = [\"x\",\n";
        let err = parse("g.toml", text, Format::Toml).unwrap_err();
        assert_eq!(err[0].code, "glossary-syntax");
        assert!(err[0].line >= 4, "{:?}", err[0]);
    }

    #[test]
    fn unknown_kind_is_an_error_at_its_line() {
        let text = "[[entry]]\nid = \"a\"\nlabel = \"A\"\nkind = \"thing\"\n";
        let err = parse("g.toml", text, Format::Toml).unwrap_err();
        assert_eq!(err[0].line, 3, "{:?}", err[0]);
        assert!(err[0].message.contains("thing") || err[0].message.contains("variant"));
    }

    #[test]
    fn json_error_is_located() {
        let text = "{\"entry\": [\n {\"id\": \"a\", \"label\": \"A\", \"kind\": 3}\n]}";
        let err = parse("g.json", text, Format::Json).unwrap_err();
        assert_eq!(err[0].line, 1);
    }

    #[test]
    fn entries_are_located() {
        let text = "[[entry]]\nid = \"a\"\nlabel = \"A\"\nkind = \"concept\"\n\n[[entry]]\nid = 'b'\nlabel = \"B\"\nkind = \"place\"\n";
        let parsed = parse("g.toml", text, Format::Toml).unwrap();
        assert_eq!(&text[parsed.entry_spans[0].clone()], "\"a\"");
        assert_eq!(&text[parsed.entry_spans[1].clone()], "'b'");
    }

    #[test]
    fn bad_dates_are_rejected() {
        assert!(is_partial_date("2013"));
        assert!(is_partial_date("2013-03"));
        assert!(is_partial_date("2013-03-14"));
        assert!(!is_partial_date("March 2013"));
        assert!(!is_partial_date("2013-13"));
        let text = "[[entry]]\nid = \"a\"\nlabel = \"A\"\nkind = \"person\"\nroles = [{ title = \"X\", start = \"soon\" }]\n";
        let err = parse("g.toml", text, Format::Toml).unwrap_err();
        assert_eq!(err[0].line, 4);
    }
}
