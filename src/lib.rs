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
//! Every stage collects diagnostics instead of stopping at the first problem. Nothing
//! is written unless the whole build succeeded.

// Diagnostics are returned by value on the (cold) error path; boxing them everywhere
// would add noise without a measurable gain.
#![allow(clippy::result_large_err)]

pub mod catalog;
pub mod config;
pub mod dates;
pub mod diag;
pub mod fsutil;
pub mod init;
pub mod load;
pub mod markdown;
pub mod output;
pub mod render;
pub mod search;
pub mod site;

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

/// A site compiled in memory: the loaded model, every output file, and all
/// diagnostics (sorted by file and position).
pub struct Compiled {
    pub site: site::Site,
    pub output: render::Output,
    pub diags: Vec<Diagnostic>,
    pub millis: u128,
    /// Figures about the search index.
    pub search: search::Stats,
}

impl Compiled {
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }
}

/// Loads, checks and renders the site in memory. `Err` only when the config or the
/// theme cannot be used at all; content problems are in `Compiled::diags`.
pub fn compile(opts: &BuildOptions) -> Result<Compiled, Vec<Diagnostic>> {
    let started = Instant::now();
    let config = config::load(&opts.root, opts.base_url.as_deref())?;
    let mut theme = render::theme::load(&config)?;
    render::theme::add_generated(
        &mut theme,
        "syntax.css",
        markdown::highlight::stylesheet().into_bytes(),
    );
    let (site, mut diags) = load::load(
        config,
        load::LoadOptions {
            drafts: opts.drafts,
        },
    );
    let mut output = render::render_site(&site, &theme);
    diags.extend(output.diags.iter().cloned());
    let search = search::build(&site, &theme, &output.pages, &output.files);
    output.files.extend(search.files);
    diags.extend(search.diags);
    diags.extend(catalog::check(&site));
    diag::sort(&mut diags);
    diags.dedup();
    Ok(Compiled {
        site,
        output,
        diags,
        millis: started.elapsed().as_millis(),
        search: search.stats,
    })
}

/// The result of a successful `build`.
pub struct BuildReport {
    pub diags: Vec<Diagnostic>,
    pub pages: usize,
    pub files: usize,
    pub out: PathBuf,
    pub millis: u128,
}

/// Builds the site and publishes it atomically. On any error diagnostic nothing is
/// written and `Fatal::Diagnostics` carries them all.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Fatal> {
    let out = opts.out_dir();
    // Refuse a dangerous --out before doing any work.
    output::validate_out_dir(&opts.root, &out)?;
    let compiled = compile(opts).map_err(Fatal::Diagnostics)?;
    if compiled.has_errors() {
        return Err(Fatal::Diagnostics(compiled.diags));
    }
    output::publish(&compiled.output.files, &out)?;
    Ok(BuildReport {
        pages: compiled.site.pages.len(),
        files: compiled.output.files.len(),
        diags: compiled.diags,
        out,
        millis: compiled.millis,
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
