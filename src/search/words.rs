//! Word lists and stems: the English stop words and the Snowball stemmer as the
//! index applies them. The browser has the same rules in search-text.js (the stop
//! words also travel in the manifest).

use rust_stemmers::{Algorithm, Stemmer};

/// Words too common to help ranking (Lucene's English set). They are not indexed,
/// and the browser drops them from queries (the list travels in the manifest).
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with",
];

/// Whether `word` is one of `STOP_WORDS` (matched by length and bytes: this runs for
/// every word of the handbook).
pub fn is_stop_word(word: &str) -> bool {
    match word.as_bytes() {
        [b'a'] => true,
        [_, _] => matches!(
            word.as_bytes(),
            b"an"
                | b"as"
                | b"at"
                | b"be"
                | b"by"
                | b"if"
                | b"in"
                | b"is"
                | b"it"
                | b"no"
                | b"of"
                | b"on"
                | b"or"
                | b"to"
        ),
        [_, _, _] => matches!(
            word.as_bytes(),
            b"and" | b"are" | b"but" | b"for" | b"not" | b"the" | b"was"
        ),
        [_, _, _, _] => matches!(
            word.as_bytes(),
            b"into" | b"such" | b"that" | b"then" | b"they" | b"this" | b"will" | b"with"
        ),
        [_, _, _, _, _] => matches!(word.as_bytes(), b"their" | b"there" | b"these"),
        _ => false,
    }
}

/// Reduces ASCII words to their English stem. The stem is applied until it no longer
/// changes, so that a stem is never itself a word with a different stem (the index
/// relies on that to keep words and stems in one key space).
pub struct Stem {
    stemmer: Stemmer,
}

impl Default for Stem {
    fn default() -> Self {
        Stem {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }
}

impl Stem {
    /// Whether `word` is stemmed at all: only lowercase ASCII words of 3+ letters.
    pub fn applies(word: &str) -> bool {
        word.len() >= 3 && word.bytes().all(|b| b.is_ascii_lowercase())
    }

    /// The index key of a surface word.
    pub fn key(&self, word: &str) -> String {
        if !Self::applies(word) {
            return word.to_string();
        }
        let mut current = word.to_string();
        for _ in 0..4 {
            let next = self.stemmer.stem(&current).into_owned();
            if next == current || next.is_empty() {
                break;
            }
            current = next;
        }
        current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
        assert!(
            STOP_WORDS.iter().all(|w| w.len() <= 5),
            "is_stop_word checks the length first"
        );
    }

    #[test]
    fn stems_english_words_to_a_fixed_point() {
        let stem = Stem::default();
        assert_eq!(stem.key("policies"), stem.key("policy"));
        assert_eq!(stem.key("escalation"), stem.key("escalations"));
        assert_eq!(stem.key("running"), "run");
        assert_eq!(stem.key("checkout-api"), "checkout-api");
        assert_eq!(stem.key("größe"), "größe");
        for word in ["generously", "abilities", "organizational", "conditionally"] {
            let k = stem.key(word);
            assert_eq!(stem.key(&k), k, "stem of {word} is stable");
        }
    }
}
