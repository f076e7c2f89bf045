//! Recognition: text → candidate mentions. A byte trie over every folded
//! glossary label ([`matcher`], [`trie`], with a filter on the first word
//! in front of it, `first_word`) and the slice scanner that finds
//! mentions, bare acronym tokens and in-text definitions ([`scan`]). The
//! embedded glossary's matcher is also built ahead of time ([`prebuilt`]).
//!
//! Owns the matching rules. Must not keep per-document state (that is
//! [`crate::index`]) or know about LSP, files or settings.

mod fast_hash;
mod first_word;
pub mod matcher;
pub mod prebuilt;
#[doc(hidden)]
pub mod reference;
pub mod scan;
pub mod trie;
mod wire;
