//! Components and Resources become services; APIs are folded into the components that
//! provide them; Systems become the `system` field. The services are written as TOML
//! following the catalog schema, plus a prose page for the APIs a service provides.

use super::Ctx;
use super::carried;
use super::entity::{Entity, parse_ref};
use super::model::Service;
use crate::import::{is_web_url, to_id};
use std::collections::HashMap;

/// Backstage annotations that describe the catalog's own bookkeeping, not the service.
const BOOKKEEPING: [&str; 4] = [
    "backstage.io/managed-by-location",
    "backstage.io/managed-by-origin-location",
    "backstage.io/orphan",
    "backstage.io/edit-url",
];

/// Builds every service, then their dependencies and APIs.
pub fn build(ctx: &mut Ctx) -> Vec<Service> {
    let mut services: Vec<(String, Service)> = Vec::new();
    for (i, e) in ctx.entities.iter().enumerate() {
        if ctx.by_key.get(&e.key()) != Some(&i) {
            continue;
        }
        match e.kind.as_str() {
            "component" | "resource" => {
                if let Some(s) = service(ctx, e) {
                    services.push((e.key(), s));
                }
            }
            "system" => {
                ctx.check_spec(e, &["owner", "domain", "type"]);
                let owner = e
                    .spec_text("owner")
                    .map(|o| format!(", owner `{o}`"))
                    .unwrap_or_default();
                let domain = e
                    .spec_text("domain")
                    .map(|d| format!(", domain `{d}`"))
                    .unwrap_or_default();
                ctx.notes.push(e.note(e.pos, format!("system `{}`{owner}{domain}: ownbook keeps a system only as the `system` of its services; its own description and owner are not shown", e.name)));
            }
            "domain" => {
                ctx.check_spec(e, &["owner", "subdomainOf", "type"]);
                ctx.notes.push(e.note(
                    e.pos,
                    format!("domain `{}` has no place in ownbook's catalog", e.name),
                ));
            }
            _ => {}
        }
    }
    let index: HashMap<String, usize> = services
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.clone(), i))
        .collect();
    for i in 0..services.len() {
        let Some(e) = ctx.entity(&services[i].0) else {
            continue;
        };
        for dep in e.spec_list("dependsOn") {
            match ctx.service_of(&dep, "component") {
                Some(id) => services[i].1.add_dep(id, None),
                None => ctx.notes.push(e.note(e.pos, format!("depends on `{dep}`, which is neither imported nor in the handbook; left out"))),
            }
        }
        carried::dependency_details(ctx, e, &mut services[i].1);
        for of in e.spec_list("dependencyOf") {
            match index.get(&parse_ref(&of, "component")) {
                Some(&t) => {
                    let id = services[i].1.id.clone();
                    services[t].1.add_dep(id, None);
                }
                None => ctx.notes.push(e.note(
                    e.pos,
                    format!("is a dependency of `{of}`, which is not imported; left out"),
                )),
            }
        }
    }
    super::apis::fold(ctx, &mut services);
    let mut out: Vec<Service> = services.into_iter().map(|(_, s)| s).collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn service(ctx: &mut Ctx, e: &Entity) -> Option<Service> {
    let resource = e.kind == "resource";
    let known: &[&str] = if resource {
        &["type", "owner", "system", "dependsOn", "dependencyOf"]
    } else {
        &[
            "type",
            "lifecycle",
            "owner",
            "system",
            "dependsOn",
            "dependencyOf",
            "providesApis",
            "consumesApis",
            "subcomponentOf",
        ]
    };
    ctx.check_spec(e, known);
    let Some(owner) = e.spec_text("owner") else {
        ctx.notes.push(e.note(
            e.pos,
            format!(
                "{} `{}` has no `spec.owner` (Backstage requires one); skipped",
                e.kind, e.name
            ),
        ));
        return None;
    };
    let mut s = Service {
        id: ctx
            .service_ids
            .get(&e.key())
            .cloned()
            .unwrap_or_else(|| to_id(&e.name)),
        name: e.label(),
        owner: ctx.owner_team(e, &owner),
        tier: 3,
        tags: e.tags.clone(),
        ..Service::default()
    };
    s.description = e.description.clone().unwrap_or_else(|| {
        ctx.notes
            .push(e.note(e.pos, "no description; a placeholder was written".into()));
        format!("Imported from Backstage ({} `{}`).", e.kind, e.name)
    });
    let kind = e.spec_text("type");
    // ownbook's own type, when the export wrote a Backstage one in `spec.type`.
    let own_type = e
        .annotations
        .iter()
        .find(|f| f.key == crate::ownbook_annotations::TYPE)
        .and_then(|f| f.val.text());
    s.kind = match (resource, kind) {
        _ if own_type.is_some() => own_type.map(|t| t.trim().to_string()),
        (true, Some(t)) if is_datastore(&t) => {
            if t != "datastore" {
                ctx.notes
                    .push(e.note(e.pos, format!("resource type `{t}` written as `datastore`")));
            }
            Some("datastore".into())
        }
        (_, t) => t,
    };
    // ownbook requires a lifecycle; Backstage resources have none.
    s.lifecycle = Some(if resource {
        carried::resource_lifecycle(ctx, e).unwrap_or_else(|| {
            ctx.notes.push(e.note(
                e.pos,
                "Backstage resources have no lifecycle; written as `production`, check it".into(),
            ));
            "production".to_string()
        })
    } else {
        lifecycle(ctx, e)
    });
    if let Some(system) = e.spec_text("system") {
        let key = parse_ref(&system, "system");
        s.system = Some(to_id(super::entity::ref_name(&key)));
    }
    if let Some(parent) = e.spec_text("subcomponentOf") {
        ctx.notes.push(e.note(
            e.pos,
            format!("subcomponent of `{parent}`: ownbook has no subcomponents"),
        ));
    }
    links(ctx, e, &mut s);
    annotations(ctx, e, &mut s);
    labels(ctx, e, &mut s);
    Some(s)
}

/// Backstage lifecycles → ownbook's: experimental → pre-production; production and
/// deprecated stay; ownbook's own names pass; anything else (or none) becomes
/// `production`, noted so the user checks it.
fn lifecycle(ctx: &mut Ctx, e: &Entity) -> String {
    let l = e.spec_text("lifecycle").unwrap_or_default().to_lowercase();
    match l.as_str() {
        "experimental" => "pre-production".into(),
        "design" | "pre-production" | "production" | "deprecated" | "retired" => l,
        "" => {
            ctx.notes.push(e.note(
                e.pos,
                "no lifecycle; written as `production`, check it".into(),
            ));
            "production".into()
        }
        other => {
            ctx.notes.push(e.note(e.pos, format!("lifecycle `{other}` has no ownbook equivalent (design, pre-production, production, deprecated, retired); written as `production`, check it")));
            "production".into()
        }
    }
}

fn is_datastore(t: &str) -> bool {
    let t = t.to_lowercase();
    [
        "database",
        "db",
        "datastore",
        "bucket",
        "storage",
        "cache",
        "queue",
        "table",
        "redis",
        "postgres",
        "mysql",
        "kafka",
    ]
    .iter()
    .any(|w| t.contains(w))
}

fn links(ctx: &mut Ctx, e: &Entity, s: &mut Service) {
    for l in &e.links {
        if !is_web_url(&l.url) {
            ctx.notes.push(e.note(
                l.pos,
                format!("link `{}` is not an http(s) or mailto URL; left out", l.url),
            ));
            continue;
        }
        let name = l
            .title
            .clone()
            .or(l.kind.clone())
            .unwrap_or_else(|| l.url.clone());
        // A link's `type` says what it is (the export writes `runbook`, `chat`,
        // `dashboard` or `link`); without one, the icon and the title are the clues.
        let is = |w: &str| match &l.kind {
            Some(kind) => kind.to_lowercase().contains(w),
            None => l.icon.as_deref() == Some(w) || name.to_lowercase().contains(w),
        };
        if is("dashboard") {
            s.dashboards.push((name, l.url.clone()));
        } else if is("runbook") && s.runbook.is_none() {
            s.runbook = Some(l.url.clone());
        } else if is("chat") && s.chat.is_none() {
            s.chat = Some(l.url.clone());
        } else {
            s.links.push((name, l.url.clone()));
        }
    }
}

fn annotations(ctx: &mut Ctx, e: &Entity, s: &mut Service) {
    for f in &e.annotations {
        let Some(v) = f.val.text().map(str::trim) else {
            continue;
        };
        let key = f.key.as_str();
        if BOOKKEEPING.contains(&key) {
            ctx.bookkeeping += 1;
            continue;
        }
        let source = v.strip_prefix("url:").unwrap_or(v).trim_end_matches('/');
        match key {
            "pagerduty.com/service-id" => {
                let base = ctx.opts.pagerduty_url.trim_end_matches('/');
                s.links.push(("PagerDuty service".into(), format!("{base}/service-directory/{}", to_id(v).to_uppercase())));
            }
            "pagerduty.com/integration-key" => ctx.notes.push(e.note(f.pos, "`pagerduty.com/integration-key` not copied: it is a credential that lets anyone who reads the handbook open incidents (the service id gives the PagerDuty link)".into())),
            "backstage.io/source-location" | "backstage.io/view-url" if s.repository.is_none() && is_web_url(source) => s.repository = Some(source.to_string()),
            "github.com/project-slug" if s.repository.is_none() => s.repository = Some(format!("https://github.com/{v}")),
            "gitlab.com/project-slug" if s.repository.is_none() => s.repository = Some(format!("https://gitlab.com/{v}")),
            "backstage.io/techdocs-ref" => ctx.notes.push(e.note(f.pos, format!("TechDocs (`{v}`): import those docs with `ownbook import mkdocs`"))),
            k if is_tier_key(k) => set_tier(ctx, e, f.pos, v, s),
            k if carried::is_carried(k) => carried::service_field(ctx, e, f, v, s),
            k if k.contains("runbook") && is_web_url(v) && s.runbook.is_none() => s.runbook = Some(v.to_string()),
            _ if is_web_url(v) => s.links.push((key.to_string(), v.to_string())),
            _ => ctx.notes.push(e.note(f.pos, format!("annotation `{key}: {v}` not converted"))),
        }
    }
}

fn labels(ctx: &mut Ctx, e: &Entity, s: &mut Service) {
    for f in &e.labels {
        let v = f.val.text().unwrap_or("");
        if is_tier_key(&f.key) {
            set_tier(ctx, e, f.pos, v, s);
        } else {
            ctx.notes
                .push(e.note(f.pos, format!("label `{}: {v}` not converted", f.key)));
        }
    }
    if !e.labels.iter().any(|f| is_tier_key(&f.key))
        && !e.annotations.iter().any(|f| is_tier_key(&f.key))
    {
        ctx.notes.push(e.note(
            e.pos,
            "Backstage has no tier; tier 3 (the lowest) was written: review it".into(),
        ));
    }
}

fn is_tier_key(k: &str) -> bool {
    k == "tier" || k.ends_with("/tier")
}

fn set_tier(ctx: &mut Ctx, e: &Entity, pos: (usize, usize), v: &str, s: &mut Service) {
    match v
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse::<u8>()
    {
        Ok(t @ 1..=3) => s.tier = t,
        _ => ctx.notes.push(e.note(
            pos,
            format!("tier `{v}` is not 1, 2 or 3; tier 3 was written"),
        )),
    }
}
