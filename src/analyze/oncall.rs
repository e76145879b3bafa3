//! On-call arithmetic: who holds a rotation at a given local time, the next handoffs,
//! and an escalation policy as a timeline with the worst-case minutes until a person,
//! and until leadership, is paged.
//!
//! Rotations hand off at the same wall-clock time in their own time zone (PagerDuty's
//! `rotation_virtual_start` plus whole turns), so all of this is calendar arithmetic on
//! local times; the browser redoes it for "now" with the zone's current offset.

use crate::catalog::Catalog;
use crate::catalog::model::{Coverage, Policy, Rotation, Target, TargetKind, Team};
use crate::config::settings::Settings;
use crate::dates::{LocalTime, add_minutes, minutes_between};

/// The turn number in force at `at` (negative before the virtual start).
fn turn_at(rot: &Rotation, at: LocalTime) -> i64 {
    minutes_between(rot.start, at).div_euclid(turn_minutes(rot))
}

fn turn_minutes(rot: &Rotation) -> i64 {
    i64::from(rot.turn_length_days.max(1)) * 1440
}

/// When turn number `turn` begins.
fn turn_start(rot: &Rotation, turn: i64) -> LocalTime {
    add_minutes(rot.start, turn * turn_minutes(rot))
}

/// A stretch of time one member holds a rotation: a scheduled turn (or what overrides
/// leave of it), or an override. Times are wall-clock times in the rotation's zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    /// The member id.
    pub member: String,
    pub start: LocalTime,
    /// The first minute of the next shift.
    pub end: LocalTime,
    /// The index in `rot.overrides` of the override this shift is.
    pub cover: Option<usize>,
}

/// Who is on call for `rot` at wall-clock time `at`, since when and until when: the
/// override in force, else the scheduled turn cut short by the overrides around it.
/// Every view of on-call (pages, catalog.json, calendars) asks this one function.
/// `None` only for a rotation without members, outside its overrides.
pub fn on_call(rot: &Rotation, at: LocalTime) -> Option<Shift> {
    // Overrides are sorted by start and never overlap: those before `idx` started.
    let idx = rot.overrides.partition_point(|o| o.start <= at);
    let previous = idx.checked_sub(1).map(|i| (i, &rot.overrides[i]));
    if let Some((i, o)) = previous
        && at < o.end
    {
        return Some(Shift {
            member: o.member.value.clone(),
            start: o.start,
            end: o.end,
            cover: Some(i),
        });
    }
    let turn = turn_at(rot, at);
    let n = i64::try_from(rot.members.len()).ok().filter(|n| *n > 0)?;
    let who = usize::try_from(turn.rem_euclid(n)).ok()?;
    let mut start = turn_start(rot, turn);
    let mut end = turn_start(rot, turn + 1);
    if let Some((_, o)) = previous {
        start = start.max(o.end);
    }
    if let Some(next) = rot.overrides.get(idx) {
        end = end.min(next.start);
    }
    Some(Shift {
        member: rot.members[who].value.clone(),
        start,
        end,
        cover: None,
    })
}

/// The shifts that overlap `from..to`, in order (the first may start before `from`,
/// the last end after `to`).
pub fn shifts(rot: &Rotation, from: LocalTime, to: LocalTime) -> Vec<Shift> {
    let mut out = Vec::new();
    let mut at = from;
    while at < to {
        let Some(shift) = on_call(rot, at) else { break };
        at = shift.end;
        out.push(shift);
    }
    out
}

/// The next `count` shifts after the one in force at `at`: each begins at a handoff.
pub fn next_handoffs(rot: &Rotation, at: LocalTime, count: usize) -> Vec<Shift> {
    let mut out: Vec<Shift> = Vec::with_capacity(count);
    let mut at = match on_call(rot, at) {
        Some(now) => now.end,
        None => return out,
    };
    while out.len() < count {
        let Some(next) = on_call(rot, at) else { break };
        at = next.end;
        out.push(next);
    }
    out
}

/// The member ids the schedule alone puts on call during `from..to`, in order and
/// without repeats: whom an override covers for.
pub fn scheduled_between(rot: &Rotation, from: LocalTime, to: LocalTime) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let n = rot.members.len() as i64;
    if n == 0 {
        return out;
    }
    let mut turn = turn_at(rot, from);
    while turn_start(rot, turn) < to && out.len() < rot.members.len() {
        let who = rot.members[turn.rem_euclid(n) as usize].value.as_str();
        if !out.contains(&who) {
            out.push(who);
        }
        turn += 1;
    }
    out
}

/// One target of a level, resolved for display.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub kind: TargetKind,
    pub id: String,
    /// Rotation name, member name or team name.
    pub label: String,
    /// Who holds the rotation at the reference time (rotations only).
    pub on_call: Option<String>,
    /// The member's role (users only).
    pub role: Option<String>,
    /// The team to link to (team targets, and the policy's own team for the others).
    pub team: Option<String>,
    pub leadership: bool,
    /// Minutes after this level starts until a person is paged at any hour, if ever.
    pub person_after: Option<u32>,
}

/// One level of a policy on the timeline.
#[derive(Debug, Clone)]
pub struct Step {
    /// 1-based level number.
    pub level: usize,
    /// Minutes after the incident opened when this level is paged (first pass).
    pub at: u32,
    pub delay: u32,
    pub targets: Vec<Resolved>,
}

/// A policy laid out in time.
#[derive(Debug, Clone)]
pub struct Timeline {
    pub steps: Vec<Step>,
    /// Minutes for one pass through every level.
    pub pass_minutes: u32,
    pub num_loops: u32,
    /// Minutes until the last pass runs out.
    pub total_minutes: u32,
    /// Worst-case minutes until a person is paged at any hour of day.
    pub person_at: Option<u32>,
    /// Worst-case minutes until someone whose role marks leadership is paged.
    pub leadership_at: Option<u32>,
}

/// Builds the timeline of `policy` (of `team`) at the reference time `at`.
pub fn timeline(
    catalog: &Catalog,
    settings: &Settings,
    team: &Team,
    policy: &Policy,
    at: LocalTime,
) -> Timeline {
    let mut steps = Vec::with_capacity(policy.rules.len());
    let mut minute = 0u32;
    for (i, rule) in policy.rules.iter().enumerate() {
        let targets = rule
            .targets
            .iter()
            .map(|t| resolve(catalog, settings, team, t, at, &mut vec![team.id.clone()]))
            .collect();
        steps.push(Step {
            level: i + 1,
            at: minute,
            delay: rule.delay.value,
            targets,
        });
        minute = minute.saturating_add(rule.delay.value);
    }
    let person_at = steps
        .iter()
        .filter_map(|s| {
            s.targets
                .iter()
                .filter_map(|t| t.person_after)
                .min()
                .map(|after| s.at.saturating_add(after))
        })
        .min();
    let leadership_at = steps
        .iter()
        .find(|s| s.targets.iter().any(|t| t.leadership))
        .map(|s| s.at);
    Timeline {
        steps,
        pass_minutes: minute,
        num_loops: policy.num_loops,
        total_minutes: minute.saturating_mul(policy.num_loops + 1),
        person_at,
        leadership_at,
    }
}

/// A delay outside the limits the rules set for a tier.
pub struct DelayProblem {
    /// Index of the level.
    pub level: usize,
    pub message: String,
    pub too_short: bool,
}

/// Delays of `policy` outside the limits for `tier`.
pub fn delay_problems(settings: &Settings, tier: u32, policy: &Policy) -> Vec<DelayProblem> {
    let mut out = Vec::new();
    for (level, rule) in policy.rules.iter().enumerate() {
        let d = rule.delay.value;
        if let Some(min) = settings.min_escalation_delay.get(tier)
            && d < min
        {
            out.push(DelayProblem {
                level,
                message: format!(
                    "level {} escalates after {d} minutes; tier {tier} allows no less than {min}",
                    level + 1
                ),
                too_short: true,
            });
        }
        if level == 0
            && let Some(max) = settings.max_first_escalation_delay.get(tier)
            && d > max
        {
            out.push(DelayProblem {
                level,
                message: format!("level 1 waits {d} minutes; tier {tier} allows at most {max}"),
                too_short: false,
            });
        }
    }
    out
}

fn resolve(
    catalog: &Catalog,
    settings: &Settings,
    team: &Team,
    t: &Target,
    at: LocalTime,
    visiting: &mut Vec<String>,
) -> Resolved {
    let id = t.id.value.clone();
    let mut r = Resolved {
        kind: t.kind,
        id: id.clone(),
        label: id.clone(),
        on_call: None,
        role: None,
        team: Some(team.id.clone()),
        leadership: false,
        person_after: None,
    };
    match t.kind {
        TargetKind::Rotation => {
            if let Some(rot) = team.rotation(&id) {
                r.label = rot.name.clone();
                r.on_call = on_call(rot, at).map(|s| team.member_name(&s.member));
                if rot.coverage == Coverage::AllHours {
                    r.person_after = Some(0);
                }
            }
        }
        TargetKind::User => {
            if let Some(m) = team.member(&id) {
                r.label = m.name.clone();
                r.role = m.role.clone();
                r.leadership = settings.is_leadership(m.role.as_deref());
                r.person_after = Some(0);
            }
        }
        TargetKind::Team => {
            r.team = Some(id.clone());
            if let Some(other) = catalog.team(&id) {
                r.label = other.name.clone();
                // Paging a team pages its first policy; guard against teams paging
                // each other in a loop.
                if !visiting.contains(&id)
                    && let Some(p) = other.policies.first()
                {
                    visiting.push(id.clone());
                    let mut minute = 0u32;
                    for rule in &p.rules {
                        let reach = rule
                            .targets
                            .iter()
                            .filter_map(|t| {
                                resolve(catalog, settings, other, t, at, visiting).person_after
                            })
                            .min();
                        if let Some(after) = reach {
                            r.person_after = Some(minute.saturating_add(after));
                            break;
                        }
                        minute = minute.saturating_add(rule.delay.value);
                    }
                    visiting.pop();
                }
            }
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::{Coverage, Loc};

    fn rotation(members: &[&str], start: LocalTime, days: u32) -> Rotation {
        Rotation {
            id: Loc::new("primary".to_string(), 0..0),
            name: "Primary".into(),
            members: members
                .iter()
                .map(|m| Loc::new(m.to_string(), 0..0))
                .collect(),
            start,
            turn_length_days: days,
            time_zone: "Europe/Berlin".into(),
            coverage: Coverage::AllHours,
            shadow: Vec::new(),
            overrides: Vec::new(),
        }
    }

    fn t(y: i16, m: i8, d: i8, hour: i8, minute: i8) -> LocalTime {
        LocalTime::constant(y, m, d, hour, minute, 0, 0)
    }

    fn who(rot: &Rotation, at: LocalTime) -> String {
        on_call(rot, at).map(|s| s.member).unwrap_or_default()
    }

    #[test]
    fn weekly_rotation_hands_off_at_the_local_start_time() {
        let rot = rotation(&["a", "b", "c"], t(2026, 1, 5, 9, 0), 7);
        assert_eq!(who(&rot, t(2026, 1, 5, 9, 0)), "a");
        assert_eq!(who(&rot, t(2026, 1, 12, 8, 59)), "a");
        assert_eq!(who(&rot, t(2026, 1, 12, 9, 0)), "b");
        assert_eq!(who(&rot, t(2026, 1, 26, 9, 0)), "a");
        // Before the virtual start the rotation runs backwards.
        assert_eq!(who(&rot, t(2026, 1, 4, 0, 0)), "c");
        let next = next_handoffs(&rot, t(2026, 11, 22, 0, 0), 8);
        assert_eq!(next.len(), 8);
        assert_eq!(
            crate::dates::format_local(next[0].start),
            "Mon 2026-11-23 09:00"
        );
        assert_eq!(
            crate::dates::format_local(next[1].start),
            "Mon 2026-11-30 09:00"
        );
        // 2026-01-05 + 46 weeks = 2026-11-23: turn 46, 46 mod 3 = 1.
        assert_eq!(next[0].member, "b");
    }

    #[test]
    fn an_override_cuts_the_scheduled_turns_around_it() {
        let mut rot = rotation(&["a", "b"], t(2027, 3, 1, 10, 0), 7);
        rot.overrides.push(crate::catalog::model::Override {
            member: Loc::new("c".to_string(), 0..0),
            start: t(2027, 3, 10, 12, 0),
            end: t(2027, 3, 17, 12, 0),
            note: None,
            note_variants: Default::default(),
            span: Default::default(),
        });
        let now = on_call(&rot, t(2027, 3, 9, 0, 0));
        assert_eq!(
            now.map(|s| (s.member, s.start, s.end)),
            Some(("b".to_string(), t(2027, 3, 8, 10, 0), t(2027, 3, 10, 12, 0)))
        );
        let all = shifts(&rot, t(2027, 3, 9, 0, 0), t(2027, 3, 20, 0, 0));
        let seen: Vec<(&str, LocalTime, Option<usize>)> = all
            .iter()
            .map(|s| (s.member.as_str(), s.start, s.cover))
            .collect();
        assert_eq!(
            seen,
            [
                ("b", t(2027, 3, 8, 10, 0), None),
                ("c", t(2027, 3, 10, 12, 0), Some(0)),
                ("a", t(2027, 3, 17, 12, 0), None),
            ]
        );
        assert_eq!(
            scheduled_between(&rot, t(2027, 3, 10, 12, 0), t(2027, 3, 17, 12, 0)),
            ["b", "a"]
        );
        let next = next_handoffs(&rot, t(2027, 3, 9, 0, 0), 2);
        assert_eq!(next[0].member, "c");
        assert_eq!(next[1].start, t(2027, 3, 17, 12, 0));
    }
}
