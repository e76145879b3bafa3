//! `ownbook export opslevel`: an `opslevel.yml` per service, in OpsLevel's config as
//! code format, in a folder named after the service (OpsLevel reads the file from the
//! root of a repository, so each folder can be copied into the service's repository).
//!
//! Format: "Config as Code (opslevel.yml)", https://docs.opslevel.com/docs/opslevel-yml
//! (`version: 1` and a `service:` mapping). Owners, tiers, lifecycles, systems and
//! dependencies are named by alias. OpsLevel creates aliases for teams and systems
//! from their names, and the default tier and lifecycle aliases are `tier_1` to
//! `tier_4` and `pre-alpha`, `alpha`, `beta`, `generally_available`, `end-of-life`
//! (as `opslevel list tier` and `opslevel list lifecycle` print them). Tools are
//! written with `name`, `category` and `url`, as the files OpsLevel itself exports do.
//! OpsLevel reads YAML 1.1 and asks for quoted values: every string is quoted.

use super::source::{Locator, Step};
use super::yaml::{self, Map, Value};
use super::{Options, Outcome};
use crate::catalog::model::{Href, Lifecycle, Service, UrlField};
use crate::diag::{Diagnostic, Fatal};
use crate::plan::Plan;
use crate::site::Site;

/// OpsLevel's default tiers (`tier_1` is the most critical, like ownbook's tier 1).
const OPSLEVEL_TIERS: u32 = 4;

/// Exports the catalog of `opts.root` into `opts.out`.
pub fn export(opts: &Options) -> Result<Outcome, Fatal> {
    let (site, _) = super::load(&opts.root)?;
    let mut plan = Plan::default();
    let mut notes = Vec::new();
    for s in &site.catalog.services {
        plan.add(
            format!("{}/opslevel.yml", s.id),
            service_file(&site, s, &mut notes),
        );
    }
    let count = site.catalog.services.len();
    let summary = format!("{count} service{}", if count == 1 { "" } else { "s" });
    super::write("opslevel", &plan, opts, summary, notes)
}

/// The `opslevel.yml` of one service.
fn service_file(site: &Site, s: &Service, notes: &mut Vec<Diagnostic>) -> String {
    let at = Locator::new(s);
    let org = &site.config.organization;
    // OpsLevel requires a name; a blank one falls back to the id.
    let name = if s.name.trim().is_empty() {
        &s.id
    } else {
        &s.name
    };
    let mut svc = Map::new().with("name", Value::str(name)).with(
        "description",
        Value::str(crate::text::replace_org(&s.description, org)),
    );
    svc.push_some("owner", s.owner.as_ref().map(|o| Value::str(&o.value)));
    svc.push("lifecycle", Value::str(lifecycle(s, &at, notes)));
    svc.push_some("tier", tier(s, &at, notes).map(Value::Str));
    svc.push_some("system", s.system.as_ref().map(Value::str));
    // The service's id as an alias: dependencies name services by alias.
    svc.push("aliases", Value::Seq(vec![Value::str(&s.id)]));
    svc.push_list("tags", tags(s));
    svc.push_list("tools", tools(site, s, &at, notes));
    svc.push_list("repositories", repositories(s));
    svc.push_list("dependencies", dependencies(s, &at, notes));
    unmapped(s, &at, notes);
    let doc = Map::new()
        .with("version", Value::Int(1))
        .with("service", svc.build())
        .build();
    let source = format!("from {}: edit that file and export again.", s.file.display);
    yaml::document(
        &[
            &format!(
                "OpsLevel config as code for `{}`, written by `ownbook export opslevel`",
                s.id
            ),
            &source,
            "Format: https://docs.opslevel.com/docs/opslevel-yml",
        ],
        &doc,
    )
}

/// The OpsLevel lifecycle alias. OpsLevel's stages end at end-of-life, so a retired
/// service is exported like a deprecated one, with a note.
fn lifecycle(s: &Service, at: &Locator, notes: &mut Vec<Diagnostic>) -> &'static str {
    match s.lifecycle.value {
        // "Only being used/tested by the people building it": OpsLevel's earliest stage.
        Lifecycle::Design => "pre-alpha",
        // Internal or shadow traffic, no customer depends on it.
        Lifecycle::PreProduction => "alpha",
        Lifecycle::Production => "generally_available",
        Lifecycle::Deprecated => "end-of-life",
        Lifecycle::Retired => {
            notes.push(at.note_at(
                s.lifecycle.span,
                "OpsLevel's default lifecycle has no stage after end-of-life: this retired service is exported as end-of-life, like a deprecated one",
            ));
            "end-of-life"
        }
    }
}

/// `tier_N`, or `None` with a note past OpsLevel's four default tiers.
fn tier(s: &Service, at: &Locator, notes: &mut Vec<Diagnostic>) -> Option<String> {
    let t = s.tier.value;
    if t <= OPSLEVEL_TIERS {
        return Some(format!("tier_{t}"));
    }
    notes.push(at.note_at(
        s.tier.span,
        format!(
            "OpsLevel's default tiers are tier_1 to tier_{OPSLEVEL_TIERS}: tier {t} is left out"
        ),
    ));
    None
}

/// Tags are key/value pairs in OpsLevel: the service type under `type`, and each
/// catalog tag as a key of its own.
fn tags(s: &Service) -> Vec<Value> {
    let pair = |key: &str, value: &str| {
        Map::new()
            .with("key", Value::str(key))
            .with("value", Value::str(value))
            .build()
    };
    let mut list: Vec<Value> = s.kind.iter().map(|k| pair("type", k)).collect();
    list.extend(s.tags.iter().map(|t| pair(t, "true")));
    list
}

/// Runbook, dashboards, links, chat and repository as OpsLevel tools.
fn tools(site: &Site, s: &Service, at: &Locator, notes: &mut Vec<Diagnostic>) -> Vec<Value> {
    let mut fields: Vec<(&str, &str, &UrlField)> = Vec::new();
    if let Some(r) = &s.runbook {
        fields.push(("Runbook", "runbooks", r));
    }
    fields.extend(s.dashboards.iter().map(|d| (&*d.name, "metrics", &d.url)));
    fields.extend(s.links.iter().map(|l| (&*l.name, "other", &l.url)));
    if let Some(c) = &s.chat {
        fields.push(("Chat", "other", c));
    }
    if let Some(r) = &s.repository {
        fields.push(("Repository", "code", r));
    }
    let mut list = Vec::new();
    for (name, category, field) in fields {
        match absolute_url(site, field) {
            Ok(url) => list.push(
                Map::new()
                    .with("name", Value::str(name))
                    .with("category", Value::str(category))
                    .with("url", Value::str(url))
                    .build(),
            ),
            Err(why) => notes.push(at.note_at(
                field.span,
                format!(
                    "`{}` is not exported as an OpsLevel tool: {why}",
                    field.text
                ),
            )),
        }
    }
    list
}

/// The URL a tool needs: as written, or for a link into the handbook, the page's
/// address under `base_url`.
fn absolute_url(site: &Site, field: &UrlField) -> Result<String, &'static str> {
    match &field.href {
        Some(Href::External(url)) => Ok(url.clone()),
        Some(Href::Internal {
            target, fragment, ..
        }) => {
            let base = site.config.base_url.as_deref().ok_or(
                "a link into the handbook needs `base_url` in ownbook.toml to become an address",
            )?;
            let (_, path) = site
                .output_of(target)
                .ok_or("the handbook has no page at this link")?;
            let fragment = fragment
                .as_ref()
                .map(|f| format!("#{f}"))
                .unwrap_or_default();
            Ok(format!("{}/{path}{fragment}", base.trim_end_matches('/')))
        }
        None => Err("a tool needs a URL, and this is a channel name"),
    }
}

/// A GitHub repository URL as an OpsLevel repository (`owner/name` on `github`).
/// Other hosts have no name OpsLevel could match for certain; their URL is the
/// `code` tool.
fn repositories(s: &Service) -> Vec<Value> {
    let Some(Href::External(url)) = s.repository.as_ref().and_then(|r| r.href.as_ref()) else {
        return Vec::new();
    };
    let Some(rest) = url.strip_prefix("https://github.com/") else {
        return Vec::new();
    };
    let mut parts = rest.split(['/', '?', '#']);
    let (Some(owner), Some(repo)) = (parts.next(), parts.next()) else {
        return Vec::new();
    };
    let repo = repo.strip_suffix(".git").unwrap_or(repo);
    if owner.is_empty() || repo.is_empty() {
        return Vec::new();
    }
    vec![
        Map::new()
            .with("name", Value::str(format!("{owner}/{repo}")))
            .with("provider", Value::str("github"))
            .build(),
    ]
}

/// `depends_on` as dependencies by alias, with their notes. OpsLevel has no
/// criticality: one note per service names its critical dependencies.
fn dependencies(s: &Service, at: &Locator, notes: &mut Vec<Diagnostic>) -> Vec<Value> {
    let critical: Vec<_> = s.depends_on.iter().filter(|d| d.critical).collect();
    if let Some(first) = critical.first() {
        let ids: Vec<&str> = critical.iter().map(|d| d.service.value.as_str()).collect();
        notes.push(at.note_at(
            first.service.span,
            match ids.as_slice() {
                [one] => format!(
                    "OpsLevel dependencies have no criticality: {one} is exported as a plain dependency"
                ),
                many => format!(
                    "OpsLevel dependencies have no criticality: {} are exported as plain dependencies",
                    many.join(", ")
                ),
            },
        ));
    }
    s.depends_on
        .iter()
        .map(|d| {
            let mut m = Map::new().with("alias", Value::str(&d.service.value));
            m.push_some("notes", d.note.as_ref().map(Value::str));
            m.build()
        })
        .collect()
}

/// Notes for the keys opslevel.yml has no place for.
fn unmapped(s: &Service, at: &Locator, notes: &mut Vec<Diagnostic>) {
    let key = |k: &'static str| [Step::Key(k)];
    let mut note = |path: &[Step], msg: &str| notes.push(at.note(path, msg));
    if s.runbook_reviewed.is_some() {
        note(
            &key("runbook_reviewed"),
            "opslevel.yml has no field for when the runbook was reviewed",
        );
    }
    if s.email.is_some() {
        note(
            &key("email"),
            "opslevel.yml has no e-mail for a service (OpsLevel keeps contacts on teams)",
        );
    }
    if s.escalation_policy.is_some() {
        note(
            &key("escalation_policy"),
            "opslevel.yml links PagerDuty by service id (`alert_sources`), which the catalog does not hold",
        );
    }
    if s.reviewed.is_some() {
        note(
            &key("reviewed"),
            "opslevel.yml has no field for when the entry was reviewed",
        );
    }
    if s.review_every.is_some() {
        note(&key("review_every"), "opslevel.yml has no review interval");
    }
    if s.sunset.is_some() {
        note(&key("sunset"), "opslevel.yml has no sunset date");
    }
    if s.replaced_by.is_some() {
        note(
            &key("replaced_by"),
            "opslevel.yml has no replacement service",
        );
    }
    if !s.slos.is_empty() {
        let path = [Step::Key("slos"), Step::Index(0), Step::Key("name")];
        let msg = format!(
            "opslevel.yml has no SLOs ({} here): `ownbook export openslo` writes them",
            s.slos.len()
        );
        note(&path, &msg);
    }
    if s.sla.is_some() {
        note(&key("sla"), "opslevel.yml has no SLA");
    }
}
