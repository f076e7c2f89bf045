//! `gloss init`: a commented `gloss.toml`, a `glossary/` folder with one
//! example entry, and the JSON Schemas they point editors at.

use std::path::{Path, PathBuf};

use super::CliError;

/// Where the schemas go, relative to the workspace root.
pub const SCHEMA_DIR: &str = ".gloss/schemas";

pub const GLOSS_TOML: &str = r#"#:schema ./.gloss/schemas/gloss-config.schema.json
# Gloss settings for this workspace (this file also marks its root).
# Every key is optional; the values below are the defaults.
# The `#:schema` line above lets editors (Taplo, Even Better TOML) complete and
# check this file; `gloss schema --out .gloss/schemas` rewrites the schemas.

# Glossary files to load, relative to this folder.
glossaries = ["glossary/**/*.toml", "glossary/**/*.json", "**/*.glossary.toml", "**/*.glossary.json"]

# Load the glossary embedded in Gloss under yours. An entry of yours with the
# same id replaces the embedded one.
default_glossary = true

# Documents to index (globs), and what to leave out on top of .gitignore.
include = ["**/*.md", "**/*.markdown", "**/*.txt"]
exclude = []

# Inlay hints with an acronym's expansion: "off", "first-use" or "every-use".
inlay_hints = "first-use"

# Severity of each diagnostic: "error", "warning", "information", "hint" or "off".
# `gloss check` exits with 1 when one is at or above --fail-on (default: error).
[diagnostics]
undefined-acronym = "warning"
acronym-before-definition = "warning"
non-preferred-term = "warning"
inconsistent-name = "warning"
unknown-acronym = "information"
ambiguous-mention = "information"
definition-clash = "off"
"#;

pub const EXAMPLE_GLOSSARY: &str = r#"#:schema ../.gloss/schemas/glossary.schema.json
# A Gloss glossary: one [[entry]] per concept or entity. Any file under
# glossary/ is loaded (TOML, or JSON with "$schema": "../.gloss/schemas/glossary.schema.json").
# `gloss glossary check` reports mistakes with their line and column.

title = "Our glossary"

[[entry]]
id = "example-forum"                       # stable and unique
label = "Forum on Example Cooperation"     # the preferred name (skos:prefLabel)
kind = "organization"                      # concept, organization, person, place, document, event, other
acronyms = ["FOEC"]                        # matched with exact case
aliases = ["Example Cooperation Forum"]    # other accepted names
hidden = [{ label = "Example Club", why = "informal name" }]  # recognised, flagged as non-preferred
description = "Replace this entry with your own; one or two neutral sentences."
# broader = ["some-id"], related = ["other-id"], links = ["https://…"],
# labels = { fr = "Forum sur la coopération exemplaire" }, well_known = true
"#;

/// Files `gloss init` writes under `dir`, with their contents.
pub fn files() -> Vec<(PathBuf, String)> {
    let mut out = vec![
        (PathBuf::from("gloss.toml"), GLOSS_TOML.to_string()),
        (
            PathBuf::from("glossary/example.toml"),
            EXAMPLE_GLOSSARY.to_string(),
        ),
    ];
    for (name, json) in super::schema::schemas() {
        out.push((Path::new(SCHEMA_DIR).join(name), json));
    }
    out
}

/// Writes the files; refuses to replace existing ones unless `force`.
/// Returns the paths written.
pub fn run(dir: &Path, force: bool) -> Result<Vec<PathBuf>, CliError> {
    let files = files();
    if !force {
        for (rel, _) in &files {
            let p = dir.join(rel);
            if p.exists() && !rel.starts_with(SCHEMA_DIR) {
                return Err(CliError::new(format!(
                    "{} already exists; edit it, or run `gloss init --force` to replace it",
                    p.display()
                )));
            }
        }
    }
    let mut written = Vec::new();
    for (rel, text) in files {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| CliError::io("create", parent, &e))?;
        }
        crate::fsutil::atomic_write(&p, text.as_bytes())
            .map_err(|e| CliError::io("write", &p, &e))?;
        written.push(p);
    }
    Ok(written)
}
