//! The search index's side of the persistent build cache (`crate::build_cache`): the
//! terms the guide pages' documents were tokenized into, so that a warm build
//! tokenizes only the pages whose text changed (and the few filed with them).
//!
//! Pages are filed in runs of about [`RUN`] consecutive pages, one entry per run
//! (creating a file costs more than tokenizing a page, and a large site would
//! otherwise add a file per page). A run ends after a page picked by its URL's hash,
//! so adding or removing a page changes only its own run. An entry is keyed by the
//! text of every field the index reads of the run's documents; the tokenizer has no
//! settings (stemming comes later, over the whole vocabulary), and the store's stamp
//! names ownbook's version and executable. A damaged or malformed entry is reported
//! and its pages tokenized again.

use super::index::{Doc, DocTerms, Kind, TermMemory};
use crate::build_cache::{Key, Store};
use rayon::prelude::*;
use std::sync::Mutex;

/// Starts every key: a new layout of the entries gets a new name.
const KEY_NAME: &[u8] = b"search-terms-2";
/// About how many pages one entry holds.
const RUN: u8 = 32;

/// The pages' terms, as the index's blocks ask for them, document by document.
pub struct TermCache<'a> {
    store: &'a Store,
    /// By document number: its run's number in `pages` (`None`: not cached, a
    /// service or team).
    page_of: Vec<Option<u32>>,
    pages: Vec<Page>,
}

/// One run of pages' documents: `docs` consecutive ones from `first`.
struct Page {
    first: usize,
    docs: usize,
    key: Key,
    state: Mutex<State>,
}

enum State {
    /// Not asked for yet.
    Unread,
    /// Read from the cache: each document's terms until a block takes them.
    Cached(Vec<Option<DocTerms>>),
    /// Not in the cache: each document's terms once counted, filed when all are.
    Counting(Vec<Option<DocTerms>>),
    Done,
}

impl<'a> TermCache<'a> {
    /// The cache of `docs` (numbered as the index numbers them) in `store`.
    pub fn new(store: &'a Store, docs: &[Doc]) -> TermCache<'a> {
        let mut page_of = vec![None; docs.len()];
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for (d, doc) in docs.iter().enumerate() {
            if doc.kind != Kind::Guide {
                continue;
            }
            // A page's documents are consecutive and share its URL.
            let follows = d > 0 && page_of[d - 1].is_some();
            let same_page = follows && docs[d - 1].page == doc.page;
            match runs.last_mut() {
                Some((_, len)) if same_page || (follows && !ends_run(&docs[d - 1])) => *len += 1,
                _ => runs.push((d, 1)),
            }
            page_of[d] = Some((runs.len() - 1) as u32);
        }
        let pages = runs
            .into_par_iter()
            .map(|(first, len)| Page {
                first,
                docs: len,
                key: page_key(&docs[first..first + len]),
                state: Mutex::new(State::Unread),
            })
            .collect();
        TermCache {
            store,
            page_of,
            pages,
        }
    }

    fn page(&self, doc: usize) -> Option<&Page> {
        let p = (*self.page_of.get(doc)?)?;
        self.pages.get(p as usize)
    }

    /// The run's documents' terms from the store, if an intact and well-formed
    /// entry is there.
    fn read(&self, page: &Page) -> Option<Vec<Option<DocTerms>>> {
        let bytes = self.store.get_uncounted(&page.key)?;
        let terms: Option<Vec<DocTerms>> = postcard::from_bytes(&bytes).ok();
        let usable =
            terms.filter(|t| t.len() == page.docs && t.iter().all(DocTerms::is_well_formed));
        if usable.is_none() {
            self.store.damaged_key(&page.key, false);
        }
        Some(usable?.into_iter().map(Some).collect())
    }
}

impl TermMemory for TermCache<'_> {
    fn cached(&self, doc: usize) -> Option<DocTerms> {
        let page = self.page(doc)?;
        let mut state = lock(&page.state);
        if matches!(*state, State::Unread) {
            *state = match self.read(page) {
                Some(terms) => State::Cached(terms),
                None => State::Counting(vec![None; page.docs]),
            };
        }
        match &mut *state {
            State::Cached(terms) => terms.get_mut(doc - page.first)?.take(),
            _ => None,
        }
    }

    fn counted(&self, doc: usize, terms: DocTerms) {
        let Some(page) = self.page(doc) else { return };
        let mut state = lock(&page.state);
        let State::Counting(counted) = &mut *state else {
            return;
        };
        if let Some(slot) = counted.get_mut(doc - page.first) {
            *slot = Some(terms);
        }
        if counted.iter().all(Option::is_some) {
            let all: Vec<&DocTerms> = counted.iter().flatten().collect();
            if let Ok(bytes) = postcard::to_stdvec(&all) {
                self.store.put(&page.key, &bytes);
            }
            *state = State::Done;
        }
    }
}

/// Whether the run of pages ends after the page of `doc` (about one page in [`RUN`]).
fn ends_run(doc: &Doc) -> bool {
    Key::of(&[doc.page.as_bytes()]).0[0].is_multiple_of(RUN)
}

/// The key of a run of documents: every field the index tokenizes.
fn page_key(docs: &[Doc]) -> Key {
    let tag_counts: Vec<[u8; 8]> = docs
        .iter()
        .map(|d| (d.tags.len() as u64).to_le_bytes())
        .collect();
    let mut parts: Vec<&[u8]> = vec![KEY_NAME];
    for (doc, tags) in docs.iter().zip(&tag_counts) {
        parts.extend([
            doc.title.as_bytes(),
            doc.title_terms.as_bytes(),
            doc.heading.as_bytes(),
            doc.text.as_bytes(),
            tags,
        ]);
        parts.extend(doc.tags.iter().map(|t| t.as_bytes()));
    }
    Key::of(&parts)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A slot of terms cannot be left half-written by a panic.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::{self, Index};

    fn doc(page: usize, section: usize, text: String) -> Doc<'static> {
        Doc {
            kind: Kind::Guide,
            page: format!("p{page}/index.html").into(),
            anchor: format!("s{section}").into(),
            title: format!("Page {page}").into(),
            heading: format!("Heading {section}").into(),
            trail: "Guide".into(),
            text: text.into(),
            title_terms: "".into(),
            tags: Vec::new().into(),
            owner: None,
            tier: None,
            lifecycle: None,
            section: section > 0,
        }
    }

    /// Pages of three sections each, with repeated words, compounds and two forms
    /// of one stem, enough of them for many runs and blocks.
    fn docs(edited: Option<usize>) -> Vec<Doc<'static>> {
        let mut docs = Vec::new();
        for page in 0..400 {
            for section in 0..3 {
                let mut text = format!(
                    "deploy deploying checkout-api {} page{page} deploys {section} deploy",
                    ["pager", "rotation", "escalation_policy"][(page + section) % 3]
                );
                if edited == Some(page) {
                    text.push_str(" edited words");
                }
                docs.push(doc(page, section, text));
            }
        }
        docs
    }

    fn build(docs: &[Doc], store: &Store) -> Index {
        let memory = TermCache::new(store, docs);
        index::build_timed(docs, Some(&memory), &mut Default::default())
    }

    #[test]
    fn an_index_from_remembered_terms_equals_one_tokenized_anew() {
        let Ok(tmp) = tempfile::tempdir() else { return };
        let open = || Store::open(tmp.path()).unwrap_or_else(|e| panic!("{e}"));
        let plain = index::build(&docs(None));
        let store = open();
        assert_eq!(build(&docs(None), &store).entries, plain.entries);
        assert!(store.finish().is_empty());
        let files = || std::fs::read_dir(tmp.path().join("pages")).map_or(0, |d| d.count());
        let filed = files();
        assert!(filed > 1 && filed < 100, "{filed} entries for 400 pages");
        // Everything from the cache, then one page edited.
        let store = open();
        assert_eq!(build(&docs(None), &store).entries, plain.entries);
        assert!(store.finish().is_empty());
        let store = open();
        let edited = index::build(&docs(Some(7)));
        assert_eq!(build(&docs(Some(7)), &store).entries, edited.entries);
        assert!(store.finish().is_empty());
        assert_eq!(
            files(),
            filed,
            "the edited run's entry replaces its old one"
        );
    }
}
