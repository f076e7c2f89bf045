//! Large answers written to JSON straight from their typed values.
//!
//! tower-lsp-server turns every handler's result into a `serde_json::Value`
//! tree (one map per object, built, written, then freed) before the
//! transport writes it: for the 4,943 locations of `references` on "United
//! States" over the speeches that takes about 26 ms, where writing the typed
//! values takes 1.5 ms. So a handler with a large answer hands it to
//! [`offer`]: inside a request that [`crate::lsp::transport`] dispatched
//! through [`scope`], the answer is written to bytes into that request's
//! [`Slot`] and the handler returns a placeholder (an empty result) to
//! tower-lsp-server; the transport then writes tower-lsp-server's response
//! with these bytes as its `result` ([`response_with`]). Outside such a
//! request (no slot: unit tests calling a handler directly), `offer` gives
//! the value back and nothing changes.
//!
//! Owns: the per-request slot and the response bytes. Must not: change what
//! is answered (an error response from tower-lsp-server, e.g. a cancelled or
//! refused request, is written as it is and the slot ignored).

use std::future::Future;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tower_lsp_server::jsonrpc::Response;

/// Where a handler leaves its answer, already written as JSON.
#[derive(Clone, Default)]
pub struct Slot(Arc<Mutex<Option<Vec<u8>>>>);

impl Slot {
    fn put(&self, bytes: Vec<u8>) -> bool {
        match self.0.lock() {
            Ok(mut slot) => {
                *slot = Some(bytes);
                true
            }
            Err(_) => false,
        }
    }

    /// The answer a handler left, if any (once).
    pub fn take(&self) -> Option<Vec<u8>> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}

tokio::task_local! {
    static SLOT: Slot;
}

/// Runs a request's handler with `slot` as the place for its answer.
pub fn scope<F: Future>(slot: Slot, future: F) -> impl Future<Output = F::Output> {
    SLOT.scope(slot, future)
}

/// Writes `value` as this request's answer if the request has a slot, and
/// returns `None` (the handler then answers `placeholder`); else gives the
/// value back.
pub fn offer<T: Serialize>(value: T) -> Option<T> {
    if write(&value) { None } else { Some(value) }
}

/// Writes `value` as this request's answer if the request has a slot; false
/// when there is none (the handler then answers the value itself). For a
/// handler that writes a JSON view of its answer (with parts already
/// written, see `serde_json::value::RawValue`) rather than the typed answer.
pub fn write<T: Serialize + ?Sized>(value: &T) -> bool {
    let Ok(slot) = SLOT.try_with(Slot::clone) else {
        return false;
    };
    serde_json::to_vec(value).is_ok_and(|bytes| slot.put(bytes))
}

/// tower-lsp-server's `response` with `result` (JSON) as its result, if the
/// response is a success; `None` for an error response, to be written as it is.
pub fn response_with(response: &Response, result: &[u8]) -> Option<Vec<u8>> {
    if !response.is_ok() {
        return None;
    }
    let id = serde_json::to_vec(response.id()).ok()?;
    let mut body = Vec::with_capacity(result.len() + id.len() + 40);
    body.extend_from_slice(br#"{"jsonrpc":"2.0","result":"#);
    body.extend_from_slice(result);
    body.extend_from_slice(br#","id":"#);
    body.extend_from_slice(&id);
    body.push(b'}');
    Some(body)
}

/// The id tower-lsp-server answers with, for tests.
#[cfg(test)]
fn id_of(body: &[u8]) -> Option<tower_lsp_server::jsonrpc::Id> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    serde_json::from_value(value.get("id")?.clone()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::jsonrpc::{Error, Id};

    #[test]
    fn outside_a_request_the_value_comes_back() {
        assert_eq!(offer(vec![1, 2, 3]), Some(vec![1, 2, 3]));
        assert!(!write(&[1, 2, 3]), "no slot: nothing written");
    }

    #[tokio::test]
    async fn inside_a_request_the_answer_is_written_once_and_spliced_into_the_response() {
        let slot = Slot::default();
        let answered = scope(slot.clone(), async {
            offer(vec!["é", "中文"]).unwrap_or_default()
        })
        .await;
        assert!(
            answered.is_empty(),
            "the placeholder goes to tower-lsp-server"
        );
        let bytes = slot.take().expect("written");
        assert!(slot.take().is_none(), "taken once");
        let response = Response::from_ok(Id::Number(7), serde_json::json!([]));
        let body = response_with(&response, &bytes).expect("a success");
        let parsed: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
        assert_eq!(
            parsed,
            serde_json::json!({"jsonrpc": "2.0", "result": ["é", "中文"], "id": 7})
        );
        assert_eq!(id_of(&body), Some(Id::Number(7)));
        let refused = Response::from_error(Id::String("a".into()), Error::request_cancelled());
        assert_eq!(response_with(&refused, &bytes), None);
    }
}
