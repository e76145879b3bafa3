//! The catalog's overview pages: the services table, the teams index, the whole
//! dependency graph, the scorecard matrix and the report of overdue reviews.

use super::ctx::{self, OnCall, catalog_context, service_ref};
use super::layout::layered;
use super::svg;
use crate::analyze::scorecard::Outcome;
use crate::catalog::model::{Lifecycle, review_overdue};
use crate::catalog::{service_url, team_url};
use crate::dates::{days_between, start_of};
use crate::diag::Diagnostic;
use crate::output::OutputFile;
use crate::render::{Ctx, theme};
use crate::url::relative_url;
use serde::Serialize;
use std::collections::BTreeSet;

/// The whole-graph page draws at most this many services (the most critical first);
/// every service page still has its own neighbourhood graph.
pub const GRAPH_MAX_NODES: usize = 300;

#[derive(Serialize)]
struct Row {
    id: String,
    name: String,
    url: String,
    description: String,
    owner: Option<String>,
    owner_name: String,
    owner_url: Option<String>,
    tier: u32,
    lifecycle: &'static str,
    level: String,
    level_rank: usize,
    tags: Vec<String>,
    kind: String,
}

#[derive(Serialize)]
struct Option2 {
    value: String,
    label: String,
}

/// Builds the context value of one overview page: (key in the template, value).
type Build = fn(&Ctx, &str) -> (&'static str, serde_json::Value);

/// Renders every overview page into `files`.
pub fn render_all(cx: &Ctx, files: &mut Vec<OutputFile>, diags: &mut Vec<Diagnostic>) {
    let pages: [(&str, &str, Build); 5] = [
        (crate::catalog::SERVICES_URL, "services.html", services),
        (crate::catalog::TEAMS_URL, "teams.html", teams),
        (crate::catalog::GRAPH_URL, "graph.html", graph),
        (
            crate::catalog::SCORECARDS_URL,
            "scorecards.html",
            scorecards,
        ),
        (crate::catalog::STALE_URL, "stale.html", stale),
    ];
    for (url, template, build) in pages {
        let crumb = (url == crate::catalog::GRAPH_URL)
            .then_some(("Services", crate::catalog::SERVICES_URL));
        let mut ctx = catalog_context(cx, url, crumb);
        let (key, value) = build(cx, url);
        ctx.insert(key, &value);
        match theme::render(&cx.theme.tera, template, &ctx) {
            Ok(html) => files.push(OutputFile::text(format!("{url}index.html"), html)),
            Err(d) => diags.push(d),
        }
    }
}

fn json(v: impl Serialize) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

fn services(cx: &Ctx, out: &str) -> (&'static str, serde_json::Value) {
    let c = &cx.site.catalog;
    let rows: Vec<Row> = c
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let owner = c.owner_team(s);
            Row {
                id: s.id.clone(),
                name: s.name.clone(),
                url: relative_url(out, &service_url(&s.id)),
                description: crate::markdown::plain_text(
                    s.description_in(&cx.site.config.language),
                ),
                owner: owner.map(|t| t.id.clone()),
                owner_name: owner.map_or_else(
                    || cx.site.config.ui("no_owner_row", "(no owner)"),
                    |t| t.name.clone(),
                ),
                owner_url: owner.map(|t| relative_url(out, &team_url(&t.id))),
                tier: s.tier.value,
                lifecycle: s.lifecycle.value.as_str(),
                level: cx.analysis.level_name(cx.settings(), i),
                level_rank: cx.analysis.scores[i].level.map_or(0, |l| l + 1),
                tags: s.tags.clone(),
                kind: s.kind.clone().unwrap_or_default(),
            }
        })
        .collect();
    let tags: BTreeSet<&str> = c
        .services
        .iter()
        .flat_map(|s| s.tags.iter().map(String::as_str))
        .collect();
    let tiers: BTreeSet<u32> = c.services.iter().map(|s| s.tier.value).collect();
    let opt = |value: String, label: String| Option2 { value, label };
    (
        "catalog",
        serde_json::json!({
            "rows": json(rows),
            "owners": json(c.teams.iter().map(|t| opt(t.id.clone(), t.name.clone())).collect::<Vec<_>>()),
            "tiers": json(tiers.iter().map(|&t| opt(t.to_string(), cx.settings().tier_label(t))).collect::<Vec<_>>()),
            "lifecycles": json(Lifecycle::ALL.iter().filter(|l| c.services.iter().any(|s| s.lifecycle.value == **l)).map(|l| opt(l.as_str().into(), l.as_str().into())).collect::<Vec<_>>()),
            "tags": json(tags),
            "levels": json(&cx.settings().scorecard.levels),
            "graph_url": relative_url(out, crate::catalog::GRAPH_URL),
            "json_url": relative_url(out, "catalog.json"),
            "json_schema_url": relative_url(out, super::json::SCHEMA_PATH),
        }),
    )
}

#[derive(Serialize)]
struct TeamRow {
    id: String,
    name: String,
    url: String,
    description: String,
    services: usize,
    members: usize,
    on_call: Vec<OnCall>,
}

fn teams(cx: &Ctx, out: &str) -> (&'static str, serde_json::Value) {
    let c = &cx.site.catalog;
    let at = start_of(&cx.site.today);
    let rows: Vec<TeamRow> = c
        .teams
        .iter()
        .map(|t| TeamRow {
            id: t.id.clone(),
            name: t.name.clone(),
            url: relative_url(out, &team_url(&t.id)),
            description: crate::markdown::plain_text(t.description_in(&cx.site.config.language)),
            services: c
                .services
                .iter()
                .filter(|s| s.owner.as_ref().is_some_and(|o| o.value == t.id))
                .count(),
            members: t.members.len(),
            on_call: t
                .rotations
                .iter()
                .take(1)
                .map(|r| ctx::on_call(t, r, at, out))
                .collect(),
        })
        .collect();
    (
        "catalog",
        serde_json::json!({ "teams": json(rows), "built": cx.site.today }),
    )
}

/// The services drawn on the graph page: all of them, or the most critical ones.
fn graph_selection(cx: &Ctx) -> Vec<usize> {
    let c = &cx.site.catalog;
    let mut all: Vec<usize> = (0..c.services.len()).collect();
    if all.len() > GRAPH_MAX_NODES {
        all.sort_by_key(|&i| {
            (
                c.services[i].tier.value,
                std::cmp::Reverse(cx.analysis.graph.used_by[i].len()),
                i,
            )
        });
        all.truncate(GRAPH_MAX_NODES);
        all.sort_unstable();
    }
    all
}

fn graph(cx: &Ctx, out: &str) -> (&'static str, serde_json::Value) {
    let c = &cx.site.catalog;
    let chosen = graph_selection(cx);
    let mut position = vec![usize::MAX; c.services.len()];
    for (k, &i) in chosen.iter().enumerate() {
        position[i] = k;
    }
    let in_cycle = |i: usize| cx.analysis.graph.cyclic[cx.analysis.graph.component[i]];
    let nodes: Vec<svg::Node> = chosen
        .iter()
        .map(|&i| {
            let s = &c.services[i];
            let owner = c.owner_team(s).map_or("no owner", |t| t.name.as_str());
            svg::Node {
                label: s.name.clone(),
                title: format!(
                    "{} · {} · {} · {owner}",
                    s.name,
                    cx.settings().tier_label(s.tier.value),
                    s.lifecycle.value.as_str()
                ),
                href: Some(relative_url(out, &service_url(&s.id))),
                class: ctx::node_class(s, in_cycle(i)),
            }
        })
        .collect();
    let mut edges = Vec::new();
    let mut classes = Vec::new();
    for &i in &chosen {
        for e in &cx.analysis.graph.deps[i] {
            if position[e.to] == usize::MAX {
                continue;
            }
            edges.push((position[i], position[e.to]));
            classes.push(
                match (cx.analysis.graph.edge_in_cycle(i, e.to), e.critical) {
                    (true, _) => "cycle",
                    (false, true) => "critical",
                    _ => "",
                },
            );
        }
    }
    let layout = layered(nodes.len(), &edges);
    let cycles: Vec<String> = cx
        .analysis
        .graph
        .cycles
        .iter()
        .map(|cy| {
            let mut ids: Vec<&str> = cy.iter().map(|&i| c.services[i].id.as_str()).collect();
            if let Some(&f) = ids.first() {
                ids.push(f);
            }
            ids.join(" → ")
        })
        .collect();
    (
        "graph",
        serde_json::json!({
            "svg": svg::graph(&layout, &nodes, &classes, "full", "Dependency graph of all services"),
            "drawn": chosen.len(),
            "total": c.services.len(),
            "edges": edges.len(),
            "cycles": cycles,
            "services_url": relative_url(out, crate::catalog::SERVICES_URL),
        }),
    )
}

fn scorecards(cx: &Ctx, out: &str) -> (&'static str, serde_json::Value) {
    let c = &cx.site.catalog;
    let card = &cx.settings().scorecard;
    let rows: Vec<serde_json::Value> = c
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let outcomes: Vec<&str> = cx.analysis.scores[i]
                .outcomes
                .iter()
                .map(|o| match o {
                    Outcome::Pass => "pass",
                    Outcome::Fail => "fail",
                    Outcome::NotApplicable => "n/a",
                })
                .collect();
            serde_json::json!({
                "service": json(service_ref(cx, i, out)),
                "owner": c.owner_team(s).map(|t| t.name.clone()),
                "outcomes": outcomes,
            })
        })
        .collect();
    let mut levels: Vec<String> = vec!["none".into()];
    levels.extend(card.levels.iter().cloned());
    let per_team: Vec<serde_json::Value> = c
        .teams
        .iter()
        .map(|t| {
            let mut counts = vec![0usize; levels.len()];
            for (i, s) in c.services.iter().enumerate() {
                if s.owner.as_ref().is_some_and(|o| o.value == t.id) {
                    counts[cx.analysis.scores[i].level.map_or(0, |l| l + 1)] += 1;
                }
            }
            serde_json::json!({ "team": json(ctx::team_link(t, out)), "counts": counts })
        })
        .collect();
    let checks: Vec<serde_json::Value> = card
        .checks
        .iter()
        .map(|ch| serde_json::json!({ "name": ch.name, "level": card.levels.get(ch.level), "field": ch.field }))
        .collect();
    (
        "scorecard",
        serde_json::json!({
            "levels": levels,
            "checks": checks,
            "rows": rows,
            "teams": per_team,
            "history_url": cx.analysis.history.as_ref().map(|_| relative_url(out, crate::catalog::SCORECARD_HISTORY_URL)),
        }),
    )
}

#[derive(Serialize)]
struct Overdue {
    kind: &'static str,
    title: String,
    url: String,
    reviewed: String,
    every: u32,
    days_over: i64,
}

fn overdue(
    kind: &'static str,
    title: &str,
    url: String,
    reviewed: Option<&str>,
    every: Option<u32>,
    today: &str,
) -> Option<Overdue> {
    let (r, e) = (reviewed?, every?);
    review_overdue(Some(r), Some(e), today).then(|| Overdue {
        kind,
        title: title.to_string(),
        url,
        reviewed: r.to_string(),
        every: e,
        days_over: days_between(r, today).unwrap_or(0) - i64::from(e),
    })
}

fn stale(cx: &Ctx, out: &str) -> (&'static str, serde_json::Value) {
    let c = &cx.site.catalog;
    let today = &cx.site.today;
    let mut entries: Vec<Overdue> = Vec::new();
    for s in &c.services {
        entries.extend(overdue(
            "service",
            &s.name,
            relative_url(out, &service_url(&s.id)),
            s.reviewed.as_deref(),
            s.review_every,
            today,
        ));
    }
    for t in &c.teams {
        entries.extend(overdue(
            "team",
            &t.name,
            relative_url(out, &team_url(&t.id)),
            t.reviewed.as_deref(),
            t.review_every,
            today,
        ));
    }
    for p in &cx.site.pages {
        let reviewed = p.meta.reviewed.as_ref().map(|d| d.to_string());
        entries.extend(overdue(
            "page",
            &p.title,
            relative_url(out, &p.url),
            reviewed.as_deref(),
            p.meta.review_every,
            today,
        ));
    }
    entries.sort_by(|a, b| b.days_over.cmp(&a.days_over).then(a.title.cmp(&b.title)));
    let max = cx.settings().runbook_max_age_days;
    let mut runbooks: Vec<serde_json::Value> = c
        .services
        .iter()
        .enumerate()
        .filter(|(_, s)| s.runbook.is_some() && s.lifecycle.value != Lifecycle::Retired)
        .filter_map(|(i, s)| {
            let age = s
                .runbook_reviewed
                .as_ref()
                .and_then(|r| days_between(&r.value, today));
            (age.is_none_or(|a| a > i64::from(max))).then(|| {
                serde_json::json!({
                    "service": json(service_ref(cx, i, out)),
                    "reviewed": s.runbook_reviewed.as_ref().map(|r| r.value.clone()),
                    "age": age,
                })
            })
        })
        .collect();
    runbooks.sort_by_key(|r| std::cmp::Reverse(r["age"].as_i64().unwrap_or(i64::MAX)));
    (
        "report",
        serde_json::json!({
            "entries": json(entries),
            "runbooks": runbooks,
            "translations": super::stale_translations::rows(cx, out),
            "multilingual": cx.site.config.languages.is_multilingual(),
            "max_age": max,
            "today": today,
        }),
    )
}
