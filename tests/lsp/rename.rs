//! Rename across the workspace: a preferred label from a mention (documents
//! and glossary), an id from the glossary (its definition and references,
//! never other strings), and a refusal with a reason for embedded entries.

use serde_json::json;

use crate::support::apply_workspace_edit;
use crate::workspace_fixture::{A_MD, GLOSSARY, at, start, start_with_open, uri, workspace};

#[test]
fn renaming_a_preferred_label_edits_every_document_and_the_glossary() {
    let (ws, mut c, [a, _g]) = start_with_open(false, ["notes/a.md", "glossary/orgs.toml"]);

    // Rename a preferred label from a mention.
    let pos = at(A_MD, "Beta Board", 0);
    let prep = c.prepare_rename(&a, &pos);
    assert_eq!(prep["result"]["placeholder"], "Beta Board", "{prep}");
    let r = c.rename(&a, &pos, "Beta Council");
    apply_workspace_edit(&r["result"]);
    let b = std::fs::read_to_string(ws.path().join("notes/deep/b.txt")).expect("b");
    assert_eq!(
        b,
        "Acme Council news. The Acme body met the Beta Council.\n"
    );
    let a_disk = std::fs::read_to_string(ws.path().join("notes/a.md")).expect("a");
    assert!(a_disk.contains("and the Beta Council."));
    let gl = std::fs::read_to_string(ws.path().join("glossary/orgs.toml")).expect("g");
    assert!(gl.contains("label = \"Beta Council\""), "{gl}");
}

#[test]
fn renaming_an_id_edits_its_definition_and_references_only() {
    let (ws, mut c, [_a, g]) = start_with_open(false, ["notes/a.md", "glossary/orgs.toml"]);

    // Rename an id from the glossary: its definition and references, never other strings.
    let idpos = at(GLOSSARY, "\"acme\"", 0);
    let idpos =
        json!({"line": idpos["line"], "character": idpos["character"].as_u64().unwrap_or(0) + 2});
    let prep = c.prepare_rename(&g, &idpos);
    assert_eq!(prep["result"]["placeholder"], "acme", "{prep}");
    let bad = c.rename(&g, &idpos, "beta");
    assert!(bad.get("error").is_some(), "an id in use is refused: {bad}");
    let r = c.rename(&g, &idpos, "acme-council");
    apply_workspace_edit(&r["result"]);
    let gl2 = std::fs::read_to_string(ws.path().join("glossary/orgs.toml")).expect("g");
    assert!(
        gl2.contains("id = \"acme-council\"") && gl2.contains("related = [\"acme-council\"]"),
        "{gl2}"
    );
    assert!(!gl2.contains("\"acme\""));
}

#[test]
fn renaming_an_embedded_entry_is_refused_with_a_reason() {
    let ws = workspace();
    let mut c = start(&ws, false);
    // Renaming from a mention of an embedded-glossary entry is refused with a reason.
    let t = uri(&ws, "t.txt");
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"gloss": {"default_glossary": true}}}),
    );
    c.open(&t, "plaintext", "The United Nations.\n");
    let prep = c.prepare_rename(&t, &json!({"line": 0, "character": 6}));
    assert!(
        prep["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("embedded"),
        "{prep}"
    );
}
