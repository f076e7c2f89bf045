//! `gloss stats`.
