//! The words that name each service and team (its title and id), as index entries
//! of their own, so that the browser can tell "a question that names this service"
//! from "a page that mentions it": `NAME_MARK` + key → the catalog documents whose
//! name has that word. The mark sorts before every word, so these entries open the
//! first term shard and cost a query one small file at most.

use super::index::{Doc, Entry, Kind, Postings};
use super::tokenize::{Stem, tokenize};
use std::collections::BTreeMap;

/// What a name key starts with: a control character, which no word contains.
pub const NAME_MARK: char = '\u{1}';

/// The name entries of the catalog documents of `docs` (their document numbers are
/// their positions), sorted by key in UTF-16 order.
pub fn name_entries(docs: &[Doc]) -> Vec<(String, Entry)> {
    let stem = Stem::default();
    let mut names: BTreeMap<Vec<u16>, (String, Vec<u32>)> = BTreeMap::new();
    for (number, doc) in docs.iter().enumerate() {
        if doc.kind == Kind::Guide {
            continue;
        }
        for text in [doc.title.as_ref(), doc.title_terms.as_ref()] {
            tokenize(text, |word, _| {
                let key = format!("{NAME_MARK}{}", stem.key(word));
                let entry = names
                    .entry(key.encode_utf16().collect())
                    .or_insert_with(|| (key, Vec::new()));
                if entry.1.last() != Some(&(number as u32)) {
                    entry.1.push(number as u32);
                }
            });
        }
    }
    names
        .into_values()
        .map(|(key, docs)| {
            let levels = vec![1; docs.len()];
            let postings = Postings {
                max: 1.0,
                docs,
                levels,
            };
            (
                key,
                Entry::Postings {
                    surface: false,
                    postings,
                },
            )
        })
        .collect()
}
