//! The hash maps of the matcher's labels: `foldhash`'s fast hasher with a
//! fixed seed (the maps are the same from run to run). Building the matcher of a large glossary hashes
//! every label a few times; the standard SipHash is built to resist hash
//! flooding, which a glossary the user wrote does not need. (A hand-written
//! FxHash stood here before: its low bits, which pick a map's bucket, were
//! weak on labels that end alike, and foldhash, already built for
//! hashbrown, made the 100,000-entry matcher build about 12 % faster.)
//!
//! Owns only hashing; must not know what is hashed.

use std::collections::HashMap;

pub type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_with_the_fast_hasher_works_like_any_map() {
        let mut m: FastMap<String, usize> = FastMap::default();
        for i in 0..1000 {
            m.insert(format!("label {i}"), i);
        }
        assert_eq!(m.len(), 1000);
        assert_eq!(m.get("label 517"), Some(&517));
        assert_eq!(m.get("label 1000"), None);
        let s: FastMap<&str, ()> = ["a", "ab", "abcdefghi", ""]
            .map(|k| (k, ()))
            .into_iter()
            .collect();
        assert!(s.contains_key("abcdefghi") && s.contains_key("") && !s.contains_key("b"));
    }
}
