//! The workspace model the CLI and the language server both load and query.
//!
//! Owns the state of one workspace: its roots; the settings (`gloss.toml`
//! merged with the client's); the glossary layers (with their last good
//! versions) and the current text of every glossary file (ONE rule: an open
//! editor buffer wins over the disk); the matcher and its generation; the
//! open documents; and the compact records of closed files. Every change
//! returns what it changed ([`Changes`]) so that the caller decides what to
//! publish. Must not know about LSP types or how changes arrive (see
//! [`crate::lsp`]), nor print anything (see [`crate::cli`]).
//!
//! - [`discover`]: reading `gloss.toml`, matching glossary globs, merging settings;
//! - [`walk`]: the one directory walker, which files are documents, reading them;
//! - [`closed`]: compact records of files not open in the editor;
//! - [`query`]: what features read (mentions across files, entry locations, diagnostics).

pub mod closed;
pub mod discover;
pub mod query;
pub mod walk;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use ropey::Rope;
use serde_json::Value;

use crate::config::Config;
use crate::glossary::store::GlossaryStore;
use crate::glossary::{Glossary, embedded};
use crate::index::document::{Document, Language};
use crate::problem::Problem;
use crate::recognize::matcher::Matcher;
use crate::text::position::{Encoding, LineCol, to_offset_clamped};
use closed::{ClosedFiles, FileRecord};

pub use query::{EntryLocation, FileDiagnostics, FileMentions, GlossaryEdits, LabelRename, Which};

/// A glossary file's text, with a rope for positions (built once per text).
#[derive(Debug, Clone)]
pub struct GlossaryText {
    pub text: Arc<str>,
    pub rope: Rope,
}

impl GlossaryText {
    pub fn new(text: &str) -> GlossaryText {
        GlossaryText {
            text: Arc::from(text),
            rope: Rope::from_str(text),
        }
    }

    fn from_rope(rope: Rope) -> GlossaryText {
        GlossaryText {
            text: Arc::from(rope.to_string()),
            rope,
        }
    }
}

/// The texts of one glossary file: as last read from disk, and as open in the editor.
#[derive(Debug, Clone, Default)]
struct GlossaryFile {
    disk: Option<GlossaryText>,
    buffer: Option<GlossaryText>,
}

impl GlossaryFile {
    /// The one rule for a glossary file's current text: the editor buffer, else the disk.
    fn current(&self) -> Option<&GlossaryText> {
        self.buffer.as_ref().or(self.disk.as_ref())
    }
}

/// How the caller names a document: a URI-like key, and its path when it is a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocKey {
    pub key: String,
    pub path: Option<PathBuf>,
}

impl DocKey {
    pub fn new(key: impl Into<String>, path: Option<PathBuf>) -> DocKey {
        DocKey {
            key: key.into(),
            path,
        }
    }

    /// The path, or the key, for ordering files.
    fn sort_path(&self) -> PathBuf {
        self.path
            .clone()
            .unwrap_or_else(|| PathBuf::from(&self.key))
    }
}

/// One text change: a (line, column) range in some encoding, or the whole text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextChange {
    pub range: Option<(LineCol, LineCol)>,
    pub text: String,
}

impl TextChange {
    /// The byte range this change replaces in `rope` (clamped, never dropped).
    fn byte_range(&self, rope: &Rope, enc: Encoding) -> Option<Range<usize>> {
        self.range.map(|(a, b)| {
            let start = to_offset_clamped(rope, a, enc);
            let end = to_offset_clamped(rope, b, enc);
            start.min(end)..end.max(start)
        })
    }
}

/// The problems of one file (possibly none: then earlier ones are cleared).
#[derive(Debug, Clone)]
pub struct FileProblems {
    /// The path, or `embedded:NAME` for the embedded glossary.
    pub name: String,
    /// `None` for the embedded glossary (its problems are bugs in Gloss).
    pub path: Option<PathBuf>,
    /// The text the problems' byte ranges refer to.
    pub text: Arc<str>,
    pub problems: Vec<Problem>,
}

/// What a rebuilt glossary changed.
#[derive(Debug, Clone, Default)]
pub struct GlossaryRebuilt {
    /// Per glossary file (every workspace file, in name order), its problems.
    pub problems: Vec<FileProblems>,
    /// The entries changed: open documents were re-indexed and closed-file
    /// records are stale. (Edits that leave the entries as they were, such as
    /// a half-typed line or whitespace, change only entry positions.)
    pub entries_changed: bool,
}

/// What a change to the workspace changed, for the caller to publish.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// Set when `gloss.toml` was read: each root's `gloss.toml` and its problems.
    pub settings_problems: Option<Vec<FileProblems>>,
    /// Settings that could not be applied (the previous ones stay in use).
    pub settings_error: Option<String>,
    /// The client's settings were applied.
    pub client_settings: bool,
    /// Glossary files that could not be read (they keep their previous text).
    pub unreadable: Vec<Problem>,
    /// Set when the glossary was rebuilt.
    pub glossary: Option<GlossaryRebuilt>,
    /// Which files are documents changed (`include`, `exclude`, `max_file_size`).
    pub documents_changed: bool,
    /// Diagnostic severities changed: republish, nothing to re-index.
    pub severities_changed: bool,
    /// Closed-file records were added, replaced or removed.
    pub closed_files_changed: bool,
}

impl Changes {
    pub fn entries_changed(&self) -> bool {
        self.glossary.as_ref().is_some_and(|g| g.entries_changed)
    }

    /// Whether the closed-file records must be rebuilt.
    pub fn reindex_workspace(&self) -> bool {
        self.entries_changed() || self.documents_changed
    }

    /// Every problem, as the CLI reports them: settings, unreadable files, then
    /// glossary files in name order.
    pub fn problems(&self) -> Vec<Problem> {
        let settings = self.settings_problems.iter().flatten();
        let glossary = self.glossary.iter().flat_map(|g| &g.problems);
        let mut out: Vec<Problem> = settings.flat_map(|f| f.problems.iter().cloned()).collect();
        out.extend(self.unreadable.iter().cloned());
        out.extend(glossary.flat_map(|f| f.problems.iter().cloned()));
        out
    }
}

/// What opening a buffer did.
#[derive(Debug, Clone)]
pub enum Opened {
    /// A glossary file: its buffer now wins over the disk.
    Glossary(Changes),
    Document,
    /// Not prose (a data file, or the read-only copy of the embedded glossary).
    Ignored,
}

/// What editing a buffer did.
#[derive(Debug, Clone)]
pub enum Edited {
    Glossary(Changes),
    /// The document was edited; `stale_after` is the previous version when
    /// the new one is not newer (applied anyway).
    Document {
        stale_after: Option<i32>,
    },
    NotOpen,
}

/// What closing a buffer did.
#[derive(Debug, Clone)]
pub enum Closed {
    /// A glossary buffer: the file on disk is back in use.
    Glossary(Changes),
    /// A document: its file on disk is what the closed-file records keep.
    Document,
}

/// A file event from outside (a file watcher).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileEvent {
    CreatedOrChanged,
    Deleted,
}

/// A snapshot for indexing closed files in the background (no lock held while
/// walking and reading): the roots to walk and what to index with.
#[derive(Debug, Clone)]
pub struct IndexRun {
    pub roots: Vec<PathBuf>,
    pub config: Config,
    pub matcher: Arc<Matcher>,
    pub generation: u64,
}

impl IndexRun {
    /// The documents to index (sorted), and those skipped for their size.
    pub fn find(&self) -> (Vec<PathBuf>, Vec<walk::Skipped>) {
        walk::documents(&self.roots, &self.config)
    }

    /// Reads and indexes `paths` (stamped with `stamp`, taken before reading).
    pub fn read(
        &self,
        paths: &[PathBuf],
        stamp: u64,
    ) -> Vec<(PathBuf, Result<FileRecord, String>)> {
        paths
            .iter()
            .map(|p| {
                let record = walk::read_document(p, self.config.max_file_size).map(|text| {
                    let language = Language::detect(None, &p.to_string_lossy());
                    FileRecord {
                        stamp,
                        ..FileRecord::build(&text, language, &self.matcher, self.generation)
                    }
                });
                (p.clone(), record)
            })
            .collect()
    }
}

/// An open document and its path (when it is a file).
#[derive(Debug, Clone)]
struct OpenDocument {
    key: DocKey,
    doc: Document,
}

/// Where the read-only copy of the embedded glossary goes, and whether it was written.
#[derive(Debug)]
struct EmbeddedCopies {
    dir: PathBuf,
    written: std::sync::Mutex<bool>,
}

/// One workspace: settings, glossaries, open documents and closed-file records.
#[derive(Debug)]
pub struct Workspace {
    roots: Vec<PathBuf>,
    /// `gloss.toml` as JSON (`Null` when absent or broken).
    file_settings: Value,
    client_settings: Value,
    config: Config,
    /// Glossary files loaded on top of the globs (the CLI's `--glossary`).
    extra_glossaries: Vec<PathBuf>,
    store: GlossaryStore,
    glossary_files: BTreeMap<PathBuf, GlossaryFile>,
    matcher: Arc<Matcher>,
    /// Bumped when the entries change (records of an older generation are stale).
    generation: u64,
    open: BTreeMap<String, OpenDocument>,
    /// Open documents by path.
    open_paths: HashMap<PathBuf, String>,
    closed: ClosedFiles,
    /// Orders reads of files (see [`FileRecord::stamp`]).
    stamps: AtomicU64,
    embedded_copies: EmbeddedCopies,
}

/// Whether two glossaries have the same entries (what matching depends on),
/// whatever their positions in their files.
fn same_entries(a: &Glossary, b: &Glossary) -> bool {
    a.entries.len() == b.entries.len()
        && a.entries.iter().zip(&b.entries).all(|(x, y)| {
            x.def == y.def && a.sources[x.source].embedded == b.sources[y.source].embedded
        })
}

/// Whether the set of documents differs between two settings.
fn document_set_changed(before: &Config, after: &Config) -> bool {
    before.include != after.include
        || before.exclude != after.exclude
        || before.max_file_size != after.max_file_size
}

impl Workspace {
    /// A workspace over `roots` with nothing read yet: default settings and an
    /// empty glossary until [`Workspace::reload`]. See [`Workspace::load`].
    pub fn new(roots: Vec<PathBuf>, client_settings: Value) -> Workspace {
        let store = GlossaryStore::default();
        // Nothing is matched until the first load: building the embedded
        // glossary here and again in `reload` doubled the start-up work.
        let matcher = Arc::new(Matcher::new(Arc::new(Glossary::default())));
        Workspace {
            roots,
            file_settings: Value::Null,
            client_settings,
            config: Config::default(),
            extra_glossaries: Vec::new(),
            store,
            glossary_files: BTreeMap::new(),
            matcher,
            generation: 0,
            open: BTreeMap::new(),
            open_paths: HashMap::new(),
            closed: ClosedFiles::default(),
            stamps: AtomicU64::new(1),
            embedded_copies: EmbeddedCopies {
                dir: embedded::cache_dir(),
                written: std::sync::Mutex::new(false),
            },
        }
    }

    /// Writes the read-only copy of the embedded glossary under `dir` instead
    /// of the user's cache folder.
    pub fn with_embedded_copy_dir(mut self, dir: PathBuf) -> Workspace {
        self.embedded_copies.dir = dir;
        self
    }

    /// Reads settings and glossaries of `roots` (client settings override
    /// `gloss.toml` key by key).
    pub fn load(roots: Vec<PathBuf>, client_settings: Value) -> (Workspace, Changes) {
        Workspace::load_with(roots, client_settings, Vec::new())
    }

    /// [`Workspace::load`] plus glossary files outside the globs.
    pub fn load_with(
        roots: Vec<PathBuf>,
        client_settings: Value,
        extra_glossaries: Vec<PathBuf>,
    ) -> (Workspace, Changes) {
        let mut ws = Workspace::new(roots, client_settings);
        ws.extra_glossaries = extra_glossaries;
        let changes = ws.reload();
        (ws, changes)
    }

    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn matcher(&self) -> &Arc<Matcher> {
        &self.matcher
    }

    pub fn glossary(&self) -> &Glossary {
        self.matcher.glossary()
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// A fresh stamp, taken before a file is read.
    pub fn next_stamp(&self) -> u64 {
        self.stamps.fetch_add(1, Ordering::SeqCst)
    }

    /// Re-reads `gloss.toml` and every glossary file (open buffers win).
    pub fn reload(&mut self) -> Changes {
        let before = self.config.clone();
        let (file_settings, problems) = discover::read_config(&self.roots);
        self.file_settings = file_settings;
        let settings_error = self.merge_settings();
        let mut changes = self.reload_glossaries();
        let settings_problems = self
            .roots
            .iter()
            .map(|root| {
                let path = root.join("gloss.toml");
                let mine: Vec<&(PathBuf, String, Problem)> =
                    problems.iter().filter(|(p, _, _)| *p == path).collect();
                FileProblems {
                    name: path.display().to_string(),
                    text: Arc::from(mine.first().map_or("", |(_, t, _)| t.as_str())),
                    problems: mine.into_iter().map(|(_, _, p)| p.clone()).collect(),
                    path: Some(path),
                }
            })
            .collect();
        changes.settings_problems = Some(settings_problems);
        changes.settings_error = settings_error;
        changes.documents_changed = document_set_changed(&before, &self.config);
        changes.severities_changed = before.diagnostics != self.config.diagnostics;
        changes
    }

    /// Applies the client's settings (`{"gloss": …}` or the bare shape);
    /// re-reads glossaries when their globs or the default layer changed.
    pub fn set_client_settings(&mut self, value: Value) -> Changes {
        let before = self.config.clone();
        self.client_settings = value;
        let error = self.merge_settings();
        let mut changes = if before.glossaries != self.config.glossaries
            || before.default_glossary != self.config.default_glossary
        {
            self.reload()
        } else {
            Changes::default()
        };
        changes.settings_error = error.or(changes.settings_error);
        changes.client_settings = true;
        changes.documents_changed = document_set_changed(&before, &self.config);
        changes.severities_changed = before.diagnostics != self.config.diagnostics;
        changes
    }

    /// Removes and adds roots (records under removed roots go), then reloads.
    pub fn change_roots(&mut self, removed: &[PathBuf], added: &[PathBuf]) -> Changes {
        for root in removed {
            self.roots.retain(|r| r != root);
            self.closed.remove_under(root);
        }
        self.roots.extend(added.iter().cloned());
        self.reload()
    }

    /// Merges file and client settings; on error the previous settings stay.
    fn merge_settings(&mut self) -> Option<String> {
        match crate::config::merge_settings(&self.file_settings, &self.client_settings) {
            Ok(config) => {
                self.config = config;
                None
            }
            Err(e) => Some(e),
        }
    }

    /// Whether `path` is (or would be) a glossary file of this workspace.
    pub fn is_glossary_path(&self, path: &Path) -> bool {
        self.store.contains(path)
            || self.extra_glossaries.iter().any(|p| p == path)
            || discover::is_glossary_file(&self.roots, &self.config, path)
    }

    /// Finds the glossary files, reads those not open in the editor, rebuilds.
    fn reload_glossaries(&mut self) -> Changes {
        let mut found = discover::glossary_files(&self.roots, &self.config);
        found.extend(self.extra_glossaries.iter().cloned());
        let known: Vec<PathBuf> = self.store.paths().map(Path::to_path_buf).collect();
        for path in known {
            let open = self
                .glossary_files
                .get(&path)
                .is_some_and(|f| f.buffer.is_some());
            if !found.contains(&path) && !open {
                self.store.remove_file(&path);
                self.glossary_files.remove(&path);
            }
        }
        let mut unreadable = Vec::new();
        for path in found {
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    let file = self.glossary_files.entry(path.clone()).or_default();
                    file.disk = Some(GlossaryText::new(&text));
                    if let Some(current) = file.current() {
                        self.store.set_file(&path, &current.text);
                    }
                }
                Err(e) => unreadable.push(Problem::error(
                    &path.display().to_string(),
                    "",
                    0..0,
                    "io",
                    format!("cannot read this glossary: {e}"),
                )),
            }
        }
        Changes {
            unreadable,
            ..self.rebuild_glossary()
        }
    }

    /// Merges the layers; when the entries changed, re-indexes open documents.
    fn rebuild_glossary(&mut self) -> Changes {
        self.store.set_use_embedded(self.config.default_glossary);
        let rebuilt = self.store.rebuild();
        let entries_changed = !same_entries(self.matcher.glossary(), &rebuilt.glossary);
        self.matcher = Arc::new(Matcher::new(rebuilt.glossary));
        if entries_changed {
            self.generation += 1;
            for open in self.open.values_mut() {
                open.doc.reindex(&self.matcher);
            }
        }
        let paths: HashMap<String, &PathBuf> = self
            .glossary_files
            .keys()
            .map(|p| (p.display().to_string(), p))
            .collect();
        let mut problems: Vec<FileProblems> = rebuilt
            .problems
            .into_iter()
            .map(|(name, problems)| {
                let path = paths.get(&name).map(|p| (*p).clone());
                let text = path
                    .as_deref()
                    .and_then(|p| self.glossary_text(p))
                    .map_or_else(|| Arc::from(""), |t| t.text.clone());
                FileProblems {
                    path: path
                        .or_else(|| (!name.starts_with("embedded:")).then(|| PathBuf::from(&name))),
                    name,
                    text,
                    problems,
                }
            })
            .collect();
        problems.sort_by(|a, b| a.name.cmp(&b.name));
        Changes {
            glossary: Some(GlossaryRebuilt {
                problems,
                entries_changed,
            }),
            ..Changes::default()
        }
    }

    /// The current text of a glossary file: its editor buffer, else the disk.
    pub fn glossary_text(&self, path: &Path) -> Option<&GlossaryText> {
        self.glossary_files
            .get(path)
            .and_then(GlossaryFile::current)
    }

    /// The editor buffer of a glossary file, when it is open.
    pub fn glossary_buffer(&self, path: &Path) -> Option<&GlossaryText> {
        self.glossary_files.get(path)?.buffer.as_ref()
    }

    /// Opens (or replaces) the editor buffer of a glossary file.
    pub fn set_glossary_buffer(&mut self, path: &Path, text: &str) -> Changes {
        let buffer = GlossaryText::new(text);
        self.store.set_file(path, text);
        self.glossary_files
            .entry(path.to_path_buf())
            .or_default()
            .buffer = Some(buffer);
        self.rebuild_glossary()
    }

    /// Closes a glossary buffer: the file on disk is read again (or dropped when gone).
    pub fn close_glossary_buffer(&mut self, path: &Path) -> Changes {
        let file = self.glossary_files.entry(path.to_path_buf()).or_default();
        file.buffer = None;
        match std::fs::read_to_string(path) {
            Ok(text) => {
                self.store.set_file(path, &text);
                file.disk = Some(GlossaryText::new(&text));
            }
            Err(_) => {
                self.store.remove_file(path);
                self.glossary_files.remove(path);
            }
        }
        self.rebuild_glossary()
    }

    /// Opens a buffer: a glossary file's, or a document (unless it is data).
    pub fn open(&mut self, key: DocKey, language_id: &str, text: &str, version: i32) -> Opened {
        if let Some(path) = &key.path {
            if self.is_glossary_path(path) {
                return Opened::Glossary(self.set_glossary_buffer(path, text));
            }
            if path.starts_with(&self.embedded_copies.dir) {
                return Opened::Ignored;
            }
        }
        let Some(language) = Language::of_buffer(language_id, &key.key) else {
            return Opened::Ignored;
        };
        let doc = Document::new(text, version, language, &self.matcher);
        if let Some(path) = &key.path {
            self.open_paths.insert(path.clone(), key.key.clone());
        }
        self.open.insert(key.key.clone(), OpenDocument { key, doc });
        Opened::Document
    }

    /// Applies changes (in order) to an open buffer.
    pub fn edit(
        &mut self,
        key: &DocKey,
        version: i32,
        changes: &[TextChange],
        enc: Encoding,
    ) -> Edited {
        if let Some(path) = &key.path
            && let Some(buffer) = self
                .glossary_files
                .get_mut(path)
                .and_then(|f| f.buffer.as_mut())
        {
            let mut rope = buffer.rope.clone();
            for change in changes {
                let len = rope.len_bytes();
                let range = change.byte_range(&rope, enc).unwrap_or(0..len);
                let (start, end) = (rope.byte_to_char(range.start), rope.byte_to_char(range.end));
                rope.remove(start..end);
                rope.insert(start, &change.text);
            }
            *buffer = GlossaryText::from_rope(rope);
            let text = buffer.text.clone();
            self.store.set_file(path, &text);
            return Edited::Glossary(self.rebuild_glossary());
        }
        let Some(open) = self.open.get_mut(&key.key) else {
            return Edited::NotOpen;
        };
        let doc = &mut open.doc;
        let stale_after = (version <= doc.version).then_some(doc.version);
        for change in changes {
            let range = change.byte_range(&doc.rope, enc);
            doc.edit(range, &change.text, &self.matcher);
        }
        doc.version = version;
        Edited::Document { stale_after }
    }

    /// Closes a buffer. A document's file on disk is indexed as a closed file.
    pub fn close(&mut self, key: &DocKey) -> Closed {
        if let Some(path) = &key.path
            && self.glossary_buffer(path).is_some()
        {
            return Closed::Glossary(self.close_glossary_buffer(path));
        }
        if let Some(open) = self.open.remove(&key.key)
            && let Some(path) = &open.key.path
        {
            self.open_paths.remove(path);
        }
        if let Some(path) = &key.path {
            self.index_file(path);
        }
        Closed::Document
    }

    /// An open document.
    pub fn document(&self, key: &str) -> Option<&Document> {
        self.open.get(key).map(|o| &o.doc)
    }

    /// Every open document, in key order.
    pub fn documents(&self) -> impl Iterator<Item = (&DocKey, &Document)> {
        self.open.values().map(|o| (&o.key, &o.doc))
    }

    /// Whether a file is open in the editor (its live buffer wins over its record).
    pub fn is_open(&self, path: &Path) -> bool {
        self.open_paths.contains_key(path)
    }

    /// Re-reads one document from disk into the closed-file records (or drops
    /// it when it cannot be read). Returns whether it is a document.
    pub fn index_file(&mut self, path: &Path) -> bool {
        if !walk::is_document(&self.roots, &self.config, path) {
            return false;
        }
        let stamp = self.next_stamp();
        match walk::read_document(path, self.config.max_file_size) {
            Ok(text) => {
                let language = Language::detect(None, &path.to_string_lossy());
                let record = FileRecord {
                    stamp,
                    ..FileRecord::build(&text, language, &self.matcher, self.generation)
                };
                self.closed.insert(path.to_path_buf(), record);
            }
            Err(reason) => {
                tracing::info!("skipping {}: {reason}", path.display());
                self.closed.remove(path, stamp);
            }
        }
        true
    }

    /// Forgets a closed file (deleted on disk).
    pub fn remove_file(&mut self, path: &Path) {
        let stamp = self.next_stamp();
        self.closed.remove(path, stamp);
    }

    /// Applies file events from outside: settings and glossary files reload the
    /// glossary; documents not open are re-indexed or forgotten. Files open in
    /// the editor are left alone (their buffers win; they are re-read on close).
    pub fn files_changed(&mut self, events: &[(PathBuf, FileEvent)]) -> Changes {
        let mut reload = false;
        let mut documents = false;
        for (path, event) in events {
            if path.file_name().is_some_and(|n| n == "gloss.toml") {
                reload = true;
                continue;
            }
            if self.glossary_buffer(path).is_some() {
                continue;
            }
            if self.is_glossary_path(path) {
                reload = true;
                if *event == FileEvent::Deleted {
                    self.store.remove_file(path);
                    self.glossary_files.remove(path);
                }
                continue;
            }
            if self.is_open(path) {
                continue;
            }
            documents = true;
            match event {
                FileEvent::Deleted => self.remove_file(path),
                FileEvent::CreatedOrChanged => {
                    self.index_file(path);
                }
            }
        }
        let mut changes = if reload {
            self.reload()
        } else {
            Changes::default()
        };
        changes.closed_files_changed = documents;
        changes
    }

    /// What background indexing of `only` (or every root) works from.
    pub fn index_run(&self, only: Option<Vec<PathBuf>>) -> IndexRun {
        IndexRun {
            roots: only.unwrap_or_else(|| self.roots.clone()),
            config: self.config.clone(),
            matcher: self.matcher.clone(),
            generation: self.generation,
        }
    }

    /// Inserts records read by a background run (unless their folder was
    /// removed meanwhile, or a newer read of the same file exists).
    pub fn insert_records(
        &mut self,
        records: Vec<(PathBuf, Result<FileRecord, String>)>,
        stamp: u64,
    ) {
        for (path, record) in records {
            if !self.roots.iter().any(|root| path.starts_with(root)) {
                continue;
            }
            match record {
                Ok(record) => self.closed.insert(path, record),
                Err(reason) => {
                    tracing::info!("skipping {}: {reason}", path.display());
                    self.closed.remove(&path, stamp);
                }
            }
        }
    }

    /// Ends a complete run over `run.roots`: drops records of files it did not
    /// find (unless a newer generation wrote them).
    pub fn finish_index_run(&mut self, run: &IndexRun, found: &[PathBuf]) {
        let keep: std::collections::HashSet<&PathBuf> = found.iter().collect();
        self.closed.retain(|p, rec| {
            !run.roots.iter().any(|r| p.starts_with(r))
                || keep.contains(p)
                || rec.generation > run.generation
        });
    }

    /// How a path is shown: relative to the root that holds it.
    pub fn display_name(&self, path: &Path) -> String {
        crate::analysis::tally::file_display_name(path, &self.roots)
    }
}

#[cfg(test)]
mod tests;
