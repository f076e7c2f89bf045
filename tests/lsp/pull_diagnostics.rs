//! Pulled diagnostics (`textDocument/diagnostic`, `workspace/diagnostic`):
//! open and closed files of the workspace, and nothing pushed meanwhile.

use serde_json::json;

use crate::workspace_fixture::start_with_open;

#[test]
fn pull_diagnostics_cover_closed_files() {
    let (_ws, mut c, [a]) = start_with_open(true, ["notes/a.md"]);
    let d = c.document_request("textDocument/diagnostic", &a);
    assert_eq!(d["result"]["kind"], "full");
    let codes: Vec<&str> = d["result"]["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x["code"].as_str())
        .collect();
    assert!(
        codes.contains(&"non-preferred-term") && codes.contains(&"unknown-acronym"),
        "{codes:?}"
    );
    let w = c.request("workspace/diagnostic", json!({"previousResultIds": []}));
    let items = w["result"]["items"].as_array().cloned().unwrap_or_default();
    let c_report = items
        .iter()
        .find(|i| i["uri"].as_str().unwrap_or("").ends_with("/c.txt"))
        .expect("closed file reported");
    assert_eq!(c_report["items"][0]["code"], "undefined-acronym");
    assert!(c_report["version"].is_null());
    assert!(
        items
            .iter()
            .any(|i| i["uri"] == json!(a) && i["version"] == 1)
    );
    assert!(
        !items
            .iter()
            .any(|i| i["uri"].as_str().unwrap_or("").contains("ignored"))
    );
    // Nothing is pushed for documents when the client pulls.
    assert!(!c.notifications.iter().any(
        |n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == json!(a)
    ));
}
