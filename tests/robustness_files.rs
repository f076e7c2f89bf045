//! Files as a workspace really has them (issue 14, "Files" and "Nothing
//! lost, nothing outside"): binary, non-UTF-8 and UTF-16 files, FIFOs,
//! unreadable files, broken links, link loops and links leading outside;
//! files deleted while indexing; `gloss.toml` globs that leave the
//! workspace; broken settings and glossaries that must keep the last good
//! state; and a 50,000-file workspace indexed while hovers keep answering.
//! Each drives the real binary (`gloss check`, or `gloss lsp` over stdio) on
//! a workspace generated in a temporary folder.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

mod support;
use support::{LspClient, TempWorkspace, file_uri, skip};

/// Runs `gloss ARGS` in `dir`, killed after `limit` (a hang is a failure,
/// not a stuck test run); returns (exit code, stdout, stderr).
fn gloss_within(dir: &Path, args: &[&str], limit: Duration) -> (Option<i32>, String, String) {
    let out_path = dir.join(".gloss-test-stdout");
    let err_path = dir.join(".gloss-test-stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("run gloss");
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "gloss {} did not finish within {limit:?}; stderr so far:\n{}",
                args.join(" "),
                std::fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    let out = (status.code(), read(&out_path), read(&err_path));
    let _ = std::fs::remove_file(out_path);
    let _ = std::fs::remove_file(err_path);
    out
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

/// Makes a FIFO at `path`; false when the system has no `mkfifo`.
fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

/// Every kind of file a document walk meets, through `gloss check`: each
/// that is not read is named on stderr with why, nothing hangs (a FIFO
/// used to block `gloss check` forever), and the readable ones are checked.
#[cfg(unix)]
#[test]
fn check_skips_files_it_cannot_read_as_text_with_the_reason_and_never_hangs() {
    let ws = TempWorkspace::new();
    let outside = TempWorkspace::new();
    let root = ws.path();
    ws.write("good.md", "The SCO met.\n");
    // A NUL byte far past the first 8 KiB still makes a file binary.
    let mut late_nul = "The SCO met. ".repeat(1000).into_bytes();
    late_nul.extend_from_slice(b"\0tail");
    ws.write("late-nul.txt", late_nul);
    ws.write("latin1.txt", b"Caf\xe9 and the SCO.\n");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("The SCO.".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    ws.write("utf16.txt", utf16);
    let fifo = mkfifo(&root.join("pipe.md"));
    symlink(Path::new("/nonexistent/gloss"), &root.join("broken.md"));
    symlink(&root.join("loop-b.md"), &root.join("loop-a.md"));
    symlink(&root.join("loop-a.md"), &root.join("loop-b.md"));
    symlink(root, &root.join("self"));
    let secret = outside.write("secret.md", "The SCO outside.\n");
    symlink(&secret, &root.join("outside.md"));
    // A link to a file inside that is no document itself is read under its
    // name; a link to a document is read once, at the document's own path.
    ws.write("data/notes.dat", "The SCO inside.\n");
    symlink(&root.join("data/notes.dat"), &root.join("linked.md"));
    symlink(&root.join("good.md"), &root.join("again.md"));
    let locked = ws.write("locked.md", "The SCO locked.\n");
    let mut perms = std::fs::metadata(&locked).expect("meta").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o000);
    std::fs::set_permissions(&locked, perms).expect("chmod 000");
    let privileged = std::fs::read(&locked).is_ok();

    let (code, out, err) = gloss_within(root, &["check", "."], Duration::from_secs(60));
    assert_eq!(
        code,
        Some(2),
        "files skipped\nstdout:\n{out}\nstderr:\n{err}"
    );
    for (file, reason) in [
        ("late-nul.txt", "binary file (NUL byte at offset 13000)"),
        (
            "latin1.txt",
            "not UTF-8 (invalid byte at offset 3); save it as UTF-8",
        ),
        (
            "utf16.txt",
            "UTF-16 text (byte-order mark); save it as UTF-8",
        ),
        ("broken.md", "broken symbolic link (to /nonexistent/gloss)"),
        ("loop-a.md", "cannot be followed"),
        ("self", "symbolic link to the folder"),
        ("outside.md", "outside the workspace"),
    ] {
        let line = err
            .lines()
            .find(|l| l.starts_with(&format!("gloss: {file}: ")))
            .unwrap_or_else(|| panic!("no line for {file} in stderr:\n{err}"));
        assert!(line.contains(reason), "{line}");
        assert!(line.ends_with("; skipped"), "{line}");
    }
    if fifo {
        assert!(
            err.contains("gloss: pipe.md: not a regular file"),
            "stderr:\n{err}"
        );
    } else {
        skip("no mkfifo: the FIFO case did not run");
    }
    if privileged {
        skip("running as root: a chmod 000 file is still readable, so that case did not run");
    } else {
        assert!(
            err.contains("gloss: locked.md: cannot read: Permission denied"),
            "stderr:\n{err}"
        );
    }
    // Checked: the readable document, and the link to a non-document.
    assert!(
        out.contains("good.md:1:5: warning[undefined-acronym]"),
        "{out}"
    );
    assert!(
        out.contains("linked.md:1:5: warning[undefined-acronym]"),
        "{out}"
    );
    // Read once only, and nothing outside.
    assert!(!out.contains("again.md"), "{out}");
    assert!(!out.contains("outside"), "{out}");
    // A FIFO named on the command line is refused too (it used to hang).
    if fifo {
        let (code, _, err) = gloss_within(root, &["check", "pipe.md"], Duration::from_secs(30));
        assert!(err.contains("pipe.md: not a regular file"), "{err}");
        assert_eq!(code, Some(2), "a file named that cannot be read: {err}");
    }
}

/// A `gloss.toml` whose globs leave the workspace: each is refused with a
/// located problem (file, line, column, what is wrong, what to do), and so
/// is a glossary link leading outside; the rest of the settings and the
/// glossaries inside still load, in `gloss check` and in the server.
#[cfg(unix)]
#[test]
fn paths_of_gloss_toml_that_leave_the_workspace_are_refused_at_their_line_and_the_rest_loads() {
    let ws = TempWorkspace::new();
    let outside = TempWorkspace::new();
    let root = ws.path();
    let foreign = outside.write(
        "zyx.toml",
        "[[entry]]\nid = \"zyx\"\nlabel = \"Zyx Forum\"\nkind = \"organization\"\nacronyms = [\"ZYXF\"]\n",
    );
    ws.write(
        "gloss.toml",
        "default_glossary = false\nglossaries = [\"../*/zyx.toml\", \"glossary/*.toml\"]\ninclude = [\"/etc/**\", \"**/*.md\"]\nexclude = [\"{drafts,../x}/**\"]\n\n[diagnostics]\nunknown-acronym = \"warning\"\n",
    );
    ws.write(
        "glossary/acme.toml",
        "[[entry]]\nid = \"acme\"\nlabel = \"Acme Council\"\nkind = \"organization\"\nacronyms = [\"ACMEC\"]\n",
    );
    symlink(&foreign, &root.join("glossary/zyx.toml"));
    ws.write("doc.md", "The ACMEC met the ZYXF.\n");

    let (code, out, err) = gloss_within(root, &["check", "."], Duration::from_secs(60));
    assert_eq!(code, Some(1), "errors in gloss.toml\n{out}\n{err}");
    for (at, words) in [
        (
            "gloss.toml:2:15: error[path-outside-workspace]",
            "\"../*/zyx.toml\" climbs out of the workspace",
        ),
        (
            "gloss.toml:3:12: error[path-outside-workspace]",
            "\"/etc/**\" is an absolute path",
        ),
        (
            "gloss.toml:4:12: error[path-outside-workspace]",
            "exclude: \"{drafts,../x}/**\"",
        ),
        (
            "gloss.toml:2:32: error[path-outside-workspace]",
            "zyx.toml: symbolic link to",
        ),
    ] {
        let line = out
            .lines()
            .find(|l| l.starts_with(at))
            .unwrap_or_else(|| panic!("no {at} in:\n{out}"));
        assert!(line.contains(words), "{line}");
        assert!(
            line.contains("outside the workspace") || line.contains("write it relative"),
            "says what to do: {line}"
        );
    }
    // The rest loads: the glossary inside (ACMEC is known), the settings
    // (unknown acronyms are warnings), `**/*.md`; the one outside does not.
    assert!(
        out.contains("doc.md:1:5: warning[undefined-acronym]: ACMEC"),
        "{out}"
    );
    assert!(
        out.contains("doc.md:1:19: warning[unknown-acronym]: ZYXF"),
        "{out}"
    );

    // The server: the same problems on gloss.toml's lines, the rest in use.
    let mut c = LspClient::spawn(&["lsp"]);
    c.initialize(root, &["utf-16"], Value::Null);
    let cfg = file_uri(&root.join("gloss.toml"));
    let d = c.wait_diagnostics(&cfg, |d| d.len() == 4);
    let mut lines: Vec<(u64, u64)> = d
        .iter()
        .map(|x| {
            let start = &x["range"]["start"];
            (
                start["line"].as_u64().unwrap_or(99),
                start["character"].as_u64().unwrap_or(99),
            )
        })
        .collect();
    lines.sort();
    assert_eq!(lines, [(1, 14), (1, 31), (2, 11), (3, 11)], "{d:?}");
    let uri = file_uri(&root.join("doc.md"));
    c.open(&uri, "markdown", "The ACMEC met the ZYXF.\n");
    let hover = c.hover(&uri, 0, 5);
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .contains("Acme Council"),
        "{hover}"
    );
    let hover = c.hover(&uri, 0, 19);
    assert!(
        !hover.to_string().contains("Zyx Forum"),
        "the glossary outside is not read: {hover}"
    );
    assert_eq!(c.shutdown(), Some(0));
}

/// A `gloss.toml` or glossary broken on disk (or made unreadable) keeps
/// the last good one in use, with the problem reported where it is.
#[test]
fn a_broken_gloss_toml_or_glossary_on_disk_keeps_the_last_good_state() {
    let ws = TempWorkspace::new();
    let root = ws.path();
    ws.write(
        "gloss.toml",
        "[diagnostics]\nundefined-acronym = \"error\"\n",
    );
    let glossary = ws.write(
        "glossary/acme.toml",
        "[[entry]]\nid = \"acme\"\nlabel = \"Acme Council\"\nkind = \"organization\"\nacronyms = [\"ACMEC\"]\n",
    );
    let mut c = LspClient::spawn(&["lsp"]);
    c.initialize(root, &["utf-16"], Value::Null);
    let uri = file_uri(&root.join("doc.txt"));
    let text = "The ACMEC met.\n";
    c.open(&uri, "plaintext", text);
    let severity_of_acmec = |d: &[Value]| {
        d.iter()
            .find(|x| x["code"] == "undefined-acronym")
            .map(|x| x["severity"].clone())
    };
    c.wait_diagnostics(&uri, |d| severity_of_acmec(d) == Some(json!(1)));
    let mut version: u8 = 1;
    let mut touch = |c: &mut LspClient| {
        // An edit that adds an unknown acronym makes the server publish
        // again with the settings in use (earlier publications are
        // forgotten, so a wait sees only new ones).
        c.notifications.clear();
        version += 1;
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"text": format!("{text}ZQ{}X.\n", char::from(b'A' + version))}]}),
        );
    };

    // After a broken gloss.toml, ACMEC is still published at the last good
    // level (error), not the default.
    let assert_last_good_settings = |touch: &mut dyn FnMut(&mut LspClient), c: &mut LspClient| {
        touch(c);
        let d = c.wait_diagnostics(&uri, |d| !d.is_empty());
        assert_eq!(
            severity_of_acmec(&d),
            Some(json!(1)),
            "last good settings: {d:?}"
        );
    };

    // gloss.toml broken: reported at its line, the settings stay.
    c.notifications.clear();
    ws.write(
        "gloss.toml",
        "[diagnostics]\nundefined-acronym = \"loud\"\n",
    );
    let cfg = file_uri(&root.join("gloss.toml"));
    c.files_changed(&[(&cfg, 2)]);
    let cd = c.wait_diagnostics(&cfg, |d| !d.is_empty());
    assert_eq!(cd[0]["range"]["start"]["line"], 1, "{cd:?}");
    assert_last_good_settings(&mut touch, &mut c);

    // gloss.toml not UTF-8: reported, the settings stay.
    c.notifications.clear();
    ws.write(
        "gloss.toml",
        b"[diagnostics]\nundefined-acronym = \"\xff\"\n",
    );
    c.files_changed(&[(&cfg, 2)]);
    let cd = c.wait_diagnostics(&cfg, |d| {
        d.iter()
            .any(|x| x["message"].as_str().unwrap_or("").contains("not UTF-8"))
    });
    assert!(
        cd[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("last good settings"),
        "{cd:?}"
    );
    assert_last_good_settings(&mut touch, &mut c);

    // The glossary broken on disk: reported, its entries stay.
    c.notifications.clear();
    std::fs::write(&glossary, "[[entry]\nid = \"acme\"\n").expect("write");
    let guri = file_uri(&glossary);
    c.files_changed(&[(&guri, 2)]);
    c.wait_diagnostics(&guri, |d| !d.is_empty());
    let hover = c.hover(&uri, 0, 5);
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .contains("Acme Council"),
        "last good glossary: {hover}"
    );

    // Fixed: the new settings apply.
    c.notifications.clear();
    ws.write(
        "gloss.toml",
        "[diagnostics]\nundefined-acronym = \"hint\"\n",
    );
    c.files_changed(&[(&cfg, 2)]);
    c.wait_diagnostics(&cfg, |d| d.is_empty());
    touch(&mut c);
    c.wait_diagnostics(&uri, |d| severity_of_acmec(d) == Some(json!(4)));
    assert_eq!(c.shutdown(), Some(0));
}

/// Files deleted between the walk and their reading: the run completes,
/// they are dropped (logged, no record), the others are indexed; a file
/// deleted after its record was made is dropped by the end of the run.
#[test]
fn files_deleted_while_indexing_are_dropped_and_the_run_completes() {
    use gloss::workspace::Workspace;
    let ws = TempWorkspace::new();
    for i in 0..40 {
        ws.write(&format!("d{i:02}.txt"), format!("The SCO met {i} times.\n"));
    }
    let (mut workspace, _) = Workspace::load(vec![ws.path().to_path_buf()], Value::Null);
    let run = workspace.index_run(None);
    let (found, skipped) = run.find();
    assert_eq!((found.len(), skipped.len()), (40, 0));
    // Half are deleted after the walk, before they are read.
    for path in found.iter().step_by(2) {
        std::fs::remove_file(path).expect("rm");
    }
    let stamp = workspace.next_stamp();
    let records = run.read(&found, stamp);
    let failed: Vec<&String> = records
        .iter()
        .filter_map(|(_, r)| r.as_ref().err())
        .collect();
    assert_eq!(failed.len(), 20);
    assert!(
        failed.iter().all(|e| e.contains("No such file")),
        "{failed:?}"
    );
    workspace.insert_records(records, stamp);
    workspace.finish_index_run(&run, &found);
    let kept: Vec<String> = workspace
        .closed_files()
        .iter()
        .map(|(p, _)| {
            p.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let expected: Vec<String> = (0..40)
        .filter(|i| i % 2 == 1)
        .map(|i| format!("d{i:02}.txt"))
        .collect();
    assert_eq!(kept, expected);
    // The next run does not bring them back, and drops a file deleted since.
    std::fs::remove_file(ws.path().join("d01.txt")).expect("rm");
    workspace.index_all();
    assert_eq!(workspace.closed_files().len(), 19);
}

/// `GLOSS_ROBUSTNESS_FILES`: how many files the big-workspace test makes
/// (50,000 unless set; CI may lower it).
fn big_workspace_size() -> usize {
    std::env::var("GLOSS_ROBUSTNESS_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000)
}

/// A workspace of 50,000 files: the server indexes it in the background
/// while a hover on an open document keeps answering, correctly, before
/// the indexing ends (the order of events is asserted, not times), and the
/// run ends having indexed every file. Prints the indexing time and the
/// hover latencies seen during it (a debug build on a shared machine: the
/// figures are for comparison, not a benchmark).
#[test]
fn a_workspace_of_50000_files_is_indexed_while_hovers_answer() {
    let n = big_workspace_size();
    let ws = TempWorkspace::new();
    let made = Instant::now();
    for i in 0..n {
        let dir = ws.path().join(format!("part{:03}", i / 200));
        if i % 200 == 0 {
            std::fs::create_dir_all(&dir).expect("mkdir");
        }
        std::fs::write(
            dir.join(format!("f{i:05}.txt")),
            format!("Note {i}: the SCO met the United Nations.\n"),
        )
        .expect("write");
    }
    let made = made.elapsed();
    let mut c = LspClient::spawn(&["lsp"]);
    let started = Instant::now();
    c.initialize_with(
        &[ws.path()],
        json!({
            "general": {"positionEncodings": ["utf-16"]},
            "window": {"workDoneProgress": true},
            "textDocument": {"hover": {"contentFormat": ["markdown"]}}
        }),
        Value::Null,
    );
    let uri = file_uri(&ws.path().join("open.txt"));
    c.open(&uri, "plaintext", "The SCO met.\n");
    let indexed = |c: &LspClient| {
        c.notifications.iter().any(|m| {
            m["method"] == "$/progress"
                && m["params"]["value"]["kind"] == "end"
                && m["params"]["value"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains("files indexed"))
        })
    };
    let mut during = Vec::new();
    let mut first = None;
    let deadline = Instant::now() + Duration::from_secs(900);
    while !indexed(&c) {
        assert!(
            Instant::now() < deadline,
            "indexing did not end within 900 s"
        );
        let asked = Instant::now();
        let hover = c.hover(&uri, 0, 5);
        let took = asked.elapsed();
        let text = hover["result"]["contents"]["value"].as_str().unwrap_or("");
        assert!(
            text.contains("Shanghai Cooperation Organisation"),
            "{hover}"
        );
        if first.is_none() {
            // Includes the workspace load that requests wait for.
            first = Some(took);
        } else if !indexed(&c) {
            during.push(took);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let indexing = started.elapsed();
    let end = c
        .notifications
        .iter()
        .find(|m| m["params"]["value"]["kind"] == "end")
        .map(|m| m["params"]["value"]["message"].clone());
    assert_eq!(end, Some(json!(format!("{n} files indexed"))));
    during.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let line = format!(
        "{n} files (made in {:.1} s): indexed in {:.1} s after initialize; first hover (waits for the load) {:.0} ms; {} hovers answered during indexing: median {:.1} ms, max {:.1} ms",
        made.as_secs_f64(),
        indexing.as_secs_f64(),
        first.map_or(0.0, ms),
        during.len(),
        during.get(during.len() / 2).copied().map_or(0.0, ms),
        during.last().copied().map_or(0.0, ms),
    );
    let _ = std::io::Write::write_all(&mut std::io::stderr(), format!("{line}\n").as_bytes());
    assert!(
        !during.is_empty(),
        "no hover was answered while the workspace was being indexed: {line}"
    );
    assert_eq!(c.shutdown(), Some(0));
}
