//! The data model after loading: pages, sections, assets and the catalog. Plain data;
//! later stages borrow it and never mutate it.

use crate::catalog::Catalog;
use crate::config::Config;
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The keys a page may set between `+++` lines.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    /// Old output paths (`old/page/`) that redirect to this page.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A template name that replaces the default `page.html` / `section.html`.
    pub template: Option<String>,
    /// When the page was last reviewed, and how often it should be.
    pub reviewed: Option<toml::value::Datetime>,
    pub review_every: Option<u32>,
    /// Shown as "last updated".
    pub updated: Option<toml::value::Datetime>,
    /// Set `toc = false` to hide the on-page table of contents.
    pub toc: Option<bool>,
    /// In a translation: the hash of the original's text it was translated from
    /// (see `freshness`), which then decides whether it is stale instead of git.
    pub translated_from: Option<String>,
}

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
    /// The `# Heading` that opened the text of a page whose front matter has a title:
    /// the page shows it as its h1 (and the title everywhere else).
    pub heading: Option<String>,
    pub description: String,
    /// The whole normalized file (front matter included), for diagnostics. Shared, so
    /// that caches of a page's renders can hold it without copying it.
    pub raw: Arc<str>,
    /// Byte offset in `raw` where the Markdown body starts.
    pub body_start: usize,
    /// Last-updated date: front matter `updated`, else the last git commit touching it.
    pub updated: Option<String>,
    /// Index of the section this page belongs to (for a section index: that section).
    pub section: usize,
    /// The file's size and mtime when `raw` was read (`None`: unknown, or it changed
    /// while being read), which the load cache files what it knows of the page under.
    pub file_stamp: Option<crate::fsutil::FileStamp>,
}

impl Page {
    pub fn body(&self) -> &str {
        &self.raw[self.body_start..]
    }

    /// The output HTML file, relative to the site root.
    pub fn output_path(&self) -> String {
        format!("{}index.html", self.url)
    }

    /// The folder of the source file relative to `content/` (`guide/`), which its
    /// relative links start from.
    pub fn source_dir(&self) -> &str {
        let name = self.source.rsplit('/').next().map_or(0, str::len);
        &self.source[..self.source.len() - name]
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

/// A CODEOWNERS file: its text (for diagnostics that point into it) and its lines.
#[derive(Debug)]
pub struct CodeownersFile {
    pub file: crate::catalog::model::SourceFile,
    pub parsed: crate::codeowners::Codeowners,
}

/// Everything the later stages need, loaded once.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    /// Assets keyed by output path.
    pub assets: HashMap<String, Asset>,
    /// Page index by `source` (content-relative path). Every link of every page is
    /// looked up here before a large site's first page; Fx hashing makes that a
    /// fraction of the default's cost (the keys are the handbook's own file names).
    pub by_source: FxHashMap<String, usize>,
    pub catalog: Catalog,
    /// The repository's CODEOWNERS file, read when a service has `paths`.
    pub codeowners: Option<CodeownersFile>,
    /// Pages in reading order (depth-first through the section tree).
    pub reading_order: Vec<usize>,
    /// Today's date as `YYYY-MM-DD` (for review dates), fixed for the whole build.
    pub today: String,
    /// The pages' translations and how languages relate (empty with one language).
    pub translated: Translated,
}

/// A page of the default language seen from a translation that lacks it: links to
/// it go to the original.
#[derive(Debug, Default, Clone)]
pub struct ElsewherePage {
    /// Its URL from the translation's root (`../guide/y/`).
    pub url: String,
    /// Its file, for diagnostics (`content/guide/y.md`).
    pub display: String,
    /// Its heading ids, for checking `#anchors` (filled in once the default site's
    /// pages are analysed).
    pub heading_ids: Vec<String>,
}

/// How the pages of a translated handbook relate across languages; empty for a
/// handbook in one language.
#[derive(Debug, Default, Clone)]
pub struct Translated {
    /// The translations read beside the originals: language code and page (whose
    /// `source` and URL are its original's), by language then source.
    pub pages: Vec<(String, Page)>,
    /// In a language's site: the default language's pages it has no translation of,
    /// by source.
    pub elsewhere: HashMap<String, ElsewherePage>,
    /// Each guide page's and section's URL (from a language's root) and the languages
    /// that have it. Other pages (catalog, search) exist in every language.
    pub available: Arc<HashMap<String, Vec<String>>>,
    /// What each translation's freshness is judged on (every language's, shared by
    /// the language sites).
    pub freshness: Arc<Vec<TranslationFacts>>,
}

/// When a file last changed, as git tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revised {
    /// Last changed by a commit: `age` counts commits back from the newest one that
    /// touched `content/` (0 = newest), `date` is its day (`YYYY-MM-DD`).
    Committed { age: usize, date: String },
    /// Changed in the working tree (or never committed).
    Uncommitted,
}

/// A translation and its original, as loaded: what `analyze::freshness` judges.
#[derive(Debug, Clone)]
pub struct TranslationFacts {
    pub lang: String,
    /// The original's path relative to `content/` (the translation shares it).
    pub source: String,
    /// The translation's title, and the URL of both pages from their language's root.
    pub title: String,
    pub url: String,
    /// The files, for diagnostics: `content/guide/a.md`, `content/guide/a.ja.md`.
    pub original: String,
    pub translation: String,
    /// The translation's text, and where its `translated_from` value is in it.
    pub raw: Arc<str>,
    pub translated_from: Option<(String, usize)>,
    /// The hash of the original's text now.
    pub original_hash: String,
    /// When the original and the translation last changed; `None` outside git.
    pub git: Option<(Option<Revised>, Option<Revised>)>,
}

impl Site {
    /// A site of configuration and catalog only, without guide pages: the handbook as
    /// `ownbook diff` and the scorecard history see it. Analysis and the catalog
    /// rules work on it as on a whole site.
    pub fn catalog_only(config: Config, catalog: Catalog, today: String) -> Site {
        Site {
            config,
            pages: Vec::new(),
            sections: Vec::new(),
            assets: HashMap::new(),
            by_source: FxHashMap::default(),
            catalog,
            // CODEOWNERS at a revision is not read, so neither side of a diff has it.
            codeowners: None,
            reading_order: Vec::new(),
            today,
            translated: Translated::default(),
        }
    }

    /// The page or copied file at `target`, a path relative to `content/` (a page's
    /// `.md` file, or a folder with an `_index.md`): the page's index if it is one,
    /// and its output path.
    pub fn output_of(&self, target: &str) -> Option<(Option<usize>, String)> {
        let target = &*crate::text::nfc(target);
        let page = if target.ends_with(".md") {
            self.by_source.get(target)
        } else {
            let dir = target.trim_end_matches('/');
            self.by_source.get(&format!("{dir}/_index.md"))
        };
        if let Some(&p) = page {
            return Some((Some(p), self.pages[p].url.clone()));
        }
        if let Some(other) = self.elsewhere_page(target) {
            return Some((None, other.url.clone()));
        }
        self.assets.get(target).map(|a| (None, a.output.clone()))
    }

    /// In a translation's site: the default language's page at `target` (a `.md`
    /// path or a folder) that this language has no translation of.
    pub fn elsewhere_page(&self, target: &str) -> Option<&ElsewherePage> {
        let elsewhere = &self.translated.elsewhere;
        if target.ends_with(".md") {
            return elsewhere.get(target);
        }
        let dir = target.trim_end_matches('/');
        elsewhere.get(&format!("{dir}/_index.md"))
    }

    /// Whether this is the site of a translation (not of the default language), whose
    /// catalog and settings the default language's site already checks.
    pub fn is_translation(&self) -> bool {
        !self
            .config
            .languages
            .prefix(&self.config.language)
            .is_empty()
    }
}
