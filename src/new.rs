//! `ownbook new service ID` / `ownbook new team ID`: a skeleton file that passes
//! `ownbook check` as written, with every optional key shown (commented out) and
//! explained, so that filling it in is editing rather than looking things up. Its
//! first line names the JSON Schema in the handbook's `schemas/`, for TOML editors.

use crate::catalog::values::is_valid_id;
use crate::diag::Fatal;
use std::path::{Path, PathBuf};

/// Which kind of catalog entry to create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Service,
    Team,
}

/// What `create` wrote.
pub struct Created {
    /// The new catalog file.
    pub path: PathBuf,
    /// The schema files it also wrote into `schemas/` (those missing there).
    pub schemas: Vec<String>,
}

/// Writes the skeleton of a new entry under `root/content/`, and the JSON Schemas
/// missing from `root/schemas/`. Refuses invalid ids and existing files.
pub fn create(root: &Path, kind: Kind, id: &str) -> Result<Created, Fatal> {
    if !is_valid_id(id)
        || (kind == Kind::Service && crate::catalog::RESERVED_SERVICE_IDS.contains(&id))
    {
        return Err(Fatal::Refused(format!(
            "`{id}` is not a valid id\n  = hint: use lowercase letters, digits and `-`, e.g. checkout-api"
        )));
    }
    let (dir, text) = match kind {
        Kind::Service => ("services", service(id, first_team(root).as_deref())),
        Kind::Team => ("teams", team(id, &crate::dates::today())),
    };
    let rel = format!("content/{dir}/{id}.toml");
    let text = crate::schema::directive_for(&rel).unwrap_or_default() + &text;
    let folder = root.join("content").join(dir);
    let path = folder.join(format!("{id}.toml"));
    if path.exists() {
        return Err(Fatal::Refused(format!(
            "`{}` already exists\n  = hint: edit it, or choose another id",
            path.display()
        )));
    }
    std::fs::create_dir_all(&folder).map_err(|e| Fatal::io(&folder, e))?;
    std::fs::write(&path, text).map_err(|e| Fatal::io(&path, e))?;
    // The `#:schema` line points into `schemas/`, which a handbook made before the
    // schemas existed does not have yet.
    let schemas = crate::schema::write_missing(root)?;
    Ok(Created { path, schemas })
}

/// The first team id (alphabetically) of the handbook, to own a new service.
pub fn first_team(root: &Path) -> Option<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root.join("content").join("teams"))
        .ok()?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".toml")
                .filter(|s| is_valid_id(s))
                .map(String::from)
        })
        .collect();
    ids.sort();
    ids.into_iter().next()
}

fn title_of(id: &str) -> String {
    id.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The skeleton of a service owned by `owner` (a placeholder when there is no team).
pub fn service(id: &str, owner: Option<&str>) -> String {
    let name = title_of(id);
    let owner = owner.unwrap_or("your-team");
    format!(
        r##"# The service `{id}`. Fields are explained in the README's "Service catalog" section.
name = "{name}"
description = "What {name} does, for whom, in one or two sentences. **Markdown** is allowed."
owner = "{owner}"                      # exactly one team id (a file in content/teams/)
tier = 3                               # 1 (critical) to 3 (supporting)
lifecycle = "design"                   # design, pre-production, production, deprecated, retired
type = "api"                           # api, worker, frontend, datastore, library, tool ...
tags = []                              # e.g. ["payments", "customer-facing"]
# system = "commerce"                  # optional grouping of related services
# repository = "https://git.example.com/team/{id}"
# runbook = "https://wiki.example.com/runbooks/{id}"   # or ../guide/some-page.md
# runbook_reviewed = 2026-01-31        # the date someone last walked through the runbook
# chat = "#team-channel"               # a URL or a channel name
# email = "team@example.com"
# escalation_policy = "policy-id"      # default: the owner team's first policy
# reviewed = 2026-01-31                # when this entry was last reviewed ...
# review_every = 180                   # ... and how often it should be (days)
# sunset = 2027-03-31                  # deprecated or retired services only
# replaced_by = "other-service-id"     # deprecated or retired services only
depends_on = []
# depends_on = [
#   {{ service = "other-service-id", critical = true, note = "Why and how it is called" }},
#   "another-service-id",
# ]

# [[dashboards]]
# name = "Overview"
# url = "https://grafana.example.com/d/{id}"

# [[links]]
# name = "API reference"
# url = "https://docs.example.com/{id}"

# [[slos]]
# name = "Availability"
# objective = 99.9                     # percent
# window = "28d"
# sli = "Share of requests answered without a 5xx"

# [sla]                                # at most one, only if a contract requires it
# objective = 99.5
# window = "calendar month"
# description = "Commitment in the customer agreement"
"##
    )
}

/// The skeleton of a team with three members, one rotation and a three-level policy.
/// The rotation starts on the first Monday on or after `today`.
pub fn team(id: &str, today: &str) -> String {
    let name = title_of(id);
    let offset = match crate::dates::weekday(today) {
        Some("Tuesday") => 6,
        Some("Wednesday") => 5,
        Some("Thursday") => 4,
        Some("Friday") => 3,
        Some("Saturday") => 2,
        Some("Sunday") => 1,
        _ => 0,
    };
    let monday = crate::dates::add_days(today, offset).unwrap_or_else(|| "2026-01-05".into());
    let week_later = crate::dates::add_days(&monday, 7).unwrap_or_else(|| monday.clone());
    format!(
        r##"# The team `{id}`. Fields are explained in the README's "Service catalog" section.
name = "{name}"
description = "What the team owns and why, in a sentence or two."
# chat = "#team-{id}"                 # a URL or a channel name
# email = "{id}@example.com"
# reviewed = {today}
# review_every = 180                  # days

# Members: replace these with real people. `id` is how rotations and policies name them.
[[members]]
id = "manager"
name = "Engineering Manager"
role = "Engineering manager"
# email = "manager@example.com"

[[members]]
id = "lead"
name = "Tech Lead"
role = "Tech lead"

[[members]]
id = "engineer"
name = "Engineer"
role = "Backend engineer"

# An on-call rotation (a PagerDuty schedule layer): members take turns in this order.
[[rotations]]
id = "primary"
name = "{name} primary"
members = ["lead", "engineer"]
rotation_virtual_start = {monday}T09:00:00   # a handoff, local time in time_zone
turn_length_days = 7
time_zone = "UTC"                     # an IANA name, e.g. "Europe/Berlin"
coverage = "24/7"                     # or "business-hours"
# shadow = ["new-member-id"]

# An override: someone covers the rotation for a while, whoever was scheduled.
# [[overrides]]
# rotation = "primary"
# member = "lead"
# start = {monday}T09:00:00            # wall-clock times in the rotation's time_zone
# end = {week_later}T09:00:00              # the first minute they are off again
# note = "Covering Engineer's holiday"

# Who is paged, in order, and how long each level has to acknowledge.
[[escalation_policies]]
id = "{id}-default"                   # unique across all teams
name = "{name} default"
num_loops = 1                         # how often the whole policy repeats
[[escalation_policies.escalation_rules]]
escalation_delay_in_minutes = 10
targets = [{{ type = "rotation", id = "primary" }}]
[[escalation_policies.escalation_rules]]
escalation_delay_in_minutes = 15
targets = [{{ type = "user", id = "lead" }}]
[[escalation_policies.escalation_rules]]
escalation_delay_in_minutes = 30
targets = [{{ type = "user", id = "manager" }}]
"##
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeletons_parse() {
        let s: Result<crate::load::catalog::raw::RawService, _> =
            toml::from_str(&service("basket-reminders", Some("storefront")));
        assert!(s.is_ok(), "{:?}", s.err());
        let t: Result<crate::load::catalog::raw::RawTeam, _> =
            toml::from_str(&team("grocery-partners", "2026-11-22"));
        assert!(t.is_ok(), "{:?}", t.err());
        assert!(team("x", "2026-11-22").contains("rotation_virtual_start = 2026-11-23T09:00:00"));
        assert_eq!(title_of("basket-reminders"), "Basket Reminders");
    }
}
