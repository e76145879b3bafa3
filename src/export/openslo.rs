//! `ownbook export openslo`: OpenSLO v1 documents, one file per service with SLOs
//! (`<service-id>.yaml`): a `Service` document, then an `SLO` document for each
//! `[[slos]]` entry.
//!
//! Spec: https://github.com/OpenSLO/OpenSLO (v1, `apiVersion: openslo/v1`), checked in
//! the tests against the JSON Schema the project publishes (`schemas/v1`).
//!
//! The catalog describes each SLI in words; it has no query. OpenSLO wants a metric
//! (an indicator's spec holds a `thresholdMetric` or a `ratioMetric`, each with a
//! `metricSource`), so each SLO carries an inline indicator whose `description` is the
//! catalog's SLI and whose `thresholdMetric.metricSource` has the type `Unspecified`
//! and an empty spec: valid, and plainly a placeholder to replace with a real query,
//! rather than an invented one. Objectives are ratios (`0.999` for 99.9%), counted
//! over occurrences; a window like `28d` is rolling, `calendar month` is a calendar
//! window. OpenSLO has no SLA: the `[sla]` is a note.

use super::source::{Locator, Step};
use super::yaml::{self, Map, Value};
use super::{Options, Outcome};
use crate::catalog::model::{Objective, Service};
use crate::diag::{Diagnostic, Fatal};
use crate::plan::Plan;
use std::collections::BTreeSet;

/// Longest `description` the schema allows.
const MAX_DESCRIPTION: usize = 1050;
/// Longest name: metadata names follow DNS labels (RFC 1123).
const MAX_NAME: usize = 63;
/// Where calendar windows start: midnight UTC on a Monday that also begins a year,
/// so weeks, months, quarters and years all line up with it.
const CALENDAR_START: &str = "2024-01-01 00:00:00";
const CALENDAR_ZONE: &str = "Etc/UTC";
/// The metric source type of an indicator that has only a description.
const UNSPECIFIED_SOURCE: &str = "Unspecified";

/// Exports the SLOs of `opts.root` into `opts.out`.
pub fn export(opts: &Options) -> Result<Outcome, Fatal> {
    let (site, _) = super::load(&opts.root)?;
    let org = &site.config.organization;
    let mut plan = Plan::default();
    let mut notes = Vec::new();
    let (mut slos, mut services) = (0, 0);
    for s in &site.catalog.services {
        let at = Locator::new(s);
        if let Some(sla) = &s.sla {
            notes.push(at.note(
                &[Step::Key("sla")],
                format!(
                    "OpenSLO has no SLA kind: the SLA ({}%, {}) is not exported",
                    sla.objective, sla.window
                ),
            ));
        }
        let docs = slo_documents(s, &at, org, &mut notes);
        if docs.is_empty() {
            continue;
        }
        slos += docs.len();
        services += 1;
        let mut all = vec![service_document(s, &at, org, &mut notes)];
        all.extend(docs);
        plan.add(format!("{}.yaml", s.id), file_text(s, &all));
    }
    let summary = format!(
        "{slos} SLO{} of {services} service{}",
        if slos == 1 { "" } else { "s" },
        if services == 1 { "" } else { "s" }
    );
    super::write("openslo", &plan, opts, summary, notes)
}

fn file_text(s: &Service, docs: &[Value]) -> String {
    let source = format!("from {}: edit that file and export again.", s.file.display);
    yaml::stream(
        &[
            &format!(
                "OpenSLO v1 documents for `{}`, written by `ownbook export openslo`",
                s.id
            ),
            &source,
            "Each indicator holds the catalog's SLI as its description; its metricSource",
            &format!(
                "(type {UNSPECIFIED_SOURCE}) needs a real query before an SLO tool can compute it."
            ),
            "Spec: https://github.com/OpenSLO/OpenSLO",
        ],
        docs,
    )
}

fn header(kind: &str, name: &str, display: &str) -> Map {
    Map::new()
        .with("apiVersion", Value::str("openslo/v1"))
        .with("kind", Value::str(kind))
        .with("metadata", metadata(name, display))
}

/// `name` and, unless it is blank (the schema wants one character at least),
/// `displayName`.
fn metadata(name: &str, display: &str) -> Value {
    let mut m = Map::new().with("name", Value::str(name));
    m.push_some("displayName", non_blank(display));
    m.build()
}

fn non_blank(text: &str) -> Option<Value> {
    (!text.trim().is_empty()).then(|| Value::str(text))
}

fn service_document(s: &Service, at: &Locator, org: &str, notes: &mut Vec<Diagnostic>) -> Value {
    let description = crate::text::replace_org(&s.description, org);
    let description = fit(
        &description,
        || at.note(&[Step::Key("description")], too_long("service description")),
        notes,
    );
    header("Service", &dns_label(&s.id), &s.name)
        .with(
            "spec",
            Map::new()
                .with("description", Value::Str(description))
                .build(),
        )
        .build()
}

/// The SLO documents of a service; an objective OpenSLO cannot express is a note.
fn slo_documents(s: &Service, at: &Locator, org: &str, notes: &mut Vec<Diagnostic>) -> Vec<Value> {
    let mut used = BTreeSet::new();
    let mut docs = Vec::new();
    for (i, slo) in s.slos.iter().enumerate() {
        let path = |key| [Step::Key("slos"), Step::Index(i), Step::Key(key)];
        let Some(target) = ratio(slo.objective) else {
            notes.push(at.note(
                &path("objective"),
                format!(
                    "OpenSLO targets are below 100%: the {}% objective of `{}` is not exported",
                    slo.objective, slo.name
                ),
            ));
            continue;
        };
        let name = unique(dns_label(&format!("{}-{}", s.id, slo.name)), &mut used);
        let sli = crate::text::replace_org(&slo.description, org);
        let sli = fit(&sli, || at.note(&path("sli"), too_long("SLI")), notes);
        let mut spec = Map::new()
            .with("description", Value::str(&sli))
            .with("service", Value::Str(dns_label(&s.id)))
            .with("indicator", indicator(&name, slo, &sli));
        match time_window(&slo.window) {
            Some((window, calendar)) => {
                if calendar {
                    notes.push(at.note(
                        &path("window"),
                        format!("the catalog gives no time zone: the `{}` window is exported aligned to {CALENDAR_ZONE}", slo.window),
                    ));
                }
                spec.push("timeWindow", Value::Seq(vec![window]));
            }
            None => notes.push(at.note(
                &path("window"),
                format!("`{}` is not a window OpenSLO can express (like `28d` or `calendar month`): the SLO is exported without its window", slo.window),
            )),
        }
        spec.push("budgetingMethod", Value::str("Occurrences"));
        let mut objective = Map::new();
        objective.push_some("displayName", non_blank(&slo.name));
        objective.push("target", target);
        spec.push("objectives", Value::Seq(vec![objective.build()]));
        docs.push(
            header("SLO", &name, &slo.name)
                .with("spec", spec.build())
                .build(),
        );
    }
    docs
}

/// The inline indicator: the SLI in words, and a metric source to fill in.
fn indicator(name: &str, slo: &Objective, sli: &str) -> Value {
    let source = Map::new()
        .with("type", Value::str(UNSPECIFIED_SOURCE))
        .with("spec", Value::Map(Vec::new()))
        .build();
    Map::new()
        .with("metadata", metadata(name, &slo.name))
        .with(
            "spec",
            Map::new()
                .with("description", Value::str(sli))
                .with(
                    "thresholdMetric",
                    Map::new().with("metricSource", source).build(),
                )
                .build(),
        )
        .build()
}

/// `99.9` (percent) as the decimal `0.999`, shifted in text so that no float
/// rounding shows; `None` for 100% and above (OpenSLO targets are below 1).
pub fn ratio(percent: f64) -> Option<Value> {
    if !(percent > 0.0 && percent < 100.0) {
        return None;
    }
    let text = format!("{percent}");
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let digits = format!("{int}{frac}");
    // The decimal point moves two places left.
    let point = int.len() as isize - 2;
    let (whole, fraction) = if point <= 0 {
        (
            String::new(),
            format!("{}{digits}", "0".repeat(point.unsigned_abs())),
        )
    } else {
        let (w, f) = digits.split_at(point.unsigned_abs());
        (w.to_string(), f.to_string())
    };
    let whole = whole.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    if fraction.is_empty() {
        return Value::decimal(whole);
    }
    Value::decimal(&format!("{whole}.{fraction}"))
}

/// A catalog window as an OpenSLO `timeWindow` entry, and whether it is a calendar
/// window: the shorthand (`28d`, `1M`) or words (`28 days`, `rolling 4 weeks`) are
/// rolling windows; `calendar month` (week, quarter, year) is one calendar unit.
pub fn time_window(window: &str) -> Option<(Value, bool)> {
    let text = window.trim();
    if is_shorthand(text) {
        return Some((rolling(text.to_string()), false));
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    match words.as_slice() {
        ["calendar", unit] => {
            let duration = format!("1{}", unit_letter(unit)?);
            let calendar = Map::new()
                .with("startTime", Value::str(CALENDAR_START))
                .with("timeZone", Value::str(CALENDAR_ZONE))
                .build();
            let entry = Map::new()
                .with("duration", Value::Str(duration))
                .with("isRolling", Value::Bool(false))
                .with("calendar", calendar)
                .build();
            Some((entry, true))
        }
        ["rolling", count, unit] | [count, unit] => {
            let n: u32 = count.parse().ok().filter(|n| *n > 0)?;
            Some((rolling(format!("{n}{}", unit_letter(unit)?)), false))
        }
        _ => None,
    }
}

fn rolling(duration: String) -> Value {
    Map::new()
        .with("duration", Value::Str(duration))
        .with("isRolling", Value::Bool(true))
        .build()
}

/// OpenSLO's duration shorthand: a positive integer and one of `mhdwMQY`.
fn is_shorthand(text: &str) -> bool {
    let Some(unit) = text.chars().last() else {
        return false;
    };
    let number = &text[..text.len() - unit.len_utf8()];
    "mhdwMQY".contains(unit)
        && number.starts_with(|c: char| ('1'..='9').contains(&c))
        && number.chars().all(|c| c.is_ascii_digit())
}

fn unit_letter(word: &str) -> Option<char> {
    Some(match word.strip_suffix('s').unwrap_or(word) {
        "minute" => 'm',
        "hour" => 'h',
        "day" => 'd',
        "week" => 'w',
        "month" => 'M',
        "quarter" => 'Q',
        "year" => 'Y',
        _ => return None,
    })
}

/// A DNS label (RFC 1123) from free text: lowercase ASCII letters, digits and `-`,
/// at most 63 characters; a longer one ends with a hash of the whole, so that two
/// long names stay apart.
pub fn dns_label(text: &str) -> String {
    let mut label = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            label.push(c.to_ascii_lowercase());
        } else if !label.is_empty() && !label.ends_with('-') {
            label.push('-');
        }
    }
    let label = label.trim_end_matches('-');
    if label.is_empty() {
        return "slo".into();
    }
    if label.len() <= MAX_NAME {
        return label.to_string();
    }
    let hash = format!("{:08x}", fnv1a(label.as_bytes()) as u32);
    let head = label[..MAX_NAME - hash.len() - 1].trim_end_matches('-');
    format!("{head}-{hash}")
}

/// `name`, or `name-2`, `name-3`… when a service has two SLOs of the same name.
fn unique(name: String, used: &mut BTreeSet<String>) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while used.contains(&candidate) {
        let suffix = format!("-{n}");
        let head = &name[..name.len().min(MAX_NAME - suffix.len())];
        candidate = format!("{}{suffix}", head.trim_end_matches('-'));
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `text` cut to the schema's longest description (with `…`), noting the cut.
fn fit(text: &str, note: impl FnOnce() -> Diagnostic, notes: &mut Vec<Diagnostic>) -> String {
    if text.chars().count() <= MAX_DESCRIPTION {
        return text.to_string();
    }
    notes.push(note());
    let mut cut: String = text.chars().take(MAX_DESCRIPTION - 1).collect();
    cut.push('…');
    cut
}

fn too_long(what: &str) -> String {
    format!("OpenSLO descriptions hold {MAX_DESCRIPTION} characters: the {what} is cut there")
}
