//! End-to-end over stdio: the workspace index and every feature over it, on
//! a temporary workspace with several documents, a glossary, a `.gitignore`,
//! a non-UTF-8 file and a nested folder.

mod support;

use serde_json::{Value, json};
use support::{LspClient, TempDir, apply_workspace_edit, file_uri, position_of};

const GLOSSARY: &str = r#"[[entry]]
id = "acme"
label = "Acme Council"
kind = "organization"
acronyms = ["ACMEC"]
aliases = ["the Acme body"]
variants = [["ACMEC", "ACME-C"]]
hidden = [{ label = "Acme Committee", use = "Acme Council", why = "renamed in 2020" }]
description = "A council we made up for tests."

[[entry]]
id = "beta"
label = "Beta Board"
kind = "concept"
related = ["acme"]
"#;

const A_MD: &str = "# Intro\n\nThe Acme Council (ACMEC) met. ACMEC members and the Beta Board.\n\n## Later\n\nThe ACMEC again, the Acme Committee, ACME-C and ZQXW.\n";
const B_TXT: &str = "Acme Council news. The Acme body met the Beta Board.\n";
const C_TXT: &str = "Nothing here but ACMEC.\n";

fn caps(pull: bool) -> Value {
    let mut c = json!({
        "general": {"positionEncodings": ["utf-16"]},
        "window": {"workDoneProgress": true},
        "workspace": {
            "configuration": true,
            "workspaceFolders": true,
            "didChangeWatchedFiles": {"dynamicRegistration": true},
            "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]},
            "codeLens": {"refreshSupport": true}
        },
        "textDocument": {
            "hover": {"contentFormat": ["markdown"]},
            "publishDiagnostics": {"relatedInformation": true}
        }
    });
    if pull {
        c["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
    }
    c
}

fn workspace(name: &str) -> TempDir {
    let ws = TempDir::new(name);
    ws.write("glossary/orgs.toml", GLOSSARY);
    ws.write("notes/a.md", A_MD);
    ws.write("notes/deep/b.txt", B_TXT);
    ws.write("c.txt", C_TXT);
    ws.write("ignored/x.md", "ACMEC in an ignored file.\n");
    ws.write(".gitignore", "ignored/\n");
    std::fs::write(ws.path().join("latin1.txt"), b"caf\xe9 ACMEC\n").expect("write");
    ws
}

fn start(ws: &TempDir, pull: bool) -> LspClient {
    let mut c = LspClient::spawn(&["lsp"]);
    let init = c.initialize_with(&[ws.path()], caps(pull), json!({"default_glossary": false}));
    let sc = &init["result"]["capabilities"];
    for cap in [
        "referencesProvider",
        "documentHighlightProvider",
        "documentSymbolProvider",
        "workspaceSymbolProvider",
        "completionProvider",
        "codeActionProvider",
        "renameProvider",
        "semanticTokensProvider",
        "inlayHintProvider",
        "codeLensProvider",
    ] {
        assert!(!sc[cap].is_null(), "{cap} advertised: {sc}");
    }
    assert_eq!(sc["diagnosticProvider"].is_null(), !pull);
    c.wait_progress_end("files indexed");
    c
}

fn uri(ws: &TempDir, rel: &str) -> String {
    file_uri(&ws.path().join(rel))
}

fn at(text: &str, needle: &str, nth: usize) -> Value {
    let (line, character) = position_of(text, needle, nth);
    json!({"line": line, "character": character})
}

fn refs(c: &mut LspClient, u: &str, pos: Value, decl: bool) -> Vec<Value> {
    let r = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": u}, "position": pos, "context": {"includeDeclaration": decl}}),
    );
    r["result"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("references: {r}"))
}

fn files_of(locs: &[Value]) -> Vec<String> {
    let mut f: Vec<String> = locs
        .iter()
        .map(|l| {
            l["uri"]
                .as_str()
                .unwrap_or("")
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    f.sort();
    f
}

#[test]
fn workspace_features_end_to_end() {
    let ws = workspace("wsfeat");
    let mut c = start(&ws, false);
    // Progress reported files done / total.
    assert!(c.notifications.iter().any(|n| {
        n["method"] == "$/progress"
            && n["params"]["value"]["kind"] == "report"
            && n["params"]["value"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("/4 files")
    }));
    let a = uri(&ws, "notes/a.md");
    c.open(&a, "markdown", A_MD);

    // references: every alias, every file, not the ignored or non-UTF-8 ones.
    let locs = refs(&mut c, &a, at(A_MD, "ACMEC members", 0), true);
    assert_eq!(
        files_of(&locs),
        vec![
            "a.md",
            "a.md",
            "a.md",
            "a.md",
            "a.md",
            "a.md",
            "b.txt",
            "b.txt",
            "c.txt",
            "orgs.toml"
        ],
        "{locs:?}"
    );
    // From the glossary entry itself.
    let g = uri(&ws, "glossary/orgs.toml");
    c.open(&g, "toml", GLOSSARY);
    let from_entry = refs(&mut c, &g, at(GLOSSARY, "Acme Council", 0), false);
    assert_eq!(from_entry.len(), 9);

    // documentHighlight: this document only.
    let h = c.request(
        "textDocument/documentHighlight",
        json!({"textDocument": {"uri": a}, "position": at(A_MD, "ACMEC", 1)}),
    );
    assert_eq!(h["result"].as_array().map(Vec::len), Some(6), "{h}");

    // documentSymbol: entities by kind with their mentions, and the heading tree.
    let s = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": a}}),
    );
    let syms = s["result"].as_array().cloned().unwrap_or_default();
    let orgs = syms
        .iter()
        .find(|x| x["name"] == "Organizations")
        .expect("group");
    assert_eq!(orgs["children"][0]["name"], "Acme Council");
    assert_eq!(
        orgs["children"][0]["children"].as_array().map(Vec::len),
        Some(6)
    );
    assert!(syms.iter().any(|x| x["name"] == "Concepts"));
    let intro = syms.iter().find(|x| x["name"] == "Intro").expect("heading");
    assert_eq!(intro["children"][0]["name"], "Later");

    // workspace/symbol: fuzzy, jumps to the entry.
    let w = c.request("workspace/symbol", json!({"query": "acmc"}));
    assert_eq!(w["result"][0]["name"], "Acme Council", "{w}");
    assert!(
        w["result"][0]["location"]["uri"]
            .as_str()
            .unwrap_or("")
            .ends_with("orgs.toml")
    );
    assert_eq!(w["result"][0]["location"]["range"]["start"]["line"], 1);

    // completion in prose: after a few letters, inserting the preferred label.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 2}, "contentChanges": [{"range": {"start": {"line": 7, "character": 0}, "end": {"line": 7, "character": 0}}, "text": "Meet the acm"}]}),
    );
    let comp = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": a}, "position": {"line": 7, "character": 12}}),
    );
    let items = comp["result"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let acme = items
        .iter()
        .find(|i| i["textEdit"]["newText"] == "Acme Council")
        .expect("Acme Council offered");
    assert_eq!(
        acme["textEdit"]["range"]["start"],
        json!({"line": 7, "character": 9})
    );
    let none = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": a}, "position": {"line": 7, "character": 7}}),
    );
    assert!(
        none["result"].is_null(),
        "no completion after two letters: {none}"
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 3}, "contentChanges": [{"text": A_MD}]}),
    );
    // completion of ids inside the glossary.
    let p = at(GLOSSARY, "\"acme\"]", 0);
    let idc = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": g}, "position": {"line": p["line"], "character": p["character"].as_u64().unwrap_or(0) + 3}}),
    );
    assert!(
        idc["result"]["items"]
            .as_array()
            .is_some_and(|i| i.iter().any(|x| x["textEdit"]["newText"] == "acme")),
        "{idc}"
    );

    // code actions, each tied to its diagnostic.
    let actions = |c: &mut LspClient,
                   u: &str,
                   text: &str,
                   needle: &str,
                   len: usize|
     -> Vec<Value> {
        let s = at(text, needle, 0);
        let e = json!({"line": s["line"], "character": s["character"].as_u64().unwrap_or(0) + len as u64});
        let r = c.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": {"start": s, "end": e}, "context": {"diagnostics": []}}),
        );
        r["result"].as_array().cloned().unwrap_or_default()
    };
    let titles = |v: &[Value]| {
        v.iter()
            .map(|a| a["title"].as_str().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    let np = actions(&mut c, &a, A_MD, "Acme Committee", 0);
    assert!(
        titles(&np).contains(&"Replace with “Acme Council”".to_string()),
        "{np:?}"
    );
    assert_eq!(np[0]["diagnostics"][0]["code"], "non-preferred-term");
    let inc = actions(&mut c, &a, A_MD, "ACME-C", 0);
    assert!(
        titles(&inc)
            .iter()
            .any(|t| t.starts_with("Write “ACMEC” throughout")),
        "{inc:?}"
    );
    let unknown = actions(&mut c, &a, A_MD, "ZQXW", 0);
    let add = unknown
        .iter()
        .find(|a| a["title"].as_str().unwrap_or("").starts_with("Add ZQXW"))
        .expect("add action");
    assert_eq!(add["diagnostics"][0]["code"], "unknown-acronym");
    let cu = uri(&ws, "c.txt");
    c.open(&cu, "plaintext", C_TXT);
    let expand = actions(&mut c, &cu, C_TXT, "ACMEC", 0);
    let ex = expand
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap_or("")
                .starts_with("Expand ACMEC")
        })
        .expect("expand");
    assert_eq!(
        ex["edit"]["documentChanges"][0]["edits"][0]["newText"],
        "Acme Council (ACMEC)"
    );
    let sel = actions(&mut c, &cu, C_TXT, "Nothing here", 12);
    assert!(
        titles(&sel).contains(&"Add “Nothing here” to the workspace glossary".to_string()),
        "{sel:?}"
    );
    // Apply "add ZQXW": the glossary gains an entry and the diagnostic goes.
    apply_workspace_edit(&add["edit"]);
    let gtext = std::fs::read_to_string(ws.path().join("glossary/orgs.toml")).expect("read");
    assert!(gtext.contains("acronyms = [\"ZQXW\"]"), "{gtext}");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": g, "version": 2}, "contentChanges": [{"text": gtext}]}),
    );
    let d = c.wait_diagnostics(&a, |d| !d.iter().any(|x| x["code"] == "unknown-acronym"));
    assert!(d.iter().any(|x| x["code"] == "inconsistent-name"));

    // semantic tokens: typed by kind.
    let st = c.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": a}}),
    );
    let data = st["result"]["data"].as_array().cloned().unwrap_or_default();
    assert_eq!(data.len() % 5, 0);
    assert_eq!(data.len() / 5, 8, "{data:?}"); // 6 Acme, Beta Board, ZQXW (now in the glossary)
    assert_eq!(
        data[3], 1,
        "Acme Council is an organization (legend index 1)"
    );
    let sr = c.request(
        "textDocument/semanticTokens/range",
        json!({"textDocument": {"uri": a}, "range": {"start": {"line": 6, "character": 0}, "end": {"line": 7, "character": 0}}}),
    );
    assert_eq!(
        sr["result"]["data"].as_array().map(Vec::len),
        Some(5 * 4),
        "{sr}"
    );

    // inlay hints: the expansion after the first use.
    let ih = c.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": cu}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}}),
    );
    assert_eq!(ih["result"][0]["label"], " (Acme Council)", "{ih}");
    assert_eq!(
        ih["result"][0]["position"],
        json!({"line": 0, "character": 22})
    );

    // code lens and hover on the glossary entry.
    let lens = c.request("textDocument/codeLens", json!({"textDocument": {"uri": g}}));
    let l0 = &lens["result"][0];
    assert_eq!(l0["command"]["title"], "9 mentions in 3 files", "{lens}");
    assert_eq!(l0["command"]["command"], "editor.action.showReferences");
    let hv = c.hover(&g, 3, 3);
    let card = hv["result"]["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        card.contains("Mentioned 9 times in 3 files") && card.contains("notes/a.md (6)"),
        "{card}"
    );

    // A closed file changed on disk, created, deleted.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": cu}}),
    );
    ws.write("c.txt", "ACMEC and ACMEC and ACMEC.\n");
    ws.write("notes/d.md", "The Acme Council.\n");
    std::fs::remove_file(ws.path().join("notes/deep/b.txt")).expect("rm");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [
            {"uri": uri(&ws, "c.txt"), "type": 2},
            {"uri": uri(&ws, "notes/d.md"), "type": 1},
            {"uri": uri(&ws, "notes/deep/b.txt"), "type": 3}
        ]}),
    );
    let locs = refs(&mut c, &a, at(A_MD, "ACMEC members", 0), false);
    assert_eq!(
        files_of(&locs),
        vec![
            "a.md", "a.md", "a.md", "a.md", "a.md", "a.md", "c.txt", "c.txt", "c.txt", "d.md"
        ]
    );
    // An open file changed on disk: its buffer wins until it is closed.
    ws.write("notes/a.md", "Only one Acme Council now.\n");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": a, "type": 2}]}),
    );
    assert_eq!(
        refs(&mut c, &g, at(GLOSSARY, "Acme Council", 0), false).len(),
        10
    );
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": a}}));
    assert_eq!(
        refs(&mut c, &g, at(GLOSSARY, "Acme Council", 0), false).len(),
        5
    );

    // Workspace folders added and removed.
    let other = TempDir::new("wsfeat-other");
    other.write("e.md", "ACMEC and the Acme Council.\n");
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [{"uri": file_uri(other.path()), "name": "other"}], "removed": []}}),
    );
    c.wait_progress_end("1 files indexed");
    assert_eq!(
        refs(&mut c, &g, at(GLOSSARY, "Acme Council", 0), false).len(),
        7
    );
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [], "removed": [{"uri": file_uri(other.path()), "name": "other"}]}}),
    );
    assert_eq!(
        refs(&mut c, &g, at(GLOSSARY, "Acme Council", 0), false).len(),
        5
    );
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn renames_apply_across_the_workspace() {
    let ws = workspace("wsrename");
    let mut c = start(&ws, false);
    let a = uri(&ws, "notes/a.md");
    c.open(&a, "markdown", A_MD);
    let g = uri(&ws, "glossary/orgs.toml");
    c.open(&g, "toml", GLOSSARY);

    // Rename a preferred label from a mention.
    let pos = at(A_MD, "Beta Board", 0);
    let prep = c.request(
        "textDocument/prepareRename",
        json!({"textDocument": {"uri": a}, "position": pos}),
    );
    assert_eq!(prep["result"]["placeholder"], "Beta Board", "{prep}");
    let r = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": a}, "position": pos, "newName": "Beta Council"}),
    );
    apply_workspace_edit(&r["result"]);
    let b = std::fs::read_to_string(ws.path().join("notes/deep/b.txt")).expect("b");
    assert_eq!(
        b,
        "Acme Council news. The Acme body met the Beta Council.\n"
    );
    let a_disk = std::fs::read_to_string(ws.path().join("notes/a.md")).expect("a");
    assert!(a_disk.contains("and the Beta Council."));
    let gl = std::fs::read_to_string(ws.path().join("glossary/orgs.toml")).expect("g");
    assert!(gl.contains("label = \"Beta Council\""), "{gl}");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": g, "version": 2}, "contentChanges": [{"text": gl}]}),
    );

    // Rename an id from the glossary: its definition and references, never other strings.
    let idpos = at(&gl, "\"acme\"", 0);
    let idpos =
        json!({"line": idpos["line"], "character": idpos["character"].as_u64().unwrap_or(0) + 2});
    let prep = c.request(
        "textDocument/prepareRename",
        json!({"textDocument": {"uri": g}, "position": idpos}),
    );
    assert_eq!(prep["result"]["placeholder"], "acme", "{prep}");
    let bad = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": g}, "position": idpos, "newName": "beta"}),
    );
    assert!(bad.get("error").is_some(), "an id in use is refused: {bad}");
    let r = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": g}, "position": idpos, "newName": "acme-council"}),
    );
    apply_workspace_edit(&r["result"]);
    let gl2 = std::fs::read_to_string(ws.path().join("glossary/orgs.toml")).expect("g");
    assert!(
        gl2.contains("id = \"acme-council\"") && gl2.contains("related = [\"acme-council\"]"),
        "{gl2}"
    );
    assert!(!gl2.contains("\"acme\""));
    // Renaming from a mention of an embedded-glossary entry is refused with a reason.
    let t = uri(&ws, "t.txt");
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"gloss": {"default_glossary": true}}}),
    );
    c.open(&t, "plaintext", "The United Nations.\n");
    let prep = c.request(
        "textDocument/prepareRename",
        json!({"textDocument": {"uri": t}, "position": {"line": 0, "character": 6}}),
    );
    assert!(
        prep["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("embedded"),
        "{prep}"
    );
}

#[test]
fn pull_diagnostics_cover_closed_files() {
    let ws = workspace("wspull");
    let mut c = start(&ws, true);
    let a = uri(&ws, "notes/a.md");
    c.open(&a, "markdown", A_MD);
    let d = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": a}}),
    );
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
