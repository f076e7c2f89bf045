//! Position encodings: UTF-8 when the client offers it, else UTF-16, used
//! for the columns of diagnostics and hovers alike.

use serde_json::{Value, json};

use crate::support::{LspClient, TempWorkspace, file_uri};

#[test]
fn position_encoding_is_negotiated_and_used_by_diagnostics_and_hover() {
    let text = "Café 中文 😀 SCO today\n";
    for (offered, expected, col) in [
        (vec!["utf-8", "utf-16"], "utf-8", "Café 中文 😀 ".len()),
        (
            vec!["utf-16"],
            "utf-16",
            "Café 中文 😀 ".encode_utf16().count(),
        ),
        (vec![], "utf-16", "Café 中文 😀 ".encode_utf16().count()),
    ] {
        let ws = TempWorkspace::new();
        let mut c = LspClient::spawn(&["lsp"]);
        let init = c.initialize(ws.path(), &offered, Value::Null);
        assert_eq!(init["result"]["capabilities"]["positionEncoding"], expected);
        let uri = file_uri(&ws.path().join("u.txt"));
        c.open(&uri, "plaintext", text);
        let diags = c.wait_diagnostics(&uri, |d| !d.is_empty());
        assert_eq!(
            diags[0]["range"]["start"],
            json!({"line": 0, "character": col}),
            "{expected}"
        );
        assert_eq!(
            diags[0]["range"]["end"],
            json!({"line": 0, "character": col + 3}),
            "{expected}"
        );
        let h = c.hover(&uri, 0, col as u32 + 1);
        assert_eq!(
            h["result"]["range"]["start"]["character"],
            json!(col),
            "{expected}: {h}"
        );
        // One unit before SCO is the space: nothing there.
        assert!(c.hover(&uri, 0, col as u32 - 1)["result"].is_null());
    }
}
