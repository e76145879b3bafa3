//! What each translation's freshness is judged on (`analyze::freshness` judges it):
//! the hash of its original's text now, its `translated_from` value, and which of
//! the two files git saw change last. Gathered only when the handbook has
//! translations; the working tree is asked for its uncommitted files only then.

use super::git::{self, LastCommit};
use crate::site::{Page, Revised, TranslationFacts};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// How many hex digits of the SHA-256 a `translated_from` value holds.
pub const HASH_DIGITS: usize = 12;

/// The value a translation's `translated_from` records for an original whose text
/// (as read: UTF-8, `\n` line endings) is `text`: the first 12 hex digits of its
/// SHA-256.
pub fn text_hash(text: &str) -> String {
    use std::fmt::Write as _;
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(HASH_DIGITS);
    for b in digest.iter().take(HASH_DIGITS / 2) {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// The facts of every translation in `translated` (whose originals are `originals`),
/// by language then source. `commits` is the last commit of each file under
/// `content/`, `None` outside git.
pub fn facts(
    root: &Path,
    originals: &[Page],
    translated: &[(String, Page)],
    commits: Option<&HashMap<String, LastCommit>>,
) -> Vec<TranslationFacts> {
    if translated.is_empty() {
        return Vec::new();
    }
    let by_source: HashMap<&str, &Page> =
        originals.iter().map(|p| (p.source.as_str(), p)).collect();
    let uncommitted = commits.map(|_| git::uncommitted(root));
    let revised = |display: &str| -> Option<Revised> {
        let rel = display.strip_prefix("content/").unwrap_or(display);
        if uncommitted.as_ref().is_some_and(|u| u.contains(rel)) {
            return Some(Revised::Uncommitted);
        }
        let c = commits?.get(rel)?;
        Some(Revised::Committed {
            age: c.age,
            date: c.date.clone(),
        })
    };
    let mut facts = Vec::new();
    for (lang, page) in translated {
        let Some(original) = by_source.get(page.source.as_str()) else {
            continue;
        };
        let translated_from = page.meta.translated_from.as_ref().map(|v| {
            (
                v.trim().to_ascii_lowercase(),
                key_offset(&page.raw, page.body_start),
            )
        });
        facts.push(TranslationFacts {
            lang: lang.clone(),
            source: page.source.clone(),
            title: page.title.clone(),
            url: page.url.clone(),
            original: original.display.clone(),
            translation: page.display.clone(),
            raw: Arc::clone(&page.raw),
            translated_from,
            original_hash: text_hash(&original.raw),
            git: commits.map(|_| (revised(&original.display), revised(&page.display))),
        });
    }
    facts
}

/// The byte offset of the `translated_from` key in the front matter (`raw[..end]`),
/// for diagnostics; 0 when it cannot be found.
fn key_offset(raw: &str, end: usize) -> usize {
    let mut offset = 0;
    for line in raw[..end.min(raw.len())].split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        if line.trim_start().starts_with("translated_from") {
            return offset + indent;
        }
        offset += line.len();
    }
    0
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_hash_is_twelve_hex_digits_of_sha256() {
        // SHA-256 of "abc" starts ba7816bf8f01.
        assert_eq!(super::text_hash("abc"), "ba7816bf8f01");
        let raw = "+++\ntitle = \"A\"\n  translated_from = \"x\"\n+++\nbody\n";
        assert_eq!(super::key_offset(raw, 40), 18);
    }
}
