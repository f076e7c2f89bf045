//! Where the prose is in a Markdown document.
//!
//! Owns the rule "nothing inside code spans, code blocks, link destinations,
//! autolinks, HTML or front matter is a mention": it returns the *non-prose*
//! ranges, which the scanner folds to hard breaks. Link text, headings, lists
//! and tables are prose. The scanner never sees Markdown syntax.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// A non-prose range, and whether it is a block that can span blank lines
/// (code block, HTML block, front matter): edits near those need a wider re-parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaskKind {
    Inline,
    Block,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// The non-prose ranges of `markdown`, sorted and disjoint.
pub fn non_prose(markdown: &str) -> Vec<(Range<usize>, MaskKind)> {
    let mut prose: Vec<Range<usize>> = Vec::new();
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut hidden_depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                blocks.push(range);
                hidden_depth += 1;
            }
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                hidden_depth = hidden_depth.saturating_sub(1);
            }
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => hidden_depth += 1,
            Event::End(TagEnd::Link)
                if hidden_depth > 0 && blocks.last().is_none_or(|b| b.end <= range.start) =>
            {
                hidden_depth -= 1;
            }
            Event::Text(_) | Event::SoftBreak | Event::HardBreak if hidden_depth == 0 => {
                match prose.last_mut() {
                    Some(last) if last.end == range.start => last.end = range.end,
                    _ => prose.push(range),
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut at = 0;
    let mut block_iter = blocks.iter().peekable();
    for p in prose
        .iter()
        .chain(std::iter::once(&(markdown.len()..markdown.len())))
    {
        if p.start > at {
            let gap = at..p.start;
            while block_iter.peek().is_some_and(|b| b.end <= gap.start) {
                block_iter.next();
            }
            let kind = if block_iter.peek().is_some_and(|b| b.start < gap.end) {
                MaskKind::Block
            } else {
                MaskKind::Inline
            };
            out.push((gap, kind));
        }
        at = at.max(p.end);
    }
    out
}

/// Whether a Markdown slice contains syntax whose effect can reach past blank
/// lines (fences, HTML blocks, front matter delimiters): then only a full
/// re-parse is safe.
pub fn has_long_range_syntax(slice: &str) -> bool {
    slice.split(['\n', '\r']).any(|l| {
        let t = l.trim_start();
        let indent = l.len() - t.len();
        indent < 4
            && (t.starts_with("```")
                || t.starts_with("~~~")
                || t.starts_with('<')
                || t.starts_with("---")
                || t.starts_with("+++")
                || t.starts_with("[^"))
    }) || slice.contains("-->")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose_of(md: &str) -> String {
        let mut s = md.to_string().into_bytes();
        for (r, _) in non_prose(md) {
            for b in &mut s[r] {
                *b = b'.';
            }
        }
        String::from_utf8(s).unwrap()
    }

    #[test]
    fn masks_code_links_html_front_matter() {
        let md = "---\ntitle: SCO\n---\n# SCO heading\n\nSee `SCO` and [the SCO](https://sco.int/SCO) <b>SCO</b> <https://x.org/SCO>.\n\n```\nSCO\n```\n\n| a | SCO |\n|---|-----|\n| x | UN |\n";
        let p = prose_of(md);
        assert!(!p[..18].contains("SCO"), "front matter: {p}");
        assert!(p.contains("SCO heading"));
        assert!(p.contains("the SCO"));
        assert!(!p.contains("`SCO`") && !p.contains("/SCO"));
        assert!(!p.contains("<b>") && !p.contains("SCO</b>"));
        assert_eq!(p.matches("SCO").count(), 4, "{p}"); // heading, link text, bold html text, table
        let fence = md.find("```\nSCO").unwrap();
        assert!(
            non_prose(md)
                .iter()
                .any(|(r, k)| r.contains(&(fence + 4)) && *k == MaskKind::Block)
        );
    }
}
