//! Workspace benchmark alone (row 6 of `benches/perf.rs`): the real `gloss
//! lsp` over stdio indexing the 249 State of the Union speeches of
//! `tests/data/fetch.sh` as closed files, then answering `references`.
//! Run: `cargo bench --bench workspace`; without `--bench`, a quick run over
//! 10 speeches. The measuring lives in `benches/perf/workspace.rs`.

#[path = "../tests/support/mod.rs"]
mod support;

#[path = "perf/process.rs"]
#[allow(dead_code)]
mod process;
#[path = "perf/table.rs"]
#[allow(dead_code)]
mod table;
#[path = "perf/workspace.rs"]
mod workspace;

fn main() {
    let quick = !std::env::args().any(|a| a == "--bench");
    let Ok(tmp) = tempfile::Builder::new().prefix("gloss-ws-").tempdir() else {
        println!("cannot create a temporary folder");
        return;
    };
    match process::speeches_subset(tmp.path(), if quick { 10 } else { usize::MAX }) {
        Ok(dir) => {
            for row in workspace::rows(tmp.path(), &dir, quick) {
                println!("{}", row.line());
            }
        }
        Err(e) => println!("workspace bench SKIPPED: {e}"),
    }
}
