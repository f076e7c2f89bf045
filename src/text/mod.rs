//! Text primitives shared by the scanner: folding, word rules and byte ↔ line/column conversion. Pure functions over `&str` and `Rope`;
//! nothing here knows about glossaries or LSP.

pub mod fold;
pub mod position;
pub mod segment;
pub mod stem;
pub mod words;
