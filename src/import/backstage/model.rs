//! The services and teams about to be written. `services`, `teams`, `apis` and
//! `carried` fill them and `write` turns them into catalog files, so the types live
//! here, below all of them.

use crate::ownbook_annotations::{Override, Policy, Rotation, Sla, Slo};

/// A service about to be written.
#[derive(Debug, Clone, Default)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub description: String,
    pub owner: String,
    pub tier: u8,
    pub lifecycle: Option<String>,
    pub kind: Option<String>,
    pub tags: Vec<String>,
    pub system: Option<String>,
    pub repository: Option<String>,
    pub runbook: Option<String>,
    /// `YYYY-MM-DD`, checked.
    pub runbook_reviewed: Option<String>,
    pub chat: Option<String>,
    pub email: Option<String>,
    pub escalation_policy: Option<String>,
    pub reviewed: Option<String>,
    pub review_every: Option<u32>,
    pub sunset: Option<String>,
    pub replaced_by: Option<String>,
    pub depends_on: Vec<Dependency>,
    pub dashboards: Vec<(String, String)>,
    pub links: Vec<(String, String)>,
    pub slos: Vec<Slo>,
    pub sla: Option<Sla>,
    pub apis: Vec<Api>,
}

/// One entry of `depends_on`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dependency {
    pub service: String,
    pub critical: bool,
    pub note: Option<String>,
}

/// An API a service provides, for its prose page.
#[derive(Debug, Clone, Default)]
pub struct Api {
    pub title: String,
    pub kind: Option<String>,
    pub lifecycle: Option<String>,
    pub description: Option<String>,
    pub definition: Option<String>,
}

impl Service {
    /// Adds a dependency on service `id`, unless it is this service or already there.
    pub fn add_dep(&mut self, id: String, note: Option<String>) {
        if id != self.id && !self.depends_on.iter().any(|d| d.service == id) {
            self.depends_on.push(Dependency {
                service: id,
                critical: false,
                note,
            });
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Member {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub role: Option<String>,
}

/// A team about to be written.
#[derive(Debug, Clone, Default)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub email: Option<String>,
    pub chat: Option<String>,
    /// `YYYY-MM-DD`, checked.
    pub reviewed: Option<String>,
    pub review_every: Option<u32>,
    pub members: Vec<Member>,
    pub rotations: Vec<Rotation>,
    /// Local date-times, checked.
    pub overrides: Vec<Override>,
    pub policies: Vec<Policy>,
}
