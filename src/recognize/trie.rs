//! A byte trie over the matcher's folded patterns, walked from the positions
//! of the folded text where a valid match can start.
//!
//! Why not an unanchored automaton: a match must start where a word may
//! start (see [`crate::recognize::matcher`]), so an overlapping
//! Aho-Corasick search reports mostly matches inside words that validation
//! then throws away. Walking a trie from the few allowed starts finds the
//! same (start, end, pattern) triples with fewer steps, and the trie is
//! built from sorted patterns with no failure links, in depth-first order
//! (below its top levels, in groups of subtrees on the rayon pool, numbered
//! as one pass would). Runs of bytes with no branch and no pattern ending
//! are one node with a *tail* (path compression): a 300,000-label glossary
//! has 320,000 patterns of 7 million bytes in all, but 420,000 nodes: only
//! branch points and pattern ends become nodes. A node with many edges (the first levels: every letter
//! follows "t") finds its child in a dense row of 256 entries, one load,
//! instead of searching its edge bytes.
//!
//! Owns only the pattern bytes; must not know what a pattern means.

use super::wire;

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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

/// A node is written as its six numbers, one after the other.
impl wire::Fixed for Node {
    const SIZE: usize = 24;
    fn put(self, out: &mut Vec<u8>) {
        for n in [
            self.first_edge,
            self.edges,
            self.pattern,
            self.tail_start,
            self.tail_len,
            self.row,
        ] {
            n.put(out);
        }
    }
    fn get(bytes: &[u8]) -> Node {
        let n = |i: usize| u32::get(&bytes[i * 4..i * 4 + 4]);
        Node {
            first_edge: n(0),
            edges: n(1),
            pattern: n(2),
            tail_start: n(3),
            tail_len: n(4),
            row: n(5),
        }
    }
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

#[derive(serde::Serialize, serde::Deserialize)]
pub struct PatternTrie {
    /// The root's child for each byte (0 = none): the first step is one load.
    #[serde(with = "wire::table")]
    root: Box<[u32; 256]>,
    /// Node 0 is the root; the top levels come first, then each subtree
    /// depth first (preorder), so a walk along one pattern mostly steps to
    /// the next node in memory.
    #[serde(with = "wire")]
    nodes: Vec<Node>,
    #[serde(with = "wire")]
    edge_bytes: Vec<u8>,
    #[serde(with = "wire")]
    edge_targets: Vec<u32>,
    /// The tails of all nodes, one after the other.
    #[serde(with = "wire")]
    tails: Vec<u8>,
    /// Rows of 256 children (0 = none) of the nodes with many edges.
    #[serde(with = "wire")]
    dense: Vec<u32>,
    max_len: usize,
}

/// Bytes `depth..depth + 8` of `pattern` as a big-endian number,
/// zero-padded, with how many of them the pattern has (0 to 8): among
/// patterns that share their first `depth` bytes, these order as the
/// patterns do (a pattern that stops sooner sorts first, even before a
/// zero byte).
fn chunk_key(pattern: &[u8], depth: usize) -> (u64, u64) {
    let rest = pattern.get(depth..).unwrap_or_default();
    let n = rest.len().min(8);
    let mut chunk = [0u8; 8];
    chunk[..n].copy_from_slice(&rest[..n]);
    (u64::from_be_bytes(chunk), n as u64)
}

/// The indices of the non-empty `patterns` in the order of their bytes,
/// each pattern once (the first index of equal patterns).
///
/// Sorted eight bytes at a time: all by their first eight bytes (keys in
/// the sorted list, no pattern read), then each run that shares those and
/// goes on by the next eight, and so on. A comparison sort that read the
/// patterns to settle ties took most of a 300,000-label build: labels share
/// long prefixes ("united nations ...") and each tie cost two loads from
/// places in no order; here each pattern is read once per eight bytes it
/// shares with another. The runs are split in parts of at least
/// `part_patterns` patterns on the pool; the order is the same whatever the
/// parts.
fn sorted_order<P: AsRef<[u8]> + Sync>(patterns: &[P], part_patterns: usize) -> Vec<u32> {
    use rayon::prelude::*;
    let mut keyed: Vec<(u64, u64)> = (0..patterns.len() as u32)
        .into_par_iter()
        .filter(|&i| !patterns[i as usize].as_ref().is_empty())
        .map(|i| sort_key(patterns, i, 0))
        .collect();
    keyed.par_sort_unstable();
    // Runs that share their first eight bytes are split on their own:
    // cut into parts of about `part_patterns` between runs, on the pool.
    let mut parts: Vec<&mut [(u64, u64)]> = Vec::new();
    let mut rest = keyed.as_mut_slice();
    loop {
        let mut cut = part_patterns.max(1).min(rest.len());
        while cut < rest.len() && same_chunk(rest[cut - 1], rest[cut]) {
            cut += 1;
        }
        if cut == 0 {
            break;
        }
        let (part, after) = rest.split_at_mut(cut);
        parts.push(part);
        rest = after;
    }
    let orders: Vec<Vec<u32>> = parts
        .into_par_iter()
        .with_max_len(1)
        .map(|part| split_runs(patterns, part))
        .collect();
    orders.concat()
}

/// The sort key of pattern `i` from byte `depth` on: (chunk, bytes in the
/// chunk << 32 | index), ordered by chunk, then length, then index, so
/// that equal patterns have their first index first.
fn sort_key<P: AsRef<[u8]>>(patterns: &[P], i: u32, depth: usize) -> (u64, u64) {
    let (chunk, n) = chunk_key(patterns[i as usize].as_ref(), depth);
    (chunk, n << 32 | u64::from(i))
}

/// Whether two sort keys have the same chunk (bytes and length).
fn same_chunk(a: (u64, u64), b: (u64, u64)) -> bool {
    a.0 == b.0 && a.1 >> 32 == b.1 >> 32
}

/// The patterns of `keyed` (sorted by their first eight bytes, whole runs
/// of them) in sorted order, each once: each run that shares eight bytes is
/// keyed by the next eight and sorted, and so on.
fn split_runs<P: AsRef<[u8]>>(patterns: &[P], keyed: &mut [(u64, u64)]) -> Vec<u32> {
    let mut order: Vec<u32> = Vec::with_capacity(keyed.len());
    // What is left to do, the next on top: split a run of `keyed` whose
    // patterns share their first `depth` bytes, or take a pattern.
    enum Step {
        Split(usize, usize, usize),
        Take(u32),
    }
    let mut steps = vec![Step::Split(0, keyed.len(), 0)];
    let mut found: Vec<Step> = Vec::new();
    while let Some(step) = steps.pop() {
        let (lo, hi, depth) = match step {
            Step::Take(i) => {
                order.push(i);
                continue;
            }
            Step::Split(lo, hi, depth) => (lo, hi, depth),
        };
        if depth > 0 {
            for item in &mut keyed[lo..hi] {
                *item = sort_key(patterns, item.1 as u32, depth);
            }
            keyed[lo..hi].sort_unstable();
        }
        let mut start = lo;
        while start < hi {
            let mut end = start + 1;
            while end < hi && same_chunk(keyed[start], keyed[end]) {
                end += 1;
            }
            found.push(if keyed[start].1 >> 32 == 8 && end - start > 1 {
                // Eight bytes alike: the patterns may go on and differ.
                Step::Split(start, end, depth + 8)
            } else {
                // One pattern, or equal ones: the first index.
                Step::Take(keyed[start].1 as u32)
            });
            start = end;
        }
        // Reversed, so that the first is taken next.
        steps.extend(found.drain(..).rev());
    }
    order
}

impl std::fmt::Debug for PatternTrie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PatternTrie")
            .field("nodes", &self.nodes.len())
            .finish()
    }
}

/// The patterns in sorted order, duplicates removed: `bytes(k)` is the
/// `k`th.
struct Sorted<'p, P> {
    patterns: &'p [P],
    order: Vec<u32>,
}

impl<P: AsRef<[u8]>> Sorted<'_, P> {
    #[inline]
    fn bytes(&self, k: usize) -> &[u8] {
        self.patterns[self.order[k] as usize].as_ref()
    }
}

/// A node waiting to be numbered: the edge leading to it (none for the
/// root), the range of sorted patterns sharing its first `depth` bytes, and
/// `depth`.
type Item = (Option<usize>, usize, usize, usize);

/// Nodes, edges and tails being laid out: the whole trie's, or one group
/// of subtrees' (numbered from 0, moved into place after).
#[derive(Default)]
struct Layout {
    nodes: Vec<Node>,
    edge_bytes: Vec<u8>,
    edge_targets: Vec<u32>,
    tails: Vec<u8>,
}

impl Layout {
    /// Room for what `patterns` patterns of `pattern_bytes` bytes in all
    /// usually make: at most two nodes and edges per pattern (every node
    /// but the root ends a pattern or branches), about 1.3 in labels, and
    /// tails of about a third of the bytes (300,000 labels: 1.31 nodes,
    /// 1.27 edges, 0.37 of the bytes). A group that needs more grows; its
    /// lists are freed once moved into place.
    fn with_room(patterns: usize, pattern_bytes: usize) -> Layout {
        let items = patterns + patterns / 2 + 1;
        Layout {
            nodes: Vec::with_capacity(items),
            edge_bytes: Vec::with_capacity(items),
            edge_targets: Vec::with_capacity(items),
            tails: Vec::with_capacity(pattern_bytes / 2),
        }
    }

    /// Numbers the node of sorted patterns `lo..hi`, which share their first
    /// `depth` bytes: below the root (`entered`), it takes as its tail the
    /// bytes all its patterns share next, up to where one of them ends.
    /// Leaves in `children` each child's edge and range; returns the node's
    /// number and its depth after the tail.
    fn take<P: AsRef<[u8]>>(
        &mut self,
        sorted: &Sorted<'_, P>,
        entered: bool,
        (mut lo, hi, mut depth): (usize, usize, usize),
        children: &mut Vec<(usize, usize, usize)>,
    ) -> (u32, usize) {
        let node = self.nodes.len() as u32;
        let tail_start = self.tails.len();
        if entered {
            // Sorted: the first pattern is the shortest, and the first
            // and last agree on a byte only if all between do.
            let (first, last) = (sorted.bytes(lo), sorted.bytes(hi - 1));
            while first.len() > depth && first[depth] == last[depth] {
                self.tails.push(first[depth]);
                depth += 1;
            }
        }
        let mut pattern = NO_PATTERN;
        if lo < hi && sorted.bytes(lo).len() == depth {
            pattern = sorted.order[lo];
            lo += 1;
        }
        let first_edge = self.edge_bytes.len();
        children.clear();
        while lo < hi {
            let b = sorted.bytes(lo)[depth];
            // The patterns with byte `b` here are a run of the sorted
            // range; its end is found by galloping, then halving: near
            // the root a run holds thousands of patterns, and reading
            // each (two loads away, in no order) was most of the build.
            let same = |k: usize| sorted.bytes(k)[depth] == b;
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
            children.push((self.edge_bytes.len(), lo, end));
            self.edge_bytes.push(b);
            self.edge_targets.push(0);
            lo = end;
        }
        self.nodes.push(Node {
            first_edge: first_edge as u32,
            edges: (self.edge_bytes.len() - first_edge) as u32,
            pattern,
            tail_start: tail_start as u32,
            tail_len: (self.tails.len() - tail_start) as u32,
            row: NO_ROW,
        });
        (node, depth)
    }

    /// The subtrees of `items` (each entered by an edge of the top levels),
    /// one after the other, each numbered depth first (preorder) from an
    /// explicit stack: labels can be long. Returns the layout and each
    /// item's root.
    fn depth_first<P: AsRef<[u8]>>(sorted: &Sorted<'_, P>, items: &[Item]) -> (Layout, Vec<u32>) {
        let (patterns, bytes) = items
            .iter()
            .flat_map(|&(_, lo, hi, _)| lo..hi)
            .fold((0, 0), |(n, b), k| (n + 1, b + sorted.bytes(k).len()));
        let mut layout = Layout::with_room(patterns, bytes);
        let mut roots = Vec::with_capacity(items.len());
        let mut stack: Vec<Item> = Vec::new();
        let mut children = Vec::new();
        for &(_, lo, hi, depth) in items {
            stack.push((None, lo, hi, depth));
            while let Some((edge, lo, hi, depth)) = stack.pop() {
                let (node, depth) = layout.take(sorted, true, (lo, hi, depth), &mut children);
                match edge {
                    Some(e) => layout.edge_targets[e] = node,
                    None => roots.push(node),
                }
                // Reversed, so the first child is taken next.
                for &(e, clo, chi) in children.iter().rev() {
                    stack.push((Some(e), clo, chi, depth + 1));
                }
            }
        }
        (layout, roots)
    }

    /// Appends `group` (laid out by [`Layout::depth_first`] for `items`),
    /// renumbered to follow what is here, and points each item's edge at its
    /// root.
    fn append(&mut self, group: Layout, roots: &[u32], items: &[Item]) {
        let node_base = self.nodes.len() as u32;
        let edge_base = self.edge_bytes.len() as u32;
        let tail_base = self.tails.len() as u32;
        for (&(edge, ..), &root) in items.iter().zip(roots) {
            if let Some(e) = edge {
                self.edge_targets[e] = node_base + root;
            }
        }
        self.nodes.extend(group.nodes.iter().map(|n| Node {
            first_edge: n.first_edge + edge_base,
            tail_start: n.tail_start + tail_base,
            ..*n
        }));
        self.edge_bytes.extend_from_slice(&group.edge_bytes);
        self.edge_targets
            .extend(group.edge_targets.iter().map(|&t| t + node_base));
        self.tails.extend_from_slice(&group.tails);
    }
}

/// Subtrees below the top levels are laid out in groups of about this many
/// patterns, on the rayon pool.
const GROUP_PATTERNS: usize = 4096;

impl PatternTrie {
    /// A trie over `patterns` (pattern `i` is reported as `i`). Duplicate
    /// patterns keep the first index; empty patterns are never reported.
    pub fn new<P: AsRef<[u8]> + Sync>(patterns: &[P]) -> PatternTrie {
        PatternTrie::built(patterns, GROUP_PATTERNS)
    }

    /// [`PatternTrie::new`], the patterns sorted and the subtrees below the
    /// top levels laid out in groups of at least `group_patterns` patterns:
    /// the trie is the same whatever the groups.
    fn built<P: AsRef<[u8]> + Sync>(patterns: &[P], group_patterns: usize) -> PatternTrie {
        use rayon::prelude::*;
        let order = sorted_order(patterns, group_patterns);
        let sorted = Sorted { patterns, order };
        let count = sorted.order.len();
        let max_len = (0..count).map(|k| sorted.bytes(k).len()).max().unwrap_or(0);
        // The top levels: a few thousand nodes, then sized exactly for the
        // groups below once they are laid out.
        let mut layout = Layout::default();
        // The nodes of the first `BREADTH_FIRST_DEPTH` levels, where every
        // walk goes, are numbered first (breadth first: a few kilobytes that
        // stay in cache); below them each subtree is numbered depth first,
        // in the order a stack of them would give (the last pushed first).
        // A node's number is written into the edge leading to it.
        let mut queue: std::collections::VecDeque<Item> =
            std::collections::VecDeque::from([(None, 0, count, 0)]);
        let mut subtrees: Vec<Item> = Vec::new();
        let mut children: Vec<(usize, usize, usize)> = Vec::new();
        while let Some((edge, lo, hi, depth)) = queue.pop_front() {
            let (node, depth) =
                layout.take(&sorted, edge.is_some(), (lo, hi, depth), &mut children);
            if let Some(e) = edge {
                layout.edge_targets[e] = node;
            }
            if depth < BREADTH_FIRST_DEPTH {
                for &(e, clo, chi) in &children {
                    queue.push_back((Some(e), clo, chi, depth + 1));
                }
            } else {
                for &(e, clo, chi) in children.iter().rev() {
                    subtrees.push((Some(e), clo, chi, depth + 1));
                }
            }
        }
        subtrees.reverse();
        // The subtrees in groups, laid out in parallel, then moved into
        // place in order: the numbering is the one a single pass gives.
        let mut groups: Vec<&[Item]> = Vec::new();
        let (mut from, mut in_group) = (0, 0);
        for (i, &(_, lo, hi, _)) in subtrees.iter().enumerate() {
            in_group += hi - lo;
            if in_group >= group_patterns || i + 1 == subtrees.len() {
                groups.push(&subtrees[from..=i]);
                (from, in_group) = (i + 1, 0);
            }
        }
        let laid_out: Vec<(Layout, Vec<u32>)> = groups
            .par_iter()
            .with_max_len(1)
            .map(|items| Layout::depth_first(&sorted, items))
            .collect();
        let below = |size: fn(&Layout) -> usize| laid_out.iter().map(|(g, _)| size(g)).sum();
        layout.nodes.reserve_exact(below(|g| g.nodes.len()));
        layout
            .edge_bytes
            .reserve_exact(below(|g| g.edge_bytes.len()));
        layout
            .edge_targets
            .reserve_exact(below(|g| g.edge_targets.len()));
        layout.tails.reserve_exact(below(|g| g.tails.len()));
        for ((group, roots), items) in laid_out.into_iter().zip(&groups) {
            layout.append(group, &roots, items);
        }
        let Layout {
            nodes,
            edge_bytes,
            edge_targets,
            tails,
        } = layout;
        let mut trie = PatternTrie {
            root: Box::new([0; 256]),
            nodes,
            edge_bytes,
            edge_targets,
            tails,
            dense: Vec::new(),
            max_len,
        };
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

    /// What [`sorted_order`] must give: the non-empty patterns sorted by
    /// their bytes, equal ones once, by their first index.
    fn naive_order<P: AsRef<[u8]>>(patterns: &[P]) -> Vec<u32> {
        let mut order: Vec<u32> = (0..patterns.len() as u32)
            .filter(|&i| !patterns[i as usize].as_ref().is_empty())
            .collect();
        order.sort_by(|&a, &b| {
            patterns[a as usize]
                .as_ref()
                .cmp(patterns[b as usize].as_ref())
                .then(a.cmp(&b))
        });
        order.dedup_by(|a, b| patterns[*a as usize].as_ref() == patterns[*b as usize].as_ref());
        order
    }

    /// Sorting eight bytes at a time orders patterns as their bytes:
    /// patterns that share their first 8 or 16 bytes, that stop inside or
    /// at the end of a chunk, or that hold zero bytes (the padding) are
    /// each found where they are, duplicates once.
    #[test]
    fn chunk_keys_order_patterns_as_their_bytes() {
        let patterns: Vec<&[u8]> = vec![
            b"abcdefghij",
            b"ab",
            b"ab\0",
            b"ab\0\0\0\0\0\0z",
            b"ab\0\0\0\0\0\0",
            b"abcdefgh",
            b"abcdefgha",
            b"abcdefg\xff",
            b"abcdefghabcdefgh",
            b"abcdefghabcdefgh\0",
            b"abcdefghabcdefg",
            b"abcdefgh",
            b"b",
            b"\0",
            b"",
        ];
        assert_eq!(
            sorted_order(&patterns, GROUP_PATTERNS),
            naive_order(&patterns)
        );
        let trie = PatternTrie::new(&patterns);
        for (i, p) in patterns.iter().enumerate() {
            let first = patterns
                .iter()
                .position(|q| q == p)
                .filter(|_| !p.is_empty());
            assert_eq!(trie.find(p), first, "{i} {p:?}");
        }
        assert_eq!(trie.find(b"abcdefghi"), None);
        // Random patterns of few bytes, zero among them, and lengths about
        // the chunks': long shared prefixes, duplicates.
        let mut next = numbers(3);
        let random: Vec<Vec<u8>> = (0..4000)
            .map(|_| {
                let len = next(27) as usize;
                (0..len)
                    .map(|k| {
                        if k < 9 {
                            b'a'
                        } else {
                            [0, b'a', b'b'][next(3) as usize]
                        }
                    })
                    .collect()
            })
            .collect();
        for part_patterns in [1, 3, 100, GROUP_PATTERNS] {
            assert_eq!(sorted_order(&random, part_patterns), naive_order(&random));
        }
        // Runs that share their first chunk, cut between them.
        let runs: Vec<Vec<u8>> = (0..3000)
            .map(|_| {
                let len = 1 + next(20) as usize;
                (0..len).map(|_| [b'a', b'b'][next(2) as usize]).collect()
            })
            .collect();
        for part_patterns in [1, 3, 100, GROUP_PATTERNS] {
            assert_eq!(sorted_order(&runs, part_patterns), naive_order(&runs));
        }
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
    /// A number generator for the tests (an LCG: the same numbers every run).
    fn numbers(seed: u64) -> impl FnMut(u64) -> u64 {
        let mut state = seed;
        move |n: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % n
        }
    }

    /// `count` patterns of a small, skewed alphabet: long runs of `a`,
    /// short ones of the rest, so that runs of every length share a byte.
    fn skewed_patterns(count: usize, next: &mut impl FnMut(u64) -> u64) -> Vec<String> {
        (0..count)
            .map(|_| {
                let len = 1 + next(7) as usize;
                (0..len)
                    .map(|_| match next(10) {
                        0..=5 => 'a',
                        6 | 7 => 'b',
                        8 => 'c',
                        _ => (b'd' + next(20) as u8) as char,
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn runs_of_every_length_are_split_where_their_byte_changes() {
        let mut next = numbers(0x9e37_79b9_7f4a_7c15);
        let patterns = skewed_patterns(3000, &mut next);
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

    /// The subtrees are laid out in groups, in parallel: the trie is the
    /// one a single pass lays out (one group), node for node, whatever the
    /// groups (one subtree each, or a few patterns each).
    #[test]
    fn the_trie_is_the_same_whatever_its_groups() {
        let mut next = numbers(7);
        let mut patterns = skewed_patterns(5000, &mut next);
        // Long shared runs and prefixes of one another, as labels have.
        patterns.extend(
            [
                "united nations",
                "united nations security council",
                "united",
                "u",
                "",
            ]
            .iter()
            .map(|s| s.to_string()),
        );
        let whole = PatternTrie::built(&patterns, usize::MAX);
        for group_patterns in [1, 2, 7, 100, GROUP_PATTERNS] {
            let grouped = PatternTrie::built(&patterns, group_patterns);
            assert_eq!(grouped.root, whole.root, "{group_patterns}");
            assert_eq!(grouped.nodes, whole.nodes, "{group_patterns}");
            assert_eq!(grouped.edge_bytes, whole.edge_bytes, "{group_patterns}");
            assert_eq!(grouped.edge_targets, whole.edge_targets, "{group_patterns}");
            assert_eq!(grouped.tails, whole.tails, "{group_patterns}");
            assert_eq!(grouped.dense, whole.dense, "{group_patterns}");
        }
        for (i, p) in patterns.iter().enumerate() {
            let found = whole.find(p.as_bytes()).map(|j| patterns[j].as_str());
            assert_eq!(found, (!p.is_empty()).then_some(p.as_str()), "{i}");
        }
    }
}
