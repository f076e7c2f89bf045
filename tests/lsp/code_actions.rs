//! Code actions, each tied to its diagnostic: replace a non-preferred term,
//! write one spelling throughout, expand an acronym, add an unknown acronym
//! or a selection to the workspace glossary (and applying that edit).

use crate::workspace_fixture::{
    A_MD, C_TXT, add_zqxw_through_its_code_action, code_actions, start_with_open, titles, uri,
};

#[test]
fn code_actions_are_offered_with_their_diagnostics() {
    let (ws, mut c, [a]) = start_with_open(false, ["notes/a.md"]);
    let np = code_actions(&mut c, &a, A_MD, "Acme Committee", 0);
    assert!(
        titles(&np).contains(&"Replace with “Acme Council”".to_string()),
        "{np:?}"
    );
    assert_eq!(np[0]["diagnostics"][0]["code"], "non-preferred-term");
    let inc = code_actions(&mut c, &a, A_MD, "ACME-C", 0);
    assert!(
        titles(&inc)
            .iter()
            .any(|t| t.starts_with("Write “ACMEC” throughout")),
        "{inc:?}"
    );
    let unknown = code_actions(&mut c, &a, A_MD, "ZQXW", 0);
    let add = unknown
        .iter()
        .find(|a| a["title"].as_str().unwrap_or("").starts_with("Add ZQXW"))
        .expect("add action");
    assert_eq!(add["diagnostics"][0]["code"], "unknown-acronym");
    let cu = uri(&ws, "c.txt");
    c.open(&cu, "plaintext", C_TXT);
    let expand = code_actions(&mut c, &cu, C_TXT, "ACMEC", 0);
    let ex = expand
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap_or("")
                .starts_with("Expand ACMEC")
        })
        .expect("expand");
    assert_eq!(
        ex["edit"]["documentChanges"][0]["edits"][0]["newText"],
        "Acme Council (ACMEC)"
    );
    let sel = code_actions(&mut c, &cu, C_TXT, "Nothing here", 12);
    assert!(
        titles(&sel).contains(&"Add “Nothing here” to the workspace glossary".to_string()),
        "{sel:?}"
    );
}

#[test]
fn applying_add_to_glossary_adds_the_entry_and_clears_the_diagnostic() {
    let (ws, mut c, [a, g]) = start_with_open(false, ["notes/a.md", "glossary/orgs.toml"]);
    // Apply "add ZQXW": the glossary gains an entry and the diagnostic goes.
    let added = add_zqxw_through_its_code_action(&mut c, &ws, &a, &g);
    assert_eq!(added.action["diagnostics"][0]["code"], "unknown-acronym");
    let gtext = &added.glossary_text;
    assert!(gtext.contains("acronyms = [\"ZQXW\"]"), "{gtext}");
    let d = &added.diagnostics;
    assert!(d.iter().any(|x| x["code"] == "inconsistent-name"));
}
