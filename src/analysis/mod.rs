//! The editor features as pure functions of (document, matcher, settings):
//! diagnostics, hover and definition. Results use byte offsets and core types
//! only; the LSP layer and the CLI convert them.

pub mod actions;
pub mod completion;
pub mod decorations;
pub mod definition;
pub mod diagnostics;
pub mod hover;
pub mod lens;
pub mod navigate;
pub mod rename;
pub mod symbols;
pub mod tally;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::glossary::EntryId;
use crate::index::DocIndex;
use crate::recognize::matcher::{Matcher, SurfaceId};
use crate::recognize::scan::Definition;

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

/// An in-text definition with absolute positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InTextDefinition {
    pub acronym: Arc<str>,
    pub acronym_range: Range<usize>,
    pub long_form: Arc<str>,
    pub long_range: Range<usize>,
}

impl InTextDefinition {
    fn from_span(start: usize, end: usize, d: &Definition) -> InTextDefinition {
        let long_start = (start as isize + d.long_offset).max(0) as usize;
        InTextDefinition {
            acronym: d.acronym.clone(),
            acronym_range: start..end,
            long_form: d.long_form.clone(),
            long_range: long_start..long_start + d.long_len,
        }
    }

    /// Where the definition starts (the earlier of acronym and long form).
    pub fn start(&self) -> usize {
        self.acronym_range.start.min(self.long_range.start)
    }
}

/// The first in-text definition of each acronym in the document.
pub fn first_definitions(index: &DocIndex) -> HashMap<Arc<str>, InTextDefinition> {
    let mut map: HashMap<Arc<str>, InTextDefinition> = HashMap::new();
    for s in index.definitions.iter() {
        map.entry(s.data.acronym.clone())
            .or_insert_with(|| InTextDefinition::from_span(s.start, s.end, s.data));
    }
    map
}

/// The definition of `acronym` in the document, if any.
pub fn definition_of(index: &DocIndex, acronym: &str) -> Option<InTextDefinition> {
    index
        .definitions
        .iter()
        .find(|s| &*s.data.acronym == acronym)
        .map(|s| InTextDefinition::from_span(s.start, s.end, s.data))
}

/// The entries a surface names (more than one for ambiguous labels).
pub fn entries_of(matcher: &Matcher, surface: SurfaceId) -> Vec<EntryId> {
    matcher
        .surface(surface)
        .entries
        .iter()
        .map(|(e, _)| *e)
        .collect()
}
