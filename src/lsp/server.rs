//! The language server: a thin adapter from LSP messages to the core.
//!
//! Notifications that change state go through one queue to the [`Worker`]
//! (applied in arrival order); requests wait until the changes sent before
//! them are applied, then answer from the shared state by calling the pure
//! feature functions in [`crate::analysis`].

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use ropey::Rope;
use serde_json::{Value, json};
use tokio::sync::{mpsc, watch};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::convert;
use super::state::{ClientFlags, Job, Shared, path_uri, uri_path, write};
use super::worker::Worker;
use crate::analysis::actions::{GlossaryTarget, actions};
use crate::analysis::decorations::{TOKEN_MODIFIERS, TOKEN_TYPES, inlay_hints, semantic_tokens};
use crate::analysis::definition::{Target, definition};
use crate::analysis::diagnostics::diagnostics;
use crate::analysis::hover::hover;
use crate::analysis::navigate::{
    entities_at, entry_at_in_glossary, mentions_in, preferred_mentions_in, value_span,
};
use crate::analysis::symbols::{
    Symbol, SymbolKind as CoreSymbolKind, document_symbols, workspace_symbols,
};
use crate::analysis::{completion, rename as core_rename};
use crate::glossary::store::GlossaryStore;
use crate::glossary::{EntryId, Kind, embedded};
use crate::recognize::matcher::Matcher;
use crate::text::position::Encoding;

pub struct Backend {
    shared: Arc<Shared>,
    jobs: mpsc::UnboundedSender<Job>,
    sent: AtomicU64,
    applied: watch::Receiver<u64>,
}

fn invalid_params(msg: impl std::fmt::Display) -> Error {
    Error::invalid_params(msg.to_string())
}

/// A located set of mentions: (uri, range in the client's encoding).
type Locations = Vec<Location>;

impl Backend {
    pub fn new(client: Client) -> Backend {
        let matcher = Arc::new(Matcher::new(GlossaryStore::default().rebuild().glossary));
        let shared = Arc::new(Shared::new(matcher));
        let (jobs, rx) = mpsc::unbounded_channel::<Job>();
        let (applied_tx, applied) = watch::channel(0u64);
        let worker = Worker {
            client,
            shared: shared.clone(),
            store: GlossaryStore::default(),
            file_config_json: Value::Null,
            client_settings: Value::Null,
            glossary_uris: Default::default(),
            published: HashMap::new(),
            initialized: false,
        };
        tokio::spawn(worker.run(rx, applied_tx));
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

    /// Byte offset of `pos` in an open document, or an LSP error.
    fn doc_offset(&self, uri: &Uri, pos: Position) -> Result<Option<usize>> {
        match self.shared.docs.get(uri) {
            Some(doc) => convert::offset(&doc.rope, pos, self.enc())
                .map(Some)
                .map_err(invalid_params),
            None => Ok(None),
        }
    }

    /// The glossary entry under the cursor in an open glossary buffer.
    fn glossary_entry_at(&self, uri: &Uri, pos: Position) -> Result<Option<EntryId>> {
        let Some(text) = self.shared.glossary_buffers.get(uri).map(|t| t.clone()) else {
            return Ok(None);
        };
        let rope = Rope::from_str(&text);
        let offset = convert::offset(&rope, pos, self.enc()).map_err(invalid_params)?;
        let Some(path) = uri_path(uri) else {
            return Ok(None);
        };
        Ok(entry_at_in_glossary(
            self.shared.matcher().glossary(),
            &path,
            offset,
        ))
    }

    /// Where a glossary entry is written (a workspace file, or the read-only
    /// copy of the embedded glossary).
    fn entry_location(
        &self,
        matcher: &Matcher,
        id: EntryId,
        span: Option<std::ops::Range<usize>>,
    ) -> Option<Location> {
        let glossary = matcher.glossary();
        let entry = glossary.entry(id);
        let source = glossary.source_of(id);
        let path = match &source.path {
            Some(p) => p.clone(),
            None => {
                let name = source.name.trim_start_matches("embedded:");
                embedded::materialize(&embedded::cache_dir(), name)
                    .map_err(|e| tracing::warn!("cannot write the default glossary copy: {e}"))
                    .ok()?
            }
        };
        let uri = path_uri(&path)?;
        // Positions in an open buffer of that file, else in the parsed text.
        let text = self
            .shared
            .glossary_buffers
            .get(&uri)
            .map(|t| t.clone())
            .unwrap_or_else(|| source.text.to_string());
        let rope = Rope::from_str(&text);
        Some(Location::new(
            uri,
            convert::range(&rope, span.unwrap_or(entry.id_span.clone()), self.enc()),
        ))
    }

    /// Every mention of `entry`: open documents from their live buffers,
    /// closed files from the workspace index.
    fn all_mentions(&self, matcher: &Matcher, entry: EntryId) -> Locations {
        let enc = self.enc();
        let mut out = Vec::new();
        let mut open: BTreeSet<PathBuf> = BTreeSet::new();
        for doc in self.shared.docs.iter() {
            if let Some(p) = uri_path(doc.key()) {
                open.insert(p);
            }
            for r in mentions_in(&doc.index, matcher, entry) {
                out.push(Location::new(
                    doc.key().clone(),
                    convert::range(&doc.rope, r, enc),
                ));
            }
        }
        self.shared.with_workspace(|w| {
            let mut files: Vec<(&PathBuf, &crate::workspace::closed::FileRecord)> =
                w.files.iter().filter(|(p, _)| !open.contains(*p)).collect();
            files.sort_by(|a, b| a.0.cmp(b.0));
            for (path, record) in files {
                let mut mentions = record.mentions_of(matcher, entry).peekable();
                if mentions.peek().is_none() {
                    continue;
                }
                // One URI per file (building one touches the file system).
                let Some(uri) = path_uri(path) else { continue };
                out.extend(
                    mentions.map(|m| Location::new(uri.clone(), convert::pos_range(&m.range, enc))),
                );
            }
        });
        out
    }

    fn glossary_target(&self, matcher: &Matcher) -> Option<GlossaryTarget> {
        let glossary = matcher.glossary();
        let existing = glossary
            .sources
            .iter()
            .filter(|s| !s.embedded)
            .filter_map(|s| s.path.clone())
            .find(|p| p.extension().is_some_and(|e| e == "toml"));
        match existing {
            Some(path) => {
                let text = path_uri(&path)
                    .and_then(|u| self.shared.glossary_buffers.get(&u).map(|t| t.clone()))
                    .or_else(|| std::fs::read_to_string(&path).ok())?;
                Some(GlossaryTarget {
                    path,
                    existing: Some(text),
                })
            }
            None => self.shared.roots().first().map(|root| GlossaryTarget {
                path: root.join("glossary").join("glossary.toml"),
                existing: None,
            }),
        }
    }

    fn entry_hover(&self, matcher: &Matcher, id: EntryId) -> String {
        let g = matcher.glossary();
        let def = &g.entry(id).def;
        let locs = self.all_mentions(matcher, id);
        let mut per_file: Vec<(String, usize)> = Vec::new();
        for l in &locs {
            let name = uri_path(&l.uri).map_or(l.uri.as_str().to_string(), |p| {
                let roots = self.shared.roots();
                roots
                    .iter()
                    .find_map(|r| p.strip_prefix(r).ok().map(|x| x.display().to_string()))
                    .unwrap_or_else(|| p.display().to_string())
            });
            match per_file.iter_mut().find(|(n, _)| *n == name) {
                Some(e) => e.1 += 1,
                None => per_file.push((name, 1)),
            }
        }
        per_file.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut md = format!(
            "**{}** · _{}_ · `{}`\n\n",
            def.label,
            def.kind.as_str(),
            def.id
        );
        if let Some(d) = &def.description {
            md.push_str(d);
            md.push_str("\n\n");
        }
        md.push_str(&format!(
            "**Mentioned {} time{} in {} file{}**",
            locs.len(),
            if locs.len() == 1 { "" } else { "s" },
            per_file.len(),
            if per_file.len() == 1 { "" } else { "s" }
        ));
        for (name, n) in per_file.iter().take(10) {
            md.push_str(&format!("\n- {name} ({n})"));
        }
        if per_file.len() > 10 {
            md.push_str(&format!("\n- … and {} more files", per_file.len() - 10));
        }
        md
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

#[allow(deprecated)]
fn to_document_symbol(rope: &Rope, s: &Symbol, enc: Encoding) -> DocumentSymbol {
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
        range: convert::range(rope, s.range.clone(), enc),
        selection_range: convert::range(rope, s.selection.clone(), enc),
        children: (!s.children.is_empty()).then(|| {
            s.children
                .iter()
                .map(|c| to_document_symbol(rope, c, enc))
                .collect()
        }),
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let utf8 = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|encs| encs.contains(&PositionEncodingKind::UTF8));
        write(
            &self.shared.encoding,
            if utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            },
        );
        let flags = ClientFlags::from_capabilities(caps);
        let pull = flags.pull_diagnostics;
        write(&self.shared.flags, flags);
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
            capabilities: ServerCapabilities {
                position_encoding: Some(if utf8 {
                    PositionEncodingKind::UTF8
                } else {
                    PositionEncodingKind::UTF16
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(false),
                        })),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                document_highlight_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["\"".to_string(), "'".to_string()]),
                    ..CompletionOptions::default()
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::REFACTOR,
                        ]),
                        ..CodeActionOptions::default()
                    },
                )),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: SemanticTokensLegend {
                                token_types: TOKEN_TYPES
                                    .iter()
                                    .map(|t| SemanticTokenType::new(t))
                                    .collect(),
                                token_modifiers: TOKEN_MODIFIERS
                                    .iter()
                                    .map(|t| SemanticTokenModifier::new(t))
                                    .collect(),
                            },
                            range: Some(true),
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            ..SemanticTokensOptions::default()
                        },
                    ),
                ),
                inlay_hint_provider: Some(OneOf::Left(true)),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(false),
                }),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("gloss".to_string()),
                        inter_file_dependencies: true,
                        workspace_diagnostics: true,
                        ..DiagnosticOptions::default()
                    })
                }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..ServerCapabilities::default()
            },
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
        let pos = params.text_document_position_params;
        let uri = pos.text_document.uri;
        let matcher = self.shared.matcher();
        let markdown = self.shared.flags().markdown_hover;
        let wrap = |value: String, range: Option<Range>| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: if markdown {
                    MarkupKind::Markdown
                } else {
                    MarkupKind::PlainText
                },
                value: if markdown {
                    value
                } else {
                    crate::analysis::hover::markdown_to_plain(&value)
                },
            }),
            range,
        };
        if let Some(id) = self.glossary_entry_at(&uri, pos.position)? {
            return Ok(Some(wrap(self.entry_hover(&matcher, id), None)));
        }
        let Some(doc) = self.shared.docs.get(&uri) else {
            return Ok(None);
        };
        let offset =
            convert::offset(&doc.rope, pos.position, self.enc()).map_err(invalid_params)?;
        let Some(card) = hover(&doc.index, &doc.rope, &matcher, offset) else {
            return Ok(None);
        };
        let range = convert::range(&doc.rope, card.range.clone(), self.enc());
        Ok(Some(wrap(card.markdown, Some(range))))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.settled().await;
        let pos = params.text_document_position_params;
        let uri = pos.text_document.uri;
        let enc = self.enc();
        let matcher = self.shared.matcher();
        let mut locations = Vec::new();
        let targets = {
            let Some(doc) = self.shared.docs.get(&uri) else {
                return Ok(None);
            };
            let offset = convert::offset(&doc.rope, pos.position, enc).map_err(invalid_params)?;
            let targets = definition(&doc.index, &matcher, offset);
            for t in &targets {
                if let Target::InDocument(r) = t {
                    locations.push(Location::new(
                        uri.clone(),
                        convert::range(&doc.rope, r.clone(), enc),
                    ));
                }
            }
            targets
        };
        for t in targets {
            if let Target::Entry(id) = t
                && let Some(l) = self.entry_location(&matcher, id, None)
            {
                locations.push(l);
            }
        }
        Ok(match locations.len() {
            0 => None,
            1 => locations.pop().map(GotoDefinitionResponse::Scalar),
            _ => Some(GotoDefinitionResponse::Array(locations)),
        })
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.settled().await;
        let pos = params.text_document_position;
        let uri = pos.text_document.uri;
        let matcher = self.shared.matcher();
        let entries = match self.glossary_entry_at(&uri, pos.position)? {
            Some(id) => vec![id],
            None => match (
                self.doc_offset(&uri, pos.position)?,
                self.shared.docs.get(&uri),
            ) {
                (Some(offset), Some(doc)) => entities_at(&doc.index, &matcher, offset),
                _ => return Ok(None),
            },
        };
        let mut out = Vec::new();
        for id in entries {
            if params.context.include_declaration
                && let Some(l) = self.entry_location(&matcher, id, None)
            {
                out.push(l);
            }
            out.extend(self.all_mentions(&matcher, id));
        }
        Ok(Some(out))
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        self.settled().await;
        let pos = params.text_document_position_params;
        let matcher = self.shared.matcher();
        let Some(offset) = self.doc_offset(&pos.text_document.uri, pos.position)? else {
            return Ok(None);
        };
        let Some(doc) = self.shared.docs.get(&pos.text_document.uri) else {
            return Ok(None);
        };
        let mut out = Vec::new();
        for id in entities_at(&doc.index, &matcher, offset) {
            for r in mentions_in(&doc.index, &matcher, id) {
                out.push(DocumentHighlight {
                    range: convert::range(&doc.rope, r, self.enc()),
                    kind: Some(DocumentHighlightKind::TEXT),
                });
            }
        }
        Ok(Some(out))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.settled().await;
        let matcher = self.shared.matcher();
        let Some(doc) = self.shared.docs.get(&params.text_document.uri) else {
            return Ok(None);
        };
        let text = doc.index.is_markdown().then(|| doc.text());
        let symbols = document_symbols(&doc.index, &matcher, text.as_deref());
        let enc = self.enc();
        Ok(Some(DocumentSymbolResponse::Nested(
            symbols
                .iter()
                .map(|s| to_document_symbol(&doc.rope, s, enc))
                .collect(),
        )))
    }

    #[allow(deprecated)]
    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.settled().await;
        let matcher = self.shared.matcher();
        let glossary = matcher.glossary();
        let found = workspace_symbols(glossary, &params.query, 200);
        let symbols: Vec<SymbolInformation> = found
            .into_iter()
            .filter_map(|id| {
                let def = &glossary.entry(id).def;
                Some(SymbolInformation {
                    name: def.label.clone(),
                    kind: entry_symbol_kind(def.kind),
                    tags: None,
                    deprecated: None,
                    location: self.entry_location(&matcher, id, None)?,
                    container_name: Some(format!("{} · {}", def.kind.as_str(), def.id)),
                })
            })
            .collect();
        Ok(Some(WorkspaceSymbolResponse::Flat(symbols)))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.settled().await;
        let pos = params.text_document_position;
        let uri = pos.text_document.uri;
        let matcher = self.shared.matcher();
        let glossary = matcher.glossary();
        let enc = self.enc();
        let (rope, candidates) = if let Some(text) =
            self.shared.glossary_buffers.get(&uri).map(|t| t.clone())
        {
            let rope = Rope::from_str(&text);
            let offset = convert::offset(&rope, pos.position, enc).map_err(invalid_params)?;
            let line_start = rope.line_to_byte(rope.byte_to_line(offset));
            let line_before = &text[line_start..offset];
            // The key of a multi-line array the cursor is in.
            let before = &text[..line_start];
            let array_key = before.rfind('[').and_then(|open| {
                let closed = before[open..].contains(']');
                let key_line = &before[before[..open].rfind('\n').map_or(0, |i| i + 1)..open];
                (!closed).then(|| key_line.trim().trim_end_matches('=').trim().to_string())
            });
            let c = completion::glossary_ids(glossary, line_before, array_key.as_deref(), offset);
            (rope, c.unwrap_or_default())
        } else {
            let Some(doc) = self.shared.docs.get(&uri) else {
                return Ok(None);
            };
            let offset = convert::offset(&doc.rope, pos.position, enc).map_err(invalid_params)?;
            let line_start = doc.rope.line_to_byte(doc.rope.byte_to_line(offset));
            let line_before = doc.rope.byte_slice(line_start..offset).to_string();
            // No completion inside non-prose (code) in Markdown.
            if let Some(mask) = &doc.index.mask
                && mask
                    .at(offset, false)
                    .is_some_and(|m| *m.data == crate::markdown::MaskKind::Block)
            {
                return Ok(None);
            }
            (
                doc.rope.clone(),
                completion::prose(glossary, &line_before, offset, 50),
            )
        };
        if candidates.is_empty() {
            return Ok(None);
        }
        let items = candidates
            .into_iter()
            .enumerate()
            .map(|(i, c)| CompletionItem {
                label: c.label.clone(),
                detail: Some(c.detail),
                kind: Some(CompletionItemKind::REFERENCE),
                sort_text: Some(format!("{i:04}")),
                filter_text: Some(c.label.clone()),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range: convert::range(&rope, c.replace, enc),
                    new_text: c.insert,
                })),
                ..CompletionItem::default()
            })
            .collect();
        Ok(Some(CompletionResponse::List(CompletionList {
            is_incomplete: true,
            items,
        })))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.settled().await;
        let uri = params.text_document.uri;
        let matcher = self.shared.matcher();
        let config = self.shared.config();
        let enc = self.enc();
        let target = self.glossary_target(&matcher);
        let flags = self.shared.flags();
        let Some(doc) = self.shared.docs.get(&uri) else {
            return Ok(None);
        };
        let start = convert::offset(&doc.rope, params.range.start, enc).map_err(invalid_params)?;
        let end = convert::offset(&doc.rope, params.range.end, enc).map_err(invalid_params)?;
        let diags = diagnostics(&doc.index, &matcher, &config.diagnostics);
        let rope = doc.rope.clone();
        let text_of = |r: std::ops::Range<usize>| {
            rope.byte_slice(r.start.min(rope.len_bytes())..r.end.min(rope.len_bytes()))
                .to_string()
        };
        let found = actions(
            &doc.index,
            &text_of,
            &matcher,
            &diags,
            start.min(end)..end.max(start),
            target.as_ref(),
        );
        let mut out = Vec::new();
        for a in found {
            let mut edit = WorkspaceEdit::default();
            if !a.edits.is_empty() {
                let edits: Vec<TextEdit> = a
                    .edits
                    .iter()
                    .map(|(r, t)| {
                        TextEdit::new(convert::range(&doc.rope, r.clone(), enc), t.clone())
                    })
                    .collect();
                if flags.document_changes {
                    edit.document_changes = Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                        text_document: OptionalVersionedTextDocumentIdentifier {
                            uri: uri.clone(),
                            version: Some(doc.version),
                        },
                        edits: edits.into_iter().map(OneOf::Left).collect(),
                    }]));
                } else {
                    edit.changes = Some(HashMap::from([(uri.clone(), edits)]));
                }
            }
            if let Some(g) = &a.glossary {
                let Some(guri) = path_uri(&g.path) else {
                    continue;
                };
                if g.create {
                    if !(flags.document_changes && flags.create_files) {
                        continue; // The client cannot create files through edits.
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
                            edits: vec![OneOf::Left(TextEdit::new(
                                Range::default(),
                                g.text.clone(),
                            ))],
                        }),
                    ]));
                } else {
                    let existing_rope = Rope::from_str(
                        &target
                            .as_ref()
                            .and_then(|t| t.existing.clone())
                            .unwrap_or_default(),
                    );
                    let at = convert::position(&existing_rope, g.at, enc);
                    let te = TextEdit::new(Range::new(at, at), g.text.clone());
                    if flags.document_changes {
                        edit.document_changes =
                            Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                                text_document: OptionalVersionedTextDocumentIdentifier {
                                    uri: guri,
                                    version: None,
                                },
                                edits: vec![OneOf::Left(te)],
                            }]));
                    } else {
                        edit.changes = Some(HashMap::from([(guri, vec![te])]));
                    }
                }
            }
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: a.title,
                kind: Some(if a.fixes.is_some() {
                    CodeActionKind::QUICKFIX
                } else {
                    CodeActionKind::REFACTOR
                }),
                diagnostics: a
                    .fixes
                    .as_ref()
                    .map(|d| vec![convert::diagnostic(&doc.rope, &uri, d, enc)]),
                edit: Some(edit),
                is_preferred: Some(a.preferred),
                ..CodeAction::default()
            }));
        }
        Ok(Some(out))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.settled().await;
        let uri = params.text_document.uri;
        let matcher = self.shared.matcher();
        let glossary = matcher.glossary();
        let enc = self.enc();
        if let Some(id) = self.glossary_entry_at(&uri, params.position)? {
            let entry = glossary.entry(id);
            let text = self
                .shared
                .glossary_buffers
                .get(&uri)
                .map(|t| t.clone())
                .unwrap_or_default();
            let rope = Rope::from_str(&text);
            let offset = convert::offset(&rope, params.position, enc).map_err(invalid_params)?;
            let inner = entry.id_span.start + 1..entry.id_span.end - 1;
            if !(entry.id_span.start <= offset && offset <= entry.id_span.end) {
                return Err(Error::invalid_params(
                    "put the cursor on the entry's id to rename it",
                ));
            }
            return Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
                range: convert::range(&rope, inner, enc),
                placeholder: entry.def.id.clone(),
            }));
        }
        let Some(doc) = self.shared.docs.get(&uri) else {
            return Ok(None);
        };
        let offset = convert::offset(&doc.rope, params.position, enc).map_err(invalid_params)?;
        let Some(hit) = crate::analysis::hit_at(&doc.index, offset) else {
            return Ok(None);
        };
        let entries = entities_at(&doc.index, &matcher, offset);
        let Some(&id) = entries.first() else {
            return Ok(None);
        };
        if glossary.source_of(id).embedded {
            return Err(Error::invalid_params(format!(
                "“{}” comes from the embedded glossary; copy its entry into a workspace glossary to rename it",
                glossary.entry(id).def.label
            )));
        }
        Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
            range: convert::range(&doc.rope, hit.range(), enc),
            placeholder: glossary.entry(id).def.label.clone(),
        }))
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        self.settled().await;
        let pos = params.text_document_position;
        let uri = pos.text_document.uri;
        let new_name = params.new_name.trim().to_string();
        let matcher = self.shared.matcher();
        let glossary = matcher.glossary();
        let enc = self.enc();
        let source_text = |i: usize| -> (Option<Uri>, String) {
            let s = &glossary.sources[i];
            let uri = s.path.as_deref().and_then(path_uri);
            let text = uri
                .as_ref()
                .and_then(|u| self.shared.glossary_buffers.get(u).map(|t| t.clone()))
                .or_else(|| {
                    s.path
                        .as_ref()
                        .and_then(|p| std::fs::read_to_string(p).ok())
                })
                .unwrap_or_else(|| s.text.to_string());
            (uri, text)
        };
        let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
        if let Some(id) = self.glossary_entry_at(&uri, pos.position)? {
            let old = glossary.entry(id).def.id.clone();
            core_rename::check_new_id(glossary, &new_name).map_err(Error::invalid_params)?;
            for (source, edits) in core_rename::rename_id(glossary, &old, &new_name) {
                let (Some(suri), text) = source_text(source) else {
                    continue;
                };
                let rope = Rope::from_str(&text);
                let list = changes.entry(suri).or_default();
                for (r, t) in edits {
                    list.push(TextEdit::new(convert::range(&rope, r, enc), t));
                }
            }
            return Ok(Some(WorkspaceEdit::new(changes)));
        }
        // On a mention: change the entry's preferred label and the mentions written with it.
        let entries = {
            let Some(doc) = self.shared.docs.get(&uri) else {
                return Ok(None);
            };
            let offset = convert::offset(&doc.rope, pos.position, enc).map_err(invalid_params)?;
            entities_at(&doc.index, &matcher, offset)
        };
        let Some(&id) = entries.first() else {
            return Ok(None);
        };
        let entry = glossary.entry(id);
        if glossary.source_of(id).embedded {
            return Err(Error::invalid_params(
                "entries of the embedded glossary cannot be renamed",
            ));
        }
        if new_name.is_empty() || new_name.contains(['"', '\n']) {
            return Err(Error::invalid_params(
                "a label must be non-empty, on one line, without quotes",
            ));
        }
        let (Some(guri), gtext) = source_text(entry.source) else {
            return Ok(None);
        };
        let Some(label_span) = value_span(glossary, id, "label") else {
            return Err(Error::invalid_params(
                "cannot find the entry's `label` in its glossary file",
            ));
        };
        let grope = Rope::from_str(&gtext);
        changes.entry(guri).or_default().push(TextEdit::new(
            convert::range(&grope, label_span, enc),
            new_name.clone(),
        ));
        for doc in self.shared.docs.iter() {
            for r in preferred_mentions_in(&doc.index, &matcher, id) {
                changes
                    .entry(doc.key().clone())
                    .or_default()
                    .push(TextEdit::new(
                        convert::range(&doc.rope, r, enc),
                        new_name.clone(),
                    ));
            }
        }
        let old_label = crate::text::fold::normalize(&entry.def.label, true);
        self.shared.with_workspace(|w| {
            for (path, m) in w.mentions_of(&matcher, id) {
                if self.shared.is_open(path)
                    || crate::text::fold::normalize(&m.text, true) != old_label
                {
                    continue;
                }
                if let Some(u) = path_uri(path) {
                    changes.entry(u).or_default().push(TextEdit::new(
                        convert::pos_range(&m.range, enc),
                        new_name.clone(),
                    ));
                }
            }
        });
        Ok(Some(WorkspaceEdit::new(changes)))
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        self.settled().await;
        let matcher = self.shared.matcher();
        let Some(doc) = self.shared.docs.get(&params.text_document.uri) else {
            return Ok(None);
        };
        let tokens = semantic_tokens(&doc.index, &matcher, 0..doc.rope.len_bytes());
        Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data: convert::semantic_tokens(&doc.rope, &tokens, self.enc()),
        })))
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        self.settled().await;
        let matcher = self.shared.matcher();
        let Some(doc) = self.shared.docs.get(&params.text_document.uri) else {
            return Ok(None);
        };
        let enc = self.enc();
        let start = convert::offset(&doc.rope, params.range.start, enc).map_err(invalid_params)?;
        let end = convert::offset(&doc.rope, params.range.end, enc).map_err(invalid_params)?;
        let tokens = semantic_tokens(&doc.index, &matcher, start..end.max(start));
        Ok(Some(SemanticTokensRangeResult::Tokens(SemanticTokens {
            result_id: None,
            data: convert::semantic_tokens(&doc.rope, &tokens, enc),
        })))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.settled().await;
        let matcher = self.shared.matcher();
        let mode = self.shared.config().inlay_hints;
        let Some(doc) = self.shared.docs.get(&params.text_document.uri) else {
            return Ok(None);
        };
        let enc = self.enc();
        let start = convert::offset(&doc.rope, params.range.start, enc).map_err(invalid_params)?;
        let end = convert::offset(&doc.rope, params.range.end, enc).map_err(invalid_params)?;
        let hints = inlay_hints(&doc.index, &matcher, mode, start..end.max(start))
            .into_iter()
            .map(|(at, label)| InlayHint {
                position: convert::position(&doc.rope, at, enc),
                label: InlayHintLabel::String(label),
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(false),
                padding_right: Some(false),
                data: None,
            })
            .collect();
        Ok(Some(hints))
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        self.settled().await;
        let uri = params.text_document.uri;
        let Some(path) = uri_path(&uri) else {
            return Ok(None);
        };
        if !self.shared.glossary_buffers.contains_key(&uri) {
            return Ok(None);
        }
        let matcher = self.shared.matcher();
        let glossary = matcher.glossary();
        let Some(source) = glossary
            .sources
            .iter()
            .position(|s| s.path.as_deref() == Some(path.as_path()))
        else {
            return Ok(None);
        };
        let mut lenses = Vec::new();
        for id in glossary
            .ids()
            .filter(|id| glossary.entry(*id).source == source)
        {
            let locs = self.all_mentions(&matcher, id);
            let files: BTreeSet<&str> = locs.iter().map(|l| l.uri.as_str()).collect();
            let Some(at) = self.entry_location(&matcher, id, None) else {
                continue;
            };
            let title = format!(
                "{} mention{} in {} file{}",
                locs.len(),
                if locs.len() == 1 { "" } else { "s" },
                files.len(),
                if files.len() == 1 { "" } else { "s" }
            );
            lenses.push(CodeLens {
                range: at.range,
                command: Some(Command {
                    title,
                    command: "editor.action.showReferences".to_string(),
                    arguments: Some(vec![json!(uri), json!(at.range.start), json!(locs)]),
                }),
                data: None,
            });
        }
        Ok(Some(lenses))
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        self.settled().await;
        let uri = params.text_document.uri;
        let matcher = self.shared.matcher();
        let config = self.shared.config();
        let enc = self.enc();
        let items = if let Some(doc) = self.shared.docs.get(&uri) {
            diagnostics(&doc.index, &matcher, &config.diagnostics)
                .iter()
                .map(|d| convert::diagnostic(&doc.rope, &uri, d, enc))
                .collect()
        } else {
            let path = uri_path(&uri);
            self.shared.with_workspace(|w| {
                path.and_then(|p| w.files.get(&p))
                    .map(|r| record_diagnostics(&uri, r, enc))
                    .unwrap_or_default()
            })
        };
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
        let matcher = self.shared.matcher();
        let config = self.shared.config();
        let enc = self.enc();
        let mut items = Vec::new();
        for doc in self.shared.docs.iter() {
            let diags = diagnostics(&doc.index, &matcher, &config.diagnostics)
                .iter()
                .map(|d| convert::diagnostic(&doc.rope, doc.key(), d, enc))
                .collect();
            items.push(WorkspaceDocumentDiagnosticReport::Full(
                WorkspaceFullDocumentDiagnosticReport {
                    uri: doc.key().clone(),
                    version: Some(doc.version as i64),
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id: None,
                        items: diags,
                    },
                },
            ));
        }
        let open: Vec<PathBuf> = self
            .shared
            .docs
            .iter()
            .filter_map(|d| uri_path(d.key()))
            .collect();
        self.shared.with_workspace(|w| {
            let mut paths: Vec<&PathBuf> = w.files.keys().filter(|p| !open.contains(p)).collect();
            paths.sort();
            for p in paths {
                let Some(uri) = path_uri(p) else { continue };
                let record = &w.files[p];
                items.push(WorkspaceDocumentDiagnosticReport::Full(
                    WorkspaceFullDocumentDiagnosticReport {
                        uri: uri.clone(),
                        version: None,
                        full_document_diagnostic_report: FullDocumentDiagnosticReport {
                            result_id: None,
                            items: record_diagnostics(&uri, record, enc),
                        },
                    },
                ));
            }
        });
        Ok(WorkspaceDiagnosticReportResult::Report(
            WorkspaceDiagnosticReport { items },
        ))
    }
}

fn record_diagnostics(
    uri: &Uri,
    r: &crate::workspace::closed::FileRecord,
    enc: Encoding,
) -> Vec<Diagnostic> {
    r.diagnostics
        .iter()
        .map(|d| Diagnostic {
            range: convert::pos_range(&d.range, enc),
            severity: Some(convert::severity(d.diagnostic.severity)),
            code: Some(NumberOrString::String(d.diagnostic.code.to_string())),
            source: Some("gloss".to_string()),
            message: d.diagnostic.message.clone(),
            related_information: (!d.related.is_empty()).then(|| {
                d.related
                    .iter()
                    .zip(&d.diagnostic.related)
                    .map(|(pr, rel)| DiagnosticRelatedInformation {
                        location: Location::new(uri.clone(), convert::pos_range(pr, enc)),
                        message: rel.message.clone(),
                    })
                    .collect()
            }),
            ..Diagnostic::default()
        })
        .collect()
}
