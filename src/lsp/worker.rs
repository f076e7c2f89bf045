//! The single writer of shared state: applies queued changes in order by
//! calling the [`Workspace`](crate::workspace::Workspace), publishes what
//! they changed, and runs the background indexing of closed files.
//!
//! Owns what was published (to publish only changes) and the order of work;
//! all loading and indexing rules are the workspace's.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::{mpsc, watch};
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::*;

use super::convert;
use super::state::{Job, Shared, doc_key, path_uri, uri_path};
use crate::index::document::document_globs;
use crate::workspace::{
    Changes, Closed, Edited, FileEvent as CoreFileEvent, FileProblems, Opened, Workspace,
};

/// `GLOSS_TEST_LOAD_DELAY_MS`: for tests only, makes the first load that
/// much slower, so a test can tell that `initialize` does not wait for it
/// and that requests do.
fn load_delay_for_tests() -> Option<std::time::Duration> {
    let ms: u64 = std::env::var("GLOSS_TEST_LOAD_DELAY_MS")
        .ok()?
        .parse()
        .ok()?;
    Some(std::time::Duration::from_millis(ms.min(60_000)))
}

pub struct Worker {
    pub client: Client,
    pub shared: Arc<Shared>,
    /// Glossary files we published problems for.
    pub glossary_uris: HashSet<Uri>,
    /// What was last published per document (to publish only on change).
    pub published: HashMap<Uri, Vec<Diagnostic>>,
    pub initialized: bool,
}

impl Worker {
    pub fn new(client: Client, shared: Arc<Shared>) -> Worker {
        Worker {
            client,
            shared,
            glossary_uris: HashSet::new(),
            published: HashMap::new(),
            initialized: false,
        }
    }

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
                // Loaded outside the lock, then swapped in. The load (glossary
                // parse and automaton: hundreds of milliseconds) runs on a
                // blocking thread, so the runtime's threads stay free to write
                // the `initialize` answer; requests wait for it in the queue.
                let delay = load_delay_for_tests();
                let loaded = tokio::task::spawn_blocking(move || {
                    if let Some(delay) = delay {
                        std::thread::sleep(delay);
                    }
                    Workspace::load(roots, options.unwrap_or_default())
                })
                .await;
                match loaded {
                    Ok((loaded, changes)) => {
                        self.shared.write(|ws| *ws = loaded);
                        self.apply(changes).await;
                    }
                    Err(e) => tracing::error!("loading the workspace failed: {e}"),
                }
            }
            Job::Initialized => {
                self.initialized = true;
                self.register_watchers();
                if self.shared.flags().configuration {
                    self.pull_configuration().await;
                }
                self.start_indexing(None);
            }
            Job::Open(item) => {
                let key = doc_key(&item.uri);
                let lang = item.language_id;
                let opened = self
                    .shared
                    .write(|ws| ws.open(key, &lang, &item.text, item.version));
                match opened {
                    Opened::Glossary(changes) => {
                        self.apply(changes).await;
                    }
                    Opened::Document => self.publish(&item.uri).await,
                    Opened::Ignored => {}
                }
            }
            Job::Change(params) => {
                let uri = params.text_document.uri;
                let version = params.text_document.version;
                let changes = convert::text_changes(params.content_changes);
                let enc = self.shared.encoding();
                let key = doc_key(&uri);
                match self
                    .shared
                    .write(|ws| ws.edit(&key, version, &changes, enc))
                {
                    Edited::Glossary(changes) => {
                        self.apply(changes).await;
                    }
                    Edited::Document { stale_after } => {
                        if let Some(previous) = stale_after {
                            tracing::warn!(
                                "didChange version {version} after {previous} for {}",
                                uri.as_str()
                            );
                        }
                        self.publish(&uri).await;
                    }
                    Edited::NotOpen => tracing::warn!(
                        "didChange for a document that is not open: {}",
                        uri.as_str()
                    ),
                }
            }
            Job::Close(uri) => {
                let key = doc_key(&uri);
                match self.shared.write(|ws| ws.close(&key)) {
                    Closed::Glossary(changes) => {
                        self.apply(changes).await;
                    }
                    Closed::Document => {
                        self.published.remove(&uri);
                        if !self.shared.flags().pull_diagnostics {
                            self.client.publish_diagnostics(uri, Vec::new(), None).await;
                        }
                    }
                }
            }
            Job::Watched(events) => {
                let events: Vec<(PathBuf, CoreFileEvent)> = events
                    .iter()
                    .filter_map(|e| {
                        let kind = if e.typ == FileChangeType::DELETED {
                            CoreFileEvent::Deleted
                        } else {
                            CoreFileEvent::CreatedOrChanged
                        };
                        Some((uri_path(&e.uri)?, kind))
                    })
                    .collect();
                let changes = self.shared.write(|ws| ws.files_changed(&events));
                self.apply(changes).await;
            }
            Job::Settings(value) => {
                if value.get("gloss").is_some_and(|v| !v.is_null()) {
                    let changes = self.shared.write(|ws| ws.set_client_settings(value));
                    self.apply(changes).await;
                } else if self.shared.flags().configuration {
                    self.pull_configuration().await;
                }
            }
            Job::Folders(event) => {
                let paths = |folders: &[WorkspaceFolder]| -> Vec<PathBuf> {
                    folders.iter().filter_map(|f| uri_path(&f.uri)).collect()
                };
                let (removed, added) = (paths(&event.removed), paths(&event.added));
                let changes = self.shared.write(|ws| ws.change_roots(&removed, &added));
                // When the glossary does not re-index everything, index the new folders.
                if !self.apply(changes).await && !added.is_empty() && self.initialized {
                    self.start_indexing(Some(added));
                }
            }
        }
    }

    /// Publishes what a change changed: problems of settings and glossary
    /// files, document diagnostics; re-indexes closed files or asks the client
    /// to refresh. Returns whether it started re-indexing the workspace.
    async fn apply(&mut self, changes: Changes) -> bool {
        let enc = self.shared.encoding();
        if let Some(files) = &changes.settings_problems {
            for file in files {
                self.publish_problems(file, enc).await;
            }
        }
        if let Some(e) = changes.settings_error.clone() {
            let client = self.client.clone();
            tokio::spawn(async move { client.show_message(MessageType::ERROR, e).await });
        }
        for p in &changes.unreadable {
            tracing::warn!("{p}");
        }
        if let Some(glossary) = &changes.glossary {
            let mut now: HashSet<Uri> = HashSet::new();
            for file in &glossary.problems {
                if file.path.is_none() {
                    // A bug in Gloss, caught by tests: not the user's to fix.
                    for p in &file.problems {
                        tracing::error!("{p}");
                    }
                    continue;
                }
                if let Some(uri) = self.publish_problems(file, enc).await {
                    now.insert(uri);
                }
            }
            for gone in self.glossary_uris.difference(&now) {
                self.client
                    .publish_diagnostics(gone.clone(), Vec::new(), None)
                    .await;
            }
            self.glossary_uris = now;
        }
        if changes.glossary.is_some() || changes.client_settings || changes.severities_changed {
            self.publish_all().await;
        }
        let reindex = self.initialized && changes.reindex_workspace();
        if reindex {
            self.start_indexing(None);
        } else if changes.severities_changed
            || (changes.glossary.is_none()
                && (changes.client_settings || changes.closed_files_changed))
        {
            self.refresh_views().await;
        }
        reindex
    }

    /// Publishes one file's problems (an empty list clears earlier ones).
    async fn publish_problems(
        &self,
        file: &FileProblems,
        enc: crate::text::position::Encoding,
    ) -> Option<Uri> {
        let uri = path_uri(file.path.as_deref()?)?;
        let diags = convert::problems(&file.text, &file.problems, enc);
        self.client
            .publish_diagnostics(uri.clone(), diags, None)
            .await;
        Some(uri)
    }

    async fn publish_all(&mut self) {
        let uris: Vec<Uri> = self.shared.read(|ws| {
            ws.documents()
                .filter_map(|(key, _)| super::state::key_uri(key))
                .collect()
        });
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
        let key = uri.as_str();
        let Some((diags, version)) = self.shared.read(|ws| {
            let doc = ws.document(key)?;
            let diags: Vec<Diagnostic> =
                convert::diagnostics(&doc.rope, uri, &ws.diagnostics(key)?, enc);
            Some((diags, doc.version))
        }) else {
            return;
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
            // Settings and glossary files, and every document kind.
            let data = ["**/gloss.toml", "**/*.toml", "**/*.json"].map(String::from);
            let watchers = data
                .into_iter()
                .chain(document_globs())
                .map(|g| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(g),
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
                    let changes = self
                        .shared
                        .write(|ws| ws.set_client_settings(serde_json::json!({ "gloss": v })));
                    self.apply(changes).await;
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
        tokio::spawn(index_workspace(client, shared, only));
    }
}

/// Walks the roots, indexes every document, reports `$/progress`. Takes the
/// workspace lock only to snapshot and to insert records; stops early when the
/// glossary changes (a newer run takes over).
async fn index_workspace(client: Client, shared: Arc<Shared>, only: Option<Vec<PathBuf>>) {
    let run = Arc::new(shared.read(|ws| ws.index_run(only)));
    let generation = run.generation;
    let walk_run = run.clone();
    let Ok((files, skipped)) = tokio::task::spawn_blocking(move || walk_run.find()).await else {
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
        if shared.read(|ws| ws.generation()) != generation {
            if let Some(p) = progress {
                p.finish_with_message("superseded").await;
            }
            return;
        }
        let chunk: Vec<PathBuf> = chunk.to_vec();
        let stamp = shared.read(|ws| ws.next_stamp());
        let read_run = run.clone();
        let records = tokio::task::spawn_blocking(move || read_run.read(&chunk, stamp))
            .await
            .unwrap_or_default();
        done += records.len();
        shared.write(|ws| ws.insert_records(records, stamp));
        if let Some(p) = &progress {
            let pct = (done * 100 / total.max(1)) as u32;
            p.report_with_message(format!("{done}/{total} files"), pct)
                .await;
        }
    }
    // Drop records of files that are gone (a full run only sees what exists).
    shared.write(|ws| ws.finish_index_run(&run, &files));
    return_freed_memory();
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

/// Gives the memory freed while indexing (the documents built to make each
/// closed-file record) back to the system. glibc keeps freed memory for
/// reuse, so without this the server's resident size stays at its indexing
/// peak for the whole session.
fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap pages to the system; it has
    // no preconditions and may be called from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
