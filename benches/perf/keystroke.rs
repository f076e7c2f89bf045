//! Row 3 of issue 13: one keystroke through a real `gloss lsp` over stdio,
//! as an editor sees it: a 1-character `didChange` then a pull
//! `textDocument/diagnostic` request, timed from sending the change to the
//! parsed answer. Markdown documents of 100 KB and 10 MB with the same
//! diagnostics (the large one adds prose that yields none), and two 100 KB
//! documents with few and many diagnostics for the cost per published
//! diagnostic. Baseline: a hover round trip in the same session.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{LspClient, file_uri};
use crate::table::{Row, Verdict, ms, percentile};

/// A small deterministic generator (Knuth's MMIX LCG), so runs are comparable.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n.max(1) as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "lorem",
    "ipsum",
    "dolor",
    "sit",
    "amet",
    "consectetur",
    "adipiscing",
    "elit",
    "sed",
    "eiusmod",
    "tempor",
    "incididunt",
    "labore",
    "dolore",
    "magna",
    "aliqua",
    "enim",
    "minim",
    "veniam",
    "quis",
    "nostrud",
    "exercitation",
    "ullamco",
    "laboris",
    "nisi",
    "aliquip",
    "commodo",
    "consequat",
];

/// Markdown prose that yields no diagnostics, about `bytes` long.
fn filler(bytes: usize, rng: &mut Lcg) -> String {
    let mut out = String::with_capacity(bytes + 100);
    let mut in_paragraph = 0;
    while out.len() < bytes {
        let sentence: Vec<&str> = (0..8 + rng.below(8))
            .map(|_| WORDS[rng.below(WORDS.len())])
            .collect();
        out.push_str(&sentence.join(" "));
        out.push_str(". ");
        in_paragraph += 1;
        if in_paragraph == 6 {
            out.push_str("\n\n");
            in_paragraph = 0;
        }
    }
    out.push_str("\n\n");
    out
}

/// A sentence with an acronym no glossary knows (one `unknown-acronym` each).
fn unknown_acronym(i: usize) -> String {
    let a = (b'A' + (i / 26 % 26) as u8) as char;
    let b = (b'A' + (i % 26) as u8) as char;
    let lead = ["QX", "XQ", "ZQ", "QZ"][i / 676 % 4];
    format!("The {lead}{a}{b} panel met. ")
}

/// A Markdown document of about `bytes` with `diagnostics` unknown acronyms
/// spread through it, after a head with glossary mentions.
fn document(bytes: usize, diagnostics: usize, seed: u64) -> String {
    let mut rng = Lcg(seed);
    let mut out =
        String::from("# Report\n\nThe United Nations and the European Union met in Geneva.\n\n");
    let chunk = bytes / diagnostics.max(1);
    for i in 0..diagnostics {
        out.push_str(&unknown_acronym(i));
        out.push_str(&filler(chunk.saturating_sub(30), &mut rng));
    }
    if out.len() < bytes {
        out.push_str(&filler(bytes - out.len(), &mut rng));
    }
    out
}

/// (line, column) of byte `offset` in ASCII `text` with line starts `starts`.
fn position(starts: &[usize], offset: usize) -> Value {
    let line = starts.partition_point(|s| *s <= offset) - 1;
    json!({"line": line, "character": offset - starts[line]})
}

/// What typing into one document cost.
struct Typing {
    times: Vec<Duration>,
    diagnostics: usize,
    hover: Duration,
}

/// Opens `text` in a fresh server, then `edits` keystrokes (insert a
/// character at a random word start, then delete it), each followed by a
/// pull for diagnostics; then hovers as the baseline.
fn type_into(root: &Path, text: &str, edits: usize, seed: u64) -> Typing {
    let mut c = LspClient::spawn(&["lsp"]);
    c.initialize_with(
        &[root],
        json!({"general": {"positionEncodings": ["utf-16"]}, "textDocument": {"diagnostic": {}}}),
        Value::Null,
    );
    let uri = file_uri(&root.join(format!("doc-{seed}.md")));
    c.open(&uri, "markdown", text);
    // Each pull sends the last report's resultId, as vscode-languageclient
    // does; an "unchanged" answer carries no items.
    let pull = |c: &mut LspClient, last: &mut Option<String>| {
        let mut params = json!({"textDocument": {"uri": uri}});
        if let Some(id) = last.as_deref() {
            params["previousResultId"] = json!(id);
        }
        let r = c.request("textDocument/diagnostic", params);
        *last = r["result"]["resultId"].as_str().map(str::to_string);
        r["result"]["items"].as_array().map_or(0, Vec::len)
    };
    let mut last_id = None;
    let diagnostics = pull(&mut c, &mut last_id);
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut rng = Lcg(seed);
    let mut times = Vec::with_capacity(edits);
    let mut version = 1;
    for i in 0..edits + edits / 10 {
        // At a word start, so that the new character joins no acronym.
        let from = rng.below(text.len());
        let at = text[from..].find(' ').map_or(0, |p| from + p + 1);
        let pos = position(&starts, at);
        let mut step = |c: &mut LspClient, range: Value, insert: &str| {
            version += 1;
            let t = Instant::now();
            c.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": version},
                       "contentChanges": [{"range": range, "text": insert}]}),
            );
            pull(c, &mut last_id);
            t.elapsed()
        };
        let end =
            json!({"line": pos["line"], "character": pos["character"].as_u64().unwrap_or(0) + 1});
        let typed = step(&mut c, json!({"start": pos, "end": pos}), "x");
        let deleted = step(&mut c, json!({"start": pos, "end": end}), "");
        // The first tenth warms up.
        if i >= edits / 10 {
            times.push(typed);
            times.push(deleted);
        }
    }
    times.sort();
    let mut hovers = Vec::new();
    for _ in 0..edits.max(10) {
        let t = Instant::now();
        c.hover(&uri, 2, 5);
        hovers.push(t.elapsed());
    }
    let _ = c.shutdown();
    Typing {
        times,
        diagnostics,
        hover: crate::table::median(hovers),
    }
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

pub fn rows(tmp: &Path, quick: bool) -> Vec<Row> {
    let edits = if quick { 10 } else { 300 };
    let (big, big_name) = if quick {
        (300_000, "300 KB")
    } else {
        (10_000_000, "10 MB")
    };
    let root = tmp.join("keystroke");
    if let Err(e) = std::fs::create_dir_all(&root) {
        return vec![Row::failed("keystroke", "-", &e.to_string())];
    }
    let few = 20;
    let many = 600;
    let small_text = document(100_000, few, 1);
    let mut rng = Lcg(99);
    let big_text = format!("{small_text}{}", filler(big - small_text.len(), &mut rng));
    let many_text = document(100_000, many, 1);
    let small = type_into(&root, &small_text, edits, 11);
    let large = type_into(&root, &big_text, edits, 12);
    let crowded = type_into(&root, &many_text, edits, 13);
    let p = |t: &Typing, q: f64| ms(percentile(&t.times, q));
    let mut out = Vec::new();
    out.push(Row {
        figure: format!(
            "keystroke → pull diagnostics, Markdown 100 KB ({} diagnostics), p50 / p99",
            small.diagnostics
        ),
        gloss: format!("{:.2} / {:.2} ms", p(&small, 0.5), p(&small, 0.99)),
        baseline: format!("hover round trip {:.2} ms", ms(small.hover)),
        ratio: format!(
            "p99 {:.1}× hover",
            p(&small, 0.99) / ms(small.hover).max(1e-9)
        ),
        target: "p99 < 1 ms".into(),
        verdict: Verdict::of(p(&small, 0.99) < 1.0, !quick),
    });
    let same = large.diagnostics == small.diagnostics;
    let ratio = p(&large, 0.99) / p(&small, 0.99).max(1e-9);
    out.push(Row {
        figure: format!(
            "keystroke → pull diagnostics, Markdown {big_name} ({} diagnostics{}), p50 / p99",
            large.diagnostics,
            if same {
                ", same as 100 KB"
            } else {
                ": NOT the same as 100 KB"
            }
        ),
        gloss: format!("{:.2} / {:.2} ms", p(&large, 0.5), p(&large, 0.99)),
        baseline: format!(
            "100 KB p99 {:.2} ms; hover {:.2} ms",
            p(&small, 0.99),
            ms(large.hover)
        ),
        ratio: format!("{ratio:.2}× the 100 KB p99"),
        target: "≤ 1.5× the 100 KB p99".into(),
        verdict: Verdict::of(ratio <= 1.5 && same, !quick),
    });
    let extra = crowded.diagnostics.saturating_sub(small.diagnostics).max(1);
    let extra_time = percentile(&crowded.times, 0.5).saturating_sub(percentile(&small.times, 0.5));
    let per = us(extra_time) / extra as f64;
    out.push(Row {
        figure: format!(
            "cost per published diagnostic (100 KB, {} vs {} diagnostics, medians)",
            crowded.diagnostics, small.diagnostics
        ),
        gloss: format!(
            "{per:.3} µs ({:.2} vs {:.2} ms)",
            p(&crowded, 0.5),
            p(&small, 0.5)
        ),
        baseline: format!("hover {:.2} ms", ms(crowded.hover)),
        ratio: "-".into(),
        target: "< 0.5 µs".into(),
        verdict: Verdict::of(per < 0.5, !quick),
    });
    out
}
