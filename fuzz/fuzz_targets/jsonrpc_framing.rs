//! The JSON-RPC framing of the LSP transport (`gloss::lsp::transport`) on
//! arbitrary bytes: it never panics; the events do not depend on how the
//! input is cut into reads; and every message it accepts, framed again,
//! decodes to one message with the same method and id.
#![no_main]

use gloss::lsp::transport::{Decoder, Event, decode_all};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, input)) = data.split_first() else {
        return;
    };
    // A small limit half of the time, so oversized bodies are skipped too.
    let max = if first & 1 == 1 { 64 } else { 1 << 20 };
    let whole = decode_all(input, max);

    // The same bytes in two reads, cut where the first byte says.
    let cut = (first as usize * input.len()) / 255;
    let mut decoder = Decoder::new(max);
    let mut pieces = Vec::new();
    for part in [&input[..cut], &input[cut..]] {
        decoder.push(part);
        while let Some(event) = decoder.next_event() {
            pieces.push(event);
        }
    }
    pieces.extend(decoder.finish());
    assert_eq!(format!("{whole:?}"), format!("{pieces:?}"), "cut at {cut}");

    // Accepted messages survive a round trip.
    for event in &whole {
        let Event::Message(message) = event else {
            continue;
        };
        let Some(framed) = message.to_frame() else {
            continue;
        };
        let again = decode_all(&framed, usize::MAX);
        match again.as_slice() {
            [Event::Message(m)] => assert_eq!(m.method_and_id(), message.method_and_id()),
            other => panic!("{message:?} framed again gave {other:?}"),
        }
    }
});
