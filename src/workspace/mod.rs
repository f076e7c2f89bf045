//! The workspace: settings, glossary files and documents on disk.
//!
//! - [`discover`]: reading `gloss.toml`, finding glossary files, merging settings;
//! - [`walk`]: which files are documents, and reading them;
//! - [`closed`]: compact records of files not open in the editor.

pub mod closed;
pub mod discover;
pub mod walk;
