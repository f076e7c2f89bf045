//! Document diagnostics, each with a stable code (see README "Diagnostics").
//!
//! A pure function of the document's index, the matcher and the severity
//! settings. Diagnostics are per distinct acronym or name (at its first use),
//! except `non-preferred-term`, which marks every use.

use std::collections::HashMap;
use std::ops::Range;

use super::{InTextDefinition, first_definitions};
use crate::config::DiagnosticLevels;
use crate::glossary::{EntryId, LabelRole};
use crate::index::DocIndex;
use crate::problem::Severity;
use crate::recognize::matcher::Matcher;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub range: Range<usize>,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub related: Vec<Related>,
}

/// A spelling and where it was first used.
type FirstUse = (String, Range<usize>);

pub const CODES: [&str; 5] = [
    "undefined-acronym",
    "acronym-before-definition",
    "non-preferred-term",
    "inconsistent-name",
    "unknown-acronym",
];

pub fn diagnostics(
    index: &DocIndex,
    matcher: &Matcher,
    levels: &DiagnosticLevels,
) -> Vec<Diagnostic> {
    let glossary = matcher.glossary();
    let defs = first_definitions(index);
    let mut out = Vec::new();
    let mut push = |d: Diagnostic| {
        if let Some(severity) = levels.level(d.code).severity() {
            out.push(Diagnostic { severity, ..d });
        }
    };
    let before_definition = |range: &Range<usize>, def: &InTextDefinition, label: &str| {
        Diagnostic {
            range: range.clone(),
            severity: Severity::Warning,
            code: "acronym-before-definition",
            message: format!(
                "{label} is used before this document expands it (as “{}”); expand it at its first use",
                def.long_form
            ),
            related: vec![Related {
                range: def.long_range.start.min(def.acronym_range.start)
                    ..def.long_range.end.max(def.acronym_range.end),
                message: format!("{label} is expanded here"),
            }],
        }
    };

    // (entry, variant group) → forms in order of first use.
    let mut variant_forms: HashMap<(EntryId, usize), Vec<FirstUse>> = HashMap::new();
    // Each surface once, at its first use (kept by the index, not recounted here).
    for (sid, first, _) in index.surface_uses.sorted() {
        let surface = matcher.surface(sid);
        let Some(&(entry_id, role)) = surface.entries.first() else {
            continue;
        };
        let range = first..index.mentions.at(first, false).map_or(first, |s| s.end);
        let entry = glossary.entry(entry_id);
        if role == LabelRole::Acronym && surface.entries.len() == 1 && !entry.def.well_known {
            match defs.get(surface.form.as_str()) {
                None => push(Diagnostic {
                    range: range.clone(),
                    severity: Severity::Warning,
                    code: "undefined-acronym",
                    message: format!(
                        "{} is never expanded in this document; the glossary expands it as “{}”",
                        surface.form, entry.def.label
                    ),
                    related: vec![],
                }),
                Some(def) if range.start < def.start() => {
                    push(before_definition(&range, def, &surface.form))
                }
                Some(_) => {}
            }
        }
        if let Some(g) = surface.variant_group {
            let forms = variant_forms.entry((entry_id, g)).or_default();
            if !forms.iter().any(|(f, _)| *f == surface.form) {
                forms.push((surface.form.clone(), range.clone()));
            }
        }
    }
    // Every use of a hidden label.
    for m in index.hidden.iter() {
        let surface = matcher.surface(*m.data);
        let Some(&(entry_id, LabelRole::Hidden(i))) = surface.entries.first() else {
            continue;
        };
        let preferred = glossary.preferred_for_hidden(entry_id, i);
        let why = glossary
            .entry(entry_id)
            .def
            .hidden
            .get(i as usize)
            .and_then(|h| h.why());
        push(Diagnostic {
            range: m.start..m.end,
            severity: Severity::Warning,
            code: "non-preferred-term",
            message: match why {
                Some(why) => format!("write “{preferred}” instead ({why})"),
                None => format!("“{preferred}” is the preferred term"),
            },
            related: vec![],
        });
    }
    let mut groups: Vec<_> = variant_forms
        .into_iter()
        .filter(|(_, f)| f.len() > 1)
        .collect();
    groups.sort_by_key(|(_, forms)| forms[0].1.start);
    for ((entry_id, _), forms) in groups {
        let (first, first_range) = &forms[0];
        for (form, range) in &forms[1..] {
            push(Diagnostic {
                range: range.clone(),
                severity: Severity::Warning,
                code: "inconsistent-name",
                message: format!(
                    "“{form}” and “{first}” both name {} in this document; use one spelling throughout",
                    glossary.entry(entry_id).def.label
                ),
                related: vec![Related {
                    range: first_range.clone(),
                    message: format!("first written “{first}” here"),
                }],
            });
        }
    }

    for (text, first, _) in index.token_uses.sorted() {
        let range = first..index.tokens.at(first, false).map_or(first, |s| s.end);
        match defs.get(&text) {
            Some(def) if range.start < def.start() => push(before_definition(&range, def, &text)),
            Some(_) => {}
            None => push(Diagnostic {
                range,
                severity: Severity::Information,
                code: "unknown-acronym",
                message: format!(
                    "{text} is not in the glossary and this document does not expand it; expand it at its first use or add it to a glossary"
                ),
                related: vec![],
            }),
        }
    }
    out.sort_by_key(|d| (d.range.start, d.code));
    out
}
