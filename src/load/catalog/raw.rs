//! The shape of catalog files as serde reads them: every key the schema allows (any
//! other is an error naming the allowed ones), values wrapped in `Spanned` where a later
//! rule needs to point at them.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use toml::Spanned;
use toml::value::Datetime;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawService {
    pub name: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub owner: Option<Spanned<String>>,
    pub tier: Option<Spanned<i64>>,
    pub lifecycle: Option<Spanned<String>>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub system: Option<String>,
    pub repository: Option<Spanned<String>>,
    pub runbook: Option<Spanned<String>>,
    pub runbook_reviewed: Option<Spanned<Datetime>>,
    pub chat: Option<Spanned<String>>,
    pub email: Option<Spanned<String>>,
    pub escalation_policy: Option<Spanned<String>>,
    pub reviewed: Option<Spanned<Datetime>>,
    pub review_every: Option<Spanned<i64>>,
    pub sunset: Option<Spanned<Datetime>>,
    pub replaced_by: Option<Spanned<String>>,
    #[serde(default)]
    pub depends_on: Vec<RawDependency>,
    #[serde(default)]
    pub dashboards: Vec<RawLink>,
    #[serde(default)]
    pub links: Vec<RawLink>,
    #[serde(default)]
    pub slos: Vec<Spanned<RawSlo>>,
    pub sla: Option<Spanned<RawSla>>,
    /// The service's code in the repository: CODEOWNERS patterns relative to the
    /// repository root (`services/checkout/**`).
    #[serde(default)]
    pub paths: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLink {
    pub name: String,
    pub url: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSlo {
    pub name: String,
    pub objective: Spanned<f64>,
    pub window: String,
    pub sli: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSla {
    pub objective: Spanned<f64>,
    pub window: String,
    #[serde(default)]
    pub description: String,
}

/// A `depends_on` entry: `"id"` or `{ service = "id", critical = true, note = "..." }`.
pub struct RawDependency {
    pub service: Spanned<String>,
    pub critical: bool,
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDependencyTable {
    service: Spanned<String>,
    #[serde(default)]
    critical: bool,
    note: Option<String>,
}

impl<'de> Deserialize<'de> for RawDependency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Span of the whole entry: for the short form it is the id itself.
        let spanned: Spanned<Either> = Deserialize::deserialize(d)?;
        let span = spanned.span();
        Ok(match spanned.into_inner() {
            Either::Id(id) => RawDependency {
                service: Spanned::new(span, id),
                critical: false,
                note: None,
            },
            Either::Table(t) => RawDependency {
                service: t.service,
                critical: t.critical,
                note: t.note,
            },
        })
    }
}

enum Either {
    Id(String),
    Table(RawDependencyTable),
}

impl<'de> Deserialize<'de> for Either {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Either;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a service id or a table like { service = \"id\", critical = true }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Either, E> {
                Ok(Either::Id(v.to_string()))
            }
            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Either, M::Error> {
                RawDependencyTable::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Either::Table)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTeam {
    pub name: Option<Spanned<String>>,
    #[serde(default)]
    pub description: String,
    pub chat: Option<Spanned<String>>,
    pub email: Option<Spanned<String>>,
    pub reviewed: Option<Spanned<Datetime>>,
    pub review_every: Option<Spanned<i64>>,
    /// The team as CODEOWNERS names it: `@org/team`, `@user` or an e-mail address.
    pub code_owner: Option<Spanned<String>>,
    #[serde(default)]
    pub members: Vec<Spanned<RawMember>>,
    #[serde(default)]
    pub rotations: Vec<Spanned<RawRotation>>,
    #[serde(default)]
    pub escalation_policies: Vec<Spanned<RawPolicy>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMember {
    pub id: Option<Spanned<String>>,
    pub name: Spanned<String>,
    pub role: Option<String>,
    pub email: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRotation {
    pub id: Spanned<String>,
    pub name: Option<String>,
    pub members: Spanned<Vec<Spanned<String>>>,
    pub rotation_virtual_start: Spanned<Datetime>,
    pub turn_length_days: Spanned<i64>,
    pub time_zone: Spanned<String>,
    pub coverage: Option<Spanned<String>>,
    #[serde(default)]
    pub shadow: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPolicy {
    pub id: Spanned<String>,
    pub name: Option<String>,
    pub num_loops: Option<Spanned<i64>>,
    pub escalation_rules: Spanned<Vec<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub escalation_delay_in_minutes: Spanned<i64>,
    pub targets: Spanned<Vec<RawTarget>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTarget {
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    pub id: Spanned<String>,
}
