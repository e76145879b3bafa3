//! The page of one team: members, services owned, rotations with who is on call, their
//! overrides and the next handoffs, links to subscribe to the on-call calendars, and
//! escalation policies as steps and timelines.

use super::ctx::{self, OnCall, PolicyCtx, ServiceRef, catalog_context, service_ref};
use super::html::{email_html, url_html};
use crate::analyze::calendar::Calendars;
use crate::analyze::oncall;
use crate::catalog::model::{LocalTime, Rotation, Team, review_overdue};
use crate::catalog::{member_calendar_url, rotation_calendar_url, team_calendar_url, team_url};
use crate::dates::{format_local, start_of};
use crate::diag::Diagnostic;
use crate::output::OutputFile;
use crate::render::nav::LinkCtx;
use crate::render::{Ctx, theme};
use crate::url::relative_url;
use rayon::prelude::*;
use serde::Serialize;

#[derive(Serialize)]
struct MemberCtx {
    id: String,
    name: String,
    role: Option<String>,
    email: Option<String>,
    rotations: Vec<String>,
    /// The member's on-call calendar, when they take turns or cover.
    calendar_url: Option<String>,
}

#[derive(Serialize)]
struct Handoff {
    when: String,
    member: String,
    /// "override", with its note: someone covering, whoever was scheduled.
    cover: Option<String>,
}

/// An override that is not over at the build date.
#[derive(Serialize)]
struct OverrideCtx {
    member: String,
    from: String,
    to: String,
    /// Who the schedule had on call instead.
    covers_for: Vec<String>,
    note: Option<String>,
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
    overrides: Vec<OverrideCtx>,
    calendar_url: String,
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
    /// The calendar of all the team's rotations (none without rotations).
    calendar_url: Option<String>,
}

/// Renders every team page, in parallel.
pub fn render_all(
    cx: &Ctx,
    cal: &Calendars,
    files: &mut Vec<OutputFile>,
    diags: &mut Vec<Diagnostic>,
) {
    let teams: Vec<Result<OutputFile, Diagnostic>> = (0..cx.site.catalog.teams.len())
        .into_par_iter()
        .map(|i| render(cx, cal, i))
        .collect();
    for t in teams {
        match t {
            Ok(f) => files.push(f),
            Err(e) => diags.push(e),
        }
    }
}

/// Renders the page of team `i`.
fn render(cx: &Ctx, cal: &Calendars, i: usize) -> Result<OutputFile, Diagnostic> {
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
            calendar_url: feed(cal, &out_dir, member_calendar_url(&t.id, &m.id.value)),
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
            handoffs: handoffs(t, r, at),
            overrides: overrides(t, r, at),
            calendar_url: relative_url(&out_dir, &rotation_calendar_url(&t.id, &r.id.value)),
        })
        .collect();
    let page = TeamPage {
        id: t.id.clone(),
        name: t.name.clone(),
        description_html: ctx::description_html(
            cx,
            t.description_in(&cx.site.config.language),
            &t.file.dir,
            &out_dir,
        ),
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
        calendar_url: feed(cal, &out_dir, team_calendar_url(&t.id)),
    };
    let mut tctx = catalog_context(cx, &out_dir, Some(("Teams", crate::catalog::TEAMS_URL)));
    tctx.insert("team", &page);
    theme::render(&cx.theme.tera, "team.html", &tctx)
        .map(|html| OutputFile::text(format!("{out_dir}index.html"), html))
        .map_err(|d| d.in_file(&t.file.display))
}

/// The link from the team page to the feed at `path`, if the site has one.
fn feed(cal: &Calendars, out_dir: &str, path: String) -> Option<String> {
    cal.has(&path).then(|| relative_url(out_dir, &path))
}

/// The next handoffs of a rotation after `at`, overrides included.
fn handoffs(team: &Team, rot: &Rotation, at: LocalTime) -> Vec<Handoff> {
    oncall::next_handoffs(rot, at, 8)
        .into_iter()
        .map(|s| Handoff {
            when: format_local(s.start),
            member: team.member_name(&s.member),
            cover: s
                .cover
                .and_then(|i| rot.overrides.get(i))
                .map(|o| match &o.note {
                    Some(note) => format!("override: {note}"),
                    None => "override".to_string(),
                }),
        })
        .collect()
}

/// The overrides of a rotation that are not over at `at`.
fn overrides(team: &Team, rot: &Rotation, at: LocalTime) -> Vec<OverrideCtx> {
    rot.overrides
        .iter()
        .filter(|o| o.end > at)
        .map(|o| OverrideCtx {
            member: team.member_name(&o.member.value),
            from: format_local(o.start),
            to: format_local(o.end),
            covers_for: oncall::scheduled_between(rot, o.start, o.end)
                .into_iter()
                .filter(|m| *m != o.member.value)
                .map(|m| team.member_name(m))
                .collect(),
            note: o.note.clone(),
        })
        .collect()
}
