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

/// Every glossary file under `roots`, sorted (see [`walk::glossary_files`]);
/// files that are refused (links leading outside the workspace, …) are
/// logged. See [`find_glossaries`] to report them.
pub fn glossary_files(roots: &[PathBuf], config: &Config) -> Vec<PathBuf> {
    let (found, refused) = find_glossaries(roots, config);
    for r in refused {
        tracing::warn!("{}: {}", r.path.display(), r.reason);
    }
    found
}

/// Every glossary file under `roots`, sorted, and the files the globs
/// matched that are not read, with why (see [`walk::glossary_files`]).
pub fn find_glossaries(
    roots: &[PathBuf],
    config: &Config,
) -> (Vec<PathBuf>, Vec<walk::RefusedGlossary>) {
    walk::glossary_files(roots, &config.glossaries)
}

/// A located problem for each refused glossary file: at the glob that
/// matched it in the `gloss.toml` of its root when the glob is written
/// there (path of that `gloss.toml`, its text, the problem), else at the
/// file itself.
pub fn refused_glossary_problems(
    roots: &[PathBuf],
    refused: &[walk::RefusedGlossary],
) -> Vec<(PathBuf, String, Problem)> {
    refused
        .iter()
        .map(|r| {
            let message = format!("glossary {}: {}", r.path.display(), r.reason);
            let code = if r.outside {
                "path-outside-workspace"
            } else {
                "io"
            };
            let config = roots
                .iter()
                .filter(|root| r.path.starts_with(root))
                .map(|root| root.join("gloss.toml"))
                .find_map(|path| {
                    let bytes = crate::fsutil::read_regular_file(&path, MAX_CONFIG_SIZE).ok()?;
                    let text = String::from_utf8(bytes).ok()?;
                    let at = glob_span(&text, &r.pattern)?;
                    Some((path, text, at))
                });
            match config {
                Some((path, text, at)) => {
                    let name = path.display().to_string();
                    let p = Problem::error(&name, &text, at, code, message);
                    (path, text, p)
                }
                None => {
                    let name = r.path.display().to_string();
                    let p = Problem::error(&name, "", 0..0, code, message);
                    (r.path.clone(), String::new(), p)
                }
            }
        })
        .collect()
}

/// Where `pattern` is written in the `glossaries` list of a `gloss.toml`.
fn glob_span(text: &str, pattern: &str) -> Option<std::ops::Range<usize>> {
    let root = toml::de::DeTable::parse(text).ok()?;
    let globs = root.get_ref().get("glossaries")?;
    globs.get_ref().as_array()?.iter().find_map(|item| {
        matches!(item.get_ref(), toml::de::DeValue::String(s) if s == pattern).then(|| item.span())
    })
}

/// The largest `gloss.toml` read (a settings file is a few hundred bytes).
const MAX_CONFIG_SIZE: u64 = 1024 * 1024;

/// What [`read_config`] found.
pub type ReadConfig = (Option<Value>, Vec<(PathBuf, String, Problem)>);

/// `gloss.toml` of the first root that has one, as JSON (`Some(Null)` when
/// no root has one), plus the problems found (path, text, problem). `None`
/// when the file is there but broken or unreadable: the caller keeps the
/// last good settings. Globs that leave the workspace are reported and
/// left out; the rest of the file applies.
pub fn read_config(roots: &[PathBuf]) -> ReadConfig {
    for root in roots {
        let path = root.join("gloss.toml");
        let text = match crate::fsutil::read_regular_file(&path, MAX_CONFIG_SIZE) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| "not UTF-8".to_string()),
            Err(crate::fsutil::ReadError::Io(std::io::ErrorKind::NotFound, _)) => continue,
            Err(e) => Err(e.to_string()),
        };
        let text = match text {
            Ok(text) => text,
            Err(why) => {
                let name = path.display().to_string();
                let problem = Problem::error(
                    &name,
                    "",
                    0..0,
                    "config-invalid",
                    format!("gloss.toml {why}; the last good settings stay in use: fix the file"),
                );
                return (None, vec![(path, String::new(), problem)]);
            }
        };
        let name = path.display().to_string();
        return match Config::from_toml(&name, &text) {
            Ok(config) => {
                let mut value = toml::from_str::<toml::Value>(&text)
                    .ok()
                    .and_then(|v| serde_json::to_value(v).ok())
                    .unwrap_or(Value::Null);
                // Globs that leave the workspace: reported at their line,
                // not used; the rest of the file is.
                let outside = crate::config::globs_outside_problems(&name, &text);
                if let Some(obj) = value.as_object_mut() {
                    for key in crate::config::PATH_GLOB_KEYS {
                        if let Some(Value::Array(globs)) = obj.get_mut(key) {
                            globs.retain(|g| {
                                g.as_str().is_none_or(|g| {
                                    crate::config::glob_leaves_workspace(g).is_none()
                                })
                            });
                        }
                    }
                }
                // `[dates]` applies in file order, which a JSON map loses:
                // keep it as Gloss writes it, a list of pairs.
                if let Some(obj) = value.as_object_mut()
                    && obj.contains_key("dates")
                    && let Ok(dates) = serde_json::to_value(&config.dates)
                {
                    obj.insert("dates".to_string(), dates);
                }
                let problems = outside
                    .into_iter()
                    .map(|p| (path.clone(), text.clone(), p))
                    .collect();
                (Some(value), problems)
            }
            Err(p) => (None, vec![(path, text, p)]),
        };
    }
    (Some(Value::Null), Vec::new())
}
