//! Command-line subcommands over the same core as the server.

pub mod annotate;
pub mod schema;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::glossary::store::GlossaryStore;
use crate::matcher::Matcher;
use crate::problem::Problem;
use crate::workspace;

/// Loads the glossary as the server would for a workspace at `root`, plus
/// `extra` glossary files. Returns the matcher, the config and all problems.
pub fn load(
    root: &Path,
    extra: &[PathBuf],
    no_default: bool,
) -> (Arc<Matcher>, crate::config::Config, Vec<Problem>) {
    let roots = vec![root.to_path_buf()];
    let (json, config_problems) = workspace::read_config(&roots);
    let mut problems: Vec<Problem> = config_problems.into_iter().map(|(_, _, p)| p).collect();
    let mut config = workspace::merge_settings(&json, &serde_json::Value::Null).unwrap_or_default();
    if no_default {
        config.default_glossary = false;
    }
    let mut store = GlossaryStore::new(config.default_glossary);
    for path in workspace::glossary_files(&roots, &config)
        .iter()
        .chain(extra)
    {
        match std::fs::read_to_string(path) {
            Ok(text) => store.set_file(path, &text),
            Err(e) => problems.push(Problem::error(
                &path.display().to_string(),
                "",
                0..0,
                "io",
                format!("cannot read this glossary: {e}"),
            )),
        }
    }
    let rebuilt = store.rebuild();
    let mut names: Vec<_> = rebuilt.problems.into_iter().collect();
    names.sort_by(|a, b| a.0.cmp(&b.0));
    problems.extend(names.into_iter().flat_map(|(_, p)| p));
    (Arc::new(Matcher::new(rebuilt.glossary)), config, problems)
}
