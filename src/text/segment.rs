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
//! Two corrections to the segmenter's dictionary, both about words that do
//! not make a longer name:
//! - *Function-character glue.* It has entries that glue a preposition,
//!   conjunction or particle to a name ("和普京", "向普京", "由李强"), so
//!   "习近平和普京举行会谈" would hide 普京. A word that crosses an edge by one
//!   such character only (the dictionary's own tag: `p`, `c`, `u*`) and
//!   holds a name of two or more characters inside the span is not counted.
//! - *Name + generic heads.* It keeps descriptive compounds of a name and a
//!   generic head as one word ("中国政府", "北京市", "东盟国家", "日本首相"),
//!   where the name still names the same thing (the People's Daily
//!   segmentation standard cuts them). A word made of the whole span, a
//!   name by the dictionary's tag, followed only by heads from
//!   [`GENERIC_HEADS`] (government, officials, people, member states,
//!   administrative designation) is not counted. Institution heads (大学,
//!   银行, 国会, 队, …) are not generic: 北京大学 still splits.
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
//! - Other compounds of a name and a common noun are words in that
//!   dictionary ("中国人", "欧洲人", "日本国会"); a concept label inside a
//!   longer concept word ("主权" in "国家主权") is not linked either. A
//!   glossary that wants such forms linked lists them as labels (a longer
//!   label is matched as a whole and only its own edges are checked).
//! - A generic head can name another place of the same name ("南海市" is a
//!   city, 南海 a sea): the glossary's exclusions must cover it.
//! - The segmenter picks one reading; a truly ambiguous string follows its
//!   dictionary frequencies ("美国会继续" is read 美国会 "US Congress" / 继续).
//! - The dictionary is Simplified Chinese; in Traditional text far fewer
//!   longer words are known, so the rule rarely fires there (it errs towards
//!   linking). Japanese kanji runs are segmented as if Chinese.
//! - A line break is not Han, so it is a boundary even inside a hard-wrapped
//!   sentence; the matcher does not match a Han label across one either.
//!
//! The dictionary is built on the first Han edge checked (about 0.3 s and
//! 33 MB resident in a release build; see [`preload`]); texts without Han
//! edges never build it. A check then costs a few microseconds.

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
    longer_word(text, span).is_some()
}

/// The longer word that `span` is part of, when [`splits_a_word`] is true:
/// `span` widened to the start of the word crossing its start and to the
/// end of the word crossing its end ("北京大学" for 北京 in "他在北京大学学习"),
/// e.g. to name it as evidence. Same reach as [`splits_a_word`].
pub fn longer_word(text: &str, span: Range<usize>) -> Option<Range<usize>> {
    let valid = span.start < span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end);
    if !valid {
        return None;
    }
    let before = word_across(text, &span, Edge::Start);
    let after = word_across(text, &span, Edge::End);
    if before.is_none() && after.is_none() {
        return None;
    }
    Some(before.map_or(span.start, |word| word.start)..after.map_or(span.end, |word| word.end))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Edge {
    Start,
    End,
}

/// The word of the segmentation that one edge of `span` falls strictly
/// inside, unless it is function-character glue or a name with generic heads.
fn word_across(text: &str, span: &Range<usize>, edge: Edge) -> Option<Range<usize>> {
    let at = match edge {
        Edge::Start => span.start,
        Edge::End => span.end,
    };
    let han_before = text[..at].chars().next_back().is_some_and(is_han);
    let han_after = text[at..].chars().next().is_some_and(is_han);
    if !(han_before && han_after) {
        return None;
    }
    let window = han_window(text, at);
    let word = SEGMENTER
        .cut(&text[window.clone()], false)
        .into_iter()
        .map(|token| window.start + token.byte_start..window.start + token.byte_end)
        .find(|word| word.start < at && at < word.end)?;
    let not_a_longer_word = is_function_glue(text, span, &word, edge)
        || is_name_with_generic_heads(text, span, &word, edge);
    (!not_a_longer_word).then_some(word)
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
/// dictionary's own tag) followed or preceded by a name of at least two
/// characters inside it: "和普京" for 普京 in "习近平和普京举行会谈". Such
/// entries are artefacts of the dictionary's source, not longer words; a
/// real word of that shape holds a common noun ("自主权": 自 + 主权).
fn is_function_glue(text: &str, span: &Range<usize>, word: &Range<usize>, edge: Edge) -> bool {
    let (outside, inside) = match edge {
        // The word must not also cross the other edge.
        Edge::Start if word.end <= span.end => (word.start..span.start, span.start..word.end),
        Edge::End if word.start >= span.start => (span.end..word.end, word.start..span.end),
        _ => return false,
    };
    let (outside, inside) = (&text[outside], &text[inside]);
    outside.chars().count() == 1
        && inside.chars().count() >= 2
        && has_tag(outside, |tag| {
            tag == "p" || tag == "c" || tag.starts_with('u')
        })
        && has_tag(inside, is_name_tag)
}

/// Heads that make a descriptive compound with a place or organisation name
/// and leave it naming the same thing: its government and officials, its
/// people and member states, and the administrative designation of the
/// place itself. Institutions with names of their own (大学, 银行, 国会,
/// 外交部, 队, …) are not here: 北京大学 is not Beijing.
#[rustfmt::skip]
pub const GENERIC_HEADS: &[&str] = &[
    // the state and its officials
    "政府", "当局", "官方", "方面", "领导人", "元首", "总统", "总理", "首相", "外长",
    // its people and members
    "人民", "国家", "各国", "成员国",
    // the same place, designated
    "省", "市", "自治区", "特别行政区", "特区", "地区",
];

/// A dictionary word made of the whole span, a name, followed by generic
/// heads only: "中国政府", "北京市", "东盟国家", "香港特别行政区政府". Common
/// segmentation standards (e.g. the People's Daily one) cut these as two
/// words; jieba's dictionary keeps many as one.
fn is_name_with_generic_heads(
    text: &str,
    span: &Range<usize>,
    word: &Range<usize>,
    edge: Edge,
) -> bool {
    edge == Edge::End
        && word.start == span.start
        && is_generic_heads(&text[span.end..word.end])
        && has_tag(&text[span.clone()], is_name_tag)
}

/// Whether `rest` is one or more [`GENERIC_HEADS`] in a row.
fn is_generic_heads(rest: &str) -> bool {
    GENERIC_HEADS.iter().any(|head| {
        rest.strip_prefix(head)
            .is_some_and(|after| after.is_empty() || is_generic_heads(after))
    })
}

/// The dictionary's tags for proper names: people (`nr…`), places (`ns`),
/// organisations (`nt`), other names (`nz`) and abbreviations (`j`, e.g. 东盟).
fn is_name_tag(tag: &str) -> bool {
    ["nr", "ns", "nt", "nz"]
        .iter()
        .any(|name| tag.starts_with(name))
        || tag == "j"
}

/// Whether `word`, segmented on its own, is one dictionary word whose tag
/// satisfies `wanted`.
fn has_tag(word: &str, wanted: impl Fn(&str) -> bool) -> bool {
    match SEGMENTER.tag(word, false).as_slice() {
        [only] => only.word == word && wanted(only.tag),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `label` (its first occurrence in `text`) splits a word.
    fn splits(text: &str, label: &str) -> bool {
        let start = text
            .find(label)
            .unwrap_or_else(|| panic!("{label} not in {text}"));
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
    fn function_characters_before_common_nouns_still_split() {
        // 自主权 "autonomy" is 自主 + 权, not 自 + 主权.
        assert!(splits("他享有充分的自主权。", "主权"));
    }

    #[test]
    fn names_with_generic_heads_do_not_split() {
        assert!(!splits("中国政府高度重视同欧洲各国的合作。", "中国"));
        assert!(!splits("中国政府高度重视同欧洲各国的合作。", "欧洲"));
        assert!(!splits("北京市人民政府发布通知。", "北京"));
        assert!(!splits("王毅会见东盟国家外长。", "东盟"));
        assert!(!splits("日本首相访问北京。", "日本"));
        assert!(!splits("香港特别行政区政府依法施政。", "香港"));
    }

    #[test]
    fn names_with_institution_heads_split() {
        assert!(splits("北京市政协召开会议。", "北京"));
        assert!(splits("美国国会通过涉台法案。", "美国"));
        assert!(splits("中国人民银行宣布降息。", "中国"));
        assert!(splits("欧洲议会通过决议。", "欧洲"));
        // A concept is not a name: 主权国家 keeps 主权 inside a longer word.
        assert!(splits("主权国家一律平等。", "主权"));
    }

    #[test]
    fn the_longer_word_is_named() {
        let text = "他在北京大学学习。";
        let start = text.find("北京").unwrap_or(0);
        let word = longer_word(text, start..start + "北京".len());
        assert_eq!(word.map(|word| &text[word]), Some("北京大学"));
        assert_eq!(longer_word("中国和俄罗斯", 0.."中国".len()), None);
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
        assert!(
            !splits_a_word("北京大学", 1..6),
            "not on a character boundary"
        );
        assert!(!splits_a_word("北京大学", 6..40), "past the end");
    }

    #[test]
    fn only_text_within_reach_matters() {
        // Far context changes nothing: the same clause with a long Han run
        // before and after gives the same answers.
        let far = "经济全球化深入发展国际力量对比发生深刻变化".repeat(4);
        for (sentence, label, expected) in [
            ("他在北京大学学习", "北京", true),
            ("美国的霸权主义行径", "霸权主义", false),
        ] {
            let text = format!("{far}{sentence}{far}");
            assert_eq!(splits(&text, label), expected, "{label} in {sentence}");
            let start = text.find(label).unwrap_or(0);
            let span = start..start + label.len();
            let near = span.start.saturating_sub(SEGMENT_REACH)
                ..(span.end + SEGMENT_REACH).min(text.len());
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
            assert_eq!(
                splits_a_word(slice, local),
                expected,
                "{label} in a slice of reach"
            );
        }
    }
}
