//! Glossaries changing while the server runs: a broken glossary (in the
//! editor or on disk) is reported where it is broken while the last good
//! version stays in use; fixed or edited glossaries refresh open documents.

use serde_json::json;

use crate::fixture::{ACME, codes, hover_text, start_with_acme_document, start_with_acme_glossary};
use crate::support::glossary::each_id_twice;
use crate::support::{TIMEOUT, file_uri};

#[test]
fn a_broken_glossary_buffer_is_reported_and_the_last_good_one_stays() {
    let (mut c, _ws, gpath, uri) = start_with_acme_document();
    assert!(hover_text(&c.hover(&uri, 0, 5)).contains("Acme Council"));
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
}

#[test]
fn glossary_files_changed_on_disk_are_reloaded_with_their_problems() {
    let (mut c, ws, gpath, uri) = start_with_acme_document();
    // A duplicate id and an unknown reference, on disk, via watched files.
    ws.write(
        "glossary/more.toml",
        "[[entry]]\nid = \"acme\"\nlabel = \"Other\"\nkind = \"concept\"\n\n[[entry]]\nid = \"b\"\nlabel = \"Bee Thing\"\nkind = \"concept\"\nrelated = [\"nope\"]\n",
    );
    let more = file_uri(&ws.path().join("glossary/more.toml"));
    c.files_changed(&[(&more, 1)]);
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
    c.files_changed(&[(&file_uri(&gpath), 2), (&more, 3)]);
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
fn editing_a_glossary_buffer_refreshes_open_documents() {
    let (mut c, _ws, gpath, uri) =
        start_with_acme_glossary("doc.md", "markdown", "The ACMEC and the Beta Board met.\n");
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
    let deadline = std::time::Instant::now() + TIMEOUT;
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

/// A glossary with thousands of problems is reported in full, each at its
/// place, and the server goes on answering: problems are placed through
/// the file's line starts found once (20,000 duplicate ids once built a
/// line index of the whole file per problem, and the server stalled).
#[test]
fn a_glossary_with_thousands_of_problems_is_reported_and_the_server_answers() {
    let (mut c, ws, _gpath, uri) = start_with_acme_document();
    let entries = 20_000;
    let text = each_id_twice(entries);
    ws.write("glossary/many.toml", &text);
    let many = file_uri(&ws.path().join("glossary/many.toml"));
    c.files_changed(&[(&many, 1)]);
    let found = c.wait_diagnostics(&many, |d| d.len() >= entries);
    assert_eq!(found.len(), entries);
    for (i, d) in found.iter().enumerate() {
        assert_eq!(d["code"], "duplicate-id", "{d}");
        // Entry i's second copy: a comment line, then 5 lines per entry;
        // its id is on the line after its header (0-based lines).
        assert_eq!(d["range"]["start"]["line"], 2 + 10 * i + 5 + 1, "{d}");
        assert_eq!(d["range"]["start"]["character"], 5, "{d}");
    }
    assert!(hover_text(&c.hover(&uri, 0, 5)).contains("Acme Council"));
    assert_eq!(c.shutdown(), Some(0));
}
