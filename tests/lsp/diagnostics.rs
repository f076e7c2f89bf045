//! Diagnostics on real texts (pushed), and pulled diagnostics that cover the
//! closed files of the workspace too.

use serde_json::{Value, json};

use crate::fixture::start;
use crate::support::{corpus_text, file_uri, position_of};
use crate::workspace_fixture::{A_MD, start as start_workspace, uri, workspace};

#[test]
fn unknown_acronym_accws_is_reported_in_the_siis_report() {
    let Some(text) = corpus_text("siis-symposium-rebuilding-consensus-2023.txt") else {
        return;
    };
    let (mut c, ws) = start();
    let uri = file_uri(&ws.path().join("siis.txt"));
    c.open(&uri, "plaintext", &text);
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
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn g7_and_g_7_in_one_essay_are_an_inconsistent_name() {
    let Some(text) = corpus_text("three-core-concepts-sino-russian-cooperation.txt") else {
        return;
    };
    let (mut c, ws) = start();
    let uri = file_uri(&ws.path().join("essay.txt"));
    c.open(&uri, "plaintext", &text);
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

#[test]
fn pull_diagnostics_cover_closed_files() {
    let ws = workspace();
    let mut c = start_workspace(&ws, true);
    let a = uri(&ws, "notes/a.md");
    c.open(&a, "markdown", A_MD);
    let d = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": a}}),
    );
    assert_eq!(d["result"]["kind"], "full");
    let codes: Vec<&str> = d["result"]["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x["code"].as_str())
        .collect();
    assert!(
        codes.contains(&"non-preferred-term") && codes.contains(&"unknown-acronym"),
        "{codes:?}"
    );
    let w = c.request("workspace/diagnostic", json!({"previousResultIds": []}));
    let items = w["result"]["items"].as_array().cloned().unwrap_or_default();
    let c_report = items
        .iter()
        .find(|i| i["uri"].as_str().unwrap_or("").ends_with("/c.txt"))
        .expect("closed file reported");
    assert_eq!(c_report["items"][0]["code"], "undefined-acronym");
    assert!(c_report["version"].is_null());
    assert!(
        items
            .iter()
            .any(|i| i["uri"] == json!(a) && i["version"] == 1)
    );
    assert!(
        !items
            .iter()
            .any(|i| i["uri"].as_str().unwrap_or("").contains("ignored"))
    );
    // Nothing is pushed for documents when the client pulls.
    assert!(!c.notifications.iter().any(
        |n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == json!(a)
    ));
}
