//! Checks: everything that can be wrong with a handbook and can be found without
//! rendering it. Links and anchors in guide pages and service prose, links from
//! catalog files into the guide, and the catalog's rules from `[rules]`. Each returns
//! diagnostics; none stops at the first problem.
//!
//! A new catalog rule goes in `rules/` (see there).

mod catalog_links;
mod links;
mod rules;

use crate::analyze::Analysis;
use crate::diag::Diagnostic;
use crate::site::Site;

pub use links::has_anchor;

/// Runs every check over an analysed site.
pub fn check(site: &Site, analysis: &Analysis) -> Vec<Diagnostic> {
    let mut diags = links::check(site, &analysis.links);
    diags.extend(catalog_links::check(site, &analysis.links));
    diags.extend(rules::run(site, analysis));
    diags
}

/// Runs only the catalog's rules: all that can be checked of a site without pages
/// (the catalog at a git revision, which `ownbook diff` compares).
pub fn catalog_rules(site: &Site, analysis: &Analysis) -> Vec<Diagnostic> {
    rules::run(site, analysis)
}
