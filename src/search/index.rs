//! The inverted index: from the documents (one per heading section, service and
//! team) to a sorted list of entries, each a surface word or a stem with its
//! postings.
//!
//! Scores are computed here, once, with BM25F (per-field weights and length
//! normalization, title > headings > tags > body), and stored per posting as a
//! 5-bit level of the term's best score. The browser then only adds numbers: no
//! document statistics travel, and a query costs one pass over the postings of its
//! words.

use super::tokenize::{Stem, TokenKind, tokenize};
use crate::timings::Timings;
use hashbrown::HashTable;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasher;
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

/// How terms are hashed while indexing: one hasher for the whole build, so that a
/// block's term hashes serve the merge of every block's vocabulary.
type TermHasher = hashbrown::DefaultHashBuilder;

/// Occurrences of one term in one document, per field. A word repeated more than
/// 255 times in one section counts 255 times: BM25 saturates long before that.
type Tf = [u8; 4];

/// Documents are indexed in contiguous blocks, each by one task with a vocabulary
/// and postings of its own: no locks while tokenizing, and a block's postings come
/// out in document order. More blocks than cores keep the cores evenly busy; each
/// block repeats only its vocabulary.
const BLOCKS_PER_THREAD: usize = 4;

/// The vocabulary and postings of one block of documents.
#[derive(Default)]
struct Block {
    /// The terms' text, one after the other.
    arena: String,
    /// Per local term number: its hash and where its text ends in `arena`.
    terms: Vec<(u64, u32)>,
    /// The postings of local term `t` are `postings[starts[t]..starts[t + 1]]`:
    /// (document number, frequencies), documents ascending.
    starts: Vec<u32>,
    postings: Vec<(u32, Tf)>,
    /// Field lengths of the block's documents, in order.
    lens: Vec<[u32; 4]>,
}

/// A word of up to 15 bytes packed with its length into one number, so that looking
/// up almost any word compares two integers, not two strings; 0 for a longer word.
fn short_key(word: &str) -> u128 {
    let bytes = word.as_bytes();
    if bytes.len() > 15 {
        return 0;
    }
    let mut key = [0u8; 16];
    key[..bytes.len()].copy_from_slice(bytes);
    key[15] = bytes.len() as u8;
    u128::from_le_bytes(key)
}

/// What building a block needs while it runs and can then reuse for the next.
#[derive(Default)]
struct Scratch {
    /// The block's local term numbers, found by their text: (short key, number).
    ids: HashTable<(u128, u32)>,
    /// Every document's (local term, frequencies), one document after the other.
    doc_terms: Vec<(u32, Tf)>,
    /// Where each document's terms end in `doc_terms`.
    doc_ends: Vec<u32>,
    /// Per local term, its place in `doc_terms` if the current document has it.
    slot: Vec<u32>,
}

impl Block {
    fn term(&self, id: usize) -> &str {
        let start = match id.checked_sub(1) {
            Some(previous) => self.terms[previous].1 as usize,
            None => 0,
        };
        &self.arena[start..self.terms[id].1 as usize]
    }

    fn postings(&self, id: usize) -> &[(u32, Tf)] {
        &self.postings[self.starts[id] as usize..self.starts[id + 1] as usize]
    }

    /// Indexes `docs`, numbered from `first`.
    fn build(first: usize, docs: &[Doc], hasher: &TermHasher, scratch: &mut Scratch) -> Block {
        let mut block = Block::default();
        scratch.ids.clear();
        scratch.doc_terms.clear();
        scratch.doc_ends.clear();
        scratch.slot.clear();
        for doc in docs {
            let doc_start = scratch.doc_terms.len() as u32;
            let lens = block.count(doc, doc_start, hasher, scratch);
            block.lens.push(lens);
            scratch.doc_ends.push(scratch.doc_terms.len() as u32);
        }
        // Turn the per-document lists around into per-term lists, in document order.
        let mut starts = vec![0u32; block.terms.len() + 1];
        for &(term, _) in &scratch.doc_terms {
            starts[term as usize + 1] += 1;
        }
        for t in 1..starts.len() {
            starts[t] += starts[t - 1];
        }
        let mut next = starts.clone();
        let mut postings = vec![(0u32, [0u8; 4]); scratch.doc_terms.len()];
        let mut doc_start = 0;
        for (i, &doc_end) in scratch.doc_ends.iter().enumerate() {
            let number = (first + i) as u32;
            for &(term, tf) in &scratch.doc_terms[doc_start..doc_end as usize] {
                let at = &mut next[term as usize];
                postings[*at as usize] = (number, tf);
                *at += 1;
            }
            doc_start = doc_end as usize;
        }
        block.starts = starts;
        block.postings = postings;
        block
    }

    /// Adds one document's terms to `scratch.doc_terms` (its terms start at
    /// `doc_start`) and returns its field lengths.
    fn count(
        &mut self,
        doc: &Doc,
        doc_start: u32,
        hasher: &TermHasher,
        scratch: &mut Scratch,
    ) -> [u32; 4] {
        let mut lens = [0u32; 4];
        let fields = [
            (TITLE, doc.title.as_ref()),
            (TITLE, doc.title_terms.as_ref()),
            (HEADING, doc.heading.as_ref()),
            (BODY, doc.text.as_ref()),
        ];
        let tags = doc.tags.iter().map(|t| (TAGS, t.as_str()));
        for (f, text) in fields.into_iter().chain(tags) {
            tokenize(text, |word, kind| {
                // Compounds repeat their parts' position; they don't lengthen a field.
                if kind != TokenKind::Compound {
                    lens[f] += 1;
                }
                let key = short_key(word);
                let hash = hasher.hash_one(word);
                let known = scratch.ids.find(hash, |&(k, id)| {
                    k == key && (key != 0 || self.term(id as usize) == word)
                });
                let id = match known {
                    Some(&(_, id)) => id,
                    None => {
                        self.arena.push_str(word);
                        self.terms.push((hash, self.arena.len() as u32));
                        scratch.slot.push(u32::MAX);
                        let id = (self.terms.len() - 1) as u32;
                        let terms = &self.terms;
                        scratch
                            .ids
                            .insert_unique(hash, (key, id), |&(_, id)| terms[id as usize].0);
                        id
                    }
                };
                let slot = &mut scratch.slot[id as usize];
                match scratch.doc_terms.get_mut(*slot as usize) {
                    // Slots before this document's start belong to earlier ones.
                    Some((_, tf)) if *slot >= doc_start => tf[f] = tf[f].saturating_add(1),
                    _ => {
                        *slot = scratch.doc_terms.len() as u32;
                        let mut tf = [0u8; 4];
                        tf[f] = 1;
                        scratch.doc_terms.push((id, tf));
                    }
                }
            });
        }
        lens
    }
}

/// Builds the index of `docs` (document numbers are their positions).
pub fn build(docs: &[Doc]) -> Index {
    build_timed(docs, &mut Timings::default())
}

/// [`build`], recording its steps in `timings`.
pub fn build_timed(docs: &[Doc], timings: &mut Timings) -> Index {
    let lap = Instant::now();
    let hasher = TermHasher::default();
    let blocks_wanted = rayon::current_num_threads() * BLOCKS_PER_THREAD;
    let block_len = docs.len().div_ceil(blocks_wanted).max(1);
    let blocks: Vec<Block> = docs
        .par_chunks(block_len)
        .enumerate()
        .map_init(Scratch::default, |scratch, (b, chunk)| {
            Block::build(b * block_len, chunk, &hasher, scratch)
        })
        .collect();
    let lap = timings.lap("tokenize + count", lap);
    // Every distinct surface word, numbered, and each block's terms in those numbers.
    let mut vocab: HashTable<(u64, u32)> = HashTable::new();
    let mut surfaces: Vec<&str> = Vec::new();
    let mut by_surface: Vec<Vec<(u32, u32)>> = Vec::new();
    for (b, block) in blocks.iter().enumerate() {
        for (local, &(hash, _)) in block.terms.iter().enumerate() {
            let word = block.term(local);
            let s = match vocab.find(hash, |&(_, s)| surfaces[s as usize] == word) {
                Some(&(_, s)) => s,
                None => {
                    let s = surfaces.len() as u32;
                    surfaces.push(word);
                    by_surface.push(Vec::new());
                    vocab.insert_unique(hash, (hash, s), |&(h, _)| h);
                    s
                }
            };
            by_surface[s as usize].push((b as u32, local as u32));
        }
    }
    // Each surface word's key: its stem for English words, itself otherwise.
    let stem = Stem::default();
    let stems: Vec<String> = surfaces.par_iter().map(|w| stem.key(w)).collect();
    let mut key_ids: HashMap<&str, u32> = HashMap::with_capacity(stems.len());
    let mut keys: Vec<&str> = Vec::new();
    let mut key_surfaces: Vec<Vec<u32>> = Vec::new();
    let surface_key: Vec<u32> = stems
        .iter()
        .enumerate()
        .map(|(s, k)| {
            let key = *key_ids.entry(k.as_str()).or_insert_with(|| {
                keys.push(k.as_str());
                key_surfaces.push(Vec::new());
                (keys.len() - 1) as u32
            });
            key_surfaces[key as usize].push(s as u32);
            key
        })
        .collect();
    let lap = timings.lap("vocabulary + stems", lap);
    // Field weight over length normalization, once per document.
    let n = docs.len().max(1) as f32;
    let mut avg = [0f32; 4];
    for lens in blocks.iter().flat_map(|b| &b.lens) {
        for (sum, len) in avg.iter_mut().zip(lens) {
            *sum += *len as f32;
        }
    }
    let avg = avg.map(|total| (total / n).max(1.0));
    let factors: Vec<[f32; 4]> = blocks
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
        .collect();
    // Each key's postings: the weighted frequencies of its surface words in every
    // block, in document order (blocks are in order; two surface forms of one stem
    // in a document add up).
    let mut postings: Vec<Option<Postings>> = key_surfaces
        .par_iter()
        .map_init(Vec::new, |list: &mut Vec<(u32, f32)>, surfaces_of_key| {
            list.clear();
            let mut parts = 0;
            for &s in surfaces_of_key {
                for &(b, local) in &by_surface[s as usize] {
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
        .collect();
    let lap = timings.lap("weights + postings", lap);
    let mut entries: Vec<(String, Entry)> = Vec::with_capacity(surfaces.len() + keys.len() / 4);
    let mut key_is_surface = vec![false; keys.len()];
    for (s, word) in surfaces.iter().enumerate() {
        let key = surface_key[s] as usize;
        if keys[key] == *word {
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
            entries.push((word.to_string(), Entry::Stem(keys[key].to_string())));
        }
    }
    for (key, is_surface) in key_is_surface.iter().enumerate() {
        if !is_surface {
            let postings = postings[key].take().unwrap_or_default();
            entries.push((
                keys[key].to_string(),
                Entry::Postings {
                    surface: false,
                    postings,
                },
            ));
        }
    }
    entries.par_sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    timings.lap("sorted entries", lap);
    Index {
        entries,
        docs: docs.len(),
    }
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
