//! `[scorecard]`: ordered levels (bronze, silver, gold by default) made of checks that
//! are declared in ownbook.toml. (`analyze::scorecard` scores the services.) A check names a field of a service and a test (present,
//! matches a pattern, one of a list, a count, a date's age, a number's range), and may
//! apply only to some tiers or lifecycle stages. A service reaches the highest level
//! whose checks, and all lower levels' checks, pass.

use crate::catalog::model::Lifecycle;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use toml::Spanned;

/// The type of a field, which decides the tests that make sense for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    Date,
    List,
}

/// Every field a check can name, with its type and meaning (shown in errors).
pub const FIELDS: &[(&str, Kind)] = &[
    ("name", Kind::Text),
    ("description", Kind::Text),
    ("owner", Kind::Text),
    ("tier", Kind::Number),
    ("lifecycle", Kind::Text),
    ("type", Kind::Text),
    ("system", Kind::Text),
    ("tags", Kind::List),
    ("repository", Kind::Text),
    ("runbook", Kind::Text),
    ("runbook_reviewed", Kind::Date),
    ("chat", Kind::Text),
    ("email", Kind::Text),
    ("escalation_policy", Kind::Text),
    ("reviewed", Kind::Date),
    ("review_every", Kind::Number),
    ("review_status", Kind::Text),
    ("sunset", Kind::Date),
    ("replaced_by", Kind::Text),
    ("depends_on", Kind::List),
    ("critical_dependencies", Kind::List),
    ("deprecated_dependencies", Kind::List),
    ("used_by", Kind::List),
    ("blast_radius", Kind::List),
    ("dashboards", Kind::List),
    ("links", Kind::List),
    ("slos", Kind::List),
    ("sla", Kind::Text),
    ("prose", Kind::Text),
    ("on_call_coverage", Kind::Text),
    ("owner.members", Kind::List),
    ("owner.rotations", Kind::List),
    ("owner.escalation_policies", Kind::List),
];

/// The names of `FIELDS`, which a check's `field` must be one of.
struct FieldName;

impl JsonSchema for FieldName {
    fn schema_name() -> Cow<'static, str> {
        "ScorecardField".into()
    }

    // Inline, so that the description of the key using it stays beside it.
    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        crate::tomlschema::string_enum(FIELDS.iter().map(|(name, _)| *name))
    }
}

/// One declared check (as catalog.json lists it).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(rename = "ScorecardCheck")]
pub struct Check {
    /// The check's id, named in each service's `scorecard.failed`.
    pub id: String,
    /// What the check asks, in words.
    pub name: String,
    /// Index into `Scorecard::levels`.
    #[serde(skip)]
    pub level: usize,
    /// The field of the service it tests.
    pub field: String,
    #[serde(skip)]
    pub test: Test,
    /// The tiers it applies to (all when absent).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<u32>,
    /// The lifecycle stages it applies to (all when absent).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lifecycles: Vec<Lifecycle>,
}

#[derive(Debug, Clone, Default)]
pub struct Test {
    pub present: Option<bool>,
    pub matches: Option<String>,
    pub one_of: Option<Vec<String>>,
    pub min_count: Option<usize>,
    pub max_count: Option<usize>,
    pub max_age_days: Option<i64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct Scorecard {
    pub levels: Vec<String>,
    pub checks: Vec<Check>,
}

/// `[scorecard]`: a service reaches the highest level whose checks, and all lower
/// levels' checks, pass. Checks given here replace the built-in ones.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Scorecard")]
pub struct ScorecardRaw {
    /// The levels, lowest first (default bronze, silver, gold).
    #[schemars(with = "Option<Vec<String>>", length(min = 1))]
    levels: Option<Spanned<Vec<String>>>,
    /// The checks. A check names a `field` of the service and one test: `present`
    /// (the default), `matches`, `one_of`, `min_count`/`max_count`, `max_age_days`
    /// or `min`/`max`.
    #[serde(default)]
    checks: Vec<CheckRaw>,
}

/// One check of the scorecard.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ScorecardCheckSetting")]
struct CheckRaw {
    /// The check's id (default: made from the name).
    id: Option<String>,
    /// What the check asks, in words; shown on service pages.
    name: String,
    /// The level this check belongs to: one of `levels`.
    #[schemars(with = "String")]
    level: Spanned<String>,
    /// The field of the service it tests: a key of the service files, or one of
    /// the values ownbook works out (review_status, on_call_coverage, used_by...).
    #[schemars(with = "FieldName")]
    field: Spanned<String>,
    /// Whether the field must be set (true, the default) or must not be.
    present: Option<bool>,
    /// A glob with * and ? the field's text must match.
    matches: Option<String>,
    /// The values the field may have.
    one_of: Option<Vec<String>>,
    /// The fewest items a list field may have.
    min_count: Option<usize>,
    /// The most items a list field may have.
    max_count: Option<usize>,
    /// The oldest a date field may be, in days.
    #[schemars(with = "Option<i64>")]
    max_age_days: Option<Spanned<i64>>,
    /// The smallest a number field may be.
    min: Option<f64>,
    /// The largest a number field may be.
    max: Option<f64>,
    /// Only services of these tiers are checked.
    #[serde(default)]
    #[schemars(inner(range(min = 1)))]
    tier: Vec<u32>,
    /// Only services in these lifecycle stages are checked.
    #[serde(default)]
    #[schemars(with = "Vec<Lifecycle>")]
    lifecycle: Vec<Spanned<String>>,
}

type Problem = (std::ops::Range<usize>, String, String);

/// Validates `[scorecard]`. Checks given there replace the built-in ones; custom
/// levels need checks of their own.
pub fn from_raw(raw: ScorecardRaw, tiers: u32) -> Result<Scorecard, Vec<Problem>> {
    if !raw.checks.is_empty() {
        return parse(raw, tiers);
    }
    let default = default_scorecard();
    match raw.levels {
        Some(l) if *l.get_ref() != default.levels => Err(vec![(
            l.span(),
            "these scorecard levels have no checks".to_string(),
            "add [[scorecard.checks]] tables naming the levels, or remove `levels` to use the built-in scorecard".to_string(),
        )]),
        _ => Ok(default),
    }
}

fn parse(raw: ScorecardRaw, tiers: u32) -> Result<Scorecard, Vec<Problem>> {
    let mut problems = Vec::new();
    let levels = match raw.levels {
        Some(l) if l.get_ref().is_empty() => {
            problems.push((
                l.span(),
                "the scorecard needs at least one level".to_string(),
                "write levels = [\"bronze\", \"silver\", \"gold\"]".to_string(),
            ));
            Vec::new()
        }
        Some(l) => l.into_inner(),
        None => ["bronze", "silver", "gold"].map(String::from).to_vec(),
    };
    let mut checks = Vec::new();
    for c in raw.checks {
        match check_from_raw(c, &levels, tiers) {
            Ok(check) => checks.push(check),
            Err(p) => problems.push(p),
        }
    }
    if problems.is_empty() {
        Ok(Scorecard { levels, checks })
    } else {
        Err(problems)
    }
}

fn check_from_raw(c: CheckRaw, levels: &[String], tiers: u32) -> Result<Check, Problem> {
    let problem =
        |span: std::ops::Range<usize>, msg: String, hint: &str| (span, msg, hint.to_string());
    let level = levels
        .iter()
        .position(|l| l == c.level.get_ref())
        .ok_or_else(|| {
            problem(
                c.level.span(),
                format!("`{}` is not a scorecard level", c.level.get_ref()),
                &format!("the levels are: {}", levels.join(", ")),
            )
        })?;
    let kind = FIELDS
        .iter()
        .find(|(f, _)| f == c.field.get_ref())
        .map(|(_, k)| *k)
        .ok_or_else(|| {
            let names: Vec<&str> = FIELDS.iter().map(|(f, _)| *f).collect();
            problem(
                c.field.span(),
                format!("`{}` is not a field a check can test", c.field.get_ref()),
                &format!("the fields are: {}", names.join(", ")),
            )
        })?;
    let field_span = c.field.span();
    let unfit = |test: &str, fits: &str| {
        problem(
            field_span.clone(),
            format!("`{test}` cannot test `{}`", c.field.get_ref()),
            &format!("`{test}` works on {fits} fields"),
        )
    };
    if (c.min_count.is_some() || c.max_count.is_some()) && kind != Kind::List {
        return Err(unfit("min_count/max_count", "list"));
    }
    if c.max_age_days.is_some() && kind != Kind::Date {
        return Err(unfit("max_age_days", "date"));
    }
    if (c.min.is_some() || c.max.is_some()) && kind != Kind::Number {
        return Err(unfit("min/max", "number"));
    }
    if (c.matches.is_some() || c.one_of.is_some()) && kind == Kind::Date {
        return Err(unfit("matches/one_of", "text, number and list"));
    }
    if let Some(t) = c.tier.iter().find(|t| !(1..=tiers).contains(*t)) {
        return Err(problem(
            field_span,
            format!("tier {t} in the check's tier filter does not exist"),
            &format!("tiers are 1 to {tiers}"),
        ));
    }
    let mut lifecycles = Vec::new();
    for l in &c.lifecycle {
        lifecycles.push(Lifecycle::parse(l.get_ref()).ok_or_else(|| {
            problem(
                l.span(),
                format!("`{}` is not a lifecycle stage", l.get_ref()),
                "stages are design, pre-production, production, deprecated, retired",
            )
        })?);
    }
    Ok(Check {
        id: c.id.unwrap_or_else(|| crate::text::slugify(&c.name)),
        name: c.name,
        level,
        field: c.field.into_inner(),
        test: Test {
            present: c.present,
            matches: c.matches,
            one_of: c.one_of,
            min_count: c.min_count,
            max_count: c.max_count,
            max_age_days: c.max_age_days.map(Spanned::into_inner),
            min: c.min,
            max: c.max,
        },
        tiers: c.tier,
        lifecycles,
    })
}

/// The built-in scorecard, following the guide's "Scorecards without the stick". It is
/// written in the same form as `[scorecard]` in ownbook.toml.
const DEFAULT: &str = r#"
levels = ["bronze", "silver", "gold"]
checks = [
  { id = "has-rotation", level = "bronze", name = "Owning team has an on-call rotation", field = "owner.rotations", min_count = 1 },
  { id = "has-escalation-policy", level = "bronze", name = "Has an escalation policy", field = "escalation_policy" },
  { id = "has-repository", level = "bronze", name = "Has a repository", field = "repository" },
  { id = "has-runbook", level = "silver", name = "Has a runbook", field = "runbook" },
  { id = "runbook-reviewed", level = "silver", name = "Runbook reviewed in the last 90 days", field = "runbook_reviewed", max_age_days = 90 },
  { id = "has-slo", level = "silver", name = "Has at least one SLO", field = "slos", min_count = 1 },
  { id = "has-chat", level = "silver", name = "Has a chat channel", field = "chat" },
  { id = "has-dashboard", level = "gold", name = "Has a dashboard", field = "dashboards", min_count = 1 },
  { id = "no-deprecated-dependencies", level = "gold", name = "Depends on no deprecated or retired service", field = "deprecated_dependencies", max_count = 0 },
  { id = "entry-reviewed", level = "gold", name = "Catalog entry reviewed on schedule", field = "review_status", one_of = ["current"] },
  { id = "tier1-24-7", level = "gold", name = "Tier 1: first escalation level reaches a 24/7 rotation", field = "on_call_coverage", one_of = ["24/7"], tier = [1] },
]
"#;

/// The built-in scorecard (used when ownbook.toml declares no checks).
pub fn default_scorecard() -> Scorecard {
    toml::from_str::<ScorecardRaw>(DEFAULT)
        .ok()
        .and_then(|raw| parse(raw, u32::MAX).ok())
        .unwrap_or(Scorecard {
            levels: Vec::new(),
            checks: Vec::new(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_scorecard_parses() {
        let card = default_scorecard();
        assert_eq!(card.levels, vec!["bronze", "silver", "gold"]);
        assert_eq!(card.checks.len(), 11);
        assert_eq!(card.checks[10].tiers, vec![1]);
    }
}
