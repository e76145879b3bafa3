//! The inverted index: from the documents (one per heading section, service and
//! team) to a sorted list of entries, each a surface word or a stem with its
//! postings.
//!
//! Scores are computed here, once, with BM25F (per-field weights and length
//! normalization, title > headings > tags > body), and stored per posting as a
//! 5-bit level of the term's best score. The browser then only adds numbers: no
//! document statistics travel, and a query costs one pass over the postings of its
//! words.

mod blocks;

use super::tokenize::Stem;
use crate::timings::Timings;
use blocks::{Block, TermHasher, index_blocks};
pub use blocks::{DocTerms, TermMemory};
use hashbrown::HashTable;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::time::Instant;

/// What a document is; the index stores documents grouped by kind in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Service,
    Team,
    Guide,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Service, Kind::Team, Kind::Guide];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Service => "service",
            Kind::Team => "team",
            Kind::Guide => "guide",
        }
    }
}

/// One searchable unit: a guide page's introduction, one heading section of a page,
/// a service or a team. Text is borrowed from the rendered pages and the catalog
/// wherever it can be: a large handbook has a document per heading.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    pub kind: Kind,
    /// The page's URL relative to the site root, with `index.html`.
    pub page: Cow<'a, str>,
    /// The heading's id on the page (empty for a whole page or catalog entry).
    pub anchor: Cow<'a, str>,
    /// Page, service or team title.
    pub title: Cow<'a, str>,
    /// The section's heading (empty for a whole page or catalog entry).
    pub heading: Cow<'a, str>,
    /// Where the page sits, for display: `Guide › Lifecycle`.
    pub trail: Cow<'a, str>,
    /// Body text, indexed and shown in snippets.
    pub text: Cow<'a, str>,
    /// More words indexed with the title's weight (a catalog entry's id).
    pub title_terms: Cow<'a, str>,
    pub tags: Cow<'a, [String]>,
    pub owner: Option<Cow<'a, str>>,
    pub tier: Option<u32>,
    pub lifecycle: Option<Cow<'a, str>>,
    /// A heading section: the page title there is context, weighted lower.
    pub section: bool,
}

const TITLE: usize = 0;
const HEADING: usize = 1;
const TAGS: usize = 2;
const BODY: usize = 3;
/// BM25F field weights: title > headings > tags > body.
const WEIGHTS: [f32; 4] = [6.0, 4.0, 2.5, 1.0];
/// A section's page title is context, not its subject.
const SECTION_TITLE_WEIGHT: f32 = 1.5;
/// Length normalization per field: short fields barely, the body fully.
const B: [f32; 4] = [0.3, 0.3, 0.3, 0.75];
const K1: f32 = 1.2;
/// Scores are stored as 1..=LEVELS of the term's best score.
pub const LEVELS: u32 = 31;

/// The documents containing one term, with each one's score level.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Postings {
    /// The best score of the term in any document.
    pub max: f32,
    /// Document numbers, ascending.
    pub docs: Vec<u32>,
    /// Score of each document as a fraction `level / LEVELS` of `max`.
    pub levels: Vec<u8>,
}

/// What a key of the index leads to.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// Postings of a key. `surface` is false for a stem that never occurs as a word
    /// itself: the browser reaches it only through a word, never by prefix or typo.
    Postings { surface: bool, postings: Postings },
    /// A word whose postings are those of its stem.
    Stem(String),
}

/// The whole index: entries sorted by key in UTF-16 order (JavaScript's string
/// order, so the browser can binary-search shard boundaries).
#[derive(Debug, Default)]
pub struct Index {
    pub entries: Vec<(String, Entry)>,
    pub docs: usize,
}

/// Builds the index of `docs` (document numbers are their positions).
pub fn build(docs: &[Doc]) -> Index {
    build_timed(docs, None, &mut Timings::default())
}

/// [`build`], recording its steps in `timings`, with the terms of the documents
/// `memory` remembers taken from it (see [`TermMemory`]).
pub fn build_timed(docs: &[Doc], memory: Option<&dyn TermMemory>, timings: &mut Timings) -> Index {
    let lap = Instant::now();
    let hasher = TermHasher::default();
    let blocks = index_blocks(docs, &hasher, memory);
    let lap = timings.lap("tokenize + count", lap);
    let vocabulary = Vocabulary::merge(&blocks);
    // Each surface word's key: its stem for English words, itself otherwise.
    let stem = Stem::default();
    let stems: Vec<String> = vocabulary
        .surfaces
        .par_iter()
        .map(|w| stem.key(w))
        .collect();
    let keys = Keys::group(&stems);
    let lap = timings.lap("vocabulary + stems", lap);
    let n = docs.len().max(1) as f32;
    let factors = field_factors(docs, &blocks, n);
    let postings = key_postings(&keys, &vocabulary, &blocks, &factors, n);
    let lap = timings.lap("weights + postings", lap);
    let entries = sorted_entries(&vocabulary.surfaces, &keys, postings);
    timings.lap("sorted entries", lap);
    Index {
        entries,
        docs: docs.len(),
    }
}

/// Every distinct surface word of the blocks, numbered, and where each block has it.
struct Vocabulary<'a> {
    surfaces: Vec<&'a str>,
    /// Per surface word: (block, local term number) of every block that has it.
    by_surface: Vec<Vec<(u32, u32)>>,
}

impl<'a> Vocabulary<'a> {
    fn merge(blocks: &'a [Block]) -> Vocabulary<'a> {
        let mut numbers: HashTable<(u64, u32)> = HashTable::new();
        let mut surfaces: Vec<&str> = Vec::new();
        let mut by_surface: Vec<Vec<(u32, u32)>> = Vec::new();
        for (b, block) in blocks.iter().enumerate() {
            for (local, &(hash, _)) in block.terms.iter().enumerate() {
                let word = block.term(local);
                let s = match numbers.find(hash, |&(_, s)| surfaces[s as usize] == word) {
                    Some(&(_, s)) => s,
                    None => {
                        let s = surfaces.len() as u32;
                        surfaces.push(word);
                        by_surface.push(Vec::new());
                        numbers.insert_unique(hash, (hash, s), |&(h, _)| h);
                        s
                    }
                };
                by_surface[s as usize].push((b as u32, local as u32));
            }
        }
        Vocabulary {
            surfaces,
            by_surface,
        }
    }
}

/// The keys of the index (a stem, or a word that has none), numbered in order of
/// first use, and which surface words lead to each.
struct Keys<'a> {
    text: Vec<&'a str>,
    /// Per key, its surface words.
    surfaces: Vec<Vec<u32>>,
    /// Per surface word, its key.
    of_surface: Vec<u32>,
}

impl<'a> Keys<'a> {
    /// Groups the surface words by `stems`, each surface word's key.
    fn group(stems: &'a [String]) -> Keys<'a> {
        let mut ids: HashMap<&str, u32> = HashMap::with_capacity(stems.len());
        let mut text: Vec<&str> = Vec::new();
        let mut surfaces: Vec<Vec<u32>> = Vec::new();
        let of_surface: Vec<u32> = stems
            .iter()
            .enumerate()
            .map(|(s, k)| {
                let key = *ids.entry(k.as_str()).or_insert_with(|| {
                    text.push(k.as_str());
                    surfaces.push(Vec::new());
                    (text.len() - 1) as u32
                });
                surfaces[key as usize].push(s as u32);
                key
            })
            .collect();
        Keys {
            text,
            surfaces,
            of_surface,
        }
    }
}

/// Per document, each field's weight over its length normalization: computed once
/// per document instead of once per posting. `n` is the number of documents.
fn field_factors(docs: &[Doc], blocks: &[Block], n: f32) -> Vec<[f32; 4]> {
    let mut avg = [0f32; 4];
    for lens in blocks.iter().flat_map(|b| &b.lens) {
        for (sum, len) in avg.iter_mut().zip(lens) {
            *sum += *len as f32;
        }
    }
    let avg = avg.map(|total| (total / n).max(1.0));
    blocks
        .iter()
        .flat_map(|b| &b.lens)
        .zip(docs)
        .map(|(lens, doc)| {
            let mut weights = WEIGHTS;
            if doc.section {
                weights[TITLE] = SECTION_TITLE_WEIGHT;
            }
            std::array::from_fn(|f| weights[f] / (1.0 - B[f] + B[f] * lens[f] as f32 / avg[f]))
        })
        .collect()
}

/// Each key's postings: the weighted frequencies of its surface words in every
/// block, in document order (blocks are in order; two surface forms of one stem in
/// a document add up), then scored. `None` once an entry has taken them.
fn key_postings(
    keys: &Keys,
    vocabulary: &Vocabulary,
    blocks: &[Block],
    factors: &[[f32; 4]],
    n: f32,
) -> Vec<Option<Postings>> {
    keys.surfaces
        .par_iter()
        .map_init(Vec::new, |list: &mut Vec<(u32, f32)>, surfaces_of_key| {
            list.clear();
            let mut parts = 0;
            for &s in surfaces_of_key {
                for &(b, local) in &vocabulary.by_surface[s as usize] {
                    parts += 1;
                    let block = &blocks[b as usize];
                    list.extend(block.postings(local as usize).iter().map(|&(doc, tf)| {
                        let factor = &factors[doc as usize];
                        let wtf: f32 = (0..4).map(|f| factor[f] * f32::from(tf[f])).sum();
                        (doc, wtf)
                    }));
                }
            }
            if surfaces_of_key.len() > 1 && parts > 1 {
                list.sort_by_key(|&(doc, _)| doc);
                list.dedup_by(|b, a| {
                    if a.0 == b.0 {
                        a.1 += b.1;
                        true
                    } else {
                        false
                    }
                });
            }
            Some(score(list, n))
        })
        .collect()
}

/// The entries of the index in UTF-16 order: every surface word (with the postings
/// of its key if it is the key itself, else the stem it leads to), then every stem
/// that never occurs as a word.
fn sorted_entries(
    surfaces: &[&str],
    keys: &Keys,
    mut postings: Vec<Option<Postings>>,
) -> Vec<(String, Entry)> {
    let mut entries: Vec<(String, Entry)> =
        Vec::with_capacity(surfaces.len() + keys.text.len() / 4);
    let mut key_is_surface = vec![false; keys.text.len()];
    for (s, word) in surfaces.iter().enumerate() {
        let key = keys.of_surface[s] as usize;
        if keys.text[key] == *word {
            key_is_surface[key] = true;
            let postings = postings[key].take().unwrap_or_default();
            entries.push((
                word.to_string(),
                Entry::Postings {
                    surface: true,
                    postings,
                },
            ));
        } else {
            entries.push((word.to_string(), Entry::Stem(keys.text[key].to_string())));
        }
    }
    for (key, is_surface) in key_is_surface.iter().enumerate() {
        if !is_surface {
            let postings = postings[key].take().unwrap_or_default();
            entries.push((
                keys.text[key].to_string(),
                Entry::Postings {
                    surface: false,
                    postings,
                },
            ));
        }
    }
    entries.par_sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    entries
}

/// BM25 saturation and IDF over the weighted frequencies (turned into scores in
/// place), then quantized levels.
fn score(list: &mut [(u32, f32)], n: f32) -> Postings {
    let df = list.len() as f32;
    let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
    let mut max = 0f32;
    for (_, wtf) in list.iter_mut() {
        *wtf = idf * *wtf * (K1 + 1.0) / (*wtf + K1);
        max = max.max(*wtf);
    }
    let levels = list
        .iter()
        .map(|&(_, s)| {
            if max > 0.0 {
                ((s / max * LEVELS as f32).round() as u32).clamp(1, LEVELS) as u8
            } else {
                1
            }
        })
        .collect();
    Postings {
        max,
        docs: list.iter().map(|&(d, _)| d).collect(),
        levels,
    }
}

impl Index {
    /// The postings a surface word (or stem) leads to.
    pub fn lookup(&self, word: &str) -> Option<&Postings> {
        let find = |key: &str| {
            self.entries
                .binary_search_by(|(k, _)| k.encode_utf16().cmp(key.encode_utf16()))
                .ok()
                .map(|i| &self.entries[i].1)
        };
        match find(word)? {
            Entry::Postings { postings, .. } => Some(postings),
            Entry::Stem(stem) => match find(stem)? {
                Entry::Postings { postings, .. } => Some(postings),
                Entry::Stem(_) => None,
            },
        }
    }
}
