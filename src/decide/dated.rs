//! Judging dated facts against the document's date: which of a person's
//! roles they held then, whether a title in the text was theirs at that
//! date, and who held an office at a date.
//!
//! Pure functions over the glossary and a date. Must not read text (titles
//! come from [`super::titles`]) or decide what a mention names (the
//! [`super::document::Resolver`] does). Every judgement is three-valued
//! ([`At`]): only a sure "no" is reported.

use crate::decide::titles::{HistoryClue, OfficeClass, Title, office_class, title_fits};
use crate::glossary::model::{DatedLabel, Role};
use crate::glossary::{EntryId, Glossary, Kind, LabelRole};
use crate::time::{At, PartialDate, Period};

/// A role's period.
pub fn role_period(role: &Role) -> Period {
    Period::from_strings(role.start.as_deref(), role.end.as_deref())
}

/// The person's roles held at `date` (sure or on an imprecise edge), in
/// glossary order.
pub fn roles_at(glossary: &Glossary, person: EntryId, date: PartialDate) -> Vec<&Role> {
    glossary
        .entry(person)
        .def
        .roles
        .iter()
        .filter(|r| role_period(r).at_span(date) != At::No)
        .collect()
}

/// How many years after an office ended a title of it is still taken as a
/// mistake for the current holder; later, a text speaks of history.
pub const RECENT_YEARS: i16 = 15;

/// How many years before a thing existed a text may name it (plans,
/// negotiations: "the North American Free Trade Agreement" in 1992).
pub const PLANNED_YEARS: i16 = 2;

/// A title the glossary says the person did not hold at the date.
#[derive(Debug, Clone, PartialEq)]
pub struct OutdatedTitle<'g> {
    /// The person's roles that fit the title, each with its period.
    pub held: Vec<&'g Role>,
    /// Who held the same office (class and `of`) at the date, when the
    /// glossary knows.
    pub holders_then: Vec<EntryId>,
}

/// Whether `title`, attached to `person` in a document dated `date`, names
/// an office the person did not hold then. Silent (None) when the text puts
/// the title in the past or future ("former", "then-", "the late"), when the
/// sentence is about an earlier year, when the title is an honorific, when
/// the glossary has no fitting role for the person (nothing to judge by),
/// or when any fitting role may have been held at the date.
pub fn outdated_title<'g>(
    glossary: &'g Glossary,
    person: EntryId,
    title: &Title,
    date: PartialDate,
) -> Option<OutdatedTitle<'g>> {
    // Ranks and generic words name no single office to judge by.
    if matches!(
        title.class,
        OfficeClass::Honorific
            | OfficeClass::Military
            | OfficeClass::Leader
            | OfficeClass::Minister
            | OfficeClass::Secretary
            | OfficeClass::Director
    ) || title.is_marked_past_or_future()
    {
        return None;
    }
    if title
        .year_in_sentence
        .is_some_and(|y| y < date.first.year())
    {
        return None;
    }
    let entry = glossary.entry(person);
    if entry.def.kind != Kind::Person {
        return None;
    }
    let held: Vec<&Role> = entry
        .def
        .roles
        .iter()
        .filter(|r| title_fits(title.class, &r.title))
        .collect();
    if held.is_empty() || held.iter().any(|r| role_period(r).at_span(date) != At::No) {
        return None;
    }
    // Held before the date: a courtesy title kept for life ("President
    // Truman" in 1966, "Governor Romney" in 2013) is no error, and long after
    // the office ended the sentence is about history ("Prime Minister
    // Churchill" in 2020). Recent holders of other offices are outdated
    // ("Prime Minister Johnson" in 2024).
    let ended_before = |r: &&Role| role_period(r).end.is_some_and(|e| e.last < date.first);
    if held.iter().any(ended_before) {
        let kept_for_life = matches!(
            title.class,
            OfficeClass::President
                | OfficeClass::VicePresident
                | OfficeClass::Governor
                | OfficeClass::Senator
                | OfficeClass::Ambassador
                | OfficeClass::Judge
        );
        let recent = held
            .iter()
            .filter_map(|r| role_period(r).end)
            .any(|e| e.last < date.first && date.first.year() - e.last.year() <= RECENT_YEARS);
        if kept_for_life || !recent {
            return None;
        }
    }
    let mut holders_then = Vec::new();
    for role in &held {
        for h in holders_at(glossary, &role.title, role.of.as_deref(), date) {
            if h != person && !holders_then.contains(&h) {
                holders_then.push(h);
            }
        }
    }
    Some(OutdatedTitle { held, holders_then })
}

/// The people who surely held the office `title` of `of` at `date`.
pub fn holders_at(
    glossary: &Glossary,
    title: &str,
    of: Option<&str>,
    date: PartialDate,
) -> Vec<EntryId> {
    let Some(class) = office_class(title) else {
        return Vec::new();
    };
    glossary
        .ids()
        .filter(|id| {
            let def = &glossary.entry(*id).def;
            def.kind == Kind::Person
                && def.roles.iter().any(|r| {
                    r.of.as_deref() == of
                        && office_class(&r.title) == Some(class)
                        && role_period(r).at_span(date) == At::Yes
                })
        })
        .collect()
}

/// A name not valid at the document's date.
#[derive(Debug, Clone, PartialEq)]
pub enum Anachronism<'g> {
    /// A dated label ("Swaziland") used outside its period.
    LabelOutOfDate {
        label: &'g DatedLabel,
        period: Period,
    },
    /// The thing had ended by the date ("the G8" in 2020); what replaced it.
    Ended {
        end: PartialDate,
        successors: Vec<EntryId>,
    },
    /// The thing did not exist yet at the date.
    NotYet { start: PartialDate },
}

/// Whether the mention of `entry` by `role` at a document dated `date` names
/// it anachronistically. Silent when the sentence speaks of the past ("was",
/// "former", "until", "the collapse of" …) or of a year not after the
/// document's (history), and for people (their titles are judged instead).
pub fn anachronism<'g>(
    glossary: &'g Glossary,
    entry: EntryId,
    role: Option<LabelRole>,
    clue: &HistoryClue,
    date: PartialDate,
) -> Option<Anachronism<'g>> {
    let def = &glossary.entry(entry).def;
    if def.kind == Kind::Person {
        return None;
    }
    let history = clue.past || clue.year_in_sentence.is_some_and(|y| y < date.first.year());
    if let Some(LabelRole::Dated(i)) = role {
        let label = def.dated_labels.get(i as usize)?;
        let period = label.period();
        if period.at_span(date) == At::No {
            let before_start = period.start.is_some_and(|s| date.last < s.first);
            if history && !before_start {
                return None;
            }
            return Some(Anachronism::LabelOutOfDate { label, period });
        }
        return None;
    }
    let period = def.period();
    if period.at_span(date) != At::No {
        return None;
    }
    match (period.start, period.end) {
        (Some(start), _) if date.last < start.first => {
            // Plans, negotiations and forecasts name what does not exist yet.
            if clue.year_in_sentence.is_some_and(|y| y > date.last.year())
                || start.first.year() - date.last.year() <= PLANNED_YEARS
            {
                return None;
            }
            Some(Anachronism::NotYet { start })
        }
        (_, Some(end)) if !history => Some(Anachronism::Ended {
            end,
            successors: glossary.successors(entry).to_vec(),
        }),
        _ => None,
    }
}
