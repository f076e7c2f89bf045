//! Document diagnostics, each with a stable code (see README "Diagnostics").
//!
//! A pure function of the document's index, the matcher and the severity
//! settings. Diagnostics are per distinct acronym or name (at its first use),
//! except `non-preferred-term`, which marks every use, and
//! `definition-clash`, which marks each in-text definition that gives a
//! glossary acronym another meaning. Each follows what the decision step
//! resolves a mention to name: acronym and spelling rules apply to linked
//! mentions only; a mention the document defines in the text is not
//! "undefined"; a label nothing in the document decides is reported as
//! `ambiguous-mention` (once per label: one choice, recorded in the text,
//! decides every use of it).

use std::collections::HashMap;
use std::ops::Range;

use super::{InTextDefinition, Resolution, Resolver, role_of};
use crate::config::DiagnosticLevels;
use crate::decide::dated::{Anachronism, OutdatedTitle, anachronism, outdated_title};
use crate::decide::titles::Title;
use crate::glossary::{EntryId, Glossary, LabelRole};
use crate::index::DocIndex;
use crate::problem::Severity;
use crate::recognize::matcher::Matcher;
use crate::time::{PartialDate, describe_date};

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

pub const CODES: [&str; 9] = [
    "undefined-acronym",
    "acronym-before-definition",
    "non-preferred-term",
    "inconsistent-name",
    "unknown-acronym",
    "ambiguous-mention",
    "definition-clash",
    "outdated-title",
    "anachronistic-name",
];

pub fn diagnostics(
    index: &DocIndex,
    matcher: &Matcher,
    levels: &DiagnosticLevels,
) -> Vec<Diagnostic> {
    let glossary = matcher.glossary();
    let resolver = Resolver::new(index, matcher);
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
    for (sid, first, uses) in index.surface_uses.sorted() {
        let surface = matcher.surface(sid);
        let range = first..index.mentions.at(first, false).map_or(first, |s| s.end);
        let entry_id = match resolver.resolve(first, sid) {
            Resolution::Entry { entry, .. } => entry,
            Resolution::Possible {
                entries,
                other_meanings,
            } => {
                push(ambiguous(
                    matcher,
                    &surface.form,
                    range,
                    uses,
                    &entries,
                    &other_meanings,
                ));
                continue;
            }
            // The document defines it: nothing the glossary says applies.
            Resolution::InText { definition, .. } => {
                if range.start < definition.start() {
                    push(before_definition(&range, &definition, &surface.form));
                }
                continue;
            }
        };
        let entry = glossary.entry(entry_id);
        let role = role_of(matcher, sid, entry_id);
        if role == Some(LabelRole::Acronym) && !entry.def.well_known {
            match resolver.first_definition(&surface.form) {
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
        // The variant group is the first entry's.
        if let Some(g) = surface.variant_group
            && surface.entries.first().map(|(e, _)| *e) == Some(entry_id)
        {
            let forms = variant_forms.entry((entry_id, g as usize)).or_default();
            if !forms.iter().any(|(f, _)| **f == *surface.form) {
                forms.push((surface.form.to_string(), range.clone()));
            }
        }
    }
    // Looking up every definition's long form costs; only when reported.
    if levels.level("definition-clash").severity().is_some() {
        for (definition, meanings) in resolver.clashes() {
            push(clash(matcher, &definition, &meanings));
        }
    }
    // Every use of a hidden label that names its entry here.
    for m in index.hidden.iter() {
        let surface = matcher.surface(*m.data);
        let Some(&(entry_id, LabelRole::Hidden(i))) = surface.entries.first() else {
            continue;
        };
        if resolver.resolve(m.start, *m.data).entry() != Some(entry_id) {
            continue;
        }
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

    // Only the suspects can draw a time diagnostic (see
    // `DocIndex::time_suspects`): a keystroke reads those, not every title.
    let suspects = index.time_suspects();
    let suspect_titles = suspects.map(|(titles, _)| {
        titles.iter().filter_map(|s| {
            index
                .titles
                .at(s.start, false)
                .filter(|t| t.start == s.start)
        })
    });
    let suspect_history = suspects.map(|(_, history)| {
        history.iter().filter_map(|s| {
            index
                .history
                .at(s.start, false)
                .filter(|h| h.start == s.start)
        })
    });
    let titles: Box<dyn Iterator<Item = _>> = match suspect_titles {
        Some(suspects) => Box::new(suspects),
        None => Box::new(index.titles.iter()),
    };
    let history: Box<dyn Iterator<Item = _>> = match suspect_history {
        Some(suspects) => Box::new(suspects),
        None => Box::new(index.history.iter()),
    };
    if let Some(date) = index.date.as_ref().map(|d| d.span()) {
        for t in titles {
            let Some(person) = index
                .mentions
                .starting_in(t.start..t.start + 1)
                .next()
                .and_then(|m| resolver.resolve(m.start, *m.data).entry())
            else {
                continue;
            };
            if let Some(outdated) = outdated_title(glossary, person, t.data, date) {
                push(outdated_title_diagnostic(
                    glossary, person, t.data, t.start, &outdated, date,
                ));
            }
        }
    }

    if let Some(date) = index.date.as_ref().map(|d| d.span()) {
        for h in history {
            let Some(m) = index.mentions.starting_in(h.start..h.start + 1).next() else {
                continue;
            };
            let Some(entry) = resolver.resolve(m.start, *m.data).entry() else {
                continue;
            };
            let role = role_of(matcher, *m.data, entry);
            if let Some(a) = anachronism(glossary, entry, role, h.data, date) {
                let form = &matcher.surface(*m.data).form;
                push(anachronism_diagnostic(
                    glossary,
                    entry,
                    form,
                    m.start..m.end,
                    &a,
                    date,
                ));
            }
        }
    }

    for (text, first, _) in index.token_uses.sorted() {
        let range = first..index.tokens.at(first, false).map_or(first, |s| s.end);
        match resolver.first_definition(&text) {
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

/// The meanings a possible mention may have: its candidate entries' labels,
/// then the other meanings the glossary notes that the document points to.
pub fn possible_meanings(
    matcher: &Matcher,
    entries: &[EntryId],
    other_meanings: &[(EntryId, u16)],
) -> Vec<String> {
    let glossary = matcher.glossary();
    // Entries with the same label are told apart by their date, else their id.
    let label = |e: &EntryId| glossary.entry(*e).def.label.as_str();
    let mut out: Vec<String> = entries
        .iter()
        .map(|e| {
            let def = &glossary.entry(*e).def;
            if entries.iter().filter(|o| label(o) == def.label).count() < 2 {
                return def.label.clone();
            }
            match def.period().start {
                Some(start) => format!("{} ({})", def.label, crate::time::describe_date(&start)),
                None => format!("{} ({})", def.label, def.id),
            }
        })
        .collect();
    out.extend(other_meanings.iter().filter_map(|(e, i)| {
        glossary
            .entry(*e)
            .def
            .other_meanings
            .get(*i as usize)
            .map(|m| m.meaning.clone())
    }));
    out
}

/// "“Swaziland” names Eswatini until April 2018 …", "The G8 ended in
/// 2014 …", "… did not exist before 2002 …".
fn anachronism_diagnostic(
    glossary: &Glossary,
    entry: EntryId,
    form: &str,
    range: Range<usize>,
    a: &Anachronism<'_>,
    date: PartialDate,
) -> Diagnostic {
    let label = &glossary.entry(entry).def.label;
    let date = describe_date(&date);
    let message = match a {
        Anachronism::LabelOutOfDate { period, .. } => format!(
            "“{form}” names {label} {}, not at this document's date ({date}); write “{label}”",
            period.describe()
        ),
        Anachronism::Ended { end, successors } => {
            let after = successors
                .iter()
                .map(|e| format!("“{}”", glossary.entry(*e).def.label))
                .collect::<Vec<_>>();
            let after = if after.is_empty() {
                String::new()
            } else {
                format!(" and was succeeded by {}", after.join(" and "))
            };
            format!(
                "{label} ended {}{after}; this document is dated {date}. Name what exists at that date, or mark it as past (“the former {form}”)",
                on_or_in(end)
            )
        }
        Anachronism::NotYet { start } => format!(
            "{label} was founded or adopted {}; this document is dated {date}, before it existed. Check the document's date or the name",
            on_or_in(start)
        ),
    };
    Diagnostic {
        range,
        severity: Severity::Warning,
        code: "anachronistic-name",
        message,
        related: vec![],
    }
}

/// "on 9 July 2002", "in March 2014", "in 2014".
fn on_or_in(d: &PartialDate) -> String {
    let preposition = if d.first == d.last { "on" } else { "in" };
    format!("{preposition} {}", describe_date(d))
}

/// "“Prime Minister” Tony Blair: held 1997–2007 (United Kingdom), not at
/// this document's date (1 May 2024), when it was Rishi Sunak."
fn outdated_title_diagnostic(
    glossary: &Glossary,
    person: EntryId,
    title: &Title,
    name_start: usize,
    outdated: &OutdatedTitle<'_>,
    date: PartialDate,
) -> Diagnostic {
    let held: Vec<String> = outdated
        .held
        .iter()
        .map(|r| {
            let of =
                r.of.as_deref()
                    .and_then(|id| glossary.by_id(id))
                    .map(|e| format!(" ({})", glossary.entry(e).def.label))
                    .unwrap_or_default();
            format!("{}{of} {}", r.title, r.period().describe())
        })
        .collect();
    let then: Vec<&str> = outdated
        .holders_then
        .iter()
        .map(|e| glossary.entry(*e).def.label.as_str())
        .collect();
    let then = if then.is_empty() {
        String::new()
    } else {
        format!("; at that date it was {}", then.join(" or "))
    };
    Diagnostic {
        range: title.range(name_start),
        severity: Severity::Warning,
        code: "outdated-title",
        message: format!(
            "“{}”: {} was {}, not at this document's date ({}){then}. Write “former {}” or the title held then",
            title.text,
            glossary.entry(person).def.label,
            held.join(", and "),
            describe_date(&date),
            title.text,
        ),
        related: vec![],
    }
}

/// `ambiguous-mention` at the first use of a label nothing in the document
/// decides.
fn ambiguous(
    matcher: &Matcher,
    form: &str,
    range: Range<usize>,
    uses: u32,
    entries: &[EntryId],
    other_meanings: &[(EntryId, u16)],
) -> Diagnostic {
    let meanings: Vec<String> = possible_meanings(matcher, entries, other_meanings)
        .into_iter()
        .map(|m| format!("“{m}”"))
        .collect();
    let uses = if uses > 1 {
        format!(" ({uses} uses)")
    } else {
        String::new()
    };
    Diagnostic {
        range,
        severity: Severity::Information,
        code: "ambiguous-mention",
        message: format!(
            "“{form}” may mean {}; nothing in this document decides{uses}. Expand it where it is first used to say which",
            or_list(&meanings)
        ),
        related: vec![],
    }
}

/// `definition-clash` at an in-text definition that gives a glossary
/// acronym another meaning.
fn clash(matcher: &Matcher, definition: &InTextDefinition, meanings: &[EntryId]) -> Diagnostic {
    let glossary = matcher.glossary();
    let labels: Vec<String> = meanings
        .iter()
        .map(|e| glossary.entry(*e).def.label.clone())
        .collect();
    Diagnostic {
        range: definition.start()..definition.acronym_range.end.max(definition.long_range.end),
        severity: Severity::Warning,
        code: "definition-clash",
        message: format!(
            "{acronym} is expanded here as “{}”; the glossary's {acronym} is {}",
            definition.long_form,
            or_list(&labels),
            acronym = definition.acronym,
        ),
        related: vec![],
    }
}

/// "a", "a or b", "a, b or c".
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::context_fixture::{at, index, matcher};
    use crate::config::Level;

    fn found(text: &str, levels: &DiagnosticLevels) -> Vec<(&'static str, String, String)> {
        let m = matcher();
        diagnostics(&index(&m, text), &m, levels)
            .into_iter()
            .map(|d| (d.code, text[d.range].to_string(), d.message))
            .collect()
    }

    #[test]
    fn a_label_nothing_decides_is_reported_once_at_its_first_use() {
        let text = "Éé 中文 😀 The PPP rose. The PPP fell.\n";
        let m = matcher();
        let d = diagnostics(&index(&m, text), &m, &DiagnosticLevels::default());
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "ambiguous-mention");
        assert_eq!(d[0].severity, Severity::Information);
        assert_eq!(d[0].range.start, at(text, "PPP", 0));
        assert_eq!(
            d[0].message,
            "“PPP” may mean “purchasing power parity” or “public-private partnership”; nothing in this document decides (2 uses). Expand it where it is first used to say which"
        );
        // Another meaning the document points to is named too.
        assert_eq!(
            found("Russia spoke.\n\nThe FSB met.\n", &DiagnosticLevels::default()),
            vec![(
                "ambiguous-mention",
                "FSB".to_string(),
                "“FSB” may mean “Financial Stability Board” or “Federal Security Service of the Russian Federation (Russian: ФСБ)”; nothing in this document decides. Expand it where it is first used to say which".to_string()
            )]
        );
        // Decided by the document: no ambiguity; the decided acronym is undefined.
        let decided = found(
            "A public-private partnership was signed. The PPP builds roads.\n",
            &DiagnosticLevels::default(),
        );
        assert_eq!(
            decided.iter().map(|d| d.0).collect::<Vec<_>>(),
            vec!["undefined-acronym"],
            "{decided:?}"
        );
        let off = DiagnosticLevels {
            ambiguous_mention: Level::Off,
            ..DiagnosticLevels::default()
        };
        assert!(found(text, &off).is_empty());
    }

    #[test]
    fn an_acronym_the_document_defines_otherwise_is_not_undefined_and_may_clash() {
        let text = "中文 The International Cricket Council (ICC) met. The ICC fined two boards.\n";
        assert!(found(text, &DiagnosticLevels::default()).is_empty());
        let on = DiagnosticLevels {
            definition_clash: Level::Warning,
            ..DiagnosticLevels::default()
        };
        assert_eq!(
            found(text, &on),
            vec![(
                "definition-clash",
                "International Cricket Council (ICC".to_string(),
                "ICC is expanded here as “International Cricket Council”; the glossary's ICC is International Criminal Court".to_string()
            )]
        );
        // Used before the document's own definition: said so.
        let early = "The ICC fined two boards. The International Cricket Council (ICC) met.\n";
        assert_eq!(
            found(early, &DiagnosticLevels::default())
                .iter()
                .map(|d| (d.0, d.1.as_str()))
                .collect::<Vec<_>>(),
            vec![("acronym-before-definition", "ICC")]
        );
        // The glossary's own expansion is no clash; the glossary's acronym undefined is.
        assert!(found("The International Criminal Court (ICC) sat.\n", &on).is_empty());
        assert_eq!(
            found("The ICC sat.\n", &on)
                .iter()
                .map(|d| d.0)
                .collect::<Vec<_>>(),
            vec!["undefined-acronym"]
        );
    }

    #[test]
    fn or_lists() {
        let s = |v: &[&str]| or_list(&v.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_eq!(s(&[]), "");
        assert_eq!(s(&["a"]), "a");
        assert_eq!(s(&["a", "b"]), "a or b");
        assert_eq!(s(&["a", "b", "c"]), "a, b or c");
    }
}
