//! Protocol state shared by the worker (the only writer) and the request
//! handlers (readers), and the change queue's message type.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, RwLock};

use dashmap::DashMap;
use serde_json::Value;
use tower_lsp_server::ls_types::*;

use crate::config::Config;
use crate::index::document::Document;
use crate::recognize::matcher::Matcher;
use crate::text::position::Encoding;
use crate::workspace::closed::WorkspaceIndex;

/// What the client said it can do (from `initialize`).
#[derive(Debug, Clone, Default)]
pub struct ClientFlags {
    pub markdown_hover: bool,
    pub pull_diagnostics: bool,
    pub diagnostic_refresh: bool,
    pub work_done_progress: bool,
    pub document_changes: bool,
    pub create_files: bool,
    pub watch_dynamic: bool,
    pub configuration: bool,
    pub semantic_refresh: bool,
    pub inlay_refresh: bool,
    pub code_lens_refresh: bool,
}

impl ClientFlags {
    pub fn from_capabilities(caps: &ClientCapabilities) -> ClientFlags {
        let td = caps.text_document.as_ref();
        let ws = caps.workspace.as_ref();
        ClientFlags {
            markdown_hover: td
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .and_then(|f| f.first())
                .is_none_or(|f| *f == MarkupKind::Markdown),
            pull_diagnostics: td.and_then(|t| t.diagnostic.as_ref()).is_some(),
            diagnostic_refresh: ws
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            work_done_progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            document_changes: ws
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            create_files: ws
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
            watch_dynamic: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
            semantic_refresh: ws
                .and_then(|w| w.semantic_tokens.as_ref())
                .and_then(|s| s.refresh_support)
                .unwrap_or(false),
            inlay_refresh: ws
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|s| s.refresh_support)
                .unwrap_or(false),
            code_lens_refresh: ws
                .and_then(|w| w.code_lens.as_ref())
                .and_then(|s| s.refresh_support)
                .unwrap_or(false),
        }
    }
}

pub struct Shared {
    /// Open documents (Markdown and plain text).
    pub docs: DashMap<Uri, Document>,
    /// Glossary files open in the editor: their buffer is authoritative.
    pub glossary_buffers: DashMap<Uri, String>,
    pub matcher: RwLock<Arc<Matcher>>,
    pub config: RwLock<Config>,
    pub encoding: RwLock<Encoding>,
    pub flags: RwLock<ClientFlags>,
    /// Closed files' mentions.
    pub workspace: RwLock<WorkspaceIndex>,
    pub roots: RwLock<Vec<PathBuf>>,
    /// Bumped on every glossary change; background indexing of an older generation stops.
    pub generation: AtomicU64,
    /// Orders reads of files (see `FileRecord::stamp`).
    pub stamp: AtomicU64,
}

fn read<T: Clone>(l: &RwLock<T>) -> T {
    match l.read() {
        Ok(g) => g.clone(),
        Err(e) => e.into_inner().clone(),
    }
}

pub fn write<T>(l: &RwLock<T>, value: T) {
    match l.write() {
        Ok(mut g) => *g = value,
        Err(e) => *e.into_inner() = value,
    }
}

impl Shared {
    pub fn new(matcher: Arc<Matcher>) -> Shared {
        Shared {
            docs: DashMap::new(),
            glossary_buffers: DashMap::new(),
            matcher: RwLock::new(matcher),
            config: RwLock::new(Config::default()),
            encoding: RwLock::new(Encoding::Utf16),
            flags: RwLock::new(ClientFlags::default()),
            workspace: RwLock::new(WorkspaceIndex::default()),
            roots: RwLock::new(Vec::new()),
            generation: AtomicU64::new(0),
            stamp: AtomicU64::new(1),
        }
    }
    /// A fresh stamp, taken before a file is read.
    pub fn next_stamp(&self) -> u64 {
        self.stamp.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    }
    pub fn matcher(&self) -> Arc<Matcher> {
        read(&self.matcher)
    }
    pub fn encoding(&self) -> Encoding {
        read(&self.encoding)
    }
    pub fn config(&self) -> Config {
        read(&self.config)
    }
    pub fn flags(&self) -> ClientFlags {
        read(&self.flags)
    }
    pub fn roots(&self) -> Vec<PathBuf> {
        read(&self.roots)
    }
    /// Runs `f` on the workspace index under its read lock.
    pub fn with_workspace<R>(&self, f: impl FnOnce(&WorkspaceIndex) -> R) -> R {
        match self.workspace.read() {
            Ok(g) => f(&g),
            Err(e) => f(&e.into_inner()),
        }
    }
    pub fn with_workspace_mut<R>(&self, f: impl FnOnce(&mut WorkspaceIndex) -> R) -> R {
        match self.workspace.write() {
            Ok(mut g) => f(&mut g),
            Err(e) => f(&mut e.into_inner()),
        }
    }
    /// Whether a path is open in the editor (its live buffer wins over the index).
    pub fn is_open(&self, path: &Path) -> bool {
        path_uri(path).is_some_and(|u| self.docs.contains_key(&u))
    }
}

/// A state change, applied in arrival order by the worker.
pub enum Job {
    Init {
        roots: Vec<PathBuf>,
        options: Option<Value>,
    },
    Initialized,
    Open(TextDocumentItem),
    Change(DidChangeTextDocumentParams),
    Close(Uri),
    Watched(Vec<FileEvent>),
    Settings(Value),
    Folders(WorkspaceFoldersChangeEvent),
}

pub fn uri_path(uri: &Uri) -> Option<PathBuf> {
    if uri.scheme().as_str() != "file" {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

/// A `file:` URI for a path, also for files that do not exist yet.
pub fn path_uri(path: &Path) -> Option<Uri> {
    if let Some(u) = Uri::from_file_path(path) {
        return Some(u);
    }
    let mut s = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&s).ok()
}
