//! Hover cards: what a mention is, from the glossary and from the document,
//! and what a glossary entry is and where it is mentioned.
//!
//! Pure: (document, matcher, offset) → Markdown card; (glossary, entry,
//! tally) → Markdown card; Markdown → plain text for clients that ask for it.
//! Must not find mentions in other files (the caller tallies them) nor know
//! about LSP types.

use std::fmt::Write;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use ropey::Rope;

use super::tally::{MentionTally, plural};
use super::{Hit, InTextDefinition, Resolution, Resolver, hit_at, role_of, token_definition};
use crate::decide::document::LinkBecause;
use crate::glossary::{Entry, EntryId, Glossary, Kind, LabelRole};
use crate::index::DocIndex;
use crate::recognize::matcher::Matcher;
use crate::time::document_date::DocumentDate;
use crate::time::{At, PartialDate};

/// Files listed by name on an entry's card; the rest are counted.
const LISTED_FILES: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverCard {
    pub range: Range<usize>,
    pub markdown: String,
}

impl HoverCard {
    /// The card without Markdown markup, for clients that want plain text.
    pub fn plain(&self) -> String {
        markdown_to_plain(&self.markdown)
    }
}

/// A hover card's Markdown as plain text, for clients that want plain text:
/// emphasis and code become their text (underscores in ids and code stay),
/// links their text, list items "- " lines (under the paragraph they follow
/// without a blank line), paragraphs and other blocks are separated by blank
/// lines, line breaks inside a paragraph stay.
pub fn markdown_to_plain(md: &str) -> String {
    let mut plain = PlainText::default();
    // Where the last block ended: a list right under a paragraph (no blank
    // line between them) stays under it.
    let mut last_block_end = 0;
    for (event, range) in Parser::new(md).into_offset_iter() {
        match event {
            Event::Start(Tag::List(first)) => {
                if plain.lists.is_empty() {
                    let attached = md
                        .get(last_block_end..range.start)
                        .is_some_and(|gap| !gap.contains(['\n', '\r']));
                    if attached {
                        plain.end_line();
                    } else {
                        plain.start_block();
                    }
                }
                plain.lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                plain.lists.pop();
            }
            Event::Start(Tag::Item) => plain.start_item(),
            Event::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::Table(_)
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionList
                | Tag::MetadataBlock(_),
            )
            | Event::Rule => plain.start_block(),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::Table
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionList,
            ) => {
                plain.end_block();
                last_block_end = range.end;
            }
            Event::End(TagEnd::TableRow | TagEnd::TableHead | TagEnd::DefinitionListTitle) => {
                plain.out.push('\n')
            }
            Event::End(TagEnd::TableCell) => plain.out.push('\t'),
            Event::Text(text)
            | Event::Code(text)
            | Event::Html(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => plain.push_text(&text),
            Event::SoftBreak | Event::HardBreak => plain.out.push('\n'),
            Event::TaskListMarker(done) => plain.out.push_str(if done { "[x] " } else { "[ ] " }),
            Event::FootnoteReference(label) => {
                let _ = write!(plain.out, "[{label}]");
            }
            // Inline HTML tags are markup; emphasis, links and images are
            // their text (the events inside them).
            Event::InlineHtml(_) | Event::Start(_) | Event::End(_) => {}
        }
    }
    plain.out.trim_end().to_string()
}

/// The plain text being written by [`markdown_to_plain`].
#[derive(Default)]
struct PlainText {
    out: String,
    /// The lists the writer is in, innermost last: the number of the next
    /// item of an ordered list, `None` for a bullet list.
    lists: Vec<Option<u64>>,
    /// True right after an item's marker: the item's first block goes on the
    /// marker's line.
    at_item_start: bool,
}

impl PlainText {
    fn start_block(&mut self) {
        if self.at_item_start || self.out.is_empty() {
            return;
        }
        if !self.lists.is_empty() {
            // A second block of a list item: a new line, indented under it.
            self.end_line();
            self.out.push_str(&"  ".repeat(self.lists.len()));
            return;
        }
        while !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn end_block(&mut self) {
        self.at_item_start = false;
    }

    fn end_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn start_item(&mut self) {
        self.end_line();
        let depth = self.lists.len().saturating_sub(1);
        self.out.push_str(&"  ".repeat(depth));
        match self.lists.last_mut() {
            Some(Some(number)) => {
                let _ = write!(self.out, "{number}. ");
                *number += 1;
            }
            _ => self.out.push_str("- "),
        }
        self.at_item_start = true;
    }

    fn push_text(&mut self, text: &str) {
        self.at_item_start = false;
        self.out.push_str(text);
    }
}

/// The card of a glossary entry (hover on the entry in its glossary file):
/// label, kind and id, the description, and where the entry is mentioned
/// (the `LISTED_FILES` most mentioning files by name, the rest counted).
pub fn entry_card(glossary: &Glossary, id: EntryId, tally: &MentionTally) -> String {
    let def = &glossary.entry(id).def;
    let mut md = format!(
        "**{}** · _{}_ · `{}`\n\n",
        def.label,
        def.kind.as_str(),
        def.id
    );
    if let Some(description) = &def.description {
        md.push_str(description);
        md.push_str("\n\n");
    }
    let files = tally.file_count();
    let _ = write!(
        md,
        "**Mentioned {} time{} in {} file{}**",
        tally.total,
        plural(tally.total),
        files,
        plural(files)
    );
    for (name, count) in tally.files.iter().take(LISTED_FILES) {
        let _ = write!(md, "\n- {name} ({count})");
    }
    if files > LISTED_FILES {
        let _ = write!(md, "\n- … and {} more files", files - LISTED_FILES);
    }
    md
}

/// 1-based line number, for people.
fn line_of(rope: &Rope, offset: usize) -> usize {
    crate::text::position::line_of(rope, offset) + 1
}

/// The card for the mention at `offset`, if any: what the decision step
/// says it names (one entry, with why when that was not plain; the
/// document's own definition; or the possible entries). Candidates the
/// decision step set aside get no card.
pub fn hover(index: &DocIndex, rope: &Rope, matcher: &Matcher, offset: usize) -> Option<HoverCard> {
    let hit = hit_at(index, offset)?;
    let glossary = matcher.glossary();
    let resolver = Resolver::new(index, matcher);
    let mut md = String::new();
    match &hit {
        Hit::Mention { range, surface } => {
            let s = matcher.surface(*surface);
            match resolver.resolve(range.start, *surface) {
                Resolution::Entry { entry, because } => {
                    entry_details(glossary, entry, index.date.as_ref(), &mut md);
                    if let Some(LabelRole::Hidden(h)) = role_of(matcher, *surface, entry) {
                        let _ = writeln!(
                            md,
                            "\n_“{}” is not the preferred term: write “{}”._",
                            s.form,
                            glossary.preferred_for_hidden(entry, h)
                        );
                    }
                    if because.is_none()
                        && let Some((definition, named)) =
                            resolver.definition_for(&s.form, range.start)
                        && named.contains(&entry)
                    {
                        // Expanded as the glossary expands it: what the document says.
                        md.push('\n');
                        in_this_document(rope, definition, &mut md);
                    }
                    if let Some(because) = because {
                        let line = match &because {
                            LinkBecause::ExpandedHere { definition } => {
                                format!(" (line {})", line_of(rope, definition.long_range.start))
                            }
                            LinkBecause::NamedElsewhere { at, .. } => {
                                format!(" (line {})", line_of(rope, *at))
                            }
                            LinkBecause::TitleHeld { .. } | LinkBecause::OnlyOneAtDate { .. } => {
                                String::new()
                            }
                        };
                        let _ = writeln!(
                            md,
                            "\n_Linked because: {}{line}._",
                            because.describe(matcher)
                        );
                    }
                }
                Resolution::InText {
                    definition,
                    glossary_meanings,
                } => {
                    let _ = writeln!(md, "**{}** · acronym defined in this document\n", s.form);
                    in_this_document(rope, &definition, &mut md);
                    let meanings: Vec<&str> = glossary_meanings
                        .iter()
                        .map(|e| glossary.entry(*e).def.label.as_str())
                        .collect();
                    if !meanings.is_empty() {
                        let _ = writeln!(
                            md,
                            "\n_Not the glossary's {}: {} is not what this document means._",
                            s.form,
                            meanings.join(" or ")
                        );
                    }
                }
                Resolution::Possible {
                    entries,
                    other_meanings,
                } => possible(glossary, &s.form, &entries, &other_meanings, &mut md),
            }
        }
        Hit::Token { range, text } => match token_definition(&resolver, text, range.start) {
            Some((def, named)) => {
                let _ = writeln!(md, "**{text}** · acronym defined in this document\n");
                in_this_document(rope, &def, &mut md);
                // The long form may itself be a glossary entry.
                for id in named {
                    md.push_str("\n---\n\n");
                    entry_details(glossary, id, index.date.as_ref(), &mut md);
                }
            }
            None => {
                let _ = writeln!(
                    md,
                    "**{text}** · unknown acronym\n\nNot in the glossary, and this document does not expand it."
                );
            }
        },
    }
    Some(HoverCard {
        range: hit.range(),
        markdown: md.trim_end().to_string(),
    })
}

/// "**In this document:** “long form” (expanded on line N)".
fn in_this_document(rope: &Rope, definition: &InTextDefinition, md: &mut String) {
    let _ = writeln!(
        md,
        "**In this document:** “{}” (expanded on line {})",
        definition.long_form,
        line_of(rope, definition.long_range.start)
    );
}

/// The card of a possible mention: each candidate entry (label, kind,
/// description), each other meaning the document points to, and how to
/// record the choice.
fn possible(
    glossary: &Glossary,
    form: &str,
    entries: &[EntryId],
    other_meanings: &[(EntryId, u16)],
    md: &mut String,
) {
    let _ = writeln!(md, "_“{form}” is ambiguous here; possibly one of:_\n");
    for id in entries {
        let def = &glossary.entry(*id).def;
        let _ = write!(md, "- **{}** · _{}_", def.label, def.kind.as_str());
        if let Some(d) = &def.description {
            let _ = write!(md, ": {}", d.trim());
        }
        md.push('\n');
    }
    for (entry, i) in other_meanings {
        if let Some(m) = glossary.entry(*entry).def.other_meanings.get(*i as usize) {
            let _ = writeln!(md, "- {} _(another meaning the glossary notes)_", m.meaning);
        }
    }
    let _ = writeln!(
        md,
        "\nNothing in this document decides. A code action (“Means: …”) records the choice by expanding the mention in the text."
    );
}

/// What the glossary says about an entry, as a section of a mention's card.
fn entry_details(
    glossary: &Glossary,
    id: EntryId,
    document_date: Option<&DocumentDate>,
    md: &mut String,
) {
    let Entry { def, line, .. } = glossary.entry(id);
    if let Some(d) = document_date
        && matches!(def.kind, Kind::Person | Kind::Organization)
    {
        let _ = writeln!(md, "_Document date: {}_\n", d.describe());
    }
    let date: Option<PartialDate> = document_date.map(|d| d.span());
    let _ = write!(md, "**{}**", def.label);
    if !def.acronyms.is_empty() {
        let _ = write!(md, " ({})", def.acronyms.join(", "));
    }
    let _ = writeln!(md, " · _{}_\n", def.kind.as_str());
    if let Some(d) = &def.description {
        let _ = writeln!(md, "{d}\n");
    }
    if !def.aliases.is_empty() {
        let _ = writeln!(md, "**Also:** {}  ", def.aliases.join("; "));
    }
    let variants: Vec<String> = def.variants.iter().map(|g| g.join(" / ")).collect();
    if !variants.is_empty() {
        let _ = writeln!(md, "**Variants:** {}  ", variants.join("; "));
    }
    if !def.hidden.is_empty() {
        let hidden: Vec<&str> = def.hidden.iter().map(|h| h.label()).collect();
        let _ = writeln!(md, "**Not preferred:** {}  ", hidden.join("; "));
    }
    if !def.labels.is_empty() {
        let langs: Vec<String> = def
            .labels
            .iter()
            .map(|(lang, l)| format!("{lang}: {}", l.as_slice().join(", ")))
            .collect();
        let _ = writeln!(md, "**Other languages:** {}  ", langs.join("; "));
    }
    if !def.roles.is_empty() {
        let _ = writeln!(md, "\n**Roles:**");
        // The roles held at the document's date first, marked.
        let held_then = |r: &&crate::glossary::model::Role| {
            date.is_some_and(|d| r.period().at_span(d) != At::No)
        };
        let roles = def.roles.iter().filter(held_then).map(|r| (r, true)).chain(
            def.roles
                .iter()
                .filter(|r| !held_then(r))
                .map(|r| (r, false)),
        );
        for (r, then) in roles {
            let of =
                r.of.as_deref()
                    .map(|o| {
                        glossary
                            .by_id(o)
                            .map_or(o.to_string(), |e| glossary.entry(e).def.label.clone())
                    })
                    .map(|o| format!(", {o}"))
                    .unwrap_or_default();
            let dates = match (&r.start, &r.end) {
                (Some(s), Some(e)) => format!(" ({s} – {e})"),
                (Some(s), None) => format!(" (since {s})"),
                (None, Some(e)) => format!(" (until {e})"),
                (None, None) => String::new(),
            };
            let mark = if then {
                " · _at the document's date_"
            } else {
                ""
            };
            let _ = writeln!(md, "- {}{of}{dates}{mark}", r.title);
        }
    }
    // Names and successions in time.
    if let Some(at) = date {
        let then: Vec<&str> = def
            .dated_labels
            .iter()
            .filter(|l| l.period().at_span(at) == At::Yes)
            .map(|l| l.label.as_str())
            .collect();
        if !then.is_empty() {
            let _ = writeln!(md, "\n**Name at the document's date:** {}", then.join("; "));
        }
    }
    if def.start.is_some() || def.end.is_some() {
        let _ = writeln!(md, "\n**Existed:** {}", def.period().describe());
    }
    let names = |ids: &[EntryId]| -> String {
        ids.iter()
            .map(|e| glossary.entry(*e).def.label.clone())
            .collect::<Vec<_>>()
            .join("; ")
    };
    if !glossary.predecessors(id).is_empty() {
        let _ = writeln!(md, "\n**Replaced:** {}", names(glossary.predecessors(id)));
    }
    if !glossary.successors(id).is_empty() {
        let _ = writeln!(md, "\n**Replaced by:** {}", names(glossary.successors(id)));
    }
    let related: Vec<String> = def
        .broader
        .iter()
        .chain(&def.related)
        .filter_map(|r| {
            glossary
                .by_id(r)
                .map(|e| glossary.entry(e).def.label.clone())
        })
        .collect();
    if !related.is_empty() {
        let _ = writeln!(md, "\n**See also:** {}", related.join("; "));
    }
    if !def.links.is_empty() {
        let links: Vec<String> = def.links.iter().map(|l| format!("<{l}>")).collect();
        let _ = writeln!(md, "\n{}", links.join(" · "));
    }
    let source = glossary.source_of(id);
    let as_of = glossary
        .as_of(id)
        .map_or(String::new(), |d| format!(" · facts as of {d}"));
    let _ = writeln!(md, "\n_Source: {}, line {}{as_of}_", source.name, line + 1);
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    const ENTRIES: &str = r#"[[entry]]
id = "shared_future"
label = "Shared Future"
kind = "concept"
description = "A community with a *shared future* for mankind."

[[entry]]
id = "acme"
label = "Acme Council"
kind = "organization"
acronyms = ["ACMEC"]
"#;

    fn glossary(toml: &str) -> Arc<Glossary> {
        let matcher = Matcher::from_glossary_text("/w/glossary/g.toml", toml, false)
            .expect("the test glossary loads");
        matcher.glossary().clone()
    }

    fn tally(pairs: &[(&str, usize)]) -> MentionTally {
        MentionTally::from_counts(pairs.iter().map(|(n, c)| (n.to_string(), *c)))
    }

    #[test]
    fn cards_say_how_current_the_facts_are() {
        let text = "as_of = \"2025-06\"\n\n[[entry]]\nid = \"a\"\nlabel = \"Alpha Council\"\nkind = \"organization\"\n\n[[entry]]\nid = \"b\"\nlabel = \"Beta Council\"\nkind = \"organization\"\nas_of = \"2026-01-15\"\n";
        let m = Matcher::from_glossary_text("/w/glossary/g.toml", text, false).expect("loads");
        let doc = "The Alpha Council and the Beta Council met.";
        let index = DocIndex::build(doc, false, &m);
        let rope = Rope::from_str(doc);
        let card = |at: usize| {
            hover(&index, &rope, &m, at)
                .map(|c| c.markdown)
                .unwrap_or_default()
        };
        assert!(
            card(5).ends_with("line 4 · facts as of 2025-06_"),
            "{}",
            card(5)
        );
        assert!(
            card(27).ends_with("line 9 · facts as of 2026-01-15_"),
            "{}",
            card(27)
        );
    }

    #[test]
    fn entry_card_with_description_and_files() {
        let g = glossary(ENTRIES);
        let id = g.by_id("shared_future").unwrap();
        let card = entry_card(
            &g,
            id,
            &tally(&[("notes/b.md", 1), ("notes/a.md", 6), ("notes/b.md", 1)]),
        );
        assert_eq!(
            card,
            "**Shared Future** · _concept_ · `shared_future`\n\n\
             A community with a *shared future* for mankind.\n\n\
             **Mentioned 8 times in 2 files**\n- notes/a.md (6)\n- notes/b.md (2)"
        );
    }

    #[test]
    fn entry_card_without_description_or_mentions() {
        let g = glossary(ENTRIES);
        let id = g.by_id("acme").unwrap();
        assert_eq!(
            entry_card(&g, id, &MentionTally::default()),
            "**Acme Council** · _organization_ · `acme`\n\n**Mentioned 0 times in 0 files**"
        );
        assert_eq!(
            entry_card(&g, id, &tally(&[("a.md", 1)])),
            "**Acme Council** · _organization_ · `acme`\n\n**Mentioned 1 time in 1 file**\n- a.md (1)"
        );
    }

    #[test]
    fn entry_card_lists_ten_files_and_counts_the_rest() {
        let g = glossary(ENTRIES);
        let id = g.by_id("acme").unwrap();
        let names: Vec<String> = (0..12).map(|i| format!("f{i:02}.md")).collect();
        let counts: Vec<(&str, usize)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), if i == 11 { 5 } else { 1 }))
            .collect();
        let card = entry_card(&g, id, &tally(&counts));
        let mut expected = String::from(
            "**Acme Council** · _organization_ · `acme`\n\n**Mentioned 16 times in 12 files**\n- f11.md (5)",
        );
        for n in &names[..9] {
            expected.push_str(&format!("\n- {n} (1)"));
        }
        expected.push_str("\n- … and 2 more files");
        assert_eq!(card, expected);
    }

    #[test]
    fn plain_text_keeps_underscores_in_ids_and_code() {
        let g = glossary(ENTRIES);
        let id = g.by_id("shared_future").unwrap();
        let plain = markdown_to_plain(&entry_card(&g, id, &tally(&[("my_notes/a_b.md", 2)])));
        assert_eq!(
            plain,
            "Shared Future · concept · shared_future\n\n\
             A community with a shared future for mankind.\n\n\
             Mentioned 2 times in 1 file\n- my_notes/a_b.md (2)"
        );
        assert_eq!(
            markdown_to_plain("snake_case_id and `a_b`"),
            "snake_case_id and a_b"
        );
        assert_eq!(markdown_to_plain("__strong__ _em_ *em*"), "strong em em");
    }

    #[test]
    fn plain_text_of_lists_links_breaks_and_rules() {
        let md = "**Roles:**\n- President, Acme (since 2013)\n- Chair\n  - nested\n\n\
                  1. one\n2. two\n\n\
                  [the site](https://example.org) · <https://acme.example>\n\n\
                  **Also:** A  \n**Variants:** B\nsoft\n\n---\n\n_Source: g.toml, line 3_";
        assert_eq!(
            markdown_to_plain(md),
            "Roles:\n- President, Acme (since 2013)\n- Chair\n  - nested\n\n\
             1. one\n2. two\n\n\
             the site · https://acme.example\n\n\
             Also: A\nVariants: B\nsoft\n\n\
             Source: g.toml, line 3"
        );
        // Loose list items keep their paragraphs on the item's line.
        assert_eq!(
            markdown_to_plain("- one\n\n- two\n\n  more\n"),
            "- one\n- two\n  more"
        );
        assert_eq!(markdown_to_plain("text\n\n- item"), "text\n\n- item");
        assert_eq!(markdown_to_plain("- item"), "- item");
        assert_eq!(markdown_to_plain(""), "");
    }

    #[test]
    fn plain_text_of_a_mention_card() {
        let g = glossary(ENTRIES);
        let matcher = Matcher::new(g.clone());
        let text = "The ACMEC and the Acme Council met.\n";
        let index = DocIndex::build(text, false, &matcher);
        let card = hover(&index, &Rope::from_str(text), &matcher, 5).unwrap();
        assert_eq!(card.range, 4..9);
        let plain = card.plain();
        assert!(
            plain.starts_with("Acme Council (ACMEC) · organization\n\n"),
            "{plain}"
        );
        assert!(
            plain.ends_with("Source: /w/glossary/g.toml, line 8"),
            "{plain}"
        );
        assert!(!plain.contains(['*', '`']), "{plain}");
    }

    /// The card at the `nth` `needle` of `text`, in the context fixture.
    fn card_at(text: &str, needle: &str, nth: usize) -> Option<String> {
        use crate::analysis::context_fixture::*;
        let m = matcher();
        let index = index(&m, text);
        hover(&index, &Rope::from_str(text), &m, at(text, needle, nth) + 1).map(|c| c.markdown)
    }

    #[test]
    fn an_in_text_mention_shows_the_documents_definition_not_the_glossarys() {
        let text = "Données 中文 😀\nThe International Cricket Council (ICC) met.\nThe ICC fined two boards.\n";
        let card = card_at(text, "ICC", 1).unwrap();
        assert!(
            card.starts_with("**ICC** · acronym defined in this document"),
            "{card}"
        );
        assert!(
            card.contains(
                "**In this document:** “International Cricket Council” (expanded on line 2)"
            ),
            "{card}"
        );
        assert!(
            card.contains("_Not the glossary's ICC: International Criminal Court is not what this document means._"),
            "{card}"
        );
        assert!(!card.contains("**International Criminal Court**"), "{card}");
    }

    #[test]
    fn a_linked_mention_says_why_when_the_link_was_not_plain() {
        // Expanded as the glossary expands it: plain, no reason.
        let text = "The International Criminal Court (ICC) sat.\n\nThe ICC ruled.\n";
        let card = card_at(text, "ICC", 1).unwrap();
        assert!(
            card.starts_with("**International Criminal Court** (ICC)"),
            "{card}"
        );
        assert!(!card.contains("_Linked because"), "{card}");
        assert!(
            card.contains(
                "**In this document:** “International Criminal Court” (expanded on line 1)"
            ),
            "{card}"
        );
        // Two entries share PPP; the document names one of them otherwise.
        let text = "A public-private partnership was signed. The PPP builds roads.\n";
        let card = card_at(text, "PPP", 0).unwrap();
        assert!(
            card.starts_with("**public-private partnership** (PPP)"),
            "{card}"
        );
        assert!(!card.contains("purchasing power parity"), "{card}");
        assert!(card.contains("_Linked because: the label has several meanings; the document also names this one as “public-private partnership” (line 1)._"), "{card}");
        // A plain link says nothing about why.
        let card = card_at("Russia spoke.\n", "Russia", 0).unwrap();
        assert!(!card.contains("Linked because"), "{card}");
    }

    #[test]
    fn a_possible_mention_lists_its_candidates_and_the_action() {
        let card = card_at("中文 — The PPP rose.\n", "PPP", 0).unwrap();
        assert_eq!(
            card,
            "_“PPP” is ambiguous here; possibly one of:_\n\n\
             - **purchasing power parity** · _concept_: Exchange-rate adjustment that equalises purchasing power.\n\
             - **public-private partnership** · _concept_: Long-term contract between a government and a private company.\n\n\
             Nothing in this document decides. A code action (“Means: …”) records the choice by expanding the mention in the text."
        );
        let card = card_at("Russia spoke.\n\nThe FSB met.\n", "FSB", 0).unwrap();
        assert!(
            card.contains("- **Financial Stability Board** · _organization_\n"),
            "{card}"
        );
        assert!(
            card.contains("- Federal Security Service of the Russian Federation (Russian: ФСБ) _(another meaning the glossary notes)_"),
            "{card}"
        );
    }

    #[test]
    fn set_aside_candidates_get_no_card() {
        assert_eq!(card_at("Jordan Peterson spoke.\n", "Jordan", 0), None);
        assert_eq!(card_at("😀 Jordan Peterson spoke.\n", "Peterson", 0), None);
        assert!(card_at("Jordan and Russia met.\n", "Jordan", 0).is_some());
    }
}
