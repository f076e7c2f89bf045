//! An open document: its rope, version, language and mention index.
//!
//! Owns applying edits (byte ranges) to the rope and the index together, so
//! the two never disagree. Knows nothing of LSP positions (see
//! [`crate::text::position`]) or of how changes arrive.

use std::ops::Range;

use ropey::Rope;

use crate::index::{DocIndex, Edit};
use crate::recognize::matcher::Matcher;

/// How a document's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Plain,
    Markdown,
}

/// The one list of document kinds: file extension (lower case, no dot) and
/// how such a file is read. [`Language::detect`], the default `include` globs
/// of `gloss.toml` and the files the server watches all come from it.
pub const DOCUMENT_KINDS: [(&str, Language); 6] = [
    ("md", Language::Markdown),
    ("markdown", Language::Markdown),
    ("mdown", Language::Markdown),
    ("mkd", Language::Markdown),
    ("mdx", Language::Markdown),
    ("txt", Language::Plain),
];

/// LSP `languageId`s of editor buffers that are data, not prose (never analysed).
const DATA_LANGUAGE_IDS: [&str; 4] = ["toml", "json", "jsonc", "yaml"];

/// `**/*.EXT` for every document kind (the default `include` of `gloss.toml`).
pub fn document_globs() -> Vec<String> {
    DOCUMENT_KINDS
        .iter()
        .map(|(ext, _)| format!("**/*.{ext}"))
        .collect()
}

impl Language {
    /// From an LSP `languageId` and/or a file name (by [`DOCUMENT_KINDS`]).
    pub fn detect(language_id: Option<&str>, path: &str) -> Language {
        match language_id {
            Some("markdown") | Some("mdx") => Language::Markdown,
            Some("plaintext") | Some("text") => Language::Plain,
            _ => Language::of_path(path).unwrap_or(Language::Plain),
        }
    }

    /// The document kind of a file name, if it has one of [`DOCUMENT_KINDS`].
    pub fn of_path(path: &str) -> Option<Language> {
        let lower = path.to_ascii_lowercase();
        DOCUMENT_KINDS
            .iter()
            .find(|(ext, _)| {
                lower
                    .strip_suffix(ext)
                    .is_some_and(|rest| rest.ends_with('.'))
            })
            .map(|(_, language)| *language)
    }

    /// How an editor buffer is read, or `None` when it is data (a TOML, JSON
    /// or YAML buffer), which is not prose.
    pub fn of_buffer(language_id: &str, path: &str) -> Option<Language> {
        (!DATA_LANGUAGE_IDS.contains(&language_id))
            .then(|| Language::detect(Some(language_id), path))
    }
}

#[derive(Debug, Clone)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub language: Language,
    pub index: DocIndex,
}

impl Document {
    pub fn new(text: &str, version: i32, language: Language, matcher: &Matcher) -> Document {
        let rope = Rope::from_str(text);
        let index = DocIndex::build(&rope, language == Language::Markdown, matcher);
        Document {
            rope,
            version,
            language,
            index,
        }
    }

    /// Replaces `range` (bytes, clamped to the text and to character
    /// boundaries) by `text`, or the whole text when `range` is `None`.
    pub fn edit(&mut self, range: Option<Range<usize>>, text: &str, matcher: &Matcher) {
        let len = self.rope.len_bytes();
        let range = range.unwrap_or(0..len);
        let start = self.rope.byte_to_char(range.start.min(len));
        let end = self
            .rope
            .byte_to_char(range.end.min(len).max(range.start.min(len)));
        let start_b = self.rope.char_to_byte(start);
        let end_b = self.rope.char_to_byte(end);
        self.rope.remove(start..end);
        self.rope.insert(start, text);
        self.index.apply_edit(
            &self.rope,
            Edit {
                start: start_b,
                old_end: end_b,
                new_len: text.len(),
            },
            matcher,
        );
    }

    /// Rebuilds the index (after the glossary changed).
    pub fn reindex(&mut self, matcher: &Matcher) {
        self.index = DocIndex::build(&self.rope, self.language == Language::Markdown, matcher);
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_list_of_document_kinds() {
        assert_eq!(Language::detect(None, "/w/a.MDX"), Language::Markdown);
        assert_eq!(Language::detect(None, "/w/a.txt"), Language::Plain);
        assert_eq!(Language::detect(None, "/w/a.rst"), Language::Plain);
        assert_eq!(Language::of_path("/w/amd"), None);
        assert_eq!(
            Language::detect(Some("markdown"), "/w/a.txt"),
            Language::Markdown
        );
        assert_eq!(Language::of_buffer("toml", "/w/g.toml"), None);
        assert_eq!(
            Language::of_buffer("plaintext", "/w/a.md"),
            Some(Language::Plain)
        );
        let globs = document_globs();
        assert_eq!(globs.len(), DOCUMENT_KINDS.len());
        assert!(globs.contains(&"**/*.mdx".to_string()));
    }
}
