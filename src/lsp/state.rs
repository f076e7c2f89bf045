//! Protocol state shared by the worker (the only writer) and the request
//! handlers (readers), and the change queue's message type.
//!
//! Owns the lock around the [`Workspace`] (the core's state) and what only
//! the protocol knows: the negotiated encoding and the client's capabilities.
//! Keeps no feature logic.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::RwLock;

use serde_json::Value;
use tower_lsp_server::ls_types::*;

use super::capabilities::ClientFlags;
use crate::text::position::Encoding;
use crate::workspace::{DocKey, Workspace};

pub struct Shared {
    /// The one workspace model. The worker writes it (in queue order) and
    /// background indexing only to insert records; handlers read it.
    workspace: RwLock<Workspace>,
    encoding: RwLock<Encoding>,
    flags: RwLock<ClientFlags>,
}

fn read<T: Clone>(l: &RwLock<T>) -> T {
    match l.read() {
        Ok(g) => g.clone(),
        Err(e) => e.into_inner().clone(),
    }
}

fn write<T>(l: &RwLock<T>, value: T) {
    match l.write() {
        Ok(mut g) => *g = value,
        Err(e) => *e.into_inner() = value,
    }
}

impl Shared {
    pub fn new(workspace: Workspace) -> Shared {
        Shared {
            workspace: RwLock::new(workspace),
            encoding: RwLock::new(Encoding::Utf16),
            flags: RwLock::new(ClientFlags::default()),
        }
    }
    pub fn encoding(&self) -> Encoding {
        read(&self.encoding)
    }
    pub fn set_encoding(&self, enc: Encoding) {
        write(&self.encoding, enc);
    }
    pub fn flags(&self) -> ClientFlags {
        read(&self.flags)
    }
    pub fn set_flags(&self, flags: ClientFlags) {
        write(&self.flags, flags);
    }
    /// Runs `f` on the workspace under its read lock (never across an `.await`).
    pub fn read<R>(&self, f: impl FnOnce(&Workspace) -> R) -> R {
        match self.workspace.read() {
            Ok(g) => f(&g),
            Err(e) => f(&e.into_inner()),
        }
    }
    /// Runs `f` on the workspace under its write lock (never across an `.await`).
    pub fn write<R>(&self, f: impl FnOnce(&mut Workspace) -> R) -> R {
        match self.workspace.write() {
            Ok(mut g) => f(&mut g),
            Err(e) => f(&mut e.into_inner()),
        }
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

/// The core's name for a document.
pub fn doc_key(uri: &Uri) -> DocKey {
    DocKey::new(uri.as_str(), uri_path(uri))
}

/// The URI of an open document (its key is the URI it was opened with).
pub fn key_uri(key: &DocKey) -> Option<Uri> {
    Uri::from_str(&key.key).ok()
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
