//! Writes the index as small JavaScript files that register themselves when loaded
//! with a `<script>` tag (`fetch` fails on `file://`), split so that a query loads
//! only what it needs:
//!
//! - `search/index.js`, the manifest: shard boundaries, document ranges per kind,
//!   the catalog's filter values and the stop words.
//! - `search/t/N.HASH.js`, term shards: a range of sorted keys with their postings
//!   (or, for a word, the stem it leads to). A query word loads one shard.
//! - `search/p/HASH.js`: the postings of a very common term, kept out of its shard
//!   so that neighbouring words stay cheap.
//! - `search/d/N.HASH.js`, document chunks: title, URL, heading and the text for
//!   snippets, loaded only for the results on screen.
//!
//! Postings are a compact string: the term's best score, then per document the gap
//! from the previous document number and a score level, in a base-64 varint code
//! (every character is safe inside a JavaScript string).

use super::index::{Doc, Entry, Index, Kind, LEVELS, Postings};
use super::tokenize::STOP_WORDS;
use crate::fsutil::fingerprint;
use crate::output::OutputFile;
use serde_json::json;
use std::collections::BTreeSet;

/// The manifest's fixed path; everything else is named by content.
pub const MANIFEST: &str = "search/index.js";
/// The function every index file calls (defined by search-engine.js).
const CALLBACK: &str = "ownbookSearchData";
/// Bytes of keys and postings per term shard before a new one starts.
const SHARD_TARGET: usize = 24 * 1024;
/// Bytes of document data per chunk.
const DOC_CHUNK_TARGET: usize = 12 * 1024;
/// Postings longer than this get their own file.
const INLINE_POSTINGS_MAX: usize = 2 * 1024;
/// Body text kept per document for snippets.
pub const MAX_TEXT_CHARS: usize = 480;
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// How big the written index is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sizes {
    pub total_bytes: usize,
    pub manifest_bytes: usize,
    pub term_shards: usize,
    pub postings_files: usize,
    pub doc_chunks: usize,
    pub largest_file_bytes: usize,
}

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

/// The postings as a string: `max × 1000`, then (gap, level) per document.
pub fn encode_postings(p: &Postings) -> String {
    let mut out = String::with_capacity(4 + p.docs.len() * 2);
    varint((p.max * 1000.0).round().max(1.0) as u32, &mut out);
    let mut previous = 0;
    for (&doc, &level) in p.docs.iter().zip(&p.levels) {
        varint(doc - previous, &mut out);
        out.push(ALPHABET[usize::from(level).min(LEVELS as usize)] as char);
        previous = doc;
    }
    out
}

/// Body text for snippets: whitespace collapsed, cut at a word boundary.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars * 4));
    let mut chars = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        let space = usize::from(chars > 0);
        if chars + space + len > max_chars {
            if chars == 0 {
                out.extend(word.chars().take(max_chars));
            }
            out.push('…');
            return out;
        }
        if space > 0 {
            out.push(' ');
        }
        out.push_str(word);
        chars += space + len;
    }
    out
}

fn script(kind: &str, id: &serde_json::Value, data: &serde_json::Value) -> String {
    format!("{CALLBACK}(\"{kind}\",{id},{data});\n")
}

/// A content-named file under `search/`: `t/3.1a2b3c4d.js`.
fn named(dir: &str, id: usize, body: String, files: &mut Vec<OutputFile>) -> String {
    let name = format!("{dir}/{id}.{}.js", fingerprint(body.as_bytes()));
    files.push(OutputFile::text(format!("search/{name}"), body));
    name
}

/// Document counts of consecutive guide documents of one page, as varints, so the
/// browser can show at most a few sections of the same page.
fn page_groups(docs: &[Doc]) -> String {
    let mut out = String::new();
    let page = |d: &Doc| d.url.split('#').next().unwrap_or("").to_string();
    let guide: Vec<&Doc> = docs.iter().filter(|d| d.kind == Kind::Guide).collect();
    let mut i = 0;
    while i < guide.len() {
        let url = page(guide[i]);
        let n = guide[i..].iter().take_while(|d| page(d) == url).count();
        varint(n as u32, &mut out);
        i += n;
    }
    out
}

/// Writes the index files. `docs` must be grouped by kind in `Kind` order.
pub fn write(index: Index, docs: &[Doc]) -> (Vec<OutputFile>, Sizes) {
    let mut files = Vec::new();
    let mut sizes = Sizes::default();
    // Term shards.
    let mut shard_keys: Vec<String> = Vec::new();
    let mut shard_files: Vec<String> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut current_bytes = 0;
    let mut flush = |current: &mut Vec<String>, files: &mut Vec<OutputFile>, sizes: &mut Sizes| {
        if current.is_empty() {
            return;
        }
        let id = shard_files.len();
        let body = script("t", &json!(id), &json!(current));
        shard_files.push(named("t", id, body, files));
        sizes.term_shards += 1;
        current.clear();
    };
    for (key, entry) in index.entries {
        let value = match entry {
            Entry::Stem(stem) => format!("={stem}"),
            Entry::Postings { surface, postings } => {
                let mut code = encode_postings(&postings);
                if code.len() > INLINE_POSTINGS_MAX {
                    // Named by its content; the name is also the id it registers under.
                    let name = fingerprint(code.as_bytes());
                    let body = script("p", &json!(name), &json!(code));
                    files.push(OutputFile::text(format!("search/p/{name}.js"), body));
                    sizes.postings_files += 1;
                    code = format!("@{name}");
                }
                if surface { code } else { format!("!{code}") }
            }
        };
        let bytes = key.len() + value.len() + 6;
        if current_bytes + bytes > SHARD_TARGET && !current.is_empty() {
            flush(&mut current, &mut files, &mut sizes);
            current_bytes = 0;
        }
        if current.is_empty() {
            shard_keys.push(key.clone());
        }
        current_bytes += bytes;
        current.push(key);
        current.push(value);
    }
    flush(&mut current, &mut files, &mut sizes);
    // Document chunks.
    let mut chunk_starts: Vec<usize> = Vec::new();
    let mut chunk_files: Vec<String> = Vec::new();
    let mut chunk: Vec<serde_json::Value> = Vec::new();
    let mut chunk_bytes = 0;
    for (i, doc) in docs.iter().enumerate() {
        if chunk.is_empty() {
            chunk_starts.push(i);
        }
        let text = excerpt(&doc.text, MAX_TEXT_CHARS);
        chunk_bytes +=
            doc.url.len() + doc.title.len() + doc.heading.len() + doc.trail.len() + text.len() + 12;
        chunk.push(json!([doc.url, doc.title, doc.heading, doc.trail, text]));
        if chunk_bytes > DOC_CHUNK_TARGET || i + 1 == docs.len() {
            let id = chunk_files.len();
            let body = script("d", &json!(id), &json!(chunk));
            chunk_files.push(named("d", id, body, &mut files));
            sizes.doc_chunks += 1;
            chunk.clear();
            chunk_bytes = 0;
        }
    }
    let manifest = script(
        "m",
        &json!(0),
        &manifest(docs, shard_keys, shard_files, chunk_starts, chunk_files),
    );
    sizes.manifest_bytes = manifest.len();
    files.push(OutputFile::text(MANIFEST, manifest));
    for f in &files {
        if let crate::output::Content::Bytes(b) = &f.content {
            sizes.total_bytes += b.len();
            sizes.largest_file_bytes = sizes.largest_file_bytes.max(b.len());
        }
    }
    (files, sizes)
}

fn manifest(
    docs: &[Doc],
    shard_keys: Vec<String>,
    shard_files: Vec<String>,
    chunk_starts: Vec<usize>,
    chunk_files: Vec<String>,
) -> serde_json::Value {
    let kinds: serde_json::Map<String, serde_json::Value> = Kind::ALL
        .iter()
        .map(|k| {
            let start = docs.iter().position(|d| d.kind >= *k).unwrap_or(docs.len());
            let end = docs.iter().position(|d| d.kind > *k).unwrap_or(docs.len());
            (k.name().to_string(), json!([start, end]))
        })
        .collect();
    let catalog: Vec<&Doc> = docs.iter().filter(|d| d.kind != Kind::Guide).collect();
    let owners: Vec<&str> = catalog
        .iter()
        .filter_map(|d| d.owner.as_deref())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let lifecycles: Vec<&str> = catalog
        .iter()
        .filter_map(|d| d.lifecycle.as_deref())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let tiers: Vec<u32> = catalog
        .iter()
        .filter_map(|d| d.tier)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let index_of = |list: &[&str], v: Option<&str>| {
        v.and_then(|v| list.iter().position(|x| *x == v))
            .map_or(-1, |i| i as i64)
    };
    // Per catalog document: owner, tier and lifecycle (-1 when unset).
    let facets: Vec<i64> = catalog
        .iter()
        .flat_map(|d| {
            [
                index_of(&owners, d.owner.as_deref()),
                d.tier.map_or(-1, i64::from),
                index_of(&lifecycles, d.lifecycle.as_deref()),
            ]
        })
        .collect();
    json!({
        "v": 1,
        "docs": docs.len(),
        "stop": STOP_WORDS,
        "keys": shard_keys,
        "shards": shard_files,
        "chunks": chunk_starts,
        "chunkFiles": chunk_files,
        "kinds": kinds,
        "owners": owners,
        "tiers": tiers,
        "lifecycles": lifecycles,
        "facets": facets,
        "pages": page_groups(docs),
    })
}
