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

impl Language {
    /// From an LSP `languageId` and/or a file name.
    pub fn detect(language_id: Option<&str>, path: &str) -> Language {
        match language_id {
            Some("markdown") | Some("mdx") => Language::Markdown,
            Some("plaintext") | Some("text") => Language::Plain,
            _ => {
                let lower = path.to_ascii_lowercase();
                if [".md", ".markdown", ".mdown", ".mkd", ".mdx"]
                    .iter()
                    .any(|e| lower.ends_with(e))
                {
                    Language::Markdown
                } else {
                    Language::Plain
                }
            }
        }
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
