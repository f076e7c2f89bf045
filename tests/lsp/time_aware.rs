//! Time-aware annotation over stdio with the embedded glossary (issue 12):
//! the document's date (front matter, or a dateline) decides which person a
//! titled short name names ("President Bush" in 2006), an outdated title is
//! reported with who held the office then, "former", "the late" and a
//! sentence about an earlier year keep it silent, an undated document gets
//! no time diagnostic, and hover shows the date in use and the role held
//! then. Non-ASCII text before the mentions checks UTF-16 positions.

use serde_json::{Value, json};

use crate::fixture::{codes, hover_text};
use crate::support::{LspClient, TempWorkspace, file_uri, position_of};

const DATED: &str = "---\ndate: 2024-05-01\n---\nÉté 中文 😀 — Prime Minister Boris Johnson visited Kyiv.\nFormer Prime Minister Tony Blair spoke. The late Prime Minister Shinzo Abe was remembered.\nIn 2019, Prime Minister Theresa May resigned. President Bush was not there.\n";
const DATELINE: &str =
    "Remarks\nWashington, May 1, 2006\n\nPresident Bush met Chinese President Hu Jintao.\n";
const UNDATED: &str = "Prime Minister Boris Johnson visited Kyiv. President Bush spoke.\n";

fn start(ws: &TempWorkspace) -> LspClient {
    let mut c = LspClient::spawn(&["lsp"]);
    c.initialize_with(
        &[ws.path()],
        json!({
            "general": {"positionEncodings": ["utf-16"]},
            "window": {"workDoneProgress": true},
            "textDocument": {
                "hover": {"contentFormat": ["markdown"]},
                "diagnostic": {"dynamicRegistration": false}
            }
        }),
        Value::Null,
    );
    c.wait_progress_end("files indexed");
    c
}

fn pulled(c: &mut LspClient, uri: &str) -> Vec<Value> {
    let d = c.document_request("textDocument/diagnostic", uri);
    d["result"]["items"].as_array().cloned().unwrap_or_default()
}

fn hover(c: &mut LspClient, uri: &str, text: &str, needle: &str) -> String {
    let (line, character) = position_of(text, needle, 0);
    hover_text(&c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri},
               "position": {"line": line, "character": character + 1}}),
    ))
}

#[test]
fn titles_are_judged_at_the_documents_date() {
    let ws = TempWorkspace::new();
    let mut c = start(&ws);
    let dated = file_uri(&ws.path().join("dated.md"));
    c.open(&dated, "markdown", DATED);
    let diags = pulled(&mut c, &dated);
    let outdated: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "outdated-title")
        .collect();
    // Only Johnson's: Blair is "former", Abe "the late", May's sentence is about 2019.
    assert_eq!(outdated.len(), 1, "{}", json!(diags));
    let d = outdated[0];
    let (line, character) = position_of(DATED, "Prime Minister Boris", 0);
    assert_eq!(
        d["range"],
        json!({"start": {"line": line, "character": character},
               "end": {"line": line, "character": character + 14}}),
        "{d}"
    );
    let message = d["message"].as_str().unwrap_or_default();
    assert!(message.contains("2019"), "{message}");
    assert!(message.contains("Rishi Sunak"), "{message}");
    assert!(message.contains("1 May 2024"), "{message}");

    // Hover: the date in use and where it came from, the role held then first.
    let card = hover(&mut c, &dated, DATED, "Boris Johnson");
    assert!(
        card.contains("Document date: 1 May 2024 (from the front matter"),
        "{card}"
    );
    // In 2024 no Bush was president: the short name stays only possible.
    let card = hover(&mut c, &dated, DATED, "Bush");
    assert!(
        card.contains("George W. Bush") && card.contains("George H. W. Bush"),
        "{card}"
    );

    // A dateline dates the document: "President Bush" in 2006 is George W. Bush.
    let lined = file_uri(&ws.path().join("remarks.txt"));
    c.open(&lined, "plaintext", DATELINE);
    let card = hover(&mut c, &lined, DATELINE, "Bush");
    assert!(card.contains("**George W. Bush**"), "{card}");
    assert!(!card.contains("George H. W. Bush**"), "{card}");
    assert!(card.contains("held that office on 1 May 2006"), "{card}");
    let card = hover(&mut c, &lined, DATELINE, "Hu Jintao");
    assert!(card.contains("_at the document's date_"), "{card}");
    assert!(
        pulled(&mut c, &lined)
            .iter()
            .all(|d| d["code"] != "outdated-title")
    );

    // No date: nothing time-based fires.
    let undated = file_uri(&ws.path().join("undated.txt"));
    c.open(&undated, "plaintext", UNDATED);
    let codes = codes(&pulled(&mut c, &undated));
    assert!(
        !codes
            .iter()
            .any(|c| c == "outdated-title" || c == "anachronistic-name"),
        "{codes:?}"
    );
    c.shutdown();
}
