//! The LSP adapter (tower-lsp-server over stdio). All `ls_types` stay in here.
//!
//! - `server`: the handlers (settle, look up, call the core, convert);
//! - `worker`: the single writer, applying queued changes to the workspace and publishing;
//! - `state`: the shared workspace lock and protocol state, the queue's jobs;
//! - `capabilities`: what the client can do and what the server offers;
//! - `lookup`: the document or glossary buffer a request points at;
//! - `convert`: core types ↔ LSP types;
//! - `status`: the custom request `gloss/status` (version, glossary files, errors).

mod capabilities;
mod convert;
mod lookup;
mod server;
mod state;
mod status;
mod worker;

use tower_lsp_server::{LspService, Server};

/// Serves LSP on stdin/stdout until the client exits.
pub async fn serve_stdio() {
    let (service, socket) = LspService::build(server::Backend::new)
        .custom_method(status::METHOD, server::Backend::status)
        .finish();
    Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
        .serve(service)
        .await;
}
