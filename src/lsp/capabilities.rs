//! What the client can do (from `initialize`) and what the server offers.
//!
//! Owns the capability flags read once at `initialize` and the server's
//! capabilities. Keeps no state and no feature logic.

use std::path::PathBuf;

use tower_lsp_server::ls_types::*;

use super::convert::EditSupport;
use super::state::uri_path;

use crate::analysis::decorations::{TOKEN_MODIFIERS, TOKEN_TYPES};
use crate::text::position::Encoding;

/// What the client said it can do (from `initialize`).
#[derive(Debug, Clone, Default)]
pub struct ClientFlags {
    pub markdown_hover: bool,
    pub pull_diagnostics: bool,
    pub diagnostic_refresh: bool,
    pub work_done_progress: bool,
    pub document_changes: bool,
    pub create_files: bool,
    pub watch_dynamic: bool,
    pub configuration: bool,
    pub semantic_refresh: bool,
    pub inlay_refresh: bool,
    pub code_lens_refresh: bool,
}

impl ClientFlags {
    pub fn from_capabilities(caps: &ClientCapabilities) -> ClientFlags {
        let td = caps.text_document.as_ref();
        let ws = caps.workspace.as_ref();
        ClientFlags {
            markdown_hover: td
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .and_then(|f| f.first())
                .is_none_or(|f| *f == MarkupKind::Markdown),
            pull_diagnostics: td.and_then(|t| t.diagnostic.as_ref()).is_some(),
            diagnostic_refresh: ws
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            work_done_progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            document_changes: ws
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            create_files: ws
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
            watch_dynamic: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
            semantic_refresh: ws
                .and_then(|w| w.semantic_tokens.as_ref())
                .and_then(|s| s.refresh_support)
                .unwrap_or(false),
            inlay_refresh: ws
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|s| s.refresh_support)
                .unwrap_or(false),
            code_lens_refresh: ws
                .and_then(|w| w.code_lens.as_ref())
                .and_then(|s| s.refresh_support)
                .unwrap_or(false),
        }
    }
}

impl ClientFlags {
    /// What the client can apply in workspace edits.
    pub fn edit_support(&self) -> EditSupport {
        EditSupport {
            document_changes: self.document_changes,
            create_files: self.create_files,
        }
    }
}

/// The workspace folders, else the (deprecated) root URI.
#[allow(deprecated)]
pub fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let folders = params.workspace_folders.iter().flatten();
    let roots: Vec<PathBuf> = folders.filter_map(|f| uri_path(&f.uri)).collect();
    if roots.is_empty() {
        return params
            .root_uri
            .as_ref()
            .and_then(uri_path)
            .into_iter()
            .collect();
    }
    roots
}

/// The answer to `initialize`.
pub fn initialize_result(enc: Encoding, pull: bool) -> InitializeResult {
    InitializeResult {
        capabilities: server_capabilities(enc, pull),
        server_info: Some(ServerInfo {
            name: "gloss".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
        offset_encoding: None,
    }
}

/// UTF-8 when the client offers it, else UTF-16 (the LSP default).
pub fn encoding(caps: &ClientCapabilities) -> Encoding {
    let utf8 = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|encs| encs.contains(&PositionEncodingKind::UTF8));
    if utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

/// Everything the server offers (pull diagnostics only to clients that pull).
pub fn server_capabilities(enc: Encoding, pull: bool) -> ServerCapabilities {
    let utf8 = enc == Encoding::Utf8;
    ServerCapabilities {
        position_encoding: Some(if utf8 {
            PositionEncodingKind::UTF8
        } else {
            PositionEncodingKind::UTF16
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".to_string(), "'".to_string()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::REFACTOR]),
            ..CodeActionOptions::default()
        })),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: SemanticTokensLegend {
                    token_types: TOKEN_TYPES
                        .iter()
                        .map(|t| SemanticTokenType::new(t))
                        .collect(),
                    token_modifiers: TOKEN_MODIFIERS
                        .iter()
                        .map(|t| SemanticTokenModifier::new(t))
                        .collect(),
                },
                range: Some(true),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                ..SemanticTokensOptions::default()
            },
        )),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        diagnostic_provider: pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("gloss".to_string()),
                inter_file_dependencies: true,
                workspace_diagnostics: true,
                ..DiagnosticOptions::default()
            })
        }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}
