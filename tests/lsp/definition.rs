//! Definition of a glossary entry: a mention of a workspace entry goes to
//! the entry in its glossary file, a mention of an embedded entry to a
//! read-only copy of the embedded file. (An acronym's in-text expansion:
//! `real_texts`.)

use serde_json::{Value, json};

use crate::fixture::start_with_acme_document;
use crate::support::{LspClient, TempWorkspace, file_uri};

#[test]
fn definition_of_a_workspace_entry_is_its_line_in_the_glossary_file() {
    let (mut c, _ws, gpath, uri) = start_with_acme_document();
    // Definition goes to the entry's line in the workspace glossary.
    let def = c.definition(&uri, 0, 5);
    assert_eq!(def["result"]["uri"], json!(file_uri(&gpath)), "{def}");
    assert_eq!(def["result"]["range"]["start"]["line"], 1);
}

#[test]
fn stdio_flag_is_accepted_and_embedded_definitions_open_read_only() {
    let ws = TempWorkspace::new();
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
