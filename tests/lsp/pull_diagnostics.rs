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

/// A pull with the `resultId` of the last report gets "unchanged" while the
/// diagnostics are the same (an edit that changes none of them included),
/// and the full list with a new id once they change.
#[test]
fn pull_with_the_last_result_id_is_unchanged_until_diagnostics_change() {
    let (_ws, mut c, [a]) = start_with_open(true, ["notes/a.md"]);
    let pull = |c: &mut crate::support::LspClient, previous: Option<&str>| {
        let mut params = json!({"textDocument": {"uri": a}});
        if let Some(id) = previous {
            params["previousResultId"] = json!(id);
        }
        c.request("textDocument/diagnostic", params)["result"].clone()
    };
    let first = pull(&mut c, None);
    assert_eq!(first["kind"], "full");
    let id = first["resultId"]
        .as_str()
        .expect("a full report has a resultId")
        .to_string();
    assert!(
        first["items"]
            .as_array()
            .is_some_and(|items| !items.is_empty())
    );

    let again = pull(&mut c, Some(&id));
    assert_eq!(again, json!({"kind": "unchanged", "resultId": id}));
    // An unknown id (another server's, say) gets the full report.
    assert_eq!(pull(&mut c, Some("not-an-id"))["kind"], "full");

    let mut version = 1;
    let mut insert = |c: &mut crate::support::LspClient, line: u32, text: &str| {
        version += 1;
        let at = json!({"line": line, "character": 0});
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": a, "version": version},
                   "contentChanges": [{"range": {"start": at, "end": at}, "text": text}]}),
        );
    };
    // Prose after the last diagnostic changes none of them.
    insert(&mut c, 7, "\nPlain closing words.\n");
    assert_eq!(
        pull(&mut c, Some(&id)),
        json!({"kind": "unchanged", "resultId": id})
    );
    // A new unknown acronym does.
    insert(&mut c, 7, "And XQZV too.\n");
    let changed = pull(&mut c, Some(&id));
    assert_eq!(changed["kind"], "full");
    assert_ne!(changed["resultId"], json!(id));
    assert!(
        changed["items"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|d| d["message"].as_str().is_some_and(|m| m.contains("XQZV"))),
        "{changed}"
    );
}

/// `workspace/diagnostic` with `previousResultIds`: files whose diagnostics
/// have those ids come back "unchanged", the others in full.
#[test]
fn workspace_pull_reports_unchanged_files_by_result_id() {
    let (_ws, mut c, [a]) = start_with_open(true, ["notes/a.md"]);
    let first = c.request("workspace/diagnostic", json!({"previousResultIds": []}));
    let items = first["result"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(items.len() >= 2, "{first}");
    assert!(
        items
            .iter()
            .all(|i| i["kind"] == "full" && i["resultId"].is_string())
    );
    let previous: Vec<serde_json::Value> = items
        .iter()
        .map(|i| json!({"uri": i["uri"], "value": i["resultId"]}))
        .collect();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 7, "character": 0}, "end": {"line": 7, "character": 0}},
                                   "text": "And XQZV too.\n"}]}),
    );
    let second = c.request(
        "workspace/diagnostic",
        json!({"previousResultIds": previous}),
    );
    let items = second["result"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for item in &items {
        let expected = if item["uri"] == json!(a) {
            "full"
        } else {
            "unchanged"
        };
        assert_eq!(item["kind"], expected, "{item}");
    }
    assert!(items.iter().any(|i| i["uri"] == json!(a)));
    assert!(
        items
            .iter()
            .any(|i| i["kind"] == "unchanged" && i["version"].is_null())
    );
}
