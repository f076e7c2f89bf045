//! Our stdio transport in front of tower-lsp-server: reads and checks
//! `Content-Length` frames, answers what is not a JSON-RPC message with a
//! JSON-RPC error instead of ending the server, hands valid messages to the
//! tower-lsp-server service, catches a handler's panic, and writes every
//! outgoing message through one writer.
//!
//! - [`Decoder`] (pure, no I/O): bytes in, [`Event`]s out. Headers are
//!   case-insensitive; unknown ones are logged and ignored; a frame without a
//!   valid `Content-Length` is skipped up to the next `Content-Length:`
//!   header; a body over the size limit is skipped as it arrives (never
//!   buffered) and answered with Invalid Request. [`decode_all`] runs it over
//!   a whole byte string (the fuzz target `jsonrpc_framing` calls it).
//! - [`parse_message`]: one body → a request, a response, or the JSON-RPC
//!   error to answer: Parse error (-32700, id null) for a body that is not
//!   UTF-8 JSON; Invalid Request (-32600, with the id when one is readable)
//!   for a value that is not an object, a batch array, a missing
//!   `"jsonrpc": "2.0"` or a `method` that is not a string.
//! - [`serve`]: a reader thread (stdin → decoder), the dispatcher (this
//!   async task: requests to the service, in arrival order), one writer
//!   thread (stdout, whole frames only).
//!
//! Must not touch the workspace or know any LSP method beyond `shutdown`
//! and `exit` (for the exit status).

use std::any::Any;
use std::borrow::Cow;
use std::collections::HashSet;
use std::io::{Read, Write};
use std::panic::AssertUnwindSafe;
use std::sync::mpsc as std_mpsc;
use std::task::Poll;
use std::time::Duration;

use futures::{FutureExt, SinkExt, StreamExt};
use serde_json::Value;
use tower_lsp_server::ClientSocket;
use tower_lsp_server::ExitedError;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};
use tower_service::Service;
use tracing::{debug, error, warn};

use crate::lsp::prewritten;

/// The largest message body accepted: 256 MiB. A 100 MB document opened
/// with `didOpen` is about 100–110 MB of JSON and passes; a larger body is
/// skipped without being kept in memory and answered with Invalid Request
/// (id null: its id is inside the skipped body).
pub const DEFAULT_MAX_MESSAGE_BYTES: usize = 256 * 1024 * 1024;

/// `GLOSS_MAX_MESSAGE_BYTES`: overrides [`DEFAULT_MAX_MESSAGE_BYTES`] (tests
/// use a small limit to send an oversized message cheaply).
pub const MAX_MESSAGE_ENV: &str = "GLOSS_MAX_MESSAGE_BYTES";

/// A header block longer than this without its closing blank line is
/// garbage: skipped up to the next `Content-Length:`.
const MAX_HEADER_BYTES: usize = 64 * 1024;
/// The header block and its closing blank line.
const HEADER_WINDOW: usize = MAX_HEADER_BYTES + 4;

const CONTENT_LENGTH: &[u8] = b"content-length:";

/// How long the writer may take to send what is left once the input ends.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(2);

/// A message from the client that passed the checks.
#[derive(Debug)]
pub enum Incoming {
    /// A request or a notification.
    Request(Request),
    /// The client's answer to one of the server's requests.
    Response(Response),
}

impl Incoming {
    /// The message framed again, as a client would send it.
    pub fn to_frame(&self) -> Option<Vec<u8>> {
        let body = match self {
            Incoming::Request(r) => serde_json::to_vec(r),
            Incoming::Response(r) => serde_json::to_vec(r),
        };
        body.ok().map(|body| frame(&body))
    }

    /// The method (of a request) and the id: what a round trip must keep.
    pub fn method_and_id(&self) -> (Option<&str>, Option<&Id>) {
        match self {
            Incoming::Request(r) => (Some(r.method()), r.id()),
            Incoming::Response(r) => (None, Some(r.id())),
        }
    }
}

/// `body` behind its `Content-Length` header.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.reserve(body.len());
    out.extend_from_slice(body);
    out
}

/// What the decoder found in the input.
#[derive(Debug)]
pub enum Event {
    /// A well-formed JSON-RPC message.
    Message(Incoming),
    /// Not a valid message, and one that asks for an answer: this error.
    Reject { id: Id, error: Error },
    /// Bytes skipped or a message dropped without an answer (framing
    /// garbage, a malformed response, an incomplete frame at the end):
    /// logged only.
    Dropped(String),
}

/// Reads `Content-Length` frames from bytes pushed in any pieces.
pub struct Decoder {
    buf: Vec<u8>,
    state: State,
    max_message_bytes: usize,
    /// Unknown header names already logged (each is logged once).
    unknown_headers: HashSet<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Waiting for a header block ending with a blank line.
    Headers,
    /// Waiting for a body of this many bytes.
    Body(usize),
    /// Discarding this many more bytes of an oversized body.
    Skip(usize),
}

impl Decoder {
    pub fn new(max_message_bytes: usize) -> Decoder {
        Decoder {
            buf: Vec::new(),
            state: State::Headers,
            max_message_bytes,
            unknown_headers: HashSet::new(),
        }
    }

    /// Adds input bytes. Bytes of an oversized body are dropped here.
    pub fn push(&mut self, mut bytes: &[u8]) {
        if let State::Skip(left) = self.state
            && self.buf.is_empty()
        {
            let n = left.min(bytes.len());
            bytes = &bytes[n..];
            self.state = if left == n {
                State::Headers
            } else {
                State::Skip(left - n)
            };
        }
        self.buf.extend_from_slice(bytes);
    }

    /// The next event the bytes pushed so far complete, if any.
    pub fn next_event(&mut self) -> Option<Event> {
        loop {
            match self.state {
                State::Skip(left) => {
                    let n = left.min(self.buf.len());
                    self.buf.drain(..n);
                    if n < left {
                        self.state = State::Skip(left - n);
                        return None;
                    }
                    self.state = State::Headers;
                }
                State::Body(len) => {
                    if self.buf.len() < len {
                        return None;
                    }
                    let body = if self.buf.len() == len {
                        std::mem::take(&mut self.buf)
                    } else {
                        let rest = self.buf.split_off(len);
                        std::mem::replace(&mut self.buf, rest)
                    };
                    self.state = State::Headers;
                    return Some(parse_message(&body));
                }
                State::Headers => {
                    // Blank lines between messages are harmless: dropped silently.
                    let blank = self
                        .buf
                        .iter()
                        .take_while(|b| b.is_ascii_whitespace())
                        .count();
                    self.buf.drain(..blank);
                    if self.buf.is_empty() {
                        return None;
                    }
                    // Only the first 64 KiB are headers: what is decided
                    // never depends on how the input was cut into reads.
                    let window = self.buf.len().min(HEADER_WINDOW);
                    let Some(end) = find(&self.buf[..window], b"\r\n\r\n") else {
                        if self.buf.len() < HEADER_WINDOW {
                            return None;
                        }
                        return Some(self.resync("no blank line ends the headers within 64 KiB"));
                    };
                    match self.headers(end) {
                        Ok(len) => {
                            self.buf.drain(..end + 4);
                            if len > self.max_message_bytes {
                                self.state = State::Skip(len);
                                return Some(Event::Reject {
                                    id: Id::Null,
                                    error: invalid_request(format!(
                                        "a message of {len} bytes is over the limit of {} bytes; skipped",
                                        self.max_message_bytes
                                    )),
                                });
                            }
                            self.buf.reserve(len.saturating_sub(self.buf.len()));
                            self.state = State::Body(len);
                        }
                        Err(reason) => {
                            // Garbage before a header (the tail of a body
                            // whose Content-Length was too short, stray
                            // bytes): skip to the next Content-Length.
                            if end > 1
                                && find_ignore_case(&self.buf[1..end], CONTENT_LENGTH).is_some()
                            {
                                return Some(self.resync(&reason));
                            }
                            self.buf.drain(..end + 4);
                            return Some(Event::Dropped(format!(
                                "skipped a header block: {reason}"
                            )));
                        }
                    }
                }
            }
        }
    }

    /// At the end of the input: what was left incomplete, if anything.
    pub fn finish(&mut self) -> Option<Event> {
        let left = std::mem::take(&mut self.buf);
        let what = match self.state {
            State::Headers if left.iter().all(u8::is_ascii_whitespace) => return None,
            State::Headers => format!("{} bytes of incomplete headers", left.len()),
            State::Body(len) => format!("a body of {} bytes out of {len}", left.len()),
            State::Skip(_) => return None,
        };
        self.state = State::Headers;
        Some(Event::Dropped(format!(
            "the input ended inside a message: {what}"
        )))
    }

    /// Skips the bytes before the next `Content-Length:` after the first
    /// byte (or all but a possible partial one at the end).
    fn resync(&mut self, reason: &str) -> Event {
        let window = self.buf.len().min(HEADER_WINDOW);
        let after_first = self.buf.get(1..window).unwrap_or_default();
        let skip = match find_ignore_case(after_first, CONTENT_LENGTH) {
            Some(at) => at + 1,
            // Keep what may be the start of a Content-Length cut by the window.
            None => window.saturating_sub(CONTENT_LENGTH.len() - 1),
        };
        let skip = skip.max(1);
        self.buf.drain(..skip);
        Event::Dropped(format!(
            "skipped {skip} bytes up to the next Content-Length header: {reason}"
        ))
    }

    /// The Content-Length of the header block `buf[..end]`.
    fn headers(&mut self, end: usize) -> Result<usize, String> {
        let block = &self.buf[..end];
        let mut length: Option<usize> = None;
        let mut unknown = Vec::new();
        for line in block.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let shown = excerpt(line);
            let Some(colon) = line.iter().position(|&b| b == b':') else {
                return Err(format!("{shown:?} is not a header (no colon)"));
            };
            let name = &line[..colon];
            if name.is_empty() || !name.iter().all(|&b| is_token(b)) {
                return Err(format!("{shown:?} is not a header (bad name)"));
            }
            let value = String::from_utf8_lossy(&line[colon + 1..]);
            let value = value.trim();
            let name = String::from_utf8_lossy(name).to_ascii_lowercase();
            match name.as_str() {
                "content-length" => {
                    let n = value.parse::<usize>().map_err(|_| {
                        format!("Content-Length {value:?} is not a number of bytes")
                    })?;
                    if length.is_some_and(|l| l != n) {
                        return Err("two different Content-Length headers".to_string());
                    }
                    length = Some(n);
                }
                "content-type" => {
                    let charset = value.to_ascii_lowercase();
                    if charset.contains("charset")
                        && !charset.contains("utf-8")
                        && !charset.contains("utf8")
                    {
                        warn!("Content-Type {value:?}: bodies are read as UTF-8");
                    }
                }
                _ => unknown.push(name),
            }
        }
        let length = length.ok_or_else(|| "no Content-Length header".to_string())?;
        for name in unknown {
            if self.unknown_headers.insert(name.clone()) {
                warn!("ignoring the unknown header {name:?}");
            } else {
                debug!("ignoring the unknown header {name:?}");
            }
        }
        Ok(length)
    }
}

/// At most 60 characters of `bytes`, for the log.
fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.into_owned(),
    }
}

/// RFC 9110 token characters (header names).
fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `needle` is lowercase ASCII.
fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Every event of `bytes` read as a whole input (for the fuzz target and
/// unit tests).
pub fn decode_all(bytes: &[u8], max_message_bytes: usize) -> Vec<Event> {
    let mut decoder = Decoder::new(max_message_bytes);
    decoder.push(bytes);
    let mut out = Vec::new();
    while let Some(event) = decoder.next_event() {
        out.push(event);
    }
    out.extend(decoder.finish());
    out
}

fn error(code: ErrorCode, message: String) -> Error {
    Error {
        code,
        message: Cow::Owned(message),
        data: None,
    }
}

fn invalid_request(message: String) -> Error {
    error(ErrorCode::InvalidRequest, message)
}

/// One message body → a message, or the error to answer.
pub fn parse_message(body: &[u8]) -> Event {
    let parse_error = |message| Event::Reject {
        id: Id::Null,
        error: error(ErrorCode::ParseError, message),
    };
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(e) => {
            return parse_error(format!(
                "the body is not UTF-8 (byte {} of {})",
                e.valid_up_to(),
                body.len()
            ));
        }
    };
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return parse_error(format!("the body is not JSON: {e}")),
    };
    let reject = |id: Id, message: &str| Event::Reject {
        id,
        error: invalid_request(message.to_string()),
    };
    let object = match &value {
        Value::Object(o) => o,
        Value::Array(_) => {
            return reject(
                Id::Null,
                "a batch (JSON array) is not part of LSP: send one message per frame",
            );
        }
        _ => return reject(Id::Null, "a message must be a JSON object"),
    };
    let id = match object.get("id") {
        Some(Value::Number(n)) => n.as_i64().map_or(Id::Null, Id::Number),
        Some(Value::String(s)) => Id::String(s.clone()),
        _ => Id::Null,
    };
    let version_ok = object.get("jsonrpc").and_then(Value::as_str) == Some("2.0");
    match object.get("method") {
        Some(Value::String(_)) => {
            if !version_ok {
                return reject(id, "\"jsonrpc\": \"2.0\" is missing");
            }
            match serde_json::from_value::<Request>(value) {
                Ok(request) => Event::Message(Incoming::Request(request)),
                Err(e) => reject(Id::Null, &format!("not a JSON-RPC request: {e}")),
            }
        }
        Some(_) => reject(id, "\"method\" must be a string"),
        None if object.contains_key("id")
            && (object.contains_key("result") || object.contains_key("error")) =>
        {
            // A response is never answered, even a malformed one.
            if !version_ok {
                return Event::Dropped(format!(
                    "dropped a response to {id} without \"jsonrpc\": \"2.0\""
                ));
            }
            match serde_json::from_value::<Response>(value) {
                Ok(response) => Event::Message(Incoming::Response(response)),
                Err(e) => Event::Dropped(format!("dropped a malformed response to {id}: {e}")),
            }
        }
        None => reject(
            id,
            "neither a request (no \"method\") nor a response (no \"result\" or \"error\")",
        ),
    }
}

/// How the session ended, for the exit status.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Ending {
    /// A `shutdown` request arrived.
    pub shutdown_requested: bool,
    /// The `exit` notification arrived (else: the input ended).
    pub exit_received: bool,
}

impl Ending {
    /// 0 after `shutdown` then `exit`; 1 after `exit` without `shutdown`
    /// (LSP), and 1 when the input ends without `exit` (the client died).
    pub fn exit_code(self) -> u8 {
        if self.exit_received && self.shutdown_requested {
            0
        } else {
            1
        }
    }
}

/// The message size limit: [`MAX_MESSAGE_ENV`] or the default.
pub fn max_message_bytes() -> usize {
    std::env::var(MAX_MESSAGE_ENV)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(DEFAULT_MAX_MESSAGE_BYTES)
}

/// Serves `service` on `input`/`output` until `exit` or the end of the input.
pub async fn serve<S>(
    input: impl Read + Send + 'static,
    output: impl Write + Send + 'static,
    mut service: S,
    socket: ClientSocket,
    max_message_bytes: usize,
) -> Ending
where
    S: Service<Request, Response = Option<Response>, Error = ExitedError>,
    S::Future: Send + 'static,
{
    let (out, to_write) = std_mpsc::channel::<Vec<u8>>();
    let (written_tx, written) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        write_frames(output, &to_write);
        let _ = written_tx.send(());
    });
    let (events_tx, mut events) = tokio::sync::mpsc::channel::<Event>(64);
    std::thread::spawn(move || read_frames(input, Decoder::new(max_message_bytes), &events_tx));

    let (mut server_requests, mut client_responses) = socket.split();
    let forward = out.clone();
    let forwarding = tokio::spawn(async move {
        while let Some(request) = server_requests.next().await {
            send(&forward, &request);
        }
    });

    let mut ending = Ending::default();
    while let Some(event) = events.recv().await {
        match event {
            Event::Message(Incoming::Request(request)) => {
                let method = request.method().to_string();
                let id = request.id().cloned();
                if std::future::poll_fn(|cx| service.poll_ready(cx))
                    .await
                    .is_err()
                {
                    break;
                }
                ending.shutdown_requested |= method == "shutdown";
                let exit = method == "exit";
                match std::panic::catch_unwind(AssertUnwindSafe(|| service.call(request))) {
                    Ok(future) => dispatch(future, method, id, out.clone()).await,
                    Err(panic) => answer_panic(&out, &method, id, &*panic),
                }
                if exit {
                    ending.exit_received = true;
                    break;
                }
            }
            Event::Message(Incoming::Response(response)) => {
                if let Err(e) = client_responses.send(response).await {
                    warn!("dropped a response from the client: {e}");
                }
            }
            Event::Reject { id, error } => {
                warn!("answered {} to id {id}: {}", error.code, error.message);
                send(&out, &Response::from_error(id, error));
            }
            Event::Dropped(reason) => warn!("{reason}"),
        }
    }
    if !ending.exit_received {
        warn!("the input ended without an `exit` notification");
    }
    forwarding.abort();
    // The writer ends once every sender is gone (handlers still running
    // hold one); what is queued by then is written, within a bound.
    drop(out);
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, written).await;
    ending
}

/// Polls a handler's future once here, so handlers start in arrival order
/// (the server queues state changes on the first poll), then lets the rest
/// run as its own task. A panic anywhere in it becomes an InternalError.
async fn dispatch<F>(future: F, method: String, id: Option<Id>, out: std_mpsc::Sender<Vec<u8>>)
where
    F: Future<Output = Result<Option<Response>, ExitedError>> + Send + 'static,
{
    let slot = prewritten::Slot::default();
    let answer = slot.clone();
    let mut future = Box::pin(prewritten::scope(
        slot,
        AssertUnwindSafe(future).catch_unwind(),
    ));
    let finish = move |result: std::thread::Result<Result<Option<Response>, ExitedError>>| {
        match result {
            Ok(Ok(Some(response))) => {
                // A large answer the handler wrote itself (see `prewritten`).
                match answer
                    .take()
                    .and_then(|bytes| prewritten::response_with(&response, &bytes))
                {
                    Some(body) => {
                        let _ = out.send(body);
                    }
                    None => send(&out, &response),
                }
            }
            // tower-lsp-server answers nothing to an unknown `$/` request or
            // a notification sent with an id; a request is always answered.
            Ok(Ok(None)) => {
                if let Some(id) = id {
                    let error = if method.starts_with("$/") {
                        error(
                            ErrorCode::MethodNotFound,
                            format!("{method} is not a request this server answers"),
                        )
                    } else {
                        invalid_request(format!("{method} is a notification: it takes no id"))
                    };
                    send(&out, &Response::from_error(id, error));
                }
            }
            Ok(Err(_)) => {}
            Err(panic) => answer_panic(&out, &method, id, &*panic),
        }
    };
    match futures::poll!(&mut future) {
        Poll::Ready(result) => finish(result),
        Poll::Pending => {
            tokio::spawn(async move { finish(future.await) });
        }
    }
}

fn answer_panic(
    out: &std_mpsc::Sender<Vec<u8>>,
    method: &str,
    id: Option<Id>,
    panic: &(dyn Any + Send),
) {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_string());
    error!("the handler of {method} panicked ({what}); the server goes on");
    if let Some(id) = id {
        let message =
            format!("internal error: the handler of {method} failed (see the server log)");
        send(
            out,
            &Response::from_error(id, error(ErrorCode::InternalError, message)),
        );
    }
}

/// Queues one message for the writer.
fn send(out: &std_mpsc::Sender<Vec<u8>>, message: &impl serde::Serialize) {
    match serde_json::to_vec(message) {
        Ok(body) => {
            let _ = out.send(body);
        }
        Err(e) => error!("could not encode an outgoing message: {e}"),
    }
}

/// The one writer: whole frames, in queue order, flushed when the queue is empty.
fn write_frames(output: impl Write, queue: &std_mpsc::Receiver<Vec<u8>>) {
    fn write_frame(output: &mut impl Write, body: &[u8]) -> std::io::Result<()> {
        write!(output, "Content-Length: {}\r\n\r\n", body.len())?;
        output.write_all(body)
    }
    let mut output = std::io::BufWriter::with_capacity(64 * 1024, output);
    while let Ok(body) = queue.recv() {
        let mut result = write_frame(&mut output, &body);
        while result.is_ok()
            && let Ok(body) = queue.try_recv()
        {
            result = write_frame(&mut output, &body);
        }
        if let Err(e) = result.and_then(|()| output.flush()) {
            error!("cannot write to the client: {e}");
            return;
        }
    }
}

/// The reader thread: input → decoder → events, until the end of the input
/// or until nobody listens.
fn read_frames(
    mut input: impl Read,
    mut decoder: Decoder,
    events: &tokio::sync::mpsc::Sender<Event>,
) {
    let mut chunk = vec![0u8; 256 * 1024];
    loop {
        let n = match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                error!("cannot read from the client: {e}");
                break;
            }
        };
        decoder.push(&chunk[..n]);
        while let Some(event) = decoder.next_event() {
            if events.blocking_send(event).is_err() {
                return;
            }
        }
    }
    if let Some(event) = decoder.finish() {
        let _ = events.blocking_send(event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(id: i64) -> Vec<u8> {
        frame(
            format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/hover","params":{{}}}}"#)
                .as_bytes(),
        )
    }

    fn summary(events: &[Event]) -> Vec<String> {
        events
            .iter()
            .map(|e| match e {
                Event::Message(m) => format!("message {:?}", m.method_and_id()),
                Event::Reject { id, error } => format!("reject {id} {}", error.code),
                Event::Dropped(_) => "dropped".to_string(),
            })
            .collect()
    }

    /// Inputs that mix good frames, garbage and bad headers.
    fn tricky_inputs() -> Vec<Vec<u8>> {
        let mut inputs = Vec::new();
        let mut a = request(1);
        a.extend(b"Content-Length: 10\r\n\r\n");
        a.extend(&request(2)[22..]);
        a.extend(request(3));
        inputs.push(a);
        let mut b = b"garbage\r\n\r\n".to_vec();
        b.extend(b"content-LENGTH: abc\r\n\r\n{}");
        b.extend(request(4));
        b.extend(b"\r\n\r\n");
        b.extend(frame(b"[1]"));
        b.extend(frame(b"\xff"));
        b.extend(request(5));
        inputs.push(b);
        let mut c = vec![b'x'; 70_000];
        c.extend(request(6));
        inputs.push(c);
        let mut d = b"Content-Length: 500\r\n\r\n".to_vec();
        d.extend(vec![b' '; 500]);
        d.extend(request(7));
        d.extend(b"Content-Length: 9");
        inputs.push(d);
        inputs
    }

    #[test]
    fn good_frames_survive_garbage_around_them() {
        let [a, b, c, d]: [Vec<u8>; 4] = tricky_inputs().try_into().expect("four inputs");
        assert_eq!(
            summary(&decode_all(&a, DEFAULT_MAX_MESSAGE_BYTES)),
            [
                "message (Some(\"textDocument/hover\"), Some(Number(1)))",
                "reject null -32700",
                "dropped",
                "message (Some(\"textDocument/hover\"), Some(Number(3)))"
            ]
        );
        assert_eq!(
            summary(&decode_all(&b, DEFAULT_MAX_MESSAGE_BYTES)),
            [
                "dropped",
                "dropped",
                "dropped",
                "message (Some(\"textDocument/hover\"), Some(Number(4)))",
                "reject null -32600",
                "reject null -32700",
                "message (Some(\"textDocument/hover\"), Some(Number(5)))"
            ]
        );
        assert_eq!(
            summary(&decode_all(&c, DEFAULT_MAX_MESSAGE_BYTES)),
            [
                "dropped",
                "dropped",
                "message (Some(\"textDocument/hover\"), Some(Number(6)))"
            ]
        );
        // Over the limit: answered, skipped, and the next frame is read.
        assert_eq!(
            summary(&decode_all(&d, 100)),
            [
                "reject null -32600",
                "message (Some(\"textDocument/hover\"), Some(Number(7)))",
                "dropped"
            ]
        );
    }

    #[test]
    fn events_do_not_depend_on_how_the_input_is_cut() {
        for input in tricky_inputs() {
            for max in [100, DEFAULT_MAX_MESSAGE_BYTES] {
                let whole = format!("{:?}", decode_all(&input, max));
                let step = (input.len() / 300).max(1);
                for cut in (0..=input.len()).step_by(step) {
                    let mut decoder = Decoder::new(max);
                    let mut events = Vec::new();
                    for part in [&input[..cut], &input[cut..]] {
                        decoder.push(part);
                        events.extend(std::iter::from_fn(|| decoder.next_event()));
                    }
                    events.extend(decoder.finish());
                    assert_eq!(whole, format!("{events:?}"), "cut at {cut}");
                }
            }
        }
    }

    #[test]
    fn ids_are_kept_when_readable() {
        let reject_id = |body: &str| match parse_message(body.as_bytes()) {
            Event::Reject { id, .. } => id,
            other => panic!("{other:?}"),
        };
        assert_eq!(reject_id(r#"{"id":7,"method":"x"}"#), Id::Number(7));
        assert_eq!(
            reject_id(r#"{"jsonrpc":"2.0","id":"a","method":[]}"#),
            Id::String("a".into())
        );
        assert_eq!(
            reject_id(r#"{"jsonrpc":"2.0","id":true,"method":"x"}"#),
            Id::Null
        );
        assert_eq!(
            reject_id(r#"{"jsonrpc":"2.0","id":18446744073709551615,"method":"x"}"#),
            Id::Null
        );
    }

    #[test]
    fn exit_status_needs_shutdown_then_exit() {
        let ending = |shutdown_requested, exit_received| {
            Ending {
                shutdown_requested,
                exit_received,
            }
            .exit_code()
        };
        assert_eq!(ending(true, true), 0);
        assert_eq!(ending(false, true), 1);
        assert_eq!(ending(true, false), 1);
        assert_eq!(ending(false, false), 1);
    }
}
