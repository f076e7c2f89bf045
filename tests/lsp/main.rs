//! End-to-end: the real `gloss lsp` binary over stdio, driven as an editor
//! would, one module per feature. All of them build into this one test
//! binary (linking one binary per file is slow on a 2-core CI).
//!
//! Tests that read `../shared/corpus` print `SKIPPED: <test> (…)` without it
//! (README "Tests").

#[path = "../support/mod.rs"]
mod support;

mod fixture;
mod support_checks;
mod workspace_fixture;

mod code_actions;
mod completion;
mod context;
mod decorations;
mod definition;
mod edits;
mod glossary_reload;
mod hover;
mod markdown;
mod positions;
mod pull_diagnostics;
mod real_texts;
mod references;
mod rename;
mod robustness;
mod settings;
mod startup;
mod status;
mod symbols;
mod time_aware;
mod workspace_index;
