//! Helpers shared by the integration tests: the real binary run as a
//! command ([`cli`]) and driven over LSP ([`lsp_client`], and [`raw_lsp`] for malformed input), temporary workspaces ([`temp`]), the optional
//! real-data inputs and the one way a test says it was skipped ([`data`]),
//! golden files ([`golden`]), and the shared test glossary ([`glossary`]).
//!
//! Must not use the library's own line/column or matching code: these
//! helpers are the independent side of what the tests check. The one
//! exception, [`glossary::matcher_of`], builds the matcher under test.

#![allow(dead_code, unused_imports)]

pub mod cli;
pub mod data;
pub mod glossary;
pub mod golden;
pub mod lsp_client;
pub mod names;
pub mod raw_lsp;
pub mod temp;

pub use data::{corpus_dir, corpus_text, eurovoc_and_sotu, eurovoc_csv, skip};
pub use lsp_client::{LspClient, TIMEOUT, apply_workspace_edit, file_uri, offset_of, position_of};
pub use temp::TempWorkspace;
