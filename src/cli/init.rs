//! `gloss init`.
