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

/// File settings overridden by the client's (`initializationOptions`,
/// `workspace/configuration`, `didChangeConfiguration`), key by key.
pub fn merge_settings(file: &Value, client: &Value) -> Result<Config, String> {
    let client = client.get("gloss").unwrap_or(client);
    let mut merged = file.clone();
    if merged.is_null() {
        merged = Value::Object(Default::default());
    }
    if client.is_object() {
        let normalized =
            serde_json::to_value(Config::from_json(client)?).map_err(|e| e.to_string())?;
        // Only keys the client actually sent override the file.
        if let (Some(m), Some(c), Some(n)) = (
            merged.as_object_mut(),
            client.as_object(),
            normalized.as_object(),
        ) {
            for key in c.keys() {
                let key = match key.as_str() {
                    "defaultGlossary" => "default_glossary",
                    "maxFileSize" => "max_file_size",
                    "inlayHints" => "inlay_hints",
                    k => k,
                };
                if let Some(v) = n.get(key) {
                    if key == "diagnostics" {
                        let sent = c.get("diagnostics").and_then(Value::as_object);
                        let entry = m
                            .entry(key)
                            .or_insert_with(|| Value::Object(Default::default()));
                        if let (Some(e), Some(sent), Some(v)) =
                            (entry.as_object_mut(), sent, v.as_object())
                        {
                            for k in sent.keys() {
                                if let Some(x) = v.get(k) {
                                    e.insert(k.clone(), x.clone());
                                }
                            }
                        }
                    } else {
                        m.insert(key.to_string(), v.clone());
                    }
                }
            }
        }
    }
    Config::from_json(&merged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Level;

    #[test]
    fn client_settings_override_file_key_by_key() {
        let file = serde_json::json!({"default_glossary": false, "diagnostics": {"unknown-acronym": "off", "inconsistent-name": "error"}});
        let client = serde_json::json!({"gloss": {"diagnostics": {"unknown-acronym": "hint"}}});
        let c = merge_settings(&file, &client).unwrap();
        assert!(!c.default_glossary);
        assert_eq!(c.diagnostics.unknown_acronym, Level::Hint);
        assert_eq!(c.diagnostics.inconsistent_name, Level::Error);
    }
}
