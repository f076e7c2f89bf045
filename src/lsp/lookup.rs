//! What a request points at: an open document or glossary buffer, and the
//! byte offset of an LSP position in it (a position past the end is an
//! `InvalidParams` error; an unknown document is `None`).
//!
//! Owns only these look-ups; features are called by the handlers.

use std::path::PathBuf;

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{Location, Position, Uri};

use super::convert;
use super::state::uri_path;
use crate::analysis::navigate::entry_at_in_glossary;
use crate::glossary::EntryId;
use crate::index::document::Document;
use crate::text::position::Encoding;
use crate::workspace::{GlossaryText, Workspace};

pub fn invalid_params(msg: impl std::fmt::Display) -> Error {
    Error::invalid_params(msg.to_string())
}

/// An open document and the byte offset of `pos` in it.
pub fn doc_at<'a>(
    ws: &'a Workspace,
    uri: &Uri,
    pos: Position,
    enc: Encoding,
) -> Result<Option<(&'a Document, usize)>> {
    let Some(doc) = ws.document(uri.as_str()) else {
        return Ok(None);
    };
    let offset = convert::offset(&doc.rope, pos, enc).map_err(invalid_params)?;
    Ok(Some((doc, offset)))
}

/// A glossary file open in the editor: its path, buffer and the byte offset of `pos`.
pub fn glossary_at<'a>(
    ws: &'a Workspace,
    uri: &Uri,
    pos: Position,
    enc: Encoding,
) -> Result<Option<(PathBuf, &'a GlossaryText, usize)>> {
    let Some(path) = uri_path(uri) else {
        return Ok(None);
    };
    let Some(buffer) = ws.glossary_buffer(&path) else {
        return Ok(None);
    };
    let offset = convert::offset(buffer.rope(), pos, enc).map_err(invalid_params)?;
    Ok(Some((path, buffer, offset)))
}

/// The entry under the cursor in an open glossary buffer.
pub fn entry_in_glossary(
    ws: &Workspace,
    uri: &Uri,
    pos: Position,
    enc: Encoding,
) -> Result<Option<EntryId>> {
    Ok(glossary_at(ws, uri, pos, enc)?
        .and_then(|(path, _, offset)| entry_at_in_glossary(ws.glossary(), &path, offset)))
}

/// Where entry `id` is written.
pub fn entry_location(ws: &Workspace, id: EntryId, enc: Encoding) -> Option<Location> {
    convert::entry_location(&ws.entry_location(id)?, enc)
}
