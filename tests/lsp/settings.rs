//! Settings: severities from `gloss.toml`, initialization options,
//! `didChangeConfiguration` and the client's `workspace/configuration`
//! answers apply without a restart and in order; a broken `gloss.toml` is
//! reported where it is broken.

use serde_json::{Value, json};

use crate::fixture::codes;
use crate::support::{LspClient, TempWorkspace, file_uri};

/// A server on a workspace whose `gloss.toml` makes `undefined-acronym` an
/// error and whose initialization options turn `unknown-acronym` off, with
/// `c.txt` ("The SCO and ACCWS.") open; returns its URI.
fn start_with_settings() -> (LspClient, TempWorkspace, String) {
    let ws = TempWorkspace::new();
    ws.write(
        "gloss.toml",
        "[diagnostics]\nundefined-acronym = \"error\"\n",
    );
    let mut c = LspClient::spawn(&["lsp"]);
    c.initialize(
        ws.path(),
        &["utf-16"],
        json!({"diagnostics": {"unknown-acronym": "off"}}),
    );
    let uri = file_uri(&ws.path().join("c.txt"));
    c.open(&uri, "plaintext", "The SCO and ACCWS.\n");
    (c, ws, uri)
}

#[test]
fn severities_come_from_settings_and_apply_without_restart() {
    let (mut c, _ws, uri) = start_with_settings();
    let d = c.wait_diagnostics(&uri, |d| !d.is_empty());
    assert_eq!(codes(&d), vec!["undefined-acronym"], "{d:?}");
    assert_eq!(d[0]["severity"], 1, "gloss.toml made it an error");
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"gloss": {"diagnostics": {"unknown-acronym": "hint", "undefined-acronym": "off"}}}}),
    );
    let d = c.wait_diagnostics(&uri, |d| codes(d) == vec!["unknown-acronym"]);
    assert_eq!(d[0]["severity"], 4);
}

#[test]
fn a_broken_gloss_toml_is_reported_where_it_is_broken() {
    let (mut c, ws, uri) = start_with_settings();
    c.wait_diagnostics(&uri, |d| !d.is_empty());
    // A broken gloss.toml is reported where it is broken.
    ws.write(
        "gloss.toml",
        "[diagnostics]\nundefined-acronym = \"loud\"\n",
    );
    let cfg = file_uri(&ws.path().join("gloss.toml"));
    c.files_changed(&[(&cfg, 2)]);
    let cd = c.wait_diagnostics(&cfg, |d| !d.is_empty());
    assert_eq!(cd[0]["range"]["start"]["line"], 1, "{cd:?}");
}

#[test]
fn settings_pulled_with_workspace_configuration_apply_in_order() {
    let ws = TempWorkspace::new();
    let mut c = LspClient::spawn(&["lsp"]);
    c.configuration = json!({"diagnostics": {"unknown-acronym": "off"}});
    c.initialize(ws.path(), &["utf-16"], Value::Null);
    let uri = file_uri(&ws.path().join("p.txt"));
    c.open(&uri, "plaintext", "The SCO and ACCWS.\n");
    // The answer to the server's own workspace/configuration request applies
    // before anything queued after `initialized`.
    let d = c.wait_diagnostics(&uri, |d| !d.is_empty());
    assert_eq!(codes(&d), vec!["undefined-acronym"], "{d:?}");
    // A bare didChangeConfiguration makes the server ask again.
    c.configuration =
        json!({"diagnostics": {"unknown-acronym": "error", "undefined-acronym": "off"}});
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    let d = c.wait_diagnostics(&uri, |d| codes(d) == vec!["unknown-acronym"]);
    assert_eq!(d[0]["severity"], 1);
}
