//! The decision step: for every candidate the matcher yields, link it, mark
//! it as possible, or set it aside, from evidence it can name.
//!
//! Two stages, both pure:
//! - [`in_context`] (this module) looks only at the text around one
//!   candidate, at most [`CONTEXT_REACH`] bytes on each side: capitalised
//!   neighbours that make a longer name the glossary does not know ("New
//!   Mexico", "Jordan Peterson", "University of Chile"), the glossary's
//!   `not_in` names, a run of capitals (a heading or shouting), a cue of
//!   another meaning in the same sentence ("Russia's FSB"), a Chinese label
//!   inside a longer word. Because it reads nothing further away, the index
//!   can keep its verdicts incrementally (see [`crate::index`]).
//! - [`document::Resolver`] reads what the whole document says (its in-text
//!   definitions, the other entities it names) and decides what each kept
//!   mention names: one entry (with the reason when it was not plain), the
//!   document's own definition, or several possible entries.
//!
//! Must not keep state, know about files, settings or LSP.

pub mod dated;
pub mod document;
pub mod english;
pub mod titles;

use std::ops::Range;

use crate::glossary::{EntryId, Glossary};
use crate::recognize::matcher::{Candidate, Matcher, NotIn};
use crate::text::fold::{squash_head, squash_tail};
use crate::text::words::is_word_char;

/// How far (bytes) on each side of a candidate its local evidence may lie.
pub const CONTEXT_REACH: usize = 160;

// The Chinese word segmentation reads this far around a match.
const _: () = assert!(crate::text::segment::SEGMENT_REACH <= CONTEXT_REACH);

/// Why a candidate was set aside (not linked), from the text around it.
/// Offsets are relative to the mention, so they survive shifts of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetAsideBecause {
    /// Capitalised words around it make a longer name the glossary does not
    /// know; the name starts `before` bytes before the mention and ends
    /// `after` bytes after it.
    LongerName { before: u16, after: u16 },
    /// The glossary lists the longer name around it: `not_in[index]` of `entry`.
    ListedLongerName { entry: EntryId, index: u16 },
    /// An acronym in a run of capitals (a heading, or shouting).
    Capitals,
    /// Part of a longer word of a language written without spaces (Chinese);
    /// the word starts `before` bytes before the mention, ends `after` after it.
    InsideWord { before: u16, after: u16 },
    /// A word of the same sentence points to another meaning of the label:
    /// `other_meanings[index]` of `entry`.
    OtherMeaning { entry: EntryId, index: u16 },
}

impl SetAsideBecause {
    /// A short phrase for hovers and reports; `mention` is the mention's
    /// range in `text`.
    pub fn describe(&self, text: &str, mention: Range<usize>, glossary: &Glossary) -> String {
        match *self {
            SetAsideBecause::LongerName { before, after } => {
                match text.get(widen(mention, before, after, text.len())) {
                    Some(name) => format!("part of a longer name, “{}”", collapse(name)),
                    None => "part of a longer name".to_string(),
                }
            }
            SetAsideBecause::ListedLongerName { entry, index } => {
                match glossary
                    .entries
                    .get(entry.0 as usize)
                    .and_then(|e| e.def.not_in.get(index as usize))
                {
                    Some(name) => format!("part of “{name}”, a longer name the glossary lists"),
                    None => "part of a longer name the glossary lists".to_string(),
                }
            }
            SetAsideBecause::Capitals => "in a run of capitals (a heading)".to_string(),
            SetAsideBecause::InsideWord { before, after } => {
                match text.get(widen(mention, before, after, text.len())) {
                    Some(word) => format!("part of a longer word, “{word}”"),
                    None => "part of a longer word".to_string(),
                }
            }
            SetAsideBecause::OtherMeaning { entry, index } => {
                let meaning = glossary
                    .entries
                    .get(entry.0 as usize)
                    .and_then(|e| e.def.other_meanings.get(index as usize))
                    .map_or("something else", |m| m.meaning.as_str());
                format!("the sentence points to another meaning: {meaning}")
            }
        }
    }

    /// A stable code for machine-readable output (`gloss annotate`).
    pub fn code(&self) -> &'static str {
        match self {
            SetAsideBecause::LongerName { .. } => "longer-name",
            SetAsideBecause::ListedLongerName { .. } => "listed-longer-name",
            SetAsideBecause::Capitals => "capitals",
            SetAsideBecause::InsideWord { .. } => "inside-word",
            SetAsideBecause::OtherMeaning { .. } => "other-meaning",
        }
    }
}

/// How far `outer` reaches beyond `mention` on each side, as stored in a
/// [`SetAsideBecause`] (relative, so it survives shifts of the index).
fn reach_beyond(mention: &Range<usize>, outer: &Range<usize>) -> (u16, u16) {
    let clamp = |n: usize| n.min(u16::MAX as usize) as u16;
    (
        clamp(mention.start.saturating_sub(outer.start)),
        clamp(outer.end.saturating_sub(mention.end)),
    )
}

/// The inverse of [`reach_beyond`], clamped to a text of `len` bytes.
fn widen(mention: Range<usize>, before: u16, after: u16, len: usize) -> Range<usize> {
    mention.start.saturating_sub(before as usize)..(mention.end + after as usize).min(len)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The local verdict on `candidate` (positions relative to `text`): `None`
/// links it, `Some(reason)` sets it aside. `raw` holds every candidate of
/// `text` (sorted by start), to tell a neighbour that is itself a label.
/// Reads only `text` within [`CONTEXT_REACH`] bytes of the candidate.
pub fn in_context(
    text: &str,
    candidate: &Candidate,
    raw: &[Candidate],
    matcher: &Matcher,
) -> Option<SetAsideBecause> {
    let around = Around::new(text, candidate.start..candidate.end);
    let surface = matcher.surface(candidate.surface);
    let matched = &text[candidate.start..candidate.end];
    if let Some(listed) = listed_longer_name(&around, &surface.not_in) {
        return Some(SetAsideBecause::ListedLongerName {
            entry: listed.entry,
            index: listed.index,
        });
    }
    if let Some(word) = longer_chinese_word(&around) {
        let (before, after) = reach_beyond(&around.mention, &word);
        return Some(SetAsideBecause::InsideWord { before, after });
    }
    if let Some(because) = other_meaning_cue(&around, candidate, raw, matcher) {
        return Some(because);
    }
    // Only acronyms (labels matched with their case): a label that matches
    // the capitals case-insensitively is the run itself ("ENERGY SECURITY").
    if surface.case_sensitive && is_acronym_match(matched) && in_run_of_capitals(&around, raw) {
        return Some(SetAsideBecause::Capitals);
    }
    let proper_name = matched.chars().next().is_some_and(char::is_uppercase);
    if proper_name {
        return longer_name(&around, candidate, raw, matcher);
    }
    None
}

/// The longer word of a Chinese segmentation that the match is inside, if
/// an edge of the match lies between two Han characters.
fn longer_chinese_word(around: &Around<'_>) -> Option<Range<usize>> {
    use crate::text::segment::{is_han, longer_word};
    let text = around.text;
    let han_edge = |at: usize| {
        text[..at].chars().next_back().is_some_and(is_han)
            && text[at..].chars().next().is_some_and(is_han)
    };
    if !han_edge(around.mention.start) && !han_edge(around.mention.end) {
        return None;
    }
    let window = &text[around.window.clone()];
    let base = around.window.start;
    longer_word(
        window,
        around.mention.start - base..around.mention.end - base,
    )
    .map(|w| w.start + base..w.end + base)
}

/// Whether a match is an acronym: two or more letters, all capitals.
fn is_acronym_match(s: &str) -> bool {
    let core = s.strip_suffix('s').unwrap_or(s);
    core.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && core.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
}

/// The text around one candidate, bounded by [`CONTEXT_REACH`].
struct Around<'a> {
    text: &'a str,
    /// The bounded window (byte range of `text`).
    window: Range<usize>,
    mention: Range<usize>,
}

/// A word (maximal run of word characters) of the window.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

impl<'a> Word<'a> {
    fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

impl<'a> Around<'a> {
    fn new(text: &'a str, mention: Range<usize>) -> Around<'a> {
        let mut start = mention.start.saturating_sub(CONTEXT_REACH);
        while !text.is_char_boundary(start) {
            start += 1;
        }
        let mut end = (mention.end + CONTEXT_REACH).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        Around {
            text,
            window: start..end,
            mention,
        }
    }

    fn before(&self) -> &'a str {
        &self.text[self.window.start..self.mention.start]
    }

    fn after(&self) -> &'a str {
        &self.text[self.mention.end..self.window.end]
    }

    /// The word ending at or before `pos` (absolute), if the window holds it whole.
    fn word_before(&self, pos: usize) -> Option<Word<'a>> {
        let head = &self.text[self.window.start..pos];
        let trimmed = head.trim_end_matches(|c: char| !is_word_char(c));
        let end = self.window.start + trimmed.len();
        let start = self.window.start
            + trimmed
                .char_indices()
                .rev()
                .take_while(|(_, c)| is_word_char(*c))
                .last()
                .map(|(i, _)| i)?;
        // A word cut by the window's edge is not a whole word.
        if start == self.window.start && self.window.start > 0 {
            return None;
        }
        Some(Word {
            start,
            end,
            text: &self.text[start..end],
        })
    }

    /// The word starting at or after `pos` (absolute), if the window holds it whole.
    fn word_after(&self, pos: usize) -> Option<Word<'a>> {
        let tail = &self.text[pos..self.window.end];
        let skip = tail.find(is_word_char)?;
        let start = pos + skip;
        let len = self.text[start..self.window.end]
            .find(|c: char| !is_word_char(c))
            .unwrap_or(self.window.end - start);
        if start + len == self.window.end && self.window.end < self.text.len() {
            return None;
        }
        Some(Word {
            start,
            end: start + len,
            text: &self.text[start..start + len],
        })
    }

    /// The line of the mention, within the window.
    fn line(&self) -> &'a str {
        let start = self
            .before()
            .rfind(['\n', '\r'])
            .map_or(self.window.start, |i| self.window.start + i + 1);
        let end = self
            .after()
            .find(['\n', '\r'])
            .map_or(self.window.end, |i| self.mention.end + i);
        &self.text[start..end]
    }

    /// The sentence of the mention, within the window.
    fn sentence(&self) -> Range<usize> {
        let ends = |c: char| matches!(c, '.' | '!' | '?' | ';' | '。' | '！' | '？' | '；');
        let before = self.before();
        // After the stop character, whatever its width ("。" is 3 bytes).
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| ends(*c))
            .map_or(self.window.start, |(i, c)| {
                self.window.start + i + c.len_utf8()
            });
        let start = before[start - self.window.start..]
            .rfind("\n\n")
            .map_or(start, |i| start + i + 2);
        let after = self.after();
        let mut end = after
            .find(ends)
            .map_or(self.window.end, |i| self.mention.end + i);
        if let Some(i) = after.find("\n\n") {
            end = end.min(self.mention.end + i);
        }
        start..end
    }
}

/// The gap between two words joins them into one name: one to three spaces
/// or tabs. Not a line break (a heading ends there as often as a wrapped
/// line goes on), not a hyphen ("Sino-Russian", "China-Africa" are
/// compounds of two names).
fn joins(gap: &str) -> bool {
    !gap.is_empty() && gap.len() <= 3 && gap.chars().all(|c| c == ' ' || c == '\t')
}

/// Whether the word starts a sentence (or a line).
fn starts_sentence(around: &Around<'_>, word: &Word<'_>) -> bool {
    let head = &around.text[around.window.start..word.start];
    // An opening quote or bracket starts a quoted sentence ('It began,
    // "Dear George W. Bush.').
    if head
        .trim_end_matches([' ', '\t'])
        .ends_with(['"', '“', '‘', '(', '['])
    {
        return true;
    }
    let trimmed =
        head.trim_end_matches([' ', '\t', '"', '“', '‘', '\'', '(', '[', '*', '_', '#', '>']);
    match trimmed.chars().next_back() {
        None => around.window.start == 0,
        Some(c) => matches!(
            c,
            '.' | '!' | '?' | ':' | '\n' | '\r' | '-' | '–' | '—' | '•'
        ),
    }
}

/// Whether a raw candidate covers exactly the given start or end.
fn candidate_starting_at(raw: &[Candidate], start: usize) -> Option<&Candidate> {
    let i = raw.partition_point(|c| c.start < start);
    raw[i..].iter().take_while(|c| c.start == start).next()
}

fn candidate_ending_at(raw: &[Candidate], end: usize, before: usize) -> Option<&Candidate> {
    starting_in(raw, before.saturating_sub(CONTEXT_REACH)..end).find(|c| c.end == end)
}

/// The raw candidates starting in `range` (`raw` is sorted by start): a
/// binary search, so a decision costs the same in a 10 MB document.
fn starting_in(raw: &[Candidate], range: Range<usize>) -> impl Iterator<Item = &Candidate> {
    let from = raw.partition_point(|c| c.start < range.start);
    let to = raw.partition_point(|c| c.start < range.end);
    raw[from..to.max(from)].iter()
}

/// The entries a candidate's surface names.
fn entries<'m>(matcher: &'m Matcher, c: &Candidate) -> impl Iterator<Item = EntryId> + 'm {
    matcher.surface(c.surface).entries.iter().map(|(e, _)| *e)
}

/// Whether `other` is the same entry as one of `c`'s, or broader or related
/// to one of them (either way), or what a role of it is held in.
fn related(matcher: &Matcher, c: &Candidate, other: &Candidate) -> bool {
    let glossary = matcher.glossary();
    let linked = |a: EntryId, b: EntryId| {
        let def = &glossary.entry(a).def;
        let id = &glossary.entry(b).def.id;
        a == b
            || def.broader.iter().any(|x| x == id)
            || def.related.iter().any(|x| x == id)
            || def
                .roles
                .iter()
                .any(|r| r.of.as_deref() == Some(id.as_str()))
    };
    entries(matcher, c).any(|a| entries(matcher, other).any(|b| linked(a, b) || linked(b, a)))
}

fn listed_longer_name<'n>(around: &Around<'_>, not_in: &'n [NotIn]) -> Option<&'n NotIn> {
    if not_in.is_empty() {
        return None;
    }
    // Only as much of each side as the longest listed name needs.
    let need_before = not_in.iter().map(|n| n.before.len()).max().unwrap_or(0);
    let need_after = not_in.iter().map(|n| n.after.len()).max().unwrap_or(0);
    let before = squash_tail(around.before(), need_before);
    let after = squash_head(around.after(), need_after);
    not_in
        .iter()
        .find(|n| before.ends_with(n.before.as_str()) && after.starts_with(n.after.as_str()))
}

/// A cue of another meaning of the label in the same sentence, unless the
/// sentence also names the entry by another of its labels.
fn other_meaning_cue(
    around: &Around<'_>,
    candidate: &Candidate,
    raw: &[Candidate],
    matcher: &Matcher,
) -> Option<SetAsideBecause> {
    let meanings = &matcher.surface(candidate.surface).other_meanings;
    if meanings.is_empty() {
        return None;
    }
    let sentence = around.sentence();
    let own = entries(matcher, candidate).collect::<Vec<_>>();
    let named_otherwise = starting_in(raw, sentence.clone())
        .filter(|c| c.end <= sentence.end)
        .filter(|c| c.surface != candidate.surface)
        .any(|c| entries(matcher, c).any(|e| own.contains(&e)));
    if named_otherwise {
        return None;
    }
    let folded = crate::text::fold::normalize(&around.text[sentence], true);
    meanings
        .iter()
        .find(|m| m.cues.iter().any(|cue| contains_word(&folded, cue)))
        .map(|m| SetAsideBecause::OtherMeaning {
            entry: m.entry,
            index: m.index,
        })
}

/// Whether `haystack` contains `needle` with word boundaries on both sides.
fn contains_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + needle.len()..].chars().next();
        !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
    })
}

/// An acronym next to another all-caps word (not itself a label) in the
/// same clause: a heading or shouting, not a name.
fn in_run_of_capitals(around: &Around<'_>, raw: &[Candidate]) -> bool {
    let shouted = |w: Option<Word<'_>>, gap: &str| {
        w.is_some_and(|w| {
            w.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && w.text
                    .chars()
                    .all(|c| !c.is_alphabetic() || c.is_uppercase())
                && gap.len() < 64
                && !gap.contains(['.', '\n', ';', ':', ',', '(', ')', '[', ']', '"', '“', '”'])
                && candidate_starting_at(raw, w.start).is_none()
                && candidate_ending_at(raw, w.end, w.start).is_none()
        })
    };
    let before = around.word_before(around.mention.start);
    let gap_before = before.map_or("", |w| &around.text[w.end..around.mention.start]);
    let after = around.word_after(around.mention.end);
    let gap_after = after.map_or("", |w| &around.text[around.mention.end..w.start]);
    shouted(before, gap_before) || shouted(after, gap_after)
}

/// A line written in capitals: case says nothing about names there.
fn line_in_capitals(line: &str) -> bool {
    let letters = line.chars().filter(|c| c.is_alphabetic());
    let (mut upper, mut all) = (0, 0);
    for c in letters {
        all += 1;
        upper += usize::from(c.is_uppercase());
    }
    all >= 8 && upper * 10 >= all * 9
}

/// A line in title case (a headline): at least three capitalised words and
/// no lower-case word but function words ("China Signs Deal With Russia",
/// "Talks on the Future of Europe"), so capitals say nothing about names there.
fn line_in_title_case(line: &str) -> bool {
    let mut capitalised = 0;
    for word in line
        .split(|c: char| !is_word_char(c))
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
    {
        if word.chars().next().is_some_and(char::is_uppercase) {
            capitalised += 1;
        } else if !english::is_common_sentence_start(word) {
            return false;
        }
    }
    capitalised >= 3 && line.len() <= 200
}

/// Capitalised neighbours that make the mention part of a longer name,
/// unless capitals say nothing there (headlines). Concepts are exempt: a capitalised concept is a title's word ("Promoting
/// Asian Security Architecture Building"), not another entity. So is a
/// longer name the glossary knows as a form of the same entry ("President
/// Xi" + "Jinping", where "Xi Jinping" is a label too).
fn longer_name(
    around: &Around<'_>,
    candidate: &Candidate,
    raw: &[Candidate],
    matcher: &Matcher,
) -> Option<SetAsideBecause> {
    let concept = entries(matcher, candidate)
        .all(|e| matcher.glossary().entry(e).def.kind == crate::glossary::Kind::Concept);
    if concept {
        return None;
    }
    let mention = around.mention.clone();
    let mut name = mention.clone();
    if !is_acronym_match(&around.text[mention.clone()])
        && let Some(end) = name_goes_on_right(around, candidate, raw, matcher)
    {
        name.end = end;
    }
    // A title before a person's name is not part of the name ("Secretary
    // of State Rice", "Chinese Foreign Minister Wang Yi").
    let person = entries(matcher, candidate)
        .any(|e| matcher.glossary().entry(e).def.kind == crate::glossary::Kind::Person);
    let titled = person && titles::title_before(around.text, mention.start).is_some();
    if !titled && let Some(start) = name_goes_on_left(around, candidate, raw, matcher) {
        name.start = start;
    }
    let near = mention.start.saturating_sub(CONTEXT_REACH)..mention.end;
    let known_form = starting_in(raw, near).any(|other| {
        other != candidate
            && other.start < mention.end
            && other.end > mention.start
            && (name.start == mention.start || other.start <= name.start)
            && (name.end == mention.end || other.end >= name.end)
            && related(matcher, candidate, other)
    });
    if name == mention || known_form || capitals_say_nothing(around) {
        return None;
    }
    let (before, after) = reach_beyond(&mention, &name);
    Some(SetAsideBecause::LongerName { before, after })
}

/// Whether capitals carry no evidence of names around the mention: its line
/// is in capitals or in title case, or most words around it are capitalised.
/// Checked only once a longer name was found: it reads the most text.
fn capitals_say_nothing(around: &Around<'_>) -> bool {
    let line = around.line();
    line_in_capitals(line) || line_in_title_case(line) || in_run_of_capitalised_words(around)
}

/// Whether most words around the mention (up to four on each side, in its
/// sentence and line) are capitalised: a headline or a title glued to the
/// text, where capitals say nothing about names. All-caps words (acronyms)
/// and a sentence's first word do not count: they are capitalised anyway.
fn in_run_of_capitalised_words(around: &Around<'_>) -> bool {
    let line = around.line();
    let line_start = line.as_ptr() as usize - around.text.as_ptr() as usize;
    let sentence = around.sentence();
    let start = line_start.max(sentence.start);
    let end = (line_start + line.len()).min(sentence.end);
    let counted = |w: &&str| {
        w.chars().next().is_some_and(char::is_alphabetic)
            && !(w.chars().count() > 1 && w.chars().all(|c| !c.is_lowercase()))
    };
    let head = &around.text[start..around.mention.start];
    let first_word_starts_sentence = head.trim_start().is_empty();
    let before: Vec<&str> = head
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .skip(usize::from(!first_word_starts_sentence))
        .filter(counted)
        .collect();
    let after: Vec<&str> = around.text[around.mention.end..end.max(around.mention.end)]
        .split(|c: char| !is_word_char(c))
        .filter(counted)
        .take(4)
        .collect();
    let words: Vec<&str> = before
        .iter()
        .rev()
        .take(4)
        .chain(after.iter())
        .copied()
        .collect();
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    words.len() >= 5 && capitalised * 3 >= words.len() * 2
}

/// Whether a capitalised word can be part of a name with the mention: not an
/// office or title ("President", "Minister"), a month or a weekday, nor "I".
fn can_extend(word: &Word<'_>) -> bool {
    word.is_capitalised()
        && word.text != "I"
        && !english::never_extends_a_name(word.text)
        && !glued_to_a_sentence(word.text)
}

/// A heading glued to the sentence after it, as text copied from web pages
/// often is ("Russia-China RelationsIn the 21st century"): a lower-case
/// letter followed by a capitalised common sentence start.
fn glued_to_a_sentence(word: &str) -> bool {
    let mut prev_lower = false;
    for (i, c) in word.char_indices() {
        if prev_lower && c.is_uppercase() && english::is_common_sentence_start(&word[i..]) {
            return true;
        }
        prev_lower = c.is_lowercase();
    }
    false
}

/// "Mexico City", "Jordan Peterson", "Security Council of Armenia": where
/// the longer name ends, if the mention goes on into one.
fn name_goes_on_right(
    around: &Around<'_>,
    candidate: &Candidate,
    raw: &[Candidate],
    matcher: &Matcher,
) -> Option<usize> {
    let next = around.word_after(around.mention.end)?;
    let gap = &around.text[around.mention.end..next.start];
    if !joins(gap) {
        return None;
    }
    // "the President of Mexico Claudia Sheinbaum": after "office of", the
    // capitalised words name the holder, not a longer place.
    let office_of = around.word_before(around.mention.start).is_some_and(|of| {
        english::is_joining_word(of.text)
            && around
                .word_before(of.start)
                .is_some_and(|office| english::never_extends_a_name(office.text))
    });
    if office_of {
        return None;
    }
    if next.is_capitalised() {
        // Two labels side by side ("EU China summit") are two names; so are
        // words in two scripts ("Страны BRICS").
        let same_script = script_of(next.text) == script_of(&around.text[around.mention.clone()]);
        return (can_extend(&next)
            && same_script
            && candidate_starting_at(raw, next.start).is_none())
        .then(|| extend_right(around, next));
    }
    // "of"-joins make a longer name of a body, document or event ("the
    // Security Council of Armenia"), unless what follows is the entry's own
    // parent ("… of the United Nations"). People and places are "of" things
    // without changing what they are ("Wang Yi of China").
    let kind_takes_of = entries(matcher, candidate).all(|e| {
        !matches!(
            matcher.glossary().entry(e).def.kind,
            crate::glossary::Kind::Person | crate::glossary::Kind::Place
        )
    });
    // A long label is specific already ("Joint Statement on … in the New
    // Era" + "of Russia and China"); a short one is a generic head.
    let short = around.text[around.mention.clone()]
        .split_whitespace()
        .count()
        <= 3;
    if !kind_takes_of || !short || !english::is_joining_word(next.text) {
        return None;
    }
    let mut head = around.word_after(next.end)?;
    if !joins(&around.text[next.end..head.start]) {
        return None;
    }
    if head.text.eq_ignore_ascii_case("the") {
        let after_article = around.word_after(head.end)?;
        if !joins(&around.text[head.end..after_article.start]) {
            return None;
        }
        head = after_article;
    }
    if !can_extend(&head) {
        return None;
    }
    let named = candidate_starting_at(raw, head.start);
    if named.is_some_and(|other| related(matcher, candidate, other)) {
        return None;
    }
    Some(extend_right(around, head))
}

/// "New Mexico", "Lake Chad", "University of Chile": where the longer name
/// starts, if the mention ends one.
fn name_goes_on_left(
    around: &Around<'_>,
    candidate: &Candidate,
    raw: &[Candidate],
    matcher: &Matcher,
) -> Option<usize> {
    let prev = around.word_before(around.mention.start)?;
    let gap = &around.text[prev.end..around.mention.start];
    if !joins(gap) {
        return None;
    }
    let mention_script = script_of(&around.text[around.mention.clone()]);
    let is_name_word = |w: &Word<'_>| {
        can_extend(w)
            && script_of(w.text) == mention_script
            && !(starts_sentence(around, w) && is_common_sentence_start(w.text))
    };
    if prev.is_capitalised() {
        // A label just before is a name of its own ("UN Security Council"
        // when only "Security Council" is a label; "EU China summit").
        return (is_name_word(&prev) && candidate_ending_at(raw, prev.end, prev.start).is_none())
            .then_some(prev.start);
    }
    // "of"-joins make places part of the names of institutions and other
    // places ("University of Chile", "Gulf of Mexico"); other entries are
    // "of" something without being part of it ("Alumni of Peking University").
    let is_place = entries(matcher, candidate)
        .all(|e| matcher.glossary().entry(e).def.kind == crate::glossary::Kind::Place);
    if !is_place || !english::is_joining_word(prev.text) {
        return None;
    }
    let head_is_a_name_head = |w: &Word<'_>| english::is_name_head(w.text);
    let mut head = around.word_before(prev.start)?;
    if !joins(&around.text[head.end..prev.start]) {
        return None;
    }
    if head.text.eq_ignore_ascii_case("the") {
        let before_article = around.word_before(head.start)?;
        if !joins(&around.text[before_article.end..head.start]) {
            return None;
        }
        head = before_article;
    }
    let named = candidate_ending_at(raw, head.end, head.start);
    (is_name_word(&head)
        && head_is_a_name_head(&head)
        && !named.is_some_and(|other| related(matcher, candidate, other)))
    .then_some(head.start)
}

/// The script of a word's first letter, coarsely: Latin, Cyrillic, Greek,
/// or other. Capitals only join words of one script into a name.
fn script_of(word: &str) -> u8 {
    match word.chars().find(|c| c.is_alphabetic()) {
        Some(c) if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) => 0,
        Some(c) if ('\u{0400}'..='\u{052F}').contains(&c) => 1,
        Some(c) if ('\u{0370}'..='\u{03FF}').contains(&c) => 2,
        _ => 3,
    }
}

/// Whether a capitalised word at a sentence start is capitalised only for
/// that: an English function word or adverb, a one-letter word, or any word
/// of a script whose function words we do not list ("Позиция Европейского
/// союза").
fn is_common_sentence_start(word: &str) -> bool {
    script_of(word) != 0 || word.chars().count() == 1 || english::is_common_sentence_start(word)
}

/// The end of the run of capitalised words that starts with `first`.
fn extend_right(around: &Around<'_>, first: Word<'_>) -> usize {
    let mut end = first.end;
    let mut last = first;
    for _ in 0..6 {
        match around.word_after(last.end) {
            Some(next) if joins(&around.text[last.end..next.start]) && next.is_capitalised() => {
                end = next.end;
                last = next;
            }
            _ => break,
        }
    }
    end
}

#[cfg(test)]
mod tests;
