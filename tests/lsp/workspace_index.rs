//! The workspace index: progress while indexing, and re-indexing when closed
//! files change on disk, open buffers close, and folders come and go.

use serde_json::json;

use crate::support::{TempWorkspace, file_uri};
use crate::workspace_fixture::{
    A_MD, GLOSSARY, at, files_of, refs, start, start_with_open, uri, workspace,
};

#[test]
fn indexing_reports_progress_in_files_done_of_total() {
    let ws = workspace();
    let c = start(&ws, false);
    // Progress reported files done / total.
    assert!(c.notifications.iter().any(|n| {
        n["method"] == "$/progress"
            && n["params"]["value"]["kind"] == "report"
            && n["params"]["value"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("/4 files")
    }));
}

#[test]
fn closed_files_open_buffers_and_folders_that_change_are_reindexed() {
    let (ws, mut c, [a, g, cu]) =
        start_with_open(false, ["notes/a.md", "glossary/orgs.toml", "c.txt"]);

    // A closed file changed on disk, created, deleted.
    c.close(&cu);
    ws.write("c.txt", "ACMEC and ACMEC and ACMEC.\n");
    ws.write("notes/d.md", "The Acme Council.\n");
    std::fs::remove_file(ws.path().join("notes/deep/b.txt")).expect("rm");
    c.files_changed(&[
        (&uri(&ws, "c.txt"), 2),
        (&uri(&ws, "notes/d.md"), 1),
        (&uri(&ws, "notes/deep/b.txt"), 3),
    ]);
    let locs = refs(&mut c, &a, at(A_MD, "ACMEC members", 0), false);
    assert_eq!(
        files_of(&locs),
        vec![
            "a.md", "a.md", "a.md", "a.md", "a.md", "a.md", "c.txt", "c.txt", "c.txt", "d.md"
        ]
    );
    // An open file changed on disk: its buffer wins until it is closed.
    ws.write("notes/a.md", "Only one Acme Council now.\n");
    c.files_changed(&[(&a, 2)]);
    assert_eq!(
        refs(&mut c, &g, at(GLOSSARY, "Acme Council", 0), false).len(),
        10
    );
    c.close(&a);
    assert_eq!(
        refs(&mut c, &g, at(GLOSSARY, "Acme Council", 0), false).len(),
        5
    );

    // Workspace folders added and removed.
    let other = TempWorkspace::new();
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
