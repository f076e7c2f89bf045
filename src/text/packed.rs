//! Many short strings kept one after the other in one `String`, each
//! known by where it is ([`Packed`]): written on one core, read by span,
//! freed at once. The labels of a 300,000-label glossary are normalised
//! and folded this way while it loads (one string per few hundred entries,
//! not one per label).
//!
//! Owns only that layout; must not know what the strings mean.

/// Where a string is in the text it was packed into: start and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Packed {
    start: u32,
    len: u32,
}

impl Packed {
    /// Appends `s` to `text` and says where it went.
    pub fn push(text: &mut String, s: &str) -> Packed {
        let start = text.len();
        text.push_str(s);
        Packed::since(text, start)
    }

    /// What was written to `text` from byte `start` on.
    pub fn since(text: &str, start: usize) -> Packed {
        Packed {
            start: start as u32,
            len: (text.len() - start) as u32,
        }
    }

    /// The string in `text`, the text it was packed into.
    pub fn of(self, text: &str) -> &str {
        &text[self.start as usize..][..self.len as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_read_back_where_they_were_packed() {
        let mut text = String::new();
        let a = Packed::push(&mut text, "Shanghai");
        let b = Packed::push(&mut text, "");
        let start = text.len();
        text.push_str("中文 é");
        let c = Packed::since(&text, start);
        assert_eq!(
            (a.of(&text), b.of(&text), c.of(&text)),
            ("Shanghai", "", "中文 é")
        );
    }
}
