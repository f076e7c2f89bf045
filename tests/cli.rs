//! The command line: every subcommand and format against golden files in
//! `tests/golden/`, exit codes, and SARIF against the official schema.
//! `UPDATE_GOLDEN=1 cargo test --test cli` rewrites the golden files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn ws() -> PathBuf {
    golden_dir().join("ws")
}

fn gloss(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("run gloss")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Compares `actual` with the golden file `name` (or writes it when UPDATE_GOLDEN is set).
fn golden(name: &str, actual: &str) {
    let path = golden_dir().join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_GOLDEN=1", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from its golden file at line {}:\n expected: {:?}\n   actual: {:?}\n(UPDATE_GOLDEN=1 rewrites it)",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gloss-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// ---------------------------------------------------------------- check

#[test]
fn check_human_output_and_walk() {
    let o = gloss(&ws(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    // No colours when stdout is not a terminal.
    assert!(!out.contains('\x1b'));
    // .gitignore and gloss.toml `exclude` are honoured.
    assert!(!out.contains("ignored/"), "{out}");
    assert!(!out.contains("drafts/"), "{out}");
    golden("check.human.txt", &out);
}

#[test]
fn check_json_one_object_per_diagnostic() {
    let o = gloss(&ws(), &["check", "--format", "json", "docs", "notes"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for line in out.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        for key in ["path", "line", "column", "severity", "code", "message"] {
            assert!(v.get(key).is_some(), "{key} missing in {line}");
        }
        // The byte range points at the quoted text.
        let text = std::fs::read_to_string(ws().join(v["path"].as_str().unwrap())).unwrap();
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e) && s < e);
    }
    golden("check.jsonl", &out);
}

#[test]
fn check_sarif_is_valid_sarif_2_1_0() {
    let o = gloss(&ws(), &["check", "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let log: Value = serde_json::from_str(&out).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(golden_dir().join("sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft4::new(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "SARIF schema violations: {errors:#?}");
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    assert!(
        results
            .iter()
            .all(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].is_u64())
    );
    // A broken SARIF log is caught by the same validator (the test would notice).
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
    golden("check.sarif", &out);
}

#[test]
fn check_exit_codes() {
    // Only warnings: clean at the default --fail-on error, 1 at --fail-on warning.
    assert_eq!(gloss(&ws(), &["check"]).status.code(), Some(0));
    assert_eq!(
        gloss(&ws(), &["check", "--fail-on", "warning"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        gloss(&ws(), &["check", "--fail-on", "hint", "notes/undated.txt"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        gloss(&ws(), &["check", "--fail-on", "never", "--format", "json"])
            .status
            .code(),
        Some(0)
    );
    // Usage and I/O errors: 2 with a message that names the path and what to do.
    let o = gloss(&ws(), &["check", "no/such/file.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no/such/file.md"), "{}", stderr(&o));
    assert!(stderr(&o).contains("check the path"));
    assert_eq!(
        gloss(&ws(), &["check", "--format", "xml"]).status.code(),
        Some(2)
    );
    // A non-UTF-8 file named explicitly: 2, the others still reported.
    let dir = temp_dir("latin1");
    std::fs::write(dir.join("bad.txt"), b"caf\xe9 SCO").unwrap();
    std::fs::write(dir.join("good.txt"), "The SCO.").unwrap();
    let o = gloss(&dir, &["check", "bad.txt", "good.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.txt: not UTF-8"), "{}", stderr(&o));
    assert!(stdout(&o).contains("good.txt:1:5"), "{}", stdout(&o));
    // An error-level diagnostic fails at the default --fail-on.
    std::fs::write(
        dir.join("gloss.toml"),
        "[diagnostics]\nundefined-acronym = \"error\"\n",
    )
    .unwrap();
    let o = gloss(&dir, &["check", "good.txt"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("error[undefined-acronym]"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_reports_config_errors_with_location() {
    let dir = temp_dir("badconfig");
    std::fs::write(
        dir.join("gloss.toml"),
        "default_glossary = false\n[diagnostics]\nunknown-acronym = \"loud\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("a.md"), "Text.").unwrap();
    let o = gloss(&dir, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("gloss.toml:3:"), "{out}");
    assert!(out.contains("error[config-invalid]"), "{out}");
    assert!(out.contains("fix gloss.toml"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- glossary check

#[test]
fn glossary_check_reports_server_diagnostics() {
    let broken = golden_dir().join("broken");
    let o = gloss(&broken, &["glossary", "check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    for code in [
        "unknown-id",
        "glossary-syntax",
        "duplicate-id",
        "label-conflict",
    ] {
        assert!(out.contains(code), "{code} missing:\n{out}");
    }
    golden("glossary-check.human.txt", &out);
    let o = gloss(&broken, &["glossary", "check", "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(1));
    let log: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 4);
    // A good glossary: exit 0.
    let o = gloss(&ws(), &["glossary", "check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("No problems in 1 file."));
    let o = gloss(&ws(), &["glossary", "check", "glossary/test.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = gloss(&ws(), &["glossary", "check", "missing.toml"]);
    assert_eq!(o.status.code(), Some(2));
}
