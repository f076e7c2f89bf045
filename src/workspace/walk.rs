//! Finding the documents of a workspace on disk.
//!
//! Owns the rules for which files are documents: under a root, matching the
//! `include` globs and not the `exclude` globs of `gloss.toml`, not ignored by
//! `.gitignore`/`.ignore`, not hidden, and at most `max_file_size` bytes; and
//! which symbolic links are read through (only to regular files inside the
//! workspace: links are never followed into folders, so a link loop cannot
//! trap a walk). Reads no file contents (see [`read_document`] for the
//! checks on contents: regular file, size, not binary, UTF-8).

use std::collections::HashSet;
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

/// What a walk finds: a regular file (with its size), a symbolic link
/// (never followed by the walk itself; see [`follow_link`]), or something
/// else that is no folder (a FIFO, socket or device: never read).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Found {
    File(PathBuf, u64),
    Link(PathBuf),
    Special(PathBuf),
}

impl Found {
    fn path(&self) -> &Path {
        match self {
            Found::File(p, _) | Found::Link(p) | Found::Special(p) => p,
        }
    }
}

/// The one directory walker: every regular file and symbolic link under
/// `root`, in no particular order, and what is neither file nor folder.
/// Links are not followed, so a link loop cannot make a walk endless.
/// Folders that cannot be read are logged and skipped.
fn walk(root: &Path, skip: Skip) -> impl Iterator<Item = Found> {
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
        .filter_map(|entry| match entry {
            Ok(e) => Some(e),
            Err(e) => {
                tracing::info!("skipping: {e}");
                None
            }
        })
        .filter_map(|e| {
            let kind = e.file_type()?;
            if kind.is_symlink() {
                Some(Found::Link(e.into_path()))
            } else if kind.is_file() {
                let size = e.metadata().map(|m| m.len()).unwrap_or(0);
                Some(Found::File(e.into_path(), size))
            } else if kind.is_dir() {
                None
            } else {
                Some(Found::Special(e.into_path()))
            }
        })
}

/// The workspace roots as the system names them (links resolved), to tell
/// whether a link leads inside the workspace.
fn canonical_roots(roots: &[PathBuf]) -> Vec<PathBuf> {
    roots
        .iter()
        .map(|r| std::fs::canonicalize(r).unwrap_or_else(|_| r.clone()))
        .collect()
}

/// Why a symbolic link is not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LinkRefused {
    reason: String,
    /// The link leads to a folder (reported even when no glob matches it).
    folder: bool,
    /// The link leads outside the workspace.
    outside: bool,
}

/// Where the symbolic link `link` leads, when Gloss reads through it: a
/// regular file inside one of the workspace roots (`canonical_roots`), with
/// its size. A link that leads outside the workspace, to a folder, nowhere
/// (broken) or round in a loop is refused, with the reason and what to do.
fn follow_link(canonical_roots: &[PathBuf], link: &Path) -> Result<(PathBuf, u64), LinkRefused> {
    let refused = |reason: String| LinkRefused {
        reason,
        folder: false,
        outside: false,
    };
    let shown = std::fs::read_link(link)
        .map(|t| t.display().to_string())
        .unwrap_or_else(|_| "?".to_string());
    let target = std::fs::canonicalize(link).map_err(|e| {
        refused(if e.kind() == std::io::ErrorKind::NotFound {
            format!("broken symbolic link (to {shown})")
        } else {
            format!("symbolic link to {shown} cannot be followed ({e})")
        })
    })?;
    if !canonical_roots.iter().any(|r| target.starts_with(r)) {
        return Err(LinkRefused {
            outside: true,
            ..refused(format!(
                "symbolic link to {}, outside the workspace: Gloss reads only inside the \
             workspace (copy the file in, or open its folder as a workspace folder)",
                target.display()
            ))
        });
    }
    let meta = std::fs::metadata(&target).map_err(|e| refused(format!("cannot read: {e}")))?;
    if meta.is_dir() {
        return Err(LinkRefused {
            reason: format!(
                "symbolic link to the folder {}: not followed (a folder inside the workspace \
                 is read at its own path)",
                target.display()
            ),
            folder: true,
            outside: false,
        });
    }
    if !meta.is_file() {
        return Err(refused(format!(
            "symbolic link to {}, which is not a regular file",
            target.display()
        )));
    }
    Ok((target, meta.len()))
}

/// The paths of `found` under their root as the system names them, to
/// tell a link to a file that is already read at its own path.
fn canonical_paths(
    roots: &[PathBuf],
    canonical: &[PathBuf],
    found: &[PathBuf],
) -> HashSet<PathBuf> {
    found
        .iter()
        .filter_map(|p| {
            roots
                .iter()
                .zip(canonical)
                .find_map(|(root, canonical_root)| {
                    Some(canonical_root.join(p.strip_prefix(root).ok()?))
                })
        })
        .collect()
}

/// A file that was not taken, and why (for one log line each).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// The documents under `roots` (sorted), and the files skipped (too large,
/// or symbolic links that are not followed: see [`follow_link`]). A link to
/// a file inside the workspace is read under the link's name, unless its
/// target is itself a document (then it is read once, at its own path).
pub fn documents(roots: &[PathBuf], config: &Config) -> (Vec<PathBuf>, Vec<Skipped>) {
    let include = globset(&config.include);
    let exclude = globset(&config.exclude);
    let canonical = canonical_roots(roots);
    let mut found = Vec::new();
    let mut links = Vec::new();
    let mut skipped = Vec::new();
    let too_large = |size: u64| {
        format!(
            "{size} bytes is over max_file_size ({}); raise max_file_size in gloss.toml to read it",
            config.max_file_size
        )
    };
    for root in roots {
        for entry in walk(root, Skip::IgnoredAndHidden) {
            let Ok(rel) = entry.path().strip_prefix(root) else {
                continue;
            };
            let wanted = include.is_match(rel)
                && !exclude.is_match(rel)
                && !rel
                    .ancestors()
                    .any(|a| exclude.is_match(a) && a != Path::new(""));
            match entry {
                Found::File(path, size) if wanted => {
                    if size > config.max_file_size {
                        skipped.push(Skipped {
                            reason: too_large(size),
                            path,
                        });
                    } else {
                        found.push(path);
                    }
                }
                Found::File(..) => {}
                Found::Special(path) if wanted => skipped.push(Skipped {
                    path,
                    reason: crate::fsutil::ReadError::NotRegular.to_string(),
                }),
                Found::Special(_) => {}
                Found::Link(path) => match follow_link(&canonical, &path) {
                    Ok((target, size)) if wanted => links.push((path, target, size)),
                    Ok(_) => {}
                    Err(refused) if wanted || refused.folder => skipped.push(Skipped {
                        path,
                        reason: refused.reason,
                    }),
                    Err(_) => {}
                },
            }
        }
    }
    let mut read_at_own_path = canonical_paths(roots, &canonical, &found);
    for (path, target, size) in links {
        if read_at_own_path.contains(&target) {
            continue;
        }
        if size > config.max_file_size {
            skipped.push(Skipped {
                reason: too_large(size),
                path,
            });
            continue;
        }
        read_at_own_path.insert(target);
        found.push(path);
    }
    found.sort();
    found.dedup();
    (found, skipped)
}

/// A glossary file that a glob of `glossaries` matched but that is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedGlossary {
    pub path: PathBuf,
    /// The glob that matched it (to locate the problem in `gloss.toml`).
    pub pattern: String,
    pub reason: String,
    /// It lies outside the workspace (else it is no regular file, or a
    /// broken link, a link loop or a link to a folder).
    pub outside: bool,
}

/// The files under `roots` matching `patterns` (relative to their root), sorted:
/// the glossary files of a workspace. `.gitignore` and hidden folders do not
/// hide glossaries; tool folders (`.git`, `target`, …) are skipped. A
/// symbolic link is read when it leads to a file inside the workspace that
/// no glob matches itself; any other link is refused (see [`follow_link`]).
pub fn glossary_files(
    roots: &[PathBuf],
    patterns: &[String],
) -> (Vec<PathBuf>, Vec<RefusedGlossary>) {
    let set = globset(patterns);
    let canonical = canonical_roots(roots);
    let mut out = Vec::new();
    let mut links = Vec::new();
    let mut refused = Vec::new();
    for root in roots {
        for entry in walk(root, Skip::ToolDirs) {
            let Some(pattern) = entry
                .path()
                .strip_prefix(root)
                .ok()
                .and_then(|rel| set.matches(rel).first().copied())
                .and_then(|i| patterns.get(i))
            else {
                continue;
            };
            match entry {
                Found::File(path, _) => out.push(path),
                Found::Special(path) => refused.push(RefusedGlossary {
                    path,
                    pattern: pattern.clone(),
                    reason: crate::fsutil::ReadError::NotRegular.to_string(),
                    outside: false,
                }),
                Found::Link(path) => match follow_link(&canonical, &path) {
                    Ok((target, _)) => links.push((path, target)),
                    Err(why) => refused.push(RefusedGlossary {
                        path,
                        pattern: pattern.clone(),
                        reason: why.reason,
                        outside: why.outside,
                    }),
                },
            }
        }
    }
    let mut read_at_own_path = canonical_paths(roots, &canonical, &out);
    for (path, target) in links {
        if read_at_own_path.insert(target) {
            out.push(path);
        }
    }
    out.sort();
    out.dedup();
    refused.sort_by(|a, b| a.path.cmp(&b.path));
    (out, refused)
}

/// Whether `path` (under one of `roots`) is a document per `config`'s globs
/// (`.gitignore` is not consulted here; use for single files, e.g. watcher
/// events). A path that resolves outside the workspace (through a symbolic
/// link) is not; one that no longer exists still is, so that its record goes.
pub fn is_document(roots: &[PathBuf], config: &Config, path: &Path) -> bool {
    let include = globset(&config.include);
    let exclude = globset(&config.exclude);
    let by_globs = roots
        .iter()
        .filter_map(|r| path.strip_prefix(r).ok())
        .any(|rel| {
            include.is_match(rel)
                && !rel
                    .ancestors()
                    .any(|a| a != Path::new("") && exclude.is_match(a))
        });
    by_globs && resolves_inside(roots, path)
}

/// Whether `path` resolves (through any symbolic links) inside one of
/// `roots`; a path that does not exist (any more) counts as inside.
fn resolves_inside(roots: &[PathBuf], path: &Path) -> bool {
    match std::fs::canonicalize(path) {
        Ok(real) => canonical_roots(roots).iter().any(|r| real.starts_with(r)),
        Err(_) => true,
    }
}

/// Reads a document: `Err` with the reason (and what to do) when it is not
/// a regular file, is over `max_size`, cannot be read, or is not UTF-8 text.
/// A NUL byte anywhere makes a file binary. A file that is not UTF-8 is
/// skipped rather than decoded lossily: the editor decodes it its own way
/// (Windows-1252, UTF-16…), so positions taken from a lossy decoding would
/// point at the wrong characters, and a wrong link is worse than none.
pub fn read_document(path: &Path, max_size: u64) -> Result<String, String> {
    let bytes = crate::fsutil::read_regular_file(path, max_size).map_err(|e| e.to_string())?;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("UTF-16 text (byte-order mark); save it as UTF-8 to have it read".to_string());
    }
    if let Some(at) = first_nul(&bytes) {
        return Err(format!("binary file (NUL byte at offset {at})"));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 (invalid byte at offset {}); save it as UTF-8 to have it read",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The offset of the first NUL byte (`memchr`: a few bytes per instruction;
/// every document read passes here).
fn first_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
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
        let (found, refused) =
            glossary_files(std::slice::from_ref(&dir), &Config::default().glossaries);
        assert!(refused.is_empty(), "{refused:?}");
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

    #[cfg(unix)]
    #[test]
    fn links_are_read_only_to_files_inside_and_never_into_folders() {
        use std::os::unix::fs::symlink;
        let tmp = write_tree(&[
            ("a.md", b"x"),
            ("data/notes.dat", b"x"),
            ("glossary/real.toml", b""),
            ("shared/extra.toml", b""),
        ]);
        let outside = write_tree(&[("secret.md", b"x"), ("g.toml", b"")]);
        let dir = tmp.path().canonicalize().expect("canonical");
        symlink(dir.join("data/notes.dat"), dir.join("notes.md")).expect("link");
        symlink(dir.join("a.md"), dir.join("again.md")).expect("link");
        symlink(outside.path().join("secret.md"), dir.join("secret.md")).expect("link");
        symlink(&dir, dir.join("loop")).expect("link");
        symlink(dir.join("gone"), dir.join("broken.md")).expect("link");
        symlink(
            dir.join("shared/extra.toml"),
            dir.join("glossary/extra.toml"),
        )
        .expect("link");
        symlink(outside.path().join("g.toml"), dir.join("glossary/out.toml")).expect("link");
        let roots = std::slice::from_ref(&dir);
        let (docs, skipped) = documents(roots, &Config::default());
        assert_eq!(relative(&dir, &docs), ["a.md", "notes.md"]);
        let mut why: Vec<(String, String)> = skipped
            .iter()
            .map(|s| {
                (
                    relative(&dir, std::slice::from_ref(&s.path))[0].clone(),
                    s.reason.clone(),
                )
            })
            .collect();
        why.sort();
        let names: Vec<&str> = why.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["broken.md", "loop", "secret.md"], "{why:?}");
        assert!(why[0].1.starts_with("broken symbolic link"), "{why:?}");
        assert!(why[1].1.contains("folder"), "{why:?}");
        assert!(why[2].1.contains("outside the workspace"), "{why:?}");
        let (found, refused) = glossary_files(roots, &["glossary/*.toml".to_string()]);
        assert_eq!(
            relative(&dir, &found),
            ["glossary/extra.toml", "glossary/real.toml"]
        );
        assert_eq!(refused.len(), 1, "{refused:?}");
        assert_eq!(refused[0].pattern, "glossary/*.toml");
        assert!(refused[0].outside && refused[0].reason.contains("outside the workspace"));
        // A watcher event for the link outside is no document; one for a
        // deleted file still is (so that its record goes).
        let config = Config::default();
        assert!(!is_document(roots, &config, &dir.join("secret.md")));
        assert!(is_document(roots, &config, &dir.join("deleted.md")));
        assert!(is_document(roots, &config, &dir.join("notes.md")));
    }
}
