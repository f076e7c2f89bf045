//! Finding the documents of a workspace on disk.
//!
//! Owns the rules for which files are documents: under a root, matching the
//! `include` globs and not the `exclude` globs of `gloss.toml`, not ignored by
//! `.gitignore`/`.ignore`, not hidden, and at most `max_file_size` bytes. Reads
//! no file contents (see [`read_document`] for the checks on contents).

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::config::Config;

/// Folders never searched for glossaries (glossary search does not apply
/// `.gitignore`: a glossary may well live in an ignored folder).
const TOOL_DIRS: [&str; 5] = [".git", "target", "node_modules", ".venv", ".hg"];

/// One set of glob patterns (invalid ones are logged and ignored).
pub fn globset(patterns: &[String]) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        match Glob::new(p) {
            Ok(g) => {
                b.add(g);
            }
            Err(e) => tracing::warn!("ignoring pattern {p:?}: {e}"),
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}

/// What a walk skips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skip {
    /// Documents: hidden files and what `.gitignore`/`.ignore` exclude.
    IgnoredAndHidden,
    /// Glossaries: only tool folders ([`TOOL_DIRS`]).
    ToolDirs,
}

/// The one directory walker: every file under `root` (paths and their sizes),
/// in no particular order.
fn walk(root: &Path, skip: Skip) -> impl Iterator<Item = (PathBuf, u64)> {
    let mut builder = ignore::WalkBuilder::new(root);
    match skip {
        Skip::IgnoredAndHidden => {
            builder
                .hidden(true)
                .git_ignore(true)
                .git_global(false)
                .git_exclude(true)
                .require_git(false)
                .ignore(true);
        }
        Skip::ToolDirs => {
            builder.standard_filters(false).filter_entry(|e| {
                !(e.file_type().is_some_and(|t| t.is_dir())
                    && TOOL_DIRS.iter().any(|d| e.file_name() == *d))
            });
        }
    }
    builder
        .follow_links(false)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| {
            let size = e.metadata().map(|m| m.len()).unwrap_or(0);
            (e.into_path(), size)
        })
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
        for (path, size) in walk(root, Skip::IgnoredAndHidden) {
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
            if size > config.max_file_size {
                skipped.push(Skipped {
                    reason: format!(
                        "{size} bytes is over max_file_size ({})",
                        config.max_file_size
                    ),
                    path,
                });
                continue;
            }
            found.push(path);
        }
    }
    found.sort();
    found.dedup();
    (found, skipped)
}

/// The files under `roots` matching `patterns` (relative to their root), sorted:
/// the glossary files of a workspace. `.gitignore` and hidden folders do not
/// hide glossaries; tool folders (`.git`, `target`, …) are skipped.
pub fn glossary_files(roots: &[PathBuf], patterns: &[String]) -> Vec<PathBuf> {
    let set = globset(patterns);
    let mut out = Vec::new();
    for root in roots {
        for (path, _) in walk(root, Skip::ToolDirs) {
            if path.strip_prefix(root).is_ok_and(|rel| set.is_match(rel)) {
                out.push(path);
            }
        }
    }
    out.sort();
    out.dedup();
    out
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

    fn write_tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (rel, bytes) in files {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, bytes).expect("write");
        }
        dir
    }

    /// The paths below `dir`, relative to it, as text.
    fn relative(dir: &Path, paths: &[PathBuf]) -> Vec<String> {
        paths
            .iter()
            .map(|p| p.strip_prefix(dir).unwrap_or(p).display().to_string())
            .collect()
    }

    #[test]
    fn respects_gitignore_globs_and_size() {
        let tmp = write_tree(&[
            ("a.md", b"x"),
            ("notes/b.txt", b"x"),
            ("notes/deep/c.markdown", b"x"),
            ("notes/d.mdx", b"x"),
            ("ignored/d.md", b"x"),
            ("drafts/e.md", b"x"),
            ("big.txt", b"0123456789"),
            ("f.rs", b"x"),
            (".hidden/g.md", b"x"),
            (".gitignore", b"ignored/\n"),
        ]);
        let dir = tmp.path().to_path_buf();
        let config = Config {
            exclude: vec!["drafts".into()],
            max_file_size: 5,
            ..Config::default()
        };
        let (docs, skipped) = documents(std::slice::from_ref(&dir), &config);
        let rel = relative(&dir, &docs);
        assert_eq!(
            rel,
            vec![
                "a.md",
                "notes/b.txt",
                "notes/d.mdx",
                "notes/deep/c.markdown"
            ]
        );
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
    }

    #[test]
    fn glossaries_are_found_in_ignored_and_hidden_folders_but_not_tool_folders() {
        let tmp = write_tree(&[
            ("glossary/a.toml", b""),
            ("ignored/b.glossary.toml", b""),
            ("x/c.glossary.toml", b""),
            (".hidden/d.glossary.json", b""),
            ("node_modules/e.glossary.toml", b""),
            (".git/f.glossary.toml", b""),
            ("x/other.toml", b""),
            (".gitignore", b"ignored/\n"),
        ]);
        let dir = tmp.path().to_path_buf();
        let found = glossary_files(std::slice::from_ref(&dir), &Config::default().glossaries);
        let rel = relative(&dir, &found);
        assert_eq!(
            rel,
            vec![
                ".hidden/d.glossary.json",
                "glossary/a.toml",
                "ignored/b.glossary.toml",
                "x/c.glossary.toml"
            ]
        );
    }
}
