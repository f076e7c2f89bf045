//! Dated facts of the embedded default glossary (issue 12): the successions
//! the issue names resolve both ways, renamed states carry their old names
//! as dated labels, and the glossary has none of the dated-fact problems
//! (reversed periods, unknown successors, succession loops, overlapping
//! holders of a single-holder office).

use gloss::glossary::store::GlossaryStore;
use gloss::glossary::{EntryId, Glossary, LabelRole, surfaces};
use gloss::recognize::matcher::Matcher;
use std::sync::Arc;

fn default_glossary() -> Arc<Glossary> {
    GlossaryStore::new(true).rebuild().glossary
}

fn id(g: &Glossary, name: &str) -> EntryId {
    g.by_id(name)
        .unwrap_or_else(|| panic!("the default glossary has `{name}`"))
}

#[test]
fn the_default_glossary_has_no_dated_fact_problems() {
    let rebuilt = GlossaryStore::new(true).rebuild();
    let dated_codes = [
        "glossary-invalid",
        "unknown-id",
        "succession-cycle",
        "overlapping-holders",
    ];
    let found: Vec<String> = rebuilt
        .problems
        .values()
        .flatten()
        .filter(|p| dated_codes.contains(&p.code))
        .map(|p| p.to_string())
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_successions_of_the_issue_resolve_both_ways() {
    let g = default_glossary();
    for (before, after) in [
        ("shanghai-five", "sco"),
        ("gatt", "wto"),
        ("oau", "african-union"),
        ("g8", "g7"),
        ("millennium-development-goals", "sdgs"),
        ("league-of-nations", "united-nations"),
        ("soviet-union", "russia"),
        ("csce", "osce"),
        ("eec", "european-union"),
        ("commission-on-human-rights", "unhrc"),
        ("nafta", "usmca"),
    ] {
        let (b, a) = (id(&g, before), id(&g, after));
        assert!(g.successors(b).contains(&a), "{before} → {after}");
        assert!(g.predecessors(a).contains(&b), "{after} ← {before}");
        let (pb, pa) = (g.entry(b).def.period(), g.entry(a).def.period());
        if let (Some(end), Some(start)) = (pb.end, pa.start) {
            assert!(
                start.first.year() - end.last.year() <= 1,
                "{before} ends {end:?}, {after} starts {start:?}: a gap"
            );
        }
    }
}

#[test]
fn renamed_states_keep_their_old_names_as_dated_labels() {
    let g = default_glossary();
    let matcher = Matcher::new(g.clone());
    for (entry, old, until) in [
        ("eswatini", "Swaziland", 2018),
        ("dr-congo", "Zaire", 1997),
        (
            "north-macedonia",
            "Former Yugoslav Republic of Macedonia",
            2019,
        ),
        ("sri-lanka", "Ceylon", 1972),
        ("mumbai", "Bombay", 1995),
        ("astana", "Nur-Sultan", 2022),
    ] {
        let e = id(&g, entry);
        let period = g
            .label_period(e, old)
            .unwrap_or_else(|| panic!("{old} is a dated label of {entry}"));
        assert_eq!(period.end.map(|d| d.last.year()), Some(until), "{old}");
        let recognised = matcher
            .lookup(old)
            .iter()
            .any(|s| matcher.surface(*s).entries.iter().any(|(x, _)| *x == e));
        assert!(recognised, "{old} is recognised as {entry}");
        assert_eq!(g.label_period(e, &g.entry(e).def.label), None);
    }
}

/// Counts, printed for the record (`cargo test --test dated_glossary -- --nocapture`).
#[test]
fn dated_entries_are_counted() {
    let g = default_glossary();
    let defs = || g.ids().map(|i| &g.entry(i).def);
    let dated = defs()
        .filter(|d| d.start.is_some() || d.end.is_some())
        .count();
    let successions: usize = g.ids().map(|i| g.successors(i).len()).sum();
    let with_dated_labels = defs().filter(|d| !d.dated_labels.is_empty()).count();
    let dated_labels = defs()
        .flat_map(|d| surfaces(d))
        .filter(|s| matches!(s.role, LabelRole::Dated(_)))
        .count();
    println!(
        "entries with start/end: {dated}; succession links: {successions}; entries with dated labels: {with_dated_labels} ({dated_labels} labels)"
    );
    assert!(dated >= 30 && successions >= 11 && with_dated_labels >= 10);
}
