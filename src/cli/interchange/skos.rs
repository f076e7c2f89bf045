//! SKOS (Turtle and RDF/XML, through oxttl / oxrdfxml).
//!
//! Gloss → SKOS: `label` = `skos:prefLabel@lang`, `aliases` and `acronyms` =
//! `skos:altLabel@lang`, `labels` = `skos:prefLabel@L` (first) and
//! `skos:altLabel@L`, `hidden` = `skos:hiddenLabel`, `description` =
//! `skos:definition`, `broader` = `skos:broader` (and `skos:narrower` on the
//! broader concept), `related` = `skos:related`, `links` = `skos:exactMatch`,
//! `id` = `skos:notation`, the file's `title` = `dct:title` of a
//! `skos:ConceptScheme`. What SKOS has no term for (kind, which altLabels are
//! acronyms, variant groups, roles, the reason for a hidden label, the flags,
//! `start`/`end`, the dates of a dated label, itself also a `skos:altLabel`;
//! `replaces`/`replaced_by` are `dct:replaces`/`dct:isReplacedBy`)
//! goes in the `gloss:` namespace, so Gloss → SKOS → Gloss loses nothing and
//! other SKOS tools still see every label.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use oxrdf::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple, vocab::rdf};
use oxrdfxml::{RdfXmlParser, RdfXmlSerializer};
use oxttl::{TurtleParser, TurtleSerializer};

use super::{Imported, Options, entry, line_col, looks_like_acronym, parse_kind, push_unique};
use crate::cli::CliError;
use crate::glossary::model::{
    DatedLabel, EntryDef, GlossaryFile, HiddenLabel, Kind, OneOrMany, Role,
};

pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const GLOSS: &str = "https://gloss.invalid/ns#";
pub const DCT: &str = "http://purl.org/dc/terms/";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const DEFAULT_BASE: &str = "https://gloss.invalid/id/";

fn nn(ns: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ns}{local}"))
}

fn skos(local: &str) -> NamedNode {
    nn(SKOS, local)
}

fn gloss(local: &str) -> NamedNode {
    nn(GLOSS, local)
}

/// The IRI of entry `id` under `base` (characters outside unreserved ones percent-encoded).
pub fn iri_of(base: &str, id: &str) -> NamedNode {
    let mut s = base.to_string();
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    NamedNode::new_unchecked(s)
}

fn lit(value: &str, lang: &str) -> Term {
    match Literal::new_language_tagged_literal(value, lang) {
        Ok(l) => l.into(),
        Err(_) => Literal::new_simple_literal(value).into(),
    }
}

fn plain(value: &str) -> Term {
    Literal::new_simple_literal(value).into()
}

fn boolean() -> Term {
    Literal::new_typed_literal("true", nn(XSD, "boolean")).into()
}

/// The triples of a glossary, in entry order, without duplicates.
pub fn triples(file: &GlossaryFile, opts: &Options) -> Vec<Triple> {
    let mut out: Vec<Triple> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut add = |s: NamedOrBlankNode, p: NamedNode, o: Term| {
        let t = Triple::new(s, p, o);
        if seen.insert(t.clone()) {
            out.push(t);
        }
    };
    let lang = opts.lang.as_str();
    let scheme = NamedNode::new_unchecked(format!("{}scheme", opts.base));
    add(
        scheme.clone().into(),
        rdf::TYPE.into_owned(),
        skos("ConceptScheme").into(),
    );
    if let Some(title) = &file.title {
        add(scheme.clone().into(), nn(DCT, "title"), plain(title));
    }
    let ids: HashMap<&str, NamedNode> = file
        .entries
        .iter()
        .map(|e| (e.id.as_str(), iri_of(&opts.base, &e.id)))
        .collect();
    let iri = |id: &str| {
        ids.get(id)
            .cloned()
            .unwrap_or_else(|| iri_of(&opts.base, id))
    };
    // skos:narrower is the inverse of broader: collect it per broader concept.
    let mut narrower: HashMap<&str, Vec<&str>> = HashMap::new();
    for e in &file.entries {
        for b in &e.broader {
            narrower.entry(b.as_str()).or_default().push(&e.id);
        }
    }
    let mut blank = 0usize;
    let mut next_blank = || {
        blank += 1;
        BlankNode::new_unchecked(format!("b{blank}"))
    };
    for e in &file.entries {
        // Triples about blank nodes go after the entry's own, so each subject stays in one block.
        let mut later: Vec<(NamedOrBlankNode, NamedNode, Term)> = Vec::new();
        let s: NamedOrBlankNode = iri(&e.id).into();
        add(s.clone(), rdf::TYPE.into_owned(), skos("Concept").into());
        add(s.clone(), skos("inScheme"), scheme.clone().into());
        add(s.clone(), skos("notation"), plain(&e.id));
        add(s.clone(), skos("prefLabel"), lit(&e.label, lang));
        add(s.clone(), gloss("kind"), plain(e.kind.as_str()));
        for a in &e.aliases {
            add(s.clone(), skos("altLabel"), lit(a, lang));
        }
        for a in &e.acronyms {
            add(s.clone(), skos("altLabel"), lit(a, lang));
            add(s.clone(), gloss("acronym"), plain(a));
        }
        for group in &e.variants {
            for v in group {
                let known = *v == e.label || e.aliases.contains(v) || e.acronyms.contains(v);
                if !known {
                    add(s.clone(), skos("altLabel"), lit(v, lang));
                    add(s.clone(), gloss("variantLabel"), plain(v));
                }
            }
            let json = serde_json::to_string(group).unwrap_or_default();
            add(s.clone(), gloss("variants"), plain(&json));
        }
        for (l, labels) in &e.labels {
            for (i, text) in labels.as_slice().iter().enumerate() {
                if l == lang {
                    // Same language as the main label: only one prefLabel is allowed.
                    add(s.clone(), skos("altLabel"), lit(text, l));
                    add(s.clone(), gloss("langLabel"), lit(text, l));
                } else if i == 0 {
                    add(s.clone(), skos("prefLabel"), lit(text, l));
                } else {
                    add(s.clone(), skos("altLabel"), lit(text, l));
                }
            }
            if let OneOrMany::Many(v) = labels
                && v.len() == 1
            {
                add(s.clone(), gloss("labelList"), plain(l));
            }
        }
        for h in &e.hidden {
            add(s.clone(), skos("hiddenLabel"), lit(h.label(), lang));
            if let HiddenLabel::Detailed {
                label,
                use_instead,
                why,
            } = h
            {
                let note = next_blank();
                add(s.clone(), gloss("hiddenNote"), note.clone().into());
                later.push((note.clone().into(), gloss("label"), plain(label)));
                if let Some(u) = use_instead {
                    later.push((note.clone().into(), gloss("use"), plain(u)));
                }
                if let Some(w) = why {
                    later.push((note.clone().into(), gloss("why"), plain(w)));
                }
            }
        }
        if let Some(d) = &e.description {
            add(s.clone(), skos("definition"), lit(d, lang));
        }
        for b in &e.broader {
            add(s.clone(), skos("broader"), iri(b).into());
        }
        for n in narrower.get(e.id.as_str()).into_iter().flatten() {
            add(s.clone(), skos("narrower"), iri(n).into());
        }
        for r in &e.related {
            add(s.clone(), skos("related"), iri(r).into());
        }
        for link in &e.links {
            match NamedNode::new(link.as_str()) {
                Ok(n) => add(s.clone(), skos("exactMatch"), n.into()),
                Err(_) => add(s.clone(), gloss("link"), plain(link)),
            }
        }
        for role in &e.roles {
            let node = next_blank();
            add(s.clone(), gloss("role"), node.clone().into());
            let n: NamedOrBlankNode = node.into();
            later.push((n.clone(), gloss("title"), plain(&role.title)));
            if let Some(of) = &role.of {
                later.push((n.clone(), gloss("of"), iri(of).into()));
            }
            if let Some(x) = &role.start {
                later.push((n.clone(), gloss("start"), plain(x)));
            }
            if let Some(x) = &role.end {
                later.push((n.clone(), gloss("end"), plain(x)));
            }
        }
        if let Some(date) = &e.start {
            add(s.clone(), gloss("start"), plain(date));
        }
        if let Some(date) = &e.end {
            add(s.clone(), gloss("end"), plain(date));
        }
        for r in &e.replaces {
            add(s.clone(), nn(DCT, "replaces"), iri(r).into());
        }
        for r in &e.replaced_by {
            add(s.clone(), nn(DCT, "isReplacedBy"), iri(r).into());
        }
        for dated in &e.dated_labels {
            add(s.clone(), skos("altLabel"), lit(&dated.label, lang));
            let node = next_blank();
            add(s.clone(), gloss("datedLabel"), node.clone().into());
            let n: NamedOrBlankNode = node.into();
            later.push((n.clone(), gloss("label"), plain(&dated.label)));
            if let Some(x) = &dated.start {
                later.push((n.clone(), gloss("start"), plain(x)));
            }
            if let Some(x) = &dated.end {
                later.push((n.clone(), gloss("end"), plain(x)));
            }
        }
        if let Some(date) = &e.as_of {
            add(s.clone(), gloss("asOf"), plain(date));
        }
        for name in &e.not_in {
            add(s.clone(), gloss("notIn"), plain(name));
        }
        for meaning in &e.other_meanings {
            let node = next_blank();
            add(s.clone(), gloss("otherMeaning"), node.clone().into());
            let n: NamedOrBlankNode = node.into();
            later.push((n.clone(), gloss("meaning"), plain(&meaning.meaning)));
            for cue in &meaning.cues {
                later.push((n.clone(), gloss("cue"), plain(cue)));
            }
        }
        if e.exact_case {
            add(s.clone(), gloss("exactCase"), boolean());
        }
        if e.well_known {
            add(s.clone(), gloss("wellKnown"), boolean());
        }
        if e.ambiguous {
            add(s.clone(), gloss("ambiguous"), boolean());
        }
        for (s, p, o) in later {
            add(s, p, o);
        }
    }
    out
}

fn io_err(e: std::io::Error) -> CliError {
    CliError::new(format!("cannot write SKOS: {e}"))
}

pub fn write_turtle(file: &GlossaryFile, opts: &Options) -> Result<String, CliError> {
    let mut ser = TurtleSerializer::new();
    for (p, iri) in [
        ("skos", SKOS),
        ("gloss", GLOSS),
        ("dct", DCT),
        ("xsd", XSD),
        ("g", opts.base.as_str()),
    ] {
        ser = ser
            .with_prefix(p, iri)
            .map_err(|e| CliError::new(format!("invalid IRI {iri}: {e}; pass --base IRI")))?;
    }
    let mut w = ser.for_writer(Vec::new());
    for t in triples(file, opts) {
        w.serialize_triple(&t).map_err(io_err)?;
    }
    let bytes = w.finish().map_err(io_err)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

pub fn write_rdfxml(file: &GlossaryFile, opts: &Options) -> Result<String, CliError> {
    let mut ser = RdfXmlSerializer::new();
    for (p, iri) in [("skos", SKOS), ("gloss", GLOSS), ("dct", DCT)] {
        ser = ser
            .with_prefix(p, iri)
            .map_err(|e| CliError::new(format!("invalid IRI {iri}: {e}")))?;
    }
    let mut w = ser.for_writer(Vec::new());
    for t in triples(file, opts) {
        w.serialize_triple(&t).map_err(io_err)?;
    }
    let bytes = w.finish().map_err(io_err)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

pub fn read_turtle(name: &str, text: &str, opts: &Options) -> Result<Imported, CliError> {
    let mut triples = Vec::new();
    for t in TurtleParser::new().for_slice(text.as_bytes()) {
        match t {
            Ok(t) => triples.push(t),
            Err(e) => {
                let at = e.location().start;
                return Err(CliError::new(format!(
                    "{name}:{}:{}: {}; fix the Turtle there (or pass an RDF/XML file with a .rdf extension)",
                    at.line + 1,
                    at.column + 1,
                    e.message()
                )));
            }
        }
    }
    from_triples(triples, opts)
}

pub fn read_rdfxml(name: &str, text: &str, opts: &Options) -> Result<Imported, CliError> {
    let mut triples = Vec::new();
    let mut parser = RdfXmlParser::new().for_slice(text.as_bytes());
    loop {
        let pos = parser.buffer_position() as usize;
        match parser.next() {
            None => break,
            Some(Ok(t)) => triples.push(t),
            Some(Err(e)) => {
                let (line, col) = line_col(text, pos);
                return Err(CliError::new(format!(
                    "{name}:{line}:{col}: {e}; fix the RDF/XML there"
                )));
            }
        }
    }
    from_triples(triples, opts)
}

/// The id an IRI stands for: after `base`, else its last segment.
fn id_from_iri(iri: &str, base: &str) -> String {
    let raw = iri
        .strip_prefix(base)
        .unwrap_or_else(|| iri.rsplit(['/', '#', ':']).next().unwrap_or(iri));
    percent_decode(raw)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(h) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(h, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[derive(Default)]
struct Node<'a> {
    props: Vec<(&'a str, &'a Term)>,
}

impl<'a> Node<'a> {
    fn all(&self, p: &str) -> impl Iterator<Item = &'a Term> + '_ {
        let p = p.to_string();
        self.props
            .iter()
            .filter(move |(k, _)| *k == p)
            .map(|(_, v)| *v)
    }
    fn literals(&self, p: &str) -> Vec<(&'a str, Option<&'a str>)> {
        self.all(p)
            .filter_map(|t| match t {
                Term::Literal(l) => Some((l.value(), l.language())),
                _ => None,
            })
            .collect()
    }
    fn strings(&self, p: &str) -> Vec<&'a str> {
        self.literals(p).into_iter().map(|(v, _)| v).collect()
    }
    fn first(&self, p: &str) -> Option<&'a str> {
        self.strings(p).into_iter().next()
    }
    fn flag(&self, p: &str) -> bool {
        self.first(p).is_some_and(|v| v == "true" || v == "1")
    }
}

fn key(n: &NamedOrBlankNode) -> String {
    match n {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
        NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
    }
}

fn term_key(t: &Term) -> Option<String> {
    match t {
        Term::NamedNode(n) => Some(n.as_str().to_string()),
        Term::BlankNode(b) => Some(format!("_:{}", b.as_str())),
        _ => None,
    }
}

/// Builds a glossary from SKOS triples (see the module docs for the mapping).
pub fn from_triples(triples: Vec<Triple>, opts: &Options) -> Result<Imported, CliError> {
    let mut order: Vec<String> = Vec::new();
    let mut nodes: HashMap<String, Node<'_>> = HashMap::new();
    for t in &triples {
        let k = key(&t.subject);
        let node = nodes.entry(k.clone()).or_insert_with(|| {
            order.push(k.clone());
            Node::default()
        });
        node.props.push((t.predicate.as_str(), &t.object));
    }
    let p = |ns: &str, l: &str| format!("{ns}{l}");
    let rdf_type = rdf::TYPE.as_str().to_string();
    let concept = p(SKOS, "Concept");
    let scheme = p(SKOS, "ConceptScheme");
    let is_a = |n: &Node<'_>, class: &str| {
        n.all(&rdf_type)
            .any(|t| matches!(t, Term::NamedNode(c) if c.as_str() == class))
    };
    let mut imported = Imported::default();
    let pref = p(SKOS, "prefLabel");
    // Concepts: typed skos:Concept, or anything with a prefLabel that is not a scheme.
    let concepts: Vec<&String> = order
        .iter()
        .filter(|k| !k.starts_with("_:"))
        .filter(|k| {
            let n = &nodes[*k];
            is_a(n, &concept) || (!is_a(n, &scheme) && n.all(&pref).next().is_some())
        })
        .collect();
    for k in &order {
        let n = &nodes[k];
        if is_a(n, &scheme) && imported.file.title.is_none() {
            imported.file.title = n
                .first(&p(DCT, "title"))
                .or_else(|| n.first(&pref))
                .map(str::to_string);
        }
    }
    // IRI → id.
    let mut ids: HashMap<&str, String> = HashMap::new();
    for k in &concepts {
        let n = &nodes[*k];
        let id = n
            .first(&p(SKOS, "notation"))
            .map(str::to_string)
            .unwrap_or_else(|| id_from_iri(k, &opts.base));
        ids.insert(k.as_str(), id);
    }
    let lang = opts.lang.as_str();
    let same_lang = |l: Option<&str>| l.is_none_or(|l| l.eq_ignore_ascii_case(lang));
    // Files Gloss did not write say nothing of acronyms: guess them from their shape.
    let foreign = !triples
        .iter()
        .any(|t| t.predicate.as_str().starts_with(GLOSS));
    let mut dropped_refs = 0usize;
    let mut entries: Vec<EntryDef> = Vec::new();
    let mut narrower_of: Vec<(String, String)> = Vec::new();
    for k in &concepts {
        let n = &nodes[*k];
        let id = ids[k.as_str()].clone();
        let prefs = n.literals(&pref);
        let Some(&(label, label_lang)) = prefs
            .iter()
            .find(|(_, l)| l.is_some_and(|l| l.eq_ignore_ascii_case(lang)))
            .or_else(|| prefs.iter().find(|(_, l)| l.is_none()))
            .or_else(|| prefs.first())
        else {
            imported
                .warnings
                .push(format!("<{k}> has no skos:prefLabel; skipped"));
            continue;
        };
        let kind = n
            .first(&p(GLOSS, "kind"))
            .and_then(parse_kind)
            .unwrap_or(Kind::Concept);
        let mut e = entry(id.clone(), label.to_string(), kind);
        let acronyms = n.strings(&p(GLOSS, "acronym"));
        let variant_only = n.strings(&p(GLOSS, "variantLabel"));
        let lang_labels: Vec<&str> = n.strings(&p(GLOSS, "langLabel"));
        let dated: Vec<&Node<'_>> = n
            .all(&p(GLOSS, "datedLabel"))
            .filter_map(term_key)
            .filter_map(|b| nodes.get(&b))
            .collect();
        let dated_texts: Vec<&str> = dated
            .iter()
            .filter_map(|d| d.first(&p(GLOSS, "label")))
            .collect();
        for a in &acronyms {
            push_unique(&mut e.acronyms, a);
        }
        let mut labels: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for &(v, l) in &prefs {
            if (v, l) == (label, label_lang) {
                continue;
            }
            let l = l.unwrap_or(lang).to_string();
            labels.entry(l).or_default().push(v.to_string());
        }
        for (v, l) in n.literals(&p(SKOS, "altLabel")) {
            if same_lang(l) || l == label_lang {
                if lang_labels.contains(&v) {
                    labels
                        .entry(l.unwrap_or(lang).to_string())
                        .or_default()
                        .push(v.to_string());
                } else if foreign && looks_like_acronym(v) {
                    push_unique(&mut e.acronyms, v);
                } else if !acronyms.contains(&v)
                    && !variant_only.contains(&v)
                    && !dated_texts.contains(&v)
                {
                    push_unique(&mut e.aliases, v);
                }
            } else if let Some(l) = l {
                labels.entry(l.to_string()).or_default().push(v.to_string());
            }
        }
        let as_list: Vec<&str> = n.strings(&p(GLOSS, "labelList"));
        for (l, v) in labels {
            let v = if v.len() == 1 && !as_list.contains(&l.as_str()) {
                OneOrMany::One(v.into_iter().next().unwrap_or_default())
            } else {
                OneOrMany::Many(v)
            };
            e.labels.insert(l, v);
        }
        for g in n.strings(&p(GLOSS, "variants")) {
            match serde_json::from_str::<Vec<String>>(g) {
                Ok(group) => e.variants.push(group),
                Err(_) => imported.warnings.push(format!(
                    "<{k}>: gloss:variants {g:?} is not a JSON list of strings; skipped"
                )),
            }
        }
        // Hidden labels, with their notes.
        let notes: Vec<&Node<'_>> = n
            .all(&p(GLOSS, "hiddenNote"))
            .filter_map(term_key)
            .filter_map(|b| nodes.get(&b))
            .collect();
        for h in n.strings(&p(SKOS, "hiddenLabel")) {
            let note = notes
                .iter()
                .find(|note| note.first(&p(GLOSS, "label")) == Some(h));
            e.hidden.push(match note {
                Some(note) => HiddenLabel::Detailed {
                    label: h.to_string(),
                    use_instead: note.first(&p(GLOSS, "use")).map(str::to_string),
                    why: note.first(&p(GLOSS, "why")).map(str::to_string),
                },
                None => HiddenLabel::Plain(h.to_string()),
            });
        }
        let defs = n.literals(&p(SKOS, "definition"));
        e.description = defs
            .iter()
            .find(|(_, l)| same_lang(*l))
            .or_else(|| defs.first())
            .map(|(v, _)| v.to_string());
        let refs = |prop: &str, out: &mut thin_vec::ThinVec<String>, dropped: &mut usize| {
            for t in n.all(&p(SKOS, prop)) {
                match term_key(t).and_then(|k| ids.get(k.as_str())) {
                    Some(id) => push_unique(out, id),
                    None => *dropped += 1,
                }
            }
        };
        refs("broader", &mut e.broader, &mut dropped_refs);
        refs("related", &mut e.related, &mut dropped_refs);
        for t in n.all(&p(SKOS, "narrower")) {
            match term_key(t).and_then(|k| ids.get(k.as_str())) {
                Some(child) => narrower_of.push((child.clone(), id.clone())),
                None => dropped_refs += 1,
            }
        }
        for t in n.all(&p(SKOS, "exactMatch")) {
            if let Term::NamedNode(l) = t {
                push_unique(&mut e.links, l.as_str());
            }
        }
        for l in n.strings(&p(GLOSS, "link")) {
            push_unique(&mut e.links, l);
        }
        for r in n.all(&p(GLOSS, "role")).filter_map(term_key) {
            let Some(rn) = nodes.get(&r) else { continue };
            let of = rn
                .all(&p(GLOSS, "of"))
                .filter_map(term_key)
                .find_map(|k| ids.get(k.as_str()).cloned());
            e.roles.push(Role {
                title: rn.first(&p(GLOSS, "title")).unwrap_or_default().to_string(),
                of,
                start: rn.first(&p(GLOSS, "start")).map(str::to_string),
                end: rn.first(&p(GLOSS, "end")).map(str::to_string),
            });
        }
        e.start = n.first(&p(GLOSS, "start")).map(str::to_string);
        e.end = n.first(&p(GLOSS, "end")).map(str::to_string);
        for (prop, out) in [
            ("replaces", &mut e.replaces),
            ("isReplacedBy", &mut e.replaced_by),
        ] {
            for t in n.all(&p(DCT, prop)) {
                match term_key(t).and_then(|k| ids.get(k.as_str())) {
                    Some(id) => push_unique(out, id),
                    None => dropped_refs += 1,
                }
            }
        }
        e.dated_labels = dated
            .iter()
            .map(|d| DatedLabel {
                label: d.first(&p(GLOSS, "label")).unwrap_or_default().to_string(),
                start: d.first(&p(GLOSS, "start")).map(str::to_string),
                end: d.first(&p(GLOSS, "end")).map(str::to_string),
            })
            .collect();
        e.as_of = n.first(&p(GLOSS, "asOf")).map(str::to_string);
        for name in n.strings(&p(GLOSS, "notIn")) {
            push_unique(&mut e.not_in, name);
        }
        for m in n.all(&p(GLOSS, "otherMeaning")).filter_map(term_key) {
            let Some(mn) = nodes.get(&m) else { continue };
            e.other_meanings.push(crate::glossary::model::OtherMeaning {
                meaning: mn
                    .first(&p(GLOSS, "meaning"))
                    .unwrap_or_default()
                    .to_string(),
                cues: mn
                    .strings(&p(GLOSS, "cue"))
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
            });
        }
        e.exact_case = n.flag(&p(GLOSS, "exactCase"));
        e.well_known = n.flag(&p(GLOSS, "wellKnown"));
        e.ambiguous = n.flag(&p(GLOSS, "ambiguous"));
        entries.push(e);
    }
    // skos:narrower stated only on the broader concept.
    for (child, parent) in narrower_of {
        if let Some(c) = entries.iter_mut().find(|e| e.id == child) {
            push_unique(&mut c.broader, &parent);
        }
    }
    if dropped_refs > 0 {
        imported.warnings.push(format!(
            "{dropped_refs} broader/narrower/related/replaces links point outside this file and were left out (Gloss needs every id to exist)"
        ));
    }
    imported.file.entries = entries.into_iter().map(Arc::new).collect();
    Ok(imported)
}
