//! End-to-end: the real `gloss lsp` binary over stdio, driven as an editor would.

mod support;

use serde_json::{Value, json};
use support::{LspClient, TempDir, corpus, file_uri, position_of};

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect()
}

fn hover_text(resp: &Value) -> String {
    resp["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn start(name: &str) -> (LspClient, TempDir) {
    let ws = TempDir::new(name);
    let mut c = LspClient::spawn(&["lsp"]);
    c.initialize(ws.path(), &["utf-16"], Value::Null);
    (c, ws)
}

#[test]
fn siis_hover_and_corpus_diagnostics() {
    let Some(text) = corpus("siis-symposium-rebuilding-consensus-2023.txt") else {
        return;
    };
    let (mut c, ws) = start("siis");
    let uri = file_uri(&ws.path().join("siis.txt"));
    c.open(&uri, "plaintext", &text);
    let diags = c.wait_diagnostics(&uri, |d| !d.is_empty());
    let accws: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "unknown-acronym")
        .collect();
    assert!(
        accws
            .iter()
            .any(|d| d["message"].as_str().unwrap_or("").contains("ACCWS")),
        "ACCWS gives unknown-acronym: {diags:?}"
    );
    assert!(diags.iter().all(|d| d["source"] == "gloss"));
    let (line, col) = position_of(&text, "SIIS", 0);
    let h = c.hover(&uri, line, col + 1);
    let card = hover_text(&h);
    assert!(
        card.contains("Shanghai Institutes for International Studies"),
        "{card}"
    );
    assert_eq!(
        h["result"]["range"]["start"],
        json!({"line": line, "character": col})
    );
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn later_cica_goes_to_its_expansion() {
    let Some(text) = corpus("asian-security-architecture-remarks-2014.txt") else {
        return;
    };
    let (mut c, ws) = start("cica");
    let uri = file_uri(&ws.path().join("remarks.txt"));
    c.open(&uri, "plaintext", &text);
    let (line, col) = position_of(&text, "CICA members", 0);
    let resp = c.definition(&uri, line, col + 2);
    let loc = &resp["result"];
    assert_eq!(loc["uri"], json!(uri), "{resp}");
    let (eline, ecol) = position_of(&text, "Conference on Interaction and Confidence", 0);
    assert_eq!(
        loc["range"]["start"],
        json!({"line": eline, "character": ecol}),
        "{resp}"
    );
    // Hover on the later CICA shows the in-text expansion too.
    let card = hover_text(&c.hover(&uri, line, col));
    assert!(card.contains("In this document"), "{card}");
}

#[test]
fn g7_and_g_7_are_an_inconsistent_name() {
    let Some(text) = corpus("three-core-concepts-sino-russian-cooperation.txt") else {
        return;
    };
    let (mut c, ws) = start("g7");
    let uri = file_uri(&ws.path().join("essay.txt"));
    c.open(&uri, "plaintext", &text);
    let diags = c.wait_diagnostics(&uri, |d| !d.is_empty());
    let inconsistent: Vec<&Value> = diags
        .iter()
        .filter(|d| {
            d["code"] == "inconsistent-name" && d["message"].as_str().unwrap_or("").contains("G-7")
        })
        .collect();
    assert_eq!(inconsistent.len(), 1, "{diags:?}");
    let d = inconsistent[0];
    let later = if text.find("G7") < text.find("G-7") {
        "G-7"
    } else {
        "G7"
    };
    let (line, col) = position_of(&text, later, 0);
    assert_eq!(d["range"]["start"], json!({"line": line, "character": col}));
    assert!(
        d["relatedInformation"][0]["location"]["range"].is_object(),
        "{d}"
    );
}

#[test]
fn markdown_code_is_not_prose() {
    let (mut c, ws) = start("md");
    let text = "# The SCO\n\n```\nSCO in code\n```\n\nInline `SCO` and [a link](https://example.org/SCO) and <span>x</span>.\n";
    let uri = file_uri(&ws.path().join("note.md"));
    c.open(&uri, "markdown", text);
    let diags = c.wait_diagnostics(&uri, |d| !d.is_empty());
    // Only the heading's SCO counts: one undefined-acronym on line 0.
    let sco: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "undefined-acronym")
        .collect();
    assert_eq!(sco.len(), 1, "{diags:?}");
    assert_eq!(sco[0]["range"]["start"]["line"], 0);
    let (l, col) = position_of(text, "SCO in code", 0);
    assert!(c.hover(&uri, l, col)["result"].is_null());
    let (l, col) = position_of(text, "`SCO`", 0);
    assert!(c.hover(&uri, l, col + 1)["result"].is_null());
    let (l, col) = position_of(text, "org/SCO", 0);
    assert!(c.hover(&uri, l, col + 4)["result"].is_null());
    assert!(hover_text(&c.hover(&uri, 0, 6)).contains("Shanghai Cooperation Organisation"));
}

#[test]
fn positions_in_utf8_and_utf16() {
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
        let ws = TempDir::new(&format!("enc-{expected}-{}", offered.len()));
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

const ACME: &str = "[[entry]]\nid = \"acme\"\nlabel = \"Acme Council\"\nkind = \"organization\"\nacronyms = [\"ACMEC\"]\ndescription = \"A council we made up for tests.\"\n";

#[test]
fn broken_glossary_keeps_the_last_good_one() {
    let ws = TempDir::new("broken");
    let gpath = ws.write("glossary/acme.toml", ACME);
    let mut c = LspClient::spawn(&["lsp"]);
    c.initialize(ws.path(), &["utf-16"], Value::Null);
    let uri = file_uri(&ws.path().join("doc.txt"));
    c.open(&uri, "plaintext", "The ACMEC met today.\n");
    c.wait_diagnostics(&uri, |d| {
        codes(d).contains(&"undefined-acronym".to_string())
    });
    assert!(hover_text(&c.hover(&uri, 0, 5)).contains("Acme Council"));
    // Definition goes to the entry's line in the workspace glossary.
    let def = c.definition(&uri, 0, 5);
    assert_eq!(def["result"]["uri"], json!(file_uri(&gpath)), "{def}");
    assert_eq!(def["result"]["range"]["start"]["line"], 1);

    // Break it in the editor: diagnostic in the glossary, hover still works.
    let guri = file_uri(&gpath);
    c.open(&guri, "toml", ACME);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": guri, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 2, "character": 8}, "end": {"line": 2, "character": 22}}, "text": ""}]}),
    );
    let gd = c.wait_diagnostics(&guri, |d| !d.is_empty());
    assert_eq!(gd[0]["code"], "glossary-syntax", "{gd:?}");
    assert_eq!(gd[0]["range"]["start"]["line"], 2, "{gd:?}");
    assert!(hover_text(&c.hover(&uri, 0, 5)).contains("Acme Council"));

    // A duplicate id and an unknown reference, on disk, via watched files.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": guri}}),
    );
    ws.write(
        "glossary/more.toml",
        "[[entry]]\nid = \"acme\"\nlabel = \"Other\"\nkind = \"concept\"\n\n[[entry]]\nid = \"b\"\nlabel = \"Bee Thing\"\nkind = \"concept\"\nrelated = [\"nope\"]\n",
    );
    let more = file_uri(&ws.path().join("glossary/more.toml"));
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": more, "type": 1}]}),
    );
    let md = c.wait_diagnostics(&more, |d| d.len() >= 2);
    let got = codes(&md);
    assert!(
        got.contains(&"duplicate-id".to_string()) && got.contains(&"unknown-id".to_string()),
        "{md:?}"
    );
    assert!(hover_text(&c.hover(&uri, 0, 5)).contains("Acme Council"));
    // Editing the glossary on disk refreshes open documents.
    std::fs::write(&gpath, ACME.replace("Acme Council", "Acme Assembly")).expect("write");
    std::fs::remove_file(ws.path().join("glossary/more.toml")).expect("rm");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&gpath), "type": 2}, {"uri": more, "type": 3}]}),
    );
    c.wait_diagnostics(&more, |d| d.is_empty());
    c.wait_diagnostics(&uri, |d| {
        d.iter().any(|x| {
            x["message"]
                .as_str()
                .unwrap_or("")
                .contains("Acme Assembly")
        })
    });
    assert!(hover_text(&c.hover(&uri, 0, 5)).contains("Acme Assembly"));
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn bad_requests_get_errors_not_a_dead_server() {
    let (mut c, ws) = start("bad");
    let uri = file_uri(&ws.path().join("a.txt"));
    c.open(&uri, "plaintext", "The SCO.\n");
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

#[test]
fn incremental_edits_update_everything() {
    let (mut c, ws) = start("edits");
    let uri = file_uri(&ws.path().join("e.txt"));
    c.open(&uri, "plaintext", "Hello world.\n");
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
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    c.wait_diagnostics(&uri, |d| d.is_empty());
}

#[test]
fn stdio_flag_is_accepted_and_embedded_definitions_open() {
    let ws = TempDir::new("stdio");
    let mut c = LspClient::spawn(&["lsp", "--stdio"]);
    c.initialize(ws.path(), &["utf-16"], Value::Null);
    let uri = file_uri(&ws.path().join("s.md"));
    c.open(&uri, "markdown", "The SCO and the United Nations.\n");
    let def = c.definition(&uri, 0, 5);
    let target = def["result"]["uri"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(target.ends_with("organizations.toml"), "{def}");
    let path = target.trim_start_matches("file://");
    let copy = std::fs::read_to_string(path).expect("read-only copy written");
    let line = def["result"]["range"]["start"]["line"]
        .as_u64()
        .unwrap_or(0) as usize;
    assert!(
        copy.lines().nth(line).unwrap_or("").contains("\"sco\""),
        "{def}"
    );
    assert!(
        std::fs::metadata(path)
            .expect("meta")
            .permissions()
            .readonly()
    );
}

#[test]
fn severities_come_from_settings_and_apply_without_restart() {
    let ws = TempDir::new("cfg");
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
    let d = c.wait_diagnostics(&uri, |d| !d.is_empty());
    assert_eq!(codes(&d), vec!["undefined-acronym"], "{d:?}");
    assert_eq!(d[0]["severity"], 1, "gloss.toml made it an error");
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"gloss": {"diagnostics": {"unknown-acronym": "hint", "undefined-acronym": "off"}}}}),
    );
    let d = c.wait_diagnostics(&uri, |d| codes(d) == vec!["unknown-acronym"]);
    assert_eq!(d[0]["severity"], 4);
    // A broken gloss.toml is reported where it is broken.
    ws.write(
        "gloss.toml",
        "[diagnostics]\nundefined-acronym = \"loud\"\n",
    );
    let cfg = file_uri(&ws.path().join("gloss.toml"));
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": cfg, "type": 2}]}),
    );
    let cd = c.wait_diagnostics(&cfg, |d| !d.is_empty());
    assert_eq!(cd[0]["range"]["start"]["line"], 1, "{cd:?}");
}

#[test]
fn plain_text_hover_for_clients_that_ask_for_it() {
    let ws = TempDir::new("plainhover");
    let mut c = LspClient::spawn(&["lsp"]);
    let resp = c.request(
        "initialize",
        json!({"processId": null, "rootUri": file_uri(ws.path()),
               "capabilities": {"textDocument": {"hover": {"contentFormat": ["plaintext"]}}}}),
    );
    assert!(resp.get("result").is_some());
    c.notify("initialized", json!({}));
    let uri = file_uri(&ws.path().join("p.txt"));
    c.open(&uri, "plaintext", "President Xi Jinping spoke.\n");
    let h = c.hover(&uri, 0, 12);
    assert_eq!(h["result"]["contents"]["kind"], "plaintext", "{h}");
    let text = hover_text(&h);
    assert!(
        text.contains("Xi Jinping") && !text.contains("**"),
        "{text}"
    );
    assert!(text.contains("President"), "roles are shown: {text}");
}

#[test]
fn editing_a_glossary_buffer_refreshes_open_documents() {
    let ws = TempDir::new("gbuf");
    let gpath = ws.write("glossary/acme.toml", ACME);
    let mut c = LspClient::spawn(&["lsp"]);
    c.initialize(ws.path(), &["utf-16"], Value::Null);
    let uri = file_uri(&ws.path().join("doc.md"));
    c.open(&uri, "markdown", "The ACMEC and the Beta Board met.\n");
    c.wait_diagnostics(&uri, |d| codes(d) == vec!["undefined-acronym"]);
    let guri = file_uri(&gpath);
    c.open(&guri, "toml", ACME);
    let added = "\n[[entry]]\nid = \"beta\"\nlabel = \"Beta Board\"\nkind = \"organization\"\nacronyms = [\"BB\"]\n";
    let end_line = ACME.lines().count() as u32;
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": guri, "version": 2},
               "contentChanges": [{"range": {"start": {"line": end_line, "character": 0}, "end": {"line": end_line, "character": 0}}, "text": added}]}),
    );
    // Unsaved: the buffer is authoritative.
    let deadline = std::time::Instant::now() + support::TIMEOUT;
    loop {
        let card = hover_text(&c.hover(&uri, 0, 20));
        if card.contains("Beta Board") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "hover never showed the new entry: {card}"
        );
    }
}

#[test]
fn settings_pulled_with_workspace_configuration_apply_in_order() {
    let ws = TempDir::new("pullcfg");
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
