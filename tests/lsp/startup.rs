//! Start-up: `initialize` is answered before the glossary is loaded, and a
//! request sent right after waits for the load and gets the right answer.
//! The server's test hook `GLOSS_TEST_LOAD_DELAY_MS` makes the load slow
//! enough to tell the two apart without timing the real load.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::fixture::hover_text;
use crate::support::{LspClient, TempWorkspace, file_uri};

const DELAY: Duration = Duration::from_millis(2500);

#[test]
fn initialize_does_not_wait_for_the_glossary_and_a_first_hover_does() {
    let ws = TempWorkspace::new();
    let delay_ms = DELAY.as_millis().to_string();
    let mut c = LspClient::spawn_with_env(&["lsp"], &[("GLOSS_TEST_LOAD_DELAY_MS", &delay_ms)]);
    let started = Instant::now();
    c.initialize(ws.path(), &["utf-16"], Value::Null);
    let answered = started.elapsed();
    assert!(
        answered < DELAY - Duration::from_millis(500),
        "initialize took {answered:?}: it waited for the glossary load"
    );
    let uri = file_uri(&ws.path().join("first.txt"));
    c.open(&uri, "plaintext", "President Xi Jinping spoke.\n");
    let h = c.hover(&uri, 0, 12);
    let waited = started.elapsed();
    let text = hover_text(&h);
    assert!(text.contains("Xi Jinping"), "first hover: {h}");
    assert!(
        waited >= DELAY,
        "the hover was answered after {waited:?}, before the glossary was loaded"
    );
    c.shutdown();
}
