//! The fields a scorecard check can name, their values for a service (including
//! derived ones such as `deprecated_dependencies` or `review_status`), and the tests
//! a check applies to them.

use super::Catalog;
use super::model::{Service, review_overdue};
use super::scorecard::Test;

/// The type of a field, which decides the tests that make sense for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Text,
    Number,
    Date,
    List,
}

/// Every field a check can name, with its type and meaning (shown in errors).
pub(super) const FIELDS: &[(&str, Kind)] = &[
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

/// A field's value for one service.
pub(super) enum Value {
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

pub(super) fn value(catalog: &Catalog, index: usize, field: &str, today: &str) -> Value {
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
        "used_by" => ids(catalog.graph.used_by[index].clone()),
        "blast_radius" => ids(catalog.graph.blast_radius(index)),
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

pub(super) fn passes(test: &Test, v: &Value, today: &str) -> bool {
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
