//! The single writer of shared state: applies queued changes in order,
//! republishes diagnostics, and runs the background workspace indexing.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use serde_json::Value;
use tokio::sync::{mpsc, watch};
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::*;

use super::convert;
use super::state::{Job, Shared, path_uri, uri_path, write};
use crate::analysis::diagnostics::diagnostics;
use crate::config::Config;
use crate::glossary::store::GlossaryStore;
use crate::index::document::{Document, Language};
use crate::recognize::matcher::Matcher;
use crate::text::position::{Encoding, LineCol, to_offset_clamped};
use crate::workspace::closed::FileRecord;
use crate::workspace::{discover, walk};

pub struct Worker {
    pub client: Client,
    pub shared: Arc<Shared>,
    pub store: GlossaryStore,
    pub file_config_json: Value,
    pub client_settings: Value,
    /// Glossary files we published problems for.
    pub glossary_uris: HashSet<Uri>,
    /// What was last published per document (to publish only on change).
    pub published: HashMap<Uri, Vec<Diagnostic>>,
    pub initialized: bool,
}

fn lc(p: Position) -> LineCol {
    LineCol {
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
            let a = to_offset_clamped(&rope, lc(r.start), enc);
            let b = to_offset_clamped(&rope, lc(r.end), enc);
            let (a, b) = (a.min(b), a.max(b));
            text.replace_range(a..b, &change.text);
        }
    }
}

impl Worker {
    pub async fn run(mut self, mut rx: mpsc::UnboundedReceiver<Job>, applied: watch::Sender<u64>) {
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
                write(&self.shared.roots, roots);
                if let Some(o) = options {
                    self.client_settings = o;
                }
                self.load_glossaries().await;
            }
            Job::Initialized => {
                self.initialized = true;
                self.register_watchers();
                if self.shared.flags().configuration {
                    self.pull_configuration().await;
                }
                self.start_indexing(None);
            }
            Job::Open(item) => self.open(item).await,
            Job::Change(params) => self.change(params).await,
            Job::Close(uri) => self.close(uri).await,
            Job::Watched(events) => self.watched(events).await,
            Job::Settings(value) => {
                if value.get("gloss").is_some_and(|v| !v.is_null()) {
                    self.client_settings = value;
                    self.apply_config().await;
                } else if self.shared.flags().configuration {
                    self.pull_configuration().await;
                }
            }
            Job::Folders(event) => {
                let mut roots = self.shared.roots();
                for removed in &event.removed {
                    if let Some(p) = uri_path(&removed.uri) {
                        roots.retain(|r| r != &p);
                        self.shared.with_workspace_mut(|w| w.remove_under(&p));
                    }
                }
                let added: Vec<PathBuf> = event
                    .added
                    .iter()
                    .filter_map(|f| uri_path(&f.uri))
                    .collect();
                roots.extend(added.iter().cloned());
                write(&self.shared.roots, roots);
                // Reloads glossaries (the new folders may have some); when that
                // does not re-index everything, index the new folders.
                if !self.load_glossaries().await && !added.is_empty() && self.initialized {
                    self.start_indexing(Some(added));
                }
            }
        }
    }

    async fn open(&mut self, item: TextDocumentItem) {
        if self.is_glossary_uri(&item.uri) {
            self.shared
                .glossary_buffers
                .insert(item.uri.clone(), item.text);
            self.glossary_changed().await;
            return;
        }
        // Data files that are not glossaries (and our own read-only copy of the
        // embedded glossary) are not prose.
        let under_cache = uri_path(&item.uri)
            .is_some_and(|p| p.starts_with(crate::glossary::embedded::cache_dir()));
        if under_cache
            || matches!(
                item.language_id.as_str(),
                "toml" | "json" | "jsonc" | "yaml"
            )
        {
            return;
        }
        let matcher = self.shared.matcher();
        let language = Language::detect(Some(item.language_id.as_str()), item.uri.path().as_str());
        let doc = Document::new(&item.text, item.version, language, &matcher);
        self.shared.docs.insert(item.uri.clone(), doc);
        self.publish(&item.uri).await;
    }

    async fn change(&mut self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let enc = self.shared.encoding();
        let is_glossary = match self.shared.glossary_buffers.get_mut(&uri) {
            Some(mut text) => {
                for change in &params.content_changes {
                    apply_to_string(&mut text, change, enc);
                }
                true
            }
            None => false,
        };
        if is_glossary {
            self.glossary_changed().await;
            return;
        }
        let matcher = self.shared.matcher();
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
                    let start = to_offset_clamped(&doc.rope, lc(r.start), enc);
                    let end = to_offset_clamped(&doc.rope, lc(r.end), enc);
                    start.min(end)..end.max(start)
                });
                doc.edit(range, &change.text, &matcher);
            }
            doc.version = params.text_document.version;
        }
        self.publish(&uri).await;
    }

    async fn close(&mut self, uri: Uri) {
        if self.shared.glossary_buffers.remove(&uri).is_some() {
            // Back to the file on disk.
            if let Some(p) = uri_path(&uri) {
                match std::fs::read_to_string(&p) {
                    Ok(text) => self.store.set_file(&p, &text),
                    Err(_) => {
                        self.store.remove_file(&p);
                    }
                }
            }
            self.glossary_changed().await;
            return;
        }
        self.shared.docs.remove(&uri);
        self.published.remove(&uri);
        if !self.shared.flags().pull_diagnostics {
            self.client
                .publish_diagnostics(uri.clone(), Vec::new(), None)
                .await;
        }
        // The file on disk is what the workspace index keeps.
        if let Some(p) = uri_path(&uri) {
            self.index_one(&p);
        }
    }

    /// Re-reads one document from disk into the workspace index (or drops it).
    fn index_one(&self, path: &Path) {
        let roots = self.shared.roots();
        let config = self.shared.config();
        if !walk::is_document(&roots, &config, path) {
            return;
        }
        let stamp = self.shared.next_stamp();
        match walk::read_document(path, config.max_file_size) {
            Ok(text) => {
                let matcher = self.shared.matcher();
                let generation = self.shared.generation.load(Ordering::SeqCst);
                let mut record = FileRecord::build(
                    &text,
                    Language::detect(None, &path.to_string_lossy()),
                    &matcher,
                    &config.diagnostics,
                    generation,
                );
                record.stamp = stamp;
                self.shared
                    .with_workspace_mut(|w| w.insert(path.to_path_buf(), record));
            }
            Err(reason) => {
                tracing::info!("skipping {}: {reason}", path.display());
                self.shared.with_workspace_mut(|w| w.remove(path, stamp));
            }
        }
    }

    async fn watched(&mut self, events: Vec<FileEvent>) {
        let mut glossaries = false;
        let mut documents = false;
        for e in events {
            let Some(path) = uri_path(&e.uri) else {
                continue;
            };
            if path.file_name().is_some_and(|n| n == "gloss.toml") {
                glossaries = true;
                continue;
            }
            if self.shared.glossary_buffers.contains_key(&e.uri) {
                continue;
            }
            if self.is_glossary_path(&path) {
                glossaries = true;
                if e.typ == FileChangeType::DELETED {
                    self.store.remove_file(&path);
                }
                continue;
            }
            if self.shared.docs.contains_key(&e.uri) {
                continue; // the live buffer wins; re-read on close
            }
            documents = true;
            if e.typ == FileChangeType::DELETED {
                let stamp = self.shared.next_stamp();
                self.shared.with_workspace_mut(|w| w.remove(&path, stamp));
            } else {
                self.index_one(&path);
            }
        }
        if glossaries {
            self.load_glossaries().await;
        } else if documents {
            self.refresh_views().await;
        }
    }

    fn is_glossary_path(&self, path: &Path) -> bool {
        self.store.contains(path)
            || discover::is_glossary_file(&self.shared.roots(), &self.shared.config(), path)
    }

    fn is_glossary_uri(&self, uri: &Uri) -> bool {
        uri_path(uri).is_some_and(|p| self.is_glossary_path(&p))
    }

    /// Reads `gloss.toml` and every glossary file from disk (open buffers win).
    /// Returns whether it started re-indexing the whole workspace.
    async fn load_glossaries(&mut self) -> bool {
        let before = self.shared.config();
        let roots = self.shared.roots();
        let (config_json, problems) = discover::read_config(&roots);
        self.file_config_json = config_json;
        let enc = self.shared.encoding();
        let mut config_diags: HashMap<Uri, Vec<Diagnostic>> = HashMap::new();
        for (path, text, p) in problems {
            if let Some(uri) = path_uri(&path) {
                config_diags
                    .entry(uri)
                    .or_default()
                    .push(convert::problem(&text, &p, enc));
            }
        }
        for root in &roots {
            if let Some(uri) = path_uri(&root.join("gloss.toml")) {
                let diags = config_diags.remove(&uri).unwrap_or_default();
                self.client.publish_diagnostics(uri, diags, None).await;
            }
        }
        self.merge_config();
        let config = self.shared.config();
        let files = discover::glossary_files(&roots, &config);
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
        if self.glossary_changed().await {
            return self.initialized;
        }
        let documents_changed = before.include != config.include
            || before.exclude != config.exclude
            || before.max_file_size != config.max_file_size
            || before.diagnostics != config.diagnostics;
        if documents_changed && self.initialized {
            self.start_indexing(None);
            return true;
        }
        false
    }

    fn merge_config(&mut self) {
        match discover::merge_settings(&self.file_config_json, &self.client_settings) {
            Ok(c) => write(&self.shared.config, c),
            Err(e) => {
                let client = self.client.clone();
                tokio::spawn(async move { client.show_message(MessageType::ERROR, e).await });
            }
        }
    }

    async fn apply_config(&mut self) {
        let before: Config = self.shared.config();
        self.merge_config();
        let after = self.shared.config();
        if before.glossaries != after.glossaries
            || before.default_glossary != after.default_glossary
        {
            self.load_glossaries().await;
        } else if before.include != after.include
            || before.exclude != after.exclude
            || before.max_file_size != after.max_file_size
            || before.diagnostics != after.diagnostics
        {
            self.publish_all().await;
            self.start_indexing(None);
        } else {
            self.publish_all().await;
            self.refresh_views().await;
        }
    }

    /// Rebuilds the glossary, re-indexes open documents and the workspace, republishes.
    /// Returns whether the entries changed (and so everything was re-indexed).
    async fn glossary_changed(&mut self) -> bool {
        let config = self.shared.config();
        self.store.set_use_embedded(config.default_glossary);
        for entry in self.shared.glossary_buffers.iter() {
            if let Some(p) = uri_path(entry.key()) {
                self.store.set_file(&p, entry.value());
            }
        }
        let rebuilt = self.store.rebuild();
        // Typing in a glossary buffer mostly leaves the entries as they were
        // (a half-typed line keeps the last good version; whitespace moves
        // lines only). Then surfaces, and so every index, stay valid: only the
        // entry positions change, and nothing is re-indexed.
        let entries_changed = !same_entries(self.shared.matcher().glossary(), &rebuilt.glossary);
        let matcher = Arc::new(Matcher::new(rebuilt.glossary.clone()));
        write(&self.shared.matcher, matcher.clone());
        if entries_changed {
            self.shared.generation.fetch_add(1, Ordering::SeqCst);
            for mut doc in self.shared.docs.iter_mut() {
                doc.reindex(&matcher);
            }
        }
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
            let Some(uri) = path_uri(&path) else { continue };
            let text = self
                .shared
                .glossary_buffers
                .get(&uri)
                .map(|t| t.clone())
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
        if self.initialized && entries_changed {
            self.start_indexing(None);
        }
        entries_changed
    }

    async fn publish_all(&mut self) {
        let uris: Vec<Uri> = self.shared.docs.iter().map(|d| d.key().clone()).collect();
        for uri in uris {
            self.publish(&uri).await;
        }
    }

    /// Asks clients to re-pull what depends on the workspace (lenses, tokens, hints, diagnostics).
    async fn refresh_views(&self) {
        let flags = self.shared.flags();
        let client = self.client.clone();
        tokio::spawn(async move {
            if flags.code_lens_refresh {
                let _ = client.code_lens_refresh().await;
            }
            if flags.semantic_refresh {
                let _ = client.semantic_tokens_refresh().await;
            }
            if flags.inlay_refresh {
                let _ = client.inlay_hint_refresh().await;
            }
            if flags.diagnostic_refresh {
                let _ = client.workspace_diagnostic_refresh().await;
            }
        });
    }

    /// Publishes a document's diagnostics if they changed since last time
    /// (clients that pull diagnostics get none pushed).
    async fn publish(&mut self, uri: &Uri) {
        if self.shared.flags().pull_diagnostics {
            return;
        }
        let enc = self.shared.encoding();
        let config = self.shared.config();
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
        if !self.shared.flags().watch_dynamic {
            tracing::info!(
                "client cannot register file watchers; open glossary buffers stay authoritative"
            );
            return;
        }
        let client = self.client.clone();
        tokio::spawn(async move {
            let watchers = [
                "**/gloss.toml",
                "**/*.toml",
                "**/*.json",
                "**/*.md",
                "**/*.markdown",
                "**/*.txt",
            ]
            .into_iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.to_string()),
                kind: None,
            })
            .collect();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let reg = Registration {
                id: "gloss-watch".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = client.register_capability(vec![reg]).await {
                tracing::info!("client did not accept file watching ({e})");
            }
        });
    }

    /// Asks the client for its `gloss` settings and applies them, inside the
    /// queue: a later `didChangeConfiguration` can never be overtaken by this
    /// older answer, and requests after it see the settings. A client that does
    /// not answer within a few seconds keeps the current settings.
    async fn pull_configuration(&mut self) {
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("gloss".to_string()),
        }];
        let answer = tokio::time::timeout(
            std::time::Duration::from_secs(3),
            self.client.configuration(items),
        )
        .await;
        match answer {
            Ok(Ok(mut values)) => {
                if let Some(v) = values.pop()
                    && !v.is_null()
                {
                    self.client_settings = serde_json::json!({ "gloss": v });
                    self.apply_config().await;
                }
            }
            Ok(Err(e)) => tracing::info!("workspace/configuration failed: {e}"),
            Err(_) => {
                tracing::warn!("the client did not answer workspace/configuration within 3 s")
            }
        }
    }

    /// Indexes the documents under `only` (or every root) in the background.
    fn start_indexing(&self, only: Option<Vec<PathBuf>>) {
        let shared = self.shared.clone();
        let client = self.client.clone();
        let roots = only.unwrap_or_else(|| shared.roots());
        tokio::spawn(index_workspace(client, shared, roots));
    }
}

/// Whether two glossaries have the same entries (what matching depends on),
/// whatever their positions in their files.
fn same_entries(a: &crate::glossary::Glossary, b: &crate::glossary::Glossary) -> bool {
    a.entries.len() == b.entries.len()
        && a.entries.iter().zip(&b.entries).all(|(x, y)| {
            x.def == y.def && a.sources[x.source].embedded == b.sources[y.source].embedded
        })
}

/// Walks `roots`, indexes every document, reports `$/progress`. Stops early
/// when the glossary changes (a newer run takes over).
async fn index_workspace(client: Client, shared: Arc<Shared>, roots: Vec<PathBuf>) {
    let generation = shared.generation.load(Ordering::SeqCst);
    let config = shared.config();
    let walk_config = config.clone();
    let walk_roots = roots.clone();
    let Ok((files, skipped)) =
        tokio::task::spawn_blocking(move || walk::documents(&walk_roots, &walk_config)).await
    else {
        return;
    };
    for s in skipped {
        tracing::info!("skipping {}: {}", s.path.display(), s.reason);
    }
    let total = files.len();
    let token = NumberOrString::String(format!("gloss-index-{generation}"));
    let progress = if shared.flags().work_done_progress
        && client
            .create_work_done_progress(token.clone())
            .await
            .is_ok()
    {
        Some(
            client
                .progress(token, "Gloss: indexing")
                .with_percentage(0)
                .with_message(format!("0/{total} files"))
                .begin()
                .await,
        )
    } else {
        None
    };
    let mut done = 0;
    for chunk in files.chunks(16) {
        if shared.generation.load(Ordering::SeqCst) != generation {
            if let Some(p) = progress {
                p.finish_with_message("superseded").await;
            }
            return;
        }
        let chunk: Vec<PathBuf> = chunk.to_vec();
        let matcher = shared.matcher();
        let levels = config.diagnostics.clone();
        let max = config.max_file_size;
        let stamp = shared.next_stamp();
        let records = tokio::task::spawn_blocking(move || {
            chunk
                .into_iter()
                .map(|p| {
                    let r = walk::read_document(&p, max).map(|text| {
                        FileRecord::build(
                            &text,
                            Language::detect(None, &p.to_string_lossy()),
                            &matcher,
                            &levels,
                            generation,
                        )
                    });
                    let r = r.map(|mut rec| {
                        rec.stamp = stamp;
                        rec
                    });
                    (p, r)
                })
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
        done += records.len();
        let current_roots = shared.roots();
        shared.with_workspace_mut(|w| {
            for (p, r) in records {
                if !current_roots.iter().any(|root| p.starts_with(root)) {
                    continue; // its folder was removed meanwhile
                }
                match r {
                    Ok(record) => w.insert(p, record),
                    Err(reason) => {
                        tracing::info!("skipping {}: {reason}", p.display());
                        w.remove(&p, stamp);
                    }
                }
            }
        });
        if let Some(p) = &progress {
            let pct = (done * 100 / total.max(1)) as u32;
            p.report_with_message(format!("{done}/{total} files"), pct)
                .await;
        }
    }
    // Drop records of files that are gone (a full run only sees what exists).
    shared.with_workspace_mut(|w| {
        let keep: HashSet<&PathBuf> = files.iter().collect();
        w.files.retain(|p, rec| {
            !roots.iter().any(|r| p.starts_with(r))
                || keep.contains(p)
                || rec.generation > generation
        });
    });
    if let Some(p) = progress {
        p.finish_with_message(format!("{total} files indexed"))
            .await;
    }
    let flags = shared.flags();
    if flags.code_lens_refresh {
        let _ = client.code_lens_refresh().await;
    }
    if flags.diagnostic_refresh {
        let _ = client.workspace_diagnostic_refresh().await;
    }
}
