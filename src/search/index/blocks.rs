//! The first step of indexing: documents are tokenized and their terms counted in
//! blocks, in parallel, each block with a vocabulary and postings of its own.

use super::{BODY, Doc, HEADING, TAGS, TITLE};
use crate::search::tokenize::{TokenKind, tokenize};
use hashbrown::HashTable;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::hash::BuildHasher;

/// Indexes `docs` in blocks, in parallel (see [`BLOCKS_PER_THREAD`]), taking the
/// terms of documents `memory` has from it instead of tokenizing them again.
pub(super) fn index_blocks(
    docs: &[Doc],
    hasher: &TermHasher,
    memory: Option<&dyn TermMemory>,
) -> Vec<Block> {
    let blocks_wanted = rayon::current_num_threads() * BLOCKS_PER_THREAD;
    let block_len = docs.len().div_ceil(blocks_wanted).max(1);
    docs.par_chunks(block_len)
        .enumerate()
        .map_init(Scratch::default, |scratch, (b, chunk)| {
            Block::build(b * block_len, chunk, hasher, scratch, memory)
        })
        .collect()
}

/// One document's terms as a block counts them: each distinct term in the order it
/// first occurs, with its frequencies per field, and the fields' lengths. Replaying
/// them builds the very block that tokenizing the document builds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocTerms {
    /// The terms' text, one after the other.
    pub words: String,
    /// Where each term ends in `words`.
    pub ends: Vec<u32>,
    pub tfs: Vec<Tf>,
    pub lens: [u32; 4],
}

impl DocTerms {
    /// Whether every term is a non-empty piece of `words` (what was read back from
    /// a cache is checked before it is used).
    pub fn is_well_formed(&self) -> bool {
        let mut start = 0usize;
        self.ends.len() == self.tfs.len()
            && self.ends.last().map_or(0, |&e| e as usize) == self.words.len()
            && self.ends.iter().all(|&end| {
                let end = end as usize;
                let ok = end > start && self.words.get(start..end).is_some();
                start = end;
                ok
            })
    }

    fn terms(&self) -> impl Iterator<Item = (&str, Tf)> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|&e| e as usize));
        (starts.zip(&self.ends).zip(&self.tfs))
            .map(|((start, &end), &tf)| (self.words.get(start..end as usize).unwrap_or(""), tf))
    }
}

/// Documents' terms remembered between builds (the build cache): `cached` gives a
/// document's terms counted by an earlier build, `counted` hears the terms of each
/// document counted now. Documents are numbered as in the index.
pub trait TermMemory: Sync {
    fn cached(&self, doc: usize) -> Option<DocTerms>;
    fn counted(&self, doc: usize, terms: DocTerms);
}

/// How terms are hashed while indexing: one hasher for the whole build, so that a
/// block's term hashes serve the merge of every block's vocabulary.
pub(super) type TermHasher = hashbrown::DefaultHashBuilder;

/// Occurrences of one term in one document, per field. A word repeated more than
/// 255 times in one section counts 255 times: BM25 saturates long before that.
pub type Tf = [u8; 4];

/// Documents are indexed in contiguous blocks, each by one task with a vocabulary
/// and postings of its own: no locks while tokenizing, and a block's postings come
/// out in document order. More blocks than cores keep the cores evenly busy; each
/// block repeats only its vocabulary.
const BLOCKS_PER_THREAD: usize = 4;

/// The vocabulary and postings of one block of documents.
#[derive(Default)]
pub(super) struct Block {
    /// The terms' text, one after the other.
    arena: String,
    /// Per local term number: its hash and where its text ends in `arena`.
    pub(super) terms: Vec<(u64, u32)>,
    /// The postings of local term `t` are `postings[starts[t]..starts[t + 1]]`:
    /// (document number, frequencies), documents ascending.
    starts: Vec<u32>,
    postings: Vec<(u32, Tf)>,
    /// Field lengths of the block's documents, in order.
    pub(super) lens: Vec<[u32; 4]>,
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
    pub(super) fn term(&self, id: usize) -> &str {
        let start = match id.checked_sub(1) {
            Some(previous) => self.terms[previous].1 as usize,
            None => 0,
        };
        &self.arena[start..self.terms[id].1 as usize]
    }

    pub(super) fn postings(&self, id: usize) -> &[(u32, Tf)] {
        &self.postings[self.starts[id] as usize..self.starts[id + 1] as usize]
    }

    /// Indexes `docs`, numbered from `first`.
    fn build(
        first: usize,
        docs: &[Doc],
        hasher: &TermHasher,
        scratch: &mut Scratch,
        memory: Option<&dyn TermMemory>,
    ) -> Block {
        let mut block = Block::default();
        scratch.ids.clear();
        scratch.doc_terms.clear();
        scratch.doc_ends.clear();
        scratch.slot.clear();
        for (k, doc) in docs.iter().enumerate() {
            let doc_start = scratch.doc_terms.len() as u32;
            let lens = match memory.and_then(|m| m.cached(first + k)) {
                Some(terms) => block.replay(&terms, doc_start, hasher, scratch),
                None => {
                    let lens = block.count(doc, doc_start, hasher, scratch);
                    if let Some(memory) = memory {
                        memory.counted(first + k, block.doc_terms(doc_start, lens, scratch));
                    }
                    lens
                }
            };
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
                let mut tf = [0u8; 4];
                tf[f] = 1;
                self.add(word, tf, doc_start, hasher, scratch);
            });
        }
        lens
    }

    /// Adds a document's terms counted before (see [`DocTerms`]); returns its field
    /// lengths.
    fn replay(
        &mut self,
        terms: &DocTerms,
        doc_start: u32,
        hasher: &TermHasher,
        scratch: &mut Scratch,
    ) -> [u32; 4] {
        for (word, tf) in terms.terms() {
            self.add(word, tf, doc_start, hasher, scratch);
        }
        terms.lens
    }

    /// The terms of the document whose terms start at `doc_start` in
    /// `scratch.doc_terms`, as [`DocTerms`].
    fn doc_terms(&self, doc_start: u32, lens: [u32; 4], scratch: &Scratch) -> DocTerms {
        let counted = &scratch.doc_terms[doc_start as usize..];
        let mut terms = DocTerms {
            lens,
            ends: Vec::with_capacity(counted.len()),
            tfs: Vec::with_capacity(counted.len()),
            ..DocTerms::default()
        };
        for &(id, tf) in counted {
            terms.words.push_str(self.term(id as usize));
            terms.ends.push(terms.words.len() as u32);
            terms.tfs.push(tf);
        }
        terms
    }

    /// Adds `tf` occurrences of `word` to the document whose terms start at
    /// `doc_start`, giving the word a local number when it is new to the block.
    fn add(
        &mut self,
        word: &str,
        tf: Tf,
        doc_start: u32,
        hasher: &TermHasher,
        scratch: &mut Scratch,
    ) {
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
            Some((_, counts)) if *slot >= doc_start => {
                for (count, more) in counts.iter_mut().zip(tf) {
                    *count = count.saturating_add(more);
                }
            }
            _ => {
                *slot = scratch.doc_terms.len() as u32;
                scratch.doc_terms.push((id, tf));
            }
        }
    }
}
