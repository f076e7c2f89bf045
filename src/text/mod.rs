//! Text primitives shared by the scanner: folding, word rules and byte ↔ line/column conversion. Pure functions over `&str` and `Rope`;
//! nothing here knows about glossaries or LSP.

pub mod fold;
pub mod packed;
pub mod position;
pub mod segment;
pub mod stem;
pub mod words;

/// Every concatenation of at most `n` of `pieces` (repeats allowed), each
/// string once, in order: exhaustive inputs for the tests of text rules.
#[cfg(test)]
pub(crate) fn every_concatenation(pieces: &[&str], n: usize) -> Vec<String> {
    let mut all = std::collections::BTreeSet::from([String::new()]);
    let mut longest = vec![String::new()];
    for _ in 0..n {
        longest = longest
            .iter()
            .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
            .collect();
        longest.sort();
        longest.dedup();
        all.extend(longest.iter().cloned());
    }
    all.into_iter().collect()
}
