//! References: every alias of an entry in every indexed file (not ignored or
//! non-UTF-8 ones), from a mention or from the glossary entry itself.

use crate::workspace_fixture::{A_MD, GLOSSARY, at, files_of, refs, start_with_open};

#[test]
fn references_cover_every_alias_in_every_indexed_file() {
    let (_ws, mut c, [a]) = start_with_open(false, ["notes/a.md"]);
    // references: every alias, every file, not the ignored or non-UTF-8 ones.
    let locs = refs(&mut c, &a, at(A_MD, "ACMEC members", 0), true);
    assert_eq!(
        files_of(&locs),
        vec![
            "a.md",
            "a.md",
            "a.md",
            "a.md",
            "a.md",
            "a.md",
            "b.txt",
            "b.txt",
            "c.txt",
            "orgs.toml"
        ],
        "{locs:?}"
    );
}

#[test]
fn references_from_a_glossary_entry_list_its_mentions() {
    // From the glossary entry itself.
    let (_ws, mut c, [_a, g]) = start_with_open(false, ["notes/a.md", "glossary/orgs.toml"]);
    let from_entry = refs(&mut c, &g, at(GLOSSARY, "Acme Council", 0), false);
    assert_eq!(from_entry.len(), 9);
}
