//! An open document: its rope, version, language and mention index.
//!
//! Owns applying edits (byte ranges) to the rope and the index together, so
//! the two never disagree, and keeping the document's date
//! ([`crate::time::document_date`]) current: it is read again only when an
//! edit touches the head it was read from. Knows nothing of LSP positions
//! (see [`crate::text::position`]), of settings or files (the workspace
//! passes the file name and the `[dates]` setting in) or of how changes
//! arrive.

use std::ops::Range;

use ropey::Rope;

use crate::index::{DocIndex, Edit};
use crate::recognize::matcher::Matcher;
use crate::time::Date;
use crate::time::document_date::{self, DocumentDate, HeadDates};

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
    /// The date in use and where it came from (front matter, `[dates]`
    /// setting, dateline, file name), or `None` when nothing says.
    pub date: Option<DocumentDate>,
    /// What the date is chosen from.
    date_clues: DateClues,
}

/// What a document's date is chosen from: its head, the file name and the setting.
#[derive(Debug, Clone, Default)]
struct DateClues {
    head: HeadDates,
    file_name: Option<String>,
    setting: Option<(Date, String)>,
}

impl DateClues {
    fn choose(&self) -> Option<DocumentDate> {
        document_date::choose(&self.head, self.setting.as_ref(), self.file_name.as_deref())
    }
}

/// Reads the dates of a rope's head (at most [`document_date::HEAD_BYTES`]).
fn head_dates(rope: &Rope) -> HeadDates {
    let len = rope.len_bytes();
    let end = rope.char_to_byte(rope.byte_to_char(len.min(document_date::HEAD_BYTES)));
    let head = std::borrow::Cow::from(rope.byte_slice(..end));
    HeadDates::of_head(&head, end == len)
}

impl Document {
    /// A document and its index; its date from the text alone (see
    /// [`Document::set_file_name`] and [`Document::set_date_setting`]).
    pub fn new(text: &str, version: i32, language: Language, matcher: &Matcher) -> Document {
        let rope = Rope::from_str(text);
        let mut index = DocIndex::build(&rope, language == Language::Markdown, matcher);
        let date_clues = DateClues {
            head: HeadDates::of_text(text),
            ..DateClues::default()
        };
        index.date = date_clues.choose();
        index.judge_time_suspects(matcher);
        Document {
            rope,
            version,
            language,
            index,
            date: date_clues.choose(),
            date_clues,
        }
    }

    /// Chooses the date again and gives it to the index too, where the
    /// analyses read it.
    fn redate(&mut self) {
        self.date = self.date_clues.choose();
        self.index.date = self.date.clone();
    }

    /// A file's document: its kind and date from its name as well as its text.
    pub fn of_file(text: &str, path: &str, matcher: &Matcher) -> Document {
        let mut doc = Document::new(text, 0, Language::detect(None, path), matcher);
        doc.set_file_name(Some(path));
        doc
    }

    /// What the document's head says about its date (front matter,
    /// dateline), before the setting and the file name are weighed.
    pub fn date_head(&self) -> &HeadDates {
        &self.date_clues.head
    }

    /// The file's name (or path), for a date written in it.
    pub fn set_file_name(&mut self, name: Option<&str>) {
        self.date_clues.file_name = name.map(str::to_string);
        self.redate();
    }

    /// The `[dates]` setting that applies to the document: its date and glob
    /// ([`crate::config::Config::date_setting`]).
    pub fn set_date_setting(&mut self, setting: Option<(Date, String)>) {
        self.date_clues.setting = setting;
        self.redate();
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
        // The date depends only on the head up to `read_to`.
        if start_b <= self.date_clues.head.read_to {
            self.date_clues.head = head_dates(&self.rope);
            self.redate();
        }
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

    /// Rebuilds the index (after the glossary changed), keeping the
    /// document's date in it and judging the time suspects at that date, as
    /// [`Document::new`] does.
    pub fn reindex(&mut self, matcher: &Matcher) {
        self.index = DocIndex::build(&self.rope, self.language == Language::Markdown, matcher);
        self.index.date = self.date.clone();
        self.index.judge_time_suspects(matcher);
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

    #[test]
    fn the_date_follows_edits_to_the_head_only() {
        let m = Matcher::new(std::sync::Arc::new(crate::glossary::Glossary::default()));
        let body = "Words of the speech.\n".repeat(2000);
        let mut doc = Document::new(
            &format!("Title\n21 May 2014\n{body}"),
            0,
            Language::Plain,
            &m,
        );
        let date = |doc: &Document| doc.date.as_ref().map(|d| d.describe());
        assert_eq!(
            date(&doc).as_deref(),
            Some("21 May 2014 (from the dateline, line 2)")
        );
        let read_to = doc.date_clues.head.read_to;
        assert!(read_to < 100, "{read_to}");
        // Far below: the head is not read again (and would say the same).
        doc.edit(Some(30_000..30_000), "On 1 June 2015.\n", &m);
        assert_eq!(doc.date_clues.head.read_to, read_to);
        // In the head: read again.
        doc.edit(Some(6..17), "Sept. 28, 2025", &m);
        assert_eq!(
            date(&doc).as_deref(),
            Some("28 September 2025 (from the dateline, line 2)")
        );
        doc.edit(Some(0..0), "---\ndate: 2024-10-15\n---\n", &m);
        assert_eq!(
            date(&doc).as_deref(),
            Some("15 October 2024 (from the front matter, line 2)")
        );
        doc.set_date_setting(Some(("2001-01-01".parse().expect("a date"), "x/**".into())));
        assert_eq!(
            doc.date.as_ref().map(|d| d.source_name()),
            Some("front-matter")
        );
        doc.edit(Some(0..26), "", &m);
        assert_eq!(
            date(&doc).as_deref(),
            Some("1 January 2001 (set in gloss.toml for `x/**`)")
        );
        doc.set_date_setting(None);
        doc.edit(Some(0..30), "Untitled\n", &m);
        assert_eq!(doc.date, None);
        doc.set_file_name(Some("/w/2014-05-21-remarks.txt"));
        assert_eq!(
            date(&doc).as_deref(),
            Some("21 May 2014 (from the file name)")
        );
        let fresh = Document::new(&doc.text(), 0, Language::Plain, &m);
        assert_eq!(fresh.date_clues.head, doc.date_clues.head);
    }

    /// Found by the soak test: after a glossary change the rebuilt index had
    /// no date, so a name that only one entry bore at the document's date
    /// ("Shanghai Declaration") resolved as ambiguous until an edit to the head.
    #[test]
    fn reindex_keeps_the_date_and_its_decisions() {
        let m = Matcher::from_toml("", true).expect("the embedded glossary");
        let text = "Nov 04 2014\nPresident Bush met Prime Minister Boris Johnson; the G8 and the OAU; the Shanghai Declaration.\n";
        let mut doc = Document::new(text, 0, Language::Plain, &m);
        assert!(doc.index.date.is_some());
        doc.reindex(&m);
        assert_eq!(doc.index.date, doc.date);
        assert!(doc.index.time_suspects().is_some());
        let divergence = crate::index::equivalence::divergence_from_scratch(&doc, &m);
        assert!(divergence.is_none(), "{divergence:?}");
    }
}
