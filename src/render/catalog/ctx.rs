//! Template contexts shared by the service and team pages: links to services, the
//! "on call now" data the browser recomputes (overrides included), and escalation policies as steps and a
//! timeline.

use super::html::{guide_url, inline_markdown};
use super::svg;
use crate::analyze::oncall::{self, delay_problems};
use crate::catalog::model::{LocalTime, Policy, Rotation, Service, TargetKind, Team};
use crate::catalog::{service_url, team_url};
use crate::render::nav::LinkCtx;
use crate::render::{Ctx, base_context};
use crate::url::relative_url;
use serde::Serialize;

/// A service as one line of a list (dependencies, owned services, blast radius).
#[derive(Serialize)]
pub struct ServiceRef {
    pub id: String,
    pub title: String,
    pub url: String,
    pub tier: u32,
    pub lifecycle: &'static str,
    pub level: String,
    pub critical: bool,
    pub note: Option<String>,
}

pub fn service_ref(cx: &Ctx, index: usize, out_dir: &str) -> ServiceRef {
    let s = &cx.site.catalog.services[index];
    ServiceRef {
        id: s.id.clone(),
        title: s.name.clone(),
        url: relative_url(out_dir, &service_url(&s.id)),
        tier: s.tier.value,
        lifecycle: s.lifecycle.value.as_str(),
        level: cx.analysis.level_name(cx.settings(), index),
        critical: false,
        note: None,
    }
}

pub fn team_link(team: &Team, out_dir: &str) -> LinkCtx {
    LinkCtx {
        title: team.name.clone(),
        url: relative_url(out_dir, &team_url(&team.id)),
        description: String::new(),
    }
}

/// Who is on call for a rotation: the build-time answer, and what the browser needs to
/// compute the answer for the reader's "now".
#[derive(Serialize)]
pub struct OnCall {
    pub rotation: String,
    pub rotation_url: String,
    pub coverage: &'static str,
    pub now: String,
    pub time_zone: String,
    /// `2026-01-05T09:00` (local to `time_zone`).
    pub start: String,
    pub turn_days: u32,
    /// JSON array of member names in rotation order.
    pub members_json: String,
    /// JSON array of the overrides not over at the build's reference time, each
    /// `[start, end, name]` (local to `time_zone`), which win over the turns.
    pub overrides_json: String,
}

pub fn on_call(team: &Team, rot: &Rotation, at: LocalTime, out_dir: &str) -> OnCall {
    let names: Vec<String> = rot
        .members
        .iter()
        .map(|m| team.member_name(&m.value))
        .collect();
    let now = oncall::on_call(rot, at)
        .map(|s| team.member_name(&s.member))
        .unwrap_or_default();
    let local = |t: LocalTime| t.strftime("%Y-%m-%dT%H:%M").to_string();
    let overrides: Vec<[String; 3]> = rot
        .overrides
        .iter()
        .filter(|o| o.end > at)
        .map(|o| {
            [
                local(o.start),
                local(o.end),
                team.member_name(&o.member.value),
            ]
        })
        .collect();
    OnCall {
        rotation: rot.name.clone(),
        rotation_url: format!(
            "{}#rotation-{}",
            relative_url(out_dir, &team_url(&team.id)),
            rot.id.value
        ),
        coverage: rot.coverage.as_str(),
        now,
        time_zone: rot.time_zone.clone(),
        start: local(rot.start),
        turn_days: rot.turn_length_days,
        members_json: serde_json::to_string(&names).unwrap_or_else(|_| "[]".into()),
        overrides_json: serde_json::to_string(&overrides).unwrap_or_else(|_| "[]".into()),
    }
}

#[derive(Serialize)]
pub struct TargetCtx {
    pub kind: &'static str,
    pub label: String,
    pub url: Option<String>,
    pub on_call: Option<String>,
    pub role: Option<String>,
}

#[derive(Serialize)]
pub struct StepCtx {
    pub level: usize,
    pub at: u32,
    pub delay: u32,
    pub targets: Vec<TargetCtx>,
}

/// An escalation policy as numbered steps, a timeline and its worst cases.
#[derive(Serialize)]
pub struct PolicyCtx {
    pub id: String,
    pub name: String,
    pub team: LinkCtx,
    pub guide_url: Option<String>,
    pub steps: Vec<StepCtx>,
    pub timeline_svg: String,
    pub pass_minutes: u32,
    pub num_loops: u32,
    pub total_minutes: u32,
    pub person_at: Option<u32>,
    pub leadership_at: Option<u32>,
    /// The tier the delays were judged against (the strictest among its services).
    pub tier: Option<u32>,
    pub warnings: Vec<String>,
}

pub fn policy_ctx(
    cx: &Ctx,
    team: &Team,
    policy: &Policy,
    at: LocalTime,
    out_dir: &str,
) -> PolicyCtx {
    let catalog = &cx.site.catalog;
    let tl = oncall::timeline(catalog, cx.settings(), team, policy, at);
    let tier = cx.analysis.policy_tier(catalog, team, policy);
    let warnings = tier
        .map(|t| {
            delay_problems(cx.settings(), t, policy)
                .into_iter()
                .map(|p| p.message)
                .collect()
        })
        .unwrap_or_default();
    let steps = tl
        .steps
        .iter()
        .map(|s| StepCtx {
            level: s.level,
            at: s.at,
            delay: s.delay,
            targets: s
                .targets
                .iter()
                .map(|t| TargetCtx {
                    kind: t.kind.as_str(),
                    label: t.label.clone(),
                    url: match t.kind {
                        TargetKind::Team => catalog
                            .team(&t.id)
                            .map(|x| relative_url(out_dir, &team_url(&x.id))),
                        TargetKind::Rotation => Some(format!(
                            "{}#rotation-{}",
                            relative_url(out_dir, &team_url(&team.id)),
                            t.id
                        )),
                        TargetKind::User => None,
                    },
                    on_call: t.on_call.clone(),
                    role: t.role.clone(),
                })
                .collect(),
        })
        .collect();
    PolicyCtx {
        id: policy.id.value.clone(),
        name: policy.name.clone(),
        team: team_link(team, out_dir),
        guide_url: guide_url(
            cx.site,
            cx.settings().guide_links.escalation.as_ref(),
            out_dir,
        ),
        steps,
        timeline_svg: svg::timeline(
            &tl,
            &format!("Timeline of the escalation policy {}", policy.name),
        ),
        pass_minutes: tl.pass_minutes,
        num_loops: tl.num_loops,
        total_minutes: tl.total_minutes,
        person_at: tl.person_at,
        leadership_at: tl.leadership_at,
        tier,
        warnings,
    }
}

/// A description rendered as safe HTML, relative to the entry's file and page.
pub fn description_html(cx: &Ctx, md: &str, dir: &str, out_dir: &str) -> String {
    inline_markdown(cx.site, md, dir, out_dir)
}

/// Guide pages that link to a catalog entry.
pub fn backlinks(cx: &Ctx, key: &str, out_dir: &str) -> Vec<LinkCtx> {
    let site = cx.site;
    cx.analysis
        .links
        .backlinks
        .catalog
        .get(key)
        .map(|pages| {
            pages
                .iter()
                .map(|&p| LinkCtx {
                    title: site.pages[p].title.clone(),
                    url: relative_url(out_dir, &site.pages[p].url),
                    description: String::new(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The CSS class of a service node in graphs.
pub fn node_class(s: &Service, in_cycle: bool) -> String {
    let mut class = format!(
        "tier-{} lc-{}",
        s.tier.value.min(9),
        s.lifecycle.value.as_str()
    );
    if in_cycle {
        class.push_str(" in-cycle");
    }
    class
}

pub fn page_context(cx: &Ctx, out_dir: &str, crumb: (&str, &str)) -> tera::Context {
    let mut ctx = base_context(cx, out_dir, out_dir, None);
    ctx.insert(
        "breadcrumbs",
        &vec![
            LinkCtx {
                title: cx.site.config.ui("home", "Home"),
                url: relative_url(out_dir, ""),
                description: String::new(),
            },
            LinkCtx {
                // The crumbs are catalog index pages, whose strings are named after them.
                title: cx
                    .site
                    .config
                    .ui(&crumb.0.to_lowercase().replace(' ', "_"), crumb.0),
                url: relative_url(out_dir, crumb.1),
                description: String::new(),
            },
        ],
    );
    ctx
}

/// The shared template context of catalog pages.
pub fn catalog_context(cx: &Ctx, out_dir: &str, crumb: Option<(&str, &str)>) -> tera::Context {
    match crumb {
        Some(c) => page_context(cx, out_dir, c),
        None => {
            let mut ctx = base_context(cx, out_dir, out_dir, None);
            ctx.insert(
                "breadcrumbs",
                &vec![LinkCtx {
                    title: cx.site.config.ui("home", "Home"),
                    url: relative_url(out_dir, ""),
                    description: String::new(),
                }],
            );
            ctx
        }
    }
}
