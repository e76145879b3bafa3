//! ownbook turns an ownership handbook (Markdown guide pages plus a service catalog kept
//! as TOML files) into a linked, checked, searchable static site.
//!
//! The pipeline follows the data, one way (README: "How the code is laid out"):
//!
//! ```text
//! config::load → load::load → analyze::analyze → check::check → render::render_site
//!     → print.html + search::build → output (staging folder, atomic publish)
//! ```
//!
//! `compile` runs it; `build`, `check` and `serve` are its callers. Every stage
//! collects diagnostics instead of stopping at the first problem. `build` writes pages
//! into a staging folder while rendering, so memory does not grow with the site; the
//! output folder changes only when the whole build succeeded.

// Diagnostics are returned by value on the (cold) error path; boxing them everywhere
// would add noise without a measurable gain.
#![allow(clippy::result_large_err)]

pub mod analyze;
pub mod build_cache;
pub mod catalog;
pub mod check;
pub mod codeowners;
mod compile;
pub mod config;
pub mod dates;
pub mod diag;
pub mod diff;
pub mod export;
pub mod fsutil;
pub mod imagefile;
pub mod import;
pub mod init;
mod late;
pub mod load;
pub mod markdown;
mod multilingual;
pub mod new;
pub mod output;
pub mod ownbook_annotations;
pub mod plan;
pub mod render;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod text;
pub mod timings;
pub mod tomlread;
pub mod tomlschema;
pub mod url;
pub mod walk;

pub use compile::{BuildOptions, Compiled, Incremental, Pages, compile};

use diag::{Diagnostic, Fatal};
use std::path::{Path, PathBuf};
use std::time::Instant;

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
    /// Guide pages the build cache had and did not have, when one was used.
    pub cache_use: Option<(usize, usize)>,
}

/// Builds the site and publishes it atomically. On any error diagnostic nothing is
/// written and `Fatal::Diagnostics` carries them all.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Fatal> {
    let out = opts.out_dir();
    // Refuse a dangerous --out before doing any work.
    output::validate_out_dir(&opts.root, &out)?;
    // Pages go into the staging folder as they are rendered; a failed build drops the
    // staging folder, so the previous output stays as it was.
    // With the build cache, the output this build replaces is kept in it, and the
    // next build writes only the files that differ from it (`output::reuse`).
    let keep = opts
        .cache_dir
        .as_ref()
        .map(|c| c.join(build_cache::KEPT_OUTPUT));
    if opts.cache_dir.is_some() {
        // Hashing the executable (22 MB) for the cache's stamp overlaps loading the
        // site; the cache waits for it when it opens.
        let _ = std::thread::Builder::new().spawn(build_cache::binary_stamp);
    }
    let staging = output::Staging::create_keeping(&out, keep.as_deref())?;
    let sink = |f: &output::OutputFile| staging.write(f);
    let compiled = compile(opts, Pages::Streamed(&sink), None).map_err(Fatal::Diagnostics)?;
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
        cache_use: compiled.cache_use,
        pages: compiled.site.pages.len(),
        files: compiled.output.files.len(),
        diags: compiled.diags,
        out,
    })
}

/// Runs every check without writing anything.
pub fn check(opts: &BuildOptions) -> Vec<Diagnostic> {
    match compile(opts, Pages::InMemory, None) {
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
