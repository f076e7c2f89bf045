//! What the workspace tests share: a temporary workspace with several
//! documents, a glossary, a `.gitignore`, a non-UTF-8 file and a nested
//! folder; a server that has indexed it; and request helpers.

use serde_json::{Value, json};

use crate::support::{LspClient, TempWorkspace, apply_workspace_edit, file_uri, position_of};

pub const GLOSSARY: &str = r#"[[entry]]
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

pub const A_MD: &str = "# Intro\n\nThe Acme Council (ACMEC) met. ACMEC members and the Beta Board.\n\n## Later\n\nThe ACMEC again, the Acme Committee, ACME-C and ZQXW.\n";
pub const B_TXT: &str = "Acme Council news. The Acme body met the Beta Board.\n";
pub const C_TXT: &str = "Nothing here but ACMEC.\n";

/// Client capabilities; `pull` adds pull diagnostics.
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

/// The workspace on disk: 4 indexable documents, one glossary.
pub fn workspace() -> TempWorkspace {
    let ws = TempWorkspace::new();
    ws.write("glossary/orgs.toml", GLOSSARY);
    ws.write("notes/a.md", A_MD);
    ws.write("notes/deep/b.txt", B_TXT);
    ws.write("c.txt", C_TXT);
    ws.write("ignored/x.md", "ACMEC in an ignored file.\n");
    ws.write(".gitignore", "ignored/\n");
    ws.write("latin1.txt", b"caf\xe9 ACMEC\n");
    ws
}

/// A server (without the embedded glossary) that advertised every feature
/// and finished indexing `ws`.
pub fn start(ws: &TempWorkspace, pull: bool) -> LspClient {
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

pub fn uri(ws: &TempWorkspace, rel: &str) -> String {
    file_uri(&ws.path().join(rel))
}

/// A server that indexed a new [`workspace`], with the fixture files `rels`
/// (`notes/a.md`, `c.txt`, `glossary/orgs.toml`) open in that order;
/// returns their URIs in the same order.
pub fn start_with_open<const N: usize>(
    pull: bool,
    rels: [&str; N],
) -> (TempWorkspace, LspClient, [String; N]) {
    let ws = workspace();
    let mut c = start(&ws, pull);
    let uris = rels.map(|rel| {
        let (language, text) = match rel {
            "notes/a.md" => ("markdown", A_MD),
            "c.txt" => ("plaintext", C_TXT),
            "glossary/orgs.toml" => ("toml", GLOSSARY),
            other => panic!("{other} is not a fixture file to open"),
        };
        let u = uri(&ws, rel);
        c.open(&u, language, text);
        u
    });
    (ws, c, uris)
}

/// The LSP position of the `nth` `needle` in `text`.
pub fn at(text: &str, needle: &str, nth: usize) -> Value {
    let (line, character) = position_of(text, needle, nth);
    json!({"line": line, "character": character})
}

pub fn refs(c: &mut LspClient, u: &str, pos: Value, decl: bool) -> Vec<Value> {
    let r = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": u}, "position": pos, "context": {"includeDeclaration": decl}}),
    );
    r["result"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("references: {r}"))
}

/// The file names of `locs`, sorted.
pub fn files_of(locs: &[Value]) -> Vec<String> {
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

/// The code actions over `len` characters from the first `needle` in `text`.
pub fn code_actions(
    c: &mut LspClient,
    u: &str,
    text: &str,
    needle: &str,
    len: usize,
) -> Vec<Value> {
    let s = at(text, needle, 0);
    let e =
        json!({"line": s["line"], "character": s["character"].as_u64().unwrap_or(0) + len as u64});
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": s, "end": e}, "context": {"diagnostics": []}}),
    );
    r["result"].as_array().cloned().unwrap_or_default()
}

pub fn titles(actions: &[Value]) -> Vec<String> {
    actions
        .iter()
        .map(|a| a["title"].as_str().unwrap_or("").to_string())
        .collect()
}

/// What [`add_zqxw_through_its_code_action`] did and saw.
pub struct AddedToGlossary {
    /// The "Add ZQXW …" code action.
    pub action: Value,
    /// The glossary file's text after its edit.
    pub glossary_text: String,
    /// The first diagnostics of `notes/a.md` without `unknown-acronym`.
    pub diagnostics: Vec<Value>,
}

/// Takes the "Add ZQXW" code action in `notes/a.md` (open as `a`), applies
/// its edit on disk, sends the new text to the open glossary buffer `g` (as
/// version 2) and waits until `a` has no `unknown-acronym` left.
pub fn add_zqxw_through_its_code_action(
    c: &mut LspClient,
    ws: &TempWorkspace,
    a: &str,
    g: &str,
) -> AddedToGlossary {
    let unknown = code_actions(c, a, A_MD, "ZQXW", 0);
    let action = unknown
        .iter()
        .find(|a| a["title"].as_str().unwrap_or("").starts_with("Add ZQXW"))
        .expect("add action")
        .clone();
    apply_workspace_edit(&action["edit"]);
    let glossary_text =
        std::fs::read_to_string(ws.path().join("glossary/orgs.toml")).expect("read");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": g, "version": 2}, "contentChanges": [{"text": glossary_text}]}),
    );
    let diagnostics = c.wait_diagnostics(a, |d| !d.iter().any(|x| x["code"] == "unknown-acronym"));
    AddedToGlossary {
        action,
        glossary_text,
        diagnostics,
    }
}
