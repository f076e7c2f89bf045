//! Where each entry of a glossary file and each of its values is written, as
//! exact byte ranges taken from the parsers' own spans (toml's `DeTable` for
//! TOML, jsonc-parser's AST for JSON).
//!
//! Owns: the span of every entry, of its `id` value and of every value inside
//! it, addressed by a field path (`label`, `aliases[0]`, `variants[1][0]`,
//! `labels.zh`, `hidden[0].label`, `roles[2].of`), and the path of each string
//! an entry is recognised by or refers to another entry with. Must not
//! interpret values (serde does that in [`super::load`]), look at other files,
//! or scan the text by hand.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use jsonc_parser::ast::{Object as JsonObject, Value as JsonValue};
use jsonc_parser::common::Ranged;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::model::{ENTRY_KEYS, EntryDef, HiddenLabel, OneOrMany};

/// Spans of every value in one entry, by field path. Ranges cover the value
/// as written, quotes included. The paths are a [`Layout`] that the entries
/// of one file written alike share (a glossary of thousands of entries has
/// tens of thousands of values, and a few dozen layouts).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(from = "WrittenFieldSpans", into = "WrittenFieldSpans")]
pub struct FieldSpans {
    layout: Arc<Layout>,
    /// Start and end of each value's span, in the layout's order. 8 bytes
    /// a value: a 100,000-entry glossary has a million values.
    spans: Box<[(u32, u32)]>,
}

/// The field paths of an entry's values, in push order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
struct Layout {
    /// Every path, one after the other.
    paths: String,
    /// Where each path ends in `paths`; a path starts where the previous one
    /// ends.
    ends: Vec<u32>,
}

/// [`FieldSpans`] as written in the embedded glossary's parsed-ahead copy:
/// (end of the path in `paths`, start and end of the value's span).
#[derive(serde::Serialize, serde::Deserialize)]
struct WrittenFieldSpans {
    paths: String,
    items: Vec<(u32, u32, u32)>,
}

impl From<WrittenFieldSpans> for FieldSpans {
    fn from(written: WrittenFieldSpans) -> FieldSpans {
        let ends = written.items.iter().map(|&(end, _, _)| end).collect();
        FieldSpans {
            layout: Arc::new(Layout {
                paths: written.paths,
                ends,
            }),
            spans: written.items.iter().map(|&(_, s, e)| (s, e)).collect(),
        }
    }
}

impl From<FieldSpans> for WrittenFieldSpans {
    fn from(spans: FieldSpans) -> WrittenFieldSpans {
        WrittenFieldSpans {
            paths: spans.layout.paths.clone(),
            items: spans
                .layout
                .ends
                .iter()
                .zip(spans.spans.iter())
                .map(|(&end, &(s, e))| (end, s, e))
                .collect(),
        }
    }
}

impl FieldSpans {
    /// The span of the value at `path` (e.g. `label`, `aliases[1]`, `roles[0].start`).
    pub fn get(&self, path: &str) -> Option<Range<usize>> {
        self.iter().find(|(p, _)| *p == path).map(|(_, r)| r)
    }

    /// Every (path, span), containers before their items, in document order
    /// within each container.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Range<usize>)> {
        let mut start = 0usize;
        let paths = &self.layout.paths;
        self.layout
            .ends
            .iter()
            .zip(self.spans.iter())
            .map(move |(&end, &(from, to))| {
                let end = end as usize;
                let path = paths.get(start..end).unwrap_or_default();
                start = end;
                (path, from as usize..to as usize)
            })
    }

    /// Moves every span `by` bytes later (a part of a file parsed on its own).
    fn shift(&mut self, by: usize) {
        let by = offset(by);
        for (from, to) in &mut self.spans {
            *from = from.saturating_add(by);
            *to = to.saturating_add(by);
        }
    }
}

/// Builds the [`FieldSpans`] of the entries of one file, one entry after
/// the other in the same buffers, sharing each layout among the entries
/// that have it.
#[derive(Default)]
pub(super) struct FieldSpansBuilder {
    layout: Layout,
    spans: Vec<(u32, u32)>,
    layouts: HashSet<Arc<Layout>, foldhash::fast::FixedState>,
}

impl FieldSpansBuilder {
    pub(super) fn push(&mut self, path: &str, span: Range<usize>) {
        self.layout.paths.push_str(path);
        self.layout.ends.push(offset(self.layout.paths.len()));
        self.spans.push((offset(span.start), offset(span.end)));
    }

    /// The spans pushed since the last call, with their layout.
    pub(super) fn finish(&mut self) -> FieldSpans {
        let layout = match self.layouts.get(&self.layout) {
            Some(shared) => Arc::clone(shared),
            None => {
                let mut new = self.layout.clone();
                new.paths.shrink_to_fit();
                new.ends.shrink_to_fit();
                let new = Arc::new(new);
                self.layouts.insert(Arc::clone(&new));
                new
            }
        };
        self.layout.paths.clear();
        self.layout.ends.clear();
        let spans = self.spans.as_slice().into();
        self.spans.clear();
        FieldSpans { layout, spans }
    }
}

/// A byte offset as stored in [`FieldSpans`] (files past 4 GiB are not
/// glossaries: their offsets are capped, never a panic).
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// A field path built up while walking a parsed entry: one buffer, extended
/// for a child and cut back after it.
#[derive(Default)]
pub(super) struct PathBuffer(String);

impl PathBuffer {
    pub(super) fn as_str(&self) -> &str {
        &self.0
    }

    /// Runs `f` with `key` appended as a table key.
    pub(super) fn with_key<R>(&mut self, key: &str, f: impl FnOnce(&mut PathBuffer) -> R) -> R {
        let len = self.0.len();
        if len > 0 {
            self.0.push('.');
        }
        self.0.push_str(key);
        let r = f(self);
        self.0.truncate(len);
        r
    }

    /// Runs `f` with `[index]` appended.
    pub(super) fn with_index<R>(
        &mut self,
        index: usize,
        f: impl FnOnce(&mut PathBuffer) -> R,
    ) -> R {
        let len = self.0.len();
        // Digit by digit: `write!` costs more than the rest of a value's
        // span (a large glossary has a million list items).
        self.0.push('[');
        let digits = self.0.len();
        let mut rest = index;
        loop {
            self.0.insert(digits, char::from(b'0' + (rest % 10) as u8));
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        self.0.push(']');
        let r = f(self);
        self.0.truncate(len);
        r
    }
}

/// Where one entry is written.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EntrySpans {
    /// The whole entry: from its `[[entry]]` header to the end of its last
    /// value (TOML), or its `{…}` (inline table, JSON object).
    pub entry: Range<usize>,
    /// The `id` value, quotes included.
    pub id: Range<usize>,
    pub fields: Arc<FieldSpans>,
}

impl EntrySpans {
    /// Moves every span `by` bytes later: the spans of a part of a file
    /// parsed on its own, placed where that part starts.
    pub fn shift(&mut self, by: usize) {
        self.entry = self.entry.start + by..self.entry.end + by;
        self.id = self.id.start + by..self.id.end + by;
        Arc::make_mut(&mut self.fields).shift(by);
    }
}

/// The path of item `index` of the array at `path`.
pub fn item(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

/// The path of `key` inside the table at `path` (the entry itself is `""`).
pub fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The span of a top-level value (`as_of`, `title`) of a TOML glossary.
pub fn toml_top_level(root: &Spanned<DeTable<'_>>, key: &str) -> Option<Range<usize>> {
    root.get_ref().get(key).map(|v| v.span())
}

/// The span of a top-level value of a JSON glossary.
pub fn json_top_level(text: &str, key: &str) -> Option<Range<usize>> {
    let parsed = jsonc_parser::parse_to_ast(text, &Default::default(), &Default::default()).ok()?;
    let root = parsed.value.as_ref().and_then(JsonValue::as_object)?;
    let value = &root.get(key)?.value;
    Some(value.start()..value.end())
}

/// Spans of the entries of a parsed TOML document, in file order.
pub fn toml_entries(root: &Spanned<DeTable<'_>>) -> Vec<EntrySpans> {
    let Some(list) = ENTRY_KEYS
        .iter()
        .find_map(|k| root.get_ref().get(*k))
        .and_then(|v| v.get_ref().as_array())
    else {
        return Vec::new();
    };
    let mut builder = FieldSpansBuilder::default();
    list.iter()
        .map(|entry| {
            let span = entry.span();
            let mut end = span.end;
            let mut path = PathBuffer::default();
            if let Some(table) = entry.get_ref().as_table() {
                for (key, value) in table {
                    path.with_key(key.get_ref(), |p| {
                        walk_toml(value, p, &mut builder, &mut end)
                    });
                }
            }
            let fields = builder.finish();
            let id = fields.get("id").unwrap_or(span.start..span.start);
            EntrySpans {
                entry: span.start..end,
                id,
                fields: Arc::new(fields),
            }
        })
        .collect()
}

fn walk_toml(
    value: &Spanned<DeValue<'_>>,
    path: &mut PathBuffer,
    out: &mut FieldSpansBuilder,
    end: &mut usize,
) {
    let span = value.span();
    *end = (*end).max(span.end);
    out.push(&path.0, span);
    match value.get_ref() {
        DeValue::Table(table) => {
            for (key, v) in table {
                path.with_key(key.get_ref(), |p| walk_toml(v, p, out, end));
            }
        }
        DeValue::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.with_index(i, |p| walk_toml(v, p, out, end));
            }
        }
        _ => {}
    }
}

/// Spans of the entries of a JSON glossary, in file order (empty when the
/// text is not JSON: the caller has already reported that).
pub fn json_entries(text: &str) -> Vec<EntrySpans> {
    let Ok(parsed) = jsonc_parser::parse_to_ast(text, &Default::default(), &Default::default())
    else {
        return Vec::new();
    };
    let Some(list) = parsed
        .value
        .as_ref()
        .and_then(JsonValue::as_object)
        .and_then(|root| ENTRY_KEYS.iter().find_map(|k| root.get(k)))
        .and_then(|p| p.value.as_array())
    else {
        return Vec::new();
    };
    let mut builder = FieldSpansBuilder::default();
    list.elements
        .iter()
        .map(|entry| {
            let span = entry.start()..entry.end();
            if let Some(object) = entry.as_object() {
                walk_json_object(object, &mut PathBuffer::default(), &mut builder);
            }
            let fields = builder.finish();
            let id = fields.get("id").unwrap_or(span.start..span.start);
            EntrySpans {
                entry: span,
                id,
                fields: Arc::new(fields),
            }
        })
        .collect()
}

fn walk_json_object(object: &JsonObject<'_>, path: &mut PathBuffer, out: &mut FieldSpansBuilder) {
    for prop in &object.properties {
        path.with_key(prop.name.as_str(), |p| walk_json(&prop.value, p, out));
    }
}

fn walk_json(value: &JsonValue<'_>, path: &mut PathBuffer, out: &mut FieldSpansBuilder) {
    out.push(&path.0, value.start()..value.end());
    match value {
        JsonValue::Object(object) => walk_json_object(object, path, out),
        JsonValue::Array(array) => {
            for (i, v) in array.elements.iter().enumerate() {
                path.with_index(i, |p| walk_json(v, p, out));
            }
        }
        _ => {}
    }
}

/// Every string an entry can be recognised by, with its field path, in the
/// order of [`super::surfaces`]: label, acronyms, aliases, variants, labels
/// in other languages, hidden labels, dated labels.
pub fn label_paths(def: &EntryDef) -> Vec<(String, &str)> {
    let mut out: Vec<(String, &str)> = vec![("label".to_string(), &def.label)];
    let lists = [("acronyms", &def.acronyms), ("aliases", &def.aliases)];
    for (field, list) in lists {
        out.extend(
            list.iter()
                .enumerate()
                .map(|(i, s)| (item(field, i), s.as_str())),
        );
    }
    for (i, group) in def.variants.iter().enumerate() {
        let group_path = item("variants", i);
        out.extend(
            group
                .iter()
                .enumerate()
                .map(|(j, v)| (item(&group_path, j), v.as_str())),
        );
    }
    for (lang, labels) in &def.labels {
        let path = child("labels", lang);
        match labels {
            OneOrMany::One(s) => out.push((path, s)),
            OneOrMany::Many(list) => out.extend(
                list.iter()
                    .enumerate()
                    .map(|(i, s)| (item(&path, i), s.as_str())),
            ),
        }
    }
    for (i, hidden) in def.hidden.iter().enumerate() {
        let path = item("hidden", i);
        match hidden {
            HiddenLabel::Plain(s) => out.push((path, s)),
            HiddenLabel::Detailed { label, .. } => out.push((child(&path, "label"), label)),
        }
    }
    for (i, dated) in def.dated_labels.iter().enumerate() {
        out.push((child(&item("dated_labels", i), "label"), &dated.label));
    }
    out
}

/// The field (`broader`, `related`, `replaces`, `replaced_by`, `of`), path and target of every
/// reference an entry makes to another entry's id.
pub fn reference_paths(def: &EntryDef) -> Vec<(&'static str, String, &str)> {
    let mut out = Vec::new();
    let lists = [
        ("broader", &def.broader),
        ("related", &def.related),
        ("replaces", &def.replaces),
        ("replaced_by", &def.replaced_by),
    ];
    for (field, list) in lists {
        out.extend(
            list.iter()
                .enumerate()
                .map(|(i, target)| (field, item(field, i), target.as_str())),
        );
    }
    for (i, role) in def.roles.iter().enumerate() {
        if let Some(of) = &role.of {
            out.push(("of", child(&item("roles", i), "of"), of.as_str()));
        }
    }
    out
}

/// The part of a string value's span inside its quotes (`"…"`, `'…'`,
/// `"""…"""`, `'''…'''`); other values are returned whole.
pub fn inside_quotes(text: &str, span: Range<usize>) -> Range<usize> {
    let Some(written) = text.get(span.clone()) else {
        return span;
    };
    for quote in ["\"\"\"", "'''", "\"", "'"] {
        if written.len() >= 2 * quote.len()
            && written.starts_with(quote)
            && written.ends_with(quote)
        {
            return span.start + quote.len()..span.end - quote.len();
        }
    }
    span
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toml_spans(text: &str) -> Vec<EntrySpans> {
        let root = DeTable::parse(text).expect("test TOML parses");
        toml_entries(&root)
    }

    /// Asserts that the value at each `(entry number, field path)` is written
    /// as given (quotes included).
    fn assert_written(text: &str, spans: &[EntrySpans], expected: &[(usize, &str, &str)]) {
        for &(n, path, written) in expected {
            let span = spans[n].fields.get(path);
            assert_eq!(span.map(|s| &text[s]), Some(written), "entry {n}, {path}");
        }
    }

    #[test]
    fn toml_spans_cover_entries_ids_and_values() {
        let text = "# A glossary\ntitle = 'T'\n\n[[entry]]\nid   =   \"a\"   # the id\nlabel = 'Alpha \"Body\"'\nkind = \"concept\"\naliases = [\n  \"Al\",  # first\n  'Alf',\n]\nroles = [{ title = \"Chair\", of = \"b\", start = \"2020-01\" }]\n[entry.labels]\nzh = \"阿尔法\"\n\n# between entries\n\n[[entry]]\nid = 'b'\nlabel = \"\"\"Beta\"\"\"\nkind = \"concept\"\nhidden = [{ label = \"Old Beta\", use = \"Beta\" }, \"B.\"]\n";
        let spans = toml_spans(text);
        assert_eq!(spans.len(), 2);
        let (a, b) = (&spans[0], &spans[1]);
        assert_eq!(&text[a.id.clone()], "\"a\"");
        assert!(text[a.entry.clone()].starts_with("[[entry]]\nid"));
        assert!(text[a.entry.clone()].ends_with("\"阿尔法\""));
        assert_written(
            text,
            &spans,
            &[
                (0, "label", "'Alpha \"Body\"'"),
                (0, "aliases[0]", "\"Al\""),
                (0, "aliases[1]", "'Alf'"),
                (0, "roles[0].of", "\"b\""),
                (0, "roles[0].start", "\"2020-01\""),
                (0, "labels.zh", "\"阿尔法\""),
                (1, "label", "\"\"\"Beta\"\"\""),
                (1, "hidden[0].label", "\"Old Beta\""),
                (1, "hidden[1]", "\"B.\""),
            ],
        );
        assert_eq!(&text[b.id.clone()], "'b'");
        assert!(text[b.entry.clone()].starts_with("[[entry]]\nid = 'b'"));
        assert!(text[b.entry.clone()].ends_with("\"B.\"]"));
        // The comment between entries belongs to neither.
        let comment = text.find("# between").expect("comment");
        assert!(a.entry.end < comment && comment < b.entry.start);
    }

    #[test]
    fn entries_written_alike_share_their_paths() {
        let text = "[[entry]]\nid = \"a\"\nlabel = \"A\"\naliases = [\"x\"]\n\n[[entry]]\nid = \"bb\"\nlabel = \"BB\"\naliases = [\"yy\"]\n\n[[entry]]\nid = \"c\"\nlabel = \"C\"\naliases = [\"z\", \"w\"]\n";
        let spans = toml_spans(text);
        let (a, b, c) = (&spans[0].fields, &spans[1].fields, &spans[2].fields);
        assert!(Arc::ptr_eq(&a.layout, &b.layout));
        assert!(!Arc::ptr_eq(&a.layout, &c.layout));
        assert_written(
            text,
            &spans,
            &[
                (0, "aliases[0]", "\"x\""),
                (1, "aliases[0]", "\"yy\""),
                (1, "label", "\"BB\""),
                (2, "aliases[1]", "\"w\""),
            ],
        );
        assert_eq!(b.get("aliases[1]"), None);
        // Written out and read back (the embedded glossary's parsed-ahead
        // copy) as (path end, span start, span end) items.
        let json = serde_json::to_string(b).expect("serializes");
        assert!(
            json.starts_with("{\"paths\":\"aliasesaliases[0]idlabel\",\"items\":[[7,"),
            "{json}"
        );
        let back: FieldSpans = serde_json::from_str(&json).expect("reads back");
        assert_eq!(&back, &**b);
        assert_eq!(
            back.iter().collect::<Vec<_>>(),
            b.iter().collect::<Vec<_>>()
        );
    }

    #[test]
    fn toml_inline_entries_and_crlf() {
        let text = "entry = [\r\n  { id = \"a\", label = \"A\", kind = \"concept\" },\r\n  {id='b',label='B',kind='place',related=['a']},\r\n]\r\n";
        let spans = toml_spans(text);
        assert_eq!(
            &text[spans[0].entry.clone()],
            "{ id = \"a\", label = \"A\", kind = \"concept\" }"
        );
        assert_eq!(&text[spans[1].id.clone()], "'b'");
        assert_written(text, &spans, &[(1, "related[0]", "'a'")]);
    }

    #[test]
    fn json_spans_cover_entries_ids_and_values() {
        let text = "{\r\n  \"title\": \"J\",\r\n  \"entry\": [\r\n    {\"id\": \"a\", \"label\": \"Ä \\\"quoted\\\"\", \"kind\": \"concept\",\r\n     \"variants\": [[\"G7\", \"G-7\"]], \"labels\": {\"zh\": [\"甲\", \"乙\"]}},\r\n    { \"id\":\"b\" , \"label\":\"B\", \"kind\":\"concept\", \"broader\": [\"a\"] }\r\n  ]\r\n}\r\n";
        let spans = json_entries(text);
        assert_eq!(spans.len(), 2);
        let (a, b) = (&spans[0], &spans[1]);
        assert_eq!(&text[a.id.clone()], "\"a\"");
        assert!(text[a.entry.clone()].starts_with("{\"id\""));
        assert!(text[a.entry.clone()].ends_with("]}}"));
        assert_written(
            text,
            &spans,
            &[
                (0, "label", "\"Ä \\\"quoted\\\"\""),
                (0, "variants[0][1]", "\"G-7\""),
                (0, "labels.zh[1]", "\"乙\""),
                (1, "broader[0]", "\"a\""),
            ],
        );
        assert_eq!(
            &text[b.entry.clone()],
            "{ \"id\":\"b\" , \"label\":\"B\", \"kind\":\"concept\", \"broader\": [\"a\"] }"
        );
        assert!(json_entries("{not json").is_empty());
    }

    #[test]
    fn inside_quotes_strips_each_kind_of_quote() {
        let text = "\"a\" 'b' \"\"\"c\"\"\" '''d''' 12";
        let inner = |s: &str| {
            let start = text.find(s).expect("in text");
            &text[inside_quotes(text, start..start + s.len())]
        };
        assert_eq!(inner("\"a\""), "a");
        assert_eq!(inner("'b'"), "b");
        assert_eq!(inner("\"\"\"c\"\"\""), "c");
        assert_eq!(inner("'''d'''"), "d");
        assert_eq!(inner("12"), "12");
    }
}
