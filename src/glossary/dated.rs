//! Dated facts across the merged glossary: who succeeded whom
//! (`replaces` / `replaced_by`, either side written, the other inferred),
//! the period of a dated label a text matched, and the cross-file checks on
//! them: a succession that loops, and two people holding a single-holder
//! office at once.
//!
//! Owns [`is_plural_office`], the rule telling offices with several holders
//! at a time ("Vice President", "Member of …") from single-holder ones.
//! Must not parse dates (see [`crate::time`]) or check one file alone (see
//! [`super::load`]); knows nothing of documents or of the date in use.

use std::collections::HashMap;
use std::ops::Range;

#[cfg(test)]
use super::LabelRole;
use super::model::DatedLabel;
use super::{EntryId, Glossary, spans};
use crate::problem::{Problem, ProblemLocator, Severity};
use crate::text::fold::{fold_label, squash};
use crate::time::Period;

/// Whether an office title names an office several people hold at the same
/// time, so that overlapping holders are normal: deputies and vices
/// ("Vice President", "Deputy Prime Minister", "Under-Secretary-General"),
/// members of a body ("Member of the Presidency", "Judge", "Senator",
/// "Commissioner"), envoys and advisers ("Ambassador", "Special Envoy",
/// "Adviser"), shared chairs ("Co-Chair"), and the plural ministerial ranks
/// ("State Councillor", "Minister of State", "Minister without Portfolio",
/// "Governor").
///
/// A word counts whole: "Commissioner-General" and "Secretary-General" are
/// single offices, "Vice-President" and "Co-Chair" are not (their first
/// part is a prefix that makes them plural). "High" before "Representative"
/// or "Commissioner" names the one holder of an organisation's office (the
/// High Representative, the High Commissioner for Refugees).
pub fn is_plural_office(title: &str) -> bool {
    /// Words that make an office plural wherever they stand.
    const PLURAL_WORDS: &[&str] = &[
        "deputy",
        "vice",
        "assistant",
        "member",
        "members",
        "judge",
        "justice",
        "senator",
        "representative",
        "commissioner",
        "ambassador",
        "envoy",
        "special",
        "adviser",
        "advisor",
        "aide",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "rapporteur",
        "governor",
        "minister",
        "delegate",
        "founder",
        "co-founder",
        "professor",
        "fellow",
        "researcher",
    ];
    /// First parts of a hyphenated word that make it plural.
    const PLURAL_PREFIXES: &[&str] = &["vice", "deputy", "under", "co", "assistant"];
    /// Phrases (lower case, single spaces) that make an office plural.
    const PLURAL_PHRASES: &[&str] = &[
        "under secretary",
        "state councillor",
        "state councilor",
        "minister of state",
        "minister without portfolio",
    ];
    /// Words that, just before a plural word, name a single office.
    const SINGLE_BEFORE: &[&str] = &["high"];

    let lower = title.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let spaced = words.join(" ").replace('-', " ");
    if PLURAL_PHRASES.iter().any(|p| spaced.contains(p)) {
        return true;
    }
    // "Minister" counts only alone: "Prime Minister", "Minister of Foreign
    // Affairs" are single offices; a bare "Minister" names none.
    if words == ["minister"] {
        return true;
    }
    words.iter().enumerate().any(|(i, word)| {
        let after_single = i > 0 && SINGLE_BEFORE.contains(&words[i - 1]);
        let whole = *word != "minister" && PLURAL_WORDS.contains(word) && !after_single;
        let prefixed = word
            .split_once('-')
            .is_some_and(|(first, _)| PLURAL_PREFIXES.contains(&first));
        whole || prefixed
    })
}

/// How a succession link is written: the entry and the path of the value.
#[derive(Debug, Clone)]
struct Link {
    written_in: EntryId,
    path: String,
}

impl Glossary {
    /// The entries that succeeded `id` (its `replaced_by`, and every entry
    /// whose `replaces` names it), in glossary order, each once.
    pub fn successors(&self, id: EntryId) -> &[EntryId] {
        self.successors
            .get(id.0 as usize)
            .map(|list| list.as_slice())
            .unwrap_or_default()
    }

    /// The entries `id` succeeded (its `replaces`, and every entry whose
    /// `replaced_by` names it), in glossary order, each once.
    pub fn predecessors(&self, id: EntryId) -> &[EntryId] {
        self.predecessors
            .get(id.0 as usize)
            .map(|list| list.as_slice())
            .unwrap_or_default()
    }

    /// The dated label of `id` that `surface` is, compared as the matcher
    /// compares labels (case, spacing and Russian endings folded). `None`
    /// when the surface is not one of its dated labels.
    pub fn dated_label(&self, id: EntryId, surface: &str) -> Option<&DatedLabel> {
        let folded = fold_label(surface);
        self.entries
            .get(id.0 as usize)?
            .def
            .dated_labels
            .iter()
            .find(|d| fold_label(&d.label) == folded)
    }

    /// The period in which `surface`, a dated label of `id`, was the name in
    /// use; `None` when it is not a dated label (an undated name is valid at
    /// every date the entry is).
    pub fn label_period(&self, id: EntryId, surface: &str) -> Option<Period> {
        self.dated_label(id, surface).map(DatedLabel::period)
    }

    /// Fills [`Glossary::successors`] and [`Glossary::predecessors`] from
    /// both sides of every succession link (unknown ids are left out: they
    /// are reported by `check_references`).
    pub(super) fn link_successions(&mut self) {
        let links = self.succession_links();
        let n = self.entries.len();
        self.successors = vec![thin_vec::ThinVec::new(); n];
        self.predecessors = vec![thin_vec::ThinVec::new(); n];
        let mut edges: Vec<(EntryId, EntryId)> = links.keys().copied().collect();
        edges.sort();
        for (from, to) in edges {
            self.successors[from.0 as usize].push(to);
            self.predecessors[to.0 as usize].push(from);
        }
    }

    /// Every edge predecessor → successor, with where it is written (the
    /// predecessor's `replaced_by` first, else the successor's `replaces`).
    fn succession_links(&self) -> HashMap<(EntryId, EntryId), Link> {
        let mut links: HashMap<(EntryId, EntryId), Link> = HashMap::new();
        for id in self.ids() {
            let def = &self.entry(id).def;
            for (i, target) in def.replaced_by.iter().enumerate() {
                if let Some(to) = self.by_id(target) {
                    links.entry((id, to)).or_insert(Link {
                        written_in: id,
                        path: spans::item("replaced_by", i),
                    });
                }
            }
        }
        for id in self.ids() {
            let def = &self.entry(id).def;
            for (i, target) in def.replaces.iter().enumerate() {
                if let Some(from) = self.by_id(target) {
                    links.entry((from, id)).or_insert(Link {
                        written_in: id,
                        path: spans::item("replaces", i),
                    });
                }
            }
        }
        links
    }

    /// A succession that comes back to where it started (A → B → A), reported
    /// once, at the link that closes the loop when the entries are walked in
    /// glossary order.
    pub(super) fn check_succession_cycles(&self, problems: &mut Vec<Problem>) {
        let links = self.succession_links();
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            New,
            OnPath,
            Done,
        }
        let mut state = vec![State::New; self.entries.len()];
        let files = self.locators();
        for root in self.ids() {
            if state[root.0 as usize] != State::New {
                continue;
            }
            // Depth-first, without recursion: the path and, for each entry on
            // it, how many of its successors were visited.
            let mut path: Vec<(EntryId, usize)> = vec![(root, 0)];
            state[root.0 as usize] = State::OnPath;
            while let Some(last) = path.last_mut() {
                let (at, next) = *last;
                last.1 += 1;
                let Some(&to) = self.successors(at).get(next) else {
                    state[at.0 as usize] = State::Done;
                    path.pop();
                    continue;
                };
                match state[to.0 as usize] {
                    State::New => {
                        state[to.0 as usize] = State::OnPath;
                        path.push((to, 0));
                    }
                    State::OnPath => {
                        let from = path.iter().position(|(e, _)| *e == to).unwrap_or(0);
                        let cycle: Vec<EntryId> = path[from..].iter().map(|(e, _)| *e).collect();
                        if let Some(link) = links.get(&(at, to)) {
                            problems.push(self.cycle_problem(&files, link, &cycle, to));
                        }
                    }
                    State::Done => {}
                }
            }
        }
    }

    fn cycle_problem(
        &self,
        files: &[ProblemLocator<'_>],
        link: &Link,
        cycle: &[EntryId],
        back_to: EntryId,
    ) -> Problem {
        let entry = self.entry(link.written_in);
        let loop_text: Vec<&str> = cycle
            .iter()
            .chain(std::iter::once(&back_to))
            .map(|e| self.entry(*e).def.id.as_str())
            .collect();
        files[entry.source].error(
            self.span_or_id(link.written_in, &link.path),
            "succession-cycle",
            format!(
                "this link closes a loop of successions ({}): nothing can succeed what it preceded; remove the link that is wrong",
                loop_text.join(" → ")
            ),
        )
    }

    /// Two different people holding the same single-holder office (same
    /// title, folded, of the same entry) at dates that surely overlap.
    /// Roles without a start take no part: their beginning is unknown.
    /// Reported once per pair, at the later entry's role.
    pub(super) fn check_office_holders(&self, problems: &mut Vec<Problem>) {
        type Holding = (EntryId, usize, Period);
        let mut offices: HashMap<(String, &str), Vec<Holding>> = HashMap::new();
        for id in self.ids() {
            for (i, role) in self.entry(id).def.roles.iter().enumerate() {
                let Some(of) = role.of.as_deref() else {
                    continue;
                };
                let period = role.period();
                if period.start.is_none() || is_plural_office(&role.title) {
                    continue;
                }
                offices
                    .entry((squash(&role.title), of))
                    .or_default()
                    .push((id, i, period));
            }
        }
        let mut found: Vec<(EntryId, usize, Problem)> = Vec::new();
        let files = self.locators();
        for holders in offices.values() {
            for (j, (later, role_index, period)) in holders.iter().enumerate() {
                for (earlier, other_index, other_period) in &holders[..j] {
                    if earlier == later || !period.surely_overlaps(other_period) {
                        continue;
                    }
                    let problem = self.overlap_problem(
                        &files,
                        (*later, *role_index, period),
                        (*earlier, *other_index, other_period),
                    );
                    found.push((*later, *role_index, problem));
                }
            }
        }
        found.sort_by_key(|(e, i, _)| (*e, *i));
        problems.extend(found.into_iter().map(|(_, _, p)| p));
    }

    fn overlap_problem(
        &self,
        files: &[ProblemLocator<'_>],
        (holder, role_index, period): (EntryId, usize, &Period),
        (other, other_index, other_period): (EntryId, usize, &Period),
    ) -> Problem {
        let entry = self.entry(holder);
        let role = &entry.def.roles[role_index];
        let other_entry = self.entry(other);
        let other_src = &self.sources[other_entry.source];
        let role_path = spans::item("roles", role_index);
        let at = self.span_or_id(holder, &spans::child(&role_path, "start"));
        let mut problem = files[entry.source].error(
            at,
            "overlapping-holders",
            format!(
                "`{}` holds “{}” of `{}` ({}) while `{}` holds it too ({}, {}:{}, roles[{other_index}]); one person holds this office at a time: fix the dates (a past role needs its `end`), or ignore this if the office has several holders",
                entry.def.id,
                role.title,
                role.of.as_deref().unwrap_or_default(),
                period.describe(),
                other_entry.def.id,
                other_period.describe(),
                other_src.name,
                other_entry.line + 1,
            ),
        );
        problem.severity = Severity::Warning;
        problem
    }

    /// The span of the value at `path` in entry `id`, else its `id` value.
    fn span_or_id(&self, id: EntryId, path: &str) -> Range<usize> {
        let entry = self.entry(id);
        entry.field_span(path).unwrap_or(entry.id_span.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::tests::loaded;
    use std::sync::Arc;

    fn build(files: &[(&str, &str)]) -> (Glossary, Vec<Problem>) {
        Glossary::build(files.iter().map(|(n, t)| loaded(n, t)).collect())
    }

    /// (file, text at the problem, 1-based line, code) of each problem.
    fn located<'a>(
        files: &'a [(&'a str, &'a str)],
        problems: &'a [Problem],
    ) -> Vec<(&'a str, &'a str, usize, &'a str)> {
        problems
            .iter()
            .map(|p| {
                let text = files
                    .iter()
                    .find(|(n, _)| *n == p.source)
                    .map(|(_, t)| &t[p.range.clone()])
                    .unwrap_or_default();
                (p.source.as_str(), text, p.line + 1, p.code)
            })
            .collect()
    }

    const ORGS: &str = "[[entry]]\nid = \"five\"\nlabel = \"Shanghai Five\"\nkind = \"organization\"\nstart = \"1996\"\nend = \"2001\"\n\n[[entry]]\nid = \"sco\"\nlabel = \"Shanghai Cooperation Organisation\"\nkind = \"organization\"\nstart = \"2001-06-15\"\nreplaces = [\"five\"]\n\n[[entry]]\nid = \"gatt\"\nlabel = \"GATT\"\nkind = \"document\"\nreplaced_by = [\"wto\"]\n\n[[entry]]\nid = \"wto\"\nlabel = \"World Trade Organization\"\nkind = \"organization\"\nreplaces = [\"gatt\"]\n";

    #[test]
    fn successions_are_read_from_either_side() {
        let (g, problems) = build(&[("o.toml", ORGS)]);
        assert!(problems.is_empty(), "{problems:?}");
        let id = |s: &str| g.by_id(s).expect(s);
        assert_eq!(g.successors(id("five")), [id("sco")]);
        assert_eq!(g.predecessors(id("sco")), [id("five")]);
        assert_eq!(g.successors(id("gatt")), [id("wto")], "written twice, once");
        assert_eq!(g.predecessors(id("wto")), [id("gatt")]);
        assert!(g.successors(id("sco")).is_empty());
        assert_eq!(
            g.entry(id("sco")).def.period().describe(),
            "since 15 June 2001"
        );
    }

    #[test]
    fn a_succession_loop_is_reported_once_where_it_closes() {
        let a = "[[entry]]\nid = \"a\"\nlabel = \"Alpha\"\nkind = \"organization\"\nreplaced_by = [\"b\"]\n\n[[entry]]\nid = \"self\"\nlabel = \"Selfie\"\nkind = \"organization\"\nreplaces = [\"self\"]\n";
        let b = "[[entry]]\nid = \"b\"\nlabel = \"Beta\"\nkind = \"organization\"\nreplaced_by = [\"c\"]\n\n[[entry]]\nid = \"c\"\nlabel = \"Gamma\"\nkind = \"organization\"\nreplaces = [\"b\"]\nreplaced_by = [\"a\", \"nowhere\"]\n";
        let files = [("a.toml", a), ("b.toml", b)];
        let (_, problems) = build(&files);
        assert_eq!(
            located(&files, &problems),
            vec![
                ("b.toml", "\"nowhere\"", 12, "unknown-id"),
                ("b.toml", "\"a\"", 12, "succession-cycle"),
                ("a.toml", "\"self\"", 11, "succession-cycle"),
            ],
            "{problems:?}"
        );
        assert!(
            problems[1].message.contains("a → b → c → a"),
            "{}",
            problems[1].message
        );
    }

    const PEOPLE: &str = "[[entry]]\nid = \"state\"\nlabel = \"Ruritania\"\nkind = \"place\"\n\n[[entry]]\nid = \"old\"\nlabel = \"Old Leader\"\nkind = \"person\"\nroles = [\n  { title = \"President\", of = \"state\", start = \"2003\" },\n  { title = \"Vice President\", of = \"state\", start = \"1998\" },\n]\n\n[[entry]]\nid = \"new\"\nlabel = \"New Leader\"\nkind = \"person\"\nroles = [\n  { title = \"president\", of = \"state\", start = \"2013-03\" },\n  { title = \"Vice-President\", of = \"state\", start = \"2008\" },\n  { title = \"President\", of = \"elsewhere\", start = \"2003\" },\n]\n\n[[entry]]\nid = \"next\"\nlabel = \"Next Leader\"\nkind = \"person\"\nroles = [{ title = \"President\", of = \"state\", start = \"2023\", end = \"2030\" }]\n\n[[entry]]\nid = \"undated\"\nlabel = \"Someone\"\nkind = \"person\"\nroles = [{ title = \"President\", of = \"state\", end = \"2020\" }]\n";

    #[test]
    fn overlapping_holders_of_a_single_holder_office_are_warned_about() {
        let files = [
            ("p.toml", PEOPLE),
            (
                "q.toml",
                "[[entry]]\nid = \"elsewhere\"\nlabel = \"Elsewhere\"\nkind = \"place\"\n",
            ),
        ];
        let (_, problems) = build(&files);
        // "old" never ended: "new" (2013-03) and "next" (2023) overlap it,
        // and "next" overlaps "new". The vice presidents are many at a time,
        // another state's office is another office, and a role without a
        // start takes no part.
        assert_eq!(
            located(&files, &problems),
            vec![
                ("p.toml", "\"2013-03\"", 20, "overlapping-holders"),
                ("p.toml", "\"2023\"", 29, "overlapping-holders"),
                ("p.toml", "\"2023\"", 29, "overlapping-holders"),
            ],
            "{problems:?}"
        );
        assert!(problems.iter().all(|p| p.severity == Severity::Warning));
        assert!(
            problems[0]
                .message
                .contains("`old` holds it too (since 2003, p.toml:7, roles[0])"),
            "{}",
            problems[0].message
        );
        let fixed = PEOPLE
            .replace(
                "start = \"2003\" }",
                "start = \"2003\", end = \"2013-03\" }",
            )
            .replace("start = \"2013-03\"", "start = \"2013-03\", end = \"2023\"");
        let files = [("p.toml", fixed.as_str()), files[1]];
        let (_, problems) = build(&files);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn a_dated_label_claimed_by_another_entry_is_a_located_conflict() {
        let text = "[[entry]]\nid = \"congo\"\nlabel = \"Zaire\"\nkind = \"place\"\n\n[[entry]]\nid = \"drc\"\nlabel = \"DR Congo\"\nkind = \"place\"\ndated_labels = [{ label = \"zaire\", start = \"1971\", end = \"1997\" }]\n";
        let files = [("c.toml", text)];
        let (_, problems) = build(&files);
        assert_eq!(
            located(&files, &problems),
            vec![("c.toml", "\"zaire\"", 10, "label-conflict")],
            "{problems:?}"
        );
    }

    #[test]
    fn dated_labels_are_labels_with_a_period() {
        let text = "[[entry]]\nid = \"sz\"\nlabel = \"Eswatini\"\nkind = \"place\"\ndated_labels = [{ label = \"Swaziland\", end = \"2018-04\" }, { label = \"Kingdom  of Swaziland\", start = \"1968\", end = \"2018-04-19\" }]\n";
        let (g, problems) = build(&[("s.toml", text)]);
        assert!(problems.is_empty(), "{problems:?}");
        let sz = g.by_id("sz").expect("sz");
        let found: Vec<(&str, LabelRole)> = crate::glossary::surfaces(&g.entry(sz).def)
            .iter()
            .map(|s| (s.text, s.role))
            .collect();
        assert_eq!(
            found,
            vec![
                ("Eswatini", LabelRole::Label),
                ("Swaziland", LabelRole::Dated(0)),
                ("Kingdom  of Swaziland", LabelRole::Dated(1)),
            ]
        );
        let period = g.label_period(sz, "SWAZILAND").expect("dated");
        assert_eq!(period.describe(), "until April 2018");
        assert_eq!(
            g.label_period(sz, "kingdom of\nswaziland")
                .map(|p| p.describe()),
            Some("1968–19 April 2018".to_string())
        );
        assert_eq!(g.label_period(sz, "Eswatini"), None);
        let matcher = crate::recognize::matcher::Matcher::new(Arc::new(g));
        assert!(
            !matcher.lookup("Swaziland").is_empty(),
            "matched like an alias"
        );
    }

    #[test]
    fn single_holder_offices() {
        for title in [
            "President",
            "Prime Minister",
            "Minister of Foreign Affairs",
            "Secretary-General",
            "Secretary General",
            "Director-General",
            "Commissioner-General",
            "High Representative for Foreign Affairs and Security Policy",
            "High Commissioner for Refugees",
            "Chairman of the Central Military Commission",
            "King",
            "Secretary of State",
            "President of the General Assembly",
        ] {
            assert!(!is_plural_office(title), "{title}");
        }
    }

    #[test]
    fn plural_offices() {
        for title in [
            "Vice President",
            "Vice-President",
            "First Vice President",
            "Deputy Prime Minister",
            "Under-Secretary-General for Humanitarian Affairs",
            "Under Secretary of State",
            "Assistant Secretary-General",
            "Member of the Presidency",
            "Judge",
            "Associate Justice",
            "Senator",
            "Permanent Representative",
            "Special Representative of the Secretary-General",
            "European Commissioner for Trade",
            "Ambassador to the United States",
            "Special Envoy",
            "National Security Adviser",
            "Co-Chair",
            "Co-President",
            "State Councillor",
            "Minister of State for Foreign Affairs",
            "Minister without Portfolio",
            "Governor",
            "Minister",
            "Spokesperson",
        ] {
            assert!(is_plural_office(title), "{title}");
        }
    }
}
