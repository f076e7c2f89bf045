//! Completion: preferred labels in prose after a few letters, entry ids
//! inside a glossary.

use serde_json::json;

use crate::workspace_fixture::{GLOSSARY, at, start_with_open};

#[test]
fn completion_in_prose_offers_the_preferred_label_after_three_letters() {
    let (_ws, mut c, [a]) = start_with_open(false, ["notes/a.md"]);
    // completion in prose: after a few letters, inserting the preferred label.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 2}, "contentChanges": [{"range": {"start": {"line": 7, "character": 0}, "end": {"line": 7, "character": 0}}, "text": "Meet the acm"}]}),
    );
    let comp = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": a}, "position": {"line": 7, "character": 12}}),
    );
    let items = comp["result"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let acme = items
        .iter()
        .find(|i| i["textEdit"]["newText"] == "Acme Council")
        .expect("Acme Council offered");
    assert_eq!(
        acme["textEdit"]["range"]["start"],
        json!({"line": 7, "character": 9})
    );
    let none = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": a}, "position": {"line": 7, "character": 7}}),
    );
    assert!(
        none["result"].is_null(),
        "no completion after two letters: {none}"
    );
}

#[test]
fn completion_in_a_glossary_offers_entry_ids() {
    let (_ws, mut c, [g]) = start_with_open(false, ["glossary/orgs.toml"]);
    // completion of ids inside the glossary.
    let p = at(GLOSSARY, "\"acme\"]", 0);
    let idc = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": g}, "position": {"line": p["line"], "character": p["character"].as_u64().unwrap_or(0) + 3}}),
    );
    assert!(
        idc["result"]["items"]
            .as_array()
            .is_some_and(|i| i.iter().any(|x| x["textEdit"]["newText"] == "acme")),
        "{idc}"
    );
}
