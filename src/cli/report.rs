//! Findings (document diagnostics and glossary/config problems) in one shape,
//! and their three renderings: human (like rustc), JSON Lines and SARIF 2.1.0.

use std::fmt::Write;
use std::ops::Range;
use std::sync::Arc;

use ropey::Rope;
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
        let offset = offset.min(rope.len_bytes());
        let ch = rope.byte_to_char(offset);
        let line = rope.char_to_line(ch);
        Loc {
            offset: rope.char_to_byte(ch),
            line,
            column: ch - rope.line_to_char(line),
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

    /// A problem in a glossary or `gloss.toml`; `text` is that file's text when known.
    pub fn from_problem(p: &Problem, text: Option<&str>) -> Finding {
        let rope = text.map(|t| Arc::new(Rope::from_str(t)));
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

/// Findings for problems, each with its file's text read from disk when it can be.
pub fn from_problems(problems: &[Problem]) -> Vec<Finding> {
    problems
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p.source).ok();
            Finding::from_problem(p, text.as_deref())
        })
        .collect()
}

pub fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information => "info",
        Severity::Hint => "hint",
    }
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
    #[value(alias = "information")]
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

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn severity(&self, sev: Severity, s: &str) -> String {
        let code = match sev {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Information => "1;34",
            Severity::Hint => "1;36",
        };
        self.wrap(code, s)
    }
    fn frame(&self, s: &str) -> String {
        self.wrap("1;34", s)
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
}

/// The text of 0-based `line` without its line break.
fn line_text(rope: &Rope, line: usize) -> String {
    if line >= rope.len_lines() {
        return String::new();
    }
    let s = rope.line(line).to_string();
    s.trim_end_matches(['\n', '\r']).to_string()
}

/// Human rendering: one block per finding, then a summary line.
pub fn human(findings: &[Finding], files: usize, colour: bool) -> String {
    let paint = Paint { on: colour };
    let mut out = String::new();
    for f in findings {
        let sev = severity_name(f.severity);
        let _ = writeln!(
            out,
            "{}: {}{} {}",
            paint.bold(&format!(
                "{}:{}:{}",
                f.path,
                f.start.line + 1,
                f.start.column + 1
            )),
            paint.severity(f.severity, &format!("{sev}[{}]", f.code)),
            paint.bold(":"),
            f.message
        );
        if let Some(rope) = &f.text {
            let num = (f.start.line + 1).to_string();
            let pad = " ".repeat(num.len());
            let src = line_text(rope, f.start.line);
            let width = if f.end.line == f.start.line {
                f.end.column.saturating_sub(f.start.column)
            } else {
                src.chars().count().saturating_sub(f.start.column)
            }
            .max(1);
            // Tabs keep their width in the caret line.
            let lead: String = src
                .chars()
                .take(f.start.column)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{pad} {}", paint.frame("|"));
            let _ = writeln!(out, "{} {src}", paint.frame(&format!("{num} |")));
            let _ = writeln!(
                out,
                "{pad} {} {lead}{}",
                paint.frame("|"),
                paint.severity(f.severity, &"^".repeat(width))
            );
            for r in &f.related {
                let _ = writeln!(
                    out,
                    "{pad} {} {}:{}:{}: {}",
                    paint.frame("="),
                    f.path,
                    r.start.line + 1,
                    r.start.column + 1,
                    r.message
                );
            }
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
            "severity": severity_name(f.severity),
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
    ("config-invalid", "gloss.toml is invalid."),
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
