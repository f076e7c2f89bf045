//! `gloss check`: the diagnostics of files and folders, for people and CI.

use std::sync::Arc;

use super::CliError;
use super::report::{self, CheckFormat, FailOn, Finding};
use crate::analysis::diagnostics::diagnostics;
use crate::config::Config;
use crate::index::document::Document;
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
    let mut doc = Document::of_file(text, path, matcher);
    doc.set_date_setting(config.date_setting(path));
    let rope = Arc::new(doc.rope.clone());
    diagnostics(&doc.index, matcher, &config.diagnostics)
        .iter()
        .map(|d| Finding::from_diagnostic(path, &rope, d))
        .collect()
}

pub struct CheckArgs {
    pub inputs: super::Inputs,
    pub format: CheckFormat,
    pub fail_on: FailOn,
    pub colour: bool,
}

pub fn run(args: &CheckArgs) -> Result<Outcome, CliError> {
    let session = args.inputs.session()?;
    let mut findings = report::from_problems(&session.problems);
    let results = session.map_documents(|_, name, text| {
        Ok(check_text(name, text, &session.matcher, &session.config))
    });
    let (per_document, errors) = super::values_and_errors(results);
    findings.extend(per_document.into_iter().flatten());
    let failed = findings.iter().any(|f| args.fail_on.fails(f.severity));
    let output = report::render(args.format, &findings, session.docs.len(), args.colour);
    super::release(session);
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
