//! `catalog.json`: the whole catalog in one file for other tools (documented in the
//! README under "Service catalog"). Field names follow the TOML files, so a script
//! that reads one can read the other; derived values (scorecard level, who uses a
//! service, who is on call at the build date with overrides applied, the paths of
//! the on-call calendars) are added.
//!
//! The file is written from the typed values below, which also give its JSON Schema
//! (`catalog.schema.json`, published beside it): a field's doc comment is its
//! description there.

use super::html::href_url;
use crate::analyze::calendar::Calendars;
use crate::analyze::oncall::{next_handoffs, on_call};
use crate::analyze::scorecard::Outcome;
use crate::catalog::model::{
    Coverage, Href, Lifecycle, Loc, LocalTime, NamedLink, Objective, Rotation, Service, TargetKind,
    Team, UrlField, review_overdue,
};
use crate::catalog::{
    member_calendar_url, rotation_calendar_url, service_url, team_calendar_url, team_url,
};
use crate::config::scorecard::Check;
use crate::dates::{format_local, start_of};
use crate::output::OutputFile;
use crate::render::Ctx;
use crate::tomlschema::{LocalDate, LocalDateTime};
use schemars::JsonSchema;
use serde::Serialize;

/// Version of the file's structure; raised when a field changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// Where the site publishes the JSON Schema of catalog.json, beside it.
pub const SCHEMA_PATH: &str = "schemas/catalog.schema.json";

/// The whole catalog as of the build date, for other tools.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Catalog")]
pub struct CatalogJson<'a> {
    /// The address of this file's JSON Schema.
    #[serde(rename = "$schema", skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The version of the file's structure; raised when a field changes meaning.
    pub schema_version: u32,
    /// The date of the build, which on-call and review figures are computed for.
    #[schemars(with = "LocalDate")]
    pub generated_on: &'a str,
    /// The organization's name.
    pub organization: &'a str,
    /// The tiers, most critical first.
    pub tiers: Vec<TierJson<'a>>,
    /// The scorecard's levels, lowest first.
    pub scorecard_levels: &'a [String],
    /// The scorecard's checks.
    pub scorecard_checks: &'a [Check],
    /// Every service.
    pub services: Vec<ServiceJson<'a>>,
    /// Every team.
    pub teams: Vec<TeamJson<'a>>,
}

/// A tier: its number and name.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Tier")]
pub struct TierJson<'a> {
    pub tier: usize,
    pub name: &'a str,
}

/// A service, with the keys of its file and what the build worked out about it.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Service")]
pub struct ServiceJson<'a> {
    /// The service's id (its file name).
    pub id: &'a str,
    /// The folder of its page, relative to the site's root.
    pub url: String,
    pub name: &'a str,
    /// Markdown.
    pub description: &'a str,
    /// The owning team's id.
    pub owner: Option<&'a str>,
    pub tier: u32,
    /// The tier's name from `tier_names`.
    pub tier_name: Option<&'a str>,
    pub lifecycle: Lifecycle,
    #[serde(rename = "type")]
    pub kind: Option<&'a str>,
    pub tags: &'a [String],
    pub system: Option<&'a str>,
    /// URLs are as written; links into the handbook are resolved to site paths.
    pub repository: Option<String>,
    pub runbook: Option<String>,
    #[schemars(with = "Option<LocalDate>")]
    pub runbook_reviewed: Option<&'a str>,
    pub chat: Option<String>,
    pub email: Option<&'a str>,
    /// The policy that pages for the service: the one named in its file, or its
    /// owner's first.
    pub escalation_policy: Option<&'a str>,
    #[schemars(with = "Option<LocalDate>")]
    pub reviewed: Option<&'a str>,
    pub review_every: Option<u32>,
    /// Whether the entry's review is overdue at the build date.
    pub review_overdue: bool,
    #[schemars(with = "Option<LocalDate>")]
    pub sunset: Option<&'a str>,
    pub replaced_by: Option<&'a str>,
    pub depends_on: Vec<DependencyJson<'a>>,
    /// The ids of the services that depend on this one.
    pub used_by: Vec<&'a str>,
    /// How many services fail, directly or not, when this one does.
    pub blast_radius: usize,
    pub dashboards: Vec<LinkJson<'a>>,
    pub links: Vec<LinkJson<'a>>,
    pub slos: &'a [Objective],
    pub sla: Option<&'a Objective>,
    pub scorecard: ScoreJson<'a>,
}

/// A dependency of a service.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Dependency")]
pub struct DependencyJson<'a> {
    pub service: &'a str,
    pub critical: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
}

/// A named link.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Link")]
pub struct LinkJson<'a> {
    pub name: &'a str,
    pub url: Option<String>,
}

/// Where a service stands on the scorecard.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Score")]
pub struct ScoreJson<'a> {
    /// The highest level reached, or "none".
    pub level: String,
    /// The ids of the checks it fails.
    pub failed: Vec<&'a str>,
}

/// A team, with the keys of its file, who is on call and the services it owns.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Team")]
pub struct TeamJson<'a> {
    /// The team's id (its file name).
    pub id: &'a str,
    /// The folder of its page, relative to the site's root.
    pub url: String,
    pub name: &'a str,
    /// Markdown.
    pub description: &'a str,
    pub chat: Option<String>,
    pub email: Option<&'a str>,
    #[schemars(with = "Option<LocalDate>")]
    pub reviewed: Option<&'a str>,
    pub review_every: Option<u32>,
    /// The path of the iCalendar feed of all the team's shifts, if it has rotations.
    pub calendar: Option<String>,
    pub members: Vec<MemberJson<'a>>,
    pub rotations: Vec<RotationJson<'a>>,
    pub escalation_policies: Vec<PolicyJson<'a>>,
    /// The ids of the services the team owns.
    pub services: Vec<&'a str>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Member")]
pub struct MemberJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub role: Option<&'a str>,
    pub email: Option<&'a str>,
    /// The path of the iCalendar feed of the member's shifts in every team, if they
    /// take turns or cover.
    pub calendar: Option<String>,
}

/// An on-call rotation, with who is on call at the build date.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Rotation")]
pub struct RotationJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// Member ids in the order they take turns.
    pub members: Vec<&'a str>,
    pub shadow: Vec<&'a str>,
    /// A handoff, in the rotation's time zone.
    #[schemars(with = "LocalDateTime")]
    pub rotation_virtual_start: String,
    pub turn_length_days: u32,
    pub time_zone: &'a str,
    pub coverage: Coverage,
    /// Who covers the rotation for a period instead of whoever was scheduled, by start.
    pub overrides: Vec<OverrideJson<'a>>,
    /// The member on call at the start of the build date, overrides applied.
    pub on_call_at_build: Option<&'a str>,
    /// When they hand off, in the rotation's time zone: "Mon 2026-11-23 10:00".
    pub on_call_until: Option<String>,
    /// The next handoffs after the start of the build date, overrides applied.
    pub next_handoffs: Vec<HandoffJson<'a>>,
    /// The path of the rotation's iCalendar feed.
    pub calendar: String,
}

/// An `[[overrides]]` entry of a team file.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Override")]
pub struct OverrideJson<'a> {
    /// The member id of who is on call.
    pub member: &'a str,
    /// From, in the rotation's time zone.
    #[schemars(with = "LocalDateTime")]
    pub start: String,
    /// The first minute they are no longer on call.
    #[schemars(with = "LocalDateTime")]
    pub end: String,
    pub note: Option<&'a str>,
}

/// A handoff of a rotation.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Handoff")]
pub struct HandoffJson<'a> {
    /// When, in the rotation's time zone: "Mon 2026-11-23 10:00".
    pub at: String,
    /// Who takes over.
    pub member: Option<&'a str>,
    /// Whether the shift is an override.
    #[serde(rename = "override")]
    pub is_override: bool,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "EscalationPolicy")]
pub struct PolicyJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub num_loops: u32,
    pub escalation_rules: Vec<RuleJson<'a>>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "EscalationRule")]
pub struct RuleJson<'a> {
    pub escalation_delay_in_minutes: u32,
    pub targets: Vec<TargetJson<'a>>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Target")]
pub struct TargetJson<'a> {
    #[serde(rename = "type")]
    pub kind: TargetKind,
    pub id: &'a str,
}

/// An URL as written, or resolved to a site-relative path for links into the handbook.
fn url(cx: &Ctx, f: Option<&UrlField>) -> Option<String> {
    let f = f?;
    match &f.href {
        Some(h @ Href::Internal { .. }) => href_url(cx.site, h, ""),
        _ => Some(f.text.clone()),
    }
}

fn named<'a>(cx: &Ctx, list: &'a [NamedLink]) -> Vec<LinkJson<'a>> {
    list.iter()
        .map(|l| LinkJson {
            name: &l.name,
            url: url(cx, Some(&l.url)),
        })
        .collect()
}

/// Builds `catalog.json`.
pub fn catalog_json(cx: &Ctx, cal: &Calendars) -> OutputFile {
    let c = &cx.site.catalog;
    let card = &cx.settings().scorecard;
    let schema = match &cx.site.config.base_url {
        Some(base) => format!("{base}{SCHEMA_PATH}"),
        None => SCHEMA_PATH.to_string(),
    };
    let doc = CatalogJson {
        schema: Some(schema),
        schema_version: SCHEMA_VERSION,
        generated_on: &cx.site.today,
        organization: &cx.site.config.organization,
        tiers: (cx.settings().tier_names.iter().enumerate())
            .map(|(i, name)| TierJson { tier: i + 1, name })
            .collect(),
        scorecard_levels: &card.levels,
        scorecard_checks: &card.checks,
        services: (c.services.iter().enumerate())
            .map(|(i, s)| service(cx, i, s))
            .collect(),
        teams: c.teams.iter().map(|t| team(cx, cal, t)).collect(),
    };
    // Through a `Value`, whose keys are sorted: the file's order does not follow the
    // declarations above.
    let text = serde_json::to_value(&doc)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|_| "{}".into());
    OutputFile::text("catalog.json", text + "\n")
}

/// One service, with what analysis found about it.
fn service<'a>(cx: &Ctx<'a>, i: usize, s: &'a Service) -> ServiceJson<'a> {
    let c = &cx.site.catalog;
    let score = &cx.analysis.scores[i];
    let settings = cx.settings();
    let failed = (settings.scorecard.checks.iter().zip(&score.outcomes))
        .filter(|(_, o)| **o == Outcome::Fail)
        .map(|(ch, _)| ch.id.as_str())
        .collect();
    ServiceJson {
        id: &s.id,
        url: service_url(&s.id),
        name: &s.name,
        description: &s.description,
        owner: s.owner.as_ref().map(|o| o.value.as_str()),
        tier: s.tier.value,
        tier_name: (settings.tier_names)
            .get((s.tier.value as usize).saturating_sub(1))
            .map(String::as_str),
        lifecycle: s.lifecycle.value,
        kind: s.kind.as_deref(),
        tags: &s.tags,
        system: s.system.as_deref(),
        repository: url(cx, s.repository.as_ref()),
        runbook: url(cx, s.runbook.as_ref()),
        runbook_reviewed: s.runbook_reviewed.as_ref().map(|r| r.value.as_str()),
        chat: url(cx, s.chat.as_ref()),
        email: s.email.as_deref(),
        escalation_policy: c.policy_of(s).map(|(_, p)| p.id.value.as_str()),
        reviewed: s.reviewed.as_deref(),
        review_every: s.review_every,
        review_overdue: review_overdue(s.reviewed.as_deref(), s.review_every, &cx.site.today),
        sunset: s.sunset.as_deref(),
        replaced_by: s.replaced_by.as_ref().map(|r| r.value.as_str()),
        depends_on: (s.depends_on.iter())
            .map(|d| DependencyJson {
                service: &d.service.value,
                critical: d.critical,
                note: d.note.as_deref(),
            })
            .collect(),
        used_by: (cx.analysis.graph.used_by[i].iter())
            .map(|&u| c.services[u].id.as_str())
            .collect(),
        blast_radius: cx.analysis.reach[i].blast_count,
        dashboards: named(cx, &s.dashboards),
        links: named(cx, &s.links),
        slos: &s.slos,
        sla: s.sla.as_ref(),
        scorecard: ScoreJson {
            level: cx.analysis.level_name(settings, i),
            failed,
        },
    }
}

/// One team, with its rotations as of the build date and the paths of its calendars.
fn team<'a>(cx: &Ctx<'a>, cal: &Calendars, t: &'a Team) -> TeamJson<'a> {
    let feed = |path: String| cal.has(&path).then_some(path);
    let rotations = (t.rotations.iter()).map(|r| rotation(cx, t, r)).collect();
    let policies = (t.policies.iter())
        .map(|p| PolicyJson {
            id: &p.id.value,
            name: &p.name,
            num_loops: p.num_loops,
            escalation_rules: (p.rules.iter())
                .map(|r| RuleJson {
                    escalation_delay_in_minutes: r.delay.value,
                    targets: (r.targets.iter())
                        .map(|x| TargetJson {
                            kind: x.kind,
                            id: &x.id.value,
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    TeamJson {
        id: &t.id,
        url: team_url(&t.id),
        name: &t.name,
        description: &t.description,
        chat: url(cx, t.chat.as_ref()),
        email: t.email.as_deref(),
        reviewed: t.reviewed.as_deref(),
        review_every: t.review_every,
        calendar: feed(team_calendar_url(&t.id)),
        members: (t.members.iter())
            .map(|m| MemberJson {
                id: &m.id.value,
                name: &m.name,
                role: m.role.as_deref(),
                email: m.email.as_deref(),
                calendar: feed(member_calendar_url(&t.id, &m.id.value)),
            })
            .collect(),
        rotations,
        escalation_policies: policies,
        services: (cx.site.catalog.services.iter())
            .filter(|s| s.owner.as_ref().is_some_and(|o| o.value == t.id))
            .map(|s| s.id.as_str())
            .collect(),
    }
}

/// One rotation: its keys, its overrides, and who is on call at the build date
/// (overrides applied) until when, and after.
fn rotation<'a>(cx: &Ctx, t: &Team, r: &'a Rotation) -> RotationJson<'a> {
    let at = start_of(&cx.site.today);
    let local = |l: LocalTime| l.strftime("%Y-%m-%dT%H:%M:00").to_string();
    let ids = |list: &'a [Loc<String>]| list.iter().map(|m| m.value.as_str()).collect();
    // The member ids of shifts are the rotation's or its overrides': borrow those.
    let member = |id: &str| {
        (r.members
            .iter()
            .chain(r.overrides.iter().map(|o| &o.member)))
        .find(|m| m.value == id)
        .map(|m| m.value.as_str())
    };
    let now = on_call(r, at);
    RotationJson {
        id: &r.id.value,
        name: &r.name,
        members: ids(&r.members),
        shadow: ids(&r.shadow),
        rotation_virtual_start: local(r.start),
        turn_length_days: r.turn_length_days,
        time_zone: &r.time_zone,
        coverage: r.coverage,
        overrides: (r.overrides.iter())
            .map(|o| OverrideJson {
                member: &o.member.value,
                start: local(o.start),
                end: local(o.end),
                note: o.note.as_deref(),
            })
            .collect(),
        on_call_at_build: now.as_ref().and_then(|s| member(&s.member)),
        on_call_until: now.as_ref().map(|s| format_local(s.end)),
        next_handoffs: (next_handoffs(r, at, 8).into_iter())
            .map(|s| HandoffJson {
                at: format_local(s.start),
                member: member(&s.member),
                is_override: s.cover.is_some(),
            })
            .collect(),
        calendar: rotation_calendar_url(&t.id, &r.id.value),
    }
}
