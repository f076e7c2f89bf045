//! Markdown: code blocks, inline code, link targets and HTML are not prose,
//! for diagnostics and hover alike.

use serde_json::Value;

use crate::fixture::{hover_text, start_with_document};
use crate::support::position_of;

#[test]
fn markdown_code_links_and_html_are_not_prose() {
    let text = "# The SCO\n\n```\nSCO in code\n```\n\nInline `SCO` and [a link](https://example.org/SCO) and <span>x</span>.\n";
    let (mut c, _ws, uri) = start_with_document("note.md", "markdown", text);
    let diags = c.wait_diagnostics(&uri, |d| !d.is_empty());
    // Only the heading's SCO counts: one undefined-acronym on line 0.
    let sco: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "undefined-acronym")
        .collect();
    assert_eq!(sco.len(), 1, "{diags:?}");
    assert_eq!(sco[0]["range"]["start"]["line"], 0);
    let (l, col) = position_of(text, "SCO in code", 0);
    assert!(c.hover(&uri, l, col)["result"].is_null());
    let (l, col) = position_of(text, "`SCO`", 0);
    assert!(c.hover(&uri, l, col + 1)["result"].is_null());
    let (l, col) = position_of(text, "org/SCO", 0);
    assert!(c.hover(&uri, l, col + 4)["result"].is_null());
    assert!(hover_text(&c.hover(&uri, 0, 6)).contains("Shanghai Cooperation Organisation"));
}
