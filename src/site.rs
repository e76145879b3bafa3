//! The data model after loading: pages, sections, assets and the catalog. Plain data;
//! later stages borrow it and never mutate it.

use crate::catalog::Catalog;
use crate::config::Config;
use crate::load::front_matter::FrontMatter;
use std::collections::HashMap;
use std::path::PathBuf;

/// Whether a page is the home page, a section index (`_index.md`) or a plain page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Section,
    Page,
}

/// One Markdown file of the handbook.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to `content/`, `/`-separated: `guide/lifecycle/design.md`.
    pub source: String,
    /// Path relative to the site root, for diagnostics and edit links: `content/guide/...`.
    pub display: String,
    /// Output folder relative to the site root: `guide/lifecycle/design/` (`""` for home).
    pub url: String,
    pub kind: PageKind,
    pub meta: FrontMatter,
    /// Title after `{{ org }}` substitution.
    pub title: String,
    pub description: String,
    /// The whole normalized file (front matter included), for diagnostics.
    pub raw: String,
    /// Byte offset in `raw` where the Markdown body starts.
    pub body_start: usize,
    /// Last-updated date: front matter `updated`, else the last git commit touching it.
    pub updated: Option<String>,
    /// Index of the section this page belongs to (for a section index: that section).
    pub section: usize,
}

impl Page {
    pub fn body(&self) -> &str {
        &self.raw[self.body_start..]
    }

    /// The output HTML file, relative to the site root.
    pub fn output_path(&self) -> String {
        format!("{}index.html", self.url)
    }
}

/// A child of a section, in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Child {
    Page(usize),
    Section(usize),
}

/// A folder of `content/`. The root folder is section 0 and its index is the home page.
#[derive(Debug, Clone)]
pub struct Section {
    /// Folder relative to `content/` with a trailing `/` (`""` for the root).
    pub dir: String,
    pub title: String,
    pub weight: i64,
    /// The `_index.md` page, if the folder has one.
    pub index: Option<usize>,
    pub parent: Option<usize>,
    /// Pages and subsections, sorted by weight then title.
    pub children: Vec<Child>,
    /// Output folder of the section (`guide/`).
    pub url: String,
}

/// A file copied to the output as it is: from `static/`, or an image next to a page.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Output path relative to the site root.
    pub output: String,
}

/// Everything the later stages need, loaded once.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    /// Assets keyed by output path.
    pub assets: HashMap<String, Asset>,
    /// Page index by `source` (content-relative path).
    pub by_source: HashMap<String, usize>,
    pub catalog: Catalog,
    /// Pages in reading order (depth-first through the section tree).
    pub reading_order: Vec<usize>,
    /// Today's date as `YYYY-MM-DD` (for review dates), fixed for the whole build.
    pub today: String,
}
