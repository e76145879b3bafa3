//! The catalog rules, each with the severity `[rules]` in ownbook.toml gives it ("off"
//! silences it). `refs.rs` holds the cross-reference rules, `ops.rs` the operational
//! ones, `drift.rs` the comparison with CODEOWNERS; a new rule goes in one of them, is called from `run`, and is named, with its
//! default severity and description, in `config::settings::RULES`.

mod drift;
mod freshness;
mod ops;
mod refs;

use crate::analyze::Analysis;
use crate::catalog::Catalog;
use crate::catalog::model::{SourceFile, Span};
use crate::config::settings::Settings;
use crate::diag::Diagnostic;
use crate::site::{CodeownersFile, Site};

/// What the rules read, and the problems they found.
struct Out<'a> {
    catalog: &'a Catalog,
    settings: &'a Settings,
    analysis: &'a Analysis,
    today: &'a str,
    codeowners: Option<&'a CodeownersFile>,
    diags: Vec<Diagnostic>,
}

impl Out<'_> {
    /// Reports a problem found by `rule`, at its configured severity.
    fn push(&mut self, rule: &str, file: &SourceFile, span: Span, msg: String, hint: String) {
        if let Some(sev) = self.settings.severity(rule) {
            self.diags.push(file.diag(sev, rule, span, msg).hint(hint));
        }
    }
}

/// Runs every rule over the catalog.
pub fn run(site: &Site, analysis: &Analysis) -> Vec<Diagnostic> {
    let catalog = &site.catalog;
    let mut out = Out {
        catalog,
        settings: &site.config.settings,
        analysis,
        today: &site.today,
        codeowners: site.codeowners.as_ref(),
        diags: Vec::new(),
    };
    for s in &catalog.services {
        refs::owner(&mut out, s);
        refs::references(&mut out, s);
        ops::on_call(&mut out, s);
        ops::runbook(&mut out, s);
        ops::tier1(&mut out, s);
        ops::deprecated_dependencies(&mut out, s);
    }
    refs::teams(&mut out);
    ops::cycles(&mut out);
    ops::team_load(&mut out);
    ops::escalation_delays(&mut out);
    drift::ownership_drift(&mut out);
    out.diags.extend(freshness::stale_translations(site));
    out.diags
}
