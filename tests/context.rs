//! Recognition in context: the table of context cases in
//! `tests/context_cases.toml` (our own sentences), evaluated against the
//! embedded glossary.
//!
//! Asserts every row: the phrase is linked to the expected entry, or to no
//! entry ("none": set aside, only possible, or the document's own
//! definition). Prints precision and recall per rule and overall, the figures
//! issue 10 ("recognition in context") reports before and after its rules.

use std::collections::BTreeMap;

use gloss::decide::document::Resolver;
use gloss::index::document::{Document, Language};
use gloss::recognize::matcher::Matcher;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Table {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    rule: String,
    text: String,
    phrase: String,
    #[serde(default = "first")]
    occurrence: usize,
    expect: String,
    #[serde(default)]
    control: bool,
}

fn first() -> usize {
    1
}

/// The entry linked at the `occurrence`-th `phrase` of `text`, or "none".
fn linked(matcher: &Matcher, case: &Case) -> String {
    let Some((start, _)) = case
        .text
        .match_indices(&case.phrase)
        .nth(case.occurrence.saturating_sub(1))
    else {
        panic!(
            "{:?} does not occur {} times in {:?}",
            case.phrase, case.occurrence, case.text
        );
    };
    let end = start + case.phrase.len();
    let doc = Document::new(&case.text, 0, Language::Plain, matcher);
    let glossary = matcher.glossary();
    let resolver = Resolver::new(&doc.index, matcher);
    doc.index
        .mentions
        .iter()
        .find(|m| m.start < end && start < m.end)
        .and_then(|m| resolver.resolve(m.start, *m.data).entry())
        .map_or("none".to_string(), |e| glossary.entry(e).def.id.clone())
}

#[derive(Default)]
struct Score {
    rows: usize,
    true_positive: usize,
    false_positive: usize,
    false_negative: usize,
    right: usize,
}

impl Score {
    fn add(&mut self, expected: &str, got: &str) {
        self.rows += 1;
        if expected == got {
            self.right += 1;
        }
        match (expected == "none", got == "none") {
            (false, _) if expected == got => self.true_positive += 1,
            (false, true) => self.false_negative += 1,
            (false, false) => {
                self.false_positive += 1;
                self.false_negative += 1;
            }
            (true, false) => self.false_positive += 1,
            (true, true) => {}
        }
    }

    fn ratio(n: usize, d: usize) -> String {
        if d == 0 {
            "-".to_string()
        } else {
            format!("{:.2}", n as f64 / d as f64)
        }
    }

    fn line(&self, name: &str) -> String {
        format!(
            "{name:<20} {:>4} rows {:>4} right  precision {:>5}  recall {:>5}",
            self.rows,
            self.right,
            Score::ratio(self.true_positive, self.true_positive + self.false_positive),
            Score::ratio(self.true_positive, self.true_positive + self.false_negative),
        )
    }
}

#[test]
fn context_cases_keep_their_controls_and_report_precision_and_recall() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/context_cases.toml");
    let text = std::fs::read_to_string(path).expect("tests/context_cases.toml");
    let table: Table = toml::from_str(&text).expect("a valid case table");
    assert!(table.case.len() >= 60, "{} cases", table.case.len());
    let matcher = Matcher::from_toml("", true).expect("the embedded glossary");
    let glossary = matcher.glossary();
    let mut by_rule: BTreeMap<&str, Score> = BTreeMap::new();
    let mut all = Score::default();
    let mut broken_controls = Vec::new();
    let mut misses = Vec::new();
    for case in &table.case {
        assert!(
            case.expect == "none" || glossary.by_id(&case.expect).is_some(),
            "unknown entry `{}` in the case {:?}",
            case.expect,
            case.text
        );
        let got = linked(&matcher, case);
        by_rule
            .entry(&case.rule)
            .or_default()
            .add(&case.expect, &got);
        all.add(&case.expect, &got);
        if got != case.expect {
            misses.push(format!(
                "  [{}] {:?} in {:?}: expected {}, got {got}",
                case.rule, case.phrase, case.text, case.expect
            ));
        }
        if case.control && got != case.expect {
            broken_controls.push(format!("{:?} in {:?}: {got}", case.phrase, case.text));
        }
    }
    println!("context cases (tests/context_cases.toml):");
    for (rule, score) in &by_rule {
        println!("  {}", score.line(rule));
    }
    println!("  {}", all.line("all"));
    println!("rows not as expected:\n{}", misses.join("\n"));
    assert!(
        broken_controls.is_empty(),
        "positive controls not linked to their entry:\n{}",
        broken_controls.join("\n")
    );
    assert!(
        misses.is_empty(),
        "rows not as expected:\n{}",
        misses.join("\n")
    );
}
