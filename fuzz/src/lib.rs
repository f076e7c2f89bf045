//! What the fuzz targets share: the glossary they recognise with, and the
//! edit-sequence property (incremental index ≡ a fresh open of the final
//! text, decisions, resolutions and date included).
//!
//! Owns only the fuzz inputs' meaning; the comparison itself is the
//! library's (`gloss::index::equivalence`), shared with `tests/incremental.rs`.
//!
//! An edit-sequence input is a base text, the byte 0xFF (never in UTF-8, so
//! never in a seed text), then the bytes the edit script is drawn from (with
//! `arbitrary`). An input without 0xFF is both the text and the script.

use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};
use gloss::index::document::{Document, Language};
use gloss::index::equivalence::divergence_from_scratch;
use gloss::recognize::matcher::Matcher;

/// Separates the base text from the edit script in an input.
pub const SEPARATOR: u8 = 0xFF;
/// Longest base text kept (bytes): longer seeds are cut, to keep runs fast.
const MAX_BASE: usize = 24 * 1024;
/// Most edits applied per input.
const MAX_EDITS: usize = 24;
/// Longest inserted text (bytes).
const MAX_INSERT: usize = 256;

/// The shared test glossary (with acronyms, exact case, Unicode folding,
/// Chinese labels, hidden labels) over the embedded default glossary (dated
/// people and offices, renamed names), so the corpus texts meet many labels.
pub fn matcher() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| {
        let test_glossary = include_str!("../../tests/support/test_glossary.toml");
        match Matcher::from_glossary_text("test_glossary.toml", test_glossary, true) {
            Ok(matcher) => matcher,
            Err(problems) => panic!("the fuzz glossary has problems: {problems:?}"),
        }
    })
}

/// Texts an edit may insert: labels and their pieces, acronyms, in-text
/// definitions, dates and datelines, titles, line ends, multi-byte characters.
const FRAGMENTS: &[&str] = &[
    "Shanghai",
    " Cooperation",
    " Organisation",
    "SCO",
    "SCO's",
    "UN",
    "United Nations",
    "WHO",
    "World Health Organization",
    "G-7",
    "the ",
    " (",
    ")",
    "(NGO)",
    "non-governmental organization",
    "The International Criminal Court (ICC)",
    "BRICS",
    "China",
    "中国",
    "上海合作组织",
    "İstanbul",
    "Hauptstraße",
    "é",
    "中文",
    "😀",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    ".",
    ", ",
    "s",
    "-",
    "’s",
    "---\n",
    "+++\n",
    "date: 2024-10-15\n",
    "Nov 04 2014\n",
    "On 1 June 2015 the ",
    "President Bush ",
    "Prime Minister Boris Johnson ",
    "Secretary of State Rice ",
    "former ",
    "the G8 ",
    "Swaziland ",
    "In 1990 ",
    "said. ",
    "Russia",
    "Россия",
    "Beijing",
    "北京大学",
];

/// Markdown syntax an edit may insert in a Markdown document.
const MARKDOWN_FRAGMENTS: &[&str] = &[
    "# ",
    "`",
    "```\n",
    "~~~\n",
    "- ",
    "1. ",
    "[",
    "]",
    "](http://SCO.org)",
    "[SCO]: http://sco.org\n",
    "<http://un.org>",
    "<b>",
    "</b>",
    "<!-- ",
    " -->",
    "<div>\n",
    "**",
    "_",
    "> ",
    "    ",
    "| a | b |\n|---|---|\n",
    "[^1]",
    "[^1]: ",
    "\\",
];

/// What one edit inserts.
#[derive(Debug, Arbitrary)]
enum Insert {
    Nothing,
    Text(String),
    Fragment(u8),
    /// A piece of the document itself (labels it already contains).
    Copy {
        from: u16,
        len: u8,
    },
}

/// One edit: where (a fraction of the length), how many bytes it deletes
/// and what it inserts; or, rarely, a rebuild of the index as after a
/// glossary change (`reindex` = 0).
#[derive(Debug, Arbitrary)]
struct EditOp {
    at: u16,
    delete: u16,
    insert: Insert,
    reindex: u8,
}

/// The longest prefix of `s` of at most `max` bytes ending on a character boundary.
fn cut(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Applies the edits the input describes to a document of its base text,
/// and panics when the incremental document diverges from a fresh open.
pub fn run_edit_sequence(data: &[u8], language: Language) {
    let (base, script) = match data.iter().position(|&b| b == SEPARATOR) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, data),
    };
    let base = String::from_utf8_lossy(base);
    let base = cut(&base, MAX_BASE);
    let matcher = matcher();
    let mut doc = Document::new(base, 0, language, matcher);
    let fragments: Vec<&str> = match language {
        Language::Markdown => FRAGMENTS
            .iter()
            .chain(MARKDOWN_FRAGMENTS)
            .copied()
            .collect(),
        _ => FRAGMENTS.to_vec(),
    };
    let mut u = Unstructured::new(script);
    let mut applied: Vec<(usize, usize, String)> = Vec::new();
    for _ in 0..MAX_EDITS {
        if u.is_empty() {
            break;
        }
        let Ok(op) = EditOp::arbitrary(&mut u) else {
            break;
        };
        if op.reindex == 0 {
            doc.reindex(matcher);
            applied.push((0, 0, "<reindex>".to_string()));
        } else {
            apply(&mut doc, op, &fragments, matcher, &mut applied);
        }
        if let Some(divergence) = divergence_from_scratch(&doc, matcher) {
            panic!(
                "incremental index diverges from a fresh open after the edits \
                 (byte start, bytes deleted, inserted) {applied:?} on the base text {base:?}:\n{divergence}"
            );
        }
    }
}

/// Applies one edit to `doc` and records it in `applied`.
fn apply(
    doc: &mut Document,
    op: EditOp,
    fragments: &[&str],
    matcher: &Matcher,
    applied: &mut Vec<(usize, usize, String)>,
) {
    let len = doc.rope.len_bytes();
    let start = (op.at as usize * len) / u16::MAX as usize;
    let delete = op.delete as usize % 512;
    let insert: String = match op.insert {
        Insert::Nothing => String::new(),
        Insert::Text(t) => cut(&t, MAX_INSERT).to_string(),
        Insert::Fragment(i) => fragments[i as usize % fragments.len()].to_string(),
        Insert::Copy { from, len: n } => {
            let text = doc.text();
            let from = (from as usize * text.len()) / u16::MAX as usize;
            let from = (from..=text.len())
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(text.len());
            cut(&text[from..], n as usize).to_string()
        }
    };
    // Edits may land inside multi-byte characters: Document::edit snaps them.
    doc.edit(Some(start..start + delete), &insert, matcher);
    applied.push((start, delete, insert));
}
