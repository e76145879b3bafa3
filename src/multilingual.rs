//! A translated handbook's other languages: each is compiled as a site of its own
//! (the default site's catalog and files, its translated pages, its interface strings)
//! and its files are published under `<lang>/`. One sitemap (split past 10,000 URLs)
//! lists every language.
//! A handbook in one language never comes here.

use crate::analyze;
use crate::analyze::links::Links;
use crate::diag::Diagnostic;
use crate::load::translations;
use crate::markdown::Highlighter;
use crate::output::OutputFile;
use crate::render::theme::Theme;
use crate::render::{self, Ctx, Output, RenderCache, i18n};
use crate::site::Site;
use crate::{check, late, search};
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// The site of each translation, built from the default `site`, whose list of which
/// page exists in which language is filled in too.
pub fn language_sites(site: &mut Site) -> Vec<Site> {
    if !site.config.languages.is_multilingual() {
        return Vec::new();
    }
    let languages = site.config.languages.translations().to_vec();
    let mut others: Vec<Site> = languages
        .iter()
        .map(|lang| translations::language_site(site, lang))
        .collect();
    let available = Arc::new(translations::availability(site, &others));
    site.translated.available = Arc::clone(&available);
    for other in &mut others {
        other.translated.available = Arc::clone(&available);
    }
    others
}

/// Tells each translation the heading ids of the default language's pages it links
/// to without having them, so that their `#anchors` are checked too.
pub fn give_anchors(translations: &mut [Site], site: &Site, links: &Links) {
    for other in translations {
        for (source, page) in &mut other.translated.elsewhere {
            let resolved = site.by_source.get(source).and_then(|&i| links.pages.get(i));
            if let Some(resolved) = resolved {
                let headings = &resolved.outline.headings;
                page.heading_ids = headings.iter().map(|h| h.id.clone()).collect();
            }
        }
    }
}

/// Gives `site` the interface strings of its language; the strings a translation lacks
/// are reported (a handbook in one language reports none).
pub fn set_strings(site: &mut Site, theme_strings: &i18n::ThemeStrings) -> Vec<Diagnostic> {
    let (strings, diags) = theme_strings.for_language(&site.config);
    site.config.strings = Arc::new(strings);
    diags
}

/// Compiles each translation beside the default language's site in `cx`, adds its
/// files to `output`, and replaces the sitemap with one of every language.
pub fn add_translations(
    cx: &Ctx,
    translations: &[Site],
    output: &mut Output,
    diags: &mut Vec<Diagnostic>,
) {
    let history = &cx.analysis.history;
    let mut urls = vec![(cx.site.config.language.clone(), render::page_urls(cx))];
    let mut written: HashSet<String> = output.files.iter().map(|f| f.path.clone()).collect();
    for other in translations {
        let compiled = compile_language(other, history.clone(), cx.theme, cx.highlighter);
        output.files.extend(compiled.files);
        // The theme's assets once, at the root (a translation may need one the
        // default language does not, such as the diagram library).
        for file in compiled.theme_assets {
            if written.insert(file.path.clone()) {
                output.files.push(file);
            }
        }
        diags.extend(compiled.diags);
        urls.push((other.config.language.clone(), compiled.urls));
    }
    // The default language's own sitemap files, not a static file that looks like one.
    let own_sitemaps: HashSet<String> = render::sitemap::paths(urls[0].1.len())
        .into_iter()
        .collect();
    output.files.retain(|f| !own_sitemaps.contains(&f.path));
    let sitemaps = sitemap(cx.site, &urls);
    diags.extend(sitemap_collisions(&output.files, &sitemaps));
    output.files.extend(sitemaps);
}

/// An error for each sitemap part of every language that takes the path of another
/// file: a part may be needed only once the translations' URLs are counted, after
/// the default language's collisions were checked.
fn sitemap_collisions(files: &[OutputFile], sitemaps: &[OutputFile]) -> Vec<Diagnostic> {
    let taken: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    sitemaps
        .iter()
        .filter(|s| taken.contains(s.path.as_str()))
        .map(|s| {
            Diagnostic::error(
                "duplicate-output",
                format!(
                    "the sitemap of every language and another file both produce the output file `{}`",
                    s.path
                ),
            )
            .hint("rename the page, alias or static file that takes this path")
        })
        .collect()
}

/// Compiles one translation's site.
pub fn compile_language(
    site: &Site,
    history: Option<Arc<analyze::history::ScoreHistory>>,
    theme: &Theme,
    highlighter: &Highlighter,
) -> Compiled {
    let mut analysis = analyze::analyze(site, None);
    analysis.history = history;
    let mut diags = check::check(site, &analysis);
    let cx = Ctx::new(site, &analysis, theme, highlighter);
    let mut cache = RenderCache::default();
    let mut output: Output = render::render_site(&cx, &mut cache, None);
    diags.append(&mut output.diags);
    // Only the pages written in this language are in its index: a home page that
    // falls back to the default language's is found in that language's index.
    let lang = site.config.language.as_str();
    let own = |page: &crate::site::Page| written_in(&page.display, lang);
    let wanted = late::Wanted {
        print: site.config.print,
        llms: site.config.llms,
        search: site.config.search_enabled.then_some(&own),
    };
    let (pages, files, print) = (&output.pages, &output.files, &mut output.print);
    let late = late::make(
        &cx,
        &mut cache,
        print,
        pages,
        files,
        wanted,
        search::IN_MEMORY,
    );
    output.files.extend(late.files);
    diags.extend(late.diags);
    let urls = render::page_urls(&cx);
    let prefix = site.config.languages.prefix(&site.config.language);
    // The pages link the theme's assets at the site's root (context::theme_assets_up).
    let theme_paths: HashSet<&str> = theme
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.starts_with("assets/"))
        .collect();
    let (theme_assets, own): (Vec<OutputFile>, Vec<OutputFile>) = output
        .files
        .into_iter()
        .partition(|f| theme_paths.contains(f.path.as_str()));
    // One sitemap and one robots.txt, at the root, cover every language.
    let sitemaps: HashSet<String> = render::sitemap::paths(urls.len()).into_iter().collect();
    let files = own
        .into_iter()
        .filter(|f| !sitemaps.contains(&f.path) && f.path != "robots.txt")
        .map(|mut f| {
            f.path = format!("{prefix}{}", f.path);
            f
        })
        .collect();
    Compiled {
        files,
        theme_assets,
        diags,
        urls,
    }
}

/// Whether `page` of a translation's site is its translation (`page.<lang>.md`,
/// `_index.<lang>.md`) rather than the default language's page standing in for it.
/// `display` is the page's path as diagnostics show it (`content/guide/on-call.ja.md`).
pub fn written_in(display: &str, lang: &str) -> bool {
    let file = display.rsplit('/').next().unwrap_or(display);
    file.strip_suffix(".md")
        .and_then(|stem| stem.rsplit_once('.'))
        .is_some_and(|(_, suffix)| suffix == lang)
}

/// A translation compiled: its files (under `<lang>/`), the theme's assets (shared with
/// the other languages, at the root), problems, and the page folders the sitemap lists.
pub struct Compiled {
    pub files: Vec<OutputFile>,
    /// The theme's assets it links, published once at the site's root.
    pub theme_assets: Vec<OutputFile>,
    pub diags: Vec<Diagnostic>,
    pub urls: Vec<String>,
}

/// sitemap.xml of every language (and its parts, past `URLS_PER_FILE` URLs): each
/// page's URL (`urls`: each language's code and page folders) in each language that
/// has it, with `xhtml:link` alternates naming all of them and `x-default`, the
/// default language's.
pub fn sitemap(default: &Site, urls_by_language: &[(String, Vec<String>)]) -> Vec<OutputFile> {
    let mut urls: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (lang, list) in urls_by_language {
        for url in list {
            urls.entry(url.as_str()).or_default().push(lang.as_str());
        }
    }
    let base = default.config.base_url.as_deref().unwrap_or("");
    let languages = &default.config.languages;
    let esc = crate::text::escape_html;
    let at = |code: &str, url: &str| esc(&format!("{base}{}{url}", languages.prefix(code)));
    let mut entries = Vec::new();
    for lang in &languages.list {
        for (url, langs) in &urls {
            if !langs.contains(&lang.code.as_str()) {
                continue;
            }
            let mut entry = format!("  <url><loc>{}</loc>", at(&lang.code, url));
            if langs.len() > 1 {
                for other in languages
                    .list
                    .iter()
                    .filter(|l| langs.contains(&l.code.as_str()))
                {
                    entry.push_str(&format!(
                        "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                        esc(&other.code),
                        at(&other.code, url)
                    ));
                }
                entry.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                    esc(&format!("{base}{url}"))
                ));
            }
            entry.push_str("</url>\n");
            entries.push(entry);
        }
    }
    let urlset = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
    render::sitemap::files(default.config.base_url.as_deref(), urlset, &entries)
}

#[cfg(test)]
mod tests {
    use super::written_in;

    #[test]
    fn a_page_is_in_the_language_its_file_name_says() {
        assert!(written_in("content/guide/on-call.ja.md", "ja"));
        assert!(written_in("content/_index.ja.md", "ja"));
        assert!(!written_in("content/_index.md", "ja"));
        assert!(!written_in("content/guide/on-call.md", "ja"));
        assert!(!written_in("content/v1.2.ja/notes.md", "ja"));
        assert!(!written_in("content/guide/on-call.zh.md", "ja"));
    }
}
