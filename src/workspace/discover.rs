//! Finding the workspace's settings and glossary files on disk.
//!
//! Owns: reading `gloss.toml` at each root, matching glossary globs, and
//! merging file settings with the client's. Walks no folders itself (see
//! [`super::walk`]), parses no glossaries (see [`crate::glossary`]) and keeps
//! no state (see [`super::Workspace`]).

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::walk;
use crate::config::Config;
use crate::problem::Problem;

/// Whether `path` is a glossary file under one of `roots` per `config`.
pub fn is_glossary_file(roots: &[PathBuf], config: &Config, path: &Path) -> bool {
    let set = walk::globset(&config.glossaries);
    roots
        .iter()
        .filter_map(|r| path.strip_prefix(r).ok())
        .any(|rel| set.is_match(rel))
}

/// Every glossary file under `roots`, sorted (see [`walk::glossary_files`]).
pub fn glossary_files(roots: &[PathBuf], config: &Config) -> Vec<PathBuf> {
    walk::glossary_files(roots, &config.glossaries)
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
            Ok(config) => {
                let mut value = toml::from_str::<toml::Value>(&text)
                    .ok()
                    .and_then(|v| serde_json::to_value(v).ok())
                    .unwrap_or(Value::Null);
                // `[dates]` applies in file order, which a JSON map loses:
                // keep it as Gloss writes it, a list of pairs.
                if let Some(obj) = value.as_object_mut()
                    && obj.contains_key("dates")
                    && let Ok(dates) = serde_json::to_value(&config.dates)
                {
                    obj.insert("dates".to_string(), dates);
                }
                (value, Vec::new())
            }
            Err(p) => (Value::Null, vec![(path, text, p)]),
        };
    }
    (Value::Null, Vec::new())
}
