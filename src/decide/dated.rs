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
    if held.is_empty() || held.iter().any(|r| r.period().at_span(date) != At::No) {
        return None;
    }
    // Held before the date: a courtesy title kept for life ("President
    // Truman" in 1966, "Governor Romney" in 2013) is no error, and long after
    // the office ended the sentence is about history ("Prime Minister
    // Churchill" in 2020). Recent holders of other offices are outdated
    // ("Prime Minister Johnson" in 2024).
    let ended_before = |r: &&Role| r.period().end.is_some_and(|e| e.last < date.first);
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
            .filter_map(|r| r.period().end)
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
                        && r.period().at_span(date) == At::Yes
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::titles::{attached_title, history_clue};
    use crate::recognize::matcher::Matcher;

    const GLOSSARY: &str = r#"
[[entry]]
id = "uk"
label = "United Kingdom"
kind = "place"

[[entry]]
id = "us"
label = "United States"
kind = "place"

[[entry]]
id = "boris"
label = "Boris Johnson"
kind = "person"
roles = [{ title = "Prime Minister", of = "uk", start = "2019-07-24", end = "2022-09-06" }]

[[entry]]
id = "rishi"
label = "Rishi Sunak"
kind = "person"
roles = [{ title = "Prime Minister", of = "uk", start = "2022-10-25", end = "2024-07-05" }]

[[entry]]
id = "harry"
label = "Harry Truman"
kind = "person"
roles = [{ title = "President", of = "us", start = "1945-04-12", end = "1953-01-20" }]

[[entry]]
id = "g8"
label = "Group of Eight"
kind = "organization"
acronyms = ["G8"]
start = "1997"
end = "2014-03"

[[entry]]
id = "eswatini"
label = "Eswatini"
kind = "place"
dated_labels = [{ label = "Swaziland", end = "2018-04-19" }]
"#;

    fn day(s: &str) -> PartialDate {
        PartialDate::parse(s).expect("a test date")
    }

    fn judge(text: &str, name: &str, date: &str) -> Option<Vec<String>> {
        let m = Matcher::from_toml(GLOSSARY, false).expect("the test glossary");
        let g = m.glossary();
        let at = text.find(name).expect("the name");
        let title = attached_title(text, at..at + name.len()).expect("a title");
        let person = g
            .ids()
            .find(|e| g.entry(*e).def.label == name)
            .expect("the person");
        outdated_title(g, person, &title, day(date)).map(|o| {
            o.holders_then
                .iter()
                .map(|e| g.entry(*e).def.label.clone())
                .collect()
        })
    }

    #[test]
    fn a_recent_title_is_outdated_a_courtesy_title_or_history_is_not() {
        let text = "Prime Minister Boris Johnson spoke.";
        assert_eq!(
            judge(text, "Boris Johnson", "2024-05-01"),
            Some(vec!["Rishi Sunak".to_string()])
        );
        assert_eq!(judge(text, "Boris Johnson", "2020-05-01"), None);
        // Before he held it.
        assert!(judge(text, "Boris Johnson", "2015-05-01").is_some());
        // Long after: history.
        assert_eq!(judge(text, "Boris Johnson", "2060-05-01"), None);
        // Marked as past.
        assert_eq!(
            judge(
                "Former Prime Minister Boris Johnson spoke.",
                "Boris Johnson",
                "2024-05-01"
            ),
            None
        );
        // A courtesy title kept for life.
        assert_eq!(
            judge("President Harry Truman spoke.", "Harry Truman", "1966"),
            None
        );
        // An unknown title: nothing to judge by.
        assert_eq!(
            judge("Ambassador Boris Johnson spoke.", "Boris Johnson", "2024"),
            None
        );
    }

    #[test]
    fn names_out_of_their_time() {
        let m = Matcher::from_toml(GLOSSARY, false).expect("the test glossary");
        let g = m.glossary();
        let id = |s: &str| g.by_id(s).expect("an id");
        let present = history_clue("The G8 must act.", 4..6);
        let past = history_clue("The G8 met in 2005.", 4..6);
        assert!(matches!(
            anachronism(g, id("g8"), None, &present, day("2020")),
            Some(Anachronism::Ended { .. })
        ));
        assert_eq!(anachronism(g, id("g8"), None, &past, day("2020")), None);
        assert_eq!(anachronism(g, id("g8"), None, &present, day("2010")), None);
        assert!(matches!(
            anachronism(g, id("g8"), None, &present, day("1990")),
            Some(Anachronism::NotYet { .. })
        ));
        // Planned: named a year before it existed.
        assert_eq!(anachronism(g, id("g8"), None, &present, day("1996")), None);
        let swazi = history_clue("Swaziland hosts the talks.", 0..9);
        let dated = Some(LabelRole::Dated(0));
        assert!(matches!(
            anachronism(g, id("eswatini"), dated, &swazi, day("2020-01-01")),
            Some(Anachronism::LabelOutOfDate { .. })
        ));
        assert_eq!(
            anachronism(g, id("eswatini"), dated, &swazi, day("2010")),
            None
        );
    }
}
