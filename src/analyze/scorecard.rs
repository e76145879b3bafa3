//! Scorecards: each service's result against the checks of `[scorecard]`. A check
//! names a field of a service (including derived ones such as
//! `deprecated_dependencies` or `review_status`) and a test; a service reaches the
//! highest level whose checks, and all lower levels' checks, pass.

use super::Analysis;
use crate::catalog::Catalog;
use crate::catalog::model::{Service, review_overdue};
use crate::config::scorecard::{Check, Scorecard, Test};
use crate::config::settings::Settings;
use serde::Serialize;

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

/// Scores one service.
pub fn score(
    catalog: &Catalog,
    analysis: &Analysis,
    settings: &Settings,
    index: usize,
    today: &str,
) -> Score {
    let s = &catalog.services[index];
    let card = &settings.scorecard;
    let outcomes: Vec<Outcome> = card
        .checks
        .iter()
        .map(|c| {
            let applies = (c.tiers.is_empty() || c.tiers.contains(&s.tier.value))
                && (c.lifecycles.is_empty() || c.lifecycles.contains(&s.lifecycle.value));
            if !applies {
                Outcome::NotApplicable
            } else if passes(
                &c.test,
                &value(catalog, analysis, index, &c.field, today),
                today,
            ) {
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

fn value(catalog: &Catalog, analysis: &Analysis, index: usize, field: &str, today: &str) -> Value {
    let s: &Service = &catalog.services[index];
    let owner = catalog.owner_team(s);
    let ids = |list: Vec<usize>| {
        Value::List(
            list.into_iter()
                .map(|i| catalog.services[i].id.clone())
                .collect(),
        )
    };
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
        "runbook_reviewed" => s
            .runbook_reviewed
            .as_ref()
            .map_or(Value::Missing, |d| Value::Date(d.value.clone())),
        "chat" => opt(s.chat.as_ref().map(|u| u.text.as_str())),
        "email" => opt(s.email.as_deref()),
        "escalation_policy" => opt(catalog.policy_of(s).map(|(_, p)| p.id.value.as_str())),
        "reviewed" => s.reviewed.clone().map_or(Value::Missing, Value::Date),
        "review_every" => s
            .review_every
            .map_or(Value::Missing, |d| Value::Number(f64::from(d))),
        "review_status" => Value::Text(
            match (&s.reviewed, s.review_every) {
                (Some(_), Some(_))
                    if review_overdue(s.reviewed.as_deref(), s.review_every, today) =>
                {
                    "overdue"
                }
                (Some(_), Some(_)) => "current",
                _ => "unscheduled",
            }
            .into(),
        ),
        "sunset" => s.sunset.clone().map_or(Value::Missing, Value::Date),
        "replaced_by" => opt(s.replaced_by.as_ref().map(|r| r.value.as_str())),
        "depends_on" => names(&mut s.depends_on.iter().map(|d| d.service.value.clone())),
        "critical_dependencies" => names(
            &mut s
                .depends_on
                .iter()
                .filter(|d| d.critical)
                .map(|d| d.service.value.clone()),
        ),
        "deprecated_dependencies" => names(
            &mut s
                .depends_on
                .iter()
                .filter(|d| {
                    catalog
                        .service(&d.service.value)
                        .is_some_and(|t| t.lifecycle.value.is_sunsetting())
                })
                .map(|d| d.service.value.clone()),
        ),
        "used_by" => ids(analysis.graph.used_by[index].clone()),
        "blast_radius" => ids(analysis.graph.blast_radius(index)),
        "dashboards" => names(&mut s.dashboards.iter().map(|d| d.name.clone())),
        "links" => names(&mut s.links.iter().map(|d| d.name.clone())),
        "slos" => names(&mut s.slos.iter().map(|d| d.name.clone())),
        "sla" => opt(s
            .sla
            .as_ref()
            .map(|d| d.window.as_str())
            .or(s.sla.as_ref().map(|_| "sla"))),
        "prose" => opt(s.prose.as_ref().map(|p| &p.file.text[p.body_start..])),
        "on_call_coverage" => opt(catalog.first_level_coverage(s)),
        "owner.members" => owner.map_or(Value::Missing, |t| {
            names(&mut t.members.iter().map(|m| m.id.value.clone()))
        }),
        "owner.rotations" => owner.map_or(Value::Missing, |t| {
            names(&mut t.rotations.iter().map(|r| r.id.value.clone()))
        }),
        "owner.escalation_policies" => owner.map_or(Value::Missing, |t| {
            names(&mut t.policies.iter().map(|p| p.id.value.clone()))
        }),
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
        && crate::dates::days_between(d, today).is_none_or(|age| age > max)
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
