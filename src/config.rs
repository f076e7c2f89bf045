//! Settings: `gloss.toml` at the workspace root, LSP `initializationOptions`
//! and `workspace/configuration` all carry this one shape.
//!
//! Owns the settings' types, defaults, schema and parsing (with located
//! errors). Must not read files or talk to clients.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::problem::{Problem, Severity};

/// The settings file `gloss.toml` (also accepted as LSP settings under `gloss`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "snake_case")]
pub struct Config {
    /// Path or URL of the JSON Schema, for editors; ignored by Gloss.
    #[serde(rename = "$schema", skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Glob patterns (relative to the workspace root) of glossary files to load.
    pub glossaries: Vec<String>,
    /// Whether the glossary embedded in Gloss is loaded under the workspace's own.
    pub default_glossary: bool,
    /// Glob patterns (relative to a workspace root) of documents to index.
    pub include: Vec<String>,
    /// Glob patterns of documents (and folders) not to index, on top of `.gitignore`.
    pub exclude: Vec<String>,
    /// Files larger than this many bytes are skipped (with one log line).
    pub max_file_size: u64,
    /// Inlay hints with an acronym's expansion: `off`, `first-use` or `every-use`.
    pub inlay_hints: InlayHints,
    /// Severity of each diagnostic, or `off`.
    pub diagnostics: DiagnosticLevels,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            schema: None,
            glossaries: vec![
                "glossary/**/*.toml".into(),
                "glossary/**/*.json".into(),
                "**/*.glossary.toml".into(),
                "**/*.glossary.json".into(),
            ],
            default_glossary: true,
            include: crate::index::document::document_globs(),
            exclude: Vec::new(),
            max_file_size: 16 * 1024 * 1024,
            inlay_hints: InlayHints::FirstUse,
            diagnostics: DiagnosticLevels::default(),
        }
    }
}

/// When to show an acronym's expansion as an inlay hint after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum InlayHints {
    Off,
    #[default]
    FirstUse,
    EveryUse,
}

/// A diagnostic's severity, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    #[serde(alias = "info")]
    Information,
    Hint,
    Off,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Information => Some(Severity::Information),
            Level::Hint => Some(Severity::Hint),
            Level::Off => None,
        }
    }
}

/// Severity per diagnostic code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct DiagnosticLevels {
    /// An acronym the document never expands.
    pub undefined_acronym: Level,
    /// An acronym used before the document expands it.
    pub acronym_before_definition: Level,
    /// A hidden (non-preferred) label used.
    pub non_preferred_term: Level,
    /// One entity written in two spellings the glossary marks as variants.
    pub inconsistent_name: Level,
    /// An all-caps token that neither the glossary nor the document defines.
    pub unknown_acronym: Level,
}

impl Default for DiagnosticLevels {
    fn default() -> Self {
        DiagnosticLevels {
            undefined_acronym: Level::Warning,
            acronym_before_definition: Level::Warning,
            non_preferred_term: Level::Warning,
            inconsistent_name: Level::Warning,
            unknown_acronym: Level::Information,
        }
    }
}

impl Config {
    /// Parses `gloss.toml`; errors are located in `source`.
    pub fn from_toml(source: &str, text: &str) -> Result<Config, Problem> {
        toml::from_str(text).map_err(|e| {
            Problem::error(
                source,
                text,
                e.span().unwrap_or(0..0),
                "config-invalid",
                format!(
                    "{}; fix gloss.toml (see schemas/gloss-config.schema.json)",
                    e.message().trim_end()
                ),
            )
        })
    }

    /// Parses LSP settings: either this shape directly or wrapped in `{"gloss": …}`.
    /// Unknown keys are ignored here (clients send their own), bad values are errors.
    pub fn from_json(value: &serde_json::Value) -> Result<Config, String> {
        let v = value.get("gloss").unwrap_or(value);
        if v.is_null() {
            return Ok(Config::default());
        }
        let mut v = v.clone();
        if let Some(obj) = v.as_object_mut() {
            for (camel, snake) in [
                ("defaultGlossary", "default_glossary"),
                ("maxFileSize", "max_file_size"),
                ("inlayHints", "inlay_hints"),
            ] {
                if let Some(x) = obj.remove(camel) {
                    obj.insert(snake.into(), x);
                }
            }
            let known = [
                "$schema",
                "glossaries",
                "default_glossary",
                "include",
                "exclude",
                "max_file_size",
                "inlay_hints",
                "diagnostics",
            ];
            obj.retain(|k, _| known.contains(&k.as_str()));
        }
        serde_json::from_value(v).map_err(|e| format!("invalid Gloss settings: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_locates_errors() {
        let c = Config::from_toml(
            "gloss.toml",
            "default_glossary = false\n[diagnostics]\nunknown-acronym = \"off\"\n",
        )
        .unwrap();
        assert!(!c.default_glossary);
        assert_eq!(c.diagnostics.unknown_acronym, Level::Off);
        assert_eq!(c.diagnostics.undefined_acronym, Level::Warning);
        let e = Config::from_toml(
            "gloss.toml",
            "default_glossary = false\n[diagnostics]\nunknown-acronym = \"loud\"\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 2);
        let j = Config::from_json(
            &serde_json::json!({"gloss": {"defaultGlossary": false, "other": 1}}),
        )
        .unwrap();
        assert!(!j.default_glossary);
    }
}
