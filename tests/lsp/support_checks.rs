//! The test helpers themselves (`tests/support`), checked once here rather
//! than in every binary that includes them.

use serde_json::json;

use crate::support::{TempWorkspace, offset_of, position_of};

#[test]
fn temp_workspaces_are_unique_canonical_and_removed_on_drop() {
    let a = TempWorkspace::new();
    let b = TempWorkspace::new();
    assert_ne!(a.path(), b.path());
    assert_eq!(a.path(), a.path().canonicalize().expect("exists"));
    let file = a.write("nested/folder/x.txt", "text");
    assert_eq!(std::fs::read_to_string(&file).expect("written"), "text");
    let root = a.path().to_path_buf();
    drop(a);
    assert!(!root.exists());
    assert!(b.path().exists());
}

#[test]
fn client_positions_count_utf16_units_and_round_trip() {
    let text = "Café 中文\n😀 SCO\nlast";
    assert_eq!(position_of(text, "SCO", 0), (1, 3));
    assert_eq!(position_of(text, "文", 0), (0, 6));
    for needle in ["Café", "中文", "😀", "SCO", "last"] {
        let (line, character) = position_of(text, needle, 0);
        let offset = offset_of(text, &json!({"line": line, "character": character}));
        assert_eq!(&text[offset..offset + needle.len()], needle);
    }
    // Past the end of a line clamps to its end; past the last line, to the text's end.
    assert_eq!(
        offset_of(text, &json!({"line": 0, "character": 99})),
        "Café 中文".len()
    );
    assert_eq!(
        offset_of(text, &json!({"line": 9, "character": 0})),
        text.len()
    );
}
