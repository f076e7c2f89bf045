//! Chinese word boundaries: whether a candidate match starts or ends inside a
//! longer word of the text around it. Owns the segmenter (jieba-rs with its
//! embedded dictionary, no HMM) and the window it is run on; must not know
//! about glossaries, documents or decisions (the decision step calls
//! [`splits_a_word`] and decides what a split means).
//!
//! # The rule
//! Chinese is written without spaces, so the matcher accepts a Han label
//! wherever its characters occur. A label is only a mention where the text,
//! segmented into words, has a word boundary at both of its edges: "天下" in
//! "普天下" or "北京" in "北京大学" ends or starts inside a longer word and is
//! not a mention of the shorter entry. An edge is checked only where it has
//! a Han character on both sides; an edge next to anything else (Latin,
//! digits, punctuation, kana, the end of `text`) is always a boundary. A
//! label that the segmenter cuts into several words is fine: only its two
//! edges are looked at.
//!
//! One correction to the segmenter: its dictionary has entries that glue a
//! preposition, conjunction or particle to a name ("和普京", "向普京",
//! "由李强"), so "习近平和普京举行会谈" would hide 普京. A word that crosses an
//! edge by one such function character only (the dictionary's own tag of
//! that character: `p`, `c`, `u*`), and holds at least two characters of
//! the span, is not counted as a longer word.
//!
//! # Reach
//! Each edge is judged on the run of Han characters around it, cut at
//! [`SEGMENT_REACH_CHARS`] characters on either side: the answer depends
//! only on text within [`SEGMENT_REACH`] bytes of the span (the incremental
//! index re-decides candidates that close to an edit). The caller must pass a
//! `text` that reaches that far around the span wherever the document does,
//! since the end of `text` counts as a boundary.
//!
//! # Limits
//! - The words are those of jieba's general dictionary (about 350,000 words
//!   from news text). A fixed phrase it lacks is not a word: "天下大势" is
//!   cut 天下/大势, so 天下 there is not caught; a glossary's own exclusions
//!   (longer names listed per entry) must cover such cases.
//! - Compounds of a name and a common noun are words in that dictionary
//!   ("中国政府", "日本政府", "北京市", "东盟国家"), so the name inside them is
//!   not a separate word; a glossary that wants such forms linked lists them
//!   as labels (a longer label is matched as a whole and its own edges are
//!   checked).
//! - The segmenter picks one reading; a truly ambiguous string follows its
//!   dictionary frequencies ("美国会继续" is read 美国会 "US Congress" / 继续).
//! - The dictionary is Simplified Chinese; in Traditional text far fewer
//!   longer words are known, so the rule rarely fires there (it errs towards
//!   linking). Japanese kanji runs are segmented as if Chinese.
//!
//! The dictionary is loaded on the first Han edge checked (about 0.3 s and
//! some tens of MB, see [`preload`]); texts without Han edges never load it.

use std::ops::Range;
use std::sync::LazyLock;

use jieba_rs::Jieba;

/// How many Han characters on either side of an edge the segmenter sees.
pub const SEGMENT_REACH_CHARS: usize = 32;

/// The bytes around a span that [`splits_a_word`] may read: a Han
/// character takes at most 4 bytes in UTF-8, and the window ends either
/// after [`SEGMENT_REACH_CHARS`] of them or at the first character that is
/// not Han (which starts within that distance).
pub const SEGMENT_REACH: usize = SEGMENT_REACH_CHARS * 4;

/// The segmenter, built from jieba's embedded dictionary on first use.
static SEGMENTER: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// Loads the dictionary now instead of on the first Han edge checked (e.g.
/// from a background thread when a glossary has Chinese labels). Idempotent.
pub fn preload() {
    LazyLock::force(&SEGMENTER);
}

/// Han ideographs: the CJK Unified Ideographs and their extensions and
/// compatibility blocks, and 〇 (a Chinese numeral).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3007
        | 0x3400..=0x4DBF      // Extension A
        | 0x4E00..=0x9FFF      // CJK Unified Ideographs
        | 0xF900..=0xFAFF      // Compatibility Ideographs
        | 0x20000..=0x2FA1F    // Extensions B–F, compatibility supplement
    )
}

/// Whether the start or the end of `span` (a byte range of `text`, a
/// candidate match) falls strictly inside a word of a Chinese word
/// segmentation of the text around it. False for an empty span, a span
/// outside `text` or not on character boundaries, and whenever both edges
/// have something other than a Han character on at least one side.
/// Depends only on `text` within [`SEGMENT_REACH`] bytes of `span`.
pub fn splits_a_word(text: &str, span: Range<usize>) -> bool {
    let valid = span.start < span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end);
    valid && (edge_inside_word(text, &span, Edge::Start) || edge_inside_word(text, &span, Edge::End))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Edge {
    Start,
    End,
}

/// Whether one edge of `span` falls strictly inside a (non-glue) word.
fn edge_inside_word(text: &str, span: &Range<usize>, edge: Edge) -> bool {
    let at = match edge {
        Edge::Start => span.start,
        Edge::End => span.end,
    };
    let han_before = text[..at].chars().next_back().is_some_and(is_han);
    let han_after = text[at..].chars().next().is_some_and(is_han);
    if !(han_before && han_after) {
        return false;
    }
    let window = han_window(text, at);
    let clause = &text[window.clone()];
    let Some(word) = SEGMENTER
        .cut(clause, false)
        .into_iter()
        .map(|token| window.start + token.byte_start..window.start + token.byte_end)
        .find(|word| word.start < at && at < word.end)
    else {
        return false;
    };
    !is_function_glue(text, span, &word, edge)
}

/// The run of Han characters around byte `at`, at most
/// [`SEGMENT_REACH_CHARS`] on each side.
fn han_window(text: &str, at: usize) -> Range<usize> {
    let start = text[..at]
        .char_indices()
        .rev()
        .take(SEGMENT_REACH_CHARS)
        .take_while(|&(_, c)| is_han(c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .take(SEGMENT_REACH_CHARS)
        .take_while(|&(_, c)| is_han(c))
        .last()
        .map_or(at, |(i, c)| at + i + c.len_utf8());
    start..end
}

/// A dictionary word that crosses the edge only by one function character
/// outside the span (a preposition, conjunction or particle by the
/// dictionary's own tag) and holds at least two characters of the span:
/// "和普京" for 普京 in "习近平和普京举行会谈". Such entries are artefacts of
/// the dictionary's source, not longer words.
fn is_function_glue(text: &str, span: &Range<usize>, word: &Range<usize>, edge: Edge) -> bool {
    let (outside, inside) = match edge {
        // The word must not also cross the other edge.
        Edge::Start if word.end <= span.end => (word.start..span.start, span.start..word.end),
        Edge::End if word.start >= span.start => (span.end..word.end, word.start..span.end),
        _ => return false,
    };
    let outside = &text[outside];
    outside.chars().count() == 1 && text[inside].chars().count() >= 2 && is_function_char(outside)
}

/// Whether the dictionary tags this single character as a preposition (`p`),
/// conjunction (`c`) or particle (`u`, `uj`, `ul`, …).
fn is_function_char(character: &str) -> bool {
    SEGMENTER
        .tag(character, false)
        .first()
        .is_some_and(|tag| tag.word == character && (tag.tag == "p" || tag.tag == "c" || tag.tag.starts_with('u')))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `label` (its first occurrence in `text`) splits a word.
    fn splits(text: &str, label: &str) -> bool {
        let start = text.find(label).unwrap_or_else(|| panic!("{label} not in {text}"));
        splits_a_word(text, start..start + label.len())
    }

    #[test]
    fn labels_standing_as_words_do_not_split() {
        assert!(!splits("我们反对霸权主义和强权政治。", "霸权主义"));
        assert!(!splits("中国提出了建立信任措施。", "建立信任措施"));
        assert!(!splits("中国和俄罗斯是全面战略协作伙伴。", "俄罗斯"));
        assert!(!splits("维护联合国宪章的宗旨和原则。", "联合国"));
    }

    #[test]
    fn place_names_inside_longer_names_split() {
        assert!(splits("他在北京大学学习。", "北京"));
        assert!(splits("白俄罗斯总统访问中国。", "俄罗斯"));
        assert!(splits("中南海的会议决定了政策。", "南海"));
        assert!(splits("发展中国家的利益必须得到尊重。", "中国"));
        assert!(splits("上海交通大学的学生", "上海"));
    }

    #[test]
    fn labels_inside_idioms_and_fixed_phrases_split() {
        assert!(splits("人们说天下太平。", "天下"));
        assert!(splits("他坚持实事求是的态度。", "求是"));
        assert!(splits("坚持毛泽东思想。", "毛泽东"));
    }

    #[test]
    fn labels_before_particles_do_not_split() {
        assert!(!splits("美国的霸权主义行径遭到反对。", "美国"));
        assert!(!splits("中国的发展离不开世界。", "中国"));
        assert!(!splits("欧盟和东盟加强合作。", "欧盟"));
        assert!(!splits("我们坚持了和平共处五项原则。", "和平共处"));
        assert!(!splits("霸权主义了无新意。", "霸权主义"));
    }

    #[test]
    fn function_characters_glued_to_names_do_not_split() {
        assert!(!splits("习近平和普京举行会谈。", "普京"));
        assert!(!splits("向普京总统致贺电。", "普京"));
        assert!(!splits("由李强总理主持会议。", "李强"));
    }

    #[test]
    fn a_surname_before_a_verb_is_not_the_name() {
        // 李 + 强调 "Li emphasised": 李强 ends inside 强调.
        assert!(splits("李强调说，改革必须继续。", "李强"));
    }

    #[test]
    fn labels_at_clause_edges() {
        assert!(!splits("中国", "中国"));
        assert!(!splits("，北京。", "北京"));
        assert!(!splits("北京大学", "北京大学"));
        assert!(splits("北京大学", "北京"));
    }

    #[test]
    fn edges_next_to_other_scripts_are_boundaries() {
        assert!(!splits("The 北京 office", "北京"));
        assert!(!splits("APEC中国年", "APEC"));
        assert!(!splits("2024年中国", "中国"));
        assert!(!splits("「天下」一词", "天下"));
        assert!(!splits("天下 大势", "天下"));
        // A Han edge inside mixed text is still checked.
        assert!(splits("在北京大学and", "北京"));
    }

    #[test]
    fn non_han_spans_and_bad_ranges_are_false() {
        let text = "Northern Ireland Assembly";
        assert!(!splits(text, "Ireland"));
        assert!(!splits_a_word("北京大学", 0..0));
        assert!(!splits_a_word("北京大学", 1..6), "not on a character boundary");
        assert!(!splits_a_word("北京大学", 6..40), "past the end");
    }

    #[test]
    fn only_text_within_reach_matters() {
        // Far context changes nothing: the same clause with a long Han run
        // before and after gives the same answers.
        let far = "经济全球化深入发展国际力量对比发生深刻变化".repeat(4);
        for (sentence, label, expected) in
            [("他在北京大学学习", "北京", true), ("美国的霸权主义行径", "霸权主义", false)]
        {
            let text = format!("{far}{sentence}{far}");
            assert_eq!(splits(&text, label), expected, "{label} in {sentence}");
            let start = text.find(label).unwrap_or(0);
            let span = start..start + label.len();
            let near = span.start.saturating_sub(SEGMENT_REACH)..(span.end + SEGMENT_REACH).min(text.len());
            // Cut `near` to character boundaries inside it.
            let mut near_start = near.start;
            while !text.is_char_boundary(near_start) {
                near_start += 1;
            }
            let mut near_end = near.end;
            while !text.is_char_boundary(near_end) {
                near_end -= 1;
            }
            let slice = &text[near_start..near_end];
            let local = span.start - near_start..span.end - near_start;
            assert_eq!(splits_a_word(slice, local), expected, "{label} in a slice of reach");
        }
    }
}
