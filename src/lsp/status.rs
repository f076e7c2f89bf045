//! The custom request `gloss/status` (no params): the server's version and
//! the glossary files it has loaded, with entry counts and errors, for
//! editors' health checks (`:checkhealth gloss`).
//!
//! Result: `{version, glossaries: [{path, entries, embedded, error?}],
//! lastGlossaryError?}`. The data comes from
//! [`crate::workspace::Workspace::glossary_status`]; this module only adds
//! the version and waits until the changes sent before the request are
//! applied. Must not compute anything about glossaries itself.

use serde::Serialize;
use tower_lsp_server::jsonrpc::Result;

use super::server::Backend;
use crate::workspace::status::GlossaryStatus;

/// The method name clients send.
pub const METHOD: &str = "gloss/status";

/// The result of `gloss/status`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    /// The server's version (`gloss --version` prints the same).
    pub version: &'static str,
    #[serde(flatten)]
    pub glossary: GlossaryStatus,
}

impl Backend {
    /// Handles `gloss/status`.
    pub async fn status(&self) -> Result<Status> {
        let glossary = self.read(|ws, _| ws.glossary_status()).await;
        Ok(Status {
            version: env!("CARGO_PKG_VERSION"),
            glossary,
        })
    }
}
