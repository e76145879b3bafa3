//! The page of one team: members, services owned, rotations with who is on call and
//! the next handoffs, and escalation policies as steps and timelines.

use super::ctx::{self, OnCall, PolicyCtx, ServiceRef, catalog_context, service_ref};
use super::html::{email_html, url_html};
use crate::analyze::oncall;
use crate::catalog::model::{Rotation, Team, review_overdue};
use crate::catalog::team_url;
use crate::dates::{format_local, start_of};
use crate::diag::Diagnostic;
use crate::output::OutputFile;
use crate::render::nav::LinkCtx;
use crate::render::{Ctx, theme};
use rayon::prelude::*;
use serde::Serialize;

#[derive(Serialize)]
struct MemberCtx {
    id: String,
    name: String,
    role: Option<String>,
    email: Option<String>,
    rotations: Vec<String>,
}

#[derive(Serialize)]
struct Handoff {
    when: String,
    member: String,
}

#[derive(Serialize)]
struct RotationCtx {
    id: String,
    name: String,
    time_zone: String,
    turn_days: u32,
    coverage: &'static str,
    members: Vec<String>,
    shadow: Vec<String>,
    on_call: OnCall,
    handoffs: Vec<Handoff>,
}

#[derive(Serialize)]
struct TeamPage {
    id: String,
    name: String,
    description_html: String,
    chat: Option<String>,
    email: Option<String>,
    members: Vec<MemberCtx>,
    services: Vec<ServiceRef>,
    rotations: Vec<RotationCtx>,
    policies: Vec<PolicyCtx>,
    reviewed: Option<String>,
    review_every: Option<u32>,
    stale: bool,
    backlinks: Vec<LinkCtx>,
    built: String,
}

/// Renders every team page, in parallel.
pub fn render_all(cx: &Ctx, files: &mut Vec<OutputFile>, diags: &mut Vec<Diagnostic>) {
    let teams: Vec<Result<OutputFile, Diagnostic>> = (0..cx.site.catalog.teams.len())
        .into_par_iter()
        .map(|i| render(cx, i))
        .collect();
    for t in teams {
        match t {
            Ok(f) => files.push(f),
            Err(e) => diags.push(e),
        }
    }
}

/// Renders the page of team `i`.
fn render(cx: &Ctx, i: usize) -> Result<OutputFile, Diagnostic> {
    let c = &cx.site.catalog;
    let t = &c.teams[i];
    let out_dir = team_url(&t.id);
    let at = start_of(&cx.site.today);
    let services = c
        .services
        .iter()
        .enumerate()
        .filter(|(_, s)| s.owner.as_ref().is_some_and(|o| o.value == t.id))
        .map(|(si, _)| service_ref(cx, si, &out_dir))
        .collect();
    let members = t
        .members
        .iter()
        .map(|m| MemberCtx {
            id: m.id.value.clone(),
            name: m.name.clone(),
            role: m.role.clone(),
            email: m.email.as_deref().map(email_html),
            rotations: t
                .rotations
                .iter()
                .filter(|r| r.members.iter().any(|x| x.value == m.id.value))
                .map(|r| r.name.clone())
                .collect(),
        })
        .collect();
    let rotations = t
        .rotations
        .iter()
        .map(|r| RotationCtx {
            id: r.id.value.clone(),
            name: r.name.clone(),
            time_zone: r.time_zone.clone(),
            turn_days: r.turn_length_days,
            coverage: r.coverage.as_str(),
            members: r.members.iter().map(|m| t.member_name(&m.value)).collect(),
            shadow: r.shadow.iter().map(|m| t.member_name(&m.value)).collect(),
            on_call: ctx::on_call(t, r, at, &out_dir),
            handoffs: handoffs(t, r, &cx.site.today)
                .into_iter()
                .map(|(when, member)| Handoff { when, member })
                .collect(),
        })
        .collect();
    let page = TeamPage {
        id: t.id.clone(),
        name: t.name.clone(),
        description_html: ctx::description_html(cx, &t.description, &t.file.dir, &out_dir),
        chat: t
            .chat
            .as_ref()
            .map(|u| url_html(cx.site, u, &out_dir, None)),
        email: t.email.as_deref().map(email_html),
        members,
        services,
        rotations,
        policies: t
            .policies
            .iter()
            .map(|p| ctx::policy_ctx(cx, t, p, at, &out_dir))
            .collect(),
        reviewed: t.reviewed.clone(),
        review_every: t.review_every,
        stale: review_overdue(t.reviewed.as_deref(), t.review_every, &cx.site.today),
        backlinks: ctx::backlinks(cx, &format!("team:{}", t.id), &out_dir),
        built: cx.site.today.clone(),
    };
    let mut tctx = catalog_context(cx, &out_dir, Some(("Teams", crate::catalog::TEAMS_URL)));
    tctx.insert("team", &page);
    theme::render(&cx.theme.tera, "team.html", &tctx)
        .map(|html| OutputFile::text(format!("{out_dir}index.html"), html))
        .map_err(|d| d.in_file(&t.file.display))
}

/// The next handoffs of a rotation, for team pages.
pub fn handoffs(team: &Team, rot: &Rotation, today: &str) -> Vec<(String, String)> {
    oncall::next_handoffs(rot, start_of(today), 8)
        .into_iter()
        .map(|(t, m)| {
            let who = rot
                .members
                .get(m)
                .map(|x| team.member_name(&x.value))
                .unwrap_or_default();
            (format_local(t), who)
        })
        .collect()
}
