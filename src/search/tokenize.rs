//! Turning text into index terms. The browser's query tokenizer (search-engine.js)
//! follows the same rules, so a word typed by a reader becomes the same term the
//! build indexed:
//!
//! - Text is split at Unicode word boundaries (UAX #29), so combining marks and
//!   joiners stay with their letters.
//! - Words joined by `-`, `_`, `.`, `:`, `/` or `@` without spaces form a compound
//!   (`checkout-api`, `escalation_policy`): the compound is a term, and so is each
//!   part, so identifiers are found whole and by their parts.
//! - An apostrophe inside a word is dropped (`service's` → `services`).
//! - Scripts written without spaces (Chinese, Japanese, Thai, Lao, Khmer, Burmese)
//!   become overlapping character bigrams (a lone character stays a unigram).
//! - Everything is lowercased; English stop words are dropped.
//! - ASCII words are reduced to their English (Snowball) stem at build time; the
//!   index maps each surface word to its stem, so the browser needs no stemmer.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

/// Words too common to help ranking (Lucene's English set). They are not indexed,
/// and the browser drops them from queries (the list travels in the manifest).
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with",
];

/// Longer words are hashes, base64 or minified code: noise that bloats the index.
pub const MAX_WORD_CHARS: usize = 40;
/// Longer compounds are paths or URLs; their parts are still indexed.
pub const MAX_COMPOUND_CHARS: usize = 64;

/// What kind of term a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A word (or a part of a compound); ASCII words get stemmed.
    Word,
    /// A whole identifier such as `checkout-api`.
    Compound,
    /// A character bigram (or lone character) of a script without spaces.
    Cjk,
}

/// Characters that join the parts of an identifier.
pub fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '_' | '.' | ':' | '/' | '@')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// Invisible characters removed before tokenizing (soft hyphen, zero-width space).
fn is_ignored(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}' | '\u{feff}')
}

/// Scripts written without spaces between words, indexed as character bigrams.
pub fn is_bigram_char(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x2E80..=0x2FDF // CJK radicals
        | 0x3005 | 0x3007 | 0x3021..=0x3029 | 0x3038..=0x303B
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF
        | 0xFF66..=0xFF9F // half-width Katakana
        | 0x20000..=0x3134F)
}

/// A character that ends a chunk: space, or punctuation that is not a joiner.
fn is_break(c: char) -> bool {
    c.is_whitespace()
        || (c.is_ascii_punctuation() && !is_joiner(c) && !is_apostrophe(c))
        || matches!(c as u32, 0x2010..=0x2017 | 0x201A..=0x205E | 0x3000..=0x3004 | 0x3008..=0x3020 | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20)
}

/// Splits `text` into tokens, calling `emit(term, kind)` for each (lowercased,
/// stop words removed, not yet stemmed).
pub fn tokenize(text: &str, mut emit: impl FnMut(&str, TokenKind)) {
    let mut chunk = String::new();
    let mut cjk: Vec<char> = Vec::new();
    for segment in text.split_word_bounds() {
        let word_like = segment.chars().any(char::is_alphanumeric);
        for c in segment.chars() {
            if is_ignored(c) {
                continue;
            }
            if is_bigram_char(c) {
                flush_chunk(&mut chunk, &mut emit);
                cjk.push(c);
                continue;
            }
            flush_cjk(&mut cjk, &mut emit);
            let keep = if word_like {
                !is_break(c)
            } else {
                is_joiner(c) || is_apostrophe(c)
            };
            if keep {
                chunk.push(c);
            } else {
                flush_chunk(&mut chunk, &mut emit);
            }
        }
    }
    flush_chunk(&mut chunk, &mut emit);
    flush_cjk(&mut cjk, &mut emit);
}

fn flush_cjk(run: &mut Vec<char>, emit: &mut impl FnMut(&str, TokenKind)) {
    let mut buf = String::with_capacity(8);
    if run.len() == 1 {
        buf.extend(run[0].to_lowercase());
        emit(&buf, TokenKind::Cjk);
    }
    for pair in run.windows(2) {
        buf.clear();
        buf.extend(pair.iter().flat_map(|c| c.to_lowercase()));
        emit(&buf, TokenKind::Cjk);
    }
    run.clear();
}

/// Emits the parts of a chunk such as `escalation_policy` and, when it has several
/// parts, the whole chunk.
fn flush_chunk(chunk: &mut String, emit: &mut impl FnMut(&str, TokenKind)) {
    if chunk.is_empty() {
        return;
    }
    let lower = chunk.to_lowercase();
    chunk.clear();
    // An apostrophe between word characters is dropped; elsewhere it separates.
    let chars: Vec<char> = lower.chars().collect();
    let is_sep = |c: char| is_joiner(c) || is_apostrophe(c);
    let mut whole = String::with_capacity(lower.len());
    for (i, &c) in chars.iter().enumerate() {
        if !is_apostrophe(c) {
            whole.push(c);
        } else if i == 0 || i + 1 == chars.len() || is_sep(chars[i - 1]) || is_sep(chars[i + 1]) {
            whole.push('-');
        }
    }
    let trimmed = whole.trim_matches(is_joiner);
    let mut parts = 0;
    for part in trimmed.split(is_joiner) {
        if part.is_empty() {
            continue;
        }
        parts += 1;
        if part.chars().count() <= MAX_WORD_CHARS && !is_stop_word(part) {
            emit(part, TokenKind::Word);
        }
    }
    if parts > 1 && trimmed.chars().count() <= MAX_COMPOUND_CHARS {
        emit(trimmed, TokenKind::Compound);
    }
}

pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
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

    fn tokens(text: &str) -> Vec<(String, TokenKind)> {
        let mut out = Vec::new();
        tokenize(text, |t, k| out.push((t.to_string(), k)));
        out
    }

    fn words(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn lowercases_and_drops_punctuation_and_stop_words() {
        assert_eq!(
            words("The Escalation Policy, (in short): page them!"),
            ["escalation", "policy", "short", "page", "them"]
        );
    }

    #[test]
    fn identifiers_are_found_whole_and_by_parts() {
        assert_eq!(
            tokens("checkout-api"),
            [
                ("checkout".into(), TokenKind::Word),
                ("api".into(), TokenKind::Word),
                ("checkout-api".into(), TokenKind::Compound)
            ]
        );
        assert_eq!(
            words("see escalation_policy."),
            ["see", "escalation", "policy", "escalation_policy"]
        );
        assert_eq!(words("v1.2.3"), ["v1", "2", "3", "v1.2.3"]);
        assert_eq!(words("on-call"), ["call", "on-call"]);
        assert_eq!(words("-lead- trail-"), ["lead", "trail"]);
    }

    #[test]
    fn apostrophes_inside_words_are_dropped() {
        assert_eq!(words("the team's runbook"), ["teams", "runbook"]);
        assert_eq!(words("don\u{2019}t 'quoted'"), ["dont", "quoted"]);
    }

    #[test]
    fn cjk_becomes_bigrams_and_mixes_with_latin() {
        assert_eq!(
            tokens("服务负责人 API"),
            [
                ("服务".into(), TokenKind::Cjk),
                ("务负".into(), TokenKind::Cjk),
                ("负责".into(), TokenKind::Cjk),
                ("责人".into(), TokenKind::Cjk),
                ("api".into(), TokenKind::Word)
            ]
        );
        assert_eq!(words("值班。"), ["值班"]);
        assert_eq!(words("服"), ["服"]);
        assert_eq!(words("カタカナ"), ["カタ", "タカ", "カナ"]);
    }

    #[test]
    fn unicode_words_keep_their_marks() {
        // "café" written with a combining accent stays one word.
        assert_eq!(
            words("cafe\u{301} Größe ΣΟΦΙΑ"),
            ["cafe\u{301}", "größe", "σοφια"]
        );
        assert_eq!(words("soft\u{ad}hyphen"), ["softhyphen"]);
    }

    #[test]
    fn hostile_text_never_panics() {
        for text in [
            "",
            "   ",
            "🔥🔥",
            "a\u{200d}b",
            "'''",
            "-_-",
            ".*[(\\$&",
            "\u{0}",
        ] {
            let _ = words(text);
        }
        let long = "x".repeat(10_000);
        assert!(words(&long).is_empty(), "a 10,000-letter word is noise");
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
