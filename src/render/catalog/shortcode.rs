//! Generated lists inside guide pages: `{{ services tier=1 }}`,
//! `{{ services lifecycle=deprecated,retired }}`, `{{ services owner=checkout tag=payments }}`
//! and `{{ teams }}`. Filters combine with "and"; a comma separates alternatives.

use crate::catalog::model::{Lifecycle, Service};
use crate::catalog::{service_url, team_url};
use crate::markdown::shortcode::Shortcode;
use crate::render::Ctx;
use crate::text::escape_html;
use crate::url::relative_url;

type Error = (String, String);

/// Expands a block shortcode into HTML for a page in `out_dir`.
pub fn expand(cx: &Ctx, sc: &Shortcode, out_dir: &str) -> Result<String, Error> {
    match sc.name.as_str() {
        "services" => services(cx, sc, out_dir),
        "teams" => teams(cx, sc, out_dir),
        other => Err((
            format!("unknown shortcode `{other}`"),
            "the known shortcodes are {{ services ... }} and {{ teams }}".into(),
        )),
    }
}

fn services(cx: &Ctx, sc: &Shortcode, out_dir: &str) -> Result<String, Error> {
    let filter = Filter::parse(cx, sc)?;
    let matching: Vec<&Service> = cx
        .site
        .catalog
        .services
        .iter()
        .filter(|s| filter.matches(s))
        .collect();
    if matching.is_empty() {
        return Ok("<p class=\"catalog-list-empty\">No services match.</p>\n".into());
    }
    let mut html = String::from("<ul class=\"catalog-list\">\n");
    for s in matching {
        html.push_str(&service_item(cx, s, out_dir));
    }
    html.push_str("</ul>\n");
    Ok(html)
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

/// One service of the list: its link, owner, tier, lifecycle, and what replaces it.
fn service_item(cx: &Ctx, s: &Service, out_dir: &str) -> String {
    let c = &cx.site.catalog;
    let owner = c
        .owner_team(s)
        .map(|t| {
            format!(
                "<a href=\"{}\">{}</a>",
                escape_html(&relative_url(out_dir, &team_url(&t.id))),
                escape_html(&t.name)
            )
        })
        .unwrap_or_else(|| "no owner".into());
    let mut meta = format!(
        "{owner} · tier {} · {}",
        s.tier.value,
        s.lifecycle.value.as_str()
    );
    if let Some(r) = s.replaced_by.as_ref().and_then(|r| c.service(&r.value)) {
        meta.push_str(&format!(
            " · replaced by <a href=\"{}\">{}</a>",
            escape_html(&relative_url(out_dir, &service_url(&r.id))),
            escape_html(&r.name)
        ));
    }
    if let Some(sunset) = &s.sunset {
        meta.push_str(&format!(" · sunset {}", escape_html(sunset)));
    }
    format!(
        "<li><a href=\"{}\">{}</a> <span class=\"catalog-meta\">{meta}</span></li>\n",
        escape_html(&relative_url(out_dir, &service_url(&s.id))),
        escape_html(&s.name)
    )
}

fn teams(cx: &Ctx, sc: &Shortcode, out_dir: &str) -> Result<String, Error> {
    if let Some((k, _)) = sc.args.first() {
        return Err((
            format!("`{k}` is not a filter of {{{{ teams }}}}"),
            "write {{ teams }} alone".into(),
        ));
    }
    let c = &cx.site.catalog;
    if c.teams.is_empty() {
        return Ok("<p class=\"catalog-list-empty\">No teams yet.</p>\n".into());
    }
    let mut html = String::from("<ul class=\"catalog-list\">\n");
    for t in &c.teams {
        let owned = c
            .services
            .iter()
            .filter(|s| s.owner.as_ref().is_some_and(|o| o.value == t.id))
            .count();
        html.push_str(&format!(
            "<li><a href=\"{}\">{}</a> <span class=\"catalog-meta\">{owned} service{} · {} member{}</span></li>\n",
            escape_html(&relative_url(out_dir, &team_url(&t.id))),
            escape_html(&t.name),
            if owned == 1 { "" } else { "s" },
            t.members.len(),
            if t.members.len() == 1 { "" } else { "s" },
        ));
    }
    html.push_str("</ul>\n");
    Ok(html)
}
