//! The date a document speaks from (issue 12), and where it came from.
//!
//! Owns reading a date out of a document's head and its file name: front
//! matter `date:` (YAML `---` or TOML `+++` at the very top), a dateline in
//! the first lines ("Nov 04 2014", "31 October 2014, Shanghai", "Published:
//! 2020/7/13 12:38:40", "14.05.2025", "(Xinhua) 2024-03-05", "2025年5月14日",
//! "14 мая 2025 г."), or a full date in the file name; and the order in which
//! these and the `gloss.toml` setting win ([`choose`]: front matter, setting,
//! dateline, file name). Every date is a real calendar day (checked by jiff)
//! in [`YEARS`]; a year or a month alone is never a document's date, and a
//! numeric date whose day and month could be swapped ("05/06/2020") is
//! skipped rather than guessed.
//!
//! Detection reads at most the first [`HEAD_BYTES`] bytes, and
//! [`HeadDates::read_to`] says how far the result depends on the text, so an
//! edit after it leaves the result as it was (what keeps a keystroke in the
//! body O(edit)).
//!
//! Must not touch: documents, settings or files (callers pass the text, the
//! file name and the setting in); no clock.

use std::ops::RangeInclusive;

use super::Date;

/// The years a document date may have; other four-digit numbers are not dates.
pub const YEARS: RangeInclusive<i16> = 1800..=2100;
/// A dateline is looked for in at most this many non-empty lines after the
/// front matter…
pub const DATELINE_MAX_LINES: usize = 12;
/// …that end within this many bytes after the front matter.
pub const DATELINE_WINDOW_BYTES: usize = 3 * 1024;
/// Front matter must close within this many bytes from the top.
pub const FRONT_MATTER_MAX_BYTES: usize = 8 * 1024;
/// The longest prefix of a text detection reads (a few bytes more than front
/// matter and dateline window, so that a line cut at the prefix's end never
/// counts as a whole line).
pub const HEAD_BYTES: usize = FRONT_MATTER_MAX_BYTES + DATELINE_WINDOW_BYTES + 8;
/// A line shorter than this (in characters) is a dateline wherever its date
/// stands; a longer one only with the date at its start or end or after a
/// label ("Published:").
const SHORT_LINE_CHARS: usize = 80;

/// A document's date and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentDate {
    /// The day, or the first day of the year when only the year is known.
    pub date: Date,
    pub source: DateSource,
    /// Only the year is known (a year in the file name: "1946-Truman.txt").
    pub year_only: bool,
}

/// Where a document's date came from (lines are 0-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateSource {
    /// The `date` key of the front matter, on this line.
    FrontMatter { line: usize },
    /// The `[dates]` table of `gloss.toml`, through this glob.
    Setting { pattern: String },
    /// A dateline, on this line.
    Dateline { line: usize },
    /// The file's name.
    FileName,
}

impl DocumentDate {
    /// The days the date covers: one, or a whole year.
    pub fn span(&self) -> crate::time::PartialDate {
        if self.year_only {
            crate::time::PartialDate::parse(&self.date.year().to_string())
                .unwrap_or(crate::time::PartialDate::day(self.date))
        } else {
            crate::time::PartialDate::day(self.date)
        }
    }

    /// The date and its source as hover and `gloss stats` show them:
    /// "14 May 2025 (from the front matter, line 2)".
    pub fn describe(&self) -> String {
        format!(
            "{} ({})",
            crate::time::describe_date(&self.span()),
            self.source_description()
        )
    }

    /// Where the date came from: "from the dateline, line 3", "set in
    /// gloss.toml for `speeches/2014/**`".
    pub fn source_description(&self) -> String {
        match &self.source {
            DateSource::FrontMatter { line } => {
                format!("from the front matter, line {}", line + 1)
            }
            DateSource::Setting { pattern } => format!("set in gloss.toml for `{pattern}`"),
            DateSource::Dateline { line } => format!("from the dateline, line {}", line + 1),
            DateSource::FileName => "from the file name".to_string(),
        }
    }

    /// The source in one word, for summaries: `front-matter`, `setting`,
    /// `dateline` or `file-name`.
    pub fn source_name(&self) -> &'static str {
        match self.source {
            DateSource::FrontMatter { .. } => "front-matter",
            DateSource::Setting { .. } => "setting",
            DateSource::Dateline { .. } => "dateline",
            DateSource::FileName => "file-name",
        }
    }
}

/// What a text's head says about its date, and how far that depends on it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeadDates {
    pub front_matter: Option<DocumentDate>,
    pub dateline: Option<DocumentDate>,
    /// The result depends only on the bytes before this offset (inclusive
    /// bound for edits: an edit starting at or before it may change it).
    pub read_to: usize,
}

impl HeadDates {
    /// Reads the head of a whole text.
    pub fn of_text(text: &str) -> HeadDates {
        let mut end = text.len().min(HEAD_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        HeadDates::of_head(&text[..end], end == text.len())
    }

    /// Reads a prefix of a text: the whole text (`whole`), or at least its
    /// first [`HEAD_BYTES`]` - 3` bytes (a prefix cut at a character
    /// boundary). Gives the same answer as [`HeadDates::of_text`] on the whole.
    pub fn of_head(head: &str, whole: bool) -> HeadDates {
        let front = front_matter(head, whole);
        let (dateline, dateline_read_to) = dateline(head, whole, front.body_start, front.body_line);
        HeadDates {
            front_matter: front.date.map(|(date, line)| DocumentDate {
                date,
                source: DateSource::FrontMatter { line },
                year_only: false,
            }),
            dateline: dateline.map(|(date, line)| DocumentDate {
                date,
                source: DateSource::Dateline { line },
                year_only: false,
            }),
            read_to: front.read_to.max(dateline_read_to),
        }
    }
}

/// The date in use: front matter, else the `gloss.toml` setting (its date and
/// glob), else the dateline, else the file name.
pub fn choose(
    head: &HeadDates,
    setting: Option<&(Date, String)>,
    file_name: Option<&str>,
) -> Option<DocumentDate> {
    head.front_matter
        .clone()
        .or_else(|| {
            setting.map(|(date, pattern)| DocumentDate {
                date: *date,
                source: DateSource::Setting {
                    pattern: pattern.clone(),
                },
                year_only: false,
            })
        })
        .or_else(|| head.dateline.clone())
        .or_else(|| {
            file_name
                .and_then(date_in_file_name)
                .map(|date| DocumentDate {
                    date,
                    source: DateSource::FileName,
                    year_only: false,
                })
        })
        .or_else(|| {
            let year = file_name.and_then(year_in_file_name)?;
            Some(DocumentDate {
                date: Date::new(year, 1, 1).ok()?,
                source: DateSource::FileName,
                year_only: true,
            })
        })
}

/// A year standing alone in a file name ("1946-Truman-1.txt",
/// "speech_2014.txt"): four digits 1700–2100 between separators (the
/// earliest speeches policy texts quote are from the 1780s). Time
/// judgements then hold for the whole year (see [`DocumentDate::span`]).
pub fn year_in_file_name(name: &str) -> Option<i16> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
    stem.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|t| t.parse::<i16>().ok())
        .find(|y| (1700..=2100).contains(y))
}

/// A document's date from its text and file name alone (no setting).
pub fn detect(text: &str, file_name: Option<&str>) -> Option<DocumentDate> {
    choose(&HeadDates::of_text(text), None, file_name)
}

/// A full date in a file name (its last path component, without the
/// extension): "2014-05-21-speech.txt", "20140521_remarks.md",
/// "speech_21_May_2014.txt". A year alone ("speech_2014.txt") is not one.
pub fn date_in_file_name(name: &str) -> Option<Date> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
    let stem = stem.replace('_', "-");
    if let Some(found) = dates_in_line(&stem).first() {
        return Some(found.date);
    }
    // YYYYMMDD, not part of a longer run of digits.
    let tokens = tokenize(&stem);
    tokens.iter().find_map(|t| {
        let digits = (t.kind == Kind::Number && t.text.len() == 8).then_some(t.text)?;
        let (y, rest) = digits.split_at(4);
        let (m, d) = rest.split_at(2);
        calendar_date(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    })
}

/// A date found in a line, with its byte span there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    pub date: Date,
    pub start: usize,
    pub end: usize,
}

/// Every full date written in `line`, in order: numeric (`2014-05-21`,
/// `2020/7/13`, `14.05.2025`, `31/12/2020`; `05/06/2020` is ambiguous and
/// skipped), with month names (`21 May 2014`, `May 21, 2014`, `Sept. 28,
/// 2025`, `Nov 04 2014`, `14th of May 2025`, `14 мая 2025`) and Chinese
/// (`2025年5月14日`).
pub fn dates_in_line(line: &str) -> Vec<FoundDate> {
    if !has_four_digits(line) {
        return Vec::new();
    }
    dates_in_tokens(line)
}

/// Whether `line` has four ASCII digits in a row. Every form read has a
/// year of four digits, so a line without them (most lines of a
/// document's head: paragraphs of prose) is not tokenised.
fn has_four_digits(line: &str) -> bool {
    let mut run = 0;
    line.bytes().any(|b| {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        run == 4
    })
}

/// [`dates_in_line`] without the four-digit filter.
fn dates_in_tokens(line: &str) -> Vec<FoundDate> {
    let tokens = tokenize(line);
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some((date, last)) = date_at(&tokens, i) {
            found.push(FoundDate {
                date,
                start: tokens[i].start,
                end: tokens[last].end,
            });
            i = last + 1;
        } else {
            i += 1;
        }
    }
    found
}

/// File kinds whose names stand alone on lines of scraped pages (an image's
/// caption, an attachment): "屏幕截图 2022-07-04 173208.png" is no dateline.
const FILE_EXTENSIONS: [&str; 9] = [
    "png", "jpg", "jpeg", "gif", "webp", "pdf", "doc", "docx", "xlsx",
];

fn names_a_file(line: &str) -> bool {
    line.trim_end()
        .rsplit_once('.')
        .is_some_and(|(_, ext)| FILE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// The date in a dateline candidate, if the line reads as one: the first date
/// that follows a label at the line's start ("Published:", "Last updated",
/// "Posted by admin on", "发布时间："), or that is not
/// introduced by a preposition ("on 21 May 2014", "In 1945") and stands at
/// the line's start (after a weekday, if any) or end (before a time, if any),
/// or anywhere in a short line.
pub fn dateline_date(line: &str) -> Option<Date> {
    if names_a_file(line) {
        return None;
    }
    let short = line.trim().chars().count() < SHORT_LINE_CHARS;
    dates_in_line(line).into_iter().find_map(|found| {
        let before = &line[..found.start];
        let after = &line[found.end..];
        if after_label(before) {
            return Some(found.date);
        }
        if after_preposition(before) || reads_as_prose(before, after) {
            return None;
        }
        (short || at_start(before) || at_end(after)).then_some(found.date)
    })
}

// ---------------------------------------------------------------- lines

/// One line of a text: CR, LF and CRLF end lines (as in the LSP and ropey).
struct Line<'a> {
    number: usize,
    start: usize,
    /// The line without its terminator.
    text: &'a str,
    /// Where the next line starts.
    next: usize,
    terminated: bool,
}

fn lines(text: &str, from: usize, first_number: usize) -> impl Iterator<Item = Line<'_>> {
    let bytes = text.as_bytes();
    let mut pos = from;
    let mut number = first_number;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let start = pos;
        let end = bytes[start..]
            .iter()
            .position(|b| *b == b'\n' || *b == b'\r')
            .map_or(text.len(), |k| start + k);
        let next = match bytes.get(end) {
            Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => end + 2,
            Some(_) => end + 1,
            None => end,
        };
        let line = Line {
            number,
            start,
            text: &text[start..end],
            next,
            terminated: end < text.len(),
        };
        pos = next;
        number += 1;
        Some(line)
    })
}

// ---------------------------------------------------------------- front matter

struct FrontMatter {
    date: Option<(Date, usize)>,
    body_start: usize,
    body_line: usize,
    read_to: usize,
}

fn front_matter(head: &str, whole: bool) -> FrontMatter {
    let none = |read_to| FrontMatter {
        date: None,
        body_start: 0,
        body_line: 0,
        read_to,
    };
    let mut all = lines(head, 0, 0);
    let Some(first) = all.next() else {
        return none(0);
    };
    let delimiter = first.text.trim_start_matches('\u{feff}').trim_end();
    let toml = match delimiter {
        "---" => false,
        "+++" => true,
        _ => return none(0),
    };
    let mut date = None;
    let mut in_table = false;
    for line in all {
        if line.next > FRONT_MATTER_MAX_BYTES || (!line.terminated && !whole) {
            break;
        }
        let trimmed = line.text.trim_end();
        if trimmed == delimiter || (!toml && trimmed == "...") {
            return FrontMatter {
                date,
                body_start: line.next,
                body_line: line.number + 1,
                read_to: line.next,
            };
        }
        if toml && trimmed.trim_start().starts_with('[') {
            in_table = true;
        }
        if date.is_none() && !in_table {
            date = front_matter_value(line.text, toml)
                .and_then(date_value)
                .map(|d| (d, line.number));
        }
    }
    // Not closed within the limit: not front matter, but all of it was read.
    none(head.len().min(FRONT_MATTER_MAX_BYTES))
}

/// The value of a top-level `date` key (`date: …` in YAML, `date = …` in TOML).
fn front_matter_value(line: &str, toml: bool) -> Option<&str> {
    let (key, value) = if toml {
        let (key, value) = line.split_once('=')?;
        (key.trim(), value)
    } else {
        let (key, value) = line.split_once(':')?;
        if key.starts_with(char::is_whitespace) {
            return None;
        }
        (key.trim_end(), value)
    };
    let key = key.trim_matches(['"', '\'']);
    key.eq_ignore_ascii_case("date").then_some(value)
}

/// A front matter value that is a date (quoted or not, maybe with a time).
fn date_value(value: &str) -> Option<Date> {
    let value = value.split(" #").next().unwrap_or(value).trim();
    let value = value.trim_matches(['"', '\'']).trim();
    dates_in_line(value)
        .first()
        .filter(|found| found.start == 0)
        .map(|found| found.date)
}

// ---------------------------------------------------------------- dateline

/// The first dateline after the front matter, and how far it was read.
fn dateline(
    head: &str,
    whole: bool,
    body_start: usize,
    body_line: usize,
) -> (Option<(Date, usize)>, usize) {
    let window_end = body_start + DATELINE_WINDOW_BYTES;
    let mut non_empty = 0;
    for line in lines(head, body_start, body_line) {
        let content_end = line.start + line.text.len();
        if content_end > window_end || (!line.terminated && !whole) {
            return (None, window_end.min(head.len()));
        }
        if line.text.trim().is_empty() {
            continue;
        }
        if let Some(date) = dateline_date(line.text) {
            return (Some((date, line.number)), line.next);
        }
        non_empty += 1;
        if non_empty == DATELINE_MAX_LINES {
            return (None, line.next);
        }
    }
    (None, head.len())
}

/// Words after which a date is the document's: "Published: …", "Posted on …".
const LABELS: [&str; 16] = [
    "published",
    "date",
    "dated",
    "updated",
    "posted",
    "released",
    "issued",
    "modified",
    "created",
    "发布时间",
    "发布日期",
    "日期",
    "时间",
    "опубликовано",
    "дата",
    "обновлено",
];

/// Words that make a date part of a sentence about something else.
const PREPOSITIONS: [&str; 20] = [
    "on", "in", "since", "until", "till", "by", "before", "after", "from", "to", "of", "between",
    "and", "through", "at", "during", "as", "than", "для", "с",
];

const WEEKDAYS: [&str; 17] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// Words that may follow a date at a line's end: a time's am/pm and zones.
fn is_time_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    matches!(
        lower.as_str(),
        "am" | "pm" | "a" | "p" | "m" | "utc" | "gmt" | "h"
    ) || (word.len() <= 4 && word.chars().all(|c| c.is_ascii_uppercase()))
}

/// The words of `s` (runs of letters), in order.
fn words(s: &str) -> impl DoubleEndedIterator<Item = &str> {
    s.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
}

/// At most this many words before a date that follows a label ("Posted by
/// admin on"): a label further into a line is part of a sentence ("…, published
/// on July 02, 2005, Russia and China agreed…").
const LABEL_MAX_WORDS_BEFORE: usize = 4;

fn after_label(before: &str) -> bool {
    let before_words: Vec<&str> = words(before).collect();
    before_words.len() <= LABEL_MAX_WORDS_BEFORE
        && !before.chars().any(|c| c.is_numeric())
        && before_words.iter().any(|word| {
            let lower = word.to_lowercase();
            // Han text is not split into words: "发布时间" may end a longer run.
            LABELS.iter().any(|label| {
                lower == *label || (label.chars().all(is_han) && lower.ends_with(label))
            })
        })
}

fn after_preposition(before: &str) -> bool {
    let tail = before.trim_end();
    // "on 21 May" but not "Beijing, 21 May" nor "(Xinhua) 2024-03-05".
    if !tail.ends_with(char::is_alphabetic) {
        return false;
    }
    words(tail)
        .next_back()
        .is_some_and(|w| PREPOSITIONS.contains(&w.to_lowercase().as_str()))
}

/// This many lower-case words around a date make its line a sentence ("We
/// now know their choice of the time: a peaceful Sunday morning— December 7,
/// 1941."), not a dateline ("Remarks by Wang Yi at the Opening, Beijing, 14
/// May 2025").
const PROSE_MIN_LOWERCASE_WORDS: usize = 5;

fn reads_as_prose(before: &str, after: &str) -> bool {
    words(before)
        .chain(words(after))
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .count()
        >= PROSE_MIN_LOWERCASE_WORDS
}

fn at_start(before: &str) -> bool {
    !before.chars().any(|c| c.is_numeric())
        && words(before).all(|w| WEEKDAYS.contains(&w.to_lowercase().as_str()))
}

fn at_end(after: &str) -> bool {
    words(after).all(is_time_word)
}

// ---------------------------------------------------------------- tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    Word,
    Space,
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    kind: Kind,
    text: &'a str,
    start: usize,
    end: usize,
}

/// Han characters stand alone (年, 月, 日 follow their numbers directly).
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

fn tokenize(line: &str) -> Vec<Token<'_>> {
    let kind_of = |c: char| {
        if c.is_ascii_digit() {
            Kind::Number
        } else if c.is_alphabetic() {
            Kind::Word
        } else if c.is_whitespace() {
            Kind::Space
        } else {
            Kind::Punct
        }
    };
    let mut tokens: Vec<Token> = Vec::new();
    for (start, c) in line.char_indices() {
        let kind = kind_of(c);
        let end = start + c.len_utf8();
        let joins = kind != Kind::Punct
            && !is_han(c)
            && tokens.last().is_some_and(|t| {
                t.kind == kind && t.end == start && !t.text.chars().next().is_some_and(is_han)
            });
        match tokens.last_mut() {
            Some(last) if joins => {
                last.end = end;
                last.text = &line[last.start..end];
            }
            _ => tokens.push(Token {
                kind,
                text: &line[start..end],
                start,
                end,
            }),
        }
    }
    tokens
}

/// A day, month and year that name a real day in [`YEARS`].
fn calendar_date(year: i16, month: i8, day: i8) -> Option<Date> {
    YEARS
        .contains(&year)
        .then(|| Date::new(year, month, day).ok())
        .flatten()
}

fn number(token: Option<&Token>, digits: RangeInclusive<usize>) -> Option<i16> {
    let t = token.filter(|t| t.kind == Kind::Number && digits.contains(&t.text.len()))?;
    t.text.parse().ok()
}

fn small(n: i16) -> Option<i8> {
    i8::try_from(n).ok()
}

/// The month a word names: English names and their abbreviations ("Sept"),
/// Russian names (nominative and genitive).
fn month_of(word: &str) -> Option<i8> {
    const ENGLISH: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    const RUSSIAN: [(&str, &str); 12] = [
        ("январь", "января"),
        ("февраль", "февраля"),
        ("март", "марта"),
        ("апрель", "апреля"),
        ("май", "мая"),
        ("июнь", "июня"),
        ("июль", "июля"),
        ("август", "августа"),
        ("сентябрь", "сентября"),
        ("октябрь", "октября"),
        ("ноябрь", "ноября"),
        ("декабрь", "декабря"),
    ];
    // English names are ASCII: compared without a lower-cased copy (this
    // runs for every word of the lines read for a dateline). No non-ASCII
    // word lower-cases to one of them.
    let ascii = word.is_ascii();
    let english = ENGLISH.iter().position(|name| {
        ascii
            && (name.eq_ignore_ascii_case(word)
                || (word.len() == 3 && name[..3].eq_ignore_ascii_case(word))
                || (word.eq_ignore_ascii_case("sept") && *name == "september"))
    });
    let russian = || {
        if ascii {
            return None;
        }
        let lower = word.to_lowercase();
        RUSSIAN
            .iter()
            .position(|(nominative, genitive)| lower == *nominative || lower == *genitive)
    };
    english
        .or_else(russian)
        .and_then(|k| i8::try_from(k + 1).ok())
}

/// Skips what may separate the parts of a written-out date (spaces, one comma
/// or dot or dash, "of"); `None` when nothing separates them.
fn skip_separator(tokens: &[Token], mut i: usize) -> Option<usize> {
    let from = i;
    let mut punct = 0;
    while let Some(t) = tokens.get(i) {
        match t.kind {
            Kind::Space => i += 1,
            Kind::Punct if matches!(t.text, "," | "." | "-" | "/") && punct == 0 => {
                punct += 1;
                i += 1;
            }
            Kind::Word if t.text.eq_ignore_ascii_case("of") && i > from => i += 1,
            _ => break,
        }
    }
    (i > from).then_some(i)
}

/// A day number, maybe with an ordinal suffix ("4th"): the day and the index of its last token.
fn day_at(tokens: &[Token], i: usize) -> Option<(i8, usize)> {
    let day = small(number(tokens.get(i), 1..=2)?)?;
    match tokens.get(i + 1) {
        Some(t)
            if t.kind == Kind::Word
                && matches!(t.text.to_lowercase().as_str(), "st" | "nd" | "rd" | "th") =>
        {
            Some((day, i + 1))
        }
        _ => Some((day, i)),
    }
}

/// A month word at `i` (with its abbreviation dot, if any).
fn month_at(tokens: &[Token], i: usize) -> Option<(i8, usize)> {
    let t = tokens.get(i).filter(|t| t.kind == Kind::Word)?;
    Some((month_of(t.text)?, i))
}

/// A four-digit year at `i` not followed directly by more digits.
fn year_at(tokens: &[Token], i: usize) -> Option<i16> {
    let year = number(tokens.get(i), 4..=4)?;
    let glued_number = tokens.get(i + 1).is_some_and(|t| t.kind == Kind::Word)
        && tokens.get(i + 2).is_some_and(|t| t.kind == Kind::Number);
    (!glued_number).then_some(year)
}

/// Whether the token at `i` continues a number (`1.2` in `1.2.2020.3`, a time's `:`).
fn continues_number(tokens: &[Token], punct: usize, number: usize) -> bool {
    tokens
        .get(punct)
        .is_some_and(|t| t.kind == Kind::Punct && matches!(t.text, "-" | "/" | "." | ":"))
        && tokens.get(number).is_some_and(|t| t.kind == Kind::Number)
}

/// A date starting at token `i`: its date and the index of its last token.
fn date_at(tokens: &[Token], i: usize) -> Option<(Date, usize)> {
    numeric_date_at(tokens, i)
        .or_else(|| han_date_at(tokens, i))
        .or_else(|| day_month_year_at(tokens, i))
        .or_else(|| month_day_year_at(tokens, i))
}

/// `2014-05-21`, `2020/7/13`, `2014.05.21`; `14.05.2025` (day first);
/// `31/12/2020`, `12/31/2020` (the day is the part above 12; both at most 12
/// and different is ambiguous: no date).
fn numeric_date_at(tokens: &[Token], i: usize) -> Option<(Date, usize)> {
    let first = tokens.get(i).filter(|t| t.kind == Kind::Number)?;
    if i >= 2 && continues_number(tokens, i - 1, i - 2) {
        return None;
    }
    let sep = tokens.get(i + 1).filter(|t| t.kind == Kind::Punct)?.text;
    if !matches!(sep, "-" | "/" | ".") || tokens.get(i + 3).is_none_or(|t| t.text != sep) {
        return None;
    }
    let last = i + 4;
    if continues_number(tokens, last + 1, last + 2) {
        return None;
    }
    let (a, b, c) = (
        first.text,
        tokens.get(i + 2)?.text,
        tokens.get(last).filter(|t| t.kind == Kind::Number)?.text,
    );
    let part = |s: &str, digits: RangeInclusive<usize>| {
        digits
            .contains(&s.len())
            .then(|| s.parse::<i16>().ok())
            .flatten()
    };
    if tokens.get(i + 2)?.kind != Kind::Number {
        return None;
    }
    let date = if let Some(year) = part(a, 4..=4) {
        calendar_date(year, small(part(b, 1..=2)?)?, small(part(c, 1..=2)?)?)?
    } else {
        let (x, y, year) = (part(a, 1..=2)?, part(b, 1..=2)?, part(c, 4..=4)?);
        let (day, month) = if sep == "." || x == y || (x > 12 && y <= 12) {
            (x, y)
        } else if y > 12 && x <= 12 {
            (y, x)
        } else {
            return None;
        };
        calendar_date(year, small(month)?, small(day)?)?
    };
    Some((date, last))
}

/// `2025年5月14日`.
fn han_date_at(tokens: &[Token], i: usize) -> Option<(Date, usize)> {
    let year = number(tokens.get(i), 4..=4)?;
    let is = |k: usize, s: &str| tokens.get(k).is_some_and(|t| t.text == s);
    if !(is(i + 1, "年") && is(i + 3, "月") && is(i + 5, "日")) {
        return None;
    }
    let month = small(number(tokens.get(i + 2), 1..=2)?)?;
    let day = small(number(tokens.get(i + 4), 1..=2)?)?;
    Some((calendar_date(year, month, day)?, i + 5))
}

/// `21 May 2014`, `14th of May, 2025`, `14-May-2025`, `14 мая 2025`.
fn day_month_year_at(tokens: &[Token], i: usize) -> Option<(Date, usize)> {
    if i >= 2 && continues_number(tokens, i - 1, i - 2) {
        return None;
    }
    let (day, after_day) = day_at(tokens, i)?;
    let (month, after_month) = month_at(tokens, skip_separator(tokens, after_day + 1)?)?;
    let year_index = skip_separator(tokens, after_month + 1)?;
    let year = year_at(tokens, year_index)?;
    Some((calendar_date(year, month, day)?, year_index))
}

/// `May 21, 2014`, `Sept. 28, 2025`, `Nov 04 2014`, `May 14th, 2025`.
fn month_day_year_at(tokens: &[Token], i: usize) -> Option<(Date, usize)> {
    let (month, after_month) = month_at(tokens, i)?;
    let (day, after_day) = day_at(tokens, skip_separator(tokens, after_month + 1)?)?;
    let year_index = skip_separator(tokens, after_day + 1)?;
    let year = year_at(tokens, year_index)?;
    Some((calendar_date(year, month, day)?, year_index))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().expect("a test date")
    }

    fn dateline_of(text: &str) -> Option<(Date, usize)> {
        detect(text, None).and_then(|found| match found.source {
            DateSource::Dateline { line } => Some((found.date, line)),
            _ => None,
        })
    }

    #[test]
    fn lines_without_four_digits_hold_no_date() {
        // The filter drops only lines the tokens would find no date in.
        let pieces = [
            "2025",
            "14",
            "5",
            "May",
            "мая",
            "年",
            "月",
            "日",
            "-",
            "/",
            ".",
            ",",
            " ",
            "on ",
            "Published:",
            "12:30",
            "th",
            "Sept.",
            "10",
            "202",
            "1999",
        ];
        let mut dated = 0;
        for line in &crate::text::every_concatenation(&pieces, 4) {
            let all = dates_in_tokens(line);
            dated += usize::from(!all.is_empty());
            if !has_four_digits(line) {
                assert!(all.is_empty(), "{line:?}");
            }
            assert_eq!(dates_in_line(line).len(), all.len(), "{line:?}");
        }
        assert!(dated > 20, "{dated}");
    }

    #[test]
    fn every_written_form_is_read() {
        for (line, date) in [
            ("2023/05/24", "2023-05-24"),
            ("Nov 04 2014", "2014-11-04"),
            ("31 October 2014", "2014-10-31"),
            ("31 October 2014, Shanghai", "2014-10-31"),
            ("Sept. 28, 2025", "2025-09-28"),
            ("Published: 2020/7/13 12:38:40", "2020-07-13"),
            ("14.05.2025", "2025-05-14"),
            ("2014-05-21", "2014-05-21"),
            ("May 21, 2014", "2014-05-21"),
            ("21 May 2014", "2014-05-21"),
            ("Updated: 21 May 2014 09:30 GMT", "2014-05-21"),
            ("Beijing, 14 May 2025 —", "2025-05-14"),
            ("(Xinhua) 2024-03-05", "2024-03-05"),
            ("Monday, 14th of May, 2018", "2018-05-14"),
            ("14-May-2025", "2025-05-14"),
            ("May 14th, 2025", "2025-05-14"),
            ("31/12/2020", "2020-12-31"),
            ("12/31/2020", "2020-12-31"),
            ("05/05/2020", "2020-05-05"),
            ("发布时间：2025年5月14日", "2025-05-14"),
            ("14 мая 2025 г.", "2025-05-14"),
            ("SEPT 3 2001", "2001-09-03"),
        ] {
            assert_eq!(
                dateline_of(&format!("Title\n{line}\nBody.")),
                Some((d(date), 1)),
                "{line}"
            );
        }
    }

    #[test]
    fn not_datelines() {
        let long_tail = " and this sentence goes on long enough to be a paragraph of the text.";
        for line in [
            "05/06/2020",  // day and month could be swapped
            "2023-02-31",  // no 31 February
            "31.02.2023",  // no 31 February
            "21 May 1700", // outside the years of documents
            "21 May 2150", //
            "In 1945 the UN was founded.",
            "May 2014", // no day
            "2014",     // a year alone
            "Version 1.2.2020.3",
            "Call 12/31/2020/4",
            "屏幕截图 2022-07-04 173208.png",
            "We now know their choice of the time: a peaceful Sunday morning— December 7, 1941.",
            "21 May 2014 was the day the leaders of the region met again.",
            "The treaty was signed on 21 May 2014.",
            "It met from 21 May 2014 to 23 May 2014.",
            &format!("The leaders, meeting in Shanghai 21 May 2014, agreed{long_tail}"),
        ] {
            assert_eq!(
                dateline_of(&format!("Title\n{line}\nBody.")),
                None,
                "{line}"
            );
        }
        let history = "Twenty years ago, in the Joint Statement on the International Order, published on July 02, 2005, Russia and China agreed.";
        assert_eq!(dateline_of(&format!("Title\n{history}")), None);
        assert!(
            dateline_of("Title\nPosted by admin on May 21, 2014 at 10:00 in Blog posts and news")
                .is_some()
        );
        assert!(dateline_of("Remarks by Wang Yi at the Opening, Beijing, 14 May 2025").is_some());
        // A long line counts with the date at its start, end or after a
        // label, unless it is a sentence.
        let place = ", Shanghai International Conference Centre, Pudong New Area, Shanghai, China";
        assert!(dateline_of(&format!("21 May 2014{place}")).is_some());
        assert!(dateline_of(&format!("Remarks at the Opening{place} 21 May 2014")).is_some());
        assert!(dateline_of(&format!("Posted on 21 May 2014{long_tail}")).is_some());
        assert_eq!(dateline_of(&format!("21 May 2014{long_tail}")), None);
    }

    #[test]
    fn only_the_first_lines_are_read() {
        let mut text = String::new();
        for k in 0..DATELINE_MAX_LINES {
            text.push_str(&format!("line {k}\n\n"));
        }
        text.push_str("21 May 2014\n");
        assert_eq!(detect(&text, None), None);
        let text = format!(
            "{}\n21 May 2014\n",
            "word ".repeat(DATELINE_WINDOW_BYTES / 5)
        );
        assert_eq!(detect(&text, None), None);
        // The first dateline wins.
        assert_eq!(
            dateline_of("Nov 04 2014\nTitle\n31 October 2014, Shanghai"),
            Some((d("2014-11-04"), 0))
        );
    }

    #[test]
    fn front_matter_comes_first() {
        let yaml = "---\ntitle: Remarks\ndate: 2024-10-15\n---\n21 May 2014\n";
        let found = detect(yaml, Some("2001-01-01-a.md")).expect("a date");
        assert_eq!(found.date, d("2024-10-15"));
        assert_eq!(found.source, DateSource::FrontMatter { line: 2 });
        assert_eq!(
            found.describe(),
            "15 October 2024 (from the front matter, line 3)"
        );
        for value in [
            "\"2024-10-15\"",
            "2024-10-15T09:00:00Z",
            "'2024-10-15' # comment",
        ] {
            let text = format!("---\ndate: {value}\n---\nText\n");
            assert_eq!(
                detect(&text, None).map(|f| f.date),
                Some(d("2024-10-15")),
                "{value}"
            );
        }
        let toml = "+++\ntitle = \"Remarks\"\ndate = 2024-10-15T09:00:00Z\n[extra]\n+++\nText";
        assert_eq!(
            detect(toml, None).map(|f| f.source),
            Some(DateSource::FrontMatter { line: 2 })
        );
        // Not front matter: unclosed, or a nested key; the dateline is then below it.
        assert_eq!(
            detect("---\ndate: 2024-10-15\nText", None).map(|f| f.source),
            Some(DateSource::Dateline { line: 1 })
        );
        let nested = "---\nmeta:\n  date: 2024-10-15\n---\n21 May 2014\n";
        assert_eq!(
            detect(nested, None),
            Some(DocumentDate {
                date: d("2014-05-21"),
                source: DateSource::Dateline { line: 4 },
                year_only: false,
            })
        );
        // An impossible front matter date gives way to the dateline.
        let bad = "---\ndate: 2023-02-31\n---\n21 May 2014\n";
        assert_eq!(detect(bad, None).map(|f| f.date), Some(d("2014-05-21")));
    }

    #[test]
    fn setting_wins_over_dateline_and_file_name() {
        let head = HeadDates::of_text("Title\n21 May 2014\n");
        let setting = (d("2014-05-20"), "speeches/2014/**".to_string());
        let found = choose(&head, Some(&setting), Some("2001-01-01.txt")).expect("a date");
        assert_eq!(
            found.describe(),
            "20 May 2014 (set in gloss.toml for `speeches/2014/**`)"
        );
        let found = choose(&head, None, Some("2001-01-01.txt")).expect("a date");
        assert_eq!(found.describe(), "21 May 2014 (from the dateline, line 2)");
        let head = HeadDates::of_text("---\ndate: 2024-10-15\n---\n");
        assert_eq!(
            choose(&head, Some(&setting), None).map(|f| f.date),
            Some(d("2024-10-15"))
        );
    }

    #[test]
    fn file_names() {
        for (name, date) in [
            ("2014-05-21-speech.txt", Some("2014-05-21")),
            ("speeches/20140521_remarks.md", Some("2014-05-21")),
            ("remarks_2014_05_21.md", Some("2014-05-21")),
            ("speech_21_May_2014.txt", Some("2014-05-21")),
            ("speech_2014.txt", None),
            ("Bush_2005.txt", None),
            ("20141399_x.txt", None),
            ("123456789.txt", None),
            ("05-06-2020.txt", None),
        ] {
            assert_eq!(date_in_file_name(name), date.map(d), "{name}");
        }
        let found = detect("No date here.", Some("2014-05-21-speech.txt")).expect("a date");
        assert_eq!(found.describe(), "21 May 2014 (from the file name)");
        // A year alone dates the document for the whole year.
        let year = detect("No date here.", Some("1946-Truman-1.txt")).expect("a year");
        assert!(year.year_only);
        assert_eq!(year.describe(), "1946 (from the file name)");
        assert_eq!(year_in_file_name("123456789.txt"), None);
        assert_eq!(year_in_file_name("1790-Washington-1.txt"), Some(1790));
        assert_eq!(year_in_file_name("speech_1600.txt"), None);
    }

    #[test]
    fn line_numbers_follow_cr_lf_and_crlf() {
        assert_eq!(
            dateline_of("a\r\nb\rc\n21 May 2014"),
            Some((d("2014-05-21"), 3))
        );
    }

    #[test]
    fn a_prefix_gives_the_same_answer_and_read_to_bounds_it() {
        let body = "word ".repeat(4000);
        for text in [
            format!("Title\n21 May 2014\n{body}"),
            format!("---\ndate: 2024-10-15\n---\n{body}"),
            format!("---\n{body}"),
            format!("Title\n\n{body}\n21 May 2014"),
            format!("{}{body}", "line\n".repeat(20)),
        ] {
            let whole = HeadDates::of_text(&text);
            assert!(whole.read_to <= HEAD_BYTES, "{}", whole.read_to);
            let mut cut = HEAD_BYTES - 3;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            assert_eq!(HeadDates::of_head(&text[..cut], false), whole);
            // Changing anything after read_to changes nothing.
            let edited = format!(
                "{}X{}",
                &text[..whole.read_to + 1],
                &text[whole.read_to + 1..]
            );
            let again = HeadDates::of_text(&edited);
            assert_eq!(
                (again.front_matter, again.dateline),
                (whole.front_matter, whole.dateline)
            );
        }
    }
}
