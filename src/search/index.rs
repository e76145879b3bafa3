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
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

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
/// a service or a team.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    pub kind: Kind,
    /// URL relative to the site root, with `index.html` and the `#heading`.
    pub url: String,
    /// Page, service or team title.
    pub title: String,
    /// The section's heading (empty for a whole page or catalog entry).
    pub heading: String,
    /// Where the page sits, for display: `Guide › Lifecycle`.
    pub trail: String,
    /// Body text, indexed and shown in snippets (borrowed from the rendered page).
    pub text: Cow<'a, str>,
    /// More words indexed with the title's weight (a catalog entry's id).
    pub title_terms: String,
    pub tags: Vec<String>,
    pub owner: Option<String>,
    pub tier: Option<u32>,
    pub lifecycle: Option<String>,
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

/// A 64-bit FNV-1a hash of a term. Terms are told apart by it while counting, which
/// spares an allocation per term and document; two distinct terms of a handbook
/// sharing a hash is about as likely as 1 in 10^8 for a million distinct terms, and
/// would only merge their postings.
fn term_hash(term: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in term.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Hashes a `u64` key that is already a hash: by using it as it is.
#[derive(Default, Clone, Copy)]
struct KeyIsHash(u64);

impl Hasher for KeyIsHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type HashMapByHash<V> = HashMap<u64, V, BuildHasherDefault<KeyIsHash>>;

/// Per-field term frequencies and field lengths of one document. The terms' text is
/// kept in one string per document.
struct DocTerms {
    arena: String,
    /// (hash, start and end in `arena`, frequency per field)
    terms: Vec<(u64, u32, u32, [u16; 4])>,
    lens: [u32; 4],
}

impl DocTerms {
    fn text(&self, term: &(u64, u32, u32, [u16; 4])) -> &str {
        &self.arena[term.1 as usize..term.2 as usize]
    }
}

fn doc_terms(slots: &mut HashMapByHash<usize>, doc: &Doc) -> DocTerms {
    slots.clear();
    // Room for a typical vocabulary of the text, so the buffers rarely grow.
    let size = doc.text.len() + doc.title.len() + doc.heading.len();
    let mut arena = String::with_capacity(size / 2);
    let mut terms: Vec<(u64, u32, u32, [u16; 4])> = Vec::with_capacity(size / 12);
    let mut lens = [0u32; 4];
    let fields = [
        (TITLE, doc.title.as_str()),
        (TITLE, doc.title_terms.as_str()),
        (HEADING, doc.heading.as_str()),
        (BODY, &*doc.text),
    ];
    let tags = doc.tags.iter().map(|t| (TAGS, t.as_str()));
    for (f, text) in fields.into_iter().chain(tags) {
        tokenize(text, |word, kind| {
            // Compounds repeat their parts' position; they don't lengthen a field.
            if kind != TokenKind::Compound {
                lens[f] += 1;
            }
            let h = term_hash(word);
            match slots.get(&h) {
                Some(&i) => terms[i].3[f] = terms[i].3[f].saturating_add(1),
                None => {
                    slots.insert(h, terms.len());
                    let start = arena.len() as u32;
                    arena.push_str(word);
                    let mut tf = [0u16; 4];
                    tf[f] = 1;
                    terms.push((h, start, arena.len() as u32, tf));
                }
            }
        });
    }
    // Kept for every document until the index is merged: give back the room that
    // was reserved for a text of all-distinct words (about two thirds of it).
    arena.shrink_to_fit();
    terms.shrink_to_fit();
    DocTerms { arena, terms, lens }
}

/// Builds the index of `docs` (document numbers are their positions).
pub fn build(docs: &[Doc]) -> Index {
    let per_doc: Vec<DocTerms> = docs
        .par_iter()
        .map_init(HashMapByHash::default, doc_terms)
        .collect();
    // Every distinct surface word, numbered.
    let mut vocab: HashMapByHash<u32> = HashMapByHash::default();
    let mut surfaces: Vec<String> = Vec::new();
    for d in &per_doc {
        for term in &d.terms {
            vocab.entry(term.0).or_insert_with(|| {
                surfaces.push(d.text(term).to_string());
                (surfaces.len() - 1) as u32
            });
        }
    }
    // Each surface word's key: its stem for English words, itself otherwise.
    let stem = Stem::default();
    let stems: Vec<String> = surfaces.par_iter().map(|w| stem.key(w)).collect();
    let mut key_ids: HashMapByHash<u32> = HashMapByHash::default();
    let mut keys: Vec<&str> = Vec::new();
    let surface_key: Vec<u32> = stems
        .iter()
        .map(|k| {
            *key_ids.entry(term_hash(k)).or_insert_with(|| {
                keys.push(k.as_str());
                (keys.len() - 1) as u32
            })
        })
        .collect();
    let n = docs.len().max(1) as f32;
    let mut avg = [0f32; 4];
    for d in &per_doc {
        for (sum, len) in avg.iter_mut().zip(d.lens) {
            *sum += len as f32;
        }
    }
    let avg = avg.map(|total| (total / n).max(1.0));
    // Weighted, length-normalized term frequency of every key in every document.
    let weighted: Vec<Vec<(u32, f32)>> = per_doc
        .par_iter()
        .zip(docs.par_iter())
        .map(|(d, doc)| {
            let mut weights = WEIGHTS;
            if doc.section {
                weights[TITLE] = SECTION_TITLE_WEIGHT;
            }
            // Field weight over length normalization, once per document.
            let factor: [f32; 4] = std::array::from_fn(|f| {
                weights[f] / (1.0 - B[f] + B[f] * d.lens[f] as f32 / avg[f])
            });
            let mut by_key: Vec<(u32, f32)> = d
                .terms
                .iter()
                .map(|term| {
                    let tf = term.3;
                    let wtf: f32 = (0..4).map(|f| factor[f] * f32::from(tf[f])).sum();
                    let surface = vocab.get(&term.0).copied().unwrap_or(0);
                    (surface_key[surface as usize], wtf)
                })
                .collect();
            by_key.sort_unstable_by_key(|(k, _)| *k);
            by_key.dedup_by(|b, a| {
                // Two surface forms of one stem in a document add up.
                if a.0 == b.0 {
                    a.1 += b.1;
                    true
                } else {
                    false
                }
            });
            by_key
        })
        .collect();
    // Each document's terms are in `weighted` now; the per-document copies (the
    // biggest part of the index's working memory) can go before the merge.
    drop(per_doc);
    // Postings lists sized exactly: count first, then fill in document order.
    let mut df = vec![0usize; keys.len()];
    for terms in &weighted {
        for &(key, _) in terms {
            df[key as usize] += 1;
        }
    }
    let mut lists: Vec<Vec<(u32, f32)>> = df.iter().map(|&n| Vec::with_capacity(n)).collect();
    for (doc, terms) in weighted.iter().enumerate() {
        for &(key, wtf) in terms {
            lists[key as usize].push((doc as u32, wtf));
        }
    }
    let mut postings: Vec<Option<Postings>> = lists
        .into_par_iter()
        .map(|list| Some(score(list, n)))
        .collect();
    let mut entries: Vec<(String, Entry)> = Vec::with_capacity(surfaces.len() + keys.len() / 4);
    let mut key_is_surface = vec![false; keys.len()];
    for (s, word) in surfaces.into_iter().enumerate() {
        let key = surface_key[s] as usize;
        if keys[key] == word {
            key_is_surface[key] = true;
            let postings = postings[key].take().unwrap_or_default();
            entries.push((
                word,
                Entry::Postings {
                    surface: true,
                    postings,
                },
            ));
        } else {
            entries.push((word, Entry::Stem(keys[key].to_string())));
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
    Index {
        entries,
        docs: docs.len(),
    }
}

/// BM25 saturation and IDF over the weighted frequencies, then quantized levels.
fn score(list: Vec<(u32, f32)>, n: f32) -> Postings {
    let df = list.len() as f32;
    let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
    let impacts: Vec<f32> = list
        .iter()
        .map(|&(_, wtf)| idf * wtf * (K1 + 1.0) / (wtf + K1))
        .collect();
    let max = impacts.iter().copied().fold(0f32, f32::max);
    let levels = impacts
        .iter()
        .map(|&s| {
            if max > 0.0 {
                ((s / max * LEVELS as f32).round() as u32).clamp(1, LEVELS) as u8
            } else {
                1
            }
        })
        .collect();
    Postings {
        max,
        docs: list.into_iter().map(|(d, _)| d).collect(),
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
