//! Document symbols (the entities a document mentions, grouped by kind, plus
//! Markdown headings as a tree) and workspace symbols (fuzzy search of entries).
//!
//! Pure: byte ranges and core kinds; must not know about LSP symbol kinds or
//! where an entry's file is on disk.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::navigate::named_mentions;
use crate::glossary::{EntryId, Glossary, Kind, surfaces};
use crate::index::DocIndex;
use crate::recognize::matcher::Matcher;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Heading,
    Group(Kind),
    Entity(Kind),
    Mention,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    pub range: Range<usize>,
    pub selection: Range<usize>,
    pub children: Vec<Symbol>,
}

fn kind_group_name(k: Kind) -> &'static str {
    match k {
        Kind::Concept => "Concepts",
        Kind::Organization => "Organizations",
        Kind::Person => "People",
        Kind::Place => "Places",
        Kind::Document => "Documents",
        Kind::Event => "Events",
        Kind::Other => "Other",
    }
}

/// Entities grouped by kind (each with its linked mentions), then headings.
pub fn document_symbols(index: &DocIndex, matcher: &Matcher, text: Option<&str>) -> Vec<Symbol> {
    let glossary = matcher.glossary();
    let mut by_entry: BTreeMap<EntryId, Vec<Range<usize>>> = BTreeMap::new();
    // Linked mentions only, under the entry they name: a possible mention
    // would sit under an entry it may not name, an in-text one names none.
    for (range, _, named) in named_mentions(index, matcher) {
        if let Some(e) = named.linked() {
            by_entry.entry(e).or_default().push(range);
        }
    }
    let mut groups: BTreeMap<u8, Symbol> = BTreeMap::new();
    let mut entities: Vec<(EntryId, Vec<Range<usize>>)> = by_entry.into_iter().collect();
    entities.sort_by_key(|(_, r)| r[0].start);
    for (id, ranges) in entities {
        let def = &glossary.entry(id).def;
        let hull = ranges[0].start..ranges[ranges.len() - 1].end;
        let mentions = ranges
            .iter()
            .map(|r| Symbol {
                name: text
                    .and_then(|t| t.get(r.clone()))
                    .unwrap_or(&def.label)
                    .to_string(),
                detail: None,
                kind: SymbolKind::Mention,
                range: r.clone(),
                selection: r.clone(),
                children: Vec::new(),
            })
            .collect();
        let entity = Symbol {
            name: def.label.clone(),
            detail: Some(format!(
                "{} mention{}",
                ranges.len(),
                if ranges.len() == 1 { "" } else { "s" }
            )),
            kind: SymbolKind::Entity(def.kind),
            range: hull.clone(),
            selection: ranges[0].clone(),
            children: mentions,
        };
        let group = groups.entry(def.kind as u8).or_insert_with(|| Symbol {
            name: kind_group_name(def.kind).to_string(),
            detail: None,
            kind: SymbolKind::Group(def.kind),
            range: hull.clone(),
            selection: hull.start..hull.start,
            children: Vec::new(),
        });
        group.range = group.range.start.min(hull.start)..group.range.end.max(hull.end);
        group.selection = group.range.start..group.range.start;
        group.children.push(entity);
    }
    let mut out: Vec<Symbol> = groups.into_values().collect();
    if index.is_markdown()
        && let Some(text) = text
    {
        out.extend(headings(text));
    }
    out
}

fn level(l: HeadingLevel) -> usize {
    l as usize
}

/// Markdown headings as a tree; a heading's range runs to the next heading of
/// the same or a higher level.
pub fn headings(text: &str) -> Vec<Symbol> {
    let mut flat: Vec<(usize, Range<usize>, String)> = Vec::new();
    let mut current: Option<(usize, Range<usize>, String)> = None;
    for (ev, range) in Parser::new(text).into_offset_iter() {
        match ev {
            Event::Start(Tag::Heading { level: l, .. }) => {
                current = Some((level(l), range, String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = &mut current {
                    c.2.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(c) = current.take() {
                    flat.push(c);
                }
            }
            _ => {}
        }
    }
    fn build(flat: &[(usize, Range<usize>, String)], text_len: usize) -> Vec<Symbol> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < flat.len() {
            let (lvl, sel, name) = &flat[i];
            let mut j = i + 1;
            while j < flat.len() && flat[j].0 > *lvl {
                j += 1;
            }
            let end = flat.get(j).map_or(text_len, |n| n.1.start);
            out.push(Symbol {
                name: name.trim().to_string(),
                detail: None,
                kind: SymbolKind::Heading,
                range: sel.start..end.max(sel.end),
                selection: sel.clone(),
                children: build(&flat[i + 1..j], end),
            });
            i = j;
        }
        out
    }
    build(&flat, text.len())
}

/// Entries whose label, alias or acronym fuzzily matches `query`, best first.
pub fn workspace_symbols(glossary: &Glossary, query: &str, limit: usize) -> Vec<EntryId> {
    let q: Vec<char> = query
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut scored: Vec<(i64, EntryId)> = glossary
        .ids()
        .filter_map(|id| {
            let def = &glossary.entry(id).def;
            surfaces(def)
                .iter()
                .filter_map(|s| fuzzy_score(&q, s.text))
                .max()
                .map(|s| (s, id))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(limit).map(|(_, id)| id).collect()
}

/// A glossary entry found by a workspace-symbol search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntrySymbol {
    pub entry: EntryId,
    /// The entry's preferred label.
    pub name: String,
    pub kind: Kind,
    /// "kind · id", shown next to the name.
    pub container: String,
}

/// [`workspace_symbols`] as symbols to show: label, kind and "kind · id".
/// Where each entry is written is the adapter's (it may copy the embedded
/// glossary to disk).
pub fn workspace_entry_symbols(glossary: &Glossary, query: &str, limit: usize) -> Vec<EntrySymbol> {
    workspace_symbols(glossary, query, limit)
        .into_iter()
        .map(|entry| {
            let def = &glossary.entry(entry).def;
            EntrySymbol {
                entry,
                name: def.label.clone(),
                kind: def.kind,
                container: format!("{} · {}", def.kind.as_str(), def.id),
            }
        })
        .collect()
}

/// Subsequence match score: prefers prefixes, word starts and contiguous runs.
pub fn fuzzy_score(query: &[char], candidate: &str) -> Option<i64> {
    if query.is_empty() {
        return Some(0);
    }
    let cand: Vec<char> = candidate.to_lowercase().chars().collect();
    let mut qi = 0;
    let mut score = 0i64;
    let mut prev_match: Option<usize> = None;
    for (i, c) in cand.iter().enumerate() {
        if qi < query.len() && *c == query[qi] {
            let word_start = i == 0 || !cand[i - 1].is_alphanumeric();
            score += 1
                + if word_start { 8 } else { 0 }
                + if prev_match == Some(i.wrapping_sub(1)) {
                    5
                } else {
                    0
                };
            if i == 0 {
                score += 10;
            }
            prev_match = Some(i);
            qi += 1;
        }
    }
    (qi == query.len()).then(|| score * 100 / (cand.len() as i64 + 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_linked_mentions_are_listed_under_their_entry() {
        use crate::analysis::context_fixture::{index, matcher};
        let m = matcher();
        let text = "中文 The International Cricket Council (ICC) met. The ICC fined two boards. The PPP rose. Russia and the Republic of the Congo spoke; Congo again.\n";
        let symbols = document_symbols(&index(&m, text), &m, Some(text));
        let listed: Vec<(String, Vec<String>)> = symbols
            .iter()
            .flat_map(|group| &group.children)
            .map(|e| {
                let mentions = e.children.iter().map(|c| c.name.clone()).collect();
                (e.name.clone(), mentions)
            })
            .collect();
        assert_eq!(
            listed,
            vec![
                ("Russia".to_string(), vec!["Russia".to_string()]),
                (
                    "Republic of the Congo".to_string(),
                    vec!["Republic of the Congo".to_string(), "Congo".to_string()]
                ),
            ]
        );
    }

    #[test]
    fn heading_tree() {
        let t = "# A\n\ntext\n\n## B\n\nx\n\n## C\n\n# D\n";
        let h = headings(t);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].name, "A");
        assert_eq!(
            h[0].children
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
            vec!["B", "C"]
        );
        assert_eq!(h[0].range.end, t.find("# D").unwrap());
    }

    #[test]
    fn workspace_symbols_show_label_kind_and_id() {
        let matcher = crate::recognize::matcher::Matcher::from_toml(
            "[[entry]]\nid = \"sco\"\nlabel = \"Shanghai Cooperation Organisation\"\nkind = \"organization\"\nacronyms = [\"SCO\"]\n\n[[entry]]\nid = \"scope\"\nlabel = \"Scope\"\nkind = \"concept\"\n",
            false,
        )
        .expect("the test glossary loads");
        let g = matcher.glossary();
        let found = workspace_entry_symbols(g, "sco", 10);
        assert_eq!(
            found[0],
            EntrySymbol {
                entry: g.by_id("sco").unwrap(),
                name: "Shanghai Cooperation Organisation".to_string(),
                kind: Kind::Organization,
                container: "organization · sco".to_string(),
            }
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].container, "concept · scope");
        assert_eq!(workspace_entry_symbols(g, "sco", 1).len(), 1);
        assert!(workspace_entry_symbols(g, "xyz", 10).is_empty());
    }

    #[test]
    fn fuzzy() {
        let q: Vec<char> = "sco".chars().collect();
        assert!(fuzzy_score(&q, "SCO") > fuzzy_score(&q, "Shanghai Cooperation Organisation"));
        assert!(fuzzy_score(&q, "Shanghai Cooperation Organisation").is_some());
        assert!(fuzzy_score(&q, "Brazil").is_none());
    }
}
