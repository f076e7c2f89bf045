//! `gloss glossary check | import | export`.

use std::path::{Path, PathBuf};

use super::check::Outcome;
use super::interchange::{self, ExportFormat, ImportFormat, Imported, Options};
use super::report::{self, CheckFormat, FailOn};
use super::{CliError, display_path};
use crate::glossary::embedded;
use crate::glossary::model::GlossaryFile;
use crate::glossary::store::GlossaryStore;
use crate::problem::Problem;
use crate::workspace::discover;

/// The glossary files named by `paths` (files as given, folders searched with
/// their `gloss.toml` globs), or the workspace's when there are none, plus
/// problems in `gloss.toml`s and whether the embedded default is on.
fn glossary_files(
    paths: &[PathBuf],
    root: Option<&Path>,
) -> Result<(Vec<PathBuf>, Vec<Problem>, bool), CliError> {
    let roots: Vec<PathBuf> = if paths.is_empty() {
        vec![
            root.map(Path::to_path_buf)
                .unwrap_or_else(|| super::find_root(&[])),
        ]
    } else {
        Vec::new()
    };
    let mut problems = Vec::new();
    let mut use_default = true;
    let mut add_root = |dir: &Path| {
        let roots = vec![dir.to_path_buf()];
        let (json, config_problems) = discover::read_config(&roots);
        problems.extend(config_problems.into_iter().map(|(_, _, p)| p));
        let config =
            crate::config::merge_settings(&json.unwrap_or_default(), &serde_json::Value::Null)
                .unwrap_or_default();
        use_default &= config.default_glossary;
        let (found, refused) = discover::find_glossaries(&roots, &config);
        let refused = discover::refused_glossary_problems(&roots, &refused);
        problems.extend(refused.into_iter().map(|(_, _, p)| p));
        found
    };
    let mut files: Vec<PathBuf> = roots.iter().flat_map(|r| add_root(r)).collect();
    files.extend(super::files_and_folders(
        paths,
        "name glossary files or folders",
        &mut add_root,
    )?);
    Ok((files, problems, use_default))
}

/// `gloss glossary check`: the glossary diagnostics the server gives.
pub fn check(
    paths: &[PathBuf],
    root: Option<&Path>,
    no_default: bool,
    format: CheckFormat,
    fail_on: FailOn,
    colour: bool,
) -> Result<Outcome, CliError> {
    let (files, mut problems, use_default) = glossary_files(paths, root)?;
    let mut store = GlossaryStore::new(use_default && !no_default);
    let mut errors = Vec::new();
    for f in &files {
        match std::fs::read_to_string(f) {
            Ok(text) => store.set_file(f, text),
            Err(e) => errors.push(format!("cannot read {}: {e}", display_path(f))),
        }
    }
    let rebuilt = store.rebuild();
    super::release((store, rebuilt.glossary));
    let mut by_file: Vec<_> = rebuilt.problems.into_iter().collect();
    by_file.sort_by(|a, b| a.0.cmp(&b.0));
    problems.extend(by_file.into_iter().flat_map(|(_, p)| p));
    let findings = report::from_problems(&problems);
    let failed = findings.iter().any(|f| fail_on.fails(f.severity));
    Ok(Outcome {
        output: report::render(format, &findings, files.len(), colour),
        errors: errors.clone(),
        exit: if !errors.is_empty() {
            2
        } else if failed {
            1
        } else {
            0
        },
    })
}

/// `gloss glossary import`: reads `file` and returns Gloss TOML (plus warnings).
pub fn import(
    from: ImportFormat,
    file: &Path,
    opts: &Options,
) -> Result<(String, Vec<String>), CliError> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        CliError::new(format!(
            "cannot read {}: {e}; check the path",
            file.display()
        ))
    })?;
    let Imported { file: g, warnings } =
        interchange::import(from, &display_path(file), &text, opts)?;
    let toml = interchange::to_toml(&g)?;
    Ok((toml, warnings))
}

/// The entries to export: the embedded default glossary, the given files, or
/// the workspace's own glossary files (without the default).
pub fn export_source(
    default: bool,
    paths: &[PathBuf],
    root: Option<&Path>,
) -> Result<GlossaryFile, CliError> {
    let mut out = GlossaryFile::default();
    if default {
        for f in embedded::files() {
            out.entries.extend(f.parsed.file.entries.iter().cloned());
        }
        out.title = Some("Gloss default glossary".into());
        return Ok(out);
    }
    let (files, problems, _) = glossary_files(paths, root)?;
    if let Some(p) = problems.first() {
        return Err(CliError::new(format!("{p}")));
    }
    if files.is_empty() {
        return Err(CliError::new(
            "no glossary files found; name them, run in a workspace with glossary/, or pass --default for the embedded one",
        ));
    }
    for f in &files {
        let name = display_path(f);
        let text = std::fs::read_to_string(f)
            .map_err(|e| CliError::new(format!("cannot read {name}: {e}")))?;
        let parsed =
            crate::glossary::load::parse(&name, &text, crate::glossary::Format::from_path(&name))
                .map_err(|ps| {
                CliError::new(
                    ps.iter()
                        .map(|p| format!("{p}"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                )
            })?;
        if out.title.is_none() {
            out.title = parsed.file.title.clone();
        }
        out.entries.extend(parsed.file.entries);
    }
    Ok(out)
}

pub fn export(to: ExportFormat, file: &GlossaryFile, opts: &Options) -> Result<String, CliError> {
    interchange::export(to, file, opts)
}
