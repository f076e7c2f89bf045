//! `gloss schema`: the JSON Schemas of the files users write, generated from the Rust types.

use crate::config::Config;
use crate::glossary::model::GlossaryFile;

/// (file name, pretty JSON) of every schema.
pub fn schemas() -> Vec<(&'static str, String)> {
    let glossary = schemars::schema_for!(GlossaryFile);
    let config = schemars::schema_for!(Config);
    let pretty = |v: &schemars::Schema| serde_json::to_string_pretty(v).unwrap_or_default() + "\n";
    vec![
        ("glossary.schema.json", pretty(&glossary)),
        ("gloss-config.schema.json", pretty(&config)),
    ]
}
