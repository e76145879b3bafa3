//! Turning text into index terms. The browser's query tokenizer (search-text.js)
//! follows the same rules, so a word typed by a reader becomes the same term the
//! build indexed (a browser test compares both on the whole bundled handbook):
//!
//! - Text is split at Unicode word boundaries (UAX #29), so combining marks and
//!   joiners stay with their letters; runs of plain ASCII take a fast path that
//!   gives the same words.
//! - Words joined by `-`, `_`, `.`, `:`, `/` or `@` without spaces form a compound
//!   (`checkout-api`, `escalation_policy`): the compound is a term, and so is each
//!   part, so identifiers are found whole and by their parts.
//! - An apostrophe inside a word is dropped (`service's` → `services`).
//! - Scripts written without spaces (Chinese, Japanese, Thai, Lao, Khmer, Burmese)
//!   become overlapping character bigrams (a lone character stays a unigram).
//! - Everything is lowercased; English stop words are dropped.
//! - ASCII words are reduced to their English (Snowball) stem (see `words`). The
//!   index maps each surface word to its stem, so the browser finds the words of
//!   the handbook without stemming; it stems only words the handbook never uses.

pub use super::words::{STOP_WORDS, Stem, is_stop_word};
use unicode_segmentation::UnicodeSegmentation;

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
pub fn tokenize(text: &str, emit: impl FnMut(&str, TokenKind)) {
    let mut t = Tokenizer {
        emit,
        chunk: String::new(),
        whole: String::new(),
        cjk: Vec::new(),
    };
    // Spaces always separate words. Stretches of plain ASCII (most of an English
    // handbook) are read in one go and skip the Unicode word segmentation, whose
    // rules give the same words there; a run between spaces that holds any other
    // character is segmented on its own.
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let Some(other) = first_non_ascii(bytes, i) else {
            t.ascii_run(text.get(i..).unwrap_or_default());
            break;
        };
        let run_start = bytes[i..other]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(i, |w| i + w + 1);
        let run_end = bytes[other..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |w| other + w);
        // Cut next to ASCII bytes, so at character boundaries.
        t.ascii_run(text.get(i..run_start).unwrap_or_default());
        t.unicode_run(text.get(run_start..run_end).unwrap_or_default());
        t.flush_chunk();
        t.flush_cjk();
        i = run_end;
    }
}

/// Where the first byte that is not ASCII is, at or after `from`: checked 16 bytes
/// at a time (`is_ascii` on a block compiles to a few vector instructions).
fn first_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut blocks = rest.chunks(16);
    let mut at = from;
    for block in blocks.by_ref() {
        if !block.is_ascii() {
            return block.iter().position(|b| !b.is_ascii()).map(|k| at + k);
        }
        at += block.len();
    }
    None
}

/// What an ASCII byte is to the tokenizer, as bit flags.
const BREAK: u8 = 0;
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const JOIN: u8 = 4;

static CLASS: [u8; 128] = {
    let mut table = [BREAK; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            LOWER
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if matches!(c, b'-' | b'_' | b'.' | b':' | b'/' | b'@' | b'\'') {
            JOIN
        } else {
            BREAK
        };
        b += 1;
    }
    table
};

/// Reused buffers, so that tokenizing allocates per text rather than per word.
struct Tokenizer<F> {
    emit: F,
    chunk: String,
    whole: String,
    cjk: Vec<char>,
}

impl<F: FnMut(&str, TokenKind)> Tokenizer<F> {
    fn ascii_run(&mut self, text: &str) {
        let run = text.as_bytes();
        let class = |b: u8| CLASS[usize::from(b & 0x7f)];
        let mut k = 0;
        while k < run.len() {
            while k < run.len() && class(run[k]) == BREAK {
                k += 1;
            }
            let start = k;
            // A word without joiners needs no splitting, and if lowercase no copy.
            let mut seen = BREAK;
            while k < run.len() && class(run[k]) != BREAK {
                seen |= class(run[k]);
                k += 1;
            }
            let Some(chunk) = text.get(start..k).filter(|c| !c.is_empty()) else {
                break;
            };
            // A joiner only at the ends (`policy.` ending a sentence) joins nothing:
            // the word inside is a plain word.
            let (chunk, seen) = if seen & JOIN != 0 {
                let inner =
                    chunk.trim_matches(|c: char| CLASS[usize::from(c as u8 & 0x7f)] == JOIN);
                if !inner.is_empty() && inner.bytes().all(|b| class(b) != JOIN) {
                    (inner, seen & !JOIN)
                } else {
                    (chunk, seen)
                }
            } else {
                (chunk, seen)
            };
            if seen & JOIN != 0 {
                self.chunk.push_str(chunk);
                self.flush_chunk();
            } else if chunk.len() <= MAX_WORD_CHARS {
                let word = if seen & UPPER != 0 {
                    self.whole.clear();
                    self.whole.push_str(chunk);
                    self.whole.make_ascii_lowercase();
                    self.whole.as_str()
                } else {
                    chunk
                };
                if !is_stop_word(word) {
                    (self.emit)(word, TokenKind::Word);
                }
            }
        }
    }

    fn unicode_run(&mut self, run: &str) {
        for segment in run.split_word_bounds() {
            let word_like = segment.chars().any(char::is_alphanumeric);
            for c in segment.chars() {
                if is_ignored(c) {
                    continue;
                }
                if is_bigram_char(c) {
                    self.flush_chunk();
                    self.cjk.push(c);
                    continue;
                }
                self.flush_cjk();
                let keep = if word_like {
                    !is_break(c)
                } else {
                    is_joiner(c) || is_apostrophe(c)
                };
                if keep {
                    self.chunk.push(c);
                } else {
                    self.flush_chunk();
                }
            }
        }
    }

    fn flush_cjk(&mut self) {
        if self.cjk.is_empty() {
            return;
        }
        let mut buf = String::with_capacity(8);
        if self.cjk.len() == 1 {
            buf.extend(self.cjk[0].to_lowercase());
            (self.emit)(&buf, TokenKind::Cjk);
        }
        for pair in self.cjk.windows(2) {
            buf.clear();
            buf.extend(pair.iter().flat_map(|c| c.to_lowercase()));
            (self.emit)(&buf, TokenKind::Cjk);
        }
        self.cjk.clear();
    }

    /// Emits the parts of a chunk such as `escalation_policy` and, when it has
    /// several parts, the whole chunk.
    fn flush_chunk(&mut self) {
        if self.chunk.is_empty() {
            return;
        }
        if self.chunk.is_ascii() {
            self.chunk.make_ascii_lowercase();
        } else {
            // The whole chunk at once, so that a final sigma lowercases as in JavaScript.
            self.chunk = self.chunk.to_lowercase();
        }
        // An apostrophe between word characters is dropped; elsewhere it separates.
        let is_sep = |c: char| is_joiner(c) || is_apostrophe(c);
        self.whole.clear();
        let mut prev: Option<char> = None;
        let mut chars = self.chunk.chars().peekable();
        while let Some(c) = chars.next() {
            if !is_apostrophe(c) {
                self.whole.push(c);
            } else if prev.is_none_or(is_sep) || chars.peek().is_none_or(|&n| is_sep(n)) {
                self.whole.push('-');
            }
            prev = Some(c);
        }
        self.chunk.clear();
        let trimmed = self.whole.trim_matches(is_joiner);
        let mut parts = 0;
        for part in trimmed.split(is_joiner) {
            if part.is_empty() {
                continue;
            }
            parts += 1;
            let short = part.len() <= MAX_WORD_CHARS || part.chars().count() <= MAX_WORD_CHARS;
            if short && !is_stop_word(part) {
                (self.emit)(part, TokenKind::Word);
            }
        }
        if parts > 1 && trimmed.chars().count() <= MAX_COMPOUND_CHARS {
            (self.emit)(trimmed, TokenKind::Compound);
        }
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
    fn joiners_at_the_ends_of_a_word_join_nothing() {
        assert_eq!(
            words("Ends with Policy. Then .net, 'quoted' v1.2. @team:"),
            ["ends", "policy", "net", "quoted", "v1", "2", "v1.2", "team"]
        );
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
}
