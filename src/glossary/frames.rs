//! The container of the files made ahead of time from the embedded glossary
//! (its parsed-ahead copy, [`super::embedded`], and the prebuilt matcher,
//! [`crate::recognize::prebuilt`]): a head line that names what the file
//! was made from, then frames, each a little-endian `u32` length and that
//! many bytes of MessagePack. Frames are read apart, so in parallel.
//!
//! Owns only that layout; must not know what a frame holds.

/// Appends a frame: its length, then what `write` writes.
pub fn push_frame(
    out: &mut Vec<u8>,
    write: impl FnOnce(&mut Vec<u8>) -> Result<(), rmp_serde::encode::Error>,
) -> Result<(), String> {
    let start = out.len();
    out.extend_from_slice(&[0; 4]);
    write(out).map_err(|e| format!("cannot write a frame: {e}"))?;
    let len = u32::try_from(out.len() - start - 4).map_err(|_| "a frame over 4 GB")?;
    out[start..start + 4].copy_from_slice(&len.to_le_bytes());
    Ok(())
}

/// The frames after `head` in `bytes`; `None` when the file starts with
/// another head (made from other files or code) or a frame is cut short.
pub fn frames<'a>(bytes: &'a [u8], head: &str) -> Option<Vec<&'a [u8]>> {
    let mut body = bytes.strip_prefix(head.as_bytes())?;
    let mut out = Vec::new();
    while let Some((len, rest)) = body.split_first_chunk::<4>() {
        let len = u32::from_le_bytes(*len) as usize;
        if rest.len() < len {
            return None;
        }
        let (frame, rest) = rest.split_at(len);
        out.push(frame);
        body = rest;
    }
    body.is_empty().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_read_back_as_written() {
        let mut out = b"head\n".to_vec();
        push_frame(&mut out, |w| rmp_serde::encode::write(w, &(1u8, "a"))).expect("frame");
        push_frame(&mut out, |_| Ok(())).expect("empty frame");
        push_frame(&mut out, |w| rmp_serde::encode::write(w, &vec![7u32; 100])).expect("frame");
        let frames = frames(&out, "head\n").expect("frames");
        assert_eq!(frames.len(), 3);
        let first: (u8, String) = rmp_serde::from_slice(frames[0]).expect("first");
        assert_eq!(first, (1, "a".to_string()));
        assert!(frames[1].is_empty());
        let third: Vec<u32> = rmp_serde::from_slice(frames[2]).expect("third");
        assert_eq!(third, vec![7; 100]);
        assert!(super::frames(&out, "other\n").is_none());
        assert!(super::frames(&out[..out.len() - 1], "head\n").is_none());
        assert!(super::frames(&out[..out.len() - 50], "head\n").is_none());
        assert_eq!(super::frames(b"head\n", "head\n"), Some(vec![]));
    }
}
