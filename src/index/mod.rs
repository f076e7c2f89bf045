//! The per-document mention index and its incremental update.
//!
//! Owns, for one document: glossary mentions, bare acronym tokens, in-text
//! definitions and (for Markdown) the non-prose mask, all as byte spans.
//!
//! Invariant (checked by the property test `tests/incremental.rs`): after any
//! sequence of [`DocIndex::apply_edit`] calls the index equals
//! [`DocIndex::build`] on the final text.
//!
//! How an edit stays local: every scan result depends only on text within
//! `reach` bytes of it (see [`crate::recognize::scan`]), and leftmost-longest selection
//! restarted at a position no selected mention crosses yields the same
//! mentions after it. So an edit re-scans from a safe point `reach` bytes
//! before it to the first safe point `reach` bytes after it, and shifts
//! everything later by the edit's length delta (see [`crate::index::spans`]).
//! `reach` is read off the text around the edit (`DocIndex::effects_back`):
//! the worst case for any text bounds it, and in prose, where each character
//! is known to fold to one byte, the longest folded match bounds it instead,
//! about a third as far.

pub mod document;
#[doc(hidden)]
pub mod equivalence;
pub mod first_use;
pub mod spans;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use ropey::Rope;

use crate::decide::dated::{anachronism, outdated_title};
use crate::decide::titles::{HistoryClue, Title};
use crate::decide::{CONTEXT_REACH, SetAsideBecause};
use crate::glossary::Kind;
use crate::glossary::LabelRole;
use crate::index::first_use::FirstUses;
use crate::index::spans::SpanList;
use crate::markdown::{MaskKind, has_long_range_syntax, non_prose};
use crate::recognize::matcher::{Candidate, Matcher, SurfaceId, select};
use crate::recognize::scan::{DEFINITION_REACH, Definition, SliceScan};
use crate::text::words::{is_definable_acronym, is_word_char};
use crate::time::PartialDate;

/// Read access to a document's current text (a `Rope` or a `str`).
pub trait Source {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// `r` is widened to character boundaries.
    fn text(&self, r: Range<usize>) -> Cow<'_, str>;
    fn floor(&self, i: usize) -> usize;
    fn ceil(&self, i: usize) -> usize;
}

impl Source for str {
    fn len(&self) -> usize {
        str::len(self)
    }
    fn text(&self, r: Range<usize>) -> Cow<'_, str> {
        Cow::Borrowed(&self[self.floor(r.start)..self.ceil(r.end)])
    }
    fn floor(&self, i: usize) -> usize {
        let mut i = i.min(str::len(self));
        while !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
    fn ceil(&self, i: usize) -> usize {
        let mut i = i.min(str::len(self));
        while !self.is_char_boundary(i) {
            i += 1;
        }
        i
    }
}

impl Source for Rope {
    fn len(&self) -> usize {
        self.len_bytes()
    }
    fn text(&self, r: Range<usize>) -> Cow<'_, str> {
        let (a, b) = (self.floor(r.start), self.ceil(r.end));
        let slice = self.byte_slice(a..b);
        match slice.as_str() {
            Some(s) => Cow::Borrowed(s),
            None => Cow::Owned(slice.to_string()),
        }
    }
    fn floor(&self, i: usize) -> usize {
        let i = i.min(self.len_bytes());
        self.char_to_byte(self.byte_to_char(i))
    }
    fn ceil(&self, i: usize) -> usize {
        let f = self.floor(i);
        if f == i.min(self.len_bytes()) {
            f
        } else {
            self.char_to_byte(self.byte_to_char(i) + 1)
        }
    }
}

/// A replacement of `start..old_end` (old text) by `new_len` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub old_end: usize,
    pub new_len: usize,
}

impl Edit {
    pub fn delta(&self) -> isize {
        self.new_len as isize - (self.old_end - self.start) as isize
    }
    pub fn new_end(&self) -> usize {
        self.start + self.new_len
    }
}

/// Whether a titled person mention may draw an `outdated-title` at `date`:
/// some entry its surface names did not hold the title then. A superset of
/// what diagnostics report (they judge only the entry the mention resolves
/// to, which is one of the surface's entries, or for an acronym one its
/// in-text definition names: every definable acronym is a suspect).
fn title_is_suspect(
    matcher: &Matcher,
    surface: SurfaceId,
    title: &Title,
    date: PartialDate,
) -> bool {
    let s = matcher.surface(surface);
    is_definable_acronym(&s.form)
        || s.entries
            .iter()
            .any(|(e, _)| outdated_title(matcher.glossary(), *e, title, date).is_some())
}

/// Whether a mention of a dated name may draw an `anachronistic-name` at
/// `date`, by the same superset rule as [`title_is_suspect`].
fn history_is_suspect(
    matcher: &Matcher,
    surface: SurfaceId,
    clue: &HistoryClue,
    date: PartialDate,
) -> bool {
    let s = matcher.surface(surface);
    is_definable_acronym(&s.form)
        || s.entries
            .iter()
            .any(|(e, role)| anachronism(matcher.glossary(), *e, Some(*role), clue, date).is_some())
}

/// How far back a Markdown block start is looked for before re-parsing everything.
const MAX_BLOCK_SEARCH: usize = 64 * 1024;

/// A candidate the decision step set aside, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SetAside {
    pub surface: SurfaceId,
    pub because: SetAsideBecause,
}

#[derive(Debug, Clone, Default)]
pub struct DocIndex {
    /// The linked mentions: selected candidates the local decisions kept.
    pub mentions: SpanList<SurfaceId>,
    /// Selected candidates the local decisions set aside (see [`crate::decide`]).
    pub set_aside: SpanList<SetAside>,
    pub tokens: SpanList<Arc<str>>,
    pub definitions: SpanList<Definition>,
    /// Non-prose ranges; `None` for plain text.
    pub mask: Option<SpanList<MaskKind>>,
    /// First use and count of every surface (what diagnostics need), kept incrementally.
    pub surface_uses: FirstUses<SurfaceId>,
    /// First use and count of every acronym token.
    pub token_uses: FirstUses<Arc<str>>,
    /// The mentions written with a hidden (non-preferred) label.
    pub hidden: SpanList<SurfaceId>,
    /// The titles attached to person mentions, keyed by the mention's range
    /// ("Foreign Minister" in "Foreign Minister Wang Yi").
    pub titles: SpanList<Title>,
    /// The time clues of the sentences around mentions of dated names
    /// ("the OAU was founded in 1963"), keyed by the mention's range.
    pub history: SpanList<HistoryClue>,
    /// The date the document speaks at (see [`crate::time`]), set by the
    /// document from its front matter, dateline, file name or settings; not
    /// a scan result, so never compared as a fact.
    pub date: Option<crate::time::document_date::DocumentDate>,
    /// The titled mentions whose title some entry of the mention's surface
    /// did not hold at `time_suspects_date` (see [`TimeSuspects`]).
    pub suspect_titles: SpanList<()>,
    /// The dated-name mentions that name some entry of their surface
    /// anachronistically at `time_suspects_date`.
    pub suspect_history: SpanList<()>,
    /// The date the suspects were judged at (`Some(None)`: no date, so no
    /// suspects); `None` until first judged. Stale when it differs from
    /// `date`: then [`DocIndex::time_suspects`] is `None` and readers walk
    /// every title, and the next edit judges them all again.
    time_suspects_date: Option<Option<PartialDate>>,
    /// Whether a Markdown document may contain reference definitions (`[x]: …`),
    /// which make link syntax non-local.
    has_reference_definitions: bool,
}

/// One scan result of the index, for comparisons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    Mention(usize, usize, SurfaceId),
    Token(usize, usize, Arc<str>),
    Definition(usize, usize, Definition),
    SurfaceUse(SurfaceId, usize, u32),
    TokenUse(Arc<str>, usize, u32),
    Hidden(usize, usize, SurfaceId),
    SetAside(usize, usize, SetAside),
    Title(usize, usize, Title),
    History(usize, usize, HistoryClue),
    SuspectTitle(usize, usize),
    SuspectHistory(usize, usize),
}

impl DocIndex {
    pub fn build(text: &(impl Source + ?Sized), markdown: bool, matcher: &Matcher) -> DocIndex {
        let mut index = DocIndex {
            mask: markdown.then(SpanList::default),
            ..DocIndex::default()
        };
        index.apply_edit(
            text,
            Edit {
                start: 0,
                old_end: 0,
                new_len: text.len(),
            },
            matcher,
        );
        index
    }

    pub fn is_markdown(&self) -> bool {
        self.mask.is_some()
    }

    /// Everything the index knows, in order (mask excluded: only its effect matters).
    pub fn facts(&self) -> Vec<Fact> {
        let mut v: Vec<Fact> = self
            .mentions
            .iter()
            .map(|s| Fact::Mention(s.start, s.end, *s.data))
            .collect();
        v.extend(
            self.tokens
                .iter()
                .map(|s| Fact::Token(s.start, s.end, s.data.clone())),
        );
        v.extend(
            self.definitions
                .iter()
                .map(|s| Fact::Definition(s.start, s.end, s.data.clone())),
        );
        v.extend(
            self.surface_uses
                .sorted()
                .into_iter()
                .map(|(k, f, n)| Fact::SurfaceUse(k, f, n)),
        );
        v.extend(
            self.token_uses
                .sorted()
                .into_iter()
                .map(|(k, f, n)| Fact::TokenUse(k, f, n)),
        );
        v.extend(
            self.hidden
                .iter()
                .map(|s| Fact::Hidden(s.start, s.end, *s.data)),
        );
        v.extend(
            self.set_aside
                .iter()
                .map(|s| Fact::SetAside(s.start, s.end, *s.data)),
        );
        v.extend(
            self.titles
                .iter()
                .map(|s| Fact::Title(s.start, s.end, s.data.clone())),
        );
        v.extend(
            self.history
                .iter()
                .map(|s| Fact::History(s.start, s.end, *s.data)),
        );
        if self.time_suspects().is_some() {
            v.extend(
                self.suspect_titles
                    .iter()
                    .map(|s| Fact::SuspectTitle(s.start, s.end)),
            );
            v.extend(
                self.suspect_history
                    .iter()
                    .map(|s| Fact::SuspectHistory(s.start, s.end)),
            );
        }
        v
    }

    /// How far an edit's effects can reach at most, whatever the text: a
    /// candidate's validity and its local decision (which reads
    /// [`CONTEXT_REACH`] bytes around it and the candidates there), and
    /// in-text definitions.
    fn reach(matcher: &Matcher) -> usize {
        (2 * matcher.reach() + CONTEXT_REACH)
            .max(DEFINITION_REACH + 64)
            .max(128)
    }

    /// The earliest position an edit at `pos` can affect, read off the text
    /// itself: a candidate overlapping `pos` starts within one folded reach
    /// before it, a candidate whose decision reads that one ends
    /// [`CONTEXT_REACH`] bytes before that, and starts within one more folded
    /// reach ([`Matcher::folded_reach`], counted by [`back_over_folded`]),
    /// each leg with [`VALIDATION_MARGIN`] bytes for the characters read
    /// around a match. Never further than [`DocIndex::reach`] (the bound for
    /// any text) nor nearer than what in-text definitions need. In English
    /// prose this is about a third of the worst-case bound, so a keystroke
    /// re-scans a third of the text.
    fn effects_back(text: &(impl Source + ?Sized), pos: usize, matcher: &Matcher) -> usize {
        let from = text.floor(pos.saturating_sub(Self::reach(matcher)));
        let slice = text.text(from..pos);
        let bytes = slice.as_bytes();
        let leg = matcher.folded_reach();
        let mut at = back_over_folded(bytes, bytes.len(), leg);
        at = at.saturating_sub(VALIDATION_MARGIN + CONTEXT_REACH);
        at = back_over_folded(bytes, at, leg);
        at = at.saturating_sub(VALIDATION_MARGIN);
        let nearest = pos.saturating_sub((DEFINITION_REACH + 64).max(128));
        text.floor((from + at).min(nearest))
    }

    /// [`DocIndex::effects_back`] forwards: the position after which an edit
    /// ending at `pos` changes nothing.
    fn effects_forward(text: &(impl Source + ?Sized), pos: usize, matcher: &Matcher) -> usize {
        let len = text.len();
        let to = text.ceil((pos + Self::reach(matcher)).min(len));
        let slice = text.text(pos..to);
        let bytes = slice.as_bytes();
        let leg = matcher.folded_reach();
        let mut at = forward_over_folded(bytes, 0, leg);
        at = (at + VALIDATION_MARGIN + CONTEXT_REACH).min(bytes.len());
        at = forward_over_folded(bytes, at, leg);
        at = (at + VALIDATION_MARGIN).min(bytes.len());
        let nearest = (pos + (DEFINITION_REACH + 64).max(128)).min(len);
        text.ceil((pos + at).max(nearest).min(to))
    }

    /// The last selected candidate (linked or set aside) starting before `pos`.
    fn last_selected_before(&self, pos: usize) -> Option<Range<usize>> {
        let linked = self.mentions.last_before(pos).map(|s| s.start..s.end);
        let aside = self.set_aside.last_before(pos).map(|s| s.start..s.end);
        match (linked, aside) {
            (Some(a), Some(b)) => Some(if a.start >= b.start { a } else { b }),
            (a, b) => a.or(b),
        }
    }

    /// Updates the index for `edit`; `text` is the document *after* the edit.
    pub fn apply_edit(&mut self, text: &(impl Source + ?Sized), edit: Edit, matcher: &Matcher) {
        let delta = edit.delta();
        let len = text.len();
        let mut changed = edit.start..edit.new_end();
        if self.mask.is_some() {
            let m = self.update_mask(text, edit);
            if !m.is_empty() {
                changed = changed.start.min(m.start)..changed.end.max(m.end);
            }
        }
        let mut ws = Self::effects_back(text, changed.start, matcher);
        if let Some(m) = self.last_selected_before(ws)
            && m.end > ws
        {
            ws = m.start;
        }
        let from = self.last_selected_before(ws).map_or(0, |m| m.end);
        let mut scan_end = Self::effects_forward(text, changed.end, matcher);
        let to_old = |p: usize| -> usize { (p as isize - delta).max(0) as usize };
        loop {
            let ctx = text.floor(ws.saturating_sub(DEFINITION_REACH + 64))
                ..Self::effects_forward(text, scan_end, matcher);
            let slice = text.text(ctx.clone());
            let masks = self.mask_ranges(ctx.clone());
            let scan = SliceScan::new(&slice, ctx.start, &masks);
            let all = scan.all_candidates(matcher);
            let candidates = scan.absolute_in(&all, ws..scan_end);
            let mut selected = Vec::new();
            let pointer = select(&candidates, from, &mut selected);
            let mut stop = scan_end.max(pointer);
            // Never stop inside an unchanged old mention (old coordinates).
            if stop >= edit.new_end() {
                let old = to_old(stop);
                if let Some(m) = self.last_selected_before(old)
                    && m.end > old
                {
                    stop = stop.max((m.end as isize + delta) as usize);
                }
            }
            // Nor inside a word.
            while stop < len {
                let rel = stop - ctx.start;
                let (Some(prev), Some(next)) = (
                    slice[..rel].chars().next_back(),
                    slice[rel..].chars().next(),
                ) else {
                    break;
                };
                if is_word_char(prev) && is_word_char(next) {
                    stop += next.len_utf8();
                } else {
                    break;
                }
                if stop >= ctx.end {
                    break;
                }
            }
            if stop != scan_end {
                scan_end = stop;
                continue;
            }
            let old_range = ws..to_old(scan_end);
            let taken: Vec<Range<usize>> = selected.iter().map(|c| c.start..c.end).collect();
            let mut set_aside: Vec<(Range<usize>, SetAside)> = Vec::new();
            let selected: Vec<Candidate> = selected
                .into_iter()
                .filter(|c| match scan.decide(c, &all, matcher) {
                    None => true,
                    Some(because) => {
                        set_aside.push((
                            c.start..c.end,
                            SetAside {
                                surface: c.surface,
                                because,
                            },
                        ));
                        false
                    }
                })
                .collect();
            let tokens = scan.acronym_tokens(ws..scan_end, &taken);
            let definitions = scan.definitions(ws..scan_end);
            let removed_surfaces: Vec<(usize, SurfaceId)> = self
                .mentions
                .starting_in(old_range.clone())
                .map(|s| (s.start, *s.data))
                .collect();
            let removed_tokens: Vec<(usize, Arc<str>)> = self
                .tokens
                .starting_in(old_range.clone())
                .map(|s| (s.start, s.data.clone()))
                .collect();
            let added_surfaces: Vec<(usize, SurfaceId)> =
                selected.iter().map(|c| (c.start, c.surface)).collect();
            let added_tokens: Vec<(usize, Arc<str>)> =
                tokens.iter().map(|(r, t)| (r.start, t.clone())).collect();
            let hidden: Vec<(Range<usize>, SurfaceId)> = selected
                .iter()
                .filter(|c| {
                    matches!(
                        matcher.surface(c.surface).entries.first(),
                        Some((_, LabelRole::Hidden(_)))
                    )
                })
                .map(|c| (c.start..c.end, c.surface))
                .collect();
            let titles: Vec<(Range<usize>, SurfaceId, Title)> = selected
                .iter()
                .filter(|c| {
                    matcher
                        .surface(c.surface)
                        .entries
                        .iter()
                        .any(|(e, _)| matcher.glossary().entry(*e).def.kind == Kind::Person)
                })
                .filter_map(|c| scan.title_of(c).map(|t| (c.start..c.end, c.surface, t)))
                .collect();
            let history: Vec<(Range<usize>, SurfaceId, HistoryClue)> = selected
                .iter()
                .filter(|c| matcher.surface(c.surface).dated)
                .map(|c| (c.start..c.end, c.surface, scan.history_of(c)))
                .collect();
            let judged_at = self.date.as_ref().map(|d| d.span());
            let suspects_fresh = self.time_suspects_date == Some(judged_at);
            if let (true, Some(date)) = (suspects_fresh, judged_at) {
                let suspect_titles = titles
                    .iter()
                    .filter(|(_, sid, t)| title_is_suspect(matcher, *sid, t, date))
                    .map(|(r, _, _)| (r.clone(), ()))
                    .collect();
                self.suspect_titles
                    .splice(old_range.clone(), delta, suspect_titles);
                let suspect_history = history
                    .iter()
                    .filter(|(_, sid, h)| history_is_suspect(matcher, *sid, h, date))
                    .map(|(r, _, _)| (r.clone(), ()))
                    .collect();
                self.suspect_history
                    .splice(old_range.clone(), delta, suspect_history);
            }
            self.hidden.splice(old_range.clone(), delta, hidden);
            let titles = titles.into_iter().map(|(r, _, t)| (r, t)).collect();
            self.titles.splice(old_range.clone(), delta, titles);
            let history = history.into_iter().map(|(r, _, h)| (r, h)).collect();
            self.history.splice(old_range.clone(), delta, history);
            self.set_aside.splice(old_range.clone(), delta, set_aside);
            self.mentions.splice(
                old_range.clone(),
                delta,
                selected
                    .into_iter()
                    .map(|c| (c.start..c.end, c.surface))
                    .collect(),
            );
            self.tokens.splice(old_range.clone(), delta, tokens);
            self.definitions
                .splice(old_range.clone(), delta, definitions);
            let DocIndex {
                mentions,
                tokens,
                surface_uses,
                token_uses,
                ..
            } = self;
            // A removed first use is looked for again from `ws`: nothing before it changed.
            surface_uses.update(
                &removed_surfaces,
                old_range.clone(),
                delta,
                &added_surfaces,
                |k| {
                    mentions
                        .starting_in(ws..usize::MAX)
                        .find(|s| s.data == k)
                        .map(|s| s.start)
                },
            );
            token_uses.update(&removed_tokens, old_range, delta, &added_tokens, |k| {
                tokens
                    .starting_in(ws..usize::MAX)
                    .find(|s| s.data == k)
                    .map(|s| s.start)
            });
            if !suspects_fresh {
                self.judge_time_suspects(matcher);
            }
            return;
        }
    }

    /// The titled and dated-name mentions that may draw a time diagnostic at
    /// the document's date (`suspect_titles`, `suspect_history`), or `None`
    /// while they were judged at another date: then every title and history
    /// clue must be read.
    pub fn time_suspects(&self) -> Option<(&SpanList<()>, &SpanList<()>)> {
        (self.time_suspects_date == Some(self.date.as_ref().map(|d| d.span())))
            .then_some((&self.suspect_titles, &self.suspect_history))
    }

    /// Judges every title and history clue at the document's date again
    /// (after the date changed; a keystroke judges only its window).
    pub fn judge_time_suspects(&mut self, matcher: &Matcher) {
        let judged_at = self.date.as_ref().map(|d| d.span());
        let mut suspect_titles = Vec::new();
        let mut suspect_history = Vec::new();
        if let Some(date) = judged_at {
            let surface_at = |start: usize| {
                self.mentions
                    .starting_in(start..start + 1)
                    .next()
                    .map(|m| *m.data)
            };
            for t in self.titles.iter() {
                if surface_at(t.start)
                    .is_some_and(|sid| title_is_suspect(matcher, sid, t.data, date))
                {
                    suspect_titles.push((t.start..t.end, ()));
                }
            }
            for h in self.history.iter() {
                if surface_at(h.start)
                    .is_some_and(|sid| history_is_suspect(matcher, sid, h.data, date))
                {
                    suspect_history.push((h.start..h.end, ()));
                }
            }
        }
        self.suspect_titles = SpanList::default();
        self.suspect_titles.splice(0..0, 0, suspect_titles);
        self.suspect_history = SpanList::default();
        self.suspect_history.splice(0..0, 0, suspect_history);
        self.time_suspects_date = Some(judged_at);
    }

    /// Non-prose ranges overlapping `r` (new coordinates).
    fn mask_ranges(&self, r: Range<usize>) -> Vec<Range<usize>> {
        let Some(mask) = &self.mask else {
            return Vec::new();
        };
        let mut out: Vec<Range<usize>> = Vec::new();
        if let Some(s) = mask.last_before(r.start)
            && s.end > r.start
        {
            out.push(s.start..s.end);
        }
        out.extend(mask.starting_in(r).map(|s| s.start..s.end));
        out
    }

    /// Re-parses the Markdown blocks around the edit (or everything when the
    /// edit touches syntax that reaches past blank lines) and returns the range
    /// (new coordinates) where the mask changed.
    fn update_mask(&mut self, text: &(impl Source + ?Sized), edit: Edit) -> Range<usize> {
        let delta = edit.delta();
        let Some(mask) = &self.mask else {
            return 0..0;
        };
        let local = block_bounds(text, edit.start, edit.new_end()).filter(|b| {
            let old_b = b.start..(b.end as isize - delta) as usize;
            let slice = text.text(b.clone());
            let touches_block = mask
                .starting_in(old_b.clone())
                .chain(mask.last_before(old_b.start))
                .any(|s| *s.data == MaskKind::Block && s.start < old_b.end && s.end > old_b.start);
            let needs_full = touches_block
                || has_long_range_syntax(&slice)
                || slice.contains("]:")
                || (self.has_reference_definitions && slice.contains('['))
                || (b.start == 0 && (slice.starts_with("---") || slice.starts_with("+++")));
            !needs_full
        });
        match local {
            Some(b) => {
                let old_b = b.start..(b.end as isize - delta) as usize;
                let slice = text.text(b.clone());
                let mut items: Vec<(Range<usize>, MaskKind)> = non_prose(&slice)
                    .into_iter()
                    .map(|(r, k)| (r.start + b.start..r.end + b.start, k))
                    .collect();
                // An old gap running past the block's end keeps its tail.
                let straddling = mask
                    .starting_in(old_b.clone())
                    .last()
                    .filter(|s| s.end > old_b.end)
                    .map(|s| (b.end..(s.end as isize + delta) as usize, *s.data));
                if let Some(tail) = straddling {
                    items.push(tail);
                }
                let old: Vec<(Range<usize>, MaskKind)> = mask
                    .starting_in(old_b.clone())
                    .map(|s| (shift_range(s.start..s.end, edit), *s.data))
                    .collect();
                let mut changed = diff_hull(&old, &items).unwrap_or(edit.start..edit.start);
                // An old gap running into the block from before it (the
                // blank line and a heading's `# `) ends where the block starts:
                // the block's own markup comes from its re-parse.
                let head = mask
                    .last_before(old_b.start)
                    .filter(|s| s.end > old_b.start)
                    .map(|s| (s.start, *s.data));
                if let Some(m) = &mut self.mask {
                    if let Some((head_start, kind)) = head {
                        m.splice(
                            head_start..head_start + 1,
                            0,
                            vec![(head_start..b.start, kind)],
                        );
                        changed = changed.start.min(b.start)..changed.end.max(b.end);
                    }
                    m.splice(old_b, delta, items);
                }
                changed
            }
            None => {
                let full = text.text(0..text.len());
                self.has_reference_definitions = full.contains("]:");
                let items: Vec<(Range<usize>, MaskKind)> = non_prose(&full);
                let old: Vec<(Range<usize>, MaskKind)> = mask
                    .iter()
                    .map(|s| (shift_range(s.start..s.end, edit), *s.data))
                    .collect();
                let changed = diff_hull(&old, &items).unwrap_or(edit.start..edit.start);
                let mut fresh = SpanList::default();
                fresh.splice(0..0, 0, items);
                self.mask = Some(fresh);
                changed
            }
        }
    }
}

/// Old-coordinate range to new coordinates; ranges touching the edit collapse onto it.
fn shift_range(r: Range<usize>, edit: Edit) -> Range<usize> {
    let delta = edit.delta();
    let map = |p: usize| {
        if p <= edit.start {
            p
        } else if p >= edit.old_end {
            (p as isize + delta) as usize
        } else {
            edit.new_end()
        }
    };
    map(r.start)..map(r.end)
}

/// The hull of the items that differ between two sorted lists.
fn diff_hull(
    old: &[(Range<usize>, MaskKind)],
    new: &[(Range<usize>, MaskKind)],
) -> Option<Range<usize>> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let differing = old[prefix..old.len() - suffix]
        .iter()
        .chain(&new[prefix..new.len() - suffix]);
    differing.fold(None, |acc: Option<Range<usize>>, (r, _)| match acc {
        None => Some(r.clone()),
        Some(a) => Some(a.start.min(r.start)..a.end.max(r.end)),
    })
}

/// Markdown block bounds around `start..end`: from the start of a line that
/// follows a blank line and does not begin with whitespace, to the next such
/// line (or the ends of the text). `None` if none is found nearby.
/// Original bytes read around a match beyond its folded extent: the
/// character before its start, a plural suffix and the character after.
const VALIDATION_MARGIN: usize = 16;

/// Walks back from `end` over `text` until at least `budget` folded bytes lie
/// between, and returns where it stopped (0 at the latest). Counts only what
/// is certain to fold to one byte each ([`FoldedCount`]), so the walk can
/// only go further than needed, never fall short. Masked (non-prose) text is
/// counted like prose although it folds to one hard break: no match crosses
/// a hard break, so stopping inside or before it is as safe as after it.
fn back_over_folded(text: &[u8], end: usize, budget: usize) -> usize {
    let mut count = FoldedCount::default();
    let mut at = end;
    while at > 0 && count.bytes < budget {
        at -= 1;
        count.add(text[at]);
    }
    at
}

/// [`back_over_folded`] forwards from `start`: where at least `budget`
/// folded bytes lie between (`text.len()` at the latest).
fn forward_over_folded(text: &[u8], start: usize, budget: usize) -> usize {
    let mut count = FoldedCount::default();
    let mut at = start;
    while at < text.len() && count.bytes < budget {
        count.add(text[at]);
        at += 1;
    }
    at
}

/// A lower bound on the folded length of bytes walked in either direction:
/// a printable ASCII character folds to one byte (folding lower-cases ASCII
/// byte for byte), a whitespace run to one (a space or a hard break, counted
/// at its first ASCII whitespace); any other byte counts nothing.
#[derive(Default)]
struct FoldedCount {
    bytes: usize,
    in_space: bool,
}

impl FoldedCount {
    fn add(&mut self, byte: u8) {
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                self.bytes += usize::from(!self.in_space);
                self.in_space = true;
            }
            0x21..=0x7e => {
                self.bytes += 1;
                self.in_space = false;
            }
            // Non-ASCII leaves a whitespace run open: a run may hold
            // non-ASCII whitespace.
            0x80.. => {}
            _ => self.in_space = false,
        }
    }
}

fn block_bounds(text: &(impl Source + ?Sized), start: usize, end: usize) -> Option<Range<usize>> {
    let len = text.len();
    let back_from = text.floor(start.saturating_sub(MAX_BLOCK_SEARCH));
    let before = text.text(back_from..start);
    let block_start = if back_from == 0 && !has_block_start(&before) {
        0
    } else {
        back_from + last_block_start(&before)?
    };
    let fwd_to = text.ceil((end + MAX_BLOCK_SEARCH).min(len));
    let after = text.text(end..fwd_to);
    let block_end = match first_block_start(&after) {
        Some(i) => end + i,
        None if fwd_to == len => len,
        None => return None,
    };
    Some(block_start..block_end)
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// Byte offsets of lines (in `s`) that start a top-level block.
fn block_starts(s: &str) -> impl Iterator<Item = usize> + '_ {
    let mut offset = 0;
    let mut prev_blank = false;
    s.split_inclusive('\n').filter_map(move |line| {
        let at = offset;
        offset += line.len();
        let starts = prev_blank && !is_blank(line) && !line.starts_with([' ', '\t']);
        prev_blank = is_blank(line);
        starts.then_some(at)
    })
}

fn has_block_start(s: &str) -> bool {
    block_starts(s).next().is_some()
}

fn last_block_start(s: &str) -> Option<usize> {
    block_starts(s).last()
}

fn first_block_start(s: &str) -> Option<usize> {
    // `s` begins mid-line: its first line cannot start a block.
    let first_line = s.find('\n')? + 1;
    let rest = &s[first_line..];
    // The blank-line state must carry over from the first (partial) line.
    let mut offset = first_line;
    let mut prev_blank = false;
    for line in rest.split_inclusive('\n') {
        if prev_blank && !is_blank(line) && !line.starts_with([' ', '\t']) {
            return Some(offset);
        }
        prev_blank = is_blank(line);
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_walks_count_ascii_and_whitespace_runs_and_never_non_ascii() {
        // "ab  \u{a0} cd": a, b, one run (spaces and NBSP), c, d = 5 folded bytes.
        let t = "ab  \u{a0} cd".as_bytes();
        assert_eq!(forward_over_folded(t, 0, 5), t.len());
        assert_eq!(forward_over_folded(t, 0, 3), 3);
        assert_eq!(back_over_folded(t, t.len(), 3), t.len() - 3);
        assert_eq!(back_over_folded(t, t.len(), 5), 0);
        // Non-ASCII counts nothing: the walk goes through it to the end.
        let han = "中文中文".as_bytes();
        assert_eq!(forward_over_folded(han, 0, 1), han.len());
        assert_eq!(back_over_folded(han, han.len(), 1), 0);
    }

    #[test]
    fn block_bounds_find_paragraphs() {
        let t = "# A\n\nPara one\nstill one\n\nPara two\n\n    code\n\nPara three\n";
        let at = t.find("still").unwrap();
        let b = block_bounds(t, at, at + 1).unwrap();
        assert_eq!(&t[b], "Para one\nstill one\n\n");
        let at = t.find("two").unwrap();
        let b = block_bounds(t, at, at).unwrap();
        assert_eq!(&t[b], "Para two\n\n    code\n\n");
    }
}
