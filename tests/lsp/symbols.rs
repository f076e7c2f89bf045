//! Document highlight, document symbols (entities by kind, heading tree)
//! and workspace symbols (fuzzy, to the glossary entry).

use serde_json::json;

use crate::workspace_fixture::{A_MD, at, start, start_with_open, workspace};

#[test]
fn document_highlight_marks_mentions_in_this_document_only() {
    let (_ws, mut c, [a]) = start_with_open(false, ["notes/a.md"]);
    // documentHighlight: this document only.
    let h = c.request(
        "textDocument/documentHighlight",
        json!({"textDocument": {"uri": a}, "position": at(A_MD, "ACMEC", 1)}),
    );
    assert_eq!(h["result"].as_array().map(Vec::len), Some(6), "{h}");
}

#[test]
fn document_symbols_group_entities_by_kind_and_nest_headings() {
    let (_ws, mut c, [a]) = start_with_open(false, ["notes/a.md"]);
    // documentSymbol: entities by kind with their mentions, and the heading tree.
    let s = c.document_request("textDocument/documentSymbol", &a);
    let syms = s["result"].as_array().cloned().unwrap_or_default();
    let orgs = syms
        .iter()
        .find(|x| x["name"] == "Organizations")
        .expect("group");
    assert_eq!(orgs["children"][0]["name"], "Acme Council");
    assert_eq!(
        orgs["children"][0]["children"].as_array().map(Vec::len),
        Some(6)
    );
    assert!(syms.iter().any(|x| x["name"] == "Concepts"));
    let intro = syms.iter().find(|x| x["name"] == "Intro").expect("heading");
    assert_eq!(intro["children"][0]["name"], "Later");
}

#[test]
fn workspace_symbol_search_is_fuzzy_and_goes_to_the_entry() {
    let ws = workspace();
    let mut c = start(&ws, false);
    // workspace/symbol: fuzzy, jumps to the entry.
    let w = c.request("workspace/symbol", json!({"query": "acmc"}));
    assert_eq!(w["result"][0]["name"], "Acme Council", "{w}");
    assert!(
        w["result"][0]["location"]["uri"]
            .as_str()
            .unwrap_or("")
            .ends_with("orgs.toml")
    );
    assert_eq!(w["result"][0]["location"]["range"]["start"]["line"], 1);
}
