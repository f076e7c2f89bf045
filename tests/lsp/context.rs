//! Recognition in context, over stdio with the embedded glossary: every
//! feature shows what the decision step resolved. An acronym the document
//! defines otherwise (ICC) shows and goes to the document's definition and
//! is no reference of the glossary's entry, open or closed; an ambiguous
//! acronym (PPP) is reported, offers one "Means" action per candidate, and
//! applying one clears the report; a label inside a longer name ("Jordan
//! Peterson") gets no card. Non-ASCII text before the mentions checks UTF-16
//! positions.

use serde_json::{Value, json};

use crate::fixture::{codes, hover_text};
use crate::support::{LspClient, TempWorkspace, apply_workspace_edit, file_uri, position_of};

/// The ICC of the document is the International Cricket Council.
const CRICKET: &str = "Les données — 中文 😀\nThe International Cricket Council (ICC) met. The ICC fined two boards.\n";
/// The ICC of the glossary.
const COURT: &str = "The International Criminal Court (ICC) sat. The ICC ruled.\n";
/// PPP names two entries of the embedded glossary; nothing here decides.
const PPP: &str = "Éé 中文 😀 — The PPP rose.\n\nLater the PPP fell.\n";

/// A server with the embedded glossary that advertised pull diagnostics
/// and finished indexing `ws`.
fn start(ws: &TempWorkspace) -> LspClient {
    let mut c = LspClient::spawn(&["lsp"]);
    c.initialize_with(
        &[ws.path()],
        json!({
            "general": {"positionEncodings": ["utf-16"]},
            "window": {"workDoneProgress": true},
            "workspace": {"workspaceEdit": {"documentChanges": true}},
            "textDocument": {
                "hover": {"contentFormat": ["markdown"]},
                "diagnostic": {"dynamicRegistration": false}
            }
        }),
        Value::Null,
    );
    c.wait_progress_end("files indexed");
    c
}

/// The LSP position of the `nth` `needle` in `text`, `shift` UTF-16 units on.
fn pos(text: &str, needle: &str, nth: usize, shift: u32) -> Value {
    let (line, character) = position_of(text, needle, nth);
    json!({"line": line, "character": character + shift})
}

/// The LSP range of the `nth` `needle` in `text` (ASCII needles).
fn range_of(text: &str, needle: &str, nth: usize) -> Value {
    let (line, character) = position_of(text, needle, nth);
    json!({"start": {"line": line, "character": character},
           "end": {"line": line, "character": character + needle.len() as u32}})
}

fn request_at(c: &mut LspClient, method: &str, uri: &str, at: Value) -> Value {
    c.request(
        method,
        json!({"textDocument": {"uri": uri}, "position": at,
               "context": {"includeDeclaration": false}}),
    )
}

/// The pulled diagnostics of `uri`.
fn pulled(c: &mut LspClient, uri: &str) -> Vec<Value> {
    let d = c.document_request("textDocument/diagnostic", uri);
    d["result"]["items"].as_array().cloned().unwrap_or_default()
}

#[test]
fn an_acronym_the_document_defines_otherwise_is_the_documents() {
    let ws = TempWorkspace::new();
    ws.write("closed.txt", CRICKET);
    ws.write("plain.txt", "The ICC sat.\n");
    let mut c = start(&ws);
    let doc = file_uri(&ws.path().join("doc.md"));
    let court = file_uri(&ws.path().join("court.txt"));
    c.open(&doc, "markdown", CRICKET);
    c.open(&court, "plaintext", COURT);

    // Hover on the second ICC: the document's long form, not the glossary's.
    let card = hover_text(&request_at(
        &mut c,
        "textDocument/hover",
        &doc,
        pos(CRICKET, "ICC", 1, 1),
    ));
    assert!(
        card.contains("“International Cricket Council” (expanded on line 2)"),
        "{card}"
    );
    assert!(card.contains("Not the glossary's ICC"), "{card}");
    assert!(!card.contains("**International Criminal Court**"), "{card}");

    // Definition: the long form in the document.
    let def = request_at(
        &mut c,
        "textDocument/definition",
        &doc,
        pos(CRICKET, "ICC", 1, 0),
    );
    assert_eq!(def["result"]["uri"], json!(doc), "{def}");
    assert_eq!(
        def["result"]["range"],
        range_of(CRICKET, "International Cricket Council", 0),
        "{def}"
    );

    // References of the glossary's ICC: the court's and the closed plain
    // one's, not the cricket ones (open or closed).
    let plain = file_uri(&ws.path().join("plain.txt"));
    let refs = request_at(
        &mut c,
        "textDocument/references",
        &court,
        pos(COURT, "ICC", 1, 0),
    );
    let found: Vec<(String, Value)> = refs["result"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|l| {
            (
                l["uri"].as_str().unwrap_or("").to_string(),
                l["range"].clone(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                court.clone(),
                range_of(COURT, "International Criminal Court", 0)
            ),
            (court.clone(), range_of(COURT, "ICC", 0)),
            (court.clone(), range_of(COURT, "ICC", 1)),
            (plain, range_of("The ICC sat.\n", "ICC", 0)),
        ],
        "{refs}"
    );
    // From the in-text mention: no entry, no references.
    let none = request_at(
        &mut c,
        "textDocument/references",
        &doc,
        pos(CRICKET, "ICC", 1, 0),
    );
    assert_eq!(none["result"], json!([]), "{none}");
    // Nothing to report by default (the document defines its ICC).
    assert_eq!(codes(&pulled(&mut c, &doc)), Vec::<String>::new());
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn an_ambiguous_acronym_is_reported_and_a_means_action_decides_it() {
    let ws = TempWorkspace::new();
    let path = ws.write("ppp.txt", PPP);
    let mut c = start(&ws);
    let uri = file_uri(&path);
    c.open(&uri, "plaintext", PPP);

    let diags = pulled(&mut c, &uri);
    let ambiguous: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "ambiguous-mention")
        .collect();
    assert_eq!(ambiguous.len(), 1, "{diags:?}");
    assert_eq!(ambiguous[0]["severity"], 3, "information");
    assert_eq!(ambiguous[0]["range"], range_of(PPP, "PPP", 0));
    let message = ambiguous[0]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("purchasing power parity")
            && message.contains("public-private partnership"),
        "{message}"
    );

    // Hover lists the candidates.
    let card = hover_text(&request_at(
        &mut c,
        "textDocument/hover",
        &uri,
        pos(PPP, "PPP", 1, 1),
    ));
    assert!(card.contains("possibly one of"), "{card}");

    // One action per candidate, from the second use too.
    let at = pos(PPP, "PPP", 1, 1);
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": at, "end": at},
               "context": {"diagnostics": []}}),
    );
    let means: Vec<Value> = actions["result"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|a| a["title"].as_str().unwrap_or("").starts_with("Means: "))
        .collect();
    let titles: Vec<&str> = means.iter().filter_map(|a| a["title"].as_str()).collect();
    assert_eq!(
        titles,
        vec![
            "Means: purchasing power parity",
            "Means: public-private partnership"
        ],
        "{actions}"
    );
    assert_eq!(means[0]["diagnostics"][0]["code"], "ambiguous-mention");

    // Apply the first: the first PPP is expanded and the report goes.
    apply_workspace_edit(&means[0]["edit"]);
    let edited = std::fs::read_to_string(&path).expect("read the edited file");
    assert_eq!(
        edited,
        "Éé 中文 😀 — The purchasing power parity (PPP) rose.\n\nLater the PPP fell.\n"
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": edited}]}),
    );
    let after = pulled(&mut c, &uri);
    assert!(
        !codes(&after).contains(&"ambiguous-mention".to_string()),
        "{after:?}"
    );
    let card = hover_text(&request_at(
        &mut c,
        "textDocument/hover",
        &uri,
        pos(&edited, "PPP", 1, 1),
    ));
    assert!(
        card.starts_with("**purchasing power parity** (PPP)"),
        "{card}"
    );
    assert!(
        card.contains("Linked because: expanded in this document"),
        "{card}"
    );
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn a_label_inside_a_longer_name_gets_no_card() {
    let ws = TempWorkspace::new();
    let mut c = start(&ws);
    let uri = file_uri(&ws.path().join("j.txt"));
    let text = "中文 😀 Jordan Peterson spoke.\n\nJordan and Egypt signed.\n";
    c.open(&uri, "plaintext", text);
    let aside = request_at(
        &mut c,
        "textDocument/hover",
        &uri,
        pos(text, "Jordan", 0, 1),
    );
    assert!(aside["result"].is_null(), "{aside}");
    let linked = hover_text(&request_at(
        &mut c,
        "textDocument/hover",
        &uri,
        pos(text, "Jordan", 1, 1),
    ));
    assert!(linked.starts_with("**Jordan**"), "{linked}");
    assert_eq!(c.shutdown(), Some(0));
}
