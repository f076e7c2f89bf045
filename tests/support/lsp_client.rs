//! A small LSP client that drives the real `gloss` binary over stdio, as an
//! editor would: Content-Length framing, requests with ids, notifications,
//! and answers to the server's own requests; plus the position and
//! workspace-edit arithmetic a client does. Must not use the library: it is
//! the independent side of every end-to-end test.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct LspClient {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications received so far, in order.
    pub notifications: Vec<Value>,
    /// What to answer to `workspace/configuration`.
    pub configuration: Value,
    /// The server's own cache folder (`XDG_CACHE_HOME`: the read-only copy of
    /// the embedded glossary), removed with the client.
    cache: tempfile::TempDir,
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Reads the server's frames on a thread, each body parsed as JSON. A frame
/// without `Content-Length` or a body that is not JSON is a server defect:
/// the thread panics, so the receiver disconnects and the test says so.
pub fn read_frames(stdout: ChildStdout) -> Receiver<Value> {
    let (tx, incoming) = channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        loop {
            let mut len = None;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length:") {
                    len = v.trim().parse::<usize>().ok();
                }
            }
            let len = len.expect("the server sent a frame without Content-Length");
            let mut buf = vec![0; len];
            if reader.read_exact(&mut buf).is_err() {
                return;
            }
            let v: Value =
                serde_json::from_slice(&buf).expect("the server sent a body that is not JSON");
            if tx.send(v).is_err() {
                return;
            }
        }
    });
    incoming
}

impl LspClient {
    pub fn spawn(args: &[&str]) -> LspClient {
        LspClient::spawn_with_env(args, &[])
    }

    /// [`LspClient::spawn`] with extra environment variables for the server.
    pub fn spawn_with_env(args: &[&str], env: &[(&str, &str)]) -> LspClient {
        let cache = tempfile::Builder::new()
            .prefix("gloss-test-cache-")
            .tempdir()
            .expect("create a cache folder");
        let mut child = Command::new(env!("CARGO_BIN_EXE_gloss"))
            .args(args)
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
        LspClient {
            child,
            stdin,
            incoming,
            next_id: 1,
            notifications: Vec::new(),
            configuration: Value::Null,
            cache,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_string(msg).expect("json");
        write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body)
            .expect("write to server");
        self.stdin.flush().expect("flush");
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn handle_incoming(&mut self, msg: Value) -> Option<Value> {
        if msg.get("method").is_some() && msg.get("id").is_some() {
            // A request from the server.
            let result = match msg["method"].as_str() {
                Some("workspace/configuration") => {
                    let n = msg["params"]["items"].as_array().map_or(1, Vec::len);
                    Value::Array(vec![self.configuration.clone(); n])
                }
                _ => Value::Null,
            };
            let id = msg["id"].clone();
            self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
            self.notifications.push(msg);
            None
        } else if msg.get("method").is_some() {
            self.notifications.push(msg);
            None
        } else {
            Some(msg)
        }
    }

    /// Sends a request and returns the whole response (with `result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(msg) => {
                    if let Some(resp) = self.handle_incoming(msg)
                        && resp["id"] == json!(id)
                    {
                        return resp;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!("no response to {method} within {TIMEOUT:?}")
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("server closed its output during {method}")
                }
            }
        }
    }

    pub fn initialize(
        &mut self,
        root: &Path,
        position_encodings: &[&str],
        options: Value,
    ) -> Value {
        let resp = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": file_uri(root),
                "workspaceFolders": [{"uri": file_uri(root), "name": "ws"}],
                "initializationOptions": options,
                "capabilities": {
                    "general": {"positionEncodings": position_encodings},
                    "workspace": {
                        "configuration": true,
                        "didChangeWatchedFiles": {"dynamicRegistration": true}
                    },
                    "textDocument": {
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "publishDiagnostics": {"relatedInformation": true, "versionSupport": true}
                    }
                }
            }),
        );
        assert!(resp.get("result").is_some(), "initialize failed: {resp}");
        self.notify("initialized", json!({}));
        resp
    }

    pub fn open(&mut self, uri: &str, language_id: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language_id, "version": 1, "text": text}}),
        );
    }

    /// Waits for a `publishDiagnostics` for `uri` satisfying `pred`; returns its diagnostics.
    pub fn wait_diagnostics(&mut self, uri: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + TIMEOUT;
        let mut seen = 0;
        loop {
            for n in &self.notifications[seen..] {
                if n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri {
                    let d = n["params"]["diagnostics"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default();
                    if pred(&d) {
                        return d;
                    }
                }
            }
            seen = self.notifications.len();
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(msg) => {
                    self.handle_incoming(msg);
                }
                Err(_) => panic!(
                    "no matching diagnostics for {uri}; last: {:?}",
                    self.notifications
                        .iter()
                        .rev()
                        .find(|n| n["params"]["uri"] == uri)
                ),
            }
        }
    }

    pub fn close(&mut self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
    }

    /// A request about the whole document `uri` (symbols, code lenses,
    /// semantic tokens, pulled diagnostics).
    pub fn document_request(&mut self, method: &str, uri: &str) -> Value {
        self.request(method, json!({"textDocument": {"uri": uri}}))
    }

    /// A request at `line`, `character` of the document `uri`.
    fn position_request(&mut self, method: &str, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            method,
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
    }

    pub fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.position_request("textDocument/hover", uri, line, character)
    }

    pub fn definition(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.position_request("textDocument/definition", uri, line, character)
    }

    pub fn prepare_rename(&mut self, uri: &str, position: &Value) -> Value {
        self.request(
            "textDocument/prepareRename",
            json!({"textDocument": {"uri": uri}, "position": position}),
        )
    }

    pub fn rename(&mut self, uri: &str, position: &Value, new_name: &str) -> Value {
        self.request(
            "textDocument/rename",
            json!({"textDocument": {"uri": uri}, "position": position, "newName": new_name}),
        )
    }

    /// `workspace/didChangeWatchedFiles` with (URI, type) pairs: 1 created,
    /// 2 changed, 3 deleted.
    pub fn files_changed(&mut self, changes: &[(&str, u8)]) {
        let changes: Vec<Value> = changes
            .iter()
            .map(|(uri, kind)| json!({"uri": uri, "type": kind}))
            .collect();
        self.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": changes}),
        );
    }

    /// Clean shutdown; returns the exit status code.
    pub fn shutdown(mut self) -> Option<i32> {
        let resp = self.request("shutdown", Value::Null);
        assert!(resp.get("error").is_none(), "shutdown failed: {resp}");
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("server did not exit after `exit`");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// (line, UTF-16 column) of the `nth` (0-based) occurrence of `needle` in `text`.
pub fn position_of(text: &str, needle: &str, nth: usize) -> (u32, u32) {
    let at = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .expect("needle present");
    let before = &text[..at];
    let line = before.matches('\n').count() as u32;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].encode_utf16().count() as u32;
    (line, col)
}

impl LspClient {
    /// `initialize` with explicit capabilities and workspace folders.
    pub fn initialize_with(
        &mut self,
        folders: &[&Path],
        capabilities: Value,
        options: Value,
    ) -> Value {
        let folders: Vec<Value> = folders
            .iter()
            .enumerate()
            .map(|(i, p)| json!({"uri": file_uri(p), "name": format!("ws{i}")}))
            .collect();
        let resp = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": folders.first().map(|f| f["uri"].clone()),
                "workspaceFolders": folders,
                "initializationOptions": options,
                "capabilities": capabilities,
            }),
        );
        assert!(resp.get("result").is_some(), "initialize failed: {resp}");
        self.notify("initialized", json!({}));
        resp
    }

    /// Waits for a `$/progress` `end` whose message contains `needle`.
    pub fn wait_progress_end(&mut self, needle: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        let mut seen = 0;
        loop {
            for n in &self.notifications[seen..] {
                if n["method"] == "$/progress"
                    && n["params"]["value"]["kind"] == "end"
                    && n["params"]["value"]["message"]
                        .as_str()
                        .unwrap_or("")
                        .contains(needle)
                {
                    return n.clone();
                }
            }
            seen = self.notifications.len();
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(msg) => {
                    self.handle_incoming(msg);
                }
                Err(_) => panic!("no $/progress end containing {needle:?}"),
            }
        }
    }
}

/// Applies a WorkspaceEdit's `changes` (or text `documentChanges`) to files on disk.
pub fn apply_workspace_edit(edit: &Value) {
    let mut per_file: Vec<(String, Vec<Value>)> = Vec::new();
    if let Some(changes) = edit["changes"].as_object() {
        for (uri, edits) in changes {
            per_file.push((uri.clone(), edits.as_array().cloned().unwrap_or_default()));
        }
    }
    if let Some(dc) = edit["documentChanges"].as_array() {
        for c in dc {
            if c["kind"] == "create" {
                let p = c["uri"]
                    .as_str()
                    .unwrap_or("")
                    .trim_start_matches("file://")
                    .to_string();
                if let Some(parent) = Path::new(&p).parent() {
                    std::fs::create_dir_all(parent).expect("mkdir");
                }
                if !Path::new(&p).exists() {
                    std::fs::write(&p, "").expect("create");
                }
            } else if let Some(edits) = c["edits"].as_array() {
                per_file.push((
                    c["textDocument"]["uri"].as_str().unwrap_or("").to_string(),
                    edits.clone(),
                ));
            }
        }
    }
    for (uri, mut edits) in per_file {
        let path = uri.trim_start_matches("file://").replace("%20", " ");
        let mut text = std::fs::read_to_string(&path).unwrap_or_default();
        // Apply from the end so earlier offsets stay valid (UTF-16 columns).
        edits.sort_by_key(|e| {
            (
                std::cmp::Reverse(e["range"]["start"]["line"].as_u64().unwrap_or(0)),
                std::cmp::Reverse(e["range"]["start"]["character"].as_u64().unwrap_or(0)),
            )
        });
        for e in edits {
            let start = offset_of(&text, &e["range"]["start"]);
            let end = offset_of(&text, &e["range"]["end"]);
            text.replace_range(start..end, e["newText"].as_str().unwrap_or(""));
        }
        std::fs::write(&path, text).expect("write edited file");
    }
}

/// Byte offset of an LSP (line, UTF-16 character) position.
pub fn offset_of(text: &str, pos: &Value) -> usize {
    let line = pos["line"].as_u64().unwrap_or(0) as usize;
    let ch = pos["character"].as_u64().unwrap_or(0) as usize;
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i == line {
            let mut units = 0;
            for (b, c) in l.char_indices() {
                if units >= ch || c == '\n' {
                    return offset + b;
                }
                units += c.len_utf16();
            }
            return offset + l.trim_end_matches('\n').len();
        }
        offset += l.len();
    }
    text.len()
}
