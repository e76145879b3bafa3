//! The service catalog as data: services and teams read from `content/services/` and
//! `content/teams/`, with indexes by id and the URLs of their pages. Loading fills it
//! (`load::catalog`), analysis derives the graph, on-call and scorecards from it
//! (`analyze`), its rules are checked in `check::rules`, and its pages are rendered
//! in `render::catalog`. Nothing here reads files or renders anything.

pub mod model;
pub mod values;

use model::{Policy, Service, Team};
use std::collections::{HashMap, HashSet};

/// Element ids every service page has (for `service:x#anchor` links); `links` and
/// `notes` exist only when the service has links or prose.
pub const SERVICE_ANCHORS: &[&str] = &[
    "overview",
    "on-call",
    "escalation",
    "dependencies",
    "blast-radius",
    "slos",
    "runbook",
    "scorecard",
    "graph",
    "linked-from",
];

/// Fixed element ids of a team page.
pub const TEAM_ANCHORS: &[&str] = &[
    "overview",
    "members",
    "services",
    "rotations",
    "escalation",
    "linked-from",
];

/// The loaded catalog.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    /// Sorted by id.
    pub services: Vec<Service>,
    /// Sorted by id.
    pub teams: Vec<Team>,
    service_index: HashMap<String, usize>,
    team_index: HashMap<String, usize>,
    /// Policy id → (team index, policy index); the first team wins on duplicates.
    policy_index: HashMap<String, (usize, usize)>,
    /// Keys (`service:<id>`) of files that exist but could not be read.
    broken: HashSet<String>,
}

impl Catalog {
    /// A catalog of these entries, with its indexes. `broken` holds the keys of
    /// entries whose files exist but could not be read.
    pub fn new(mut services: Vec<Service>, mut teams: Vec<Team>, broken: HashSet<String>) -> Self {
        services.sort_by(|a, b| a.id.cmp(&b.id));
        teams.sort_by(|a, b| a.id.cmp(&b.id));
        let mut policy_index = HashMap::new();
        for (t, team) in teams.iter().enumerate() {
            for (p, policy) in team.policies.iter().enumerate() {
                policy_index
                    .entry(policy.id.value.clone())
                    .or_insert((t, p));
            }
        }
        Catalog {
            service_index: index(services.iter().map(|s| s.id.as_str())),
            team_index: index(teams.iter().map(|t| t.id.as_str())),
            services,
            teams,
            policy_index,
            broken,
        }
    }

    /// The catalog as a language's pages show it: each service's prose and each note
    /// in `lang` where they are translated (descriptions are picked where shown, by
    /// `description_in`). Everything else is the same data.
    pub fn in_language(&self, lang: &str) -> Catalog {
        let mut catalog = self.clone();
        for s in &mut catalog.services {
            if let Some(prose) = s.prose_variants.get(lang) {
                s.prose = Some(prose.clone());
            }
            for d in &mut s.depends_on {
                if let Some(note) = d.note_variants.get(lang) {
                    d.note = Some(note.clone());
                }
            }
        }
        let rotations = catalog.teams.iter_mut().flat_map(|t| &mut t.rotations);
        for o in rotations.flat_map(|r| &mut r.overrides) {
            if let Some(note) = o.note_variants.get(lang) {
                o.note = Some(note.clone());
            }
        }
        catalog
    }

    /// The output folder of a catalog entry by key (`service:<id>` or `team:<id>`).
    pub fn url_of(&self, key: &str) -> Option<String> {
        // A file that exists but could not be read keeps its URL, so that links to it
        // do not add errors to the one that names the real problem.
        let known =
            |kind: &str, id: &str, found: bool| found || self.is_broken(&format!("{kind}:{id}"));
        match key.split_once(':')? {
            ("service", id) if known("service", id, self.service(id).is_some()) => {
                Some(service_url(id))
            }
            ("team", id) if known("team", id, self.team(id).is_some()) => Some(team_url(id)),
            _ => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.services.is_empty() && self.teams.is_empty()
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        self.service_index.get(id).map(|&i| &self.services[i])
    }

    pub fn service_position(&self, id: &str) -> Option<usize> {
        self.service_index.get(id).copied()
    }

    pub fn team_position(&self, id: &str) -> Option<usize> {
        self.team_index.get(id).copied()
    }

    pub fn team(&self, id: &str) -> Option<&Team> {
        self.team_index.get(id).map(|&i| &self.teams[i])
    }

    /// Whether the file of `key` exists but could not be read.
    pub fn is_broken(&self, key: &str) -> bool {
        self.broken.contains(key)
    }

    /// The keys of entries whose files exist but could not be read, in no order.
    pub fn broken_keys(&self) -> impl Iterator<Item = &str> {
        self.broken.iter().map(String::as_str)
    }

    pub fn owner_team(&self, s: &Service) -> Option<&Team> {
        s.owner.as_ref().and_then(|o| self.team(&o.value))
    }

    pub fn policy(&self, id: &str) -> Option<(&Team, &Policy)> {
        self.policy_index
            .get(id)
            .map(|&(t, p)| (&self.teams[t], &self.teams[t].policies[p]))
    }

    /// The service's escalation policy: the one it names, else its owner's first.
    pub fn policy_of(&self, s: &Service) -> Option<(&Team, &Policy)> {
        self.policy_key(s)
            .map(|(t, p)| (&self.teams[t], &self.teams[t].policies[p]))
    }

    /// (team index, policy index) of the service's escalation policy.
    pub fn policy_key(&self, s: &Service) -> Option<(usize, usize)> {
        match &s.escalation_policy {
            Some(p) => self.policy_index.get(&p.value).copied(),
            None => {
                let owner = s.owner.as_ref()?;
                let &t = self.team_index.get(&owner.value)?;
                (!self.teams[t].policies.is_empty()).then_some((t, 0))
            }
        }
    }

    /// The coverage of the rotations paged at the first level of the service's policy:
    /// "24/7" if any covers every hour, "business-hours" if only working hours.
    pub fn first_level_coverage(&self, s: &Service) -> Option<&'static str> {
        let (team, policy) = self.policy_of(s)?;
        let first = policy.rules.first()?;
        let mut best = None;
        for t in &first.targets {
            if t.kind != model::TargetKind::Rotation {
                continue;
            }
            match team.rotation(&t.id.value).map(|r| r.coverage) {
                Some(model::Coverage::AllHours) => return Some("24/7"),
                Some(model::Coverage::BusinessHours) => best = Some("business-hours"),
                None => {}
            }
        }
        best
    }
}

/// The output folder of a service page.
pub fn service_url(id: &str) -> String {
    format!("services/{id}/")
}

/// The output folder of a team page.
pub fn team_url(id: &str) -> String {
    format!("teams/{id}/")
}

/// The on-call calendar (iCalendar) of a team: every shift of its rotations.
pub fn team_calendar_url(team: &str) -> String {
    format!("teams/{team}/calendar.ics")
}

/// The on-call calendar of one rotation. Rotations live in a folder of their own so
/// that no rotation id can take the team's calendar's name.
pub fn rotation_calendar_url(team: &str, rotation: &str) -> String {
    // Rotation ids are not restricted to file-name characters (PagerDuty's are
    // upper case), so the file takes their slug.
    let stem = if values::is_valid_id(rotation) {
        rotation.to_string()
    } else {
        crate::text::slugify(rotation)
    };
    let stem = if stem.is_empty() { "rotation" } else { &stem };
    format!("teams/{team}/rotations/{stem}.ics")
}

/// The on-call calendar of one member: their shifts in every team they are on.
pub fn member_calendar_url(team: &str, member: &str) -> String {
    format!("teams/{team}/members/{member}.ics")
}

fn index<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.to_string(), i)).collect()
}

/// Output folders of the catalog's generated pages.
pub const SERVICES_URL: &str = "services/";
pub const TEAMS_URL: &str = "teams/";
pub const GRAPH_URL: &str = "services/graph/";
pub const SCORECARDS_URL: &str = "scorecards/";
/// Each team's scorecard levels week by week (only in a handbook with git history).
pub const SCORECARD_HISTORY_URL: &str = "scorecards/history/";
pub const STALE_URL: &str = "stale/";

/// Service ids that would collide with generated pages under `services/`.
pub const RESERVED_SERVICE_IDS: [&str; 1] = ["graph"];
