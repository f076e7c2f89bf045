//! How the matcher's tables of numbers are written (by the prebuilt matcher,
//! [`super::prebuilt`]): a table is one string of bytes, each item its
//! fixed number of little-endian bytes. Read back, it is one length check
//! and a loop over fixed-size chunks, where a number at a time through
//! serde would be a call and a format check per number (the trie alone has
//! hundreds of thousands).
//!
//! Owns only that encoding; must not know what the tables mean. Use as
//! `#[serde(with = "wire")]` on a `Vec<T: Fixed>`, or `wire::table` on a
//! boxed array.

use serde::de::{Error, Visitor};
use serde::{Deserializer, Serializer};

/// A value written as `SIZE` little-endian bytes.
pub trait Fixed: Copy {
    const SIZE: usize;
    fn put(self, out: &mut Vec<u8>);
    /// Reads a value from exactly `SIZE` bytes.
    fn get(bytes: &[u8]) -> Self;
}

/// The unsigned integers, as their own little-endian bytes.
macro_rules! fixed_integers {
    ($($int:ty),*) => {$(
        impl Fixed for $int {
            const SIZE: usize = std::mem::size_of::<$int>();
            fn put(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            fn get(bytes: &[u8]) -> $int {
                bytes.try_into().map_or(0, <$int>::from_le_bytes)
            }
        }
    )*};
}

fixed_integers!(u8, u32, u64);

/// Writes `items` as one string of bytes.
pub fn serialize<T: Fixed, S: Serializer>(items: &[T], s: S) -> Result<S::Ok, S::Error> {
    let mut out = Vec::with_capacity(items.len() * T::SIZE);
    for &item in items {
        item.put(&mut out);
    }
    s.serialize_bytes(&out)
}

/// Reads what [`serialize`] wrote.
pub fn deserialize<'de, T: Fixed, D: Deserializer<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    struct Items<T>(std::marker::PhantomData<T>);
    impl<T: Fixed> Visitor<'_> for Items<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "bytes, {} per item", T::SIZE)
        }
        fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Vec<T>, E> {
            if !bytes.len().is_multiple_of(T::SIZE) {
                return Err(E::invalid_length(bytes.len(), &self));
            }
            Ok(bytes.chunks_exact(T::SIZE).map(T::get).collect())
        }
    }
    d.deserialize_bytes(Items(std::marker::PhantomData))
}

/// [`serialize`] and [`deserialize`] for a boxed array of `N` items.
pub mod table {
    use super::Fixed;
    use serde::de::Error;
    use serde::{Deserializer, Serializer};

    pub fn serialize<T: Fixed, const N: usize, S: Serializer>(
        items: &[T; N],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        super::serialize(items, s)
    }

    pub fn deserialize<'de, T: Fixed, const N: usize, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Box<[T; N]>, D::Error> {
        let items: Vec<T> = super::deserialize(d)?;
        let len = items.len();
        items
            .into_boxed_slice()
            .try_into()
            .map_err(|_| D::Error::invalid_length(len, &"a full table"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Tables {
        #[serde(with = "super")]
        bytes: Vec<u8>,
        #[serde(with = "super")]
        words: Vec<u32>,
        #[serde(with = "super")]
        longs: Vec<u64>,
        #[serde(with = "table")]
        root: Box<[u32; 4]>,
    }

    #[test]
    fn tables_read_back_as_written() {
        let tables = Tables {
            bytes: vec![0, 1, 255],
            words: vec![0, 1, u32::MAX, 0x0102_0304],
            longs: vec![u64::MAX, 7],
            root: Box::new([9, 8, 7, 6]),
        };
        let written = rmp_serde::to_vec(&tables).expect("written");
        let read: Tables = rmp_serde::from_slice(&written).expect("read");
        assert_eq!(read, tables);
        let empty = Tables {
            bytes: vec![],
            words: vec![],
            longs: vec![],
            root: Box::new([0; 4]),
        };
        let written = rmp_serde::to_vec(&empty).expect("written");
        assert_eq!(
            rmp_serde::from_slice::<Tables>(&written).expect("read"),
            empty
        );
    }

    #[test]
    fn a_table_of_the_wrong_length_is_an_error() {
        #[derive(serde::Serialize)]
        struct Raw {
            #[serde(with = "serde_bytes_like")]
            words: Vec<u8>,
        }
        mod serde_bytes_like {
            pub fn serialize<S: serde::Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(b)
            }
        }
        #[derive(serde::Deserialize, Debug)]
        struct Words {
            #[serde(with = "super")]
            #[allow(dead_code)]
            words: Vec<u32>,
        }
        #[derive(serde::Deserialize, Debug)]
        struct Root {
            #[serde(with = "table")]
            #[allow(dead_code)]
            words: Box<[u32; 2]>,
        }
        let five = rmp_serde::to_vec(&Raw { words: vec![1; 5] }).expect("written");
        assert!(rmp_serde::from_slice::<Words>(&five).is_err());
        let four = rmp_serde::to_vec(&Raw { words: vec![1; 4] }).expect("written");
        assert!(rmp_serde::from_slice::<Words>(&four).is_ok());
        assert!(rmp_serde::from_slice::<Root>(&four).is_err());
    }
}
