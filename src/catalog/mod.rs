//! The service catalog: services and teams kept as TOML files under
//! `content/services/` and `content/teams/`, checked against the rules in ownbook.toml
//! and published as pages, an SVG dependency graph, scorecards and `catalog.json`.
//!
//! ```text
//! load (settings, files, graph, rules, scores) → check (links into the guide)
//!      → render (pages, graph, scorecards, stale report, catalog.json)
//! ```

mod ctx;
mod graph;
pub mod guide_links;
mod hood;
mod html;
mod index_pages;
mod json;
mod layout;
mod load;
mod load_service;
mod load_team;
pub mod model;
pub mod oncall;
mod pages;
mod raw;
mod rules;
mod rules_ops;
pub mod scorecard;
mod scorecard_fields;
mod search;
pub mod settings;
mod shortcode;
pub mod skeleton;
mod svg;
mod team_page;
pub mod values;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::markdown::shortcode::Shortcode;
use crate::output::OutputFile;
use crate::render::Backlinks;
use crate::render::nav::ExtraNav;
use crate::render::theme::Theme;
use crate::site::Site;
use model::{Policy, Service, Team};
use std::collections::{HashMap, HashSet};

pub use graph::Graph;
pub use search::{SearchEntry, search_entries};

/// Element ids every service page has (for `service:x#anchor` links); `links` and
/// `notes` exist only when the service has links or prose.
pub const SERVICE_ANCHORS: &[&str] = &[
    "overview",
    "on-call",
    "escalation",
    "dependencies",
    "blast-radius",
    "slos",
    "runbook",
    "scorecard",
    "graph",
    "linked-from",
];

/// Fixed element ids of a team page.
pub const TEAM_ANCHORS: &[&str] = &[
    "overview",
    "members",
    "services",
    "rotations",
    "escalation",
    "linked-from",
];

/// The loaded catalog.
#[derive(Debug, Default)]
pub struct Catalog {
    /// Sorted by id.
    pub services: Vec<Service>,
    /// Sorted by id.
    pub teams: Vec<Team>,
    service_index: HashMap<String, usize>,
    team_index: HashMap<String, usize>,
    /// Policy id → (team index, policy index); the first team wins on duplicates.
    policy_index: HashMap<String, (usize, usize)>,
    pub settings: settings::Settings,
    pub graph: Graph,
    pub scores: Vec<scorecard::Score>,
    /// What each service reaches through the graph, computed once (in parallel).
    pub reach: Vec<graph::Reach>,
    /// The strictest tier among the active services using each policy, by
    /// (team index, policy index).
    policy_tiers: HashMap<(usize, usize), u32>,
    pub today: String,
    broken: HashSet<String>,
    rule_diags: Vec<Diagnostic>,
}

/// Loads the catalog of the site and runs the rules that need only the catalog.
pub fn load(config: &Config, today: &str) -> (Catalog, Vec<Diagnostic>) {
    let (settings, mut diags) = settings::load(config);
    let loaded = load::load(config, &settings, &mut diags);
    let mut catalog = Catalog {
        service_index: index(loaded.services.iter().map(|s| s.id.as_str())),
        team_index: index(loaded.teams.iter().map(|t| t.id.as_str())),
        services: loaded.services,
        teams: loaded.teams,
        broken: loaded.broken,
        settings,
        today: today.to_string(),
        ..Catalog::default()
    };
    for (t, team) in catalog.teams.iter().enumerate() {
        for (p, policy) in team.policies.iter().enumerate() {
            catalog
                .policy_index
                .entry(policy.id.value.clone())
                .or_insert((t, p));
        }
    }
    catalog.graph = Graph::build(&catalog.services, &catalog.service_index);
    catalog.reach = catalog.graph.reach_all(&catalog.services);
    let mut tiers: HashMap<(usize, usize), u32> = HashMap::new();
    for s in catalog
        .services
        .iter()
        .filter(|s| !s.lifecycle.value.is_sunsetting())
    {
        if let Some(key) = catalog.policy_key(s) {
            let t = tiers.entry(key).or_insert(s.tier.value);
            *t = (*t).min(s.tier.value);
        }
    }
    catalog.policy_tiers = tiers;
    catalog.scores = (0..catalog.services.len())
        .map(|i| scorecard::score(&catalog, i, today))
        .collect();
    catalog.rule_diags = rules::run(&catalog);
    (catalog, diags)
}

fn index<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.to_string(), i)).collect()
}

impl Catalog {
    /// The output folder of a catalog entry by key (`service:<id>` or `team:<id>`).
    pub fn url_of(&self, key: &str) -> Option<String> {
        // A file that exists but could not be read keeps its URL, so that links to it
        // do not add errors to the one that names the real problem.
        let known =
            |kind: &str, id: &str, found: bool| found || self.is_broken(&format!("{kind}:{id}"));
        match key.split_once(':')? {
            ("service", id) if known("service", id, self.service(id).is_some()) => {
                Some(service_url(id))
            }
            ("team", id) if known("team", id, self.team(id).is_some()) => Some(team_url(id)),
            _ => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.services.is_empty() && self.teams.is_empty()
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        self.service_index.get(id).map(|&i| &self.services[i])
    }

    pub fn service_position(&self, id: &str) -> Option<usize> {
        self.service_index.get(id).copied()
    }

    pub fn team(&self, id: &str) -> Option<&Team> {
        self.team_index.get(id).map(|&i| &self.teams[i])
    }

    /// Whether the file of `key` exists but could not be read.
    pub fn is_broken(&self, key: &str) -> bool {
        self.broken.contains(key)
    }

    pub fn owner_team(&self, s: &Service) -> Option<&Team> {
        s.owner.as_ref().and_then(|o| self.team(&o.value))
    }

    pub fn policy(&self, id: &str) -> Option<(&Team, &Policy)> {
        self.policy_index
            .get(id)
            .map(|&(t, p)| (&self.teams[t], &self.teams[t].policies[p]))
    }

    /// The service's escalation policy: the one it names, else its owner's first.
    pub fn policy_of(&self, s: &Service) -> Option<(&Team, &Policy)> {
        self.policy_key(s)
            .map(|(t, p)| (&self.teams[t], &self.teams[t].policies[p]))
    }

    /// (team index, policy index) of the service's escalation policy.
    fn policy_key(&self, s: &Service) -> Option<(usize, usize)> {
        match &s.escalation_policy {
            Some(p) => self.policy_index.get(&p.value).copied(),
            None => {
                let owner = s.owner.as_ref()?;
                let &t = self.team_index.get(&owner.value)?;
                (!self.teams[t].policies.is_empty()).then_some((t, 0))
            }
        }
    }

    /// The strictest (lowest) tier among the active services that use `policy` of
    /// `team`; `None` when no active service uses it.
    pub fn policy_tier(&self, team: &Team, policy: &Policy) -> Option<u32> {
        let &t = self.team_index.get(&team.id)?;
        let p = self.teams[t]
            .policies
            .iter()
            .position(|q| std::ptr::eq(q, policy))?;
        self.policy_tiers.get(&(t, p)).copied()
    }

    /// The coverage of the rotations paged at the first level of the service's policy:
    /// "24/7" if any covers every hour, "business-hours" if only working hours.
    pub fn first_level_coverage(&self, s: &Service) -> Option<&'static str> {
        let (team, policy) = self.policy_of(s)?;
        let first = policy.rules.first()?;
        let mut best = None;
        for t in &first.targets {
            if t.kind != model::TargetKind::Rotation {
                continue;
            }
            match team.rotation(&t.id.value).map(|r| r.coverage) {
                Some(model::Coverage::AllHours) => return Some("24/7"),
                Some(model::Coverage::BusinessHours) => best = Some("business-hours"),
                None => {}
            }
        }
        best
    }
}

/// The output folder of a service page.
pub fn service_url(id: &str) -> String {
    format!("services/{id}/")
}

/// The output folder of a team page.
pub fn team_url(id: &str) -> String {
    format!("teams/{id}/")
}

/// The theme templates the catalog renders with.
pub const CATALOG_TEMPLATES: [&str; 9] = [
    "service.html",
    "team.html",
    "services.html",
    "teams.html",
    "graph.html",
    "scorecards.html",
    "stale.html",
    "catalog_policy.html",
    "catalog_oncall.html",
];

/// Output folders of the catalog's generated pages.
pub const SERVICES_URL: &str = "services/";
pub const TEAMS_URL: &str = "teams/";
pub const GRAPH_URL: &str = "services/graph/";
pub const SCORECARDS_URL: &str = "scorecards/";
pub const STALE_URL: &str = "stale/";

/// Whether the catalog page of `key` has a heading or element with id `anchor`.
pub fn has_anchor(catalog: &Catalog, key: &str, anchor: &str) -> bool {
    if catalog.is_broken(key) {
        return true;
    }
    match key.split_once(':') {
        Some(("service", id)) => catalog.service(id).is_some_and(|s| {
            SERVICE_ANCHORS.contains(&anchor)
                || (anchor == "links" && !(s.dashboards.is_empty() && s.links.is_empty()))
                || (anchor == "notes" && s.prose.is_some())
                || s.prose
                    .as_ref()
                    .is_some_and(|p| p.heading_ids.iter().any(|h| h == anchor))
        }),
        Some(("team", id)) => catalog.team(id).is_some_and(|t| {
            TEAM_ANCHORS.contains(&anchor)
                || t.rotations
                    .iter()
                    .any(|r| anchor == format!("rotation-{}", r.id.value))
                || t.policies
                    .iter()
                    .any(|p| anchor == format!("policy-{}", p.id.value))
        }),
        _ => false,
    }
}

/// Sidebar entries of the catalog (none when the site has no catalog).
pub fn nav_entries(catalog: &Catalog) -> Vec<ExtraNav> {
    if catalog.is_empty() {
        return Vec::new();
    }
    [
        ("Services", SERVICES_URL),
        ("Teams", TEAMS_URL),
        ("Dependency graph", GRAPH_URL),
        ("Scorecards", SCORECARDS_URL),
        ("Overdue reviews", STALE_URL),
    ]
    .into_iter()
    .map(|(title, url)| ExtraNav {
        title: title.to_string(),
        url: url.to_string(),
    })
    .collect()
}

/// Output folders of every catalog page (for the sitemap).
pub fn page_urls(catalog: &Catalog) -> Vec<String> {
    if catalog.is_empty() {
        return Vec::new();
    }
    let mut urls: Vec<String> = [
        SERVICES_URL,
        TEAMS_URL,
        GRAPH_URL,
        SCORECARDS_URL,
        STALE_URL,
    ]
    .into_iter()
    .map(String::from)
    .collect();
    urls.extend(catalog.services.iter().map(|s| service_url(&s.id)));
    urls.extend(catalog.teams.iter().map(|t| team_url(&t.id)));
    urls
}

/// Expands a block shortcode such as `{{ services tier=1 }}` into HTML.
pub fn shortcode(site: &Site, sc: &Shortcode, out_dir: &str) -> Result<String, (String, String)> {
    shortcode::expand(site, sc, out_dir)
}

/// Renders the catalog pages and `catalog.json`.
pub fn render(
    site: &Site,
    theme: &Theme,
    backlinks: &Backlinks,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    if site.catalog.is_empty() {
        return (Vec::new(), Vec::new());
    }
    // A custom theme without the catalog templates gets one error per template, not
    // one per service.
    let missing: Vec<&str> = CATALOG_TEMPLATES
        .iter()
        .copied()
        .filter(|t| !theme.tera.get_template_names().any(|n| n == *t))
        .collect();
    if !missing.is_empty() {
        let diags = missing
            .iter()
            .map(|t| {
                Diagnostic::error(
                    "template",
                    format!("the theme has no template `{t}`, which the catalog pages need"),
                )
                .hint("copy it from ownbook's default theme (ownbook init writes it) into your theme or templates/")
            })
            .collect();
        return (Vec::new(), diags);
    }
    let mut files = Vec::new();
    let mut diags = Vec::new();
    pages::render_all(site, theme, backlinks, &mut files, &mut diags);
    index_pages::render_all(site, theme, &mut files, &mut diags);
    files.push(json::catalog_json(site));
    (files, diags)
}

/// Checks the catalog against the rules, and its links into the guide.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut diags = site.catalog.rule_diags.clone();
    diags.extend(html::check_links(site));
    diags
}
