//! Incremental edits: ranged changes, many in a row, applied in order, with
//! diagnostics and hover following; closing clears the diagnostics.

use serde_json::{Value, json};

use crate::fixture::{codes, hover_text, start_with_document};
use crate::support::LspClient;

#[test]
fn incremental_edits_update_diagnostics_and_hover_in_order() {
    let (mut c, _ws, uri) = start_with_document("e.txt", "plaintext", "Hello world.\n");
    c.wait_diagnostics(&uri, |d| d.is_empty());
    let change = |c: &mut LspClient, v: i32, range: Value, text: &str| {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"range": range, "text": text}]}),
        );
    };
    change(
        &mut c,
        2,
        json!({"start": {"line": 0, "character": 12}, "end": {"line": 0, "character": 12}}),
        " The SCO met.",
    );
    let d = c.wait_diagnostics(&uri, |d| !d.is_empty());
    assert_eq!(codes(&d), vec!["undefined-acronym"]);
    assert_eq!(d[0]["range"]["start"], json!({"line": 0, "character": 17}));
    // Expanding it at the start: the diagnostic goes away.
    change(
        &mut c,
        3,
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}),
        "The Shanghai Cooperation Organisation (SCO) exists. ",
    );
    c.wait_diagnostics(&uri, |d| d.is_empty());
    // Many quick edits in a row are applied in order.
    for (i, ch) in "XYZQ".chars().enumerate() {
        let col = i as u32;
        change(
            &mut c,
            4 + i as i32,
            json!({"start": {"line": 1, "character": col}, "end": {"line": 1, "character": col}}),
            &ch.to_string(),
        );
    }
    let d = c.wait_diagnostics(&uri, |d| {
        d.iter()
            .any(|x| x["message"].as_str().unwrap_or("").starts_with("XYZQ "))
    });
    assert_eq!(
        d[0]["range"],
        json!({"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 4}})
    );
    let h = c.hover(&uri, 0, 40);
    assert!(
        hover_text(&h).contains("Shanghai Cooperation Organisation"),
        "{h}"
    );
    c.close(&uri);
    c.wait_diagnostics(&uri, |d| d.is_empty());
}
