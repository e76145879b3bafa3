//! The cross-reference rules: owners, dependencies and replacements, escalation
//! policies, targets and rotation members, and policy ids shared by two teams.

use super::Out;
use crate::catalog::model::{Service, TargetKind};

fn did_you_mean(wrong: &str, known: Vec<&str>, fallback: String) -> String {
    crate::text::did_you_mean(wrong, known, &fallback)
}

pub(super) fn owner(out: &mut Out, s: &Service) {
    let c = out.catalog;
    match &s.owner {
        None => out.push(
            "unknown-owner",
            &s.file,
            s.head,
            format!("the service `{}` has no owner", s.id),
            "add owner = \"<team id>\": exactly one team owns each service".into(),
        ),
        Some(o) if c.team(&o.value).is_none() && !c.is_broken(&format!("team:{}", o.value)) => {
            let hint = did_you_mean(
                &o.value,
                c.teams.iter().map(|t| t.id.as_str()).collect(),
                "the owner is a team id: the name of a file in content/teams/".into(),
            );
            out.push(
                "unknown-owner",
                &s.file,
                o.span,
                format!("the owner `{}` is not a team", o.value),
                hint,
            );
        }
        Some(_) => {}
    }
}

pub(super) fn references(out: &mut Out, s: &Service) {
    let c = out.catalog;
    let known = || c.services.iter().map(|x| x.id.as_str()).collect::<Vec<_>>();
    let missing = |id: &str| c.service(id).is_none() && !c.is_broken(&format!("service:{id}"));
    for d in &s.depends_on {
        if missing(&d.service.value) {
            let hint = did_you_mean(
                &d.service.value,
                known(),
                "dependencies are service ids: names of files in content/services/".into(),
            );
            out.push(
                "unknown-service",
                &s.file,
                d.service.span,
                format!(
                    "`{}` depends on `{}`, which is not a service",
                    s.id, d.service.value
                ),
                hint,
            );
        }
    }
    if let Some(r) = &s.replaced_by
        && missing(&r.value)
    {
        let hint = did_you_mean(
            &r.value,
            known(),
            "name the id of the replacing service".into(),
        );
        out.push(
            "unknown-service",
            &s.file,
            r.span,
            format!(
                "`{}` is replaced by `{}`, which is not a service",
                s.id, r.value
            ),
            hint,
        );
    }
    if let Some(p) = &s.escalation_policy
        && c.policy(&p.value).is_none()
    {
        let ids: Vec<&str> = c
            .teams
            .iter()
            .flat_map(|t| t.policies.iter().map(|p| p.id.value.as_str()))
            .collect();
        let hint = did_you_mean(&p.value, ids, "name the id of a policy in a team file, or remove the key to use the owner's first policy".into());
        out.push(
            "unknown-escalation-target",
            &s.file,
            p.span,
            format!("there is no escalation policy `{}`", p.value),
            hint,
        );
    }
}

pub(super) fn teams(out: &mut Out) {
    let c = out.catalog;
    let mut seen_policies: Vec<(&str, &str)> = Vec::new();
    for team in &c.teams {
        for rot in &team.rotations {
            for m in rot.members.iter().chain(&rot.shadow) {
                if team.member(&m.value).is_none() {
                    let hint = did_you_mean(
                        &m.value,
                        team.members.iter().map(|x| x.id.value.as_str()).collect(),
                        "rotation members are ids from this team's [[members]]".into(),
                    );
                    out.push(
                        "unknown-escalation-target",
                        &team.file,
                        m.span,
                        format!(
                            "`{}` in rotation `{}` is not a member of the team",
                            m.value, rot.id.value
                        ),
                        hint,
                    );
                }
            }
        }
        for p in &team.policies {
            if let Some((_, other)) = seen_policies.iter().find(|(id, _)| *id == p.id.value) {
                out.push(
                    "duplicate-id",
                    &team.file,
                    p.id.span,
                    format!(
                        "the escalation policy id `{}` is already used by team `{other}`",
                        p.id.value
                    ),
                    "services name policies by id alone, so policy ids must be unique across teams"
                        .into(),
                );
            } else {
                seen_policies.push((&p.id.value, &team.id));
            }
            for rule in &p.rules {
                for t in &rule.targets {
                    let (exists, what, hint) = match t.kind {
                        TargetKind::Rotation => (
                            team.rotation(&t.id.value).is_some(),
                            "rotation of this team",
                            team.rotations
                                .iter()
                                .map(|r| r.id.value.as_str())
                                .collect::<Vec<_>>(),
                        ),
                        TargetKind::User => (
                            team.member(&t.id.value).is_some(),
                            "member of this team",
                            team.members.iter().map(|m| m.id.value.as_str()).collect(),
                        ),
                        TargetKind::Team => (
                            c.team(&t.id.value).is_some()
                                || c.is_broken(&format!("team:{}", t.id.value)),
                            "team",
                            c.teams.iter().map(|t| t.id.as_str()).collect(),
                        ),
                    };
                    if !exists {
                        let hint = did_you_mean(
                            &t.id.value,
                            hint,
                            format!("a `{}` target names a {what}", t.kind.as_str()),
                        );
                        out.push(
                            "unknown-escalation-target",
                            &team.file,
                            t.id.span,
                            format!("the escalation target `{}` is not a {what}", t.id.value),
                            hint,
                        );
                    }
                }
            }
        }
    }
}
