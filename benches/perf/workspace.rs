//! Row 6 of issue 13: a workspace of closed files (the speeches) in a real
//! `gloss lsp` over stdio. Resident growth for the corpus: the server's RSS
//! after indexing the speeches minus the RSS of a server that indexed an
//! empty folder (same glossary, same settings), against the corpus bytes;
//! and `references` on the commonest entity ("United States"), with reading
//! the files and a hover round trip as baselines. Also used by
//! `benches/workspace.rs` alone.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::process::{read_texts, rss_kib};
use crate::support::{LspClient, file_uri};
use crate::table::{Row, Verdict, median, ms, percentile};

/// A server with `root` as its one folder, after its closed files are indexed:
/// (client, time from `initialized` to the end of indexing, RSS after `initialize`, RSS after indexing).
fn indexed_server(root: &Path) -> (LspClient, Duration, u64, u64, String) {
    let mut c = LspClient::spawn(&["lsp"]);
    let pid = c.pid();
    c.initialize_with(
        &[root],
        json!({"window": {"workDoneProgress": true}, "general": {"positionEncodings": ["utf-16"]}}),
        json!(null),
    );
    let rss_before = rss_kib(pid).unwrap_or(0);
    let t = Instant::now();
    let end = c.wait_progress_end("files indexed");
    let took = t.elapsed();
    // Let the indexing threads finish freeing before reading the RSS.
    std::thread::sleep(Duration::from_millis(200));
    let rss_after = rss_kib(pid).unwrap_or(0);
    let message = end["params"]["value"]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    (c, took, rss_before, rss_after, message)
}

/// The same workspace in this process: (bytes of the closed-file records,
/// of which their mentions; median time of the `references` query alone,
/// `Workspace::mentions_of` "united-states", without JSON or stdio).
fn in_process(speeches: &Path, runs: usize) -> Option<(usize, usize, Duration, usize)> {
    use gloss::workspace::{Which, Workspace};
    let (mut ws, _) = Workspace::load(vec![speeches.to_path_buf()], serde_json::Value::Null);
    ws.index_all();
    let records = ws.closed_files();
    let bytes = records.iter().map(|(_, r)| r.approx_bytes()).sum();
    let mentions = records.iter().map(|(_, r)| r.mentions.heap_bytes()).sum();
    let id = ws.glossary().by_id("united-states")?;
    let mut times = Vec::new();
    let mut count = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let files = ws.mentions_of(id, Which::All);
        count = files.iter().map(|f| f.len()).sum();
        times.push(t.elapsed());
    }
    Some((bytes, mentions, median(times), count))
}

pub fn rows(tmp: &Path, speeches: &Path, quick: bool) -> Vec<Row> {
    let t = Instant::now();
    let texts = read_texts(speeches);
    let read_time = t.elapsed();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let empty = tmp.join("empty-workspace");
    if let Err(e) = std::fs::create_dir_all(&empty) {
        return vec![Row::failed("workspace", "-", &e.to_string())];
    }
    let (empty_server, _, _, rss_empty, _) = indexed_server(&empty);
    let _ = empty_server.shutdown();
    let (mut c, index_time, rss_before, rss_after, message) = indexed_server(speeches);
    let growth_kib = rss_after.saturating_sub(rss_empty);
    let growth = growth_kib as f64 * 1024.0 / bytes.max(1) as f64;
    let mb = |kib: u64| kib as f64 / 1024.0;

    let doc = tmp.join("references.txt");
    let uri = file_uri(&doc);
    c.open(&uri, "plaintext", "The United States and the Congress.\n");
    let runs = if quick { 5 } else { 50 };
    let mut refs = Vec::new();
    let mut count = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let r = c.request(
            "textDocument/references",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 6}, "context": {"includeDeclaration": false}}),
        );
        refs.push(t.elapsed());
        count = r["result"].as_array().map_or(0, Vec::len);
    }
    let mut hovers = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        c.hover(&uri, 0, 6);
        hovers.push(t.elapsed());
    }
    let _ = c.shutdown();
    refs.sort();
    let (refs_median, refs_p99) = (percentile(&refs, 0.5), percentile(&refs, 0.99));
    let hover = median(hovers);
    let corpus = format!("{} files, {:.1} MB", texts.len(), bytes as f64 / 1e6);
    let (records, query) = match in_process(speeches, runs) {
        Some((all, mentions, query, found)) => (
            format!(
                "; records {:.1} MB, of which mentions {:.1} MB",
                all as f64 / 1048576.0,
                mentions as f64 / 1048576.0
            ),
            format!(
                "; the query alone (in process, no JSON) {:.2} ms for {found}",
                ms(query)
            ),
        ),
        None => (String::new(), String::new()),
    };
    vec![
        Row {
            figure: format!("workspace of closed files ({corpus}): resident growth"),
            gloss: format!(
                "+{:.1} MB ({:.1} MB vs {:.1} MB for an empty folder; {:.1} MB after initialize)",
                mb(growth_kib),
                mb(rss_after),
                mb(rss_empty),
                mb(rss_before)
            ),
            baseline: format!("corpus {:.1} MB{records}", bytes as f64 / 1048576.0),
            ratio: format!("{growth:.2}× corpus bytes"),
            target: "< 0.5× corpus bytes".into(),
            verdict: Verdict::of(growth < 0.5, !quick),
        },
        Row {
            figure: format!("workspace ({corpus}): index closed files"),
            gloss: format!("{:.2} s ({message})", index_time.as_secs_f64()),
            baseline: format!("reading the files {:.3} s", read_time.as_secs_f64()),
            ratio: format!(
                "{:.0}×",
                index_time.as_secs_f64() / read_time.as_secs_f64().max(1e-9)
            ),
            target: "(measured)".into(),
            verdict: Verdict::Unjudged,
        },
        Row {
            figure: format!("`references` \"United States\" ({count} locations), median / p99"),
            gloss: format!("{:.1} / {:.1} ms", ms(refs_median), ms(refs_p99)),
            baseline: format!("hover round trip {:.2} ms{query}", ms(hover)),
            ratio: format!("{:.0}× hover", ms(refs_median) / ms(hover).max(1e-9)),
            target: "median < 10 ms".into(),
            verdict: Verdict::of(ms(refs_median) < 10.0, !quick),
        },
    ]
}
