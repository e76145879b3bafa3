//! Load: walk `content/` and `static/`, read every file once, split front matter, and
//! build the section tree and reading order. Nothing is rendered here.

pub(crate) mod catalog;
pub mod front_matter;
mod git;
mod walk;

use crate::config::Config;
use crate::dates;
use crate::diag::Diagnostic;
use crate::fsutil;
use crate::site::{Asset, Child, Page, PageKind, Section, Site};
use crate::text::slugify;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// Content folders that hold the catalog instead of guide pages.
pub const CATALOG_DIRS: [&str; 2] = ["services", "teams"];

/// Options that change what is loaded.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    pub drafts: bool,
}

/// Loads the whole site. Returns the site (possibly partial) and every problem found.
pub fn load(config: Config, opts: LoadOptions) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let content_dir = config.content_dir();
    let walked = walk::walk(&config.root, &content_dir, &CATALOG_DIRS, &mut diags);
    let static_files = if config.static_dir().is_dir() {
        walk::walk(&config.root, &config.static_dir(), &[], &mut diags).files
    } else {
        Vec::new()
    };

    let org = config.organization.clone();
    let read: Vec<Result<Option<Page>, Diagnostic>> = walked
        .markdown
        .par_iter()
        .map(|(abs, rel)| read_page(abs, rel, &org, opts))
        .collect();
    let mut pages: Vec<Page> = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(Some(p)) => pages.push(p),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
    pages.sort_by(|a, b| a.source.cmp(&b.source));
    let dates = git::last_updated(&config.root);
    for page in &mut pages {
        page.updated = page
            .meta
            .updated
            .as_ref()
            .map(|d| d.to_string())
            .or_else(|| dates.get(&page.source).cloned());
    }
    check_url_collisions(&pages, &mut diags);

    let mut assets = HashMap::new();
    for (abs, rel) in walked.files {
        assets.insert(
            rel.clone(),
            Asset {
                source: abs,
                output: rel,
            },
        );
    }
    for (abs, rel) in static_files {
        assets.insert(
            rel.clone(),
            Asset {
                source: abs,
                output: rel,
            },
        );
    }

    let (sections, reading_order) = build_sections(&mut pages);
    let by_source = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.source.clone(), i))
        .collect();
    let today = dates::today();
    let catalog = catalog::load(&config, &mut diags);
    let site = Site {
        config,
        pages,
        sections,
        assets,
        by_source,
        catalog,
        reading_order,
        today,
    };
    (site, diags)
}

/// Loads the site again after the files `changed` (absolute paths) were modified in
/// place, reusing every other page, the assets and the catalog of `prev`. `prev` must
/// come from a load that reported no problems (so that nothing it skipped would be
/// reported again). Anything else (a file created or removed, a catalog file, a
/// different config or date, a page that now fails to load) takes a full `load`.
pub fn reload(
    config: Config,
    opts: LoadOptions,
    prev: Site,
    changed: &[std::path::PathBuf],
) -> (Site, Vec<Diagnostic>) {
    let today = dates::today();
    let same_config = prev.config.root == config.root
        && prev.config.source == config.source
        && prev.config.base_url == config.base_url;
    if today != prev.today || !same_config {
        return load(config, opts);
    }
    let content_dir = config.content_dir();
    let mut reread = Vec::new();
    for path in changed {
        if !path.is_file() {
            return load(config, opts);
        }
        // An asset's bytes are read when the site is written or served.
        if prev.assets.values().any(|a| a.source == *path) {
            continue;
        }
        let rel = path.strip_prefix(&content_dir).ok().map(fsutil::slash_path);
        match rel.and_then(|r| prev.by_source.get(&r).map(|&i| (i, r))) {
            Some(page) => reread.push((path, page)),
            None => return load(config, opts),
        }
    }
    let mut pages = prev.pages;
    // The section tree depends on the pages' titles and weights only.
    let mut same_tree = true;
    for (path, (index, rel)) in reread {
        match read_page(path, &rel, &config.organization, opts) {
            Ok(Some(mut page)) => {
                let old = &pages[index];
                same_tree &= page.title == old.title && page.meta.weight == old.meta.weight;
                page.section = old.section;
                pages[index] = page;
            }
            _ => return load(config, opts),
        }
    }
    let (sections, reading_order) = if same_tree {
        (prev.sections, prev.reading_order)
    } else {
        build_sections(&mut pages)
    };
    let site = Site {
        config,
        pages,
        sections,
        assets: prev.assets,
        by_source: prev.by_source,
        catalog: prev.catalog,
        reading_order,
        today,
    };
    (site, Vec::new())
}

fn read_page(
    abs: &std::path::Path,
    rel: &str,
    org: &str,
    opts: LoadOptions,
) -> Result<Option<Page>, Diagnostic> {
    let display = format!("content/{rel}");
    let raw = fsutil::read_text(abs, &display)?;
    let split = front_matter::split(&display, &raw)?;
    if split.meta.draft && !opts.drafts {
        return Ok(None);
    }
    let mut body_start = split.body_start;
    let title = match &split.meta.title {
        Some(t) => t.clone(),
        None => match leading_h1(&raw[body_start..]) {
            Some((title, line_len)) => {
                // The heading becomes the page title; drop it from the body.
                body_start += line_len;
                title
            }
            None => {
                return Err(Diagnostic::error("front-matter", "the page has no title")
                    .at(&display, &raw, 0, 1)
                    .hint("add `title = \"...\"` to the front matter, or start the page with a `# Heading`"));
            }
        },
    };
    let file_name = rel.rsplit('/').next().unwrap_or(rel);
    let dir = &rel[..rel.len() - file_name.len()];
    let kind = match (file_name, dir) {
        ("_index.md", "") => PageKind::Home,
        ("_index.md", _) => PageKind::Section,
        _ => PageKind::Page,
    };
    let url_dir: String = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| format!("{}/", slug_or(s)))
        .collect();
    let url = match kind {
        PageKind::Page => {
            let stem = file_name.strip_suffix(".md").unwrap_or(file_name);
            format!("{url_dir}{}/", slug_or(stem))
        }
        _ => url_dir,
    };
    let description = split.meta.description.clone().unwrap_or_default();
    Ok(Some(Page {
        source: rel.to_string(),
        display,
        url,
        kind,
        title: substitute_org(&title, org),
        description: substitute_org(&description, org),
        meta: split.meta,
        raw: raw.into(),
        body_start,
        section: 0,
        updated: None,
    }))
}

/// Replaces `{{ org }}` in front-matter text.
pub fn substitute_org(text: &str, org: &str) -> String {
    crate::text::replace_org(text, org)
}

fn slug_or(s: &str) -> String {
    let slug = slugify(s);
    if slug.is_empty() {
        "page".to_string()
    } else {
        slug
    }
}

/// A `# Title` on the first non-blank line of the body, and the bytes it spans.
fn leading_h1(body: &str) -> Option<(String, usize)> {
    let mut consumed = 0;
    for line in body.split_inclusive('\n') {
        if line.trim().is_empty() {
            consumed += line.len();
            continue;
        }
        let title = line.strip_prefix("# ")?.trim().trim_end_matches('#').trim();
        if title.is_empty() {
            return None;
        }
        return Some((title.to_string(), consumed + line.len()));
    }
    None
}

fn check_url_collisions(pages: &[Page], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Page> = HashMap::new();
    for page in pages {
        if let Some(first) = seen.insert(&page.url, page) {
            diags.push(
                Diagnostic::error(
                    "duplicate-url",
                    format!(
                        "`{}` and `{}` both become the page `{}`",
                        first.display, page.display, page.url
                    ),
                )
                .in_file(&page.display)
                .hint("rename one of the two files"),
            );
        }
    }
}

/// Builds the section tree from page paths, sorts children by weight then title, and
/// returns the sections and the reading order (depth-first).
fn build_sections(pages: &mut [Page]) -> (Vec<Section>, Vec<usize>) {
    let mut dirs: BTreeMap<String, usize> = BTreeMap::new();
    let mut sections: Vec<Section> = Vec::new();
    let mut ensure = |dir: &str, sections: &mut Vec<Section>| -> usize {
        // Create the folder and all its parents, root first.
        let mut parent = None;
        let mut path = String::new();
        let parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
        for depth in 0..=parts.len() {
            if depth > 0 {
                path.push_str(parts[depth - 1]);
                path.push('/');
            }
            let idx = *dirs.entry(path.clone()).or_insert_with(|| {
                let name = parts.get(depth.wrapping_sub(1)).copied().unwrap_or("");
                sections.push(Section {
                    dir: path.clone(),
                    title: dir_title(name),
                    weight: i64::MAX,
                    index: None,
                    parent,
                    children: Vec::new(),
                    url: path
                        .split('/')
                        .filter(|s| !s.is_empty())
                        .map(|s| format!("{}/", slug_or(s)))
                        .collect(),
                });
                let new = sections.len() - 1;
                if let Some(p) = parent {
                    sections[p].children.push(Child::Section(new));
                }
                new
            });
            parent = Some(idx);
        }
        parent.unwrap_or(0)
    };
    ensure("", &mut sections);
    for (i, page) in pages.iter_mut().enumerate() {
        let dir = page.source
            [..page.source.len() - page.source.rsplit('/').next().map_or(0, str::len)]
            .to_string();
        let s = ensure(&dir, &mut sections);
        page.section = s;
        match page.kind {
            PageKind::Home | PageKind::Section => {
                sections[s].index = Some(i);
                sections[s].title = page.title.clone();
                sections[s].weight = page.meta.weight.unwrap_or(i64::MAX);
            }
            PageKind::Page => sections[s].children.push(Child::Page(i)),
        }
    }
    let key = |c: &Child| -> (i64, String) {
        match c {
            Child::Page(p) => (
                pages[*p].meta.weight.unwrap_or(i64::MAX),
                pages[*p].title.to_lowercase(),
            ),
            Child::Section(s) => (sections[*s].weight, sections[*s].title.to_lowercase()),
        }
    };
    let sorted: Vec<Vec<Child>> = sections
        .iter()
        .map(|s| {
            let mut c = s.children.clone();
            // The key allocates (lowercase titles): compute it once per child.
            c.sort_by_cached_key(key);
            c
        })
        .collect();
    for (s, c) in sections.iter_mut().zip(sorted) {
        s.children = c;
    }
    let mut order = Vec::with_capacity(pages.len());
    // Iterative depth-first walk: deep folder trees must not overflow the stack.
    let mut stack = vec![Child::Section(0)];
    while let Some(c) = stack.pop() {
        match c {
            Child::Page(p) => order.push(p),
            Child::Section(s) => {
                if let Some(i) = sections[s].index {
                    order.push(i);
                }
                stack.extend(sections[s].children.iter().rev().copied());
            }
        }
    }
    (sections, order)
}

fn dir_title(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_h1_becomes_title() {
        assert_eq!(
            leading_h1("\n# Hello #\ntext"),
            Some(("Hello".to_string(), 11))
        );
        assert_eq!(leading_h1("text\n# Hello"), None);
    }

    #[test]
    fn dir_titles_read_well() {
        assert_eq!(dir_title("on-call_basics"), "On call basics");
    }
}
