//! The serde shapes of the catalog's settings in ownbook.toml (`[rules]`,
//! `[codeowners]`, `leadership_roles`), with their JSON Schema; `super` turns them into
//! `Settings` and reports mistakes at their positions.

use super::super::scorecard;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use std::borrow::Cow;
use toml::Spanned;

/// What a rule's finding is: an error fails the build, a warning is reported only,
/// off is not checked.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(inline)]
pub(super) enum Level {
    Error,
    Warning,
    Off,
}

#[derive(Deserialize, Default)]
pub(super) struct SettingsFile {
    #[serde(default)]
    pub(super) rules: RulesRaw,
    pub(super) scorecard: Option<scorecard::ScorecardRaw>,
    #[serde(default)]
    pub(super) guide_links: super::super::guide_links::GuideLinksRaw,
    #[serde(default)]
    pub(super) codeowners: CodeownersRaw,
}

/// `[codeowners]`: the CODEOWNERS file the `ownership-drift` rule compares with the
/// services' `paths`.
#[derive(Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Codeowners")]
pub(crate) struct CodeownersRaw {
    /// The file, relative to the repository root (default: the first of
    /// .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS and .gitlab/CODEOWNERS).
    #[schemars(with = "Option<String>")]
    pub(super) file: Option<Spanned<String>>,
}

/// `[rules]`: the level of each rule of the catalog, and their thresholds. Names are
/// accepted with `-` or `_` (dependency-cycle or dependency_cycle).
#[derive(Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Rules", transform = with_dashed_names)]
pub(crate) struct RulesRaw {
    /// Two services, teams, members, rotations or policies share an id.
    #[serde(alias = "duplicate-id")]
    pub(super) duplicate_id: Option<Level>,
    /// A service has no `owner`, or it names no team.
    #[serde(alias = "unknown-owner")]
    pub(super) unknown_owner: Option<Level>,
    /// A dependency or `replaced_by` names no service.
    #[serde(alias = "unknown-service")]
    pub(super) unknown_service: Option<Level>,
    /// A URL that is not http(s), mailto or a relative link.
    #[serde(alias = "unsafe-url")]
    pub(super) unsafe_url: Option<Level>,
    /// An escalation policy, target, rotation member, or override rotation or member
    /// that does not exist.
    #[serde(alias = "unknown-escalation-target")]
    pub(super) unknown_escalation_target: Option<Level>,
    /// Services that depend on each other in a cycle.
    #[serde(alias = "dependency-cycle")]
    pub(super) dependency_cycle: Option<Level>,
    /// A production service whose owner has no rotation or no escalation policy.
    #[serde(alias = "production-without-on-call")]
    pub(super) production_without_on_call: Option<Level>,
    /// A runbook not reviewed within `runbook_max_age_days`.
    #[serde(alias = "stale-runbook")]
    pub(super) stale_runbook: Option<Level>,
    /// A tier 1 service without runbook, SLO or 24/7 rotation.
    #[serde(alias = "tier1-requirements")]
    pub(super) tier1_requirements: Option<Level>,
    /// A team owning more services than `max_services_per_member` allows.
    #[serde(alias = "team-load")]
    pub(super) team_load: Option<Level>,
    /// A production service that depends on a deprecated or retired one.
    #[serde(alias = "depends-on-deprecated")]
    pub(super) depends_on_deprecated: Option<Level>,
    /// An escalation delay outside the limits set for the tier of a service using it.
    #[serde(alias = "escalation-delay")]
    pub(super) escalation_delay: Option<Level>,
    /// Two `[[overrides]]` of one rotation that overlap in time.
    #[serde(alias = "overlapping-overrides")]
    pub(super) overlapping_overrides: Option<Level>,
    /// A service's `paths` whose owners in CODEOWNERS are not its team's `code_owner`.
    #[serde(alias = "ownership-drift")]
    pub(super) ownership_drift: Option<Level>,
    /// A translated page whose original changed after it was translated.
    #[serde(alias = "stale-translation")]
    pub(super) stale_translation: Option<Level>,
    /// How many days a runbook stays fresh after `runbook_reviewed` (default 180).
    #[serde(alias = "runbook-max-age-days")]
    pub(super) runbook_max_age_days: Option<u32>,
    /// How many services a team may own per member before `team-load` reports it
    /// (default 2).
    #[serde(alias = "max-services-per-member")]
    #[schemars(with = "Option<f64>", extend("exclusiveMinimum" = 0))]
    pub(super) max_services_per_member: Option<Spanned<f64>>,
    /// The shortest delay, in minutes, an escalation level may have (default 5): one
    /// number for every tier, or a table by tier like { 1 = 5, 3 = 10 }.
    #[serde(alias = "min-escalation-delay-minutes")]
    #[schemars(with = "Option<MinutesPerTier>")]
    pub(super) min_escalation_delay_minutes: Option<Spanned<toml::Value>>,
    /// The longest delay, in minutes, the first escalation level may have (default:
    /// no limit): one number for every tier, or a table by tier.
    #[serde(alias = "max-first-escalation-delay-minutes")]
    #[schemars(with = "Option<MinutesPerTier>")]
    pub(super) max_first_escalation_delay_minutes: Option<Spanned<toml::Value>>,
    /// The tiers' names, most critical first; their number is the number of tiers.
    #[serde(alias = "tier-names")]
    #[schemars(with = "Option<Vec<String>>", length(min = 1))]
    pub(super) tier_names: Option<Spanned<Vec<String>>>,
    /// Words in a member's role that mark leadership on escalation timelines.
    #[serde(alias = "leadership-roles")]
    pub(super) leadership_roles: Option<Vec<String>>,
}

/// Every key of `[rules]` is accepted with `-` for `_` too (the aliases above).
fn with_dashed_names(schema: &mut Schema) {
    let Some(properties) = schema
        .get_mut("properties")
        .and_then(serde_json::Value::as_object_mut)
    else {
        return;
    };
    let dashed: Vec<(String, serde_json::Value)> = properties
        .iter()
        .filter(|(name, _)| name.contains('_'))
        .map(|(name, value)| (name.replace('_', "-"), value.clone()))
        .collect();
    properties.extend(dashed);
}

/// A number of minutes for every tier, or a table of them by tier (read by `per_tier`).
struct MinutesPerTier;

impl JsonSchema for MinutesPerTier {
    fn schema_name() -> Cow<'static, str> {
        "MinutesPerTier".into()
    }

    // Inline, so that the description of the key using it stays beside it.
    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let minutes = json_schema!({ "type": "integer", "minimum": 0 });
        json_schema!({
            "anyOf": [
                minutes,
                {
                    "type": "object",
                    "description": "Minutes by tier number: { 1 = 5, 2 = 10 }.",
                    "patternProperties": { "^[1-9][0-9]*$": minutes },
                    "additionalProperties": false
                }
            ]
        })
    }
}
