//! Reading one team file: members, on-call rotations (PagerDuty schedule layers) with
//! their `[[overrides]]`, and escalation policies, with their values validated and
//! their spans kept.

use super::fields::{Reporter, date_field, days_field, email_field, head_span, loc, url_field};
use super::raw::*;
use crate::catalog::model::*;
use crate::catalog::values::{self, UrlKind};
use std::collections::HashSet;
use toml::Spanned;

/// Converts a parsed team file into the model.
pub fn team(rep: &mut Reporter, id: String, file: SourceFile, raw: RawTeam) -> Team {
    let head = head_span(&file.text);
    let name = match raw.name {
        Some(n) => n.into_inner(),
        None => {
            rep.missing(&file, head, "name", "name = \"Checkout & Payments\"");
            id.clone()
        }
    };
    let (description, description_variants) = match raw.description {
        Some(text) => super::fields::text_by_language(rep, &file, text, "description"),
        None => Default::default(),
    };
    let members = members(rep, &file, raw.members);
    let mut rotations = rotations(rep, &file, raw.rotations);
    super::overrides::attach(rep, &file, raw.overrides, &members, &mut rotations);
    let policies = policies(rep, &file, raw.escalation_policies);
    Team {
        chat: url_field(rep, &file, raw.chat, UrlKind::Chat),
        email: email_field(rep, &file, raw.email),
        reviewed: date_field(rep, &file, raw.reviewed).map(|d| d.value),
        review_every: days_field(rep, &file, raw.review_every),
        code_owner: raw.code_owner.and_then(|c| code_owner(rep, &file, c)),
        id,
        head,
        name,
        description,
        description_variants,
        members,
        rotations,
        policies,
        file,
    }
}

/// The team's CODEOWNERS handle; a bad one is reported and dropped.
fn code_owner(rep: &mut Reporter, file: &SourceFile, raw: Spanned<String>) -> Option<Loc<String>> {
    match values::check_code_owner(raw.get_ref()) {
        Ok(handle) => Some(Loc::new(handle, raw.span())),
        Err(p) => {
            rep.report(file, raw.span().into(), p);
            None
        }
    }
}

fn duplicate(rep: &mut Reporter, file: &SourceFile, what: &str, id: &Loc<String>) {
    rep.report(
        file,
        id.span,
        (
            "duplicate-id",
            format!("the {what} id `{}` is used twice in this team", id.value),
            format!("give each {what} its own id"),
        ),
    );
}

fn members(rep: &mut Reporter, file: &SourceFile, raw: Vec<Spanned<RawMember>>) -> Vec<Member> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for m in raw {
        let m = m.into_inner();
        // A member without an id gets one from the name, so short files stay short.
        let id = match m.id {
            Some(id) => loc(id),
            None => Loc::new(crate::text::slugify(m.name.get_ref()), m.name.span()),
        };
        if !values::is_valid_id(&id.value) {
            rep.report(
                file,
                id.span,
                (
                    "invalid-value",
                    format!("`{}` is not a valid member id", id.value),
                    "use lowercase letters, digits and `-`, e.g. id = \"amara\"".into(),
                ),
            );
            continue;
        }
        if !seen.insert(id.value.clone()) {
            duplicate(rep, file, "member", &id);
            continue;
        }
        out.push(Member {
            id,
            name: m.name.into_inner(),
            role: m.role,
            email: email_field(rep, file, m.email),
        });
    }
    out
}

/// The on-call rotations; one with a repeated id is reported and dropped.
fn rotations(
    rep: &mut Reporter,
    file: &SourceFile,
    raw: Vec<Spanned<RawRotation>>,
) -> Vec<Rotation> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for r in raw {
        let r = r.into_inner();
        let id = loc(r.id);
        if !seen.insert(id.value.clone()) {
            duplicate(rep, file, "rotation", &id);
            continue;
        }
        // A rotation with a bad value is kept (the error fails the build anyway), so
        // that the rules do not also report the team as having no rotation.
        let start = rotation_start(rep, file, &r.rotation_virtual_start);
        let turn = turn_length(rep, file, &r.turn_length_days);
        check_time_zone(rep, file, &r.time_zone);
        let coverage = coverage(rep, file, r.coverage.as_ref());
        let members = rotation_members(rep, file, r.members);
        out.push(Rotation {
            name: r.name.unwrap_or_else(|| id.value.clone()),
            id,
            members,
            start,
            turn_length_days: turn,
            time_zone: r.time_zone.into_inner(),
            coverage,
            shadow: r.shadow.into_iter().map(loc).collect(),
            overrides: Vec::new(),
        });
    }
    out
}

/// When the rotation's first turn starts; a bad value counts as 2026-01-01 00:00.
fn rotation_start(
    rep: &mut Reporter,
    file: &SourceFile,
    raw: &Spanned<toml::value::Datetime>,
) -> LocalTime {
    match values::local_time(raw.get_ref()) {
        Ok(t) => t,
        Err(p) => {
            rep.report(file, raw.span().into(), p);
            LocalTime::constant(2026, 1, 1, 0, 0, 0, 0)
        }
    }
}

/// The days of one turn, 1 to 365; a bad value counts as 7.
fn turn_length(rep: &mut Reporter, file: &SourceFile, raw: &Spanned<i64>) -> u32 {
    match u32::try_from(*raw.get_ref())
        .ok()
        .filter(|d| (1..=365).contains(d))
    {
        Some(d) => d,
        None => {
            rep.report(
                file,
                raw.span().into(),
                (
                    "invalid-value",
                    format!("{} is not a turn length", raw.get_ref()),
                    "write the days each person is on call, from 1 to 365, e.g. 7".into(),
                ),
            );
            7
        }
    }
}

/// Reports a time zone that is not in the IANA database; the name is kept as written.
fn check_time_zone(rep: &mut Reporter, file: &SourceFile, raw: &Spanned<String>) {
    if !values::is_known_time_zone(raw.get_ref()) {
        rep.report(
            file,
            raw.span().into(),
            (
                "invalid-value",
                format!("`{}` is not a known time zone", raw.get_ref()),
                "use an IANA name such as \"Europe/Berlin\", \"America/New_York\" or \"UTC\""
                    .into(),
            ),
        );
    }
}

/// The hours the rotation covers; missing or bad means around the clock.
fn coverage(rep: &mut Reporter, file: &SourceFile, raw: Option<&Spanned<String>>) -> Coverage {
    let Some(raw) = raw else {
        return Coverage::AllHours;
    };
    match Coverage::parse(raw.get_ref()) {
        Some(coverage) => coverage,
        None => {
            rep.report(
                file,
                raw.span().into(),
                (
                    "invalid-value",
                    format!("`{}` is not a coverage", raw.get_ref()),
                    "write coverage = \"24/7\" or coverage = \"business-hours\"".into(),
                ),
            );
            Coverage::AllHours
        }
    }
}

/// The member ids in rotation order; an empty list is reported.
fn rotation_members(
    rep: &mut Reporter,
    file: &SourceFile,
    raw: Spanned<Vec<Spanned<String>>>,
) -> Vec<Loc<String>> {
    let span = raw.span();
    let members: Vec<Loc<String>> = raw.into_inner().into_iter().map(loc).collect();
    if members.is_empty() {
        rep.report(
            file,
            span.into(),
            (
                "invalid-value",
                "a rotation needs at least one member".into(),
                "list the member ids in rotation order, e.g. members = [\"amara\", \"li\"]".into(),
            ),
        );
    }
    members
}

/// The escalation policies; one with a repeated id or without a usable level is
/// reported and dropped.
fn policies(rep: &mut Reporter, file: &SourceFile, raw: Vec<Spanned<RawPolicy>>) -> Vec<Policy> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for p in raw {
        let p = p.into_inner();
        let id = loc(p.id);
        if !seen.insert(id.value.clone()) {
            duplicate(rep, file, "escalation policy", &id);
            continue;
        }
        let num_loops = num_loops(rep, file, p.num_loops);
        let rules_span = p.escalation_rules.span();
        let rules: Vec<EscalationRule> = p
            .escalation_rules
            .into_inner()
            .into_iter()
            .filter_map(|r| escalation_rule(rep, file, r))
            .collect();
        if rules.is_empty() {
            rep.report(
                file,
                rules_span.into(),
                (
                    "invalid-value",
                    "an escalation policy needs at least one level".into(),
                    "add [[escalation_policies.escalation_rules]] tables".into(),
                ),
            );
            continue;
        }
        out.push(Policy {
            name: p.name.unwrap_or_else(|| id.value.clone()),
            id,
            num_loops,
            rules,
        });
    }
    out
}

/// How often a policy repeats after its last level, 0 to 9; a bad value counts as 0.
fn num_loops(rep: &mut Reporter, file: &SourceFile, raw: Option<Spanned<i64>>) -> u32 {
    let Some(n) = raw else { return 0 };
    match u32::try_from(*n.get_ref()).ok().filter(|n| *n <= 9) {
        Some(v) => v,
        None => {
            rep.report(
                file,
                n.span().into(),
                (
                    "invalid-value",
                    format!("num_loops = {} is out of range", n.get_ref()),
                    "write how often the policy repeats after its last level, 0 to 9".into(),
                ),
            );
            0
        }
    }
}

/// One level of a policy; a level left without a usable target is reported and dropped.
fn escalation_rule(rep: &mut Reporter, file: &SourceFile, raw: RawRule) -> Option<EscalationRule> {
    let delay_span = raw.escalation_delay_in_minutes.span();
    let delay = match u32::try_from(*raw.escalation_delay_in_minutes.get_ref()) {
        Ok(d) => d,
        Err(_) => {
            rep.report(
                file,
                delay_span.clone().into(),
                (
                    "invalid-value",
                    format!(
                        "escalation_delay_in_minutes = {} is negative",
                        raw.escalation_delay_in_minutes.get_ref()
                    ),
                    "write the minutes this level has before the next is paged".into(),
                ),
            );
            0
        }
    };
    let targets_span = raw.targets.span();
    let targets: Vec<Target> = raw
        .targets
        .into_inner()
        .into_iter()
        .filter_map(|t| target(rep, file, t))
        .collect();
    if targets.is_empty() {
        rep.report(
            file,
            targets_span.into(),
            (
                "invalid-value",
                "an escalation level needs at least one target".into(),
                "add targets = [{ type = \"rotation\", id = \"primary\" }]".into(),
            ),
        );
        return None;
    }
    Some(EscalationRule {
        delay: Loc::new(delay, delay_span),
        targets,
    })
}

/// One target of a level; PagerDuty's `schedule_reference` and `user_reference` are
/// accepted beside ownbook's names. An unknown type is reported and dropped.
fn target(rep: &mut Reporter, file: &SourceFile, raw: RawTarget) -> Option<Target> {
    let kind = match TargetKind::parse(raw.kind.get_ref()) {
        Some(kind) => kind,
        None => {
            let other = raw.kind.get_ref();
            rep.report(
                file,
                raw.kind.span().into(),
                (
                    "invalid-value",
                    format!("`{other}` is not a target type"),
                    "write type = \"rotation\", \"user\" or \"team\"".into(),
                ),
            );
            return None;
        }
    };
    Some(Target {
        kind,
        id: loc(raw.id),
    })
}
