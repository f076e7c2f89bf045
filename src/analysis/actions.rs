//! Code actions, each tied to the diagnostic it fixes, all computed here (no
//! client-side commands): expand an acronym at its first use, replace a
//! non-preferred term (once or everywhere), unify inconsistent names, add an
//! unknown acronym or a selected phrase to the workspace glossary, and say
//! what a possible mention means ("Means: …").
//!
//! A "Means" action records the choice in the text, with the edit that makes
//! the decision step decide for it next time: an acronym is expanded at its
//! first use as "<label> (<ACR>)" (the document's own definition then
//! governs every use); a name is replaced by a label that names only the
//! chosen entry (the document then names that entry otherwise, which decides
//! the others). An other meaning the glossary notes for an acronym is
//! expanded the same way, after which the mention means what the text says.

use std::ops::Range;
use std::path::PathBuf;

use super::diagnostics::Diagnostic;
use super::{Hit, Resolution, Resolver, definition_of, hit_at, resolved_at, role_of};
use crate::glossary::edit::{Insertion, NewEntry, insert_entry};
use crate::glossary::{EntryId, Format, Glossary, LabelRole};
use crate::index::DocIndex;
use crate::recognize::matcher::{Matcher, SurfaceId};
use crate::text::fold::normalize;
use crate::text::words::is_definable_acronym;

/// Where "add to glossary" writes: an existing glossary (TOML or JSON, by its
/// extension) or a new file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryTarget {
    pub path: PathBuf,
    /// Current text when the file exists.
    pub existing: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryAddition {
    pub path: PathBuf,
    pub create: bool,
    /// Insert `text` at this byte offset of the existing text; for a new file, its whole text.
    pub at: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    /// The diagnostic this action fixes (None for refactorings on a selection).
    pub fixes: Option<Diagnostic>,
    pub edits: Vec<(Range<usize>, String)>,
    pub glossary: Option<GlossaryAddition>,
    pub preferred: bool,
}

impl Action {
    /// An action that fixes `diagnostic` by editing the document only.
    fn fix(
        diagnostic: &Diagnostic,
        title: String,
        edits: Vec<(Range<usize>, String)>,
        preferred: bool,
    ) -> Action {
        Action {
            title,
            fixes: Some(diagnostic.clone()),
            edits,
            glossary: None,
            preferred,
        }
    }
}

/// A stable id from a label ("Academy of X (AX)" → "academy-of-x").
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(60).collect()
}

/// The entry that adds `label` (an acronym when given) to a glossary, with a
/// fresh id made from the label.
pub fn new_entry(glossary: &Glossary, label: &str, acronym: Option<&str>) -> NewEntry {
    let base = slug(label);
    let base = if base.is_empty() {
        "entry".to_string()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 2;
    while glossary.by_id(&id).is_some() {
        id = format!("{base}-{n}");
        n += 1;
    }
    NewEntry::new(&id, label, acronym)
}

/// Where and what the LSP layer inserts to add `entry` to the target file:
/// the file's own text is left as it is (see [`insert_entry`]).
fn addition(target: &GlossaryTarget, entry: &NewEntry) -> GlossaryAddition {
    let format = Format::from_path(&target.path.to_string_lossy());
    let Insertion { at, text } = insert_entry(target.existing.as_deref(), format, entry);
    GlossaryAddition {
        path: target.path.clone(),
        create: target.existing.is_none(),
        at,
        text,
    }
}

/// Actions for the diagnostics overlapping `range`, and for a selection.
pub fn actions(
    index: &DocIndex,
    text_of: &dyn Fn(Range<usize>) -> String,
    matcher: &Matcher,
    diags: &[Diagnostic],
    range: Range<usize>,
    target: Option<&GlossaryTarget>,
) -> Vec<Action> {
    let glossary = matcher.glossary();
    let resolver = Resolver::new(index, matcher);
    let mut out = Vec::new();
    for d in diags
        .iter()
        .filter(|d| d.range.start <= range.end && range.start <= d.range.end)
    {
        let hit = hit_at(index, d.range.start);
        match d.code {
            "undefined-acronym" | "acronym-before-definition" => {
                let (acronym, long) = match &hit {
                    Some(Hit::Mention { range, surface }) => {
                        let s = matcher.surface(*surface);
                        // The label of the entry the mention is linked to.
                        let entry = resolver
                            .resolve(range.start, *surface)
                            .entry()
                            .map(|e| glossary.entry(e).def.label.clone());
                        let long = definition_of(index, &s.form)
                            .map(|d| d.long_form.to_string())
                            .or(entry);
                        (s.form.to_string(), long)
                    }
                    Some(Hit::Token { text, .. }) => (
                        text.to_string(),
                        definition_of(index, text).map(|d| d.long_form.to_string()),
                    ),
                    None => continue,
                };
                let Some(long) = long else { continue };
                let written = text_of(d.range.clone());
                out.push(Action::fix(
                    d,
                    format!("Expand {acronym} here: “{long} ({written})”"),
                    vec![(d.range.clone(), format!("{long} ({written})"))],
                    true,
                ));
            }
            "non-preferred-term" => {
                let Some(Hit::Mention { surface, .. }) = hit else {
                    continue;
                };
                let s = matcher.surface(surface);
                let Some(&(entry, LabelRole::Hidden(h))) = s.entries.first() else {
                    continue;
                };
                let preferred = glossary.preferred_for_hidden(entry, h).to_string();
                out.push(Action::fix(
                    d,
                    format!("Replace with “{preferred}”"),
                    vec![(d.range.clone(), preferred.clone())],
                    true,
                ));
                let all: Vec<(Range<usize>, String)> = index
                    .mentions
                    .iter()
                    .filter(|m| *m.data == surface)
                    .map(|m| (m.start..m.end, preferred.clone()))
                    .collect();
                if all.len() > 1 {
                    let title = format!(
                        "Replace all {} uses of “{}” with “{preferred}”",
                        all.len(),
                        s.form
                    );
                    out.push(Action::fix(d, title, all, false));
                }
            }
            "inconsistent-name" => {
                let Some(Hit::Mention { surface, .. }) = hit else {
                    continue;
                };
                let s = matcher.surface(surface);
                let Some(&(entry, _)) = s.entries.first() else {
                    continue;
                };
                let def = &glossary.entry(entry).def;
                let Some(group) = def
                    .variants
                    .iter()
                    .find(|g| g.iter().any(|v| *normalize(v, false) == *s.form))
                else {
                    continue;
                };
                let forms: Vec<String> = group.iter().map(|v| normalize(v, false)).collect();
                // Offer each spelling used in the document; the most used first.
                let mut used: Vec<(usize, String)> = forms
                    .iter()
                    .map(|f| {
                        let n = index
                            .mentions
                            .iter()
                            .filter(|m| *matcher.surface(*m.data).form == **f)
                            .count();
                        (n, f.clone())
                    })
                    .filter(|(n, _)| *n > 0)
                    .collect();
                used.sort_by_key(|u| std::cmp::Reverse(u.0));
                for (k, (_, chosen)) in used.iter().enumerate() {
                    let edits: Vec<(Range<usize>, String)> = index
                        .mentions
                        .iter()
                        .filter(|m| {
                            let f = &*matcher.surface(*m.data).form;
                            f != chosen.as_str() && forms.iter().any(|g| g.as_str() == f)
                        })
                        .map(|m| (m.start..m.end, chosen.clone()))
                        .collect();
                    let title = format!(
                        "Write “{chosen}” throughout ({} change{})",
                        edits.len(),
                        if edits.len() == 1 { "" } else { "s" }
                    );
                    out.push(Action::fix(d, title, edits, k == 0));
                }
            }
            "unknown-acronym" => {
                let (Some(Hit::Token { text, .. }), Some(target)) = (hit, target) else {
                    continue;
                };
                out.push(Action {
                    title: format!(
                        "Add {text} to the workspace glossary ({})",
                        target.path.display()
                    ),
                    fixes: Some(d.clone()),
                    edits: Vec::new(),
                    glossary: Some(addition(target, &new_entry(glossary, &text, Some(&text)))),
                    preferred: true,
                });
            }
            _ => {}
        }
    }
    out.extend(means_actions(
        index,
        &resolver,
        text_of,
        matcher,
        diags,
        range.start,
    ));
    if range.end > range.start
        && let Some(target) = target
    {
        let phrase = normalize(&text_of(range.clone()), false);
        let words = phrase.split(' ').count();
        if !phrase.is_empty() && words <= 12 && phrase.len() <= 150 && !phrase.contains('\n') {
            let acronym = crate::glossary::is_all_caps(&phrase).then_some(phrase.as_str());
            out.push(Action {
                title: format!("Add “{phrase}” to the workspace glossary"),
                fixes: None,
                edits: Vec::new(),
                glossary: Some(addition(target, &new_entry(glossary, &phrase, acronym))),
                preferred: false,
            });
        }
    }
    out
}

/// "Means: …" for the possible mention at `offset`: one per candidate entry
/// that an edit can decide, one per other meaning of an acronym (see the
/// module doc). Each fixes the label's `ambiguous-mention` when it is in
/// `diags`.
fn means_actions(
    index: &DocIndex,
    resolver: &Resolver<'_>,
    text_of: &dyn Fn(Range<usize>) -> String,
    matcher: &Matcher,
    diags: &[Diagnostic],
    offset: usize,
) -> Vec<Action> {
    let Some((
        range,
        surface,
        Resolution::Possible {
            entries,
            other_meanings,
        },
    )) = resolved_at(index, resolver, offset)
    else {
        return Vec::new();
    };
    let glossary = matcher.glossary();
    // The label's first use: where its ambiguous-mention sits, and where an
    // acronym's expansion goes (before every use, so it governs them all).
    let first = index
        .surface_uses
        .get(&surface)
        .and_then(|(at, _)| index.mentions.at(at, false))
        .map_or(range.clone(), |m| m.start..m.end);
    let fixes = diags
        .iter()
        .find(|d| d.code == "ambiguous-mention" && d.range == first)
        .cloned();
    let action = |title: String, edit: (Range<usize>, String)| Action {
        title,
        fixes: fixes.clone(),
        edits: vec![edit],
        glossary: None,
        preferred: false,
    };
    let mut out = Vec::new();
    let written = text_of(first.clone());
    let acronym = is_definable_acronym(&matcher.surface(surface).form);
    for entry in entries {
        let names = names_of(matcher, entry, surface);
        let edit = if acronym {
            // The first of the entry's names whose expansion decides for it.
            names
                .into_iter()
                .find(|long| {
                    expansion_resolves(matcher, surface, long, &written, |r| {
                        r.entry() == Some(entry)
                    })
                })
                .map(|long| (first.clone(), format!("{long} ({written})")))
        } else {
            // A name of the entry alone: the document then names it otherwise.
            names
                .into_iter()
                .find(|name| names_only(matcher, name, entry))
                .map(|name| (range.clone(), name))
        };
        if let Some(edit) = edit {
            out.push(action(
                format!("Means: {}", glossary.entry(entry).def.label),
                edit,
            ));
        }
    }
    if acronym {
        for (entry, i) in other_meanings {
            let Some(m) = glossary.entry(entry).def.other_meanings.get(i as usize) else {
                continue;
            };
            let meaning = without_trailing_note(&m.meaning);
            let decides = leading_parts(meaning).into_iter().find(|long| {
                expansion_resolves(matcher, surface, long, &written, |r| {
                    matches!(r, Resolution::InText { .. })
                })
            });
            if let Some(long) = decides {
                let edit = (first.clone(), format!("{long} ({written})"));
                out.push(action(format!("Means: {meaning}"), edit));
            }
        }
    }
    out
}

/// The names of `entry` other than `surface` (its preferred label, then its
/// aliases, then its variants, as the matcher holds them, case kept). Not
/// acronyms, hidden labels or labels in other languages.
fn names_of(matcher: &Matcher, entry: EntryId, surface: SurfaceId) -> Vec<String> {
    let own = &matcher.surface(surface).form;
    let mut found: Vec<(u8, String)> = matcher
        .surfaces_of(entry)
        .iter()
        .filter(|s| **s != surface)
        .filter_map(|s| {
            let rank = match role_of(matcher, *s, entry)? {
                LabelRole::Label => 0,
                LabelRole::Alias => 1,
                LabelRole::Variant => 2,
                _ => return None,
            };
            let form = &matcher.surface(*s).form;
            (!form.eq_ignore_ascii_case(own)).then(|| (rank, form.to_string()))
        })
        .collect();
    found.sort();
    found.dedup();
    found.into_iter().map(|(_, form)| form).collect()
}

/// Whether `name` is a label of `entry` alone, so that writing it links
/// the entry plainly (no other entry, no other meaning to weigh).
fn names_only(matcher: &Matcher, name: &str, entry: EntryId) -> bool {
    let surfaces = matcher.lookup(name);
    !surfaces.is_empty()
        && surfaces.iter().all(|s| {
            let s = matcher.surface(*s);
            s.other_meanings.is_empty() && s.entries.iter().all(|(e, _)| *e == entry)
        })
}

/// Whether the decision step, reading "<long> (<written>)", resolves the
/// acronym `surface` there as `expected` says. Reading the phrase alone is
/// enough: the label is possible only while the document defines it nowhere,
/// so this definition, written at its first use, governs every use.
fn expansion_resolves(
    matcher: &Matcher,
    surface: SurfaceId,
    long: &str,
    written: &str,
    expected: impl Fn(&Resolution) -> bool,
) -> bool {
    let phrase = format!("{long} ({written})");
    let index = DocIndex::build(phrase.as_str(), false, matcher);
    let at = long.len() + " (".len();
    expected(&Resolver::new(&index, matcher).resolve(at, surface))
}

/// A meaning without its trailing parenthesised note ("Federal Security
/// Service of the Russian Federation (Russian: ФСБ)" → "… Federation"), so
/// that "<meaning> (<ACR>)" reads as one definition.
fn without_trailing_note(meaning: &str) -> &str {
    let trimmed = meaning.trim_end();
    match trimmed.strip_suffix(')').and_then(|_| trimmed.rfind(" (")) {
        Some(i) => trimmed[..i].trim_end(),
        None => trimmed,
    }
}

/// A meaning and its leading parts, longest first, each cut before a
/// comma or a lower-case joining word ("Federal Security Service of the
/// Russian Federation", "Federal Security Service"): the in-text definition
/// rule may read a shorter name as the acronym's expansion when it does not
/// read the whole one.
fn leading_parts(meaning: &str) -> Vec<&str> {
    let joining = |w: &str| matches!(w, "of" | "for" | "and" | "on" | "the" | "in" | "de");
    let mut parts = vec![meaning];
    let mut cuts: Vec<usize> = meaning
        .match_indices([' ', ','])
        .filter(|(i, sep)| *sep == "," || meaning[i + 1..].split(' ').next().is_some_and(joining))
        .map(|(i, _)| i)
        .collect();
    cuts.sort_unstable_by(|a, b| b.cmp(a));
    for cut in cuts {
        let part = meaning[..cut].trim_end_matches([' ', ',']);
        let ends_joined = part.rsplit(' ').next().is_some_and(joining);
        if part.split_whitespace().count() >= 2 && !ends_joined && !parts.contains(&part) {
            parts.push(part);
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::context_fixture::{at, id, index, matcher};
    use crate::analysis::diagnostics::diagnostics;
    use crate::config::DiagnosticLevels;

    /// The "Means" actions at the `nth` `needle` of `text`: (title, the
    /// text after applying the action).
    fn means(text: &str, needle: &str, nth: usize) -> Vec<(String, String)> {
        let m = matcher();
        let index = index(&m, text);
        let diags = diagnostics(&index, &m, &DiagnosticLevels::default());
        let text_of = |r: Range<usize>| text[r].to_string();
        let offset = at(text, needle, nth) + 1;
        actions(&index, &text_of, &m, &diags, offset..offset, None)
            .into_iter()
            .filter(|a| a.title.starts_with("Means: "))
            .map(|a| {
                assert_eq!(
                    a.fixes.as_ref().map(|d| d.code),
                    Some("ambiguous-mention"),
                    "{}",
                    a.title
                );
                let mut edited = text.to_string();
                for (range, new) in a.edits.iter().rev() {
                    edited.replace_range(range.clone(), new);
                }
                (a.title, edited)
            })
            .collect()
    }

    /// What every mention of `needle` in `text` resolves to, and the codes
    /// of the diagnostics.
    fn after(text: &str, needle: &str) -> (Vec<Resolution>, Vec<&'static str>) {
        let m = matcher();
        let index = index(&m, text);
        let resolver = Resolver::new(&index, &m);
        let resolved = index
            .mentions
            .iter()
            .filter(|s| text[s.start..s.end].starts_with(needle))
            .map(|s| resolver.resolve(s.start, *s.data))
            .collect();
        let codes = diagnostics(&index, &m, &DiagnosticLevels::default())
            .into_iter()
            .map(|d| d.code)
            .collect();
        (resolved, codes)
    }

    #[test]
    fn each_candidate_of_a_possible_acronym_is_a_choice_that_decides_every_use() {
        let m = matcher();
        let text = "Éé 中文 😀 The PPP rose.\n\nLater the PPP fell.\n";
        // From the second use: the expansion goes to the first.
        let offered = means(text, "PPP", 1);
        assert_eq!(
            offered,
            vec![
                (
                    "Means: purchasing power parity".to_string(),
                    "Éé 中文 😀 The purchasing power parity (PPP) rose.\n\nLater the PPP fell.\n".to_string()
                ),
                (
                    "Means: public-private partnership".to_string(),
                    "Éé 中文 😀 The public-private partnership (PPP) rose.\n\nLater the PPP fell.\n".to_string()
                ),
            ]
        );
        for ((_, edited), chosen) in offered.iter().zip(["ppp-parity", "ppp-partnership"]) {
            let (resolved, codes) = after(edited, "PPP");
            assert_eq!(resolved.len(), 2, "{edited}");
            for r in resolved {
                assert_eq!(r.entry(), Some(id(&m, chosen)), "{edited}: {r:?}");
            }
            assert!(!codes.contains(&"ambiguous-mention"), "{codes:?}");
        }
    }

    #[test]
    fn another_meaning_of_an_acronym_is_a_choice_that_makes_it_in_text() {
        let m = matcher();
        let text = "Russia spoke.\n\nThe FSB met. The FSB left.\n";
        let offered = means(text, "FSB", 1);
        let titles: Vec<&str> = offered.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "Means: Financial Stability Board",
                "Means: Federal Security Service of the Russian Federation"
            ]
        );
        let (resolved, codes) = after(&offered[0].1, "FSB");
        assert!(
            resolved.iter().all(|r| r.entry() == Some(id(&m, "fsb"))),
            "{resolved:?}"
        );
        assert!(!codes.contains(&"ambiguous-mention"), "{codes:?}");
        // The whole meaning is an expansion the definition rule reads.
        assert_eq!(
            offered[1].1,
            "Russia spoke.\n\nThe Federal Security Service of the Russian Federation (FSB) met. The FSB left.\n"
        );
        let (resolved, codes) = after(&offered[1].1, "FSB");
        assert!(!resolved.is_empty());
        assert!(
            resolved
                .iter()
                .all(|r| matches!(r, Resolution::InText { .. })),
            "{resolved:?}"
        );
        assert!(!codes.contains(&"ambiguous-mention"), "{codes:?}");
    }

    #[test]
    fn a_shared_name_is_replaced_by_a_name_of_the_chosen_entry_alone() {
        let m = matcher();
        let text = "中文 Congo voted. Congo abstained.\n";
        let offered = means(text, "Congo", 1);
        assert_eq!(
            offered,
            vec![
                (
                    "Means: Republic of the Congo".to_string(),
                    "中文 Congo voted. Republic of the Congo abstained.\n".to_string()
                ),
                (
                    "Means: Democratic Republic of the Congo".to_string(),
                    "中文 Congo voted. Democratic Republic of the Congo abstained.\n".to_string()
                ),
            ]
        );
        for ((_, edited), chosen) in offered.iter().zip(["congo", "drc"]) {
            let (resolved, codes) = after(edited, "Congo");
            assert_eq!(resolved.len(), 1, "{edited}");
            assert_eq!(resolved[0].entry(), Some(id(&m, chosen)), "{edited}");
            assert!(!codes.contains(&"ambiguous-mention"), "{codes:?}");
        }
    }

    #[test]
    fn an_undefined_acronym_the_document_decided_expands_to_the_decided_entry() {
        let m = matcher();
        let text = "A public-private partnership was signed. The PPP builds roads.\n";
        let index = index(&m, text);
        let diags = diagnostics(&index, &m, &DiagnosticLevels::default());
        let text_of = |r: Range<usize>| text[r].to_string();
        let offset = at(text, "PPP", 0);
        let titles: Vec<String> = actions(&index, &text_of, &m, &diags, offset..offset, None)
            .into_iter()
            .map(|a| a.title)
            .collect();
        assert_eq!(
            titles,
            vec!["Expand PPP here: “public-private partnership (PPP)”"]
        );
    }

    #[test]
    fn no_choice_on_decided_or_set_aside_mentions() {
        assert!(
            means(
                "The International Criminal Court (ICC) sat. The ICC ruled.\n",
                "ICC",
                1
            )
            .is_empty()
        );
        assert!(means("Jordan Peterson spoke.\n", "Jordan", 0).is_empty());
    }

    #[test]
    fn leading_parts_of_a_meaning() {
        assert_eq!(
            leading_parts("Federal Security Service of the Russian Federation"),
            vec![
                "Federal Security Service of the Russian Federation",
                "Federal Security Service"
            ]
        );
        assert_eq!(
            leading_parts("Georgia, a state of the United States"),
            vec!["Georgia, a state of the United States", "Georgia, a state",]
        );
        assert_eq!(
            without_trailing_note(
                "Federal Security Service of the Russian Federation (Russian: ФСБ)"
            ),
            "Federal Security Service of the Russian Federation"
        );
        assert_eq!(without_trailing_note("Plain (x) name"), "Plain (x) name");
    }
}
