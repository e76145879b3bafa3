//! `stale-translation`: a translated page whose original changed after it was
//! translated (see `analyze::freshness`). Reported once, by the default language's
//! site, at the translation's `translated_from` line when it has one.

use crate::analyze::freshness::{self, Why};
use crate::diag::Diagnostic;
use crate::site::Site;

pub fn stale_translations(site: &Site) -> Vec<Diagnostic> {
    let config = &site.config;
    let Some(severity) = config.settings.severity("stale-translation") else {
        return Vec::new();
    };
    if config.language != config.languages.default_code() {
        return Vec::new();
    }
    let mut diags = Vec::new();
    for stale in freshness::stale_translations(site) {
        let f = stale.facts;
        let (original, hash) = (&f.original, &f.original_hash);
        let (message, hint) = match &stale.why {
            Why::Hash { recorded, current } => (
                format!(
                    "`{original}` changed since this translation: `translated_from` is `{recorded}`, the original's text now hashes to `{current}`"
                ),
                format!(
                    "bring the translation up to date with `{original}`, then set `translated_from = \"{current}\"`"
                ),
            ),
            Why::Newer {
                original: changed,
                translation,
            } => (
                format!(
                    "`{original}` was changed on {changed}, after this translation was last committed ({translation})"
                ),
                format!(
                    "bring the translation up to date with `{original}` and commit it (or set `translated_from = \"{hash}\"` once it matches)"
                ),
            ),
            Why::Uncommitted { translation } => (
                format!(
                    "`{original}` has uncommitted changes, made after this translation was last committed ({translation})"
                ),
                format!(
                    "update the translation in the same change, or commit the original and translate it later (its text hashes to `{hash}`)"
                ),
            ),
        };
        let d = Diagnostic::new(severity, "stale-translation", message).hint(hint);
        diags.push(match &f.translated_from {
            Some((_, at)) => d.at(&f.translation, &f.raw, *at, "translated_from".len()),
            None => d.in_file(&f.translation),
        });
    }
    diags
}
