//! Translated pages: `page.<lang>.md` and `_index.<lang>.md` beside the original, for
//! each language of `[languages]` other than the default. They are split off the
//! walk of `content/`, read like any page, and given their original's place; a
//! language's site is then the original site with its translated pages.

use super::page::{self, read_page};
use super::sections::build_sections;
use crate::config::Config;
use crate::config::languages::Languages;
use crate::config::languages::{Language, is_language_code};
use crate::diag::Diagnostic;
use crate::site::{ElsewherePage, Page, Site, Translated};
use crate::walk::Found;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// Splits the translations off the Markdown files of `content/`: what is left are the
/// default language's pages. A suffix that looks like a language code but names no
/// configured language stays an ordinary page, with a warning naming the file.
/// A `content/<lang>/` folder is an error: translations live beside their originals.
pub fn split(
    config: &Config,
    markdown: Vec<Found>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Found>, Vec<(String, String, Found)>) {
    let languages = &config.languages;
    if languages.is_multilingual() {
        for lang in languages.translations() {
            folder_of_language(config, lang, diags);
        }
    }
    let mut pages = Vec::new();
    let mut translations = Vec::new();
    for (abs, rel) in markdown {
        match suffix(&rel) {
            Some(t) if languages.is_translation(&t.0) => {
                translations.push((t.0, t.1, (abs, rel)));
            }
            Some((lang, original)) if languages.is_multilingual() => {
                diags.push(unknown_suffix(languages, &lang, &original, &rel));
                pages.push((abs, rel));
            }
            _ => pages.push((abs, rel)),
        }
    }
    (pages, translations)
}

/// `guide/page.ja.md` → (`ja`, `guide/page.md`), when the part before `.md` looks like
/// a language code.
fn suffix(rel: &str) -> Option<(String, String)> {
    let stem = rel.strip_suffix(".md")?;
    let (base, lang) = stem.rsplit_once('.')?;
    let name = base.rsplit('/').next().unwrap_or(base);
    if name.is_empty() || !is_language_code(lang) {
        return None;
    }
    Some((lang.to_string(), format!("{base}.md")))
}

fn unknown_suffix(languages: &Languages, lang: &str, original: &str, rel: &str) -> Diagnostic {
    let codes: Vec<&str> = languages.list.iter().map(|l| l.code.as_str()).collect();
    let is_default = languages.list.first().is_some_and(|l| l.code == lang);
    let message = if is_default {
        format!(
            "`{rel}` is named like a translation into `{lang}`, the default language; it is built as an ordinary page"
        )
    } else {
        format!(
            "`{rel}` is named like a translation into `{lang}`, which is not in [languages]; it is built as an ordinary page"
        )
    };
    Diagnostic::warning("unknown-language", message)
        .in_file(&format!("content/{rel}"))
        .hint(format!(
            "the languages are {}: add [languages.{lang}] to ownbook.toml, or rename the file (the default language's text is `{original}`)",
            codes.join(", ")
        ))
}

/// `content/<lang>/` for a configured language: a tree of translations in the layout
/// ownbook does not use.
fn folder_of_language(config: &Config, lang: &Language, diags: &mut Vec<Diagnostic>) {
    let dir = config.content_dir().join(&lang.code);
    if dir.is_dir() {
        let code = &lang.code;
        diags.push(
            Diagnostic::error(
                "language-folder",
                format!("the folder `content/{code}/` looks like a tree of `{code}` translations; ownbook keeps translations beside their originals"),
            )
            .in_file(&format!("content/{code}/"))
            .hint(format!(
                "move each `content/{code}/X.md` to `content/X.{code}.md` (and `_index.md` to `_index.{code}.md`); the pages are published under /{code}/"
            )),
        );
    }
}

/// Reads the translation files; each page takes its original's path, kind, URL and,
/// unless it sets its own, weight. A translation without an original is a warning.
pub fn read(
    config: &Config,
    found: Vec<(String, String, Found)>,
    originals: &[Page],
    drafts: bool,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, Page)> {
    let by_source: HashMap<&str, &Page> =
        originals.iter().map(|p| (p.source.as_str(), p)).collect();
    let org = &config.organization;
    let read: Vec<_> = found
        .par_iter()
        .map(|(lang, original, (abs, rel))| (lang, original, rel, read_page(abs, rel, org, drafts)))
        .collect();
    let mut pages = Vec::new();
    for (lang, original, rel, result) in read {
        let page = match result {
            Ok(page::Read { page, warning }) => {
                diags.extend(warning);
                page
            }
            Err(d) => {
                diags.extend(d);
                None
            }
        };
        let Some(mut page) = page else { continue };
        let Some(orig) = by_source.get(crate::text::nfc(original).as_ref()) else {
            diags.push(
                Diagnostic::warning(
                    "translation-without-original",
                    format!("`content/{rel}` translates `content/{original}`, which does not exist; it is left out"),
                )
                .in_file(&format!("content/{rel}"))
                .hint(format!("write `content/{original}` in the default language, or rename the translation")),
            );
            continue;
        };
        page.source = orig.source.clone();
        page.url = orig.url.clone();
        page.kind = orig.kind;
        page.meta.weight = page.meta.weight.or(orig.meta.weight);
        pages.push((lang.clone(), page));
    }
    pages.sort_by(|a, b| (&a.0, &a.1.source).cmp(&(&b.0, &b.1.source)));
    pages
}

/// The site of one translation: the catalog and files of `site`, the pages translated
/// into `lang` (and the home page, in the default language when it has no
/// translation), and the config of that language. Links to pages it lacks go to the
/// default language's.
pub fn language_site(site: &Site, lang: &Language) -> Site {
    let mut config = site.config.clone();
    let prefix = config.languages.prefix(&lang.code);
    config.language = lang.code.clone();
    if let Some(title) = &lang.title {
        config.title = title.clone();
    }
    if let Some(description) = &lang.description {
        config.description = description.clone();
    }
    config.base_url = config.base_url.map(|b| format!("{b}{prefix}"));
    let mut pages: Vec<Page> = site
        .translated
        .pages
        .iter()
        .filter(|(l, _)| *l == lang.code)
        .map(|(_, p)| p.clone())
        .collect();
    if !pages.iter().any(|p| p.source == "_index.md")
        && let Some(&home) = site.by_source.get("_index.md")
    {
        pages.push(site.pages[home].clone());
    }
    pages.sort_by(|a, b| a.source.cmp(&b.source));
    let (sections, reading_order) = build_sections(&mut pages);
    let by_source: rustc_hash::FxHashMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.source.clone(), i))
        .collect();
    let elsewhere = site
        .pages
        .iter()
        .filter(|p| !by_source.contains_key(&p.source))
        .map(|p| {
            let page = ElsewherePage {
                url: format!("{}{}", crate::url::root_of(&prefix), p.url),
                display: p.display.clone(),
                heading_ids: Vec::new(),
            };
            (p.source.clone(), page)
        })
        .collect();
    Site {
        config,
        pages,
        sections,
        assets: site.assets.clone(),
        by_source,
        catalog: site.catalog.in_language(&lang.code),
        // The default language's site reports ownership drift; once is enough.
        codeowners: None,
        reading_order,
        today: site.today.clone(),
        translated: Translated {
            pages: Vec::new(),
            elsewhere,
            available: Arc::clone(&site.translated.available),
            freshness: Arc::clone(&site.translated.freshness),
        },
    }
}

/// Which languages have each guide page and section folder (URLs relative to a
/// language's root), from the default site and each language's.
pub fn availability(default: &Site, others: &[Site]) -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for site in std::iter::once(default).chain(others) {
        let urls = site.pages.iter().map(|p| &p.url);
        let folders = site.sections.iter().map(|s| &s.url);
        for url in urls.chain(folders) {
            let langs = map.entry(url.clone()).or_default();
            if !langs.contains(&site.config.language) {
                langs.push(site.config.language.clone());
            }
        }
    }
    map
}
