//! `gloss check`: the diagnostics of files and folders, for people and CI.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::report::{self, CheckFormat, FailOn, Finding};
use super::{CliError, display_path};
use crate::analysis::diagnostics::diagnostics;
use crate::config::Config;
use crate::index::document::{Document, Language};
use crate::recognize::matcher::Matcher;

/// What `gloss check` prints and how it exits.
#[derive(Debug)]
pub struct Outcome {
    /// For stdout.
    pub output: String,
    /// For stderr (files that could not be read, etc.).
    pub errors: Vec<String>,
    /// 0 clean, 1 diagnostics at or above `--fail-on`, 2 I/O or usage errors.
    pub exit: u8,
}

/// The findings of one document's text.
pub fn check_text(path: &str, text: &str, matcher: &Matcher, config: &Config) -> Vec<Finding> {
    let doc = Document::new(text, 0, Language::detect(None, path), matcher);
    let rope = Arc::new(doc.rope.clone());
    diagnostics(&doc.index, matcher, &config.diagnostics)
        .iter()
        .map(|d| Finding::from_diagnostic(path, &rope, d))
        .collect()
}

pub struct CheckArgs {
    pub paths: Vec<PathBuf>,
    pub glossaries: Vec<PathBuf>,
    pub no_default: bool,
    pub root: Option<PathBuf>,
    pub format: CheckFormat,
    pub fail_on: FailOn,
    pub colour: bool,
}

pub fn run(args: &CheckArgs) -> Result<Outcome, CliError> {
    let super::Session {
        matcher,
        config,
        problems,
        docs,
    } = super::session(
        &args.paths,
        args.root.as_ref(),
        &args.glossaries,
        args.no_default,
    )?;
    let mut findings = report::from_problems(&problems);
    let results: Vec<Result<Vec<Finding>, String>> = docs
        .par_iter()
        .map(|p| {
            let name = display_path(p);
            let text = crate::workspace::walk::read_document(p, u64::MAX)
                .map_err(|e| format!("{name}: {e}; skipped"))?;
            Ok(check_text(&name, &text, &matcher, &config))
        })
        .collect();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(f) => findings.extend(f),
            Err(e) => errors.push(e),
        }
    }
    let failed = findings.iter().any(|f| args.fail_on.fails(f.severity));
    let output = report::render(args.format, &findings, docs.len(), args.colour);
    let exit = if !errors.is_empty() {
        2
    } else if failed {
        1
    } else {
        0
    };
    Ok(Outcome {
        output,
        errors,
        exit,
    })
}
