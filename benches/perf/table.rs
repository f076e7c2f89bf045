//! The result table of the one benchmark: one row per figure with its
//! baseline measured in the same run, the ratio, the target and pass/fail.
//! Owns only formatting; measuring is the other modules' job.

use std::time::Duration;

/// Whether a row passed its target (quick runs and missing data judge nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Fail,
    /// Not judged: a quick (smoke) run, or the figure could not be measured.
    Unjudged,
}

impl Verdict {
    pub fn of(passed: bool, judged: bool) -> Verdict {
        match (judged, passed) {
            (false, _) => Verdict::Unjudged,
            (true, true) => Verdict::Pass,
            (true, false) => Verdict::Fail,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "FAIL",
            Verdict::Unjudged => "-",
        }
    }
}

/// One figure of issue 13.
#[derive(Debug, Clone)]
pub struct Row {
    pub figure: String,
    pub gloss: String,
    pub baseline: String,
    /// Gloss relative to the baseline, already in the direction the target states.
    pub ratio: String,
    pub target: String,
    pub verdict: Verdict,
}

impl Row {
    /// A row that could not be measured (printed anyway: the table stays honest).
    pub fn failed(figure: &str, target: &str, why: &str) -> Row {
        Row {
            figure: figure.into(),
            gloss: format!("not measured: {why}"),
            baseline: "-".into(),
            ratio: "-".into(),
            target: target.into(),
            verdict: Verdict::Fail,
        }
    }

    /// The row as one line (printed as soon as it is measured).
    pub fn line(&self) -> String {
        format!(
            "{} | {} | {} | {} | {} | {}",
            self.figure,
            self.gloss,
            self.baseline,
            self.ratio,
            self.target,
            self.verdict.label()
        )
    }
}

/// The rows as a Markdown table (the format benches/README.md keeps).
pub fn markdown(rows: &[Row]) -> String {
    let mut out = String::from(
        "| figure | Gloss | baseline | ratio | target | pass/fail |\n|---|---|---|---|---|---|\n",
    );
    for r in rows {
        out.push_str(&format!("| {} |\n", r.line()));
    }
    out
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The `p` quantile (0..=1) of sorted durations (zero when empty).
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// The median of durations (sorted here).
pub fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    percentile(&times, 0.5)
}
