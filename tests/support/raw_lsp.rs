//! A raw LSP connection to the real `gloss` binary for the transport and
//! protocol-abuse tests: writes arbitrary bytes (malformed frames and
//! bodies), reads whatever the server sends, answers the server's own
//! requests, and reports the exit status. Must not use the library: it is
//! the independent side of those tests.

// Each test file uses part of it.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub use super::lsp_client::file_uri;
use super::lsp_client::read_frames;

/// The text every robustness test keeps open, and asks a hover about.
pub const TEXT: &str = "The United Nations met in New York.\n";

/// A server on an empty workspace with [`TEXT`] open, already answering a
/// hover on it: the client, the workspace (kept alive) and the URI.
pub fn serving(env: &[(&str, &str)]) -> (RawLsp, tempfile::TempDir, String) {
    let ws = tempfile::tempdir().expect("temp workspace");
    let mut c = RawLsp::spawn(env);
    c.initialize(ws.path());
    let uri = file_uri(&ws.path().join("a.txt"));
    c.open(&uri, TEXT);
    assert_next_answer_is_hover(&mut c, &uri, "start");
    (c, ws, uri)
}

/// Sends a hover on "United Nations" in [`TEXT`]: the next answer must be
/// its own, and show the United Nations.
pub fn assert_next_answer_is_hover(c: &mut RawLsp, uri: &str, case: &str) {
    let id = c.next_id();
    c.send(
        &json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 6}}}),
    );
    let answer = c.next_answer();
    assert_eq!(
        answer["id"],
        json!(id),
        "{case}: an unexpected answer first: {answer}"
    );
    let text = answer["result"]["contents"]["value"].as_str().unwrap_or("");
    assert!(
        text.contains("United Nations"),
        "{case}: the hover after it is wrong: {answer}"
    );
}

/// How long a test waits for one answer.
pub const TIMEOUT: Duration = Duration::from_secs(600);

pub struct RawLsp {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Messages from the server that were not answers to our requests.
    pub others: Vec<Value>,
    _cache: tempfile::TempDir,
}

/// A frame around `body`.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

impl RawLsp {
    /// `gloss lsp` with extra environment variables (stderr inherited: the
    /// server's log shows in the test output).
    pub fn spawn(env: &[(&str, &str)]) -> RawLsp {
        let cache = tempfile::Builder::new()
            .prefix("gloss-test-cache-")
            .tempdir()
            .expect("create a cache folder");
        let mut child = Command::new(env!("CARGO_BIN_EXE_gloss"))
            .arg("lsp")
            .env("XDG_CACHE_HOME", cache.path())
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn gloss");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let incoming = read_frames(stdout);
        RawLsp {
            child,
            stdin: Some(stdin),
            incoming,
            next_id: 1,
            others: Vec::new(),
            _cache: cache,
        }
    }

    /// Writes `bytes` as they are.
    pub fn write_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).expect("write to the server");
        stdin.flush().expect("flush");
    }

    /// Writes one well-framed message.
    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).expect("json");
        self.write_raw(&frame(&body));
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// A fresh request id.
    pub fn next_id(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The next message from the server that is not a server request or
    /// notification (those are answered or kept in `others`).
    pub fn next_answer(&mut self) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = match self.incoming.recv_timeout(left) {
                Ok(msg) => msg,
                Err(RecvTimeoutError::Timeout) => panic!("no answer within {TIMEOUT:?}"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
            };
            if msg.get("method").is_some() {
                if let Some(id) = msg.get("id") {
                    let result = if msg["method"] == "workspace/configuration" {
                        let n = msg["params"]["items"].as_array().map_or(1, Vec::len);
                        Value::Array(vec![Value::Null; n])
                    } else {
                        Value::Null
                    };
                    let reply = json!({"jsonrpc": "2.0", "id": id.clone(), "result": result});
                    self.send(&reply);
                }
                self.others.push(msg);
                continue;
            }
            return msg;
        }
    }

    /// Waits until the server has sent a request or notification for which
    /// `pred` holds (answers arriving meanwhile are dropped).
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) {
        let deadline = Instant::now() + TIMEOUT;
        let mut seen = 0;
        loop {
            if self.others[seen..].iter().any(&pred) {
                return;
            }
            seen = self.others.len();
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(msg) if msg.get("method").is_some() => {
                    if let Some(id) = msg.get("id") {
                        let n = msg["params"]["items"].as_array().map_or(1, Vec::len);
                        let result = if msg["method"] == "workspace/configuration" {
                            Value::Array(vec![Value::Null; n])
                        } else {
                            Value::Null
                        };
                        self.send(&json!({"jsonrpc": "2.0", "id": id.clone(), "result": result}));
                    }
                    self.others.push(msg);
                }
                Ok(_) => {}
                Err(_) => panic!("no {what} within {TIMEOUT:?}"),
            }
        }
    }

    /// Waits for the end of the workspace indexing (`$/progress` end).
    pub fn wait_indexed(&mut self) {
        self.wait_for("end of indexing", |n| {
            n["method"] == "$/progress" && n["params"]["value"]["kind"] == "end"
        });
    }

    /// The answer with this id (answers to other ids are dropped).
    pub fn answer_to(&mut self, id: &Value) -> Value {
        loop {
            let msg = self.next_answer();
            if &msg["id"] == id {
                return msg;
            }
        }
    }

    /// Sends a request and waits for its answer.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id();
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.answer_to(&json!(id))
    }

    /// `initialize` (UTF-16) on `root`, then `initialized`.
    pub fn initialize(&mut self, root: &Path) -> Value {
        let resp = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": file_uri(root),
                "workspaceFolders": [{"uri": file_uri(root), "name": "ws"}],
                "capabilities": {
                    "general": {"positionEncodings": ["utf-16"]},
                    "workspace": {"configuration": true},
                    "window": {"workDoneProgress": true},
                    "textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]}}
                }
            }),
        );
        assert!(resp.get("result").is_some(), "initialize failed: {resp}");
        self.notify("initialized", json!({}));
        resp
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
        );
    }

    pub fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
    }

    /// The text of a hover answer ("" without one).
    pub fn hover_text(&mut self, uri: &str, line: u32, character: u32) -> String {
        let resp = self.hover(uri, line, character);
        resp["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Closes the server's input.
    pub fn close_input(&mut self) {
        self.stdin = None;
    }

    /// Waits for the process to end.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for RawLsp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
