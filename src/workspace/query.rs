//! What features read from a [`Workspace`]: the mentions of entries across
//! open documents and closed files, where an entry is written, where "add to
//! glossary" writes, and diagnostics with the current severities.
//!
//! Owns the rule that an open document is read from its live index and a
//! closed file from its record, never both, and that files come in path
//! order. Changes nothing (see [`super`] for changes).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::closed::{FileRecord, IndexedMention, RecordedDiagnostic};
use super::{DocKey, GlossaryText, Workspace};
use crate::analysis::actions::GlossaryTarget;
use crate::analysis::diagnostics::{Diagnostic, diagnostics};
use crate::analysis::hit_at;
use crate::analysis::lens::{Lens, glossary_lenses, source_index};
use crate::analysis::navigate::{linked_entity_at, named_mentions};
use crate::analysis::rename::{Replacement, check_new_id, label_edit, rename_id};
use crate::analysis::tally::MentionTally;
use crate::analysis::{Named, is_preferred_label};
use crate::analysis::{NewEntryFile, new_entry_file};
use crate::glossary::{EntryId, embedded};
use crate::index::document::Document;
use crate::problem::Severity;

/// Which mentions of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    All,
    /// Written with the entry's preferred label (what a label rename replaces).
    PreferredLabel,
}

/// The mentions of an entry in one file.
#[derive(Debug, Clone)]
pub enum FileMentions<'a> {
    /// An open document (byte ranges in its rope).
    Open {
        key: &'a DocKey,
        doc: &'a Document,
        ranges: Vec<Range<usize>>,
    },
    /// A closed file (positions precomputed in both encodings, decoded
    /// from its record for the mentions returned only).
    Closed {
        path: &'a Path,
        mentions: Vec<IndexedMention>,
    },
}

impl FileMentions<'_> {
    pub fn len(&self) -> usize {
        match self {
            FileMentions::Open { ranges, .. } => ranges.len(),
            FileMentions::Closed { mentions, .. } => mentions.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The file's path (for an open buffer that is not a file, its key).
    pub fn path(&self) -> PathBuf {
        match self {
            FileMentions::Open { key, .. } => key.sort_path(),
            FileMentions::Closed { path, .. } => path.to_path_buf(),
        }
    }
}

/// Where an entry is written: a workspace glossary file, or the read-only copy
/// of the embedded glossary.
#[derive(Debug, Clone)]
pub struct EntryLocation<'a> {
    pub path: PathBuf,
    /// The entry's `id` value.
    pub span: Range<usize>,
    /// The file's current text (positions are computed in it).
    pub text: &'a GlossaryText,
}

/// Edits of one glossary file, in its current text.
#[derive(Debug, Clone)]
pub struct GlossaryEdits<'a> {
    pub path: &'a Path,
    pub text: &'a GlossaryText,
    pub edits: Vec<Replacement>,
}

/// What renaming an entry's preferred label changes: its `label` in its
/// glossary file, and every mention written with the old label.
#[derive(Debug, Clone)]
pub struct LabelRename<'a> {
    pub glossary: GlossaryEdits<'a>,
    pub mentions: Vec<FileMentions<'a>>,
}

/// The diagnostics of one file, with the current severities.
#[derive(Debug, Clone)]
pub enum FileDiagnostics<'a> {
    Open {
        key: &'a DocKey,
        doc: &'a Document,
        diagnostics: Vec<Diagnostic>,
    },
    Closed {
        path: &'a Path,
        diagnostics: Vec<(Severity, &'a RecordedDiagnostic)>,
    },
}

/// A file the mentions are read from.
enum Source<'a> {
    Open(&'a DocKey, &'a Document),
    Closed(&'a Path, &'a FileRecord),
}

/// The embedded glossary files' texts, built once.
fn embedded_texts() -> &'static HashMap<String, GlossaryText> {
    static TEXTS: OnceLock<HashMap<String, GlossaryText>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        embedded::texts()
            .map(|(name, text)| (name, GlossaryText::new(text)))
            .collect()
    })
}

impl Workspace {
    /// Open documents and the records of closed files that are not open, in path order.
    fn sources(&self) -> Vec<Source<'_>> {
        let mut out: Vec<(PathBuf, Source)> = self
            .open
            .values()
            .map(|o| (o.key.sort_path(), Source::Open(&o.key, &o.doc)))
            .collect();
        out.extend(
            self.closed_files()
                .into_iter()
                // A record of an older glossary (until the re-index reaches
                // it) would name the wrong entries: better none.
                .filter(|(_, r)| r.generation == self.generation)
                .map(|(p, r)| (p.to_path_buf(), Source::Closed(p, r))),
        );
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.into_iter().map(|(_, s)| s).collect()
    }

    /// The mentions of `entry` in every file, files in path order (open
    /// documents from their live index, closed files from their records).
    pub fn mentions_of(&self, entry: EntryId, which: Which) -> Vec<FileMentions<'_>> {
        self.mentions_of_each(&[entry], which)
            .remove(&entry)
            .unwrap_or_default()
    }

    /// [`Workspace::mentions_of`] for several entries in one pass over the mentions.
    pub fn mentions_of_each(
        &self,
        entries: &[EntryId],
        which: Which,
    ) -> HashMap<EntryId, Vec<FileMentions<'_>>> {
        // Which mentions count (see [`Named`]): every one that may name the
        // entry; for a label rename, those linked to it and written with its
        // preferred label (a possible mention may name another entry).
        let counts = |named: &Named, e: EntryId, is_label: bool| match which {
            Which::All => named.counts_for(e),
            Which::PreferredLabel => named.linked() == Some(e) && is_label,
        };
        // One entry (references, hovers) is a comparison; lenses ask for many.
        let set: HashSet<EntryId> = if entries.len() > 4 {
            entries.iter().copied().collect()
        } else {
            HashSet::new()
        };
        let wanted = |e: &EntryId| {
            if set.is_empty() {
                entries.contains(e)
            } else {
                set.contains(e)
            }
        };
        let mut out: HashMap<EntryId, Vec<FileMentions>> = HashMap::new();
        for source in self.sources() {
            let mut found: HashMap<EntryId, FileMentions> = HashMap::new();
            match source {
                Source::Open(key, doc) => {
                    for (range, surface, named) in named_mentions(&doc.index, &self.matcher) {
                        for &e in named.entries() {
                            if !wanted(&e) {
                                continue;
                            }
                            let is_label = is_preferred_label(&self.matcher, surface, e);
                            if !counts(&named, e, is_label) {
                                continue;
                            }
                            let file = found.entry(e).or_insert_with(|| FileMentions::Open {
                                key,
                                doc,
                                ranges: Vec::new(),
                            });
                            if let FileMentions::Open { ranges, .. } = file {
                                ranges.push(range.clone());
                            }
                        }
                    }
                }
                Source::Closed(path, record) => {
                    let mentions = &record.mentions;
                    for i in 0..mentions.len() {
                        for &e in mentions.entries(i) {
                            if !wanted(&e) {
                                continue;
                            }
                            // A closed file's preferred-label mention is one
                            // written as the label (decided when the record was built).
                            let counts = match which {
                                Which::All => true,
                                Which::PreferredLabel => {
                                    mentions.linked(i) == Some(e) && mentions.written_as_label(i)
                                }
                            };
                            if !counts {
                                continue;
                            }
                            let file = found.entry(e).or_insert_with(|| FileMentions::Closed {
                                path,
                                mentions: Vec::new(),
                            });
                            if let FileMentions::Closed { mentions: out, .. } = file {
                                out.push(mentions.get(i));
                            }
                        }
                    }
                }
            }
            for (e, file) in found {
                out.entry(e).or_default().push(file);
            }
        }
        out
    }

    /// (display name, mentions) of each file in `files` (see [`Workspace::display_name`]).
    pub fn mention_counts(&self, files: &[FileMentions]) -> Vec<(String, usize)> {
        files
            .iter()
            .map(|f| (self.display_name(&f.path()), f.len()))
            .collect()
    }

    /// The read-only copy of embedded file `name` (`embedded:NAME`), written
    /// once (the first time an embedded entry is located).
    fn embedded_copy(&self, name: &str) -> Option<PathBuf> {
        let file = name.trim_start_matches("embedded:");
        let mut written = self
            .embedded_copies
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if *written {
            return Some(self.embedded_copies.dir.join(file));
        }
        match embedded::materialize(&self.embedded_copies.dir, file) {
            Ok(path) => {
                *written = true;
                Some(path)
            }
            Err(e) => {
                tracing::warn!("cannot write the default glossary copy: {e}");
                None
            }
        }
    }

    /// Renames entry `id` to `new_id` in every workspace glossary file (its
    /// definition and every reference); an error when `new_id` is not acceptable.
    pub fn rename_id(&self, id: EntryId, new_id: &str) -> Result<Vec<GlossaryEdits<'_>>, String> {
        let glossary = self.glossary();
        check_new_id(glossary, new_id)?;
        let old = &glossary.entry(id).def.id;
        Ok(rename_id(glossary, old, new_id)
            .into_iter()
            .filter_map(|(source, edits)| self.glossary_edits(source, edits))
            .collect())
    }

    /// Renames the preferred label of `id` (not for embedded entries).
    pub fn rename_label(
        &self,
        id: EntryId,
        new_label: &str,
    ) -> Result<Option<LabelRename<'_>>, String> {
        let (source, range, text) = label_edit(self.glossary(), id, new_label)?;
        let Some(glossary) = self.glossary_edits(source, vec![(range, text)]) else {
            return Ok(None);
        };
        Ok(Some(LabelRename {
            glossary,
            mentions: self.mentions_of(id, Which::PreferredLabel),
        }))
    }

    /// `edits` of glossary source `source`, if it is a workspace file with a text.
    fn glossary_edits(&self, source: usize, edits: Vec<Replacement>) -> Option<GlossaryEdits<'_>> {
        let path = self.glossary().sources[source].path.as_deref()?;
        Some(GlossaryEdits {
            path,
            text: self.glossary_text(path)?,
            edits,
        })
    }

    /// How often `id` is mentioned, per file (the hover card of an entry).
    pub fn entry_tally(&self, id: EntryId) -> MentionTally {
        MentionTally::from_counts(self.mention_counts(&self.mentions_of(id, Which::All)))
    }

    /// The code lenses of glossary file `path`, each with its entry's
    /// mentions (one pass over all mentions for every entry of the file).
    pub fn lenses(&self, path: &Path) -> Option<Vec<(Lens, Vec<FileMentions<'_>>)>> {
        let glossary = self.glossary();
        let source = source_index(glossary, path)?;
        let entries: Vec<EntryId> = glossary
            .ids()
            .filter(|id| glossary.entry(*id).source == source)
            .collect();
        let mut mentions = self.mentions_of_each(&entries, Which::All);
        let tally = |id: EntryId| {
            let files = mentions.get(&id).map_or(&[][..], Vec::as_slice);
            (files.iter().map(FileMentions::len).sum(), files.len())
        };
        let lenses = glossary_lenses(glossary, source, tally);
        Some(
            lenses
                .into_iter()
                .map(|lens| {
                    let files = mentions.remove(&lens.entry).unwrap_or_default();
                    (lens, files)
                })
                .collect(),
        )
    }

    /// What a label rename at `offset` of `doc` would replace (the mention)
    /// and its placeholder (the preferred label); an error for embedded entries.
    pub fn prepare_label_rename(
        &self,
        doc: &Document,
        offset: usize,
    ) -> Result<Option<(Range<usize>, String)>, String> {
        // Only a linked mention: a possible one may name another entry.
        let entry = linked_entity_at(&doc.index, &self.matcher, offset);
        let (Some(hit), Some(id)) = (hit_at(&doc.index, offset), entry) else {
            return Ok(None);
        };
        let label = self.glossary().entry(id).def.label.clone();
        if self.glossary().source_of(id).embedded {
            return Err(format!(
                "“{label}” comes from the embedded glossary; copy its entry into a workspace glossary to rename it"
            ));
        }
        Ok(Some((hit.range(), label)))
    }

    /// Where entry `id` is written (its `id` value), in the file's current text.
    pub fn entry_location(&self, id: EntryId) -> Option<EntryLocation<'_>> {
        let glossary = self.glossary();
        let source = glossary.source_of(id);
        let span = glossary.entry(id).id_span.clone();
        match &source.path {
            Some(path) => Some(EntryLocation {
                path: path.clone(),
                span,
                text: self.glossary_text(path)?,
            }),
            None => Some(EntryLocation {
                path: self.embedded_copy(&source.name)?,
                span,
                text: embedded_texts().get(&source.name)?,
            }),
        }
    }

    /// Where "add to glossary" writes: the first TOML glossary of the
    /// workspace (appended to), else a new `glossary/glossary.toml` in the first root.
    pub fn glossary_target(&self) -> Option<GlossaryTarget> {
        match new_entry_file(self.glossary(), &self.roots)? {
            NewEntryFile::Existing(path) => {
                let text = self.glossary_text(&path)?.text.to_string();
                Some(GlossaryTarget {
                    path,
                    existing: Some(text),
                })
            }
            NewEntryFile::Create(path) => Some(GlossaryTarget {
                path,
                existing: None,
            }),
        }
    }

    /// The diagnostics of an open document, with the current severities.
    pub fn diagnostics(&self, key: &str) -> Option<Vec<Diagnostic>> {
        let doc = self.document(key)?;
        Some(diagnostics(
            &doc.index,
            &self.matcher,
            &self.config.diagnostics,
        ))
    }

    /// The diagnostics of a file: an open document's live ones, else its record's.
    pub fn file_diagnostics(&self, key: &DocKey) -> Option<FileDiagnostics<'_>> {
        if let Some(open) = self.open.get(&key.key) {
            return Some(self.open_diagnostics(&open.key, &open.doc));
        }
        let (path, record) = self.closed.get_key_value(key.path.as_deref()?)?;
        Some(self.closed_diagnostics(path, record))
    }

    /// Every file's diagnostics: open documents (in key order), then the
    /// closed files that are not open (in path order).
    pub fn all_diagnostics(&self) -> Vec<FileDiagnostics<'_>> {
        let open = self.open.values();
        let mut out: Vec<FileDiagnostics> = open
            .map(|o| self.open_diagnostics(&o.key, &o.doc))
            .collect();
        out.extend(
            self.closed_files()
                .into_iter()
                .map(|(path, record)| self.closed_diagnostics(path, record)),
        );
        out
    }

    fn open_diagnostics<'a>(&self, key: &'a DocKey, doc: &'a Document) -> FileDiagnostics<'a> {
        FileDiagnostics::Open {
            key,
            doc,
            diagnostics: diagnostics(&doc.index, &self.matcher, &self.config.diagnostics),
        }
    }

    fn closed_diagnostics<'a>(
        &'a self,
        path: &'a Path,
        record: &'a FileRecord,
    ) -> FileDiagnostics<'a> {
        FileDiagnostics::Closed {
            path,
            diagnostics: record.diagnostics(&self.config.diagnostics).collect(),
        }
    }

    /// The records of closed files that are not open, in path order.
    pub fn closed_files(&self) -> Vec<(&Path, &FileRecord)> {
        let mut out: Vec<(&Path, &FileRecord)> = self
            .closed
            .iter()
            .filter(|(p, _)| !self.is_open(p))
            .collect();
        out.sort_by(|a, b| a.0.cmp(b.0));
        out
    }
}
