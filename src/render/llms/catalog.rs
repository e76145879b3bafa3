//! The catalog's entries as Markdown: `services/<id>.md` and `teams/<id>.md`, beside
//! their pages. What the pages show that does not change with the build date (who is
//! on call right now does): the facts of the entry, its escalation policy as a table,
//! dependencies, service levels and links, and the service's prose.

use super::text::{self, Text};
use super::{Urls, heading, markdown_path, one_line};
use crate::catalog::model::{Href, NamedLink, Objective, Policy, Service, Team, UrlField};
use crate::catalog::{service_url, team_url};
use crate::output::OutputFile;
use crate::render::Ctx;
use crate::text::escape_markdown;
use rayon::prelude::*;

/// The Markdown of every service and team.
pub fn files(cx: &Ctx, urls: &Urls) -> Vec<OutputFile> {
    let c = &cx.site.catalog;
    let mut files: Vec<OutputFile> = (0..c.services.len())
        .into_par_iter()
        .map(|i| {
            let path = markdown_path(&service_url(&c.services[i].id));
            OutputFile::text(path, service(cx, urls, i))
        })
        .collect();
    files.extend(c.teams.iter().map(|t| {
        let path = markdown_path(&team_url(&t.id));
        OutputFile::text(path, team(cx, urls, t))
    }));
    files
}

/// `[name](url)` for a catalog entry's page folder.
fn entry_link(urls: &Urls, name: &str, folder: &str) -> String {
    format!("[{}]({})", escape_markdown(name), urls.markdown(folder))
}

/// A description from a catalog file as Markdown (its links written like the pages').
fn description(cx: &Ctx, urls: &Urls, md: &str, dir: &str) -> String {
    let text = Text {
        body: md,
        source_dir: dir,
        shortcodes: false,
    };
    one_line(&text::export(cx, urls, &text))
}

fn service(cx: &Ctx, urls: &Urls, i: usize) -> String {
    let c = &cx.site.catalog;
    let s = &c.services[i];
    let mut md = heading(&s.name, "");
    let about = description(
        cx,
        urls,
        s.description_in(&cx.site.config.language),
        &s.file.dir,
    );
    if !about.is_empty() {
        md.push_str(&format!("> {about}\n\n"));
    }
    md.push_str(&facts(cx, urls, i));
    if let Some((team, policy)) = c.policy_of(s) {
        md.push_str("## Escalation\n\n");
        md.push_str(&policy_md(cx, urls, team, policy));
    }
    let deps = &cx.analysis.graph.deps[i];
    if !deps.is_empty() {
        md.push_str("## Depends on\n\n");
        for e in deps {
            let d = &c.services[e.to];
            md.push_str(&format!(
                "- {}",
                entry_link(urls, &d.name, &service_url(&d.id))
            ));
            if e.critical {
                md.push_str(" (critical)");
            }
            if let Some(note) = s.depends_on.get(e.entry).and_then(|d| d.note.as_deref()) {
                md.push_str(&format!(": {}", escape_markdown(&one_line(note))));
            }
            md.push('\n');
        }
        md.push('\n');
    }
    let used_by = &cx.analysis.graph.used_by[i];
    if !used_by.is_empty() {
        md.push_str("## Used by\n\n");
        for &u in used_by {
            let user = &c.services[u];
            let link = entry_link(urls, &user.name, &service_url(&user.id));
            md.push_str(&format!("- {link}\n"));
        }
        md.push('\n');
    }
    md.push_str(&objectives(&s.slos, s.sla.as_ref()));
    let links: Vec<&NamedLink> = s.dashboards.iter().chain(&s.links).collect();
    if !links.is_empty() {
        md.push_str("## Links\n\n");
        for l in links {
            md.push_str(&format!("- {}\n", url_md(cx, urls, &l.url, Some(&l.name))));
        }
        md.push('\n');
    }
    if let Some(p) = &s.prose {
        let prose = Text {
            body: &p.file.text[p.body_start..],
            source_dir: &s.file.dir,
            shortcodes: true,
        };
        let prose = text::export(cx, urls, &prose);
        let prose = prose.trim_start_matches(['\n', '\r']).trim_end();
        // Prose that opens with its own heading needs none from here.
        if !prose.starts_with('#') {
            md.push_str("## Notes\n\n");
        }
        md.push_str(prose);
        md.push_str("\n\n");
    }
    md.truncate(md.trim_end().len());
    md.push('\n');
    md
}

/// The list of what a service is and where to find things.
fn facts(cx: &Ctx, urls: &Urls, i: usize) -> String {
    let c = &cx.site.catalog;
    let s = &c.services[i];
    let mut items: Vec<(&str, String)> = Vec::new();
    let owner = match c.owner_team(s) {
        Some(t) => entry_link(urls, &t.name, &team_url(&t.id)),
        None => "none".to_string(),
    };
    items.push(("Owner", owner));
    items.push(("Tier", cx.settings().tier_label(s.tier.value)));
    items.push(("Lifecycle", s.lifecycle.value.as_str().to_string()));
    if let Some(sunset) = &s.sunset {
        items.push(("Sunset", escape_markdown(sunset)));
    }
    if let Some(r) = s.replaced_by.as_ref().and_then(|r| c.service(&r.value)) {
        items.push((
            "Replaced by",
            entry_link(urls, &r.name, &service_url(&r.id)),
        ));
    }
    let text = |v: &Option<String>| v.as_deref().map(escape_markdown);
    for (label, value) in [("Kind", text(&s.kind)), ("System", text(&s.system))] {
        if let Some(v) = value {
            items.push((label, v));
        }
    }
    if !s.tags.is_empty() {
        let tags: Vec<String> = s.tags.iter().map(|t| escape_markdown(t)).collect();
        items.push(("Tags", tags.join(", ")));
    }
    let url = |f: &Option<UrlField>| f.as_ref().map(|u| url_md(cx, urls, u, None));
    for (label, value) in [
        ("Repository", url(&s.repository)),
        ("Runbook", url(&s.runbook)),
        ("Chat", url(&s.chat)),
        ("E-mail", s.email.as_deref().map(email_md)),
    ] {
        if let Some(v) = value {
            items.push((label, v));
        }
    }
    if let Some(r) = &s.runbook_reviewed {
        items.push(("Runbook reviewed", r.value.clone()));
    }
    items.push(("Scorecard level", cx.analysis.level_name(cx.settings(), i)));
    if let Some(r) = &s.reviewed {
        items.push(("Entry reviewed", r.clone()));
    }
    fact_list(&items)
}

/// `- Label: value` lines, then a blank line.
fn fact_list(items: &[(&str, String)]) -> String {
    let mut md: String = items
        .iter()
        .map(|(label, value)| format!("- {label}: {value}\n"))
        .collect();
    md.push('\n');
    md
}

/// A URL field as a Markdown link, or its text when it is a channel name or a link
/// that does not resolve.
fn url_md(cx: &Ctx, urls: &Urls, field: &UrlField, label: Option<&str>) -> String {
    let text = escape_markdown(label.unwrap_or(&field.text));
    let url = match &field.href {
        Some(Href::External(url)) => Some(url.clone()),
        Some(Href::Internal {
            target, fragment, ..
        }) => cx.site.output_of(target).map(|(page, out)| {
            let frag = fragment
                .as_ref()
                .map(|f| format!("#{f}"))
                .unwrap_or_default();
            match page {
                Some(p) => format!("{}{frag}", urls.markdown(&cx.site.pages[p].url)),
                None => format!("{}{frag}", urls.file(&out)),
            }
        }),
        None => None,
    };
    match url {
        // A bare address reads best as itself.
        Some(url) if label.is_none() && field.text == url && url.starts_with("http") => {
            format!("<{}>", destination(&url))
        }
        Some(url) => format!("[{text}](<{}>)", destination(&url)),
        None => text,
    }
}

/// A URL from a catalog file as it can stand between `<` and `>`: the characters
/// that would end it or escape the next one are percent-encoded, as a browser would.
fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c => out.push(c),
        }
    }
    out
}

fn email_md(email: &str) -> String {
    format!("<{email}>")
}

/// Service levels as a table, and the SLA below it.
fn objectives(slos: &[Objective], sla: Option<&Objective>) -> String {
    if slos.is_empty() && sla.is_none() {
        return String::new();
    }
    let mut md = String::from("## Service levels\n\n");
    let row = |o: &Objective| {
        format!(
            "| {} | {}% | {} | {} |\n",
            escape_markdown(&o.name),
            o.objective,
            escape_markdown(&o.window),
            escape_markdown(&one_line(&o.description))
        )
    };
    if !slos.is_empty() {
        md.push_str("| Objective | Target | Window | Indicator |\n| --- | --- | --- | --- |\n");
        md.extend(slos.iter().map(row));
        md.push('\n');
    }
    if let Some(sla) = sla {
        md.push_str(&format!(
            "SLA: {}% over {}. {}\n\n",
            sla.objective,
            escape_markdown(&sla.window),
            escape_markdown(&one_line(&sla.description))
        ));
    }
    md
}

/// An escalation policy: who is paged at each level, when, and how often it repeats.
fn policy_md(cx: &Ctx, urls: &Urls, team: &Team, policy: &Policy) -> String {
    let c = &cx.site.catalog;
    let mut md = format!(
        "Escalation policy **{}** of {}.\n\n| Level | Paged at | Escalates after | Who |\n| --- | --- | --- | --- |\n",
        escape_markdown(&policy.name),
        entry_link(urls, &team.name, &team_url(&team.id)),
    );
    let mut minute = 0u32;
    for (level, rule) in policy.rules.iter().enumerate() {
        let who: Vec<String> = rule
            .targets
            .iter()
            .map(|t| {
                let id = &t.id.value;
                match t.kind {
                    crate::catalog::model::TargetKind::Rotation => {
                        let name = team.rotation(id).map_or(id.as_str(), |r| r.name.as_str());
                        format!("rotation {}", escape_markdown(name))
                    }
                    crate::catalog::model::TargetKind::User => {
                        let role = team.member(id).and_then(|m| m.role.as_deref());
                        let name = escape_markdown(&team.member_name(id));
                        match role {
                            Some(r) => format!("{name} ({})", escape_markdown(r)),
                            None => name,
                        }
                    }
                    crate::catalog::model::TargetKind::Team => match c.team(id) {
                        Some(x) => format!("team {}", entry_link(urls, &x.name, &team_url(&x.id))),
                        None => format!("team {}", escape_markdown(id)),
                    },
                }
            })
            .collect();
        md.push_str(&format!(
            "| {} | {minute} min | {} min | {} |\n",
            level + 1,
            rule.delay.value,
            who.join(", ")
        ));
        minute = minute.saturating_add(rule.delay.value);
    }
    md.push('\n');
    if policy.num_loops > 0 {
        let times = if policy.num_loops == 1 {
            "once"
        } else {
            "times"
        };
        let count = if policy.num_loops == 1 {
            String::new()
        } else {
            format!("{} ", policy.num_loops)
        };
        md.push_str(&format!(
            "After its last level the policy repeats {count}{times}.\n\n"
        ));
    }
    md
}

fn team(cx: &Ctx, urls: &Urls, t: &Team) -> String {
    let c = &cx.site.catalog;
    let mut md = heading(&t.name, "");
    let about = description(
        cx,
        urls,
        t.description_in(&cx.site.config.language),
        &t.file.dir,
    );
    if !about.is_empty() {
        md.push_str(&format!("> {about}\n\n"));
    }
    let mut items: Vec<(&str, String)> = Vec::new();
    if let Some(chat) = &t.chat {
        items.push(("Chat", url_md(cx, urls, chat, None)));
    }
    if let Some(email) = &t.email {
        items.push(("E-mail", email_md(email)));
    }
    if let Some(r) = &t.reviewed {
        items.push(("Entry reviewed", r.clone()));
    }
    if !items.is_empty() {
        md.push_str(&fact_list(&items));
    }
    let owned: Vec<&Service> = c
        .services
        .iter()
        .filter(|s| s.owner.as_ref().is_some_and(|o| o.value == t.id))
        .collect();
    if !owned.is_empty() {
        md.push_str("## Services\n\n");
        for s in owned {
            md.push_str(&format!(
                "- {}: tier {} · {}\n",
                entry_link(urls, &s.name, &service_url(&s.id)),
                s.tier.value,
                s.lifecycle.value.as_str()
            ));
        }
        md.push('\n');
    }
    md.push_str(&members(t));
    md.push_str(&rotations(t));
    for policy in &t.policies {
        md.push_str(&format!(
            "## Escalation: {}\n\n",
            escape_markdown(&policy.name)
        ));
        md.push_str(&policy_md(cx, urls, t, policy));
    }
    md.truncate(md.trim_end().len());
    md.push('\n');
    md
}

fn members(t: &Team) -> String {
    if t.members.is_empty() {
        return String::new();
    }
    let mut md = String::from("## Members\n\n| Name | Role | E-mail |\n| --- | --- | --- |\n");
    for m in &t.members {
        md.push_str(&format!(
            "| {} | {} | {} |\n",
            escape_markdown(&m.name),
            m.role.as_deref().map(escape_markdown).unwrap_or_default(),
            m.email.as_deref().map(email_md).unwrap_or_default(),
        ));
    }
    md.push('\n');
    md
}

fn rotations(t: &Team) -> String {
    if t.rotations.is_empty() {
        return String::new();
    }
    let mut md = String::from(
        "## Rotations\n\n| Rotation | Members, in turn | Turn | Time zone | Coverage | Starts |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    for r in &t.rotations {
        let names: Vec<String> = r
            .members
            .iter()
            .map(|m| escape_markdown(&t.member_name(&m.value)))
            .collect();
        let days = if r.turn_length_days == 1 {
            "day"
        } else {
            "days"
        };
        md.push_str(&format!(
            "| {} | {} | {} {days} | {} | {} | {} |\n",
            escape_markdown(&r.name),
            names.join(", "),
            r.turn_length_days,
            escape_markdown(&r.time_zone),
            r.coverage.as_str(),
            r.start.strftime("%Y-%m-%d %H:%M"),
        ));
    }
    md.push('\n');
    md
}
