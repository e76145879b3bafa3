//! `ownbook import backstage`: Backstage catalog YAML → `content/services/*.toml` and
//! `content/teams/*.toml`.
//!
//! How Backstage maps onto ownbook's catalog (the README has the user-facing table):
//! - Component → service; Resource → service (`type = "datastore"` for databases,
//!   buckets, caches and queues, else its own type).
//! - API → folded into the components that provide it: its definition and description
//!   go into the provider's prose page (`<id>.md`), its links into the provider's
//!   links, and `consumesApis` becomes a dependency on the provider.
//! - System → the `system` field of its services; Domain → noted only.
//! - Group → team; User → member of the teams named in `memberOf` (and in a Group's
//!   `spec.members`). Owners are teams: a user owner is replaced by the user's team.
//! - Location → its targets are read too (relative files, `*` and `**` patterns).
//! - `ownbook.dev/…` annotations (written by `ownbook export backstage`) → the fields
//!   Backstage has no place for: tier, review dates, SLOs, rotations and overrides, escalation
//!   policies, roles… ([`carried`]), so an exported catalog imports back unchanged.
//!
//! Whatever has no place in the schema is listed in the report with its file:line.

mod apis;
mod carried;
mod entity;
mod files;
mod model;
mod services;
mod teams;
mod write;

use super::{Note, Outcome, Plan, finish_notes, note_at, to_id};
use crate::diag::{Diagnostic, Fatal};
use entity::{Entity, parse_ref, ref_kind, ref_name};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Options of a Backstage import.
#[derive(Debug, Clone)]
pub struct Options {
    /// The PagerDuty account's address, for service links.
    pub pagerduty_url: String,
    pub force: bool,
}

/// Imports the catalog files (or folders) `paths` into the handbook at `into`.
pub fn import(paths: &[PathBuf], into: &Path, opts: &Options) -> Result<Outcome, Fatal> {
    let (plan, mut outcome) = plan(paths, into, opts).map_err(Fatal::Diagnostics)?;
    let (written, unchanged) = super::apply(&plan, into, opts.force)?;
    outcome.written = written;
    outcome.unchanged = unchanged;
    Ok(outcome)
}

/// Reads the catalog and returns the files to write, without writing anything.
pub fn plan(
    paths: &[PathBuf],
    into: &Path,
    opts: &Options,
) -> Result<(Plan, Outcome), Vec<Diagnostic>> {
    let pd = &opts.pagerduty_url;
    if !(pd.starts_with("https://") || pd.starts_with("http://")) || !super::is_web_url(pd) {
        return Err(vec![
            Diagnostic::error(
                "backstage",
                format!("--pagerduty-url `{pd}` is not an http(s) address"),
            )
            .hint("pass your account's address, e.g. --pagerduty-url https://acme.pagerduty.com"),
        ]);
    }
    let mut notes = Vec::new();
    let read = files::read_all(paths, &mut notes)?;
    let mut ctx = Ctx::new(&read.entities, into, opts, notes);
    let services = services::build(&mut ctx);
    let teams = teams::build(&mut ctx, &services);
    let mut plan = Plan::default();
    for s in &services {
        plan.add(format!("content/services/{}.toml", s.id), write::service(s));
        if let Some(md) = apis::prose(s) {
            plan.add(format!("content/services/{}.md", s.id), md);
        }
    }
    for t in &teams {
        plan.add(format!("content/teams/{}.toml", t.id), write::team(t));
    }
    if !into.join(crate::config::CONFIG_FILE).is_file() {
        ctx.notes.push(
            Diagnostic::warning(
                "not-converted",
                format!(
                    "{} has no {}: the catalog needs a handbook around it",
                    into.display(),
                    crate::config::CONFIG_FILE
                ),
            )
            .hint("create one with `ownbook init DIR` first and import into it with --into DIR"),
        );
    }
    if ctx.bookkeeping > 0 {
        ctx.notes.push(Diagnostic::warning(
            "not-converted",
            format!("{} of Backstage's own bookkeeping fields (backstage.io/managed-by-location, uid, etag, …) were passed over: they describe the catalog, not the services", ctx.bookkeeping),
        ));
    }
    let mut notes = ctx.notes;
    finish_notes(&mut notes);
    let outcome = Outcome {
        summary: format!(
            "{} service{} and {} team{} from {} entit{} in {} file{}",
            services.len(),
            if services.len() == 1 { "" } else { "s" },
            teams.len(),
            if teams.len() == 1 { "" } else { "s" },
            read.entities.len(),
            if read.entities.len() == 1 { "y" } else { "ies" },
            read.files,
            if read.files == 1 { "" } else { "s" }
        ),
        notes,
        ..Outcome::default()
    };
    Ok((plan, outcome))
}

/// What the mappers share: the entities, the ids given out, and the notes.
pub(crate) struct Ctx<'e> {
    pub entities: &'e [Entity],
    /// Entity key (`component:default/x`) → index in `entities`.
    pub by_key: HashMap<String, usize>,
    /// Entity key of a Component or Resource → service id.
    pub service_ids: HashMap<String, String>,
    /// Entity key of a Group → team id.
    pub team_ids: HashMap<String, String>,
    /// Ids of catalog files the handbook already has.
    pub existing_services: HashSet<String>,
    pub existing_teams: HashSet<String>,
    /// Teams to create because a service names them (or a user) as owner.
    pub stub_teams: BTreeMap<String, teams::Stub>,
    pub notes: Vec<Note>,
    pub opts: &'e Options,
    /// How many bookkeeping fields of Backstage itself were passed over.
    pub bookkeeping: usize,
}

impl<'e> Ctx<'e> {
    fn new(entities: &'e [Entity], into: &Path, opts: &'e Options, notes: Vec<Note>) -> Self {
        let mut ctx = Ctx {
            entities,
            by_key: HashMap::new(),
            service_ids: HashMap::new(),
            team_ids: HashMap::new(),
            existing_services: stems(&into.join("content/services")),
            existing_teams: stems(&into.join("content/teams")),
            stub_teams: BTreeMap::new(),
            notes,
            opts,
            bookkeeping: 0,
        };
        let mut service_used = HashSet::new();
        let mut team_used = HashSet::new();
        for (i, e) in entities.iter().enumerate() {
            if let Some(&first) = ctx.by_key.get(&e.key()) {
                let f = &entities[first];
                ctx.notes.push(e.note(
                    e.pos,
                    format!(
                        "{} `{}` is already defined at {}:{}; this one is skipped",
                        e.kind, e.name, f.file, f.pos.0
                    ),
                ));
                continue;
            }
            ctx.by_key.insert(e.key(), i);
            for f in &e.other_metadata {
                if matches!(
                    f.key.as_str(),
                    "uid" | "etag" | "generation" | "resourceVersion"
                ) {
                    ctx.bookkeeping += 1;
                } else {
                    ctx.notes
                        .push(e.note(f.pos, format!("metadata `{}` not converted", f.key)));
                }
            }
            let (used, ids) = match e.kind.as_str() {
                "component" | "resource" => (&mut service_used, &mut ctx.service_ids),
                "group" => (&mut team_used, &mut ctx.team_ids),
                _ => continue,
            };
            let id = allocate(e, used, &mut ctx.notes);
            ids.insert(e.key(), id);
        }
        ctx
    }

    /// Notes every `spec` key of `e` that is not in `known`.
    pub fn check_spec(&mut self, e: &Entity, known: &[&str]) {
        for f in &e.spec {
            if !known.contains(&f.key.as_str()) {
                self.notes.push(e.note(
                    f.pos,
                    format!("`spec.{}` of {} `{}` not converted", f.key, e.kind, e.name),
                ));
            }
        }
    }

    pub fn entity(&self, key: &str) -> Option<&'e Entity> {
        self.by_key.get(key).map(|&i| &self.entities[i])
    }

    /// The team that owns what `owner` names (a group, or a user's first group).
    /// Owners that are not imported become stub teams, unless the handbook already
    /// has a team of that id.
    pub fn owner_team(&mut self, e: &Entity, owner: &str) -> String {
        let key = parse_ref(owner, "group");
        if let Some(id) = self.team_ids.get(&key) {
            return id.clone();
        }
        if ref_kind(&key) == "user"
            && let Some(user) = self.entity(&key)
        {
            let groups = user.spec_list("memberOf");
            if let Some(team) = groups
                .iter()
                .find_map(|g| self.team_ids.get(&parse_ref(g, "group")))
            {
                self.notes.push(e.note(e.pos, format!("owned by the user `{}`; ownbook's owners are teams, so it goes to their team `{team}`", user.name)));
                return team.clone();
            }
        }
        let id = to_id(ref_name(&key));
        let id = if id.is_empty() {
            "unknown-owner".to_string()
        } else {
            id
        };
        if !self.existing_teams.contains(&id) && !self.stub_teams.contains_key(&id) {
            let user = (ref_kind(&key) == "user")
                .then(|| self.entity(&key))
                .flatten();
            self.notes.push(e.note(e.pos, match user {
                Some(_) => format!("owned by the user `{}`, who is in no imported group: a one-person team `{id}` was created", ref_name(&key)),
                None => format!("owner `{owner}` is not among the imported groups: a team `{id}` with only a name was created; fill it in"),
            }));
            self.stub_teams.insert(
                id.clone(),
                teams::Stub {
                    name: ref_name(&key).to_string(),
                    user: user.cloned(),
                },
            );
        }
        id
    }

    /// The service id a dependency ref names, if it exists (imported or in the handbook).
    pub fn service_of(&self, reference: &str, default_kind: &str) -> Option<String> {
        let key = parse_ref(reference, default_kind);
        if let Some(id) = self.service_ids.get(&key) {
            return Some(id.clone());
        }
        // A ref without a kind may name a resource as well as a component.
        if !reference.contains(':')
            && let Some(id) = self.service_ids.get(&parse_ref(reference, "resource"))
        {
            return Some(id.clone());
        }
        let id = to_id(ref_name(&key));
        self.existing_services.contains(&id).then_some(id)
    }
}

/// An id for an entity: its name (with a non-default namespace in front) as an id,
/// made unique within its kind of catalog file.
fn allocate(e: &Entity, used: &mut HashSet<String>, notes: &mut Vec<Note>) -> String {
    let base = if e.namespace == "default" {
        to_id(&e.name)
    } else {
        to_id(&format!("{}-{}", e.namespace, e.name))
    };
    let base = if base.is_empty() {
        e.kind.clone()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        n += 1;
        id = format!("{base}-{n}");
    }
    if id != e.name {
        notes.push(note_at(&e.file, e.pos.0, e.pos.1, format!("{} `{}` is imported with the id `{id}` (ids are lowercase letters, digits and `-`)", e.kind, e.name)));
    }
    id
}

/// File stems of the `*.toml` files in a folder.
fn stems(dir: &Path) -> HashSet<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| {
                    e.file_name()
                        .to_str()
                        .and_then(|n| n.strip_suffix(".toml"))
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default()
}
