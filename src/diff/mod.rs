//! `ownbook diff REV`: what a change does to the catalog, for a pull-request comment.
//! The catalog at a git revision (read from git objects, no checkout) and the one in
//! the working tree are each loaded, analysed and checked with the catalog rules,
//! then compared (`model`) and written as Markdown or JSON (`render`). Guide pages
//! are read on neither side, so link checks never count as changes.

mod model;
mod render;

pub use model::{Diff, compare};
pub use render::{json, markdown};

use crate::analyze::{self, Analysis};
use crate::diag::Diagnostic;
use crate::site::Site;
use crate::{check, config, load};
use std::path::Path;

/// One side of the comparison: a catalog with what analysis and the rules found.
pub struct Side {
    pub site: Site,
    pub analysis: Analysis,
    /// Problems of its config and catalog files, and the catalog rules' findings.
    pub diags: Vec<Diagnostic>,
}

impl Side {
    /// Analyses `site` and runs the catalog rules over it; `diags` are what loading
    /// it reported.
    pub fn new(site: Site, mut diags: Vec<Diagnostic>) -> Side {
        let analysis = analyze::analyze(&site, None);
        diags.extend(check::catalog_rules(&site, &analysis));
        Side {
            site,
            analysis,
            diags,
        }
    }
}

/// Compares the catalog of the handbook at `root` as it was at `rev` with the one in
/// the working tree, both judged on `today`. `Err` when the revision cannot be read
/// (no repository, unknown revision, no handbook there) or a side's ownbook.toml
/// cannot be used.
pub fn diff(root: &Path, rev: &str, today: &str) -> Result<Diff, Vec<Diagnostic>> {
    let at_rev = load::revision::site_at(root, rev, today)?;
    let (config, mut diags) = config::load(root, None)?;
    let (site, load_diags) = load::catalog_only(config, today.to_string());
    diags.extend(load_diags);
    let before = Side::new(at_rev.site, at_rev.diags);
    let after = Side::new(site, diags);
    Ok(compare(rev, &at_rev.commit, &before, &after))
}
