//! One page per service and per team, rendered in parallel through the theme's
//! `service.html` and `team.html`.

use super::ctx::{self, OnCall, PolicyCtx, ServiceRef, service_ref};
use super::html::{email_html, guide_url, url_html};
use crate::analyze::graph::Edge;
use crate::analyze::scorecard::Outcome;
use crate::catalog::model::{
    LocalTime, NamedLink, Objective, Policy, TargetKind, Team, UrlField, review_overdue,
};
use crate::catalog::service_url;
use crate::config::guide_links::pick;
use crate::dates::start_of;
use crate::diag::Diagnostic;
use crate::markdown::{self, Input};
use crate::output::OutputFile;
use crate::render::links::{Mode, PageHooks};
use crate::render::nav::LinkCtx;
use crate::render::{Ctx, theme};
use rayon::prelude::*;
use serde::Serialize;

#[derive(Serialize)]
struct ScoreCtx {
    level: String,
    next: Option<String>,
    missing: Vec<String>,
    checks: Vec<CheckCtx>,
}

#[derive(Serialize)]
struct CheckCtx {
    name: String,
    level: String,
    outcome: &'static str,
}

#[derive(Serialize)]
struct Blast {
    count: usize,
    tier1: usize,
    shown: Vec<ServiceRef>,
    more: usize,
}

/// The context of `service.html`. Its parts are flattened: the template sees one
/// `service` object.
#[derive(Serialize)]
struct ServicePage {
    #[serde(flatten)]
    about: About,
    #[serde(flatten)]
    links: Links,
    #[serde(flatten)]
    dependencies: Dependencies,
    on_call: Vec<OnCall>,
    escalation: Option<PolicyCtx>,
    score: ScoreCtx,
    prose_html: Option<String>,
    reviewed: Option<String>,
    review_every: Option<u32>,
    stale: bool,
    backlinks: Vec<LinkCtx>,
    built: String,
}

/// What the service is: name, owner, tier, lifecycle and labels.
#[derive(Serialize)]
struct About {
    id: String,
    name: String,
    description_html: String,
    owner: Option<LinkCtx>,
    owner_id: Option<String>,
    tier: u32,
    tier_label: String,
    tier_url: Option<String>,
    lifecycle: &'static str,
    lifecycle_url: Option<String>,
    kind: Option<String>,
    system: Option<String>,
    tags: Vec<String>,
    sunset: Option<String>,
    replaced_by: Option<ServiceRef>,
}

/// Where to find things: repository, runbook, chat, dashboards, and service levels.
#[derive(Serialize)]
struct Links {
    repository: Option<String>,
    runbook: Option<String>,
    runbook_reviewed: Option<String>,
    runbook_age: Option<i64>,
    runbook_stale: bool,
    runbook_max_age: u32,
    chat: Option<String>,
    email: Option<String>,
    dashboards: Vec<String>,
    links: Vec<String>,
    slos: Vec<Objective>,
    sla: Option<Objective>,
}

/// The service in the dependency graph.
#[derive(Serialize)]
struct Dependencies {
    depends_on: Vec<ServiceRef>,
    used_by: Vec<ServiceRef>,
    blast: Blast,
    transitive_deps: usize,
    cycle: Option<String>,
    graph_svg: String,
}

/// Renders every service page, in parallel.
pub fn render_all(cx: &Ctx, files: &mut Vec<OutputFile>, diags: &mut Vec<Diagnostic>) {
    let services: Vec<(Result<OutputFile, Diagnostic>, Vec<Diagnostic>)> =
        (0..cx.site.catalog.services.len())
            .into_par_iter()
            .map(|i| service_page(cx, i))
            .collect();
    for (file, prose_diags) in services {
        match file {
            Ok(f) => files.push(f),
            Err(e) => diags.push(e),
        }
        diags.extend(prose_diags);
    }
}

/// The service's prose as HTML, and what rendering it found wrong.
fn prose(cx: &Ctx, i: usize, out_dir: &str) -> (Option<String>, Vec<Diagnostic>) {
    let s = &cx.site.catalog.services[i];
    let Some(p) = &s.prose else {
        return (None, Vec::new());
    };
    let hooks = PageHooks {
        cx,
        source_dir: &s.file.dir,
        out_dir,
        page: None,
        mode: Mode::Page,
    };
    let input = Input {
        text: &p.file.text,
        start: p.body_start,
        display: &p.file.display,
        org: &cx.site.config.organization,
        id_prefix: "",
        highlight: Some(cx.highlighter),
        print: None,
    };
    let r = markdown::render(&input, &hooks);
    (Some(r.html), r.diags)
}

fn service_page(cx: &Ctx, i: usize) -> (Result<OutputFile, Diagnostic>, Vec<Diagnostic>) {
    let s = &cx.site.catalog.services[i];
    let out_dir = service_url(&s.id);
    let at = start_of(&cx.site.today);
    let (prose_html, prose_diags) = prose(cx, i, &out_dir);
    let policy = cx.site.catalog.policy_of(s);
    let page = ServicePage {
        about: about(cx, i, &out_dir),
        links: links(cx, i, &out_dir),
        dependencies: dependencies(cx, i, &out_dir),
        on_call: policy
            .map(|(team, p)| first_level_rotations(team, p, at, &out_dir))
            .unwrap_or_default(),
        escalation: policy.map(|(team, p)| ctx::policy_ctx(cx, team, p, at, &out_dir)),
        score: score_ctx(cx, i),
        prose_html,
        reviewed: s.reviewed.clone(),
        review_every: s.review_every,
        stale: review_overdue(s.reviewed.as_deref(), s.review_every, &cx.site.today),
        backlinks: ctx::backlinks(cx, &format!("service:{}", s.id), &out_dir),
        built: cx.site.today.clone(),
    };
    let mut tctx = ctx::page_context(cx, &out_dir, ("Services", crate::catalog::SERVICES_URL));
    tctx.insert("service", &page);
    let file = theme::render(&cx.theme.tera, "service.html", &tctx)
        .map(|html| OutputFile::text(format!("{out_dir}index.html"), html))
        .map_err(|d| d.in_file(&s.file.display));
    (file, prose_diags)
}

fn about(cx: &Ctx, i: usize, out_dir: &str) -> About {
    let c = &cx.site.catalog;
    let s = &c.services[i];
    let guide = &cx.settings().guide_links;
    About {
        id: s.id.clone(),
        name: s.name.clone(),
        description_html: ctx::description_html(
            cx,
            s.description_in(&cx.site.config.language),
            &s.file.dir,
            out_dir,
        ),
        owner: c.owner_team(s).map(|t| ctx::team_link(t, out_dir)),
        owner_id: s.owner.as_ref().map(|o| o.value.clone()),
        tier: s.tier.value,
        tier_label: cx.settings().tier_label(s.tier.value),
        tier_url: guide_url(
            cx.site,
            pick(&guide.tier, &s.tier.value.to_string()),
            out_dir,
        ),
        lifecycle: s.lifecycle.value.as_str(),
        lifecycle_url: guide_url(
            cx.site,
            pick(&guide.lifecycle, s.lifecycle.value.as_str()),
            out_dir,
        ),
        kind: s.kind.clone(),
        system: s.system.clone(),
        tags: s.tags.clone(),
        sunset: s.sunset.clone(),
        replaced_by: s
            .replaced_by
            .as_ref()
            .and_then(|r| c.service_position(&r.value))
            .map(|r| service_ref(cx, r, out_dir)),
    }
}

fn links(cx: &Ctx, i: usize, out_dir: &str) -> Links {
    let s = &cx.site.catalog.services[i];
    let url = |u: &UrlField| url_html(cx.site, u, out_dir, None);
    let named = |list: &[NamedLink]| {
        list.iter()
            .map(|l| url_html(cx.site, &l.url, out_dir, Some(&l.name)))
            .collect()
    };
    let max_age = cx.settings().runbook_max_age_days;
    let runbook_age = s
        .runbook_reviewed
        .as_ref()
        .and_then(|r| crate::dates::days_between(&r.value, &cx.site.today));
    Links {
        repository: s.repository.as_ref().map(url),
        runbook: s.runbook.as_ref().map(url),
        runbook_reviewed: s.runbook_reviewed.as_ref().map(|r| r.value.clone()),
        runbook_age,
        runbook_stale: s.runbook.is_some() && runbook_age.is_none_or(|a| a > i64::from(max_age)),
        runbook_max_age: max_age,
        chat: s.chat.as_ref().map(url),
        email: s.email.as_deref().map(email_html),
        dashboards: named(&s.dashboards),
        links: named(&s.links),
        slos: s.slos.clone(),
        sla: s.sla.clone(),
    }
}

fn dependencies(cx: &Ctx, i: usize, out_dir: &str) -> Dependencies {
    let s = &cx.site.catalog.services[i];
    let graph = &cx.analysis.graph;
    let dep = |e: &Edge| {
        let mut r = service_ref(cx, e.to, out_dir);
        r.critical = e.critical;
        r.note = s.depends_on.get(e.entry).and_then(|d| d.note.clone());
        r
    };
    let reach = &cx.analysis.reach[i];
    let blast = Blast {
        count: reach.blast_count,
        tier1: reach.blast_tier1,
        shown: reach
            .blast_nearest
            .iter()
            .map(|&b| service_ref(cx, b, out_dir))
            .collect(),
        more: reach.blast_count.saturating_sub(reach.blast_nearest.len()),
    };
    Dependencies {
        depends_on: graph.deps[i].iter().map(dep).collect(),
        used_by: graph.used_by[i]
            .iter()
            .map(|&u| service_ref(cx, u, out_dir))
            .collect(),
        blast,
        transitive_deps: reach.deps_count,
        cycle: cycle(cx, i),
        graph_svg: super::hood::neighbourhood(cx, i, out_dir),
    }
}

/// A dependency cycle through the service, printed, if it is on one.
fn cycle(cx: &Ctx, i: usize) -> Option<String> {
    let cycle = cx.analysis.graph.cycle_through(i)?;
    let services = &cx.site.catalog.services;
    let mut names: Vec<&str> = cycle.iter().map(|&x| services[x].id.as_str()).collect();
    if let Some(&first) = names.first() {
        names.push(first);
    }
    Some(names.join(" → "))
}

/// Who is on call now for the rotations the policy's first level pages.
fn first_level_rotations(
    team: &Team,
    policy: &Policy,
    at: LocalTime,
    out_dir: &str,
) -> Vec<OnCall> {
    let Some(first) = policy.rules.first() else {
        return Vec::new();
    };
    first
        .targets
        .iter()
        .filter(|t| t.kind == TargetKind::Rotation)
        .filter_map(|t| team.rotation(&t.id.value))
        .map(|rot| ctx::on_call(team, rot, at, out_dir))
        .collect()
}

fn score_ctx(cx: &Ctx, i: usize) -> ScoreCtx {
    let card = &cx.settings().scorecard;
    let score = &cx.analysis.scores[i];
    let next = score.level.map_or(0, |l| l + 1);
    ScoreCtx {
        level: cx.analysis.level_name(cx.settings(), i),
        next: card.levels.get(next).cloned(),
        missing: score
            .missing_for_next(card)
            .into_iter()
            .map(|ch| ch.name.clone())
            .collect(),
        checks: card
            .checks
            .iter()
            .zip(&score.outcomes)
            .map(|(ch, o)| {
                let outcome = match o {
                    Outcome::Pass => "pass",
                    Outcome::Fail => "fail",
                    Outcome::NotApplicable => "n/a",
                };
                CheckCtx {
                    name: ch.name.clone(),
                    level: card.levels.get(ch.level).cloned().unwrap_or_default(),
                    outcome,
                }
            })
            .collect(),
    }
}
