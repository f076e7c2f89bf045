//! Row 5 of issue 13: a 100,000-entry glossary (300,000 labels) loaded by
//! `gloss check` of a small file, as a whole process: wall time and the
//! child's peak resident memory. Baseline: the same check with the embedded
//! glossary only. The glossary comes from `benches/synthetic-glossary.py`
//! when that script exists, else from the simple generator here.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::process::{Finished, crate_root, run_gloss};
use crate::table::{Row, Verdict, median, ms};

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ren", "tas", "vo", "dul", "pe", "sor", "gan", "bri", "tel", "nu", "ha",
    "quo", "zem", "fa", "rit", "yo", "wex",
];

/// A pronounceable made-up word for number `n` (distinct for distinct `n`).
fn word(mut n: usize) -> String {
    let mut out = String::new();
    loop {
        out.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
        if n == 0 {
            return out;
        }
    }
}

/// Title case of `w`.
fn title(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `entries` entries, each with a label, an alias and an acronym (3 labels).
fn generate(entries: usize) -> String {
    let mut out = String::from("title = \"Synthetic benchmark glossary\"\n");
    for i in 0..entries {
        let label = format!("{} {} Council", title(&word(i)), title(&word(i * 7 + 3)));
        let alias = format!("{} {} Board", title(&word(i)), title(&word(i * 7 + 3)));
        // Distinct for each entry (a shared acronym would make every use ambiguous).
        let acronym = word(i).to_uppercase();
        let _ = write!(
            out,
            "\n[[entry]]\nid = \"syn-{i}\"\nlabel = \"{label}\"\nkind = \"organization\"\naliases = [\"{alias}\"]\nacronyms = [\"Q{acronym}\"]\n"
        );
    }
    out
}

/// The glossary files of `entries` entries, and how they were made.
fn glossary(tmp: &Path, entries: usize) -> Result<(Vec<PathBuf>, &'static str), String> {
    let script = crate_root().join("benches/synthetic-glossary.py");
    let out = tmp.join("synthetic.toml");
    if script.is_file() {
        let ok = Command::new("python3")
            .arg(&script)
            .arg(entries.to_string())
            .arg(&out)
            .status()
            .is_ok_and(|s| s.success());
        if ok && out.is_file() {
            return Ok((vec![out], "benches/synthetic-glossary.py"));
        }
        if ok && out.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&out)
                .map_err(|e| e.to_string())?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .collect();
            files.sort();
            return Ok((files, "benches/synthetic-glossary.py"));
        }
    }
    std::fs::write(&out, generate(entries)).map_err(|e| e.to_string())?;
    Ok((
        vec![out],
        "the bench's own generator (no benches/synthetic-glossary.py)",
    ))
}

/// Median wall time and largest peak RSS of `runs` checks.
fn checks(root: &Path, args: &[&str], runs: usize) -> Result<(Duration, u64), String> {
    let mut times = Vec::new();
    let mut rss = 0;
    for _ in 0..runs {
        let Finished {
            wall,
            max_rss_kib,
            code,
        } = run_gloss(root, args)?;
        if !matches!(code, Some(0 | 1)) {
            return Err(format!("gloss {} exited with {code:?}", args.join(" ")));
        }
        times.push(wall);
        rss = rss.max(max_rss_kib);
    }
    Ok((median(times), rss))
}

pub fn rows(tmp: &Path, quick: bool) -> Vec<Row> {
    let entries = if quick { 5_000 } else { 100_000 };
    let runs = if quick { 1 } else { 3 };
    let figure = format!("{entries}-entry glossary: load + `gloss check` of a small file");
    let targets = "< 0.5 s, < 200 MB";
    let root = tmp.join("big-glossary");
    let run = || -> Result<Row, String> {
        std::fs::create_dir_all(&root).map_err(|e| e.to_string())?;
        std::fs::write(
            root.join("small.txt"),
            "The United Nations and the World Health Organization (WHO) met in Geneva.\n",
        )
        .map_err(|e| e.to_string())?;
        let (files, made_by) = glossary(tmp, entries)?;
        let root_s = root.to_string_lossy().into_owned();
        let mut args = vec!["check".to_string(), "--root".into(), root_s.clone()];
        for f in &files {
            args.extend(["--glossary".into(), f.to_string_lossy().into_owned()]);
        }
        args.push("small.txt".into());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (big, big_rss) = checks(&root, &args, runs)?;
        let (base, base_rss) = checks(&root, &["check", "--root", &root_s, "small.txt"], runs)?;
        let mb = |kib: u64| kib as f64 / 1024.0;
        Ok(Row {
            figure: format!("{figure} (glossary from {made_by})"),
            gloss: format!("{:.0} ms, {:.0} MB", ms(big), mb(big_rss)),
            baseline: format!("embedded only: {:.0} ms, {:.0} MB", ms(base), mb(base_rss)),
            ratio: format!(
                "{:.1}× time, {:.1}× memory",
                ms(big) / ms(base).max(1e-9),
                mb(big_rss) / mb(base_rss).max(1e-9)
            ),
            target: targets.into(),
            verdict: Verdict::of(big.as_secs_f64() < 0.5 && mb(big_rss) < 200.0, !quick),
        })
    };
    vec![run().unwrap_or_else(|e| Row::failed(&figure, targets, &e))]
}
