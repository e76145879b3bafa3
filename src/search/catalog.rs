//! Catalog entries for the site search: one per service and per team, as plain text
//! (the search stage escapes what it shows).

use crate::analyze::oncall;
use crate::catalog::model::{LocalTime, Policy, Rotation, Service, TargetKind, Team};
use crate::catalog::{Catalog, service_url, team_url};
use crate::dates::start_of;
use crate::markdown::plain_text;

/// One catalog entry for the search index.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchEntry {
    /// `"service"` or `"team"`.
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    /// Output folder, e.g. `"services/checkout-api/"`.
    pub url: String,
    /// Description, prose, members, ... as plain text.
    pub text: String,
    pub tags: Vec<String>,
    pub owner: Option<String>,
    pub tier: Option<u32>,
    pub lifecycle: Option<String>,
}

/// Every service and team of the catalog, services first, each sorted by id. Each
/// entry's text opens with a sentence built from its data (owner, tier, who is on
/// call on `today`, the escalation path), so that a result's snippet reads as prose
/// and a question such as "who is on call for checkout" finds those words.
pub fn search_entries(catalog: &Catalog, today: &str) -> Vec<SearchEntry> {
    let at = start_of(today);
    let mut out = Vec::with_capacity(catalog.services.len() + catalog.teams.len());
    for s in &catalog.services {
        let mut text = service_sentence(catalog, s, today, at);
        let mut add = |t: &str| {
            if !t.trim().is_empty() {
                text.push(' ');
                text.push_str(t.trim());
            }
        };
        add(&plain_text(&s.description));
        add(&service_details(catalog, s));
        if let Some(p) = &s.prose {
            add(&plain_text(&p.file.text[p.body_start..]));
        }
        out.push(SearchEntry {
            kind: "service",
            id: s.id.clone(),
            title: s.name.clone(),
            url: service_url(&s.id),
            text,
            tags: s.tags.clone(),
            owner: s.owner.as_ref().map(|o| o.value.clone()),
            tier: Some(s.tier.value),
            lifecycle: Some(s.lifecycle.value.as_str().to_string()),
        });
    }
    for t in &catalog.teams {
        let mut text = team_sentence(catalog, t, today, at);
        let description = plain_text(&t.description);
        if !description.trim().is_empty() {
            text.push(' ');
            text.push_str(description.trim());
        }
        if !t.members.is_empty() {
            let members: Vec<String> = t
                .members
                .iter()
                .map(|m| match &m.role {
                    Some(role) => format!("{} ({role})", m.name),
                    None => m.name.clone(),
                })
                .collect();
            text.push_str(&format!(" Members: {}.", members.join(", ")));
        }
        out.push(SearchEntry {
            kind: "team",
            id: t.id.clone(),
            title: t.name.clone(),
            url: team_url(&t.id),
            text,
            tags: Vec::new(),
            owner: None,
            tier: None,
            lifecycle: None,
        });
    }
    out
}

/// "Checkout API — Tier 1 service owned by Checkout & Payments, production; on-call
/// on 2026-12-05: Li Wei (Checkout primary); escalation: Checkout default: Checkout
/// primary, then Checkout secondary."
fn service_sentence(catalog: &Catalog, s: &Service, today: &str, at: LocalTime) -> String {
    let owner = match &s.owner {
        Some(o) => format!(
            "owned by {}",
            catalog.team(&o.value).map_or(o.value.as_str(), |t| &t.name)
        ),
        None => "with no owner".to_string(),
    };
    let mut text = format!(
        "{} — Tier {} service {owner}, {}",
        s.name.trim(),
        s.tier.value,
        s.lifecycle.value.as_str()
    );
    if let Some((team, policy)) = catalog.policy_of(s) {
        let rotations: Vec<&Rotation> = policy
            .rules
            .first()
            .into_iter()
            .flat_map(|r| &r.targets)
            .filter(|t| t.kind == TargetKind::Rotation)
            .filter_map(|t| team.rotation(&t.id.value))
            .collect();
        push_on_call(&mut text, team, &rotations, today, at);
        text.push_str(&format!(
            "; escalation: {}",
            escalation(catalog, team, policy)
        ));
    }
    text.push('.');
    text
}

/// Type, system, objectives and dependencies, as sentences.
fn service_details(catalog: &Catalog, s: &Service) -> String {
    let mut parts = Vec::new();
    match (&s.kind, &s.system) {
        (Some(kind), Some(system)) => {
            parts.push(format!("Type {kind}, part of the {system} system."))
        }
        (Some(kind), None) => parts.push(format!("Type {kind}.")),
        (None, Some(system)) => parts.push(format!("Part of the {system} system.")),
        (None, None) => {}
    }
    if !s.slos.is_empty() {
        let slos: Vec<String> = s
            .slos
            .iter()
            .map(|o| {
                format!(
                    "{} {}% over {} ({})",
                    o.name, o.objective, o.window, o.description
                )
            })
            .collect();
        parts.push(format!("Objectives: {}.", slos.join("; ")));
    }
    if !s.depends_on.is_empty() {
        let names: Vec<&str> = s
            .depends_on
            .iter()
            .map(|d| {
                let id = d.service.value.as_str();
                catalog.service(id).map_or(id, |x| x.name.as_str())
            })
            .collect();
        parts.push(format!("Depends on {}.", names.join(", ")));
    }
    parts.join(" ")
}

/// "Checkout & Payments — team of 6; on-call on …: …; escalation: …. Owns Checkout
/// API, Cart Service."
fn team_sentence(catalog: &Catalog, t: &Team, today: &str, at: LocalTime) -> String {
    let mut text = format!("{} — team of {}", t.name.trim(), t.members.len());
    let rotations: Vec<&Rotation> = t.rotations.iter().collect();
    push_on_call(&mut text, t, &rotations, today, at);
    if !t.policies.is_empty() {
        let policies: Vec<String> = t
            .policies
            .iter()
            .map(|p| escalation(catalog, t, p))
            .collect();
        text.push_str(&format!("; escalation: {}", policies.join("; ")));
    }
    text.push('.');
    let owned: Vec<&str> = catalog
        .services
        .iter()
        .filter(|s| s.owner.as_ref().is_some_and(|o| o.value == t.id))
        .map(|s| s.name.as_str())
        .collect();
    if !owned.is_empty() {
        text.push_str(&format!(" Owns {}.", owned.join(", ")));
    }
    text
}

/// "; on-call on 2026-12-05: Li Wei (Checkout primary), …" for the rotations that
/// have someone on call at `at` (the build's date, as on the catalog pages).
fn push_on_call(
    text: &mut String,
    team: &Team,
    rotations: &[&Rotation],
    today: &str,
    at: LocalTime,
) {
    let on_call: Vec<String> = rotations
        .iter()
        .filter_map(|r| {
            oncall::on_call(r, at)
                .map(|shift| format!("{} ({})", team.member_name(&shift.member), r.name))
        })
        .collect();
    if !on_call.is_empty() {
        text.push_str(&format!("; on-call on {today}: {}", on_call.join(", ")));
    }
}

/// "Checkout default: Checkout primary, then Checkout secondary, then Amara Okafor
/// and Platform" (each level's targets by name).
fn escalation(catalog: &Catalog, team: &Team, policy: &Policy) -> String {
    let levels: Vec<String> = policy
        .rules
        .iter()
        .map(|rule| {
            let names: Vec<String> = rule
                .targets
                .iter()
                .map(|t| {
                    let id = t.id.value.as_str();
                    match t.kind {
                        TargetKind::Rotation => {
                            team.rotation(id).map_or(id, |r| &r.name).to_string()
                        }
                        TargetKind::User => team.member_name(id),
                        TargetKind::Team => catalog.team(id).map_or(id, |x| &x.name).to_string(),
                    }
                })
                .collect();
            names.join(" and ")
        })
        .filter(|l| !l.is_empty())
        .collect();
    if levels.is_empty() {
        return policy.name.clone();
    }
    format!("{}: {}", policy.name, levels.join(", then "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_and_teams_become_plain_text_entries() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap_or(root)).ok();
            std::fs::write(path, text).ok();
        };
        write("ownbook.toml", "title = \"T\"\n");
        write(
            "content/services/api.toml",
            "name = \"<b>API</b>\"\ndescription = \"Serves **orders**.\"\nowner = \"core\"\ntier = 2\nlifecycle = \"production\"\ntags = [\"orders\"]\n",
        );
        write(
            "content/services/api.md",
            "## Notes\n\nRestart with `kubectl`.\n",
        );
        write(
            "content/teams/core.toml",
            "name = \"Core\"\ndescription = \"The core team.\"\n\n[[members]]\nname = \"Ada Byron\"\nrole = \"Engineer\"\n",
        );
        let Ok((config, _)) = crate::config::load(root, None) else {
            panic!("config")
        };
        let (site, diags) = crate::load::load(config, Default::default());
        assert!(diags.is_empty(), "{diags:?}");
        let entries = search_entries(&site.catalog, "2026-01-05");
        assert_eq!(entries.len(), 2);
        let api = &entries[0];
        assert_eq!(
            (api.kind, api.id.as_str(), api.title.as_str()),
            ("service", "api", "<b>API</b>")
        );
        assert_eq!(api.url, "services/api/");
        assert_eq!(
            api.text,
            "<b>API</b> — Tier 2 service owned by Core, production. Serves orders. Notes Restart with kubectl."
        );
        assert_eq!(
            (api.owner.as_deref(), api.tier, api.lifecycle.as_deref()),
            (Some("core"), Some(2), Some("production"))
        );
        assert_eq!(api.tags, vec!["orders"]);
        let core = &entries[1];
        assert_eq!((core.kind, core.url.as_str()), ("team", "teams/core/"));
        assert_eq!(
            core.text,
            "Core — team of 1. Owns <b>API</b>. The core team. Members: Ada Byron (Engineer)."
        );
    }
}
