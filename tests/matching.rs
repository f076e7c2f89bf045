//! The matching rules of the README, one table row per rule, against the
//! shared test glossary (`tests/support/test_glossary.toml`).

use gloss::analysis::diagnostics::diagnostics;
use gloss::config::DiagnosticLevels;
use gloss::index::document::{Document, Language};
use gloss::recognize::matcher::Matcher;

mod support;
use support::glossary::{TEST_GLOSSARY, matcher_of};

/// (matched text, entry id) for every mention.
fn mentions(m: &Matcher, text: &str, language: Language) -> Vec<(String, String)> {
    let doc = Document::new(text, 0, language, m);
    doc.index
        .mentions
        .iter()
        .map(|s| {
            let entry = m.surface(*s.data).entries[0].0;
            (
                text[s.start..s.end].to_string(),
                m.glossary().entry(entry).def.id.clone(),
            )
        })
        .collect()
}

fn ids(m: &Matcher, text: &str) -> Vec<String> {
    mentions(m, text, Language::Plain)
        .into_iter()
        .map(|(t, id)| format!("{t}={id}"))
        .collect()
}

#[test]
fn matching_rules_table() {
    let m = matcher_of("/t/glossary.toml", TEST_GLOSSARY);
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "acronyms match with exact case",
            "WHO said who knows. Who?",
            &["WHO=who"],
        ),
        ("UN is not un", "the UN and the un-named", &["UN=un"]),
        (
            "all-caps labels are exact",
            "BRICS and Brics and brics",
            &["BRICS=brics"],
        ),
        (
            "other labels ignore case",
            "the world health organization",
            &["world health organization=who"],
        ),
        (
            "Unicode case folding",
            "HAUPTSTRASSE and hauptstraße",
            &["HAUPTSTRASSE=strasse", "hauptstraße=strasse"],
        ),
        ("exact_case entries", "China and china", &["China=china"]),
        (
            "possessive",
            "China's and China’s and the UN's",
            &["China=china", "China=china", "UN=un"],
        ),
        (
            "plural",
            "NGOs and summits and NGO",
            &["NGOs=ngo", "summits=summit", "NGO=ngo"],
        ),
        (
            "whole words only",
            "UNESCO, SCOPE, Shanghaiese, BRICSX, WHOM",
            &[],
        ),
        (
            "hyphen is a boundary",
            "UN-centred, post-Shanghai",
            &["UN=un", "Shanghai=shanghai"],
        ),
        (
            "leftmost-longest",
            "the Shanghai Cooperation Organisation met",
            &["Shanghai Cooperation Organisation=sco"],
        ),
        (
            "labels across a line break",
            "the Shanghai\n  Cooperation Organisation",
            &["Shanghai\n  Cooperation Organisation=sco"],
        ),
        (
            "not across a paragraph break",
            "the Shanghai\n\nCooperation Organisation",
            &["Shanghai=shanghai"],
        ),
        (
            "Chinese without word boundaries",
            "中国和上海合作组织的关系",
            &["中国=china", "上海合作组织=sco"],
        ),
        (
            "hidden labels are recognised",
            "a community of common destiny",
            &["community of common destiny=cswf"],
        ),
    ];
    for (rule, text, expected) in cases {
        assert_eq!(ids(&m, text), *expected, "rule: {rule}; text: {text:?}");
    }
}

#[test]
fn json_glossaries_have_the_same_shape() {
    let json = r#"{"entry": [{"id": "acme", "label": "Acme Council", "kind": "organization", "acronyms": ["ACMEC"]}]}"#;
    let m = matcher_of("/t/acme.glossary.json", json);
    assert_eq!(
        ids(&m, "The ACMEC and the acme council"),
        vec!["ACMEC=acme", "acme council=acme"]
    );
}

#[test]
fn diagnostics_table() {
    let m = matcher_of("/t/glossary.toml", TEST_GLOSSARY);
    let levels = DiagnosticLevels::default();
    let cases: &[(&str, &str, &[&str])] = &[
        ("never expanded", "The SCO met.", &["undefined-acronym@4"]),
        (
            "expanded first",
            "The Shanghai Cooperation Organisation (SCO) met. The SCO again.",
            &[],
        ),
        (
            "expanded acronym-first",
            "The SCO (Shanghai Cooperation Organisation) met.",
            &[],
        ),
        (
            "used before expansion",
            "SCO. Later: Shanghai Cooperation Organisation (SCO).",
            &["acronym-before-definition@0"],
        ),
        ("well-known needs no expansion", "The UN met.", &[]),
        (
            "hidden label",
            "a community of common destiny",
            &["non-preferred-term@2"],
        ),
        (
            "unknown acronym",
            "The ACCWS wrote.",
            &["unknown-acronym@4"],
        ),
        (
            "defined unknown acronym",
            "The Academy of Contemporary China and World Studies (ACCWS) wrote. ACCWS.",
            &[],
        ),
        (
            "unknown acronym used before its definition",
            "ACCWS. The Academy of Contemporary China and World Studies (ACCWS).",
            &["acronym-before-definition@0"],
        ),
    ];
    for (rule, text, expected) in cases {
        let doc = Document::new(text, 0, Language::Plain, &m);
        let got: Vec<String> = diagnostics(&doc.index, &m, &levels)
            .iter()
            .map(|d| format!("{}@{}", d.code, d.range.start))
            .collect();
        assert_eq!(got, *expected, "rule: {rule}; text: {text:?}");
    }
}

#[test]
fn inconsistent_variants_are_reported_once_per_spelling() {
    let g = "[[entry]]\nid = \"g7\"\nlabel = \"Group of Seven\"\nkind = \"organization\"\nacronyms = [\"G7\"]\nvariants = [[\"G7\", \"G-7\"]]\nwell_known = true\n";
    let m = matcher_of("/t/g.toml", g);
    let doc = Document::new(
        "The G7 met. The G-7 met. The G-7 again.",
        0,
        Language::Plain,
        &m,
    );
    let d = diagnostics(&doc.index, &m, &DiagnosticLevels::default());
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, "inconsistent-name");
    assert_eq!(d[0].range.start, 16);
    assert_eq!(d[0].related[0].range.start, 4);
}
