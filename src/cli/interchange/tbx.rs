//! TBX (ISO 30042, TBX-Basic style) through quick-xml.
//!
//! One `conceptEntry` per entry, one `langSec` per language, one `termSec`
//! per term. Administrative status ↔ role: `preferredTerm-admn-sts` = label,
//! `admittedTerm-admn-sts` = alias (or acronym with termType `acronym` /
//! `abbreviation`), `deprecatedTerm-admn-sts` (and superseded /
//! not recommended) = hidden label. The label and aliases are written with
//! termType `fullForm`, acronyms with `acronym`. Kind = `descrip
//! type="subjectField"`, description = `descrip type="definition"`, broader =
//! `descrip type="superordinateConceptGeneric"`, related = `ref
//! type="crossReference"`, links = `xref type="externalCrossReference"`.
//! TBX v2 names (`termEntry`, `langSet`, `tig`, `ntig`) are read too.

use std::collections::BTreeMap;
use std::io;
use std::sync::Arc;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::reader::Reader;

use super::{Imported, Options, entry, line_col, parse_kind, push_unique, slug};
use crate::cli::CliError;
use crate::glossary::model::{GlossaryFile, HiddenLabel, Kind, OneOrMany};

const PREFERRED: &str = "preferredTerm-admn-sts";
const ADMITTED: &str = "admittedTerm-admn-sts";
const DEPRECATED: &str = "deprecatedTerm-admn-sts";

type W = Writer<Vec<u8>>;

fn term_sec(w: &mut W, term: &str, term_type: Option<&str>, status: &str) -> io::Result<()> {
    w.create_element("termSec").write_inner_content(|w| {
        w.create_element("term")
            .write_text_content(BytesText::new(term))?;
        if let Some(t) = term_type {
            w.create_element("termNote")
                .with_attribute(("type", "termType"))
                .write_text_content(BytesText::new(t))?;
        }
        w.create_element("termNote")
            .with_attribute(("type", "administrativeStatus"))
            .write_text_content(BytesText::new(status))?;
        Ok(())
    })?;
    Ok(())
}

fn write_entries(w: &mut W, file: &GlossaryFile, lang: &str) -> io::Result<()> {
    for e in &file.entries {
        w.create_element("conceptEntry")
            .with_attribute(("id", e.id.as_str()))
            .write_inner_content(|w| {
                w.create_element("descrip")
                    .with_attribute(("type", "subjectField"))
                    .write_text_content(BytesText::new(e.kind.as_str()))?;
                for b in &e.broader {
                    w.create_element("descrip")
                        .with_attribute(("type", "superordinateConceptGeneric"))
                        .write_text_content(BytesText::new(b))?;
                }
                for r in &e.related {
                    w.create_element("ref")
                        .with_attribute(("type", "crossReference"))
                        .with_attribute(("target", r.as_str()))
                        .write_text_content(BytesText::new(r))?;
                }
                for l in &e.links {
                    w.create_element("xref")
                        .with_attribute(("type", "externalCrossReference"))
                        .with_attribute(("target", l.as_str()))
                        .write_empty()?;
                }
                w.create_element("langSec")
                    .with_attribute(("xml:lang", lang))
                    .write_inner_content(|w| {
                        if let Some(d) = &e.description {
                            w.create_element("descrip")
                                .with_attribute(("type", "definition"))
                                .write_text_content(BytesText::new(d))?;
                        }
                        term_sec(w, &e.label, Some("fullForm"), PREFERRED)?;
                        for a in &e.acronyms {
                            term_sec(w, a, Some("acronym"), ADMITTED)?;
                        }
                        for a in &e.aliases {
                            term_sec(w, a, Some("fullForm"), ADMITTED)?;
                        }
                        for group in &e.variants {
                            for v in group {
                                if *v != e.label
                                    && !e.aliases.contains(v)
                                    && !e.acronyms.contains(v)
                                {
                                    term_sec(w, v, None, ADMITTED)?;
                                }
                            }
                        }
                        for h in &e.hidden {
                            term_sec(w, h.label(), None, DEPRECATED)?;
                        }
                        Ok(())
                    })?;
                for (l, labels) in &e.labels {
                    w.create_element("langSec")
                        .with_attribute(("xml:lang", l.as_str()))
                        .write_inner_content(|w| {
                            for (i, t) in labels.as_slice().iter().enumerate() {
                                term_sec(w, t, None, if i == 0 { PREFERRED } else { ADMITTED })?;
                            }
                            Ok(())
                        })?;
                }
                Ok(())
            })?;
    }
    Ok(())
}

pub fn write(file: &GlossaryFile, opts: &Options) -> Result<String, CliError> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let err = |e: io::Error| CliError::new(format!("cannot write TBX: {e}"));
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(err)?;
    let lang = opts.lang.as_str();
    w.create_element("tbx")
        .with_attribute(("style", "dca"))
        .with_attribute(("type", "TBX-Basic"))
        .with_attribute(("xml:lang", lang))
        .with_attribute(("xmlns", "urn:iso:std:iso:30042:ed-2"))
        .write_inner_content(|w| {
            w.create_element("tbxHeader").write_inner_content(|w| {
                w.create_element("fileDesc").write_inner_content(|w| {
                    if let Some(t) = &file.title {
                        w.create_element("titleStmt").write_inner_content(|w| {
                            w.create_element("title")
                                .write_text_content(BytesText::new(t))?;
                            Ok(())
                        })?;
                    }
                    w.create_element("sourceDesc").write_inner_content(|w| {
                        w.create_element("p")
                            .write_text_content(BytesText::new("Exported by Gloss"))?;
                        Ok(())
                    })?;
                    Ok(())
                })?;
                Ok(())
            })?;
            w.create_element("text").write_inner_content(|w| {
                w.create_element("body")
                    .write_inner_content(|w| write_entries(w, file, lang))?;
                Ok(())
            })?;
            Ok(())
        })
        .map_err(err)?;
    let mut s = String::from_utf8_lossy(&w.into_inner()).into_owned();
    s.push('\n');
    Ok(s)
}

#[derive(Default, Debug)]
struct Term {
    text: String,
    term_type: Option<String>,
    status: Option<String>,
}

#[derive(Default, Debug)]
struct Concept {
    id: Option<String>,
    kind: Option<String>,
    description: Option<(String, Option<String>)>,
    broader: Vec<String>,
    related: Vec<String>,
    links: Vec<String>,
    /// (language, terms) in document order.
    langs: Vec<(String, Vec<Term>)>,
}

fn local(name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name);
    match s.rsplit_once(':') {
        Some((_, l)) => l.to_string(),
        None => s.into_owned(),
    }
}

pub fn read(name: &str, text: &str, opts: &Options) -> Result<Imported, CliError> {
    let mut reader = Reader::from_str(text);
    let mut concepts: Vec<Concept> = Vec::new();
    let mut stack: Vec<(String, BTreeMap<String, String>)> = Vec::new();
    let mut buf = String::new();
    let mut default_lang = opts.lang.clone();
    let fail = |pos: u64, msg: String| {
        let (line, col) = line_col(text, pos as usize);
        CliError::new(format!("{name}:{line}:{col}: {msg}"))
    };
    loop {
        let pos = reader.buffer_position();
        let ev = reader
            .read_event()
            .map_err(|e| fail(reader.error_position(), format!("{e}; fix the XML there")))?;
        match ev {
            Event::Start(_) | Event::Empty(_) => {
                let (s, empty) = match &ev {
                    Event::Start(s) => (s, false),
                    Event::Empty(s) => (s, true),
                    _ => continue,
                };
                let tag = local(s.name().as_ref());
                let mut attrs = BTreeMap::new();
                for a in s.attributes().flatten() {
                    let k = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                    let v = a
                        .unescape_value()
                        .map_err(|e| fail(pos, format!("{e}; fix the attribute")))?
                        .into_owned();
                    let k = if k == "xml:lang" {
                        "lang".to_string()
                    } else {
                        local(k.as_bytes())
                    };
                    attrs.insert(k, v);
                }
                match tag.as_str() {
                    "tbx" | "martif" => {
                        if let Some(l) = attrs.get("lang") {
                            default_lang = l.clone();
                        }
                    }
                    "conceptEntry" | "termEntry" => concepts.push(Concept {
                        id: attrs.get("id").cloned(),
                        ..Default::default()
                    }),
                    "langSec" | "langSet" => {
                        let l = attrs.get("lang").cloned().unwrap_or(default_lang.clone());
                        if let Some(c) = concepts.last_mut() {
                            c.langs.push((l, Vec::new()));
                        }
                    }
                    "termSec" | "tig" | "ntig" => {
                        if let Some((_, terms)) =
                            concepts.last_mut().and_then(|c| c.langs.last_mut())
                        {
                            terms.push(Term::default());
                        }
                    }
                    "xref" => {
                        if let (Some(c), Some(t)) = (concepts.last_mut(), attrs.get("target")) {
                            push_unique(&mut c.links, t);
                        }
                    }
                    "ref" => {
                        if let (Some(c), Some(t)) = (concepts.last_mut(), attrs.get("target")) {
                            push_unique(&mut c.related, t);
                        }
                    }
                    _ => {}
                }
                buf.clear();
                if !empty {
                    stack.push((tag, attrs));
                }
            }
            Event::Text(t) => {
                let t = t
                    .unescape()
                    .map_err(|e| fail(pos, format!("{e}; fix the text")))?;
                buf.push_str(&t);
            }
            Event::CData(t) => buf.push_str(&String::from_utf8_lossy(&t)),
            Event::End(_) => {
                let Some((tag, attrs)) = stack.pop() else {
                    continue;
                };
                let value = buf.trim().to_string();
                buf.clear();
                let ty = attrs.get("type").map(String::as_str).unwrap_or("");
                let in_lang = stack
                    .iter()
                    .rev()
                    .find(|(t, _)| t == "langSec" || t == "langSet")
                    .is_some();
                let Some(c) = concepts.last_mut() else {
                    continue;
                };
                match (tag.as_str(), ty) {
                    ("term", _) => {
                        if let Some(t) = c.langs.last_mut().and_then(|(_, ts)| ts.last_mut()) {
                            t.text = value;
                        }
                    }
                    ("termNote", "termType") => {
                        if let Some(t) = c.langs.last_mut().and_then(|(_, ts)| ts.last_mut()) {
                            t.term_type = Some(value);
                        }
                    }
                    ("termNote", "administrativeStatus") => {
                        if let Some(t) = c.langs.last_mut().and_then(|(_, ts)| ts.last_mut()) {
                            t.status = Some(value);
                        }
                    }
                    ("descrip", "definition") => {
                        let lang = if in_lang {
                            c.langs.last().map(|(l, _)| l.clone())
                        } else {
                            None
                        };
                        if c.description.is_none() || lang.as_deref() == Some(opts.lang.as_str()) {
                            c.description = Some((value, lang));
                        }
                    }
                    ("descrip", "subjectField") => c.kind = Some(value),
                    ("descrip", "superordinateConceptGeneric" | "broaderConceptGeneric") => {
                        push_unique(&mut c.broader, &value)
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut imported = Imported::default();
    for c in concepts {
        match concept_entry(c, &opts.lang) {
            Ok(e) => imported.file.entries.push(Arc::new(e)),
            Err(w) => imported.warnings.push(w),
        }
    }
    Ok(imported)
}

fn status_of(t: &Term) -> &'static str {
    let s = t.status.as_deref().unwrap_or("").to_ascii_lowercase();
    if s.starts_with("preferred") {
        "preferred"
    } else if s.starts_with("deprecated")
        || s.starts_with("superseded")
        || s.starts_with("notrecommended")
    {
        "deprecated"
    } else {
        "admitted"
    }
}

fn concept_entry(c: Concept, lang: &str) -> Result<crate::glossary::model::EntryDef, String> {
    let main = c
        .langs
        .iter()
        .position(|(l, _)| l.eq_ignore_ascii_case(lang))
        .or(if c.langs.is_empty() { None } else { Some(0) })
        .ok_or_else(|| {
            format!(
                "concept {:?} has no terms; skipped",
                c.id.as_deref().unwrap_or("?")
            )
        })?;
    // The main language may be split over several langSecs.
    let main_lang = c.langs[main].0.clone();
    let terms: Vec<&Term> = c
        .langs
        .iter()
        .filter(|(l, _)| l.eq_ignore_ascii_case(&main_lang))
        .flat_map(|(_, ts)| ts)
        .filter(|t| !t.text.is_empty())
        .collect();
    let label_term = terms
        .iter()
        .find(|t| status_of(t) == "preferred")
        .or_else(|| terms.iter().find(|t| status_of(t) != "deprecated"))
        .ok_or_else(|| {
            format!(
                "concept {:?} has no usable term; skipped",
                c.id.as_deref().unwrap_or("?")
            )
        })?;
    let label = label_term.text.clone();
    let kind = c
        .kind
        .as_deref()
        .and_then(parse_kind)
        .unwrap_or(Kind::Concept);
    let mut e = entry(
        c.id.clone().unwrap_or_else(|| slug(&label)),
        label.clone(),
        kind,
    );
    for t in &terms {
        if std::ptr::eq(*t, *label_term) {
            continue;
        }
        let ty = t.term_type.as_deref().unwrap_or("").to_ascii_lowercase();
        match status_of(t) {
            "deprecated" => e.hidden.push(HiddenLabel::Plain(t.text.clone())),
            _ if ty == "acronym" || ty == "abbreviation" || ty == "initialism" => {
                push_unique(&mut e.acronyms, &t.text)
            }
            _ => push_unique(&mut e.aliases, &t.text),
        }
    }
    let mut others: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (l, ts) in &c.langs {
        if l.eq_ignore_ascii_case(&main_lang) {
            continue;
        }
        let mut ts: Vec<&Term> = ts.iter().filter(|t| !t.text.is_empty()).collect();
        ts.sort_by_key(|t| match status_of(t) {
            "preferred" => 0,
            "admitted" => 1,
            _ => 2,
        });
        for t in ts {
            if status_of(t) == "deprecated" {
                e.hidden.push(HiddenLabel::Plain(t.text.clone()));
            } else {
                let v = others.entry(l.clone()).or_default();
                push_unique(v, &t.text);
            }
        }
    }
    for (l, v) in others {
        let v = if v.len() == 1 {
            OneOrMany::One(v.into_iter().next().unwrap_or_default())
        } else {
            OneOrMany::Many(v)
        };
        e.labels.insert(l, v);
    }
    e.description = c.description.map(|(d, _)| d);
    e.broader = c.broader.into();
    e.related = c.related.into();
    e.links = c.links.into();
    Ok(e)
}
