//! Gloss: recognises concept and entity mentions in policy texts from a
//! glossary, and serves them to editors over LSP.
//!
//! The data path, one module per step (see ARCHITECTURE.md), each depending
//! only on those before it:
//! - [`text`], [`problem`]: primitives (folding, words, the one line/column
//!   rule, located input errors);
//! - [`time`]: partial dates, periods, "valid at this date?";
//! - [`markdown`]: where the prose is in a Markdown text;
//! - [`glossary`], [`config`]: the user's files, read and edited through
//!   their parsers, and the settings;
//! - [`recognize`]: text → candidate mentions (one automaton over all labels);
//! - [`index`]: a document's mentions, kept up to date incrementally;
//! - [`analysis`]: every editor feature as a pure function;
//! - [`workspace`]: the one workspace model (settings, glossaries, documents,
//!   closed-file records) that the CLI and the server load and query;
//! - [`lsp`] and [`cli`]: thin adapters over the same core;
//! - [`fsutil`]: atomic writes and capped reads of regular files.

pub mod analysis;
pub mod cli;
pub mod config;
pub mod decide;
pub mod fsutil;
pub mod glossary;
pub mod index;
pub mod lsp;
pub mod markdown;
pub mod problem;
pub mod recognize;
pub mod text;
pub mod time;
pub mod workspace;
