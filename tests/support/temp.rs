//! Temporary workspaces on disk: a unique folder per test (`tempfile`),
//! removed when the value is dropped, with a helper to write files into it.

use std::path::{Path, PathBuf};

pub struct TempWorkspace {
    dir: tempfile::TempDir,
    /// The canonical path of `dir` (file URIs the server sends back use it).
    root: PathBuf,
}

impl TempWorkspace {
    pub fn new() -> TempWorkspace {
        let dir = tempfile::Builder::new()
            .prefix("gloss-test-")
            .tempdir()
            .expect("create a temporary folder");
        let root = dir.path().canonicalize().expect("canonical temp dir");
        TempWorkspace { dir, root }
    }

    pub fn path(&self) -> &Path {
        &self.root
    }

    /// Writes `contents` to `rel` (creating folders); returns the full path.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, contents).expect("write");
        path
    }
}
