//! The recognition path as it was before issue 13 (folded text, one
//! overlapping Aho-Corasick search, validation allocating per candidate),
//! kept verbatim as the reference the faster path must agree with
//! (`tests/scan_equivalence.rs`). Not used by Gloss itself.
//!
//! Must not change: it is the definition of "byte-identical".

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::recognize::matcher::{Candidate, Matcher, SurfaceId};
use crate::text::fold::{Folded, fold_label, fold_text_reference, normalize, same_case_kept};
use crate::text::words::{is_word_char, needs_boundary};

/// The old automaton over a matcher's patterns.
#[doc(hidden)]
pub struct ReferenceMatcher<'m> {
    matcher: &'m Matcher,
    automaton: Option<AhoCorasick>,
    pattern_surfaces: Vec<Vec<SurfaceId>>,
}

impl<'m> ReferenceMatcher<'m> {
    pub fn new(matcher: &'m Matcher) -> ReferenceMatcher<'m> {
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_surfaces: Vec<Vec<SurfaceId>> = Vec::new();
        let mut by_pattern: std::collections::HashMap<String, usize> =
            std::collections::HashMap::new();
        for i in 0..matcher.surface_count() {
            let s = matcher.surface(SurfaceId(i as u32));
            let folded = fold_label(&s.form);
            let p = *by_pattern.entry(folded.clone()).or_insert_with(|| {
                patterns.push(folded);
                pattern_surfaces.push(Vec::new());
                patterns.len() - 1
            });
            pattern_surfaces[p].push(SurfaceId(i as u32));
        }
        for list in &mut pattern_surfaces {
            list.sort_by_key(|s| !matcher.surface(*s).case_sensitive);
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .ok()
        };
        ReferenceMatcher {
            matcher,
            automaton,
            pattern_surfaces,
        }
    }

    /// What `SliceScan::new(text, 0, masked).all_candidates(matcher)` gave
    /// before issue 13, short-name rule included.
    pub fn all_candidates(&self, text: &str, masked: &[Range<usize>]) -> Vec<Candidate> {
        let mut rel: Vec<Range<usize>> = masked
            .iter()
            .filter(|m| m.end > 0 && m.start < text.len())
            .map(|m| m.start..m.end.min(text.len()))
            .collect();
        rel.sort_by_key(|r| r.start);
        let folded = fold_text_reference(text, &rel);
        let mut out = Vec::new();
        self.candidates(text, &folded, 0..text.len(), &mut out);
        let in_mask = |r: &Range<usize>| rel.iter().any(|m| m.start < r.end && m.end > r.start);
        out.retain(|c| {
            !in_mask(&(c.start..c.end))
                && (!self.matcher.surface(c.surface).is_short_name()
                    || (crate::decide::titles::title_before(text, c.start).is_some()
                        && !crate::decide::titles::name_goes_on(text, c.end)))
        });
        out
    }

    fn candidates(
        &self,
        text: &str,
        folded: &Folded,
        starts: Range<usize>,
        out: &mut Vec<Candidate>,
    ) {
        let Some(ac) = &self.automaton else { return };
        for m in ac.find_overlapping_iter(folded.text.as_str()) {
            let orig = folded.original(m.start()..m.end());
            if !starts.contains(&orig.start) || orig.end > text.len() || orig.start >= orig.end {
                continue;
            }
            if let Some(c) = self.validate(text, orig, m.pattern().as_usize()) {
                out.push(c);
            }
        }
        out.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        out.dedup_by(|a, b| a.start == b.start && a.end == b.end);
    }

    fn validate(&self, text: &str, r: Range<usize>, pattern: usize) -> Option<Candidate> {
        let slice = text.get(r.clone())?;
        let first = slice.chars().next()?;
        let last = slice.chars().next_back()?;
        if needs_boundary(first)
            && text[..r.start]
                .chars()
                .next_back()
                .is_some_and(is_word_char)
        {
            return None;
        }
        let mut exact: Option<String> = None;
        for &sid in &self.pattern_surfaces[pattern] {
            let s = self.matcher.surface(sid);
            if s.case_sensitive {
                let form = exact.get_or_insert_with(|| normalize(slice, false));
                if !same_case_kept(form, &s.form) {
                    continue;
                }
            }
            let end = if needs_boundary(last) {
                let rest = &text[r.end..];
                let suffixes: &[&str] = if s.is_short_name() {
                    &[""]
                } else if s.case_sensitive {
                    &["", "s"]
                } else {
                    &["", "s", "es", "S", "ES"]
                };
                let ok = suffixes.iter().find(|suf| {
                    rest.starts_with(**suf)
                        && !rest[suf.len()..].chars().next().is_some_and(is_word_char)
                });
                r.end + ok?.len()
            } else {
                r.end
            };
            return Some(Candidate {
                start: r.start,
                end,
                surface: sid,
            });
        }
        None
    }
}
