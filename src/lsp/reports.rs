//! Pulled diagnostic reports (`textDocument/diagnostic`,
//! `workspace/diagnostic`): each file's result id, "unchanged" or the full
//! list, and the items written to JSON once.
//!
//! The result id is a digest of what the diagnostics say as the client
//! would see them (positions in the negotiated encoding, severity, code,
//! message, related places and the file's URI), taken from the core
//! diagnostics *before* any LSP struct or JSON is built. So the server keeps
//! no state per client (the same diagnostics always get the same id), and a
//! pull that sends back the id of the same diagnostics
//! (`previousResultId(s)`) costs computing them and their positions only:
//! the answer is "unchanged", with no items to convert, write or parse.
//!
//! Owns: result ids, the choice unchanged-or-full, the report JSON. Must
//! not: decide what is diagnosed (that is [`crate::analysis::diagnostics`])
//! or convert positions itself (that is [`super::convert`]).

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

use serde_json::value::RawValue;
use tower_lsp_server::ls_types::*;

use super::convert;
use super::state::{key_uri, path_uri};
use crate::problem::Severity;
use crate::text::position::{Encoding, PositionCursor};
use crate::workspace::FileDiagnostics;

/// A diagnostic with its positions converted, borrowing its texts: what
/// the digest reads, and what an LSP diagnostic is built from when the
/// report is full.
struct Placed<'a> {
    range: Range,
    severity: Severity,
    code: &'static str,
    message: &'a str,
    related: Vec<(Range, &'a str)>,
}

/// A file's diagnostics, placed in the client's encoding. An open
/// document's positions go through one cursor (diagnostics come in order);
/// a closed file's records hold both encodings already.
fn placed<'a>(file: &'a FileDiagnostics<'_>, enc: Encoding) -> Vec<Placed<'a>> {
    match file {
        FileDiagnostics::Open {
            doc, diagnostics, ..
        } => {
            let mut cursor = PositionCursor::new(&doc.rope, enc);
            let mut range_of = |r: &std::ops::Range<usize>| {
                let (start, end) = (cursor.position(r.start), cursor.position(r.end));
                Range::new(
                    Position::new(start.line, start.col),
                    Position::new(end.line, end.col),
                )
            };
            diagnostics
                .iter()
                .map(|d| Placed {
                    range: range_of(&d.range),
                    severity: d.severity,
                    code: d.code,
                    message: &d.message,
                    related: d
                        .related
                        .iter()
                        .map(|r| (range_of(&r.range), r.message.as_str()))
                        .collect(),
                })
                .collect()
        }
        FileDiagnostics::Closed { diagnostics, .. } => diagnostics
            .iter()
            .map(|(severity, d)| Placed {
                range: convert::pos_range(&d.range, enc),
                severity: *severity,
                code: d.code,
                message: &d.message,
                related: d
                    .related
                    .iter()
                    .map(|(r, m)| (convert::pos_range(r, enc), &**m))
                    .collect(),
            })
            .collect(),
    }
}

/// The digest of `placed` in file `uri`: every field the written items
/// carry, in order, with lengths, so that different items get different
/// ids. `foldhash`'s quality hasher with a fixed seed: the same items get
/// the same id in every process, at several GB/s (SipHash, the standard
/// hasher, was a tenth of a pull's time).
fn digest(uri: &Uri, placed: &[Placed<'_>]) -> String {
    let mut h = foldhash::quality::FixedState::with_seed(0x0067_6c6f_7373).build_hasher();
    fn range(h: &mut impl Hasher, r: &Range) {
        for n in [r.start.line, r.start.character, r.end.line, r.end.character] {
            h.write_u32(n);
        }
    }
    fn text(h: &mut impl Hasher, s: &str) {
        h.write_usize(s.len());
        h.write(s.as_bytes());
    }
    text(&mut h, uri.as_str());
    h.write_usize(placed.len());
    for d in placed {
        range(&mut h, &d.range);
        h.write_u8(d.severity as u8);
        text(&mut h, d.code);
        text(&mut h, d.message);
        h.write_usize(d.related.len());
        for (r, message) in &d.related {
            range(&mut h, r);
            text(&mut h, message);
        }
    }
    format!("{:016x}", h.finish())
}

/// The LSP diagnostic of a placed one.
fn lsp_diagnostic(uri: &Uri, d: Placed<'_>) -> Diagnostic {
    let related = d
        .related
        .into_iter()
        .map(|(range, message)| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range),
            message: message.to_string(),
        })
        .collect();
    convert::gloss_diagnostic(d.range, d.severity, d.code, d.message.to_string(), related)
}

/// One file's pulled report: its result id, and unless the client already
/// has these diagnostics, the items (typed, and written to JSON once).
pub struct Report {
    result_id: String,
    unchanged: bool,
    items: Vec<Diagnostic>,
    /// `None` when unchanged, or if the items could not be written (then
    /// the typed report is answered).
    json: Option<Box<RawValue>>,
}

impl Report {
    /// The report of `file` (at `uri`) for a client that holds the
    /// diagnostics of result id `previous`.
    pub fn new(
        uri: &Uri,
        file: &FileDiagnostics<'_>,
        enc: Encoding,
        previous: Option<&str>,
    ) -> Report {
        Report::of(uri, placed(file, enc), previous)
    }

    /// The report of a file with no diagnostics (not open, not recorded).
    pub fn empty(uri: &Uri, previous: Option<&str>) -> Report {
        Report::of(uri, Vec::new(), previous)
    }

    fn of(uri: &Uri, placed: Vec<Placed<'_>>, previous: Option<&str>) -> Report {
        let result_id = digest(uri, &placed);
        if previous == Some(result_id.as_str()) {
            return Report {
                result_id,
                unchanged: true,
                items: Vec::new(),
                json: None,
            };
        }
        let items: Vec<Diagnostic> = placed.into_iter().map(|d| lsp_diagnostic(uri, d)).collect();
        Report {
            result_id,
            unchanged: false,
            json: serde_json::value::to_raw_value(&items).ok(),
            items,
        }
    }

    /// The report as JSON; `None` if the items could not be written.
    pub fn json(&self) -> Option<ReportJson<'_>> {
        Some(ReportJson {
            kind: if self.unchanged { "unchanged" } else { "full" },
            uri: None,
            version: None,
            result_id: &self.result_id,
            items: if self.unchanged {
                None
            } else {
                Some(self.json.as_deref()?)
            },
        })
    }

    /// The typed report.
    pub fn typed(self) -> DocumentDiagnosticReport {
        let result_id = self.result_id;
        if self.unchanged {
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            })
        } else {
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(result_id),
                    items: self.items,
                },
            })
        }
    }
}

/// A diagnostic report as the LSP writes it, with its items already written
/// ([`Report`]), for [`super::prewritten::write`]: `uri` and `version`
/// only in a workspace answer (`version` null for a closed file).
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportJson<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<&'a Uri>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<Option<i64>>,
    result_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<&'a RawValue>,
}

/// One file of a workspace diagnostic answer: its URI, version (open
/// files) and report.
pub struct WorkspaceFile {
    uri: Uri,
    version: Option<i64>,
    report: Report,
}

impl WorkspaceFile {
    /// `file`'s part of a workspace answer, for a client that holds the
    /// result ids `previous` (its `previousResultIds`); `None` if the file
    /// has no URI.
    pub fn new(
        file: &FileDiagnostics<'_>,
        enc: Encoding,
        previous: &HashMap<Uri, String>,
    ) -> Option<WorkspaceFile> {
        let (uri, version) = match file {
            FileDiagnostics::Open { key, doc, .. } => (key_uri(key)?, Some(i64::from(doc.version))),
            FileDiagnostics::Closed { path, .. } => (path_uri(path)?, None),
        };
        let report = Report::new(&uri, file, enc, previous.get(&uri).map(String::as_str));
        Some(WorkspaceFile {
            uri,
            version,
            report,
        })
    }

    /// The file's report as JSON (see [`Report::json`]).
    pub fn json(&self) -> Option<ReportJson<'_>> {
        let mut json = self.report.json()?;
        json.uri = Some(&self.uri);
        json.version = Some(self.version);
        Some(json)
    }

    /// The file's typed report.
    pub fn typed(self) -> WorkspaceDocumentDiagnosticReport {
        let (uri, version) = (self.uri, self.version);
        match self.report.typed() {
            DocumentDiagnosticReport::Full(r) => {
                WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
                    uri,
                    version,
                    full_document_diagnostic_report: r.full_document_diagnostic_report,
                })
            }
            DocumentDiagnosticReport::Unchanged(r) => WorkspaceDocumentDiagnosticReport::Unchanged(
                WorkspaceUnchangedDocumentDiagnosticReport {
                    uri,
                    version,
                    unchanged_document_diagnostic_report: r.unchanged_document_diagnostic_report,
                },
            ),
        }
    }
}

/// A workspace diagnostic answer as JSON (see [`WorkspaceFile::json`]).
#[derive(serde::Serialize)]
pub struct WorkspaceReportJson<'a> {
    pub items: Vec<ReportJson<'a>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one<'a>(message: &'a str, related: &'a str) -> Placed<'a> {
        Placed {
            range: Range::new(Position::new(1, 2), Position::new(1, 6)),
            severity: Severity::Warning,
            code: "undefined-acronym",
            message,
            related: vec![(
                Range::new(Position::new(0, 0), Position::new(0, 4)),
                related,
            )],
        }
    }

    /// The id changes with every field a client sees, and only with them.
    #[test]
    fn the_result_id_covers_every_field_written() {
        let uri: Uri = "file:///a.md".parse().expect("uri");
        let other_uri: Uri = "file:///b.md".parse().expect("uri");
        let id = |uri: &Uri, placed: Vec<Placed<'_>>| digest(uri, &placed);
        let base = id(&uri, vec![one("m", "r")]);
        assert_eq!(base, id(&uri, vec![one("m", "r")]));
        let mut variants = vec![
            id(&other_uri, vec![one("m", "r")]),
            id(&uri, vec![one("m2", "r")]),
            id(&uri, vec![one("m", "r2")]),
            id(&uri, vec![one("m", "r"), one("m", "r")]),
            id(&uri, vec![]),
            // Text moved from message to related keeps the total bytes.
            id(&uri, vec![one("mr", "")]),
        ];
        let mut moved = one("m", "r");
        moved.range.end.character += 1;
        variants.push(id(&uri, vec![moved]));
        let mut severity = one("m", "r");
        severity.severity = Severity::Error;
        variants.push(id(&uri, vec![severity]));
        let mut code = one("m", "r");
        code.code = "unknown-acronym";
        variants.push(id(&uri, vec![code]));
        let mut related_moved = one("m", "r");
        related_moved.related[0].0.start.line = 3;
        variants.push(id(&uri, vec![related_moved]));
        for (i, v) in variants.iter().enumerate() {
            assert_ne!(&base, v, "variant {i}");
        }
    }
}
