//! The language server: LSP messages in, core calls, LSP types out.
//!
//! Notifications that change state go through one queue to the [`Worker`]
//! (applied in arrival order, before any `.await` here). Each request reads
//! as: settle (wait for the changes sent before it), look up (the document or
//! glossary buffer and the byte offset), call one core function (in
//! [`crate::analysis`] or [`crate::workspace`]), convert ([`convert`]).
//! Owns no feature logic and no state beyond the queue's counters.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};
use tokio::sync::{mpsc, watch};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::capabilities::{self, ClientFlags};
use super::convert::{self, EditSupport};
use super::pending::{
    MentionTally, entry_card, glossary_lenses, in_document, in_glossary, label_edit, prepare_id,
    source_index,
};
use super::state::{Job, Shared, path_uri, uri_path};
use super::worker::Worker;
use crate::analysis::actions::actions;
use crate::analysis::decorations::{inlay_hints, semantic_tokens};
use crate::analysis::definition::{Target, definition};
use crate::analysis::hover::hover;
use crate::analysis::navigate::{entities_at, entry_at_in_glossary, mentions_in};
use crate::analysis::symbols::{document_symbols, workspace_symbols};
use crate::analysis::{hit_at, rename};
use crate::glossary::EntryId;
use crate::index::document::Document;
use crate::text::position::Encoding;
use crate::workspace::{GlossaryText, Which, Workspace};

pub struct Backend {
    shared: Arc<Shared>,
    jobs: mpsc::UnboundedSender<Job>,
    sent: AtomicU64,
    applied: watch::Receiver<u64>,
}

fn invalid_params(msg: impl std::fmt::Display) -> Error {
    Error::invalid_params(msg.to_string())
}

/// An open document and the byte offset of `pos` in it (bad positions are errors).
fn doc_at<'a>(
    ws: &'a Workspace,
    uri: &Uri,
    pos: Position,
    enc: Encoding,
) -> Result<Option<(&'a Document, usize)>> {
    let Some(doc) = ws.document(uri.as_str()) else {
        return Ok(None);
    };
    let offset = convert::offset(&doc.rope, pos, enc).map_err(invalid_params)?;
    Ok(Some((doc, offset)))
}

/// A glossary file open in the editor, its buffer and the byte offset of `pos` in it.
fn glossary_at<'a>(
    ws: &'a Workspace,
    uri: &Uri,
    pos: Position,
    enc: Encoding,
) -> Result<Option<(PathBuf, &'a GlossaryText, usize)>> {
    let Some(path) = uri_path(uri) else {
        return Ok(None);
    };
    let Some(buffer) = ws.glossary_buffer(&path) else {
        return Ok(None);
    };
    let offset = convert::offset(&buffer.rope, pos, enc).map_err(invalid_params)?;
    Ok(Some((path, buffer, offset)))
}

/// The entry under the cursor in an open glossary buffer.
fn entry_in_glossary(
    ws: &Workspace,
    uri: &Uri,
    pos: Position,
    enc: Encoding,
) -> Result<Option<EntryId>> {
    Ok(glossary_at(ws, uri, pos, enc)?
        .and_then(|(path, _, offset)| entry_at_in_glossary(ws.glossary(), &path, offset)))
}

fn entry_location(ws: &Workspace, id: EntryId, enc: Encoding) -> Option<Location> {
    convert::entry_location(&ws.entry_location(id)?, enc)
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        let shared = Arc::new(Shared::new(Workspace::new(Vec::new(), Value::Null)));
        let (jobs, rx) = mpsc::unbounded_channel::<Job>();
        let (applied_tx, applied) = watch::channel(0u64);
        tokio::spawn(Worker::new(client, shared.clone()).run(rx, applied_tx));
        Backend {
            shared,
            jobs,
            sent: AtomicU64::new(0),
            applied,
        }
    }

    /// Queues a change. Called before any `.await` in a handler, so queue
    /// order is arrival order.
    fn send(&self, job: Job) {
        if self.jobs.send(job).is_ok() {
            self.sent.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// Waits until every change queued before this call has been applied.
    async fn settled(&self) {
        let target = self.sent.load(Ordering::SeqCst);
        let mut rx = self.applied.clone();
        let _ = rx.wait_for(|&n| n >= target).await;
    }

    fn enc(&self) -> Encoding {
        self.shared.encoding()
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let enc = capabilities::encoding(&params.capabilities);
        self.shared.set_encoding(enc);
        let flags = ClientFlags::from_capabilities(&params.capabilities);
        let pull = flags.pull_diagnostics;
        self.shared.set_flags(flags);
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| uri_path(&f.uri))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty()
            && let Some(p) = params.root_uri.as_ref().and_then(uri_path)
        {
            roots.push(p);
        }
        self.send(Job::Init {
            roots,
            options: params.initialization_options,
        });
        Ok(InitializeResult {
            capabilities: capabilities::server_capabilities(enc, pull),
            server_info: Some(ServerInfo {
                name: "gloss".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.send(Job::Initialized);
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        self.send(Job::Open(params.text_document));
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        self.send(Job::Change(params));
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {
        // Open buffers are authoritative; saved files arrive as watched-file events.
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.send(Job::Close(params.text_document.uri));
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        self.send(Job::Settings(params.settings));
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.send(Job::Watched(params.changes));
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        self.send(Job::Folders(params.event));
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.settled().await;
        let TextDocumentPositionParams {
            text_document,
            position,
        } = params.text_document_position_params;
        let (enc, markdown) = (self.enc(), self.shared.flags().markdown_hover);
        self.shared.read(|ws| {
            if let Some(id) = entry_in_glossary(ws, &text_document.uri, position, enc)? {
                let files = ws.mentions_of(id, Which::All);
                let tally = MentionTally::from_counts(ws.mention_counts(&files));
                let card = entry_card(ws.glossary(), id, &tally);
                return Ok(Some(convert::hover(card, None, markdown)));
            }
            let Some((doc, offset)) = doc_at(ws, &text_document.uri, position, enc)? else {
                return Ok(None);
            };
            Ok(
                hover(&doc.index, &doc.rope, ws.matcher(), offset).map(|card| {
                    let range = convert::range(&doc.rope, card.range, enc);
                    convert::hover(card.markdown, Some(range), markdown)
                }),
            )
        })
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.settled().await;
        let TextDocumentPositionParams {
            text_document,
            position,
        } = params.text_document_position_params;
        let enc = self.enc();
        self.shared.read(|ws| {
            let Some((doc, offset)) = doc_at(ws, &text_document.uri, position, enc)? else {
                return Ok(None);
            };
            let targets = definition(&doc.index, ws.matcher(), offset);
            let in_document = targets.iter().filter_map(|t| match t {
                Target::InDocument(r) => Some(Location::new(
                    text_document.uri.clone(),
                    convert::range(&doc.rope, r.clone(), enc),
                )),
                Target::Entry(_) => None,
            });
            let entries = targets.iter().filter_map(|t| match t {
                Target::Entry(id) => entry_location(ws, *id, enc),
                Target::InDocument(_) => None,
            });
            let mut locations: Vec<Location> = in_document.chain(entries).collect();
            Ok(match locations.len() {
                0 => None,
                1 => locations.pop().map(GotoDefinitionResponse::Scalar),
                _ => Some(GotoDefinitionResponse::Array(locations)),
            })
        })
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.settled().await;
        let TextDocumentPositionParams {
            text_document,
            position,
        } = params.text_document_position;
        let enc = self.enc();
        self.shared.read(|ws| {
            let entries = match entry_in_glossary(ws, &text_document.uri, position, enc)? {
                Some(id) => vec![id],
                None => match doc_at(ws, &text_document.uri, position, enc)? {
                    Some((doc, offset)) => entities_at(&doc.index, ws.matcher(), offset),
                    None => return Ok(None),
                },
            };
            let mut out = Vec::new();
            for id in entries {
                if params.context.include_declaration {
                    out.extend(entry_location(ws, id, enc));
                }
                out.extend(convert::locations(&ws.mentions_of(id, Which::All), enc));
            }
            Ok(Some(out))
        })
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        self.settled().await;
        let TextDocumentPositionParams {
            text_document,
            position,
        } = params.text_document_position_params;
        let enc = self.enc();
        self.shared.read(|ws| {
            let Some((doc, offset)) = doc_at(ws, &text_document.uri, position, enc)? else {
                return Ok(None);
            };
            let entries = entities_at(&doc.index, ws.matcher(), offset);
            let ranges = entries
                .into_iter()
                .flat_map(|id| mentions_in(&doc.index, ws.matcher(), id));
            Ok(Some(
                ranges
                    .map(|r| DocumentHighlight {
                        range: convert::range(&doc.rope, r, enc),
                        kind: Some(DocumentHighlightKind::TEXT),
                    })
                    .collect(),
            ))
        })
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.settled().await;
        let enc = self.enc();
        self.shared.read(|ws| {
            let Some(doc) = ws.document(params.text_document.uri.as_str()) else {
                return Ok(None);
            };
            let text = doc.index.is_markdown().then(|| doc.text());
            let symbols = document_symbols(&doc.index, ws.matcher(), text.as_deref());
            Ok(Some(DocumentSymbolResponse::Nested(
                symbols
                    .iter()
                    .map(|s| convert::document_symbol(&doc.rope, s, enc))
                    .collect(),
            )))
        })
    }

    #[allow(deprecated)]
    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.settled().await;
        let enc = self.enc();
        self.shared.read(|ws| {
            let found = workspace_symbols(ws.glossary(), &params.query, 200);
            let symbols = found.into_iter().filter_map(|id| {
                let def = &ws.glossary().entry(id).def;
                Some(SymbolInformation {
                    name: def.label.clone(),
                    kind: convert::entry_symbol_kind(def.kind),
                    tags: None,
                    deprecated: None,
                    location: entry_location(ws, id, enc)?,
                    container_name: Some(format!("{} · {}", def.kind.as_str(), def.id)),
                })
            });
            Ok(Some(WorkspaceSymbolResponse::Flat(symbols.collect())))
        })
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.settled().await;
        let TextDocumentPositionParams {
            text_document,
            position,
        } = params.text_document_position;
        let enc = self.enc();
        self.shared.read(|ws| {
            let (rope, candidates) = if let Some((_, buffer, offset)) =
                glossary_at(ws, &text_document.uri, position, enc)?
            {
                let found = in_glossary(ws.glossary(), &buffer.text, offset);
                (&buffer.rope, found)
            } else if let Some((doc, offset)) = doc_at(ws, &text_document.uri, position, enc)? {
                let found = in_document(&doc.index, &doc.rope, ws.glossary(), offset, 50);
                let Some(found) = found else { return Ok(None) };
                (&doc.rope, found)
            } else {
                return Ok(None);
            };
            Ok(convert::completion(rope, candidates, enc))
        })
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.settled().await;
        let uri = params.text_document.uri;
        let enc = self.enc();
        let flags = self.shared.flags();
        let support = EditSupport {
            document_changes: flags.document_changes,
            create_files: flags.create_files,
        };
        self.shared.read(|ws| {
            let Some((doc, start)) = doc_at(ws, &uri, params.range.start, enc)? else {
                return Ok(None);
            };
            let end = convert::offset(&doc.rope, params.range.end, enc).map_err(invalid_params)?;
            let diags = ws.diagnostics(uri.as_str()).unwrap_or_default();
            let target = ws.glossary_target();
            let text_of = |r: std::ops::Range<usize>| {
                let len = doc.rope.len_bytes();
                doc.rope
                    .byte_slice(r.start.min(len)..r.end.min(len))
                    .to_string()
            };
            let range = start.min(end)..end.max(start);
            let found = actions(
                &doc.index,
                &text_of,
                ws.matcher(),
                &diags,
                range,
                target.as_ref(),
            );
            Ok(Some(
                found
                    .into_iter()
                    .filter_map(|a| {
                        convert::code_action(
                            a,
                            &uri,
                            doc.version,
                            &doc.rope,
                            target.as_ref(),
                            support,
                            enc,
                        )
                    })
                    .collect(),
            ))
        })
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.settled().await;
        let TextDocumentPositionParams {
            text_document,
            position,
        } = params;
        let enc = self.enc();
        self.shared.read(|ws| {
            let placeholder = |rope, range, placeholder| PrepareRenameResponse::RangeWithPlaceholder {
                range: convert::range(rope, range, enc),
                placeholder,
            };
            if let Some((path, buffer, offset)) = glossary_at(ws, &text_document.uri, position, enc)?
                && let Some((range, id)) =
                    prepare_id(ws.glossary(), &path, offset).map_err(invalid_params)?
            {
                return Ok(Some(placeholder(&buffer.rope, range, id)));
            }
            let Some((doc, offset)) = doc_at(ws, &text_document.uri, position, enc)? else {
                return Ok(None);
            };
            let (Some(hit), Some(&id)) = (
                hit_at(&doc.index, offset),
                entities_at(&doc.index, ws.matcher(), offset).first(),
            ) else {
                return Ok(None);
            };
            let glossary = ws.glossary();
            let label = glossary.entry(id).def.label.clone();
            if glossary.source_of(id).embedded {
                return Err(invalid_params(format!(
                    "“{label}” comes from the embedded glossary; copy its entry into a workspace glossary to rename it"
                )));
            }
            Ok(Some(placeholder(&doc.rope, hit.range(), label)))
        })
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        self.settled().await;
        let TextDocumentPositionParams {
            text_document,
            position,
        } = params.text_document_position;
        let new_name = params.new_name.trim().to_string();
        let enc = self.enc();
        self.shared.read(|ws| {
            let glossary = ws.glossary();
            // Edits in glossary source `i`, positions in its current text.
            let in_source = |i: usize, edits: Vec<(std::ops::Range<usize>, String)>| {
                let path = glossary.sources[i].path.as_deref()?;
                let text = ws.glossary_text(path)?;
                let edits = edits
                    .into_iter()
                    .map(|(r, t)| TextEdit::new(convert::range(&text.rope, r, enc), t));
                Some((path_uri(path)?, edits.collect::<Vec<_>>()))
            };
            let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
            if let Some(id) = entry_in_glossary(ws, &text_document.uri, position, enc)? {
                let old = &glossary.entry(id).def.id;
                rename::check_new_id(glossary, &new_name).map_err(Error::invalid_params)?;
                for (source, edits) in rename::rename_id(glossary, old, &new_name) {
                    changes.extend(in_source(source, edits));
                }
                return Ok(Some(WorkspaceEdit::new(changes)));
            }
            // On a mention: the entry's preferred label, and the mentions written with it.
            let Some((doc, offset)) = doc_at(ws, &text_document.uri, position, enc)? else {
                return Ok(None);
            };
            let Some(&id) = entities_at(&doc.index, ws.matcher(), offset).first() else {
                return Ok(None);
            };
            let (source, range, text) =
                label_edit(glossary, id, &new_name).map_err(Error::invalid_params)?;
            let Some((guri, edits)) = in_source(source, vec![(range, text)]) else {
                return Ok(None);
            };
            changes.insert(guri, edits);
            let mentions = convert::locations(&ws.mentions_of(id, Which::PreferredLabel), enc);
            for at in mentions {
                let edit = TextEdit::new(at.range, new_name.clone());
                changes.entry(at.uri).or_default().push(edit);
            }
            Ok(Some(WorkspaceEdit::new(changes)))
        })
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        self.settled().await;
        let enc = self.enc();
        self.shared.read(|ws| {
            let Some(doc) = ws.document(params.text_document.uri.as_str()) else {
                return Ok(None);
            };
            let tokens = semantic_tokens(&doc.index, ws.matcher(), 0..doc.rope.len_bytes());
            Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
                result_id: None,
                data: convert::semantic_tokens(&doc.rope, &tokens, enc),
            })))
        })
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        self.settled().await;
        let enc = self.enc();
        self.shared.read(|ws| {
            let Some((doc, start)) =
                doc_at(ws, &params.text_document.uri, params.range.start, enc)?
            else {
                return Ok(None);
            };
            let end = convert::offset(&doc.rope, params.range.end, enc).map_err(invalid_params)?;
            let tokens = semantic_tokens(&doc.index, ws.matcher(), start..end.max(start));
            Ok(Some(SemanticTokensRangeResult::Tokens(SemanticTokens {
                result_id: None,
                data: convert::semantic_tokens(&doc.rope, &tokens, enc),
            })))
        })
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.settled().await;
        let enc = self.enc();
        self.shared.read(|ws| {
            let Some((doc, start)) =
                doc_at(ws, &params.text_document.uri, params.range.start, enc)?
            else {
                return Ok(None);
            };
            let end = convert::offset(&doc.rope, params.range.end, enc).map_err(invalid_params)?;
            let mode = ws.config().inlay_hints;
            let hints = inlay_hints(&doc.index, ws.matcher(), mode, start..end.max(start));
            Ok(Some(
                hints
                    .into_iter()
                    .map(|(at, label)| convert::inlay_hint(&doc.rope, at, label, enc))
                    .collect(),
            ))
        })
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        self.settled().await;
        let uri = params.text_document.uri;
        let enc = self.enc();
        self.shared.read(|ws| {
            let Some(path) = uri_path(&uri) else {
                return Ok(None);
            };
            let (Some(buffer), Some(source)) = (
                ws.glossary_buffer(&path),
                source_index(ws.glossary(), &path),
            ) else {
                return Ok(None);
            };
            let glossary = ws.glossary();
            let entries: Vec<EntryId> = glossary
                .ids()
                .filter(|id| glossary.entry(*id).source == source)
                .collect();
            let mentions = ws.mentions_of_each(&entries, Which::All);
            let tally = |id: EntryId| {
                let files = mentions.get(&id).map_or(&[][..], Vec::as_slice);
                (files.iter().map(|f| f.len()).sum(), files.len())
            };
            let lenses = glossary_lenses(glossary, source, tally)
                .into_iter()
                .map(|lens| {
                    let range = convert::range(&buffer.rope, lens.range, enc);
                    let files = mentions.get(&lens.entry).map_or(&[][..], Vec::as_slice);
                    let locations = convert::locations(files, enc);
                    CodeLens {
                        range,
                        command: Some(Command {
                            title: lens.title,
                            command: "editor.action.showReferences".to_string(),
                            arguments: Some(vec![json!(uri), json!(range.start), json!(locations)]),
                        }),
                        data: None,
                    }
                });
            Ok(Some(lenses.collect()))
        })
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        self.settled().await;
        let uri = params.text_document.uri;
        let enc = self.enc();
        let items = self.shared.read(|ws| match ws.document(uri.as_str()) {
            Some(doc) => ws
                .diagnostics(uri.as_str())
                .unwrap_or_default()
                .iter()
                .map(|d| convert::diagnostic(&doc.rope, &uri, d, enc))
                .collect(),
            None => uri_path(&uri)
                .and_then(|p| ws.record_diagnostics(&p))
                .unwrap_or_default()
                .into_iter()
                .map(|(severity, d)| convert::recorded_diagnostic(&uri, severity, d, enc))
                .collect(),
        });
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }

    async fn workspace_diagnostic(
        &self,
        _: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        self.settled().await;
        let enc = self.enc();
        let items = self.shared.read(|ws| {
            let mut items = Vec::new();
            for (key, doc) in ws.documents() {
                let Some(uri) = super::state::key_uri(key) else {
                    continue;
                };
                let diags = ws.diagnostics(&key.key).unwrap_or_default();
                let diags = diags
                    .iter()
                    .map(|d| convert::diagnostic(&doc.rope, &uri, d, enc));
                items.push(convert::workspace_report(
                    uri.clone(),
                    Some(doc.version),
                    diags.collect(),
                ));
            }
            let levels = &ws.config().diagnostics;
            for (path, record) in ws.closed_files() {
                let Some(uri) = path_uri(path) else { continue };
                let diags = record
                    .diagnostics(levels)
                    .map(|(severity, d)| convert::recorded_diagnostic(&uri, severity, d, enc));
                items.push(convert::workspace_report(
                    uri.clone(),
                    None,
                    diags.collect(),
                ));
            }
            items
        });
        Ok(WorkspaceDiagnosticReportResult::Report(
            WorkspaceDiagnosticReport { items },
        ))
    }
}
