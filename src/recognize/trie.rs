//! A byte trie over the matcher's folded patterns, walked from the positions
//! of the folded text where a valid match can start.
//!
//! Why not an unanchored automaton: a match must start where a word may
//! start (see [`crate::recognize::matcher`]), so an overlapping
//! Aho-Corasick search reports mostly matches inside words that validation
//! then throws away. Walking a trie from the few allowed starts finds the
//! same (start, end, pattern) triples with fewer steps, and the trie is
//! built from sorted patterns in one pass with no failure links, in
//! compressed-row form (13 bytes per node).
//!
//! Owns only the pattern bytes; must not know what a pattern means.

/// Node 0 is the root. `NO_PATTERN` marks a node where no pattern ends.
const NO_PATTERN: u32 = u32::MAX;

pub struct PatternTrie {
    /// The root's child for each byte (0 = none): the first step is one load.
    root: Box<[u32; 256]>,
    /// Node `n`'s edges are `edge_bytes[edge_start[n]..edge_start[n + 1]]`
    /// (sorted) and the same range of `edge_targets`.
    edge_start: Vec<u32>,
    edge_bytes: Vec<u8>,
    edge_targets: Vec<u32>,
    /// The pattern ending at each node, or `NO_PATTERN`.
    pattern: Vec<u32>,
    max_len: usize,
}

impl std::fmt::Debug for PatternTrie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PatternTrie")
            .field("nodes", &self.pattern.len())
            .finish()
    }
}

impl PatternTrie {
    /// A trie over `patterns` (pattern `i` is reported as `i`). Duplicate
    /// patterns keep the first index; empty patterns are never reported.
    pub fn new(patterns: &[String]) -> PatternTrie {
        let mut order: Vec<u32> = (0..patterns.len() as u32)
            .filter(|&i| !patterns[i as usize].is_empty())
            .collect();
        order.sort_by(|&a, &b| {
            patterns[a as usize]
                .as_bytes()
                .cmp(patterns[b as usize].as_bytes())
                .then(a.cmp(&b))
        });
        order.dedup_by(|a, b| patterns[*a as usize] == patterns[*b as usize]);
        let bytes = |i: u32| patterns[i as usize].as_bytes();
        let mut trie = PatternTrie {
            root: Box::new([0; 256]),
            edge_start: vec![0],
            edge_bytes: Vec::new(),
            edge_targets: Vec::new(),
            pattern: vec![NO_PATTERN],
            max_len: order.iter().map(|&i| bytes(i).len()).max().unwrap_or(0),
        };
        // Breadth first: node `n` is expanded as the `n`-th item, so its
        // edges are appended in node order (compressed rows). Each item: the
        // node and the range of `order` sharing its `depth`-byte prefix.
        let mut queue: std::collections::VecDeque<(u32, usize, usize, usize)> =
            std::collections::VecDeque::new();
        queue.push_back((0, 0, order.len(), 0));
        while let Some((node, mut lo, hi, depth)) = queue.pop_front() {
            if lo < hi && bytes(order[lo]).len() == depth {
                trie.pattern[node as usize] = order[lo];
                lo += 1;
            }
            while lo < hi {
                let b = bytes(order[lo])[depth];
                let mut end = lo + 1;
                while end < hi && bytes(order[end])[depth] == b {
                    end += 1;
                }
                let child = trie.pattern.len() as u32;
                trie.pattern.push(NO_PATTERN);
                trie.edge_bytes.push(b);
                trie.edge_targets.push(child);
                if node == 0 {
                    trie.root[b as usize] = child;
                }
                queue.push_back((child, lo, end, depth + 1));
                lo = end;
            }
            trie.edge_start.push(trie.edge_bytes.len() as u32);
        }
        trie
    }

    /// Whether some pattern starts with byte `b`.
    #[inline]
    pub fn starts_with_byte(&self, b: u8) -> bool {
        self.root[b as usize] != 0
    }

    /// Bytes of the longest pattern.
    pub fn max_len(&self) -> usize {
        self.max_len
    }

    /// Calls `found(end, pattern)` for every pattern that `haystack[at..]`
    /// starts with, shortest first.
    #[inline]
    pub fn prefixes_at(&self, haystack: &[u8], at: usize, mut found: impl FnMut(usize, usize)) {
        let Some(&first) = haystack.get(at) else {
            return;
        };
        let mut node = self.root[first as usize];
        let mut pos = at + 1;
        while node != 0 {
            let n = node as usize;
            let p = self.pattern[n];
            if p != NO_PATTERN {
                found(pos, p as usize);
            }
            let Some(&b) = haystack.get(pos) else {
                return;
            };
            node = self.child(n, b);
            pos += 1;
        }
    }

    #[inline]
    fn child(&self, node: usize, b: u8) -> u32 {
        let (lo, hi) = (
            self.edge_start[node] as usize,
            self.edge_start[node + 1] as usize,
        );
        let bytes = &self.edge_bytes[lo..hi];
        let found = if bytes.len() <= 8 {
            bytes.iter().position(|&x| x == b)
        } else {
            bytes.binary_search(&b).ok()
        };
        found.map_or(0, |i| self.edge_targets[lo + i])
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        256 * 4
            + self.edge_start.capacity() * 4
            + self.edge_bytes.capacity()
            + self.edge_targets.capacity() * 4
            + self.pattern.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(trie: &PatternTrie, hay: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for at in 0..hay.len() {
            trie.prefixes_at(hay.as_bytes(), at, |end, p| out.push((at, end, p)));
        }
        out
    }

    #[test]
    fn finds_every_occurrence_like_an_overlapping_search() {
        let patterns: Vec<String> = ["he", "she", "his", "hers", "h", "", "he"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let trie = PatternTrie::new(&patterns);
        assert_eq!(
            all(&trie, "ushers"),
            vec![(1, 4, 1), (2, 3, 4), (2, 4, 0), (2, 6, 3)]
        );
        assert_eq!(trie.max_len(), 4);
        assert!(trie.starts_with_byte(b'h') && !trie.starts_with_byte(b'u'));
        let empty = PatternTrie::new(&[]);
        assert!(all(&empty, "abc").is_empty());
    }

    #[test]
    fn wide_nodes_use_binary_search() {
        let patterns: Vec<String> = (b'a'..=b'z').map(|b| format!("x{}", b as char)).collect();
        let trie = PatternTrie::new(&patterns);
        for (i, p) in patterns.iter().enumerate() {
            assert_eq!(all(&trie, p), vec![(0, 2, i)]);
        }
        assert!(all(&trie, "x").is_empty());
    }
}
