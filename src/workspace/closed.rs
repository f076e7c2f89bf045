//! Compact records of the documents that are not open in the editor.
//!
//! Owns the per-file record that replaces a closed file's text (no full text
//! is kept in memory): its mentions and its diagnostic findings, with
//! positions precomputed in both encodings. Mentions are stored compactly
//! ([`Mentions`]: 20 bytes and a bit each, no text, no allocation per
//! mention) and decoded only for what a query returns. Findings are stored without a
//! severity (every code computed); the configured levels apply when they are
//! read, so a severity change re-indexes nothing. Open documents are served
//! from their live [`crate::index::document::Document`] instead; this module
//! does not know which files are open, nor how files are found or read.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use ropey::Rope;

use crate::analysis::Named;
use crate::analysis::diagnostics::diagnostics;
use crate::analysis::navigate::named_mentions;
use crate::config::{DiagnosticLevels, Level};
use crate::glossary::EntryId;
use crate::index::document::{Document, Language};
use crate::problem::Severity;
use crate::recognize::matcher::Matcher;
use crate::text::fold::normalize;
use crate::text::position::{Encoding, to_position};
use crate::time::Date;
use crate::time::document_date::{self, DocumentDate, HeadDates};

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

/// One mention of a closed file as read back from its record (only the
/// mentions a query returns are decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedMention {
    pub range: PosRange,
    /// What the mention names, as the decision step resolved it when the
    /// record was built (a record is rebuilt when its file or the glossary
    /// changes, so this stays what the whole document says).
    pub named: Named,
}

/// Where a mention is, in 16 bytes: its start in both encodings and its
/// length in both, when it ends on its own line within 64 KiB; otherwise
/// the lengths are [`FAR`] and the end is in [`Mentions::far_ends`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Spot {
    line: u32,
    utf8: u32,
    utf16: u32,
    len_utf8: u16,
    len_utf16: u16,
}

/// Marks a [`Spot`] whose end is kept apart.
const FAR: u16 = u16::MAX;
/// [`Mentions::names`] of a mention the document defines itself.
const IN_TEXT: EntryId = EntryId(u32::MAX);
/// Set in [`Mentions::names`] of a possible mention: the rest of the bits
/// index [`Mentions::possible`].
const POSSIBLE: u32 = 1 << 31;

/// The mentions of a closed file, compactly: no text, no per-mention
/// allocation. Mention `i` is at `spots[i]` and names `names[i]`; 4 bytes
/// more per mention than its position (plus a bit), where a full
/// [`IndexedMention`] with its text took about a hundred.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mentions {
    spots: Box<[Spot]>,
    /// The linked entry, [`IN_TEXT`], or [`POSSIBLE`] | an index of `possible`.
    names: Box<[EntryId]>,
    /// The candidate entries of each possible mention.
    possible: Box<[Box<[EntryId]>]>,
    /// (mention, end) of the mentions that cross a line or are very long.
    far_ends: Box<[(u32, Pos)]>,
    /// One bit per mention: linked, and written as its entry's preferred
    /// label (what a label rename replaces).
    preferred: Box<[u64]>,
}

impl Mentions {
    /// The mentions of `doc` and what each names.
    fn of(doc: &Document, matcher: &Matcher) -> Mentions {
        let glossary = matcher.glossary();
        let mut spots = Vec::new();
        let mut names = Vec::new();
        let mut possible: Vec<Box<[EntryId]>> = Vec::new();
        let mut far_ends = Vec::new();
        let mut preferred = Vec::new();
        // Each linked entry's preferred label, folded once per record.
        let mut labels: HashMap<EntryId, String> = HashMap::new();
        for (i, (range, _, named)) in named_mentions(&doc.index, matcher).enumerate() {
            let start = Pos::of(&doc.rope, range.start);
            let end = Pos::of(&doc.rope, range.end);
            let short = |a: u32, b: u32| u16::try_from(b - a).ok().filter(|l| *l != FAR);
            let lengths = (start.line == end.line)
                .then(|| Some((short(start.utf8, end.utf8)?, short(start.utf16, end.utf16)?)))
                .flatten();
            let (len_utf8, len_utf16) = lengths.unwrap_or_else(|| {
                far_ends.push((i as u32, end));
                (FAR, FAR)
            });
            spots.push(Spot {
                line: start.line,
                utf8: start.utf8,
                utf16: start.utf16,
                len_utf8,
                len_utf16,
            });
            let written_as_label = match &named {
                Named::Entry(e) => {
                    let label = labels
                        .entry(*e)
                        .or_insert_with(|| normalize(&glossary.entry(*e).def.label, true));
                    *label == normalize(&doc.rope.byte_slice(range).to_string(), true)
                }
                Named::Possible(_) | Named::InText => false,
            };
            if i % 64 == 0 {
                preferred.push(0u64);
            }
            if written_as_label && let Some(word) = preferred.last_mut() {
                *word |= 1 << (i % 64);
            }
            names.push(match named {
                Named::Entry(e) => e,
                Named::InText => IN_TEXT,
                Named::Possible(entries) => {
                    possible.push(entries);
                    EntryId(POSSIBLE | (possible.len() - 1) as u32)
                }
            });
        }
        Mentions {
            spots: spots.into(),
            names: names.into(),
            possible: possible.into(),
            far_ends: far_ends.into(),
            preferred: preferred.into(),
        }
    }

    pub fn len(&self) -> usize {
        self.spots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spots.is_empty()
    }

    /// Where mention `i` is.
    pub fn range(&self, i: usize) -> PosRange {
        let s = self.spots[i];
        let start = Pos {
            line: s.line,
            utf8: s.utf8,
            utf16: s.utf16,
        };
        let end = if s.len_utf8 == FAR {
            let at = self.far_ends.partition_point(|(m, _)| (*m as usize) < i);
            self.far_ends.get(at).map_or(start, |(_, end)| *end)
        } else {
            Pos {
                line: s.line,
                utf8: s.utf8 + u32::from(s.len_utf8),
                utf16: s.utf16 + u32::from(s.len_utf16),
            }
        };
        PosRange { start, end }
    }

    /// The entries mention `i` counts for (see [`Named::entries`]).
    pub fn entries(&self, i: usize) -> &[EntryId] {
        let name = &self.names[i];
        if *name == IN_TEXT {
            &[]
        } else if name.0 & POSSIBLE != 0 {
            self.possible
                .get((name.0 & !POSSIBLE) as usize)
                .map_or(&[], |e| &e[..])
        } else {
            std::slice::from_ref(name)
        }
    }

    /// The entry mention `i` is linked to (see [`Named::linked`]).
    pub fn linked(&self, i: usize) -> Option<EntryId> {
        let name = self.names[i];
        (name != IN_TEXT && name.0 & POSSIBLE == 0).then_some(name)
    }

    /// Whether mention `i` is linked and written as its entry's preferred label.
    pub fn written_as_label(&self, i: usize) -> bool {
        self.preferred
            .get(i / 64)
            .is_some_and(|word| word & (1 << (i % 64)) != 0)
    }

    /// What mention `i` names.
    pub fn named(&self, i: usize) -> Named {
        match self.linked(i) {
            Some(e) => Named::Entry(e),
            None if self.names[i] == IN_TEXT => Named::InText,
            None => Named::Possible(self.entries(i).into()),
        }
    }

    /// Mention `i`, decoded.
    pub fn get(&self, i: usize) -> IndexedMention {
        IndexedMention {
            range: self.range(i),
            named: self.named(i),
        }
    }

    /// Every mention, decoded, in document order.
    pub fn iter(&self) -> impl Iterator<Item = IndexedMention> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Heap bytes.
    pub fn heap_bytes(&self) -> usize {
        std::mem::size_of_val::<[Spot]>(&self.spots)
            + std::mem::size_of_val::<[EntryId]>(&self.names)
            + self
                .possible
                .iter()
                .map(|p| {
                    std::mem::size_of::<Box<[EntryId]>>() + std::mem::size_of_val::<[EntryId]>(p)
                })
                .sum::<usize>()
            + std::mem::size_of_val::<[(u32, Pos)]>(&self.far_ends)
            + std::mem::size_of_val::<[u64]>(&self.preferred)
    }
}

/// A diagnostic of a closed file, without its severity (see [`FileRecord::diagnostics`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedDiagnostic {
    pub range: PosRange,
    pub code: &'static str,
    pub message: Box<str>,
    /// Related places in the same file, each with its message.
    pub related: Box<[(PosRange, Box<str>)]>,
}

/// Levels with every diagnostic on: what records are computed with.
const EVERY_CODE: DiagnosticLevels = DiagnosticLevels {
    undefined_acronym: Level::Warning,
    acronym_before_definition: Level::Warning,
    non_preferred_term: Level::Warning,
    inconsistent_name: Level::Warning,
    unknown_acronym: Level::Information,
    ambiguous_mention: Level::Information,
    definition_clash: Level::Warning,
    outdated_title: Level::Warning,
    anachronistic_name: Level::Warning,
};

/// What the workspace keeps of one closed file.
#[derive(Debug, Clone)]
pub struct FileRecord {
    pub language: Language,
    pub mentions: Mentions,
    /// Every diagnostic, whatever the settings (in document order).
    pub diagnostics: Vec<RecordedDiagnostic>,
    /// The matcher generation these surfaces refer to.
    pub generation: u64,
    /// When the file was read (a counter): a record read earlier never
    /// replaces one read later (background indexing races with file events).
    pub stamp: u64,
    /// The document's date in use and where it came from.
    pub date: Option<DocumentDate>,
    /// What the file's head says about its date (kept so that a change of
    /// the `[dates]` setting re-dates the record without reading the file).
    pub(super) date_head: HeadDates,
}

impl FileRecord {
    /// Indexes `text` (then drops it); its date from the text alone.
    pub fn build(text: &str, language: Language, matcher: &Matcher, generation: u64) -> FileRecord {
        let doc = Document::new(text, 0, language, matcher);
        FileRecord::from_document(&doc, matcher, generation)
    }

    /// [`FileRecord::build`] for the file at `path`, dated with its name
    /// and the `[dates]` setting that applies to it.
    pub fn build_dated(
        text: &str,
        language: Language,
        matcher: &Matcher,
        generation: u64,
        path: &str,
        setting: Option<(Date, String)>,
    ) -> FileRecord {
        // Dated before the diagnostics are computed: they judge titles and
        // names against the date.
        let mut doc = Document::new(text, 0, language, matcher);
        doc.set_file_name(Some(path));
        doc.set_date_setting(setting);
        FileRecord::from_document(&doc, matcher, generation)
    }

    /// Chooses the date again from the file's head, its name and the setting.
    pub fn set_date_clues(&mut self, path: Option<&str>, setting: Option<&(Date, String)>) {
        self.date = document_date::choose(&self.date_head, setting, path);
    }

    pub fn from_document(doc: &Document, matcher: &Matcher, generation: u64) -> FileRecord {
        let mentions = Mentions::of(doc, matcher);
        let diagnostics = diagnostics(&doc.index, matcher, &EVERY_CODE)
            .into_iter()
            .map(|d| RecordedDiagnostic {
                range: PosRange::of(&doc.rope, d.range.clone()),
                code: d.code,
                message: d.message.into_boxed_str(),
                related: d
                    .related
                    .into_iter()
                    .map(|r| (PosRange::of(&doc.rope, r.range), r.message.into_boxed_str()))
                    .collect(),
            })
            .collect();
        FileRecord {
            language: doc.language,
            mentions,
            diagnostics,
            generation,
            stamp: 0,
            date: doc.date.clone(),
            date_head: doc.date_head().clone(),
        }
    }

    /// The diagnostics the settings turn on, each with its configured severity.
    pub fn diagnostics<'a>(
        &'a self,
        levels: &'a DiagnosticLevels,
    ) -> impl Iterator<Item = (Severity, &'a RecordedDiagnostic)> + 'a {
        self.diagnostics
            .iter()
            .filter_map(|d| Some((levels.level(d.code).severity()?, d)))
    }

    /// Approximate heap and inline bytes of the record (for logs and tests).
    pub fn approx_bytes(&self) -> usize {
        let mentions = self.mentions.heap_bytes();
        let diagnostics: usize = self
            .diagnostics
            .iter()
            .map(|d| {
                std::mem::size_of::<RecordedDiagnostic>()
                    + d.message.len()
                    + d.related
                        .iter()
                        .map(|(_, m)| std::mem::size_of::<(PosRange, Box<str>)>() + m.len())
                        .sum::<usize>()
            })
            .sum();
        std::mem::size_of::<FileRecord>() + mentions + diagnostics
    }
}

/// Closed files' records, by path, each kept only if no newer read or removal exists.
#[derive(Debug, Default, Clone)]
pub struct ClosedFiles {
    files: HashMap<PathBuf, FileRecord>,
    /// Stamps of removals, so that an older read cannot bring a file back.
    removed: HashMap<PathBuf, u64>,
}

impl ClosedFiles {
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

    /// Removes a file, remembering when (see [`ClosedFiles::insert`]).
    pub fn remove(&mut self, path: &Path, stamp: u64) -> Option<FileRecord> {
        self.removed.insert(path.to_path_buf(), stamp);
        self.files.remove(path)
    }

    /// Removes every file under `root`.
    pub fn remove_under(&mut self, root: &Path) {
        self.files.retain(|p, _| !p.starts_with(root));
    }

    /// Keeps only the records for which `keep` holds.
    pub fn retain(&mut self, keep: impl FnMut(&PathBuf, &mut FileRecord) -> bool) {
        self.files.retain(keep);
    }

    pub fn get(&self, path: &Path) -> Option<&FileRecord> {
        self.files.get(path)
    }

    /// The record of `path` with the path as stored.
    pub fn get_key_value(&self, path: &Path) -> Option<(&Path, &FileRecord)> {
        self.files
            .get_key_value(path)
            .map(|(p, r)| (p.as_path(), r))
    }

    /// Every record, mutable, in no particular order.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&Path, &mut FileRecord)> {
        self.files.iter_mut().map(|(p, r)| (p.as_path(), r))
    }

    /// Every record, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&Path, &FileRecord)> {
        self.files.iter().map(|(p, r)| (p.as_path(), r))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::store::GlossaryStore;

    fn default_matcher() -> Matcher {
        Matcher::new(GlossaryStore::new(true).rebuild().glossary)
    }

    #[test]
    fn records_keep_positions_in_both_encodings() {
        let m = default_matcher();
        let r = FileRecord::build("中文 😀 SCO\nThe SCO.", Language::Plain, &m, 1);
        assert_eq!(r.mentions.len(), 2);
        assert_eq!(
            r.mentions.range(0).start,
            Pos {
                line: 0,
                utf8: 12,
                utf16: 6
            }
        );
        assert_eq!(
            r.mentions.range(0).end,
            Pos {
                line: 0,
                utf8: 15,
                utf16: 9
            }
        );
        // "SCO" of "The SCO." on the second line.
        assert_eq!(
            r.mentions.range(1),
            PosRange {
                start: Pos {
                    line: 1,
                    utf8: 4,
                    utf16: 4
                },
                end: Pos {
                    line: 1,
                    utf8: 7,
                    utf16: 7
                }
            }
        );
        assert_eq!(r.diagnostics[0].code, "undefined-acronym");
        let mut w = ClosedFiles::default();
        w.insert(PathBuf::from("/w/a.txt"), r);
        assert_eq!(w.len(), 1);
        w.remove_under(Path::new("/w"));
        // An older read does not replace a newer removal.
        let stale = FileRecord::build("SCO", Language::Plain, &m, 1);
        w.remove(Path::new("/w/b.txt"), 5);
        w.insert(PathBuf::from("/w/b.txt"), stale);
        assert!(w.is_empty());
    }

    #[test]
    fn severities_apply_when_read_as_diagnostics_would_compute_them() {
        let m = default_matcher();
        let text = "The SCO met ZQXW. Later the Shanghai Cooperation Organisation (SCO) and the SCO again.\n";
        let doc = Document::new(text, 0, Language::Plain, &m);
        let record = FileRecord::from_document(&doc, &m, 1);
        let off = DiagnosticLevels {
            undefined_acronym: Level::Off,
            acronym_before_definition: Level::Off,
            non_preferred_term: Level::Off,
            inconsistent_name: Level::Off,
            unknown_acronym: Level::Off,
            ambiguous_mention: Level::Off,
            definition_clash: Level::Off,
            outdated_title: Level::Off,
            anachronistic_name: Level::Off,
        };
        let mixed = DiagnosticLevels {
            acronym_before_definition: Level::Error,
            unknown_acronym: Level::Off,
            ..DiagnosticLevels::default()
        };
        for levels in [DiagnosticLevels::default(), off, mixed] {
            let live: Vec<(Severity, &str, PosRange)> = diagnostics(&doc.index, &m, &levels)
                .into_iter()
                .map(|d| (d.severity, d.code, PosRange::of(&doc.rope, d.range)))
                .collect();
            let recorded: Vec<(Severity, &str, PosRange)> = record
                .diagnostics(&levels)
                .map(|(s, d)| (s, d.code, d.range))
                .collect();
            assert_eq!(live, recorded);
        }
        assert!(record.diagnostics.len() >= 2, "{:?}", record.diagnostics);
    }

    #[test]
    fn records_store_what_each_mention_resolves_to() {
        use crate::analysis::context_fixture::{id, matcher};
        let m = matcher();
        let text = "中文 😀 The International Cricket Council (ICC) met. The ICC fined two boards. The PPP rose. The International Criminal Court sat.\n";
        let r = FileRecord::build(text, Language::Plain, &m, 1);
        let named: Vec<Named> = r.mentions.iter().map(|x| x.named).collect();
        assert_eq!(
            named,
            vec![
                Named::InText,
                Named::InText,
                Named::Possible(vec![id(&m, "ppp-parity"), id(&m, "ppp-partnership")].into()),
                Named::Entry(id(&m, "icc")),
            ]
        );
        // Only the linked mention written as its entry's label counts for a label rename.
        let written: Vec<bool> = (0..r.mentions.len())
            .map(|i| r.mentions.written_as_label(i))
            .collect();
        assert_eq!(written, vec![false, false, false, true]);
        let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec!["definition-clash", "ambiguous-mention"]);
        // Off by default when read.
        let read: Vec<&str> = r
            .diagnostics(&DiagnosticLevels::default())
            .map(|(_, d)| d.code)
            .collect();
        assert_eq!(read, vec!["ambiguous-mention"]);
    }

    #[test]
    fn compact_mentions_read_back_as_the_document_says() {
        // More than 64 mentions (several words of the label bitset), one
        // across a line break, non-ASCII before some: each decoded range and
        // name is what the live document gives.
        let m = default_matcher();
        let mut text = String::from("中文 The Shanghai Cooperation\nOrganisation met.\n");
        for i in 0..80 {
            text.push_str(if i % 3 == 0 {
                "é the SCO and the United Nations.\n"
            } else {
                "The United Nations.\n"
            });
        }
        let doc = Document::new(&text, 0, Language::Plain, &m);
        let record = FileRecord::from_document(&doc, &m, 1);
        let live: Vec<(PosRange, Named)> = named_mentions(&doc.index, &m)
            .map(|(range, _, named)| (PosRange::of(&doc.rope, range), named))
            .collect();
        let read: Vec<(PosRange, Named)> =
            record.mentions.iter().map(|x| (x.range, x.named)).collect();
        assert_eq!(read, live);
        assert!(live.len() > 64, "{}", live.len());
    }

    #[test]
    fn a_mention_across_lines_keeps_its_end_apart() {
        let spot = |line, len| Spot {
            line,
            utf8: 1,
            utf16: 1,
            len_utf8: len,
            len_utf16: len,
        };
        let far_end = Pos {
            line: 1,
            utf8: 4,
            utf16: 2,
        };
        let mentions = Mentions {
            spots: vec![spot(0, FAR), spot(2, 3)].into(),
            names: vec![IN_TEXT, EntryId(7)].into(),
            possible: Box::default(),
            far_ends: vec![(0, far_end)].into(),
            preferred: vec![0].into(),
        };
        assert_eq!(mentions.range(0).end, far_end);
        let second = mentions.range(1);
        assert_eq!(
            (second.end.line, second.end.utf8, second.end.utf16),
            (2, 4, 4)
        );
        assert_eq!(mentions.named(1), Named::Entry(EntryId(7)));
        assert_eq!(mentions.entries(0), &[] as &[EntryId]);
    }

    #[test]
    fn every_code_has_a_level() {
        for code in crate::analysis::diagnostics::CODES {
            assert_ne!(EVERY_CODE.level(code), Level::Off, "{code}");
        }
    }
}
