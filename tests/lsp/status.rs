//! The custom request `gloss/status` (what `:checkhealth gloss` shows): the
//! server's version, the glossary files in use with their entry counts, and
//! the error in effect, following an open glossary buffer.

use serde_json::{Value, json};

use crate::fixture::{ACME, start_with_acme_document};
use crate::support::file_uri;

fn workspace_files(status: &Value) -> Vec<Value> {
    status["glossaries"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|g| g["embedded"] == false)
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn status_lists_glossaries_with_counts_and_the_error_in_effect() {
    let (mut c, _ws, gpath, _uri) = start_with_acme_document();
    let status = c.request("gloss/status", Value::Null)["result"].clone();
    assert_eq!(status["version"], env!("CARGO_PKG_VERSION"), "{status}");
    let embedded: Vec<&Value> = status["glossaries"]
        .as_array()
        .map(|a| a.iter().filter(|g| g["embedded"] == true).collect())
        .unwrap_or_default();
    assert!(
        !embedded.is_empty()
            && embedded.iter().all(|g| {
                g["path"]
                    .as_str()
                    .is_some_and(|p| p.starts_with("embedded:"))
                    && g["entries"].as_u64().is_some_and(|n| n > 0)
            }),
        "{status}"
    );
    let files = workspace_files(&status);
    assert_eq!(files.len(), 1, "{status}");
    assert_eq!(files[0]["path"], gpath.display().to_string(), "{status}");
    assert_eq!(files[0]["entries"], 1, "{status}");
    assert!(files[0].get("error").is_none(), "{status}");
    assert!(status.get("lastGlossaryError").is_none(), "{status}");

    // Broken in the editor: the error is reported, the last good entry stays in use.
    let guri = file_uri(&gpath);
    c.open(&guri, "toml", ACME);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": guri, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 2, "character": 8}, "end": {"line": 2, "character": 22}}, "text": ""}]}),
    );
    let status = c.request("gloss/status", Value::Null)["result"].clone();
    let files = workspace_files(&status);
    assert_eq!(files[0]["entries"], 1, "{status}");
    let error = files[0]["error"].as_str().unwrap_or_default();
    assert!(error.starts_with("3:"), "{status}");
    let last = status["lastGlossaryError"].as_str().unwrap_or_default();
    assert_eq!(last, format!("{}:{error}", gpath.display()), "{status}");
    assert_eq!(c.shutdown(), Some(0));
}
