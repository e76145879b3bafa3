//! Analysis: what follows from the loaded model without rendering anything. The links
//! between pages (outlines, targets, backlinks), the dependency graph between
//! services (cycles, blast radius), the escalation tier each policy serves, and every
//! service's scorecard result; and, from the catalogs of past weeks, each team's
//! scorecard levels over time. These are pure functions of the model; `check` and
//! `render` read the result.

pub mod calendar;
mod cycles;
pub mod freshness;
pub mod graph;
pub mod history;
pub mod links;
pub mod oncall;
pub mod saved;
pub mod scorecard;

use crate::catalog::Catalog;
use crate::catalog::model::{Policy, Team};
use crate::config::settings::Settings;
use crate::site::Site;
use graph::{Graph, Reach};
use links::{Links, OutlineCache};
use scorecard::Score;
use std::collections::HashMap;
use std::sync::Arc;

/// What analysis found about a site.
#[derive(Debug, Default)]
pub struct Analysis {
    pub links: Links,
    pub graph: Graph,
    /// What each service reaches through the graph, computed once (in parallel).
    pub reach: Vec<Reach>,
    /// Each service's scorecard result, in `catalog.services` order.
    pub scores: Vec<Score>,
    /// Each team's scorecard levels week by week, when the handbook has git history
    /// (the caller adds it: see `history`).
    pub history: Option<Arc<history::ScoreHistory>>,
    /// The strictest tier among the active services using each policy, by
    /// (team index, policy index).
    policy_tiers: HashMap<(usize, usize), u32>,
}

/// Analyses a site. With a cache (kept by `serve` between rebuilds), only pages whose
/// text changed are read again.
pub fn analyze(site: &Site, outlines: Option<&mut OutlineCache>) -> Analysis {
    analyze_saved(site, outlines, None)
}

/// [`analyze`], taking the outlines of pages whose files did not change from what a
/// previous run saved (see `saved`).
pub fn analyze_saved(
    site: &Site,
    outlines: Option<&mut OutlineCache>,
    saved: Option<&saved::SavedOutlines>,
) -> Analysis {
    let (catalog, settings, today) = (&site.catalog, &site.config.settings, &site.today);
    let graph = Graph::build(catalog);
    let reach = graph.reach_all(&catalog.services);
    let mut analysis = Analysis {
        links: links::analyze(site, outlines, saved),
        graph,
        reach,
        scores: Vec::new(),
        history: None,
        policy_tiers: policy_tiers(catalog),
    };
    analysis.scores = (0..catalog.services.len())
        .map(|i| scorecard::score(catalog, &analysis, settings, i, today))
        .collect();
    analysis
}

/// The strictest tier among the active services that use each policy.
fn policy_tiers(catalog: &Catalog) -> HashMap<(usize, usize), u32> {
    let mut tiers: HashMap<(usize, usize), u32> = HashMap::new();
    let active = catalog
        .services
        .iter()
        .filter(|s| !s.lifecycle.value.is_sunsetting());
    for s in active {
        if let Some(key) = catalog.policy_key(s) {
            let t = tiers.entry(key).or_insert(s.tier.value);
            *t = (*t).min(s.tier.value);
        }
    }
    tiers
}

impl Analysis {
    /// The strictest (lowest) tier among the active services that use `policy` of
    /// `team`; `None` when no active service uses it.
    pub fn policy_tier(&self, catalog: &Catalog, team: &Team, policy: &Policy) -> Option<u32> {
        let t = catalog.team_position(&team.id)?;
        let p = catalog.teams[t]
            .policies
            .iter()
            .position(|q| std::ptr::eq(q, policy))?;
        self.policy_tiers.get(&(t, p)).copied()
    }

    /// The scorecard level a service reached, or "none".
    pub fn level_name(&self, settings: &Settings, index: usize) -> String {
        self.scores[index]
            .level
            .and_then(|l| settings.scorecard.levels.get(l).cloned())
            .unwrap_or_else(|| "none".to_string())
    }
}
