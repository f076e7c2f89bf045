//! Hover: the entry card at a mention and its range, the in-text expansion
//! of a later acronym, and plain text for clients that ask for it.

use serde_json::json;

use crate::fixture::{hover_text, start};
use crate::support::{LspClient, TempWorkspace, corpus_text, file_uri, position_of};

#[test]
fn hover_on_siis_in_the_siis_report_shows_the_institute_over_the_acronym() {
    let Some(text) = corpus_text("siis-symposium-rebuilding-consensus-2023.txt") else {
        return;
    };
    let (mut c, ws) = start();
    let uri = file_uri(&ws.path().join("siis.txt"));
    c.open(&uri, "plaintext", &text);
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
fn hover_on_a_later_cica_shows_the_in_text_expansion() {
    let Some(text) = corpus_text("asian-security-architecture-remarks-2014.txt") else {
        return;
    };
    let (mut c, ws) = start();
    let uri = file_uri(&ws.path().join("remarks.txt"));
    c.open(&uri, "plaintext", &text);
    let (line, col) = position_of(&text, "CICA members", 0);
    // Hover on the later CICA shows the in-text expansion too.
    let card = hover_text(&c.hover(&uri, line, col));
    assert!(card.contains("In this document"), "{card}");
}

#[test]
fn plain_text_hover_for_clients_that_ask_for_it() {
    let ws = TempWorkspace::new();
    let mut c = LspClient::spawn(&["lsp"]);
    let resp = c.request(
        "initialize",
        json!({"processId": null, "rootUri": file_uri(ws.path()),
               "capabilities": {"textDocument": {"hover": {"contentFormat": ["plaintext"]}}}}),
    );
    assert!(resp.get("result").is_some());
    c.notify("initialized", json!({}));
    let uri = file_uri(&ws.path().join("p.txt"));
    c.open(&uri, "plaintext", "President Xi Jinping spoke.\n");
    let h = c.hover(&uri, 0, 12);
    assert_eq!(h["result"]["contents"]["kind"], "plaintext", "{h}");
    let text = hover_text(&h);
    assert!(
        text.contains("Xi Jinping") && !text.contains("**"),
        "{text}"
    );
    assert!(text.contains("President"), "roles are shown: {text}");
}
