//! Quality of the embedded default glossary as a text for readers (issue 11):
//! descriptions are sentences, not templates; people have roles; states have
//! capitals, a head of state and a foreign minister in office; every file
//! says how current it is.
//!
//! `cargo test --test default_glossary_quality -- --nocapture` lists the
//! offenders of each rule.

use std::collections::HashMap;

use gloss::decide::titles::{OfficeClass, office_class};
use gloss::glossary::store::GlossaryStore;
use gloss::glossary::{Entry, Glossary, Kind};
use gloss::time::{At, Date};

fn glossary() -> std::sync::Arc<Glossary> {
    GlossaryStore::new(true).rebuild().glossary
}

fn file_of<'g>(g: &'g Glossary, e: &Entry) -> &'g str {
    &g.sources[e.source].name
}

/// A description a reader can use: at least six words, ending as a sentence.
fn is_a_sentence(description: Option<&str>) -> bool {
    let Some(d) = description.map(str::trim) else {
        return false;
    };
    d.split_whitespace().count() >= 6 && d.ends_with(['.', '!', '?', ')', '”', '"'])
}

/// The shape of a description with the entry's own names and numbers taken
/// out: its first six words. Many entries with one shape are a template
/// ("UN member state in Western Asia; capital X.").
fn shape(e: &Entry) -> Option<String> {
    let mut d = e.def.description.clone()?;
    let mut names: Vec<&str> = std::iter::once(e.def.label.as_str())
        .chain(e.def.aliases.iter().map(String::as_str))
        .chain(e.def.acronyms.iter().map(String::as_str))
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    for n in names {
        if !n.is_empty() {
            d = d.replace(n, "X");
        }
    }
    let words: Vec<String> = d
        .split_whitespace()
        .take(6)
        .map(|w| {
            if w.chars().any(|c| c.is_ascii_digit()) {
                "N".to_string()
            } else {
                w.to_lowercase()
            }
        })
        .collect();
    (words.len() >= 4).then(|| words.join(" "))
}

/// Entries whose description shape at least `min` entries share.
fn templated(g: &Glossary, min: usize) -> Vec<(&Entry, String)> {
    let mut by_shape: HashMap<String, Vec<&Entry>> = HashMap::new();
    for e in &g.entries {
        if let Some(s) = shape(e) {
            by_shape.entry(s).or_default().push(e);
        }
    }
    let mut out: Vec<(&Entry, String)> = by_shape
        .into_iter()
        .filter(|(_, list)| list.len() >= min)
        .flat_map(|(s, list)| list.into_iter().map(move |e| (e, s.clone())))
        .collect();
    out.sort_by(|a, b| a.0.def.id.cmp(&b.0.def.id));
    out
}

fn report(rule: &str, offenders: &[String]) {
    println!("{rule}: {} entries", offenders.len());
    for o in offenders.iter().take(40) {
        println!("  {o}");
    }
}

#[test]
fn every_file_says_how_current_it_is() {
    let g = glossary();
    let undated: Vec<&str> = g
        .sources
        .iter()
        .filter(|s| s.as_of.is_none())
        .map(|s| s.name.as_str())
        .collect();
    assert!(undated.is_empty(), "files without as_of: {undated:?}");
}

#[test]
fn descriptions_are_sentences() {
    let g = glossary();
    let bad: Vec<String> = g
        .entries
        .iter()
        .filter(|e| !is_a_sentence(e.def.description.as_deref()))
        .map(|e| format!("{} ({}): {:?}", e.def.id, file_of(&g, e), e.def.description))
        .collect();
    assert!(
        bad.is_empty(),
        "descriptions that are not a sentence: {bad:#?}"
    );
}

#[test]
fn descriptions_are_not_templates() {
    let g = glossary();
    // Five or more entries opening with the same six words (names and
    // numbers aside) are a template.
    let bad: Vec<String> = templated(&g, 5)
        .iter()
        .map(|(e, s)| format!("{} ({}): “{s} …”", e.def.id, file_of(&g, e)))
        .collect();
    assert!(bad.is_empty(), "templated descriptions: {bad:#?}");
}

#[test]
fn people_have_roles() {
    let g = glossary();
    let without: Vec<String> = g
        .entries
        .iter()
        .filter(|e| e.def.kind == Kind::Person && e.def.roles.is_empty())
        .map(|e| e.def.id.clone())
        .collect();
    report("people without a role", &without);
    // Every person has at least one dated role (an office, a candidacy, the
    // movement they led), so hover and the date checks can say what they
    // were when.
    assert!(without.is_empty(), "{} people have no role", without.len());
}

/// The entries of states.toml that are UN member or observer states.
fn un_states(g: &Glossary) -> Vec<&Entry> {
    let states: Vec<&Entry> = g
        .entries
        .iter()
        .filter(|e| file_of(g, e) == "embedded:states.toml" && e.def.kind == Kind::Place)
        .filter(|e| {
            e.def
                .description
                .as_deref()
                .is_some_and(|d| d.contains("UN member state") || d.contains("observer state"))
        })
        .collect();
    assert!(states.len() >= 190, "{} states found", states.len());
    states
}

#[test]
fn every_un_member_state_has_its_capital() {
    let g = glossary();
    let states = un_states(&g);
    let capital_of: Vec<&str> = g
        .entries
        .iter()
        .filter(|e| file_of(&g, e) == "embedded:capitals.toml")
        .flat_map(|e| e.def.broader.iter().map(String::as_str))
        .collect();
    // A city-state is its own capital.
    let missing: Vec<&str> = states
        .iter()
        .filter(|e| {
            !e.def
                .description
                .as_deref()
                .is_some_and(|d| d.starts_with("City-state"))
        })
        .map(|e| e.def.id.as_str())
        .filter(|id| {
            !capital_of.contains(id)
                && !g.entries.iter().any(|c| {
                    c.def.kind == Kind::Place
                        && c.def.broader.iter().any(|b| b == id)
                        && c.def
                            .description
                            .as_deref()
                            .is_some_and(|d| d.to_lowercase().contains("capital"))
                })
        })
        .collect();
    assert!(
        missing.is_empty(),
        "states without a capital entry: {missing:?}"
    );
}

/// States whose head of state no single role can name, with the reason.
const HEAD_OF_STATE_EXPLAINED: &[(&str, &str)] = &[
    (
        "bosnia-and-herzegovina",
        "a presidency of three members, its chair rotating every eight months",
    ),
    (
        "san-marino",
        "two Captains Regent, replaced every six months",
    ),
];

/// States whose foreign minister on the glossary's date we could not confirm:
/// left out rather than linked wrong.
const FOREIGN_MINISTER_EXPLAINED: &[(&str, &str)] = &[
    ("equatorial-guinea", "not confirmed for June 2025"),
    ("guinea-bissau", "not confirmed for June 2025"),
    (
        "vanuatu",
        "not confirmed after the February 2025 change of government",
    ),
    ("sudan", "changed several times in 2024-2025; not confirmed"),
    (
        "palau",
        "the Minister of State holds foreign affairs, a title that names no office",
    ),
];

/// The audit of current office holders (issue 11): on the default glossary's
/// date every UN member and observer state has a head of state and a foreign
/// minister in office, classified by the same `office_class` that reads
/// titles in text, except the states listed above with their reason.
#[test]
fn every_state_has_a_head_of_state_and_a_foreign_minister_in_office() {
    let g = glossary();
    let date = Date::constant(2025, 6, 15);
    let holds = |state: &str, fits: &dyn Fn(OfficeClass) -> bool| {
        g.entries.iter().any(|e| {
            e.def.kind == Kind::Person
                && e.def.roles.iter().any(|r| {
                    r.of.as_deref() == Some(state)
                        && office_class(&r.title).is_some_and(fits)
                        && r.period().at(date) != At::No
                })
        })
    };
    let is_head_of_state = |c: OfficeClass| {
        matches!(
            c,
            OfficeClass::President
                | OfficeClass::Monarch
                | OfficeClass::SupremeLeader
                | OfficeClass::Chair
                | OfficeClass::Pope
        )
    };
    let is_foreign_minister = |c: OfficeClass| c == OfficeClass::ForeignMinister;
    let explained = |list: &[(&str, &str)], id: &str| list.iter().any(|(s, _)| *s == id);
    let mut missing = Vec::new();
    for state in un_states(&g) {
        let id = state.def.id.as_str();
        if !explained(HEAD_OF_STATE_EXPLAINED, id) && !holds(id, &is_head_of_state) {
            missing.push(format!("{id}: no head of state"));
        }
        if !explained(FOREIGN_MINISTER_EXPLAINED, id) && !holds(id, &is_foreign_minister) {
            missing.push(format!("{id}: no foreign minister"));
        }
    }
    report("states without an office holder on 2025-06-15", &missing);
    assert!(missing.is_empty(), "{missing:#?}");
}
