//! The pipeline, once: config → load → analyze → check → render → (print.html and the
//! search index, side by side). One entry point; whether pages stay in memory or are
//! streamed to disk, and what is kept for the next compile, are its options.

use crate::analyze::links::OutlineCache;
use crate::analyze::saved::SavedOutlines;
use crate::analyze::{self, Analysis};
use crate::diag::{self, Diagnostic};
use crate::load::{self, LoadOptions};
use crate::markdown::Highlighter;
use crate::render::theme::{self, Theme};
use crate::render::{self, Ctx, Output, PageSink, RenderCache};
use crate::site::Site;
use crate::timings::Timings;
use crate::{check, config, late, multilingual, search, walk};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Instant;

mod history_cache;
use history_cache::HistoryCache;

/// What to build, from the command line.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; default `<root>/public`.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// The persistent build cache's folder (`crate::build_cache`); `None`: no cache.
    /// Only a one-off compile uses it (`serve` keeps its caches in memory).
    pub cache_dir: Option<PathBuf>,
}

impl BuildOptions {
    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }

    /// The default cache folder: `.ownbook-cache/` beside the output folder.
    pub fn default_cache_dir(&self) -> PathBuf {
        let out = self.out_dir();
        let out = std::path::absolute(&out).unwrap_or(out);
        let beside = out.parent().map(Path::to_path_buf);
        beside
            .unwrap_or_else(|| self.root.clone())
            .join(crate::build_cache::DEFAULT_FOLDER)
    }
}

/// Where the guide pages of a compile go.
#[derive(Clone, Copy)]
pub enum Pages<'a> {
    /// Kept in `Compiled::output`.
    InMemory,
    /// Handed to the sink as soon as each is rendered, and let go (`build` writes them
    /// into its staging folder); print.html and the search index go there too.
    Streamed(PageSink<'a>),
}

/// A site compiled: the loaded model, what analysis found, the theme, every output
/// file, and all diagnostics (sorted by file and position).
pub struct Compiled {
    pub site: Site,
    pub analysis: Analysis,
    /// Shared with the next compile of an `Incremental`, which reuses it.
    pub theme: Arc<Theme>,
    pub output: Output,
    pub diags: Vec<Diagnostic>,
    pub millis: u128,
    /// Figures about the search index.
    pub search: search::Stats,
    /// Wall time of each phase.
    pub timings: Timings,
    /// Guide pages the build cache had and did not have, when one was used.
    pub cache_use: Option<(usize, usize)>,
}

impl Compiled {
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }
}

/// What `serve` keeps between compiles of one site, so that a rebuild does only the
/// work an edit calls for: the last loaded site (its unchanged pages are reused), the
/// pages' outlines, the render cache (see `render::cache` for what is reused when)
/// and highlighted code. The default value keeps nothing, which is what a one-off
/// build wants.
#[derive(Default)]
pub struct Incremental {
    enabled: bool,
    /// The last site, when its load reported no problems.
    site: Option<Site>,
    /// Files under content/ or static/ changed since `site` was loaded; `None` when
    /// unknown (everything is loaded again).
    changed: Option<Vec<PathBuf>>,
    load_clean: bool,
    outlines: OutlineCache,
    pub render: RenderCache,
    pub highlighter: Highlighter,
    /// The scorecard history and what it was computed from.
    history: HistoryCache,
    /// The last theme, by the handbook root and theme name it was loaded for; `None`
    /// after a change to its files (see `theme_changed`).
    theme: Option<((PathBuf, String), Arc<Theme>)>,
    /// Whether the load cache (`analyze::saved`) was read and written: by the first
    /// compile only (later ones of `serve` have `outlines`).
    load_cache_done: bool,
    /// Leave print.html and the search index out of the compile (named in
    /// `Output::deferred`): `serve` renders them after telling browsers to reload,
    /// since on a large site they are the slowest part of a rebuild.
    pub defer_slow_files: bool,
}

impl Incremental {
    /// The load cache's folder (`analyze::saved`), read beside the load and written
    /// by a process's first compile only: later ones of `serve` have the outlines.
    fn load_cache_dir<'a>(&mut self, opts: &'a BuildOptions) -> Option<&'a Path> {
        let first = !std::mem::replace(&mut self.load_cache_done, true);
        opts.cache_dir.as_deref().filter(|_| first)
    }

    /// Caches for repeated compiles of one site.
    pub fn new() -> Self {
        Incremental {
            enabled: true,
            render: RenderCache::new(),
            highlighter: Highlighter::remembering(),
            ..Default::default()
        }
    }

    /// Tells the next compile which files under content/ or static/ changed.
    pub fn files_changed(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        if let Some(changed) = &mut self.changed {
            changed.extend(paths);
        }
    }

    /// Makes the next compile load every file again (after a change the caller cannot
    /// describe as "these files changed in place", e.g. to ownbook.toml).
    pub fn load_everything(&mut self) {
        self.changed = None;
        self.theme = None;
    }

    /// Makes the next compile load the theme again: a file under themes/ or
    /// templates/ changed. (Otherwise the last theme is reused: loading it parses
    /// every template and fingerprints every asset.)
    pub fn theme_changed(&mut self) {
        self.theme = None;
    }

    /// The theme for `config`: the last one unless it was loaded for another root or
    /// theme or its files changed since.
    fn theme(&mut self, config: &config::Config) -> Result<Arc<Theme>, Vec<Diagnostic>> {
        let key = (config.root.clone(), config.theme.clone());
        if let Some((loaded_for, theme)) = &self.theme
            && *loaded_for == key
        {
            return Ok(theme.clone());
        }
        self.theme = None;
        let theme = Arc::new(load_theme(config)?);
        if self.enabled {
            self.theme = Some((key, theme.clone()));
        }
        Ok(theme)
    }

    /// Hands a compiled site back, so the next compile can reuse its unchanged pages.
    pub fn keep(&mut self, site: Site) {
        if self.enabled && self.load_clean {
            self.site = Some(site);
            self.changed = Some(Vec::new());
        }
    }

    /// Loads the site, again from the last one where the changes allow it.
    fn load(&mut self, config: config::Config, opts: LoadOptions) -> (Site, Vec<Diagnostic>) {
        match (self.site.take(), self.changed.take()) {
            (Some(prev), Some(changed)) => load::reload(config, opts, prev, &changed),
            _ => load::load(config, opts),
        }
    }
}

/// Loads, analyses, checks and renders the site. `Err` only when the config or the
/// theme cannot be used at all; content problems are in `Compiled::diags`. With
/// `incremental`, what the last compile of the same site left there is reused and
/// what this one did is kept.
pub fn compile(
    opts: &BuildOptions,
    pages: Pages,
    incremental: Option<&mut Incremental>,
) -> Result<Compiled, Vec<Diagnostic>> {
    let mut one_off = Incremental::default();
    let inc = incremental.unwrap_or(&mut one_off);
    let started = Instant::now();
    let mut timings = Timings::default();
    let (config, mut diags) = config::load(&opts.root, opts.base_url.as_deref())?;
    let theme = inc.theme(&config)?;
    if let Some(early) = &inc.render.early {
        hand_over_theme(early.as_ref(), &theme);
    }
    let lap = timings.lap("config + theme", started);
    let load_opts = LoadOptions {
        drafts: opts.drafts,
    };
    let load_cache = inc.load_cache_dir(opts);
    let org = config.organization.clone();
    let ((mut site, load_diags), saved) =
        SavedOutlines::read_during(load_cache, &org, &mut diags, || inc.load(config, load_opts));
    diags.extend(load_diags);
    inc.load_clean = diags.is_empty();
    let mut translations = split_languages(&mut site, &mut diags);
    let lap = timings.lap("load", lap);
    let (mut analysis, lap) = analyze_with_history(&site, inc, saved.as_ref(), &mut timings, lap);
    let to_save = load_cache.and_then(|dir| saved?.changes(dir, &site, &analysis.links));
    diags.extend(check::check(&site, &analysis));
    multilingual::give_anchors(&mut translations, &site, &analysis.links);
    if !inc.enabled {
        // A large site's outlines are worth letting go before its pages are rendered.
        analysis.links.forget_outlines();
    }
    timings.lap("checks", lap);
    if inc.enabled {
        inc.render.catalog_stamp = catalog_stamp(&site);
    }
    let sink = match pages {
        Pages::InMemory => None,
        Pages::Streamed(sink) => Some(sink),
    };
    let lap = Instant::now();
    let disk = match &opts.cache_dir {
        Some(dir) if !inc.enabled => open_cache(dir, &site, &mut diags),
        _ => None,
    };
    timings.lap("build cache: open", lap);
    let mut cx = Ctx::new(&site, &analysis, &theme, &inc.highlighter);
    cx.disk = disk.as_ref();
    let mut output = render::render_site(&cx, &mut inc.render, sink);
    let saving = to_save.map(analyze::saved::Pending::start);
    if inc.enabled {
        inc.highlighter.forget_unused();
    }
    drop(cx);
    if sink.is_some() && !inc.enabled {
        forget_sources(&mut site);
    }
    let mut cx = Ctx::new(&site, &analysis, &theme, &inc.highlighter);
    cx.disk = disk.as_ref();
    timings.extend(&output.timings);
    diags.append(&mut output.diags);
    let defer = inc.defer_slow_files;
    let cache = &mut inc.render;
    let search = late_files(
        &cx,
        &mut output,
        cache,
        defer,
        sink,
        &mut diags,
        &mut timings,
    );
    if !translations.is_empty() {
        let lap = Instant::now();
        multilingual::add_translations(&cx, &translations, &mut output, &mut diags);
        timings.lap("translations", lap);
    }
    drop(cx);
    let lap = Instant::now();
    let saved = saving.map(|s| s.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
    diags.extend(saved.and_then(Result::err));
    let cache_use = disk.map(|disk| close_cache(disk, &mut diags));
    timings.lap("build cache: prune", lap);
    diag::sort(&mut diags);
    diags.dedup();
    Ok(Compiled {
        site,
        analysis,
        theme,
        output,
        diags,
        millis: started.elapsed().as_millis(),
        search,
        timings,
        cache_use,
    })
}

/// The site analysed, with its scorecard history; records both phases from `since`.
/// The history asks git for HEAD, a process of its own: its thread waits for git
/// while the analysis works (so the history's phase is mostly empty).
fn analyze_with_history(
    site: &Site,
    inc: &mut Incremental,
    saved: Option<&SavedOutlines>,
    timings: &mut Timings,
    since: Instant,
) -> (Analysis, Instant) {
    let outlines = inc.enabled.then_some(&mut inc.outlines);
    let history = &mut inc.history;
    let (mut analysis, (history, phase)) = std::thread::scope(|scope| {
        let history = scope.spawn(|| history.get(site));
        let analysis = analyze::analyze_saved(site, outlines, saved);
        let history = history
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (analysis, history)
    });
    let lap = timings.lap("analysis", since);
    analysis.history = history;
    (analysis, timings.lap(phase, lap))
}

/// Lets go of the pages' sources once a streamed compile has written every page:
/// what it does next (print is written, search reads the rendered text,
/// translations are sites of their own) reads none of them, and a 50,000-page
/// handbook's sources are over 200 MB. `Compiled::site` then has no page text.
fn forget_sources(site: &mut Site) {
    let empty: Arc<str> = Arc::from("");
    for page in &mut site.pages {
        page.raw = empty.clone();
        page.body_start = 0;
    }
}

/// Hands the theme's files to `early`: final already, and pages served early need
/// their stylesheets and scripts. (The diagram library is left out of a site without
/// diagrams, which is only known later.)
fn hand_over_theme(early: &dyn render::EarlyFiles, theme: &Theme) {
    let diagrams = theme::DIAGRAM_ASSETS;
    let files = theme.files.iter().filter(|f| !f.path.starts_with(diagrams));
    early.ready(&files.cloned().collect::<Vec<_>>());
}

/// The site's theme, with the files ownbook generates for every site: the code
/// stylesheet and the JSON Schemas of the handbook's files and of catalog.json.
fn load_theme(config: &config::Config) -> Result<Theme, Vec<Diagnostic>> {
    let mut theme = theme::load(config)?;
    let css = crate::markdown::highlight::stylesheet().into_bytes();
    theme::add_generated(&mut theme, "syntax.css", css);
    for (name, text) in crate::schema::files() {
        let path = format!("{}{name}", crate::schema::FOLDER);
        let what = format!("the JSON Schema `{path}`");
        theme::add_published(&mut theme, &path, &what, text.into_bytes());
    }
    Ok(theme)
}

/// Gives the site its interface strings and takes out one site per other language
/// (empty for a site in one language).
fn split_languages(site: &mut Site, diags: &mut Vec<Diagnostic>) -> Vec<Site> {
    let (strings, string_diags) = render::i18n::load(&site.config);
    diags.extend(string_diags);
    diags.extend(multilingual::set_strings(site, &strings));
    let mut translations = multilingual::language_sites(site);
    for other in &mut translations {
        diags.extend(multilingual::set_strings(other, &strings));
    }
    translations
}

/// Prunes what this build did not use from the build cache; returns (pages reused,
/// pages rendered).
fn close_cache(disk: render::PageCache, diags: &mut Vec<Diagnostic>) -> (usize, usize) {
    let used = (
        disk.store.hits.load(Relaxed),
        disk.store.misses.load(Relaxed),
    );
    for warning in disk.store.finish() {
        diags.push(Diagnostic::warning("build-cache", warning));
    }
    used
}

/// The build cache in `dir` for `site`; a folder that cannot be used is a warning
/// (the build goes on without it).
fn open_cache(dir: &Path, site: &Site, diags: &mut Vec<Diagnostic>) -> Option<render::PageCache> {
    match crate::build_cache::Store::open(dir) {
        Ok(store) => Some(render::PageCache::new(store, site, catalog_stamp(site))),
        Err(warning) => {
            diags.push(Diagnostic::warning("build-cache", warning));
            None
        }
    }
}

/// The late files (print versions, llms.txt, the search index) now, or, when `defer`
/// (serve), the search index named in `Output::deferred` beside the others for later.
fn late_files(
    cx: &Ctx,
    output: &mut Output,
    cache: &mut RenderCache,
    defer: bool,
    sink: Option<PageSink>,
    diags: &mut Vec<Diagnostic>,
    timings: &mut Timings,
) -> search::Stats {
    let lap = Instant::now();
    if defer {
        if cx.site.config.search_enabled {
            output.deferred.push(search::FOLDER.to_string());
        }
        timings.lap("print.html + search index (deferred)", lap);
        return search::Stats::default();
    }
    let stats = print_and_search(cx, output, cache, sink, diags);
    timings.lap("print.html + search index", lap);
    stats
}

/// The late files of the ones the render left to its caller, written at once by a
/// streamed compile.
fn print_and_search(
    cx: &Ctx,
    output: &mut Output,
    cache: &mut RenderCache,
    sink: Option<PageSink>,
    diags: &mut Vec<Diagnostic>,
) -> search::Stats {
    let deferred = |path: &str| output.deferred.iter().any(|p| p == path);
    let wanted = late::Wanted {
        print: deferred(render::print::PATH),
        llms: deferred(render::llms::PATH),
        search: cx.site.config.search_enabled.then_some(&|_: &_| true),
    };
    let staged;
    let emit: search::Emit = match sink {
        Some(write) => {
            staged = move |f| render::stage(write, f);
            &staged
        }
        None => search::IN_MEMORY,
    };
    let (pages, files, print) = (&output.pages, &output.files, &mut output.print);
    let late = late::make(cx, cache, print, pages, files, wanted, emit);
    // Everything the render left is made now.
    output.deferred.clear();
    output.files.extend(late.files);
    diags.extend(late.diags);
    late.search
}

/// A hash of everything the catalog is loaded from (its files, by their path in the
/// handbook, and the config), for the render caches: Markdown links and shortcodes
/// depend on the catalog. Not the date: no Markdown shows anything judged on it.
fn catalog_stamp(site: &Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    site.config.source.hash(&mut h);
    let content = site.config.content_dir();
    for dir in load::CATALOG_DIRS {
        for (path, _) in walk::Walk::new(&content.join(dir)).run().files {
            path.strip_prefix(&content).unwrap_or(&path).hash(&mut h);
            std::fs::read(&path).ok().hash(&mut h);
        }
    }
    h.finish()
}
