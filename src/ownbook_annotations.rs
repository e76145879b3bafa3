//! The `ownbook.dev/…` annotations: catalog fields that Backstage has no place for
//! (tier, review dates, SLOs, rotations and their overrides, escalation policies,
//! member roles…), carried
//! as entity annotations so that `ownbook export backstage` followed by `ownbook import
//! backstage` gives the catalog files back. The export writes them and the import
//! reads them, both through this module, so the two cannot drift apart.
//!
//! Annotation values must be strings in Backstage. Single values are written as they
//! are in the TOML file (`ownbook.dev/tier: '1'`, `ownbook.dev/reviewed:
//! '2026-09-17'`); lists and tables as compact JSON with the TOML key names, e.g.
//! `ownbook.dev/slos: '[{"name":"Availability","objective":99.9,…}]'`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The prefix of every ownbook annotation.
pub const PREFIX: &str = "ownbook.dev/";

// Services and teams.
pub const TIER: &str = "ownbook.dev/tier";
/// ownbook's `type`, when `spec.type` holds the Backstage type it maps to
/// (`api` and `worker` → `service`, `frontend` → `website`, `datastore` →
/// `database`), which Backstage's default entity pages know.
pub const TYPE: &str = "ownbook.dev/type";
/// Only on Resources: Backstage gives them no lifecycle.
pub const LIFECYCLE: &str = "ownbook.dev/lifecycle";
/// The repository as written, when `backstage.io/source-location` cannot give it
/// back (not a web address, or ending in `/`).
pub const REPOSITORY: &str = "ownbook.dev/repository";
/// URL fields whose value is not a web address (a handbook page, a chat channel
/// name): Backstage links need an absolute URL.
pub const RUNBOOK: &str = "ownbook.dev/runbook";
pub const CHAT: &str = "ownbook.dev/chat";
pub const RUNBOOK_REVIEWED: &str = "ownbook.dev/runbook-reviewed";
pub const EMAIL: &str = "ownbook.dev/email";
pub const ESCALATION_POLICY: &str = "ownbook.dev/escalation-policy";
pub const REVIEWED: &str = "ownbook.dev/reviewed";
pub const REVIEW_EVERY: &str = "ownbook.dev/review-every";
pub const SUNSET: &str = "ownbook.dev/sunset";
pub const REPLACED_BY: &str = "ownbook.dev/replaced-by";
/// JSON list of [`DependencyDetail`]: `critical` and `note` of the `dependsOn` entries
/// that have them (the order and the targets stay in `spec.dependsOn`).
pub const DEPENDS_ON: &str = "ownbook.dev/depends-on";
/// JSON list of [`Slo`].
pub const SLOS: &str = "ownbook.dev/slos";
/// JSON [`Sla`].
pub const SLA: &str = "ownbook.dev/sla";
/// JSON object: member id → role (Groups).
pub const ROLES: &str = "ownbook.dev/roles";
/// JSON list of [`Rotation`] (Groups).
pub const ROTATIONS: &str = "ownbook.dev/rotations";
/// JSON list of [`Policy`] (Groups).
pub const ESCALATION_POLICIES: &str = "ownbook.dev/escalation-policies";
/// JSON list of [`Override`] (Groups), in the order of the team file.
pub const OVERRIDES: &str = "ownbook.dev/overrides";

/// `critical` and `note` of one dependency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DependencyDetail {
    pub service: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub critical: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One `[[slos]]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slo {
    pub name: String,
    pub objective: f64,
    pub window: String,
    pub sli: String,
}

/// The `[sla]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sla {
    pub objective: f64,
    pub window: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// Member id → role.
pub type Roles = BTreeMap<String, String>;

/// One `[[rotations]]` table. The start is a TOML local date-time
/// (`2026-01-12T10:00:00`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    pub id: String,
    pub name: String,
    pub members: Vec<String>,
    pub rotation_virtual_start: String,
    pub turn_length_days: u32,
    pub time_zone: String,
    pub coverage: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shadow: Vec<String>,
}

/// One `[[overrides]]` table. `start` and `end` are TOML local date-times, like a
/// rotation's start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub rotation: String,
    pub member: String,
    pub start: String,
    pub end: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One `[[escalation_policies]]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub id: String,
    pub name: String,
    pub num_loops: u32,
    pub escalation_rules: Vec<Rule>,
}

/// One level of a policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub escalation_delay_in_minutes: u32,
    pub targets: Vec<Target>,
}

/// What a level notifies: `rotation`, `user` or `team`, and its id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
}
