//! Escalation policies: `pagerduty_escalation_policy` with its rules in order, each
//! rule's delay and targets, and `num_loops` (the catalog already uses PagerDuty's
//! meaning: how often the policy repeats after its last level, 0 to 9).
//!
//! PagerDuty targets only users and schedules. A level that pages a whole team
//! (`{ type = "team", id = "platform" }`) means, in ownbook, paging that team's first
//! policy (see `analyze::oncall`, which times a team target the same way). A policy
//! cannot point at another policy, so the closest faithful target is what that
//! policy pages at once: the targets of its first level, resolved the same way (a
//! team without a policy falls back to its first rotation). The team's later levels
//! are not followed from here, and the note says so.

use super::hcl::{Block, Value};
use super::people::join_and;
use super::{Ctx, Schedules};
use crate::catalog::model::{EscalationRule, Policy, Target, TargetKind, Team};

/// A target PagerDuty can page: a schedule or a user, by address.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Paged {
    Schedule(String),
    User(String),
}

/// The policies of `team`; fills `ctx.policy_of`.
pub(super) fn policies(ctx: &mut Ctx, team: &Team) -> Vec<Block> {
    let mut blocks = Vec::new();
    for policy in &team.policies {
        let rules: Vec<Block> = policy
            .rules
            .iter()
            .enumerate()
            .filter_map(|(level, rule)| rule_block(ctx, team, policy, level, rule))
            .collect();
        if rules.is_empty() {
            let message = format!(
                "escalation policy `{}` has no level PagerDuty can page: not exported",
                policy.id.value
            );
            ctx.note(&team.file, policy.id.span, message);
            continue;
        }
        let (name, plain) = ctx
            .names
            .claim("pagerduty_escalation_policy", &[&policy.id.value]);
        if !plain {
            let message = format!(
                "escalation policy id `{}` gives the Terraform name of another policy: written as `{name}`",
                policy.id.value
            );
            ctx.note(&team.file, policy.id.span, message);
        }
        let mut block = Block::new("resource", &["pagerduty_escalation_policy", &name])
            .attr("name", Value::str(&policy.name))
            .attr("num_loops", Value::Int(i64::from(policy.num_loops)))
            .attr(
                "teams",
                Value::List(vec![Value::id_of(&ctx.team_address(&team.id))]),
            );
        for rule in rules {
            block = block.block(rule);
        }
        blocks.push(block);
        ctx.policy_of.insert(
            policy.id.value.clone(),
            format!("pagerduty_escalation_policy.{name}"),
        );
        ctx.counts.policies += 1;
    }
    blocks
}

/// One level as a `rule`, or `None` (with a note) when none of its targets can be paged.
fn rule_block(
    ctx: &mut Ctx,
    team: &Team,
    policy: &Policy,
    level: usize,
    rule: &EscalationRule,
) -> Option<Block> {
    let mut paged: Vec<Paged> = Vec::new();
    for target in &rule.targets {
        for p in resolve(ctx, team, target) {
            if !paged.contains(&p) {
                paged.push(p);
            }
        }
    }
    if paged.is_empty() {
        let message = format!(
            "level {} of escalation policy `{}` has no target PagerDuty can page: left out",
            level + 1,
            policy.id.value
        );
        ctx.note(&team.file, rule.delay.span, message);
        return None;
    }
    // PagerDuty's API refuses a delay under one minute.
    let delay = if rule.delay.value == 0 {
        let message = format!(
            "level {} of escalation policy `{}` escalates after 0 minutes, and PagerDuty's shortest delay is 1: written as 1",
            level + 1,
            policy.id.value
        );
        ctx.note(&team.file, rule.delay.span, message);
        1
    } else {
        rule.delay.value
    };
    let mut block =
        Block::new("rule", &[]).attr("escalation_delay_in_minutes", Value::Int(i64::from(delay)));
    for p in paged {
        block = block.block(target_block(ctx.schedules, &p));
    }
    Some(block)
}

fn target_block(schedules: Schedules, paged: &Paged) -> Block {
    let (kind, address) = match paged {
        // A v3 (shift-based) schedule is referenced as `schedule_v3_reference`: the
        // type PagerDuty's REST API gives those schedules in place of
        // `schedule_reference` (its "Schedules API: v2 → v3 upgrade guide", "Type
        // discriminators"); the provider passes the type through unchanged.
        Paged::Schedule(a) if schedules == Schedules::V2 => ("schedule_v3_reference", a),
        Paged::Schedule(a) => ("schedule_reference", a),
        Paged::User(a) => ("user_reference", a),
    };
    Block::new("target", &[])
        .attr("type", Value::str(kind))
        .attr("id", Value::id_of(address))
}

/// What `target` (of a policy of `team`) pages in PagerDuty. Rotations and members
/// that were not exported give nothing; their own notes say why.
fn resolve(ctx: &mut Ctx, team: &Team, target: &Target) -> Vec<Paged> {
    match target.kind {
        TargetKind::Rotation | TargetKind::User => resolve_quiet(ctx, team, target),
        TargetKind::Team => {
            let mut visiting = vec![team.id.clone()];
            let (paged, via) = page_team(ctx, &target.id.value, &mut visiting);
            let message = if paged.is_empty() {
                format!(
                    "PagerDuty cannot page a team, and team `{}` has nothing to page in its place: left out",
                    target.id.value
                )
            } else {
                format!(
                    "PagerDuty cannot page a team: `{}` is written as {}, what its {via} pages first; its later levels are not followed from here",
                    target.id.value,
                    join_and(&paged.iter().map(describe).collect::<Vec<_>>())
                )
            };
            ctx.note(&team.file, target.id.span, message);
            paged
        }
    }
}

/// What paging team `id` pages at once, and through what (for the note).
fn page_team(ctx: &Ctx, id: &str, visiting: &mut Vec<String>) -> (Vec<Paged>, String) {
    let Some(other) = ctx.catalog.team(id) else {
        return (Vec::new(), String::new());
    };
    if visiting.iter().any(|v| v == id) {
        return (Vec::new(), String::new());
    }
    visiting.push(id.to_string());
    let result = match other.policies.first() {
        Some(policy) => {
            let mut paged = Vec::new();
            for t in policy
                .rules
                .first()
                .map(|r| r.targets.as_slice())
                .unwrap_or_default()
            {
                let found = match t.kind {
                    TargetKind::Team => page_team(ctx, &t.id.value, visiting).0,
                    _ => resolve_quiet(ctx, other, t),
                };
                for p in found {
                    if !paged.contains(&p) {
                        paged.push(p);
                    }
                }
            }
            (paged, format!("policy `{}`", policy.id.value))
        }
        None => {
            let first = other.rotations.first();
            let paged = first
                .and_then(|r| ctx.schedule_of.get(&(other.id.clone(), r.id.value.clone())))
                .map(|a| vec![Paged::Schedule(a.clone())])
                .unwrap_or_default();
            (paged, "first rotation".to_string())
        }
    };
    visiting.pop();
    result
}

/// A rotation or user target of `team`, without notes.
fn resolve_quiet(ctx: &Ctx, team: &Team, target: &Target) -> Vec<Paged> {
    let key = (team.id.clone(), target.id.value.clone());
    let found = match target.kind {
        TargetKind::Rotation => ctx.schedule_of.get(&key).cloned().map(Paged::Schedule),
        TargetKind::User => ctx.users.get(&key).cloned().map(Paged::User),
        TargetKind::Team => None,
    };
    found.into_iter().collect()
}

fn describe(p: &Paged) -> String {
    match p {
        Paged::Schedule(a) | Paged::User(a) => format!("`{a}`"),
    }
}
