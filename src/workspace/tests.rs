//! Unit tests of the workspace model, on temporary folders.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::*;
use crate::config::Level;
use crate::problem::Severity;

const GLOSSARY: &str = "[[entry]]\nid = \"acme\"\nlabel = \"Acme Council\"\nkind = \"organization\"\nacronyms = [\"ACMEC\"]\n\n[[entry]]\nid = \"beta\"\nlabel = \"Beta Board\"\nkind = \"concept\"\n";

/// A temporary workspace: `gloss.toml` (default glossary off), a glossary and documents.
fn workspace_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let defaults = [
        ("gloss.toml", "default_glossary = false\n"),
        ("glossary/orgs.toml", GLOSSARY),
    ];
    for (rel, text) in defaults.iter().chain(files) {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn load(dir: &Path) -> (Workspace, Changes) {
    Workspace::load(vec![dir.to_path_buf()], Value::Null)
}

fn key(path: &Path) -> DocKey {
    DocKey::new(
        format!("file://{}", path.display()),
        Some(path.to_path_buf()),
    )
}

fn files_of(files: &[FileMentions]) -> Vec<(PathBuf, usize)> {
    files.iter().map(|f| (f.path(), f.len())).collect()
}

#[test]
fn loads_settings_glossaries_and_reports_problems() {
    let dir = workspace_dir(&[("notes/a.md", "The ACMEC met.\n")]);
    let (ws, changes) = load(dir.path());
    assert!(!ws.config().default_glossary);
    assert!(ws.glossary().by_id("acme").is_some());
    assert!(ws.glossary().by_id("sco").is_none(), "default glossary off");
    let glossary = changes.glossary.as_ref().expect("glossary rebuilt");
    assert!(glossary.entries_changed);
    assert!(changes.problems().is_empty(), "{:?}", changes.problems());
    let settings = changes.settings_problems.as_ref().expect("gloss.toml read");
    assert_eq!(settings[0].path, Some(dir.path().join("gloss.toml")));

    // A broken gloss.toml and a broken glossary are located problems; the
    // CLI's order: settings, then glossary files by name.
    std::fs::write(dir.path().join("gloss.toml"), "default_glossary = 3\n").expect("write");
    std::fs::write(dir.path().join("glossary/bad.toml"), "[[entry]\n").expect("write");
    let (_, changes) = load(dir.path());
    let codes: Vec<&str> = changes.problems().iter().map(|p| p.code).collect();
    assert_eq!(codes.first(), Some(&"config-invalid"), "{codes:?}");
    assert!(codes.len() >= 2, "{codes:?}");
    let bad = dir.path().join("glossary/bad.toml");
    let glossary = changes.glossary.expect("glossary");
    let file = glossary
        .problems
        .iter()
        .find(|f| f.path.as_deref() == Some(bad.as_path()))
        .expect("bad.toml reported");
    assert!(!file.problems.is_empty());
    assert_eq!(&*file.text, "[[entry]\n", "problems come with their text");
}

#[test]
fn cli_extra_glossaries_and_no_default_are_loading_options() {
    let dir = workspace_dir(&[(
        "extra.toml",
        "[[entry]]\nid = \"x\"\nlabel = \"Xylo Forum\"\nkind = \"concept\"\n",
    )]);
    std::fs::write(dir.path().join("gloss.toml"), "").expect("write");
    let extra = vec![
        dir.path().join("extra.toml"),
        dir.path().join("missing.toml"),
    ];
    let no_default = json!({"default_glossary": false});
    let (ws, changes) = Workspace::load_with(vec![dir.path().to_path_buf()], no_default, extra);
    assert!(ws.glossary().by_id("x").is_some());
    assert!(ws.glossary().by_id("sco").is_none());
    assert_eq!(changes.unreadable.len(), 1);
    assert_eq!(changes.problems()[0].code, "io");
}

#[test]
fn open_edit_close_documents() {
    let dir = workspace_dir(&[("notes/a.md", "The Beta Board.\n")]);
    let (mut ws, _) = load(dir.path());
    let path = dir.path().join("notes/a.md");
    let k = key(&path);
    assert!(matches!(
        ws.open(k.clone(), "markdown", "The ACMEC met.\n", 1),
        Opened::Document
    ));
    assert!(ws.is_open(&path));
    let change = TextChange {
        range: Some((LineCol { line: 0, col: 4 }, LineCol { line: 0, col: 9 })),
        text: "Acme Council".to_string(),
    };
    match ws.edit(&k, 2, &[change], Encoding::Utf16) {
        Edited::Document { stale_after } => assert_eq!(stale_after, None),
        other => panic!("{other:?}"),
    }
    let doc = ws.document(&k.key).expect("open");
    assert_eq!(doc.text(), "The Acme Council met.\n");
    assert_eq!(doc.version, 2);
    // Not newer: applied, and said so.
    let again = TextChange {
        range: None,
        text: "x".to_string(),
    };
    assert!(matches!(
        ws.edit(&k, 2, &[again], Encoding::Utf16),
        Edited::Document {
            stale_after: Some(2)
        }
    ));
    // A data buffer is not prose; an unknown one is not open.
    let data = key(&dir.path().join("data.json"));
    assert!(matches!(
        ws.open(data.clone(), "json", "{}", 1),
        Opened::Ignored
    ));
    assert!(matches!(
        ws.edit(&data, 2, &[], Encoding::Utf16),
        Edited::NotOpen
    ));
    // Closing: the file on disk becomes a closed-file record.
    assert!(matches!(ws.close(&k), Closed::Document));
    assert!(!ws.is_open(&path));
    let beta = ws.glossary().by_id("beta").expect("beta");
    assert_eq!(files_of(&ws.mentions_of(beta, Which::All)), vec![(path, 1)]);
}

#[test]
fn glossary_buffer_wins_over_disk_until_closed() {
    let dir = workspace_dir(&[]);
    let (mut ws, _) = load(dir.path());
    let path = dir.path().join("glossary/orgs.toml");
    let edited = GLOSSARY.replace("Beta Board", "Gamma Board");
    let Opened::Glossary(changes) = ws.open(key(&path), "toml", &edited, 1) else {
        panic!("a glossary file opens as a glossary buffer");
    };
    assert!(changes.entries_changed());
    let beta = ws.glossary().by_id("beta").expect("beta");
    assert_eq!(ws.glossary().entry(beta).def.label, "Gamma Board");
    assert_eq!(
        &*ws.glossary_text(&path).expect("text").text,
        edited.as_str()
    );
    // Disk events for an open glossary buffer change nothing.
    std::fs::write(&path, GLOSSARY.replace("Beta Board", "Delta Board")).expect("write");
    let changes = ws.files_changed(&[(path.clone(), FileEvent::CreatedOrChanged)]);
    assert!(changes.glossary.is_none());
    assert_eq!(ws.glossary().entry(beta).def.label, "Gamma Board");
    // Whitespace typed in the buffer: positions move, entries stay.
    let change = TextChange {
        range: Some((LineCol { line: 0, col: 0 }, LineCol { line: 0, col: 0 })),
        text: "\n".to_string(),
    };
    let Edited::Glossary(changes) = ws.edit(&key(&path), 2, &[change], Encoding::Utf8) else {
        panic!("glossary edit");
    };
    assert!(!changes.entries_changed());
    let at = ws.entry_location(beta).expect("location");
    assert_eq!(&at.text.text[at.span.clone()], "\"beta\"");
    // Closed: back to the disk.
    let Closed::Glossary(changes) = ws.close(&key(&path)) else {
        panic!("glossary close");
    };
    assert!(changes.entries_changed());
    assert_eq!(ws.glossary().entry(beta).def.label, "Delta Board");
    assert!(ws.glossary_buffer(&path).is_none());
}

#[test]
fn severity_change_republishes_without_reindexing() {
    let dir = workspace_dir(&[("c.txt", "Nothing here but ACMEC.\n")]);
    let (mut ws, _) = load(dir.path());
    ws.index_all();
    let path = dir.path().join("c.txt");
    let severities = |ws: &Workspace| -> Vec<(Severity, &'static str)> {
        let diags = ws.file_diagnostics(&key(&path)).expect("record");
        match diags {
            FileDiagnostics::Closed { diagnostics, .. } => {
                diagnostics.iter().map(|(s, d)| (*s, d.code)).collect()
            }
            FileDiagnostics::Open { .. } => panic!("not open"),
        }
    };
    assert_eq!(
        severities(&ws),
        vec![(Severity::Warning, "undefined-acronym")]
    );
    let generation = ws.generation();
    let changes =
        ws.set_client_settings(json!({"gloss": {"diagnostics": {"undefined-acronym": "error"}}}));
    assert!(changes.severities_changed);
    assert!(!changes.reindex_workspace(), "{changes:?}");
    assert!(changes.glossary.is_none());
    assert_eq!(ws.generation(), generation);
    assert_eq!(
        severities(&ws),
        vec![(Severity::Error, "undefined-acronym")]
    );
    assert_eq!(ws.config().diagnostics.undefined_acronym, Level::Error);
    ws.set_client_settings(json!({"gloss": {"diagnostics": {"undefined-acronym": "off"}}}));
    assert!(severities(&ws).is_empty());
    // Which files are documents is another matter: that re-indexes.
    let changes = ws.set_client_settings(json!({"gloss": {"exclude": ["c.txt"]}}));
    assert!(changes.reindex_workspace());
}

#[test]
fn mentions_of_merge_open_documents_and_closed_files_in_path_order() {
    let dir = workspace_dir(&[
        ("a.txt", "ACMEC and the Acme Council.\n"),
        ("b.txt", "Nothing.\n"),
        ("c.txt", "The Acme Council.\n"),
        ("ignored/d.txt", "ACMEC.\n"),
        (".gitignore", "ignored/\n"),
    ]);
    let (mut ws, _) = load(dir.path());
    ws.index_all();
    let p = |rel: &str| dir.path().join(rel);
    // b.txt is open with a mention; its record (none) is not read.
    ws.open(key(&p("b.txt")), "plaintext", "ACMEC, ACMEC.\n", 1);
    let acme = ws.glossary().by_id("acme").expect("acme");
    let all = ws.mentions_of(acme, Which::All);
    assert_eq!(
        files_of(&all),
        vec![(p("a.txt"), 2), (p("b.txt"), 2), (p("c.txt"), 1)]
    );
    assert!(matches!(all[1], FileMentions::Open { .. }));
    let preferred = ws.mentions_of(acme, Which::PreferredLabel);
    assert_eq!(files_of(&preferred), vec![(p("a.txt"), 1), (p("c.txt"), 1)]);
    // One pass for several entries gives the same as one at a time.
    let beta = ws.glossary().by_id("beta").expect("beta");
    let each = ws.mentions_of_each(&[acme, beta], Which::All);
    assert_eq!(files_of(&each[&acme]), files_of(&all));
    assert!(!each.contains_key(&beta));
    let tally = ws.entry_tally(acme);
    assert_eq!(tally.total, 5);
    assert_eq!(tally.files[0], ("a.txt".to_string(), 2));
    // A deleted file goes; the lens of each entry counts what is left.
    std::fs::remove_file(p("a.txt")).expect("rm");
    let changes = ws.files_changed(&[(p("a.txt"), FileEvent::Deleted)]);
    assert!(changes.closed_files_changed);
    ws.set_glossary_buffer(&p("glossary/orgs.toml"), GLOSSARY);
    let lenses = ws.lenses(&p("glossary/orgs.toml")).expect("lenses");
    let titles: Vec<&str> = lenses.iter().map(|(l, _)| l.title.as_str()).collect();
    assert_eq!(
        titles,
        vec!["3 mentions in 2 files", "0 mentions in 0 files"]
    );
}

#[test]
fn embedded_entries_are_located_in_a_read_only_copy() {
    let copies = tempfile::tempdir().expect("temp dir");
    let dir = tempfile::tempdir().expect("temp dir");
    let ws = Workspace::load(vec![dir.path().to_path_buf()], Value::Null)
        .0
        .with_embedded_copy_dir(copies.path().to_path_buf());
    let sco = ws.glossary().by_id("sco").expect("embedded sco");
    let at = ws.entry_location(sco).expect("location");
    assert!(at.path.starts_with(copies.path()), "{}", at.path.display());
    let on_disk = std::fs::read_to_string(&at.path).expect("copy written");
    assert_eq!(on_disk, &*at.text.text);
    assert_eq!(&on_disk[at.span.clone()], "\"sco\"");
    let copy = at.path.clone();
    // The copy, opened in the editor, is not prose.
    let mut ws = ws;
    assert!(matches!(
        ws.open(key(&copy), "plaintext", &on_disk, 1),
        Opened::Ignored
    ));
    // No workspace TOML glossary: new entries go to a new file in the root.
    let target = ws.glossary_target().expect("target");
    assert_eq!(target.path, dir.path().join("glossary/glossary.toml"));
    assert_eq!(target.existing, None);
}

#[test]
fn renames_go_through_the_current_glossary_text() {
    let dir = workspace_dir(&[("c.txt", "The Acme Council and ACMEC.\n")]);
    let (mut ws, _) = load(dir.path());
    ws.index_all();
    let acme = ws.glossary().by_id("acme").expect("acme");
    let edits = ws.rename_id(acme, "acme-council").expect("valid id");
    assert_eq!(edits.len(), 1);
    assert!(ws.rename_id(acme, "beta").is_err(), "taken");
    let rename = ws
        .rename_label(acme, "Acme Assembly")
        .expect("ok")
        .expect("some");
    let (range, text) = &rename.glossary.edits[0];
    // The quoted `label` value, replaced by the new quoted value.
    assert_eq!(
        &rename.glossary.text.text[range.clone()],
        "\"Acme Council\""
    );
    assert_eq!(text, "\"Acme Assembly\"");
    assert_eq!(
        files_of(&rename.mentions),
        vec![(dir.path().join("c.txt"), 1)]
    );
    let target = ws.glossary_target().expect("target");
    assert_eq!(target.existing.as_deref(), Some(GLOSSARY));
}

#[test]
fn records_of_an_older_glossary_are_neither_inserted_nor_read() {
    let dir = workspace_dir(&[("a.txt", "The Beta Board met.\n")]);
    let (mut ws, _) = load(dir.path());
    ws.index_all();
    let beta = ws.glossary().by_id("beta").expect("beta");
    assert_eq!(files_of(&ws.mentions_of(beta, Which::All)).len(), 1);
    // A background run reads with this glossary; the entries change meanwhile.
    let run = ws.index_run(None);
    let (found, _) = run.find();
    let stamp = ws.next_stamp();
    let records = run.read(&found, stamp);
    let glossary = dir.path().join("glossary/orgs.toml");
    let changed =
        format!("[[entry]]\nid = \"zeta\"\nlabel = \"Zeta\"\nkind = \"concept\"\n\n{GLOSSARY}");
    std::fs::write(&glossary, changed).expect("write");
    let changes = ws.files_changed(&[(glossary, FileEvent::CreatedOrChanged)]);
    assert!(changes.entries_changed());
    ws.insert_records(records, stamp);
    // Neither the old record nor the stale one is read under the new entries.
    let beta = ws.glossary().by_id("beta").expect("beta");
    assert!(ws.mentions_of(beta, Which::All).is_empty());
    ws.index_all();
    assert_eq!(files_of(&ws.mentions_of(beta, Which::All)).len(), 1);
}

#[test]
fn open_documents_and_closed_files_know_their_date() {
    let dir = workspace_dir(&[
        (
            "gloss.toml",
            "default_glossary = false\n[dates]\n\"speeches/2014/**\" = \"2014-05-21\"\n",
        ),
        ("speeches/2014/remarks.txt", "Remarks\nThe ACMEC met.\n"),
        (
            "speeches/2014/dated.md",
            "---\ndate: 2014-06-01\n---\nText.\n",
        ),
        (
            "notes/2019-03-05-brief.txt",
            "Brief\nBeijing, 4 March 2019 —\n",
        ),
        ("notes/2019-03-05-plain.txt", "No dateline.\n"),
        ("notes/undated.txt", "No date.\n"),
    ]);
    let root = dir.path();
    let (mut ws, _) = load(root);
    ws.index_all();
    let described = |ws: &Workspace, rel: &str| ws.date_of(&root.join(rel)).map(|d| d.describe());
    assert_eq!(
        described(&ws, "speeches/2014/remarks.txt").as_deref(),
        Some("21 May 2014 (set in gloss.toml for `speeches/2014/**`)")
    );
    assert_eq!(
        described(&ws, "speeches/2014/dated.md").as_deref(),
        Some("1 June 2014 (from the front matter, line 2)")
    );
    assert_eq!(
        described(&ws, "notes/2019-03-05-brief.txt").as_deref(),
        Some("4 March 2019 (from the dateline, line 2)")
    );
    assert_eq!(
        described(&ws, "notes/2019-03-05-plain.txt").as_deref(),
        Some("5 March 2019 (from the file name)")
    );
    assert_eq!(described(&ws, "notes/undated.txt"), None);
    // An open document: the setting and the file name apply, and edits count.
    let path = root.join("speeches/2014/remarks.txt");
    ws.open(key(&path), "plaintext", "Remarks\nThe ACMEC met.\n", 1);
    assert_eq!(ws.date_of(&path).map(|d| d.source_name()), Some("setting"));
    let change = TextChange {
        range: None,
        text: "---\ndate: 2014-05-30\n---\nRemarks\n".into(),
    };
    ws.edit(&key(&path), 2, &[change], Encoding::Utf8);
    assert_eq!(
        described(&ws, "speeches/2014/remarks.txt").as_deref(),
        Some("30 May 2014 (from the front matter, line 2)")
    );
    // A new setting re-dates open documents and records without re-reading them.
    std::fs::write(
        root.join("gloss.toml"),
        "default_glossary = false\n[dates]\n\"notes/**\" = \"2001-01-01\"\n",
    )
    .expect("write");
    ws.reload();
    assert_eq!(
        described(&ws, "notes/undated.txt").as_deref(),
        Some("1 January 2001 (set in gloss.toml for `notes/**`)")
    );
    assert_eq!(
        described(&ws, "notes/2019-03-05-brief.txt").as_deref(),
        Some("1 January 2001 (set in gloss.toml for `notes/**`)")
    );
    assert_eq!(
        described(&ws, "speeches/2014/dated.md").as_deref(),
        Some("1 June 2014 (from the front matter, line 2)")
    );
    assert_eq!(
        ws.date_of(&root.join("speeches/2014/remarks.txt"))
            .map(|d| d.source_name()),
        Some("front-matter")
    );
    // The client's `dates` replace the file's (key by key, as every setting).
    ws.set_client_settings(json!({"gloss": {"dates": {"notes/2019*": "2015-01-02"}}}));
    assert_eq!(described(&ws, "notes/undated.txt"), None);
    assert_eq!(
        ws.date_of(&root.join("notes/2019-03-05-plain.txt"))
            .map(|d| d.date.to_string()),
        Some("2015-01-02".to_string())
    );
}

#[test]
fn the_embedded_glossary_alone_is_the_prebuilt_matcher() {
    let Some(prebuilt) = prebuilt::embedded_matcher() else {
        eprintln!("SKIPPED: the prebuilt matcher compiled in is stale (see recognize::prebuilt)");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("gloss.toml"), "").expect("write");
    let (mut ws, _) = load(dir.path());
    assert!(Arc::ptr_eq(ws.matcher(), &prebuilt), "read, not built");
    let sco = ws.glossary().by_id("sco").expect("an embedded entry");
    // A glossary of the workspace's own: merged and built.
    let path = dir.path().join("glossary/orgs.toml");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, GLOSSARY).expect("write");
    let changes = ws.files_changed(&[(path.clone(), FileEvent::CreatedOrChanged)]);
    assert!(changes.entries_changed());
    assert!(!Arc::ptr_eq(ws.matcher(), &prebuilt));
    assert!(ws.glossary().by_id("acme").is_some());
    assert_eq!(ws.glossary().by_id("sco"), Some(sco));
    // Gone again: the prebuilt matcher again, the same entries as at first.
    std::fs::remove_file(&path).expect("remove");
    let changes = ws.files_changed(&[(path, FileEvent::Deleted)]);
    assert!(changes.entries_changed());
    assert!(Arc::ptr_eq(ws.matcher(), &prebuilt));
    assert!(ws.glossary().by_id("acme").is_none());
    assert!(same_entries(ws.glossary(), prebuilt.glossary()));
}
