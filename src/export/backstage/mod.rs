//! `ownbook export backstage`: the catalog as Backstage catalog files.
//!
//! Layout of `--out` (one `catalog-info.yaml` per entry, so Backstage's discovery
//! patterns such as `**/catalog-info.yaml` find them too):
//! - `services/<id>/catalog-info.yaml`: a Component, or a Resource for a datastore;
//! - `teams/<id>/catalog-info.yaml`: the Group, then the Users whose first team
//!   (by id) it is;
//! - `systems/<id>/catalog-info.yaml`: a System per distinct `system`;
//! - `all.yaml`: a Location whose targets are all of the above, to register once.
//!
//! Fields Backstage has no place for ride in `ownbook.dev/…` annotations
//! ([`crate::ownbook_annotations`]), so `ownbook import backstage all.yaml` gives the
//! catalog files back. What is left out even so is reported at its file:line:col.

mod names;
mod service;
mod team;

use super::{Options, Outcome};
use crate::catalog::Catalog;
use crate::catalog::model::{SourceFile, Span};
use crate::diag::{Diagnostic, Fatal, Severity};
use crate::export::yaml::Value;
use crate::export::yaml::{self, Map};
use crate::plan::Plan;
use names::is_entity_name;
use std::collections::BTreeMap;

/// The `apiVersion` of every entity written.
pub const API_VERSION: &str = "backstage.io/v1alpha1";

/// The Location file, at the top of `--out`.
pub const LOCATION_FILE: &str = "all.yaml";

/// Exports the catalog of `opts.root` into `opts.out`.
pub fn export(opts: &Options) -> Result<Outcome, Fatal> {
    let (site, _) = super::load(&opts.root)?;
    let mut notes = Vec::new();
    let (plan, summary) = plan(&site.catalog, &mut notes);
    super::write("backstage", &plan, opts, summary, notes)
}

/// The files of the export and the one-line summary; a pure function of the catalog.
pub fn plan(catalog: &Catalog, notes: &mut Vec<Diagnostic>) -> (Plan, String) {
    let mut plan = Plan::default();
    let mut resources = 0;
    for s in &catalog.services {
        resources += usize::from(service::is_resource(s));
        let doc = service::entity(s, catalog, notes);
        plan.add(entry_file("services", &s.id), yaml::stream(&[], &[doc]));
    }
    let people = team::people(catalog, notes);
    for t in &catalog.teams {
        if !is_entity_name(&t.id) {
            notes.push(note(&t.file, t.head, format!("the team id `{}` is not a valid Backstage entity name: Backstage will refuse this Group", t.id)));
        }
        let mut docs = vec![team::group(t)];
        docs.extend(
            people
                .values()
                .filter(|p| p.teams.first() == Some(&t.id))
                .map(team::user),
        );
        plan.add(entry_file("teams", &t.id), yaml::stream(&[], &docs));
    }
    let systems = systems(catalog, notes);
    for (name, owner) in &systems {
        plan.add(
            entry_file("systems", name),
            yaml::stream(&[], &[system(name, owner)]),
        );
    }
    let targets: Vec<String> = plan.files.keys().map(|f| format!("./{f}")).collect();
    plan.add(LOCATION_FILE, yaml::stream(&[], &[location(&targets)]));
    let summary = format!(
        "{} service{} ({resources} as Resources), {} team{}, {} {} and {} system{}",
        catalog.services.len(),
        plural(catalog.services.len()),
        catalog.teams.len(),
        plural(catalog.teams.len()),
        people.len(),
        if people.len() == 1 {
            "person"
        } else {
            "people"
        },
        systems.len(),
        plural(systems.len()),
    );
    (plan, summary)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn entry_file(folder: &str, id: &str) -> String {
    format!("{folder}/{id}/catalog-info.yaml")
}

/// A note about a value the format cannot hold.
pub(crate) fn note(file: &SourceFile, span: Span, message: String) -> Diagnostic {
    file.diag(Severity::Warning, "not-exported", span, message)
}

/// Compact JSON of an annotation value. Serializing these plain structs of strings
/// and numbers cannot fail, so the empty fallback is never written.
pub(crate) fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Each distinct `system` and its owner: the team owning most of its services (the
/// first by id on a tie). A system without an owned service gets no owner.
fn systems(catalog: &Catalog, notes: &mut Vec<Diagnostic>) -> BTreeMap<String, Option<String>> {
    let mut counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for s in &catalog.services {
        let Some(system) = &s.system else { continue };
        if !counts.contains_key(system) && !is_entity_name(system) {
            notes.push(note(&s.file, s.head, format!("the system `{system}` is not a valid Backstage entity name: Backstage will refuse this System")));
        }
        let owners = counts.entry(system.clone()).or_default();
        if let Some(owner) = &s.owner {
            *owners.entry(owner.value.clone()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|(system, owners)| {
            // max_by_key keeps the last maximum; iterating in reverse id order makes
            // that the first id.
            let owner = owners
                .into_iter()
                .rev()
                .max_by_key(|(_, n)| *n)
                .map(|(team, _)| team);
            (system, owner)
        })
        .collect()
}

fn system(name: &str, owner: &Option<String>) -> Value {
    let owner = owner.as_ref().map(|o| format!("group:{o}"));
    Map::new()
        .text("apiVersion", API_VERSION)
        .text("kind", "System")
        .with("metadata", Map::new().text("name", name).build())
        .with("spec", Map::new().opt("owner", owner.as_deref()).build())
        .build()
}

fn location(targets: &[String]) -> Value {
    let metadata = Map::new().text("name", "ownbook-catalog").text(
        "description",
        "Every entity exported from the handbook by `ownbook export backstage`",
    );
    Map::new()
        .text("apiVersion", API_VERSION)
        .text("kind", "Location")
        .with("metadata", metadata.build())
        .with("spec", Map::new().texts("targets", targets).build())
        .build()
}
