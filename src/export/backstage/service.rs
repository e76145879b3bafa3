//! A service as a Backstage Component, or as a Resource when its `type` is
//! `datastore` (the catalog's word for databases, caches, queues and stores).
//! Backstage's own fields take what they can (title, description, tags, links,
//! type, lifecycle, owner, system, dependsOn, `backstage.io/source-location`); the
//! rest rides in `ownbook.dev/…` annotations.

use super::names::{is_entity_name, is_tag};
use super::{API_VERSION, json, note};
use crate::catalog::Catalog;
use crate::catalog::model::{Href, NamedLink, Service, UrlField};
use crate::diag::Diagnostic;
use crate::export::yaml::Map;
use crate::export::yaml::Value;
use crate::ownbook_annotations as ann;

/// Whether the service is exported as a Resource.
pub fn is_resource(s: &Service) -> bool {
    s.kind.as_deref() == Some("datastore")
}

/// The entity ref of a service (`component:x` or `resource:x`).
pub fn entity_ref(s: &Service) -> String {
    let kind = if is_resource(s) {
        "resource"
    } else {
        "component"
    };
    format!("{kind}:{}", s.id)
}

/// The Component or Resource of `s`; what it cannot hold is added to `notes`.
pub fn entity(s: &Service, catalog: &Catalog, notes: &mut Vec<Diagnostic>) -> Value {
    if !is_entity_name(&s.id) {
        notes.push(note(&s.file, s.head, format!("the id `{}` is not a valid Backstage entity name (letters and digits, single `-`, `_` or `.` between them, at most 63): Backstage will refuse this entity", s.id)));
    }
    let mut tags = Vec::new();
    for t in &s.tags {
        if is_tag(t) {
            tags.push(t.clone());
        } else {
            notes.push(note(&s.file, s.head, format!("tag `{t}` left out: Backstage tags are lowercase letters, digits and `:+#`, joined by single `-`, at most 63 characters")));
        }
    }
    if let Some(prose) = &s.prose {
        let span = (prose.body_start..prose.body_start + 1).into();
        notes.push(note(&prose.file, span, "the service's prose page is not exported: Backstage shows documentation through TechDocs".to_string()));
    }
    let metadata = Map::new()
        .text("name", &s.id)
        .text("title", &s.name)
        .text("description", &s.description)
        .texts("tags", &tags);
    let links = links(s, notes);
    let metadata = if links.is_empty() {
        metadata
    } else {
        metadata.with("links", Value::Seq(links))
    };
    let annotations = annotations(s);
    let metadata = if annotations.is_empty() {
        metadata
    } else {
        metadata.with("annotations", annotations.build())
    };
    Map::new()
        .text("apiVersion", API_VERSION)
        .text(
            "kind",
            if is_resource(s) {
                "Resource"
            } else {
                "Component"
            },
        )
        .with("metadata", metadata.build())
        .with("spec", spec(s, catalog, notes).build())
        .build()
}

fn spec(s: &Service, catalog: &Catalog, notes: &mut Vec<Diagnostic>) -> Map {
    let kind = match &s.kind {
        Some(k) => k.as_str(),
        None => {
            notes.push(note(&s.file, s.head, "no `type`: Backstage requires one, so the Component is written with type `service`".to_string()));
            "service"
        }
    };
    let mut spec = Map::new().text("type", backstage_type(kind));
    if !is_resource(s) {
        spec = spec.text("lifecycle", s.lifecycle.value.as_str());
    }
    match &s.owner {
        Some(o) => spec = spec.text("owner", &format!("group:{}", o.value)),
        None => notes.push(note(&s.file, s.head, "no `owner`: Backstage requires `spec.owner` and will refuse this entity until it has one".to_string())),
    }
    let deps: Vec<String> = s
        .depends_on
        .iter()
        .map(|d| match catalog.service(&d.service.value) {
            Some(target) => entity_ref(target),
            None => format!("component:{}", d.service.value),
        })
        .collect();
    spec.opt("system", s.system.as_deref())
        .texts("dependsOn", &deps)
}

/// The Backstage type of an ownbook `type`: the well-known types that Backstage's
/// default entity pages show with their own tabs, else the type itself.
pub fn backstage_type(kind: &str) -> &str {
    match kind {
        "api" | "worker" => "service",
        "frontend" => "website",
        "datastore" => "database",
        other => other,
    }
}

/// `metadata.links`: the runbook, the chat, the dashboards and the links, each with
/// a `type` that the import reads back (`runbook`, `chat`, `dashboard`, `link`).
fn links(s: &Service, notes: &mut Vec<Diagnostic>) -> Vec<Value> {
    let mut out = Vec::new();
    for (field, title, icon, kind) in [
        (&s.runbook, "Runbook", "docs", "runbook"),
        (&s.chat, "Chat", "chat", "chat"),
    ] {
        if let Some(url) = field.as_ref().and_then(web) {
            out.push(link(url, title, Some(icon), kind));
        }
    }
    for (list, icon, kind) in [
        (&s.dashboards, Some("dashboard"), "dashboard"),
        (&s.links, None, "link"),
    ] {
        for l in list {
            match web(&l.url) {
                Some(url) => out.push(link(url, &l.name, icon, kind)),
                None => notes.push(not_web(s, l, kind)),
            }
        }
    }
    out
}

fn not_web(s: &Service, l: &NamedLink, kind: &str) -> Diagnostic {
    note(
        &s.file,
        l.url.span,
        format!(
            "{kind} `{}` ({}) left out: Backstage links need an absolute URL",
            l.name, l.url.text
        ),
    )
}

fn link(url: &str, title: &str, icon: Option<&str>, kind: &str) -> Value {
    Map::new()
        .text("url", url)
        .text("title", title)
        .opt("icon", icon)
        .text("type", kind)
        .build()
}

/// The URL of a field that is a web address (http(s) or mailto).
fn web(f: &UrlField) -> Option<&str> {
    match &f.href {
        Some(Href::External(url)) => Some(url.as_str()),
        _ => None,
    }
}

/// A URL field that is not a web address, carried as written.
fn not_web_text(f: &Option<UrlField>) -> Option<&str> {
    f.as_ref()
        .filter(|f| web(f).is_none())
        .map(|f| f.text.as_str())
}

/// The repository when `backstage.io/source-location` cannot give it back: not a
/// web address, or ending in `/` (which the import trims, as Backstage's convention
/// `…/tree/main/` asks).
fn repository_as_written(f: &Option<UrlField>) -> Option<&str> {
    f.as_ref()
        .filter(|f| web(f).is_none() || f.text.ends_with('/'))
        .map(|f| f.text.as_str())
}

fn annotations(s: &Service) -> Map {
    let source = s
        .repository
        .as_ref()
        .and_then(web)
        .map(|url| format!("url:{url}"));
    let mut map = Map::new()
        .opt("backstage.io/source-location", source.as_deref())
        .opt(ann::REPOSITORY, repository_as_written(&s.repository))
        .text(ann::TIER, &s.tier.value.to_string())
        .opt(
            ann::TYPE,
            s.kind.as_deref().filter(|k| backstage_type(k) != *k),
        );
    if is_resource(s) {
        map = map.text(ann::LIFECYCLE, s.lifecycle.value.as_str());
    }
    let review_every = s.review_every.map(|d| d.to_string());
    let details: Vec<ann::DependencyDetail> = s
        .depends_on
        .iter()
        .filter(|d| d.critical || d.note.is_some())
        .map(|d| ann::DependencyDetail {
            service: d.service.value.clone(),
            critical: d.critical,
            note: d.note.clone(),
        })
        .collect();
    let slos: Vec<ann::Slo> = s
        .slos
        .iter()
        .map(|o| ann::Slo {
            name: o.name.clone(),
            objective: o.objective,
            window: o.window.clone(),
            sli: o.description.clone(),
        })
        .collect();
    let sla = s.sla.as_ref().map(|o| ann::Sla {
        objective: o.objective,
        window: o.window.clone(),
        description: o.description.clone(),
    });
    map.opt(ann::RUNBOOK, not_web_text(&s.runbook))
        .opt(
            ann::RUNBOOK_REVIEWED,
            s.runbook_reviewed.as_ref().map(|d| d.value.as_str()),
        )
        .opt(ann::CHAT, not_web_text(&s.chat))
        .opt(ann::EMAIL, s.email.as_deref())
        .opt(
            ann::ESCALATION_POLICY,
            s.escalation_policy.as_ref().map(|p| p.value.as_str()),
        )
        .opt(ann::REVIEWED, s.reviewed.as_deref())
        .opt(ann::REVIEW_EVERY, review_every.as_deref())
        .opt(ann::SUNSET, s.sunset.as_deref())
        .opt(
            ann::REPLACED_BY,
            s.replaced_by.as_ref().map(|r| r.value.as_str()),
        )
        .opt(
            ann::DEPENDS_ON,
            (!details.is_empty()).then(|| json(&details)).as_deref(),
        )
        .opt(
            ann::SLOS,
            (!slos.is_empty()).then(|| json(&slos)).as_deref(),
        )
        .opt(ann::SLA, sla.map(|sla| json(&sla)).as_deref())
}
