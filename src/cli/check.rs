//! `gloss check`: the diagnostics of files and folders, for people and CI.

use std::fmt::Write;
use std::path::{Path, PathBuf};
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
    let (per_document, mut errors) = super::values_and_errors(results);
    findings.extend(per_document.into_iter().flatten());
    let failed = findings.iter().any(|f| args.fail_on.fails(f.severity));
    // Checking nothing is a usage error (exit 2, as ESLint does for a pattern
    // that matches no file), not a clean run: CI would otherwise pass on a
    // folder whose documents `include` does not cover.
    let nothing_to_check = session.docs.is_empty();
    if nothing_to_check {
        let root = args
            .inputs
            .root
            .clone()
            .unwrap_or_else(|| super::find_root(&args.inputs.paths));
        errors.push(no_documents_message(
            &args.inputs.paths,
            &root,
            &session.config,
        ));
    }
    let output = if nothing_to_check && findings.is_empty() && args.format == CheckFormat::Human {
        String::new()
    } else {
        report::render(args.format, &findings, session.docs.len(), args.colour)
    };
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

/// What `gloss check` says when the paths name no document: which `include`
/// (and `exclude`) patterns were used, where they come from (`gloss.toml` at
/// `root`, or Gloss's default) and how to check other files.
pub fn no_documents_message(paths: &[PathBuf], root: &Path, config: &Config) -> String {
    let folders = if paths.is_empty() {
        "the current folder".to_string()
    } else {
        paths
            .iter()
            .map(|p| super::display_path(p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let toml_path = root.join("gloss.toml");
    let file_keys = std::fs::read_to_string(&toml_path)
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok());
    // The `include` of gloss.toml when it is the one in use (an invalid one
    // leaves the default in use, with a config-invalid finding).
    let file_include: Option<Vec<String>> = file_keys
        .as_ref()
        .and_then(|t| t.get("include"))
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        });
    let include_in_file = file_keys
        .as_ref()
        .is_some_and(|t| t.contains_key("include"));
    let toml_shown = super::display_path(&toml_path);
    let quoted = |patterns: &[String]| {
        patterns
            .iter()
            .map(|p| format!("{p:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let source = if file_include.as_ref() == Some(&config.include) {
        format!("`include` in {toml_shown}")
    } else if include_in_file {
        format!("Gloss's default; the `include` in {toml_shown} is invalid, reported above")
    } else if file_keys.is_some() {
        format!("Gloss's default; {toml_shown} sets no `include`")
    } else if toml_path.exists() {
        format!("Gloss's default; {toml_shown} has errors, reported above")
    } else {
        format!("Gloss's default; there is no {toml_shown}")
    };
    let mut msg = format!(
        "no documents to check: no file in {folders} matches the include patterns [{}] ({source})",
        quoted(&config.include)
    );
    if !config.exclude.is_empty() {
        let _ = write!(
            msg,
            ", or every file that does is excluded by [{}]",
            quoted(&config.exclude)
        );
    }
    let mut example = config.include.clone();
    if !example.iter().any(|p| p == "**/*.rst") {
        example.push("**/*.rst".to_string());
    }
    let _ = write!(
        msg,
        ".\n  To check other files, set `include` in {toml_shown}, e.g.\n    include = [{}]\n  or name the files themselves: `gloss check notes/intro.rst` (a file named on the command line is always checked).",
        quoted(&example)
    );
    msg
}
