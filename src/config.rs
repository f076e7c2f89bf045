//! Settings: `gloss.toml` at the workspace root, LSP `initializationOptions`
//! and `workspace/configuration` all carry this one shape.
//!
//! Owns the settings' types, defaults, schema, parsing (with located errors;
//! camelCase keys through `serde(alias)`), the key-by-key merge of file
//! settings with the client's, and the rule that path globs stay inside the
//! workspace ([`glob_leaves_workspace`]). Must not read files or talk to
//! clients.

use schemars::JsonSchema;
use serde::de::{Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::problem::{Problem, ProblemLocator, Severity};
use crate::time::Date;

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
    #[serde(alias = "defaultGlossary")]
    pub default_glossary: bool,
    /// Glob patterns (relative to a workspace root) of documents to index.
    pub include: Vec<String>,
    /// Glob patterns of documents (and folders) not to index, on top of `.gitignore`.
    pub exclude: Vec<String>,
    /// Files larger than this many bytes are skipped (with one log line).
    #[serde(alias = "maxFileSize")]
    pub max_file_size: u64,
    /// Inlay hints with an acronym's expansion: `off`, `first-use` or `every-use`.
    #[serde(alias = "inlayHints")]
    pub inlay_hints: InlayHints,
    /// Severity of each diagnostic, or `off`.
    pub diagnostics: DiagnosticLevels,
    /// The date of the documents a glob matches (relative to the workspace
    /// root), `YYYY-MM-DD`: it wins over a dateline and the file name, not
    /// over the front matter's `date`. The first matching glob in file order
    /// applies.
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub dates: DateSettings,
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
            dates: DateSettings::default(),
        }
    }
}

/// The `[dates]` table: a date per path glob, in the order written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DateSettings(Vec<DateSetting>);

/// One line of `[dates]`: documents matching `pattern` are of `date`.
#[derive(Debug, Clone)]
pub struct DateSetting {
    pub pattern: String,
    pub date: Date,
    matcher: globset::GlobMatcher,
}

impl PartialEq for DateSetting {
    fn eq(&self, other: &DateSetting) -> bool {
        self.pattern == other.pattern && self.date == other.date
    }
}

impl DateSettings {
    /// The settings in the order written.
    pub fn iter(&self) -> impl Iterator<Item = &DateSetting> {
        self.0.iter()
    }
}

/// A glob of `[dates]`, checked when read (so a bad one is located at its key).
struct DatePattern(String, globset::GlobMatcher);

impl<'de> Deserialize<'de> for DatePattern {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let pattern = String::deserialize(deserializer)?;
        let glob = globset::Glob::new(&pattern)
            .map_err(|e| serde::de::Error::custom(format!("invalid glob in [dates]: {e}")))?;
        Ok(DatePattern(pattern, glob.compile_matcher()))
    }
}

/// A date of `[dates]`: a real day, written `YYYY-MM-DD` (a string, or a
/// TOML date), checked when read (so a bad one is located at its value).
struct DateValue(Date);

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;

        impl<'de> Visitor<'de> for DateVisitor {
            type Value = DateValue;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date written YYYY-MM-DD")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DateValue, E> {
                let partial = crate::time::PartialDate::parse(v).map_err(|why| {
                    E::custom(format!("{v:?} is not a date written YYYY-MM-DD{why}"))
                })?;
                if partial.first != partial.last {
                    return Err(E::custom(format!("{v:?} is not a day: write YYYY-MM-DD")));
                }
                Ok(DateValue(partial.first))
            }

            // A TOML date literal (`2014-05-21` unquoted) arrives as a
            // one-entry map holding its text.
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<DateValue, A::Error> {
                let Some((_, text)) = map.next_entry::<String, String>()? else {
                    return Err(serde::de::Error::custom("a date written YYYY-MM-DD"));
                };
                self.visit_str(&text)
            }
        }

        deserializer.deserialize_any(DateVisitor)
    }
}

impl<'de> Deserialize<'de> for DateSettings {
    /// A table (`gloss.toml`, client settings) or, as Gloss writes it when
    /// merging settings, a list of `[glob, date]` pairs; order is kept.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SettingsVisitor;

        impl<'de> Visitor<'de> for SettingsVisitor {
            type Value = DateSettings;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a table of path globs and dates (YYYY-MM-DD)")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<DateSettings, A::Error> {
                let mut out = Vec::new();
                while let Some((DatePattern(pattern, matcher), DateValue(date))) =
                    map.next_entry()?
                {
                    out.push(DateSetting {
                        pattern,
                        date,
                        matcher,
                    });
                }
                Ok(DateSettings(out))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<DateSettings, A::Error> {
                let mut out = Vec::new();
                while let Some((DatePattern(pattern, matcher), DateValue(date))) =
                    seq.next_element()?
                {
                    out.push(DateSetting {
                        pattern,
                        date,
                        matcher,
                    });
                }
                Ok(DateSettings(out))
            }
        }

        deserializer.deserialize_any(SettingsVisitor)
    }
}

impl Serialize for DateSettings {
    /// A list of `[glob, date]` pairs, so that order survives JSON maps (an
    /// empty table when there are none, as the schema shows the default).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        if self.0.is_empty() {
            return serializer.serialize_map(Some(0))?.end();
        }
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for setting in &self.0 {
            seq.serialize_element(&(&setting.pattern, setting.date.to_string()))?;
        }
        seq.end()
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
    /// A label with several meanings (entries, or another meaning the
    /// glossary notes) that nothing in the document decides.
    pub ambiguous_mention: Level,
    /// An in-text definition that expands a glossary acronym differently
    /// from the glossary (the document's meaning wins in the document).
    pub definition_clash: Level,
    /// A title attached to a person that the glossary says they did not
    /// hold at the document's date.
    pub outdated_title: Level,
    /// An organisation, document or place named by a label not valid at
    /// the document's date (the G8 in 2020), or before the thing existed.
    pub anachronistic_name: Level,
}

impl Default for DiagnosticLevels {
    fn default() -> Self {
        DiagnosticLevels {
            undefined_acronym: Level::Warning,
            acronym_before_definition: Level::Warning,
            non_preferred_term: Level::Warning,
            inconsistent_name: Level::Warning,
            unknown_acronym: Level::Information,
            ambiguous_mention: Level::Information,
            definition_clash: Level::Off,
            outdated_title: Level::Warning,
            anachronistic_name: Level::Warning,
        }
    }
}

impl DiagnosticLevels {
    /// The level of a diagnostic code (the codes are the field names, in
    /// kebab case); `off` for a code Gloss does not have.
    pub fn level(&self, code: &str) -> Level {
        match code {
            "undefined-acronym" => self.undefined_acronym,
            "acronym-before-definition" => self.acronym_before_definition,
            "non-preferred-term" => self.non_preferred_term,
            "inconsistent-name" => self.inconsistent_name,
            "unknown-acronym" => self.unknown_acronym,
            "ambiguous-mention" => self.ambiguous_mention,
            "definition-clash" => self.definition_clash,
            "outdated-title" => self.outdated_title,
            "anachronistic-name" => self.anachronistic_name,
            _ => Level::Off,
        }
    }
}

impl Config {
    /// The `[dates]` setting for a document (its path relative to the
    /// workspace root): the date and the glob, from the first matching glob
    /// in file order.
    pub fn date_setting(&self, relative_path: &str) -> Option<(Date, String)> {
        let path = relative_path.replace('\\', "/");
        self.dates
            .iter()
            .find(|s| s.matcher.is_match(&path))
            .map(|s| (s.date, s.pattern.clone()))
    }

    /// Parses `gloss.toml`; errors are located in `source`.
    pub fn from_toml(source: &str, text: &str) -> Result<Config, Problem> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
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
        })?;
        // The toml deserializer hands tables over in key order; `[dates]`
        // applies in the order written, which toml_edit keeps.
        if let Ok(doc) = text.parse::<toml_edit::DocumentMut>()
            && let Some(table) = doc.get("dates").and_then(|item| item.as_table_like())
        {
            let written: Vec<&str> = table.iter().map(|(key, _)| key).collect();
            config.dates.0.sort_by_key(|s| {
                written
                    .iter()
                    .position(|key| *key == s.pattern)
                    .unwrap_or(usize::MAX)
            });
        }
        Ok(config)
    }

    /// Parses LSP settings: either this shape directly or wrapped in `{"gloss": …}`.
    /// Unknown keys are ignored here (clients send their own), bad values are errors.
    pub fn from_json(value: &Value) -> Result<Config, String> {
        let v = value.get("gloss").unwrap_or(value);
        if v.is_null() {
            return Ok(Config::default());
        }
        let v = match v.as_object() {
            Some(obj) => Value::Object(known_keys(obj)),
            None => v.clone(),
        };
        serde_json::from_value(v).map_err(|e| format!("invalid Gloss settings: {e}"))
    }
}

/// The settings whose globs name files, relative to a workspace root.
pub const PATH_GLOB_KEYS: [&str; 3] = ["glossaries", "include", "exclude"];

/// Why a glob of [`PATH_GLOB_KEYS`] would name files outside the workspace
/// root, when it would: an absolute path, a home folder (`~`, which Gloss
/// does not expand) or a `..` step (also inside `{a,b}` alternatives).
pub fn glob_leaves_workspace(pattern: &str) -> Option<&'static str> {
    let p = pattern.trim().replace('\\', "/");
    let drive = p.len() >= 2 && p.as_bytes()[0].is_ascii_alphabetic() && p.as_bytes()[1] == b':';
    if p.starts_with('/') || drive {
        return Some("is an absolute path");
    }
    if p.starts_with('~') {
        return Some("starts with `~` (Gloss does not expand it)");
    }
    if p.split(['/', '{', '}', ',']).any(|step| step == "..") {
        return Some("climbs out of the workspace with `..`");
    }
    None
}

/// What to do about a glob that leaves the workspace.
const STAY_INSIDE: &str = "globs are relative to the folder of gloss.toml and Gloss reads only \
    inside the workspace; write it relative to that folder (e.g. \"glossary/**/*.toml\"), or \
    add the other folder as a workspace folder";

/// The globs of `gloss.toml` (its `text`) that leave the workspace, each
/// located at its string: they are not used, the rest of the file is.
pub fn globs_outside_problems(source: &str, text: &str) -> Vec<Problem> {
    use toml::de::{DeTable, DeValue};
    let Ok(root) = DeTable::parse(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let file = ProblemLocator::new(source, text);
    for key in PATH_GLOB_KEYS {
        let Some(items) = root.get_ref().get(key).and_then(|v| v.get_ref().as_array()) else {
            continue;
        };
        for item in items {
            if let DeValue::String(pattern) = item.get_ref()
                && let Some(why) = glob_leaves_workspace(pattern)
            {
                out.push(file.error(
                    item.span(),
                    "path-outside-workspace",
                    format!("{key}: {pattern:?} {why}, so it is not used; {STAY_INSIDE}"),
                ));
            }
        }
    }
    out
}

impl Config {
    /// Removes the globs of [`PATH_GLOB_KEYS`] that leave the workspace;
    /// returns them (key, glob, why).
    pub fn drop_globs_outside(&mut self) -> Vec<(&'static str, String, &'static str)> {
        let mut dropped = Vec::new();
        for (key, globs) in [
            ("glossaries", &mut self.glossaries),
            ("include", &mut self.include),
            ("exclude", &mut self.exclude),
        ] {
            globs.retain(|g| match glob_leaves_workspace(g) {
                Some(why) => {
                    dropped.push((key, g.clone(), why));
                    false
                }
                None => true,
            });
        }
        dropped
    }
}

/// File settings (`gloss.toml` as JSON) overridden by the client's
/// (`initializationOptions`, `workspace/configuration`,
/// `didChangeConfiguration`, bare or under `gloss`), key by key: a key the
/// client sends replaces the file's, `diagnostics` code by code. Unknown
/// client keys are ignored; a bad value on either side is an error.
pub fn merge_settings(file: &Value, client: &Value) -> Result<Config, String> {
    let client = client.get("gloss").unwrap_or(client);
    let mut merged = match file {
        Value::Null => Value::Object(Map::new()),
        Value::Object(obj) => Value::Object(known_keys(obj)),
        other => other.clone(),
    };
    if let (Some(merged), Some(sent)) = (merged.as_object_mut(), client.as_object()) {
        // The client's values as Gloss reads them (e.g. `info` → `information`).
        let read = serde_json::to_value(Config::from_json(client)?).map_err(|e| e.to_string())?;
        for key in known_keys(sent).keys() {
            let Some(value) = read.get(key) else {
                continue;
            };
            if key != "diagnostics" {
                merged.insert(key.clone(), value.clone());
                continue;
            }
            let per_code = merged
                .entry(key.as_str())
                .or_insert_with(|| Value::Object(Map::new()));
            if let (Some(per_code), Some(sent_codes)) = (
                per_code.as_object_mut(),
                sent.get("diagnostics").and_then(Value::as_object),
            ) {
                for code in sent_codes.keys() {
                    if let Some(level) = value.get(code) {
                        per_code.insert(code.clone(), level.clone());
                    }
                }
            }
        }
    }
    let mut config = Config::from_json(&merged)?;
    // `gloss.toml`'s own are reported at their line (see
    // `globs_outside_problems`); these came from the client.
    for (key, glob, why) in config.drop_globs_outside() {
        tracing::warn!("setting {key}: {glob:?} {why}, so it is not used; {STAY_INSIDE}");
    }
    Ok(config)
}

/// The keys of a settings object that [`Config`] reads (field names and
/// their `serde(alias)`es, as serde lists them), each under its field name;
/// an alias wins over the field name when both are given.
fn known_keys(obj: &Map<String, Value>) -> Map<String, Value> {
    let accepted = serde_keys::<Config>();
    let mut known = Map::new();
    let field_names_first = obj
        .iter()
        .filter(|(k, _)| field_name(k) == **k)
        .chain(obj.iter().filter(|(k, _)| field_name(k) != **k));
    for (key, value) in field_names_first {
        if accepted.contains(&key.as_str()) {
            known.insert(field_name(key), value.clone());
        }
    }
    known
}

/// The field name a key stands for: fields are snake_case and their aliases
/// the camelCase of it (a test checks every alias keeps this rule).
fn field_name(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 2);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The keys the derived `Deserialize` of struct `T` accepts: serde passes
/// its field names and aliases to `deserialize_struct`, and this deserializer
/// only records them.
fn serde_keys<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    struct FieldNames<'a>(&'a mut &'static [&'static str]);

    impl<'de> Deserializer<'de> for FieldNames<'_> {
        type Error = serde::de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(serde::de::Error::custom("only struct field names are read"))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(serde::de::Error::custom("only struct field names are read"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }

    let mut fields: &'static [&'static str] = &[];
    // The error is the point: the probe stops once it has the names.
    let _ = T::deserialize(FieldNames(&mut fields));
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_diagnostics_have_defaults_and_levels() {
        let d = DiagnosticLevels::default();
        assert_eq!(d.level("ambiguous-mention"), Level::Information);
        assert_eq!(d.level("definition-clash"), Level::Off);
        let c = Config::from_toml(
            "gloss.toml",
            "[diagnostics]\ndefinition-clash = \"warning\"\nambiguous-mention = \"off\"\n",
        )
        .expect("valid settings");
        assert_eq!(c.diagnostics.level("definition-clash"), Level::Warning);
        assert_eq!(c.diagnostics.level("ambiguous-mention"), Level::Off);
        let client = serde_json::json!({"gloss": {"diagnostics": {"definitionClash": "hint"}}});
        assert!(
            merge_settings(&serde_json::Value::Null, &client).is_err(),
            "kebab-case keys only"
        );
        let client = serde_json::json!({"gloss": {"diagnostics": {"definition-clash": "info"}}});
        let merged = merge_settings(&serde_json::Value::Null, &client).expect("merged");
        assert_eq!(merged.diagnostics.definition_clash, Level::Information);
    }

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

    #[test]
    fn client_settings_override_file_key_by_key() {
        let file = serde_json::json!({"default_glossary": false, "diagnostics": {"unknown-acronym": "off", "inconsistent-name": "error"}});
        let client = serde_json::json!({"gloss": {"diagnostics": {"unknown-acronym": "hint"}}});
        let c = merge_settings(&file, &client).unwrap();
        assert!(!c.default_glossary);
        assert_eq!(c.diagnostics.unknown_acronym, Level::Hint);
        assert_eq!(c.diagnostics.inconsistent_name, Level::Error);
    }

    #[test]
    fn merge_reads_camel_case_ignores_unknown_keys_and_rejects_bad_values() {
        let file = serde_json::json!({"default_glossary": false, "max_file_size": 10, "include": ["a/*.md"]});
        let client = serde_json::json!({"defaultGlossary": true, "inlayHints": "every-use",
            "editor.fontSize": 12, "diagnostics": {"undefined-acronym": "info"}});
        let c = merge_settings(&file, &client).unwrap();
        assert!(c.default_glossary, "the client's key overrides the file's");
        assert_eq!(c.inlay_hints, InlayHints::EveryUse);
        assert_eq!(c.max_file_size, 10, "keys the client did not send stay");
        assert_eq!(c.include, vec!["a/*.md".to_string()]);
        assert_eq!(c.diagnostics.undefined_acronym, Level::Information);
        assert_eq!(c.diagnostics.unknown_acronym, Level::Information);
        // Sending a default value still overrides.
        let c = merge_settings(
            &serde_json::json!({"max_file_size": 10}),
            &serde_json::json!({"maxFileSize": 16777216}),
        )
        .unwrap();
        assert_eq!(c.max_file_size, Config::default().max_file_size);
        // Nothing from the client: the file alone; nothing at all: defaults.
        let c = merge_settings(&file, &Value::Null).unwrap();
        assert!(!c.default_glossary);
        assert_eq!(
            merge_settings(&Value::Null, &Value::Null),
            Ok(Config::default())
        );
        for bad in [
            serde_json::json!({"maxFileSize": "big"}),
            serde_json::json!({"diagnostics": {"unknown-acronym": "loud"}}),
            serde_json::json!({"diagnostics": {"no-such-code": "off"}}),
        ] {
            assert!(merge_settings(&file, &bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn camel_case_aliases_are_accepted_and_name_their_field() {
        let keys = serde_keys::<Config>();
        for alias in ["defaultGlossary", "maxFileSize", "inlayHints"] {
            assert!(keys.contains(&alias), "{alias} in {keys:?}");
        }
        let fields = serde_json::to_value(Config {
            schema: Some(String::new()),
            ..Config::default()
        })
        .unwrap();
        for key in keys {
            assert!(
                fields.get(field_name(key)).is_some(),
                "{key} names no field"
            );
        }
        // An alias given with its field name wins, as before.
        let c = Config::from_json(
            &serde_json::json!({"default_glossary": true, "defaultGlossary": false}),
        )
        .unwrap();
        assert!(!c.default_glossary);
        let c = Config::from_toml("gloss.toml", "defaultGlossary = false\n").unwrap();
        assert!(!c.default_glossary);
    }

    #[test]
    fn dates_apply_in_file_order_and_bad_ones_are_located() {
        let text = "[dates]\n\"speeches/2014/may/**\" = \"2014-05-21\"\n\"speeches/**\" = 2014-01-01\n\"a*\" = \"2001-09-11\"\n";
        let c = Config::from_toml("gloss.toml", text).expect("valid dates");
        let date = |s: &str| s.parse::<Date>().expect("a date");
        assert_eq!(
            c.date_setting("speeches/2014/may/remarks.txt"),
            Some((date("2014-05-21"), "speeches/2014/may/**".to_string()))
        );
        assert_eq!(
            c.date_setting("speeches\\2015\\x.md"),
            Some((date("2014-01-01"), "speeches/**".to_string()))
        );
        assert_eq!(c.date_setting("notes/x.md"), None);
        // Through JSON (as the workspace merges settings) the order stays.
        let json = serde_json::to_value(&c).expect("serializable");
        let merged = merge_settings(&json, &Value::Null).expect("merged");
        assert_eq!(merged.dates, c.dates);
        let order: Vec<&str> = merged.dates.iter().map(|s| s.pattern.as_str()).collect();
        assert_eq!(order, ["speeches/2014/may/**", "speeches/**", "a*"]);
        // The client sends a table.
        let client = serde_json::json!({"gloss": {"dates": {"x/**": "2020-02-29"}}});
        let merged = merge_settings(&json, &client).expect("merged");
        assert_eq!(
            merged.date_setting("x/a.md").map(|(d, _)| d),
            Some(date("2020-02-29"))
        );
        assert_eq!(merged.date_setting("speeches/a.md"), None);
        for (bad, line, words) in [
            (
                "[dates]\n\"a/**\" = \"2023-02-31\"\n",
                1,
                "February 2023 has 28 days",
            ),
            ("[dates]\n\"a/**\" = \"2023\"\n", 1, "not a day"),
            ("[dates]\n\"a/**\" = \"soon\"\n", 1, "YYYY-MM-DD"),
            ("[dates]\n\"a/[**\" = \"2023-01-01\"\n", 1, "invalid glob"),
        ] {
            let e = Config::from_toml("gloss.toml", bad).expect_err(bad);
            assert_eq!(e.line, line, "{bad}: {e:?}");
            assert!(e.message.contains(words), "{bad}: {}", e.message);
        }
    }

    #[test]
    fn path_globs_must_stay_inside_the_workspace() {
        for inside in ["glossary/**/*.toml", "**/*.md", "a..b/*.md", "{x,y}/*.md"] {
            assert_eq!(glob_leaves_workspace(inside), None, "{inside}");
        }
        for outside in [
            "../x.toml",
            "/etc/*.toml",
            "a/../../b",
            "{a,..}/x",
            "C:\\x\\*.md",
            "~/g.toml",
        ] {
            assert!(glob_leaves_workspace(outside).is_some(), "{outside}");
        }
        let text = "glossaries = [\"glossary/*.toml\", \"../g.toml\"]\ninclude = [\"/abs/**\"]\n";
        let problems = globs_outside_problems("gloss.toml", text);
        let at: Vec<(usize, usize)> = problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(at, [(0, 33), (1, 11)], "{problems:?}");
        let mut c = Config::from_toml("gloss.toml", text).expect("valid TOML");
        assert_eq!(c.drop_globs_outside().len(), 2);
        assert_eq!(c.glossaries, ["glossary/*.toml"]);
        assert!(c.include.is_empty());
        // Client settings that leave the workspace are dropped too.
        let merged = merge_settings(
            &Value::Null,
            &serde_json::json!({"include": ["../x/*.md", "*.md"]}),
        )
        .expect("merged");
        assert_eq!(merged.include, ["*.md"]);
    }
}
