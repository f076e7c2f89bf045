//! Findings (document diagnostics and glossary/config problems) in one shape,
//! and their three renderings: human (like rustc), JSON Lines and SARIF 2.1.0.
//!
//! The human rendering draws source lines and carets with annotate-snippets
//! (display width, so CJK text and emoji keep carets aligned) and colours
//! with anstyle, only when the caller says so ([`crate::cli::colours`]); it
//! writes no escape codes and measures no widths itself.

use std::collections::HashMap;
use std::fmt::Write;
use std::ops::Range;
use std::sync::Arc;

use annotate_snippets::renderer::{
    DEFAULT_ERROR_STYLE, DEFAULT_HELP_STYLE, DEFAULT_INFO_STYLE, DEFAULT_WARNING_STYLE, Style,
};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use ropey::Rope;

use crate::text::position::{char_position, line_bytes};
use serde_json::{Value, json};

use crate::analysis::diagnostics::Diagnostic;
use crate::problem::{Problem, Severity};

/// A place in a file: byte offset, 0-based line, 0-based column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loc {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
}

impl Loc {
    pub fn in_rope(rope: &Rope, offset: usize) -> Loc {
        let (line, column, offset) = char_position(rope, offset);
        Loc {
            offset,
            line,
            column,
        }
    }
}

#[derive(Debug, Clone)]
pub struct RelatedLoc {
    pub start: Loc,
    pub end: Loc,
    pub message: String,
}

/// One diagnostic of a file, located.
#[derive(Debug, Clone)]
pub struct Finding {
    pub path: String,
    pub start: Loc,
    pub end: Loc,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub related: Vec<RelatedLoc>,
    /// The file's text, for the source line under the message.
    pub text: Option<Arc<Rope>>,
}

impl Finding {
    pub fn from_diagnostic(path: &str, rope: &Arc<Rope>, d: &Diagnostic) -> Finding {
        Finding {
            path: path.to_string(),
            start: Loc::in_rope(rope, d.range.start),
            end: Loc::in_rope(rope, d.range.end),
            severity: d.severity,
            code: d.code,
            message: d.message.clone(),
            related: d
                .related
                .iter()
                .map(|r| RelatedLoc {
                    start: Loc::in_rope(rope, r.range.start),
                    end: Loc::in_rope(rope, r.range.end),
                    message: r.message.clone(),
                })
                .collect(),
            text: Some(rope.clone()),
        }
    }

    /// A problem in a glossary or `gloss.toml`; `rope` is that file's text
    /// when known (shared by every finding in the file).
    pub fn from_problem(p: &Problem, rope: Option<Arc<Rope>>) -> Finding {
        let (start, end) = match &rope {
            Some(r) => (
                Loc::in_rope(r, p.range.start),
                Loc::in_rope(r, p.range.end.max(p.range.start)),
            ),
            None => {
                let l = Loc {
                    offset: p.range.start,
                    line: p.line,
                    column: p.column,
                };
                (l, l)
            }
        };
        let path = p.source.strip_prefix("./").unwrap_or(&p.source).to_string();
        Finding {
            path,
            start,
            end,
            severity: p.severity,
            code: p.code,
            message: p.message.clone(),
            related: Vec::new(),
            text: rope,
        }
    }

    /// Byte range in the file.
    pub fn range(&self) -> Range<usize> {
        self.start.offset..self.end.offset
    }
}

/// Findings for problems, each with its file's text read from disk when it
/// can be: each file once, however many problems it has (a glossary with
/// 100,000 duplicate ids is read and indexed once, not 100,000 times).
pub fn from_problems(problems: &[Problem]) -> Vec<Finding> {
    let mut files: HashMap<&str, Option<Arc<Rope>>> = HashMap::new();
    problems
        .iter()
        .map(|p| {
            let rope = files
                .entry(p.source.as_str())
                .or_insert_with(|| {
                    let text = std::fs::read_to_string(&p.source).ok()?;
                    Some(Arc::new(Rope::from_str(&text)))
                })
                .clone();
            Finding::from_problem(p, rope)
        })
        .collect()
}

/// Output format of `gloss check` and `gloss glossary check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// path:line:col, severity, code, message and the source line (like rustc).
    Human,
    /// One JSON object per diagnostic, one per line.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

/// The least severe diagnostic that fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    /// Also `info` (the short label of the output). The name is the one of
    /// gloss.toml, its schema and the LSP.
    #[value(name = "information", alias = "info")]
    Info,
    Hint,
    /// Never fail because of diagnostics (I/O and usage errors still give 2).
    Never,
}

impl FailOn {
    pub fn fails(self, s: Severity) -> bool {
        let limit = match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Information,
            FailOn::Hint => Severity::Hint,
            FailOn::Never => return false,
        };
        s <= limit
    }
}

/// The text of 0-based `line` without its line break.
fn line_text(rope: &Rope, line: usize) -> String {
    rope.byte_slice(line_bytes(rope, line)).to_string()
}

/// Terminal styles of the header line; the same as the snippet's, so a
/// finding's severity has one colour.
struct Styles {
    on: bool,
}

impl Styles {
    fn paint(&self, style: Style, s: &str) -> String {
        if self.on {
            format!("{style}{s}{style:#}")
        } else {
            s.to_string()
        }
    }
    fn severity(&self, sev: Severity, s: &str) -> String {
        let style = match sev {
            Severity::Error => DEFAULT_ERROR_STYLE,
            Severity::Warning => DEFAULT_WARNING_STYLE,
            Severity::Information => DEFAULT_INFO_STYLE,
            Severity::Hint => DEFAULT_HELP_STYLE,
        };
        self.paint(style, s)
    }
    fn bold(&self, s: &str) -> String {
        self.paint(Style::new().bold(), s)
    }
}

/// The annotate-snippets level that draws a severity's carets.
fn snippet_level(sev: Severity) -> Level<'static> {
    match sev {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Information => Level::INFO,
        Severity::Hint => Level::HELP,
    }
}

/// The lines `start..end` spans, each without its line break (CR, LF or
/// CRLF, as the rope counts them) and joined by `\n`, and the span's byte
/// range in that text. A span that ends at the start of a line ends at the
/// end of the line before.
fn snippet_source(rope: &Rope, start: &Loc, end: &Loc) -> (String, Range<usize>) {
    let last_line = rope.len_lines().saturating_sub(1);
    let first = start.line.min(last_line);
    let mut last = end.line.clamp(first, last_line);
    let mut end_offset = end.offset;
    if last > first && end.column == 0 {
        last -= 1;
        end_offset = usize::MAX;
    }
    let mut source = String::new();
    let mut span = 0..0;
    for line in first..=last {
        if line > first {
            source.push('\n');
        }
        let base = source.len();
        let text = line_text(rope, line);
        let line_byte = line_bytes(rope, line).start;
        if line == first {
            span.start = base + start.offset.saturating_sub(line_byte).min(text.len());
        }
        if line == last {
            span.end = base + end_offset.saturating_sub(line_byte).min(text.len());
        }
        source.push_str(&text);
    }
    span.end = span.end.max(span.start);
    (source, span)
}

/// Human rendering: one block per finding (`path:line:col: severity[code]:
/// message`, then the source lines with carets under the finding, drawn by
/// annotate-snippets so they line up by display width under CJK text and
/// emoji, then related places), then a summary line.
pub fn human(findings: &[Finding], files: usize, colour: bool) -> String {
    let styles = Styles { on: colour };
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for f in findings {
        let sev = f.severity.label();
        let _ = writeln!(
            out,
            "{}: {}{} {}",
            styles.bold(&format!(
                "{}:{}:{}",
                f.path,
                f.start.line + 1,
                f.start.column + 1
            )),
            styles.severity(f.severity, &format!("{sev}[{}]", f.code)),
            styles.bold(":"),
            f.message
        );
        if let Some(rope) = &f.text {
            let (source, span) = snippet_source(rope, &f.start, &f.end);
            let related: Vec<String> = f
                .related
                .iter()
                .map(|r| {
                    format!(
                        "{}:{}:{}: {}",
                        f.path,
                        r.start.line + 1,
                        r.start.column + 1,
                        r.message
                    )
                })
                .collect();
            let group = Group::with_level(snippet_level(f.severity))
                .element(
                    Snippet::source(source.as_str())
                        .line_start(f.start.line + 1)
                        .fold(false)
                        .annotation(AnnotationKind::Primary.span(span)),
                )
                .elements(
                    related
                        .iter()
                        .map(|r| Level::NOTE.no_name().message(r.as_str())),
                );
            out.push_str(&renderer.render(&[group]));
            out.push('\n');
        }
        out.push('\n');
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let mut parts = Vec::new();
    for (s, one, many) in [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Information, "info", "infos"),
        (Severity::Hint, "hint", "hints"),
    ] {
        let n = count(s);
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    let files_word = if files == 1 { "file" } else { "files" };
    if parts.is_empty() {
        let _ = writeln!(out, "No problems in {files} {files_word}.");
    } else {
        let _ = writeln!(out, "Found {} in {files} {files_word}.", parts.join(", "));
    }
    out
}

fn loc_json(l: &Loc) -> Value {
    json!({"line": l.line + 1, "column": l.column + 1, "offset": l.offset})
}

/// JSON Lines: one object per finding.
pub fn json_lines(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let v = json!({
            "path": f.path,
            "line": f.start.line + 1,
            "column": f.start.column + 1,
            "end_line": f.end.line + 1,
            "end_column": f.end.column + 1,
            "start": f.start.offset,
            "end": f.end.offset,
            "severity": f.severity.label(),
            "code": f.code,
            "message": f.message,
            "source": "gloss",
            "related": f.related.iter().map(|r| json!({
                "path": f.path,
                "start": loc_json(&r.start),
                "end": loc_json(&r.end),
                "message": r.message,
            })).collect::<Vec<_>>(),
        });
        out.push_str(&v.to_string());
        out.push('\n');
    }
    out
}

/// Every code Gloss reports, with a one-line description (SARIF rules).
pub const RULES: &[(&str, &str)] = &[
    (
        "undefined-acronym",
        "A glossary acronym that the document never expands.",
    ),
    (
        "acronym-before-definition",
        "An acronym used before the document expands it.",
    ),
    (
        "non-preferred-term",
        "A hidden (non-preferred) label of a glossary entry is used.",
    ),
    (
        "inconsistent-name",
        "One entity written in two spellings of one variants group.",
    ),
    (
        "unknown-acronym",
        "Capital letters that neither the glossary nor the document defines.",
    ),
    (
        "ambiguous-mention",
        "A label with several meanings that nothing in the document decides.",
    ),
    (
        "definition-clash",
        "The document expands an acronym differently from the glossary.",
    ),
    (
        "glossary-syntax",
        "A glossary file is not valid TOML or JSON.",
    ),
    ("glossary-invalid", "A glossary entry has an invalid value."),
    ("duplicate-id", "Two glossary entries share an id."),
    (
        "label-conflict",
        "Two glossary entries claim one label without `ambiguous = true`.",
    ),
    ("unknown-id", "A glossary entry refers to an unknown id."),
    (
        "not-in-without-label",
        "A `not_in` name of a glossary entry contains none of its labels.",
    ),
    (
        "meaning-without-cues",
        "An `other_meanings` item of a glossary entry has no cues.",
    ),
    ("config-invalid", "gloss.toml is invalid."),
    (
        "path-outside-workspace",
        "A path of gloss.toml leads outside the workspace.",
    ),
    ("io", "A file could not be read."),
];

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// A relative path as a URI reference (forward slashes, percent-encoded).
pub fn uri_of(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:@!$&'()*+,;=".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn sarif_region(f: &Finding, start: &Loc, end: &Loc) -> Value {
    let mut region = json!({
        "startLine": start.line + 1,
        "startColumn": start.column + 1,
        "endLine": end.line + 1,
        "endColumn": end.column + 1,
        "byteOffset": start.offset,
        "byteLength": end.offset.saturating_sub(start.offset),
    });
    if let Some(rope) = &f.text
        && end.offset > start.offset
        && end.offset <= rope.len_bytes()
    {
        region["snippet"] = json!({"text": rope.byte_slice(start.offset..end.offset).to_string()});
    }
    region
}

/// A SARIF 2.1.0 log with one run.
pub fn sarif(findings: &[Finding]) -> String {
    let mut rules: Vec<(&str, &str)> = RULES.to_vec();
    for f in findings {
        if !rules.iter().any(|(c, _)| *c == f.code) {
            rules.push((f.code, ""));
        }
    }
    let rule_index = |code: &str| rules.iter().position(|(c, _)| *c == code).unwrap_or(0);
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut r = json!({
                "ruleId": f.code,
                "ruleIndex": rule_index(f.code),
                "level": sarif_level(f.severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri_of(&f.path), "uriBaseId": "%SRCROOT%"},
                        "region": sarif_region(f, &f.start, &f.end),
                    }
                }],
            });
            if !f.related.is_empty() {
                r["relatedLocations"] = f
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, rel)| {
                        json!({
                            "id": i,
                            "message": {"text": rel.message},
                            "physicalLocation": {
                                "artifactLocation": {"uri": uri_of(&f.path), "uriBaseId": "%SRCROOT%"},
                                "region": sarif_region(f, &rel.start, &rel.end),
                            }
                        })
                    })
                    .collect();
            }
            r
        })
        .collect();
    let rules_json: Vec<Value> = rules
        .iter()
        .map(|(id, desc)| {
            let mut r = json!({"id": id, "name": id});
            if !desc.is_empty() {
                r["shortDescription"] = json!({"text": desc});
            }
            r
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "gloss",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules_json,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

/// Renders findings in `format`.
pub fn render(format: CheckFormat, findings: &[Finding], files: usize, colour: bool) -> String {
    match format {
        CheckFormat::Human => human(findings, files, colour),
        CheckFormat::Json => json_lines(findings),
        CheckFormat::Sarif => sarif(findings),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(text: &str, range: Range<usize>, related: Option<Range<usize>>) -> Finding {
        let rope = Arc::new(Rope::from_str(text));
        Finding {
            path: "d.md".into(),
            start: Loc::in_rope(&rope, range.start),
            end: Loc::in_rope(&rope, range.end),
            severity: Severity::Warning,
            code: "undefined-acronym",
            message: "SCO is never expanded".into(),
            related: related
                .into_iter()
                .map(|r| RelatedLoc {
                    start: Loc::in_rope(&rope, r.start),
                    end: Loc::in_rope(&rope, r.end),
                    message: "expanded here".into(),
                })
                .collect(),
            text: Some(rope),
        }
    }

    fn block(f: &Finding) -> String {
        human(std::slice::from_ref(f), 1, false)
    }

    #[test]
    fn carets_are_aligned_by_display_width_under_cjk_and_emoji() {
        let text = "Title\n中文😀 the SCO met\n";
        let sco = text.find("SCO").unwrap_or(0);
        let out = block(&finding(text, sco..sco + 3, None));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "d.md:2:9: warning[undefined-acronym]: SCO is never expanded"
        );
        assert_eq!(lines[2], "2 | 中文😀 the SCO met");
        // 中, 文 and 😀 are two columns wide each: "中文😀 the " is 11 columns,
        // so the carets start 11 columns after the gutter "  | ".
        assert_eq!(lines[3], format!("  | {}^^^", " ".repeat(11)));
        assert!(!out.contains('\x1b'), "no colours unless asked");
    }

    #[test]
    fn colours_only_when_asked_and_then_for_header_and_carets() {
        let text = "The SCO met\n";
        let f = finding(text, 4..7, None);
        let plain = block(&f);
        let coloured = human(std::slice::from_ref(&f), 1, true);
        assert!(!plain.contains('\x1b'));
        assert!(coloured.contains(&format!(
            "{DEFAULT_WARNING_STYLE}warning[undefined-acronym]"
        )));
        assert!(
            coloured.contains(&format!("{DEFAULT_WARNING_STYLE}^^^")),
            "{coloured:?}"
        );
    }

    #[test]
    fn crlf_and_lone_cr_lines_related_places_and_multi_line_spans() {
        let text = "a\r\nb\rThe SCO\r\nShanghai Cooperation\nOrganisation (SCO)\n";
        let sco = text.find("SCO").unwrap_or(0);
        let expanded = text.find("Shanghai").unwrap_or(0);
        let out = block(&finding(text, sco..sco + 3, Some(expanded..expanded + 8)));
        assert_eq!(
            out,
            "d.md:3:5: warning[undefined-acronym]: SCO is never expanded\n  |\n3 | The SCO\n  |     ^^^\n  |\n  = d.md:4:1: expanded here\n\nFound 1 warning in 1 file.\n"
        );
        let end = text.find(" (SCO)").unwrap_or(0);
        let out = block(&finding(text, expanded..end, None));
        assert!(
            out.contains(
                "4 | / Shanghai Cooperation\n5 | | Organisation (SCO)\n  | |____________^\n"
            ),
            "{out}"
        );
        // A span that ends where the next line starts stays on its line.
        let next = text.find("Organisation").unwrap_or(0);
        let out = block(&finding(text, expanded..next, None));
        assert!(
            out.contains("4 | Shanghai Cooperation\n  | ^^^^^^^^^^^^^^^^^^^^\n"),
            "{out}"
        );
    }

    #[test]
    fn empty_and_out_of_range_spans_still_get_one_caret() {
        let text = "abc\n";
        let out = block(&finding(text, 4..4, None));
        assert!(out.starts_with("d.md:2:1:"), "{out}");
        assert!(out.contains("  |\n2 |\n  | ^\n"), "{out:?}");
        let out = block(&finding(text, 1..1, None));
        assert!(out.contains("1 | abc\n  |  ^\n"), "{out:?}");
    }
}
