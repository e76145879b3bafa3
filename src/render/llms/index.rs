//! `llms.txt` at the site root, in the format of the llms.txt proposal (llmstxt.org):
//! the site's title as the only H1, its description as a quote, a few sentences on how
//! to read the rest, then H2 sections of `- [name](url): notes` lists. The guide comes
//! first, one section per folder in the sidebar's order (or, for a large guide, links
//! to files that list it: `guide`); then the services (with
//! owner, tier and lifecycle), the teams, and under "Optional" the catalog's overview
//! pages and catalog.json, which a reader short of context may skip.

use super::{Urls, list_item, one_line};
use crate::catalog::{GRAPH_URL, SCORECARDS_URL, STALE_URL, service_url, team_url};
use crate::markdown::plain_text;
use crate::output::OutputFile;
use crate::render::Ctx;
use crate::render::catalog::shortcode::team_counts;
use crate::site::Site;
use crate::text::{escape_markdown, replace_org};

/// The output path of the index.
pub const PATH: &str = "llms.txt";

/// Builds `llms.txt`, and the files it lists a large guide in.
pub fn llms_txt(cx: &Ctx, urls: &Urls) -> Vec<OutputFile> {
    let site = cx.site;
    let c = &site.catalog;
    let mut md = format!("# {}\n\n", escape_markdown(&site.config.title));
    let summary = match one_line(&site.config.description) {
        d if d.is_empty() => site
            .pages
            .first()
            .map(|p| one_line(&p.description))
            .unwrap_or_default(),
        d => d,
    };
    if !summary.is_empty() {
        md.push_str(&format!("> {}\n\n", escape_markdown(&summary)));
    }
    md.push_str(&intro(site));
    let (guide, parts) = super::guide::guide(site, urls);
    md.push_str(&guide);
    if !c.is_empty() {
        md.push_str(&services(cx, urls));
        md.push_str(&teams(cx, urls));
        md.push_str(&optional(urls));
    }
    md.truncate(md.trim_end().len());
    md.push('\n');
    let mut files = vec![OutputFile::text(PATH, md)];
    files.extend(parts);
    files
}

/// What the handbook holds, and how its addresses work.
fn intro(site: &Site) -> String {
    let c = &site.catalog;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut md = format!(
        "This handbook has {}",
        plural(site.pages.len(), "guide page", "guide pages")
    );
    if !c.is_empty() {
        md.push_str(&format!(
            " and a service catalog of {} and {}",
            plural(c.services.len(), "service", "services"),
            plural(c.teams.len(), "team", "teams")
        ));
    }
    md.push_str(
        ". Each link below is a page's Markdown; the page's web address is the same with \
         `/` in place of `.md` (`index.md` is the home page).\n\n",
    );
    md
}

/// A catalog description as one line of plain text (`{{ org }}` replaced).
fn plain(cx: &Ctx, md: &str) -> String {
    let org = &cx.site.config.organization;
    replace_org(&plain_text(md), org).into_owned()
}

fn services(cx: &Ctx, urls: &Urls) -> String {
    let c = &cx.site.catalog;
    let mut md = String::from("## Services\n\n");
    for s in &c.services {
        let mut notes = plain(cx, s.description_in(&cx.site.config.language));
        if !notes.is_empty() && !notes.ends_with(['.', '!', '?']) {
            notes.push('.');
        }
        let owner = c.owner_team(s).map_or("none", |t| t.name.as_str());
        let tier = cx.settings().tier_label(s.tier.value).to_lowercase();
        notes.push_str(&format!(
            " Owner: {owner}; {tier}; {}",
            s.lifecycle.value.as_str()
        ));
        if let Some(sunset) = &s.sunset {
            notes.push_str(&format!(", sunset {sunset}"));
        }
        md.push_str(&list_item(
            &s.name,
            &urls.markdown(&service_url(&s.id)),
            &notes,
        ));
    }
    md.push('\n');
    md
}

fn teams(cx: &Ctx, urls: &Urls) -> String {
    let c = &cx.site.catalog;
    let mut md = String::from("## Teams\n\n");
    for t in &c.teams {
        let mut notes = plain(cx, t.description_in(&cx.site.config.language));
        if !notes.is_empty() && !notes.ends_with(['.', '!', '?']) {
            notes.push('.');
        }
        notes.push_str(&format!(" {}", team_counts(c, t)));
        md.push_str(&list_item(
            &t.name,
            &urls.markdown(&team_url(&t.id)),
            &notes,
        ));
    }
    md.push('\n');
    md
}

/// Pages and files a reader short of context may skip.
fn optional(urls: &Urls) -> String {
    let mut md = String::from("## Optional\n\n");
    for (name, path, notes) in [
        (
            "catalog.json",
            "catalog.json",
            "every service and team in one JSON file, with the field names of the catalog's TOML files",
        ),
        (
            "Dependency graph",
            GRAPH_URL,
            "which services depend on which (HTML)",
        ),
        (
            "Scorecards",
            SCORECARDS_URL,
            "how far each service meets the operational checks (HTML)",
        ),
        (
            "Overdue reviews",
            STALE_URL,
            "catalog entries and pages past their review date (HTML)",
        ),
    ] {
        md.push_str(&list_item(name, &urls.file(path), notes));
    }
    md
}
