//! One page per service and per team, rendered in parallel through the theme's
//! `service.html` and `team.html`.

use super::ctx::{self, OnCall, PolicyCtx, ServiceRef, service_ref};
use super::html::{email_html, guide_url, url_html};
use crate::analyze::scorecard::Outcome;
use crate::catalog::model::{Objective, review_overdue};
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

#[derive(Serialize)]
struct ServicePage {
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
    depends_on: Vec<ServiceRef>,
    used_by: Vec<ServiceRef>,
    blast: Blast,
    transitive_deps: usize,
    cycle: Option<String>,
    on_call: Vec<OnCall>,
    escalation: Option<PolicyCtx>,
    score: ScoreCtx,
    graph_svg: String,
    prose_html: Option<String>,
    reviewed: Option<String>,
    review_every: Option<u32>,
    stale: bool,
    backlinks: Vec<LinkCtx>,
    built: String,
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
    };
    let r = markdown::render(&input, &hooks);
    (Some(r.html), r.diags)
}

fn service_page(cx: &Ctx, i: usize) -> (Result<OutputFile, Diagnostic>, Vec<Diagnostic>) {
    let c = &cx.site.catalog;
    let s = &c.services[i];
    let out_dir = service_url(&s.id);
    let at = start_of(&cx.site.today);
    let (prose_html, prose_diags) = prose(cx, i, &out_dir);
    let owner = c.owner_team(s);
    let policy = c.policy_of(s);
    let on_call: Vec<OnCall> = policy
        .and_then(|(team, p)| {
            p.rules.first().map(|r| {
                r.targets
                    .iter()
                    .filter_map(|t| {
                        team.rotation(&t.id.value)
                            .filter(|_| t.kind == crate::catalog::model::TargetKind::Rotation)
                    })
                    .map(|rot| ctx::on_call(team, rot, at, &out_dir))
                    .collect()
            })
        })
        .unwrap_or_default();
    let dep = |e: &crate::analyze::graph::Edge| {
        let mut r = service_ref(cx, e.to, &out_dir);
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
            .map(|&b| service_ref(cx, b, &out_dir))
            .collect(),
        more: reach.blast_count.saturating_sub(reach.blast_nearest.len()),
    };
    let runbook_age = s
        .runbook_reviewed
        .as_ref()
        .and_then(|r| crate::dates::days_between(&r.value, &cx.site.today));
    let in_cycle = cx.analysis.graph.cyclic[cx.analysis.graph.component[i]];
    // The printed cycle of the service's strongly connected component.
    let component = cx.analysis.graph.component[i];
    let cycle = in_cycle
        .then(|| {
            cx.analysis.graph.cycles.iter().find(|cy| {
                cy.first()
                    .is_some_and(|&f| cx.analysis.graph.component[f] == component)
            })
        })
        .flatten()
        .map(|cy| {
            let mut names: Vec<&str> = cy.iter().map(|&x| c.services[x].id.as_str()).collect();
            if let Some(&first) = names.first() {
                names.push(first);
            }
            names.join(" → ")
        });
    let links = |list: &[crate::catalog::model::NamedLink]| {
        list.iter()
            .map(|l| url_html(cx.site, &l.url, &out_dir, Some(&l.name)))
            .collect()
    };
    let page = ServicePage {
        id: s.id.clone(),
        name: s.name.clone(),
        description_html: ctx::description_html(cx, &s.description, &s.file.dir, &out_dir),
        owner: owner.map(|t| ctx::team_link(t, &out_dir)),
        owner_id: s.owner.as_ref().map(|o| o.value.clone()),
        tier: s.tier.value,
        tier_label: cx.settings().tier_label(s.tier.value),
        tier_url: guide_url(
            cx.site,
            pick(&cx.settings().guide_links.tier, &s.tier.value.to_string()),
            &out_dir,
        ),
        lifecycle: s.lifecycle.value.as_str(),
        lifecycle_url: guide_url(
            cx.site,
            pick(
                &cx.settings().guide_links.lifecycle,
                s.lifecycle.value.as_str(),
            ),
            &out_dir,
        ),
        kind: s.kind.clone(),
        system: s.system.clone(),
        tags: s.tags.clone(),
        sunset: s.sunset.clone(),
        replaced_by: s
            .replaced_by
            .as_ref()
            .and_then(|r| c.service_position(&r.value))
            .map(|r| service_ref(cx, r, &out_dir)),
        repository: s
            .repository
            .as_ref()
            .map(|u| url_html(cx.site, u, &out_dir, None)),
        runbook: s
            .runbook
            .as_ref()
            .map(|u| url_html(cx.site, u, &out_dir, None)),
        runbook_reviewed: s.runbook_reviewed.as_ref().map(|r| r.value.clone()),
        runbook_age,
        runbook_stale: s.runbook.is_some()
            && runbook_age.is_none_or(|a| a > i64::from(cx.settings().runbook_max_age_days)),
        runbook_max_age: cx.settings().runbook_max_age_days,
        chat: s
            .chat
            .as_ref()
            .map(|u| url_html(cx.site, u, &out_dir, None)),
        email: s.email.as_deref().map(email_html),
        dashboards: links(&s.dashboards),
        links: links(&s.links),
        slos: s.slos.clone(),
        sla: s.sla.clone(),
        depends_on: cx.analysis.graph.deps[i].iter().map(dep).collect(),
        used_by: cx.analysis.graph.used_by[i]
            .iter()
            .map(|&u| service_ref(cx, u, &out_dir))
            .collect(),
        blast,
        transitive_deps: reach.deps_count,
        cycle,
        on_call,
        escalation: policy.map(|(team, p)| ctx::policy_ctx(cx, team, p, at, &out_dir)),
        score: score_ctx(cx, i),
        graph_svg: super::hood::neighbourhood(cx, i, &out_dir),
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
