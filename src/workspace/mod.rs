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
//! - `glossaries`: glossary files, their current texts, rebuilding the glossary;
//! - `documents`: open buffers and edits, indexing closed files;
//! - [`closed`]: compact records of files not open in the editor;
//! - [`query`]: what features read (mentions across files, entry locations, diagnostics).

pub mod closed;
pub mod discover;
mod documents;
mod glossaries;
pub mod query;
pub mod status;
pub mod walk;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use ropey::Rope;
use serde_json::Value;

use crate::config::Config;
use crate::glossary::store::{GlossaryStore, Rebuilt};
use crate::glossary::{Glossary, embedded};
use crate::index::document::{Document, Language};
use crate::problem::Problem;
use crate::recognize::matcher::Matcher;
use crate::recognize::prebuilt;
use crate::text::position::{Encoding, LineCol, to_offset_clamped};
use crate::time::Date;
use crate::time::document_date::DocumentDate;
use closed::{ClosedFiles, FileRecord};

pub use query::{EntryLocation, FileDiagnostics, FileMentions, GlossaryEdits, LabelRename, Which};

/// A glossary file's text, with a rope for positions, built on first use
/// (a large glossary that no request points into never gets one).
#[derive(Debug, Clone)]
pub struct GlossaryText {
    pub text: Arc<str>,
    rope: std::sync::OnceLock<Rope>,
}

impl GlossaryText {
    pub fn new(text: &str) -> GlossaryText {
        GlossaryText {
            text: Arc::from(text),
            rope: std::sync::OnceLock::new(),
        }
    }

    fn from_rope(rope: Rope) -> GlossaryText {
        GlossaryText {
            text: Arc::from(rope.to_string()),
            rope: std::sync::OnceLock::from(rope),
        }
    }

    /// The text as a rope, for line/column conversions.
    pub fn rope(&self) -> &Rope {
        self.rope.get_or_init(|| Rope::from_str(&self.text))
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
                let record = read_record(
                    p,
                    &self.roots,
                    &self.config,
                    &self.matcher,
                    self.generation,
                    stamp,
                );
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
    /// The last merge's problems by source name (for `gloss/status`).
    glossary_problems: HashMap<String, Vec<Problem>>,
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
    std::ptr::eq(a, b)
        || a.entries.len() == b.entries.len()
            && a.entries.iter().zip(&b.entries).all(|(x, y)| {
                x.def == y.def && a.sources[x.source].embedded == b.sources[y.source].embedded
            })
}

/// Reads and indexes the document at `path` into a closed-file record,
/// dated with its name and the `[dates]` setting that applies to it.
fn read_record(
    path: &Path,
    roots: &[PathBuf],
    config: &Config,
    matcher: &Matcher,
    generation: u64,
    stamp: u64,
) -> Result<FileRecord, String> {
    let text = walk::read_document(path, config.max_file_size)?;
    let name = path.to_string_lossy();
    let language = Language::detect(None, &name);
    let setting = date_setting(roots, config, path);
    Ok(FileRecord {
        stamp,
        ..FileRecord::build_dated(&text, language, matcher, generation, &name, setting)
    })
}

/// The `[dates]` setting for a file: its path relative to the first root
/// that holds it, through [`Config::date_setting`].
fn date_setting(roots: &[PathBuf], config: &Config, path: &Path) -> Option<(Date, String)> {
    let relative = roots.iter().find_map(|root| path.strip_prefix(root).ok())?;
    config.date_setting(&relative.to_string_lossy())
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
            glossary_problems: HashMap::new(),
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
        // A broken gloss.toml keeps the last good settings.
        if let Some(file_settings) = file_settings {
            self.file_settings = file_settings;
        }
        let settings_error = self.merge_settings();
        let (mut changes, refused) = self.reload_glossaries();
        let problems = [problems, refused].concat();
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
        // A changed `[dates]` re-dates closed files, whose recorded
        // diagnostics judge titles and names at their date: index them again.
        changes.documents_changed =
            document_set_changed(&before, &self.config) || before.dates != self.config.dates;
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
        // A changed `[dates]` re-dates closed files, whose recorded
        // diagnostics judge titles and names at their date: index them again.
        changes.documents_changed =
            document_set_changed(&before, &self.config) || before.dates != self.config.dates;
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
        let changes = self.reload();
        // Paths relative to the roots may have changed.
        self.redate();
        changes
    }

    /// Merges file and client settings; on error the previous settings stay.
    fn merge_settings(&mut self) -> Option<String> {
        match crate::config::merge_settings(&self.file_settings, &self.client_settings) {
            Ok(config) => {
                let dates_changed = config.dates != self.config.dates;
                self.config = config;
                if dates_changed {
                    self.redate();
                }
                None
            }
            Err(e) => Some(e),
        }
    }

    /// Applies the `[dates]` setting to every open document and closed-file
    /// record again (their heads are kept: nothing is re-read).
    fn redate(&mut self) {
        for open in self.open.values_mut() {
            if let Some(path) = &open.key.path {
                let setting = date_setting(&self.roots, &self.config, path);
                open.doc.set_date_setting(setting);
            }
        }
        for (path, record) in self.closed.iter_mut() {
            let setting = date_setting(&self.roots, &self.config, path);
            record.set_date_clues(Some(&path.to_string_lossy()), setting.as_ref());
        }
    }

    /// The date of a document (open, or a closed-file record) and where it
    /// came from.
    pub fn date_of(&self, path: &Path) -> Option<&DocumentDate> {
        match self.open_paths.get(path).and_then(|key| self.open.get(key)) {
            Some(open) => open.doc.date.as_ref(),
            None => self.closed.get(path)?.date.as_ref(),
        }
    }

    /// How a path is shown: relative to the root that holds it.
    pub fn display_name(&self, path: &Path) -> String {
        crate::analysis::tally::file_display_name(path, &self.roots)
    }
}

#[cfg(test)]
mod tests;
