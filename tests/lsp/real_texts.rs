//! The corpus texts (`../shared/corpus`, real writing with stray spaces and
//! late or missing expansions): what a user sees on them. Each test prints
//! `SKIPPED` without the corpus (README "Tests").

use serde_json::{Value, json};

use crate::fixture::{hover_text, start_with_corpus_text};
use crate::support::position_of;

#[test]
fn siis_report_hover_names_the_institute_and_accws_is_an_unknown_acronym() {
    let Some((mut c, _ws, uri, text)) =
        start_with_corpus_text("siis-symposium-rebuilding-consensus-2023.txt", "siis.txt")
    else {
        return;
    };
    let diags = c.wait_diagnostics(&uri, |d| !d.is_empty());
    let accws: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "unknown-acronym")
        .collect();
    assert!(
        accws
            .iter()
            .any(|d| d["message"].as_str().unwrap_or("").contains("ACCWS")),
        "ACCWS gives unknown-acronym: {diags:?}"
    );
    assert!(diags.iter().all(|d| d["source"] == "gloss"));
    let (line, col) = position_of(&text, "SIIS", 0);
    let h = c.hover(&uri, line, col + 1);
    let card = hover_text(&h);
    assert!(
        card.contains("Shanghai Institutes for International Studies"),
        "{card}"
    );
    assert_eq!(
        h["result"]["range"]["start"],
        json!({"line": line, "character": col})
    );
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn a_later_cica_goes_to_and_shows_its_in_text_expansion() {
    let Some((mut c, _ws, uri, text)) = start_with_corpus_text(
        "asian-security-architecture-remarks-2014.txt",
        "remarks.txt",
    ) else {
        return;
    };
    let (line, col) = position_of(&text, "CICA members", 0);
    let resp = c.definition(&uri, line, col + 2);
    let loc = &resp["result"];
    assert_eq!(loc["uri"], json!(uri), "{resp}");
    let (eline, ecol) = position_of(&text, "Conference on Interaction and Confidence", 0);
    assert_eq!(
        loc["range"]["start"],
        json!({"line": eline, "character": ecol}),
        "{resp}"
    );
    // Hover on the later CICA shows the in-text expansion too.
    let card = hover_text(&c.hover(&uri, line, col));
    assert!(
        card.contains("**In this document:** “Conference on Interaction"),
        "{card}"
    );
}

#[test]
fn g7_and_g_7_in_one_essay_are_an_inconsistent_name() {
    let Some((mut c, _ws, uri, text)) = start_with_corpus_text(
        "three-core-concepts-sino-russian-cooperation.txt",
        "essay.txt",
    ) else {
        return;
    };
    let diags = c.wait_diagnostics(&uri, |d| !d.is_empty());
    let inconsistent: Vec<&Value> = diags
        .iter()
        .filter(|d| {
            d["code"] == "inconsistent-name" && d["message"].as_str().unwrap_or("").contains("G-7")
        })
        .collect();
    assert_eq!(inconsistent.len(), 1, "{diags:?}");
    let d = inconsistent[0];
    let later = if text.find("G7") < text.find("G-7") {
        "G-7"
    } else {
        "G7"
    };
    let (line, col) = position_of(&text, later, 0);
    assert_eq!(d["range"]["start"], json!({"line": line, "character": col}));
    assert!(
        d["relatedInformation"][0]["location"]["range"].is_object(),
        "{d}"
    );
}
