//! Scorecards: ordered levels (bronze, silver, gold by default) made of checks that
//! are declared in ownbook.toml. A check names a field of a service and a test (present,
//! matches a pattern, one of a list, a count, a date's age, a number's range), and may
//! apply only to some tiers or lifecycle stages. A service reaches the highest level
//! whose checks, and all lower levels' checks, pass.

use super::Catalog;
use super::model::{Lifecycle, Service, review_overdue};
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// The type of a field, which decides the tests that make sense for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Number,
    Date,
    List,
}

/// Every field a check can name, with its type and meaning (shown in errors).
const FIELDS: &[(&str, Kind)] = &[
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

/// One declared check.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub id: String,
    pub name: String,
    /// Index into `Scorecard::levels`.
    #[serde(skip)]
    pub level: usize,
    pub field: String,
    #[serde(skip)]
    test: Test,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lifecycles: Vec<Lifecycle>,
}

#[derive(Debug, Clone, Default)]
struct Test {
    present: Option<bool>,
    matches: Option<String>,
    one_of: Option<Vec<String>>,
    min_count: Option<usize>,
    max_count: Option<usize>,
    max_age_days: Option<i64>,
    min: Option<f64>,
    max: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct Scorecard {
    pub levels: Vec<String>,
    pub checks: Vec<Check>,
}

/// How one check went for one service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Pass,
    Fail,
    /// The check's tier or lifecycle filter excludes the service.
    NotApplicable,
}

/// A service's scorecard result.
#[derive(Debug, Clone, Default)]
pub struct Score {
    /// Index of the level reached, `None` when not even the first.
    pub level: Option<usize>,
    /// One outcome per check, in `Scorecard::checks` order.
    pub outcomes: Vec<Outcome>,
}

impl Score {
    /// The checks to pass for the next level (failing checks of that level and below).
    pub fn missing_for_next<'a>(&self, card: &'a Scorecard) -> Vec<&'a Check> {
        let next = self.level.map_or(0, |l| l + 1);
        card.checks
            .iter()
            .zip(&self.outcomes)
            .filter(|(c, o)| c.level <= next && **o == Outcome::Fail)
            .map(|(c, _)| c)
            .collect()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorecardRaw {
    levels: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    checks: Vec<CheckRaw>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckRaw {
    id: Option<String>,
    name: String,
    level: Spanned<String>,
    field: Spanned<String>,
    present: Option<bool>,
    matches: Option<String>,
    one_of: Option<Vec<String>>,
    min_count: Option<usize>,
    max_count: Option<usize>,
    max_age_days: Option<Spanned<i64>>,
    min: Option<f64>,
    max: Option<f64>,
    #[serde(default)]
    tier: Vec<u32>,
    #[serde(default)]
    lifecycle: Vec<Spanned<String>>,
}

type Problem = (std::ops::Range<usize>, String, String);

/// Validates `[scorecard]`. Checks given there replace the built-in ones.
pub fn from_raw(raw: ScorecardRaw, tiers: u32) -> Result<Scorecard, Vec<Problem>> {
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
        None => default_scorecard().levels,
    };
    if raw.checks.is_empty() {
        let mut card = default_scorecard();
        card.levels = levels;
        return Ok(card);
    }
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
    let problem = |span: std::ops::Range<usize>, msg: String, hint: &str| {
        (span, msg, hint.to_string())
    };
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
        id: c.id.unwrap_or_else(|| crate::fsutil::slugify(&c.name)),
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

/// The built-in scorecard, following the guide's "Scorecards without the stick".
pub fn default_scorecard() -> Scorecard {
    let check = |level: usize, id: &str, name: &str, field: &str, test: Test| Check {
        id: id.into(),
        name: name.into(),
        level,
        field: field.into(),
        test,
        tiers: Vec::new(),
        lifecycles: Vec::new(),
    };
    let present = Test::default;
    let at_least_one = || Test {
        min_count: Some(1),
        ..Test::default()
    };
    let mut on_call_24_7 = check(
        2,
        "tier1-24-7",
        "Tier 1: first escalation level reaches a 24/7 rotation",
        "on_call_coverage",
        Test {
            one_of: Some(vec!["24/7".into()]),
            ..Test::default()
        },
    );
    on_call_24_7.tiers = vec![1];
    Scorecard {
        levels: vec!["bronze".into(), "silver".into(), "gold".into()],
        checks: vec![
            check(0, "has-rotation", "Owning team has an on-call rotation", "owner.rotations", at_least_one()),
            check(0, "has-escalation-policy", "Has an escalation policy", "escalation_policy", present()),
            check(0, "has-repository", "Has a repository", "repository", present()),
            check(1, "has-runbook", "Has a runbook", "runbook", present()),
            check(1, "runbook-reviewed", "Runbook reviewed in the last 90 days", "runbook_reviewed", Test { max_age_days: Some(90), ..Test::default() }),
            check(1, "has-slo", "Has at least one SLO", "slos", at_least_one()),
            check(1, "has-chat", "Has a chat channel", "chat", present()),
            check(2, "has-dashboard", "Has a dashboard", "dashboards", at_least_one()),
            check(2, "no-deprecated-dependencies", "Depends on no deprecated or retired service", "deprecated_dependencies", Test { max_count: Some(0), ..Test::default() }),
            check(2, "entry-reviewed", "Catalog entry reviewed on schedule", "review_status", Test { one_of: Some(vec!["current".into()]), ..Test::default() }),
            on_call_24_7,
        ],
    }
}

/// A field's value for one service.
enum Value {
    Missing,
    Text(String),
    Number(f64),
    Date(String),
    List(Vec<String>),
}

fn opt(s: Option<&str>) -> Value {
    match s {
        Some(s) if !s.trim().is_empty() => Value::Text(s.to_string()),
        _ => Value::Missing,
    }
}

fn value(catalog: &Catalog, index: usize, field: &str, today: &str) -> Value {
    let s: &Service = &catalog.services[index];
    let owner = catalog.owner_team(s);
    let ids = |list: Vec<usize>| Value::List(list.into_iter().map(|i| catalog.services[i].id.clone()).collect());
    let names = |it: &mut dyn Iterator<Item = String>| Value::List(it.collect());
    match field {
        "name" => opt(Some(&s.name)),
        "description" => opt(Some(&s.description)),
        "owner" => opt(s.owner.as_ref().map(|o| o.value.as_str())),
        "tier" => Value::Number(f64::from(s.tier.value)),
        "lifecycle" => Value::Text(s.lifecycle.value.as_str().into()),
        "type" => opt(s.kind.as_deref()),
        "system" => opt(s.system.as_deref()),
        "tags" => Value::List(s.tags.clone()),
        "repository" => opt(s.repository.as_ref().map(|u| u.text.as_str())),
        "runbook" => opt(s.runbook.as_ref().map(|u| u.text.as_str())),
        "runbook_reviewed" => s.runbook_reviewed.as_ref().map_or(Value::Missing, |d| Value::Date(d.value.clone())),
        "chat" => opt(s.chat.as_ref().map(|u| u.text.as_str())),
        "email" => opt(s.email.as_deref()),
        "escalation_policy" => opt(catalog.policy_of(s).map(|(_, p)| p.id.value.as_str())),
        "reviewed" => s.reviewed.clone().map_or(Value::Missing, Value::Date),
        "review_every" => s.review_every.map_or(Value::Missing, |d| Value::Number(f64::from(d))),
        "review_status" => Value::Text(
            match (&s.reviewed, s.review_every) {
                (Some(_), Some(_)) if review_overdue(s.reviewed.as_deref(), s.review_every, today) => "overdue",
                (Some(_), Some(_)) => "current",
                _ => "unscheduled",
            }
            .into(),
        ),
        "sunset" => s.sunset.clone().map_or(Value::Missing, Value::Date),
        "replaced_by" => opt(s.replaced_by.as_ref().map(|r| r.value.as_str())),
        "depends_on" => names(&mut s.depends_on.iter().map(|d| d.service.value.clone())),
        "critical_dependencies" => names(&mut s.depends_on.iter().filter(|d| d.critical).map(|d| d.service.value.clone())),
        "deprecated_dependencies" => names(&mut s.depends_on.iter().filter(|d| {
            catalog.service(&d.service.value).is_some_and(|t| t.lifecycle.value.is_sunsetting())
        }).map(|d| d.service.value.clone())),
        "used_by" => ids(catalog.graph.used_by[index].clone()),
        "blast_radius" => ids(catalog.graph.blast_radius(index)),
        "dashboards" => names(&mut s.dashboards.iter().map(|d| d.name.clone())),
        "links" => names(&mut s.links.iter().map(|d| d.name.clone())),
        "slos" => names(&mut s.slos.iter().map(|d| d.name.clone())),
        "sla" => opt(s.sla.as_ref().map(|d| d.window.as_str()).or(s.sla.as_ref().map(|_| "sla"))),
        "prose" => opt(s.prose.as_ref().map(|p| &p.file.text[p.body_start..])),
        "on_call_coverage" => opt(catalog.first_level_coverage(s)),
        "owner.members" => owner.map_or(Value::Missing, |t| names(&mut t.members.iter().map(|m| m.id.value.clone()))),
        "owner.rotations" => owner.map_or(Value::Missing, |t| names(&mut t.rotations.iter().map(|r| r.id.value.clone()))),
        "owner.escalation_policies" => owner.map_or(Value::Missing, |t| names(&mut t.policies.iter().map(|p| p.id.value.clone()))),
        _ => Value::Missing,
    }
}

/// `*` matches any run of characters, `?` one character; the whole text must match.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

fn passes(test: &Test, v: &Value, today: &str) -> bool {
    let present = !matches!(v, Value::Missing) && !matches!(v, Value::List(l) if l.is_empty());
    if let Some(want) = test.present {
        if want != present {
            return false;
        }
        if !want {
            return true;
        }
    }
    let texts: Vec<String> = match v {
        Value::Text(s) | Value::Date(s) => vec![s.clone()],
        Value::Number(n) => vec![n.to_string()],
        Value::List(l) => l.clone(),
        Value::Missing => Vec::new(),
    };
    let counted = test.min_count.is_some() || test.max_count.is_some();
    if !present && !counted {
        return false;
    }
    if let Some(p) = &test.matches
        && !texts.iter().any(|t| glob(p, t))
    {
        return false;
    }
    if let Some(list) = &test.one_of
        && !texts.iter().any(|t| list.contains(t))
    {
        return false;
    }
    let count = texts.len();
    if test.min_count.is_some_and(|m| count < m) || test.max_count.is_some_and(|m| count > m) {
        return false;
    }
    if let (Some(max), Value::Date(d)) = (test.max_age_days, v)
        && !crate::dates::days_between(d, today).is_some_and(|age| age <= max)
    {
        return false;
    }
    if let Value::Number(n) = v
        && (test.min.is_some_and(|m| *n < m) || test.max.is_some_and(|m| *n > m))
    {
        return false;
    }
    true
}

/// Scores one service.
pub fn score(catalog: &Catalog, index: usize, today: &str) -> Score {
    let s = &catalog.services[index];
    let card = &catalog.settings.scorecard;
    let outcomes: Vec<Outcome> = card
        .checks
        .iter()
        .map(|c| {
            let applies = (c.tiers.is_empty() || c.tiers.contains(&s.tier.value))
                && (c.lifecycles.is_empty() || c.lifecycles.contains(&s.lifecycle.value));
            if !applies {
                Outcome::NotApplicable
            } else if passes(&c.test, &value(catalog, index, &c.field, today), today) {
                Outcome::Pass
            } else {
                Outcome::Fail
            }
        })
        .collect();
    let mut level = None;
    for l in 0..card.levels.len() {
        let ok = card
            .checks
            .iter()
            .zip(&outcomes)
            .all(|(c, o)| c.level != l || *o != Outcome::Fail);
        if !ok {
            break;
        }
        level = Some(l);
    }
    Score { level, outcomes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matches_whole_text() {
        assert!(glob("https://git.*", "https://git.example/x"));
        assert!(glob("a?c", "abc"));
        assert!(!glob("a?c", "abbc"));
        assert!(glob("*", ""));
        assert!(!glob("team-*", "x-team-a"));
    }

    #[test]
    fn tests_combine() {
        let t = Test {
            max_age_days: Some(90),
            ..Test::default()
        };
        assert!(passes(&t, &Value::Date("2026-10-01".into()), "2026-11-22"));
        assert!(!passes(&t, &Value::Date("2026-01-01".into()), "2026-11-22"));
        assert!(!passes(&t, &Value::Missing, "2026-11-22"));
        let none = Test {
            max_count: Some(0),
            ..Test::default()
        };
        assert!(passes(&none, &Value::List(vec![]), "2026-11-22"));
        assert!(!passes(&none, &Value::List(vec!["x".into()]), "2026-11-22"));
        let absent = Test {
            present: Some(false),
            ..Test::default()
        };
        assert!(passes(&absent, &Value::Missing, "2026-11-22"));
    }
}
