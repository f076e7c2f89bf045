//! The editor features as pure functions of (document, matcher, glossary,
//! settings): diagnostics, hover cards, definition, references and
//! highlights, symbols, completion, code actions, rename, code lenses,
//! decorations. Results use byte offsets and core types only; the LSP layer
//! and the CLI convert them.
//!
//! Every feature follows what the decision step says a kept mention names
//! ([`Resolver`]): one entry, one of several (possible), or the document's
//! own definition (in text). A feature builds one [`Resolver`] per request
//! (O(definitions)), never one per mention; [`Named`] is the part of a
//! resolution that counting needs.
//!
//! Must not hold state, read files, or name LSP types: what lives elsewhere
//! (mentions in other files, file texts) comes in as arguments, e.g. a
//! [`tally::MentionTally`]. Must not decide what a mention names (that is
//! [`crate::decide`]).

pub mod actions;
pub mod completion;
pub mod decorations;
pub mod definition;
pub mod diagnostics;
pub mod highlight;
pub mod hover;
pub mod lens;
pub mod navigate;
pub mod rename;
pub mod symbols;
pub mod tally;

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::glossary::{EntryId, Glossary, LabelRole};
use crate::index::DocIndex;
use crate::recognize::matcher::{Matcher, SurfaceId};

/// What is at a position of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hit {
    /// A glossary mention.
    Mention {
        range: Range<usize>,
        surface: SurfaceId,
    },
    /// An all-caps token the glossary does not know.
    Token { range: Range<usize>, text: Arc<str> },
}

impl Hit {
    pub fn range(&self) -> Range<usize> {
        match self {
            Hit::Mention { range, .. } | Hit::Token { range, .. } => range.clone(),
        }
    }
}

/// The mention or token at `offset` (a cursor right after a word counts).
pub fn hit_at(index: &DocIndex, offset: usize) -> Option<Hit> {
    let exact = |inclusive: bool| {
        index
            .mentions
            .at(offset, inclusive)
            .map(|s| Hit::Mention {
                range: s.start..s.end,
                surface: *s.data,
            })
            .or_else(|| {
                index.tokens.at(offset, inclusive).map(|s| Hit::Token {
                    range: s.start..s.end,
                    text: s.data.clone(),
                })
            })
    };
    exact(false).or_else(|| exact(true))
}

pub use crate::decide::document::{InTextDefinition, Resolution, Resolver};

/// What a kept mention names, reduced to what counting needs (references,
/// highlights, code lens counts, closed-file records).
///
/// A possible mention counts for each of its candidates: it may name any of
/// them, hiding it from their references would leave it reachable from no
/// entry, and its hover and `ambiguous-mention` diagnostic say it is only
/// possible. A mention defined in the text counts for no entry. Edits that
/// rewrite an entry's mentions (label renames) take linked mentions only
/// ([`Named::linked`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    /// Linked to one entry.
    Entry(EntryId),
    /// One of several entries; nothing in the document decides.
    Possible(Box<[EntryId]>),
    /// What the document's own definition says: no glossary entry.
    InText,
}

impl Named {
    pub fn of(resolution: &Resolution) -> Named {
        match resolution {
            Resolution::Entry { entry, .. } => Named::Entry(*entry),
            Resolution::Possible { entries, .. } => Named::Possible(entries.clone().into()),
            Resolution::InText { .. } => Named::InText,
        }
    }

    /// Whether the mention counts as a mention of `entry` (see [`Named`]).
    pub fn counts_for(&self, entry: EntryId) -> bool {
        self.entries().contains(&entry)
    }

    /// The entries the mention counts for.
    pub fn entries(&self) -> &[EntryId] {
        match self {
            Named::Entry(e) => std::slice::from_ref(e),
            Named::Possible(entries) => entries,
            Named::InText => &[],
        }
    }

    /// The one entry a linked mention names.
    pub fn linked(&self) -> Option<EntryId> {
        match self {
            Named::Entry(e) => Some(*e),
            _ => None,
        }
    }
}

/// The role `surface` plays for `entry` (its label, an alias, an acronym…).
pub fn role_of(matcher: &Matcher, surface: SurfaceId, entry: EntryId) -> Option<LabelRole> {
    matcher
        .surface(surface)
        .entries
        .iter()
        .find(|(e, _)| *e == entry)
        .map(|(_, r)| *r)
}

/// Whether `surface` is the preferred label of `entry` (what a label rename
/// replaces).
pub fn is_preferred_label(matcher: &Matcher, surface: SurfaceId, entry: EntryId) -> bool {
    matcher
        .surface(surface)
        .entries
        .iter()
        .any(|(e, r)| *e == entry && *r == LabelRole::Label)
}

/// The mention at `offset` (see [`hit_at`]) and what it names.
pub fn resolved_at(
    index: &DocIndex,
    resolver: &Resolver<'_>,
    offset: usize,
) -> Option<(Range<usize>, SurfaceId, Resolution)> {
    match hit_at(index, offset)? {
        Hit::Mention { range, surface } => {
            let resolution = resolver.resolve(range.start, surface);
            Some((range, surface, resolution))
        }
        Hit::Token { .. } => None,
    }
}

/// The in-text definition that governs the acronym token `text` at `at`
/// (the last one before it, else the first after it) and the glossary
/// entries its long form names, as the decision step reads them.
pub fn token_definition(
    resolver: &Resolver<'_>,
    text: &str,
    at: usize,
) -> Option<(InTextDefinition, Vec<EntryId>)> {
    resolver
        .definition_for(text, at)
        .map(|(definition, named)| (definition.clone(), named.to_vec()))
}

/// The definition of `acronym` in the document, if any.
pub fn definition_of(index: &DocIndex, acronym: &str) -> Option<InTextDefinition> {
    index
        .definitions
        .iter()
        .find(|s| &*s.data.acronym == acronym)
        .map(|s| InTextDefinition::from_span(s.start, s.end, s.data))
}

/// Every entry a surface may name (more than one for ambiguous labels),
/// whatever the document says: features follow the [`Resolution`] instead.
pub fn entries_of(matcher: &Matcher, surface: SurfaceId) -> Vec<EntryId> {
    matcher
        .surface(surface)
        .entries
        .iter()
        .map(|(e, _)| *e)
        .collect()
}

/// The glossary file a new entry ("add to glossary") goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewEntryFile {
    /// The first TOML file of the workspace glossary.
    Existing(PathBuf),
    /// No workspace TOML glossary yet: `glossary/glossary.toml` in the first
    /// workspace root, to be created.
    Create(PathBuf),
}

/// Where new entries go: the first workspace (not embedded) glossary file
/// written in TOML, else a new file in the first root; `None` without roots.
pub fn new_entry_file(glossary: &Glossary, roots: &[PathBuf]) -> Option<NewEntryFile> {
    let existing = glossary
        .sources
        .iter()
        .filter(|s| !s.embedded)
        .filter_map(|s| s.path.clone())
        .find(|p| p.extension().is_some_and(|e| e == "toml"));
    match existing {
        Some(path) => Some(NewEntryFile::Existing(path)),
        None => roots
            .first()
            .map(|root| NewEntryFile::Create(root.join("glossary").join("glossary.toml"))),
    }
}

/// A glossary and helpers for the tests of decisions in context: an
/// acronym the document may define otherwise (ICC), one shared by two
/// entries (PPP), one with another meaning the glossary notes (FSB, cued by
/// Russia), a name shared by two entries (Congo), a place that is also a
/// first name (Jordan).
#[cfg(test)]
pub(crate) mod context_fixture {
    use super::*;

    pub const GLOSSARY: &str = r#"[[entry]]
id = "icc"
label = "International Criminal Court"
kind = "organization"
acronyms = ["ICC"]
description = "Court in The Hague that tries genocide and war crimes."

[[entry]]
id = "ppp-parity"
label = "purchasing power parity"
kind = "concept"
acronyms = ["PPP"]
description = "Exchange-rate adjustment that equalises purchasing power."
ambiguous = true

[[entry]]
id = "ppp-partnership"
label = "public-private partnership"
kind = "concept"
acronyms = ["PPP"]
description = "Long-term contract between a government and a private company."
ambiguous = true

[[entry]]
id = "fsb"
label = "Financial Stability Board"
kind = "organization"
acronyms = ["FSB"]
other_meanings = [{ meaning = "Federal Security Service of the Russian Federation (Russian: ФСБ)", cues = ["Russia", "Kremlin"] }]

[[entry]]
id = "russia"
label = "Russia"
kind = "place"

[[entry]]
id = "jordan"
label = "Jordan"
kind = "place"

[[entry]]
id = "congo"
label = "Republic of the Congo"
kind = "place"
aliases = ["Congo"]
ambiguous = true

[[entry]]
id = "drc"
label = "Democratic Republic of the Congo"
kind = "place"
aliases = ["Congo", "DR Congo"]
ambiguous = true

[[entry]]
id = "sco"
label = "Shanghai Cooperation Organisation"
kind = "organization"
acronyms = ["SCO"]
"#;

    pub fn matcher() -> Matcher {
        Matcher::from_glossary_text("/w/glossary/context.toml", GLOSSARY, false)
            .expect("the context test glossary loads")
    }

    pub fn id(matcher: &Matcher, id: &str) -> EntryId {
        matcher.glossary().by_id(id).expect(id)
    }

    pub fn index(matcher: &Matcher, text: &str) -> DocIndex {
        DocIndex::build(text, false, matcher)
    }

    /// The byte offset of the `nth` (0-based) `needle` in `text`.
    pub fn at(text: &str, needle: &str, nth: usize) -> usize {
        text.match_indices(needle)
            .nth(nth)
            .map(|(i, _)| i)
            .expect(needle)
    }

    /// What the mention at `offset` resolves to.
    pub fn resolution(matcher: &Matcher, index: &DocIndex, offset: usize) -> Resolution {
        let resolver = Resolver::new(index, matcher);
        resolved_at(index, &resolver, offset)
            .map(|(_, _, r)| r)
            .expect("a mention there")
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::glossary::store::GlossaryStore;

    const ENTRY: &str = "[[entry]]\nid = \"a\"\nlabel = \"Alpha\"\nkind = \"concept\"\n";

    #[test]
    fn new_entries_go_to_the_first_workspace_toml_file_else_a_new_one() {
        let roots = [PathBuf::from("/w"), PathBuf::from("/v")];
        let mut store = GlossaryStore::new(true);
        assert_eq!(
            new_entry_file(&store.rebuild().glossary, &roots),
            Some(NewEntryFile::Create(
                Path::new("/w/glossary/glossary.toml").to_path_buf()
            ))
        );
        assert_eq!(new_entry_file(&store.rebuild().glossary, &[]), None);
        store.set_file(
            Path::new("/w/glossary/a.json"),
            r#"{"entries": [{"id": "j", "label": "Jay", "kind": "concept"}]}"#,
        );
        store.set_file(Path::new("/w/glossary/b.toml"), ENTRY);
        let g = store.rebuild().glossary;
        assert!(g.by_id("j").is_some(), "the JSON file comes first");
        assert_eq!(
            new_entry_file(&g, &roots),
            Some(NewEntryFile::Existing(
                Path::new("/w/glossary/b.toml").to_path_buf()
            ))
        );
    }

    #[test]
    fn the_context_fixture_resolves_as_its_tests_assume() {
        use context_fixture::*;
        let m = matcher();
        let text = "Les données — 中文 😀. The International Cricket Council (ICC) met. The ICC fined two boards. The PPP rose. Congo voted.\n\nRussia spoke. The FSB met. Jordan Peterson spoke.\n";
        let index = index(&m, text);
        assert!(matches!(
            resolution(&m, &index, at(text, "ICC", 1)),
            Resolution::InText { .. }
        ));
        assert!(matches!(
            resolution(&m, &index, at(text, "PPP", 0)),
            Resolution::Possible { entries, .. } if entries.len() == 2
        ));
        assert!(matches!(
            resolution(&m, &index, at(text, "Congo", 0)),
            Resolution::Possible { entries, .. } if entries.len() == 2
        ));
        assert!(matches!(
            resolution(&m, &index, at(text, "FSB", 0)),
            Resolution::Possible { other_meanings, .. } if other_meanings.len() == 1
        ));
        assert_eq!(hit_at(&index, at(text, "Jordan", 0) + 1), None, "set aside");
        let named = Named::of(&resolution(&m, &index, at(text, "PPP", 0)));
        assert!(
            named.counts_for(id(&m, "ppp-parity")) && named.counts_for(id(&m, "ppp-partnership"))
        );
        assert_eq!(named.linked(), None);
        assert_eq!(
            Named::of(&resolution(&m, &index, at(text, "ICC", 1))).entries(),
            &[]
        );
    }
}
