//! The mentions of every document in the workspace, for files that are not
//! open in the editor.
//!
//! Owns the compact per-file record (mentions with positions precomputed in
//! both encodings, and diagnostics) that replaces a closed file's text: no
//! full text is kept in memory. Open documents are served from their live
//! [`crate::index::document::Document`] instead; this module does not know which
//! files are open, nor how files are found or read.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use ropey::Rope;

use crate::analysis::diagnostics::{Diagnostic, diagnostics};
use crate::config::DiagnosticLevels;
use crate::glossary::EntryId;
use crate::index::document::{Document, Language};
use crate::recognize::matcher::{Matcher, SurfaceId};
use crate::text::position::{Encoding, to_position};

/// A position in both encodings (a closed file's text is gone, so both are kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    pub utf8: u32,
    pub utf16: u32,
}

impl Pos {
    pub fn of(rope: &Rope, offset: usize) -> Pos {
        let a = to_position(rope, offset, Encoding::Utf8);
        let b = to_position(rope, offset, Encoding::Utf16);
        Pos {
            line: a.line,
            utf8: a.col,
            utf16: b.col,
        }
    }

    pub fn col(&self, enc: Encoding) -> u32 {
        match enc {
            Encoding::Utf8 => self.utf8,
            Encoding::Utf16 => self.utf16,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PosRange {
    pub start: Pos,
    pub end: Pos,
}

impl PosRange {
    pub fn of(rope: &Rope, r: Range<usize>) -> PosRange {
        PosRange {
            start: Pos::of(rope, r.start),
            end: Pos::of(rope, r.end),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedMention {
    pub range: PosRange,
    pub surface: SurfaceId,
    /// The text as written (for renames of preferred labels).
    pub text: Box<str>,
}

#[derive(Debug, Clone)]
pub struct IndexedDiagnostic {
    pub range: PosRange,
    pub diagnostic: Diagnostic,
    pub related: Vec<PosRange>,
}

/// What the workspace index keeps of one closed file.
#[derive(Debug, Clone)]
pub struct FileRecord {
    pub language: Language,
    pub mentions: Vec<IndexedMention>,
    pub diagnostics: Vec<IndexedDiagnostic>,
    /// The matcher generation these surfaces refer to.
    pub generation: u64,
    /// When the file was read (a counter): a record read earlier never
    /// replaces one read later (background indexing races with file events).
    pub stamp: u64,
}

impl FileRecord {
    /// Indexes `text` (then drops it).
    pub fn build(
        text: &str,
        language: Language,
        matcher: &Matcher,
        levels: &DiagnosticLevels,
        generation: u64,
    ) -> FileRecord {
        let doc = Document::new(text, 0, language, matcher);
        FileRecord::from_document(&doc, matcher, levels, generation)
    }

    pub fn from_document(
        doc: &Document,
        matcher: &Matcher,
        levels: &DiagnosticLevels,
        generation: u64,
    ) -> FileRecord {
        let mentions = doc
            .index
            .mentions
            .iter()
            .map(|s| IndexedMention {
                range: PosRange::of(&doc.rope, s.start..s.end),
                surface: *s.data,
                text: doc
                    .rope
                    .byte_slice(s.start..s.end)
                    .to_string()
                    .into_boxed_str(),
            })
            .collect();
        let diagnostics = diagnostics(&doc.index, matcher, levels)
            .into_iter()
            .map(|d| IndexedDiagnostic {
                range: PosRange::of(&doc.rope, d.range.clone()),
                related: d
                    .related
                    .iter()
                    .map(|r| PosRange::of(&doc.rope, r.range.clone()))
                    .collect(),
                diagnostic: d,
            })
            .collect();
        FileRecord {
            language: doc.language,
            mentions,
            diagnostics,
            generation,
            stamp: 0,
        }
    }

    /// Mentions of `entry` in this file.
    pub fn mentions_of<'a>(
        &'a self,
        matcher: &'a Matcher,
        entry: EntryId,
    ) -> impl Iterator<Item = &'a IndexedMention> + 'a {
        self.mentions.iter().filter(move |m| {
            matcher
                .surface(m.surface)
                .entries
                .iter()
                .any(|(e, _)| *e == entry)
        })
    }
}

/// Closed files' records, by path.
#[derive(Debug, Default, Clone)]
pub struct WorkspaceIndex {
    pub files: HashMap<PathBuf, FileRecord>,
    /// Stamps of removals, so that an older read cannot bring a file back.
    removed: HashMap<PathBuf, u64>,
}

impl WorkspaceIndex {
    /// Inserts unless a later read (or removal) of the same file is already recorded.
    pub fn insert(&mut self, path: PathBuf, record: FileRecord) {
        let newer_removal = self.removed.get(&path).is_some_and(|s| *s > record.stamp);
        let newer_record = self
            .files
            .get(&path)
            .is_some_and(|r| r.stamp > record.stamp);
        if !(newer_removal || newer_record) {
            self.removed.remove(&path);
            self.files.insert(path, record);
        }
    }

    /// Removes a file, remembering when (see [`WorkspaceIndex::insert`]).
    pub fn remove(&mut self, path: &Path, stamp: u64) -> Option<FileRecord> {
        self.removed.insert(path.to_path_buf(), stamp);
        self.files.remove(path)
    }

    /// Removes every file under `root`.
    pub fn remove_under(&mut self, root: &Path) {
        self.files.retain(|p, _| !p.starts_with(root));
    }

    /// (file, mention) for every mention of `entry`, files in path order.
    pub fn mentions_of<'a>(
        &'a self,
        matcher: &'a Matcher,
        entry: EntryId,
    ) -> Vec<(&'a Path, &'a IndexedMention)> {
        let mut out: Vec<(&Path, &IndexedMention)> = self
            .files
            .iter()
            .flat_map(|(p, f)| f.mentions_of(matcher, entry).map(move |m| (p.as_path(), m)))
            .collect();
        out.sort_by(|a, b| {
            a.0.cmp(b.0)
                .then(a.1.range.start.line.cmp(&b.1.range.start.line))
                .then(a.1.range.start.utf8.cmp(&b.1.range.start.utf8))
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::store::GlossaryStore;
    use std::sync::Arc;

    #[test]
    fn records_keep_positions_in_both_encodings() {
        let m = Matcher::new(GlossaryStore::new(true).rebuild().glossary);
        let r = FileRecord::build(
            "中文 😀 SCO\nThe SCO.",
            Language::Plain,
            &m,
            &DiagnosticLevels::default(),
            1,
        );
        assert_eq!(r.mentions.len(), 2);
        assert_eq!(
            r.mentions[0].range.start,
            Pos {
                line: 0,
                utf8: 12,
                utf16: 6
            }
        );
        assert_eq!(&*r.mentions[1].text, "SCO");
        assert_eq!(r.diagnostics[0].diagnostic.code, "undefined-acronym");
        let mut w = WorkspaceIndex::default();
        w.insert(PathBuf::from("/w/a.txt"), r);
        let m = Arc::new(m);
        let sco = m.glossary().by_id("sco").expect("sco");
        assert_eq!(w.mentions_of(&m, sco).len(), 2);
        w.remove_under(Path::new("/w"));
        // An older read does not replace a newer removal.
        let stale = FileRecord::build("SCO", Language::Plain, &m, &DiagnosticLevels::default(), 1);
        w.remove(Path::new("/w/b.txt"), 5);
        w.insert(PathBuf::from("/w/b.txt"), stale);
        assert!(w.files.is_empty());
        assert!(w.files.is_empty());
    }
}
