//! Services and their dependencies: `pagerduty_service` bound to the escalation
//! policy the catalog gives the service (the one it names, else its owner team's
//! first: [`crate::catalog::Catalog::policy_of`]), and a
//! `pagerduty_service_dependency` per `depends_on` entry (the service depending is
//! `dependent_service`, the one it depends on `supporting_service`).

use super::Ctx;
use super::hcl::{Block, Value};
use crate::catalog::model::{Lifecycle, Service};
use std::collections::HashSet;

/// A block and the team whose file it goes in (`None`: the shared file).
pub(super) struct Placed {
    pub team: Option<String>,
    pub block: Block,
}

/// Every exportable service, then every dependency between exported services.
pub(super) fn services(ctx: &mut Ctx) -> Vec<Placed> {
    let catalog = ctx.catalog;
    let mut placed = Vec::new();
    for s in &catalog.services {
        if let Some(block) = service(ctx, s) {
            placed.push(Placed {
                team: owner_team(ctx, s),
                block,
            });
        }
    }
    for s in &catalog.services {
        placed.extend(dependencies(ctx, s));
    }
    placed
}

/// The team whose file holds `s`: its owner, when that is a team.
fn owner_team(ctx: &Ctx, s: &Service) -> Option<String> {
    let owner = s.owner.as_ref()?;
    ctx.catalog.team(&owner.value).map(|t| t.id.clone())
}

fn service(ctx: &mut Ctx, s: &Service) -> Option<Block> {
    if s.lifecycle.value == Lifecycle::Retired {
        let message = format!(
            "`{}` is retired, and a PagerDuty service would page for it: not exported",
            s.id
        );
        ctx.note(&s.file, s.lifecycle.span, message);
        return None;
    }
    let at = s.escalation_policy.as_ref().map_or(s.head, |p| p.span);
    let Some((_, policy)) = ctx.catalog.policy_of(s) else {
        let message = format!(
            "`{}` has no escalation policy (neither its own nor its owner's), and a PagerDuty service needs one: not exported",
            s.id
        );
        ctx.note(&s.file, at, message);
        return None;
    };
    let Some(policy_address) = ctx.policy_of.get(&policy.id.value).cloned() else {
        let message = format!(
            "`{}` is paged through escalation policy `{}`, which was not exported: not exported either",
            s.id, policy.id.value
        );
        ctx.note(&s.file, at, message);
        return None;
    };
    let (name, _) = ctx.names.claim("pagerduty_service", &[&s.id]);
    let mut block =
        Block::new("resource", &["pagerduty_service", &name]).attr("name", Value::str(&s.name));
    if !s.description.trim().is_empty() {
        block = block.attr("description", Value::str(s.description.trim()));
    }
    block = block.attr("escalation_policy", Value::id_of(&policy_address));
    ctx.service_of
        .insert(s.id.clone(), format!("pagerduty_service.{name}"));
    ctx.counts.services += 1;
    Some(block)
}

/// The dependencies of `s`, each in its owner's file when both services have the same
/// owner, else in the shared file.
fn dependencies(ctx: &mut Ctx, s: &Service) -> Vec<Placed> {
    let Some(dependent) = ctx.service_of.get(&s.id).cloned() else {
        return Vec::new();
    };
    let mut seen = HashSet::new();
    let mut placed = Vec::new();
    for dep in &s.depends_on {
        let supporting_id = &dep.service.value;
        if !seen.insert(supporting_id.clone()) {
            continue;
        }
        let Some(supporting) = ctx.service_of.get(supporting_id).cloned() else {
            let message = format!(
                "`{supporting_id}` was not exported, so this dependency of `{}` is left out",
                s.id
            );
            ctx.note(&s.file, dep.service.span, message);
            continue;
        };
        let (name, _) = ctx
            .names
            .claim("pagerduty_service_dependency", &[&s.id, supporting_id]);
        let side = |kind: &str, address: &str| {
            Block::new(kind, &[])
                .attr("id", Value::id_of(address))
                .attr("type", Value::str("service"))
        };
        let block = Block::new("resource", &["pagerduty_service_dependency", &name]).block(
            Block::new("dependency", &[])
                .block(side("dependent_service", &dependent))
                .block(side("supporting_service", &supporting)),
        );
        let team = owner_team(ctx, s);
        let same_owner = ctx
            .catalog
            .service(supporting_id)
            .is_some_and(|other| owner_team(ctx, other) == team);
        placed.push(Placed {
            team: if same_owner { team } else { None },
            block,
        });
        ctx.counts.dependencies += 1;
    }
    placed
}
