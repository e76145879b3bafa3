//! The shape of catalog files as serde reads them: every key the schema allows (any
//! other is an error naming the allowed ones), values wrapped in `Spanned` where a later
//! rule needs to point at them.
//!
//! The same types give the files' JSON Schema (`ownbook schema`), so the schema cannot
//! drift from the reader: the doc comments of the fields are what editors show on
//! hover, and `#[schemars(...)]` says what a value must be for `ownbook check` to
//! accept it where serde reads it as a plain string, number or TOML date.

use crate::catalog::model::{Coverage, Lifecycle, TargetKind};
use crate::tomlschema::{LocalDate, LocalDateTime, string_enum};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::borrow::Cow;
use std::collections::BTreeMap;
use toml::Spanned;
use toml::value::Datetime;

/// A service of the catalog: `content/services/<id>.toml`, the file name being its id.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Service")]
pub struct RawService {
    /// The service's display name.
    #[schemars(with = "String")]
    pub name: Option<Spanned<String>>,
    /// What the service does and for whom, in a sentence or two (Markdown); or the
    /// text by language code (`description.en = "…"`, `description.ja = "…"`).
    #[schemars(with = "RawText")]
    pub description: Option<Spanned<RawText>>,
    /// The id of the team that owns the service (a file in content/teams/).
    #[schemars(with = "Option<String>")]
    pub owner: Option<Spanned<String>>,
    /// How critical the service is: 1 is the most critical; the tiers are named by
    /// `tier_names` in ownbook.toml (three by default).
    #[schemars(with = "u32", range(min = 1))]
    pub tier: Option<Spanned<i64>>,
    /// Where the service is in its life.
    #[schemars(with = "Lifecycle")]
    pub lifecycle: Option<Spanned<String>>,
    /// What kind of thing it is, in your own words: api, worker, frontend,
    /// datastore, library, tool...
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Free-form labels for finding and grouping services.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The larger system the service is part of, grouping related services.
    pub system: Option<String>,
    /// Where the code lives: an http(s) URL.
    #[schemars(with = "Option<String>")]
    pub repository: Option<Spanned<String>>,
    /// The runbook: an http(s) URL, or a path to a guide page relative to this file.
    #[schemars(with = "Option<String>")]
    pub runbook: Option<Spanned<String>>,
    /// When someone last walked through the runbook: a date without quotes,
    /// like 2026-10-02.
    #[schemars(with = "Option<LocalDate>")]
    pub runbook_reviewed: Option<Spanned<Datetime>>,
    /// Where to reach the owners: a chat channel URL, or a channel name like
    /// "#team-checkout".
    #[schemars(with = "Option<String>")]
    pub chat: Option<Spanned<String>>,
    /// An e-mail address for the service's owners (without mailto:).
    #[schemars(with = "Option<String>")]
    pub email: Option<Spanned<String>>,
    /// The id of the escalation policy that pages for this service; by default the
    /// owner team's first policy.
    #[schemars(with = "Option<String>")]
    pub escalation_policy: Option<Spanned<String>>,
    /// When this entry was last reviewed: a date without quotes, like 2026-10-01.
    #[schemars(with = "Option<LocalDate>")]
    pub reviewed: Option<Spanned<Datetime>>,
    /// How often the entry should be reviewed, in days.
    #[schemars(with = "Option<u32>", range(min = 1))]
    pub review_every: Option<Spanned<i64>>,
    /// When a deprecated or retired service goes (or went) away: a date without
    /// quotes.
    #[schemars(with = "Option<LocalDate>")]
    pub sunset: Option<Spanned<Datetime>>,
    /// The id of the service that replaces a deprecated or retired one.
    #[schemars(with = "Option<String>")]
    pub replaced_by: Option<Spanned<String>>,
    /// The services this one calls or needs: ids, or tables with `service`,
    /// `critical` and `note`.
    #[serde(default)]
    pub depends_on: Vec<RawDependency>,
    /// Dashboards that show how the service is doing.
    #[serde(default)]
    pub dashboards: Vec<RawLink>,
    /// Other useful links: API reference, incident history, design documents...
    #[serde(default)]
    pub links: Vec<RawLink>,
    /// Service level objectives.
    #[serde(default)]
    #[schemars(with = "Vec<RawSlo>")]
    pub slos: Vec<Spanned<RawSlo>>,
    /// The service level agreement, only if a contract commits to one.
    #[schemars(with = "Option<RawSla>")]
    pub sla: Option<Spanned<RawSla>>,
    /// The service's code in a monorepo: CODEOWNERS patterns relative to the
    /// repository root, like "services/checkout/**" (`ownbook export codeowners`
    /// writes them; the `ownership-drift` rule compares them with CODEOWNERS).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub paths: Vec<Spanned<String>>,
}

/// A named link.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Link")]
pub struct RawLink {
    /// What the link shows.
    pub name: String,
    /// An http(s) URL, or a path relative to this file.
    #[schemars(with = "String")]
    pub url: Spanned<String>,
}

/// A service level objective.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Slo")]
pub struct RawSlo {
    /// What the objective is about: Availability, Latency...
    pub name: String,
    /// The target as a percentage, more than 0 and at most 100: 99.9.
    #[schemars(with = "f64", range(max = 100.0), extend("exclusiveMinimum" = 0))]
    pub objective: Spanned<f64>,
    /// The period it is measured over, e.g. "28d".
    pub window: String,
    /// The indicator: what share of what is measured.
    pub sli: String,
}

/// A service level agreement.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Sla")]
pub struct RawSla {
    /// The committed percentage, more than 0 and at most 100.
    #[schemars(with = "f64", range(max = 100.0), extend("exclusiveMinimum" = 0))]
    pub objective: Spanned<f64>,
    /// The period it is measured over, e.g. "calendar month".
    pub window: String,
    /// The commitment, e.g. which agreement it is in.
    #[serde(default)]
    pub description: String,
}

/// A `depends_on` entry: `"id"` or `{ service = "id", critical = true, note = "..." }`.
pub struct RawDependency {
    pub service: Spanned<String>,
    pub critical: bool,
    pub note: Option<Spanned<RawText>>,
}

/// A dependency written as a table.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "DependencyTable")]
struct RawDependencyTable {
    /// The id of the service depended on.
    #[schemars(with = "String")]
    service: Spanned<String>,
    /// Whether this service fails when that one does.
    #[serde(default)]
    critical: bool,
    /// Why and how it is called; by language code in a translated handbook.
    #[schemars(with = "Option<RawText>")]
    note: Option<Spanned<RawText>>,
}

/// What `Deserialize` below accepts: an id, or the table.
impl JsonSchema for RawDependency {
    fn schema_name() -> Cow<'static, str> {
        "Dependency".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A service this one depends on: its id, or a table like { service = \"id\", critical = true, note = \"...\" }.",
            "anyOf": [
                { "type": "string", "description": "The id of the service depended on." },
                generator.subschema_for::<RawDependencyTable>()
            ]
        })
    }
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

/// A text of a translated handbook: one string in the default language, or a table
/// of strings by language code, the default language's among them.
pub enum RawText {
    Plain(String),
    ByLanguage(BTreeMap<String, String>),
}

impl JsonSchema for RawText {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A text (Markdown), or the text by language code: { en = \"…\", ja = \"…\" } with the default language's among them.",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": { "pattern": crate::config::languages::CODE_PATTERN },
                    "additionalProperties": { "type": "string" }
                }
            ]
        })
    }
}

impl<'de> Deserialize<'de> for RawText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string, or a table of strings by language code like { en = \"…\", ja = \"…\" }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawText, E> {
                Ok(RawText::Plain(v.to_string()))
            }
            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<RawText, M::Error> {
                BTreeMap::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RawText::ByLanguage)
            }
        }
        d.deserialize_any(V)
    }
}

/// A team of the catalog: `content/teams/<id>.toml`, the file name being its id.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Team")]
pub struct RawTeam {
    /// The team's display name.
    #[schemars(with = "String")]
    pub name: Option<Spanned<String>>,
    /// What the team owns and why, in a sentence or two (Markdown); or the text by
    /// language code (`description.en = "…"`, `description.ja = "…"`).
    #[schemars(with = "Option<RawText>")]
    pub description: Option<Spanned<RawText>>,
    /// Where to reach the team: a chat channel URL, or a channel name like
    /// "#team-checkout".
    #[schemars(with = "Option<String>")]
    pub chat: Option<Spanned<String>>,
    /// The team's e-mail address (without mailto:).
    #[schemars(with = "Option<String>")]
    pub email: Option<Spanned<String>>,
    /// When this entry was last reviewed: a date without quotes, like 2026-09-22.
    #[schemars(with = "Option<LocalDate>")]
    pub reviewed: Option<Spanned<Datetime>>,
    /// How often the entry should be reviewed, in days.
    #[schemars(with = "Option<u32>", range(min = 1))]
    pub review_every: Option<Spanned<i64>>,
    /// The team as CODEOWNERS names its owners: "@org/team" (GitLab:
    /// "@group/subgroup"), "@user", or an e-mail address.
    #[schemars(with = "Option<String>")]
    pub code_owner: Option<Spanned<String>>,
    /// The people of the team.
    #[serde(default)]
    #[schemars(with = "Vec<RawMember>")]
    pub members: Vec<Spanned<RawMember>>,
    /// On-call rotations (PagerDuty schedule layers).
    #[serde(default)]
    #[schemars(with = "Vec<RawRotation>")]
    pub rotations: Vec<Spanned<RawRotation>>,
    /// Who is paged, in what order, and how long each level has to answer.
    #[serde(default)]
    #[schemars(with = "Vec<RawPolicy>")]
    pub escalation_policies: Vec<Spanned<RawPolicy>>,
    /// Someone covering a rotation for a period, whoever was scheduled.
    #[serde(default)]
    #[schemars(with = "Vec<RawOverride>")]
    pub overrides: Vec<Spanned<RawOverride>>,
}

/// `[[overrides]]`: `member` covers `rotation` from `start` to `end`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Override")]
pub struct RawOverride {
    /// The id of one of this team's rotations.
    #[schemars(with = "String")]
    pub rotation: Spanned<String>,
    /// The member id of who is on call instead.
    #[schemars(with = "String")]
    pub member: Spanned<String>,
    /// When the cover begins: a local date and time in the rotation's `time_zone`,
    /// like 2026-12-21T09:00:00 (no quotes, no offset).
    #[schemars(with = "LocalDateTime")]
    pub start: Spanned<Datetime>,
    /// The first minute they are no longer on call, after `start`, in the same form.
    #[schemars(with = "LocalDateTime")]
    pub end: Spanned<Datetime>,
    /// Why, for the pages and calendars; by language code in a translated handbook.
    #[schemars(with = "Option<RawText>")]
    pub note: Option<Spanned<RawText>>,
}

/// A member of a team.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Member")]
pub struct RawMember {
    /// How rotations and policies name the member: lowercase letters, digits and
    /// `-`. By default made from the name.
    #[schemars(with = "Option<String>")]
    pub id: Option<Spanned<String>>,
    /// The member's full name.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// Their role; words like "manager" or "head" mark leadership on escalation
    /// timelines.
    pub role: Option<String>,
    /// Their e-mail address; exports use it to find the person in PagerDuty.
    #[schemars(with = "Option<String>")]
    pub email: Option<Spanned<String>>,
}

/// An on-call rotation: members take turns, in order, one turn each.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Rotation")]
pub struct RawRotation {
    /// The rotation's id within the team, named by escalation targets.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The display name; by default the id.
    pub name: Option<String>,
    /// Member ids in the order they take turns.
    #[schemars(with = "Vec<String>", length(min = 1))]
    pub members: Spanned<Vec<Spanned<String>>>,
    /// A handoff: the local date and time, in `time_zone`, when a turn starts,
    /// like 2026-01-05T09:00:00 (no quotes, no offset).
    #[schemars(with = "LocalDateTime")]
    pub rotation_virtual_start: Spanned<Datetime>,
    /// How many days one turn lasts, 1 to 365.
    #[schemars(with = "u32", range(min = 1, max = 365))]
    pub turn_length_days: Spanned<i64>,
    /// An IANA time zone name, such as "Europe/Berlin" or "UTC".
    #[schemars(with = "String")]
    pub time_zone: Spanned<String>,
    /// The hours the rotation answers: around the clock (the default) or working
    /// hours only.
    #[schemars(with = "Option<Coverage>")]
    pub coverage: Option<Spanned<String>>,
    /// Member ids who shadow the rotation (learn without being paged).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub shadow: Vec<Spanned<String>>,
}

/// An escalation policy: levels paged one after the other until someone answers.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "EscalationPolicy")]
pub struct RawPolicy {
    /// The policy's id, unique across all teams.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The display name; by default the id.
    pub name: Option<String>,
    /// How often the whole policy repeats after its last level, 0 to 9.
    #[schemars(with = "Option<u32>", range(max = 9))]
    pub num_loops: Option<Spanned<i64>>,
    /// The levels, in the order they are paged.
    #[schemars(with = "Vec<RawRule>", length(min = 1))]
    pub escalation_rules: Spanned<Vec<RawRule>>,
}

/// One level of an escalation policy.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "EscalationRule")]
pub struct RawRule {
    /// How many minutes this level has to acknowledge before the next is paged.
    #[schemars(with = "u32")]
    pub escalation_delay_in_minutes: Spanned<i64>,
    /// Who this level pages.
    #[schemars(with = "Vec<RawTarget>", length(min = 1))]
    pub targets: Spanned<Vec<RawTarget>>,
}

/// Whom a level pages.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Target")]
pub struct RawTarget {
    /// What `id` names: a rotation of the team, a member, or a team.
    #[serde(rename = "type")]
    #[schemars(with = "TargetName")]
    pub kind: Spanned<String>,
    /// The id of the rotation, member or team.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
}

/// The target types a team file may write (PagerDuty's names included).
struct TargetName;

impl JsonSchema for TargetName {
    fn schema_name() -> Cow<'static, str> {
        "TargetType".into()
    }

    // Inline, so that the description of the key using it stays beside it.
    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        string_enum(TargetKind::NAMES.map(|(name, _)| name))
    }
}
