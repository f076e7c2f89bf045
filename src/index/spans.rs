//! A sorted list of spans that can shift by a delta cheaply: the storage of the
//! incremental index.
//!
//! Items live in chunks of at most [`CHUNK`] items, each chunk with an offset
//! added to its items' positions. Replacing the items of an edited region
//! touches the chunks of that region and adds the delta to the offset of every
//! later chunk: O(region + chunks), with chunks = items / [`CHUNK`].
//! Owns ordering and shifting only; what a span means is the caller's.

use std::ops::Range;

/// Items per chunk before it is split.
pub const CHUNK: usize = 256;

#[derive(Debug, Clone)]
struct Item<T> {
    start: usize,
    end: usize,
    data: T,
}

#[derive(Debug, Clone)]
struct Chunk<T> {
    /// Added to every item's stored positions.
    shift: isize,
    items: Vec<Item<T>>,
}

impl<T> Chunk<T> {
    fn first_start(&self) -> usize {
        self.items.first().map_or(0, |i| add(i.start, self.shift))
    }
    fn last_start(&self) -> usize {
        self.items.last().map_or(0, |i| add(i.start, self.shift))
    }
}

fn add(x: usize, d: isize) -> usize {
    x.wrapping_add_signed(d)
}

/// A span with its data, positions absolute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span<'a, T> {
    pub start: usize,
    pub end: usize,
    pub data: &'a T,
}

#[derive(Debug, Clone)]
pub struct SpanList<T> {
    chunks: Vec<Chunk<T>>,
    len: usize,
}

impl<T> Default for SpanList<T> {
    fn default() -> Self {
        SpanList {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T: Clone> SpanList<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Span<'_, T>> + '_ {
        self.chunks.iter().flat_map(|c| {
            c.items.iter().map(move |i| Span {
                start: add(i.start, c.shift),
                end: add(i.end, c.shift),
                data: &i.data,
            })
        })
    }

    /// Index of the first chunk whose last item starts at or after `pos`.
    fn chunk_for(&self, pos: usize) -> usize {
        self.chunks.partition_point(|c| c.last_start() < pos)
    }

    /// Spans whose start lies in `range`, in order.
    pub fn starting_in(&self, range: Range<usize>) -> impl Iterator<Item = Span<'_, T>> + '_ {
        let first = self.chunk_for(range.start);
        self.chunks[first..]
            .iter()
            .take_while(move |c| c.first_start() < range.end)
            .flat_map(|c| {
                c.items.iter().map(move |i| Span {
                    start: add(i.start, c.shift),
                    end: add(i.end, c.shift),
                    data: &i.data,
                })
            })
            .filter(move |s| s.start >= range.start)
            .take_while(move |s| s.start < range.end)
    }

    /// The last span starting before `pos`.
    pub fn last_before(&self, pos: usize) -> Option<Span<'_, T>> {
        let ci = self.chunk_for(pos);
        let candidates = [ci, ci.wrapping_sub(1)];
        for c in candidates.into_iter().filter(|&c| c < self.chunks.len()) {
            let chunk = &self.chunks[c];
            let idx = chunk
                .items
                .partition_point(|i| add(i.start, chunk.shift) < pos);
            if idx > 0 {
                let i = &chunk.items[idx - 1];
                return Some(Span {
                    start: add(i.start, chunk.shift),
                    end: add(i.end, chunk.shift),
                    data: &i.data,
                });
            }
        }
        None
    }

    /// The span containing `pos` (start <= pos < end), or ending exactly at
    /// `pos` when `inclusive_end` (a cursor right after a word).
    pub fn at(&self, pos: usize, inclusive_end: bool) -> Option<Span<'_, T>> {
        let s = self.last_before(pos + 1)?;
        if pos < s.end || (inclusive_end && pos == s.end) {
            Some(s)
        } else {
            None
        }
    }

    /// Removes the items starting in `old` (old coordinates), shifts items
    /// starting at or after `old.end` by `delta`, and inserts `new_items`
    /// (new coordinates, sorted, all starting in `old.start .. old.end + delta`).
    pub fn splice(&mut self, old: Range<usize>, delta: isize, new_items: Vec<(Range<usize>, T)>) {
        if self.chunks.is_empty() {
            self.chunks.push(Chunk {
                shift: 0,
                items: Vec::new(),
            });
        }
        let first = self.chunk_for(old.start).min(self.chunks.len() - 1);
        let mut last = self.chunk_for(old.end).min(self.chunks.len() - 1);
        last = last.max(first);
        // Materialise the affected chunks with absolute positions.
        let mut items: Vec<Item<T>> = Vec::new();
        for c in &mut self.chunks[first..=last] {
            let shift = c.shift;
            items.extend(c.items.drain(..).map(|i| Item {
                start: add(i.start, shift),
                end: add(i.end, shift),
                data: i.data,
            }));
        }
        let before_len = items.len();
        let cut_start = items.partition_point(|i| i.start < old.start);
        let cut_end = items.partition_point(|i| i.start < old.end);
        let mut rebuilt: Vec<Item<T>> = Vec::with_capacity(items.len() + new_items.len());
        let mut rest = items.split_off(cut_end);
        items.truncate(cut_start);
        rebuilt.append(&mut items);
        let removed = cut_end - cut_start;
        let added = new_items.len();
        rebuilt.extend(new_items.into_iter().map(|(r, data)| Item {
            start: r.start,
            end: r.end,
            data,
        }));
        for i in &mut rest {
            i.start = add(i.start, delta);
            i.end = add(i.end, delta);
        }
        rebuilt.append(&mut rest);
        debug_assert_eq!(rebuilt.len(), before_len - removed + added);
        self.len = self.len - removed + added;
        // Re-chunk and put back.
        let mut new_chunks: Vec<Chunk<T>> = Vec::new();
        let n = rebuilt.len();
        let pieces = n.div_ceil(CHUNK).max(1);
        let per = n.div_ceil(pieces).max(1);
        let mut it = rebuilt.into_iter().peekable();
        while it.peek().is_some() {
            new_chunks.push(Chunk {
                shift: 0,
                items: it.by_ref().take(per).collect(),
            });
        }
        let tail_start = last + 1;
        for c in &mut self.chunks[tail_start..] {
            c.shift += delta;
        }
        self.chunks.splice(first..=last, new_chunks);
    }

    /// All spans as owned tuples (for tests and comparisons).
    pub fn to_vec(&self) -> Vec<(usize, usize, T)> {
        self.iter()
            .map(|s| (s.start, s.end, s.data.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_shifts_and_replaces() {
        let mut l: SpanList<u32> = SpanList::default();
        let items: Vec<(Range<usize>, u32)> =
            (0..1000).map(|i| (i * 10..i * 10 + 3, i as u32)).collect();
        l.splice(0..0, 0, items);
        assert_eq!(l.len(), 1000);
        // Replace items starting in 500..530 (50, 51, 52) with one, text grew by 5.
        l.splice(500..530, 5, vec![(501..504, 9999)]);
        let v = l.to_vec();
        assert_eq!(v.len(), 998);
        assert_eq!(v[49], (490, 493, 49));
        assert_eq!(v[50], (501, 504, 9999));
        assert_eq!(v[51], (535, 538, 53));
        assert_eq!(v.last().copied(), Some((9995, 9998, 999)));
        assert_eq!(l.at(536, false).map(|s| *s.data), Some(53));
        assert_eq!(l.at(538, true).map(|s| *s.data), Some(53));
        assert!(l.at(539, true).is_none());
        let starting: Vec<u32> = l.starting_in(490..540).map(|s| *s.data).collect();
        assert_eq!(starting, vec![49, 9999, 53]);
        assert_eq!(l.last_before(501).map(|s| *s.data), Some(49));
    }
}
