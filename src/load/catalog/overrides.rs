//! `[[overrides]]` of a team file: a member covering one of the team's rotations for a
//! period, whoever was scheduled. Each override is checked against the team (its
//! rotation and member exist), its times (wall-clock times in the rotation's time
//! zone, end after start) and the overrides before it (one person covers a rotation
//! at a time), then attached to its rotation.

use super::fields::{Reporter, loc, note_by_language};
use super::raw::RawOverride;
use crate::catalog::model::*;
use crate::catalog::values;
use crate::diag::Position;
use toml::Spanned;
use toml::value::Datetime;

/// Checks `raw` and attaches each usable override to its rotation, sorted by start.
pub fn attach(
    rep: &mut Reporter,
    file: &SourceFile,
    raw: Vec<Spanned<RawOverride>>,
    members: &[Member],
    rotations: &mut [Rotation],
) {
    for o in raw {
        let o = o.into_inner();
        let Some(r) = rotations
            .iter()
            .position(|r| r.id.value == *o.rotation.get_ref())
        else {
            unknown_rotation(rep, file, &o.rotation, rotations);
            continue;
        };
        if !members.iter().any(|m| m.id.value == *o.member.get_ref()) {
            unknown_member(rep, file, &o.member, members);
        }
        let zone = rotations[r].time_zone.clone();
        let start = wall_clock(rep, file, &o.start, &zone);
        let end = wall_clock(rep, file, &o.end, &zone);
        let (Some(start), Some(end)) = (start, end) else {
            continue;
        };
        if end <= start {
            rep.report(
                file,
                o.end.span().into(),
                (
                    "invalid-value",
                    format!(
                        "the override ends at {}, not after its start at {}",
                        show(end),
                        show(start)
                    ),
                    "`end` is the first minute the member is no longer on call: write an end after `start`".into(),
                ),
            );
            continue;
        }
        let (note, note_variants) = note_by_language(rep, file, o.note);
        let candidate = Override {
            member: loc(o.member),
            start,
            end,
            note,
            note_variants,
            span: o.start.span().into(),
        };
        let rot = &mut rotations[r];
        if let Some(earlier) = rot
            .overrides
            .iter()
            .find(|e| e.start < candidate.end && candidate.start < e.end)
        {
            overlap(rep, file, &rot.id.value, &candidate, earlier);
            continue;
        }
        rot.overrides.push(candidate);
    }
    for rot in rotations {
        rot.overrides.sort_by_key(|o| o.start);
    }
}

/// "2027-03-22 10:00".
fn show(t: LocalTime) -> String {
    t.strftime("%Y-%m-%d %H:%M").to_string()
}

fn unknown_rotation(
    rep: &mut Reporter,
    file: &SourceFile,
    id: &Spanned<String>,
    rotations: &[Rotation],
) {
    let hint = crate::text::did_you_mean(
        id.get_ref(),
        rotations.iter().map(|r| r.id.value.as_str()),
        "an override names the id of one of this team's [[rotations]]",
    );
    rep.report(
        file,
        id.span().into(),
        (
            "unknown-escalation-target",
            format!(
                "the override's rotation `{}` is not a rotation of this team",
                id.get_ref()
            ),
            hint,
        ),
    );
}

fn unknown_member(rep: &mut Reporter, file: &SourceFile, id: &Spanned<String>, members: &[Member]) {
    let hint = crate::text::did_you_mean(
        id.get_ref(),
        members.iter().map(|m| m.id.value.as_str()),
        "the member who covers is an id from this team's [[members]]",
    );
    rep.report(
        file,
        id.span().into(),
        (
            "unknown-escalation-target",
            format!(
                "`{}` in an override is not a member of the team",
                id.get_ref()
            ),
            hint,
        ),
    );
}

/// Reports `later` (further down the file), naming the line of `earlier`.
fn overlap(
    rep: &mut Reporter,
    file: &SourceFile,
    rotation: &str,
    later: &Override,
    earlier: &Override,
) {
    let line = Position::of(&file.text, earlier.span.start).line;
    rep.report(
        file,
        later.span,
        (
            "overlapping-overrides",
            format!(
                "this override of `{rotation}` ({} to {}) overlaps the override on line {line} ({} to {}, `{}`)",
                show(later.start),
                show(later.end),
                show(earlier.start),
                show(earlier.end),
                earlier.member.value
            ),
            "one person covers a rotation at a time: shorten or merge the two; this one is ignored"
                .into(),
        ),
    );
}

/// A time of an override: a wall-clock time in the rotation's time zone `zone`, like
/// `rotation_virtual_start`. A time with an offset is refused with the wall-clock
/// time it stands for, so that the file keeps one way of writing times and a time in
/// the repeated hour of autumn is never guessed.
fn wall_clock(
    rep: &mut Reporter,
    file: &SourceFile,
    raw: &Spanned<Datetime>,
    zone: &str,
) -> Option<LocalTime> {
    let d = raw.get_ref();
    if d.offset.is_some() {
        let hint = match local_in(d, zone) {
            Some(local) => format!(
                "write {local}: the same instant in {zone}, the rotation's time zone, without an offset"
            ),
            None => {
                format!("write the time in {zone}, the rotation's time zone, without an offset")
            }
        };
        rep.report(
            file,
            raw.span().into(),
            (
                "invalid-value",
                format!("`{d}` has an offset; override times are wall-clock times of the rotation"),
                hint,
            ),
        );
        return None;
    }
    match values::local_time(d) {
        Ok(t) => Some(t),
        Err(p) => {
            rep.report(file, raw.span().into(), p);
            None
        }
    }
}

/// The wall-clock time in `zone` of a TOML datetime with an offset.
fn local_in(d: &Datetime, zone: &str) -> Option<String> {
    let instant: jiff::Timestamp = d.to_string().parse().ok()?;
    let tz = jiff::tz::TimeZone::get(zone).ok()?;
    Some(
        instant
            .to_zoned(tz)
            .strftime("%Y-%m-%dT%H:%M:%S")
            .to_string(),
    )
}
