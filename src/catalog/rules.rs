//! The catalog rules: cross-references (owners, dependencies, escalation targets), the
//! dependency cycles, on-call coverage, stale runbooks, tier 1 requirements, team load,
//! dependencies on sunsetting services and escalation delays per tier. Each rule's
//! severity comes from `[rules]` in ownbook.toml; a rule set to "off" reports nothing.

use super::Catalog;
use super::model::{Lifecycle, Service, SourceFile, Span, TargetKind};
use crate::diag::Diagnostic;

struct Out<'a> {
    catalog: &'a Catalog,
    diags: Vec<Diagnostic>,
}

impl Out<'_> {
    fn push(&mut self, rule: &str, file: &SourceFile, span: Span, msg: String, hint: String) {
        if let Some(sev) = self.catalog.settings.severity(rule) {
            self.diags.push(file.diag(sev, rule, span, msg).hint(hint));
        }
    }
}

/// Runs every rule that needs only the catalog (not the guide pages).
pub fn run(catalog: &Catalog) -> Vec<Diagnostic> {
    let mut out = Out {
        catalog,
        diags: Vec::new(),
    };
    for s in &catalog.services {
        owner(&mut out, s);
        references(&mut out, s);
        on_call(&mut out, s);
        runbook(&mut out, s);
        tier1(&mut out, s);
        deprecated_dependencies(&mut out, s);
    }
    teams(&mut out);
    cycles(&mut out);
    team_load(&mut out);
    escalation_delays(&mut out);
    out.diags
}

/// "a, b and c".
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The closest known id to `wrong`, for "did you mean" hints.
fn closest<'a>(wrong: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|k| (edit_distance(wrong, k), k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(2))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn did_you_mean(wrong: &str, known: Vec<&str>, fallback: String) -> String {
    match closest(wrong, known.into_iter()) {
        Some(k) => format!("did you mean `{k}`?"),
        None => fallback,
    }
}

fn owner(out: &mut Out, s: &Service) {
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

fn references(out: &mut Out, s: &Service) {
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
                format!("`{}` depends on `{}`, which is not a service", s.id, d.service.value),
                hint,
            );
        }
    }
    if let Some(r) = &s.replaced_by
        && missing(&r.value)
    {
        let hint = did_you_mean(&r.value, known(), "name the id of the replacing service".into());
        out.push(
            "unknown-service",
            &s.file,
            r.span,
            format!("`{}` is replaced by `{}`, which is not a service", s.id, r.value),
            hint,
        );
    }
    if let Some(p) = &s.escalation_policy
        && c.policy(&p.value).is_none()
    {
        let ids: Vec<&str> = c.teams.iter().flat_map(|t| t.policies.iter().map(|p| p.id.value.as_str())).collect();
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

fn on_call(out: &mut Out, s: &Service) {
    if s.lifecycle.value != Lifecycle::Production {
        return;
    }
    let Some(team) = out.catalog.owner_team(s) else {
        return;
    };
    let missing = match (team.rotations.is_empty(), team.policies.is_empty()) {
        (true, true) => "no on-call rotation and no escalation policy",
        (true, false) => "no on-call rotation",
        (false, true) => "no escalation policy",
        (false, false) => return,
    };
    let span = s.owner.as_ref().map_or(s.head, |o| o.span);
    out.push(
        "production-without-on-call",
        &s.file,
        span,
        format!("`{}` is in production but its owner `{}` has {missing}", s.id, team.id),
        format!("add [[rotations]] and [[escalation_policies]] to {}", team.file.display),
    );
}

fn runbook(out: &mut Out, s: &Service) {
    if s.runbook.is_none() || s.lifecycle.value == Lifecycle::Retired {
        return;
    }
    let max = out.catalog.settings.runbook_max_age_days;
    match &s.runbook_reviewed {
        None => {
            let span = s.runbook.as_ref().map_or(s.head, |r| r.span);
            out.push(
                "stale-runbook",
                &s.file,
                span,
                format!("the runbook of `{}` has no review date", s.id),
                "add runbook_reviewed = <date> after checking that the runbook still works".into(),
            );
        }
        Some(r) => {
            let age = crate::dates::days_between(&r.value, &out.catalog.today).unwrap_or(0);
            if age > i64::from(max) {
                out.push(
                    "stale-runbook",
                    &s.file,
                    r.span,
                    format!("the runbook of `{}` was last reviewed on {} ({age} days ago, more than {max})", s.id, r.value),
                    "walk through the runbook, fix what changed, then update runbook_reviewed".into(),
                );
            }
        }
    }
}

fn tier1(out: &mut Out, s: &Service) {
    if s.tier.value != 1 || s.lifecycle.value.is_sunsetting() {
        return;
    }
    let mut missing = Vec::new();
    if s.runbook.is_none() {
        missing.push("a runbook");
    }
    if s.slos.is_empty() {
        missing.push("an SLO");
    }
    if out.catalog.first_level_coverage(s) != Some("24/7") {
        missing.push("a 24/7 rotation at the first escalation level");
    }
    if missing.is_empty() {
        return;
    }
    out.push(
        "tier1-requirements",
        &s.file,
        s.tier.span,
        format!("tier 1 service `{}` lacks {}", s.id, and_list(&missing)),
        "tier 1 services need a runbook, at least one SLO and round-the-clock on-call".into(),
    );
}

fn deprecated_dependencies(out: &mut Out, s: &Service) {
    if s.lifecycle.value != Lifecycle::Production {
        return;
    }
    for d in &s.depends_on {
        let Some(target) = out.catalog.service(&d.service.value) else {
            continue;
        };
        if !target.lifecycle.value.is_sunsetting() {
            continue;
        }
        let hint = match &target.replaced_by {
            Some(r) => format!("move to its replacement `{}`", r.value),
            None => "plan the move away from it with its owners".into(),
        };
        out.push(
            "depends-on-deprecated",
            &s.file,
            d.service.span,
            format!(
                "`{}` is in production but depends on `{}`, which is {}",
                s.id,
                target.id,
                target.lifecycle.value.as_str()
            ),
            hint,
        );
    }
}

fn teams(out: &mut Out) {
    let c = out.catalog;
    let mut seen_policies: Vec<(&str, &str)> = Vec::new();
    for team in &c.teams {
        for rot in &team.rotations {
            for m in rot.members.iter().chain(&rot.shadow) {
                if team.member(&m.value).is_none() {
                    let hint = did_you_mean(&m.value, team.members.iter().map(|x| x.id.value.as_str()).collect(), "rotation members are ids from this team's [[members]]".into());
                    out.push("unknown-escalation-target", &team.file, m.span, format!("`{}` in rotation `{}` is not a member of the team", m.value, rot.id.value), hint);
                }
            }
        }
        for p in &team.policies {
            if let Some((_, other)) = seen_policies.iter().find(|(id, _)| *id == p.id.value) {
                out.push("duplicate-id", &team.file, p.id.span, format!("the escalation policy id `{}` is already used by team `{other}`", p.id.value), "services name policies by id alone, so policy ids must be unique across teams".into());
            } else {
                seen_policies.push((&p.id.value, &team.id));
            }
            for rule in &p.rules {
                for t in &rule.targets {
                    let (exists, what, hint) = match t.kind {
                        TargetKind::Rotation => (team.rotation(&t.id.value).is_some(), "rotation of this team", team.rotations.iter().map(|r| r.id.value.as_str()).collect::<Vec<_>>()),
                        TargetKind::User => (team.member(&t.id.value).is_some(), "member of this team", team.members.iter().map(|m| m.id.value.as_str()).collect()),
                        TargetKind::Team => (c.team(&t.id.value).is_some() || c.is_broken(&format!("team:{}", t.id.value)), "team", c.teams.iter().map(|t| t.id.as_str()).collect()),
                    };
                    if !exists {
                        let hint = did_you_mean(&t.id.value, hint, format!("a `{}` target names a {what}", t.kind.as_str()));
                        out.push("unknown-escalation-target", &team.file, t.id.span, format!("the escalation target `{}` is not a {what}", t.id.value), hint);
                    }
                }
            }
        }
    }
}

fn cycles(out: &mut Out) {
    let c = out.catalog;
    for cycle in &c.graph.cycles {
        let Some(&first) = cycle.first() else { continue };
        let next = cycle.get(1).copied().unwrap_or(first);
        let s = &c.services[first];
        let Some(edge) = c.graph.deps[first].iter().find(|e| e.to == next) else {
            continue;
        };
        let mut names: Vec<&str> = cycle.iter().map(|&i| c.services[i].id.as_str()).collect();
        names.push(&s.id);
        out.push(
            "dependency-cycle",
            &s.file,
            s.depends_on[edge.entry].service.span,
            format!("dependency cycle: {}", names.join(" → ")),
            "services in a cycle cannot be started or recovered one at a time; break the cycle with a fallback, a cache or an event".into(),
        );
    }
}

fn team_load(out: &mut Out) {
    let c = out.catalog;
    let max = c.settings.max_services_per_member;
    for team in &c.teams {
        let owned = c
            .services
            .iter()
            .filter(|s| s.owner.as_ref().is_some_and(|o| o.value == team.id) && s.lifecycle.value != Lifecycle::Retired)
            .count();
        let allowed = (max * team.members.len() as f64).floor() as usize;
        if owned > allowed {
            out.push(
                "team-load",
                &team.file,
                team.head,
                format!("team `{}` owns {owned} services with {} members; the rules allow {allowed} ({max} per member)", team.id, team.members.len()),
                "move services to another team, add members, or raise max_services_per_member in ownbook.toml".into(),
            );
        }
    }
}

fn escalation_delays(out: &mut Out) {
    let c = out.catalog;
    for team in &c.teams {
        for p in &team.policies {
            let Some(tier) = super::ctx::policy_tier(c, p) else {
                continue;
            };
            let example = c
                .services
                .iter()
                .find(|s| {
                    s.tier.value == tier
                        && !s.lifecycle.value.is_sunsetting()
                        && c.policy_of(s).is_some_and(|(_, q)| std::ptr::eq(q, p))
                })
                .map_or("", |s| s.id.as_str());
            for problem in super::ctx::delay_problems(&c.settings, tier, p) {
                let hint = if problem.too_short {
                    "a person paged at night needs a few minutes to respond; a shorter delay pages the next level for nothing"
                } else {
                    "shorten the first delay, or give the more critical service its own faster policy"
                };
                out.push(
                    "escalation-delay",
                    &team.file,
                    p.rules[problem.level].delay.span,
                    format!("escalation policy `{}`: {} (used by `{example}`)", p.id.value, problem.message),
                    hint.into(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close() {
        let known = ["checkout", "platform", "storefront"];
        assert_eq!(closest("chekout", known.into_iter()), Some("checkout"));
        assert_eq!(closest("zzz", known.into_iter()), None);
    }
}
