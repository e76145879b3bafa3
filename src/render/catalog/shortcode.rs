//! Generated lists inside guide pages: `{{ services tier=1 }}`,
//! `{{ services lifecycle=deprecated,retired }}`, `{{ services owner=checkout tag=payments }}`
//! and `{{ teams }}`. Filters combine with "and"; a comma separates alternatives.

use crate::catalog::model::Lifecycle;
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
    let c = &cx.site.catalog;
    let mut tiers: Option<Vec<u32>> = None;
    let mut lifecycles: Option<Vec<Lifecycle>> = None;
    let mut owners: Option<Vec<String>> = None;
    let mut tags: Option<Vec<String>> = None;
    for (key, value) in &sc.args {
        let values: Vec<&str> = value
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect();
        match key.as_str() {
            "tier" => {
                let mut list = Vec::new();
                for v in &values {
                    match v.parse::<u32>() {
                        Ok(t) if (1..=cx.settings().tier_count()).contains(&t) => list.push(t),
                        _ => {
                            return Err((
                                format!("`{v}` is not a tier"),
                                format!("tiers are 1 to {}", cx.settings().tier_count()),
                            ));
                        }
                    }
                }
                tiers = Some(list);
            }
            "lifecycle" => {
                let mut list = Vec::new();
                for v in &values {
                    list.push(Lifecycle::parse(v).ok_or_else(|| {
                        (
                            format!("`{v}` is not a lifecycle stage"),
                            "stages are design, pre-production, production, deprecated, retired"
                                .to_string(),
                        )
                    })?);
                }
                lifecycles = Some(list);
            }
            "owner" => {
                for v in &values {
                    if c.team(v).is_none() {
                        return Err((
                            format!("there is no team `{v}` in the catalog"),
                            "owner= takes a team id, the name of a file in content/teams/".into(),
                        ));
                    }
                }
                owners = Some(values.iter().map(|v| v.to_string()).collect());
            }
            "tag" => tags = Some(values.iter().map(|v| v.to_string()).collect()),
            other => {
                return Err((
                    format!("`{other}` is not a filter of {{{{ services }}}}"),
                    "the filters are tier, lifecycle, owner and tag, e.g. {{ services tier=1 }}"
                        .into(),
                ));
            }
        }
    }
    let matching: Vec<&crate::catalog::model::Service> = c
        .services
        .iter()
        .filter(|s| tiers.as_ref().is_none_or(|t| t.contains(&s.tier.value)))
        .filter(|s| {
            lifecycles
                .as_ref()
                .is_none_or(|l| l.contains(&s.lifecycle.value))
        })
        .filter(|s| {
            owners
                .as_ref()
                .is_none_or(|o| s.owner.as_ref().is_some_and(|x| o.contains(&x.value)))
        })
        .filter(|s| {
            tags.as_ref()
                .is_none_or(|t| s.tags.iter().any(|x| t.contains(x)))
        })
        .collect();
    if matching.is_empty() {
        return Ok("<p class=\"catalog-list-empty\">No services match.</p>\n".into());
    }
    let mut html = String::from("<ul class=\"catalog-list\">\n");
    for s in matching {
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
        html.push_str(&format!(
            "<li><a href=\"{}\">{}</a> <span class=\"catalog-meta\">{meta}</span></li>\n",
            escape_html(&relative_url(out_dir, &service_url(&s.id))),
            escape_html(&s.name)
        ));
    }
    html.push_str("</ul>\n");
    Ok(html)
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
