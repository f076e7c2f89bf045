//! Parsing one glossary file (TOML or JSON) into [`GlossaryFile`], with every
//! error located at a byte range of that file.
//!
//! Owns: syntax errors, per-file checks (empty ids, empty labels, impossible
//! dates and periods that end before they start, in roles, entries and dated
//! labels; dated labels that are also undated labels) and the spans of each entry (through [`super::spans`], from the
//! parsers). Must not look at other files: cross-file checks (duplicate ids,
//! label conflicts, unknown references, succession cycles, overlapping office
//! holders) live in [`super::Glossary::build`].

use std::ops::Range;

use serde::Deserialize;

use super::model::{ENTRY_KEYS, EntryDef, GlossaryFile};
use super::spans::{self, EntrySpans};
use super::toml_reader::{self, Part};
use super::{LabelRole, surfaces};
use crate::problem::{Problem, ProblemLocator, Severity};
use crate::text::fold::fold_label;
use crate::text::position::LineIndex;
use crate::time::Period;

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

/// A successfully parsed file, with where each entry and its values sit.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ParsedFile {
    pub file: GlossaryFile,
    /// Spans of each entry (same order as `file.entries`).
    pub entry_spans: Vec<EntrySpans>,
}

/// Parses `text`; on failure returns the problems (at least one error).
pub fn parse(source: &str, text: &str, format: Format) -> Result<ParsedFile, Vec<Problem>> {
    let syntax_error = |span: Range<usize>, message: &str, language: &str| {
        vec![Problem::error(
            source,
            text,
            span,
            "glossary-syntax",
            format!(
                "{}; fix the {language} here (see schemas/glossary.schema.json for the format)",
                message.trim_end()
            ),
        )]
    };
    let as_of_span: Option<Range<usize>>;
    let (file, mut entry_spans) = match format {
        Format::Toml => {
            let toml_error =
                |e: toml::de::Error| syntax_error(e.span().unwrap_or(0..0), e.message(), "TOML");
            let (file, spans, as_of) = match read_toml(text) {
                Some(parsed) => parsed,
                None => parse_toml_whole(text).map_err(toml_error)?,
            };
            as_of_span = as_of;
            (file, spans)
        }
        Format::Json => {
            let file: GlossaryFile = serde_json::from_str(text).map_err(|e| {
                let at = json_error_offset(text, e.line(), e.column());
                syntax_error(at..at, strip_serde_json_position(&e.to_string()), "JSON")
            })?;
            as_of_span = spans::json_top_level(text, "as_of");
            (file, spans::json_entries(text))
        }
    };
    entry_spans.resize(file.entries.len(), EntrySpans::default());
    let mut problems = Vec::new();
    let located = ProblemLocator::new(source, text);
    if let Some(date) = &file.as_of
        && let Err(why) = check_partial_date(date)
    {
        problems.push(located.error(
            as_of_span.clone().unwrap_or(0..0),
            "glossary-invalid",
            format!(
                "the file's `as_of` `{date}` is not a date{why}; write YYYY, YYYY-MM or YYYY-MM-DD"
            ),
        ));
    }
    for (entry, spans) in file.entries.iter().zip(&entry_spans) {
        check_entry(&located, entry, spans, &mut problems);
    }
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return Err(problems);
    }
    Ok(ParsedFile { file, entry_spans })
}

/// A parsed TOML glossary: the file, its entries' spans, its `as_of` span.
pub(super) type TomlParsed = (GlossaryFile, Vec<EntrySpans>, Option<Range<usize>>);

/// A TOML glossary parsed in one piece.
pub(super) fn parse_toml_whole(text: &str) -> Result<TomlParsed, toml::de::Error> {
    let root = toml::de::DeTable::parse(text)?;
    let spans = spans::toml_entries(&root);
    let as_of = spans::toml_top_level(&root, "as_of");
    let file = GlossaryFile::deserialize(toml::de::Deserializer::from(root))?;
    Ok((file, spans, as_of))
}

/// Files below this size are parsed whole.
const PARTS_FROM_BYTES: usize = 512 * 1024;
/// About how much text each part of a large file holds.
const PART_BYTES: usize = 256 * 1024;

/// A TOML glossary read by the quickest way that gives the same result:
/// [`toml_reader`] (in parts when the file is large), else the parts
/// parsed by `DeTable` and serde; `None` (parse it whole, which reports
/// any error) when neither can.
fn read_toml(text: &str) -> Option<TomlParsed> {
    match part_cuts(text) {
        Some(cuts) => parse_in_parts(text, &cuts, toml_reader::read)
            .or_else(|| parse_in_parts(text, &cuts, parse_part_with_serde)),
        None => toml_reader::read(text, 0, Part::Whole),
    }
}

/// Where a large TOML glossary is cut into parts: before the first
/// `[[entry]]` line (the head, with `title` and `as_of`, before it), then
/// before an `[[entry]]` line every [`PART_BYTES`] or so; the last cut is
/// the text's end. `None` for a small file, or one with multi-line strings
/// (a header line could sit inside one).
fn part_cuts(text: &str) -> Option<Vec<usize>> {
    use memchr::memmem;
    let bytes = text.as_bytes();
    if text.len() < PARTS_FROM_BYTES
        || memmem::find(bytes, b"\"\"\"").is_some()
        || memmem::find(bytes, b"'''").is_some()
    {
        return None;
    }
    // Cut before the first header (the head, with `title` and `as_of`,
    // must hold no entries), then before a header every PART_BYTES or so.
    const HEADER: &str = "[[entry]]";
    let line_starts = text
        .starts_with(HEADER)
        .then_some(0)
        .into_iter()
        .chain(memmem::find_iter(bytes, b"\n[[entry]]").map(|at| at + 1));
    let mut cuts = vec![0];
    for line_start in line_starts {
        let after = line_start + HEADER.len();
        let line_end = bytes
            .get(after..)
            .and_then(|line| memchr::memchr(b'\n', line))
            .map_or(text.len(), |i| after + i);
        let rest = text.get(after..line_end).unwrap_or_default();
        let last = cuts.last().copied().unwrap_or(0);
        if matches!(rest.trim_start().chars().next(), None | Some('#'))
            && (cuts.len() == 1 || line_start - last >= PART_BYTES)
        {
            cuts.push(line_start);
        }
    }
    if cuts.len() < 3 {
        return None;
    }
    cuts.push(text.len());
    Some(cuts)
}

/// A large TOML glossary parsed in parts, in parallel, each part by
/// `parse_part` (given the part's text, where it starts in the file, and
/// which part it is), and the entries and their spans joined in file
/// order. Gives the same file and spans as parsing it whole; `None` when
/// it might not: a head (before the first header) that has entries, a part
/// with anything but entries, or any error (reported as the whole parse
/// reports it).
fn parse_in_parts(
    text: &str,
    cuts: &[usize],
    parse_part: impl Fn(&str, usize, Part) -> Option<TomlParsed> + Sync,
) -> Option<TomlParsed> {
    use rayon::prelude::*;
    // Part 0 is the head (empty when the file starts with a header).
    let parts: Vec<Option<TomlParsed>> = cuts
        .windows(2)
        .enumerate()
        .collect::<Vec<_>>()
        .par_iter()
        .with_max_len(1)
        .map(|&(part, w)| {
            let kind = if part == 0 { Part::Head } else { Part::Entries };
            parse_part(text.get(w[0]..w[1])?, w[0], kind)
        })
        .collect();
    // Joined into lists sized once: grown by doubling, the spans of a
    // 100,000-entry file would leave megabytes unused.
    let (entries, spans) = parts
        .iter()
        .flatten()
        .fold((0, 0), |(e, s), (file, spans, _)| {
            (e + file.entries.len(), s + spans.len())
        });
    let mut parts = parts.into_iter();
    let (mut file, mut all_spans, as_of) = parts.next()??;
    file.entries.reserve_exact(entries - file.entries.len());
    all_spans.reserve_exact(spans - all_spans.len());
    for part in parts {
        let (more, spans, _) = part?;
        all_spans.extend(spans);
        file.entries.extend(more.entries);
    }
    Some((file, all_spans, as_of))
}

/// One part of a large file, parsed by `DeTable` and deserialized by serde
/// (its syntax tree, several times the size of its text, is freed as soon
/// as its entries are read).
fn parse_part_with_serde(text: &str, start: usize, part: Part) -> Option<TomlParsed> {
    let root = toml::de::DeTable::parse(text).ok()?;
    let keys: Vec<&str> = root
        .get_ref()
        .keys()
        .map(|k| k.get_ref().as_ref())
        .collect();
    let entries_here = keys.iter().any(|k| ENTRY_KEYS.contains(k));
    let fits = match part {
        Part::Head => !entries_here,
        Part::Entries => keys == ["entry"],
        Part::Whole => true,
    };
    if !fits {
        return None;
    }
    let as_of = spans::toml_top_level(&root, "as_of").map(|s| s.start + start..s.end + start);
    let mut spans = spans::toml_entries(&root);
    for s in &mut spans {
        s.shift(start);
    }
    let file = GlossaryFile::deserialize(toml::de::Deserializer::from(root)).ok()?;
    Some((file, spans, as_of))
}

fn check_entry(
    file: &ProblemLocator<'_>,
    entry: &EntryDef,
    spans: &EntrySpans,
    out: &mut Vec<Problem>,
) {
    if entry.id.trim().is_empty() {
        out.push(file.error(
            spans.id.clone(),
            "glossary-invalid",
            "an entry's `id` must not be empty; give it a stable identifier such as `sco`",
        ));
    }
    if entry.label.trim().is_empty() {
        out.push(file.error(
            spans.fields.get("label").unwrap_or(spans.id.clone()),
            "glossary-invalid",
            format!(
                "entry `{}` has an empty `label`; write its preferred name",
                entry.id
            ),
        ));
    }
    if let Some(date) = &entry.as_of
        && let Err(why) = check_partial_date(date)
    {
        out.push(file.error(
            spans.fields.get("as_of").unwrap_or(spans.id.clone()),
            "glossary-invalid",
            format!("`as_of` `{date}` is not a date{why}; write YYYY, YYYY-MM or YYYY-MM-DD"),
        ));
    }
    let at = |path: &str| spans.fields.get(path).unwrap_or(spans.id.clone());
    // Every dated thing of the entry: (which, start, end). What it is and
    // the path of its table are written out only for a problem (a large
    // glossary has hundreds of thousands of dated things, and no problem).
    enum Dated {
        Entry,
        Role(usize),
        Label(usize),
    }
    let describe = |which: &Dated| -> (String, String) {
        match *which {
            Dated::Entry => (format!("entry `{}`", entry.id), String::new()),
            Dated::Role(i) => (
                format!("the role “{}” of `{}`", entry.roles[i].title, entry.id),
                spans::item("roles", i),
            ),
            Dated::Label(i) => (
                format!(
                    "the dated label “{}” of `{}`",
                    entry.dated_labels[i].label, entry.id
                ),
                spans::item("dated_labels", i),
            ),
        }
    };
    let dated = std::iter::once((Dated::Entry, &entry.start, &entry.end))
        .chain(
            entry
                .roles
                .iter()
                .enumerate()
                .map(|(i, role)| (Dated::Role(i), &role.start, &role.end)),
        )
        .chain(
            entry
                .dated_labels
                .iter()
                .enumerate()
                .map(|(i, label)| (Dated::Label(i), &label.start, &label.end)),
        );
    for (which, start, end) in dated {
        let mut readable = true;
        for (field, date) in [("start", start), ("end", end)] {
            let Some(date) = date else { continue };
            if let Err(why) = check_partial_date(date) {
                readable = false;
                let (_, path) = describe(&which);
                out.push(file.error(
                    at(&spans::child(&path, field)),
                    "glossary-invalid",
                    format!("`{date}` is not a date{why}; write YYYY, YYYY-MM or YYYY-MM-DD, or leave it out"),
                ));
            }
        }
        if !readable || start.is_none() || end.is_none() {
            continue;
        }
        let period = Period::from_strings(start.as_deref(), end.as_deref());
        if period.is_reversed() {
            let (what, path) = describe(&which);
            out.push(file.error(
                at(&spans::child(&path, "end")),
                "glossary-invalid",
                format!(
                    "{what} ends ({}) before it starts ({}); fix or swap the dates",
                    end.as_deref().unwrap_or_default(),
                    start.as_deref().unwrap_or_default()
                ),
            ));
        }
    }
    check_dated_labels(file, entry, spans, out);
}

/// A dated label must have text, and must not also be an undated label of
/// the same entry (it would be valid at every date and dated at once).
fn check_dated_labels(
    file: &ProblemLocator<'_>,
    entry: &EntryDef,
    spans: &EntrySpans,
    out: &mut Vec<Problem>,
) {
    if entry.dated_labels.is_empty() {
        return;
    }
    let undated: Vec<String> = surfaces(entry)
        .iter()
        .filter(|s| !matches!(s.role, LabelRole::Dated(_)))
        .map(|s| fold_label(s.text))
        .collect();
    for (i, dated) in entry.dated_labels.iter().enumerate() {
        let path = spans::child(&spans::item("dated_labels", i), "label");
        let at = spans.fields.get(&path).unwrap_or(spans.id.clone());
        if dated.label.trim().is_empty() {
            out.push(file.error(
                at,
                "glossary-invalid",
                format!(
                    "a dated label of `{}` is empty; write the name, or remove the dated label",
                    entry.id
                ),
            ));
        } else if undated.contains(&fold_label(&dated.label)) {
            out.push(file.error(
                at,
                "glossary-invalid",
                format!(
                    "“{}” is both a dated label and an undated label of `{}`; keep only the dated label (or drop its dates)",
                    dated.label, entry.id
                ),
            ));
        }
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, naming a real month and day.
pub fn is_partial_date(s: &str) -> bool {
    check_partial_date(s).is_ok()
}

/// Checks a glossary date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) against the
/// calendar; the error is why it is not a date, or empty when it does not
/// have one of the three shapes (see [`crate::time::PartialDate::parse`]).
pub fn check_partial_date(s: &str) -> Result<(), String> {
    crate::time::PartialDate::parse(s).map(|_| ())
}

/// The byte offset of serde_json's error position (1-based line counted in
/// `\n`, 1-based column in bytes), floored to a character boundary.
fn json_error_offset(text: &str, line: usize, column: usize) -> usize {
    let lines = LineIndex::new(text);
    let Some(range) = lines.line_range(text, line.saturating_sub(1)) else {
        return text.len();
    };
    let at = (range.start + column.saturating_sub(1)).min(range.end);
    let (line, col) = lines.char_position(text, at);
    lines.offset_of_char_position(text, line, col)
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

    /// The file read in parts, by the reader (or by `DeTable` + serde).
    fn parse_toml_in_parts(text: &str) -> Option<TomlParsed> {
        let cuts = part_cuts(text)?;
        let read = parse_in_parts(text, &cuts, toml_reader::read);
        let serde = parse_in_parts(text, &cuts, parse_part_with_serde);
        assert_eq!(read, serde, "the reader and serde read the parts alike");
        read
    }

    /// A TOML glossary of `n` entries, over [`PARTS_FROM_BYTES`] for n ≥ 5,000.
    fn big_toml(n: usize, head: &str) -> String {
        let mut text = format!("{head}\n# entries follow\n\n");
        for i in 0..n {
            text.push_str(&format!(
                "[[entry]] # number {i}\nid = \"e{i}\"\nlabel = \"Entry number {i}\"\nkind = \"concept\"\naliases = [\"E-{i}\", 'E {i}']\n[entry.labels]\nzh = \"条目{i}\"\n\n"
            ));
        }
        text
    }

    #[test]
    fn large_files_parsed_in_parts_equal_the_whole_parse() {
        let text = big_toml(6000, "title = \"Big\"\nas_of = \"2025-06\"");
        assert!(text.len() > PARTS_FROM_BYTES);
        let parts = parse_toml_in_parts(&text).expect("cut into parts");
        let whole = parse_toml_whole(&text).expect("parses");
        assert_eq!(parts.0, whole.0);
        assert_eq!(parts.1, whole.1);
        assert_eq!(parts.2, whole.2);
        assert_eq!(parts.0.entries.len(), 6000);
        let last = &parts.1[5999];
        assert_eq!(&text[last.id.clone()], "\"e5999\"");
        assert_eq!(
            &text[last.fields.get("labels.zh").expect("zh")],
            "\"条目5999\""
        );
    }

    #[test]
    fn large_files_without_a_head_are_parsed_in_parts_too() {
        // `gloss import` writes files that start with their first header.
        let with_head = big_toml(6000, "");
        let text = with_head.trim_start_matches("\n# entries follow\n\n");
        assert!(text.starts_with("[[entry]]"));
        let parts = parse_toml_in_parts(text).expect("cut into parts");
        let whole = parse_toml_whole(text).expect("parses");
        assert_eq!(parts.0, whole.0);
        assert_eq!(parts.1, whole.1);
        assert_eq!(parts.0.entries.len(), 6000);
    }

    #[test]
    fn large_files_that_parts_could_misread_are_parsed_whole() {
        // Entries in the head, a multi-line string, an error far in: the
        // same result (or error) as the whole parse, from the whole parse.
        let inline = big_toml(
            6000,
            "entry = [{ id = \"x\", label = \"X\", kind = \"concept\" }]",
        );
        assert!(parse_toml_in_parts(&inline).is_none());
        assert!(parse("g.toml", &inline, Format::Toml).is_err());
        let multi = big_toml(6000, "title = \"\"\"Big\n[[entry]]\n\"\"\"");
        assert!(parse_toml_in_parts(&multi).is_none());
        let mut broken = big_toml(6000, "");
        broken.push_str("[[entry]]\nid = \"z\"\nlabel = \"Z\"\nkind = \"thing\"\n");
        assert!(parse_toml_in_parts(&broken).is_none());
        let err = parse("g.toml", &broken, Format::Toml).unwrap_err();
        assert!(err[0].message.contains("thing"), "{:?}", err[0]);
        let top = format!("{}[other]\nx = 1\n", big_toml(6000, ""));
        assert!(parse_toml_in_parts(&top).is_none());
    }

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
        assert_eq!(&text[parsed.entry_spans[0].id.clone()], "\"a\"");
        assert_eq!(&text[parsed.entry_spans[1].id.clone()], "'b'");
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
        assert_eq!(&text[err[0].range.clone()], "\"soon\"");
    }

    #[test]
    fn impossible_dates_are_rejected_by_the_calendar() {
        assert!(is_partial_date("2024-02-29"));
        assert!(!is_partial_date("2023-02-29"));
        assert!(!is_partial_date("2023-02-31"));
        assert!(!is_partial_date("2023-04-31"));
        assert!(!is_partial_date("2023-00"));
        assert!(!is_partial_date("2023-1-05"));
        assert!(!is_partial_date("+2023"));
        assert_eq!(
            check_partial_date("2023-02-31"),
            Err(": February 2023 has 28 days".to_string())
        );
        assert_eq!(
            check_partial_date("2023-13"),
            Err(": there is no month 13".to_string())
        );
        let text = "[[entry]]\nid = \"p\"\nlabel = \"P\"\nkind = \"person\"\nroles = [\n  { title = \"X\", start = \"2020\" },\n  { title = \"Y\", start = \"2023-02-01\", end = \"2023-02-31\" },\n]\n";
        let err = parse("g.toml", text, Format::Toml).unwrap_err();
        assert_eq!(err.len(), 1, "{err:?}");
        assert_eq!(err[0].code, "glossary-invalid");
        assert_eq!(&text[err[0].range.clone()], "\"2023-02-31\"");
        assert_eq!((err[0].line, err[0].column), (6, 45));
        assert!(
            err[0].message.contains("February 2023 has 28 days")
                && err[0].message.contains("write YYYY, YYYY-MM or YYYY-MM-DD"),
            "{}",
            err[0].message
        );
        let json = "{\"entry\": [{\"id\": \"p\", \"label\": \"P\", \"kind\": \"person\",\n  \"roles\": [{\"title\": \"X\", \"end\": \"2023-13\"}]}]}";
        let err = parse("g.json", json, Format::Json).unwrap_err();
        assert_eq!(&json[err[0].range.clone()], "\"2023-13\"");
    }

    #[test]
    fn json_errors_are_located_on_non_ascii_and_crlf_lines() {
        // serde_json counts columns in bytes; the offset lands on the `3`'s end.
        let text = "{\"entry\": [\r\n {\"id\": \"é\", \"label\": \"中文\", \"kind\": 3}\r\n]}";
        let err = parse("g.json", text, Format::Json).unwrap_err();
        assert_eq!(err[0].line, 1);
        let three = text.find('3').expect("3");
        assert!(
            (three..=three + 1).contains(&err[0].range.start),
            "{:?}",
            err[0]
        );
    }

    #[test]
    fn empty_label_is_located_at_the_label() {
        let text = "[[entry]]\nid = \"a\"\nlabel = \" \"\nkind = \"concept\"\n";
        let err = parse("g.toml", text, Format::Toml).unwrap_err();
        assert_eq!(&text[err[0].range.clone()], "\" \"");
    }

    #[test]
    fn as_of_dates_are_checked_where_they_are() {
        let text = "as_of = \"2025-02-30\"\n\n[[entry]]\nid = \"a\"\nlabel = \"A\"\nkind = \"concept\"\nas_of = \"2025-13\"\n";
        let problems = parse("g.toml", text, Format::Toml).unwrap_err();
        let found: Vec<(&str, usize)> = problems
            .iter()
            .map(|p| (&text[p.range.clone()], p.line))
            .collect();
        assert_eq!(
            found,
            vec![("\"2025-02-30\"", 0), ("\"2025-13\"", 6)],
            "{problems:?}"
        );
        assert!(
            problems[0].message.contains("February 2025 has 28 days"),
            "{problems:?}"
        );
        let good = "as_of = \"2025-06\"\n";
        assert_eq!(
            parse("g.toml", good, Format::Toml).map(|p| p.file.as_of),
            Ok(Some("2025-06".to_string()))
        );
    }
    #[test]
    fn entry_and_dated_label_dates_are_checked() {
        let text = "[[entry]]\nid = \"o\"\nlabel = \"Org\"\nkind = \"organization\"\nstart = \"1996\"\nend = \"2001-02-30\"\ndated_labels = [\n  { label = \"Old Org\", start = \"soon\" },\n  { label = \"Older Org\", end = \"1990-13\" },\n]\n";
        let problems = parse("g.toml", text, Format::Toml).unwrap_err();
        let found: Vec<(&str, usize)> = problems
            .iter()
            .map(|p| (&text[p.range.clone()], p.line + 1))
            .collect();
        assert_eq!(
            found,
            vec![("\"2001-02-30\"", 6), ("\"soon\"", 8), ("\"1990-13\"", 9)],
            "{problems:?}"
        );
        assert!(problems.iter().all(|p| p.code == "glossary-invalid"));
    }

    #[test]
    fn periods_ending_before_they_start_are_errors_at_the_end() {
        let text = "[[entry]]\nid = \"o\"\nlabel = \"Org\"\nkind = \"organization\"\nstart = \"2001\"\nend = \"1996\"\ndated_labels = [{ label = \"Old Org\", start = \"1990-05\", end = \"1990-04-30\" }]\n\n[[entry]]\nid = \"p\"\nlabel = \"P\"\nkind = \"person\"\nroles = [\n  { title = \"Chair\", of = \"o\", start = \"2020\", end = \"2020\" },\n  { title = \"Chair\", of = \"o\", start = \"2020-06\", end = \"2019\" },\n]\n";
        let problems = parse("g.toml", text, Format::Toml).unwrap_err();
        let found: Vec<(&str, usize)> = problems
            .iter()
            .map(|p| (&text[p.range.clone()], p.line + 1))
            .collect();
        assert_eq!(
            found,
            vec![("\"1996\"", 6), ("\"1990-04-30\"", 7), ("\"2019\"", 15)],
            "{problems:?}"
        );
        assert!(
            problems[0]
                .message
                .contains("entry `o` ends (1996) before it starts (2001)"),
            "{}",
            problems[0].message
        );
        assert!(problems[2].message.contains("the role “Chair” of `p`"));
    }

    #[test]
    fn a_dated_label_must_not_also_be_undated() {
        let text = "[[entry]]\nid = \"sz\"\nlabel = \"Eswatini\"\nkind = \"place\"\naliases = [\"Swaziland\"]\ndated_labels = [{ label = \"swaziland\", end = \"2018-04\" }, { label = \" \" }]\n";
        let problems = parse("g.toml", text, Format::Toml).unwrap_err();
        let found: Vec<&str> = problems.iter().map(|p| &text[p.range.clone()]).collect();
        assert_eq!(found, vec!["\"swaziland\"", "\" \""], "{problems:?}");
        assert!(
            problems[0]
                .message
                .contains("both a dated label and an undated label")
        );
    }

    #[test]
    fn json_dated_fields_are_located() {
        let json = "{\"entry\": [{\"id\": \"o\", \"label\": \"O\", \"kind\": \"organization\",\n  \"start\": \"2000\", \"end\": \"1999\"}]}";
        let err = parse("g.json", json, Format::Json).unwrap_err();
        assert_eq!(&json[err[0].range.clone()], "\"1999\"");
        assert_eq!(err[0].line, 1);
    }
}
