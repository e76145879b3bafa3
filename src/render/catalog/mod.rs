//! The catalog's pages: one per service and per team, the services table, the teams
//! index, the whole dependency graph, the scorecard matrix and its history, the
//! report of overdue reviews, `catalog.json`, the on-call calendars (`.ics`), and the
//! lists that `{{ services }}` shortcodes put into
//! guide pages. A new catalog page is a file here, a template in the theme, and an
//! entry in `CATALOG_TEMPLATES` (and in `nav_entries` / `page_urls` if it is linked
//! from the sidebar and listed in the sitemap).

mod ctx;
mod history;
mod hood;
mod html;
mod ical;
mod index_pages;
pub mod json;
mod layout;
mod service_page;
pub mod shortcode;
mod stale_translations;
mod svg;
mod team_page;

use super::Ctx;
use super::nav::ExtraNav;
use crate::catalog::{
    Catalog, GRAPH_URL, SCORECARD_HISTORY_URL, SCORECARDS_URL, SERVICES_URL, STALE_URL, TEAMS_URL,
    service_url, team_url,
};
use crate::diag::Diagnostic;
use crate::output::OutputFile;

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

/// Sidebar entries of the catalog (none when the site has no catalog).
pub fn nav_entries(catalog: &Catalog, config: &crate::config::Config) -> Vec<ExtraNav> {
    if catalog.is_empty() {
        return Vec::new();
    }
    [
        ("services", "Services", SERVICES_URL),
        ("teams", "Teams", TEAMS_URL),
        ("dependency_graph", "Dependency graph", GRAPH_URL),
        ("scorecards", "Scorecards", SCORECARDS_URL),
        ("overdue_reviews", "Overdue reviews", STALE_URL),
    ]
    .into_iter()
    .map(|(key, title, url)| ExtraNav {
        title: config.ui(key, title),
        url: url.to_string(),
    })
    .collect()
}

/// Output folders of the catalog pages that exist only sometimes: the scorecard
/// history (when the handbook has git history).
pub fn optional_page_urls(cx: &Ctx) -> Vec<String> {
    match &cx.analysis.history {
        Some(_) if !cx.site.catalog.is_empty() => vec![SCORECARD_HISTORY_URL.to_string()],
        _ => Vec::new(),
    }
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

/// Renders the catalog pages and `catalog.json`.
pub fn render(cx: &Ctx) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    if cx.site.catalog.is_empty() {
        return (Vec::new(), Vec::new());
    }
    // A custom theme without the catalog templates gets one error per template, not
    // one per service.
    let missing: Vec<&str> = CATALOG_TEMPLATES
        .iter()
        .copied()
        .filter(|t| !cx.theme.tera.get_template_names().any(|n| n == *t))
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
    let cal = calendars(cx);
    service_page::render_all(cx, &mut files, &mut diags);
    team_page::render_all(cx, &cal, &mut files, &mut diags);
    index_pages::render_all(cx, &mut files, &mut diags);
    if let Some(history) = &cx.analysis.history {
        history::render(cx, history, &mut files, &mut diags);
    }
    files.push(json::catalog_json(cx, &cal));
    files.extend(ical::files(cx, &cal));
    (files, diags)
}

/// The on-call calendar feeds of the site, from the build day on.
pub fn calendars<'a>(cx: &Ctx<'a>) -> crate::analyze::calendar::Calendars<'a> {
    let site = cx.site;
    crate::analyze::calendar::calendars(
        &site.catalog,
        &site.today,
        site.config.calendar_weeks,
        &ical::uid_domain(&site.config.organization),
    )
}
