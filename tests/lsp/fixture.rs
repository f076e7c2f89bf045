//! What the one-document tests share: a server on an empty temporary
//! workspace, the ACME test glossary, and readers of diagnostics and hovers.

use std::path::PathBuf;

use serde_json::Value;

use crate::support::{LspClient, TempWorkspace, corpus_text, file_uri};

/// A workspace glossary with one entry that the embedded one does not have.
pub const ACME: &str = "[[entry]]\nid = \"acme\"\nlabel = \"Acme Council\"\nkind = \"organization\"\nacronyms = [\"ACMEC\"]\ndescription = \"A council we made up for tests.\"\n";

/// The codes of `diags`, in order.
pub fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect()
}

/// The text of a hover response (empty when there is none).
pub fn hover_text(resp: &Value) -> String {
    resp["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// A server initialised (UTF-16, no options) on a new empty workspace.
pub fn start() -> (LspClient, TempWorkspace) {
    let ws = TempWorkspace::new();
    let mut c = LspClient::spawn(&["lsp"]);
    c.initialize(ws.path(), &["utf-16"], Value::Null);
    (c, ws)
}

/// A server on a new empty workspace with `file` open (text `text`);
/// returns the document's URI.
pub fn start_with_document(
    file: &str,
    language: &str,
    text: &str,
) -> (LspClient, TempWorkspace, String) {
    let (mut c, ws) = start();
    let uri = file_uri(&ws.path().join(file));
    c.open(&uri, language, text);
    (c, ws, uri)
}

/// Like [`start_with_document`] with the corpus text `corpus_name` as
/// `file.txt`; returns the URI and the text, or `None` (the test is skipped)
/// without the corpus.
pub fn start_with_corpus_text(
    corpus_name: &str,
    file: &str,
) -> Option<(LspClient, TempWorkspace, String, String)> {
    let text = corpus_text(corpus_name)?;
    let (c, ws, uri) = start_with_document(file, "plaintext", &text);
    Some((c, ws, uri, text))
}

/// A server on a workspace with `glossary/acme.toml` ([`ACME`]) and the
/// document `file` (`text`) open, once it has an `undefined-acronym`
/// diagnostic. Returns the glossary's path and the document's URI.
pub fn start_with_acme_glossary(
    file: &str,
    language: &str,
    text: &str,
) -> (LspClient, TempWorkspace, PathBuf, String) {
    let ws = TempWorkspace::new();
    let gpath = ws.write("glossary/acme.toml", ACME);
    let mut c = LspClient::spawn(&["lsp"]);
    c.initialize(ws.path(), &["utf-16"], Value::Null);
    let uri = file_uri(&ws.path().join(file));
    c.open(&uri, language, text);
    c.wait_diagnostics(&uri, |d| {
        codes(d).contains(&"undefined-acronym".to_string())
    });
    (c, ws, gpath, uri)
}

/// [`start_with_acme_glossary`] with `doc.txt`: "The ACMEC met today."
pub fn start_with_acme_document() -> (LspClient, TempWorkspace, PathBuf, String) {
    start_with_acme_glossary("doc.txt", "plaintext", "The ACMEC met today.\n")
}
