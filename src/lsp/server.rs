//! The language server: LSP messages in, core calls, LSP types out.
//!
//! Notifications that change state go through one queue to the [`Worker`]
//! (applied in arrival order, before any `.await` here). Each request reads
//! as: settle (wait for the changes sent before it), look up (the document or
//! glossary buffer and the byte offset), call one core function (in
//! [`crate::analysis`] or [`crate::workspace`]), convert ([`convert`]).
//! Owns no feature logic and no state beyond the queue's counters.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use serde_json::Value;
use tokio::sync::{mpsc, watch};
use tower_lsp_server::jsonrpc::{self, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::capabilities::{self, ClientFlags};
use super::convert;
use super::lookup::{doc_at, entry_in_glossary, entry_location, glossary_at, invalid_params};
use super::prewritten;
use super::reports;
use super::state::{Job, Shared, doc_key, uri_path};
use super::worker::Worker;
use crate::analysis::actions::actions;
use crate::analysis::completion::{in_document, in_glossary};
use crate::analysis::decorations::{inlay_hints, semantic_tokens};
use crate::analysis::definition::{Target, definition};
use crate::analysis::highlight::highlights;
use crate::analysis::hover::entry_card;
use crate::analysis::hover::hover;
use crate::analysis::navigate::{entities_at, linked_entity_at};
use crate::analysis::rename::prepare_id;
use crate::analysis::symbols::{document_symbols, workspace_entry_symbols};
use crate::text::position::Encoding;
use crate::workspace::{Which, Workspace};

pub struct Backend {
    shared: Arc<Shared>,
    jobs: mpsc::UnboundedSender<Job>,
    sent: AtomicU64,
    applied: watch::Receiver<u64>,
    /// `GLOSS_TEST_HOOKS=1`: enables [`Backend::debug_panic`].
    test_hooks: bool,
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
            test_hooks: std::env::var("GLOSS_TEST_HOOKS").is_ok_and(|v| v == "1"),
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

    /// Settles, then runs `f` on the workspace (read lock) with the encoding.
    pub(super) async fn read<R>(&self, f: impl FnOnce(&Workspace, Encoding) -> R) -> R {
        self.settled().await;
        let enc = self.shared.encoding();
        self.shared.read(|ws| f(ws, enc))
    }

    /// [`Backend::read`] for long requests: `f` runs on a blocking thread
    /// while this future waits, so tower-lsp-server can drop it on
    /// `$/cancelRequest` and answer RequestCancelled at once; `f` sees the
    /// drop through [`Cancel`] at its checkpoints and stops there (a core
    /// call in progress runs to its end, its result unused). A panic in `f`
    /// goes on as a panic of this handler (the transport answers it).
    async fn read_cancellable<R: Send + 'static>(
        &self,
        f: impl FnOnce(&Workspace, Encoding, &Cancel) -> Result<R> + Send + 'static,
    ) -> Result<R> {
        self.settled().await;
        let shared = self.shared.clone();
        let cancel = Cancel::default();
        let _cancel_on_drop = cancel.on_drop();
        let work = tokio::task::spawn_blocking(move || {
            cancel.check()?;
            let enc = shared.encoding();
            shared.read(|ws| f(ws, enc, &cancel))
        });
        match work.await {
            Ok(result) => result,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => Err(jsonrpc::Error::request_cancelled()),
        }
    }

    /// `gloss/debugPanic`: a test hook, always compiled in. With
    /// `GLOSS_TEST_HOOKS=1` in the server's environment the handler panics
    /// (tests show the panic is caught, answered with InternalError, and the
    /// server goes on); otherwise the method does not exist.
    pub async fn debug_panic(&self) -> Result<()> {
        if self.test_hooks {
            panic!("{DEBUG_PANIC_METHOD}: a panic asked for by a test (GLOSS_TEST_HOOKS=1)");
        }
        Err(jsonrpc::Error::method_not_found())
    }
}

/// The test hook [`Backend::debug_panic`] answers.
pub const DEBUG_PANIC_METHOD: &str = "gloss/debugPanic";

/// Set when a request's handler future is dropped (cancelled, or the server
/// exits); work running aside checks it between steps.
#[derive(Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// `Err(RequestCancelled)` once the request is cancelled.
    pub fn check(&self) -> Result<()> {
        if self.0.load(Ordering::Relaxed) {
            Err(jsonrpc::Error::request_cancelled())
        } else {
            Ok(())
        }
    }

    /// A guard that cancels when dropped.
    fn on_drop(&self) -> CancelOnDrop {
        CancelOnDrop(self.clone())
    }
}

struct CancelOnDrop(Cancel);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.0.store(true, Ordering::Relaxed);
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let enc = capabilities::encoding(&params.capabilities);
        self.shared.set_encoding(enc);
        let flags = ClientFlags::from_capabilities(&params.capabilities);
        let pull = flags.pull_diagnostics;
        self.shared.set_flags(flags);
        let roots = capabilities::workspace_roots(&params);
        let options = params.initialization_options;
        self.send(Job::Init { roots, options });
        Ok(capabilities::initialize_result(enc, pull))
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
        let at = params.text_document_position_params;
        let (uri, pos) = (&at.text_document.uri, at.position);
        let markdown = self.shared.flags().markdown_hover;
        self.read(|ws, enc| {
            if let Some(id) = entry_in_glossary(ws, uri, pos, enc)? {
                let card = entry_card(ws.glossary(), id, &ws.entry_tally(id));
                return Ok(Some(convert::hover(card, None, markdown)));
            }
            let Some((doc, offset)) = doc_at(ws, uri, pos, enc)? else {
                return Ok(None);
            };
            Ok(
                hover(&doc.index, &doc.rope, ws.matcher(), offset).map(|card| {
                    let range = convert::range(&doc.rope, card.range, enc);
                    convert::hover(card.markdown, Some(range), markdown)
                }),
            )
        })
        .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        let (uri, pos) = (&at.text_document.uri, at.position);
        self.read(|ws, enc| {
            let Some((doc, offset)) = doc_at(ws, uri, pos, enc)? else {
                return Ok(None);
            };
            let targets = definition(&doc.index, ws.matcher(), offset);
            // In-text expansions first, then glossary entries.
            let (here, entries): (Vec<Target>, Vec<Target>) = targets
                .into_iter()
                .partition(|t| matches!(t, Target::InDocument(_)));
            let locations = here.into_iter().chain(entries).filter_map(|t| match t {
                Target::InDocument(r) => Some(Location::new(
                    uri.clone(),
                    convert::range(&doc.rope, r, enc),
                )),
                Target::Entry(id) => entry_location(ws, id, enc),
            });
            Ok(convert::definition_response(locations.collect()))
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        // A pass over every mention of the workspace: run aside, so that a
        // `$/cancelRequest` is answered at once (see `read_cancellable`).
        self.read_cancellable(move |ws, enc, cancel| {
            let at = &params.text_document_position;
            let (uri, pos) = (&at.text_document.uri, at.position);
            let entries = match entry_in_glossary(ws, uri, pos, enc)? {
                Some(id) => vec![id],
                None => match doc_at(ws, uri, pos, enc)? {
                    Some((doc, offset)) => entities_at(&doc.index, ws.matcher(), offset),
                    None => return Ok(None),
                },
            };
            let mut out = Vec::new();
            for id in entries {
                cancel.check()?;
                if params.context.include_declaration {
                    out.extend(entry_location(ws, id, enc));
                }
                let mentions = ws.mentions_of(id, Which::All);
                cancel.check()?;
                out.extend(convert::locations(&mentions, enc));
            }
            Ok(Some(out))
        })
        .await
        .map(|found| found.and_then(prewritten::offer))
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let at = params.text_document_position_params;
        let (uri, pos) = (&at.text_document.uri, at.position);
        self.read(|ws, enc| {
            let Some((doc, offset)) = doc_at(ws, uri, pos, enc)? else {
                return Ok(None);
            };
            let ranges = highlights(&doc.index, ws.matcher(), offset);
            let highlight = |r| DocumentHighlight {
                range: convert::range(&doc.rope, r, enc),
                kind: Some(DocumentHighlightKind::TEXT),
            };
            Ok(Some(ranges.into_iter().map(highlight).collect()))
        })
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.read(|ws, enc| {
            let Some(doc) = ws.document(params.text_document.uri.as_str()) else {
                return Ok(None);
            };
            let text = doc.index.is_markdown().then(|| doc.text());
            let symbols = document_symbols(&doc.index, ws.matcher(), text.as_deref());
            let symbol = |s| convert::document_symbol(&doc.rope, s, enc);
            Ok(Some(DocumentSymbolResponse::Nested(
                symbols.iter().map(symbol).collect(),
            )))
        })
        .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.read(|ws, enc| {
            let found = workspace_entry_symbols(ws.glossary(), &params.query, 200);
            let symbols = found.into_iter().filter_map(|s| {
                let location = entry_location(ws, s.entry, enc)?;
                Some(convert::entry_symbol(s, location))
            });
            Ok(Some(WorkspaceSymbolResponse::Flat(symbols.collect())))
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        let (uri, pos) = (&at.text_document.uri, at.position);
        self.read(|ws, enc| {
            if let Some((_, buffer, offset)) = glossary_at(ws, uri, pos, enc)? {
                let found = in_glossary(ws.glossary(), &buffer.text, offset);
                return Ok(convert::completion(buffer.rope(), found, enc));
            }
            let Some((doc, offset)) = doc_at(ws, uri, pos, enc)? else {
                return Ok(None);
            };
            let found = in_document(&doc.index, &doc.rope, ws.glossary(), offset, 50);
            Ok(found.and_then(|found| convert::completion(&doc.rope, found, enc)))
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = &params.text_document.uri;
        let support = self.shared.flags().edit_support();
        self.read(|ws, enc| {
            let Some((doc, start)) = doc_at(ws, uri, params.range.start, enc)? else {
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
            let action = |a| {
                convert::code_action(
                    a,
                    uri,
                    doc.version,
                    &doc.rope,
                    target.as_ref(),
                    support,
                    enc,
                )
            };
            Ok(Some(found.into_iter().filter_map(action).collect()))
        })
        .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let (uri, pos) = (&params.text_document.uri, params.position);
        self.read(|ws, enc| {
            let answer = |rope, range, placeholder| PrepareRenameResponse::RangeWithPlaceholder {
                range: convert::range(rope, range, enc),
                placeholder,
            };
            // On an entry's id in a glossary buffer: the id.
            if let Some((path, buffer, offset)) = glossary_at(ws, uri, pos, enc)?
                && let Some((range, id)) =
                    prepare_id(ws.glossary(), &path, offset).map_err(invalid_params)?
            {
                return Ok(Some(answer(buffer.rope(), range, id)));
            }
            // On a mention: the entry's preferred label.
            let Some((doc, offset)) = doc_at(ws, uri, pos, enc)? else {
                return Ok(None);
            };
            let found = ws
                .prepare_label_rename(doc, offset)
                .map_err(invalid_params)?;
            Ok(found.map(|(range, label)| answer(&doc.rope, range, label)))
        })
        .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let at = params.text_document_position;
        let (uri, pos) = (&at.text_document.uri, at.position);
        let new_name = params.new_name.trim();
        self.read(|ws, enc| {
            if let Some(id) = entry_in_glossary(ws, uri, pos, enc)? {
                let edits = ws.rename_id(id, new_name).map_err(invalid_params)?;
                return Ok(Some(WorkspaceEdit::new(convert::glossary_edits(
                    &edits, enc,
                ))));
            }
            let Some((doc, offset)) = doc_at(ws, uri, pos, enc)? else {
                return Ok(None);
            };
            // A label rename renames the entry a mention is linked to.
            let Some(id) = linked_entity_at(&doc.index, ws.matcher(), offset) else {
                return Ok(None);
            };
            let rename = ws.rename_label(id, new_name).map_err(invalid_params)?;
            Ok(rename.map(|r| convert::label_rename(&r, new_name, enc)))
        })
        .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        self.read(|ws, enc| {
            let Some(doc) = ws.document(params.text_document.uri.as_str()) else {
                return Ok(None);
            };
            let tokens = semantic_tokens(&doc.index, ws.matcher(), 0..doc.rope.len_bytes());
            Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
                result_id: None,
                data: convert::semantic_tokens(&doc.rope, &tokens, enc),
            })))
        })
        .await
        .map(|tokens| tokens.and_then(prewritten::offer))
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        let (uri, range) = (&params.text_document.uri, params.range);
        self.read(|ws, enc| {
            let Some((doc, start)) = doc_at(ws, uri, range.start, enc)? else {
                return Ok(None);
            };
            let end = convert::offset(&doc.rope, range.end, enc).map_err(invalid_params)?;
            let tokens = semantic_tokens(&doc.index, ws.matcher(), start..end.max(start));
            Ok(Some(SemanticTokensRangeResult::Tokens(SemanticTokens {
                result_id: None,
                data: convert::semantic_tokens(&doc.rope, &tokens, enc),
            })))
        })
        .await
        .map(|tokens| tokens.and_then(prewritten::offer))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let (uri, range) = (&params.text_document.uri, params.range);
        self.read(|ws, enc| {
            let Some((doc, start)) = doc_at(ws, uri, range.start, enc)? else {
                return Ok(None);
            };
            let end = convert::offset(&doc.rope, range.end, enc).map_err(invalid_params)?;
            let mode = ws.config().inlay_hints;
            let hints = inlay_hints(&doc.index, ws.matcher(), mode, start..end.max(start));
            let hint = |(at, label)| convert::inlay_hint(&doc.rope, at, label, enc);
            Ok(Some(hints.into_iter().map(hint).collect()))
        })
        .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let uri = &params.text_document.uri;
        self.read(|ws, enc| {
            let Some(path) = uri_path(uri) else {
                return Ok(None);
            };
            let (Some(buffer), Some(lenses)) = (ws.glossary_buffer(&path), ws.lenses(&path)) else {
                return Ok(None);
            };
            let lenses = lenses.into_iter();
            let lenses = lenses
                .map(|(lens, files)| convert::code_lens(uri, buffer.rope(), lens, &files, enc));
            Ok(Some(lenses.collect()))
        })
        .await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = &params.text_document.uri;
        let previous = params.previous_result_id.as_deref();
        let report = self
            .read(|ws, enc| {
                let file = ws.file_diagnostics(&doc_key(uri));
                file.map(|f| reports::Report::new(uri, &f, enc, previous))
            })
            .await
            .unwrap_or_else(|| reports::Report::empty(uri, previous));
        if report.json().is_some_and(|json| prewritten::write(&json)) {
            // Answered from the bytes just written; tower-lsp-server's own
            // answer is a placeholder the transport replaces.
            return Ok(DocumentDiagnosticReportResult::Report(
                reports::Report::empty(uri, None).typed(),
            ));
        }
        Ok(DocumentDiagnosticReportResult::Report(report.typed()))
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let previous: std::collections::HashMap<Uri, String> = params
            .previous_result_ids
            .into_iter()
            .map(|p| (p.uri, p.value))
            .collect();
        let files: Vec<reports::WorkspaceFile> = self
            .read(|ws, enc| {
                let files = ws.all_diagnostics();
                files
                    .iter()
                    .filter_map(|f| reports::WorkspaceFile::new(f, enc, &previous))
                    .collect()
            })
            .await;
        let json: Option<Vec<_>> = files.iter().map(reports::WorkspaceFile::json).collect();
        let written =
            json.is_some_and(|items| prewritten::write(&reports::WorkspaceReportJson { items }));
        let items = if written {
            Vec::new()
        } else {
            files
                .into_iter()
                .map(reports::WorkspaceFile::typed)
                .collect()
        };
        Ok(WorkspaceDiagnosticReportResult::Report(
            WorkspaceDiagnosticReport { items },
        ))
    }
}
