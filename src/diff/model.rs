//! What changed between two catalogs, as plain data (the JSON document of
//! `ownbook diff --format json`, field for field). Entries are matched by id; every
//! list is sorted, so the same two catalogs always give the same diff.

use super::Side;
use crate::catalog::model::{Policy, Rotation, Service, Team};
use crate::diag::{Diagnostic, Severity};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Version of the JSON document; raised when a field changes meaning or goes away.
pub const FORMAT: u32 = 1;

/// Everything that differs between the catalog at a revision and the working tree.
#[derive(Debug, Serialize)]
pub struct Diff {
    pub format: u32,
    /// The revision as given, and the commit it named.
    pub base: Base,
    pub services: Entries<ServiceEntry>,
    pub teams: Entries<TeamEntry>,
    /// Owner, tier and lifecycle of services present on both sides.
    pub fields: Vec<FieldChange>,
    pub escalation: Vec<LevelChange>,
    pub rotations: Vec<RotationChange>,
    pub dependencies: Vec<DependencyChange>,
    pub checks: Checks,
    pub scorecards: Vec<ScoreChange>,
}

#[derive(Debug, Serialize)]
pub struct Base {
    pub rev: String,
    pub commit: String,
}

#[derive(Debug, Serialize)]
pub struct Entries<T> {
    pub added: Vec<T>,
    pub removed: Vec<T>,
}

/// A service as the side it exists on has it.
#[derive(Debug, Serialize)]
pub struct ServiceEntry {
    pub id: String,
    pub name: String,
    pub owner: Option<String>,
    pub tier: u32,
    pub lifecycle: String,
    /// The scorecard level reached (`null`: none).
    pub level: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TeamEntry {
    pub id: String,
    pub name: String,
}

/// One of a service's owner, tier or lifecycle, before and after (`null`: unset).
#[derive(Debug, Serialize)]
pub struct FieldChange {
    pub service: String,
    pub name: String,
    pub field: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    Added,
    Removed,
    /// Escalation: the level's delay; rotations: members or their order.
    Changed,
}

/// An escalation level (numbered from 1 in its policy) added, removed or whose delay
/// changed. Levels are compared by number.
#[derive(Debug, Serialize)]
pub struct LevelChange {
    pub team: String,
    pub policy: String,
    pub policy_name: String,
    pub level: usize,
    pub change: Change,
    /// Minutes before the next level is notified.
    pub delay_before: Option<u32>,
    pub delay_after: Option<u32>,
}

/// A rotation of a team present on both sides that was added, removed, or whose
/// members changed (by member id).
#[derive(Debug, Serialize)]
pub struct RotationChange {
    pub team: String,
    pub rotation: String,
    pub name: String,
    pub change: Change,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// The members on both sides take their turns in another order.
    pub reordered: bool,
    pub before: Vec<String>,
    pub after: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct DependencyChange {
    pub service: String,
    pub dependency: String,
    pub change: Change,
    pub critical: bool,
}

/// Rule results: compared by severity, rule, file and message, not by line (lines
/// move when a file is edited above the problem).
#[derive(Debug, Serialize)]
pub struct Checks {
    pub appeared: Vec<Finding>,
    pub resolved: Vec<Finding>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub code: String,
    pub file: Option<String>,
    /// Where it is on its side (the working tree for `appeared`, the revision for
    /// `resolved`); 0 when it has no position.
    pub line: usize,
    pub message: String,
}

/// A service present on both sides whose scorecard level changed (`null`: none).
#[derive(Debug, Serialize)]
pub struct ScoreChange {
    pub service: String,
    pub name: String,
    pub owner: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl Diff {
    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.services.added.is_empty()
            && self.services.removed.is_empty()
            && self.teams.added.is_empty()
            && self.teams.removed.is_empty()
            && self.fields.is_empty()
            && self.escalation.is_empty()
            && self.rotations.is_empty()
            && self.dependencies.is_empty()
            && self.checks.appeared.is_empty()
            && self.checks.resolved.is_empty()
            && self.scorecards.is_empty()
    }

    /// How many errors the working tree has that the revision did not.
    pub fn new_errors(&self) -> usize {
        let errors = self.checks.appeared.iter();
        errors.filter(|f| f.severity == Severity::Error).count()
    }
}

/// Compares `before` (the catalog at `rev`, commit `commit`) with `after`.
pub fn compare(rev: &str, commit: &str, before: &Side, after: &Side) -> Diff {
    let (b, a) = (&before.site.catalog, &after.site.catalog);
    let mut diff = Diff {
        format: FORMAT,
        base: Base {
            rev: rev.to_string(),
            commit: commit.to_string(),
        },
        services: Entries {
            added: only_in(after, before, |s| service_entry(s.0, s.1)),
            removed: only_in(before, after, |s| service_entry(s.0, s.1)),
        },
        teams: Entries {
            added: teams_only_in(&a.teams, b),
            removed: teams_only_in(&b.teams, a),
        },
        fields: Vec::new(),
        escalation: Vec::new(),
        rotations: Vec::new(),
        dependencies: Vec::new(),
        checks: checks(&before.diags, &after.diags),
        scorecards: Vec::new(),
    };
    for (i, new) in a.services.iter().enumerate() {
        let Some(j) = b.service_position(&new.id) else {
            continue;
        };
        let old = &b.services[j];
        diff.fields.extend(fields(old, new));
        diff.dependencies.extend(dependencies(old, new));
        let level_before = level_name(before, j);
        let level_after = level_name(after, i);
        if level_before != level_after {
            diff.scorecards.push(ScoreChange {
                service: new.id.clone(),
                name: new.name.clone(),
                owner: new.owner.as_ref().map(|o| o.value.clone()),
                before: level_before,
                after: level_after,
            });
        }
    }
    for new in &a.teams {
        if let Some(old) = b.team(&new.id) {
            diff.escalation.extend(escalation(old, new));
            diff.rotations.extend(rotations(old, new));
        }
    }
    diff
}

/// The services of `side` that `other` lacks, as `entry` describes them.
fn only_in<T>(
    side: &Side,
    other: &Side,
    entry: impl Fn((&Service, Option<String>)) -> T,
) -> Vec<T> {
    let services = side.site.catalog.services.iter().enumerate();
    services
        .filter(|(_, s)| other.site.catalog.service(&s.id).is_none())
        .map(|(i, s)| entry((s, level_name(side, i))))
        .collect()
}

fn service_entry(s: &Service, level: Option<String>) -> ServiceEntry {
    ServiceEntry {
        id: s.id.clone(),
        name: s.name.clone(),
        owner: s.owner.as_ref().map(|o| o.value.clone()),
        tier: s.tier.value,
        lifecycle: s.lifecycle.value.as_str().to_string(),
        level,
    }
}

fn teams_only_in(teams: &[Team], other: &crate::catalog::Catalog) -> Vec<TeamEntry> {
    teams
        .iter()
        .filter(|t| other.team(&t.id).is_none())
        .map(|t| TeamEntry {
            id: t.id.clone(),
            name: t.name.clone(),
        })
        .collect()
}

/// The name of the scorecard level the `index`th service of `side` reached, judged
/// by that side's own `[scorecard]`.
fn level_name(side: &Side, index: usize) -> Option<String> {
    let level = side.analysis.scores.get(index)?.level?;
    side.site
        .config
        .settings
        .scorecard
        .levels
        .get(level)
        .cloned()
}

fn fields(old: &Service, new: &Service) -> Vec<FieldChange> {
    let owner = |s: &Service| s.owner.as_ref().map(|o| o.value.clone());
    let pairs = [
        ("owner", owner(old), owner(new)),
        (
            "tier",
            Some(old.tier.value.to_string()),
            Some(new.tier.value.to_string()),
        ),
        (
            "lifecycle",
            Some(old.lifecycle.value.as_str().to_string()),
            Some(new.lifecycle.value.as_str().to_string()),
        ),
    ];
    pairs
        .into_iter()
        .filter(|(_, before, after)| before != after)
        .map(|(field, before, after)| FieldChange {
            service: new.id.clone(),
            name: new.name.clone(),
            field,
            before,
            after,
        })
        .collect()
}

fn dependencies(old: &Service, new: &Service) -> Vec<DependencyChange> {
    let ids = |s: &Service| -> BTreeMap<String, bool> {
        let deps = s.depends_on.iter();
        deps.map(|d| (d.service.value.clone(), d.critical))
            .collect()
    };
    let (before, after) = (ids(old), ids(new));
    let mut changes = Vec::new();
    for (dep, &critical) in &after {
        if !before.contains_key(dep) {
            changes.push((dep.clone(), Change::Added, critical));
        }
    }
    for (dep, &critical) in &before {
        if !after.contains_key(dep) {
            changes.push((dep.clone(), Change::Removed, critical));
        }
    }
    changes.sort_by(|x, y| x.0.cmp(&y.0));
    changes
        .into_iter()
        .map(|(dependency, change, critical)| DependencyChange {
            service: new.id.clone(),
            dependency,
            change,
            critical,
        })
        .collect()
}

/// Escalation levels of a team's policies, matched by policy id and level number.
fn escalation(old: &Team, new: &Team) -> Vec<LevelChange> {
    let by_id = |t: &Team| -> BTreeMap<String, Policy> {
        let policies = t.policies.iter();
        policies.map(|p| (p.id.value.clone(), p.clone())).collect()
    };
    let (before, after) = (by_id(old), by_id(new));
    let ids: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let mut changes = Vec::new();
    for id in ids {
        let (b, a) = (before.get(id), after.get(id));
        let delays = |p: Option<&Policy>| -> Vec<u32> {
            p.map(|p| p.rules.iter().map(|r| r.delay.value).collect())
                .unwrap_or_default()
        };
        let (db, da) = (delays(b), delays(a));
        let name = a.or(b).map(|p| p.name.clone()).unwrap_or_default();
        for n in 0..db.len().max(da.len()) {
            let (x, y) = (db.get(n).copied(), da.get(n).copied());
            let change = match (x, y) {
                (Some(x), Some(y)) if x == y => continue,
                (Some(_), Some(_)) => Change::Changed,
                (None, _) => Change::Added,
                (_, None) => Change::Removed,
            };
            changes.push(LevelChange {
                team: new.id.clone(),
                policy: id.clone(),
                policy_name: name.clone(),
                level: n + 1,
                change,
                delay_before: x,
                delay_after: y,
            });
        }
    }
    changes
}

/// Rotations of a team matched by id: members added, removed or reordered.
fn rotations(old: &Team, new: &Team) -> Vec<RotationChange> {
    let by_id = |t: &Team| -> BTreeMap<String, Rotation> {
        let rotations = t.rotations.iter();
        rotations.map(|r| (r.id.value.clone(), r.clone())).collect()
    };
    let (before, after) = (by_id(old), by_id(new));
    let ids: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let members = |r: Option<&Rotation>| -> Vec<String> {
        r.map(|r| r.members.iter().map(|m| m.value.clone()).collect())
            .unwrap_or_default()
    };
    let mut changes = Vec::new();
    for id in ids {
        let (b, a) = (before.get(id), after.get(id));
        let (mb, ma) = (members(b), members(a));
        let added: Vec<String> = ma.iter().filter(|m| !mb.contains(m)).cloned().collect();
        let removed: Vec<String> = mb.iter().filter(|m| !ma.contains(m)).cloned().collect();
        let kept_before: Vec<&String> = mb.iter().filter(|m| ma.contains(m)).collect();
        let kept_after: Vec<&String> = ma.iter().filter(|m| mb.contains(m)).collect();
        let reordered = kept_before != kept_after;
        let change = match (b, a) {
            (None, _) => Change::Added,
            (_, None) => Change::Removed,
            _ if added.is_empty() && removed.is_empty() && !reordered => continue,
            _ => Change::Changed,
        };
        changes.push(RotationChange {
            team: new.id.clone(),
            rotation: id.clone(),
            name: a.or(b).map(|r| r.name.clone()).unwrap_or_default(),
            change,
            added,
            removed,
            reordered,
            before: mb,
            after: ma,
        });
    }
    changes
}

/// What a problem is, whatever line it is on.
type FindingKey = (Severity, String, Option<String>, String);

/// The problems found on one side and not (as often) on the other, each way.
fn checks(before: &[Diagnostic], after: &[Diagnostic]) -> Checks {
    Checks {
        appeared: more_often(after, before),
        resolved: more_often(before, after),
    }
}

/// The diagnostics of `side` beyond as many of the same kind as `other` has, sorted
/// by file and position.
fn more_often(side: &[Diagnostic], other: &[Diagnostic]) -> Vec<Finding> {
    let key = |d: &Diagnostic| -> FindingKey {
        (
            d.severity,
            d.code.clone(),
            d.file.clone(),
            d.message.clone(),
        )
    };
    let mut have: BTreeMap<FindingKey, usize> = BTreeMap::new();
    for d in other {
        *have.entry(key(d)).or_default() += 1;
    }
    let mut sorted: Vec<&Diagnostic> = side.iter().collect();
    sorted.sort_by(|x, y| {
        (&x.file, x.line, x.column, &x.code, &x.message)
            .cmp(&(&y.file, y.line, y.column, &y.code, &y.message))
    });
    let mut found = Vec::new();
    for d in sorted {
        match have.get_mut(&key(d)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => found.push(Finding {
                severity: d.severity,
                code: d.code.clone(),
                file: d.file.clone(),
                line: d.line,
                message: d.message.clone(),
            }),
        }
    }
    found
}
