//! Edits to glossary files against golden files in `tests/golden/glossary_edit/`:
//! renaming an id, changing a label and adding an entry keep every comment
//! and the user's layout, quote values right for TOML and JSON, and the
//! result parses back to the expected entries.
//! `UPDATE_GOLDEN=1 cargo test --test glossary_edit` rewrites the golden files.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gloss::analysis::actions::new_entry;
use gloss::analysis::rename::{label_edit, rename_id};
use gloss::glossary::edit::insert_entry;
use gloss::glossary::model::EntryDef;
use gloss::glossary::store::GlossaryStore;
use gloss::glossary::{Format, Glossary, load};

#[path = "support/golden.rs"]
mod golden_support;
use golden_support::{golden, golden_dir};

const TOML: &str = "glossary_edit/orgs.toml";
const JSON: &str = "glossary_edit/partners.json";

fn fixture(name: &str) -> (PathBuf, String) {
    let path = golden_dir().join(name);
    let text = std::fs::read_to_string(&path).expect("fixture");
    (path, text)
}

/// Both fixtures loaded as one workspace (the JSON file refers to TOML ids).
fn workspace() -> Arc<Glossary> {
    let mut store = GlossaryStore::new(false);
    for name in [TOML, JSON] {
        let (path, text) = fixture(name);
        store.set_file(&path, text.as_str());
    }
    let r = store.rebuild();
    assert!(r.problems.values().all(Vec::is_empty), "{:?}", r.problems);
    r.glossary
}

fn source_index(g: &Glossary, name: &str) -> usize {
    let path = golden_dir().join(name);
    g.sources
        .iter()
        .position(|s| s.path.as_deref() == Some(path.as_path()))
        .expect("source loaded")
}

fn apply(text: &str, edits: &[(Range<usize>, String)]) -> String {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0.start));
    let mut out = text.to_string();
    for (range, new) in edits {
        out.replace_range(range, &new);
    }
    out
}

fn entries(name: &str, text: &str) -> Vec<EntryDef> {
    load::parse(name, text, Format::from_path(name))
        .unwrap_or_else(|p| panic!("{name} does not parse back: {p:?}"))
        .file
        .entries
        .into_iter()
        .map(|e| (*e).clone())
        .collect()
}

/// Every comment line of `before` is still in `after`.
fn keeps_comments(before: &str, after: &str) {
    for line in before.lines().filter(|l| l.contains('#')) {
        let comment = &line[line.find('#').unwrap_or(0)..];
        assert!(after.contains(comment), "lost {comment:?}:\n{after}");
    }
}

#[test]
fn rename_an_id_across_toml_and_json() {
    let g = workspace();
    let edits = rename_id(&g, "acme", "acme-council");
    assert_eq!(edits.len(), 2, "{edits:?}");
    for (name, out_name) in [
        (TOML, "glossary_edit/orgs.rename-id.toml"),
        (JSON, "glossary_edit/partners.rename-id.json"),
    ] {
        let (_, text) = fixture(name);
        let index = source_index(&g, name);
        let list = edits
            .iter()
            .find(|(i, _)| *i == index)
            .map(|(_, l)| l.clone())
            .expect("edits for this file");
        let out = apply(&text, &list);
        golden(out_name, &out);
        keeps_comments(&text, &out);
        for e in entries(name, &out) {
            let refs = e
                .broader
                .iter()
                .chain(&e.related)
                .chain(e.roles.iter().filter_map(|r| r.of.as_ref()));
            assert!(e.id != "acme" && refs.clone().all(|r| r != "acme"), "{e:?}");
            if e.id == "jo" {
                // A role title that happens to read "acme" is not a reference.
                assert_eq!(e.roles[1].title, "acme");
                assert_eq!(e.roles[1].of.as_deref(), Some("acme-council"));
            }
        }
    }
    // The TOML file's id kept its single quotes; the description is untouched.
    let (_, text) = fixture(TOML);
    let index = source_index(&g, TOML);
    let toml_edits = &edits.iter().find(|(i, _)| *i == index).expect("toml").1;
    let out = apply(&text, toml_edits);
    assert!(out.contains("id     = 'acme-council'          # the council's stable id"));
    assert!(out.contains("description = \"Not \\\"acme\\\" the word: the council.\""));
}

#[test]
fn change_a_label_in_toml_and_json() {
    let g = workspace();
    let cases = [
        (
            TOML,
            "jo",
            "Jo Bloggs \\ Jr. 乔",
            "glossary_edit/orgs.label.toml",
        ),
        (
            JSON,
            "delta",
            "Delta \\ Group é",
            "glossary_edit/partners.label.json",
        ),
    ];
    for (name, id, new_label, out_name) in cases {
        let (_, text) = fixture(name);
        let entry = g.by_id(id).expect("entry");
        let (source, range, new) = label_edit(&g, entry, new_label).expect("label edit");
        assert_eq!(source, source_index(&g, name));
        let out = apply(&text, &[(range, new)]);
        golden(out_name, &out);
        keeps_comments(&text, &out);
        let after = entries(name, &out);
        let changed = after.iter().find(|e| e.id == id).expect("still there");
        assert_eq!(changed.label, new_label);
        let before = entries(name, &text);
        assert_eq!(before.len(), after.len());
        for (b, a) in before.iter().zip(&after) {
            if b.id != id {
                assert_eq!(b, a);
            }
        }
    }
}

#[test]
fn add_an_entry_to_toml_and_json() {
    let g = workspace();
    for (name, label, acronym, out_name) in [
        (
            TOML,
            "Zeta \"Z\" Group \\ Ω",
            None,
            "glossary_edit/orgs.add.toml",
        ),
        (
            JSON,
            "Epsilon Trust",
            Some("ET"),
            "glossary_edit/partners.add.json",
        ),
    ] {
        let (_, text) = fixture(name);
        let entry = new_entry(&g, label, acronym);
        let insertion = insert_entry(Some(&text), Format::from_path(name), &entry);
        let mut out = text.clone();
        out.insert_str(insertion.at, &insertion.text);
        golden(out_name, &out);
        keeps_comments(&text, &out);
        let before = entries(name, &text);
        let after = entries(name, &out);
        assert_eq!(after.len(), before.len() + 1);
        assert_eq!(&after[..before.len()], &before[..]);
        let added = after.last().expect("added");
        assert_eq!(added.label, label);
        assert_eq!(added.id, entry.id);
        assert_eq!(
            added.acronyms,
            acronym.map(str::to_string).into_iter().collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_new_glossary_file_parses_back() {
    let g = workspace();
    let entry = new_entry(&g, "Acme Council", Some("ACMEC"));
    // The id is fresh: "acme-council" is free, the label's slug.
    assert_eq!(entry.id, "acme-council");
    for name in ["new.toml", "new.json"] {
        let insertion = insert_entry(None, Format::from_path(name), &entry);
        assert_eq!(insertion.at, 0);
        let parsed = entries(name, &insertion.text);
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].acronyms, ["ACMEC"]);
    }
    assert!(Path::new(&golden_dir().join(TOML)).exists());
}
