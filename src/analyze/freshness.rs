//! Translation freshness: a translation is stale when its original changed after it
//! was translated. A `translated_from` value in its front matter decides when present
//! (it must equal the hash of the original's text now); otherwise git does: the
//! original's last commit is newer than the translation's, or the original has
//! uncommitted changes while the translation has none. A translation changed in the
//! working tree is being brought up to date, so it is not stale; outside git and
//! without `translated_from`, nothing is known and nothing is reported.

use crate::site::{Revised, Site, TranslationFacts};

/// Why a translation is stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// `translated_from` records another text than the original's now.
    Hash { recorded: String, current: String },
    /// The original was committed after the translation (on these days).
    Newer {
        original: String,
        translation: String,
    },
    /// The original has uncommitted changes; the translation was last committed on
    /// this day.
    Uncommitted { translation: String },
}

/// A stale translation.
#[derive(Debug, Clone)]
pub struct StaleTranslation<'a> {
    pub facts: &'a TranslationFacts,
    pub why: Why,
}

/// The stale translations of `site` in every language, by language then original.
pub fn stale_translations(site: &Site) -> Vec<StaleTranslation<'_>> {
    site.translated
        .freshness
        .iter()
        .filter_map(|facts| {
            Some(StaleTranslation {
                facts,
                why: judge(facts)?,
            })
        })
        .collect()
}

/// Whether one translation is stale, and why.
pub fn judge(facts: &TranslationFacts) -> Option<Why> {
    if let Some((recorded, _)) = &facts.translated_from {
        return (*recorded != facts.original_hash).then(|| Why::Hash {
            recorded: recorded.clone(),
            current: facts.original_hash.clone(),
        });
    }
    let (original, translation) = facts.git.as_ref()?;
    match (original.as_ref()?, translation.as_ref()?) {
        (_, Revised::Uncommitted) => None,
        (Revised::Uncommitted, Revised::Committed { date, .. }) => Some(Why::Uncommitted {
            translation: date.clone(),
        }),
        (Revised::Committed { age: a, date: o }, Revised::Committed { age: b, date: t }) => (a < b)
            .then(|| Why::Newer {
                original: o.clone(),
                translation: t.clone(),
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn facts(
        from: Option<&str>,
        git: Option<(Option<Revised>, Option<Revised>)>,
    ) -> TranslationFacts {
        TranslationFacts {
            lang: "ja".into(),
            source: "a.md".into(),
            title: "A".into(),
            url: "ja/a/".into(),
            original: "content/a.md".into(),
            translation: "content/a.ja.md".into(),
            raw: Arc::from(""),
            translated_from: from.map(|f| (f.to_string(), 0)),
            original_hash: "abc".into(),
            git,
        }
    }

    fn at(age: usize) -> Option<Revised> {
        Some(Revised::Committed {
            age,
            date: format!("day {age}"),
        })
    }

    #[test]
    fn the_hash_wins_over_git_and_git_orders_commits() {
        let newer = Some((at(0), at(1)));
        assert_eq!(judge(&facts(Some("abc"), newer.clone())), None);
        assert!(matches!(
            judge(&facts(Some("abd"), None)),
            Some(Why::Hash { .. })
        ));
        assert!(matches!(
            judge(&facts(None, newer)),
            Some(Why::Newer { .. })
        ));
        assert_eq!(judge(&facts(None, Some((at(1), at(0))))), None);
        assert_eq!(judge(&facts(None, Some((at(1), at(1))))), None);
        let edited = Some((Some(Revised::Uncommitted), at(0)));
        assert!(matches!(
            judge(&facts(None, edited)),
            Some(Why::Uncommitted { .. })
        ));
        let both = Some((Some(Revised::Uncommitted), Some(Revised::Uncommitted)));
        assert_eq!(judge(&facts(None, both)), None);
        assert_eq!(judge(&facts(None, None)), None);
    }
}
