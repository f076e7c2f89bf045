//! Nothing from outside kills the server: unknown documents, positions out
//! of range, malformed requests and changes to documents that are not open.

use serde_json::json;

use crate::fixture::{hover_text, start_with_document};

#[test]
fn bad_requests_get_errors_not_a_dead_server() {
    let (mut c, _ws, uri) = start_with_document("a.txt", "plaintext", "The SCO.\n");
    assert!(c.hover("file:///nowhere/unknown.txt", 0, 0)["result"].is_null());
    let err = c.hover(&uri, 9999, 0);
    assert_eq!(err["error"]["code"], -32602, "{err}");
    let err = c.definition(&uri, 4_000_000_000, 0);
    assert!(err.get("error").is_some(), "{err}");
    // Past the end of a line clamps; inside the document still answers.
    assert!(c.hover(&uri, 0, 9999)["result"].is_null());
    let malformed = c.request("textDocument/hover", json!({"textDocument": {}}));
    assert!(malformed.get("error").is_some(), "{malformed}");
    // A change to a document that is not open is ignored.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///nowhere/x.txt", "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    assert!(hover_text(&c.hover(&uri, 0, 5)).contains("Shanghai Cooperation Organisation"));
    assert_eq!(c.shutdown(), Some(0));
}
