//! Writes the index as small JavaScript files that register themselves when loaded
//! with a `<script>` tag (`fetch` fails on `file://`), split so that a query loads
//! only what it needs:
//!
//! - `search/index.js`, the manifest: shard boundaries, document ranges per kind,
//!   the catalog's filter values and the stop words.
//! - `search/t/N.VERSION.js`, term shards: a range of sorted keys with their
//!   postings (or, for a word, the stem it leads to). A query word loads one shard.
//! - `search/p/HASH.js`: the postings of a very common term, kept out of its shard
//!   so that neighbouring words stay cheap; past `HEAD_DOCS` documents, two files
//!   (`@HEAD+TAIL`): the best-scoring documents, then the rest, loaded only when
//!   the heads do not fill a screen of results.
//! - `search/d/N.VERSION.js`, document chunks (see `chunks`), loaded only for the
//!   results on screen.
//!
//! VERSION is a hash of the whole index, so browsers may cache every file forever;
//! one hash instead of one per file keeps the manifest small.
//!
//! Postings are a compact string: the term's best score, then per document the gap
//! from the previous document number and a score level, in a base-64 varint code
//! (every character is safe inside a JavaScript string).

use super::chunks;
use super::index::{Doc, Entry, Index, Kind, LEVELS, Postings};
use super::script::{ALPHABET, script};
// The tests decode postings with the same code.
pub use super::script::varint;
use super::tokenize::STOP_WORDS;
use crate::diag::Diagnostic;
use crate::fsutil::fingerprint;
use crate::output::OutputFile;
use rayon::prelude::*;
use serde_json::json;
use std::collections::BTreeSet;

/// The manifest's fixed path; everything else is named by content.
pub const MANIFEST: &str = "search/index.js";
/// Bytes of keys and postings per term shard before a new one starts.
const SHARD_TARGET: usize = 24 * 1024;
/// Postings longer than this get their own file.
const INLINE_POSTINGS_MAX: usize = 2 * 1024;
/// A term in more documents than this (only on a large site) has its postings in
/// two files: the head, its best-scoring documents, which a first query loads, and
/// the tail, which the browser loads only when the heads do not fill a screen of
/// results. At 50,000 pages a common word's full postings are ~150 KB gzip; its
/// head is ~12 KB.
pub const HEAD_DOCS: usize = 8000;

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

/// Hands an index file on as soon as it is made: `build` writes it into the staging
/// folder and keeps `Content::Staged`, so the index is never in memory whole (150 MB
/// at 50,000 pages).
pub type Emit<'a> = &'a (dyn Fn(OutputFile) -> Result<OutputFile, Diagnostic> + Sync);

/// Writes the index files and keeps them in memory. `docs` must be grouped by kind
/// in `Kind` order.
pub fn write(index: Index, docs: &[Doc]) -> (Vec<OutputFile>, Sizes) {
    let (files, sizes, _) = write_into(index, docs, &Ok::<OutputFile, Diagnostic>);
    (files, sizes)
}

/// The files made so far (as `emit` returned them), their sizes, and the files
/// `emit` refused.
#[derive(Default)]
struct Made {
    files: Vec<OutputFile>,
    sizes: Sizes,
    diags: Vec<Diagnostic>,
}

impl Made {
    fn add(&mut self, (bytes, emitted): (usize, Result<OutputFile, Diagnostic>)) {
        self.sizes.total_bytes += bytes;
        self.sizes.largest_file_bytes = self.sizes.largest_file_bytes.max(bytes);
        match emitted {
            Ok(f) => self.files.push(f),
            Err(d) => self.diags.push(d),
        }
    }
}

/// Emits one file, with its size.
fn emit_file(emit: Emit, path: String, body: Vec<u8>) -> (usize, Result<OutputFile, Diagnostic>) {
    (body.len(), emit(OutputFile::bytes(path, body)))
}

/// [`write`], handing each file to `emit` as soon as it is made (postings files
/// while the entries are encoded; term shards and document chunks once the index's
/// version, a hash of them all, is known); returns the files as `emit` returned
/// them, the sizes, and the files `emit` refused.
pub fn write_into(
    index: Index,
    docs: &[Doc],
    emit: Emit,
) -> (Vec<OutputFile>, Sizes, Vec<Diagnostic>) {
    let mut made = Made::default();
    // Term shards: runs of sorted entries of about SHARD_TARGET bytes.
    let mut shard_keys: Vec<String> = Vec::new();
    let mut shards: Vec<Vec<String>> = Vec::new();
    let mut bytes = 0;
    // Each entry's value, encoded in parallel; long postings go to their own file.
    type Emitted = (usize, Result<OutputFile, Diagnostic>);
    let encoded: Vec<(String, String, Vec<Emitted>)> = index
        .entries
        .into_par_iter()
        .map(|(key, entry)| match entry {
            Entry::Stem(stem) => (key, format!("={stem}"), Vec::new()),
            Entry::Postings { surface, postings } => {
                let code = encode_postings(&postings);
                let flag = if surface { "" } else { "!" };
                if code.len() <= INLINE_POSTINGS_MAX {
                    return (key, format!("{flag}{code}"), Vec::new());
                }
                if postings.docs.len() <= HEAD_DOCS {
                    let (name, file) = postings_file(code, emit);
                    return (key, format!("{flag}@{name}"), vec![file]);
                }
                let (head, tail) = split_postings(&postings, HEAD_DOCS);
                let (head_name, head_file) = postings_file(encode_postings(&head), emit);
                let (tail_name, tail_file) = postings_file(encode_postings(&tail), emit);
                let value = format!("{flag}@{head_name}+{tail_name}");
                (key, value, vec![head_file, tail_file])
            }
        })
        .collect();
    for (key, value, own_files) in encoded {
        made.sizes.postings_files += own_files.len();
        for file in own_files {
            made.add(file);
        }
        let entry_bytes = key.len() + value.len() + 6;
        if shards.is_empty() || bytes + entry_bytes > SHARD_TARGET {
            shards.push(Vec::new());
            shard_keys.push(key.clone());
            bytes = 0;
        }
        bytes += entry_bytes;
        if let Some(shard) = shards.last_mut() {
            shard.push(key);
            shard.push(value);
        }
    }
    let shard_bodies: Vec<Vec<u8>> = shards
        .into_par_iter()
        .enumerate()
        .map(|(i, items)| script("t", &i.to_string(), &items))
        .collect();
    let (chunk_bodies, chunk_sizes) = chunks::chunks(docs);
    let fingerprints: Vec<String> = shard_bodies
        .par_iter()
        .chain(chunk_bodies.par_iter())
        .map(|body| fingerprint(body))
        .collect();
    let version = fingerprint(fingerprints.concat().as_bytes());
    made.sizes.term_shards = shard_bodies.len();
    made.sizes.doc_chunks = chunk_bodies.len();
    let named = |folder: &str, bodies: Vec<Vec<u8>>| -> Vec<Emitted> {
        (bodies.into_par_iter().enumerate())
            .map(|(i, body)| emit_file(emit, format!("search/{folder}/{i}.{version}.js"), body))
            .collect()
    };
    for file in named("t", shard_bodies)
        .into_iter()
        .chain(named("d", chunk_bodies))
    {
        made.add(file);
    }
    let data = manifest(docs, &version, shard_keys, &chunk_sizes);
    let manifest = script("m", "0", &data);
    made.sizes.manifest_bytes = manifest.len();
    made.add(emit_file(emit, MANIFEST.to_string(), manifest));
    (made.files, made.sizes, made.diags)
}

/// A postings file, named by its content (the name is also the id it registers
/// under).
fn postings_file(code: String, emit: Emit) -> (String, (usize, Result<OutputFile, Diagnostic>)) {
    let name = fingerprint(code.as_bytes());
    let body = script("p", &format!("\"{name}\""), &code);
    let file = emit_file(emit, format!("search/p/{name}.js"), body);
    (name, file)
}

/// The `head` best-scoring documents of `p` (ties: the earlier document), and the
/// rest; both keep document order and the term's best score.
pub fn split_postings(p: &Postings, head: usize) -> (Postings, Postings) {
    let mut order: Vec<usize> = (0..p.docs.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(p.levels[i]), i));
    let mut in_head = vec![false; p.docs.len()];
    for &i in order.iter().take(head) {
        in_head[i] = true;
    }
    let part = |wanted: bool| Postings {
        max: p.max,
        docs: (0..p.docs.len())
            .filter(|&i| in_head[i] == wanted)
            .map(|i| p.docs[i])
            .collect(),
        levels: (0..p.docs.len())
            .filter(|&i| in_head[i] == wanted)
            .map(|i| p.levels[i])
            .collect(),
    };
    (part(true), part(false))
}

fn manifest(
    docs: &[Doc],
    version: &str,
    shard_keys: Vec<String>,
    chunk_sizes: &[usize],
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
        "format": 1,
        "version": version,
        "docs": docs.len(),
        "stop": STOP_WORDS,
        "keys": shard_keys,
        "chunks": chunks::varints(chunk_sizes),
        "kinds": kinds,
        "owners": owners,
        "tiers": tiers,
        "lifecycles": lifecycles,
        "facets": facets,
        "pages": chunks::page_groups(docs),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_postings_list_splits_into_its_best_documents_and_the_rest() {
        let p = Postings {
            max: 2.0,
            docs: vec![1, 4, 6, 9, 12],
            levels: vec![3, 31, 7, 31, 1],
        };
        let (head, tail) = split_postings(&p, 3);
        assert_eq!((head.docs, head.levels), (vec![4, 6, 9], vec![31, 7, 31]));
        assert_eq!((tail.docs, tail.levels), (vec![1, 12], vec![3, 1]));
        assert_eq!((head.max, tail.max), (2.0, 2.0));
    }
}
