//! The glossary: the user's knowledge base of concepts and entities.
//!
//! Owns the merged, validated set of entries from every layer (embedded
//! default → workspace files), in which later layers override earlier ones by
//! id, and the cross-file checks (duplicate ids, label conflicts, unknown ids;
//! succession cycles and overlapping office holders in [`dated`]), each
//! located at the exact value that causes it (spans from [`spans`]).
//! Edits to glossary files that keep their formatting live in [`edit`].
//! Must not know about documents or matching text: the matcher is built *from*
//! a [`Glossary`] in [`crate::recognize::matcher`].

pub mod dated;
pub mod edit;
pub mod embedded;
pub mod frames;
pub mod load;
pub mod model;
pub mod spans;
pub mod store;
pub mod toml_reader;

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::problem::{Problem, ProblemLocator};
use crate::text::fold::{normalize, push_normalized};
use crate::text::packed::Packed;
pub use load::{Format, ParsedFile};
pub use model::{EntryDef, Kind};
pub use spans::{EntrySpans, FieldSpans};

/// Index of an entry in [`Glossary::entries`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct EntryId(pub u32);

/// A file an entry came from.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SourceFile {
    /// Display name: the path, or `embedded:NAME.toml`.
    pub name: String,
    /// On-disk path, for workspace files.
    pub path: Option<PathBuf>,
    pub embedded: bool,
    /// Not in the prebuilt matcher ([`crate::recognize::prebuilt`]), which
    /// takes the embedded texts from the binary's own copy.
    #[serde(skip)]
    pub text: Arc<str>,
    /// The file's `as_of` date (set when the file is merged).
    pub as_of: Option<String>,
}

/// One loaded file, ready to merge.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    pub source: SourceFile,
    pub parsed: ParsedFile,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub def: Arc<EntryDef>,
    /// Index into [`Glossary::sources`].
    pub source: usize,
    /// Byte range of the entry's `id` value in its source (quotes included).
    pub id_span: Range<usize>,
    /// Byte range of the whole entry (`[[entry]]` header to its last value,
    /// or the inline table / JSON object).
    pub span: Range<usize>,
    /// Byte range of every value of the entry, by field path (see [`spans`]).
    pub fields: Arc<FieldSpans>,
    /// 0-based line of the entry's `id` in its source.
    pub line: usize,
}

impl Entry {
    /// The span of the value at `path` (`label`, `aliases[0]`, `roles[1].of`…), quotes included.
    pub fn field_span(&self, path: &str) -> Option<Range<usize>> {
        self.fields.get(path)
    }
}

/// What part an entry's string plays. Written as one number (see
/// [`LabelRole::code`]): a 300,000-label glossary's surfaces each hold one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(into = "u32", try_from = "u32")]
pub enum LabelRole {
    Label,
    Acronym,
    Alias,
    Variant,
    /// A label in another language.
    Lang,
    /// A hidden (non-preferred) label: index into `EntryDef::hidden`.
    Hidden(u16),
    /// A person's family name (or given name), derived from their labels:
    /// recognised only after a title or honorific ("President Xi", "Mr
    /// Lavrov"), see [`person_short_names`].
    ShortName,
    /// A label valid only within dates: index into `EntryDef::dated_labels`.
    Dated(u16),
}

impl LabelRole {
    /// The role as one number: the variant in the low three bits, the index
    /// of `Hidden` and `Dated` above them.
    pub fn code(self) -> u32 {
        match self {
            LabelRole::Label => 0,
            LabelRole::Acronym => 1,
            LabelRole::Alias => 2,
            LabelRole::Variant => 3,
            LabelRole::Lang => 4,
            LabelRole::ShortName => 5,
            LabelRole::Hidden(i) => 6 | u32::from(i) << 3,
            LabelRole::Dated(i) => 7 | u32::from(i) << 3,
        }
    }
}

impl From<LabelRole> for u32 {
    fn from(role: LabelRole) -> u32 {
        role.code()
    }
}

impl TryFrom<u32> for LabelRole {
    type Error = String;
    fn try_from(code: u32) -> Result<LabelRole, String> {
        let none = || format!("no label role {code}");
        let index = u16::try_from(code >> 3).map_err(|_| none());
        Ok(match (code & 7, code >> 3) {
            (0, 0) => LabelRole::Label,
            (1, 0) => LabelRole::Acronym,
            (2, 0) => LabelRole::Alias,
            (3, 0) => LabelRole::Variant,
            (4, 0) => LabelRole::Lang,
            (5, 0) => LabelRole::ShortName,
            (6, _) => LabelRole::Hidden(index?),
            (7, _) => LabelRole::Dated(index?),
            _ => return Err(none()),
        })
    }
}

/// Words that join a family name to what precedes it ("de Gaulle", "von der
/// Leyen", "bin Salman") and stay part of it.
const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "ibn", "bint", "da", "de", "del", "della", "der", "di", "dos", "du", "el", "la",
    "le", "van", "von", "ter", "ten",
];

/// Whether `word`, lower-cased, is one of [`NAME_PARTICLES`] (an ASCII
/// word is compared without a lower-cased copy).
fn is_name_particle(word: &str) -> bool {
    if word.is_ascii() {
        NAME_PARTICLES.iter().any(|p| word.eq_ignore_ascii_case(p))
    } else {
        NAME_PARTICLES.contains(&word.to_lowercase().as_str())
    }
}

/// Words that open a label as a title or honorific ("King Philippe", "Pope
/// Francis"): never a short name.
const LEADING_TITLES: &[&str] = &[
    "Archbishop",
    "Ayatollah",
    "Cardinal",
    "Chairman",
    "Crown",
    "Dame",
    "Dr",
    "Emir",
    "Emperor",
    "Empress",
    "General",
    "Governor",
    "Grand",
    "Imam",
    "King",
    "Lady",
    "Lord",
    "Marshal",
    "Mr",
    "Mrs",
    "Ms",
    "Patriarch",
    "Pope",
    "President",
    "Prince",
    "Princess",
    "Queen",
    "Saint",
    "Senator",
    "Shah",
    "Sheikh",
    "Sir",
    "Speaker",
    "St",
    "Sultan",
    "Tsar",
];

/// Whether a person's first word may be the name a title precedes: the
/// family name of a name written in East Asian order (the person's Chinese
/// label has no "·" between given and family name: 习近平, 尹锡悦), or a
/// monarch's, prince's or pope's given name ("King Abdullah", "Pope
/// Francis"). Otherwise "President Faure" or "Admiral Warren" would find
/// people by their given names.
fn family_name_may_come_first(def: &EntryDef) -> bool {
    let east_asian = def.labels.get("zh").is_some_and(|l| {
        l.as_slice()
            .first()
            .is_some_and(|n| !n.contains(['·', '•', '・']))
    });
    let royal = def.roles.iter().any(|r| {
        let t = r.title.to_lowercase();
        [
            "king", "queen", "emir", "sultan", "prince", "pope", "emperor", "shah",
        ]
        .iter()
        .any(|w| t.split(|c: char| !c.is_alphabetic()).any(|x| x == *w))
    });
    east_asian || royal
}

/// The short names by which a person is referred to after a title: the
/// first word when [`family_name_may_come_first`] and the last word with the particles
/// before it ("de Gaulle", "von der Leyen"; "al-Assad" also as "Assad") of
/// the preferred label and every alias that looks like a personal name
/// (two to five capitalised words). Each is a slice of the entry's text.
pub fn person_short_names<'a>(def: &'a EntryDef) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    if def.kind != Kind::Person {
        return out;
    }
    let mut push = |w: &'a str| {
        let w = w.trim_end_matches([',', '.']);
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        let has_lower = w.chars().any(char::is_lowercase);
        let suffix = matches!(w, "Jr" | "Sr" | "II" | "III" | "IV");
        if letters >= 2 && capital && has_lower && !suffix && !out.contains(&w) {
            out.push(w);
        }
    };
    // Asked once, and only when some name looks like one.
    let mut family_first: Option<bool> = None;
    for name in std::iter::once(def.label.as_str()).chain(def.aliases.iter().map(String::as_str)) {
        let words: Vec<&str> = name.split_whitespace().collect();
        let looks_like_a_name = (2..=5).contains(&words.len())
            && words
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase) || is_name_particle(w))
            && !name.chars().any(|c| c.is_ascii_digit());
        if !looks_like_a_name {
            continue;
        }
        if *family_first.get_or_insert_with(|| family_name_may_come_first(def)) {
            let first = crate::text::fold::normalize(words[0].trim_end_matches('.'), false);
            if !LEADING_TITLES.contains(&first.as_str()) {
                push(words[0]);
            }
        }
        // The last word that is not a suffix, with the particles before it.
        let Some(last) = words.iter().rposition(|w| {
            !matches!(
                w.trim_end_matches(['.', ',']),
                "Jr" | "Sr" | "II" | "III" | "IV"
            )
        }) else {
            continue;
        };
        if last == 0 {
            continue;
        }
        let mut first = last;
        while first > 1 && is_name_particle(words[first - 1]) {
            first -= 1;
        }
        // A slice of `name` from words[first] to the end of words[last].
        let start = words[first].as_ptr() as usize - name.as_ptr() as usize;
        let end = words[last].as_ptr() as usize - name.as_ptr() as usize + words[last].len();
        push(&name[start..end]);
        for prefix in ["al-", "el-", "Al-", "El-"] {
            if let Some(bare) = words[last].strip_prefix(prefix) {
                push(bare);
            }
        }
    }
    out
}

/// One string by which an entry can be recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurfaceDef<'a> {
    pub text: &'a str,
    pub role: LabelRole,
    /// Acronyms, all-caps labels and `exact_case` entries match with exact case.
    pub case_sensitive: bool,
}

impl SurfaceDef<'_> {
    /// Two surfaces with the same key are the same label for matching purposes.
    pub fn key(&self) -> String {
        if self.case_sensitive {
            format!("S:{}", normalize(self.text, false))
        } else {
            format!("I:{}", normalize(self.text, true))
        }
    }
}

/// True for strings with an upper-case letter and no lower-case one ("WHO", "G7").
pub fn is_all_caps(s: &str) -> bool {
    s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase)
}

/// Every string an entry is recognised by, each once, in priority order.
pub fn surfaces(def: &EntryDef) -> Vec<SurfaceDef<'_>> {
    fn push<'a>(out: &mut Vec<SurfaceDef<'a>>, exact_case: bool, text: &'a str, role: LabelRole) {
        let text = text.trim();
        if text.is_empty() || out.iter().any(|s| s.text == text) {
            return;
        }
        let case_sensitive = exact_case || role == LabelRole::Acronym || is_all_caps(text);
        out.push(SurfaceDef {
            text,
            role,
            case_sensitive,
        });
    }
    let mut out = Vec::new();
    let exact = def.exact_case;
    push(&mut out, exact, &def.label, LabelRole::Label);
    for a in &def.acronyms {
        push(&mut out, exact, a, LabelRole::Acronym);
    }
    for a in &def.aliases {
        push(&mut out, exact, a, LabelRole::Alias);
    }
    for group in &def.variants {
        for v in group {
            let role = if def.acronyms.iter().any(|a| a == v) {
                LabelRole::Acronym
            } else {
                LabelRole::Variant
            };
            push(&mut out, exact, v, role);
        }
    }
    for labels in def.labels.values() {
        for l in labels.as_slice() {
            push(&mut out, exact, l, LabelRole::Lang);
        }
    }
    for (i, h) in def.hidden.iter().enumerate() {
        push(&mut out, exact, h.label(), LabelRole::Hidden(i as u16));
    }
    for (i, d) in def.dated_labels.iter().enumerate() {
        push(&mut out, exact, &d.label, LabelRole::Dated(i as u16));
    }
    out
}

/// Writes a map in key order: the same map is then always written alike,
/// whatever order its table holds it in (the prebuilt matcher is compared
/// byte for byte with a fresh build).
fn in_key_order<K: Ord + serde::Serialize, V: serde::Serialize, H, S: serde::Serializer>(
    map: &HashMap<K, V, H>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut items: Vec<(&K, &V)> = map.iter().collect();
    items.sort_unstable_by(|a, b| a.0.cmp(b.0));
    s.collect_map(items)
}

/// The merged glossary all documents are matched against.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Glossary {
    /// Written apart by the prebuilt matcher ([`crate::recognize::prebuilt`]),
    /// in parts read in parallel.
    #[serde(skip)]
    pub entries: Vec<Entry>,
    pub sources: Vec<SourceFile>,
    /// foldhash, not SipHash: a glossary the user wrote needs no defence
    /// against hash flooding, and every id passes here.
    #[serde(serialize_with = "in_key_order")]
    by_id: HashMap<String, EntryId, foldhash::fast::FixedState>,
    /// By entry: the labels (case-sensitive, normalised: the parts of
    /// [`SurfaceDef::key`]) dropped because a workspace entry claims the
    /// same label. Keyed by entry, so that asking about each of 300,000
    /// labels formats no key and hashes no string.
    #[serde(serialize_with = "in_key_order")]
    shadowed: HashMap<EntryId, Vec<(bool, Box<str>)>, foldhash::fast::FixedState>,
    /// By entry: the entries that succeeded it (see [`dated`]). Thin lists
    /// (one pointer, nothing allocated while empty): nearly every entry
    /// has none.
    successors: Vec<thin_vec::ThinVec<EntryId>>,
    /// By entry: the entries it succeeded.
    predecessors: Vec<thin_vec::ThinVec<EntryId>>,
}

impl Glossary {
    pub fn entry(&self, id: EntryId) -> &Entry {
        &self.entries[id.0 as usize]
    }

    pub fn by_id(&self, id: &str) -> Option<EntryId> {
        self.by_id.get(id).copied()
    }

    pub fn ids(&self) -> impl Iterator<Item = EntryId> + '_ {
        (0..self.entries.len() as u32).map(EntryId)
    }

    /// The date up to which an entry's facts were checked: its own `as_of`,
    /// else its file's.
    pub fn as_of(&self, id: EntryId) -> Option<&str> {
        let entry = self.entry(id);
        entry
            .def
            .as_of
            .as_deref()
            .or(self.sources[entry.source].as_of.as_deref())
    }

    pub fn source_of(&self, id: EntryId) -> &SourceFile {
        &self.sources[self.entry(id).source]
    }

    /// Whether the label with `key` (see [`SurfaceDef::key`]) of entry `id`
    /// is dropped because a workspace entry claims it.
    pub fn is_shadowed(&self, id: EntryId, key: &str) -> bool {
        match key.split_once(':') {
            Some(("S", normalized)) => self.is_shadowed_label(id, true, normalized),
            Some(("I", normalized)) => self.is_shadowed_label(id, false, normalized),
            _ => false,
        }
    }

    /// [`Glossary::is_shadowed`] for the key of a label given by its parts.
    pub fn is_shadowed_label(&self, id: EntryId, case_sensitive: bool, normalized: &str) -> bool {
        !self.shadowed.is_empty()
            && self.shadowed.get(&id).is_some_and(|labels| {
                labels
                    .iter()
                    .any(|(cs, n)| *cs == case_sensitive && **n == *normalized)
            })
    }

    /// Records that the label `(case_sensitive, normalized)` of `id` is shadowed.
    fn shadow(
        shadowed: &mut HashMap<EntryId, Vec<(bool, Box<str>)>, foldhash::fast::FixedState>,
        id: EntryId,
        &(case_sensitive, normalized): &(bool, &str),
    ) {
        let labels = shadowed.entry(id).or_default();
        if !labels
            .iter()
            .any(|(cs, n)| *cs == case_sensitive && **n == *normalized)
        {
            labels.push((case_sensitive, normalized.into()));
        }
    }

    /// The label a hidden label should be replaced with.
    pub fn preferred_for_hidden(&self, id: EntryId, hidden: u16) -> &str {
        let def = &self.entry(id).def;
        def.hidden
            .get(hidden as usize)
            .and_then(|h| h.use_instead())
            .unwrap_or(&def.label)
    }

    /// Merges files in order (embedded first). Returns the glossary and the
    /// problems found, each in the file it belongs to.
    pub fn build(files: Vec<LoadedFile>) -> (Glossary, Vec<Problem>) {
        let mut g = Glossary::default();
        let mut problems = Vec::new();
        // Sized once: a 100,000-entry glossary grown by doubling would
        // leave its old copies behind.
        let most_entries: usize = files.iter().map(|f| f.parsed.file.entries.len()).sum();
        g.entries.reserve_exact(most_entries);
        g.by_id.reserve(most_entries);
        for file in files {
            let source_index = g.sources.len();
            let LoadedFile { mut source, parsed } = file;
            source.as_of = parsed.file.as_of.clone();
            let text = source.text.clone();
            let name = source.name.clone();
            let located = ProblemLocator::new(&name, &text);
            let lines = located.lines();
            for (def, spans) in parsed.file.entries.into_iter().zip(parsed.entry_spans) {
                let entry = Entry {
                    def,
                    source: source_index,
                    line: lines.line_of(spans.id.start),
                    id_span: spans.id,
                    span: spans.entry,
                    fields: spans.fields,
                };
                match g.by_id.get(&entry.def.id).copied() {
                    Some(existing)
                        if g.entry(existing).source != source_index
                            && g.sources[g.entry(existing).source].embedded
                            && !source.embedded =>
                    {
                        g.entries[existing.0 as usize] = entry;
                    }
                    Some(existing) => {
                        let other = &g.entries[existing.0 as usize];
                        let other_src = if other.source == source_index {
                            &source.name
                        } else {
                            &g.sources[other.source].name
                        };
                        problems.push(located.error(
                            entry.id_span.clone(),
                            "duplicate-id",
                            format!(
                                "id `{}` is already used by the entry at {}:{}; give this entry another id",
                                entry.def.id,
                                other_src,
                                other.line + 1
                            ),
                        ));
                    }
                    None => {
                        let id = EntryId(g.entries.len() as u32);
                        g.by_id.insert(entry.def.id.clone(), id);
                        g.entries.push(entry);
                    }
                }
            }
            g.sources.push(source);
        }
        g.check_labels(&mut problems);
        g.check_references(&mut problems);
        g.check_context_data(&mut problems);
        g.link_successions();
        g.check_succession_cycles(&mut problems);
        g.check_office_holders(&mut problems);
        (g, problems)
    }

    /// One [`ProblemLocator`] per source, in [`Glossary::sources`] order: the
    /// checks below place every problem through these, so a file's line
    /// starts are found once however many problems it has.
    fn locators(&self) -> Vec<ProblemLocator<'_>> {
        self.sources
            .iter()
            .map(|src| ProblemLocator::new(&src.name, &src.text))
            .collect()
    }

    fn check_labels(&mut self, problems: &mut Vec<Problem>) {
        /// Entries whose labels are normalised together, into one string.
        const LABEL_BATCH_ENTRIES: usize = 256;
        // Each label is normalised on the rayon pool, a few hundred entries
        // at a time, their keys written one after the other in one string
        // (not one string per label); claiming stays in entry order, so
        // the same entry wins whatever the number of threads.
        type Batch<'e> = (Vec<(EntryId, SurfaceDef<'e>, Packed)>, String);
        let batches: Vec<Batch<'_>> = {
            use rayon::prelude::*;
            self.entries
                .par_chunks(LABEL_BATCH_ENTRIES)
                .enumerate()
                .map(|(batch, entries)| {
                    let mut text = String::new();
                    let mut labels = Vec::new();
                    for (i, entry) in entries.iter().enumerate() {
                        let id = EntryId((batch * LABEL_BATCH_ENTRIES + i) as u32);
                        for s in surfaces(&entry.def) {
                            let start = text.len();
                            push_normalized(s.text, !s.case_sensitive, &mut text);
                            labels.push((id, s, Packed::since(&text, start)));
                        }
                    }
                    (labels, text)
                })
                .collect()
        };
        // Keyed by (case-sensitive, normalized text): the parts of
        // [`SurfaceDef::key`] without formatting a string per label, the
        // text borrowed from the batches. foldhash, not SipHash: a glossary
        // the user wrote needs no defence against hash flooding, and every
        // label passes here.
        let mut claimed: HashMap<(bool, &str), EntryId, foldhash::fast::FixedState> =
            HashMap::with_capacity_and_hasher(self.entries.len() * 3, Default::default());
        let mut shadowed = std::mem::take(&mut self.shadowed);
        let files = self.locators();
        for (labels, text) in &batches {
            for (id, surface, key) in labels {
                let (id, key) = (*id, (surface.case_sensitive, key.of(text)));
                // One lookup for the common case, a label no entry has yet.
                let mut taken = match claimed.entry(key) {
                    std::collections::hash_map::Entry::Vacant(free) => {
                        free.insert(id);
                        continue;
                    }
                    std::collections::hash_map::Entry::Occupied(taken) => taken,
                };
                let other = *taken.get();
                if other == id {
                    continue;
                }
                let (a, b) = (self.entry(other), self.entry(id));
                if a.def.ambiguous && b.def.ambiguous {
                    continue;
                }
                let (a_emb, b_emb) = (
                    self.sources[a.source].embedded,
                    self.sources[b.source].embedded,
                );
                if a_emb && !b_emb {
                    // The user's entry wins over the embedded default.
                    Self::shadow(&mut shadowed, other, taken.key());
                    *taken.get_mut() = id;
                    continue;
                }
                let label_text = surface.text;
                let at = spans::label_paths(&b.def)
                    .into_iter()
                    .find(|(_, label)| label.trim() == label_text)
                    .and_then(|(path, _)| b.field_span(&path))
                    .unwrap_or(b.id_span.clone());
                problems.push(files[b.source].error(
                    at,
                    "label-conflict",
                    format!(
                        "\"{label_text}\" is also a label of `{}` ({}:{}); remove it from one entry, or mark both `ambiguous = true`",
                        a.def.id,
                        self.sources[a.source].name,
                        a.line + 1
                    ),
                ));
                Self::shadow(&mut shadowed, id, taken.key());
            }
        }
        self.shadowed = shadowed;
    }

    /// A `not_in` name must contain one of the entry's labels; `other_meanings` need cues.
    fn check_context_data(&self, problems: &mut Vec<Problem>) {
        use crate::text::fold::squash;
        let files = self.locators();
        for entry in &self.entries {
            let def = &entry.def;
            let file = &files[entry.source];
            // Most entries have no `not_in`: their labels need no squashing.
            let labels: Vec<String> = if def.not_in.is_empty() {
                Vec::new()
            } else {
                surfaces(def).iter().map(|s| squash(s.text)).collect()
            };
            for (i, name) in def.not_in.iter().enumerate() {
                let longer = squash(name);
                if labels
                    .iter()
                    .any(|l| !l.is_empty() && longer.contains(l.as_str()) && *l != longer)
                {
                    continue;
                }
                let at = entry
                    .field_span(&format!("not_in[{i}]"))
                    .unwrap_or(entry.id_span.clone());
                problems.push(file.error(
                    at,
                    "not-in-without-label",
                    format!(
                        "\"{name}\" in `not_in` of `{}` contains none of its labels, or only one whole: list longer names that contain a label (e.g. \"New {}\")",
                        def.id, def.label
                    ),
                ));
            }
            for (i, meaning) in def.other_meanings.iter().enumerate() {
                if meaning.cues.iter().any(|c| !c.trim().is_empty()) {
                    continue;
                }
                let at = entry
                    .field_span(&format!("other_meanings[{i}]"))
                    .unwrap_or(entry.id_span.clone());
                problems.push(file.error(
                    at,
                    "meaning-without-cues",
                    format!(
                        "`other_meanings` of `{}` needs `cues`: the words that point to “{}”",
                        def.id, meaning.meaning
                    ),
                ));
            }
        }
    }

    fn check_references(&self, problems: &mut Vec<Problem>) {
        use rayon::prelude::*;
        let files = self.locators();
        let found: Vec<Problem> = self
            .entries
            .par_iter()
            .flat_map_iter(|entry| self.unknown_references(entry, &files[entry.source]))
            .collect();
        problems.extend(found);
    }

    /// The problems of `entry`'s references to ids no entry has.
    fn unknown_references(&self, entry: &Entry, file: &ProblemLocator<'_>) -> Vec<Problem> {
        let mut problems = Vec::new();
        let def = &entry.def;
        // Almost every entry names only known ids: their paths are written
        // out only for an entry with an unknown one.
        let known = |id: &String| self.by_id.contains_key(id.as_str());
        let lists = [&def.broader, &def.related, &def.replaces, &def.replaced_by];
        if lists.iter().all(|list| list.iter().all(known))
            && def
                .roles
                .iter()
                .all(|role| role.of.as_ref().is_none_or(known))
        {
            return problems;
        }
        for (field, path, target) in spans::reference_paths(def) {
            if self.by_id.contains_key(target) {
                continue;
            }
            let at = entry.field_span(&path).unwrap_or(entry.id_span.clone());
            problems.push(file.error(
                at,
                "unknown-id",
                format!(
                    "`{field}` of `{}` names `{target}`, which no glossary entry has as its id; fix the id or add that entry",
                    def.id
                ),
            ));
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_roles_read_back_from_their_codes() {
        let roles = [
            LabelRole::Label,
            LabelRole::Acronym,
            LabelRole::Alias,
            LabelRole::Variant,
            LabelRole::Lang,
            LabelRole::ShortName,
            LabelRole::Hidden(0),
            LabelRole::Hidden(u16::MAX),
            LabelRole::Dated(0),
            LabelRole::Dated(3),
            LabelRole::Dated(u16::MAX),
        ];
        let mut codes = std::collections::HashSet::new();
        for role in roles {
            assert!(codes.insert(role.code()), "{role:?} has a code of its own");
            assert_eq!(LabelRole::try_from(role.code()), Ok(role));
        }
        for bad in [8, 13, 6 | (1 << 19), u32::MAX] {
            assert!(LabelRole::try_from(bad).is_err(), "{bad}");
        }
    }

    /// A parsed in-memory glossary file (for tests of merged glossaries).
    pub(crate) fn loaded(name: &str, text: &str) -> LoadedFile {
        let parsed = load::parse(name, text, Format::from_path(name)).expect("parses");
        LoadedFile {
            source: SourceFile {
                name: name.to_string(),
                path: Some(PathBuf::from(name)),
                embedded: false,
                text: Arc::from(text),
                as_of: None,
            },
            parsed,
        }
    }

    #[test]
    fn build_problems_sit_at_the_exact_value() {
        let a = "[[entry]]\nid = \"alpha\"\nlabel = \"Alpha\"\nkind = \"concept\"\naliases = [\"The Alpha\"]\n";
        // "alpha" also appears earlier in b (a comment, a title): the problems
        // must point at the value that causes them, not the first look-alike.
        let b = "# alpha, \"The Alpha\", \"nowhere\"\n[[entry]]\nid = \"beta\"\nlabel = \"Beta\"\nkind = \"concept\"\nroles = [{ title = \"nowhere\", of = \"nowhere\" }]\naliases = [\"B\", \"the alpha\"]\n\n[[entry]]\nid = 'alpha'\nlabel = \"Other\"\nkind = \"concept\"\n";
        let (_, problems) = Glossary::build(vec![loaded("a.toml", a), loaded("b.toml", b)]);
        let at = |code: &str| {
            let p = problems
                .iter()
                .find(|p| p.code == code)
                .unwrap_or_else(|| panic!("{code} missing: {problems:?}"));
            (&b[p.range.clone()], p.line, p.column)
        };
        assert_eq!(at("duplicate-id"), ("'alpha'", 9, 5));
        assert_eq!(at("unknown-id"), ("\"nowhere\"", 5, 35)); // the `of`, not the title
        assert_eq!(at("label-conflict"), ("\"the alpha\"", 6, 16));
    }

    #[test]
    fn json_build_problems_and_lines() {
        let text = "{\r\n  \"entry\": [\r\n    {\"id\": \"a\", \"label\": \"Ä\", \"kind\": \"concept\",\r\n     \"related\": [\"x\", \"missing\"]},\r\n    {\"id\": \"x\", \"label\": \"X\", \"kind\": \"concept\"}\r\n  ]\r\n}\r\n";
        let (g, problems) = Glossary::build(vec![loaded("g.json", text)]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(&text[problems[0].range.clone()], "\"missing\"");
        assert_eq!((problems[0].line, problems[0].column), (3, 22));
        let x = g.by_id("x").expect("x");
        assert_eq!(g.entry(x).line, 4);
        assert!(text[g.entry(x).span.clone()].starts_with("{\"id\": \"x\""));
    }

    #[test]
    fn context_data_problems_are_located() {
        let text = "[[entry]]\nid = \"georgia\"\nlabel = \"Georgia\"\nkind = \"place\"\nnot_in = [\"Atlanta, Georgia\", \"Tbilisi\"]\nother_meanings = [{ meaning = \"a U.S. state\", cues = [] }]\n";
        let (_, problems) = Glossary::build(vec![loaded("g.toml", text)]);
        let codes: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.code, &text[p.range.clone()]))
            .collect();
        assert_eq!(codes.len(), 2, "{problems:?}");
        assert_eq!(codes[0], ("not-in-without-label", "\"Tbilisi\""));
        assert_eq!(codes[1].0, "meaning-without-cues");
        assert!(codes[1].1.contains("a U.S. state"), "{codes:?}");
    }
}
