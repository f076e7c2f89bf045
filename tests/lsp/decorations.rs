//! What editors draw over the text: semantic tokens typed by entry kind,
//! inlay hints with an acronym's expansion, and the code lens and hover of
//! a glossary entry counting its mentions across the workspace.

use serde_json::json;

use crate::workspace_fixture::{add_zqxw_through_its_code_action, start_with_open};

#[test]
fn semantic_tokens_are_typed_by_entry_kind() {
    let (ws, mut c, [a, g]) = start_with_open(false, ["notes/a.md", "glossary/orgs.toml"]);
    add_zqxw_through_its_code_action(&mut c, &ws, &a, &g);
    // semantic tokens: typed by kind.
    let st = c.document_request("textDocument/semanticTokens/full", &a);
    let data = st["result"]["data"].as_array().cloned().unwrap_or_default();
    assert_eq!(data.len() % 5, 0);
    assert_eq!(data.len() / 5, 8, "{data:?}"); // 6 Acme, Beta Board, ZQXW (now in the glossary)
    assert_eq!(
        data[3], 1,
        "Acme Council is an organization (legend index 1)"
    );
    let sr = c.request(
        "textDocument/semanticTokens/range",
        json!({"textDocument": {"uri": a}, "range": {"start": {"line": 6, "character": 0}, "end": {"line": 7, "character": 0}}}),
    );
    assert_eq!(
        sr["result"]["data"].as_array().map(Vec::len),
        Some(5 * 4),
        "{sr}"
    );
}

#[test]
fn inlay_hints_show_the_expansion_after_the_first_use() {
    let (_ws, mut c, [cu]) = start_with_open(false, ["c.txt"]);
    // inlay hints: the expansion after the first use.
    let ih = c.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": cu}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}}),
    );
    assert_eq!(ih["result"][0]["label"], " (Acme Council)", "{ih}");
    assert_eq!(
        ih["result"][0]["position"],
        json!({"line": 0, "character": 22})
    );
}

#[test]
fn code_lens_and_hover_of_a_glossary_entry_count_its_mentions() {
    let (_ws, mut c, [g]) = start_with_open(false, ["glossary/orgs.toml"]);
    // code lens and hover on the glossary entry.
    let lens = c.document_request("textDocument/codeLens", &g);
    let l0 = &lens["result"][0];
    assert_eq!(l0["command"]["title"], "9 mentions in 3 files", "{lens}");
    assert_eq!(l0["command"]["command"], "editor.action.showReferences");
    let hv = c.hover(&g, 3, 3);
    let card = hv["result"]["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        card.contains("Mentioned 9 times in 3 files") && card.contains("notes/a.md (6)"),
        "{card}"
    );
}
