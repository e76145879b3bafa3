//! The `ownbook.dev/…` annotations that `ownbook export backstage` writes for fields
//! Backstage has no place for ([`crate::ownbook_annotations`]), read back into the
//! service or team. Values are checked before they reach a TOML file: dates must be
//! dates (they are written bare), lists and tables must be the JSON the export writes.
//! A value that fails is noted and left out.

use super::Ctx;
use super::entity::{Entity, Field, Pos};
use super::model::{Service, Team};
use crate::import::is_web_url;
use crate::ownbook_annotations::{self as ann, DependencyDetail, Roles};
use serde::de::DeserializeOwned;
use toml::value::Datetime;

/// Whether `key` is one of ours.
pub fn is_carried(key: &str) -> bool {
    key.starts_with(ann::PREFIX)
}

/// Reads one `ownbook.dev/…` annotation of a Component or Resource. The tier, the
/// type, the lifecycle and the dependency details are read where those are decided.
pub fn service_field(ctx: &mut Ctx, e: &Entity, f: &Field, v: &str, s: &mut Service) {
    let r = Reader { ctx, e, f, v };
    match f.key.as_str() {
        ann::TIER | ann::TYPE | ann::LIFECYCLE | ann::DEPENDS_ON => {}
        ann::REPOSITORY => s.repository = r.not_web(),
        ann::RUNBOOK => s.runbook = r.not_web(),
        ann::CHAT => s.chat = r.not_web(),
        ann::RUNBOOK_REVIEWED => s.runbook_reviewed = r.date(),
        ann::EMAIL => s.email = Some(v.to_string()),
        ann::ESCALATION_POLICY => s.escalation_policy = Some(v.to_string()),
        ann::REVIEWED => s.reviewed = r.date(),
        ann::REVIEW_EVERY => s.review_every = r.days(),
        ann::SUNSET => s.sunset = r.date(),
        ann::REPLACED_BY => s.replaced_by = Some(v.to_string()),
        ann::SLOS => s.slos = r.json().unwrap_or_default(),
        ann::SLA => s.sla = r.json(),
        _ => r.unknown(),
    }
}

/// Reads the `ownbook.dev/…` annotations of a Group; returns the members' roles if
/// the Group carries them.
pub fn team_fields(ctx: &mut Ctx, g: &Entity, t: &mut Team) -> Option<Roles> {
    let mut roles = None;
    for f in g.annotations.iter().filter(|f| is_carried(&f.key)) {
        let Some(v) = f.val.text().map(str::trim) else {
            continue;
        };
        let r = Reader {
            ctx: &mut *ctx,
            e: g,
            f,
            v,
        };
        match f.key.as_str() {
            ann::CHAT => t.chat = r.not_web(),
            ann::REVIEWED => t.reviewed = r.date(),
            ann::REVIEW_EVERY => t.review_every = r.days(),
            ann::ROLES => roles = r.json(),
            ann::ROTATIONS => {
                let rotations: Vec<ann::Rotation> = r.json().unwrap_or_default();
                t.rotations = rotations
                    .into_iter()
                    .filter_map(|rot| local_start(ctx, g, f.pos, rot))
                    .collect();
            }
            ann::ESCALATION_POLICIES => t.policies = r.json().unwrap_or_default(),
            ann::OVERRIDES => {
                let overrides: Vec<ann::Override> = r.json().unwrap_or_default();
                t.overrides = overrides
                    .into_iter()
                    .filter_map(|o| local_times(ctx, g, f.pos, o))
                    .collect();
            }
            _ => r.unknown(),
        }
    }
    roles
}

/// `critical` and `note` of the dependencies listed in `ownbook.dev/depends-on`.
pub fn dependency_details(ctx: &mut Ctx, e: &Entity, s: &mut Service) {
    let Some(f) = e.annotations.iter().find(|f| f.key == ann::DEPENDS_ON) else {
        return;
    };
    let Some(v) = f.val.text() else { return };
    let r = Reader {
        ctx: &mut *ctx,
        e,
        f,
        v,
    };
    let details: Vec<DependencyDetail> = r.json().unwrap_or_default();
    for d in details {
        match s.depends_on.iter_mut().find(|dep| dep.service == d.service) {
            Some(dep) => {
                dep.critical = d.critical;
                dep.note = d.note;
            }
            None => ctx.notes.push(e.note(
                f.pos,
                format!(
                    "`{}` names `{}`, which is not in `spec.dependsOn`; left out",
                    ann::DEPENDS_ON,
                    d.service
                ),
            )),
        }
    }
}

/// The lifecycle of a Resource from `ownbook.dev/lifecycle`, if it is one of ownbook's.
pub fn resource_lifecycle(ctx: &mut Ctx, e: &Entity) -> Option<String> {
    let f = e.annotations.iter().find(|f| f.key == ann::LIFECYCLE)?;
    let v = f.val.text()?.trim();
    if crate::catalog::model::Lifecycle::parse(v).is_some() {
        Some(v.to_string())
    } else {
        ctx.notes.push(e.note(
            f.pos,
            format!("`{}: {v}` is not an ownbook lifecycle", ann::LIFECYCLE),
        ));
        None
    }
}

/// A rotation whose start is a TOML local date-time, else noted and dropped.
fn local_start(ctx: &mut Ctx, e: &Entity, pos: Pos, mut r: ann::Rotation) -> Option<ann::Rotation> {
    match r.rotation_virtual_start.parse::<Datetime>() {
        Ok(d) if d.date.is_some() && d.time.is_some() && d.offset.is_none() => {
            r.rotation_virtual_start = d.to_string();
            Some(r)
        }
        _ => {
            ctx.notes.push(e.note(pos, format!("rotation `{}`: `{}` is not a local date and time (like 2026-01-05T09:00:00); the rotation is left out", r.id, r.rotation_virtual_start)));
            None
        }
    }
}

/// An override whose start and end are TOML local date-times, else noted and dropped.
fn local_times(ctx: &mut Ctx, e: &Entity, pos: Pos, mut o: ann::Override) -> Option<ann::Override> {
    let local = |v: &str| match v.parse::<Datetime>() {
        Ok(d) if d.date.is_some() && d.time.is_some() && d.offset.is_none() => Some(d.to_string()),
        _ => None,
    };
    match (local(&o.start), local(&o.end)) {
        (Some(start), Some(end)) => {
            (o.start, o.end) = (start, end);
            Some(o)
        }
        _ => {
            ctx.notes.push(e.note(pos, format!("override of rotation `{}` by `{}`: `{}` to `{}` are not local dates and times (like 2026-01-05T09:00:00); the override is left out", o.rotation, o.member, o.start, o.end)));
            None
        }
    }
}

/// One annotation being read, for the checks and their notes.
struct Reader<'a, 'c, 'e> {
    ctx: &'a mut Ctx<'c>,
    e: &'e Entity,
    f: &'e Field,
    v: &'e str,
}

impl Reader<'_, '_, '_> {
    fn fail(self, what: &str) {
        let msg = format!("`{}: {}` is not {what}; left out", self.f.key, self.v);
        self.ctx.notes.push(self.e.note(self.f.pos, msg));
    }

    fn unknown(self) {
        let msg = format!(
            "annotation `{}` is not one ownbook knows; left out",
            self.f.key
        );
        self.ctx.notes.push(self.e.note(self.f.pos, msg));
    }

    /// `YYYY-MM-DD`, as a TOML date.
    fn date(self) -> Option<String> {
        match self.v.parse::<Datetime>() {
            Ok(d) if d.date.is_some() && d.time.is_none() && d.offset.is_none() => {
                Some(d.to_string())
            }
            _ => {
                self.fail("a date like 2026-10-02");
                None
            }
        }
    }

    fn days(self) -> Option<u32> {
        match self.v.parse::<u32>() {
            Ok(d) if d > 0 => Some(d),
            _ => {
                self.fail("a number of days");
                None
            }
        }
    }

    /// A value of a URL field that is not a web address (a handbook path, a channel
    /// name): anything with a scheme other than http(s) or mailto is refused.
    fn not_web(self) -> Option<String> {
        if is_web_url(self.v) || !self.v.contains(':') {
            Some(self.v.to_string())
        } else {
            self.fail("a web address, a handbook path or a channel name");
            None
        }
    }

    fn json<T: DeserializeOwned>(self) -> Option<T> {
        match serde_json::from_str(self.v) {
            Ok(v) => Some(v),
            Err(err) => {
                let msg = format!(
                    "`{}` is not what ownbook writes there ({err}); left out",
                    self.f.key
                );
                self.ctx.notes.push(self.e.note(self.f.pos, msg));
                None
            }
        }
    }
}
