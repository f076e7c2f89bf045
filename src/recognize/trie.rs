//! A byte trie over the matcher's folded patterns, walked from the positions
//! of the folded text where a valid match can start.
//!
//! Why not an unanchored automaton: a match must start where a word may
//! start (see [`crate::recognize::matcher`]), so an overlapping
//! Aho-Corasick search reports mostly matches inside words that validation
//! then throws away. Walking a trie from the few allowed starts finds the
//! same (start, end, pattern) triples with fewer steps, and the trie is
//! built from sorted patterns in one pass with no failure links, in
//! depth-first order. Runs of bytes with no branch and no pattern ending are
//! one node with a *tail* (path compression): a 300,000-label glossary has
//! about 4 million pattern bytes but only branch points and pattern ends
//! become nodes. A node with many edges (the first levels: every letter
//! follows "t") finds its child in a dense row of 256 entries, one load,
//! instead of searching its edge bytes.
//!
//! Owns only the pattern bytes; must not know what a pattern means.

/// Marks a node where no pattern ends.
const NO_PATTERN: u32 = u32::MAX;
/// Levels numbered breadth first (see [`PatternTrie::new`]).
const BREADTH_FIRST_DEPTH: usize = 2;
/// Nodes with more edges than this get a dense row of children.
const DENSE_OVER: u32 = 8;
/// Marks a node without a dense row.
const NO_ROW: u32 = u32::MAX;

/// One trie node. Entered by one edge byte, it stands for that byte and then
/// its tail `tails[tail_start..tail_start + tail_len]`, which the text must
/// also match; its edges are `edge_bytes[first_edge..first_edge + edges]`
/// (sorted) and the same range of `edge_targets`.
#[derive(Clone, Copy)]
struct Node {
    first_edge: u32,
    edges: u32,
    /// The pattern ending here (after the tail), or `NO_PATTERN`.
    pattern: u32,
    tail_start: u32,
    tail_len: u32,
    /// Where the node's dense row starts in `dense` (`NO_ROW`: none).
    row: u32,
}

/// Folded text, read one byte at a time by [`PatternTrie::walk`]: any
/// [`crate::text::fold::FoldedReader`], or a slice of folded bytes.
pub trait FoldedBytes {
    fn next_byte(&mut self) -> Option<u8>;
}

/// A folded copy, from `pos` on.
struct SliceBytes<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl FoldedBytes for SliceBytes<'_> {
    #[inline]
    fn next_byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }
}

impl<R: crate::text::fold::FoldedReader> FoldedBytes for R {
    #[inline]
    fn next_byte(&mut self) -> Option<u8> {
        crate::text::fold::FoldedReader::next_byte(self)
    }
}

pub struct PatternTrie {
    /// The root's child for each byte (0 = none): the first step is one load.
    root: Box<[u32; 256]>,
    /// Node 0 is the root; the top levels come first, then each subtree
    /// depth first (preorder), so a walk along one pattern mostly steps to
    /// the next node in memory.
    nodes: Vec<Node>,
    edge_bytes: Vec<u8>,
    edge_targets: Vec<u32>,
    /// The tails of all nodes, one after the other.
    tails: Vec<u8>,
    /// Rows of 256 children (0 = none) of the nodes with many edges.
    dense: Vec<u32>,
    max_len: usize,
}

/// The first 8 bytes of `pattern` as a big-endian number, zero-padded:
/// patterns whose keys differ order as their keys do.
fn prefix_key(pattern: &[u8]) -> u64 {
    let mut key = [0u8; 8];
    let n = pattern.len().min(8);
    key[..n].copy_from_slice(&pattern[..n]);
    u64::from_be_bytes(key)
}

impl std::fmt::Debug for PatternTrie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PatternTrie")
            .field("nodes", &self.nodes.len())
            .finish()
    }
}

impl PatternTrie {
    /// A trie over `patterns` (pattern `i` is reported as `i`). Duplicate
    /// patterns keep the first index; empty patterns are never reported.
    pub fn new<P: AsRef<[u8]> + Sync>(patterns: &[P]) -> PatternTrie {
        // Sorted by pattern, each keyed by its first 8 bytes (zero-padded,
        // big-endian, so that keys order as the bytes do): most comparisons
        // are settled by the keys, without reading the patterns.
        let mut keyed: Vec<(u64, u32)> = (0..patterns.len() as u32)
            .filter(|&i| !patterns[i as usize].as_ref().is_empty())
            .map(|i| (prefix_key(patterns[i as usize].as_ref()), i))
            .collect();
        use rayon::slice::ParallelSliceMut;
        keyed.par_sort_unstable_by(|&(ka, a), &(kb, b)| {
            ka.cmp(&kb)
                .then_with(|| {
                    patterns[a as usize]
                        .as_ref()
                        .cmp(patterns[b as usize].as_ref())
                })
                .then(a.cmp(&b))
        });
        let mut order: Vec<u32> = keyed.iter().map(|&(_, i)| i).collect();
        drop(keyed);
        order.dedup_by(|a, b| patterns[*a as usize].as_ref() == patterns[*b as usize].as_ref());
        // The `k`th pattern in sorted order.
        let bytes = |k: usize| patterns[order[k] as usize].as_ref();
        let mut trie = PatternTrie {
            // Reserved for the most the patterns can make: every node but
            // the root ends a pattern or branches, so there are at most two
            // per pattern, and the tails hold at most every pattern byte.
            // Growing by doubling would copy them and leave the old copies
            // resident; pages never written are never resident, and the
            // rest is given back below.
            root: Box::new([0; 256]),
            nodes: Vec::with_capacity(2 * order.len() + 1),
            edge_bytes: Vec::with_capacity(2 * order.len()),
            edge_targets: Vec::with_capacity(2 * order.len()),
            tails: Vec::with_capacity((0..order.len()).map(|k| bytes(k).len()).sum()),
            dense: Vec::new(),
            max_len: (0..order.len()).map(|k| bytes(k).len()).max().unwrap_or(0),
        };
        // The nodes of the first `BREADTH_FIRST_DEPTH` levels, where every
        // walk goes, are numbered first (breadth first: a few kilobytes that
        // stay in cache); below them each subtree is numbered depth first
        // with an explicit stack (labels can be long). Each item: the edge
        // leading to the node (none for the root) and the range of `order`
        // sharing the node's `depth`-byte prefix. A node's number is given
        // when it is taken, and written into its edge then. Below the root,
        // a node takes as its tail the bytes all its patterns share next, up
        // to where one of them ends.
        type Item = (Option<usize>, usize, usize, usize);
        let mut queue: std::collections::VecDeque<Item> =
            std::collections::VecDeque::from([(None, 0, order.len(), 0)]);
        let mut stack: Vec<Item> = Vec::new();
        let mut children: Vec<(usize, usize, usize)> = Vec::new();
        while let Some((edge, mut lo, hi, mut depth)) = queue.pop_front().or_else(|| stack.pop()) {
            let node = trie.nodes.len() as u32;
            let tail_start = trie.tails.len();
            if let Some(e) = edge {
                trie.edge_targets[e] = node;
                // Sorted: the first pattern is the shortest, and the first
                // and last agree on a byte only if all between do.
                let (first, last) = (bytes(lo), bytes(hi - 1));
                while first.len() > depth && first[depth] == last[depth] {
                    trie.tails.push(first[depth]);
                    depth += 1;
                }
            }
            let mut pattern = NO_PATTERN;
            if lo < hi && bytes(lo).len() == depth {
                pattern = order[lo];
                lo += 1;
            }
            let first_edge = trie.edge_bytes.len();
            children.clear();
            while lo < hi {
                let b = bytes(lo)[depth];
                // The patterns with byte `b` here are a run of the sorted
                // range; its end is found by galloping, then halving: near
                // the root a run holds thousands of patterns, and reading
                // each (two loads away, in no order) was most of the build.
                let same = |k: usize| bytes(k)[depth] == b;
                let mut step = 1;
                let mut known = lo; // the last index known to be in the run
                while known + step < hi && same(known + step) {
                    known += step;
                    step *= 2;
                }
                // The run ends in (known, known + step]: halve that.
                let (mut end, mut outside) = (known + 1, (known + step).min(hi));
                while end < outside {
                    let mid = end + (outside - end) / 2;
                    if same(mid) {
                        end = mid + 1;
                    } else {
                        outside = mid;
                    }
                }
                children.push((trie.edge_bytes.len(), lo, end));
                trie.edge_bytes.push(b);
                trie.edge_targets.push(0);
                lo = end;
            }
            trie.nodes.push(Node {
                first_edge: first_edge as u32,
                edges: (trie.edge_bytes.len() - first_edge) as u32,
                pattern,
                tail_start: tail_start as u32,
                tail_len: (trie.tails.len() - tail_start) as u32,
                row: NO_ROW,
            });
            if depth < BREADTH_FIRST_DEPTH {
                for &(e, clo, chi) in &children {
                    queue.push_back((Some(e), clo, chi, depth + 1));
                }
            } else {
                // Reversed, so the first child is taken next.
                for &(e, clo, chi) in children.iter().rev() {
                    stack.push((Some(e), clo, chi, depth + 1));
                }
            }
        }
        for (e, &b) in trie.edge_bytes[..trie.nodes[0].edges as usize]
            .iter()
            .enumerate()
        {
            trie.root[b as usize] = trie.edge_targets[e];
        }
        let rows = trie.nodes[1..]
            .iter()
            .filter(|n| n.edges > DENSE_OVER)
            .count();
        trie.dense.reserve_exact(rows * 256);
        for i in 0..trie.nodes.len() {
            let n = trie.nodes[i];
            if i == 0 || n.edges <= DENSE_OVER {
                continue;
            }
            let row = trie.dense.len();
            trie.dense.resize(row + 256, 0);
            let edges = n.first_edge as usize..(n.first_edge + n.edges) as usize;
            for e in edges {
                trie.dense[row + trie.edge_bytes[e] as usize] = trie.edge_targets[e];
            }
            trie.nodes[i].row = row as u32;
        }
        trie.nodes.shrink_to_fit();
        trie.edge_bytes.shrink_to_fit();
        trie.edge_targets.shrink_to_fit();
        trie.tails.shrink_to_fit();
        trie
    }

    /// Whether some pattern starts with byte `b`.
    #[inline]
    pub fn starts_with_byte(&self, b: u8) -> bool {
        self.root[b as usize] != 0
    }

    /// The pattern that is exactly `bytes`, if any.
    pub fn find(&self, bytes: &[u8]) -> Option<usize> {
        let mut exact = None;
        self.prefixes_at(bytes, 0, |end, pattern| {
            if end == bytes.len() {
                exact = Some(pattern);
            }
        });
        exact
    }

    /// Bytes of the longest pattern.
    pub fn max_len(&self) -> usize {
        self.max_len
    }

    /// Calls `found(end, pattern)` for every pattern that `haystack[at..]`
    /// starts with, shortest first.
    #[inline]
    pub fn prefixes_at(&self, haystack: &[u8], at: usize, mut found: impl FnMut(usize, usize)) {
        let mut bytes = SliceBytes {
            bytes: haystack,
            pos: at,
        };
        self.walk(&mut bytes, |b, pattern| found(b.pos, pattern));
    }

    /// Calls `found(bytes, pattern)` for every pattern that the folded
    /// `bytes` start with, shortest first, with `bytes` just past the
    /// pattern's last byte.
    #[inline]
    pub fn walk<B: FoldedBytes>(&self, bytes: &mut B, mut found: impl FnMut(&B, usize)) {
        let Some(first) = bytes.next_byte() else {
            return;
        };
        let mut node = self.root[first as usize];
        while node != 0 {
            let n = self.nodes[node as usize];
            for &t in &self.tails[n.tail_start as usize..][..n.tail_len as usize] {
                if bytes.next_byte() != Some(t) {
                    return;
                }
            }
            if n.pattern != NO_PATTERN {
                found(bytes, n.pattern as usize);
            }
            let Some(b) = bytes.next_byte() else {
                return;
            };
            node = self.child(n, b);
        }
    }

    #[inline]
    fn child(&self, node: Node, b: u8) -> u32 {
        if node.row != NO_ROW {
            return self.dense[node.row as usize + b as usize];
        }
        let lo = node.first_edge as usize;
        let hi = lo + node.edges as usize;
        // At most `DENSE_OVER` edge bytes.
        let found = self.edge_bytes[lo..hi].iter().position(|&x| x == b);
        found.map_or(0, |i| self.edge_targets[lo + i])
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        256 * 4
            + self.nodes.capacity() * std::mem::size_of::<Node>()
            + self.edge_bytes.capacity()
            + self.edge_targets.capacity() * 4
            + self.tails.capacity()
            + self.dense.capacity() * 4
    }

    /// Number of nodes (the root included).
    #[cfg(test)]
    fn node_count(&self) -> usize {
        self.nodes.len()
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
        let empty = PatternTrie::new::<&str>(&[]);
        assert!(all(&empty, "abc").is_empty());
    }

    #[test]
    fn wide_nodes_find_children_in_their_dense_row() {
        let patterns: Vec<String> = (b'a'..=b'z').map(|b| format!("x{}", b as char)).collect();
        let trie = PatternTrie::new(&patterns);
        for (i, p) in patterns.iter().enumerate() {
            assert_eq!(all(&trie, p), vec![(0, 2, i)]);
        }
        assert!(all(&trie, "x").is_empty());
        assert!(all(&trie, "x{").is_empty() && all(&trie, "x`").is_empty());
        assert_eq!(trie.dense.len(), 256, "one dense row: the node after x");
    }

    /// The sort by 8-byte keys orders patterns as their bytes: patterns that
    /// share their first 8 bytes, that are shorter than 8 bytes, or that hold
    /// zero bytes (the padding) are each found where they are.
    #[test]
    fn prefix_keys_order_patterns_as_their_bytes() {
        let patterns: Vec<&[u8]> = vec![
            b"abcdefghij",
            b"ab",
            b"ab\0",
            b"ab\0\0\0\0\0\0z",
            b"abcdefgh",
            b"abcdefgha",
            b"abcdefg\xff",
            b"b",
            b"\0",
        ];
        for a in &patterns {
            for b in &patterns {
                if prefix_key(a) != prefix_key(b) {
                    assert_eq!(prefix_key(a).cmp(&prefix_key(b)), a.cmp(b), "{a:?} {b:?}");
                }
            }
        }
        let trie = PatternTrie::new(&patterns);
        for (i, p) in patterns.iter().enumerate() {
            assert_eq!(trie.find(p), Some(i), "{p:?}");
        }
        assert_eq!(trie.find(b"abcdefghi"), None);
    }

    /// Path compression keeps every match: patterns that are prefixes of
    /// one another, share long runs, or end inside another's tail.
    #[test]
    fn tails_find_the_same_matches_as_a_naive_search() {
        let words = [
            "united nations",
            "united nations security council",
            "united nations general assembly",
            "united",
            "unite",
            "u",
            "shanghai cooperation organisation",
            "shanghai",
            "sh",
            "abc",
            "abd",
            "abcdefgh",
        ];
        let patterns: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        let trie = PatternTrie::new(&patterns);
        let hay = "the united nations security council met; shanghai cooperation organisation; abcdefg abcdefgh united nations general assembl";
        let mut naive = Vec::new();
        for at in 0..hay.len() {
            let mut here: Vec<(usize, usize, usize)> = patterns
                .iter()
                .enumerate()
                .filter(|(_, p)| hay[at..].starts_with(p.as_str()))
                .map(|(i, p)| (at, at + p.len(), i))
                .collect();
            here.sort_by_key(|&(_, end, _)| end);
            naive.extend(here);
        }
        assert_eq!(all(&trie, hay), naive);
        // Compressed: far fewer nodes than pattern bytes.
        let bytes: usize = patterns.iter().map(String::len).sum();
        assert!(trie.node_count() < bytes / 3, "{} nodes", trie.node_count());
    }

    /// Runs of every length (one pattern to thousands sharing a byte at a
    /// depth), so that the galloping search for a run's end is taken at
    /// every size: each pattern is found as itself, and a text made of
    /// patterns gives what a naive search gives.
    #[test]
    fn runs_of_every_length_are_split_where_their_byte_changes() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        let mut patterns: Vec<String> = Vec::new();
        for _ in 0..3000 {
            // A small alphabet, skewed: long runs of `a`, short ones of the rest.
            let len = 1 + next(7) as usize;
            let word: String = (0..len)
                .map(|_| match next(10) {
                    0..=5 => 'a',
                    6 | 7 => 'b',
                    8 => 'c',
                    _ => (b'd' + next(20) as u8) as char,
                })
                .collect();
            patterns.push(word);
        }
        let trie = PatternTrie::new(&patterns);
        for p in &patterns {
            let found = trie.find(p.as_bytes()).map(|i| patterns[i].as_str());
            assert_eq!(found, Some(p.as_str()));
        }
        let hay: String = (0..200)
            .map(|_| patterns[next(3000) as usize].as_str())
            .collect();
        let mut naive = Vec::new();
        for at in 0..hay.len() {
            let mut ends: Vec<usize> = patterns
                .iter()
                .filter(|p| hay[at..].starts_with(p.as_str()))
                .map(|p| at + p.len())
                .collect();
            ends.sort_unstable();
            ends.dedup();
            naive.extend(ends.into_iter().map(|end| (at, end)));
        }
        let found: Vec<(usize, usize)> = all(&trie, &hay)
            .into_iter()
            .map(|(a, e, _)| (a, e))
            .collect();
        assert_eq!(found, naive);
    }
}
