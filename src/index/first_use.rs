//! Where each key (a surface, a token) is first used in a document, and how
//! often, kept up to date from the edited region only.
//!
//! Owns the bookkeeping; the caller says which items an edit removed and
//! added, and how to find a key's first use when the old one was removed
//! (searching from where the edit's window starts, since nothing before it
//! changed).

use std::collections::HashMap;
use std::hash::Hash;
use std::ops::Range;

#[derive(Debug, Clone)]
pub struct FirstUses<K> {
    /// key → (count, byte offset of its first use)
    map: HashMap<K, (u32, usize)>,
}

impl<K> Default for FirstUses<K> {
    fn default() -> Self {
        FirstUses {
            map: HashMap::new(),
        }
    }
}

impl<K: Hash + Eq + Clone + Ord> FirstUses<K> {
    /// `removed`: (start, key) in old coordinates, all starting in `old_range`;
    /// `added`: (start, key) in new coordinates; `delta`: the edit's length change.
    pub fn update(
        &mut self,
        removed: &[(usize, K)],
        old_range: Range<usize>,
        delta: isize,
        added: &[(usize, K)],
        find_first: impl Fn(&K) -> Option<usize>,
    ) {
        let mut dirty: Vec<K> = Vec::new();
        for (pos, k) in removed {
            if let Some(e) = self.map.get_mut(k) {
                e.0 -= 1;
                if e.1 == *pos {
                    dirty.push(k.clone());
                }
            }
        }
        for e in self.map.values_mut() {
            if e.1 >= old_range.end {
                e.1 = (e.1 as isize + delta) as usize;
            }
        }
        for (pos, k) in added {
            let e = self.map.entry(k.clone()).or_insert((0, usize::MAX));
            e.0 += 1;
            e.1 = e.1.min(*pos);
        }
        dirty.sort();
        dirty.dedup();
        for k in dirty {
            match self.map.get(&k).map(|e| e.0) {
                Some(0) | None => {
                    self.map.remove(&k);
                }
                Some(_) => match find_first(&k) {
                    Some(first) => {
                        if let Some(e) = self.map.get_mut(&k) {
                            e.1 = first;
                        }
                    }
                    None => {
                        self.map.remove(&k);
                    }
                },
            }
        }
        self.map.retain(|_, e| e.0 > 0);
    }

    /// The first use and count of `key`, if it is used.
    pub fn get(&self, key: &K) -> Option<(usize, u32)> {
        self.map.get(key).map(|&(count, first)| (first, count))
    }

    /// (key, first use, count), ordered by first use.
    pub fn sorted(&self) -> Vec<(K, usize, u32)> {
        let mut v: Vec<(K, usize, u32)> = self
            .map
            .iter()
            .map(|(k, e)| (k.clone(), e.1, e.0))
            .collect();
        v.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
        v
    }
}
