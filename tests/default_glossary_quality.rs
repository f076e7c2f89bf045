//! Quality of the embedded default glossary as a text for readers (issue 11):
//! descriptions are sentences, not templates; people have roles; states have
//! capitals; every file says how current it is.
//!
//! Each rule is asserted outright for files written since the rule exists
//! (`STRICT_FILES`) and as a ratchet for the older ones: the number of
//! entries breaking it may only go down (lower the figure when you fix some).
//! `cargo test --test default_glossary_quality -- --nocapture` lists them.

use std::collections::HashMap;

use gloss::glossary::store::GlossaryStore;
use gloss::glossary::{Entry, Glossary, Kind};

/// Files held to every rule (written with the rules).
const STRICT_FILES: &[&str] = &[
    "embedded:capitals.toml",
    "embedded:geography.toml",
    "embedded:organizations-2.toml",
    "embedded:concepts-2.toml",
    "embedded:documents-2.toml",
];

/// Older entries breaking a rule today; may only go down.
const MAX_SHORT_DESCRIPTIONS: usize = 0;
const MAX_TEMPLATED_DESCRIPTIONS: usize = 0;
const MAX_PEOPLE_WITHOUT_ROLES: usize = 11;

fn glossary() -> std::sync::Arc<Glossary> {
    GlossaryStore::new(true).rebuild().glossary
}

fn file_of<'g>(g: &'g Glossary, e: &Entry) -> &'g str {
    &g.sources[e.source].name
}

fn strict(g: &Glossary, e: &Entry) -> bool {
    STRICT_FILES.contains(&file_of(g, e))
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
    let (mut strict_bad, mut old_bad) = (Vec::new(), Vec::new());
    for e in &g.entries {
        if !is_a_sentence(e.def.description.as_deref()) {
            let line = format!("{} ({}): {:?}", e.def.id, file_of(&g, e), e.def.description);
            if strict(&g, e) {
                strict_bad.push(line);
            } else {
                old_bad.push(line);
            }
        }
    }
    report(
        "descriptions that are not a sentence (older files)",
        &old_bad,
    );
    assert!(strict_bad.is_empty(), "{strict_bad:#?}");
    assert!(
        old_bad.len() <= MAX_SHORT_DESCRIPTIONS,
        "{} older entries lack a sentence (ratchet {MAX_SHORT_DESCRIPTIONS})",
        old_bad.len()
    );
}

#[test]
fn descriptions_are_not_templates() {
    let g = glossary();
    // Five or more entries opening with the same six words (names and
    // numbers aside) are a template.
    let found = templated(&g, 5);
    let strict_bad: Vec<String> = found
        .iter()
        .filter(|(e, _)| strict(&g, e))
        .map(|(e, s)| format!("{}: “{s} …”", e.def.id))
        .collect();
    let old_bad: Vec<String> = found
        .iter()
        .filter(|(e, _)| !strict(&g, e))
        .map(|(e, s)| format!("{}: “{s} …”", e.def.id))
        .collect();
    report("templated descriptions (older files)", &old_bad);
    assert!(strict_bad.is_empty(), "{strict_bad:#?}");
    assert!(
        old_bad.len() <= MAX_TEMPLATED_DESCRIPTIONS,
        "{} older entries share a template (ratchet {MAX_TEMPLATED_DESCRIPTIONS})",
        old_bad.len()
    );
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
    assert!(
        without.len() <= MAX_PEOPLE_WITHOUT_ROLES,
        "{} people have no role (ratchet {MAX_PEOPLE_WITHOUT_ROLES})",
        without.len()
    );
}

#[test]
fn every_un_member_state_has_its_capital() {
    let g = glossary();
    // States: the entries of states.toml that are UN member or observer states.
    let states: Vec<&Entry> = g
        .entries
        .iter()
        .filter(|e| file_of(&g, e) == "embedded:states.toml" && e.def.kind == Kind::Place)
        .filter(|e| {
            e.def
                .description
                .as_deref()
                .is_some_and(|d| d.contains("UN member state") || d.contains("observer state"))
        })
        .collect();
    assert!(states.len() >= 190, "{} states found", states.len());
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
