//! Titles around a person's name: "Chinese Foreign Minister Wang Yi",
//! "former Prime Minister Abe", "Wang Yi, Director of the Office of …",
//! "Mr Lavrov".
//!
//! Owns reading a title from the words just before a name (or after it,
//! behind a comma), what office a title names ([`OfficeClass`], the same
//! classification for a title in text and a role in the glossary, so
//! "Foreign Minister" fits "Minister of Foreign Affairs"), and the words that
//! put a title in the past ("former", "then-", "the late") or a sentence in
//! history (an explicit year). Pure functions over a `&str`, reading at most
//! [`TITLE_REACH`] bytes on either side of the name, so the index can keep
//! titles incrementally. Must not know about dates in use, glossaries or
//! documents: the Resolver and the diagnostics judge a title against them.

use std::ops::Range;
use std::sync::Arc;

/// How far (bytes) a title and its markers may lie from the name.
pub const TITLE_REACH: usize = 120;

const _: () = assert!(TITLE_REACH <= super::CONTEXT_REACH);

/// What kind of office a title names. Text titles and glossary role titles
/// are classified by the same words; two titles fit when their classes are
/// equal, or when the text's title is a generic word ("Minister",
/// "Secretary", "Director") that the role's title contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OfficeClass {
    /// "Mr", "Ms", "Dr", "Madam": no office, no time claim.
    Honorific,
    President,
    VicePresident,
    HeadOfGovernment,
    DeputyHeadOfGovernment,
    /// A deputy, assistant or under-secretary of any office.
    Deputy,
    ForeignMinister,
    DefenceMinister,
    FinanceMinister,
    SecretaryGeneral,
    DirectorGeneral,
    PartyLeader,
    Monarch,
    CrownPrince,
    SupremeLeader,
    Speaker,
    Senator,
    Governor,
    Chair,
    Ambassador,
    Military,
    Judge,
    Pope,
    Commissioner,
    HighRepresentative,
    /// Generic words: fit any role whose title contains them.
    Leader,
    Minister,
    Secretary,
    Director,
}

impl OfficeClass {
    fn is_generic(self) -> bool {
        matches!(
            self,
            OfficeClass::Leader
                | OfficeClass::Minister
                | OfficeClass::Secretary
                | OfficeClass::Director
        )
    }
}

/// What office a title names, from its words ("Minister of Foreign Affairs",
/// "Foreign Minister", "Secretary of State" → [`OfficeClass::ForeignMinister`]).
///
/// Memoised per thread: role titles are judged on every keystroke (outdated
/// titles, short names after a title) and classifying one takes some sixty
/// substring searches. The memo is cleared when it grows past
/// `MEMO_LIMIT` titles, so text titles cannot grow it without bound.
pub fn office_class(title: &str) -> Option<OfficeClass> {
    const MEMO_LIMIT: usize = 16_384;
    thread_local! {
        static MEMO: std::cell::RefCell<std::collections::HashMap<Box<str>, Option<OfficeClass>>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    MEMO.with(|memo| {
        if let Some(class) = memo.borrow().get(title) {
            return *class;
        }
        let class = classify_title(title);
        let mut memo = memo.borrow_mut();
        if memo.len() >= MEMO_LIMIT {
            memo.clear();
        }
        memo.insert(title.into(), class);
        class
    })
}

/// [`office_class`] without the memo.
fn classify_title(title: &str) -> Option<OfficeClass> {
    let t = title.to_lowercase().replace(['-', '–'], " ");
    let t = t.trim_end_matches('.');
    let has = |w: &str| contains_words(t, w);
    use OfficeClass::*;
    let class = if matches!(
        t,
        "mr" | "mrs"
            | "ms"
            | "miss"
            | "dr"
            | "madam"
            | "madame"
            | "mme"
            | "monsieur"
            | "sir"
            | "dame"
            | "lord"
            | "lady"
            | "comrade"
            | "professor"
            | "prof"
    ) {
        Honorific
    } else if has("vice president") || has("vice chairman") || has("vice chair") {
        VicePresident
    } else if has("deputy prime minister") || has("vice premier") || has("first deputy premier") {
        DeputyHeadOfGovernment
    } else if has("deputy") || has("assistant") || has("under secretary") {
        Deputy
    } else if has("general secretary") || has("first secretary") {
        PartyLeader
    } else if has("secretary general") {
        SecretaryGeneral
    } else if has("director general") {
        DirectorGeneral
    } else if has("foreign minister")
        || has("foreign affairs")
        || has("foreign secretary")
        || has("external affairs")
        || t == "secretary of state"
        || t.starts_with("secretary of state for foreign")
        || has("external relations")
        || has("international relations")
        || has("international affairs")
        || has("relations with states")
        || (has("foreign")
            && (has("minister") || has("secretary"))
            && !has("trade")
            && !has("economic")
            && !has("intelligence"))
    {
        ForeignMinister
    } else if has("exchequer") || has("finance") || has("treasury") {
        FinanceMinister
    } else if has("defence") || has("defense") {
        DefenceMinister
    } else if has("prime minister")
        || has("premier")
        || (has("chancellor") && !has("vice chancellor"))
        || has("head of government")
        || has("taoiseach")
    {
        HeadOfGovernment
    } else if has("chief of staff") && !has("white house")
        || has("chief of the general staff")
        || has("chief of army staff")
        || has("chief of defence staff")
        || has("chief of the defence staff")
        || has("joint chiefs")
    {
        Military
    } else if has("head of state") {
        President
    } else if has("crown prince") {
        CrownPrince
    } else if has("supreme leader") {
        SupremeLeader
    } else if has("king")
        || has("queen")
        || has("emir")
        || has("amir")
        || has("sultan")
        || has("emperor")
        || has("prince")
        || has("grand duke")
        || has("grand duchess")
        || has("yang di pertuan agong")
    {
        Monarch
    } else if has("captain regent") || has("captains regent") {
        President
    } else if has("high representative") {
        HighRepresentative
    } else if has("president") {
        President
    } else if has("speaker") {
        Speaker
    } else if has("senator") {
        Senator
    } else if has("governor") {
        Governor
    } else if has("chairman") || has("chair") || has("chairperson") || has("chairwoman") {
        Chair
    } else if has("ambassador") || has("permanent representative") {
        Ambassador
    } else if has("general")
        || has("admiral")
        || has("colonel")
        || has("marshal")
        || has("commander")
    {
        Military
    } else if has("chief justice") || has("judge") || has("justice") {
        Judge
    } else if has("pope") {
        Pope
    } else if has("commissioner") {
        Commissioner
    } else if has("leader") {
        Leader
    } else if has("minister") {
        Minister
    } else if has("secretary") {
        Secretary
    } else if has("director") {
        Director
    } else {
        return None;
    };
    Some(class)
}

/// Whether a title written in text fits a role title of the glossary.
pub fn title_fits(text_class: OfficeClass, role_title: &str) -> bool {
    if text_class == OfficeClass::Honorific {
        return true;
    }
    if text_class.is_generic() {
        let word = match text_class {
            OfficeClass::Leader => "leader",
            OfficeClass::Minister => "minister",
            OfficeClass::Secretary => "secretary",
            _ => "director",
        };
        let lower = role_title.to_lowercase().replace('-', " ");
        return contains_words(&lower, word) || office_class(role_title) == Some(text_class);
    }
    office_class(role_title) == Some(text_class)
}

/// `phrase` occurs in `text` on word boundaries.
fn contains_words(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// A title attached to a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// Where the title starts, relative to the name's start (negative when
    /// it stands before the name).
    pub offset: isize,
    pub len: usize,
    /// The title as written, whitespace normalised ("Chinese Foreign Minister").
    pub text: Arc<str>,
    pub class: OfficeClass,
    /// A word that puts the title in the past or future ("former", "then",
    /// "late", "ex"), lower case.
    pub marker: Option<Arc<str>>,
    /// The earliest year (1800–2100) written in the same sentence, if any:
    /// a sentence about an earlier year is history.
    pub year_in_sentence: Option<i16>,
}

impl Title {
    /// The title's range in the text, given the name's start.
    pub fn range(&self, name_start: usize) -> Range<usize> {
        let start = (name_start as isize + self.offset).max(0) as usize;
        start..start + self.len
    }

    /// Whether the text itself places the title outside the present.
    pub fn is_marked_past_or_future(&self) -> bool {
        self.marker.is_some()
    }
}

/// Title phrases, longest first within each head word, as they appear before
/// a name. Matched case-insensitively on whole words; the class comes from
/// [`office_class`].
const TITLE_PHRASES: &[&str] = &[
    "Deputy Prime Minister",
    "Prime Minister",
    "Vice Premier",
    "Premier",
    "Vice President",
    "Vice-President",
    "President",
    "Foreign Minister",
    "Foreign Secretary",
    "Foreign Affairs Minister",
    "External Affairs Minister",
    "Minister of Foreign Affairs",
    "Minister for Foreign Affairs",
    "Secretary of State",
    "Defence Minister",
    "Defense Minister",
    "Defense Secretary",
    "Defence Secretary",
    "Secretary of Defense",
    "Finance Minister",
    "Treasury Secretary",
    "Secretary of the Treasury",
    "Chancellor of the Exchequer",
    "Chancellor",
    "Secretary-General",
    "Secretary General",
    "General Secretary",
    "Director-General",
    "Director General",
    "Crown Prince",
    "Supreme Leader",
    "King",
    "Queen",
    "Emir",
    "Sultan",
    "Emperor",
    "High Representative",
    "Speaker",
    "Senator",
    "Governor",
    "Chairman",
    "Chairwoman",
    "Chairperson",
    "Chair",
    "Ambassador",
    "General",
    "Admiral",
    "Colonel",
    "Chief Justice",
    "Justice",
    "Judge",
    "Pope",
    "Commissioner",
    "State Councilor",
    "State Councillor",
    "Majority Leader",
    "Minority Leader",
    "Leader",
    "Minister",
    "Secretary",
    "Director",
    "His Holiness",
    "His Excellency",
    "Her Excellency",
    "His Majesty",
    "Her Majesty",
    "His Royal Highness",
    "Mr.",
    "Mr",
    "Mrs.",
    "Mrs",
    "Ms.",
    "Ms",
    "Dr.",
    "Dr",
    "Madam",
    "Madame",
    "Mme",
    "Sir",
    "Dame",
];

/// Words that put a title in the past or the future.
const MARKERS: &[&str] = &[
    "former",
    "then",
    "ex",
    "late",
    "erstwhile",
    "onetime",
    "one-time",
    "previous",
    "past",
    "future",
    "later",
    "retired",
];

/// The word ending at `end` (letters, digits, `-`, `'`, `.` for "Mr."), and
/// where it starts, if only spaces separate it from `end`.
fn word_before(text: &str, end: usize) -> Option<(usize, &str)> {
    let head = &text[..end];
    let trimmed = head.trim_end_matches([' ', '\t']);
    if trimmed.len() == head.len() && end > 0 {
        // No space: only allowed when `end` follows a hyphen ("then-President").
        if !head.ends_with('-') {
            return None;
        }
    }
    let w_end = trimmed.len();
    let start = trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.')))
        .map_or(0, |(i, c)| i + c.len_utf8());
    (start < w_end).then(|| (start, &text[start..w_end]))
}

/// The title just before a name starting at `name_start`: the longest title
/// phrase ending right before it, with any qualifier words before the phrase
/// ("Chinese", "UN", "China's") and a marker ("former", "then-").
pub fn title_before(text: &str, name_start: usize) -> Option<Title> {
    let floor = name_start.saturating_sub(TITLE_REACH);
    let floor = (floor..=name_start)
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(name_start);
    let window = &text[floor..name_start];
    let before = window.trim_end_matches([' ', '\t']);
    if before.len() == window.len() || before.is_empty() {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for phrase in TITLE_PHRASES {
        if before.len() < phrase.len() {
            continue;
        }
        let start = before.len() - phrase.len();
        let Some(tail) = before.get(start..) else {
            continue;
        };
        if !tail.eq_ignore_ascii_case(phrase) {
            continue;
        }
        let boundary = before[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        // Honorifics and one-word titles must be capitalised to be titles
        // ("the minister Wang" is rarer than "minister" in other senses).
        let capitalised = tail.chars().next().is_some_and(char::is_uppercase);
        let lower_ok = phrase.contains(' ') && !phrase.ends_with('.');
        if boundary && (capitalised || lower_ok) && best.is_none_or(|(s, _)| start < s) {
            best = Some((start, phrase));
        }
    }
    let (phrase_start, phrase) = best?;
    let class = office_class(phrase)?;
    let mut start = floor + phrase_start;
    let mut marker = None;
    // Qualifiers ("Chinese", "UN", "U.S.", "China's") and a marker.
    let mut qualifiers = 0;
    while let Some((w_start, word)) = word_before(text, start) {
        if w_start < floor {
            break;
        }
        // A word ending a sentence ("… Vice President. President Zelensky")
        // is no qualifier; abbreviations ("U.S.", "St.") are.
        if word.ends_with('.') && word.len() > 3 && !word[..word.len() - 1].contains('.') {
            break;
        }
        let lower = word.to_lowercase();
        let bare = lower.trim_end_matches('-');
        if MARKERS.contains(&bare) {
            marker = Some(Arc::from(bare));
            start = w_start;
            // "the late", "the former": the article is not part of the title.
            break;
        }
        let is_qualifier = word.chars().next().is_some_and(char::is_uppercase)
            && qualifiers < 3
            && !super::english::is_common_sentence_start(word)
            && class != OfficeClass::Honorific;
        if !is_qualifier {
            break;
        }
        qualifiers += 1;
        start = w_start;
    }
    let end = floor + before.len();
    let text_of_title = collapse(&text[start..end]);
    Some(Title {
        offset: start as isize - name_start as isize,
        len: end - start,
        text: Arc::from(text_of_title.trim_end_matches(['-', ' '])),
        class,
        marker,
        year_in_sentence: earliest_year_in_sentence(text, start, name_start),
    })
}

/// A title just after a name (`name`), behind a comma: "Wang Yi, Director
/// of the Office of …", "Sergey Lavrov, Russia's Foreign Minister,",
/// "Shinzo Abe, the former Prime Minister".
pub fn title_after(text: &str, name: Range<usize>) -> Option<Title> {
    let ceiling = (name.end + TITLE_REACH).min(text.len());
    let ceiling = (ceiling..=text.len())
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(text.len());
    let rest = text.get(name.end..ceiling)?;
    let after_comma = rest.strip_prefix(',')?;
    let mut at =
        name.end + 1 + (after_comma.len() - after_comma.trim_start_matches([' ', '\t']).len());
    let title_start = at;
    let mut marker = None;
    for _ in 0..5 {
        let rest = &text[at..ceiling];
        if let Some(phrase) = phrase_at_start(rest) {
            let class = office_class(phrase)?;
            let mut end = at + phrase.len();
            // The title runs on through "of the …" while words are capitalised.
            let mut last_capital_end = end;
            for (w_start, word) in words_from(text, end, ceiling) {
                let bare = word.trim_end_matches([',', '.', ';', ':', ')']);
                let glue = matches!(bare, "of" | "the" | "for" | "and" | "on");
                let capital = bare.chars().next().is_some_and(char::is_uppercase);
                if bare.is_empty() || !(glue || capital) {
                    break;
                }
                end = w_start + bare.len();
                if capital {
                    last_capital_end = end;
                }
                if bare.len() != word.len() {
                    break;
                }
            }
            let end = last_capital_end;
            return Some(Title {
                offset: title_start as isize - name.start as isize,
                len: end - title_start,
                text: Arc::from(collapse(&text[title_start..end]).as_str()),
                class,
                marker,
                year_in_sentence: earliest_year_in_sentence(text, name.start, end),
            });
        }
        let (_, word) = words_from(text, at, ceiling).next()?;
        let lower = word.to_lowercase();
        let bare = lower.trim_end_matches('-');
        if MARKERS.contains(&bare) {
            marker = Some(Arc::from(bare));
        } else if !(matches!(bare, "the" | "a" | "an")
            || word.ends_with("'s")
            || word.ends_with("’s")
            || word.chars().next().is_some_and(char::is_uppercase))
        {
            return None;
        }
        let next = &text[at + word.len()..ceiling];
        let spaces = next.len() - next.trim_start_matches([' ', '\t']).len();
        if spaces == 0 {
            return None;
        }
        at += word.len() + spaces;
    }
    None
}

/// The title phrase (not an honorific) that `s` starts with, on a word boundary.
fn phrase_at_start(s: &str) -> Option<&'static str> {
    TITLE_PHRASES.iter().copied().find(|p| {
        office_class(p) != Some(OfficeClass::Honorific)
            && s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p))
            && s[p.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Words (runs without spaces) from `at` up to `ceiling`, with their starts.
fn words_from(text: &str, at: usize, ceiling: usize) -> impl Iterator<Item = (usize, &str)> {
    let slice = &text[at..ceiling];
    slice
        .split([' ', '\t'])
        .scan(at, |pos, w| {
            let start = *pos;
            *pos += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .take_while(|(_, w)| !w.contains('\n'))
}

/// Whether a capitalised word follows `end` on the same line ("Howard" in
/// "Leader Howard Baker"): then a short name is part of a longer name.
pub fn name_goes_on(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let gap = rest.len() - rest.trim_start_matches([' ', '\t', '-']).len();
    gap > 0 && rest[gap..].chars().next().is_some_and(char::is_uppercase)
}

/// The title attached to the name at `name` in `text`: before it, else after it.
pub fn attached_title(text: &str, name: Range<usize>) -> Option<Title> {
    title_before(text, name.start).or_else(|| title_after(text, name))
}

/// What the sentence around a name says about time: its earliest explicit
/// year, and whether it speaks of the past ("was", "former", "until",
/// "replaced", "dissolved" …). A sentence in the past, or about an earlier
/// year, may name what no longer exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HistoryClue {
    pub year_in_sentence: Option<i16>,
    pub past: bool,
}

/// Words that put a sentence in the past or mark a name as historical.
const PAST_WORDS: &[&str] = &[
    "abolished",
    "became",
    "dissolved",
    "ended",
    "erstwhile",
    "ex",
    "formed",
    "former",
    "formerly",
    "founded",
    "had",
    "historic",
    "historical",
    "historically",
    "predecessor",
    "renamed",
    "replaced",
    "succeeded",
    "successor",
    "then",
    "until",
    "was",
    "were",
];

/// The [`HistoryClue`] of the sentence around `name` (reading at most
/// [`TITLE_REACH`] bytes on each side).
pub fn history_clue(text: &str, name: Range<usize>) -> HistoryClue {
    let sentence = sentence_around(text, name.start, name.end);
    let past_word = text[sentence.clone()]
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w.len() >= 2 && PAST_WORDS.binary_search(&w.to_lowercase().as_str()).is_ok());
    let past = past_word || verb_in_past_follows(&text[name.end..sentence.end.max(name.end)]);
    HistoryClue {
        year_in_sentence: earliest_year_in_sentence(text, name.start, name.end),
        past,
    }
}

/// Common irregular verbs in the past tense (sorted).
const IRREGULAR_PAST: &[&str] = &[
    "began", "brought", "built", "came", "chose", "fought", "gave", "grew", "held", "knew", "led",
    "left", "lost", "made", "met", "paid", "ran", "rose", "said", "sat", "saw", "sent", "set",
    "sought", "spoke", "stood", "struck", "told", "took", "went", "won", "wrote",
];

/// Whether the first word after a name (an adverb between allowed) is a
/// verb in the past tense: "met", "adopted" ("The Shanghai Five met in
/// Almaty"). Words in "-ed" count only right after the name, where an
/// adjective is unlikely.
fn verb_in_past_follows(after: &str) -> bool {
    let mut words = after
        .split(|c: char| !(c.is_alphabetic() || c == '\''))
        .filter(|w| !w.is_empty())
        .take(2);
    let Some(first) = words.next() else {
        return false;
    };
    let past = |w: &str| {
        let w = w.to_lowercase();
        IRREGULAR_PAST.binary_search(&w.as_str()).is_ok()
            || (w.len() > 4 && w.ends_with("ed") && w.chars().all(|c| c.is_ascii_lowercase()))
    };
    if past(first) {
        return true;
    }
    first.to_lowercase().ends_with("ly") && words.next().is_some_and(past)
}

/// The sentence around `from..to`, within [`TITLE_REACH`] on each side.
fn sentence_around(text: &str, from: usize, to: usize) -> Range<usize> {
    let lo = (from.saturating_sub(TITLE_REACH)..=from)
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(from);
    let hi = ((to + TITLE_REACH).min(text.len())..=text.len())
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(text.len());
    let ends_sentence = |c: char| matches!(c, '.' | '!' | '?' | '\n' | '。');
    let start = text[lo..from]
        .rfind(|c: char| ends_sentence(c))
        .map_or(lo, |i| lo + i + 1);
    // A full stop ends the sentence when a space follows (not inside "U.S.").
    let stop = text[to..hi].find(|c: char| ends_sentence(c) && c != '.');
    let full_stop = text[to..hi].find(". ");
    let end = match (stop, full_stop) {
        (Some(a), Some(b)) => to + a.min(b),
        (Some(a), None) | (None, Some(a)) => to + a,
        (None, None) => hi,
    };
    start..end
}

/// The earliest year 1800–2100 written as four digits in the sentence
/// around `from..to`, within [`TITLE_REACH`] on each side.
fn earliest_year_in_sentence(text: &str, from: usize, to: usize) -> Option<i16> {
    let sentence = &text[sentence_around(text, from, to)];
    let bytes = sentence.as_bytes();
    let mut earliest: Option<i16> = None;
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let digits = bytes[i..i + 4].iter().all(u8::is_ascii_digit);
        let left_ok = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let right_ok = i + 4 == bytes.len() || !bytes[i + 4].is_ascii_alphanumeric();
        if digits && left_ok && right_ok {
            if let Ok(year) = sentence[i..i + 4].parse::<i16>()
                && (1800..=2100).contains(&year)
            {
                earliest = Some(earliest.map_or(year, |e: i16| e.min(year)));
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    earliest
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn before(text: &str, name: &str) -> Option<Title> {
        let at = text.find(name).expect("name in text");
        title_before(text, at)
    }

    #[test]
    fn titles_in_text_and_roles_share_a_class() {
        use OfficeClass::*;
        assert_eq!(office_class("Foreign Minister"), Some(ForeignMinister));
        assert_eq!(
            office_class("Minister of Foreign Affairs"),
            Some(ForeignMinister)
        );
        assert_eq!(
            office_class("Minister of External Affairs"),
            Some(ForeignMinister)
        );
        assert_eq!(office_class("Secretary of State"), Some(ForeignMinister));
        // Foreign ministries under other names; trade and intelligence are not foreign affairs.
        for title in [
            "Minister of International Relations and Cooperation",
            "Minister of External Relations",
            "Federal Minister for European and International Affairs",
            "Minister of Foreign and European Affairs",
            "Cabinet Secretary for Foreign and Diaspora Affairs",
            "Secretary for Relations with States",
        ] {
            assert_eq!(office_class(title), Some(ForeignMinister), "{title}");
        }
        assert_ne!(
            office_class("Minister of Foreign Trade"),
            Some(ForeignMinister)
        );
        assert_ne!(
            office_class("Director of the Foreign Intelligence Service"),
            Some(ForeignMinister)
        );
        // Monarchs by other titles; Captains Regent are San Marino's joint heads of state.
        for title in [
            "Prince",
            "Episcopal Co-Prince",
            "Grand Duke",
            "Yang di-Pertuan Agong",
        ] {
            assert_eq!(office_class(title), Some(Monarch), "{title}");
        }
        assert_eq!(office_class("Crown Prince"), Some(CrownPrince));
        assert_eq!(office_class("Captain Regent"), Some(President));
        assert_eq!(
            office_class("Chancellor of the Exchequer"),
            Some(FinanceMinister)
        );
        assert_eq!(office_class("Federal Chancellor"), Some(HeadOfGovernment));
        assert_eq!(
            office_class("Premier of the State Council"),
            Some(HeadOfGovernment)
        );
        assert_eq!(office_class("Vice President"), Some(VicePresident));
        assert_eq!(office_class("Secretary-General"), Some(SecretaryGeneral));
        assert_eq!(
            office_class("General Secretary of the Chinese Communist Party"),
            Some(PartyLeader)
        );
        assert_eq!(office_class("Mr."), Some(Honorific));
        assert_eq!(office_class("Deputy Secretary-General"), Some(Deputy));
        assert!(title_fits(Minister, "Minister of Commerce"));
        assert!(title_fits(ForeignMinister, "Minister for Foreign Affairs"));
        assert!(!title_fits(President, "Vice President"));
        assert!(!title_fits(HeadOfGovernment, "Chancellor of the Exchequer"));
    }

    #[test]
    fn a_title_before_a_name_with_qualifiers_and_markers() {
        let t =
            before("said Chinese Foreign Minister Wang Yi on Monday", "Wang Yi").expect("a title");
        assert_eq!(&*t.text, "Chinese Foreign Minister");
        assert_eq!(t.class, OfficeClass::ForeignMinister);
        assert_eq!(t.marker, None);
        let t = before("as former Prime Minister Shinzo Abe said", "Shinzo").expect("a title");
        assert_eq!(t.marker.as_deref(), Some("former"));
        assert_eq!(t.class, OfficeClass::HeadOfGovernment);
        let t = before("then-President Hu Jintao", "Hu Jintao").expect("a title");
        assert_eq!(t.marker.as_deref(), Some("then"));
        let t = before("UN Secretary-General António Guterres", "António").expect("a title");
        assert_eq!(&*t.text, "UN Secretary-General");
        let t = before("We met Mr. Lavrov.", "Lavrov").expect("an honorific");
        assert_eq!(t.class, OfficeClass::Honorific);
        assert!(before("The president said Xi", "Xi").is_none());
        let t = before(
            "Thank you, Mr. Vice President. President Zelensky",
            "Zelensky",
        )
        .expect("a title");
        assert_eq!(&*t.text, "President");
        assert_eq!(
            office_class("Chairman of the Senate Foreign Relations Committee"),
            Some(OfficeClass::Chair)
        );
        assert_eq!(
            office_class("Chief of Army Staff"),
            Some(OfficeClass::Military)
        );
        assert!(before("a Minister, Wang Yi", "Wang").is_none());
    }

    #[test]
    fn a_title_after_a_name_behind_a_comma() {
        let text =
            "Wang Yi, Director of the Office of the Central Foreign Affairs Commission, said";
        let t = attached_title(text, 0..7).expect("a title");
        assert_eq!(
            &*t.text,
            "Director of the Office of the Central Foreign Affairs Commission"
        );
        assert_eq!(t.range(0), 9..73);
        let text = "Shinzo Abe, the former Prime Minister of Japan, said";
        let t = attached_title(text, 0..10).expect("a title");
        assert_eq!(t.marker.as_deref(), Some("former"));
        assert_eq!(t.class, OfficeClass::HeadOfGovernment);
        assert!(attached_title("Wang Yi, who spoke", 0..7).is_none());
    }

    #[test]
    fn a_sentence_with_an_earlier_year_is_history() {
        let t = before(
            "In 2009, Prime Minister Gordon Brown hosted the G20.",
            "Gordon",
        )
        .expect("a title");
        assert_eq!(t.year_in_sentence, Some(2009));
        let t = before(
            "It happened in 2009. Prime Minister Gordon Brown spoke.",
            "Gordon",
        )
        .expect("a title");
        assert_eq!(t.year_in_sentence, None);
    }

    #[test]
    fn a_sentence_in_the_past_is_history() {
        let text = "The OAU was founded in 1963. The OAU calls for peace.";
        let first = history_clue(text, 4..7);
        assert!(first.past);
        assert_eq!(first.year_in_sentence, Some(1963));
        let second = history_clue(text, 33..36);
        assert!(!second.past);
        assert_eq!(second.year_in_sentence, None);
        assert!(history_clue("The Shanghai Five met in Almaty.", 0..18).past);
        assert!(history_clue("The G8 quickly agreed.", 0..6).past);
        assert!(!history_clue("The G8 must act.", 0..6).past);
        let mut irregular = IRREGULAR_PAST.to_vec();
        irregular.sort_unstable();
        assert_eq!(irregular, IRREGULAR_PAST);
        let mut sorted = PAST_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, PAST_WORDS, "PAST_WORDS is sorted for binary search");
    }

    #[test]
    fn non_ascii_before_a_title_is_safe() {
        let text = "中文 é 😀 President Xi";
        let t = before(text, "Xi").expect("a title");
        assert_eq!(&*t.text, "President");
        assert_eq!(&text[t.range(text.find("Xi").unwrap_or(0))], "President");
    }
}
