//! Core types → LSP types, and LSP inputs → core types.
//!
//! Owns every conversion (positions through [`crate::text::position`]): ranges,
//! diagnostics (live and recorded), problems, locations of mentions and
//! entries, symbols, code-action edits, semantic tokens. Keeps no state and
//! decides nothing about features.

use std::ops::Range as ByteRange;

use std::collections::HashMap;

use serde_json::json;

use ropey::Rope;
use tower_lsp_server::ls_types::*;

use super::state::{key_uri, path_uri};
use crate::analysis::actions::{Action, GlossaryTarget};
use crate::analysis::diagnostics::Diagnostic as CoreDiagnostic;
use crate::analysis::lens::Lens;
use crate::analysis::symbols::{EntrySymbol, Symbol, SymbolKind as CoreSymbolKind};
use crate::glossary::Kind;
use crate::problem::{Problem, Severity};
use crate::text::position::{
    Encoding, LineCol, LineIndex, PositionCursor, PositionError, line_bytes, line_of, to_offset,
    to_position,
};
use crate::workspace::{EntryLocation, FileMentions, GlossaryEdits, LabelRename, TextChange};

pub fn position(rope: &Rope, offset: usize, enc: Encoding) -> Position {
    let lc = to_position(rope, offset, enc);
    Position::new(lc.line, lc.col)
}

pub fn range(rope: &Rope, r: ByteRange<usize>, enc: Encoding) -> Range {
    Range::new(position(rope, r.start, enc), position(rope, r.end, enc))
}

pub fn offset(rope: &Rope, p: Position, enc: Encoding) -> Result<usize, PositionError> {
    to_offset(
        rope,
        LineCol {
            line: p.line,
            col: p.character,
        },
        enc,
    )
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// An LSP diagnostic from Gloss: the fields every kind of finding shares.
pub(super) fn gloss_diagnostic(
    range: Range,
    severity_now: Severity,
    code: &str,
    message: String,
    related: Vec<DiagnosticRelatedInformation>,
) -> Diagnostic {
    Diagnostic {
        range,
        severity: Some(severity(severity_now)),
        code: Some(NumberOrString::String(code.to_string())),
        source: Some("gloss".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}

fn related_in(uri: &Uri, range: Range, message: &str) -> DiagnosticRelatedInformation {
    DiagnosticRelatedInformation {
        location: Location::new(uri.clone(), range),
        message: message.to_string(),
    }
}

pub fn diagnostic(rope: &Rope, uri: &Uri, d: &CoreDiagnostic, enc: Encoding) -> Diagnostic {
    diagnostic_at(&mut PositionCursor::new(rope, enc), uri, d)
}

/// A document's diagnostics, their positions converted through one cursor
/// (diagnostics come in order, so most positions are counted on from the
/// previous one rather than looked up in the rope).
pub fn diagnostics(
    rope: &Rope,
    uri: &Uri,
    ds: &[CoreDiagnostic],
    enc: Encoding,
) -> Vec<Diagnostic> {
    let mut cursor = PositionCursor::new(rope, enc);
    ds.iter()
        .map(|d| diagnostic_at(&mut cursor, uri, d))
        .collect()
}

fn diagnostic_at(cursor: &mut PositionCursor<'_>, uri: &Uri, d: &CoreDiagnostic) -> Diagnostic {
    let mut range_of = |r: &ByteRange<usize>| {
        let start = cursor.position(r.start);
        let end = cursor.position(r.end);
        Range::new(
            Position::new(start.line, start.col),
            Position::new(end.line, end.col),
        )
    };
    let range = range_of(&d.range);
    let related = d
        .related
        .iter()
        .map(|r| related_in(uri, range_of(&r.range), &r.message))
        .collect();
    gloss_diagnostic(range, d.severity, d.code, d.message.clone(), related)
}

/// The problems of one text held as a string (a glossary file, `gloss.toml`).
pub fn problems(text: &str, problems: &[Problem], enc: Encoding) -> Vec<Diagnostic> {
    let lines = LineIndex::new(text);
    let at = |offset: usize| {
        let lc = lines.position(text, offset, enc);
        Position::new(lc.line, lc.col)
    };
    problems
        .iter()
        .map(|p| {
            let end = if p.range.end > p.range.start {
                p.range.end
            } else {
                // Underline at least one character, or the end of the line.
                let start = p.range.start.min(text.len());
                text.get(start..)
                    .and_then(|rest| rest.chars().next())
                    .filter(|c| *c != '\n')
                    .map_or(start, |c| start + c.len_utf8())
            };
            let range = Range::new(at(p.range.start), at(end));
            gloss_diagnostic(range, p.severity, p.code, p.message.clone(), Vec::new())
        })
        .collect()
}

/// Locations of mentions, one URI per file.
pub fn locations(files: &[FileMentions], enc: Encoding) -> Vec<Location> {
    let mut out = Vec::new();
    for file in files {
        match file {
            FileMentions::Open { key, doc, ranges } => {
                let Some(uri) = key_uri(key) else { continue };
                out.extend(
                    ranges
                        .iter()
                        .map(|r| Location::new(uri.clone(), range(&doc.rope, r.clone(), enc))),
                );
            }
            FileMentions::Closed { path, mentions } => {
                let Some(uri) = path_uri(path) else { continue };
                out.extend(
                    mentions
                        .iter()
                        .map(|m| Location::new(uri.clone(), pos_range(&m.range, enc))),
                );
            }
        }
    }
    out
}

/// Where a glossary entry is written.
pub fn entry_location(at: &EntryLocation, enc: Encoding) -> Option<Location> {
    Some(Location::new(
        path_uri(&at.path)?,
        range(at.text.rope(), at.span.clone(), enc),
    ))
}

/// LSP content changes as core text changes.
pub fn text_changes(changes: Vec<TextDocumentContentChangeEvent>) -> Vec<TextChange> {
    let lc = |p: Position| LineCol {
        line: p.line,
        col: p.character,
    };
    changes
        .into_iter()
        .map(|c| TextChange {
            range: c.range.map(|r| (lc(r.start), lc(r.end))),
            text: c.text,
        })
        .collect()
}

fn entry_symbol_kind(kind: Kind) -> SymbolKind {
    match kind {
        Kind::Concept => SymbolKind::INTERFACE,
        Kind::Organization => SymbolKind::CLASS,
        Kind::Person => SymbolKind::OBJECT,
        Kind::Place => SymbolKind::MODULE,
        Kind::Document => SymbolKind::FILE,
        Kind::Event => SymbolKind::EVENT,
        Kind::Other => SymbolKind::CONSTANT,
    }
}

/// A glossary entry found by a workspace-symbol search, at `location`.
#[allow(deprecated)]
pub fn entry_symbol(s: EntrySymbol, location: Location) -> SymbolInformation {
    SymbolInformation {
        name: s.name,
        kind: entry_symbol_kind(s.kind),
        tags: None,
        deprecated: None,
        location,
        container_name: Some(s.container),
    }
}

fn symbol_kind(k: CoreSymbolKind) -> SymbolKind {
    match k {
        CoreSymbolKind::Heading => SymbolKind::STRING,
        CoreSymbolKind::Group(_) => SymbolKind::NAMESPACE,
        CoreSymbolKind::Mention => SymbolKind::KEY,
        CoreSymbolKind::Entity(kind) => entry_symbol_kind(kind),
    }
}

#[allow(deprecated)]
pub fn document_symbol(rope: &Rope, s: &Symbol, enc: Encoding) -> DocumentSymbol {
    DocumentSymbol {
        name: if s.name.is_empty() {
            "(untitled)".to_string()
        } else {
            s.name.clone()
        },
        detail: s.detail.clone(),
        kind: symbol_kind(s.kind),
        tags: None,
        deprecated: None,
        range: range(rope, s.range.clone(), enc),
        selection_range: range(rope, s.selection.clone(), enc),
        children: (!s.children.is_empty()).then(|| {
            s.children
                .iter()
                .map(|c| document_symbol(rope, c, enc))
                .collect()
        }),
    }
}

/// What the client can apply: versioned document changes, file creation.
#[derive(Debug, Clone, Copy)]
pub struct EditSupport {
    pub document_changes: bool,
    pub create_files: bool,
}

/// One file's edits, as `documentChanges` or `changes` per what the client supports.
fn file_edit(
    uri: Uri,
    version: Option<i32>,
    edits: Vec<TextEdit>,
    support: EditSupport,
) -> WorkspaceEdit {
    let mut edit = WorkspaceEdit::default();
    if support.document_changes {
        edit.document_changes = Some(DocumentChanges::Edits(vec![TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version },
            edits: edits.into_iter().map(OneOf::Left).collect(),
        }]));
    } else {
        edit.changes = Some(HashMap::from([(uri, edits)]));
    }
    edit
}

/// A core code action on document `uri` (at `version`, text `rope`) as an LSP
/// code action; `None` when the client cannot apply it (creating a file).
pub fn code_action(
    a: Action,
    uri: &Uri,
    version: i32,
    rope: &Rope,
    target: Option<&GlossaryTarget>,
    support: EditSupport,
    enc: Encoding,
) -> Option<CodeActionOrCommand> {
    let mut edit = WorkspaceEdit::default();
    if !a.edits.is_empty() {
        let edits = a
            .edits
            .iter()
            .map(|(r, t)| TextEdit::new(range(rope, r.clone(), enc), t.clone()))
            .collect();
        edit = file_edit(uri.clone(), Some(version), edits, support);
    }
    if let Some(g) = &a.glossary {
        let guri = path_uri(&g.path)?;
        if g.create {
            if !(support.document_changes && support.create_files) {
                return None; // The client cannot create files through edits.
            }
            edit.document_changes = Some(DocumentChanges::Operations(vec![
                DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                    uri: guri.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                })),
                DocumentChangeOperation::Edit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri: guri,
                        version: None,
                    },
                    edits: vec![OneOf::Left(TextEdit::new(Range::default(), g.text.clone()))],
                }),
            ]));
        } else {
            let existing = target.and_then(|t| t.existing.as_deref()).unwrap_or("");
            let lc = LineIndex::new(existing).position(existing, g.at, enc);
            let at = Position::new(lc.line, lc.col);
            let te = TextEdit::new(Range::new(at, at), g.text.clone());
            edit = file_edit(guri, None, vec![te], support);
        }
    }
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: a.title,
        kind: Some(if a.fixes.is_some() {
            CodeActionKind::QUICKFIX
        } else {
            CodeActionKind::REFACTOR
        }),
        diagnostics: a
            .fixes
            .as_ref()
            .map(|d| vec![diagnostic(rope, uri, d, enc)]),
        edit: Some(edit),
        is_preferred: Some(a.preferred),
        ..CodeAction::default()
    }))
}

pub fn pos_range(r: &crate::workspace::closed::PosRange, enc: Encoding) -> Range {
    Range::new(
        Position::new(r.start.line, r.start.col(enc)),
        Position::new(r.end.line, r.end.col(enc)),
    )
}

/// Encodes tokens (sorted, byte ranges) as LSP relative semantic tokens,
/// splitting tokens that cross line breaks.
pub fn semantic_tokens(
    rope: &Rope,
    tokens: &[crate::analysis::decorations::Token],
    enc: Encoding,
) -> Vec<SemanticToken> {
    let mut out = Vec::new();
    let (mut prev_line, mut prev_col) = (0u32, 0u32);
    for t in tokens {
        for line in line_of(rope, t.range.start)..=line_of(rope, t.range.end) {
            let bytes = line_bytes(rope, line);
            let seg_start = t.range.start.max(bytes.start);
            let seg_end = t.range.end.min(bytes.end).max(seg_start);
            let s = position(rope, seg_start, enc);
            let e = position(rope, seg_end, enc);
            let len = e.character.saturating_sub(s.character);
            if len == 0 {
                continue;
            }
            let delta_line = s.line - prev_line;
            let delta_start = if delta_line == 0 {
                s.character - prev_col
            } else {
                s.character
            };
            out.push(SemanticToken {
                delta_line,
                delta_start,
                length: len,
                token_type: t.kind,
                token_modifiers_bitset: t.modifiers,
            });
            prev_line = s.line;
            prev_col = s.character;
        }
    }
    out
}

/// A hover card (Markdown) for a client that shows Markdown, or as plain text.
pub fn hover(markdown: String, range: Option<Range>, client_markdown: bool) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: if client_markdown {
                MarkupKind::Markdown
            } else {
                MarkupKind::PlainText
            },
            value: if client_markdown {
                markdown
            } else {
                crate::analysis::hover::markdown_to_plain(&markdown)
            },
        }),
        range,
    }
}

/// Completion candidates (replacing byte ranges of `rope`), best first; `None` when empty.
pub fn completion(
    rope: &Rope,
    candidates: Vec<crate::analysis::completion::Candidate>,
    enc: Encoding,
) -> Option<CompletionResponse> {
    if candidates.is_empty() {
        return None;
    }
    let items = candidates
        .into_iter()
        .enumerate()
        .map(|(i, c)| CompletionItem {
            label: c.label.clone(),
            detail: Some(c.detail),
            kind: Some(CompletionItemKind::REFERENCE),
            sort_text: Some(format!("{i:04}")),
            filter_text: Some(c.label),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: range(rope, c.replace, enc),
                new_text: c.insert,
            })),
            ..CompletionItem::default()
        })
        .collect();
    Some(CompletionResponse::List(CompletionList {
        is_incomplete: true,
        items,
    }))
}

/// An acronym's expansion shown after byte `at`.
pub fn inlay_hint(rope: &Rope, at: usize, label: String, enc: Encoding) -> InlayHint {
    InlayHint {
        position: position(rope, at, enc),
        label: InlayHintLabel::String(label),
        kind: None,
        text_edits: None,
        tooltip: None,
        padding_left: Some(false),
        padding_right: Some(false),
        data: None,
    }
}

/// Edits of glossary files, per file.
pub fn glossary_edits(files: &[GlossaryEdits], enc: Encoding) -> HashMap<Uri, Vec<TextEdit>> {
    let mut out: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for file in files {
        let Some(uri) = path_uri(file.path) else {
            continue;
        };
        let edits = file
            .edits
            .iter()
            .map(|(r, t)| TextEdit::new(range(file.text.rope(), r.clone(), enc), t.clone()));
        out.entry(uri).or_default().extend(edits);
    }
    out
}

/// A label rename: the glossary's `label`, and each mention replaced by `new_label`.
pub fn label_rename(r: &LabelRename, new_label: &str, enc: Encoding) -> WorkspaceEdit {
    let mut changes = glossary_edits(std::slice::from_ref(&r.glossary), enc);
    for at in locations(&r.mentions, enc) {
        let edit = TextEdit::new(at.range, new_label.to_string());
        changes.entry(at.uri).or_default().push(edit);
    }
    WorkspaceEdit::new(changes)
}

/// A lens over an entry of glossary file `uri` (text `rope`), listing its mentions.
pub fn code_lens(
    uri: &Uri,
    rope: &Rope,
    lens: Lens,
    mentions: &[FileMentions],
    enc: Encoding,
) -> CodeLens {
    let at = range(rope, lens.range, enc);
    let locations = locations(mentions, enc);
    CodeLens {
        range: at,
        command: Some(Command {
            title: lens.title,
            command: "editor.action.showReferences".to_string(),
            arguments: Some(vec![json!(uri), json!(at.start), json!(locations)]),
        }),
        data: None,
    }
}

/// No location, one, or several.
pub fn definition_response(mut locations: Vec<Location>) -> Option<GotoDefinitionResponse> {
    match locations.len() {
        0 => None,
        1 => locations.pop().map(GotoDefinitionResponse::Scalar),
        _ => Some(GotoDefinitionResponse::Array(locations)),
    }
}
