//! Rows 1 and 2 of issue 13: `gloss annotate --format jsonl` over the
//! speeches as a whole process (1 core, then 2), against the `aho-corasick`
//! crate (leftmost-longest, ASCII case-insensitive, whole-word filter) over
//! the same labels and the same bytes, in this process; with the embedded
//! glossary, then with the 7,029 EuroVoc descriptors added. Owns only the
//! measuring; Gloss is run as the user runs it.

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use aho_corasick::{AhoCorasick, MatchKind};
use serde_json::Value;

use crate::process::{accepts_flag, eurovoc_json, read_texts, run_gloss};
use crate::support::eurovoc_csv;
use crate::table::{Row, Verdict, median};

/// How `gloss annotate` is told to use `jobs` threads.
enum Threads {
    /// The `--jobs N` flag.
    Flag,
    /// No such flag in this build: `RAYON_NUM_THREADS=N` instead (said in the row).
    Rayon,
}

/// One glossary set-up: its workspace root (holding `glossary/…`) and its
/// labels for the baseline.
struct Setup {
    name: &'static str,
    root: std::path::PathBuf,
    patterns: Vec<String>,
}

/// A byte that continues a word (non-ASCII counts as a letter).
fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// The baseline: matches of `ac` in every text that stand as whole words.
fn baseline_scan(ac: &AhoCorasick, texts: &[String]) -> usize {
    let mut count = 0;
    for text in texts {
        let bytes = text.as_bytes();
        for m in ac.find_iter(text) {
            let before = m.start().checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(m.end()).copied();
            if !before.is_some_and(word_byte) && !after.is_some_and(word_byte) {
                count += 1;
            }
        }
    }
    count
}

/// Median time of `runs` baseline scans, matches, and the automaton's build time.
fn baseline(
    patterns: &[String],
    texts: &[String],
    runs: usize,
) -> Result<(Duration, usize, Duration), String> {
    let t = Instant::now();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(patterns)
        .map_err(|e| e.to_string())?;
    let build = t.elapsed();
    let mut times = Vec::new();
    let mut matches = 0;
    for _ in 0..runs {
        let t = Instant::now();
        matches = black_box(baseline_scan(&ac, texts));
        times.push(t.elapsed());
    }
    Ok((median(times), matches, build))
}

/// The labels Gloss matches in a workspace rooted at `root` (folded, deduplicated).
fn patterns_of(root: &Path) -> Vec<String> {
    let (ws, _) = gloss::workspace::Workspace::load(vec![root.to_path_buf()], Value::Null);
    ws.matcher().patterns()
}

/// A workspace root with the EuroVoc descriptors imported as `glossary/eurovoc.toml`.
fn eurovoc_root(tmp: &Path) -> Result<std::path::PathBuf, String> {
    let json = std::fs::read_to_string(eurovoc_json()).map_err(|e| {
        format!(
            "{}: {e} (run tests/data/fetch.sh)",
            eurovoc_json().display()
        )
    })?;
    let (csv, n) = eurovoc_csv(&json)?;
    let root = tmp.join("eurovoc");
    std::fs::create_dir_all(root.join("glossary")).map_err(|e| e.to_string())?;
    std::fs::write(root.join("eurovoc.csv"), csv).map_err(|e| e.to_string())?;
    let out = Command::new(crate::process::gloss_bin())
        .args([
            "glossary",
            "import",
            "--from",
            "csv",
            "eurovoc.csv",
            "--out",
            "glossary/eurovoc.toml",
        ])
        .current_dir(&root)
        .env("XDG_CACHE_HOME", root.join(".cache"))
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "import of {n} descriptors failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(root)
}

/// Median wall time of `runs` whole `gloss annotate` processes over `dir`
/// for each number of `jobs`. The settings take turns (1, 2, 1, 2, …), so
/// that a change in the host's speed during the runs weighs on each alike
/// and their ratio holds.
fn annotate_times(
    setup: &Setup,
    dir: &Path,
    jobs: &[usize],
    threads: &Threads,
    runs: usize,
) -> Result<Vec<Duration>, String> {
    let root = setup.root.to_string_lossy().into_owned();
    let dir = dir.to_string_lossy().into_owned();
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); jobs.len()];
    for _ in 0..runs {
        for (k, jobs) in jobs.iter().enumerate() {
            let jobs_s = jobs.to_string();
            let mut args = vec!["annotate", "--format", "jsonl", "--root", &root];
            if let Threads::Flag = threads {
                args.extend(["--jobs", &jobs_s]);
            }
            args.push(&dir);
            let finished = match threads {
                Threads::Flag => run_gloss(&setup.root, &args)?,
                Threads::Rayon => {
                    let mut cmd = Command::new(crate::process::gloss_bin());
                    cmd.args(&args)
                        .current_dir(&setup.root)
                        .env("RAYON_NUM_THREADS", &jobs_s)
                        .env("XDG_CACHE_HOME", setup.root.join(".cache"))
                        .stdout(std::process::Stdio::null())
                        .stderr(std::process::Stdio::null());
                    crate::process::run_measured(cmd)?
                }
            };
            if finished.code != Some(0) {
                return Err(format!("gloss annotate exited with {:?}", finished.code));
            }
            times[k].push(finished.wall);
        }
    }
    Ok(times.into_iter().map(median).collect())
}

fn mbps(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64().max(1e-9)
}

/// Rows 1 (each glossary) and 2 (each glossary, 2 threads against 1).
pub fn rows(tmp: &Path, speeches: &Path, quick: bool) -> Vec<Row> {
    let runs = if quick { 1 } else { 5 };
    let texts: Vec<String> = read_texts(speeches).into_iter().map(|(_, t)| t).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let size = format!("{} speeches, {:.1} MB", texts.len(), bytes as f64 / 1e6);
    let threads = if accepts_flag("annotate", "--jobs") {
        Threads::Flag
    } else {
        Threads::Rayon
    };
    let how = match threads {
        Threads::Flag => "--jobs",
        Threads::Rayon => "no --jobs flag in this build: RAYON_NUM_THREADS=",
    };
    let plain = tmp.join("plain");
    let mut setups = Vec::new();
    if std::fs::create_dir_all(&plain).is_ok() {
        setups.push(Ok(Setup {
            name: "embedded glossary",
            patterns: patterns_of(&plain),
            root: plain,
        }));
    }
    setups.push(eurovoc_root(tmp).map(|root| Setup {
        name: "embedded + 7,029 EuroVoc",
        patterns: patterns_of(&root),
        root,
    }));
    let mut out = Vec::new();
    let mut two_core = Vec::new();
    for setup in setups {
        let figure1 = |name: &str| format!("annotate jsonl, {size}, {name}, 1 core ({how}1)");
        let setup = match setup {
            Ok(s) => s,
            Err(e) => {
                out.push(Row::failed(&figure1("EuroVoc"), "≥ 2×", &e));
                continue;
            }
        };
        let figure = figure1(setup.name);
        // 1 and 2 threads taking turns: one median for each.
        let (one, two) = match annotate_times(&setup, speeches, &[1, 2], &threads, runs) {
            Ok(t) => (Ok(t[0]), Ok(t[1])),
            Err(e) => (Err(e.clone()), Err(e)),
        };
        let base = baseline(&setup.patterns, &texts, runs.max(3));
        match (&one, &base) {
            (Ok(one), Ok((base, matches, build))) => {
                let (base, matches, build) = (*base, *matches, *build);
                let ratio = mbps(bytes, *one) / mbps(bytes, base);
                out.push(Row {
                    figure,
                    gloss: format!("{:.1} MB/s ({:.2} s)", mbps(bytes, *one), one.as_secs_f64()),
                    baseline: format!(
                        "aho-corasick: {:.1} MB/s ({} labels, {matches} whole-word matches, built in {:.0} ms)",
                        mbps(bytes, base),
                        setup.patterns.len(),
                        build.as_secs_f64() * 1e3
                    ),
                    ratio: format!("{ratio:.2}×"),
                    target: "≥ 2×".into(),
                    verdict: Verdict::of(ratio >= 2.0, !quick),
                });
            }
            (Err(e), _) | (_, Err(e)) => out.push(Row::failed(&figure, "≥ 2×", e)),
        }
        let figure = format!("annotate jsonl, {size}, {}, 2 cores ({how}2)", setup.name);
        two_core.push(match (one, two) {
            (Ok(one), Ok(two)) => {
                let ratio = one.as_secs_f64() / two.as_secs_f64().max(1e-9);
                Row {
                    figure,
                    gloss: format!("{:.1} MB/s ({:.2} s)", mbps(bytes, two), two.as_secs_f64()),
                    baseline: format!("1 core: {:.1} MB/s", mbps(bytes, one)),
                    ratio: format!("{ratio:.2}×"),
                    target: "≥ 1.8×".into(),
                    verdict: Verdict::of(ratio >= 1.8, !quick),
                }
            }
            (Err(e), _) | (_, Err(e)) => Row::failed(&figure, "≥ 1.8×", &e),
        });
    }
    out.extend(two_core);
    out
}
