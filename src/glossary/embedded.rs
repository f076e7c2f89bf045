//! The default glossary compiled into the binary (`glossary/default/*.toml`).
//!
//! Owns access to the embedded files and writing a read-only copy under the
//! user's cache directory, so go-to-definition has a real file to open.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::{Format, LoadedFile, SourceFile, load};

include!(concat!(env!("OUT_DIR"), "/embedded_glossary.rs"));

/// The embedded files, parsed once, in parallel (27 files: each core takes
/// the next unparsed one). A parse failure here is a bug caught by tests.
pub fn files() -> &'static [LoadedFile] {
    use rayon::prelude::*;
    static PARSED: OnceLock<Vec<LoadedFile>> = OnceLock::new();
    PARSED.get_or_init(|| {
        FILES
            .par_iter()
            .with_max_len(1)
            .filter_map(|(name, text)| {
                let source_name = format!("embedded:{name}");
                let parsed = load::parse(&source_name, text, Format::Toml).ok()?;
                Some(LoadedFile {
                    source: SourceFile {
                        name: source_name,
                        path: None,
                        embedded: true,
                        text: Arc::from(*text),
                        as_of: None,
                    },
                    parsed,
                })
            })
            .collect()
    })
}

/// Where the read-only copy of the embedded glossary goes.
pub fn cache_dir() -> PathBuf {
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("gloss")
        .join(format!("default-glossary-{}", env!("CARGO_PKG_VERSION")))
}

/// Writes the embedded files under `dir` (atomically, read-only: see
/// [`crate::fsutil::atomic_write_read_only`])
/// and returns the path of `name` there. Existing identical files are kept.
pub fn materialize(dir: &Path, name: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let mut wanted = None;
    for (file, text) in FILES {
        let path = dir.join(file);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(*text) {
            crate::fsutil::atomic_write_read_only(&path, text.as_bytes())?;
        }
        if *file == name {
            wanted = Some(path);
        }
    }
    wanted.ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, name.to_string()))
}
