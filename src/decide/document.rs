//! What a kept mention names, given what the whole document says: its own
//! in-text definitions ("the International Cricket Council (ICC)" makes every
//! ICC of the document mean that), and the other entities it names (an
//! ambiguous label is decided by the entry the document also names
//! otherwise).
//!
//! [`Resolver`] is built from a document's index in O(definitions) and
//! answers per mention, so it is a pure function of the index: incremental
//! indexing keeps it right with no state of its own. Must not read text
//! outside the index, settings or files.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::decide::titles::{OfficeClass, title_fits};
use crate::glossary::{EntryId, LabelRole};
use crate::index::DocIndex;
use crate::recognize::matcher::{Matcher, SurfaceId, squash};
use crate::recognize::scan::Definition;
use crate::text::words::is_definable_acronym;
use crate::time::{At, PartialDate, Period, describe_date};

/// An in-text definition with absolute positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InTextDefinition {
    pub acronym: Arc<str>,
    pub acronym_range: Range<usize>,
    pub long_form: Arc<str>,
    pub long_range: Range<usize>,
}

impl InTextDefinition {
    pub fn from_span(start: usize, end: usize, d: &Definition) -> InTextDefinition {
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

/// Why a mention names the entry it names, when that was not plain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkBecause {
    /// The document expands the acronym as one of the entry's labels.
    ExpandedHere { definition: InTextDefinition },
    /// The label names several entries; the document also names this one by
    /// another label (`by`, first used at `at`).
    NamedElsewhere { by: SurfaceId, at: usize },
    /// A short name after a title ("President Bush"): the one person of
    /// that name who held a fitting office, at the document's date when it
    /// is known (`at`).
    TitleHeld {
        title: Arc<str>,
        at: Option<PartialDate>,
    },
    /// A name several things bear ("the Shanghai Declaration", "the United
    /// Nations" of 1942): the only one that existed under it at the
    /// document's date `at`.
    OnlyOneAtDate { at: PartialDate },
}

impl LinkBecause {
    /// A short phrase for hovers and reports.
    pub fn describe(&self, matcher: &Matcher) -> String {
        match self {
            LinkBecause::ExpandedHere { definition } => {
                format!("expanded in this document as “{}”", definition.long_form)
            }
            LinkBecause::NamedElsewhere { by, .. } => format!(
                "the label has several meanings; the document also names this one as “{}”",
                matcher.surface(*by).form
            ),
            LinkBecause::TitleHeld {
                title,
                at: Some(date),
            } => format!(
                "“{title}” and the name: the only person so named who held that office {} {}, the document's date",
                if date.first == date.last { "on" } else { "in" },
                describe_date(date)
            ),
            LinkBecause::TitleHeld { title, at: None } => {
                format!("“{title}” and the name: the only person so named who held that office")
            }
            LinkBecause::OnlyOneAtDate { at } => format!(
                "several things bear this name; only this one existed under it at the document's date ({})",
                describe_date(at)
            ),
        }
    }
}

/// What one mention names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// One glossary entry; `because` says why when the link was not plain.
    Entry {
        entry: EntryId,
        because: Option<LinkBecause>,
    },
    /// What the document's own definition says, which no glossary entry is;
    /// `glossary_meanings` are the entries the glossary gives the acronym.
    InText {
        definition: InTextDefinition,
        glossary_meanings: Vec<EntryId>,
    },
    /// Several meanings and nothing in the document decides: the entries,
    /// and the `other_meanings` (entry, index) the document points to.
    Possible {
        entries: Vec<EntryId>,
        other_meanings: Vec<(EntryId, u16)>,
    },
}

impl Resolution {
    /// The glossary entries the mention may name (one when decided).
    pub fn entries(&self) -> Vec<EntryId> {
        match self {
            Resolution::Entry { entry, .. } => vec![*entry],
            Resolution::InText { .. } => Vec::new(),
            Resolution::Possible { entries, .. } => entries.clone(),
        }
    }

    /// The one entry the mention names, if decided.
    pub fn entry(&self) -> Option<EntryId> {
        match self {
            Resolution::Entry { entry, .. } => Some(*entry),
            _ => None,
        }
    }

    pub fn is_possible(&self) -> bool {
        matches!(self, Resolution::Possible { .. })
    }
}

/// An entry, how strongly the document supports it, and the other label by
/// which the document names it (with its first use), if any.
type Support = (EntryId, usize, Option<(SurfaceId, usize)>);

/// An in-text definition and the glossary entries its long form names,
/// looked up the first time a mention needs them.
struct Governing {
    definition: InTextDefinition,
    named: OnceCell<Vec<EntryId>>,
}

/// A document's definitions, ready to resolve its mentions.
pub struct Resolver<'a> {
    index: &'a DocIndex,
    matcher: &'a Matcher,
    /// Acronym → its definitions in document order.
    definitions: HashMap<Arc<str>, Vec<Governing>>,
}

impl<'a> Resolver<'a> {
    pub fn new(index: &'a DocIndex, matcher: &'a Matcher) -> Resolver<'a> {
        let mut definitions: HashMap<Arc<str>, Vec<Governing>> = HashMap::new();
        for span in index.definitions.iter() {
            let definition = InTextDefinition::from_span(span.start, span.end, span.data);
            definitions
                .entry(definition.acronym.clone())
                .or_default()
                .push(Governing {
                    definition,
                    named: OnceCell::new(),
                });
        }
        Resolver {
            index,
            matcher,
            definitions,
        }
    }

    /// The definition of `acronym` that governs a use at `at` (the last one
    /// before it, else the first one after it), and the glossary entries its
    /// long form names.
    pub fn definition_for(
        &self,
        acronym: &str,
        at: usize,
    ) -> Option<(&InTextDefinition, &[EntryId])> {
        let list = self.definitions.get(acronym)?;
        let governing = list
            .iter()
            .rev()
            .find(|g| g.definition.acronym_range.start <= at)
            .or_else(|| list.first())?;
        Some((&governing.definition, self.named(governing)))
    }

    /// The document's first definition of `acronym`, if any.
    pub fn first_definition(&self, acronym: &str) -> Option<&InTextDefinition> {
        self.definitions
            .get(acronym)
            .and_then(|list| list.first())
            .map(|g| &g.definition)
    }

    fn named<'g>(&self, governing: &'g Governing) -> &'g [EntryId] {
        governing.named.get_or_init(|| {
            let d = &governing.definition;
            entries_named_by(self.matcher, &d.long_form, &d.acronym)
        })
    }

    /// Every in-text definition whose meaning differs from the glossary's
    /// entries for the same acronym: (definition, the glossary's entries).
    pub fn clashes(&self) -> Vec<(InTextDefinition, Vec<EntryId>)> {
        let mut out = Vec::new();
        for (acronym, list) in &self.definitions {
            let glossary: Vec<EntryId> = self
                .matcher
                .lookup(acronym)
                .into_iter()
                .flat_map(|s| self.matcher.surface(s).entries.iter().map(|(e, _)| *e))
                .collect();
            if glossary.is_empty() {
                continue;
            }
            for governing in list {
                if self.named(governing).is_empty() {
                    out.push((governing.definition.clone(), glossary.clone()));
                }
            }
        }
        out.sort_by_key(|(d, _)| d.acronym_range.start);
        out
    }

    /// Where `surface` is first used in the document, if it is.
    fn first_use(&self, surface: SurfaceId) -> Option<usize> {
        self.index
            .surface_uses
            .get(&surface)
            .filter(|(_, count)| *count > 0)
            .map(|(at, _)| at)
    }

    /// The first use of another label of `entry` than `except`.
    fn named_otherwise(&self, entry: EntryId, except: SurfaceId) -> Option<(SurfaceId, usize)> {
        self.matcher
            .surfaces_of(entry)
            .iter()
            .filter(|s| **s != except)
            .filter_map(|s| self.first_use(*s).map(|at| (*s, at)))
            .min_by_key(|(_, at)| *at)
    }

    /// Whether the document names an entry related to `entry` (broader,
    /// related, or what a role is held in).
    fn names_a_relative(&self, entry: EntryId) -> bool {
        let glossary = self.matcher.glossary();
        let def = &glossary.entry(entry).def;
        def.broader
            .iter()
            .chain(&def.related)
            .chain(def.roles.iter().filter_map(|r| r.of.as_ref()))
            .filter_map(|id| glossary.by_id(id))
            .any(|e| {
                self.matcher
                    .surfaces_of(e)
                    .iter()
                    .any(|s| self.first_use(*s).is_some())
            })
    }

    /// A person's short name after a title ("President Bush", "Mr Lavrov"):
    /// the persons so named whose offices fit the title; among them the one
    /// holding it at the document's date, else the one the document names
    /// in full, else the only one. An honorific alone decides only through
    /// the full name elsewhere in the document.
    fn resolve_short_name(&self, at: usize, surface: SurfaceId, own: &[EntryId]) -> Resolution {
        let possible = |entries: Vec<EntryId>| Resolution::Possible {
            entries,
            other_meanings: Vec::new(),
        };
        let Some(title) = self.index.titles.starting_in(at..at + 1).next() else {
            return possible(own.to_vec());
        };
        let title = title.data;
        let glossary = self.matcher.glossary();
        let fitting_roles = |e: EntryId| {
            glossary
                .entry(e)
                .def
                .roles
                .iter()
                .filter(move |r| title_fits(title.class, &r.title))
        };
        let honorific = title.class == OfficeClass::Honorific;
        let fitting: Vec<EntryId> = own
            .iter()
            .copied()
            .filter(|e| honorific || fitting_roles(*e).next().is_some())
            .collect();
        let date = self.index.date.as_ref().map(|d| d.span());
        let held_at_date: Vec<EntryId> = match date {
            Some(date) if !honorific && title.marker.is_none() => fitting
                .iter()
                .copied()
                .filter(|e| {
                    fitting_roles(*e).any(|r| {
                        Period::from_strings(r.start.as_deref(), r.end.as_deref()).at_span(date)
                            != At::No
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        if let [entry] = held_at_date.as_slice() {
            return Resolution::Entry {
                entry: *entry,
                because: Some(LinkBecause::TitleHeld {
                    title: title.text.clone(),
                    at: date,
                }),
            };
        }
        let pool = if held_at_date.is_empty() {
            &fitting
        } else {
            &held_at_date
        };
        let named: Vec<(EntryId, (SurfaceId, usize))> = pool
            .iter()
            .filter_map(|e| self.named_otherwise(*e, surface).map(|n| (*e, n)))
            .collect();
        if let [(entry, (by, at))] = named.as_slice() {
            return Resolution::Entry {
                entry: *entry,
                because: Some(LinkBecause::NamedElsewhere { by: *by, at: *at }),
            };
        }
        match pool.as_slice() {
            [entry] if !honorific => Resolution::Entry {
                entry: *entry,
                because: Some(LinkBecause::TitleHeld {
                    title: title.text.clone(),
                    at: None,
                }),
            },
            [] => possible(own.to_vec()),
            _ => possible(pool.clone()),
        }
    }

    /// What the mention of `surface` at `at` names.
    pub fn resolve(&self, at: usize, surface: SurfaceId) -> Resolution {
        let s = self.matcher.surface(surface);
        if s.is_short_name() {
            let own: Vec<EntryId> = s.entries.iter().map(|(e, _)| *e).collect();
            return self.resolve_short_name(at, surface, &own);
        }
        let mut own: Vec<EntryId> = Vec::with_capacity(s.entries.len());
        for (e, _) in &s.entries {
            if !own.contains(e) {
                own.push(*e);
            }
        }
        if is_definable_acronym(&s.form)
            && let Some((definition, named)) = self.definition_for(&s.form, at)
        {
            let chosen = named
                .iter()
                .find(|e| own.contains(e))
                .or_else(|| named.first());
            return match chosen {
                // Expanded as the glossary expands it: a plain link.
                Some(entry) if own.as_slice() == [*entry] => Resolution::Entry {
                    entry: *entry,
                    because: None,
                },
                Some(entry) => Resolution::Entry {
                    entry: *entry,
                    because: Some(LinkBecause::ExpandedHere {
                        definition: definition.clone(),
                    }),
                },
                None => Resolution::InText {
                    definition: definition.clone(),
                    glossary_meanings: own,
                },
            };
        }
        if own.len() > 1 {
            return self.decide_between(&own, surface);
        }
        let Some(&entry) = own.first() else {
            return Resolution::Possible {
                entries: Vec::new(),
                other_meanings: Vec::new(),
            };
        };
        let pointed: Vec<(EntryId, u16)> = s
            .other_meanings
            .iter()
            .filter(|m| m.cue_surfaces.iter().any(|c| self.first_use(*c).is_some()))
            .map(|m| (m.entry, m.index))
            .collect();
        if !pointed.is_empty() {
            return match self.named_otherwise(entry, surface) {
                Some((by, at)) => Resolution::Entry {
                    entry,
                    because: Some(LinkBecause::NamedElsewhere { by, at }),
                },
                None => Resolution::Possible {
                    entries: own,
                    other_meanings: pointed,
                },
            };
        }
        Resolution::Entry {
            entry,
            because: None,
        }
    }

    /// A label of several entries: the one the document also names by
    /// another label wins, else the one whose relatives it names; a tie is
    /// only possible.
    fn decide_between(&self, all: &[EntryId], surface: SurfaceId) -> Resolution {
        let glossary = self.matcher.glossary();
        let roles = &self.matcher.surface(surface).entries;
        // The period of the dated label by which an entry is named here.
        let label_period = |e: EntryId| {
            roles.iter().find_map(|(x, role)| match role {
                LabelRole::Dated(i) if *x == e => glossary
                    .entry(e)
                    .def
                    .dated_labels
                    .get(*i as usize)
                    .map(|l| l.period()),
                _ => None,
            })
        };
        let existing: Vec<EntryId> = match self.index.date.as_ref().map(|d| d.span()) {
            // What did not exist yet at the document's date, or was not
            // called so then, cannot be meant.
            Some(at) => all
                .iter()
                .copied()
                .filter(|e| {
                    glossary
                        .entry(*e)
                        .def
                        .period()
                        .start
                        .is_none_or(|s| s.first <= at.last)
                        && label_period(*e).is_none_or(|p| p.at_span(at) != At::No)
                })
                .collect(),
            // Undated: a name the glossary dates (a former name) yields to
            // an entry for which it is a name without dates.
            None if all.iter().any(|e| label_period(*e).is_none()) => all
                .iter()
                .copied()
                .filter(|e| label_period(*e).is_none())
                .collect(),
            None => all.to_vec(),
        };
        let own = existing.as_slice();
        match own {
            [] => {
                return Resolution::Possible {
                    entries: all.to_vec(),
                    other_meanings: Vec::new(),
                };
            }
            [entry] => {
                return Resolution::Entry {
                    entry: *entry,
                    because: self
                        .index
                        .date
                        .as_ref()
                        .map(|d| LinkBecause::OnlyOneAtDate { at: d.span() }),
                };
            }
            _ => {}
        }
        let scored: Vec<Support> = own
            .iter()
            .map(|&e| {
                let named = self.named_otherwise(e, surface);
                let score =
                    2 * usize::from(named.is_some()) + usize::from(self.names_a_relative(e));
                (e, score, named)
            })
            .collect();
        let best = scored.iter().map(|(_, s, _)| *s).max().unwrap_or(0);
        let winners: Vec<&Support> = scored.iter().filter(|(_, s, _)| *s == best).collect();
        match winners.as_slice() {
            [(entry, _, named)] if best > 0 => Resolution::Entry {
                entry: *entry,
                because: named.map(|(by, at)| LinkBecause::NamedElsewhere { by, at }),
            },
            _ => Resolution::Possible {
                entries: own.to_vec(),
                other_meanings: Vec::new(),
            },
        }
    }
}

/// Whether two names are the same but for word endings and spelling
/// ("Food and Agricultural Organization" / "Food and Agriculture
/// Organisation"): as many words, each pair equal or sharing its first five
/// letters. "International Cricket Council" is not "International Criminal
/// Court".
fn same_name_loosely(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !crate::text::words::is_word_char(c))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    a.len() == b.len()
        && a.len() >= 2
        && a.iter().zip(&b).all(|(x, y)| {
            x == y || {
                let shared = x.chars().zip(y.chars()).take_while(|(p, q)| p == q).count();
                shared >= 5
            }
        })
}

/// The glossary entries a long form names: a label written the same way,
/// else a label of the acronym's own entries that differs only in spaces and
/// punctuation ("Confidence-Building" for "Confidence Building") or in word
/// endings and spelling (see [`same_name_loosely`]).
fn entries_named_by(matcher: &Matcher, long_form: &str, acronym: &str) -> Vec<EntryId> {
    let mut named: Vec<EntryId> = matcher
        .lookup(long_form)
        .into_iter()
        .flat_map(|s| matcher.surface(s).entries.iter().map(|(e, _)| *e))
        .collect();
    if named.is_empty() {
        let squashed = squash(long_form);
        for s in matcher.lookup(acronym) {
            for (e, _) in &matcher.surface(s).entries {
                let spelled = matcher.surfaces_of(*e).iter().any(|o| {
                    let form = &matcher.surface(*o).form;
                    squash(form) == squashed || same_name_loosely(form, long_form)
                });
                if spelled && !named.contains(e) {
                    named.push(*e);
                }
            }
        }
    }
    named.dedup();
    named
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_same_but_for_endings() {
        assert!(same_name_loosely(
            "Food and Agricultural Organization",
            "Food and Agriculture Organisation"
        ));
        assert!(!same_name_loosely(
            "International Cricket Council",
            "International Criminal Court"
        ));
        assert!(!same_name_loosely(
            "Federal Security Service",
            "Financial Stability Board"
        ));
    }
}
