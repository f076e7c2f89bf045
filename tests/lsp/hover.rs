//! Hover in the format the client asks for (plain text here; Markdown,
//! the default, throughout the other tests).

use serde_json::json;

use crate::fixture::hover_text;
use crate::support::{LspClient, TempWorkspace, file_uri};

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
