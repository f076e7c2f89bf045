//! Finding the documents of a workspace on disk.
//!
//! Owns the rules for which files are documents: under a root, matching the
//! `include` globs and not the `exclude` globs of `gloss.toml`, not ignored by
//! `.gitignore`/`.ignore`, not hidden, and at most `max_file_size` bytes. Reads
//! no file contents (see [`read_document`] for the checks on contents).

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::config::Config;

fn globset(patterns: &[String]) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        if let Ok(g) = Glob::new(p) {
            b.add(g);
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}

/// A file that was not taken, and why (for one log line each).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// The documents under `roots` (sorted), and the files skipped for their size.
pub fn documents(roots: &[PathBuf], config: &Config) -> (Vec<PathBuf>, Vec<Skipped>) {
    let include = globset(&config.include);
    let exclude = globset(&config.exclude);
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    for root in roots {
        let walker = ignore::WalkBuilder::new(root)
            .hidden(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .require_git(false)
            .ignore(true)
            .build();
        for entry in walker.filter_map(Result::ok) {
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.path();
            let Ok(rel) = path.strip_prefix(root) else {
                continue;
            };
            if !include.is_match(rel)
                || exclude.is_match(rel)
                || rel
                    .ancestors()
                    .any(|a| exclude.is_match(a) && a != Path::new(""))
            {
                continue;
            }
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            if size > config.max_file_size {
                skipped.push(Skipped {
                    path: path.to_path_buf(),
                    reason: format!(
                        "{size} bytes is over max_file_size ({})",
                        config.max_file_size
                    ),
                });
                continue;
            }
            found.push(path.to_path_buf());
        }
    }
    found.sort();
    found.dedup();
    (found, skipped)
}

/// Whether `path` (under one of `roots`) is a document per `config`'s globs
/// (`.gitignore` is not consulted here; use for single files, e.g. watcher events).
pub fn is_document(roots: &[PathBuf], config: &Config, path: &Path) -> bool {
    let include = globset(&config.include);
    let exclude = globset(&config.exclude);
    roots
        .iter()
        .filter_map(|r| path.strip_prefix(r).ok())
        .any(|rel| {
            include.is_match(rel)
                && !rel
                    .ancestors()
                    .any(|a| a != Path::new("") && exclude.is_match(a))
        })
}

/// Reads a document: `Err` with the reason when it is not UTF-8 text
/// (invalid UTF-8, or a NUL byte in the first 8 KiB), or unreadable.
pub fn read_document(path: &Path, max_size: u64) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if meta.len() > max_size {
        return Err(format!(
            "{} bytes is over max_file_size ({max_size})",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err("binary file (NUL byte)".to_string());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn respects_gitignore_globs_and_size() {
        let dir = std::env::temp_dir().join(format!("gloss-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (rel, text) in [
            ("a.md", "x"),
            ("notes/b.txt", "x"),
            ("notes/deep/c.markdown", "x"),
            ("ignored/d.md", "x"),
            ("drafts/e.md", "x"),
            ("big.txt", "0123456789"),
            ("f.rs", "x"),
            (".gitignore", "ignored/\n"),
        ] {
            let p = dir.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let config = Config {
            exclude: vec!["drafts".into()],
            max_file_size: 5,
            ..Config::default()
        };
        let (docs, skipped) = documents(std::slice::from_ref(&dir), &config);
        let rel: Vec<String> = docs
            .iter()
            .map(|p| p.strip_prefix(&dir).unwrap().display().to_string())
            .collect();
        assert_eq!(rel, vec!["a.md", "notes/b.txt", "notes/deep/c.markdown"]);
        assert_eq!(skipped.len(), 1);
        assert!(is_document(
            std::slice::from_ref(&dir),
            &config,
            &dir.join("x/y.md")
        ));
        assert!(!is_document(
            std::slice::from_ref(&dir),
            &config,
            &dir.join("drafts/y.md")
        ));
        std::fs::write(dir.join("bin.txt"), b"ab\0cd").unwrap();
        assert!(
            read_document(&dir.join("bin.txt"), 100)
                .unwrap_err()
                .contains("binary")
        );
        std::fs::write(dir.join("latin1.txt"), b"caf\xe9").unwrap();
        assert!(
            read_document(&dir.join("latin1.txt"), 100)
                .unwrap_err()
                .contains("UTF-8")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
