//! The LSP adapter (tower-lsp-server over stdio). All `ls_types` stay in here.
//!
//! - `transport`: our stdio framing in front of the service (malformed input
//!   is answered, not fatal; one writer; a handler's panic is caught);
//! - `server`: the handlers (settle, look up, call the core, convert);
//! - `worker`: the single writer, applying queued changes to the workspace and publishing;
//! - `state`: the shared workspace lock and protocol state, the queue's jobs;
//! - `capabilities`: what the client can do and what the server offers;
//! - `lookup`: the document or glossary buffer a request points at;
//! - `convert`: core types ↔ LSP types;
//! - `reports`: pulled diagnostic reports (result ids, unchanged or full);
//! - `prewritten`: large answers written to JSON from their typed values,
//!   not through tower-lsp-server's `serde_json::Value` tree;
//! - `status`: the custom request `gloss/status` (version, glossary files, errors).

mod capabilities;
mod convert;
mod lookup;
mod prewritten;
mod reports;
mod server;
mod state;
mod status;
pub mod transport;
mod worker;

use tower_lsp_server::LspService;

/// Serves LSP on stdin/stdout until `exit` or the end of the input; says
/// how the session ended (for the exit status).
pub async fn serve_stdio() -> transport::Ending {
    let (service, socket) = LspService::build(server::Backend::new)
        .custom_method(status::METHOD, server::Backend::status)
        .custom_method(server::DEBUG_PANIC_METHOD, server::Backend::debug_panic)
        .finish();
    transport::serve(
        std::io::stdin(),
        std::io::stdout(),
        service,
        socket,
        transport::max_message_bytes(),
    )
    .await
}
