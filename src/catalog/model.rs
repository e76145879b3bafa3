//! The catalog's data model after loading: services, teams, rotations and escalation
//! policies, each value kept with the byte span it came from so that every rule can
//! point at the exact line and column of the file that needs fixing.

use crate::diag::Diagnostic;
use crate::tomlschema::string_enum;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// A byte range inside a catalog file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub len: usize,
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span {
            start: r.start,
            len: r.end.saturating_sub(r.start),
        }
    }
}

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Loc<T> {
    pub fn new(value: T, span: impl Into<Span>) -> Self {
        Loc {
            value,
            span: span.into(),
        }
    }
}

/// A catalog file: its path for diagnostics and its normalized text.
#[derive(Debug, Clone, Default)]
pub struct SourceFile {
    /// Path relative to the site root: `content/services/checkout-api.toml`.
    pub display: String,
    pub text: String,
    /// Folder of the file relative to `content/` (`services/`), for relative links.
    pub dir: String,
}

impl SourceFile {
    /// A diagnostic of `code` at `span` of this file.
    pub fn diag(
        &self,
        severity: crate::diag::Severity,
        code: &str,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(severity, code, message).at(&self.display, &self.text, span.start, span.len)
    }
}

/// Where a service is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lifecycle {
    Design,
    PreProduction,
    Production,
    Deprecated,
    Retired,
}

impl Lifecycle {
    pub const ALL: [Lifecycle; 5] = [
        Lifecycle::Design,
        Lifecycle::PreProduction,
        Lifecycle::Production,
        Lifecycle::Deprecated,
        Lifecycle::Retired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::Design => "design",
            Lifecycle::PreProduction => "pre-production",
            Lifecycle::Production => "production",
            Lifecycle::Deprecated => "deprecated",
            Lifecycle::Retired => "retired",
        }
    }

    pub fn parse(s: &str) -> Option<Lifecycle> {
        Lifecycle::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// Deprecated and retired services are on their way out.
    pub fn is_sunsetting(self) -> bool {
        matches!(self, Lifecycle::Deprecated | Lifecycle::Retired)
    }
}

/// The names `parse` accepts, for the schemas of the catalog files and catalog.json.
impl JsonSchema for Lifecycle {
    fn schema_name() -> Cow<'static, str> {
        "Lifecycle".into()
    }

    // Inline, so that the description of the key using it stays beside it.
    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        string_enum(Lifecycle::ALL.map(Lifecycle::as_str))
    }
}

/// A link from metadata, already judged safe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Href {
    /// `http(s)://` or `mailto:`, used as written.
    External(String),
    /// A link to a file of the handbook, resolved against the catalog file's folder:
    /// `target` is relative to `content/` (`guide/x.md`).
    Internal {
        written: String,
        target: String,
        fragment: Option<String>,
    },
}

/// A URL field, or (for `chat`) a plain channel name such as `#team-checkout`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlField {
    pub href: Option<Href>,
    /// The text as written in the file.
    pub text: String,
    pub span: Span,
}

/// A named link (`dashboards`, `links`).
#[derive(Debug, Clone)]
pub struct NamedLink {
    pub name: String,
    pub url: UrlField,
}

/// One entry of `depends_on`.
#[derive(Debug, Clone)]
pub struct Dependency {
    pub service: Loc<String>,
    pub critical: bool,
    /// In the default language; `note_variants` by language code (`note.ja`).
    pub note: Option<String>,
    pub note_variants: BTreeMap<String, String>,
}

/// A service level objective (or the SLA).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Objective {
    /// The SLO's name ("SLA" for the SLA).
    pub name: String,
    /// Percent, 0 < objective <= 100.
    pub objective: f64,
    /// The period the objective is measured over, as written (`28d`).
    pub window: String,
    /// The SLI (for SLOs) or the description (for the SLA).
    pub description: String,
}

/// One service, from `content/services/<id>.toml`.
#[derive(Debug, Clone)]
pub struct Service {
    pub id: String,
    pub file: SourceFile,
    /// Span of the first key, for diagnostics about the whole file.
    pub head: Span,
    pub name: String,
    /// Markdown, in the default language.
    pub description: String,
    /// The description in other languages, by language code (`description.ja`).
    pub description_variants: BTreeMap<String, String>,
    pub owner: Option<Loc<String>>,
    pub tier: Loc<u32>,
    pub lifecycle: Loc<Lifecycle>,
    pub kind: Option<String>,
    pub tags: Vec<String>,
    pub system: Option<String>,
    pub repository: Option<UrlField>,
    pub runbook: Option<UrlField>,
    pub runbook_reviewed: Option<Loc<String>>,
    pub chat: Option<UrlField>,
    pub email: Option<String>,
    /// The policy named in the file (`None`: the owner team's first policy).
    pub escalation_policy: Option<Loc<String>>,
    pub reviewed: Option<String>,
    pub review_every: Option<u32>,
    pub sunset: Option<String>,
    pub replaced_by: Option<Loc<String>>,
    pub depends_on: Vec<Dependency>,
    pub dashboards: Vec<NamedLink>,
    pub links: Vec<NamedLink>,
    pub slos: Vec<Objective>,
    pub sla: Option<Objective>,
    /// The optional `<id>.md` beside the TOML file.
    pub prose: Option<Prose>,
    /// Its translations by language code (`<id>.<code>.md`).
    pub prose_variants: BTreeMap<String, Prose>,
    /// CODEOWNERS patterns of the service's code, relative to the repository root.
    pub paths: Vec<Loc<String>>,
}

/// The Markdown prose of a service page.
#[derive(Debug, Clone)]
pub struct Prose {
    pub file: SourceFile,
    /// Byte offset where the Markdown starts (after optional front matter).
    pub body_start: usize,
}

/// A member of a team.
#[derive(Debug, Clone)]
pub struct Member {
    pub id: Loc<String>,
    pub name: String,
    pub role: Option<String>,
    pub email: Option<String>,
}

/// Whether a rotation covers every hour or only working hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Coverage {
    #[serde(rename = "24/7")]
    AllHours,
    #[serde(rename = "business-hours")]
    BusinessHours,
}

impl Coverage {
    pub const ALL: [Coverage; 2] = [Coverage::AllHours, Coverage::BusinessHours];

    pub fn as_str(self) -> &'static str {
        match self {
            Coverage::AllHours => "24/7",
            Coverage::BusinessHours => "business-hours",
        }
    }

    pub fn parse(s: &str) -> Option<Coverage> {
        Coverage::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// The names `parse` accepts.
impl JsonSchema for Coverage {
    fn schema_name() -> Cow<'static, str> {
        "Coverage".into()
    }

    // Inline, so that the description of the key using it stays beside it.
    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        string_enum(Coverage::ALL.map(Coverage::as_str))
    }
}

pub use crate::dates::LocalTime;

/// An on-call rotation (a PagerDuty schedule layer).
#[derive(Debug, Clone)]
pub struct Rotation {
    pub id: Loc<String>,
    pub name: String,
    pub members: Vec<Loc<String>>,
    pub start: LocalTime,
    pub turn_length_days: u32,
    pub time_zone: String,
    pub coverage: Coverage,
    pub shadow: Vec<Loc<String>>,
    /// `[[overrides]]` of this rotation, sorted by start; none overlap.
    pub overrides: Vec<Override>,
}

/// Someone covering a rotation for a period, whoever was scheduled (a PagerDuty
/// override): from `[[overrides]]` in the team file.
#[derive(Debug, Clone)]
pub struct Override {
    /// The member id of the team who is on call instead.
    pub member: Loc<String>,
    /// Wall-clock times in the rotation's time zone; `start < end`.
    pub start: LocalTime,
    pub end: LocalTime,
    /// In the default language; `note_variants` by language code (`note.ja`).
    pub note: Option<String>,
    pub note_variants: BTreeMap<String, String>,
    /// Where the override's `start` is written, for diagnostics.
    pub span: Span,
}

/// What an escalation level notifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    Rotation,
    User,
    Team,
}

impl TargetKind {
    /// The names a team file may write: ownbook's, and PagerDuty's for the first two.
    pub const NAMES: [(&'static str, TargetKind); 5] = [
        ("rotation", TargetKind::Rotation),
        ("user", TargetKind::User),
        ("team", TargetKind::Team),
        ("schedule_reference", TargetKind::Rotation),
        ("user_reference", TargetKind::User),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Rotation => "rotation",
            TargetKind::User => "user",
            TargetKind::Team => "team",
        }
    }

    pub fn parse(s: &str) -> Option<TargetKind> {
        TargetKind::NAMES
            .into_iter()
            .find(|(name, _)| *name == s)
            .map(|(_, kind)| kind)
    }
}

/// The names catalog.json writes (`as_str`); a team file may also use PagerDuty's.
impl JsonSchema for TargetKind {
    fn schema_name() -> Cow<'static, str> {
        "TargetKind".into()
    }

    // Inline, so that the description of the key using it stays beside it.
    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        string_enum(
            [TargetKind::Rotation, TargetKind::User, TargetKind::Team].map(TargetKind::as_str),
        )
    }
}

#[derive(Debug, Clone)]
pub struct Target {
    pub kind: TargetKind,
    pub id: Loc<String>,
}

/// One level of an escalation policy.
#[derive(Debug, Clone)]
pub struct EscalationRule {
    pub delay: Loc<u32>,
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone)]
pub struct Policy {
    pub id: Loc<String>,
    pub name: String,
    /// How often the whole policy repeats after its last level (PagerDuty's meaning).
    pub num_loops: u32,
    pub rules: Vec<EscalationRule>,
}

/// One team, from `content/teams/<id>.toml`.
#[derive(Debug, Clone)]
pub struct Team {
    pub id: String,
    pub file: SourceFile,
    pub head: Span,
    pub name: String,
    /// Markdown, in the default language.
    pub description: String,
    /// The description in other languages, by language code (`description.ja`).
    pub description_variants: BTreeMap<String, String>,
    pub chat: Option<UrlField>,
    pub email: Option<String>,
    pub reviewed: Option<String>,
    pub review_every: Option<u32>,
    /// The team's handle in CODEOWNERS (`@org/team`).
    pub code_owner: Option<Loc<String>>,
    pub members: Vec<Member>,
    pub rotations: Vec<Rotation>,
    pub policies: Vec<Policy>,
}

impl Team {
    /// The description in `lang`, or the default language's when it has none.
    pub fn description_in(&self, lang: &str) -> &str {
        in_language(&self.description, &self.description_variants, lang)
    }

    pub fn member(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.id.value == id)
    }

    pub fn rotation(&self, id: &str) -> Option<&Rotation> {
        self.rotations.iter().find(|r| r.id.value == id)
    }

    /// A member's display name, or the id when the member is unknown.
    pub fn member_name(&self, id: &str) -> String {
        self.member(id)
            .map(|m| m.name.clone())
            .unwrap_or_else(|| id.to_string())
    }
}

/// Whether an entry with `reviewed` and `review_every` is overdue on `today`.
pub fn review_overdue(reviewed: Option<&str>, every: Option<u32>, today: &str) -> bool {
    match (reviewed, every) {
        (Some(r), Some(every)) => {
            crate::dates::days_between(r, today).is_some_and(|d| d > i64::from(every))
        }
        _ => false,
    }
}

impl Service {
    /// The description in `lang`, or the default language's when it has none.
    pub fn description_in(&self, lang: &str) -> &str {
        in_language(&self.description, &self.description_variants, lang)
    }
}

/// The text of `variants` in `lang`, else `default`.
fn in_language<'a>(
    default: &'a str,
    variants: &'a BTreeMap<String, String>,
    lang: &str,
) -> &'a str {
    variants.get(lang).map_or(default, String::as_str)
}
