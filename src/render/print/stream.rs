//! Print files of a streamed build, written while the pages are rendered: a page's
//! print version is held only until every print file showing it has it, and a print
//! file is put together and handed to the sink as soon as its last page is rendered.
//! Pages are rendered in path order, so a section's pages finish close together and
//! a 50,000-page build holds a few sections' print versions at a time, not all of
//! them (about 300 MB there).

use super::assemble;
use super::documents::{Documents, documents};
use crate::diag::Diagnostic;
use crate::markdown::Rendered;
use crate::output::{Content, OutputFile};
use crate::render::{Ctx, Mode, PageSink, SharedRendered, page, stage};
use rayon::prelude::*;
use std::sync::{Arc, Mutex, MutexGuard};

/// Receives the pages' print versions as they are rendered (from any thread) and
/// writes each print file once it is complete.
pub struct PrintStream<'c> {
    cx: &'c Ctx<'c>,
    write: PageSink<'c>,
    docs: Documents,
    /// Per page, the print files (by position in `docs.all()`) that show it.
    shown_in: Vec<Vec<usize>>,
    /// With the build cache: what every print file shows besides its pages (a part of
    /// each file's key).
    world: Option<u64>,
    state: Mutex<State>,
}

struct State {
    /// Each page's print version, until the last file showing it has taken it.
    versions: Vec<Option<SharedRendered>>,
    /// Per page, how many print files still have to take its version.
    uses: Vec<usize>,
    /// Per page, whether its version arrived.
    arrived: Vec<bool>,
    /// Per print file, how many of its pages have not arrived.
    waiting: Vec<usize>,
    /// The files written (with their position in `docs.all()`), and the first error.
    written: Vec<(usize, OutputFile)>,
    failed: Option<(usize, Diagnostic)>,
}

impl<'c> PrintStream<'c> {
    /// A stream of the print files of `cx.site` into `write`. Only for a site with
    /// `print` on.
    pub fn new(cx: &'c Ctx<'c>, write: PageSink<'c>) -> Self {
        let docs = documents(cx.site);
        let pages = cx.site.pages.len();
        let mut shown_in = vec![Vec::new(); pages];
        let mut waiting = Vec::new();
        for (d, doc) in docs.all().enumerate() {
            waiting.push(doc.pages.len());
            for &p in &doc.pages {
                shown_in[p].push(d);
            }
        }
        let state = State {
            versions: vec![None; pages],
            uses: shown_in.iter().map(Vec::len).collect(),
            arrived: vec![false; pages],
            waiting,
            written: Vec::new(),
            failed: None,
        };
        let world = cx.disk.map(|_| super::print_world(cx, &docs));
        let stream = PrintStream {
            cx,
            write,
            docs,
            shown_in,
            world,
            state: Mutex::new(state),
        };
        // A print file without pages (print.html of a large site) is complete at once.
        let empty: Vec<usize> = (stream.docs.all().enumerate())
            .filter(|(_, doc)| doc.pages.is_empty())
            .map(|(d, _)| d)
            .collect();
        for d in empty {
            stream.write_file(d);
        }
        stream
    }

    /// Takes page `index`'s print version, rendered with its page.
    pub fn add(&self, index: usize, html: String) {
        let version = Arc::new(Rendered {
            html,
            ..Rendered::default()
        });
        self.arrive(index, version);
    }

    fn arrive(&self, index: usize, version: SharedRendered) {
        let Some(files) = self.shown_in.get(index).filter(|f| !f.is_empty()) else {
            return;
        };
        let mut complete = Vec::new();
        {
            let mut state = self.lock();
            if std::mem::replace(&mut state.arrived[index], true) {
                return;
            }
            state.versions[index] = Some(version);
            for &d in files {
                state.waiting[d] -= 1;
                if state.waiting[d] == 0 {
                    complete.push(d);
                }
            }
        }
        for d in complete {
            self.write_file(d);
        }
    }

    /// Writes the files still waiting (a page whose version did not come with its
    /// render is rendered for print alone) and returns every print file as written,
    /// in `documents` order, or the first file's error.
    pub fn finish(self) -> Result<Vec<OutputFile>, Diagnostic> {
        let missing: Vec<usize> = {
            let state = self.lock();
            (0..self.shown_in.len())
                .filter(|&p| !self.shown_in[p].is_empty() && !state.arrived[p])
                .collect()
        };
        missing.par_iter().for_each(|&p| {
            let version = page::markdown(self.cx, p, Mode::Print, false);
            self.arrive(p, Arc::new(version));
        });
        let state = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some((_, d)) = state.failed {
            return Err(d);
        }
        let mut written = state.written;
        written.sort_by_key(|(d, _)| *d);
        Ok(written.into_iter().map(|(_, f)| f).collect())
    }

    /// Puts print file `d` together from its pages' versions and writes it.
    fn write_file(&self, d: usize) {
        let Some(doc) = self.docs.all().nth(d) else {
            return;
        };
        let taken: Vec<Option<SharedRendered>> = {
            let mut state = self.lock();
            let state = &mut *state;
            (doc.pages.iter())
                .map(|&p| {
                    state.uses[p] = state.uses[p].saturating_sub(1);
                    match state.uses[p] {
                        0 => state.versions[p].take(),
                        _ => state.versions[p].clone(),
                    }
                })
                .collect()
        };
        let cx = self.cx;
        // With the build cache, a file whose pages' renders and site-wide inputs are
        // unchanged is taken from it instead of being put together again.
        let cached = cx.disk.zip(self.world).and_then(|(disk, world)| {
            let key = disk.print_key(&doc.path, &doc.pages, world)?;
            Some((disk, key))
        });
        let written = match cached.as_ref().and_then(|(d, key)| d.print_file(key)) {
            Some(bytes) => stage(self.write, OutputFile::bytes(doc.path.clone(), bytes)),
            None => {
                let mut taken = taken.into_iter();
                let file = assemble::render(cx, &self.docs, doc, &mut |batch| {
                    (batch.iter())
                        .map(|&p| match taken.next().flatten() {
                            Some(version) => version,
                            None => Arc::new(page::markdown(cx, p, Mode::Print, false)),
                        })
                        .collect()
                });
                if let (Ok(file), Some((disk, key))) = (&file, &cached) {
                    keep_in_cache(disk, key, file);
                }
                file.and_then(|f| stage(self.write, f))
            }
        };
        let mut state = self.lock();
        match written {
            Ok(f) => state.written.push((d, f)),
            Err(e) if state.failed.as_ref().is_none_or(|(first, _)| d < *first) => {
                state.failed = Some((d, e));
            }
            Err(_) => {}
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere already fails the build; the counts stay usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Files print file `file` in the build cache under `key`.
fn keep_in_cache(
    disk: &crate::render::PageCache,
    key: &crate::build_cache::Key,
    file: &OutputFile,
) {
    let parts: Option<Vec<&[u8]>> = match &file.content {
        Content::Parts(parts) => Some(parts.iter().map(Vec::as_slice).collect()),
        content => content.as_bytes().map(|bytes| vec![bytes]),
    };
    if let Some(parts) = parts {
        disk.keep_print_file(key, &parts);
    }
}
