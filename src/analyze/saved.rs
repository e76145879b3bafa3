//! The load cache: every guide page's outline (headings and links, see
//! `markdown::outline`) kept in the build cache folder between runs, so that a new
//! process (a `serve` start, the next `build`) parses only the pages whose files
//! changed. On a large handbook that parse is most of the analysis a first page
//! waits for.
//!
//! A page's outline is filed under its path, its file's size and modification time
//! (to the nanosecond) and where its Markdown starts; the whole file under ownbook's
//! binary (`build_cache::read_whole`) and the organization name (heading texts
//! substitute it). Anything that does not match is parsed again, so the cache can
//! change how fast a build is, never what it gives.

use super::links::Links;
use crate::build_cache;
use crate::diag::Diagnostic;
use crate::fsutil::FileStamp;
use crate::markdown::Outline;
use crate::site::{Page, Site};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;

/// The cache file's name in the cache folder.
const FILE: &str = "outlines";

/// The outlines a previous run saved, by page source.
#[derive(Default)]
pub struct SavedOutlines {
    pages: FxHashMap<String, Known>,
}

/// A saved outline, and the file and body start it was made from.
struct Known {
    stamp: FileStamp,
    body_start: usize,
    outline: Arc<Outline>,
}

impl Known {
    fn is_of(&self, page: &Page) -> bool {
        Some(self.stamp) == page.file_stamp && self.body_start == page.body_start
    }
}

#[derive(Deserialize)]
struct SavedFile {
    org: String,
    pages: Vec<(String, SavedPage)>,
}

#[derive(Deserialize)]
struct SavedPage {
    stamp: FileStamp,
    body_start: u64,
    outline: Outline,
}

/// What is written: the same shape as [`SavedFile`], borrowed.
#[derive(Serialize)]
struct SavingFile<'a> {
    org: &'a str,
    pages: Vec<(&'a str, SavingPage<'a>)>,
}

#[derive(Serialize)]
struct SavingPage<'a> {
    stamp: FileStamp,
    body_start: u64,
    outline: &'a Outline,
}

impl SavedOutlines {
    /// What the cache folder `dir` holds for a site of organization `org`; empty when
    /// nothing usable. `Err` is a warning (a damaged file): the build goes on without.
    pub fn read(dir: &Path, org: &str) -> Result<SavedOutlines, String> {
        let Some(bytes) = build_cache::read_whole(dir, FILE)? else {
            return Ok(SavedOutlines::default());
        };
        let file: SavedFile = postcard::from_bytes(&bytes).map_err(|e| {
            format!(
                "ignored the build cache file `{}` ({e}); it is rebuilt",
                dir.join(FILE).display()
            )
        })?;
        if file.org != org {
            return Ok(SavedOutlines::default());
        }
        let pages = file.pages.into_iter().filter_map(|(source, saved)| {
            let known = Known {
                stamp: saved.stamp,
                body_start: usize::try_from(saved.body_start).ok()?,
                outline: Arc::new(saved.outline),
            };
            Some((source, known))
        });
        Ok(SavedOutlines {
            pages: pages.collect(),
        })
    }

    /// The saved outline of `page`, when its file is the one it was made from.
    pub fn get(&self, page: &Page) -> Option<Arc<Outline>> {
        let known = self.pages.get(&page.source)?;
        known.is_of(page).then(|| known.outline.clone())
    }

    /// Whether `site`'s pages are exactly the saved ones (nothing to write back).
    pub fn covers(&self, site: &Site) -> bool {
        self.pages.len() == site.pages.len()
            && site.pages.iter().all(|p| {
                let known = self.pages.get(&p.source);
                known.is_some_and(|k| k.is_of(p))
            })
    }
}

/// What [`save`] writes for one page: its source, file stamp, body start and outline.
type Saving = (String, FileStamp, usize, Arc<Outline>);

impl SavedOutlines {
    /// Runs `work` (the load) while [`SavedOutlines::read`] reads the cache folder
    /// `dir` (if any) on a thread of its own; a damaged file is a warning in `diags`
    /// (and nothing is reused).
    pub fn read_during<T: Send>(
        dir: Option<&Path>,
        org: &str,
        diags: &mut Vec<Diagnostic>,
        work: impl FnOnce() -> T,
    ) -> (T, Option<SavedOutlines>) {
        let (done, read) = std::thread::scope(|scope| {
            let read = dir.map(|dir| scope.spawn(move || SavedOutlines::read(dir, org)));
            let done = work();
            let read = read.map(|r| r.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
            (done, read)
        });
        let saved = read.map(|read| {
            read.unwrap_or_else(|warning| {
                diags.push(Diagnostic::warning("build-cache", warning));
                SavedOutlines::default()
            })
        });
        (done, saved)
    }

    /// What to save of `site`'s pages (`links`) into the cache folder `dir`: nothing
    /// when they are what was read.
    pub fn changes(self, dir: &Path, site: &Site, links: &Links) -> Option<Pending> {
        if self.covers(site) {
            return None;
        }
        drop(self);
        let pages: Vec<Saving> = site
            .pages
            .iter()
            .zip(&links.pages)
            .filter_map(|(page, resolved)| {
                let stamp = page.file_stamp?;
                let outline = resolved.outline.clone();
                Some((page.source.clone(), stamp, page.body_start, outline))
            })
            .collect();
        let (dir, org) = (dir.to_path_buf(), site.config.organization.clone());
        Some(Pending { dir, org, pages })
    }
}

/// Outlines to save, taken before analysis lets go of them.
pub struct Pending {
    dir: std::path::PathBuf,
    org: String,
    pages: Vec<Saving>,
}

impl Pending {
    /// Saves on a thread of its own (started once `serve`'s first pages are out, so
    /// that they do not wait for it). The thread's `Err` is a warning.
    pub fn start(self) -> JoinHandle<Result<(), Diagnostic>> {
        std::thread::spawn(move || {
            let saved = save(&self.dir, &self.org, &self.pages);
            saved.map_err(|w| Diagnostic::warning("build-cache", w))
        })
    }
}

/// Writes `pages` to the cache folder `dir` for organization `org`, in place of what
/// was there. `Err` is a warning.
fn save(dir: &Path, org: &str, pages: &[Saving]) -> Result<(), String> {
    let pages = pages
        .iter()
        .map(|(source, stamp, body_start, outline)| {
            let saving = SavingPage {
                stamp: *stamp,
                body_start: *body_start as u64,
                outline,
            };
            (source.as_str(), saving)
        })
        .collect();
    let file = SavingFile { org, pages };
    let bytes =
        postcard::to_stdvec(&file).map_err(|e| format!("could not save the outlines: {e}"))?;
    build_cache::write_whole(dir, FILE, &bytes)
}
