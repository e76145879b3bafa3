//! Rotations as PagerDuty schedules.
//!
//! v1 (`pagerduty_schedule`): one schedule per rotation with one layer whose
//! `rotation_virtual_start` is the rotation's, turns of `turn_length_days * 86400`
//! seconds, the members with an e-mail in rotation order, and for `business-hours`
//! coverage one weekly restriction per working day.
//!
//! v2 (`pagerduty_schedulev2`, the v3 schedules API): one rotation with one event per
//! schedule. Block and field names follow the provider's documentation of the
//! resource (website/docs/r/schedulev2.html.markdown in PagerDuty/terraform-provider-
//! pagerduty: `rotation { event { name, start_time, end_time, effective_since,
//! recurrence, assignment_strategy { type, shifts_per_member, member { type, user_id
//! } } } }`). An event is one shift and its RFC 5545 RRULE repeats it; with the
//! rotating-member strategy each member holds `shifts_per_member` shifts in turn. A
//! 24/7 turn is one shift as long as the turn, repeated every turn; business hours are
//! one shift per working day, each member holding a turn's worth of them.
//!
//! ownbook's `business-hours` names no hours, so they are taken as Monday to Friday,
//! 09:00 to 17:00 in the rotation's own time zone; the files say so in a comment.

use super::hcl::{Block, Value};
use super::{Ctx, Schedules};
use crate::catalog::model::{Coverage, LocalTime, Rotation, Team};
use jiff::civil::{Time, Weekday};
use jiff::tz::TimeZone;

/// ISO weekday numbers (Monday = 1) of the working days.
const WORKING_DAYS: [i8; 5] = [1, 2, 3, 4, 5];
const DAY_START: Time = Time::constant(9, 0, 0, 0);
const DAY_END: Time = Time::constant(17, 0, 0, 0);
const WORKING_SECONDS: i64 = 8 * 3600;
const RRULE_WORKING_DAYS: &str = "BYDAY=MO,TU,WE,TH,FR";
/// The provider's limit on members of one assignment strategy.
const MAX_V2_MEMBERS: usize = 20;

/// The schedules of `team`'s rotations; fills `ctx.schedule_of`.
pub(super) fn schedules(ctx: &mut Ctx, team: &Team) -> Vec<Block> {
    let mut blocks = Vec::new();
    for rot in &team.rotations {
        for shadow in &rot.shadow {
            let message = format!(
                "`{}` shadows rotation `{}`, and PagerDuty schedules have no shadows: left out",
                shadow.value, rot.id.value
            );
            ctx.note(&team.file, shadow.span, message);
        }
        if let Some(block) = schedule(ctx, team, rot) {
            blocks.push(block);
        }
        overrides(ctx, team, rot);
    }
    blocks
}

/// Notes each override of `rot`: the provider has no resource for schedule overrides
/// (PagerDuty/terraform-provider-pagerduty issue 112 asks for one), and one written
/// into the layers would change the schedule for good.
fn overrides(ctx: &mut Ctx, team: &Team, rot: &Rotation) {
    for o in &rot.overrides {
        let message = format!(
            "`{}` covering rotation `{}` from {} to {} ({}): the PagerDuty Terraform provider has no schedule overrides; add it in PagerDuty (the schedule's \"Schedule an Override\") or through its REST API; left out",
            o.member.value,
            rot.id.value,
            o.start.strftime("%Y-%m-%d %H:%M"),
            o.end.strftime("%Y-%m-%d %H:%M"),
            rot.time_zone
        );
        ctx.note(&team.file, o.span, message);
    }
}

/// One rotation's schedule, or `None` (with a note) when it cannot be written.
fn schedule(ctx: &mut Ctx, team: &Team, rot: &Rotation) -> Option<Block> {
    let users: Vec<String> = rot
        .members
        .iter()
        .filter_map(|m| ctx.users.get(&(team.id.clone(), m.value.clone())).cloned())
        .collect();
    let why_not = if users.is_empty() {
        Some("has no member with an e-mail, and a PagerDuty schedule needs at least one user")
    } else if ctx.schedules == Schedules::V2 && users.len() > MAX_V2_MEMBERS {
        Some("has more than 20 members, the most a v2 schedule rotation takes")
    } else if ctx.schedules == Schedules::V2
        && rot.coverage == Coverage::BusinessHours
        && !rot.turn_length_days.is_multiple_of(7)
    {
        Some(
            "covers business hours in turns that are not whole weeks, which a v2 rotation cannot repeat; export it with --schedules v1",
        )
    } else {
        None
    };
    let zone = TimeZone::get(&rot.time_zone).ok();
    let (Some(zone), None) = (zone, why_not) else {
        let why = why_not.unwrap_or("has an unknown time zone");
        let message = format!("rotation `{}` {why}: not exported", rot.id.value);
        ctx.note(&team.file, rot.id.span, message);
        return None;
    };
    let kind = match ctx.schedules {
        Schedules::V1 => "pagerduty_schedule",
        Schedules::V2 => "pagerduty_schedulev2",
    };
    let (name, plain) = ctx.names.claim(kind, &[&team.id, &rot.id.value]);
    if !plain {
        let message = format!(
            "rotation id `{}` gives the Terraform name of another rotation of this team: written as `{name}`",
            rot.id.value
        );
        ctx.note(&team.file, rot.id.span, message);
    }
    let head = Block::new("resource", &[kind, &name])
        .attr("name", Value::str(&rot.name))
        .attr("time_zone", Value::str(&rot.time_zone))
        .attr(
            "teams",
            Value::List(vec![Value::id_of(&ctx.team_address(&team.id))]),
        );
    let block = match ctx.schedules {
        Schedules::V1 => head.block(layer(rot, &zone, &users)),
        Schedules::V2 => {
            let event = event(ctx, team, rot, &zone, &users);
            head.block(Block::new("rotation", &[]).block(event))
        }
    };
    ctx.schedule_of.insert(
        (team.id.clone(), rot.id.value.clone()),
        format!("{kind}.{name}"),
    );
    ctx.counts.schedules += 1;
    Some(block)
}

/// The one layer of a v1 schedule.
fn layer(rot: &Rotation, zone: &TimeZone, users: &[String]) -> Block {
    let start = stamp(zone, rot.start);
    let mut layer = Block::new("layer", &[])
        .attr("name", Value::str(&rot.name))
        .attr("start", Value::str(&start))
        .attr("rotation_virtual_start", Value::str(&start))
        .attr(
            "rotation_turn_length_seconds",
            Value::Int(i64::from(rot.turn_length_days) * 86_400),
        )
        .attr(
            "users",
            Value::List(users.iter().map(|u| Value::id_of(u)).collect()),
        );
    if rot.coverage == Coverage::BusinessHours {
        for (i, day) in WORKING_DAYS.iter().enumerate() {
            let mut restriction = Block::new("restriction", &[])
                .attr("type", Value::str("weekly_restriction"))
                .attr("start_day_of_week", Value::Int(i64::from(*day)))
                .attr("start_time_of_day", Value::str(time_of_day(DAY_START)))
                .attr("duration_seconds", Value::Int(WORKING_SECONDS));
            if i == 0 {
                restriction = restriction.comment(business_hours_comment(rot));
            }
            layer = layer.block(restriction);
        }
    }
    layer
}

/// The one event of a v2 rotation.
fn event(ctx: &mut Ctx, team: &Team, rot: &Rotation, zone: &TimeZone, users: &[String]) -> Block {
    let days = i64::from(rot.turn_length_days);
    let (start, end, rrule, shifts) = match rot.coverage {
        Coverage::AllHours => (rot.start, add_days(rot.start, days), every(days, None), 1),
        Coverage::BusinessHours => {
            let first = first_working_day(rot.start);
            if rot.start > first.to_datetime(DAY_START) {
                let message = format!(
                    "rotation `{}` hands over at {} during business hours; a v2 shift cannot be split, so turns change at {} instead",
                    rot.id.value,
                    short_time(rot.start.time()),
                    short_time(DAY_START)
                );
                ctx.note(&team.file, rot.id.span, message);
            }
            (
                first.to_datetime(DAY_START),
                first.to_datetime(DAY_END),
                every(7, Some(RRULE_WORKING_DAYS)),
                days / 7 * WORKING_DAYS.len() as i64,
            )
        }
    };
    let mut strategy = Block::new("assignment_strategy", &[])
        .attr("type", Value::str("rotating_member_assignment_strategy"))
        .attr("shifts_per_member", Value::Int(shifts));
    for user in users {
        strategy = strategy.block(
            Block::new("member", &[])
                .attr("type", Value::str("user_member"))
                .attr("user_id", Value::id_of(user)),
        );
    }
    let mut event = Block::new("event", &[])
        .attr("name", Value::str(&rot.name))
        .attr("start_time", Value::str(stamp(zone, start)))
        .attr("end_time", Value::str(stamp(zone, end)))
        .attr("effective_since", Value::str(utc_stamp(zone, start)))
        .attr("recurrence", Value::List(vec![Value::str(rrule)]))
        .block(strategy);
    if rot.coverage == Coverage::BusinessHours {
        event = event.comment(business_hours_comment(rot));
    }
    event
}

/// An RRULE repeating every `days` days (as weeks when it can), on `by` days.
pub(super) fn every(days: i64, by: Option<&str>) -> String {
    let mut rule = if days % 7 == 0 {
        format!("RRULE:FREQ=WEEKLY;INTERVAL={}", days / 7)
    } else {
        format!("RRULE:FREQ=DAILY;INTERVAL={days}")
    };
    if let Some(by) = by {
        rule.push(';');
        rule.push_str(by);
    }
    rule
}

fn business_hours_comment(rot: &Rotation) -> String {
    format!(
        "business-hours: Monday to Friday, {} to {} in {}",
        short_time(DAY_START),
        short_time(DAY_END),
        rot.time_zone
    )
}

/// The date of the first working-day shift that ends after `start`.
fn first_working_day(start: LocalTime) -> jiff::civil::Date {
    let mut day = start.date();
    if start.time() >= DAY_END {
        day = day.tomorrow().unwrap_or(day);
    }
    while matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
        day = day.tomorrow().unwrap_or(day);
    }
    day
}

fn add_days(at: LocalTime, days: i64) -> LocalTime {
    at.checked_add(jiff::Span::new().days(days)).unwrap_or(at)
}

/// `at` in `zone` with its UTC offset: `2026-01-05T10:00:00+01:00`.
fn stamp(zone: &TimeZone, at: LocalTime) -> String {
    match at.to_zoned(zone.clone()) {
        Ok(z) => z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        Err(_) => at.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
    }
}

/// `at` in `zone` as UTC: `2026-01-05T09:00:00Z`.
fn utc_stamp(zone: &TimeZone, at: LocalTime) -> String {
    match at.to_zoned(zone.clone()) {
        Ok(z) => z.timestamp().strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        Err(_) => at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
    }
}

fn time_of_day(t: Time) -> String {
    t.strftime("%H:%M:%S").to_string()
}

fn short_time(t: Time) -> String {
    t.strftime("%H:%M").to_string()
}
