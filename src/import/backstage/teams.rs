//! Groups become teams, Users their members (from `memberOf` and a Group's
//! `spec.members`). Owners that were not imported become minimal teams so that every
//! service has an owner that exists.

use super::Ctx;
use super::carried;
use super::entity::{Entity, parse_ref, ref_name};
use super::model::{Member, Service, Team};
use crate::import::{is_web_url, to_id};
use std::collections::HashSet;

/// A team named as an owner but not imported: a name, and the user when a user owns
/// the service directly.
#[derive(Debug, Clone)]
pub struct Stub {
    pub name: String,
    pub user: Option<Entity>,
}

/// Backstage knows membership but no roles: without ownbook's roles annotation every
/// member's role is this.
const MEMBER_ROLE: &str = "Member";

pub fn build(ctx: &mut Ctx, services: &[Service]) -> Vec<Team> {
    let mut teams = Vec::new();
    for (i, e) in ctx.entities.iter().enumerate() {
        if ctx.by_key.get(&e.key()) != Some(&i) {
            continue;
        }
        match e.kind.as_str() {
            "group" => teams.push(team(ctx, e)),
            "user" => check_user(ctx, e),
            _ => {}
        }
    }
    for (id, stub) in std::mem::take(&mut ctx.stub_teams) {
        let mut t = Team {
            id,
            name: stub.name.clone(),
            description: Some(
                "Named as an owner in the Backstage catalog; no Group entity was imported for it."
                    .into(),
            ),
            ..Team::default()
        };
        if let Some(user) = &stub.user {
            t.name = display_name(user);
            t.members.push(member(user));
        }
        teams.push(t);
    }
    for t in teams
        .iter()
        .filter(|t| t.rotations.is_empty() && t.policies.is_empty())
    {
        if services
            .iter()
            .any(|s| s.owner == t.id && s.lifecycle.as_deref() == Some("production"))
        {
            ctx.notes.push(
                crate::diag::Diagnostic::warning("not-converted", format!("team `{}` owns production services, but Backstage has no on-call rotation or escalation policy: add [[rotations]] and [[escalation_policies]]", t.id))
                    .in_file(&format!("content/teams/{}.toml", t.id)),
            );
        }
    }
    teams.sort_by(|a, b| a.id.cmp(&b.id));
    teams
}

fn team(ctx: &mut Ctx, g: &Entity) -> Team {
    ctx.check_spec(g, &["type", "profile", "parent", "children", "members"]);
    let id = ctx
        .team_ids
        .get(&g.key())
        .cloned()
        .unwrap_or_else(|| to_id(&g.name));
    let profile = g.spec("profile");
    let mut t = Team {
        id,
        name: profile
            .and_then(|p| p.get("displayName"))
            .and_then(|v| v.text())
            .map(str::to_string)
            .unwrap_or_else(|| g.label()),
        description: g.description.clone(),
        email: profile
            .and_then(|p| p.get("email"))
            .and_then(|v| v.text())
            .map(str::to_string),
        ..Team::default()
    };
    if profile.and_then(|p| p.get("picture")).is_some() {
        ctx.notes
            .push(g.note(g.pos, "`spec.profile.picture` not converted".into()));
    }
    if let Some(kind) = g.spec_text("type").filter(|k| k != "team") {
        ctx.notes.push(g.note(
            g.pos,
            format!("group `{}` (type `{kind}`) is imported as a team", g.name),
        ));
    }
    for rel in ["parent", "children"] {
        let list = g.spec_list(rel);
        if !list.is_empty() {
            ctx.notes.push(g.note(
                g.pos,
                format!(
                    "`{rel}: {}` not converted: ownbook teams have no hierarchy",
                    list.join(", ")
                ),
            ));
        }
    }
    for l in &g.links {
        let chat = l.icon.as_deref() == Some("chat")
            || l.kind.as_deref() == Some("chat")
            || l.url.contains("slack.com");
        if chat && t.chat.is_none() && is_web_url(&l.url) {
            t.chat = Some(l.url.clone());
        } else {
            ctx.notes.push(g.note(
                l.pos,
                format!("link `{}` not converted: teams have no links", l.url),
            ));
        }
    }
    let has_carried = g.annotations.iter().any(|f| carried::is_carried(&f.key));
    for f in g
        .annotations
        .iter()
        .chain(&g.labels)
        .filter(|f| !carried::is_carried(&f.key))
    {
        ctx.notes
            .push(g.note(f.pos, format!("`{}` of a group not converted", f.key)));
    }
    let roles = if has_carried {
        carried::team_fields(ctx, g, &mut t)
    } else {
        None
    };
    members(ctx, g, &mut t);
    if let Some(roles) = roles {
        for m in &mut t.members {
            m.role = roles.get(&m.id).cloned();
        }
    }
    t
}

/// The members of a group: those its `spec.members` lists, in that order, then the
/// users whose `memberOf` names it.
fn members(ctx: &Ctx, g: &Entity, t: &mut Team) {
    let key = g.key();
    let mut seen = HashSet::new();
    for m in g.spec_list("members") {
        let ukey = parse_ref(&m, "user");
        if !seen.insert(ukey.clone()) {
            continue;
        }
        match ctx.entity(&ukey) {
            Some(u) => t.members.push(member(u)),
            None => t.members.push(Member {
                id: to_id(ref_name(&ukey)),
                name: ref_name(&ukey).to_string(),
                email: None,
                role: Some(MEMBER_ROLE.into()),
            }),
        }
    }
    for u in ctx.entities.iter().filter(|u| u.kind == "user") {
        if u.spec_list("memberOf")
            .iter()
            .any(|m| parse_ref(m, "group") == key)
            && seen.insert(u.key())
        {
            t.members.push(member(u));
        }
    }
    let mut ids = HashSet::new();
    t.members
        .retain(|m| !m.id.is_empty() && ids.insert(m.id.clone()));
}

fn check_user(ctx: &mut Ctx, u: &Entity) {
    ctx.check_spec(u, &["profile", "memberOf"]);
    let groups = u.spec_list("memberOf");
    let mut imported = 0;
    for g in &groups {
        if ctx.team_ids.contains_key(&parse_ref(g, "group")) {
            imported += 1;
        } else {
            ctx.notes.push(u.note(
                u.pos,
                format!(
                    "user `{}` is a member of `{g}`, which is not imported",
                    u.name
                ),
            ));
        }
    }
    let listed = ctx.entities.iter().any(|g| {
        g.kind == "group"
            && g.spec_list("members")
                .iter()
                .any(|m| parse_ref(m, "user") == u.key())
    });
    if imported == 0 && !listed && groups.is_empty() {
        ctx.notes.push(u.note(
            u.pos,
            format!("user `{}` belongs to no group; not imported", u.name),
        ));
    }
}

fn display_name(u: &Entity) -> String {
    u.spec("profile")
        .and_then(|p| p.get("displayName"))
        .and_then(|v| v.text())
        .map(str::to_string)
        .unwrap_or_else(|| u.label())
}

fn member(u: &Entity) -> Member {
    Member {
        id: to_id(&u.name),
        name: display_name(u),
        email: u
            .spec("profile")
            .and_then(|p| p.get("email"))
            .and_then(|v| v.text())
            .map(str::to_string),
        role: Some(MEMBER_ROLE.into()),
    }
}
