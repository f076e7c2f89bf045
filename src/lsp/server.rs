//! The language server: a thin adapter from LSP messages to the core.
//!
//! Owns the protocol state (open documents, negotiated encoding, settings,
//! what was published) and one rule: every change to state (document edits,
//! glossary and settings changes) goes through one queue, processed in the
//! order the notifications arrived, by a single worker task. Requests read
//! the shared state after waiting for the changes sent before them.
//! Features themselves are pure functions in [`crate::analysis`].

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use dashmap::DashMap;
use serde_json::Value;
use tokio::sync::{mpsc, watch};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::convert;
use crate::analysis::definition::{Target, definition};
use crate::analysis::diagnostics::diagnostics;
use crate::analysis::hover::hover;
use crate::config::Config;
use crate::document::{Document, Language};
use crate::glossary::embedded;
use crate::glossary::store::GlossaryStore;
use crate::matcher::Matcher;
use crate::text::position::Encoding;
use crate::workspace;

/// State shared by the worker (writer) and request handlers (readers).
struct Shared {
    docs: DashMap<Uri, Document>,
    matcher: RwLock<Arc<Matcher>>,
    config: RwLock<Config>,
    encoding: RwLock<Encoding>,
    markdown_hover: RwLock<bool>,
}

impl Shared {
    fn matcher(&self) -> Arc<Matcher> {
        self.matcher
            .read()
            .map(|m| m.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }
    fn encoding(&self) -> Encoding {
        self.encoding.read().map(|e| *e).unwrap_or_default()
    }
    fn config(&self) -> Config {
        self.config.read().map(|c| c.clone()).unwrap_or_default()
    }
}

/// A state change, applied in arrival order by the worker.
enum Job {
    Init {
        roots: Vec<PathBuf>,
        options: Option<Value>,
    },
    Initialized {
        watch: bool,
        pull_config: bool,
    },
    Open(TextDocumentItem),
    Change(DidChangeTextDocumentParams),
    Close(Uri),
    Watched(Vec<FileEvent>),
    Settings(Value),
}

pub struct Backend {
    shared: Arc<Shared>,
    jobs: mpsc::UnboundedSender<Job>,
    sent: AtomicU64,
    applied: watch::Receiver<u64>,
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        let matcher = Arc::new(Matcher::new(GlossaryStore::default().rebuild().glossary));
        let shared = Arc::new(Shared {
            docs: DashMap::new(),
            matcher: RwLock::new(matcher),
            config: RwLock::new(Config::default()),
            encoding: RwLock::new(Encoding::Utf16),
            markdown_hover: RwLock::new(true),
        });
        let (jobs, rx) = mpsc::unbounded_channel::<Job>();
        let (applied_tx, applied) = watch::channel(0u64);
        let worker = Worker {
            client,
            shared: shared.clone(),
            store: GlossaryStore::default(),
            roots: Vec::new(),
            file_config: Config::default(),
            file_config_json: Value::Null,
            client_settings: Value::Null,
            glossary_buffers: HashMap::new(),
            glossary_uris: HashSet::new(),
            published: HashMap::new(),
            jobs: jobs.clone(),
        };
        tokio::spawn(worker.run(rx, applied_tx));
        Backend {
            shared,
            jobs,
            sent: AtomicU64::new(0),
            applied,
        }
    }

    /// Queues a change. Must be called before any `.await` in a handler so
    /// that queue order is arrival order.
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
}

fn invalid_params(msg: impl std::fmt::Display) -> Error {
    Error::invalid_params(msg.to_string())
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let utf8 = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|encs| encs.contains(&PositionEncodingKind::UTF8));
        let encoding = if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        if let Ok(mut e) = self.shared.encoding.write() {
            *e = encoding;
        }
        let markdown = caps
            .text_document
            .as_ref()
            .and_then(|t| t.hover.as_ref())
            .and_then(|h| h.content_format.as_ref())
            .and_then(|f| f.first())
            .is_none_or(|f| *f == MarkupKind::Markdown);
        if let Ok(mut m) = self.shared.markdown_hover.write() {
            *m = markdown;
        }
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty()
            && let Some(p) = params.root_uri.as_ref().and_then(|u| u.to_file_path())
        {
            roots.push(p.into_owned());
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
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "gloss".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, params: InitializedParams) {
        let _ = params;
        self.send(Job::Initialized {
            watch: true,
            pull_config: true,
        });
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
        // Open buffers are authoritative; saved glossaries arrive as watched-file events.
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

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.settled().await;
        let pos = params.text_document_position_params;
        let Some(doc) = self.shared.docs.get(&pos.text_document.uri) else {
            return Ok(None);
        };
        let enc = self.shared.encoding();
        let offset = convert::offset(&doc.rope, pos.position, enc).map_err(invalid_params)?;
        let matcher = self.shared.matcher();
        let Some(card) = hover(&doc.index, &doc.rope, &matcher, offset) else {
            return Ok(None);
        };
        let markdown = self
            .shared
            .markdown_hover
            .read()
            .map(|m| *m)
            .unwrap_or(true);
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: if markdown {
                    MarkupKind::Markdown
                } else {
                    MarkupKind::PlainText
                },
                value: if markdown {
                    card.markdown.clone()
                } else {
                    card.plain()
                },
            }),
            range: Some(convert::range(&doc.rope, card.range, enc)),
        }))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.settled().await;
        let pos = params.text_document_position_params;
        let uri = pos.text_document.uri;
        let enc = self.shared.encoding();
        let (targets, in_doc): (Vec<Target>, Vec<Location>) = {
            let Some(doc) = self.shared.docs.get(&uri) else {
                return Ok(None);
            };
            let offset = convert::offset(&doc.rope, pos.position, enc).map_err(invalid_params)?;
            let matcher = self.shared.matcher();
            let targets = definition(&doc.index, &matcher, offset);
            let in_doc = targets
                .iter()
                .filter_map(|t| match t {
                    Target::InDocument(r) => Some(Location::new(
                        uri.clone(),
                        convert::range(&doc.rope, r.clone(), enc),
                    )),
                    Target::Entry(_) => None,
                })
                .collect();
            (targets, in_doc)
        };
        let mut locations = in_doc;
        let matcher = self.shared.matcher();
        let glossary = matcher.glossary();
        for t in targets {
            let Target::Entry(id) = t else { continue };
            let entry = glossary.entry(id);
            let source = glossary.source_of(id);
            let path = match &source.path {
                Some(p) => Some(p.clone()),
                None => {
                    let name = source.name.trim_start_matches("embedded:");
                    embedded::materialize(&embedded::cache_dir(), name)
                        .map_err(|e| tracing::warn!("cannot write the default glossary copy: {e}"))
                        .ok()
                }
            };
            let Some(uri) = path.as_deref().and_then(Uri::from_file_path) else {
                continue;
            };
            let rope = ropey::Rope::from_str(&source.text);
            locations.push(Location::new(
                uri,
                convert::range(&rope, entry.id_span.clone(), enc),
            ));
        }
        Ok(match locations.len() {
            0 => None,
            1 => locations.pop().map(GotoDefinitionResponse::Scalar),
            _ => Some(GotoDefinitionResponse::Array(locations)),
        })
    }
}

/// The single writer of shared state.
struct Worker {
    client: Client,
    shared: Arc<Shared>,
    store: GlossaryStore,
    roots: Vec<PathBuf>,
    file_config: Config,
    file_config_json: Value,
    client_settings: Value,
    /// Glossary files open in the editor: their buffer is authoritative.
    glossary_buffers: HashMap<Uri, String>,
    /// Glossary files we published problems for.
    glossary_uris: HashSet<Uri>,
    /// What was last published per document (to publish only on change).
    published: HashMap<Uri, Vec<Diagnostic>>,
    /// For work that finishes later (configuration answers) to re-enter the queue.
    jobs: mpsc::UnboundedSender<Job>,
}

impl Worker {
    async fn run(mut self, mut rx: mpsc::UnboundedReceiver<Job>, applied: watch::Sender<u64>) {
        let mut n = 0u64;
        while let Some(job) = rx.recv().await {
            self.handle(job).await;
            n += 1;
            applied.send_replace(n);
        }
    }

    async fn handle(&mut self, job: Job) {
        match job {
            Job::Init { roots, options } => {
                self.roots = roots;
                if let Some(o) = options {
                    self.client_settings = o;
                }
                self.load_workspace().await;
            }
            Job::Initialized { watch, pull_config } => {
                if watch {
                    self.register_watchers();
                }
                if pull_config {
                    self.pull_configuration();
                }
            }
            Job::Open(item) => {
                if self.is_glossary_uri(&item.uri) {
                    self.glossary_buffers.insert(item.uri.clone(), item.text);
                    self.glossary_changed().await;
                    return;
                }
                let matcher = self.shared.matcher();
                let path = item.uri.path().to_string();
                let language = Language::detect(Some(item.language_id.as_str()), &path);
                let doc = Document::new(&item.text, item.version, language, &matcher);
                self.shared.docs.insert(item.uri.clone(), doc);
                self.publish(&item.uri).await;
            }
            Job::Change(params) => {
                let uri = params.text_document.uri;
                if let Some(text) = self.glossary_buffers.get_mut(&uri) {
                    for change in params.content_changes {
                        apply_to_string(text, &change, self.shared.encoding());
                    }
                    self.glossary_changed().await;
                    return;
                }
                let matcher = self.shared.matcher();
                let enc = self.shared.encoding();
                {
                    let Some(mut doc) = self.shared.docs.get_mut(&uri) else {
                        tracing::warn!(
                            "didChange for a document that is not open: {}",
                            uri.as_str()
                        );
                        return;
                    };
                    if params.text_document.version <= doc.version {
                        tracing::warn!(
                            "didChange version {} after {} for {}",
                            params.text_document.version,
                            doc.version,
                            uri.as_str()
                        );
                    }
                    for change in params.content_changes {
                        let range = change.range.map(|r| {
                            let start = crate::text::position::to_offset_clamped(
                                &doc.rope,
                                lc(r.start),
                                enc,
                            );
                            let end =
                                crate::text::position::to_offset_clamped(&doc.rope, lc(r.end), enc);
                            start.min(end)..end.max(start)
                        });
                        doc.edit(range, &change.text, &matcher);
                    }
                    doc.version = params.text_document.version;
                }
                self.publish(&uri).await;
            }
            Job::Close(uri) => {
                if self.glossary_buffers.remove(&uri).is_some() {
                    self.glossary_changed().await;
                    return;
                }
                self.shared.docs.remove(&uri);
                self.published.remove(&uri);
                self.client.publish_diagnostics(uri, Vec::new(), None).await;
            }
            Job::Watched(events) => {
                let mut relevant = false;
                for e in events {
                    let Some(path) = e.uri.to_file_path().map(|p| p.into_owned()) else {
                        continue;
                    };
                    if path.file_name().is_some_and(|n| n == "gloss.toml") {
                        relevant = true;
                        continue;
                    }
                    if self.glossary_buffers.contains_key(&e.uri) {
                        continue;
                    }
                    if e.typ == FileChangeType::DELETED {
                        relevant |= self.store.remove_file(&path);
                    } else if self.is_glossary_path(&path) {
                        relevant = true;
                    }
                }
                if relevant {
                    self.load_workspace().await;
                }
            }
            Job::Settings(value) => {
                let has_gloss = value.get("gloss").is_some_and(|v| !v.is_null());
                if has_gloss {
                    self.client_settings = value;
                    self.apply_config().await;
                } else {
                    self.pull_configuration();
                }
            }
        }
    }

    fn config(&self) -> Config {
        self.shared.config()
    }

    fn is_glossary_path(&self, path: &Path) -> bool {
        self.store.contains(path) || workspace::is_glossary_file(&self.roots, &self.config(), path)
    }

    fn is_glossary_uri(&self, uri: &Uri) -> bool {
        uri.to_file_path()
            .is_some_and(|p| self.is_glossary_path(&p))
    }

    /// Reads `gloss.toml` and every glossary file from disk (open buffers win).
    async fn load_workspace(&mut self) {
        let (config_json, problems) = workspace::read_config(&self.roots);
        self.file_config_json = config_json;
        let mut config_diags: HashMap<Uri, Vec<Diagnostic>> = HashMap::new();
        for (path, text, p) in problems {
            if let Some(uri) = Uri::from_file_path(&path) {
                config_diags.entry(uri).or_default().push(convert::problem(
                    &text,
                    &p,
                    self.shared.encoding(),
                ));
            }
        }
        for root in &self.roots {
            if let Some(uri) = Uri::from_file_path(root.join("gloss.toml")) {
                let diags = config_diags.remove(&uri).unwrap_or_default();
                self.client.publish_diagnostics(uri, diags, None).await;
            }
        }
        self.merge_config();
        let config = self.config();
        let files = workspace::glossary_files(&self.roots, &config);
        let known: Vec<PathBuf> = self.store.paths().map(Path::to_path_buf).collect();
        for p in known {
            if !files.contains(&p) {
                self.store.remove_file(&p);
            }
        }
        for path in files {
            match std::fs::read_to_string(&path) {
                Ok(text) => self.store.set_file(&path, &text),
                Err(e) => tracing::warn!("cannot read glossary {}: {e}", path.display()),
            }
        }
        self.glossary_changed().await;
    }

    fn merge_config(&mut self) {
        let merged = workspace::merge_settings(&self.file_config_json, &self.client_settings);
        match merged {
            Ok(c) => {
                self.file_config = c.clone();
                if let Ok(mut cfg) = self.shared.config.write() {
                    *cfg = c;
                }
            }
            Err(e) => {
                let client = self.client.clone();
                tokio::spawn(async move { client.show_message(MessageType::ERROR, e).await });
            }
        }
    }

    async fn apply_config(&mut self) {
        let before = self.config();
        self.merge_config();
        let after = self.config();
        if before.glossaries != after.glossaries
            || before.default_glossary != after.default_glossary
        {
            self.load_workspace().await;
        } else {
            self.publish_all().await;
        }
    }

    /// Rebuilds the glossary, re-indexes open documents, republishes.
    async fn glossary_changed(&mut self) {
        let config = self.config();
        self.store.set_use_embedded(config.default_glossary);
        for (uri, text) in &self.glossary_buffers {
            if let Some(p) = uri.to_file_path() {
                self.store.set_file(&p, text);
            }
        }
        let rebuilt = self.store.rebuild();
        let matcher = Arc::new(Matcher::new(rebuilt.glossary.clone()));
        if let Ok(mut m) = self.shared.matcher.write() {
            *m = matcher.clone();
        }
        for mut doc in self.shared.docs.iter_mut() {
            doc.reindex(&matcher);
        }
        // Glossary problems, in their files.
        let enc = self.shared.encoding();
        let mut now: HashSet<Uri> = HashSet::new();
        for (name, problems) in &rebuilt.problems {
            if name.starts_with("embedded:") {
                // A bug in Gloss, caught by tests: not the user's to fix.
                for p in problems {
                    tracing::error!("{p}");
                }
                continue;
            }
            let path = PathBuf::from(name);
            let Some(uri) = Uri::from_file_path(&path) else {
                continue;
            };
            let text = self
                .glossary_buffers
                .get(&uri)
                .cloned()
                .or_else(|| std::fs::read_to_string(&path).ok())
                .unwrap_or_default();
            let diags = problems
                .iter()
                .map(|p| convert::problem(&text, p, enc))
                .collect();
            self.client
                .publish_diagnostics(uri.clone(), diags, None)
                .await;
            now.insert(uri);
        }
        for gone in self.glossary_uris.difference(&now) {
            self.client
                .publish_diagnostics(gone.clone(), Vec::new(), None)
                .await;
        }
        self.glossary_uris = now;
        self.publish_all().await;
    }

    async fn publish_all(&mut self) {
        let uris: Vec<Uri> = self.shared.docs.iter().map(|d| d.key().clone()).collect();
        for uri in uris {
            self.publish(&uri).await;
        }
    }

    /// Publishes a document's diagnostics if they changed since last time.
    async fn publish(&mut self, uri: &Uri) {
        let enc = self.shared.encoding();
        let config = self.config();
        let matcher = self.shared.matcher();
        let (diags, version) = {
            let Some(doc) = self.shared.docs.get(uri) else {
                return;
            };
            let core = diagnostics(&doc.index, &matcher, &config.diagnostics);
            let diags: Vec<Diagnostic> = core
                .iter()
                .map(|d| convert::diagnostic(&doc.rope, uri, d, enc))
                .collect();
            (diags, doc.version)
        };
        if self.published.get(uri) == Some(&diags) {
            return;
        }
        self.published.insert(uri.clone(), diags.clone());
        self.client
            .publish_diagnostics(uri.clone(), diags, Some(version))
            .await;
    }

    fn register_watchers(&self) {
        let client = self.client.clone();
        tokio::spawn(async move {
            let watchers = ["**/gloss.toml", "**/*.toml", "**/*.json"]
                .into_iter()
                .map(|g| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(g.to_string()),
                    kind: None,
                })
                .collect();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let reg = Registration {
                id: "gloss-watch-glossaries".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = client.register_capability(vec![reg]).await {
                tracing::info!(
                    "client did not accept file watching ({e}); relying on didChange of open glossaries"
                );
            }
        });
    }

    /// Asks the client for its `gloss` settings (without blocking the queue).
    fn pull_configuration(&self) {
        let client = self.client.clone();
        let jobs = self.jobs.clone();
        tokio::spawn(async move {
            let items = vec![ConfigurationItem {
                scope_uri: None,
                section: Some("gloss".to_string()),
            }];
            if let Ok(mut values) = client.configuration(items).await
                && let Some(v) = values.pop()
                && !v.is_null()
            {
                // Re-enters through the queue so ordering holds.
                let _ = jobs.send(Job::Settings(serde_json::json!({ "gloss": v })));
            }
        });
    }
}

fn lc(p: Position) -> crate::text::position::LineCol {
    crate::text::position::LineCol {
        line: p.line,
        col: p.character,
    }
}

/// Applies an LSP change to a plain string (glossary buffers are small).
fn apply_to_string(text: &mut String, change: &TextDocumentContentChangeEvent, enc: Encoding) {
    match change.range {
        None => *text = change.text.clone(),
        Some(r) => {
            let rope = ropey::Rope::from_str(text);
            let a = crate::text::position::to_offset_clamped(&rope, lc(r.start), enc);
            let b = crate::text::position::to_offset_clamped(&rope, lc(r.end), enc);
            let (a, b) = (a.min(b), a.max(b));
            text.replace_range(a..b, &change.text);
        }
    }
}
