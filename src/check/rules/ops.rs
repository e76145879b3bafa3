//! The operational rules: production services need on-call, runbooks must be fresh,
//! tier 1 needs a runbook, an SLO and round-the-clock cover, no production service
//! should lean on a sunsetting one, no dependency cycles, teams not overloaded, and
//! escalation delays within the limits of the tier.

use super::Out;
use crate::analyze::graph::MAX_CYCLES;
use crate::analyze::oncall::delay_problems;
use crate::catalog::model::{Lifecycle, Service};

/// "a, b and c".
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

pub(super) fn on_call(out: &mut Out, s: &Service) {
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
        format!(
            "`{}` is in production but its owner `{}` has {missing}",
            s.id, team.id
        ),
        format!(
            "add [[rotations]] and [[escalation_policies]] to {}",
            team.file.display
        ),
    );
}

pub(super) fn runbook(out: &mut Out, s: &Service) {
    if s.runbook.is_none() || s.lifecycle.value == Lifecycle::Retired {
        return;
    }
    let max = out.settings.runbook_max_age_days;
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
            let age = crate::dates::days_between(&r.value, out.today).unwrap_or(0);
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

pub(super) fn tier1(out: &mut Out, s: &Service) {
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
    // An unknown policy is reported on its own; do not add a second warning for it.
    let unknown_policy = s
        .escalation_policy
        .as_ref()
        .is_some_and(|p| out.catalog.policy(&p.value).is_none());
    if !unknown_policy && out.catalog.first_level_coverage(s) != Some("24/7") {
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

pub(super) fn deprecated_dependencies(out: &mut Out, s: &Service) {
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

pub(super) fn cycles(out: &mut Out) {
    let c = out.catalog;
    let graph = &out.analysis.graph;
    for cycle in &graph.cycles {
        let Some(&first) = cycle.first() else {
            continue;
        };
        let next = cycle.get(1).copied().unwrap_or(first);
        let s = &c.services[first];
        let Some(edge) = graph.deps[first].iter().find(|e| e.to == next) else {
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
    if graph.more_cycles
        && let Some(&first) = graph.cycles.last().and_then(|c| c.first())
    {
        let s = &c.services[first];
        out.push(
            "dependency-cycle",
            &s.file,
            s.head,
            format!(
                "there are more than {} dependency cycles; the first {} are listed",
                MAX_CYCLES, MAX_CYCLES
            ),
            "break the cycles listed and check again to see the rest".into(),
        );
    }
}

pub(super) fn team_load(out: &mut Out) {
    let c = out.catalog;
    let max = out.settings.max_services_per_member;
    for team in &c.teams {
        let owned = c
            .services
            .iter()
            .filter(|s| {
                s.owner.as_ref().is_some_and(|o| o.value == team.id)
                    && s.lifecycle.value != Lifecycle::Retired
            })
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

pub(super) fn escalation_delays(out: &mut Out) {
    let (c, settings, analysis) = (out.catalog, out.settings, out.analysis);
    for team in &c.teams {
        for p in &team.policies {
            let Some(tier) = analysis.policy_tier(c, team, p) else {
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
            for problem in delay_problems(settings, tier, p) {
                let hint = if problem.too_short {
                    "a person paged at night needs a few minutes to respond; a shorter delay pages the next level for nothing"
                } else {
                    "shorten the first delay, or give the more critical service its own faster policy"
                };
                out.push(
                    "escalation-delay",
                    &team.file,
                    p.rules[problem.level].delay.span,
                    format!(
                        "escalation policy `{}`: {} (used by `{example}`)",
                        p.id.value, problem.message
                    ),
                    hint.into(),
                );
            }
        }
    }
}
