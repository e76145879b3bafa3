//! Generated lists inside guide pages: `{{ services tier=1 }}`,
//! `{{ services lifecycle=deprecated,retired }}`, `{{ services owner=checkout tag=payments }}`
//! and `{{ teams }}`. Filters combine with "and"; a comma separates alternatives.
//! The same list is written as HTML for the page and as Markdown for its `.md`
//! version (`render::llms`).

use crate::catalog::Catalog;
use crate::catalog::model::{Lifecycle, Service, Team};
use crate::catalog::{service_url, team_url};
use crate::markdown::shortcode::Shortcode;
use crate::render::Ctx;
use crate::text::{escape_html, escape_markdown};
use crate::url::relative_url;

type Error = (String, String);

/// What a block shortcode lists.
enum Listing<'c> {
    Services(Vec<&'c Service>),
    Teams,
}

/// Expands a block shortcode into HTML for a page in `out_dir`.
pub fn expand(cx: &Ctx, sc: &Shortcode, out_dir: &str) -> Result<String, Error> {
    let c = &cx.site.catalog;
    let link = |folder: &str| escape_html(&relative_url(out_dir, folder));
    Ok(match select(cx, sc)? {
        Listing::Services(list) if list.is_empty() => {
            "<p class=\"catalog-list-empty\">No services match.</p>\n".into()
        }
        Listing::Services(list) => {
            let mut html = String::from("<ul class=\"catalog-list\">\n");
            for s in list {
                html.push_str(&service_item_html(c, s, &link));
            }
            html.push_str("</ul>\n");
            html
        }
        Listing::Teams if c.teams.is_empty() => {
            "<p class=\"catalog-list-empty\">No teams yet.</p>\n".into()
        }
        Listing::Teams => {
            let mut html = String::from("<ul class=\"catalog-list\">\n");
            for t in &c.teams {
                html.push_str(&format!(
                    "<li><a href=\"{}\">{}</a> <span class=\"catalog-meta\">{}</span></li>\n",
                    link(&team_url(&t.id)),
                    escape_html(&t.name),
                    team_counts(c, t),
                ));
            }
            html.push_str("</ul>\n");
            html
        }
    })
}

/// Expands a block shortcode into Markdown (a list, or a sentence when it lists
/// nothing). `link` gives the URL written for a catalog page's folder
/// (`services/<id>/`).
pub fn expand_markdown(
    cx: &Ctx,
    sc: &Shortcode,
    link: &dyn Fn(&str) -> String,
) -> Result<String, Error> {
    let c = &cx.site.catalog;
    let anchor =
        |name: &str, folder: &str| format!("[{}]({})", escape_markdown(name), link(folder));
    Ok(match select(cx, sc)? {
        Listing::Services(list) if list.is_empty() => "No services match.\n".into(),
        Listing::Services(list) => {
            let mut md = String::new();
            for s in list {
                let owner = c
                    .owner_team(s)
                    .map(|t| anchor(&t.name, &team_url(&t.id)))
                    .unwrap_or_else(|| "no owner".into());
                let mut meta = format!("{owner} · {}", tier_and_lifecycle(s));
                if let Some(r) = s.replaced_by.as_ref().and_then(|r| c.service(&r.value)) {
                    meta.push_str(" · replaced by ");
                    meta.push_str(&anchor(&r.name, &service_url(&r.id)));
                }
                if let Some(sunset) = &s.sunset {
                    meta.push_str(&format!(" · sunset {}", escape_markdown(sunset)));
                }
                let name = anchor(&s.name, &service_url(&s.id));
                md.push_str(&format!("- {name}: {meta}\n"));
            }
            md
        }
        Listing::Teams if c.teams.is_empty() => "No teams yet.\n".into(),
        Listing::Teams => c
            .teams
            .iter()
            .map(|t| {
                let name = anchor(&t.name, &team_url(&t.id));
                format!("- {name}: {}\n", team_counts(c, t))
            })
            .collect(),
    })
}

/// What a shortcode lists, or why it cannot be expanded.
fn select<'c>(cx: &Ctx<'c>, sc: &Shortcode) -> Result<Listing<'c>, Error> {
    match sc.name.as_str() {
        "services" => {
            let filter = Filter::parse(cx, sc)?;
            Ok(Listing::Services(
                cx.site
                    .catalog
                    .services
                    .iter()
                    .filter(|s| filter.matches(s))
                    .collect(),
            ))
        }
        "teams" => match sc.args.first() {
            Some((k, _)) => Err((
                format!("`{k}` is not a filter of {{{{ teams }}}}"),
                "write {{ teams }} alone".into(),
            )),
            None => Ok(Listing::Teams),
        },
        other => Err((
            format!("unknown shortcode `{other}`"),
            "the known shortcodes are {{ services ... }} and {{ teams }}".into(),
        )),
    }
}

/// The filters of `{{ services }}`; each one given must match.
#[derive(Default)]
struct Filter {
    tiers: Option<Vec<u32>>,
    lifecycles: Option<Vec<Lifecycle>>,
    owners: Option<Vec<String>>,
    tags: Option<Vec<String>>,
}

impl Filter {
    fn parse(cx: &Ctx, sc: &Shortcode) -> Result<Filter, Error> {
        let mut filter = Filter::default();
        for (key, value) in &sc.args {
            let values: Vec<&str> = value
                .split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .collect();
            match key.as_str() {
                "tier" => filter.tiers = Some(tiers(cx, &values)?),
                "lifecycle" => filter.lifecycles = Some(lifecycles(&values)?),
                "owner" => filter.owners = Some(owners(cx, &values)?),
                "tag" => filter.tags = Some(values.iter().map(|v| v.to_string()).collect()),
                other => {
                    return Err((
                        format!("`{other}` is not a filter of {{{{ services }}}}"),
                        "the filters are tier, lifecycle, owner and tag, e.g. {{ services tier=1 }}"
                            .into(),
                    ));
                }
            }
        }
        Ok(filter)
    }

    fn matches(&self, s: &Service) -> bool {
        self.tiers
            .as_ref()
            .is_none_or(|t| t.contains(&s.tier.value))
            && self
                .lifecycles
                .as_ref()
                .is_none_or(|l| l.contains(&s.lifecycle.value))
            && self
                .owners
                .as_ref()
                .is_none_or(|o| s.owner.as_ref().is_some_and(|x| o.contains(&x.value)))
            && self
                .tags
                .as_ref()
                .is_none_or(|t| s.tags.iter().any(|x| t.contains(x)))
    }
}

fn tiers(cx: &Ctx, values: &[&str]) -> Result<Vec<u32>, Error> {
    let count = cx.settings().tier_count();
    values
        .iter()
        .map(|v| match v.parse::<u32>() {
            Ok(t) if (1..=count).contains(&t) => Ok(t),
            _ => Err((
                format!("`{v}` is not a tier"),
                format!("tiers are 1 to {count}"),
            )),
        })
        .collect()
}

fn lifecycles(values: &[&str]) -> Result<Vec<Lifecycle>, Error> {
    values
        .iter()
        .map(|v| {
            Lifecycle::parse(v).ok_or_else(|| {
                (
                    format!("`{v}` is not a lifecycle stage"),
                    "stages are design, pre-production, production, deprecated, retired".into(),
                )
            })
        })
        .collect()
}

fn owners(cx: &Ctx, values: &[&str]) -> Result<Vec<String>, Error> {
    if let Some(v) = values.iter().find(|v| cx.site.catalog.team(v).is_none()) {
        return Err((
            format!("there is no team `{v}` in the catalog"),
            "owner= takes a team id, the name of a file in content/teams/".into(),
        ));
    }
    Ok(values.iter().map(|v| v.to_string()).collect())
}

/// "tier 1 · production".
fn tier_and_lifecycle(s: &Service) -> String {
    format!("tier {} · {}", s.tier.value, s.lifecycle.value.as_str())
}

/// "3 services · 5 members": what a team owns and how many people it has.
pub fn team_counts(c: &Catalog, t: &Team) -> String {
    let owned = c
        .services
        .iter()
        .filter(|s| s.owner.as_ref().is_some_and(|o| o.value == t.id))
        .count();
    let members = t.members.len();
    format!(
        "{owned} service{} · {members} member{}",
        if owned == 1 { "" } else { "s" },
        if members == 1 { "" } else { "s" },
    )
}

/// One service of the HTML list: its link, owner, tier, lifecycle, and what replaces
/// it. `link` gives the (escaped) URL of a catalog page's folder.
fn service_item_html(c: &Catalog, s: &Service, link: &dyn Fn(&str) -> String) -> String {
    let owner = c
        .owner_team(s)
        .map(|t| {
            format!(
                "<a href=\"{}\">{}</a>",
                link(&team_url(&t.id)),
                escape_html(&t.name)
            )
        })
        .unwrap_or_else(|| "no owner".into());
    let mut meta = format!("{owner} · {}", tier_and_lifecycle(s));
    if let Some(r) = s.replaced_by.as_ref().and_then(|r| c.service(&r.value)) {
        meta.push_str(&format!(
            " · replaced by <a href=\"{}\">{}</a>",
            link(&service_url(&r.id)),
            escape_html(&r.name)
        ));
    }
    if let Some(sunset) = &s.sunset {
        meta.push_str(&format!(" · sunset {}", escape_html(sunset)));
    }
    format!(
        "<li><a href=\"{}\">{}</a> <span class=\"catalog-meta\">{meta}</span></li>\n",
        link(&service_url(&s.id)),
        escape_html(&s.name)
    )
}
