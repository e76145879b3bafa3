//! The stale page's list of stale translations (see `analyze::freshness`): every
//! language's on the default language's page, its own on a translation's.

use crate::analyze::freshness::{self, Why};
use crate::render::Ctx;
use crate::url::{relative_url, root_of};
use serde::Serialize;

/// One stale translation, as the template shows it.
#[derive(Serialize)]
struct Row {
    lang: String,
    /// The language's name.
    language: String,
    title: String,
    href: String,
    /// The original's file and page.
    original: String,
    original_href: String,
    /// `hash`, `newer` or `uncommitted`, with the values that go with it.
    reason: &'static str,
    recorded: Option<String>,
    current: String,
    original_date: Option<String>,
    translation_date: Option<String>,
}

/// The rows for the stale page at `out`, by language then original.
pub fn rows(cx: &Ctx, out: &str) -> serde_json::Value {
    let config = &cx.site.config;
    let languages = &config.languages;
    let here = languages.prefix(&config.language);
    let is_default = here.is_empty();
    // A URL from the root of `code`'s pages, as a link from this page.
    let href = |code: &str, url: &str| {
        relative_url(
            out,
            &format!("{}{}{url}", root_of(&here), languages.prefix(code)),
        )
    };
    let rows: Vec<Row> = freshness::stale_translations(cx.site)
        .into_iter()
        .filter(|s| is_default || s.facts.lang == config.language)
        .map(|s| {
            let f = s.facts;
            let (mut recorded, mut original_date, mut translation_date) = (None, None, None);
            let reason = match s.why {
                Why::Hash { recorded: r, .. } => {
                    recorded = Some(r);
                    "hash"
                }
                Why::Newer {
                    original,
                    translation,
                } => {
                    original_date = Some(original);
                    translation_date = Some(translation);
                    "newer"
                }
                Why::Uncommitted { translation } => {
                    translation_date = Some(translation);
                    "uncommitted"
                }
            };
            let name = languages.list.iter().find(|l| l.code == f.lang);
            Row {
                lang: f.lang.clone(),
                language: name.map_or_else(|| f.lang.clone(), |l| l.name.clone()),
                title: f.title.clone(),
                href: href(&f.lang, &f.url),
                original: f.original.clone(),
                original_href: href(languages.default_code(), &f.url),
                reason,
                recorded,
                current: f.original_hash.clone(),
                original_date,
                translation_date,
            }
        })
        .collect();
    serde_json::to_value(rows).unwrap_or(serde_json::Value::Null)
}
