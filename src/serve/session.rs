//! The builds of one `serve` run: compiles the site again after each batch of changes
//! (reusing what the previous build left in `Incremental`), turns the result into the
//! snapshot to serve, and works out what open browsers should do about it.

use super::reload::overlay_html;
use super::state::Snapshot;
use crate::analyze::Analysis;
use crate::diag::{self, Diagnostic};
use crate::output::store::Store;
use crate::output::{Content, OutputFile};
use crate::render::theme::Theme;
use crate::render::{Ctx, RenderStats, SharedRendered};
use crate::site::Site;
use crate::{BuildOptions, Compiled, Incremental, Pages, compile, late};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// What changed since the previous build, as the watcher saw it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files under content/ or static/ that changed (absolute paths).
    pub files: Vec<PathBuf>,
    /// Something a list of files cannot describe changed (ownbook.toml, a folder,
    /// events were lost): every input is read again.
    pub everything: bool,
    /// Every change was to a stylesheet, so pages can swap it instead of reloading.
    pub css_only: bool,
    /// A file under themes/, templates/ or i18n/ changed: the theme is loaded again
    /// (otherwise the last build's is reused).
    pub theme: bool,
}

/// The result of one build.
#[derive(Debug)]
pub enum Outcome {
    /// A new site is in place. `css` lists (old, new) stylesheet paths when browsers
    /// can swap those instead of reloading.
    Built {
        css: Option<Vec<(String, String)>>,
        millis: u128,
        stats: RenderStats,
        /// Warnings, if any.
        diags: Vec<Diagnostic>,
    },
    /// The build failed; the last good site stays. What it found.
    Failed { diags: Vec<Diagnostic> },
}

/// The builds of one site.
pub struct Session {
    opts: BuildOptions,
    inc: Incremental,
    /// Distinguishes this run's build names from a previous run's.
    nonce: u64,
    generation: u64,
    current: Snapshot,
    /// Where rendered files are kept instead of in memory (`None` if it could not be
    /// created).
    store: Option<Arc<Store>>,
    /// What the last build's deferred files (print.html and the search index) are
    /// made from.
    deferred: Option<Deferred>,
}

/// The site of the last build, kept for its deferred files.
struct Deferred {
    site: Site,
    analysis: Analysis,
    theme: Arc<Theme>,
    pages: Vec<SharedRendered>,
}

impl Deferred {
    fn new(compiled: Compiled) -> Self {
        Deferred {
            site: compiled.site,
            analysis: compiled.analysis,
            theme: compiled.theme,
            pages: compiled.output.pages,
        }
    }
}

impl Session {
    /// A session that has built nothing yet; call `rebuild` with `Changes::everything`.
    pub fn new(opts: BuildOptions) -> Self {
        let mut inc = Incremental::new();
        inc.defer_slow_files = true;
        let store = match Store::new() {
            Ok(store) => Some(Arc::new(store)),
            Err(e) => {
                eprintln!("warning: cannot create a temporary folder ({e}); serving from memory");
                None
            }
        };
        inc.render.store = store.clone();
        let nonce = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
            ^ u64::from(std::process::id()).rotate_left(32);
        Session {
            opts,
            inc,
            nonce,
            generation: 0,
            current: Snapshot::default(),
            store,
            deferred: None,
        }
    }

    /// The name the next successful build will have (pages carry it).
    pub fn next_build(&self) -> String {
        self.build_name(self.generation + 1)
    }

    fn build_name(&self, generation: u64) -> String {
        format!("{:x}.{generation}", self.nonce)
    }

    /// Hands the pages of the next builds to `early` as each is rendered, the ones
    /// it wants first (`None`: no longer).
    pub fn render_early(&mut self, early: Option<Arc<dyn crate::render::EarlyFiles>>) {
        self.inc.render.early = early;
    }

    /// What is served now.
    pub fn snapshot(&self) -> &Snapshot {
        &self.current
    }

    /// Builds the site again after `changes`.
    pub fn rebuild(&mut self, changes: &Changes) -> Outcome {
        let started = Instant::now();
        // Finish (or drop) the previous build's deferred work first: it holds the
        // site the next load reuses.
        if let Some(deferred) = self.deferred.take() {
            self.inc.keep(deferred.site);
        }
        self.start_segment();
        if changes.everything {
            self.inc.load_everything();
        } else {
            self.inc.files_changed(changes.files.iter().cloned());
        }
        if changes.theme {
            self.inc.theme_changed();
        }
        let compiled = match compile(&self.opts, Pages::InMemory, Some(&mut self.inc)) {
            Ok(c) => c,
            Err(diags) => return self.failed(diags),
        };
        if compiled.has_errors() {
            self.inc.keep(compiled.site);
            return self.failed(compiled.diags);
        }
        self.generation += 1;
        let build = self.build_name(self.generation);
        let stats = self.inc.render.stats;
        let mut compiled = compiled;
        let next = Snapshot::from_files(
            std::mem::take(&mut compiled.output.files),
            build,
            compiled.output.deferred.clone(),
            self.store.as_deref(),
        );
        let css = if changes.css_only {
            stylesheet_swaps(&self.current, &next)
        } else {
            None
        };
        self.current = next;
        let diags = std::mem::take(&mut compiled.diags);
        self.deferred = Some(Deferred::new(compiled));
        Outcome::Built {
            css,
            millis: started.elapsed().as_millis(),
            stats,
            diags,
        }
    }

    fn failed(&mut self, diags: Vec<Diagnostic>) -> Outcome {
        if self.has_deferred() {
            // The last good build's deferred files were skipped for this build, and
            // its site is gone now: they stay missing until the next good build.
            self.current = self.current.without_pending();
        }
        self.current.error = Some(Arc::from(overlay_html(&diags)));
        Outcome::Failed { diags }
    }

    /// Stores what is rendered from now on in a segment of its own, so that one
    /// build's files are deleted together once later builds replaced them.
    fn start_segment(&self) {
        if let Some(store) = &self.store
            && let Err(e) = store.start_segment()
        {
            // Writing on into the last segment only keeps its files longer.
            eprintln!("warning: cannot extend the temporary store ({e})");
        }
    }

    /// Whether files of the last build are still to be rendered.
    pub fn has_deferred(&self) -> bool {
        !self.current.pending.is_empty()
    }

    /// Renders the files the last build deferred (print.html, llms.txt, the search
    /// index) into the snapshot.
    /// Returns the diagnostics as text if that failed (the snapshot then shows them).
    pub fn finish_deferred(&mut self) -> Option<String> {
        if !self.has_deferred() {
            return None;
        }
        let Some(d) = &self.deferred else {
            self.current = self.current.without_pending();
            return None;
        };
        self.start_segment();
        let cx = Ctx::new(&d.site, &d.analysis, &d.theme, &self.inc.highlighter);
        let pending = |path: &str| self.current.pending.contains(path);
        let wanted = late::Wanted {
            print: pending(crate::render::print::PATH),
            llms: pending(crate::render::llms::PATH),
            search: pending(crate::search::FOLDER).then_some(&|_: &_| true),
        };
        let stored;
        let emit: crate::search::Emit = match self.store.as_deref() {
            // Each file into the store as soon as it is made, as `build` writes them.
            Some(store) => {
                stored = |file| Ok(into_store(store, file));
                &stored
            }
            None => crate::search::IN_MEMORY,
        };
        let late = late::make(
            &cx,
            &mut self.inc.render,
            &mut [],
            &d.pages,
            &[],
            wanted,
            emit,
        );
        let files = late.files;
        // Warnings (such as the search index's size budget) are reported by `ownbook build`.
        let errors: Vec<Diagnostic> = late
            .diags
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        if errors.is_empty() {
            self.current = self
                .current
                .with_finished(files, self.store.as_deref())
                .with_folder_finished(crate::search::FOLDER);
            return None;
        }
        self.current = self.current.without_pending();
        self.current.error = Some(Arc::from(overlay_html(&errors)));
        Some(diag::render_text(&errors))
    }
}

/// `file` with its bytes in `store` (in memory still if they cannot be written).
fn into_store(store: &Store, file: OutputFile) -> OutputFile {
    match file.content.as_bytes().map(|bytes| store.put(bytes)) {
        Some(Ok(blob)) => OutputFile {
            path: file.path,
            content: Content::Stored(blob),
        },
        _ => file,
    }
}

/// The stylesheets that changed between two builds, as (old path, new path), when
/// each one can be matched (fingerprinted names differ only in the fingerprint).
fn stylesheet_swaps(old: &Snapshot, new: &Snapshot) -> Option<Vec<(String, String)>> {
    let is_css = |p: &String| p.ends_with(".css");
    let mut swaps = Vec::new();
    for (path, body) in new.files.iter().filter(|(p, _)| is_css(p)) {
        match old.files.get(path) {
            Some(old_body) if same_bytes(old_body, body) => {}
            Some(_) => swaps.push((path.clone(), path.clone())),
            None => {
                let logical = unfingerprinted(path);
                let previous = old.files.keys().find(|p| {
                    is_css(p) && !new.files.contains_key(*p) && unfingerprinted(p) == logical
                })?;
                swaps.push((previous.clone(), path.clone()));
            }
        }
    }
    swaps.sort();
    (!swaps.is_empty()).then_some(swaps)
}

fn same_bytes(a: &super::state::Body, b: &super::state::Body) -> bool {
    use super::state::Body;
    match (a, b) {
        (Body::Bytes(a), Body::Bytes(b)) => a == b,
        (Body::Stored(a), Body::Stored(b)) => a.same(b),
        // A copied file may have changed in place; it cannot be compared any more.
        _ => false,
    }
}

/// `assets/style.1a2b3c4d.css` → `assets/style.css`; other names stay as they are.
fn unfingerprinted(path: &str) -> String {
    let Some(stem) = path.strip_suffix(".css") else {
        return path.to_string();
    };
    match stem.rsplit_once('.') {
        Some((name, hash)) if hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => {
            format!("{name}.css")
        }
        _ => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stripped() {
        assert_eq!(
            unfingerprinted("assets/style.1a2b3c4d.css"),
            "assets/style.css"
        );
        assert_eq!(unfingerprinted("css/site.css"), "css/site.css");
        assert_eq!(unfingerprinted("a.b.css"), "a.b.css");
    }
}
