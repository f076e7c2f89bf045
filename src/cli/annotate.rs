//! `gloss annotate`: lists every mention in files, and their diagnostics.

use std::fmt::Write;
use std::path::Path;

use ropey::Rope;

use crate::analysis::diagnostics::diagnostics;
use crate::config::Config;
use crate::decide::document::{Resolution, Resolver};
use crate::glossary::EntryId;
use crate::index::document::Document;
use crate::recognize::matcher::Matcher;
use crate::text::position::{CharCursor, char_position};

/// Human-readable annotation of one document; `explain` adds the
/// candidates the decision step set aside, with the reason.
pub fn annotate_text(
    name: &str,
    text: &str,
    matcher: &Matcher,
    config: &Config,
    explain: bool,
) -> String {
    let mut doc = Document::of_file(text, name, matcher);
    doc.set_date_setting(config.date_setting(name));
    let mut out = String::new();
    let pos = |rope: &Rope, b: usize| {
        let (line, col, _) = char_position(rope, b);
        format!("{}:{}", line + 1, col + 1)
    };
    let all = mentions(name, text, matcher, explain);
    // Every line is (byte offset, what it is, text): mentions, unknown
    // acronyms, in-text definitions and diagnostics, in one line order.
    let mut lines: Vec<(usize, u8, String)> = Vec::new();
    let mut count = 0;
    for m in &all {
        let target = match m.decision {
            Decision::Linked => format!("{} · {} ({})", m.id, m.label, m.kind),
            Decision::Possible => format!(
                "possibly {}",
                std::iter::once(&m.id)
                    .chain(&m.alternatives)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" | ")
            ),
            Decision::InText => format!("“{}” (defined in this document)", m.label),
            Decision::SetAside => "not linked".to_string(),
        };
        let why = m
            .why
            .as_deref()
            .map_or(String::new(), |w| format!("  ({w})"));
        lines.push((
            m.start,
            0,
            format!(
                "{name}:{}:{}  {:?}  → {target}{why}",
                m.line, m.column, m.quote
            ),
        ));
        count += usize::from(m.decision != Decision::SetAside);
    }
    for t in doc.index.tokens.iter() {
        lines.push((
            t.start,
            1,
            format!(
                "{name}:{}  {:?}  → (acronym not in the glossary)",
                pos(&doc.rope, t.start),
                &**t.data
            ),
        ));
    }
    for d in doc.index.definitions.iter() {
        lines.push((
            d.start,
            2,
            format!(
                "{name}:{}  {} defined as “{}”",
                pos(&doc.rope, d.start),
                d.data.acronym,
                d.data.long_form
            ),
        ));
    }
    let diags = diagnostics(&doc.index, matcher, &config.diagnostics);
    for d in &diags {
        let sev = d.severity.label();
        lines.push((
            d.range.start,
            3,
            format!(
                "{name}:{}: {sev}[{}]: {}",
                pos(&doc.rope, d.range.start),
                d.code,
                d.message
            ),
        ));
    }
    // Stable: lines of one kind at one offset keep their order.
    lines.sort_by_key(|(offset, kind, _)| (*offset, *kind));
    for (_, _, line) in &lines {
        out.push_str(line);
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{name}: {}, {}, {}, {}",
        counted(count, "mention", "mentions"),
        counted(
            doc.index.tokens.len(),
            "unknown acronym use",
            "unknown acronym uses"
        ),
        counted(
            doc.index.definitions.len(),
            "in-text definition",
            "in-text definitions"
        ),
        counted(diags.len(), "diagnostic", "diagnostics"),
    );
    out
}

/// `n` and the noun in the number `n` asks for: "1 mention", "2 mentions".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn annotate_file(path: &Path, matcher: &Matcher, config: &Config) -> std::io::Result<String> {
    let text = std::fs::read_to_string(path)?;
    Ok(annotate_text(
        &path.display().to_string(),
        &text,
        matcher,
        config,
        false,
    ))
}

// ------------------------------------------------------------ standoff formats

/// Output format of `gloss annotate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AnnotateFormat {
    /// Mentions, in-text definitions and diagnostics, one per line, for people.
    Human,
    /// One JSON object per mention, one per line.
    Jsonl,
    /// brat standoff: a `.txt` copy (LF line ends) and a `.ann` per document (needs --out).
    Brat,
    /// W3C Web Annotation JSON-LD (TextQuoteSelector + TextPositionSelector).
    W3c,
}

/// What the decision step made of a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    /// Names one glossary entry.
    Linked,
    /// Names one of several entries (`id` and `alternatives`); nothing in the
    /// document decides.
    Possible,
    /// Means what the document's own definition says (`label`); no glossary id.
    InText,
    /// A candidate the decision step did not link (only with `--explain`).
    SetAside,
}

/// One mention, with every way of pointing at it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Mention {
    pub path: String,
    /// Byte offsets in the file.
    pub start: usize,
    pub end: usize,
    /// Offsets in Unicode code points (characters).
    pub char_start: usize,
    pub char_end: usize,
    /// 1-based line and column (column in characters).
    pub line: usize,
    pub column: usize,
    /// The text as written.
    pub quote: String,
    /// Entry id, preferred label and kind of the entry it names (the first
    /// candidate when possible; empty id and kind, and the definition's long
    /// form as label, when in-text; the label's entry when set aside).
    pub id: String,
    pub label: String,
    pub kind: &'static str,
    /// Other entries a possible mention may name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
    pub decision: Decision,
    /// Why, when the decision was not plain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// The in-text definition's long form, for in-text mentions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
}

/// (start, end, decision, entries, why, in-text long form) of one mention.
type Found = (
    usize,
    usize,
    Decision,
    Vec<EntryId>,
    Option<String>,
    Option<String>,
);

/// Every mention of `text` (from the core's index and the decision step),
/// in document order; `explain` adds the candidates set aside.
pub fn mentions(path: &str, text: &str, matcher: &Matcher, explain: bool) -> Vec<Mention> {
    let doc = Document::of_file(text, path, matcher);
    let glossary = matcher.glossary();
    let resolver = Resolver::new(&doc.index, matcher);
    let mut found: Vec<Found> = Vec::new();
    for m in doc.index.mentions.iter() {
        let resolution = resolver.resolve(m.start, *m.data);
        let (decision, why, definition) = match &resolution {
            Resolution::Entry { because, .. } => (
                Decision::Linked,
                because.as_ref().map(|b| b.describe(matcher)),
                None,
            ),
            Resolution::Possible { other_meanings, .. } => (
                Decision::Possible,
                Some(possible_why(matcher, other_meanings)),
                None,
            ),
            Resolution::InText { definition, .. } => (
                Decision::InText,
                Some(format!(
                    "expanded in this document as “{}”",
                    definition.long_form
                )),
                Some(definition.long_form.to_string()),
            ),
        };
        found.push((
            m.start,
            m.end,
            decision,
            resolution.entries(),
            why,
            definition,
        ));
    }
    if explain {
        for s in doc.index.set_aside.iter() {
            let entries = crate::analysis::entries_of(matcher, s.data.surface);
            let why = s.data.because.describe(text, s.start..s.end, glossary);
            found.push((s.start, s.end, Decision::SetAside, entries, Some(why), None));
        }
        found.sort_by_key(|f| (f.0, f.1));
    }
    let mut out = Vec::new();
    // Mentions come in text order: each cursor counts on from the last.
    let mut starts = CharCursor::new(text, &doc.rope);
    let mut ends = CharCursor::new(text, &doc.rope);
    for (start, end, decision, ids, why, definition) in found {
        let first = ids.first().map(|e| &glossary.entry(*e).def);
        let at = starts.at(start);
        out.push(Mention {
            path: path.to_string(),
            start,
            end,
            char_start: at.chars,
            char_end: ends.at(end).chars,
            line: at.line + 1,
            column: at.column + 1,
            quote: text[start..end].to_string(),
            id: first.map_or(String::new(), |d| d.id.clone()),
            label: first.map_or_else(
                || definition.clone().unwrap_or_default(),
                |d| d.label.clone(),
            ),
            kind: first.map_or("", |d| d.kind.as_str()),
            alternatives: ids
                .iter()
                .skip(1)
                .map(|i| glossary.entry(*i).def.id.clone())
                .collect(),
            decision,
            why,
            definition,
        });
    }
    out
}

/// Why a mention is only possible.
fn possible_why(matcher: &Matcher, other_meanings: &[(EntryId, u16)]) -> String {
    let glossary = matcher.glossary();
    let others: Vec<&str> = other_meanings
        .iter()
        .filter_map(|(e, i)| glossary.entry(*e).def.other_meanings.get(*i as usize))
        .map(|m| m.meaning.as_str())
        .collect();
    if others.is_empty() {
        "the label has several meanings and nothing in the document decides".to_string()
    } else {
        format!(
            "the document also points to another meaning: {}",
            others.join("; ")
        )
    }
}

/// The mentions a standoff format carries: those that name glossary entries.
pub fn standoff(mentions: Vec<Mention>) -> Vec<Mention> {
    mentions
        .into_iter()
        .filter(|m| matches!(m.decision, Decision::Linked | Decision::Possible))
        .collect()
}

pub fn jsonl(mentions: &[Mention]) -> String {
    // Each line written in place: no string per mention to copy over.
    let mut out: Vec<u8> = Vec::with_capacity(mentions.len() * 256);
    for m in mentions {
        let before = out.len();
        if serde_json::to_writer(&mut out, m).is_err() {
            // As before: a mention that cannot be written is an empty line.
            out.truncate(before);
        }
        out.push(b'\n');
    }
    // serde_json writes UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// brat standoff: (the text with LF line ends, the `.ann` file). Offsets are
/// in code points of that text; a mention across a line break becomes a
/// discontinuous span; the entity id is an `AnnotatorNotes` note.
pub fn brat(text: &str, mentions: &[Mention]) -> (String, String) {
    let lf = text.replace("\r\n", "\n").replace('\r', "\n");
    // Byte offsets of the CR of each CRLF: each shifts later offsets by one character.
    let crlf: Vec<usize> = text.match_indices("\r\n").map(|(i, _)| i).collect();
    let to_lf = |byte: usize, chars: usize| chars - crlf.partition_point(|&c| c < byte);
    let lf_chars: Vec<char> = lf.chars().collect();
    let mut ann = String::new();
    for (n, m) in mentions.iter().enumerate() {
        let (s, e) = (to_lf(m.start, m.char_start), to_lf(m.end, m.char_end));
        let mut fragments = Vec::new();
        let mut frag_start = s;
        for i in s..=e {
            if i == e || lf_chars.get(i) == Some(&'\n') {
                if i > frag_start {
                    fragments.push((frag_start, i));
                }
                frag_start = i + 1;
            }
        }
        let spans: Vec<String> = fragments.iter().map(|(a, b)| format!("{a} {b}")).collect();
        let quote: Vec<String> = fragments
            .iter()
            .map(|(a, b)| lf_chars[*a..*b].iter().collect())
            .collect();
        let _ = writeln!(
            ann,
            "T{}\t{} {}\t{}",
            n + 1,
            m.kind,
            spans.join(";"),
            quote.join(" ")
        );
        let _ = writeln!(ann, "#{}\tAnnotatorNotes T{}\t{}", n + 1, n + 1, m.id);
    }
    (lf, ann)
}

/// The brat `annotation.conf` for Gloss kinds.
pub fn brat_conf() -> String {
    let mut s = String::from("[entities]\n");
    for k in crate::glossary::Kind::ALL.map(crate::glossary::Kind::as_str) {
        s.push_str(k);
        s.push('\n');
    }
    s.push_str("\n[relations]\n\n[events]\n\n[attributes]\n");
    s
}

/// W3C Web Annotations of one document's mentions.
pub fn w3c(text: &str, mentions: &[Mention], matcher: &Matcher) -> Vec<serde_json::Value> {
    use serde_json::json;
    const CONTEXT: usize = 32;
    let glossary = matcher.glossary();
    mentions
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let prefix: String = {
                let before: Vec<char> = text[..m.start].chars().rev().take(CONTEXT).collect();
                before.into_iter().rev().collect()
            };
            let suffix: String = text[m.end..].chars().take(CONTEXT).collect();
            let source = super::report::uri_of(&m.path);
            let mut body = vec![
                json!({"type": "TextualBody", "purpose": "identifying", "value": m.id}),
                json!({"type": "TextualBody", "purpose": "describing", "value": m.label}),
                json!({"type": "TextualBody", "purpose": "classifying", "value": m.kind}),
            ];
            if let Some(link) = glossary
                .by_id(&m.id)
                .and_then(|e| glossary.entry(e).def.links.first())
            {
                body.push(json!({"type": "SpecificResource", "purpose": "linking", "source": link}));
            }
            json!({
                "@context": "http://www.w3.org/ns/anno.jsonld",
                "id": format!("{source}#mention-{}", i + 1),
                "type": "Annotation",
                "motivation": "identifying",
                "body": body,
                "target": {
                    "source": source,
                    "selector": [
                        {"type": "TextQuoteSelector", "exact": m.quote, "prefix": prefix, "suffix": suffix},
                        {"type": "TextPositionSelector", "start": m.char_start, "end": m.char_end},
                    ]
                }
            })
        })
        .collect()
}

/// A W3C AnnotationCollection of `items`.
pub fn w3c_collection(items: Vec<serde_json::Value>) -> String {
    let v = serde_json::json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "label": "Gloss mentions",
        "total": items.len(),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

/// `DIR/<path>` with `ext` instead of the extension, keeping only plain components.
pub fn out_path(dir: &Path, path: &str, ext: &str) -> std::path::PathBuf {
    let mut out = dir.to_path_buf();
    for c in Path::new(path).components() {
        if let std::path::Component::Normal(c) = c {
            out.push(c);
        }
    }
    out.set_extension(ext);
    out
}

pub struct AnnotateArgs {
    pub inputs: super::Inputs,
    pub format: AnnotateFormat,
    pub out: Option<std::path::PathBuf>,
    pub progress: bool,
    /// Also list the candidates the decision step set aside, with the reason.
    pub explain: bool,
}

/// Runs `gloss annotate`: files in parallel, output in argument/path order.
pub fn run(args: &AnnotateArgs) -> Result<super::check::Outcome, super::CliError> {
    use super::CliError;
    if args.format == AnnotateFormat::Brat && args.out.is_none() {
        return Err(CliError::new(
            "brat writes a .txt and a .ann per document: give --out DIR",
        ));
    }
    if args.format == AnnotateFormat::Human && args.out.is_some() {
        return Err(CliError::new(
            "--out works with --format jsonl, brat or w3c; the human format goes to stdout",
        ));
    }
    let session = args.inputs.session()?;
    let (matcher, config) = (&session.matcher, &session.config);
    let mut errors: Vec<String> = session.problems.iter().map(|p| p.to_string()).collect();
    let bar = if args.progress {
        let bar = indicatif::ProgressBar::new(session.docs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    enum Done {
        Text(String),
        Items(Vec<serde_json::Value>),
        Written,
    }
    let results = session.map_documents(|_, name, text| {
        let write = |path: std::path::PathBuf, contents: &str| -> Result<(), String> {
            if let Some(d) = path.parent() {
                std::fs::create_dir_all(d)
                    .map_err(|e| format!("cannot create {}: {e}", d.display()))?;
            }
            crate::fsutil::atomic_write(&path, contents.as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", path.display()))
        };
        let done = match args.format {
            AnnotateFormat::Human => {
                Done::Text(annotate_text(name, text, matcher, config, args.explain))
            }
            AnnotateFormat::Jsonl => {
                let s = jsonl(&mentions(name, text, matcher, args.explain));
                match &args.out {
                    Some(dir) => {
                        write(out_path(dir, name, "jsonl"), &s)?;
                        Done::Written
                    }
                    None => Done::Text(s),
                }
            }
            AnnotateFormat::Brat => {
                let ms = standoff(mentions(name, text, matcher, false));
                let (txt, ann) = brat(text, &ms);
                let dir = args.out.as_deref().unwrap_or(Path::new("."));
                write(out_path(dir, name, "txt"), &txt)?;
                write(out_path(dir, name, "ann"), &ann)?;
                Done::Written
            }
            AnnotateFormat::W3c => {
                let items = w3c(
                    text,
                    &standoff(mentions(name, text, matcher, false)),
                    matcher,
                );
                match &args.out {
                    Some(dir) => {
                        write(out_path(dir, name, "jsonld"), &w3c_collection(items))?;
                        Done::Written
                    }
                    None => Done::Items(items),
                }
            }
        };
        bar.inc(1);
        Ok(done)
    });
    bar.finish_and_clear();
    // Each document's text goes to stdout as it is, in document order: the
    // JSONL of a large corpus is tens of megabytes, and joining it into one
    // string first would copy it on one thread while the others wait.
    let mut output = String::new();
    let mut stdout = std::io::stdout().lock();
    let mut items = Vec::new();
    let mut failed = false;
    for r in results {
        match r {
            Ok(Done::Text(s)) => {
                // A closed pipe (`| head`) is not an error worth reporting.
                let _ = std::io::Write::write_all(&mut stdout, s.as_bytes());
            }
            Ok(Done::Items(v)) => items.extend(v),
            Ok(Done::Written) => {}
            Err(e) => {
                failed = true;
                errors.push(e);
            }
        }
    }
    let _ = std::io::Write::flush(&mut stdout);
    drop(stdout);
    if args.format == AnnotateFormat::W3c && args.out.is_none() {
        output = w3c_collection(items);
    }
    super::release(session);
    if args.format == AnnotateFormat::Brat
        && let Some(dir) = &args.out
    {
        std::fs::create_dir_all(dir).map_err(|e| CliError::io("create", dir, &e))?;
        let conf = dir.join("annotation.conf");
        crate::fsutil::atomic_write(&conf, brat_conf().as_bytes())
            .map_err(|e| CliError::io("write", &conf, &e))?;
    }
    Ok(super::check::Outcome {
        output,
        errors,
        exit: if failed { 2 } else { 0 },
    })
}
