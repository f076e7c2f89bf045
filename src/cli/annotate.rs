//! `gloss annotate`: lists every mention in files, and their diagnostics.

use std::fmt::Write;
use std::path::Path;

use ropey::Rope;

use crate::analysis::diagnostics::diagnostics;
use crate::config::Config;
use crate::document::{Document, Language};
use crate::matcher::Matcher;
use crate::problem::Severity;
use crate::text::position::{Encoding, to_position};

/// Human-readable annotation of one document.
pub fn annotate_text(name: &str, text: &str, matcher: &Matcher, config: &Config) -> String {
    let doc = Document::new(text, 0, Language::detect(None, name), matcher);
    let mut out = String::new();
    let pos = |rope: &Rope, b: usize| {
        let p = to_position(rope, b, Encoding::Utf8);
        let line_start = rope.line_to_byte(p.line as usize);
        let col = rope.byte_slice(line_start..b).chars().count();
        format!("{}:{}", p.line + 1, col + 1)
    };
    let glossary = matcher.glossary();
    let mut count = 0;
    for m in doc.index.mentions.iter() {
        let s = matcher.surface(*m.data);
        let names: Vec<String> = s
            .entries
            .iter()
            .map(|(id, _)| {
                let e = &glossary.entry(*id).def;
                format!("{} · {} ({})", e.id, e.label, e.kind.as_str())
            })
            .collect();
        let _ = writeln!(
            out,
            "{name}:{}  {:?}  → {}",
            pos(&doc.rope, m.start),
            &text[m.start..m.end],
            names.join(" | ")
        );
        count += 1;
    }
    for t in doc.index.tokens.iter() {
        let _ = writeln!(
            out,
            "{name}:{}  {:?}  → (acronym not in the glossary)",
            pos(&doc.rope, t.start),
            &**t.data
        );
    }
    for d in doc.index.definitions.iter() {
        let _ = writeln!(
            out,
            "{name}:{}  {} defined as “{}”",
            pos(&doc.rope, d.start),
            d.data.acronym,
            d.data.long_form
        );
    }
    let diags = diagnostics(&doc.index, matcher, &config.diagnostics);
    for d in &diags {
        let sev = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "info",
            Severity::Hint => "hint",
        };
        let _ = writeln!(
            out,
            "{name}:{}: {sev}[{}]: {}",
            pos(&doc.rope, d.range.start),
            d.code,
            d.message
        );
    }
    let _ = writeln!(
        out,
        "{name}: {count} mentions, {} unknown acronym uses, {} in-text definitions, {} diagnostics",
        doc.index.tokens.len(),
        doc.index.definitions.len(),
        diags.len()
    );
    out
}

pub fn annotate_file(path: &Path, matcher: &Matcher, config: &Config) -> std::io::Result<String> {
    let text = std::fs::read_to_string(path)?;
    Ok(annotate_text(
        &path.display().to_string(),
        &text,
        matcher,
        config,
    ))
}
