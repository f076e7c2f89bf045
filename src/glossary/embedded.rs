//! The default glossary compiled into the binary (`glossary/default/*.toml`).
//!
//! Owns access to the embedded files, their copy parsed ahead of time
//! (`glossary/default-parsed.bin`, read instead of the TOML when it was
//! made from the same files), and writing a read-only copy under the user's
//! cache directory, so go-to-definition has a real file to open.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::{Format, LoadedFile, ParsedFile, SourceFile, load};

include!(concat!(env!("OUT_DIR"), "/embedded_glossary.rs"));

/// The embedded files parsed ahead of time: `glossary/default-parsed.bin`,
/// written by [`parsed_ahead`] (see the test
/// `the_parsed_ahead_copy_is_fresh`). Its head line names the
/// [`SOURCES_HASH`] of the files it was made from and the [`CODE_HASH`] of
/// the code that parsed them (as the prebuilt matcher's does: a parser that
/// changed what it makes must not read an older copy); then comes a frame
/// ([`super::frames`]) per file, its [`ParsedFile`] (entries and their
/// spans) in MessagePack, in [`FILES`] order.
const PARSED_AHEAD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/glossary/default-parsed.bin"
));

/// The head line of [`PARSED_AHEAD`].
fn parsed_ahead_head() -> String {
    format!("gloss parsed-ahead glossary; embedded files {SOURCES_HASH}; code {CODE_HASH}\n")
}

/// The embedded files, parsed once per process: read from the parsed-ahead
/// copy when it was made from these very files and this code (73 million
/// instructions against 125 for the JSON copy it replaced, which was
/// itself several times faster than parsing TOML), else parsed
/// from their TOML, in parallel. A parse failure here is a bug caught by
/// tests.
///
/// Not read inside `OnceLock::get_or_init`: reading runs on the rayon pool,
/// whose threads may take up, while they wait, another task that asks for
/// the files, and a second `get_or_init` on the thread that is already
/// initialising would never return. Two callers at once may both read; the
/// first one's is kept.
pub fn files() -> &'static [LoadedFile] {
    static PARSED: OnceLock<Vec<LoadedFile>> = OnceLock::new();
    if let Some(files) = PARSED.get() {
        return files;
    }
    let files = read_parsed_ahead(PARSED_AHEAD).unwrap_or_else(parse_files);
    PARSED.get_or_init(|| files)
}

/// The embedded files parsed from their TOML (27 files: each core takes the
/// next unparsed one).
fn parse_files() -> Vec<LoadedFile> {
    use rayon::prelude::*;
    FILES
        .par_iter()
        .with_max_len(1)
        .filter_map(|(name, text)| {
            let parsed = load::parse(&source_name(name), text, Format::Toml).ok()?;
            Some(loaded(name, text, parsed))
        })
        .collect()
}

/// The embedded files from a parsed-ahead copy; `None` when it is stale
/// (made from other files) or unreadable.
fn read_parsed_ahead(copy: &[u8]) -> Option<Vec<LoadedFile>> {
    use rayon::prelude::*;
    let frames = super::frames::frames(copy, &parsed_ahead_head())?;
    if frames.len() != FILES.len() {
        return None;
    }
    FILES
        .par_iter()
        .zip(frames)
        .with_max_len(1)
        .map(|((name, text), frame)| {
            let parsed: ParsedFile = rmp_serde::from_slice(frame).ok()?;
            Some(loaded(name, text, parsed))
        })
        .collect()
}

/// The bytes of `glossary/default-parsed.bin` for the embedded files as
/// they are: regenerate it (and the prebuilt matcher) with
/// `GLOSS_UPDATE_PARSED=1 cargo test --lib is_fresh` after changing
/// `glossary/default/`. Fields are written by name: the glossary's types
/// leave out empty fields and have untagged enums.
pub fn parsed_ahead() -> Result<Vec<u8>, String> {
    let mut out = parsed_ahead_head().into_bytes();
    for (name, text) in FILES {
        let parsed = load::parse(&source_name(name), text, Format::Toml).map_err(|problems| {
            let first = problems.first().map(ToString::to_string);
            format!("{name} does not load: {}", first.unwrap_or_default())
        })?;
        super::frames::push_frame(&mut out, |w| rmp_serde::encode::write_named(w, &parsed))?;
    }
    Ok(out)
}

/// What the source name of an embedded file starts with.
const SOURCE_PREFIX: &str = "embedded:";

fn source_name(name: &str) -> String {
    format!("{SOURCE_PREFIX}{name}")
}

/// The text of the embedded file whose source name (`embedded:NAME.toml`,
/// as in [`SourceFile::name`]) is `source_name`.
pub fn text_of(source_name: &str) -> Option<&'static str> {
    let name = source_name.strip_prefix(SOURCE_PREFIX)?;
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// Each embedded file's source name and text, without parsing anything.
pub fn texts() -> impl Iterator<Item = (String, &'static str)> {
    FILES.iter().map(|(name, text)| (source_name(name), *text))
}

fn loaded(name: &str, text: &'static str, parsed: ParsedFile) -> LoadedFile {
    LoadedFile {
        source: SourceFile {
            name: source_name(name),
            path: None,
            embedded: true,
            text: Arc::from(text),
            as_of: None,
        },
        parsed,
    }
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

/// Asserts that the committed file at `relative` (to the repository) is
/// `fresh`, what the code makes now (with `GLOSS_UPDATE_PARSED` set, writes
/// it first), and that the copy compiled in was read. For the files made
/// from the embedded glossary (the parsed-ahead copy, the prebuilt
/// matcher): when one is stale, Gloss still works, doing at start what the
/// file would have saved.
#[cfg(test)]
pub fn assert_committed_is_fresh(relative: &str, fresh: &[u8], compiled_in_is_read: bool) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::env::var_os("GLOSS_UPDATE_PARSED").is_some() {
        std::fs::write(&path, fresh).unwrap_or_else(|e| panic!("cannot write {relative}: {e}"));
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{relative} is out of date (Gloss still works, doing at start what it saves): run \
         `GLOSS_UPDATE_PARSED=1 cargo test --lib is_fresh` and commit it"
    );
    assert!(
        compiled_in_is_read,
        "the {relative} compiled in is stale: build and test again"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parsed_ahead_copy_is_fresh() {
        let fresh = parsed_ahead().expect("the embedded files load");
        let compiled_in_is_read = read_parsed_ahead(PARSED_AHEAD).is_some();
        assert_committed_is_fresh("glossary/default-parsed.bin", &fresh, compiled_in_is_read);
    }

    #[test]
    fn the_parsed_ahead_copy_reads_back_as_the_files_parsed() {
        let copy = parsed_ahead().expect("the embedded files load");
        let read = read_parsed_ahead(&copy).expect("a fresh copy is read");
        let parsed = parse_files();
        assert_eq!(read.len(), FILES.len());
        assert_eq!(parsed.len(), FILES.len());
        for (a, b) in read.iter().zip(&parsed) {
            assert_eq!(a.source.name, b.source.name);
            assert_eq!(a.source.text, b.source.text);
            assert_eq!(a.parsed, b.parsed, "{}", a.source.name);
        }
    }

    #[test]
    fn a_stale_or_damaged_copy_is_not_read() {
        let copy = parsed_ahead().expect("the embedded files load");
        assert!(read_parsed_ahead(&copy).is_some());
        let head = parsed_ahead_head().len();
        for hash in [SOURCES_HASH, CODE_HASH] {
            let mut stale = parsed_ahead_head()
                .replacen(hash, "0000000000000000", 1)
                .into_bytes();
            stale.extend_from_slice(&copy[head..]);
            assert!(read_parsed_ahead(&stale).is_none(), "{hash}");
        }
        let cut = &copy[..copy.len() - 20];
        assert!(read_parsed_ahead(cut).is_none());
        // The frames of three files only.
        let frames = crate::glossary::frames::frames(&copy, &parsed_ahead_head()).expect("frames");
        let three: usize = frames[..3].iter().map(|f| f.len() + 4).sum();
        assert!(read_parsed_ahead(&copy[..head + three]).is_none());
        assert!(read_parsed_ahead(b"").is_none());
    }
}
