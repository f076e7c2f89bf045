//! The index invariant as a check the property tests and the fuzz targets
//! share: a document's incrementally updated index, the resolution of each
//! mention and the document's date equal those built from scratch on its
//! current text.
//!
//! Owns only the comparison; must not change a document or its index. Not
//! part of the stable API (hidden from the docs): it exists for
//! `tests/incremental.rs` and `fuzz/`.

use crate::decide::document::{Resolution, Resolver};
use crate::index::DocIndex;
use crate::index::document::Document;
use crate::recognize::matcher::Matcher;

/// What every mention of an index names, in order: (start, end, resolution).
pub fn resolutions(index: &DocIndex, matcher: &Matcher) -> Vec<(usize, usize, Resolution)> {
    let resolver = Resolver::new(index, matcher);
    index
        .mentions
        .iter()
        .map(|s| (s.start, s.end, resolver.resolve(s.start, *s.data)))
        .collect()
}

/// How `doc` (edited incrementally, without a file name or a date setting)
/// differs from [`Document::new`] on its text (a fresh open): `None` when
/// the index facts (time suspects included), the resolutions of its mentions
/// and its date are all equal, else what differs first, with the text.
pub fn divergence_from_scratch(doc: &Document, matcher: &Matcher) -> Option<String> {
    let text = doc.text();
    let fresh = Document::new(&text, doc.version, doc.language, matcher);
    if doc.date != fresh.date || doc.index.date != fresh.index.date {
        return Some(format!(
            "dates differ\n incremental: {:?}\n from scratch: {:?}\ntext: {text:?}",
            doc.date, fresh.date
        ));
    }
    let (incremental, scratch) = (doc.index.facts(), fresh.index.facts());
    if incremental != scratch {
        return Some(format!(
            "index facts differ: {}\ntext: {text:?}",
            first_difference(&incremental, &scratch)
        ));
    }
    let (incremental, scratch) = (
        resolutions(&doc.index, matcher),
        resolutions(&fresh.index, matcher),
    );
    if incremental != scratch {
        return Some(format!(
            "resolutions differ: {}\ntext: {text:?}",
            first_difference(&incremental, &scratch)
        ));
    }
    None
}

/// The first place two lists differ, with a few items around it.
fn first_difference<T: PartialEq + std::fmt::Debug>(incremental: &[T], scratch: &[T]) -> String {
    let at = incremental
        .iter()
        .zip(scratch)
        .position(|(a, b)| a != b)
        .unwrap_or(incremental.len().min(scratch.len()));
    let around = |v: &[T]| {
        let from = at.saturating_sub(2);
        format!("{:?}", &v[from.min(v.len())..(at + 3).min(v.len())])
    };
    format!(
        "at item {at} (of {} incremental, {} from scratch)\n incremental: {}\n from scratch: {}",
        incremental.len(),
        scratch.len(),
        around(incremental),
        around(scratch)
    )
}
