//! Issue 14, "Protocol abuse": well-formed messages sent at the wrong time
//! or with wrong contents, to the real `gloss lsp` over stdio: requests
//! before `initialize`, a second `initialize`, unknown methods, changes
//! before `didOpen`, decreasing versions, bad positions, huge documents,
//! thousands of open documents, `$/cancelRequest` of a long `references`,
//! a panicking handler, and the exit status. After each, a hover on
//! "United Nations" still answers.
//!
//! Timings are printed (`cargo test -- --nocapture`), never asserted.

mod support;

use std::time::Instant;

use serde_json::{Value, json};
use support::raw_lsp::{RawLsp, TEXT, file_uri, serving as start};

fn assert_serving(c: &mut RawLsp, uri: &str, case: &str) {
    let text = c.hover_text(uri, 0, 6);
    assert!(text.contains("United Nations"), "{case}: hover: {text:?}");
}

fn error_code(answer: &Value) -> i64 {
    answer["error"]["code"].as_i64().unwrap_or(0)
}

#[test]
fn requests_before_initialize_and_a_second_initialize_are_refused() {
    let ws = tempfile::tempdir().expect("temp workspace");
    let mut c = RawLsp::spawn(&[]);
    let before = c.hover("file:///a.txt", 0, 0);
    assert_eq!(
        error_code(&before),
        -32002,
        "ServerNotInitialized: {before}"
    );
    // A notification before initialize is dropped.
    c.open("file:///early.txt", TEXT);
    c.initialize(ws.path());
    let again = c.request("initialize", json!({"capabilities": {}}));
    assert_eq!(error_code(&again), -32600, "second initialize: {again}");
    let uri = file_uri(&ws.path().join("a.txt"));
    c.open(&uri, TEXT);
    assert_serving(&mut c, &uri, "after a second initialize");
}

#[test]
fn unknown_methods_and_misused_notifications_get_answers() {
    let (mut c, _ws, uri) = start(&[]);
    let unknown = c.request("gloss/noSuchMethod", json!({}));
    assert_eq!(error_code(&unknown), -32601, "{unknown}");
    // LSP: a `$/` request the server does not know is MethodNotFound (a
    // `$/` notification is ignored).
    let dollar = c.request("$/noSuchRequest", json!({}));
    assert_eq!(error_code(&dollar), -32601, "{dollar}");
    c.notify("$/noSuchNotification", json!({}));
    c.notify("gloss/noSuchNotification", json!({}));
    // A notification method sent with an id still gets an answer.
    let as_request = c.request(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(as_request.get("error").is_some(), "{as_request}");
    // Wrong parameters.
    let bad = c.request("textDocument/hover", json!({"textDocument": {}}));
    assert_eq!(error_code(&bad), -32602, "{bad}");
    let bad = c.request("textDocument/hover", json!([1, 2, 3]));
    assert_eq!(error_code(&bad), -32602, "{bad}");
    // A response to a request the server never sent is dropped.
    c.send(&json!({"jsonrpc": "2.0", "id": 424242, "result": null}));
    assert_serving(&mut c, &uri, "unknown methods");
}

#[test]
fn changes_before_open_and_decreasing_versions_keep_the_document_right() {
    let (mut c, ws, uri) = start(&[]);
    let other = file_uri(&ws.path().join("never-opened.txt"));
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": other, "version": 2}, "contentChanges": [{"text": "The United Nations."}]}),
    );
    assert!(c.hover(&other, 0, 6)["result"].is_null());
    // Versions 5, then 3 (stale): both applied in arrival order (logged).
    let change = |version: i64, text: &str| json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]});
    c.notify("textDocument/didChange", change(5, "Nothing here.\n"));
    c.notify("textDocument/didChange", change(3, TEXT));
    assert_serving(&mut c, &uri, "decreasing version");
    // didOpen of a document that is already open replaces it.
    c.open(&uri, "Nothing.\n");
    assert!(c.hover(&uri, 0, 6)["result"].is_null());
    c.open(&uri, TEXT);
    assert_serving(&mut c, &uri, "second didOpen");
    // didClose of a document that is not open.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": other}}),
    );
    assert_serving(&mut c, &uri, "didClose of an unknown document");
}

#[test]
fn out_of_range_and_negative_positions_are_errors_not_crashes() {
    let (mut c, _ws, uri) = start(&[]);
    for (line, character) in [
        (json!(9999), json!(0)),
        (json!(-1), json!(0)),
        (json!(0), json!(-5)),
        (json!(4_294_967_296u64), json!(0)),
        (json!(1.5), json!(0)),
        (json!("0"), json!(0)),
    ] {
        let answer = c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        assert_eq!(error_code(&answer), -32602, "{line}:{character}: {answer}");
    }
    // Past the end of a line clamps to it.
    let past = c.hover(&uri, 0, 4_000_000_000);
    assert!(past.get("error").is_none(), "{past}");
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": {"line": 77, "character": 0}, "context": {"includeDeclaration": false}}),
    );
    assert_eq!(error_code(&refs), -32602, "{refs}");
    assert_serving(&mut c, &uri, "bad positions");
}

#[test]
fn a_10_mb_single_line_is_served() {
    let (mut c, ws, uri) = start(&[]);
    let line_uri = file_uri(&ws.path().join("line.txt"));
    let sentences = 10_000_000 / "It rained. ".len();
    let line = format!("{}{TEXT}", "It rained. ".repeat(sentences));
    let t = Instant::now();
    c.open(&line_uri, &line);
    let column = (sentences * "It rained. ".len() + 6) as u32;
    let text = c.hover_text(&line_uri, 0, column);
    assert!(text.contains("United Nations"), "10 MB line: {text:?}");
    eprintln!("a 10 MB line: open + hover in {:?}", t.elapsed());
    assert_serving(&mut c, &uri, "after a 10 MB line");
}

#[test]
fn a_100_mb_document_is_served() {
    let (mut c, ws, uri) = start(&[]);
    let big_uri = file_uri(&ws.path().join("big.txt"));
    let filler = "A line of policy text that names nothing in particular.\n";
    let lines = 100_000_000 / filler.len();
    let mut big = filler.repeat(lines);
    big.push_str(TEXT);
    let t = Instant::now();
    c.open(&big_uri, &big);
    let text = c.hover_text(&big_uri, lines as u32, 6);
    assert!(text.contains("United Nations"), "100 MB document: {text:?}");
    eprintln!(
        "a {} MB document: open + hover in {:?}",
        big.len() / 1_000_000,
        t.elapsed()
    );
    drop(big);
    assert_serving(&mut c, &uri, "after huge documents");
}

#[test]
fn three_thousand_open_documents() {
    let (mut c, ws, uri) = start(&[]);
    let t = Instant::now();
    for i in 0..3000 {
        let u = file_uri(&ws.path().join(format!("doc{i}.txt")));
        c.open(
            &u,
            &format!("Document {i}: the United Nations and the SCO.\n"),
        );
    }
    let last = file_uri(&ws.path().join("doc2999.txt"));
    let text = c.hover_text(&last, 0, 22);
    assert!(text.contains("United Nations"), "{text:?}");
    eprintln!("3,000 didOpen + a hover: {:?}", t.elapsed());
    assert_serving(&mut c, &uri, "3,000 open documents");
}

#[test]
fn cancel_request_answers_a_long_references_at_once() {
    // A workspace of 100 files × 400 lines naming the United Nations:
    // 40,000 mentions, one pass over them per `references`.
    let ws = tempfile::tempdir().expect("temp workspace");
    let line = "The United Nations met. The United Nations spoke.\n";
    let body = line.repeat(200);
    for i in 0..100 {
        std::fs::write(ws.path().join(format!("f{i}.txt")), &body).expect("write a file");
    }
    let mut c = RawLsp::spawn(&[]);
    c.initialize(ws.path());
    c.wait_indexed();
    let uri = file_uri(&ws.path().join("f0.txt"));
    c.open(&uri, &body);
    let params = json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 6},
        "context": {"includeDeclaration": false}});

    // Uncancelled.
    let t = Instant::now();
    let full = c.request("textDocument/references", params.clone());
    let full_time = t.elapsed();
    let found = full["result"].as_array().map_or(0, Vec::len);
    assert!(found >= 40_000, "{found} references");

    // The same, cancelled right after it is sent.
    let id = c.next_id();
    c.send(
        &json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/references", "params": params}),
    );
    c.notify("$/cancelRequest", json!({"id": id}));
    let t = Instant::now();
    let answer = c.answer_to(&json!(id));
    let cancel_time = t.elapsed();
    assert_eq!(error_code(&answer), -32800, "RequestCancelled: {answer}");
    eprintln!(
        "references: {found} locations in {full_time:?}; cancelled: answered in {cancel_time:?}"
    );
    // Cancelling an answered or unknown request does nothing.
    c.notify("$/cancelRequest", json!({"id": id}));
    c.notify("$/cancelRequest", json!({"id": "never-sent"}));
    let text = c.hover_text(&uri, 0, 6);
    assert!(text.contains("United Nations"), "{text:?}");
}

#[test]
fn a_panicking_handler_is_answered_with_internal_error_and_the_server_goes_on() {
    let (mut c, _ws, uri) = start(&[("GLOSS_TEST_HOOKS", "1")]);
    for round in 0..3 {
        let answer = c.request("gloss/debugPanic", Value::Null);
        assert_eq!(error_code(&answer), -32603, "round {round}: {answer}");
        assert_serving(&mut c, &uri, "after a panic");
    }
    assert!(c.is_running());
    // Without the test hook the method does not exist.
    let (mut plain, _ws2, _) = start(&[]);
    let answer = plain.request("gloss/debugPanic", Value::Null);
    assert_eq!(error_code(&answer), -32601, "{answer}");
}

#[test]
fn exit_status_is_0_after_shutdown_and_1_otherwise() {
    // shutdown, then exit: 0; requests after shutdown are refused.
    let (mut c, _ws, uri) = start(&[]);
    let answer = c.request("shutdown", Value::Null);
    assert!(answer.get("error").is_none(), "{answer}");
    let after = c.hover(&uri, 0, 6);
    assert_eq!(
        error_code(&after),
        -32600,
        "a request after shutdown: {after}"
    );
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(0), "shutdown + exit");

    // exit without shutdown: 1.
    let (mut c, _ws, _) = start(&[]);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(1), "exit without shutdown");

    // exit before initialize: 1.
    let mut c = RawLsp::spawn(&[]);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(1), "exit before initialize");

    // The input ends without exit (the editor died): 1, also after shutdown.
    let (mut c, _ws, _) = start(&[]);
    c.close_input();
    assert_eq!(c.wait_exit().code(), Some(1), "end of input");
    let (mut c, _ws, _) = start(&[]);
    let _ = c.request("shutdown", Value::Null);
    c.close_input();
    assert_eq!(c.wait_exit().code(), Some(1), "shutdown, then end of input");

    // exit is obeyed even with garbage and an open request before it.
    let (mut c, _ws, _) = start(&[]);
    c.write_raw(b"Content-Length: 5\r\n\r\n{bad}");
    let _ = c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(0), "garbage, shutdown, exit");
}
