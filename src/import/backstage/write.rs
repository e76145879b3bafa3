//! Service and team files as TOML, in the schema's key order and the layout of the
//! bundled handbook: top-level keys first, then the tables, each after a blank line,
//! basic `"…"` strings. So a catalog written in that layout, exported to Backstage and
//! imported back, comes out byte for byte (comments do not travel).

use super::model::{Dependency, Service, Team};
use crate::import::{toml_str, toml_str_list};
use crate::ownbook_annotations::{Override, Policy, Rotation};
use std::fmt::Write as _;

/// A TOML float as written in catalog files: `99.9`, `99.0`.
fn float(v: f64) -> String {
    // Debug prints the shortest text that reads back as the same number, with `.0`
    // on whole numbers, which TOML needs to keep it a float.
    format!("{v:?}")
}

/// The service file.
pub fn service(s: &Service) -> String {
    let mut out = String::new();
    let mut kv = |k: &str, v: String| {
        let _ = writeln!(out, "{k} = {v}");
    };
    kv("name", toml_str(&s.name));
    kv("description", toml_str(&s.description));
    kv("owner", toml_str(&s.owner));
    kv("tier", s.tier.to_string());
    let text = |v: &Option<String>| v.as_deref().map(toml_str);
    let fields = [
        ("lifecycle", text(&s.lifecycle)),
        ("type", text(&s.kind)),
        ("tags", (!s.tags.is_empty()).then(|| toml_str_list(&s.tags))),
        ("system", text(&s.system)),
        ("repository", text(&s.repository)),
        ("runbook", text(&s.runbook)),
        // Dates are checked when read, and written bare as TOML dates.
        ("runbook_reviewed", s.runbook_reviewed.clone()),
        ("chat", text(&s.chat)),
        ("email", text(&s.email)),
        ("escalation_policy", text(&s.escalation_policy)),
        ("reviewed", s.reviewed.clone()),
        ("review_every", s.review_every.map(|d| d.to_string())),
        ("sunset", s.sunset.clone()),
        ("replaced_by", text(&s.replaced_by)),
        ("depends_on", dependencies(&s.depends_on)),
    ];
    for (k, v) in fields {
        if let Some(v) = v {
            kv(k, v);
        }
    }
    for (table, list) in [("dashboards", &s.dashboards), ("links", &s.links)] {
        for (name, url) in list {
            let _ = write!(
                out,
                "\n[[{table}]]\nname = {}\nurl = {}\n",
                toml_str(name),
                toml_str(url)
            );
        }
    }
    for slo in &s.slos {
        let _ = write!(
            out,
            "\n[[slos]]\nname = {}\nobjective = {}\nwindow = {}\nsli = {}\n",
            toml_str(&slo.name),
            float(slo.objective),
            toml_str(&slo.window),
            toml_str(&slo.sli)
        );
    }
    if let Some(sla) = &s.sla {
        let _ = write!(
            out,
            "\n[sla]\nobjective = {}\nwindow = {}\n",
            float(sla.objective),
            toml_str(&sla.window)
        );
        if !sla.description.is_empty() {
            let _ = writeln!(out, "description = {}", toml_str(&sla.description));
        }
    }
    out
}

/// `depends_on`: a list of ids when no entry has details; else inline tables, on
/// one line for a single entry and one per line for several.
fn dependencies(deps: &[Dependency]) -> Option<String> {
    if deps.is_empty() {
        return None;
    }
    if deps.iter().all(|d| !d.critical && d.note.is_none()) {
        let ids: Vec<String> = deps.iter().map(|d| d.service.clone()).collect();
        return Some(toml_str_list(&ids));
    }
    let tables: Vec<String> = deps.iter().map(inline_dependency).collect();
    Some(match tables.as_slice() {
        [one] => format!("[{one}]"),
        _ => format!("[\n  {},\n]", tables.join(",\n  ")),
    })
}

fn inline_dependency(d: &Dependency) -> String {
    let mut t = format!("{{ service = {}", toml_str(&d.service));
    if d.critical {
        t.push_str(", critical = true");
    }
    if let Some(note) = &d.note {
        let _ = write!(t, ", note = {}", toml_str(note));
    }
    t.push_str(" }");
    t
}

/// The team file.
pub fn team(t: &Team) -> String {
    let mut out = format!("name = {}\n", toml_str(&t.name));
    let text = |v: &Option<String>| v.as_deref().map(toml_str);
    let fields = [
        ("description", text(&t.description)),
        ("chat", text(&t.chat)),
        ("email", text(&t.email)),
        ("reviewed", t.reviewed.clone()),
        ("review_every", t.review_every.map(|d| d.to_string())),
    ];
    for (k, v) in fields {
        if let Some(v) = v {
            let _ = writeln!(out, "{k} = {v}");
        }
    }
    for m in &t.members {
        let _ = write!(
            out,
            "\n[[members]]\nid = {}\nname = {}\n",
            toml_str(&m.id),
            toml_str(&m.name)
        );
        if let Some(role) = &m.role {
            let _ = writeln!(out, "role = {}", toml_str(role));
        }
        if let Some(e) = &m.email {
            let _ = writeln!(out, "email = {}", toml_str(e));
        }
    }
    for r in &t.rotations {
        rotation(&mut out, r);
    }
    for o in &t.overrides {
        override_table(&mut out, o);
    }
    for p in &t.policies {
        policy(&mut out, p);
    }
    out
}

/// A rotation; its start was checked to be a local date-time when read.
fn rotation(out: &mut String, r: &Rotation) {
    let _ = write!(
        out,
        "\n[[rotations]]\nid = {}\nname = {}\nmembers = {}\nrotation_virtual_start = {}\nturn_length_days = {}\ntime_zone = {}\ncoverage = {}\n",
        toml_str(&r.id),
        toml_str(&r.name),
        toml_str_list(&r.members),
        r.rotation_virtual_start,
        r.turn_length_days,
        toml_str(&r.time_zone),
        toml_str(&r.coverage)
    );
    if !r.shadow.is_empty() {
        let _ = writeln!(out, "shadow = {}", toml_str_list(&r.shadow));
    }
}

/// An override; its times were checked to be local date-times when read.
fn override_table(out: &mut String, o: &Override) {
    let _ = write!(
        out,
        "\n[[overrides]]\nrotation = {}\nmember = {}\nstart = {}\nend = {}\n",
        toml_str(&o.rotation),
        toml_str(&o.member),
        o.start,
        o.end
    );
    if let Some(note) = &o.note {
        let _ = writeln!(out, "note = {}", toml_str(note));
    }
}

fn policy(out: &mut String, p: &Policy) {
    let _ = write!(
        out,
        "\n[[escalation_policies]]\nid = {}\nname = {}\nnum_loops = {}\n",
        toml_str(&p.id),
        toml_str(&p.name),
        p.num_loops
    );
    for rule in &p.escalation_rules {
        let targets: Vec<String> = rule
            .targets
            .iter()
            .map(|t| {
                format!(
                    "{{ type = {}, id = {} }}",
                    toml_str(&t.kind),
                    toml_str(&t.id)
                )
            })
            .collect();
        let _ = write!(
            out,
            "[[escalation_policies.escalation_rules]]\nescalation_delay_in_minutes = {}\ntargets = [{}]\n",
            rule.escalation_delay_in_minutes,
            targets.join(", ")
        );
    }
}
