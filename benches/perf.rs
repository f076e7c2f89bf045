//! The one benchmark of issue 13 ("Performance"): every figure of the
//! issue's table with its baseline measured in the same run, printed as one
//! table (figure, Gloss, baseline, ratio, target, pass/fail). `benches/run.sh`
//! installs the data and runs it; see `benches/README.md`.
//!
//! `cargo bench --bench perf` measures at full size and judges each row;
//! without `--bench` (`cargo test --benches`) it is a quick smoke run: small
//! sizes, nothing judged. `GLOSS_PERF_ONLY=annotate,keystroke,startup,glossary,workspace`
//! runs only those sections. Gloss is measured from outside, as users run it
//! (the release binary over the CLI or stdio), except the baselines, which
//! run in this process. Every row is printed even when it fails.

#[path = "../tests/support/mod.rs"]
mod support;

#[path = "perf/annotate.rs"]
mod annotate;
#[path = "perf/big_glossary.rs"]
mod big_glossary;
#[path = "perf/keystroke.rs"]
mod keystroke;
#[path = "perf/process.rs"]
mod process;
#[path = "perf/startup.rs"]
mod startup;
#[path = "perf/table.rs"]
mod table;
#[path = "perf/workspace.rs"]
mod workspace;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use table::Row;

/// Runs one section; a panic (a server that did not answer) becomes a failed row.
fn section(name: &str, only: &Option<Vec<String>>, run: impl FnOnce() -> Vec<Row>) -> Vec<Row> {
    if only.as_ref().is_some_and(|o| !o.iter().any(|s| s == name)) {
        return Vec::new();
    }
    eprintln!("== {name}");
    let rows = catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panicked".into());
        vec![Row::failed(name, "-", &why)]
    });
    for r in &rows {
        println!("{}", r.line());
    }
    rows
}

fn main() {
    if std::env::var_os(process::MEASURE_ENV).is_some() {
        process::measure_child_main();
        return;
    }
    let quick = !std::env::args().any(|a| a == "--bench");
    let only: Option<Vec<String>> = std::env::var("GLOSS_PERF_ONLY")
        .ok()
        .map(|v| v.split(',').map(|s| s.trim().to_string()).collect());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "gloss perf ({}; nproc {cores}; binary {})",
        if quick {
            "quick smoke run, nothing judged"
        } else {
            "full run"
        },
        process::gloss_bin()
    );
    let Ok(tmp) = tempfile::Builder::new().prefix("gloss-perf-").tempdir() else {
        println!("cannot create a temporary folder");
        return;
    };
    let tmp = tmp.path();
    let speeches = process::speeches_subset(tmp, if quick { 5 } else { usize::MAX });
    let mut rows = Vec::new();
    let need_speeches = |name: &str, f: &dyn Fn(&Path) -> Vec<Row>| match &speeches {
        Ok(dir) => f(dir),
        Err(e) => vec![Row::failed(name, "-", e)],
    };
    rows.extend(section("annotate", &only, || {
        need_speeches("annotate", &|dir| annotate::rows(tmp, dir, quick))
    }));
    rows.extend(section("keystroke", &only, || keystroke::rows(tmp, quick)));
    rows.extend(section("startup", &only, || startup::rows(tmp, quick)));
    rows.extend(section("glossary", &only, || {
        big_glossary::rows(tmp, quick)
    }));
    rows.extend(section("workspace", &only, || {
        need_speeches("workspace", &|dir| workspace::rows(tmp, dir, quick))
    }));
    let table = table::markdown(&rows);
    println!("\n{table}");
    let failed = rows
        .iter()
        .filter(|r| r.verdict == table::Verdict::Fail)
        .count();
    println!("{} rows, {failed} failed (nproc {cores})", rows.len());
    let out = process::crate_root().join("target/bench-perf.md");
    let _ = std::fs::write(&out, format!("nproc {cores}\n\n{table}"));
}
