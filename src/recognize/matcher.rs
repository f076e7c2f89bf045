//! Recognising glossary labels in text: one Aho-Corasick automaton over every
//! label, alias, acronym, variant, other-language, hidden and dated label.
//!
//! Owns the matching rules (see README "Matching rules"):
//! - acronyms, all-caps labels and `exact_case` entries match with exact case;
//!   all other labels match case-insensitively (Unicode lower-casing plus the
//!   case-folding special cases), with typographic apostrophes/hyphens and
//!   whitespace runs normalised;
//! - whole words only, except on a side written in a script without spaces (Chinese);
//! - a plain plural (`-s`, `-es`) extends the match; possessives (`'s`) need
//!   nothing since the apostrophe is not a word character;
//! - among valid candidates the leftmost-longest wins (see [`select`]).
//!
//! Must not know about documents, Markdown or positions beyond a slice of text.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use crate::glossary::store::GlossaryStore;
use crate::glossary::{EntryId, Glossary, LabelRole, person_short_names, surfaces};
use crate::problem::Problem;
use crate::recognize::fast_hash::FastMap;
use crate::recognize::first_word::{FirstWordVerdict, FirstWords};
use crate::recognize::trie::PatternTrie;
use crate::text::fold::{
    AsciiFolding, FoldedCopy, FoldedReader, MAX_JOINING_WHITESPACE, MAX_ORIGINAL_PER_FOLDED,
    fold_label, normalize, same_case_kept,
};
use crate::text::packed::Packed;
use crate::text::stem::is_cyrillic_letter;
use crate::text::words::{alphanumeric_end, is_word_char, needs_boundary};

/// Index into [`Matcher::surfaces`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct SurfaceId(pub u32);

impl super::wire::Fixed for SurfaceId {
    const SIZE: usize = 4;
    fn put(self, out: &mut Vec<u8>) {
        self.0.put(out);
    }
    fn get(bytes: &[u8]) -> SurfaceId {
        SurfaceId(u32::get(bytes))
    }
}

/// One distinct string (with its case rule) and the entries it names.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Surface {
    /// Normalised form, case kept (boxed: 16 bytes, as a 300,000-label
    /// glossary has as many surfaces).
    pub form: Box<str>,
    pub case_sensitive: bool,
    /// Entries with this surface and the role it plays for each (more than one
    /// only for labels marked `ambiguous`).
    pub entries: SurfaceEntries,
    /// The index of the first entry's `variants` group this surface belongs to.
    pub variant_group: Option<u32>,
    /// The glossary's `not_in` longer names that contain this surface.
    pub not_in: RareList<NotIn>,
    /// The `other_meanings` of this surface's entries, with their cues.
    pub other_meanings: RareList<MeaningCues>,
    /// A dated label, or a label of an entry with a `start` or `end`: its
    /// mentions carry the time clues of their sentence (see
    /// [`crate::decide::titles::history_clue`]).
    pub dated: bool,
}

/// The entries a surface names, read as a slice: the one entry most
/// surfaces name is kept inline (a 300,000-label glossary would otherwise
/// make as many small allocations), more in a list.
#[derive(Debug, Clone)]
pub enum SurfaceEntries {
    One([(EntryId, LabelRole); 1]),
    Many(Vec<(EntryId, LabelRole)>),
}

impl SurfaceEntries {
    fn push(&mut self, item: (EntryId, LabelRole)) {
        match self {
            SurfaceEntries::One([first]) => *self = SurfaceEntries::Many(vec![*first, item]),
            SurfaceEntries::Many(list) => list.push(item),
        }
    }
}

/// Written as the list it reads as.
impl serde::Serialize for SurfaceEntries {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> serde::Deserialize<'de> for SurfaceEntries {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct List;
        impl<'de> serde::de::Visitor<'de> for List {
            type Value = SurfaceEntries;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of at least one (entry, role)")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut items: A,
            ) -> Result<SurfaceEntries, A::Error> {
                let first = items
                    .next_element()?
                    .ok_or_else(|| serde::de::Error::invalid_length(0, &self))?;
                let mut entries = SurfaceEntries::One([first]);
                while let Some(item) = items.next_element()? {
                    entries.push(item);
                }
                Ok(entries)
            }
        }
        d.deserialize_seq(List)
    }
}

impl std::ops::Deref for SurfaceEntries {
    type Target = [(EntryId, LabelRole)];
    fn deref(&self) -> &Self::Target {
        match self {
            SurfaceEntries::One(one) => one,
            SurfaceEntries::Many(list) => list,
        }
    }
}

impl<'a> IntoIterator for &'a SurfaceEntries {
    type Item = &'a (EntryId, LabelRole);
    type IntoIter = std::slice::Iter<'a, (EntryId, LabelRole)>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A list that is empty for almost every surface, read as a slice: one
/// pointer, and no allocation while empty (a surface's `not_in` and
/// `other_meanings`; two empty `Vec`s took 48 bytes of each surface).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
// The box is the point: one thin pointer instead of the `Vec`'s three words.
#[allow(clippy::box_collection)]
pub struct RareList<T>(Option<Box<Vec<T>>>);

impl<T> Default for RareList<T> {
    fn default() -> Self {
        RareList(None)
    }
}

impl<T> From<Vec<T>> for RareList<T> {
    fn from(list: Vec<T>) -> Self {
        RareList((!list.is_empty()).then(|| Box::new(list)))
    }
}

impl<T> std::ops::Deref for RareList<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl<'a, T> IntoIterator for &'a RareList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A `not_in` longer name around a surface: the text before and after the
/// surface in it, squashed (see [`squash`]), and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NotIn {
    pub before: String,
    pub after: String,
    pub entry: EntryId,
    /// Index into the entry's `not_in`.
    pub index: u16,
}

/// One of an entry's `other_meanings`, ready for the decision step.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct MeaningCues {
    pub entry: EntryId,
    /// Index into the entry's `other_meanings`.
    pub index: u16,
    /// The cues, folded (lower-cased, whitespace normalised).
    pub cues: Vec<String>,
    /// The surfaces whose text is a cue (cues that are glossary labels).
    pub cue_surfaces: Vec<SurfaceId>,
}

pub use crate::text::fold::squash;

/// A valid match: original byte range (relative to the scanned slice) and surface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub start: usize,
    pub end: usize,
    pub surface: SurfaceId,
}

/// Written by the prebuilt matcher ([`super::prebuilt`]) without its
/// glossary, which it writes apart.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Matcher {
    #[serde(skip)]
    glossary: Arc<Glossary>,
    /// Every folded pattern, walked from the places a match may start.
    trie: PatternTrie,
    /// Stops walks from words that start no pattern.
    first_words: FirstWords,
    /// The ASCII bytes that start a pattern but are no word bytes (the
    /// apostrophe of "'s-Gravenhage"): where else a match may start.
    #[serde(with = "super::wire")]
    non_word_first_bytes: Vec<u8>,
    /// Pattern `p`'s surfaces (those that fold to it, case-sensitive first)
    /// are `pattern_surfaces[pattern_surfaces_start[p]..pattern_surfaces_start[p + 1]]`.
    #[serde(with = "super::wire")]
    pattern_surfaces_start: Vec<u32>,
    #[serde(with = "super::wire")]
    pattern_surfaces: Vec<SurfaceId>,
    surfaces: Vec<Surface>,
    /// Entry `e`'s surfaces (short names aside, in surface order) are
    /// `entry_surfaces[entry_surfaces_start[e]..entry_surfaces_start[e + 1]]`
    /// (one list, not a list per entry: 100,000 small allocations).
    #[serde(with = "super::wire")]
    entry_surfaces_start: Vec<u32>,
    #[serde(with = "super::wire")]
    entry_surfaces: Vec<SurfaceId>,
    /// See [`Matcher::reach`].
    reach: usize,
    /// See [`Matcher::folded_reach`].
    folded_reach: usize,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("surfaces", &self.surfaces.len())
            .finish()
    }
}

impl Surface {
    /// A person's short name, linked only after a title (see
    /// [`crate::decide::titles`]).
    pub fn is_short_name(&self) -> bool {
        matches!(self.entries.first(), Some((_, LabelRole::ShortName)))
    }
}

impl Matcher {
    pub fn new(glossary: Arc<Glossary>) -> Matcher {
        use rayon::prelude::*;
        // The string work per label (keys, forms, folded patterns) runs on
        // the rayon pool, in batches of entries; merging the
        // results stays sequential, in entry order, so the matcher is the
        // same whatever the number of threads.
        let ids: Vec<EntryId> = glossary.ids().collect();
        let batches: Vec<LabelBatch> = ids
            .par_chunks(BATCH_ENTRIES)
            .map(|ids| label_batch(&glossary, ids))
            .collect();
        let (label_lists, texts): (Vec<Vec<Label>>, Vec<String>) =
            batches.into_iter().map(|b| (b.labels, b.text)).unzip();
        // Each label's surface: the first label with its key makes it.
        // Keys are borrowed from the labels, whose forms are moved into the
        // surfaces after.
        let labels: usize = label_lists.iter().map(Vec::len).sum();
        let mut surface_of_label: Vec<u32> = Vec::with_capacity(labels);
        let mut by_key: FastMap<(bool, &str), u32> =
            FastMap::with_capacity_and_hasher(labels, Default::default());
        for (list, text) in label_lists.iter().zip(&texts) {
            for label in list {
                let next = by_key.len() as u32;
                surface_of_label.push(*by_key.entry(label.key(text)).or_insert(next));
            }
        }
        let surface_count = by_key.len();
        drop(by_key);
        // Sized once: growing by doubling would hold old and new at once,
        // and a 300,000-label glossary's surfaces take tens of megabytes.
        let mut surfaces: Vec<Surface> = Vec::with_capacity(surface_count);
        let mut folded: Vec<&str> = Vec::with_capacity(surface_count);
        let mut surface_of_label = surface_of_label.into_iter();
        for (list, text) in label_lists.into_iter().zip(&texts) {
            for (label, sid) in list.into_iter().zip(surface_of_label.by_ref()) {
                if sid as usize == surfaces.len() {
                    folded.push(label.folded.of(text));
                    surfaces.push(Surface {
                        form: label.form,
                        case_sensitive: label.case_sensitive,
                        entries: SurfaceEntries::One([(label.entry, label.role)]),
                        variant_group: None,
                        not_in: RareList::default(),
                        other_meanings: RareList::default(),
                        dated: false,
                    });
                } else {
                    surfaces[sid as usize]
                        .entries
                        .push((label.entry, label.role));
                }
            }
        }
        // Patterns numbered in order of their first surface, borrowed from
        // the folded forms (a 300,000-label glossary would copy each one):
        // the labels' first, which tell the short names that are free, then
        // the short names'.
        let mut patterns: Vec<&str> = Vec::with_capacity(surfaces.len());
        let mut pattern_of_surface: Vec<u32> = Vec::with_capacity(surfaces.len());
        let mut by_pattern: FastMap<&str, u32> =
            FastMap::with_capacity_and_hasher(surfaces.len(), Default::default());
        for &f in &folded {
            let p = *by_pattern.entry(f).or_insert_with(|| {
                patterns.push(f);
                patterns.len() as u32 - 1
            });
            pattern_of_surface.push(p);
        }
        let short_folded =
            add_short_names(&glossary, &mut surfaces, |f| by_pattern.contains_key(f));
        // Exactly: pushing past the capacity would double both lists (a
        // 300,000-label glossary's patterns take megabytes).
        patterns.reserve_exact(short_folded.len());
        pattern_of_surface.reserve_exact(short_folded.len());
        for f in &short_folded {
            let p = *by_pattern.entry(f.as_str()).or_insert_with(|| {
                patterns.push(f.as_str());
                patterns.len() as u32 - 1
            });
            pattern_of_surface.push(p);
        }
        drop(by_pattern);
        // What the surfaces below ask of their entries, read in one pass
        // over the entries: asked surface by surface, each question was a
        // walk to the entry's definition, most of them for nothing.
        let traits = EntryTraits::of(&glossary);
        // The trie (the longest step) is built on one core while the other
        // marks the surfaces and builds the filter and the rows: they share
        // nothing but the patterns, read by both.
        let (trie, (first_words, pattern_reach, entry_rows, pattern_rows)) = rayon::join(
            || PatternTrie::new(&patterns),
            || {
                mark_surfaces(&glossary, &traits, &mut surfaces);
                let pattern_reach = patterns
                    .iter()
                    .map(|p| original_bytes_bound(p))
                    .max()
                    .unwrap_or(0);
                (
                    FirstWords::new(patterns.iter().copied()),
                    pattern_reach,
                    entry_rows(&surfaces, glossary.entries.len()),
                    pattern_rows(&surfaces, &pattern_of_surface, patterns.len()),
                )
            },
        );
        let (entry_surfaces_start, entry_surfaces) = entry_rows;
        let (pattern_surfaces_start, grouped) = pattern_rows;
        let longest_pattern = patterns.iter().map(|p| p.len()).max().unwrap_or(0);
        let non_word_first_bytes = (0..0x80u8)
            .filter(|&b| !b.is_ascii_alphanumeric() && b != b'_' && trie.starts_with_byte(b))
            .collect();
        drop(patterns);
        drop(folded);
        drop(short_folded);
        drop(texts);
        let mut matcher = Matcher {
            glossary,
            trie,
            first_words,
            non_word_first_bytes,
            pattern_surfaces_start,
            pattern_surfaces: grouped,
            surfaces,
            entry_surfaces_start,
            entry_surfaces,
            reach: 0,
            folded_reach: 0,
        };
        // The `not_in` names and `other_meanings` cues look labels up in the
        // finished trie, so they come last.
        // Kept only for the few surfaces that have some (a list with an
        // empty pair for each of 300,000 surfaces would take 14 MB).
        // Most entries have neither: their surfaces are passed over in one
        // sequential pass, and only the few concerned go to the pool.
        let concerned: Vec<usize> = (0..matcher.surfaces.len())
            .filter(|&i| {
                matcher.surfaces[i]
                    .entries
                    .iter()
                    .any(|(e, _)| traits.has(*e, EntryTraits::CONTEXT))
            })
            .collect();
        let context: Vec<(usize, Vec<NotIn>, Vec<MeaningCues>)> = concerned
            .par_iter()
            .filter_map(|&i| {
                let (not_in, meanings) = context_data(&matcher, &matcher.surfaces[i]);
                (!not_in.is_empty() || !meanings.is_empty()).then_some((i, not_in, meanings))
            })
            .collect();
        let mut max_context_bytes = 0;
        for (i, not_in, meanings) in context {
            max_context_bytes = not_in
                .iter()
                .map(|n| n.before.len() + n.after.len())
                .fold(max_context_bytes, usize::max);
            let surface = &mut matcher.surfaces[i];
            surface.not_in = not_in.into();
            surface.other_meanings = meanings.into();
        }
        matcher.reach = pattern_reach.max(max_context_bytes * MAX_ORIGINAL_PER_FOLDED) + 16;
        matcher.folded_reach = longest_pattern + max_context_bytes + 4;
        matcher
    }

    /// Every surface (label, alias, acronym…) of an entry.
    pub fn surfaces_of(&self, entry: EntryId) -> &[SurfaceId] {
        let e = entry.0 as usize;
        match (
            self.entry_surfaces_start.get(e),
            self.entry_surfaces_start.get(e + 1),
        ) {
            (Some(&lo), Some(&hi)) => &self.entry_surfaces[lo as usize..hi as usize],
            _ => &[],
        }
    }

    /// The surfaces a text is, as a whole (with each surface's case rule).
    /// In surface order.
    pub fn lookup(&self, text: &str) -> Vec<SurfaceId> {
        let exact = normalize(text, false);
        let mut found: Vec<SurfaceId> = self
            .folded_as(&normalize(text, true))
            .filter(|s| {
                let s = self.surface(*s);
                !s.case_sensitive || *s.form == *exact
            })
            .collect();
        // A pattern lists its case-sensitive surfaces first.
        found.sort_unstable();
        found
    }

    /// The surfaces (person short names aside) whose form lower-cased
    /// (`normalize(_, true)`) is `lowered`, whatever their case rule: they
    /// are among the surfaces of `lowered`'s folded pattern, since folding
    /// a label is a function of its lower-cased form.
    fn folded_as<'a>(&'a self, lowered: &'a str) -> impl Iterator<Item = SurfaceId> + 'a {
        let folded = fold_label(lowered);
        let pattern = self.trie.find(folded.as_bytes());
        pattern
            .map_or(&[][..], |p| self.surfaces_of_pattern(p))
            .iter()
            .copied()
            .filter(move |&s| {
                let s = self.surface(s);
                !s.is_short_name() && normalize(&s.form, true) == lowered
            })
    }

    /// A matcher over one glossary text in TOML, on top of the embedded
    /// default glossary when `with_default`. The one way tests and examples
    /// build a matcher from glossary text; every problem of the text (syntax,
    /// duplicate id, label conflict, unknown id) is returned instead.
    pub fn from_toml(text: &str, with_default: bool) -> Result<Matcher, Vec<Problem>> {
        Matcher::from_glossary_text("glossary.toml", text, with_default)
    }

    /// Like [`Matcher::from_toml`], in the format `source_name` names (a name
    /// ending in `.json` is a JSON glossary, anything else TOML). Problems
    /// carry `source_name` as their source.
    pub fn from_glossary_text(
        source_name: &str,
        text: &str,
        with_default: bool,
    ) -> Result<Matcher, Vec<Problem>> {
        let mut store = GlossaryStore::new(with_default);
        store.set_file(std::path::Path::new(source_name), text);
        let rebuilt = store.rebuild();
        let mut problems: Vec<Problem> = rebuilt.problems.into_values().flatten().collect();
        if problems.is_empty() {
            Ok(Matcher::new(rebuilt.glossary))
        } else {
            problems.sort_by(|a, b| (&a.source, a.range.start).cmp(&(&b.source, b.range.start)));
            Err(problems)
        }
    }

    pub fn glossary(&self) -> &Arc<Glossary> {
        &self.glossary
    }

    /// Sets the glossary of a matcher read without one (the prebuilt
    /// matcher): it must be the glossary the matcher was built from.
    pub(super) fn set_glossary(&mut self, glossary: Arc<Glossary>) {
        self.glossary = glossary;
    }

    pub fn surface(&self, id: SurfaceId) -> &Surface {
        &self.surfaces[id.0 as usize]
    }

    pub fn surface_count(&self) -> usize {
        self.surfaces.len()
    }

    /// The folded patterns, for benchmarks comparing automata.
    pub fn patterns(&self) -> Vec<String> {
        let mut seen: Vec<String> = self.surfaces.iter().map(|s| fold_label(&s.form)).collect();
        seen.sort();
        seen.dedup();
        seen
    }

    /// An upper bound on the bytes of text one match (with its plural suffix
    /// and the characters around it that decide its validity) can depend on:
    /// the most original bytes any pattern can span ([`original_bytes_bound`]),
    /// or the longest `not_in` context × [`MAX_ORIGINAL_PER_FOLDED`] if larger,
    /// plus 16 for the character before, a plural suffix and the character after.
    pub fn reach(&self) -> usize {
        self.reach
    }

    /// The most *folded* bytes a candidate and what deciding it reads of the
    /// folded text can span: the longest pattern plus the longest `not_in`
    /// context, plus 4 for a plural suffix. In text where each original
    /// character is known to fold to one byte (printable ASCII; a whitespace
    /// run folds to one), this bounds a candidate far more tightly than
    /// [`Matcher::reach`], which must assume the worst character by character
    /// (see `DocIndex::effects_back`).
    pub fn folded_reach(&self) -> usize {
        self.folded_reach
    }

    /// Pattern `p`'s surfaces, case-sensitive first.
    fn surfaces_of_pattern(&self, p: usize) -> &[SurfaceId] {
        let (lo, hi) = (
            self.pattern_surfaces_start[p] as usize,
            self.pattern_surfaces_start[p + 1] as usize,
        );
        &self.pattern_surfaces[lo..hi]
    }

    /// Every valid candidate in `text`, read folded through `reader` from
    /// its start, sorted by start, longest first.
    ///
    /// Every occurrence of every pattern in the folded text, that is, what an
    /// overlapping search gives, except those starting where no valid match
    /// can start (after a word character, at a character that needs a word
    /// boundary), or at a word that starts no pattern ([`FirstWords`]):
    /// those the trie is not even walked from. Among candidates
    /// with the same original range the first found by an overlapping search
    /// (the one whose folded match ends first, then starts first) is kept.
    pub fn candidates(&self, text: &str, mut reader: FoldedCopy<'_>) -> Vec<Candidate> {
        // (candidate, folded end, folded start): the last two order ties.
        let mut found: Vec<(Candidate, u32, u32)> = Vec::new();
        loop {
            let at = reader;
            let start = reader.pos();
            // A run of ASCII letters and digits spelled byte for byte in
            // ASCII is taken whole: no match starts inside it (each of its
            // bytes follows an ASCII word character), and its first word
            // decides whether a match may start here at all (see
            // [`FirstWords`]).
            let Some((first, word_end)) = reader.next_run() else {
                break;
            };
            if !self.trie.starts_with_byte(first) || !may_start_at(text, start) {
                continue;
            }
            if let Some(end) = word_end
                && !self.first_words_allow(text, start..end)
            {
                continue;
            }
            self.walk_from(text, at, &mut found);
        }
        sorted_candidates(found)
    }

    /// [`Matcher::candidates`] of an ASCII text read through `folding`
    /// (over `masked`, sorted by start), all starts, walking the trie only
    /// from where a match may start: the starts of `word_starts` (of every
    /// maximal run of ASCII letters, digits and `_`, masked or not, in
    /// order: after a word byte no match starts) and the bytes that start a
    /// pattern but are no word bytes ([`Matcher::non_word_first_bytes`]).
    /// The bytes between them are not read at all.
    pub fn candidates_at_words(
        &self,
        text: &str,
        folding: AsciiFolding<'_>,
        masked: &[Range<usize>],
        word_starts: impl Iterator<Item = usize>,
    ) -> Vec<Candidate> {
        let bytes = text.as_bytes();
        let others: Vec<usize> = match self.non_word_first_bytes.as_slice() {
            [] => Vec::new(),
            [a] => memchr::memchr_iter(*a, bytes).collect(),
            [a, b] => memchr::memchr2_iter(*a, *b, bytes).collect(),
            [a, b, c] => memchr::memchr3_iter(*a, *b, *c, bytes).collect(),
            many => (0..bytes.len())
                .filter(|&i| many.contains(&bytes[i]))
                .collect(),
        };
        let mut found: Vec<(Candidate, u32, u32)> = Vec::new();
        let mut mask = 0;
        let mut word_starts = word_starts.peekable();
        let mut others = others.into_iter().peekable();
        loop {
            let start = match (word_starts.peek(), others.peek()) {
                (Some(&w), Some(&o)) if o < w => others.next(),
                (Some(_), _) => word_starts.next(),
                (None, _) => others.next(),
            };
            let Some(start) = start else { break };
            // The mask the reader would be looking at (see `AsciiFolding`).
            while masked.get(mask).is_some_and(|m| m.end <= start) {
                mask += 1;
            }
            let stop = masked
                .get(mask)
                .map_or(text.len(), |m| m.start.min(text.len()));
            if stop <= start
                || !self
                    .trie
                    .starts_with_byte(bytes[start].to_ascii_lowercase())
            {
                continue;
            }
            if bytes[start].is_ascii_alphanumeric() {
                let end = alphanumeric_end(&bytes[..stop], start);
                if !self.first_words_allow(text, start..end) {
                    continue;
                }
            }
            // The resumed reader counts folded bytes from `start`, so the
            // tie keys are the match's folded length and 0. Ties (the same
            // original range) only arise within one walk, as origins
            // strictly increase, so they order as the reader loop's keys.
            self.walk_from(text, folding.resumed_at(start, mask), &mut found);
        }
        sorted_candidates(found)
    }

    /// Walks the trie from where `at` reads, keeping each valid match with
    /// its tie keys (see [`Matcher::candidates`]).
    #[inline]
    fn walk_from<R: FoldedReader>(
        &self,
        text: &str,
        at: R,
        found: &mut Vec<(Candidate, u32, u32)>,
    ) {
        let start = at.pos();
        let mut bytes = at;
        self.trie.walk(&mut bytes, |b, pattern| {
            let end = b.pos();
            if end > text.len() || start >= end {
                return;
            }
            if let Some(c) = self.validate(text, start..end, pattern) {
                found.push((c, b.folded_pos() as u32, at.folded_pos() as u32));
            }
        });
    }

    /// Whether [`FirstWords`] lets a walk start at `word`: a run of ASCII
    /// letters and digits of `text` that folds byte for byte (see
    /// [`FoldedCopy::next_run`]).
    ///
    /// The second word, when the verdict asks for it, is read from `text`
    /// itself, and only where its fold is certain: one space, then ASCII
    /// letters and digits up to an ASCII byte or the end. A mask there
    /// folds to a hard break, which no pattern crosses, so it only makes
    /// the answer more generous than needed. Any other byte after the word
    /// folds to itself (never to a space) when it is ASCII and not
    /// whitespace, so no pattern of two words can match; anything else
    /// (other whitespace, non-ASCII) leaves the decision to the walk.
    #[inline]
    fn first_words_allow(&self, text: &str, word: Range<usize>) -> bool {
        let bytes = text.as_bytes();
        match self.first_words.may_start_with(&bytes[word.clone()]) {
            FirstWordVerdict::No => false,
            FirstWordVerdict::Walk => true,
            FirstWordVerdict::IfSecondWord(first) => match bytes.get(word.end) {
                None => false,
                Some(b' ') => {
                    let second = word.end + 1;
                    let end = alphanumeric_end(bytes, second);
                    if end == second || bytes.get(end).is_some_and(|b| !b.is_ascii()) {
                        return true;
                    }
                    self.first_words.pair_may_follow(first, &bytes[second..end])
                }
                Some(&b) => !b.is_ascii() || char::from(b).is_whitespace(),
            },
        }
    }

    /// A match of `pattern` over `r` (a start [`may_start_at`] accepts),
    /// if one of its surfaces accepts the case and the end, with the plural suffix.
    fn validate(&self, text: &str, r: Range<usize>, pattern: usize) -> Option<Candidate> {
        let slice = text.get(r.clone())?;
        let last = slice.chars().next_back()?;
        let mut exact: Option<Cow<'_, str>> = None;
        for &sid in self.surfaces_of_pattern(pattern) {
            let s = &self.surfaces[sid.0 as usize];
            if s.case_sensitive {
                let form = exact.get_or_insert_with(|| normalized_case_kept(slice));
                if !same_case_kept(form, &s.form) {
                    continue;
                }
            }
            let end = if needs_boundary(last) {
                let rest = &text[r.end..];
                let suffixes: &[&str] = if s.is_short_name() {
                    // "Stevens" is not the plural of "Steven".
                    &[""]
                } else if s.case_sensitive {
                    &["", "s"]
                } else {
                    &["", "s", "es", "S", "ES"]
                };
                let ok = suffixes.iter().find(|suf| {
                    rest.starts_with(**suf)
                        && !rest[suf.len()..].chars().next().is_some_and(is_word_char)
                });
                r.end + ok?.len()
            } else {
                r.end
            };
            return Some(Candidate {
                start: r.start,
                end,
                surface: sid,
            });
        }
        None
    }
}

/// The matches `found` (with their tie keys: folded end, folded start)
/// sorted by start, longest first: among matches of the same range, the
/// first an overlapping search would find (folded match ending first, then
/// starting first).
fn sorted_candidates(mut found: Vec<(Candidate, u32, u32)>) -> Vec<Candidate> {
    found.sort_unstable_by(|a, b| {
        (a.0.start.cmp(&b.0.start))
            .then(b.0.end.cmp(&a.0.end))
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    found.dedup_by(|a, b| a.0.start == b.0.start && a.0.end == b.0.end);
    found.into_iter().map(|f| f.0).collect()
}

/// Whether a match may start at byte `start` of `text`: a character that
/// needs a word boundary must not follow a word character.
#[inline]
fn may_start_at(text: &str, start: usize) -> bool {
    let bytes = text.as_bytes();
    if start >= bytes.len() || !text.is_char_boundary(start) {
        return false;
    }
    let Some(&prev) = start.checked_sub(1).and_then(|i| bytes.get(i)) else {
        return true;
    };
    let first = bytes[start];
    if prev < 0x80 && first < 0x80 {
        // Both ASCII: word characters are alphanumerics and `_`, and every
        // ASCII word character needs a boundary.
        let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        return !word(prev) || !word(first);
    }
    let (before, after) = text.split_at(start);
    let Some(first) = after.chars().next() else {
        return false;
    };
    !needs_boundary(first) || !before.chars().next_back().is_some_and(is_word_char)
}

/// `normalize(slice, false)`, borrowed when that changes nothing (ASCII with
/// single spaces, the common case).
fn normalized_case_kept(slice: &str) -> Cow<'_, str> {
    let bytes = slice.as_bytes();
    let plain = bytes
        .iter()
        .all(|&b| b < 0x80 && (b == b' ' || (!b.is_ascii_whitespace() && b != 0x0b)))
        && !slice.contains("  ")
        && !slice.starts_with(' ')
        && !slice.ends_with(' ');
    if plain {
        Cow::Borrowed(slice)
    } else {
        Cow::Owned(normalize(slice, false))
    }
}

/// The most bytes of text a match of folded `pattern` can span, summed over
/// its folded bytes (each folded byte stands for the original bytes from its
/// character's start to the next folded byte's):
/// - a folded space stands for a whitespace run of at most
///   [`MAX_JOINING_WHITESPACE`] bytes (longer runs fold to a hard break,
///   which no pattern contains);
/// - the last byte of a Cyrillic letter that ends a Russian word in the
///   pattern (the next character is no Cyrillic letter, or the pattern
///   ends) may be a stem's last byte, standing for its letter and the dropped
///   ending: at most [`MAX_ORIGINAL_PER_FOLDED`] (see [`crate::text::fold`]).
///   In the text a stem is followed by a character that is no Cyrillic
///   letter, and that character is in the pattern too unless the match ends;
/// - any other folded byte comes from one character (at most 4 bytes) and
///   the next folded byte starts at the next character at the latest: 4.
fn original_bytes_bound(pattern: &str) -> usize {
    let mut total = 0;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        total += match c {
            ' ' => MAX_JOINING_WHITESPACE,
            _ if is_cyrillic_letter(c) && !chars.peek().is_some_and(|n| is_cyrillic_letter(*n)) => {
                4 * (c.len_utf8() - 1) + MAX_ORIGINAL_PER_FOLDED
            }
            _ => 4 * c.len_utf8(),
        };
    }
    total
}

/// Adds one surface per person short name ([`person_short_names`]), shared
/// by every person with that name and matched with exact case, unless the
/// name is already a label of some entry (its folded pattern is `taken`:
/// then that label decides: "Putin" stays an alias of its entry, "Jordan" a
/// country). Returns the folded pattern of each surface added.
fn add_short_names(
    glossary: &Glossary,
    surfaces: &mut Vec<Surface>,
    taken: impl Fn(&str) -> bool + Sync,
) -> Vec<String> {
    // Gathered apart, then added with one exact reservation (pushing onto
    // the exactly sized list would double it).
    let mut added: Vec<Surface> = Vec::new();
    let mut by_form: FastMap<String, usize> = FastMap::default();
    // Which names are free is worked out on the rayon pool; they are added
    // in entry order.
    let ids: Vec<EntryId> = glossary.ids().collect();
    let free: Vec<Vec<String>> = {
        use rayon::prelude::*;
        ids.par_iter()
            .map(|&id| {
                person_short_names(&glossary.entry(id).def)
                    .into_iter()
                    .filter(|name| !taken(fold_label(name).as_str()))
                    .map(|name| normalize(name, false))
                    .collect()
            })
            .collect()
    };
    for (id, forms) in ids.into_iter().zip(free) {
        for form in forms {
            match by_form.get(&form) {
                Some(&i) => {
                    if !added[i].entries.iter().any(|(e, _)| *e == id) {
                        added[i].entries.push((id, LabelRole::ShortName));
                    }
                }
                None => {
                    by_form.insert(form.clone(), added.len());
                    added.push(Surface {
                        form: form.into_boxed_str(),
                        case_sensitive: true,
                        entries: SurfaceEntries::One([(id, LabelRole::ShortName)]),
                        variant_group: None,
                        not_in: RareList::default(),
                        other_meanings: RareList::default(),
                        dated: false,
                    });
                }
            }
        }
    }
    let folded = added.iter().map(|s| fold_label(&s.form)).collect();
    surfaces.reserve_exact(added.len());
    surfaces.extend(added);
    folded
}

/// The `not_in` names and `other_meanings` that concern one surface.
fn context_data(matcher: &Matcher, surface: &Surface) -> (Vec<NotIn>, Vec<MeaningCues>) {
    let glossary = &matcher.glossary;
    let own = squash(&surface.form);
    let mut not_in = Vec::new();
    let mut meanings = Vec::new();
    if own.is_empty() {
        return (not_in, meanings);
    }
    for (entry, _) in &surface.entries {
        let def = &glossary.entry(*entry).def;
        for (index, name) in def.not_in.iter().enumerate() {
            let longer = squash(name);
            for (at, _) in longer.match_indices(&own) {
                let item = NotIn {
                    before: longer[..at].to_string(),
                    after: longer[at + own.len()..].to_string(),
                    entry: *entry,
                    index: index as u16,
                };
                let whole = item.before.is_empty() && item.after.is_empty();
                if !whole && !not_in.contains(&item) {
                    not_in.push(item);
                }
            }
        }
        for (index, meaning) in def.other_meanings.iter().enumerate() {
            let cues: Vec<String> = meaning
                .cues
                .iter()
                .map(|c| normalize(c, true))
                .filter(|c| !c.is_empty())
                .collect();
            let mut cue_surfaces: Vec<SurfaceId> =
                cues.iter().flat_map(|c| matcher.folded_as(c)).collect();
            cue_surfaces.sort();
            cue_surfaces.dedup();
            meanings.push(MeaningCues {
                entry: *entry,
                index: index as u16,
                cues,
                cue_surfaces,
            });
        }
    }
    (not_in, meanings)
}

/// One string an entry is recognised by, as the matcher keeps it.
struct Label {
    entry: EntryId,
    /// Normalised, case kept (a surface's form). Boxed: a glossary's
    /// labels are all held here at once.
    form: Box<str>,
    /// The folded pattern ([`fold_label`]): where it is in its batch's
    /// [`LabelBatch::text`].
    folded: Packed,
    /// The form lower-cased (`normalize(form, true)`) when the label is
    /// matched whatever its case and that is not `folded` (only labels with
    /// Russian words or ё differ: for other labels folding is lower-casing).
    lowered: Option<Packed>,
    case_sensitive: bool,
    role: LabelRole,
}

/// The labels of a run of entries, worked out together on one core: their
/// folded patterns (and the few lowered keys) are written one after the
/// other in one string, not one string each (300,000 allocations for a
/// 300,000-label glossary, freed again once the trie is built).
struct LabelBatch {
    labels: Vec<Label>,
    text: String,
}

/// Entries per [`LabelBatch`].
const BATCH_ENTRIES: usize = 256;

impl Label {
    /// What tells surfaces apart: the form with exact case, else the form
    /// lower-cased (the parts of [`crate::glossary::SurfaceDef::key`]);
    /// `text` is the label's batch's.
    fn key<'a>(&'a self, text: &'a str) -> (bool, &'a str) {
        if self.case_sensitive {
            (true, &self.form)
        } else {
            (false, self.lowered.unwrap_or(self.folded).of(text))
        }
    }
}

/// A few facts about each entry, one byte apiece, that building the matcher
/// asks of every surface: read in entry order, they spare a walk from each
/// surface to its entry's definition.
struct EntryTraits(Vec<u8>);

impl EntryTraits {
    /// The entry has a `start` or an `end`.
    const DATED: u8 = 1;
    /// The entry has `variants` groups.
    const VARIANTS: u8 = 2;
    /// The entry has `not_in` names or `other_meanings`.
    const CONTEXT: u8 = 4;

    fn of(glossary: &Glossary) -> EntryTraits {
        EntryTraits(
            glossary
                .entries
                .iter()
                .map(|entry| {
                    let def = &entry.def;
                    let mut traits = 0;
                    if def.start.is_some() || def.end.is_some() {
                        traits |= Self::DATED;
                    }
                    if !def.variants.is_empty() {
                        traits |= Self::VARIANTS;
                    }
                    if !def.not_in.is_empty() || !def.other_meanings.is_empty() {
                        traits |= Self::CONTEXT;
                    }
                    traits
                })
                .collect(),
        )
    }

    fn has(&self, entry: EntryId, trait_bit: u8) -> bool {
        self.0
            .get(entry.0 as usize)
            .is_some_and(|t| t & trait_bit != 0)
    }
}

/// Marks each surface dated when it or one of its entries is, and gives
/// the surfaces of entries with variants their variant group.
fn mark_surfaces(glossary: &Glossary, traits: &EntryTraits, surfaces: &mut [Surface]) {
    for s in surfaces.iter_mut() {
        s.dated = s.entries.iter().any(|(e, role)| {
            matches!(role, LabelRole::Dated(_)) || traits.has(*e, EntryTraits::DATED)
        });
        if let Some(&(e, _)) = s.entries.first()
            && traits.has(e, EntryTraits::VARIANTS)
        {
            s.variant_group = glossary
                .entry(e)
                .def
                .variants
                .iter()
                .position(|g| g.iter().any(|v| normalize(v, false) == *s.form))
                .and_then(|g| u32::try_from(g).ok());
        }
    }
}

/// Each entry's surfaces (short names aside, in surface order) as
/// compressed rows over `entries` entries: the row starts, then the rows,
/// placed by counting.
fn entry_rows(surfaces: &[Surface], entries: usize) -> (Vec<u32>, Vec<SurfaceId>) {
    let mut start = vec![0u32; entries + 1];
    let labelled = || {
        surfaces
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.is_short_name())
    };
    for (_, s) in labelled() {
        for (e, _) in &s.entries {
            start[e.0 as usize + 1] += 1;
        }
    }
    for e in 0..entries {
        start[e + 1] += start[e];
    }
    let mut rows = vec![SurfaceId(0); start[entries] as usize];
    let mut next: Vec<u32> = start[..entries].to_vec();
    for (i, s) in labelled() {
        for (e, _) in &s.entries {
            let at = &mut next[e.0 as usize];
            rows[*at as usize] = SurfaceId(i as u32);
            *at += 1;
        }
    }
    (start, rows)
}

/// Each pattern's surfaces (those that fold to it, case-sensitive first,
/// then in surface order) as compressed rows over `patterns` patterns,
/// placed by counting in two passes.
fn pattern_rows(
    surfaces: &[Surface],
    pattern_of_surface: &[u32],
    patterns: usize,
) -> (Vec<u32>, Vec<SurfaceId>) {
    let mut start = vec![0u32; patterns + 1];
    for &p in pattern_of_surface {
        start[p as usize + 1] += 1;
    }
    for p in 0..patterns {
        start[p + 1] += start[p];
    }
    let mut rows: Vec<SurfaceId> = vec![SurfaceId(0); surfaces.len()];
    let mut next: Vec<u32> = start[..patterns].to_vec();
    for case_sensitive in [true, false] {
        for (i, s) in surfaces.iter().enumerate() {
            if s.case_sensitive == case_sensitive {
                let at = &mut next[pattern_of_surface[i] as usize];
                rows[*at as usize] = SurfaceId(i as u32);
                *at += 1;
            }
        }
    }
    (start, rows)
}

/// The labels of entries `ids` in entry order: every surface of each that
/// is not shadowed, normalised once with case kept, then folded, and
/// lower-cased only when that differs.
fn label_batch(g: &Glossary, ids: &[EntryId]) -> LabelBatch {
    let mut batch = LabelBatch {
        labels: Vec::new(),
        text: String::new(),
    };
    for &id in ids {
        for s in surfaces(&g.entry(id).def) {
            let form = normalize(s.text, false);
            let mark = batch.text.len();
            let folded = if form.is_ascii() {
                // ASCII folds to exactly the normalised form lower-cased.
                let span = Packed::push(&mut batch.text, &form);
                batch.text[mark..].make_ascii_lowercase();
                span
            } else {
                Packed::push(&mut batch.text, &fold_label(&form))
            };
            let lowered = if s.case_sensitive || form.is_ascii() {
                None
            } else {
                let lowered = normalize(&form, true);
                (lowered != folded.of(&batch.text)).then(|| Packed::push(&mut batch.text, &lowered))
            };
            let label = Label {
                entry: id,
                form: form.into_boxed_str(),
                folded,
                lowered,
                case_sensitive: s.case_sensitive,
                role: s.role,
            };
            let (case_sensitive, normalized) = label.key(&batch.text);
            debug_assert_eq!(
                format!("{}:{normalized}", if case_sensitive { "S" } else { "I" }),
                s.key()
            );
            if g.is_shadowed_label(id, case_sensitive, normalized) {
                batch.text.truncate(mark);
            } else {
                batch.labels.push(label);
            }
        }
    }
    batch
}

/// Leftmost-longest selection over sorted candidates: a candidate is taken
/// when it starts at or after the end of the last one taken (`from`).
pub fn select(candidates: &[Candidate], mut from: usize, out: &mut Vec<Candidate>) -> usize {
    for c in candidates {
        if c.start >= from {
            out.push(*c);
            from = c.end;
        }
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACME: &str = "[[entry]]\nid = \"acme\"\nlabel = \"Acme Council\"\nkind = \"organization\"\nacronyms = [\"ACMEC\"]\n";

    fn ids(m: &Matcher) -> Vec<String> {
        m.glossary()
            .entries
            .iter()
            .map(|e| e.def.id.clone())
            .collect()
    }

    #[test]
    fn original_bytes_bound_weighs_spaces_and_word_final_cyrillic_letters() {
        assert_eq!(original_bytes_bound("un"), 8);
        assert_eq!(
            original_bytes_bound("world bank"),
            9 * 4 + MAX_JOINING_WHITESPACE
        );
        // "мягк сил": two words, each ending in a possible stem end.
        assert_eq!(
            original_bytes_bound("мягк сил"),
            5 * 2 * 4 + MAX_JOINING_WHITESPACE + 2 * (4 + MAX_ORIGINAL_PER_FOLDED)
        );
        assert_eq!(original_bytes_bound("中"), 12);
    }

    #[test]
    fn lookup_through_the_trie_finds_what_a_scan_of_every_surface_finds() {
        let m = Matcher::from_toml(ACME, true).expect("embedded glossary and ACME load");
        // The oracle: every surface by its lower-cased form, as the matcher
        // kept them before lookups went through the trie.
        let mut by_lowered: FastMap<String, Vec<SurfaceId>> = FastMap::default();
        for i in 0..m.surface_count() as u32 {
            let s = m.surface(SurfaceId(i));
            if !s.is_short_name() {
                let key = normalize(&s.form, true);
                by_lowered.entry(key).or_default().push(SurfaceId(i));
            }
        }
        let scan = |text: &str| -> Vec<SurfaceId> {
            let exact = normalize(text, false);
            let list = by_lowered.get(&normalize(text, true));
            list.into_iter()
                .flatten()
                .copied()
                .filter(|&s| !m.surface(s).case_sensitive || *m.surface(s).form == *exact)
                .collect()
        };
        let mut texts: Vec<String> = Vec::new();
        for i in 0..m.surface_count() as u32 {
            let form = &m.surface(SurfaceId(i)).form;
            texts.extend([
                form.to_string(),
                form.to_lowercase(),
                form.to_uppercase(),
                format!("  {form} "),
            ]);
        }
        texts.extend(["", "United  Nations", "no such label"].map(String::from));
        let mut found = 0;
        for t in &texts {
            let got = m.lookup(t);
            assert_eq!(got, scan(t), "{t:?}");
            found += usize::from(!got.is_empty());
        }
        assert!(found > m.surface_count(), "{found}");
    }

    /// Labels are one surface when lower-cased alike (whatever their
    /// case), not when they only fold alike: Russian words fold to their
    /// stems, so an inflected alias has the label's pattern but is a
    /// surface of its own.
    #[test]
    fn labels_are_told_apart_by_their_lower_cased_form_not_their_pattern() {
        let text = "[[entry]]\nid = \"a\"\nlabel = \"Государственная Дума\"\nkind = \"organization\"\nambiguous = true\n\n[[entry]]\nid = \"b\"\nlabel = \"государственная дума\"\nkind = \"organization\"\nambiguous = true\naliases = [\"Государственной Думы\"]\n";
        let m = Matcher::from_toml(text, false).expect("a good glossary");
        let forms: Vec<(&str, usize)> = (0..m.surface_count() as u32)
            .map(|i| m.surface(SurfaceId(i)))
            .map(|s| (&*s.form, s.entries.len()))
            .collect();
        assert_eq!(
            forms,
            vec![("Государственная Дума", 2), ("Государственной Думы", 1)]
        );
        assert_eq!(m.patterns().len(), 1, "{:?}", m.patterns());
        assert_eq!(m.lookup("ГОСУДАРСТВЕННАЯ дума"), vec![SurfaceId(0)]);
    }

    #[test]
    fn surface_lists_read_as_slices_and_stay_small() {
        let (a, b) = (
            (EntryId(1), LabelRole::Label),
            (EntryId(2), LabelRole::Alias),
        );
        let mut entries = SurfaceEntries::One([a]);
        assert_eq!(&*entries, &[a]);
        entries.push(b);
        entries.push(a);
        assert_eq!(&*entries, &[a, b, a]);
        assert_eq!((&entries).into_iter().count(), 3);
        let empty: RareList<u8> = Vec::new().into();
        assert!(empty.is_empty() && empty.0.is_none());
        let some: RareList<u8> = vec![1, 2].into();
        assert_eq!(&*some, &[1, 2]);
        assert_eq!(std::mem::size_of::<RareList<NotIn>>(), 8);
        assert_eq!(std::mem::size_of::<SurfaceEntries>(), 24);
        assert!(std::mem::size_of::<Surface>() <= 72);
    }

    #[test]
    fn from_toml_without_default_holds_only_the_text() {
        let m = Matcher::from_toml(ACME, false).expect("a good glossary");
        assert_eq!(ids(&m), vec!["acme"]);
        assert_eq!(m.patterns().len(), 2, "label and acronym");
    }

    #[test]
    fn from_toml_with_default_adds_the_embedded_glossary() {
        let m = Matcher::from_toml(ACME, true).expect("a good glossary");
        let ids = ids(&m);
        assert!(ids.len() > 500, "{}", ids.len());
        assert!(ids.iter().any(|i| i == "acme"));
        assert!(ids.iter().any(|i| i == "sco"));
        assert!(Matcher::from_toml("", true).is_ok());
    }

    #[test]
    fn from_toml_returns_located_problems() {
        let problems = Matcher::from_toml("[[entry]]\nid = \"acme\"\nlabel = ", false)
            .expect_err("a broken glossary");
        assert_eq!(problems[0].code, "glossary-syntax", "{problems:?}");
        assert_eq!(problems[0].source, "glossary.toml");
        assert_eq!(problems[0].line, 2);
        let twice = format!("{ACME}\n{ACME}");
        let problems = Matcher::from_toml(&twice, false).expect_err("a duplicate id");
        assert!(
            problems.iter().any(|p| p.code == "duplicate-id"),
            "{problems:?}"
        );
    }

    #[test]
    fn from_glossary_text_reads_json_by_name() {
        let json =
            r#"{"entry": [{"id": "acme", "label": "Acme Council", "kind": "organization"}]}"#;
        let m = Matcher::from_glossary_text("acme.glossary.json", json, false).expect("JSON");
        assert_eq!(ids(&m), vec!["acme"]);
        assert!(Matcher::from_glossary_text("acme.toml", json, false).is_err());
    }
}
