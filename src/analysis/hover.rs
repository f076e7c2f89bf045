//! Hover cards: what a mention is, from the glossary and from the document.
//!
//! Pure: (document, matcher, offset) → Markdown (and plain-text) card.

use std::fmt::Write;
use std::ops::Range;

use ropey::Rope;

use super::{Hit, definition_of, entries_of, hit_at};
use crate::glossary::{Entry, EntryId, Glossary, LabelRole};
use crate::index::DocIndex;
use crate::recognize::matcher::Matcher;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverCard {
    pub range: Range<usize>,
    pub markdown: String,
}

impl HoverCard {
    /// The card without Markdown markup, for clients that want plain text.
    pub fn plain(&self) -> String {
        markdown_to_plain(&self.markdown)
    }
}

/// A hover card's Markdown without its markup, for clients that want plain text.
pub fn markdown_to_plain(md: &str) -> String {
    md.replace("**", "")
        .replace("\n---\n", "\n\n")
        .replace(['_', '`'], "")
}

fn line_of(rope: &Rope, offset: usize) -> usize {
    rope.byte_to_line(offset.min(rope.len_bytes())) + 1
}

/// The card for the mention at `offset`, if any.
pub fn hover(index: &DocIndex, rope: &Rope, matcher: &Matcher, offset: usize) -> Option<HoverCard> {
    let hit = hit_at(index, offset)?;
    let glossary = matcher.glossary();
    let mut md = String::new();
    match &hit {
        Hit::Mention { surface, .. } => {
            let s = matcher.surface(*surface);
            let entries = entries_of(matcher, *surface);
            if entries.len() > 1 {
                let _ = writeln!(
                    md,
                    "_“{}” is ambiguous: it names {} entries._\n",
                    s.form,
                    entries.len()
                );
            }
            for (i, (id, role)) in s.entries.iter().enumerate() {
                if i > 0 {
                    md.push_str("\n---\n\n");
                }
                entry_card(glossary, *id, &mut md);
                if let LabelRole::Hidden(h) = role {
                    let _ = writeln!(
                        md,
                        "\n_“{}” is not the preferred term: write “{}”._",
                        s.form,
                        glossary.preferred_for_hidden(*id, *h)
                    );
                }
            }
            if s.entries.iter().any(|(_, r)| *r == LabelRole::Acronym)
                && let Some(def) = definition_of(index, &s.form)
            {
                let _ = writeln!(
                    md,
                    "\n**In this document:** “{}” (expanded on line {})",
                    def.long_form,
                    line_of(rope, def.long_range.start)
                );
            }
        }
        Hit::Token { text, .. } => match definition_of(index, text) {
            Some(def) => {
                let _ = writeln!(md, "**{text}** · acronym defined in this document\n");
                let _ = writeln!(
                    md,
                    "**In this document:** “{}” (expanded on line {})",
                    def.long_form,
                    line_of(rope, def.long_range.start)
                );
                // The long form may itself be a glossary entry.
                if let Some(m) = index.mentions.starting_in(def.long_range.clone()).next() {
                    for id in entries_of(matcher, *m.data) {
                        md.push_str("\n---\n\n");
                        entry_card(glossary, id, &mut md);
                    }
                }
            }
            None => {
                let _ = writeln!(
                    md,
                    "**{text}** · unknown acronym\n\nNot in the glossary, and this document does not expand it."
                );
            }
        },
    }
    Some(HoverCard {
        range: hit.range(),
        markdown: md.trim_end().to_string(),
    })
}

fn entry_card(glossary: &Glossary, id: EntryId, md: &mut String) {
    let Entry { def, line, .. } = glossary.entry(id);
    let _ = write!(md, "**{}**", def.label);
    if !def.acronyms.is_empty() {
        let _ = write!(md, " ({})", def.acronyms.join(", "));
    }
    let _ = writeln!(md, " · _{}_\n", def.kind.as_str());
    if let Some(d) = &def.description {
        let _ = writeln!(md, "{d}\n");
    }
    if !def.aliases.is_empty() {
        let _ = writeln!(md, "**Also:** {}  ", def.aliases.join("; "));
    }
    let variants: Vec<String> = def.variants.iter().map(|g| g.join(" / ")).collect();
    if !variants.is_empty() {
        let _ = writeln!(md, "**Variants:** {}  ", variants.join("; "));
    }
    if !def.hidden.is_empty() {
        let hidden: Vec<&str> = def.hidden.iter().map(|h| h.label()).collect();
        let _ = writeln!(md, "**Not preferred:** {}  ", hidden.join("; "));
    }
    if !def.labels.is_empty() {
        let langs: Vec<String> = def
            .labels
            .iter()
            .map(|(lang, l)| format!("{lang}: {}", l.as_slice().join(", ")))
            .collect();
        let _ = writeln!(md, "**Other languages:** {}  ", langs.join("; "));
    }
    if !def.roles.is_empty() {
        let _ = writeln!(md, "\n**Roles:**");
        for r in &def.roles {
            let of =
                r.of.as_deref()
                    .map(|o| {
                        glossary
                            .by_id(o)
                            .map_or(o.to_string(), |e| glossary.entry(e).def.label.clone())
                    })
                    .map(|o| format!(", {o}"))
                    .unwrap_or_default();
            let dates = match (&r.start, &r.end) {
                (Some(s), Some(e)) => format!(" ({s} – {e})"),
                (Some(s), None) => format!(" (since {s})"),
                (None, Some(e)) => format!(" (until {e})"),
                (None, None) => String::new(),
            };
            let _ = writeln!(md, "- {}{of}{dates}", r.title);
        }
    }
    let related: Vec<String> = def
        .broader
        .iter()
        .chain(&def.related)
        .filter_map(|r| {
            glossary
                .by_id(r)
                .map(|e| glossary.entry(e).def.label.clone())
        })
        .collect();
    if !related.is_empty() {
        let _ = writeln!(md, "\n**See also:** {}", related.join("; "));
    }
    if !def.links.is_empty() {
        let links: Vec<String> = def.links.iter().map(|l| format!("<{l}>")).collect();
        let _ = writeln!(md, "\n{}", links.join(" · "));
    }
    let source = glossary.source_of(id);
    let _ = writeln!(md, "\n_Source: {}, line {}_", source.name, line + 1);
}
