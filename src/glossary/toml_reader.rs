//! Reading a TOML glossary straight from `toml_parser`'s events into its
//! entries and their spans: no syntax tree of the whole file, no serde.
//!
//! Owns the fast path for the shapes glossaries are written in: `title`,
//! `as_of` and `$schema` at the top; entries as `[[entry]]` (or
//! `[[entries]]`) tables or an inline `entry = [...]` array; in an entry,
//! plain or quoted keys with strings, booleans, arrays and inline tables,
//! and `[entry.KEY]` / `[[entry.KEY]]` tables. Whatever else it meets (a
//! dotted key, an unknown field, a value of the wrong type, a duplicate key,
//! any syntax error) makes it give up: [`super::load`] then parses the text
//! with toml's `DeTable` and serde, which own every message. So for each
//! text this reader accepts, it gives what that path gives (the tests
//! compare the two on generated and odd files).
//!
//! The lexer, the parser, string decoding and the checks of whitespace and
//! comments are `toml_parser`'s, as in the `toml` crate; what is kept per
//! entry is a small tree of the values as written, made into an
//! [`EntryDef`] and its [`EntrySpans`] as soon as the next entry starts.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use thin_vec::ThinVec;
use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::parser::{EventReceiver, ValidateWhitespace};
use toml_parser::{ErrorSink, ParseError, Raw, Source, Span};

use super::model::{
    DatedLabel, ENTRY_KEYS, EntryDef, GlossaryFile, HiddenLabel, Kind, OneOrMany, OtherMeaning,
    Role,
};
use super::spans::{EntrySpans, FieldSpansBuilder, PathBuffer};

/// What [`read`] gives: the file, each entry's spans and the span of the
/// file's `as_of`.
pub type Read = (GlossaryFile, Vec<EntrySpans>, Option<Range<usize>>);

/// Deeper nesting than any glossary field has (an inline entry's
/// `labels = { ru = [...] }` is 3 deep): the reader gives up.
const MAX_DEPTH: usize = 6;

/// What a text read is: a whole file, or a part of one (see
/// [`super::load`]: a large file is read in parts cut before `[[entry]]`
/// lines, and a part must not hold what could make the file invalid as a
/// whole).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Whole,
    /// The text before the first `[[entry]]` line: no entries.
    Head,
    /// `[[entry]]` tables and nothing else.
    Entries,
}

/// Reads `text`, a glossary file or a part of one that starts `offset`
/// bytes into the file (every span is given in the file). `None` when the
/// text is not in the shapes this reader knows, or is not valid.
pub fn read(text: &str, offset: usize, part: Part) -> Option<Read> {
    let source = Source::new(text);
    let tokens = source.lex().into_vec();
    let mut reader = Reader {
        text,
        offset,
        failed: false,
        root: Vec::new(),
        target: Target::Root,
        header: None,
        open: Vec::new(),
        key: None,
        entry: None,
        entry_key: None,
        entries: Vec::new(),
        entry_spans: Vec::new(),
        builder: FieldSpansBuilder::default(),
    };
    let mut errors = Failed(false);
    {
        let mut checked = ValidateWhitespace::new(&mut reader, source);
        toml_parser::parser::parse_document(&tokens, &mut checked, &mut errors);
    }
    drop(tokens);
    if errors.0 {
        return None;
    }
    reader.finish(part)
}

/// An [`ErrorSink`] that only remembers that something was wrong.
struct Failed(bool);

impl ErrorSink for Failed {
    fn report_error(&mut self, _error: ParseError) {
        self.0 = true;
    }
}

/// A value as written, with its span in the text read.
struct Spanned<'i> {
    value: Value<'i>,
    span: Range<usize>,
}

enum Value<'i> {
    String(Cow<'i, str>),
    Boolean(bool),
    /// `of_tables`: made by `[[entry.KEY]]` headers.
    Array {
        items: Vec<Spanned<'i>>,
        of_tables: bool,
    },
    Table(Table<'i>),
}

/// A table's keys and values, in the order written (a key appears once).
type Table<'i> = Vec<(Cow<'i, str>, Spanned<'i>)>;

/// Where the document's key-values go.
#[derive(Clone, Copy)]
enum Target {
    Root,
    Entry,
    /// The `[entry.KEY]` table, or the last `[[entry.KEY]]` table, at this
    /// index of the entry's table.
    Sub(usize),
}

/// An array or inline table being read.
enum Open<'i> {
    Array {
        start: usize,
        items: Vec<Spanned<'i>>,
    },
    Table {
        start: usize,
        table: Table<'i>,
        key: Option<Cow<'i, str>>,
    },
}

/// A `[…]` or `[[…]]` header being read.
struct Header<'i> {
    start: usize,
    keys: Vec<Cow<'i, str>>,
}

struct Reader<'i> {
    text: &'i str,
    offset: usize,
    failed: bool,
    /// The top-level keys.
    root: Table<'i>,
    target: Target,
    header: Option<Header<'i>>,
    /// Open arrays and inline tables, innermost last.
    open: Vec<Open<'i>>,
    /// A document-level key waiting for its value.
    key: Option<Cow<'i, str>>,
    /// The `[[entry]]` table being read.
    entry: Option<Spanned<'i>>,
    /// Which of [`ENTRY_KEYS`] the headers use.
    entry_key: Option<&'static str>,
    entries: Vec<Arc<EntryDef>>,
    entry_spans: Vec<EntrySpans>,
    builder: FieldSpansBuilder,
}

impl<'i> Reader<'i> {
    fn raw(&self, span: Span, encoding: Option<Encoding>) -> Option<Raw<'i>> {
        let text = self.text.get(span.start()..span.end())?;
        Some(Raw::new_unchecked(text, encoding, span))
    }

    /// A key or string decoded (borrowed from the text unless it has escapes).
    fn decode_key(&mut self, span: Span, encoding: Option<Encoding>) -> Option<Cow<'i, str>> {
        let raw = self.raw(span, encoding)?;
        let mut decoded = Cow::Borrowed("");
        let mut errors = Failed(false);
        raw.decode_key(&mut decoded, &mut errors);
        (!errors.0).then_some(decoded)
    }

    fn decode_scalar(&mut self, span: Span, encoding: Option<Encoding>) -> Option<Value<'i>> {
        let raw = self.raw(span, encoding)?;
        let mut decoded = Cow::Borrowed("");
        let mut errors = Failed(false);
        let kind = raw.decode_scalar(&mut decoded, &mut errors);
        if errors.0 {
            return None;
        }
        match kind {
            ScalarKind::String => Some(Value::String(decoded)),
            ScalarKind::Boolean(b) => Some(Value::Boolean(b)),
            // No glossary field takes a number or a date.
            _ => None,
        }
    }

    /// Puts a finished value where it belongs: into the open array or
    /// inline table, or under the waiting key of the current table.
    fn place(&mut self, value: Spanned<'i>) -> Option<()> {
        match self.open.last_mut() {
            Some(Open::Array { items, .. }) => {
                items.push(value);
                Some(())
            }
            Some(Open::Table { table, key, .. }) => insert(table, key.take()?, value),
            None => {
                let key = self.key.take()?;
                let table = self.target_table()?;
                insert(table, key, value)
            }
        }
    }

    /// The table the document's key-values go into now.
    fn target_table(&mut self) -> Option<&mut Table<'i>> {
        match self.target {
            Target::Root => Some(&mut self.root),
            Target::Entry => match &mut self.entry.as_mut()?.value {
                Value::Table(table) => Some(table),
                _ => None,
            },
            Target::Sub(index) => {
                let Value::Table(entry) = &mut self.entry.as_mut()?.value else {
                    return None;
                };
                match &mut entry.get_mut(index)?.1.value {
                    Value::Table(table) => Some(table),
                    Value::Array { items, .. } => match &mut items.last_mut()?.value {
                        Value::Table(table) => Some(table),
                        _ => None,
                    },
                    _ => None,
                }
            }
        }
    }

    /// A `[…]` (`is_array` false) or `[[…]]` header read whole.
    fn header(&mut self, header: Header<'i>, end: usize, is_array: bool) -> Option<()> {
        let span = header.start..end;
        match header.keys.as_slice() {
            [key] if is_array => {
                let name = ENTRY_KEYS.into_iter().find(|k| *k == key.as_ref())?;
                if self.entry_key.is_some_and(|used| used != name) {
                    return None;
                }
                self.entry_key = Some(name);
                self.finish_entry()?;
                self.entry = Some(Spanned {
                    value: Value::Table(Vec::new()),
                    span,
                });
                self.target = Target::Entry;
                Some(())
            }
            [name, key] if self.entry_key == Some(name.as_ref()) => {
                let Value::Table(entry) = &mut self.entry.as_mut()?.value else {
                    return None;
                };
                let table = || Spanned {
                    value: Value::Table(Vec::new()),
                    span: span.clone(),
                };
                let index = match entry.iter().position(|(k, _)| k == key) {
                    None => {
                        let value = if is_array {
                            Value::Array {
                                items: vec![table()],
                                of_tables: true,
                            }
                        } else {
                            Value::Table(Vec::new())
                        };
                        entry.push((
                            key.clone(),
                            Spanned {
                                value,
                                span: span.clone(),
                            },
                        ));
                        entry.len() - 1
                    }
                    Some(index) if is_array => match &mut entry[index].1.value {
                        Value::Array {
                            items,
                            of_tables: true,
                        } => {
                            items.push(table());
                            index
                        }
                        _ => return None,
                    },
                    Some(_) => return None,
                };
                self.target = Target::Sub(index);
                Some(())
            }
            _ => None,
        }
    }

    /// Makes the `[[entry]]` table read so far an entry.
    fn finish_entry(&mut self) -> Option<()> {
        if let Some(entry) = self.entry.take() {
            self.push_entry(entry)?;
        }
        Some(())
    }

    fn push_entry(&mut self, entry: Spanned<'i>) -> Option<()> {
        let Value::Table(table) = entry.value else {
            return None;
        };
        let offset = self.offset;
        let mut end = entry.span.end;
        let mut path = PathBuffer::default();
        push_table_spans(&table, &mut path, &mut self.builder, &mut end, offset);
        let fields = self.builder.finish();
        let start = entry.span.start + offset;
        let id = fields.get("id").unwrap_or(start..start);
        self.entry_spans.push(EntrySpans {
            entry: start..end + offset,
            id,
            fields: Arc::new(fields),
        });
        self.entries.push(Arc::new(entry_def(table)?));
        Some(())
    }

    /// The file, once every event is read.
    fn finish(mut self, part: Part) -> Option<Read> {
        if self.failed || self.header.is_some() || !self.open.is_empty() || self.key.is_some() {
            return None;
        }
        let listed = self
            .root
            .iter()
            .any(|(k, _)| ENTRY_KEYS.contains(&k.as_ref()));
        let fits = match part {
            Part::Whole => true,
            Part::Head => self.entry_key.is_none() && !listed,
            Part::Entries => self.root.is_empty() && self.entry_key == Some("entry"),
        };
        if !fits {
            return None;
        }
        self.finish_entry()?;
        let mut file = GlossaryFile::default();
        let mut as_of_span = None;
        let mut inline_entries = None;
        for (key, value) in std::mem::take(&mut self.root) {
            let span = value.span.start + self.offset..value.span.end + self.offset;
            match key.as_ref() {
                "$schema" => file.schema = Some(string(value)?),
                "title" => file.title = Some(string(value)?),
                "as_of" => {
                    file.as_of = Some(string(value)?);
                    as_of_span = Some(span);
                }
                k if ENTRY_KEYS.contains(&k) => {
                    // Both keys, or headers too: serde's "duplicate field".
                    if inline_entries.is_some() || self.entry_key.is_some() {
                        return None;
                    }
                    inline_entries = Some(value);
                }
                _ => return None,
            }
        }
        if let Some(list) = inline_entries {
            let Value::Array { items, .. } = list.value else {
                return None;
            };
            for item in items {
                self.push_entry(item)?;
            }
        }
        file.entries = self.entries;
        Some((file, self.entry_spans, as_of_span))
    }
}

fn insert<'i>(table: &mut Table<'i>, key: Cow<'i, str>, value: Spanned<'i>) -> Option<()> {
    if table.iter().any(|(k, _)| *k == key) {
        return None;
    }
    table.push((key, value));
    Some(())
}

impl<'i> EventReceiver for Reader<'i> {
    fn std_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.table_open(span);
    }
    fn std_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.table_close(span, false);
    }
    fn array_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.table_open(span);
    }
    fn array_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.table_close(span, true);
    }
    fn inline_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.open.push(Open::Table {
            start: span.start(),
            table: Vec::new(),
            key: None,
        });
        self.failed |= self.open.len() > MAX_DEPTH;
        !self.failed
    }
    fn inline_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        let value = match self.open.pop() {
            Some(Open::Table { start, table, key }) if key.is_none() => Spanned {
                value: Value::Table(table),
                span: start..span.end(),
            },
            _ => {
                self.failed = true;
                return;
            }
        };
        self.failed |= self.place(value).is_none();
    }
    fn array_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.open.push(Open::Array {
            start: span.start(),
            items: Vec::new(),
        });
        self.failed |= self.open.len() > MAX_DEPTH;
        !self.failed
    }
    fn array_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        let value = match self.open.pop() {
            Some(Open::Array { start, items }) => Spanned {
                value: Value::Array {
                    items,
                    of_tables: false,
                },
                span: start..span.end(),
            },
            _ => {
                self.failed = true;
                return;
            }
        };
        self.failed |= self.place(value).is_none();
    }
    fn simple_key(&mut self, span: Span, encoding: Option<Encoding>, _error: &mut dyn ErrorSink) {
        let Some(key) = self.decode_key(span, encoding) else {
            self.failed = true;
            return;
        };
        let waiting = if let Some(header) = &mut self.header {
            header.keys.push(key);
            return;
        } else if let Some(Open::Table { key: waiting, .. }) = self.open.last_mut() {
            waiting
        } else if self.open.is_empty() {
            &mut self.key
        } else {
            // A key inside an array: not TOML (the parser says so).
            self.failed = true;
            return;
        };
        // A second key before the value: a dotted key.
        self.failed |= waiting.replace(key).is_some();
    }
    fn key_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        // Dotted keys are read only in headers (`[entry.labels]`).
        self.failed |= self.header.is_none();
    }
    fn scalar(&mut self, span: Span, encoding: Option<Encoding>, _error: &mut dyn ErrorSink) {
        let Some(value) = self.decode_scalar(span, encoding) else {
            self.failed = true;
            return;
        };
        let value = Spanned {
            value,
            span: span.start()..span.end(),
        };
        self.failed |= self.place(value).is_none();
    }
    fn error(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.failed = true;
    }
}

impl Reader<'_> {
    fn table_open(&mut self, span: Span) {
        if self.header.is_some() || !self.open.is_empty() || self.key.is_some() {
            self.failed = true;
        }
        self.header = Some(Header {
            start: span.start(),
            keys: Vec::new(),
        });
    }

    fn table_close(&mut self, span: Span, is_array: bool) {
        let Some(header) = self.header.take() else {
            self.failed = true;
            return;
        };
        if !self.failed {
            self.failed |= self.header(header, span.end(), is_array).is_none();
        }
    }
}

/// Pushes the span of every value in `table` and below, keys in sorted
/// order (toml's tables are `BTreeMap`s: [`super::spans::toml_entries`]
/// walks them so), items in order, each container before its items.
fn push_table_spans(
    table: &Table<'_>,
    path: &mut PathBuffer,
    out: &mut FieldSpansBuilder,
    end: &mut usize,
    offset: usize,
) {
    let mut order: Vec<&(Cow<'_, str>, Spanned<'_>)> = table.iter().collect();
    order.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (key, value) in order {
        path.with_key(key, |p| push_value_spans(value, p, out, end, offset));
    }
}

fn push_value_spans(
    value: &Spanned<'_>,
    path: &mut PathBuffer,
    out: &mut FieldSpansBuilder,
    end: &mut usize,
    offset: usize,
) {
    *end = (*end).max(value.span.end);
    out.push(
        path.as_str(),
        value.span.start + offset..value.span.end + offset,
    );
    match &value.value {
        Value::Table(table) => push_table_spans(table, path, out, end, offset),
        Value::Array { items, .. } => {
            for (i, item) in items.iter().enumerate() {
                path.with_index(i, |p| push_value_spans(item, p, out, end, offset));
            }
        }
        Value::String(_) | Value::Boolean(_) => {}
    }
}

/// An entry's table as serde would read it into an [`EntryDef`] (which
/// denies unknown fields), or `None` where serde would fail.
fn entry_def(table: Table<'_>) -> Option<EntryDef> {
    let (mut id, mut label, mut kind) = (None, None, None);
    let mut def = EntryDef::new(String::new(), String::new(), Kind::Other);
    for (key, value) in table {
        match key.as_ref() {
            "id" => id = Some(string(value)?),
            "label" => label = Some(string(value)?),
            "kind" => kind = Some(kind_of(value)?),
            "aliases" => def.aliases = thin_strings(value)?,
            "acronyms" => def.acronyms = thin_strings(value)?,
            "hidden" => def.hidden = thin_list(value, hidden_label)?,
            "variants" => def.variants = thin_list(value, strings)?,
            "description" => def.description = Some(string(value)?),
            "broader" => def.broader = thin_strings(value)?,
            "related" => def.related = thin_strings(value)?,
            "links" => def.links = thin_strings(value)?,
            "labels" => def.labels = labels(value)?,
            "roles" => def.roles = thin_list(value, role)?,
            "start" => def.start = Some(string(value)?),
            "end" => def.end = Some(string(value)?),
            "replaces" => def.replaces = thin_strings(value)?,
            "replaced_by" => def.replaced_by = thin_strings(value)?,
            "dated_labels" => def.dated_labels = thin_list(value, dated_label)?,
            "exact_case" => def.exact_case = boolean(value)?,
            "well_known" => def.well_known = boolean(value)?,
            "ambiguous" => def.ambiguous = boolean(value)?,
            "as_of" => def.as_of = Some(string(value)?),
            "not_in" => def.not_in = thin_strings(value)?,
            "other_meanings" => def.other_meanings = thin_list(value, other_meaning)?,
            _ => return None,
        }
    }
    def.id = id?;
    def.label = label?;
    def.kind = kind?;
    Some(def)
}

fn string(value: Spanned<'_>) -> Option<String> {
    match value.value {
        Value::String(s) => Some(s.into_owned()),
        _ => None,
    }
}

fn boolean(value: Spanned<'_>) -> Option<bool> {
    match value.value {
        Value::Boolean(b) => Some(b),
        _ => None,
    }
}

fn strings(value: Spanned<'_>) -> Option<Vec<String>> {
    list(value, string)
}

/// [`strings`] for an entry's own lists ([`EntryDef`] keeps them thin).
fn thin_strings(value: Spanned<'_>) -> Option<ThinVec<String>> {
    thin_list(value, string)
}

fn list<T>(value: Spanned<'_>, item: impl Fn(Spanned<'_>) -> Option<T>) -> Option<Vec<T>> {
    items_into(value, item, Vec::with_capacity)
}

fn thin_list<T>(value: Spanned<'_>, item: impl Fn(Spanned<'_>) -> Option<T>) -> Option<ThinVec<T>> {
    items_into(value, item, ThinVec::with_capacity)
}

/// An array's items read by `item` into a list made by `with_capacity`.
fn items_into<T, C: Extend<T>>(
    value: Spanned<'_>,
    item: impl Fn(Spanned<'_>) -> Option<T>,
    with_capacity: fn(usize) -> C,
) -> Option<C> {
    let Value::Array { items, .. } = value.value else {
        return None;
    };
    // Into a list of its own, exactly sized (collecting would reuse the
    // items' larger allocation, with room to spare: a 100,000-entry
    // glossary has hundreds of thousands of such lists).
    let mut out = with_capacity(items.len());
    for value in items {
        out.extend(Some(item(value)?));
    }
    Some(out)
}

fn kind_of(value: Spanned<'_>) -> Option<Kind> {
    let name = string(value)?;
    Kind::ALL.into_iter().find(|k| k.as_str() == name)
}

/// A table's fields by name, each taken once; `None` for a value that is
/// no table or has a key not in `allowed`.
fn fields<'i>(value: Spanned<'i>, allowed: &[&str]) -> Option<Vec<(Cow<'i, str>, Spanned<'i>)>> {
    match value.value {
        Value::Table(table) if table.iter().all(|(k, _)| allowed.contains(&k.as_ref())) => {
            Some(table)
        }
        _ => None,
    }
}

fn labels(value: Spanned<'_>) -> Option<BTreeMap<String, OneOrMany>> {
    let Value::Table(table) = value.value else {
        return None;
    };
    table
        .into_iter()
        .map(|(lang, labels)| {
            let labels = match labels.value {
                Value::String(s) => OneOrMany::One(s.into_owned()),
                _ => OneOrMany::Many(strings(labels)?),
            };
            Some((lang.into_owned(), labels))
        })
        .collect()
}

fn hidden_label(value: Spanned<'_>) -> Option<HiddenLabel> {
    if let Value::String(s) = value.value {
        return Some(HiddenLabel::Plain(s.into_owned()));
    }
    let [label, use_instead, why] = string_fields(value, ["label", "use", "why"])?;
    Some(HiddenLabel::Detailed {
        label: label?,
        use_instead,
        why,
    })
}

fn role(value: Spanned<'_>) -> Option<Role> {
    let [title, of, start, end] = string_fields(value, ["title", "of", "start", "end"])?;
    Some(Role {
        title: title?,
        of,
        start,
        end,
    })
}

fn dated_label(value: Spanned<'_>) -> Option<DatedLabel> {
    let [label, start, end] = string_fields(value, ["label", "start", "end"])?;
    Some(DatedLabel {
        label: label?,
        start,
        end,
    })
}

/// A table whose fields are all strings, by name: each of `names` that it
/// has, in that order; `None` for a value that is no such table.
fn string_fields<const N: usize>(
    value: Spanned<'_>,
    names: [&str; N],
) -> Option<[Option<String>; N]> {
    let mut values = [const { None }; N];
    for (key, value) in fields(value, &names)? {
        let at = names.iter().position(|n| *n == key.as_ref())?;
        values[at] = Some(string(value)?);
    }
    Some(values)
}

fn other_meaning(value: Spanned<'_>) -> Option<OtherMeaning> {
    let (mut meaning, mut cues) = (None, None);
    for (key, value) in fields(value, &["meaning", "cues"])? {
        match key.as_ref() {
            "meaning" => meaning = Some(string(value)?),
            _ => cues = Some(strings(value)?),
        }
    }
    Some(OtherMeaning {
        meaning: meaning?,
        cues: cues?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::load::parse_toml_whole;

    /// Asserts that the reader reads `text` (whole) and gives what
    /// `DeTable` + serde give.
    #[track_caller]
    fn same_as_serde(text: &str) {
        let read = read(text, 0, Part::Whole).unwrap_or_else(|| panic!("not read:\n{text}"));
        let serde = parse_toml_whole(text).expect("the serde path reads it");
        assert_eq!(read.0, serde.0, "file of:\n{text}");
        assert_eq!(read.1, serde.1, "spans of:\n{text}");
        assert_eq!(read.2, serde.2, "as_of span of:\n{text}");
    }

    /// Asserts that the reader leaves `text` to the serde path.
    #[track_caller]
    fn left_to_serde(text: &str) {
        assert!(read(text, 0, Part::Whole).is_none(), "read:\n{text}");
    }

    /// Every field, in every form the reader takes.
    const EVERY_FIELD: &str = r#"# A glossary with every field
"$schema" = "../schemas/glossary.schema.json"
title = 'Every field'   # a comment
as_of = "2025-06"

[[entry]]
id = "acme"
label = "Acme \"Council\" \u00e9"
kind = "organization"
aliases = ["the Acme Council", 'Acme C.', ]
acronyms = ["AC"]
hidden = ["Acme Counsel", { label = "ACME council", use = "Acme Council", why = "old" }, { label = "Acmé" }]
variants = [["G7", "G-7"], []]
description = """
Two lines, \
joined; and a "quote"."""
broader = ["b"]
related = ["b", "c"]
links = ['https://example.org/acme']
labels = { zh = "阿克米", ru = ["Акме", "Совет Акме"], "zh-Hant" = [] }
roles = []
start = "1990"
end = "2020-05"
replaces = ["b"]
replaced_by = ["c"]
dated_labels = [{ label = "Old Acme", start = "1980", end = "1989" }, { label = "Older Acme" }]
exact_case = true
well_known = false
ambiguous = true
as_of = '2024'
not_in = ["Acme Council Street"]
other_meanings = [{ meaning = "a cartoon company", cues = ["Wile", "coyote"] }]

[[entry]] # a person
	id="p"
	label='''Pat ''Q'' Person'''
	kind="person"
	roles=[
	  { title = "Chair", of = "acme", start = "2020" }, # first
	  {title="Member",of="acme",end="2019"},
	]
"#;

    #[test]
    fn every_field_reads_as_serde_reads_it() {
        same_as_serde(EVERY_FIELD);
        same_as_serde(&EVERY_FIELD.replace('\n', "\r\n"));
        let (file, spans, _) = read(EVERY_FIELD, 0, Part::Whole).expect("read");
        assert_eq!(file.entries.len(), 2);
        assert_eq!(&EVERY_FIELD[spans[1].id.clone()], "\"p\"");
    }

    #[test]
    fn tables_under_entries_inline_entries_and_the_entries_alias() {
        same_as_serde(
            "title = \"T\"\n\n[[entry]]\nid = \"a\"\nlabel = \"A\"\nkind = \"concept\"\n\n[entry.labels]\nfr = \"Ah\"\n'zh' = [\"甲\"]\n\n[[entry.roles]]\ntitle = \"X\"\n\n[[entry.roles]]\ntitle = \"Y\"\nof = \"a\"\n\n[[entry.hidden]]\nlabel = \"AA\"\n\n[[entry]]\nid = \"b\"\nlabel = \"B\"\nkind = \"place\"\n",
        );
        same_as_serde(
            "entry = [\n  { id = \"a\", label = \"A\", kind = \"concept\", labels = { zh = [\"甲\"] } },\n  {id='b',label='B',kind='place',related=['a']},\n]\n",
        );
        same_as_serde("entries = []\n");
        same_as_serde("[[entries]]\nid = \"a\"\nlabel = \"A\"\nkind = \"event\"\n");
        same_as_serde("");
        same_as_serde("# nothing but a comment\r\n\r\n");
        same_as_serde("as_of = \"2025\"\ntitle = \"only a head\"\n");
    }

    #[test]
    fn generated_files_read_as_serde_reads_them() {
        let kinds = Kind::ALL.map(Kind::as_str);
        let mut text = String::from("title = \"Generated\"\n");
        for i in 0..300 {
            let kind = kinds[i % kinds.len()];
            text.push_str(&format!(
                "\n[[entry]]\nid = \"e-{i}\"\nlabel = \"Entry {i} \\t ü\"\nkind = \"{kind}\"\n"
            ));
            if i % 2 == 0 {
                text.push_str(&format!("aliases = [\"E{i}\", 'e {i}']\n"));
            }
            if i % 3 == 0 {
                text.push_str(&format!(
                    "acronyms = [\"E{i}X\"]\nlabels = {{ zh = \"条目{i}\" }}\n"
                ));
            }
            if i % 5 == 0 && i > 0 {
                text.push_str(&format!("related = [\"e-{}\"]\nroles = [{{ title = \"T{i}\", of = \"e-0\", start = \"20{:02}\" }}]\n", i - 1, i % 100));
            }
            if i % 7 == 0 {
                text.push_str(&format!("hidden = [\"old {i}\"]\nwell_known = true\n"));
            }
            if i % 11 == 0 && i % 3 != 0 {
                text.push_str(&format!("[entry.labels]\nru = [\"Запись {i}\"]\n"));
            }
        }
        same_as_serde(&text);
        // Each part as the parts of a large file are read: spans in the file.
        let cut = text.find("\n[[entry]]\nid = \"e-150\"").expect("entry 150") + 1;
        let head_end = text.find("\n[[entry]]").expect("first entry") + 1;
        let head = read(&text[..head_end], 0, Part::Head).expect("head");
        let first = read(&text[head_end..cut], head_end, Part::Entries).expect("first part");
        let second = read(&text[cut..], cut, Part::Entries).expect("second part");
        let whole = parse_toml_whole(&text).expect("parses");
        assert_eq!(head.2, whole.2);
        assert_eq!([first.1, second.1].concat(), whole.1);
        let entries: Vec<_> = [first.0.entries, second.0.entries].concat();
        assert_eq!(entries, whole.0.entries);
        // A head with entries, or a part with more than entries, is not a part.
        assert!(read(&text[..cut], 0, Part::Head).is_none());
        assert!(read(&text, 0, Part::Entries).is_none());
    }

    #[test]
    fn what_the_reader_does_not_take_is_left_to_serde() {
        let entry = "[[entry]]\nid = \"a\"\nlabel = \"A\"\nkind = \"concept\"\n";
        for extra in [
            "labels.fr = \"Ah\"\n",                                     // a dotted key
            "colour = \"red\"\n",                                       // an unknown field
            "label = \"B\"\n",                                          // a duplicate key
            "aliases = \"one\"\n",                                      // a string for a list
            "start = 2020-01-01\n",                                     // a date
            "exact_case = 1\n",                                         // a number
            "hidden = [{ label = \"x\", note = \"y\" }]\n",             // a key serde ignores
            "roles = [{ of = \"a\" }]\n",                               // a missing title
            "labels = { fr = true }\n",                                 // a boolean label
            "[other]\nx = 1\n",                                         // another table
            "[entry.labels.fr]\nx = \"y\"\n",                           // a deeper table
            "[entry.labels]\nfr = \"x\"\n[entry.labels]\nde = \"y\"\n", // a table twice
            "aliases = [\"x\",\n",                                      // a syntax error
            "label2 = \"A\\q\"\n",                                      // a bad escape
        ] {
            left_to_serde(&format!("{entry}{extra}"));
        }
        left_to_serde("[[entry]]\nid = \"a\"\nlabel = \"A\"\n"); // no kind
        left_to_serde("[[entry]]\nid = \"a\"\nlabel = \"A\"\nkind = \"thing\"\n");
        left_to_serde("title = 1\n");
        left_to_serde("other = \"x\"\n");
        left_to_serde(&format!("entry = []\n{entry}"));
        left_to_serde(&format!(
            "{entry}[[entries]]\nid = \"b\"\nlabel = \"B\"\nkind = \"concept\"\n"
        ));
        left_to_serde(
            "entry = [{ id = \"a\", label = \"A\", kind = \"concept\" }]\nentries = []\n",
        );
    }

    /// The glossaries in the repository (the embedded ones, the import and
    /// edit goldens, broken ones): read as serde reads them, or left to it.
    #[test]
    fn the_repository_glossaries_read_as_serde_reads_them() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut read_files = 0;
        // (folder, whether every file in it must be read here)
        for (dir, must_read) in [
            ("glossary/default", true),
            ("tests/golden/import", true),
            ("tests/golden/glossary_edit", false),
            ("tests/golden/broken/glossary", false),
            ("tests/data", false),
        ] {
            let Ok(list) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for path in list.flatten().map(|e| e.path()) {
                if path.extension().is_none_or(|e| e != "toml") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("readable");
                match (read(&text, 0, Part::Whole), parse_toml_whole(&text)) {
                    (Some(read), Ok(serde)) => {
                        assert!(read == serde, "{}", path.display());
                        read_files += 1;
                    }
                    (Some(_), Err(e)) => panic!("{}: read, but serde says {e}", path.display()),
                    (None, _) => assert!(!must_read, "{} not read", path.display()),
                }
            }
        }
        assert!(read_files > 20, "{read_files}");
    }
}
