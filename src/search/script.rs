//! The form of every search file: a script that hands its data to the search engine
//! when loaded (`fetch` fails on `file://`), and the base-64 varint code that keeps
//! numbers compact inside its strings. The term shards and the document chunks are
//! both written this way.

use serde::Serialize;

/// The function every index file calls (defined by search-engine.js).
const CALLBACK: &str = "ownbookSearchData";
/// The digits of the varint code, each safe inside a JavaScript string.
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `n` as a varint: 5 bits per character, low bits first; the characters
/// of the upper half of the alphabet mean "more follows".
pub fn varint(mut n: u32, out: &mut String) {
    loop {
        let digit = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(ALPHABET[digit] as char);
            return;
        }
        out.push(ALPHABET[32 + digit] as char);
    }
}

/// An index file: `ownbookSearchData("kind",id,data);` with `id` as JSON text.
pub fn script<T: Serialize + ?Sized>(kind: &str, id: &str, data: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 * 1024);
    out.extend_from_slice(format!("{CALLBACK}(\"{kind}\",{id},").as_bytes());
    // Writing into memory cannot fail, and the data are plain strings and numbers.
    let _ = serde_json::to_writer(&mut out, data);
    out.extend_from_slice(b");\n");
    // Index files wait for the index's version before they are written: hold them
    // at their size, not at the capacity guessed above.
    out.shrink_to_fit();
    out
}
