//! Reading one service file: required keys, tier and lifecycle, URLs, dates, SLOs and
//! the SLA, dependencies, and the rule that only sunsetting services carry a sunset.

use super::fields::{Reporter, date_field, days_field, email_field, head_span, span, url_field};
use super::raw::{RawLink, RawService};
use crate::catalog::model::*;
use crate::catalog::values::{self, UrlKind};
use toml::Spanned;

/// Converts a parsed service file into the model, reporting bad values.
pub fn service(
    rep: &mut Reporter,
    id: String,
    file: SourceFile,
    raw: RawService,
    prose: Option<Prose>,
) -> Service {
    let head = head_span(&file.text);
    let name = match raw.name {
        Some(n) => n.into_inner(),
        None => {
            rep.missing(&file, head, "name", "name = \"Checkout API\"");
            id.clone()
        }
    };
    let description = match raw.description {
        Some(d) => d.into_inner(),
        None => {
            rep.missing(
                &file,
                head,
                "description",
                "description = \"What it does, for whom.\"",
            );
            String::new()
        }
    };
    let tiers = rep.settings.tier_count();
    let tier = match raw.tier {
        Some(t) => match u32::try_from(*t.get_ref())
            .ok()
            .filter(|v| (1..=tiers).contains(v))
        {
            Some(v) => Loc::new(v, t.span()),
            None => {
                rep.report(
                    &file,
                    span(&t),
                    (
                        "invalid-value",
                        format!("tier {} does not exist", t.get_ref()),
                        format!("tiers are 1 to {tiers} (1 is the most critical)"),
                    ),
                );
                Loc::new(tiers, t.span())
            }
        },
        None => {
            rep.missing(&file, head, "tier", "tier = 2");
            Loc::new(tiers, 0..0)
        }
    };
    let lifecycle =
        match raw.lifecycle {
            Some(l) => {
                match Lifecycle::parse(l.get_ref()) {
                    Some(v) => Loc::new(v, l.span()),
                    None => {
                        rep.report(&file, span(&l), (
                    "invalid-value",
                    format!("`{}` is not a lifecycle stage", l.get_ref()),
                    "write one of design, pre-production, production, deprecated, retired".into(),
                ));
                        Loc::new(Lifecycle::Design, l.span())
                    }
                }
            }
            None => {
                rep.missing(&file, head, "lifecycle", "lifecycle = \"production\"");
                Loc::new(Lifecycle::Design, 0..0)
            }
        };
    let owner = raw.owner.map(|o| Loc::new(o.get_ref().clone(), o.span()));
    let sunset = date_field(rep, &file, raw.sunset);
    let replaced_by = raw
        .replaced_by
        .map(|r| Loc::new(r.get_ref().clone(), r.span()));
    if !lifecycle.value.is_sunsetting() {
        for (key, sp) in [
            ("sunset", sunset.as_ref().map(|s| s.span)),
            ("replaced_by", replaced_by.as_ref().map(|r| r.span)),
        ] {
            if let Some(sp) = sp {
                rep.report(&file, sp, (
                    "invalid-value",
                    format!("`{key}` is only for deprecated or retired services, and this one is {}", lifecycle.value.as_str()),
                    "set lifecycle = \"deprecated\" or remove the key".into(),
                ));
            }
        }
    }
    let mut objectives = |list: Vec<(String, Spanned<f64>, String, String)>| {
        list.into_iter()
            .filter_map(|(name, obj, window, description)| {
                let value = values::check_objective(*obj.get_ref())
                    .map_err(|p| rep.report(&file, span(&obj), p))
                    .ok()?;
                Some(Objective {
                    name,
                    objective: value,
                    window,
                    description,
                })
            })
            .collect::<Vec<_>>()
    };
    let slos = objectives(
        raw.slos
            .into_iter()
            .map(|s| {
                let s = s.into_inner();
                (s.name, s.objective, s.window, s.sli)
            })
            .collect(),
    );
    let sla = objectives(
        raw.sla
            .into_iter()
            .map(|s| {
                let s = s.into_inner();
                ("SLA".to_string(), s.objective, s.window, s.description)
            })
            .collect(),
    )
    .pop();
    let named = |rep: &mut Reporter, list: Vec<RawLink>| {
        list.into_iter()
            .filter_map(|l| {
                let url = url_field(rep, &file, Some(l.url), UrlKind::Link)?;
                Some(NamedLink { name: l.name, url })
            })
            .collect::<Vec<_>>()
    };
    let dashboards = named(rep, raw.dashboards);
    let links = named(rep, raw.links);
    Service {
        repository: url_field(rep, &file, raw.repository, UrlKind::Link),
        runbook: url_field(rep, &file, raw.runbook, UrlKind::Link),
        runbook_reviewed: date_field(rep, &file, raw.runbook_reviewed),
        chat: url_field(rep, &file, raw.chat, UrlKind::Chat),
        email: email_field(rep, &file, raw.email),
        reviewed: date_field(rep, &file, raw.reviewed).map(|d| d.value),
        review_every: days_field(rep, &file, raw.review_every),
        escalation_policy: raw
            .escalation_policy
            .map(|p| Loc::new(p.get_ref().clone(), p.span())),
        depends_on: raw
            .depends_on
            .into_iter()
            .map(|d| Dependency {
                service: Loc::new(d.service.get_ref().clone(), d.service.span()),
                critical: d.critical,
                note: d.note,
            })
            .collect(),
        id,
        head,
        name,
        description,
        owner,
        tier,
        lifecycle,
        kind: raw.kind,
        tags: raw.tags,
        system: raw.system,
        sunset: sunset.map(|s| s.value),
        replaced_by,
        dashboards,
        links,
        slos,
        sla,
        prose,
        file,
    }
}
