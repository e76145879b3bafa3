//! Document chunks: what the browser shows for a result (URL, title, heading, where
//! the page sits, and text for the snippet), in chunks of consecutive documents.
//! A page's sections are consecutive, so a chunk stores the page's URL, title and
//! trail once and each section only its anchor, heading and text:
//!
//! ```text
//! [[[url, title, trail], ...],          pages of the chunk
//!  [[page, anchor, heading, text], ...]] documents, in order
//! ```

use super::index::{Doc, Kind};
use super::script::{script, varint};
use rayon::prelude::*;

/// Bytes of document data per chunk: a screen of results loads up to one chunk per
/// result, so chunks stay small, but every file also costs the build a file
/// creation (a 10,000-page handbook gets about 1,500 chunks).
const CHUNK_TARGET: usize = 16 * 1024;
/// Body text kept per document for its snippet.
pub const MAX_TEXT_CHARS: usize = 300;

/// Body text for snippets: whitespace collapsed, cut at a word boundary (a first
/// word longer than the limit is cut inside).
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let text = text.trim_start();
    // Most of a handbook is ASCII, where a byte is a character: read bytes, and go
    // character by character only for text that needs it.
    let mut out = String::with_capacity(text.len().min(max_chars + 8));
    if let Some(end) = collapse(text.bytes().map(char::from), &mut out, max_chars, |b| {
        b.is_ascii()
    }) {
        return end;
    }
    out.clear();
    collapse(text.chars(), &mut out, max_chars, |_| true).unwrap_or(out)
}

/// Appends `chars` to `out` with whitespace collapsed, up to `max_chars`; `None` as
/// soon as a character is not `accepted` (then `out` is left half done).
fn collapse(
    chars: impl Iterator<Item = char>,
    out: &mut String,
    max_chars: usize,
    accepted: impl Fn(char) -> bool,
) -> Option<String> {
    let mut count = 0;
    // Byte length and character count of `out` at the end of its last whole word.
    let mut word_end = (0, 0);
    let mut space = false;
    for c in chars {
        if !accepted(c) {
            return None;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let mut cut = count >= max_chars;
        if space {
            space = false;
            word_end = (out.len(), count);
            // A space and at least one more character would not fit.
            cut = count + 1 >= max_chars;
            if !cut {
                out.push(' ');
                count += 1;
            }
        }
        if cut {
            // At the last word boundary; a first word longer than the limit is cut.
            if word_end.1 > 0 {
                out.truncate(word_end.0);
            }
            out.push('…');
            return Some(std::mem::take(out));
        }
        out.push(c);
        count += 1;
    }
    Some(std::mem::take(out))
}

/// The chunk files' contents, and the number of documents in each.
pub fn chunks(docs: &[Doc]) -> (Vec<Vec<u8>>, Vec<usize>) {
    let texts: Vec<String> = docs
        .par_iter()
        .map(|d| excerpt(&d.text, MAX_TEXT_CHARS))
        .collect();
    // Where chunks start, from a byte estimate.
    let mut ranges = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, doc) in docs.iter().enumerate() {
        bytes += doc.page.len() + doc.anchor.len() + doc.heading.len() + texts[i].len() + 16;
        if bytes > CHUNK_TARGET || i + 1 == docs.len() {
            ranges.push(start..i + 1);
            (start, bytes) = (i + 1, 0);
        }
    }
    // Each chunk owns its documents' texts and lets them go once it is written.
    let mut texts = texts.into_iter();
    let per_chunk: Vec<(usize, std::ops::Range<usize>, Vec<String>)> = (ranges.iter().cloned())
        .enumerate()
        .map(|(id, range)| {
            (
                id,
                range.clone(),
                texts.by_ref().take(range.len()).collect(),
            )
        })
        .collect();
    let payloads = per_chunk
        .into_par_iter()
        .map(|(id, range, texts)| {
            let mut pages: Vec<(&str, &str, &str)> = Vec::new();
            let mut rows: Vec<(usize, &str, &str, &str)> = Vec::new();
            let mut last_page: Option<&str> = None;
            for (doc, text) in docs[range].iter().zip(&texts) {
                let page = doc.page.as_ref();
                if last_page != Some(page) || doc.kind != Kind::Guide {
                    pages.push((page, &doc.title, &doc.trail));
                    last_page = Some(page);
                }
                rows.push((pages.len() - 1, &doc.anchor, &doc.heading, text));
            }
            script("d", &id.to_string(), &(pages, rows))
        })
        .collect();
    (payloads, ranges.iter().map(|r| r.len()).collect())
}

/// Document counts of consecutive guide documents of one page, as varints, so the
/// browser can show at most a few sections of the same page.
pub fn page_groups(docs: &[Doc]) -> String {
    let mut out = String::new();
    let guide: Vec<&Doc> = docs.iter().filter(|d| d.kind == Kind::Guide).collect();
    let mut i = 0;
    while i < guide.len() {
        let page = &guide[i].page;
        let n = guide[i..].iter().take_while(|d| d.page == *page).count();
        varint(n as u32, &mut out);
        i += n;
    }
    out
}

/// Numbers as a string of varints (compact inside the manifest).
pub fn varints(numbers: &[usize]) -> String {
    let mut out = String::with_capacity(numbers.len() * 2);
    for &n in numbers {
        varint(n as u32, &mut out);
    }
    out
}
