//! Reading one service file: required keys, tier and lifecycle, URLs, dates, SLOs and
//! the SLA, dependencies, and the rule that only sunsetting services carry a sunset.

use super::fields::{
    Reporter, date_field, days_field, email_field, head_span, loc, note_by_language, span,
    text_by_language, url_field,
};
use super::raw::{RawDependency, RawLink, RawService, RawSla, RawSlo};
use crate::catalog::model::*;
use crate::catalog::values::{self, UrlKind};
use std::collections::BTreeMap;
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
    let name = required_text(
        rep,
        &file,
        head,
        raw.name,
        "name",
        "name = \"Checkout API\"",
    )
    .unwrap_or_else(|| id.clone());
    let (description, description_variants) = match raw.description {
        Some(text) => text_by_language(rep, &file, text, "description"),
        None => {
            let example = "description = \"What it does, for whom.\"";
            rep.missing(&file, head, "description", example);
            Default::default()
        }
    };
    let tier = tier(rep, &file, head, raw.tier);
    let lifecycle = lifecycle(rep, &file, head, raw.lifecycle);
    let owner = raw.owner.map(loc);
    let sunset = date_field(rep, &file, raw.sunset);
    let replaced_by = raw.replaced_by.map(loc);
    if !lifecycle.value.is_sunsetting() {
        report_sunset_keys(rep, &file, &lifecycle, &sunset, &replaced_by);
    }
    let slos = slos(rep, &file, raw.slos);
    let sla = sla(rep, &file, raw.sla);
    let dashboards = named_links(rep, &file, raw.dashboards);
    let links = named_links(rep, &file, raw.links);
    Service {
        repository: url_field(rep, &file, raw.repository, UrlKind::Link),
        runbook: url_field(rep, &file, raw.runbook, UrlKind::Link),
        runbook_reviewed: date_field(rep, &file, raw.runbook_reviewed),
        chat: url_field(rep, &file, raw.chat, UrlKind::Chat),
        email: email_field(rep, &file, raw.email),
        reviewed: date_field(rep, &file, raw.reviewed).map(|d| d.value),
        review_every: days_field(rep, &file, raw.review_every),
        escalation_policy: raw.escalation_policy.map(loc),
        depends_on: (raw.depends_on.into_iter())
            .map(|d| dependency(rep, &file, d))
            .collect(),
        id,
        head,
        name,
        description,
        description_variants,
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
        prose_variants: BTreeMap::new(),
        paths: code_paths(rep, &file, raw.paths),
        file,
    }
}

/// The CODEOWNERS patterns of `paths`; a bad one is reported and dropped.
fn code_paths(
    rep: &mut Reporter,
    file: &SourceFile,
    raw: Vec<Spanned<String>>,
) -> Vec<Loc<String>> {
    raw.into_iter()
        .filter_map(|p| match values::check_code_path(p.get_ref()) {
            Ok(path) => Some(Loc::new(path, p.span())),
            Err(problem) => {
                rep.report(file, span(&p), problem);
                None
            }
        })
        .collect()
}

/// A required text key; a missing one is reported at the file's first key, and the
/// caller supplies the stand-in.
fn required_text(
    rep: &mut Reporter,
    file: &SourceFile,
    head: Span,
    raw: Option<Spanned<String>>,
    key: &str,
    example: &str,
) -> Option<String> {
    match raw {
        Some(v) => Some(v.into_inner()),
        None => {
            rep.missing(file, head, key, example);
            None
        }
    }
}

/// The tier, 1 to the number of configured tiers; a bad or missing one counts as the
/// least critical tier.
fn tier(rep: &mut Reporter, file: &SourceFile, head: Span, raw: Option<Spanned<i64>>) -> Loc<u32> {
    let tiers = rep.settings.tier_count();
    let Some(t) = raw else {
        rep.missing(file, head, "tier", "tier = 2");
        return Loc::new(tiers, 0..0);
    };
    match u32::try_from(*t.get_ref())
        .ok()
        .filter(|v| (1..=tiers).contains(v))
    {
        Some(v) => Loc::new(v, t.span()),
        None => {
            rep.report(
                file,
                span(&t),
                (
                    "invalid-value",
                    format!("tier {} does not exist", t.get_ref()),
                    format!("tiers are 1 to {tiers} (1 is the most critical)"),
                ),
            );
            Loc::new(tiers, t.span())
        }
    }
}

/// The lifecycle stage; a bad or missing one counts as design.
fn lifecycle(
    rep: &mut Reporter,
    file: &SourceFile,
    head: Span,
    raw: Option<Spanned<String>>,
) -> Loc<Lifecycle> {
    let Some(l) = raw else {
        rep.missing(file, head, "lifecycle", "lifecycle = \"production\"");
        return Loc::new(Lifecycle::Design, 0..0);
    };
    match Lifecycle::parse(l.get_ref()) {
        Some(v) => Loc::new(v, l.span()),
        None => {
            rep.report(
                file,
                span(&l),
                (
                    "invalid-value",
                    format!("`{}` is not a lifecycle stage", l.get_ref()),
                    "write one of design, pre-production, production, deprecated, retired".into(),
                ),
            );
            Loc::new(Lifecycle::Design, l.span())
        }
    }
}

/// Reports `sunset` and `replaced_by` on a service that is not being sunset: they are
/// kept, but say something the lifecycle contradicts.
fn report_sunset_keys(
    rep: &mut Reporter,
    file: &SourceFile,
    lifecycle: &Loc<Lifecycle>,
    sunset: &Option<Loc<String>>,
    replaced_by: &Option<Loc<String>>,
) {
    for (key, sp) in [
        ("sunset", sunset.as_ref().map(|s| s.span)),
        ("replaced_by", replaced_by.as_ref().map(|r| r.span)),
    ] {
        if let Some(sp) = sp {
            rep.report(
                file,
                sp,
                (
                    "invalid-value",
                    format!(
                        "`{key}` is only for deprecated or retired services, and this one is {}",
                        lifecycle.value.as_str()
                    ),
                    "set lifecycle = \"deprecated\" or remove the key".into(),
                ),
            );
        }
    }
}

fn slos(rep: &mut Reporter, file: &SourceFile, raw: Vec<Spanned<RawSlo>>) -> Vec<Objective> {
    raw.into_iter()
        .filter_map(|s| {
            let s = s.into_inner();
            objective(rep, file, s.name, s.objective, s.window, s.sli)
        })
        .collect()
}

fn sla(rep: &mut Reporter, file: &SourceFile, raw: Option<Spanned<RawSla>>) -> Option<Objective> {
    let s = raw?.into_inner();
    objective(
        rep,
        file,
        "SLA".into(),
        s.objective,
        s.window,
        s.description,
    )
}

/// An SLO or the SLA; one whose objective is not a percentage is reported and dropped.
fn objective(
    rep: &mut Reporter,
    file: &SourceFile,
    name: String,
    objective: Spanned<f64>,
    window: String,
    description: String,
) -> Option<Objective> {
    let value = values::check_objective(*objective.get_ref())
        .map_err(|p| rep.report(file, span(&objective), p))
        .ok()?;
    Some(Objective {
        name,
        objective: value,
        window,
        description,
    })
}

/// Dashboards or links; one with a bad URL is reported and dropped.
fn named_links(rep: &mut Reporter, file: &SourceFile, raw: Vec<RawLink>) -> Vec<NamedLink> {
    raw.into_iter()
        .filter_map(|l| {
            let url = url_field(rep, file, Some(l.url), UrlKind::Link)?;
            Some(NamedLink { name: l.name, url })
        })
        .collect()
}

fn dependency(rep: &mut Reporter, file: &SourceFile, d: RawDependency) -> Dependency {
    let (note, note_variants) = note_by_language(rep, file, d.note);
    Dependency {
        service: loc(d.service),
        critical: d.critical,
        note,
        note_variants,
    }
}
