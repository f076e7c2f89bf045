//! The embedded glossary's matcher, built ahead of time.
//!
//! Owns `glossary/default-prebuilt.bin`: the [`Matcher`] (with the merged
//! [`Glossary`] in it) that [`GlossaryStore::rebuild`] and [`Matcher::new`]
//! make from the embedded files alone, written in MessagePack after a
//! one-line head that names what it was made from: the embedded files
//! ([`embedded::SOURCES_HASH`]) and the code that loads and matches them
//! ([`embedded::CODE_HASH`], see `build.rs`). Reading it is several
//! times cheaper than parsing the embedded files, merging them and building
//! the matcher, which is most of a short `gloss annotate` and of the time to
//! a server's first answer.
//!
//! Read when first asked for, and kept while in use; only when its head
//! matches the binary: a stale or damaged file gives `None`, and the caller
//! builds the matcher as it would without it. The source texts are not in the file: they are
//! taken from the binary's own copy of the embedded files.
//!
//! Must not decide when the prebuilt matcher applies (the workspace does:
//! when no glossary file of its own is in play), or hold anything that the
//! build from the embedded files would not make (tested byte for byte).
//!
//! Make it again after changing the embedded files or that code (it and the
//! parsed-ahead copy of [`embedded`]): `GLOSS_UPDATE_PARSED=1 cargo test
//! --lib is_fresh`.

use std::sync::{Arc, Mutex, PoisonError, Weak};

use crate::glossary::frames::{frames, push_frame};
use crate::glossary::store::GlossaryStore;
use crate::glossary::{Entry, Glossary, embedded};

use super::matcher::Matcher;

/// `glossary/default-prebuilt.bin` as committed (empty until first made).
const PREBUILT: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/glossary/default-prebuilt.bin"
));

/// Entries per frame: the frames are read in parallel.
const ENTRIES_PER_FRAME: usize = 256;

/// The embedded glossary's matcher from `glossary/default-prebuilt.bin`;
/// `None` when the file was made from other embedded files or other code
/// than this binary's (then the caller builds it). Read again only when no
/// one holds the last one read: a server whose workspace gains a glossary
/// of its own does not keep it.
///
/// The lock is not held while reading: reading runs on the rayon pool,
/// whose threads may take up, while they wait, another task that asks for
/// the matcher. Two callers at once may then both read; the second keeps
/// the first one's.
pub fn embedded_matcher() -> Option<Arc<Matcher>> {
    static LAST: Mutex<Weak<Matcher>> = Mutex::new(Weak::new());
    let last = || LAST.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(matcher) = last().upgrade() {
        return Some(matcher);
    }
    let matcher = Arc::new(read(PREBUILT)?);
    let mut last = last();
    if let Some(first) = last.upgrade() {
        return Some(first);
    }
    *last = Arc::downgrade(&matcher);
    Some(matcher)
}

/// The head line a fresh file starts with.
fn head() -> String {
    format!(
        "gloss prebuilt matcher; embedded files {}; code {}\n",
        embedded::SOURCES_HASH,
        embedded::CODE_HASH
    )
}

/// What the embedded files make: the bytes of `glossary/default-prebuilt.bin`
/// for them and this code. An error when they do not load cleanly (a
/// glossary with problems is never prebuilt: its problems must be shown).
///
/// After the head come frames ([`crate::glossary::frames`]): the matcher
/// without its glossary (fields by position), the glossary without its
/// entries, then the entries, [`ENTRIES_PER_FRAME`] a frame (fields by
/// name: the glossary's types leave out empty fields and have untagged
/// enums).
pub fn build() -> Result<Vec<u8>, String> {
    let rebuilt = GlossaryStore::new(true).rebuild();
    if let Some((name, problems)) = rebuilt.problems.iter().find(|(_, p)| !p.is_empty()) {
        return Err(format!("{name} has problems: {:?}", problems.first()));
    }
    written(&Matcher::new(rebuilt.glossary))
}

/// `matcher` as [`build`] writes it.
fn written(matcher: &Matcher) -> Result<Vec<u8>, String> {
    let mut out = head().into_bytes();
    let glossary = matcher.glossary();
    push_frame(&mut out, |w| rmp_serde::encode::write(w, matcher))?;
    push_frame(&mut out, |w| rmp_serde::encode::write_named(w, &**glossary))?;
    for entries in glossary.entries.chunks(ENTRIES_PER_FRAME) {
        push_frame(&mut out, |w| rmp_serde::encode::write_named(w, entries))?;
    }
    Ok(out)
}

/// One frame, read.
enum Part {
    Matcher(Matcher),
    Glossary(Glossary),
    Entries(Vec<Entry>),
}

/// The matcher in `bytes`; `None` when its head is not this binary's or
/// the rest does not read as a matcher of the embedded files.
fn read(bytes: &[u8]) -> Option<Matcher> {
    use rayon::prelude::*;
    let frames = frames(bytes, &head())?;
    let parts: Vec<Part> = frames
        .par_iter()
        .enumerate()
        .with_max_len(1)
        .map(|(i, frame)| match i {
            0 => rmp_serde::from_slice(frame).ok().map(Part::Matcher),
            1 => rmp_serde::from_slice(frame).ok().map(Part::Glossary),
            _ => rmp_serde::from_slice(frame).ok().map(Part::Entries),
        })
        .collect::<Option<_>>()?;
    let mut parts = parts.into_iter();
    let (Some(Part::Matcher(mut matcher)), Some(Part::Glossary(mut glossary))) =
        (parts.next(), parts.next())
    else {
        return None;
    };
    for part in parts {
        let Part::Entries(entries) = part else {
            return None;
        };
        glossary.entries.extend(entries);
    }
    for source in &mut glossary.sources {
        source.text = Arc::from(embedded::text_of(&source.name)?);
    }
    matcher.set_glossary(Arc::new(glossary));
    Some(matcher)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prebuilt_matcher_is_fresh() {
        let fresh = build().expect("the embedded files load cleanly");
        let compiled_in_is_read = read(PREBUILT).is_some();
        embedded::assert_committed_is_fresh(
            "glossary/default-prebuilt.bin",
            &fresh,
            compiled_in_is_read,
        );
    }

    /// What is read is what the build makes: written again, the same bytes
    /// (every field but the source texts), and the texts are the embedded
    /// files' own.
    #[test]
    fn the_prebuilt_matcher_reads_back_as_built() {
        let bytes = build().expect("the embedded files load cleanly");
        let read = read(&bytes).expect("a fresh file is read");
        let again = written(&read).expect("a matcher is written");
        let differs = again.iter().zip(&bytes).position(|(a, b)| a != b);
        assert!(
            again.len() == bytes.len() && differs.is_none(),
            "written again, {} bytes against {}; first difference at {differs:?}",
            again.len(),
            bytes.len()
        );
        let glossary = read.glossary();
        assert!(glossary.entries.len() > 1000);
        for source in &glossary.sources {
            assert!(source.embedded, "{}", source.name);
            assert_eq!(Some(&*source.text), embedded::text_of(&source.name));
            assert!(!source.text.is_empty(), "{}", source.name);
        }
        let text = "The Shanghai Cooperation Organisation (SCO) met the UN, \
                    G7 and G-7 officials, and Xi Jinping, in Москва and 上海.";
        let built = Matcher::new(GlossaryStore::new(true).rebuild().glossary);
        let annotated = |m: &Matcher| {
            crate::cli::annotate::jsonl(&crate::cli::annotate::mentions("t.txt", text, m, true))
        };
        assert_eq!(annotated(&read), annotated(&built));
        assert!(
            annotated(&read).lines().count() >= 5,
            "{}",
            annotated(&read)
        );
    }

    #[test]
    fn a_stale_or_damaged_file_is_not_read() {
        let bytes = build().expect("the embedded files load cleanly");
        assert!(read(&bytes).is_some());
        let stale = String::from_utf8_lossy(&bytes[..head().len()]).replacen(
            embedded::CODE_HASH,
            "0000000000000000",
            1,
        );
        let mut other_code = stale.into_bytes();
        other_code.extend_from_slice(&bytes[head().len()..]);
        assert!(read(&other_code).is_none());
        assert!(read(&bytes[..bytes.len() - 100]).is_none());
        assert!(read(&bytes[..head().len()]).is_none());
        assert!(read(b"").is_none());
        let mut flipped = bytes.clone();
        let middle = head().len() + (bytes.len() - head().len()) / 2;
        flipped[middle..middle + 64].fill(0xc1); // a byte MessagePack never uses
        assert!(read(&flipped).is_none());
    }
}
