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

const RENAMED: &str = "---\ndate: 2020-06-01\n---\nClimate (中文 😀): the G8 must act. The Organisation of African Unity calls for calm.\nThe OAU was founded in 1963. After the collapse of the Soviet Union, NATO grew.\nSwaziland hosts the talks. The Shanghai Five met in Almaty in 1996.\n";
const EARLY: &str =
    "---\ndate: 1995-03-01\n---\nThe African Union met. The Shanghai Declaration was read.\n";
const DECLARATION: &str =
    "---\ndate: 2014-11-04\n---\nThe Shanghai Declaration set out a new security concept.\n";

#[test]
fn names_are_judged_at_the_documents_date() {
    let ws = TempWorkspace::new();
    let mut c = start(&ws);
    let renamed = file_uri(&ws.path().join("renamed.md"));
    c.open(&renamed, "markdown", RENAMED);
    let diags = pulled(&mut c, &renamed);
    let anachronisms: Vec<(u64, String)> = diags
        .iter()
        .filter(|d| d["code"] == "anachronistic-name")
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    // The G8 and the OAU presented as current, and Swaziland in 2020; not
    // the OAU's founding, the Soviet Union's collapse, or the Shanghai Five's
    // meeting (history).
    assert_eq!(anachronisms.len(), 3, "{anachronisms:?}");
    assert!(
        anachronisms[0].1.contains("succeeded by “Group of Seven”"),
        "{anachronisms:?}"
    );
    assert!(
        anachronisms[1].1.contains("“African Union”"),
        "{anachronisms:?}"
    );
    assert_eq!(anachronisms[2].0, 5, "{anachronisms:?}");
    assert!(
        anachronisms[2].1.contains("write “Eswatini”"),
        "{anachronisms:?}"
    );
    let (line, character) = position_of(RENAMED, "G8", 0);
    let g8 = diags
        .iter()
        .find(|d| d["code"] == "anachronistic-name")
        .map(|d| d["range"]["start"].clone());
    assert_eq!(g8, Some(json!({"line": line, "character": character})));

    // Hover: what replaced it and when it existed.
    let card = hover(&mut c, &renamed, RENAMED, "G8");
    assert!(card.contains("**Replaced by:** Group of Seven"), "{card}");
    assert!(card.contains("**Existed:** 1997–March 2014"), "{card}");

    // Before the thing existed.
    let early = file_uri(&ws.path().join("early.md"));
    c.open(&early, "markdown", EARLY);
    let diags = pulled(&mut c, &early);
    let messages: Vec<&str> = diags
        .iter()
        .filter(|d| d["code"] == "anachronistic-name")
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("African Union"), "{messages:?}");
    // No Shanghai Declaration of the glossary existed in 1995: only possible.
    let card = hover(&mut c, &early, EARLY, "Shanghai Declaration");
    assert!(
        card.contains("Shanghai Declaration (2014)") || card.contains("possibly"),
        "{card}"
    );

    // In November 2014 only the CICA declaration of May 2014 existed.
    let decl = file_uri(&ws.path().join("decl.md"));
    c.open(&decl, "markdown", DECLARATION);
    let card = hover(&mut c, &decl, DECLARATION, "Shanghai Declaration");
    assert!(
        card.contains("only this one existed under it at the document's date"),
        "{card}"
    );
    assert!(card.contains("Conference on Interaction"), "{card}");
    c.shutdown();
}
