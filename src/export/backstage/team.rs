//! A team as a Backstage Group (`spec.type: team`) and its members as Users. The
//! on-call part (rotations, their overrides, escalation policies) and the members'
//! roles have no place in Backstage and ride in `ownbook.dev/…` annotations of the
//! Group.

use super::names::is_entity_name;
use super::{API_VERSION, json, note};
use crate::catalog::Catalog;
use crate::catalog::model::{Href, Team};
use crate::diag::Diagnostic;
use crate::export::yaml::Map;
use crate::export::yaml::Value;
use crate::ownbook_annotations as ann;
use std::collections::BTreeMap;

/// A person: a member id across every team that lists it. Backstage has one User
/// per name, so the first team (by id) gives the profile.
pub struct Person {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    /// Team ids, sorted; the first one's file holds the User.
    pub teams: Vec<String>,
}

/// Every member of every team, by id. A member listed again with another name or
/// e-mail is noted where it is listed again.
pub fn people(catalog: &Catalog, notes: &mut Vec<Diagnostic>) -> BTreeMap<String, Person> {
    let mut people: BTreeMap<String, Person> = BTreeMap::new();
    for t in &catalog.teams {
        for m in &t.members {
            let id = &m.id.value;
            match people.get_mut(id) {
                Some(p) => {
                    if p.name != m.name || p.email != m.email {
                        notes.push(note(&t.file, m.id.span, format!("member `{id}` is also in team `{}` with another name or e-mail; Backstage has one User per person, so that profile is the one exported", p.teams[0])));
                    }
                    p.teams.push(t.id.clone());
                }
                None => {
                    if !is_entity_name(id) {
                        notes.push(note(&t.file, m.id.span, format!("the member id `{id}` is not a valid Backstage entity name: Backstage will refuse this User")));
                    }
                    people.insert(
                        id.clone(),
                        Person {
                            id: id.clone(),
                            name: m.name.clone(),
                            email: m.email.clone(),
                            teams: vec![t.id.clone()],
                        },
                    );
                }
            }
        }
    }
    people
}

/// The Group of team `t`.
pub fn group(t: &Team) -> Value {
    let mut metadata = Map::new().text("name", &t.id);
    if !t.description.is_empty() {
        metadata = metadata.text("description", &t.description);
    }
    let web_chat = t.chat.as_ref().and_then(|c| match &c.href {
        Some(Href::External(url)) => Some(url.clone()),
        _ => None,
    });
    if let Some(url) = &web_chat {
        let link = Map::new()
            .text("url", url)
            .text("title", "Chat")
            .text("icon", "chat")
            .text("type", "chat");
        metadata = metadata.with("links", Value::Seq(vec![link.build()]));
    }
    let other_chat = t
        .chat
        .as_ref()
        .filter(|_| web_chat.is_none())
        .map(|c| c.text.as_str());
    let annotations = annotations(t, other_chat);
    if !annotations.is_empty() {
        metadata = metadata.with("annotations", annotations.build());
    }
    let profile = Map::new()
        .text("displayName", &t.name)
        .opt("email", t.email.as_deref());
    let members: Vec<String> = t
        .members
        .iter()
        .map(|m| format!("user:{}", m.id.value))
        .collect();
    let spec = Map::new()
        .text("type", "team")
        .with("profile", profile.build())
        // Required by Backstage; ownbook's teams have no hierarchy.
        .with("children", Value::Seq(Vec::new()))
        .texts("members", &members);
    Map::new()
        .text("apiVersion", API_VERSION)
        .text("kind", "Group")
        .with("metadata", metadata.build())
        .with("spec", spec.build())
        .build()
}

fn annotations(t: &Team, chat: Option<&str>) -> Map {
    let roles: ann::Roles = t
        .members
        .iter()
        .filter_map(|m| Some((m.id.value.clone(), m.role.clone()?)))
        .collect();
    let rotations: Vec<ann::Rotation> = t
        .rotations
        .iter()
        .map(|r| ann::Rotation {
            id: r.id.value.clone(),
            name: r.name.clone(),
            members: r.members.iter().map(|m| m.value.clone()).collect(),
            rotation_virtual_start: r.start.to_string(),
            turn_length_days: r.turn_length_days,
            time_zone: r.time_zone.clone(),
            coverage: r.coverage.as_str().to_string(),
            shadow: r.shadow.iter().map(|m| m.value.clone()).collect(),
        })
        .collect();
    let policies: Vec<ann::Policy> = t
        .policies
        .iter()
        .map(|p| ann::Policy {
            id: p.id.value.clone(),
            name: p.name.clone(),
            num_loops: p.num_loops,
            escalation_rules: p
                .rules
                .iter()
                .map(|r| ann::Rule {
                    escalation_delay_in_minutes: r.delay.value,
                    targets: r
                        .targets
                        .iter()
                        .map(|t| ann::Target {
                            kind: t.kind.as_str().to_string(),
                            id: t.id.value.clone(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let overrides = overrides(t);
    let review_every = t.review_every.map(|d| d.to_string());
    Map::new()
        .opt(ann::CHAT, chat)
        .opt(ann::REVIEWED, t.reviewed.as_deref())
        .opt(ann::REVIEW_EVERY, review_every.as_deref())
        // Written even when empty: without it the import gives everyone "Member".
        .opt(
            ann::ROLES,
            (!t.members.is_empty()).then(|| json(&roles)).as_deref(),
        )
        .opt(
            ann::ROTATIONS,
            (!rotations.is_empty()).then(|| json(&rotations)).as_deref(),
        )
        .opt(
            ann::ESCALATION_POLICIES,
            (!policies.is_empty()).then(|| json(&policies)).as_deref(),
        )
        .opt(
            ann::OVERRIDES,
            (!overrides.is_empty()).then(|| json(&overrides)).as_deref(),
        )
}

/// The overrides of every rotation of `t`, in the order of the team file (the model
/// keeps them by rotation and start), so the import writes the file back as it was.
fn overrides(t: &Team) -> Vec<ann::Override> {
    let mut all: Vec<(usize, ann::Override)> = t
        .rotations
        .iter()
        .flat_map(|r| {
            r.overrides.iter().map(|o| {
                let carried = ann::Override {
                    rotation: r.id.value.clone(),
                    member: o.member.value.clone(),
                    start: o.start.to_string(),
                    end: o.end.to_string(),
                    note: o.note.clone(),
                };
                (o.span.start, carried)
            })
        })
        .collect();
    all.sort_by_key(|(at, _)| *at);
    all.into_iter().map(|(_, o)| o).collect()
}

/// The User of person `p`.
pub fn user(p: &Person) -> Value {
    let profile = Map::new()
        .text("displayName", &p.name)
        .opt("email", p.email.as_deref());
    let member_of: Vec<String> = p.teams.iter().map(|t| format!("group:{t}")).collect();
    let spec = Map::new()
        .with("profile", profile.build())
        .texts("memberOf", &member_of);
    Map::new()
        .text("apiVersion", API_VERSION)
        .text("kind", "User")
        .with("metadata", Map::new().text("name", &p.id).build())
        .with("spec", spec.build())
        .build()
}
