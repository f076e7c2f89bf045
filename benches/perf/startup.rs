//! Row 4 of issue 13: process start → `initialize` answered, and → the
//! first hover answered, for `gloss lsp` with the embedded glossary (median
//! of N fresh processes); baseline `gloss --version` start → exit. Speaks
//! LSP itself on one thread (no reader thread, no temporary folder before
//! the spawn), so the time is the server's.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::process::gloss_bin;
use crate::table::{Row, Verdict, median, ms};

fn send(stdin: &mut ChildStdin, msg: &Value) -> std::io::Result<()> {
    let body = msg.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body)?;
    stdin.flush()
}

fn receive(reader: &mut BufReader<ChildStdout>) -> Result<Value, String> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
            return Err("the server closed its output".into());
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut buf = vec![0; len.ok_or("no Content-Length")?];
    reader.read_exact(&mut buf).map_err(|e| e.to_string())?;
    serde_json::from_slice(&buf).map_err(|e| e.to_string())
}

/// Reads until the response to `id`, answering the server's own requests with `null`.
fn response(
    reader: &mut BufReader<ChildStdout>,
    stdin: &mut ChildStdin,
    id: i64,
) -> Result<Value, String> {
    loop {
        let msg = receive(reader)?;
        if msg.get("method").is_some() {
            if let Some(req) = msg.get("id") {
                let answer = json!({"jsonrpc": "2.0", "id": req, "result": null});
                send(stdin, &answer).map_err(|e| e.to_string())?;
            }
            continue;
        }
        if msg["id"] == json!(id) {
            return Ok(msg);
        }
    }
}

/// (start → `initialize` answered, start → first hover answered, hover had content).
fn one_start(root: &Path) -> Result<(Duration, Duration, bool), String> {
    let uri = format!("file://{}", root.join("first.txt").display());
    let start = Instant::now();
    let mut child = Command::new(gloss_bin())
        .arg("lsp")
        .env("XDG_CACHE_HOME", root.join(".cache"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return Err("no pipes".into());
    };
    let mut reader = BufReader::new(stdout);
    let io = |e: std::io::Error| e.to_string();
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": null, "rootUri": format!("file://{}", root.display()),
        "capabilities": {"general": {"positionEncodings": ["utf-16"]}}}}),
    )
    .map_err(io)?;
    response(&mut reader, &mut stdin, 1)?;
    let initialized = start.elapsed();
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    )
    .map_err(io)?;
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "plaintext", "version": 1,
                         "text": "The United Nations met.\n"}}}),
    )
    .map_err(io)?;
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": uri}, "position": {"line": 0, "character": 6}}}),
    )
    .map_err(io)?;
    let hover = response(&mut reader, &mut stdin, 2)?;
    let hovered = start.elapsed();
    let _ = send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}),
    );
    let _ = response(&mut reader, &mut stdin, 3);
    let _ = send(&mut stdin, &json!({"jsonrpc": "2.0", "method": "exit"}));
    drop(stdin);
    let _ = child.wait();
    Ok((initialized, hovered, !hover["result"].is_null()))
}

pub fn rows(tmp: &Path, quick: bool) -> Vec<Row> {
    let runs = if quick { 2 } else { 15 };
    let root = tmp.join("startup");
    let figure = "process start → `initialize` answered (embedded glossary, median)";
    if let Err(e) = std::fs::create_dir_all(&root) {
        return vec![Row::failed(figure, "< 10 ms", &e.to_string())];
    }
    let mut version = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let ok = Command::new(gloss_bin())
            .arg("--version")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            version.push(t.elapsed());
        }
    }
    let version = median(version);
    let mut inits = Vec::new();
    let mut hovers = Vec::new();
    let mut with_content = 0;
    for _ in 0..runs {
        match one_start(&root) {
            Ok((init, hover, content)) => {
                inits.push(init);
                hovers.push(hover);
                with_content += usize::from(content);
            }
            Err(e) => return vec![Row::failed(figure, "< 10 ms", &e)],
        }
    }
    let (init, hover) = (median(inits), median(hovers));
    vec![
        Row {
            figure: figure.into(),
            gloss: format!("{:.1} ms", ms(init)),
            baseline: format!("`gloss --version` start → exit {:.1} ms", ms(version)),
            ratio: format!("{:.1}×", ms(init) / ms(version).max(1e-9)),
            target: "< 10 ms".into(),
            verdict: Verdict::of(ms(init) < 10.0, !quick),
        },
        Row {
            figure: format!(
                "process start → first hover answered (median; {with_content}/{runs} with content)"
            ),
            gloss: format!("{:.1} ms", ms(hover)),
            baseline: format!("`gloss --version` {:.1} ms", ms(version)),
            ratio: format!("{:.1}×", ms(hover) / ms(version).max(1e-9)),
            target: "(measured)".into(),
            verdict: Verdict::Unjudged,
        },
    ]
}
