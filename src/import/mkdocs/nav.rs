//! Where each MkDocs page goes: the nav becomes the folder tree of `content/`.
//!
//! ownbook's navigation is its folder tree ordered by `weight`, so every nav section
//! becomes a folder with an `_index.md` (the section's first child when that is an
//! `index.md`, as with Material's `navigation.indexes`; otherwise a generated one),
//! and every page gets the weight of its position (10, 20, … so pages can be added in
//! between). A section's folder keeps the name of the folder its pages came from when
//! they share one, so most URLs stay what they were. Pages missing from the nav keep
//! their folder and are reported. Without a nav the folder tree is kept as it is.

use super::super::{Note, note_at, yaml};
use super::paths::{RESERVED, map_path, parent_dir, url_of};
use crate::text::slugify;
use std::collections::{BTreeMap, HashSet};

/// Where one source page goes.
#[derive(Debug, Clone)]
pub struct Placed {
    /// Path relative to `content/`: `guide/intro.md`, `guide/_index.md`, `_index.md`.
    pub dest: String,
    /// The title the nav gives it (for a section index: the section's title).
    pub nav_title: Option<String>,
    pub weight: Option<i64>,
    /// Its place in the nav: the index of each entry on the way down (a section's
    /// index page has the section's place); `None` outside the nav. Two editions of
    /// one guide are paired by it.
    pub position: Option<Vec<usize>>,
}

/// The whole layout of the imported guide.
#[derive(Debug, Default)]
pub struct Layout {
    /// By source path (relative to docs_dir).
    pub pages: BTreeMap<String, Placed>,
    /// Section indexes with no source page: (dest, title, weight).
    pub generated: Vec<(String, String, i64)>,
    /// Source pages that were not in the nav.
    pub outside_nav: Vec<String>,
    /// Each generated section index's place in the nav, by dest.
    pub generated_positions: BTreeMap<String, Vec<usize>>,
}

enum Item {
    Page { title: Option<String>, src: String },
    Section { title: String, children: Vec<Item> },
}

/// Context of the nav walk.
struct Ctx<'a> {
    cfg_display: &'a str,
    docs: &'a HashSet<String>,
    home: Option<&'a str>,
    seen: HashSet<String>,
    /// ownbook URLs already taken, so two pages never collide.
    urls: HashSet<String>,
    layout: Layout,
    notes: &'a mut Vec<Note>,
}

/// Lays out `docs` (Markdown files relative to docs_dir, sorted) by `nav`.
pub fn layout(
    docs: &[String],
    nav: Option<&yaml::Node>,
    cfg_display: &str,
    notes: &mut Vec<Note>,
) -> Layout {
    let set: HashSet<String> = docs.iter().cloned().collect();
    let home = ["index.md", "README.md"]
        .into_iter()
        .find(|h| set.contains(*h));
    let mut ctx = Ctx {
        cfg_display,
        docs: &set,
        home,
        seen: HashSet::new(),
        urls: HashSet::new(),
        layout: Layout::default(),
        notes,
    };
    ctx.urls.insert(String::new());
    if let Some(h) = home {
        ctx.seen.insert(h.to_string());
        ctx.layout.pages.insert(
            h.to_string(),
            Placed {
                dest: "_index.md".to_string(),
                nav_title: None,
                weight: None,
                position: Some(Vec::new()),
            },
        );
    }
    match nav {
        Some(nav) => {
            let items = ctx.parse(nav);
            ctx.place(&items, 0, &[], "", "");
            for src in docs {
                if !ctx.seen.contains(src) {
                    ctx.place_by_path(src, None);
                    ctx.layout.outside_nav.push(src.clone());
                }
            }
        }
        None => {
            // MkDocs orders an automatic nav by file name, index first.
            let mut counters: BTreeMap<String, i64> = BTreeMap::new();
            for src in docs {
                if ctx.seen.contains(src) {
                    continue;
                }
                let dir = parent_dir(src).to_string();
                let weight = counters.entry(dir).or_insert(0);
                *weight += 10;
                let w = *weight;
                ctx.place_by_path(src, Some(w));
            }
        }
    }
    ctx.layout
}

impl Ctx<'_> {
    fn note(&mut self, node: &yaml::Node, message: String) {
        let (line, col) = yaml::pos(node);
        self.notes
            .push(note_at(self.cfg_display, line, col, message));
    }

    fn parse(&mut self, node: &yaml::Node) -> Vec<Item> {
        let mut out = Vec::new();
        for item in yaml::items(node) {
            if let Some(s) = yaml::text(item) {
                if let Some(src) = self.page_ref(item, &s) {
                    out.push(Item::Page { title: None, src });
                }
                continue;
            }
            let entries = yaml::entries(item);
            let [(title, _, value)] = entries.as_slice() else {
                self.note(
                    item,
                    "nav entry is neither `page.md` nor `Title: page.md`; skipped".into(),
                );
                continue;
            };
            if let Some(s) = yaml::text(value) {
                if let Some(src) = self.page_ref(value, &s) {
                    out.push(Item::Page {
                        title: Some(title.clone()),
                        src,
                    });
                }
            } else if !yaml::items(value).is_empty() {
                let children = self.parse(value);
                out.push(Item::Section {
                    title: title.clone(),
                    children,
                });
            } else {
                self.note(item, format!("nav section `{title}` is empty; skipped"));
            }
        }
        out
    }

    /// Checks a nav page reference; external links and missing files are noted.
    fn page_ref(&mut self, node: &yaml::Node, s: &str) -> Option<String> {
        if s.contains("://") || s.starts_with("mailto:") || s.starts_with('/') {
            self.note(
                node,
                format!("nav link to `{s}` has no place in ownbook's navigation; link to it from a page instead"),
            );
            return None;
        }
        let src = s.trim_start_matches("./").to_string();
        if !self.docs.contains(&src) {
            self.note(
                node,
                format!("nav entry `{s}` names no Markdown file in the docs folder; skipped"),
            );
            return None;
        }
        if !self.seen.insert(src.clone()) && Some(src.as_str()) != self.home {
            self.note(
                node,
                format!("`{s}` appears in the nav more than once; only its first place is kept"),
            );
            return None;
        }
        Some(src)
    }

    /// Places `items`, the entries from index `first` on of a nav list at `at`.
    fn place(
        &mut self,
        items: &[Item],
        first: usize,
        at: &[usize],
        dir: &str,
        parent_common: &str,
    ) {
        let mut weight = 0;
        for (i, item) in items.iter().enumerate() {
            weight += 10;
            let position = [at, &[first + i]].concat();
            match item {
                Item::Page { title, src } => {
                    if Some(src.as_str()) == self.home {
                        continue;
                    }
                    let name = file_name_for(src, title.as_deref());
                    let dest = self.unique(dir, &name);
                    self.put(src, dest, title.clone(), Some(weight));
                    self.at(src, position);
                }
                Item::Section { title, children } => {
                    let common = common_dir(children);
                    let from_dir = (common.len() > parent_common.len())
                        .then(|| common.rsplit('/').next().unwrap_or(""))
                        .filter(|c| !c.is_empty());
                    let mut folder = from_dir.map(str::to_string).unwrap_or_else(|| {
                        let s = slugify(title);
                        if s.is_empty() {
                            "section".to_string()
                        } else {
                            s
                        }
                    });
                    if dir.is_empty() && RESERVED.contains(&folder.as_str()) {
                        folder = format!("{folder}-guide");
                    }
                    let index = self.unique(dir, &format!("{folder}/_index.md"));
                    let sdir = index.trim_end_matches("_index.md").to_string();
                    let (rest, first) = match children.first() {
                        Some(Item::Page { src, .. })
                            if is_index_name(src) && Some(src.as_str()) != self.home =>
                        {
                            self.put(src, index, Some(title.clone()), Some(weight));
                            self.at(src, position.clone());
                            (&children[1..], 1)
                        }
                        _ => {
                            let generated = &mut self.layout.generated_positions;
                            generated.insert(index.clone(), position.clone());
                            self.layout.generated.push((index, title.clone(), weight));
                            (&children[..], 0)
                        }
                    };
                    self.place(rest, first, &position, &sdir, &common);
                }
            }
        }
    }

    /// Places a page at its own path (pages outside the nav, or no nav at all).
    fn place_by_path(&mut self, src: &str, weight: Option<i64>) {
        let mapped = map_path(src);
        let dir = parent_dir(&mapped).to_string();
        let name = if is_index_name(src) {
            "_index.md".to_string()
        } else {
            file_name_for(src, None)
        };
        let dest = if name == "_index.md" && self.urls.contains(&url_of(&format!("{dir}_index.md")))
        {
            self.unique(&dir, &file_name_for(src, None))
        } else {
            self.unique(&dir, &name)
        };
        let weight = if dest.ends_with("_index.md") {
            None
        } else {
            weight
        };
        self.put(src, dest, None, weight);
    }

    fn put(&mut self, src: &str, dest: String, nav_title: Option<String>, weight: Option<i64>) {
        self.layout.pages.insert(
            src.to_string(),
            Placed {
                dest,
                nav_title,
                weight,
                position: None,
            },
        );
    }

    /// Records the nav place of the page placed from `src`.
    fn at(&mut self, src: &str, position: Vec<usize>) {
        if let Some(placed) = self.layout.pages.get_mut(src) {
            placed.position = Some(position);
        }
    }

    /// `dir` + `name`, with `-2`, `-3`… added before `.md` (or to the folder) until its
    /// ownbook URL is free; the URL is then taken.
    fn unique(&mut self, dir: &str, name: &str) -> String {
        let mut n = 1;
        loop {
            let candidate = match (n, name.strip_suffix("/_index.md")) {
                (1, _) => format!("{dir}{name}"),
                (_, Some(folder)) => format!("{dir}{folder}-{n}/_index.md"),
                (_, None) => {
                    let stem = name.strip_suffix(".md").unwrap_or(name);
                    format!("{dir}{stem}-{n}.md")
                }
            };
            if self.urls.insert(url_of(&candidate)) {
                return candidate;
            }
            n += 1;
        }
    }
}

fn is_index_name(src: &str) -> bool {
    matches!(src.rsplit('/').next(), Some("index.md" | "README.md"))
}

/// The file name a page keeps. An `index.md` that is not a section index is named
/// after its folder (or its title), since `index.md` means nothing to ownbook.
fn file_name_for(src: &str, title: Option<&str>) -> String {
    let name = src.rsplit('/').next().unwrap_or(src);
    if !is_index_name(src) {
        return name.to_string();
    }
    let folder = src.trim_end_matches(name).trim_end_matches('/');
    let base = folder
        .rsplit('/')
        .next()
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .or_else(|| title.map(slugify))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "overview".to_string());
    format!("{base}.md")
}

/// The deepest folder shared by every page of a nav section (`""` when none).
fn common_dir(items: &[Item]) -> String {
    let mut srcs = Vec::new();
    collect_srcs(items, &mut srcs);
    let mut common: Option<Vec<&str>> = None;
    for src in &srcs {
        let parts: Vec<&str> = parent_dir(src)
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        common = Some(match common {
            None => parts,
            Some(c) => c
                .iter()
                .zip(&parts)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| *a)
                .collect(),
        });
    }
    common.map(|c| c.join("/")).unwrap_or_default()
}

fn collect_srcs<'i>(items: &'i [Item], out: &mut Vec<&'i str>) {
    for item in items {
        match item {
            Item::Page { src, .. } => out.push(src),
            Item::Section { children, .. } => collect_srcs(children, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lay(docs: &[&str], nav: &str) -> Layout {
        let yaml_text = format!("nav:\n{nav}");
        let docs_yaml = yaml::load("mkdocs.yml", &yaml_text).unwrap_or_default();
        let nav = docs_yaml.first().and_then(|d| yaml::get(d, "nav"));
        let docs: Vec<String> = docs.iter().map(|s| s.to_string()).collect();
        let mut notes = Vec::new();
        layout(&docs, nav, "mkdocs.yml", &mut notes)
    }

    fn dest(l: &Layout, src: &str) -> String {
        l.pages.get(src).map(|p| p.dest.clone()).unwrap_or_default()
    }

    #[test]
    fn sections_become_folders_named_after_their_pages_folder() {
        let l = lay(
            &[
                "index.md",
                "guide/index.md",
                "guide/a.md",
                "ops.md",
                "extra.md",
            ],
            "  - Home: index.md\n  - The Guide:\n    - guide/index.md\n    - A: guide/a.md\n  - Operations:\n    - ops.md\n",
        );
        assert_eq!(dest(&l, "index.md"), "_index.md");
        assert_eq!(dest(&l, "guide/index.md"), "guide/_index.md");
        assert_eq!(dest(&l, "guide/a.md"), "guide/a.md");
        assert_eq!(dest(&l, "ops.md"), "operations/ops.md");
        assert_eq!(
            l.generated,
            vec![(
                "operations/_index.md".to_string(),
                "Operations".to_string(),
                30
            )]
        );
        assert_eq!(l.outside_nav, vec!["extra.md".to_string()]);
        assert_eq!(
            l.pages.get("guide/a.md").and_then(|p| p.weight),
            Some(10),
            "the index is the section itself"
        );
    }

    #[test]
    fn catalog_folders_are_not_taken_and_urls_do_not_collide() {
        let l = lay(
            &["services/a.md", "b/x.md", "c/x.md"],
            "  - Services:\n    - services/a.md\n  - Mixed:\n    - b/x.md\n    - c/x.md\n",
        );
        assert_eq!(dest(&l, "services/a.md"), "services-guide/a.md");
        assert_eq!(dest(&l, "b/x.md"), "mixed/x.md");
        assert_eq!(dest(&l, "c/x.md"), "mixed/x-2.md");
    }
}
