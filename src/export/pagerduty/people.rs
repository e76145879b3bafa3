//! A team and its people: `pagerduty_team`, a `data "pagerduty_user"` per member
//! found by e-mail (PagerDuty users are invited and own their profile, so they are
//! looked up rather than created), and a `pagerduty_team_membership` each.

use super::Ctx;
use super::hcl::{Block, Value};
use crate::catalog::model::{Member, TargetKind, Team};

/// The team's blocks; fills `ctx.users` and reports members without e-mail.
pub(super) fn team_and_people(ctx: &mut Ctx, team: &Team) -> Vec<Block> {
    let team_address = ctx.team_address(&team.id);
    let team_label = super::team_name(&team.id);
    let mut team_block = Block::new("resource", &["pagerduty_team", &team_label])
        .attr("name", Value::str(&team.name));
    if !team.description.trim().is_empty() {
        team_block = team_block.attr("description", Value::str(team.description.trim()));
    }
    ctx.counts.teams += 1;
    let mut users = Vec::new();
    let mut memberships = Vec::new();
    for member in &team.members {
        let Some(email) = &member.email else {
            let message = without_email(team, member);
            ctx.note(&team.file, member.id.span, message);
            continue;
        };
        let (name, _) = ctx
            .names
            .claim("pagerduty_user", &[&team.id, &member.id.value]);
        let user = format!("data.pagerduty_user.{name}");
        users.push(Block::new("data", &["pagerduty_user", &name]).attr("email", Value::str(email)));
        memberships.push(
            Block::new("resource", &["pagerduty_team_membership", &name])
                .attr("team_id", Value::id_of(&team_address))
                .attr("user_id", Value::id_of(&user))
                .attr("role", Value::str(role(ctx, member))),
        );
        ctx.users
            .insert((team.id.clone(), member.id.value.clone()), user);
        ctx.counts.users += 1;
    }
    let mut blocks = vec![team_block];
    blocks.extend(users);
    blocks.extend(memberships);
    blocks
}

/// The team role: PagerDuty's `manager` for leadership (the roles the handbook's
/// `leadership_roles` setting names), `responder` for everyone else, who are paged
/// but do not administer the team.
fn role(ctx: &Ctx, member: &Member) -> &'static str {
    if ctx.settings.is_leadership(member.role.as_deref()) {
        "manager"
    } else {
        "responder"
    }
}

/// The note for a member without e-mail, naming what they are left out of.
fn without_email(team: &Team, member: &Member) -> String {
    let id = &member.id.value;
    let mut left_out = vec![format!("team `{}`", team.id)];
    for rot in &team.rotations {
        if rot.members.iter().any(|m| &m.value == id) {
            left_out.push(format!("rotation `{}`", rot.id.value));
        }
    }
    for policy in &team.policies {
        let paged = policy.rules.iter().any(|r| {
            r.targets
                .iter()
                .any(|t| t.kind == TargetKind::User && &t.id.value == id)
        });
        if paged {
            left_out.push(format!("escalation policy `{}`", policy.id.value));
        }
    }
    format!(
        "`{id}` has no e-mail, and PagerDuty users are found by e-mail: left out of {}",
        join_and(&left_out)
    )
}

/// `a`, `a and b`, `a, b and c`.
pub(super) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
