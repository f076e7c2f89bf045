//! Issue 14, "Transport": malformed frames and bodies sent to the real
//! `gloss lsp` over stdio. Each case is answered per JSON-RPC where an
//! answer is due (Parse error -32700 / Invalid Request -32600), or only
//! logged, and then a hover on "United Nations" in an open document still
//! answers: the server keeps serving.

mod support;

use serde_json::{Value, json};
use support::raw_lsp::{
    RawLsp, assert_next_answer_is_hover as assert_serving, file_uri, frame, serving as start,
};

/// The next answer is a JSON-RPC error with `code` and `id`.
fn assert_error(c: &mut RawLsp, case: &str, code: i64, id: Value) {
    let answer = c.next_answer();
    assert_eq!(answer["jsonrpc"], "2.0", "{case}: {answer}");
    assert_eq!(answer["error"]["code"], code, "{case}: {answer}");
    assert_eq!(answer["id"], id, "{case}: {answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{case}: no message: {answer}"
    );
}

fn hover_body(id: Value) -> String {
    json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": "file:///x.txt"}, "position": {"line": 0, "character": 0}}})
    .to_string()
}

#[test]
fn bodies_that_are_not_json_rpc_are_answered_and_the_server_goes_on() {
    let (mut c, _ws, uri) = start(&[]);
    // (case, body, expected code, expected id)
    let cases: Vec<(&str, Vec<u8>, i64, Value)> = vec![
        ("not JSON", b"{not json".to_vec(), -32700, Value::Null),
        (
            "truncated JSON",
            br#"{"jsonrpc":"2.0","id":3,"#.to_vec(),
            -32700,
            Value::Null,
        ),
        ("empty body", Vec::new(), -32700, Value::Null),
        (
            "not UTF-8",
            b"\xff\xfe{\"a\":1}".to_vec(),
            -32700,
            Value::Null,
        ),
        ("a number", b"42".to_vec(), -32600, Value::Null),
        ("a string", b"\"hello\"".to_vec(), -32600, Value::Null),
        ("null", b"null".to_vec(), -32600, Value::Null),
        (
            "a batch array",
            format!("[{}]", hover_body(json!(5))).into_bytes(),
            -32600,
            Value::Null,
        ),
        ("an empty batch", b"[]".to_vec(), -32600, Value::Null),
        (
            "no jsonrpc member",
            br#"{"id":77,"method":"textDocument/hover","params":{}}"#.to_vec(),
            -32600,
            json!(77),
        ),
        (
            "jsonrpc 1.0",
            br#"{"jsonrpc":"1.0","id":"s-78","method":"shutdown"}"#.to_vec(),
            -32600,
            json!("s-78"),
        ),
        (
            "method not a string",
            br#"{"jsonrpc":"2.0","id":79,"method":5}"#.to_vec(),
            -32600,
            json!(79),
        ),
        (
            "neither request nor response",
            br#"{"jsonrpc":"2.0","id":80}"#.to_vec(),
            -32600,
            json!(80),
        ),
        (
            "an id that is a fraction",
            br#"{"jsonrpc":"2.0","id":1.5,"method":"textDocument/hover","params":{}}"#.to_vec(),
            -32600,
            Value::Null,
        ),
        (
            "an id that is an object",
            br#"{"jsonrpc":"2.0","id":{"a":1},"method":"textDocument/hover","params":{}}"#.to_vec(),
            -32600,
            Value::Null,
        ),
        (
            "nested 10,000 deep",
            format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(),
            -32700,
            Value::Null,
        ),
    ];
    for (case, body, code, id) in cases {
        c.write_raw(&frame(&body));
        assert_error(&mut c, case, code, id);
        assert_serving(&mut c, &uri, case);
    }
    // A malformed response from the client is dropped without an answer.
    c.write_raw(&frame(
        br#"{"jsonrpc":"2.0","id":999,"error":"not an object"}"#,
    ));
    c.write_raw(&frame(br#"{"id":998,"result":null}"#));
    assert_serving(&mut c, &uri, "malformed responses");
}

#[test]
fn bad_frames_are_skipped_to_the_next_content_length() {
    let (mut c, _ws, uri) = start(&[]);
    let good = hover_body(json!("probe"));

    // Content-Length shorter than the body: the cut body is a Parse error,
    // its tail is skipped up to the next header.
    let mut bytes = format!("Content-Length: 10\r\n\r\n{good}").into_bytes();
    c.write_raw(&bytes);
    assert_error(&mut c, "Content-Length too short", -32700, Value::Null);
    assert_serving(&mut c, &uri, "Content-Length too short");

    // Content-Length longer than the body: it swallows the start of the next
    // frame (a Parse error), whose rest is skipped; the frame after works.
    let filler = json!({"jsonrpc": "2.0", "method": "$/filler"}).to_string();
    bytes = format!("Content-Length: {}\r\n\r\n{good}", good.len() + 25).into_bytes();
    bytes.extend(frame(filler.as_bytes()));
    c.write_raw(&bytes);
    assert_error(&mut c, "Content-Length too long", -32700, Value::Null);
    assert_serving(&mut c, &uri, "Content-Length too long");

    // No Content-Length, or one that is not a number: logged, skipped.
    for (case, header) in [
        (
            "missing Content-Length",
            "Content-Type: application/vscode-jsonrpc; charset=utf-8",
        ),
        ("Content-Length not a number", "Content-Length: abc"),
        ("negative Content-Length", "Content-Length: -5"),
        ("header without colon", "Content-Length 12"),
    ] {
        c.write_raw(format!("{header}\r\n\r\n{good}").as_bytes());
        assert_serving(&mut c, &uri, case);
    }

    // Garbage between frames, and a garbage run longer than 64 KiB.
    c.write_raw(b"garbage } \x00\xff between frames ");
    assert_serving(&mut c, &uri, "garbage between frames");
    c.write_raw(&vec![b'x'; 100_000]);
    assert_serving(&mut c, &uri, "100 kB without a header end");

    // Stray blank lines between frames are harmless.
    c.write_raw(b"\r\n\r\n\r\n");
    assert_serving(&mut c, &uri, "blank lines");
}

#[test]
fn headers_are_case_insensitive_and_unknown_ones_are_ignored() {
    let (mut c, _ws, uri) = start(&[]);
    let hover = |id: i64| {
        json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
            "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 6}}})
        .to_string()
    };
    for (case, headers) in [
        ("lower case", "content-length: {}"),
        ("upper case", "CONTENT-LENGTH:{}"),
        (
            "unknown header first",
            "X-Editor-Trace: on\r\nContent-Length: {}",
        ),
        (
            "Content-Type and an unknown header after",
            "Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\nX-Whatever: 1",
        ),
        ("spaces around the value", "Content-Length:    {}   "),
    ] {
        let id = c.next_id();
        let body = hover(id);
        let head = headers.replace("{}", &body.len().to_string());
        c.write_raw(format!("{head}\r\n\r\n{body}").as_bytes());
        let answer = c.next_answer();
        assert_eq!(answer["id"], json!(id), "{case}: {answer}");
        let text = answer["result"]["contents"]["value"].as_str().unwrap_or("");
        assert!(text.contains("United Nations"), "{case}: {answer}");
    }
}

#[test]
fn a_message_over_the_size_limit_is_refused_without_being_read() {
    // A 1 MB limit (the default is 256 MiB) so the test stays cheap.
    let (mut c, ws, uri) = start(&[("GLOSS_MAX_MESSAGE_BYTES", "1000000")]);
    let big_uri = file_uri(&ws.path().join("big.txt"));
    let text = format!("The United Nations. {}\n", "x".repeat(2_000_000));
    let body = json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": big_uri, "languageId": "plaintext", "version": 1, "text": text}}})
    .to_string();
    // Sent in pieces, as a pipe would deliver it.
    let bytes = frame(body.as_bytes());
    for piece in bytes.chunks(300_000) {
        c.write_raw(piece);
    }
    let answer = c.next_answer();
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    assert_eq!(answer["id"], Value::Null, "{answer}");
    let message = answer["error"]["message"].as_str().unwrap_or("");
    assert!(message.contains("1000000"), "{answer}");
    assert_serving(&mut c, &uri, "oversized message");
    // It was skipped, not opened.
    let hover = c.hover(&big_uri, 0, 6);
    assert!(hover["result"].is_null(), "{hover}");
}
