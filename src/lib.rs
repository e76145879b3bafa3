//! ownbook turns an ownership handbook (Markdown guide pages plus a service catalog kept
//! as TOML files) into a linked, checked, searchable static site.
//!
//! The pipeline follows the data:
//!
//! ```text
//! config::load → load::load → render::render_site (Markdown, link checks, catalog,
//! templates) → search::build (index from the rendered pages) → output::publish
//! (atomic swap)
//! ```
//!
//! Every stage collects diagnostics instead of stopping at the first problem. `build`
//! writes pages into a staging folder while rendering, so memory does not grow with
//! the site; the output folder changes only when the whole build succeeded.

// Diagnostics are returned by value on the (cold) error path; boxing them everywhere
// would add noise without a measurable gain.
#![allow(clippy::result_large_err)]

pub mod catalog;
pub mod config;
pub mod dates;
pub mod diag;
pub mod fsutil;
pub mod import;
pub mod init;
pub mod load;
pub mod markdown;
pub mod output;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod text;
pub mod timings;
pub mod url;
pub mod walk;

use diag::{Diagnostic, Fatal};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What to build, from the command line.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; default `<root>/public`.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
}

impl BuildOptions {
    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// A site compiled in memory: the loaded model, the theme, every output file, and all
/// diagnostics (sorted by file and position).
pub struct Compiled {
    pub site: site::Site,
    pub theme: render::theme::Theme,
    pub output: render::Output,
    pub diags: Vec<Diagnostic>,
    pub millis: u128,
    /// Figures about the search index.
    pub search: search::Stats,
    /// Wall time of each phase.
    pub timings: timings::Timings,
}

impl Compiled {
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }
}

/// Loads, checks and renders the site in memory. `Err` only when the config or the
/// theme cannot be used at all; content problems are in `Compiled::diags`.
pub fn compile(opts: &BuildOptions) -> Result<Compiled, Vec<Diagnostic>> {
    compile_with(opts, &mut Incremental::default())
}

/// What `serve` keeps between compiles of one site, so that a rebuild does only the
/// work an edit calls for: the last loaded site (its unchanged pages are reused) and
/// the render cache (see `render::cache` for what is reused when). The default value
/// keeps nothing, which is what a one-off build wants.
#[derive(Default)]
pub struct Incremental {
    /// The last site, when its load reported no problems.
    site: Option<site::Site>,
    /// Files under content/ or static/ changed since `site` was loaded; `None` when
    /// unknown (everything is loaded again).
    changed: Option<Vec<PathBuf>>,
    load_clean: bool,
    pub render: render::RenderCache,
}

impl Incremental {
    /// Caches for repeated compiles of one site.
    pub fn new() -> Self {
        markdown::highlight::remember_blocks(true);
        Incremental {
            render: render::RenderCache::new(),
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
    }

    /// Hands a compiled site back, so the next compile can reuse its unchanged pages.
    pub fn keep(&mut self, site: site::Site) {
        if self.render.is_enabled() && self.load_clean {
            self.site = Some(site);
            self.changed = Some(Vec::new());
        }
    }
}

/// `compile`, reusing what `inc` kept from the previous compile of the same site.
pub fn compile_with(
    opts: &BuildOptions,
    inc: &mut Incremental,
) -> Result<Compiled, Vec<Diagnostic>> {
    compile_streamed(opts, inc, None)
}

/// `compile`, handing each page file to `sink` as soon as it is rendered.
pub fn compile_into(
    opts: &BuildOptions,
    sink: Option<render::PageSink>,
) -> Result<Compiled, Vec<Diagnostic>> {
    compile_streamed(opts, &mut Incremental::default(), sink)
}

fn compile_streamed(
    opts: &BuildOptions,
    inc: &mut Incremental,
    sink: Option<render::PageSink>,
) -> Result<Compiled, Vec<Diagnostic>> {
    let started = Instant::now();
    let mut timings = timings::Timings::default();
    let previous = inc.site.take();
    let changed = inc.changed.take();
    let config = config::load(&opts.root, opts.base_url.as_deref())?;
    let mut theme = render::theme::load(&config)?;
    render::theme::add_generated(
        &mut theme,
        "syntax.css",
        markdown::highlight::stylesheet().into_bytes(),
    );
    let load_opts = load::LoadOptions {
        drafts: opts.drafts,
    };
    let lap = timings.lap("config + theme", started);
    let (site, mut diags) = match (previous, changed) {
        (Some(prev), Some(changed)) => load::reload(config, load_opts, prev, &changed),
        _ => load::load(config, load_opts),
    };
    timings.lap("load", lap);
    inc.load_clean = diags.is_empty();
    if inc.render.is_enabled() {
        inc.render.catalog_stamp = catalog_stamp(&site);
    }
    let mut output = render::render_site_streamed(&site, &theme, &mut inc.render, sink);
    if inc.render.is_enabled() {
        markdown::highlight::forget_unused_blocks();
    }
    timings.extend(&output.timings);
    let lap = Instant::now();
    diags.extend(output.diags.iter().cloned());
    let search_on = site.config.search_enabled;
    let search_stats = if inc.render.defer_slow_files {
        // `serve` builds the index after telling browsers to reload, like print.html:
        // it is the slowest part of an incremental rebuild on a large site.
        if search_on {
            output.deferred.push(search::FOLDER.to_string());
        }
        timings.lap("search index (deferred)", lap);
        search::Stats::default()
    } else {
        // A streamed build left print.html to here. It and the index are independent,
        // each partly serial (one long template, one merge of every term): side by
        // side they keep both cores busy.
        let print_here = output.deferred.iter().any(|p| p == render::print::PATH);
        let cache = &mut inc.render;
        let (print, search) = rayon::join(
            || print_here.then(|| render::render_print(&site, &theme, cache)),
            || {
                search_on.then(|| {
                    let mut built = search::build(&site, &theme, &output.pages, &output.files);
                    if let Some(write) = sink {
                        // Written now, while print.html is still being put together.
                        let (staged, failed) =
                            render::stage_all(write, std::mem::take(&mut built.files));
                        built.files = staged;
                        built.diags.extend(failed);
                    }
                    built
                })
            },
        );
        output.deferred.retain(|p| p != render::print::PATH);
        match (print, sink) {
            // As large as every page together: written at once, not kept.
            (Some(Ok(f)), Some(write)) => match render::stage(write, f) {
                Ok(staged) => output.files.push(staged),
                Err(d) => diags.push(d),
            },
            (Some(Ok(f)), None) => output.files.push(f),
            (Some(Err(d)), _) => diags.push(d),
            (None, _) => {}
        }
        timings.lap("print.html + search index", lap);
        match search {
            Some(search) => {
                output.files.extend(search.files);
                diags.extend(search.diags);
                search.stats
            }
            None => search::Stats::default(),
        }
    };
    let lap = Instant::now();
    diags.extend(catalog::check(&site));
    diag::sort(&mut diags);
    diags.dedup();
    timings.lap("catalog checks", lap);
    Ok(Compiled {
        site,
        theme,
        output,
        diags,
        millis: started.elapsed().as_millis(),
        search: search_stats,
        timings,
    })
}

/// A hash of everything the catalog is loaded from (its files, the config and the
/// date), for the render cache: Markdown links and shortcodes depend on the catalog.
fn catalog_stamp(site: &site::Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    (&site.config.source, &site.today).hash(&mut h);
    let content = site.config.content_dir();
    for dir in load::CATALOG_DIRS {
        for (path, _) in walk::Walk::new(&content.join(dir)).run().files {
            path.hash(&mut h);
            std::fs::read(&path).ok().hash(&mut h);
        }
    }
    h.finish()
}

/// The result of a successful `build`.
pub struct BuildReport {
    pub diags: Vec<Diagnostic>,
    pub pages: usize,
    pub files: usize,
    pub out: PathBuf,
    pub millis: u128,
    /// Wall time of each phase, publishing included.
    pub timings: timings::Timings,
    /// The steps of building the search index (run beside print.html).
    pub search_timings: timings::Timings,
}

/// Builds the site and publishes it atomically. On any error diagnostic nothing is
/// written and `Fatal::Diagnostics` carries them all.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Fatal> {
    let out = opts.out_dir();
    // Refuse a dangerous --out before doing any work.
    output::validate_out_dir(&opts.root, &out)?;
    // Pages go into the staging folder as they are rendered; a failed build drops the
    // staging folder, so the previous output stays as it was.
    let staging = output::Staging::create(&out)?;
    let compiled = compile_into(opts, Some(&|f| staging.write(f))).map_err(Fatal::Diagnostics)?;
    if compiled.has_errors() {
        return Err(Fatal::Diagnostics(compiled.diags));
    }
    let lap = Instant::now();
    staging.publish(&compiled.output.files)?;
    let mut timings = compiled.timings;
    timings.lap("other writes + publish", lap);
    Ok(BuildReport {
        millis: timings.total().as_millis(),
        timings,
        search_timings: compiled.search.timings.clone(),
        pages: compiled.site.pages.len(),
        files: compiled.output.files.len(),
        diags: compiled.diags,
        out,
    })
}

/// Runs every check without writing anything.
pub fn check(opts: &BuildOptions) -> Vec<Diagnostic> {
    match compile(opts) {
        Ok(c) => c.diags,
        Err(d) => d,
    }
}

/// Finds the handbook root: `--root` if given, else the nearest folder upwards from
/// `start` holding ownbook.toml, else `start`.
pub fn find_root(explicit: Option<&Path>, start: &Path) -> PathBuf {
    if let Some(root) = explicit {
        return root.to_path_buf();
    }
    let mut dir = Some(start);
    while let Some(d) = dir {
        if d.join(config::CONFIG_FILE).is_file() {
            return d.to_path_buf();
        }
        dir = d.parent();
    }
    start.to_path_buf()
}
