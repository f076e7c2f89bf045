//! Glossaries in and out: lossless Gloss → SKOS → Gloss round trips (the
//! embedded default glossary, Turtle and RDF/XML), golden files for every
//! export and import format, and located import errors.
//! `UPDATE_GOLDEN=1 cargo test --test cli_interchange` rewrites the golden files.

use std::path::Path;

use gloss::cli::interchange::{self, ExportFormat, ImportFormat, Options};
use gloss::glossary::embedded;
use gloss::glossary::model::{EntryDef, GlossaryFile, HiddenLabel, OneOrMany};
use gloss::recognize::matcher::Matcher;

mod support;
use support::TempWorkspace;
use support::cli::{arg, gloss_exits, stderr, stdout};
use support::golden::{golden, golden_dir};

/// The same information written two ways counts as equal: a one-item list of
/// labels and a single label, a hidden label with no note and a plain one.
fn normalized(entries: Vec<std::sync::Arc<EntryDef>>) -> Vec<EntryDef> {
    let mut entries: Vec<EntryDef> = entries.into_iter().map(|e| (*e).clone()).collect();
    for e in &mut entries {
        for v in e.labels.values_mut() {
            if let OneOrMany::Many(list) = v
                && list.len() == 1
            {
                *v = OneOrMany::One(list[0].clone());
            }
        }
        for h in &mut e.hidden {
            if let HiddenLabel::Detailed {
                label,
                use_instead: None,
                why: None,
            } = h
            {
                *h = HiddenLabel::Plain(label.clone());
            }
        }
    }
    entries
}

fn default_glossary() -> GlossaryFile {
    let mut g = GlossaryFile {
        title: Some("Gloss default glossary".into()),
        ..Default::default()
    };
    for f in embedded::files() {
        g.entries.extend(f.parsed.file.entries.iter().cloned());
    }
    g
}

fn ws_glossary() -> GlossaryFile {
    let text = std::fs::read_to_string(golden_dir().join("ws/glossary/test.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

fn assert_same(before: &GlossaryFile, after: &GlossaryFile, how: &str) {
    assert_eq!(before.title, after.title, "{how}: title");
    assert_eq!(
        before.entries.len(),
        after.entries.len(),
        "{how}: entry count"
    );
    let (a, b) = (
        normalized(before.entries.clone()),
        normalized(after.entries.clone()),
    );
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y, "{how}: entry `{}` changed", x.id);
    }
}

#[test]
fn skos_round_trip_of_the_default_glossary_loses_nothing() {
    let g = default_glossary();
    assert!(g.entries.len() > 500);
    let opts = Options::default();
    for (to, from_name) in [
        (ExportFormat::Skos, "default.ttl"),
        (ExportFormat::SkosXml, "default.rdf"),
    ] {
        let text = interchange::export(to, &g, &opts).unwrap();
        let back = interchange::import(ImportFormat::Skos, from_name, &text, &opts).unwrap();
        assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        assert_same(&g, &back.file, from_name);
    }
}

#[test]
fn skos_round_trip_of_every_field() {
    let g = ws_glossary();
    // The test glossary uses every field: labels, acronyms, aliases, variants,
    // hidden with and without notes, other languages (one and several),
    // broader, related, links, roles, and the three flags.
    let e = |id: &str| g.entries.iter().find(|e| e.id == id).unwrap();
    assert!(!e("sco").labels.is_empty() && !e("g7").variants.is_empty());
    assert!(!e("xi-jinping").roles.is_empty() && e("china").exact_case);
    let opts = Options {
        lang: "en".into(),
        base: "http://example.org/glossary/".into(),
    };
    for to in [ExportFormat::Skos, ExportFormat::SkosXml] {
        let text = interchange::export(to, &g, &opts).unwrap();
        assert!(text.contains("http://example.org/glossary/"));
        let name = if to == ExportFormat::Skos {
            "t.ttl"
        } else {
            "t.rdf"
        };
        let back = interchange::import(ImportFormat::Skos, name, &text, &opts).unwrap();
        assert_same(&g, &back.file, name);
    }
    // Other SKOS tools see plain SKOS: every label is a skos label.
    let ttl = interchange::export(ExportFormat::Skos, &g, &opts).unwrap();
    for label in [
        "\"SCO\"@en",
        "\"G-7\"@en",
        "\"上海合作组织\"@zh",
        "skos:narrower",
    ] {
        assert!(ttl.contains(label), "{label} missing");
    }
}

#[test]
fn tbx_round_trip_keeps_what_tbx_carries() {
    let g = ws_glossary();
    let opts = Options::default();
    let tbx = interchange::export(ExportFormat::Tbx, &g, &opts).unwrap();
    let back = interchange::import(ImportFormat::Tbx, "t.tbx", &tbx, &opts).unwrap();
    assert_eq!(back.file.entries.len(), g.entries.len());
    for (a, b) in g.entries.iter().zip(&back.file.entries) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.label, b.label);
        assert_eq!(a.kind, b.kind);
        assert_eq!(a.acronyms, b.acronyms);
        assert_eq!(a.description, b.description);
        assert_eq!(a.broader, b.broader);
        assert_eq!(a.related, b.related);
        assert_eq!(a.links, b.links);
        assert_eq!(
            a.hidden.iter().map(HiddenLabel::label).collect::<Vec<_>>(),
            b.hidden.iter().map(HiddenLabel::label).collect::<Vec<_>>()
        );
        assert_eq!(a.labels, b.labels, "{}", a.id);
        for alias in &a.aliases {
            assert!(b.aliases.contains(alias), "{alias}");
        }
    }
}

#[test]
fn csv_and_spacy_round_trips() {
    let g = ws_glossary();
    let csv = interchange::export(ExportFormat::Csv, &g, &Options::default()).unwrap();
    let back = interchange::import(ImportFormat::Csv, "t.csv", &csv, &Options::default()).unwrap();
    for (a, b) in g.entries.iter().zip(&back.file.entries) {
        assert_eq!(
            (&a.id, &a.label, a.kind, &a.aliases, &a.acronyms),
            (&b.id, &b.label, b.kind, &b.aliases, &b.acronyms)
        );
        assert_eq!((&a.description, &a.links), (&b.description, &b.links));
    }
    let spacy = interchange::export(ExportFormat::Spacy, &g, &Options::default()).unwrap();
    let back =
        interchange::import(ImportFormat::Spacy, "t.jsonl", &spacy, &Options::default()).unwrap();
    for (a, b) in g.entries.iter().zip(&back.file.entries) {
        assert_eq!((&a.id, &a.label, a.kind), (&b.id, &b.label, b.kind));
    }
}

#[test]
fn export_formats_golden() {
    let ws = golden_dir().join("ws");
    for (to, name) in [
        ("skos", "export/test.ttl"),
        ("skos-xml", "export/test.rdf"),
        ("tbx", "export/test.tbx"),
        ("csv", "export/test.csv"),
        ("spacy", "export/test.spacy.jsonl"),
    ] {
        let o = gloss_exits(&ws, &["glossary", "export", "--to", to], 0);
        golden(name, &stdout(&o));
    }
}

#[test]
fn export_of_the_embedded_default() {
    let tmp = TempWorkspace::new();
    // A folder that does not exist yet: export creates it.
    let out = tmp.path().join("export/default.jsonl");
    gloss_exits(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "glossary",
            "export",
            "--to",
            "spacy",
            "--default",
            "--out",
            arg(&out),
        ],
        0,
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() > default_glossary().entries.len());
    assert!(
        lines
            .iter()
            .all(|l| l["label"].is_string() && l["pattern"].is_string() && l["id"].is_string())
    );
    // No glossary in an empty folder and no --default: exit 2 with advice.
    let empty = TempWorkspace::new();
    let o = gloss_exits(empty.path(), &["glossary", "export", "--to", "skos"], 2);
    assert!(stderr(&o).contains("--default"));
}

#[test]
fn import_formats_golden_and_loadable() {
    let dir = golden_dir().join("import");
    for (from, file) in [
        ("skos", "foreign.ttl"),
        ("skos", "foreign.rdf"),
        ("tbx", "foreign.tbx"),
        ("csv", "foreign.csv"),
        ("spacy", "foreign.spacy.jsonl"),
    ] {
        let o = gloss_exits(&dir, &["glossary", "import", "--from", from, file], 0);
        let toml = stdout(&o);
        // What import writes loads in Gloss without a single problem.
        let loaded = Matcher::from_glossary_text("imported.toml", &toml, false);
        assert!(loaded.is_ok(), "{file}: {:?}", loaded.err());
        golden(&format!("import/{file}.toml"), &toml);
    }
}

#[test]
fn import_errors_are_located() {
    let opts = Options::default();
    let cases: [(ImportFormat, &str, &str, &str); 5] = [
        (
            ImportFormat::Skos,
            "bad.ttl",
            "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<http://example.org/a> skos:prefLabel \"x\" ;\n  skos:altLabel .\n",
            "bad.ttl:3:",
        ),
        (
            ImportFormat::Csv,
            "bad.csv",
            "id,label,kind\na,Alpha,concept\nb,Beta,thing\n",
            "bad.csv:3:3: unknown kind \"thing\"; use concept",
        ),
        (
            ImportFormat::Csv,
            "cols.csv",
            "id,label,colour\n",
            "cols.csv:1:3: unknown column \"colour\"",
        ),
        (
            ImportFormat::Tbx,
            "bad.tbx",
            "<tbx>\n<text><body>\n<conceptEntry id=\"a\"></langSec>\n",
            "bad.tbx:3:",
        ),
        (
            ImportFormat::Spacy,
            "bad.jsonl",
            "{\"label\": \"ORG\", \"pattern\": \"A\"}\n{\"label\": ORG}\n",
            "bad.jsonl:2:",
        ),
    ];
    for (format, name, text, expected) in cases {
        let err = interchange::import(format, name, text, &opts).unwrap_err();
        assert!(
            err.to_string().starts_with(expected),
            "{name}: {err} (expected {expected}…)"
        );
    }
    // Through the binary: exit 2, the message on stderr.
    let dir = golden_dir().join("import");
    let o = gloss_exits(
        &dir,
        &["glossary", "import", "--from", "csv", "missing.csv"],
        2,
    );
    assert!(stderr(&o).contains("missing.csv"));
}
