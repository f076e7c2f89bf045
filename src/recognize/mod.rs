//! Recognition: text → candidate mentions. One Aho-Corasick automaton over
//! every glossary label ([`matcher`]) and the slice scanner that finds
//! mentions, bare acronym tokens and in-text definitions ([`scan`]).
//!
//! Owns the matching rules. Must not keep per-document state (that is
//! [`crate::index`]) or know about LSP, files or settings.

pub mod matcher;
pub mod scan;
