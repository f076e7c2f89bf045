//! The glossary file format: what a user writes in `*.toml` / `*.json` glossaries.
//!
//! Owns the serde + JSON Schema types and nothing else: no validation (see
//! [`super::load`] and [`super::Glossary::build`]), no positions (see
//! [`super::spans`]), no matching (see [`crate::recognize::matcher`]).
//! The shape follows SKOS so that import/export stays lossless:
//! `label` = `skos:prefLabel`, `aliases`/`acronyms` = `skos:altLabel`,
//! `hidden` = `skos:hiddenLabel`, `description` = `skos:definition`,
//! `broader`/`related` = `skos:broader`/`skos:related`, `links` = `skos:exactMatch`,
//! `labels` = language-tagged `skos:prefLabel`/`skos:altLabel`.

use std::collections::BTreeMap;
use std::sync::Arc;

use thin_vec::ThinVec;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::time::Period;

/// One glossary file: optional metadata and a list of entries (`[[entry]]` in TOML).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryFile {
    /// Path or URL of the JSON Schema, for editors; ignored by Gloss.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// A title for this glossary (shown in hovers as the source).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The date up to which this file's facts were checked (`YYYY`,
    /// `YYYY-MM` or `YYYY-MM-DD`): what happened later is not in it. Shown in
    /// hovers; an entry's own `as_of` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// The entries (concepts and entities) of this glossary.
    #[serde(rename = "entry", alias = "entries", default)]
    pub entries: Vec<Arc<EntryDef>>,
}

/// The keys under which a glossary file lists its entries: `entry`, or its
/// alias `entries` (see [`GlossaryFile::entries`]).
pub const ENTRY_KEYS: [&str; 2] = ["entry", "entries"];

/// What kind of thing an entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Concept,
    Organization,
    Person,
    Place,
    Document,
    Event,
    Other,
}

impl Kind {
    /// Every kind, in the order used by legends and configuration files.
    pub const ALL: [Kind; 7] = [
        Kind::Concept,
        Kind::Organization,
        Kind::Person,
        Kind::Place,
        Kind::Document,
        Kind::Event,
        Kind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Concept => "concept",
            Kind::Organization => "organization",
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Document => "document",
            Kind::Event => "event",
            Kind::Other => "other",
        }
    }
}

/// One concept or entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryDef {
    /// Stable identifier, unique across all loaded glossaries (e.g. `sco`, `xi-jinping`).
    /// Lower-case letters, digits and `-`, `_`, `.` are recommended.
    pub id: String,
    /// The preferred label (`skos:prefLabel`).
    pub label: String,
    /// What kind of thing this is.
    pub kind: Kind,
    /// Other accepted names (`skos:altLabel`).
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub aliases: ThinVec<String>,
    /// Acronyms and abbreviations; always matched case-sensitively ("WHO" is not "who").
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub acronyms: ThinVec<String>,
    /// Recognised but not preferred (`skos:hiddenLabel`): using one gives `non-preferred-term`.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    #[schemars(with = "Vec<HiddenLabel>")]
    pub hidden: ThinVec<HiddenLabel>,
    /// Groups of spellings that are variants of each other (e.g. `[["G7", "G-7"]]`):
    /// all are recognised, but a document should stick to one (`inconsistent-name`).
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    #[schemars(with = "Vec<Vec<String>>")]
    pub variants: ThinVec<Vec<String>>,
    /// One or two neutral, factual sentences (`skos:definition`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Ids of broader entries (`skos:broader`).
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub broader: ThinVec<String>,
    /// Ids of related entries (`skos:related`).
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub related: ThinVec<String>,
    /// URLs identifying or describing the entry (`skos:exactMatch`), e.g. a Wikidata item.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub links: ThinVec<String>,
    /// Labels in other languages, keyed by BCP 47 tag: the first is preferred
    /// (e.g. `zh = "人类命运共同体"` or `ru = ["…", "…"]`). All are recognised in text.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, OneOrMany>,
    /// For people: offices held, with dates.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    #[schemars(with = "Vec<Role>")]
    pub roles: ThinVec<Role>,
    /// When the organisation, document, event or state began to exist or
    /// came into force (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`). Not for people:
    /// their dates are those of their `roles`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// When it ceased to exist or to be in force (same forms as `start`);
    /// none = still exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Ids of the entries this one succeeded (the SCO replaces the Shanghai
    /// Five). Writing one side of a succession is enough: `replaces` on the
    /// successor or `replaced_by` on the predecessor.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub replaces: ThinVec<String>,
    /// Ids of the entries that succeeded this one (GATT is replaced by the
    /// WTO); the inverse of `replaces`.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub replaced_by: ThinVec<String>,
    /// Names valid only within dates ("Swaziland" until 2018-04, "Zaire"
    /// 1971–1997): recognised like aliases, and known to be outdated or
    /// anachronistic outside their period.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    #[schemars(with = "Vec<DatedLabel>")]
    pub dated_labels: ThinVec<DatedLabel>,
    /// Match every label with exact case, not only acronyms and all-caps labels.
    #[serde(default, skip_serializing_if = "is_false")]
    pub exact_case: bool,
    /// An acronym so common that documents need not expand it (UN, US, EU).
    #[serde(default, skip_serializing_if = "is_false")]
    pub well_known: bool,
    /// This entry knowingly shares a label with another entry (e.g. several "Shanghai Declaration"s).
    #[serde(default, skip_serializing_if = "is_false")]
    pub ambiguous: bool,
    /// The date up to which this entry's facts were checked, when it differs
    /// from its file's `as_of`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Longer names in which one of this entry's labels means something else
    /// (e.g. `["Atlanta, Georgia"]` for the state of Georgia): a mention
    /// inside one of them is not linked. Case and spacing are ignored.
    /// Needed only where the general rule (capitalised neighbours make a
    /// longer name) is not enough.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub not_in: ThinVec<String>,
    /// Other things this entry's labels commonly name, with the words that
    /// point to them (e.g. FSB: the Financial Stability Board, or Russia's
    /// Federal Security Service, pointed to by "Russia", "Kremlin").
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    #[schemars(with = "Vec<OtherMeaning>")]
    pub other_meanings: ThinVec<OtherMeaning>,
}

/// Something else a label of an entry commonly names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OtherMeaning {
    /// What else the label names, as a reader would write it in full
    /// ("Federal Security Service of Russia"); offered as the expansion.
    pub meaning: String,
    /// Words or names that point to this meaning: in the same sentence they
    /// set the link aside; elsewhere in the document (when they are glossary
    /// labels) they make it only a possible link.
    pub cues: Vec<String>,
}

impl EntryDef {
    /// An entry with only the required fields.
    pub fn new(id: String, label: String, kind: Kind) -> EntryDef {
        EntryDef {
            id,
            label,
            kind,
            aliases: ThinVec::new(),
            acronyms: ThinVec::new(),
            hidden: ThinVec::new(),
            variants: ThinVec::new(),
            description: None,
            broader: ThinVec::new(),
            related: ThinVec::new(),
            links: ThinVec::new(),
            labels: BTreeMap::new(),
            roles: ThinVec::new(),
            start: None,
            end: None,
            replaces: ThinVec::new(),
            replaced_by: ThinVec::new(),
            dated_labels: ThinVec::new(),
            exact_case: false,
            well_known: false,
            ambiguous: false,
            as_of: None,
            not_in: ThinVec::new(),
            other_meanings: ThinVec::new(),
        }
    }

    /// When the entry existed or was in force, from `start` and `end`
    /// (an unreadable date counts as unknown; the loader reports it).
    pub fn period(&self) -> Period {
        Period::from_strings(self.start.as_deref(), self.end.as_deref())
    }
}

/// A name an entry bore only within dates, e.g. `{ label = "Swaziland", end
/// = "2018-04" }` on Eswatini. Either date may be left out (open side).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatedLabel {
    /// The name as documents write it.
    pub label: String,
    /// The first date the name was in use (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// The last date the name was in use (same forms as `start`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

impl DatedLabel {
    /// When the name was in use.
    pub fn period(&self) -> Period {
        Period::from_strings(self.start.as_deref(), self.end.as_deref())
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A hidden (non-preferred) label: just the text, or the text with what to use instead and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum HiddenLabel {
    Plain(String),
    Detailed {
        /// The non-preferred text as it appears in documents.
        label: String,
        /// What to write instead (defaults to the entry's preferred label).
        #[serde(rename = "use", default, skip_serializing_if = "Option::is_none")]
        use_instead: Option<String>,
        /// Why it is not preferred.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        why: Option<String>,
    },
}

impl HiddenLabel {
    pub fn label(&self) -> &str {
        match self {
            HiddenLabel::Plain(s) => s,
            HiddenLabel::Detailed { label, .. } => label,
        }
    }
    pub fn use_instead(&self) -> Option<&str> {
        match self {
            HiddenLabel::Plain(_) => None,
            HiddenLabel::Detailed { use_instead, .. } => use_instead.as_deref(),
        }
    }
    pub fn why(&self) -> Option<&str> {
        match self {
            HiddenLabel::Plain(_) => None,
            HiddenLabel::Detailed { why, .. } => why.as_deref(),
        }
    }
}

/// One string or a list of strings.
// Read by a visitor of its own rather than as an untagged enum, which
// buffers each value to try one variant after the other (and says only that
// none matched). The doc comment above is the published schema's.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(s.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, s: String) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(s))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut items: A,
            ) -> Result<OneOrMany, A::Error> {
                let mut list = Vec::with_capacity(items.size_hint().unwrap_or(0));
                while let Some(item) = items.next_element()? {
                    list.push(item);
                }
                Ok(OneOrMany::Many(list))
            }
        }
        d.deserialize_any(Either)
    }
}

impl OneOrMany {
    pub fn as_slice(&self) -> &[String] {
        match self {
            OneOrMany::One(s) => std::slice::from_ref(s),
            OneOrMany::Many(v) => v,
        }
    }
}

/// An office a person held: `title` of entry `of`, from `start` to `end`
/// (dates as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; no `end` = current holder).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub title: String,
    /// Id of the organisation or state (an entry id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

impl Role {
    /// When the office was held.
    pub fn period(&self) -> Period {
        Period::from_strings(self.start.as_deref(), self.end.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_or_many_reads_a_string_or_a_list() {
        let read = |json: &str| serde_json::from_str::<OneOrMany>(json);
        assert_eq!(read("\"a\"").ok(), Some(OneOrMany::One("a".into())));
        assert_eq!(
            read("[\"a\", \"b\"]").ok(),
            Some(OneOrMany::Many(vec!["a".into(), "b".into()]))
        );
        assert_eq!(read("[]").ok(), Some(OneOrMany::Many(vec![])));
        let wrong = read("3").expect_err("a number is neither");
        assert!(
            wrong.to_string().contains("a string or a list of strings"),
            "{wrong}"
        );
        assert!(read("[\"a\", 3]").is_err());
        let toml: BTreeMap<String, OneOrMany> =
            toml::from_str("ru = \"б\"\nzh = [\"甲\", \"乙\"]\n").expect("toml");
        assert_eq!(toml["ru"], OneOrMany::One("б".into()));
        assert_eq!(toml["zh"].as_slice(), ["甲", "乙"]);
        for value in [
            OneOrMany::One("x".into()),
            OneOrMany::Many(vec!["y".into()]),
        ] {
            let written = rmp_serde::to_vec_named(&value).expect("written");
            assert_eq!(
                rmp_serde::from_slice::<OneOrMany>(&written).ok(),
                Some(value)
            );
        }
    }

    /// A 100,000-entry glossary holds 100,000 of these: the 13 lists are
    /// one pointer each (`ThinVec`), so an entry with no lists costs its
    /// strings and little more. Vecs took 24 bytes a list (488 in all).
    #[test]
    fn an_entry_keeps_its_lists_thin() {
        assert_eq!(std::mem::size_of::<ThinVec<String>>(), 8);
        assert!(
            std::mem::size_of::<EntryDef>() <= 288,
            "{} bytes",
            std::mem::size_of::<EntryDef>()
        );
        let empty = EntryDef::new("x".into(), "X".into(), Kind::Other);
        assert!(empty.aliases.is_empty() && empty.roles.is_empty());
    }
}
