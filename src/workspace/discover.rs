//! Finding the workspace's settings and glossary files on disk.
//!
//! Owns: reading `gloss.toml` at each root, matching glossary globs, and
//! merging file settings with the client's. Does no parsing of glossaries
//! (see [`crate::glossary`]) and keeps no state.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde_json::Value;

use crate::config::Config;
use crate::problem::Problem;

/// Folders never searched for glossaries.
const SKIP_DIRS: [&str; 5] = [".git", "target", "node_modules", ".venv", ".hg"];

fn globset(patterns: &[String]) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        match Glob::new(p) {
            Ok(g) => {
                b.add(g);
            }
            Err(e) => tracing::warn!("ignoring glossary pattern {p:?}: {e}"),
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}

/// Whether `path` is a glossary file under one of `roots` per `config`.
pub fn is_glossary_file(roots: &[PathBuf], config: &Config, path: &Path) -> bool {
    let set = globset(&config.glossaries);
    roots
        .iter()
        .filter_map(|r| path.strip_prefix(r).ok())
        .any(|rel| set.is_match(rel))
}

/// Every glossary file under `roots`, sorted.
pub fn glossary_files(roots: &[PathBuf], config: &Config) -> Vec<PathBuf> {
    let set = globset(&config.glossaries);
    let mut out = Vec::new();
    for root in roots {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| {
                !(e.file_type().is_dir() && SKIP_DIRS.iter().any(|s| e.file_name() == *s))
            });
        for entry in walker.filter_map(|e| e.ok()) {
            if !entry.file_type().is_file() {
                continue;
            }
            if let Ok(rel) = entry.path().strip_prefix(root)
                && set.is_match(rel)
            {
                out.push(entry.path().to_path_buf());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `gloss.toml` of the first root that has one, as JSON, plus the problems
/// found (path, text, problem).
pub fn read_config(roots: &[PathBuf]) -> (Value, Vec<(PathBuf, String, Problem)>) {
    for root in roots {
        let path = root.join("gloss.toml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = path.display().to_string();
        return match Config::from_toml(&name, &text) {
            Ok(_) => {
                let value = toml::from_str::<toml::Value>(&text)
                    .ok()
                    .and_then(|v| serde_json::to_value(v).ok())
                    .unwrap_or(Value::Null);
                (value, Vec::new())
            }
            Err(p) => (Value::Null, vec![(path, text, p)]),
        };
    }
    (Value::Null, Vec::new())
}

/// File settings overridden by the client's; see [`crate::config::merge_settings`]
/// (kept here only until the callers move to it).
pub fn merge_settings(file: &Value, client: &Value) -> Result<Config, String> {
    crate::config::merge_settings(file, client)
}
