//! Gloss: recognises concept and entity mentions in policy texts from a
//! glossary, and serves them to editors over LSP.
//!
//! Layers (see ARCHITECTURE.md), each depending only on those above it:
//! - [`text`], [`problem`], [`spans`]: primitives (folding, words, Markdown prose, positions);
//! - [`glossary`], [`config`]: the user's files and their validation;
//! - [`matcher`], [`scan`], [`index`], [`document`]: text → mentions, incrementally;
//! - [`analysis`]: features as pure functions (diagnostics, hover, definition);
//! - [`workspace`]: the one workspace model (settings, glossaries, documents,
//!   closed-file records) that the CLI and the server load and query;
//! - [`lsp`] and [`cli`]: thin adapters over the same core.

pub mod analysis;
pub mod cli;
pub mod config;
pub mod glossary;
pub mod index;
pub mod lsp;
pub mod markdown;
pub mod problem;
pub mod recognize;
pub mod text;
pub mod workspace;
