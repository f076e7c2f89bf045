//! Recognition: text → candidate mentions. A byte trie over every folded
//! glossary label ([`matcher`], [`trie`]) and the slice scanner that finds
//! mentions, bare acronym tokens and in-text definitions ([`scan`]).
//!
//! Owns the matching rules. Must not keep per-document state (that is
//! [`crate::index`]) or know about LSP, files or settings.

mod fast_hash;
pub mod matcher;
#[doc(hidden)]
pub mod reference;
pub mod scan;
pub mod trie;
