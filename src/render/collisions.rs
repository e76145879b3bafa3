//! Two inputs that would write one output file: a page and an alias, a static file and
//! a catalog page, a theme file and a copied one. The error names both inputs, found
//! again from the site only when there is a collision, so that the common case costs
//! one pass over the paths.

use super::Ctx;
use super::extras::alias_file;
use crate::catalog::{service_url, team_url};
use crate::diag::Diagnostic;
use crate::fsutil::slash_path;
use crate::output::OutputFile;
use crate::render::catalog::{optional_page_urls, page_urls};
use crate::render::llms::{self, markdown_path};
use crate::render::print;
use crate::render::sitemap;
use rustc_hash::FxHashMap;

/// One error per output path written twice. `deferred` names files that will be
/// rendered later and so count as taken.
pub fn check(cx: &Ctx, files: &[OutputFile], deferred: &[String]) -> Vec<Diagnostic> {
    let mut seen: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(files.len() + deferred.len(), Default::default());
    let paths = files.iter().map(|f| f.path.as_str());
    for path in paths.chain(deferred.iter().map(String::as_str)) {
        *seen.entry(path).or_default() += 1;
    }
    let mut taken: Vec<&str> = seen
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(p, _)| p)
        .collect();
    taken.sort_unstable();
    taken.into_iter().map(|path| collision(cx, path)).collect()
}

fn collision(cx: &Ctx, path: &str) -> Diagnostic {
    let inputs = inputs_of(cx, path);
    let named = match inputs.as_slice() {
        [a, b, ..] => format!("{a} and {b}"),
        [a] => format!("{a} and something else"),
        [] => "two inputs".to_string(),
    };
    let mut d = Diagnostic::error(
        "duplicate-output",
        format!("{named} both produce the output file `{path}`"),
    )
    .hint(if cx.site.config.llms && (path == llms::PATH || path.ends_with(".md")) {
        "rename the file that takes this path, or set `llms = false` in ownbook.toml to publish your own"
    } else {
        "rename the page, alias or static file that takes this path"
    });
    d.file = inputs.into_iter().find_map(|i| i.file);
    d
}

/// Something the site writes a file for.
struct Input {
    what: String,
    /// The file to point the diagnostic at, when the input is one.
    file: Option<String>,
}

impl std::fmt::Display for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.what)
    }
}

/// Every input of the site that writes `path`, in the order the site knows them.
fn inputs_of(cx: &Ctx, path: &str) -> Vec<Input> {
    let site = cx.site;
    let file = |what: String, file: &str| Input {
        what,
        file: Some(file.to_string()),
    };
    let mut found = Vec::new();
    // The Markdown beside a page (`render::llms`), when the site writes it.
    let markdown = |folder: &str| site.config.llms && markdown_path(folder) == path;
    for page in &site.pages {
        if page.output_path() == path {
            found.push(file(format!("the page `{}`", page.display), &page.display));
        }
        if markdown(&page.url) {
            let what = format!("the Markdown of the page `{}`", page.display);
            found.push(file(what, &page.display));
        }
        for alias in &page.meta.aliases {
            if alias_file(alias).as_deref() == Some(path) {
                let what = format!("the alias `{alias}` of `{}`", page.display);
                found.push(file(what, &page.display));
            }
        }
    }
    for sec in site.sections.iter().filter(|s| s.index.is_none()) {
        if format!("{}index.html", sec.url) == path {
            found.push(Input {
                what: format!("the page of the folder `content/{}`", sec.dir),
                file: None,
            });
        }
    }
    for s in &site.catalog.services {
        if format!("{}index.html", service_url(&s.id)) == path || markdown(&service_url(&s.id)) {
            found.push(file(
                format!("the service `{}`", s.file.display),
                &s.file.display,
            ));
        }
    }
    for t in &site.catalog.teams {
        if format!("{}index.html", team_url(&t.id)) == path || markdown(&team_url(&t.id)) {
            found.push(file(
                format!("the team `{}`", t.file.display),
                &t.file.display,
            ));
        }
    }
    if let Some(asset) = site.assets.get(path) {
        let source = &asset.source;
        let shown = slash_path(source.strip_prefix(&site.config.root).unwrap_or(source));
        found.push(file(format!("the file `{shown}`"), &shown));
    }
    for (generated, what) in generated_files(cx) {
        if generated == path {
            found.push(Input { what, file: None });
        }
    }
    let published = cx.theme.published.iter().find(|(p, _)| p == path);
    if let Some((_, what)) = published {
        found.push(Input {
            what: what.clone(),
            file: None,
        });
    } else if cx.theme.files.iter().any(|f| f.path == path) {
        found.push(Input {
            what: "the theme".to_string(),
            file: None,
        });
    }
    found
}

/// The files ownbook writes of its own, and what they are.
fn generated_files(cx: &Ctx) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = vec![("404.html".into(), "the 404 page".into())];
    // A large site's sitemap is an index and its parts (`sitemap-1.xml`, …).
    let sitemaps = sitemap::paths(super::page_urls(cx).len());
    files.extend(sitemaps.into_iter().map(|p| (p, "the sitemap".to_string())));
    files.push(("robots.txt".into(), "robots.txt".into()));
    if cx.site.config.print {
        for doc in print::documents(cx.site).all() {
            let what = match &doc.title {
                Some(title) => format!("the print version of {title}"),
                None => "the print version".to_string(),
            };
            files.push((doc.path.clone(), what));
        }
    }
    if cx.site.config.llms {
        files.push((llms::PATH.into(), "llms.txt".into()));
    }
    let catalog = &cx.site.catalog;
    if !catalog.is_empty() {
        files.push(("catalog.json".into(), "catalog.json".into()));
        let entries = catalog.services.len() + catalog.teams.len();
        let overviews = page_urls(catalog).len() - entries;
        let mut urls: Vec<String> = page_urls(catalog).into_iter().take(overviews).collect();
        urls.extend(optional_page_urls(cx));
        for url in urls {
            let what = format!("the catalog page `{url}`");
            files.push((format!("{url}index.html"), what));
        }
    }
    files
}
