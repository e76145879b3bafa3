//! `catalog.json`: the whole catalog in one file for other tools (documented in the
//! README under "Service catalog"). Field names follow the TOML files, so a script
//! that reads one can read the other; derived values (scorecard level, who uses a
//! service, who is on call at the build date with overrides applied, the calendars'
//! paths) are added.

use super::html::href_url;
use crate::analyze::calendar::Calendars;
use crate::analyze::oncall::{next_handoffs, on_call};
use crate::analyze::scorecard::Outcome;
use crate::catalog::model::{
    Href, LocalTime, NamedLink, Objective, Rotation, Team, UrlField, review_overdue,
};
use crate::catalog::{
    member_calendar_url, rotation_calendar_url, service_url, team_calendar_url, team_url,
};
use crate::dates::{format_local, start_of};
use crate::output::OutputFile;
use crate::render::Ctx;
use serde::Serialize;
use serde_json::{Value, json};

/// Version of the file's structure; raised when a field changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Dep<'a> {
    service: &'a str,
    critical: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

/// An URL as written, or resolved to a site-relative path for links into the handbook.
fn url(cx: &Ctx, f: Option<&UrlField>) -> Value {
    match f {
        None => Value::Null,
        Some(f) => match &f.href {
            Some(h @ Href::Internal { .. }) => {
                href_url(cx.site, h, "").map_or(Value::Null, Value::String)
            }
            _ => Value::String(f.text.clone()),
        },
    }
}

fn named(cx: &Ctx, list: &[NamedLink]) -> Value {
    Value::Array(
        list.iter()
            .map(|l| json!({ "name": l.name, "url": url(cx, Some(&l.url)) }))
            .collect(),
    )
}

fn objectives(list: &[Objective]) -> Value {
    serde_json::to_value(list).unwrap_or(Value::Null)
}

/// Builds `catalog.json`.
pub fn catalog_json(cx: &Ctx, cal: &Calendars) -> OutputFile {
    let c = &cx.site.catalog;
    let card = &cx.settings().scorecard;
    let services: Vec<Value> = (0..c.services.len()).map(|i| service(cx, i)).collect();
    let teams: Vec<Value> = c.teams.iter().map(|t| team(cx, cal, t)).collect();
    let doc = json!({
        "schema_version": SCHEMA_VERSION,
        "generated_on": cx.site.today,
        "organization": cx.site.config.organization,
        "tiers": cx.settings().tier_names.iter().enumerate().map(|(i, n)| json!({ "tier": i + 1, "name": n })).collect::<Vec<_>>(),
        "scorecard_levels": card.levels,
        "scorecard_checks": card.checks,
        "services": services,
        "teams": teams,
    });
    let text = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    OutputFile::text("catalog.json", text + "\n")
}

/// One service, with what analysis found about it.
fn service(cx: &Ctx, i: usize) -> Value {
    let c = &cx.site.catalog;
    let s = &c.services[i];
    let score = &cx.analysis.scores[i];
    let failed: Vec<&str> = cx
        .settings()
        .scorecard
        .checks
        .iter()
        .zip(&score.outcomes)
        .filter(|(_, o)| **o == Outcome::Fail)
        .map(|(ch, _)| ch.id.as_str())
        .collect();
    json!({
        "id": s.id,
        "url": service_url(&s.id),
        "name": s.name,
        "description": s.description,
        "owner": s.owner.as_ref().map(|o| &o.value),
        "tier": s.tier.value,
        "tier_name": cx.settings().tier_names.get((s.tier.value as usize).saturating_sub(1)),
        "lifecycle": s.lifecycle.value,
        "type": s.kind,
        "tags": s.tags,
        "system": s.system,
        "repository": url(cx, s.repository.as_ref()),
        "runbook": url(cx, s.runbook.as_ref()),
        "runbook_reviewed": s.runbook_reviewed.as_ref().map(|r| &r.value),
        "chat": s.chat.as_ref().map(|f| url(cx, Some(f))),
        "email": s.email,
        "escalation_policy": c.policy_of(s).map(|(_, p)| &p.id.value),
        "reviewed": s.reviewed,
        "review_every": s.review_every,
        "review_overdue": review_overdue(s.reviewed.as_deref(), s.review_every, &cx.site.today),
        "sunset": s.sunset,
        "replaced_by": s.replaced_by.as_ref().map(|r| &r.value),
        "depends_on": s.depends_on.iter().map(|d| Dep { service: &d.service.value, critical: d.critical, note: d.note.as_deref() }).collect::<Vec<_>>(),
        "used_by": cx.analysis.graph.used_by[i].iter().map(|&u| &c.services[u].id).collect::<Vec<_>>(),
        "blast_radius": cx.analysis.reach[i].blast_count,
        "dashboards": named(cx, &s.dashboards),
        "links": named(cx, &s.links),
        "slos": objectives(&s.slos),
        "sla": s.sla.as_ref().map(|x| serde_json::to_value(x).unwrap_or(Value::Null)),
        "scorecard": { "level": cx.analysis.level_name(cx.settings(), i), "failed": failed },
    })
}

/// One team, with its rotations as of the build date and the paths of its calendars.
fn team(cx: &Ctx, cal: &Calendars, t: &Team) -> Value {
    let c = &cx.site.catalog;
    let feed = |path: String| cal.has(&path).then_some(path);
    json!({
        "id": t.id,
        "url": team_url(&t.id),
        "name": t.name,
        "description": t.description,
        "chat": t.chat.as_ref().map(|f| url(cx, Some(f))),
        "email": t.email,
        "reviewed": t.reviewed,
        "review_every": t.review_every,
        "calendar": feed(team_calendar_url(&t.id)),
        "members": t.members.iter().map(|m| json!({ "id": m.id.value, "name": m.name, "role": m.role, "email": m.email, "calendar": feed(member_calendar_url(&t.id, &m.id.value)) })).collect::<Vec<_>>(),
        "rotations": t.rotations.iter().map(|r| rotation(cx, t, r)).collect::<Vec<_>>(),
        "escalation_policies": t.policies.iter().map(|p| json!({
            "id": p.id.value,
            "name": p.name,
            "num_loops": p.num_loops,
            "escalation_rules": p.rules.iter().map(|r| json!({
                "escalation_delay_in_minutes": r.delay.value,
                "targets": r.targets.iter().map(|x| json!({ "type": x.kind, "id": x.id.value })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "services": c.services.iter().filter(|s| s.owner.as_ref().is_some_and(|o| o.value == t.id)).map(|s| &s.id).collect::<Vec<_>>(),
    })
}

/// One rotation: its keys, its overrides, and who is on call at the build date
/// (overrides applied) until when, and after.
fn rotation(cx: &Ctx, t: &Team, r: &Rotation) -> Value {
    let at = start_of(&cx.site.today);
    let local = |l: LocalTime| l.strftime("%Y-%m-%dT%H:%M:00").to_string();
    let now = on_call(r, at);
    json!({
        "id": r.id.value,
        "name": r.name,
        "members": r.members.iter().map(|m| &m.value).collect::<Vec<_>>(),
        "shadow": r.shadow.iter().map(|m| &m.value).collect::<Vec<_>>(),
        "rotation_virtual_start": local(r.start),
        "turn_length_days": r.turn_length_days,
        "time_zone": r.time_zone,
        "coverage": r.coverage,
        "overrides": r.overrides.iter().map(|o| json!({ "member": o.member.value, "start": local(o.start), "end": local(o.end), "note": o.note })).collect::<Vec<_>>(),
        "on_call_at_build": now.as_ref().map(|s| &s.member),
        "on_call_until": now.as_ref().map(|s| format_local(s.end)),
        "next_handoffs": next_handoffs(r, at, 8).into_iter().map(|s| json!({ "at": format_local(s.start), "member": s.member, "override": s.cover.is_some() })).collect::<Vec<_>>(),
        "calendar": rotation_calendar_url(&t.id, &r.id.value),
    })
}
