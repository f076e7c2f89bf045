//! The LSP adapter (tower-lsp-server over stdio). All `ls_types` stay in here.

mod convert;
mod server;
mod state;
mod worker;

use tower_lsp_server::{LspService, Server};

/// Serves LSP on stdin/stdout until the client exits.
pub async fn serve_stdio() {
    let (service, socket) = LspService::new(server::Backend::new);
    Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
        .serve(service)
        .await;
}
