//! Catalog entries for the site search: one per service and per team, as plain text
//! (the search stage escapes what it shows).

use crate::catalog::{Catalog, service_url, team_url};
use crate::markdown::plain_text;

/// One catalog entry for the search index.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchEntry {
    /// `"service"` or `"team"`.
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    /// Output folder, e.g. `"services/checkout-api/"`.
    pub url: String,
    /// Description, prose, members, ... as plain text.
    pub text: String,
    pub tags: Vec<String>,
    pub owner: Option<String>,
    pub tier: Option<u32>,
    pub lifecycle: Option<String>,
}

/// Every service and team of the catalog, services first, each sorted by id.
pub fn search_entries(catalog: &Catalog) -> Vec<SearchEntry> {
    let mut out = Vec::with_capacity(catalog.services.len() + catalog.teams.len());
    for s in &catalog.services {
        let mut text = plain_text(&s.description);
        let mut add = |t: &str| {
            if !t.trim().is_empty() {
                text.push(' ');
                text.push_str(t.trim());
            }
        };
        for x in [&s.kind, &s.system].into_iter().flatten() {
            add(x);
        }
        for slo in &s.slos {
            add(&format!("{}: {}", slo.name, slo.description));
        }
        for d in &s.depends_on {
            add(&d.service.value);
        }
        if let Some(p) = &s.prose {
            add(&plain_text(&p.file.text[p.body_start..]));
        }
        out.push(SearchEntry {
            kind: "service",
            id: s.id.clone(),
            title: s.name.clone(),
            url: service_url(&s.id),
            text,
            tags: s.tags.clone(),
            owner: s.owner.as_ref().map(|o| o.value.clone()),
            tier: Some(s.tier.value),
            lifecycle: Some(s.lifecycle.value.as_str().to_string()),
        });
    }
    for t in &catalog.teams {
        let mut text = plain_text(&t.description);
        for m in &t.members {
            text.push(' ');
            text.push_str(&m.name);
            if let Some(role) = &m.role {
                text.push_str(&format!(" ({role})"));
            }
        }
        for r in &t.rotations {
            text.push(' ');
            text.push_str(&r.name);
        }
        for p in &t.policies {
            text.push(' ');
            text.push_str(&p.name);
        }
        out.push(SearchEntry {
            kind: "team",
            id: t.id.clone(),
            title: t.name.clone(),
            url: team_url(&t.id),
            text,
            tags: Vec::new(),
            owner: None,
            tier: None,
            lifecycle: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_and_teams_become_plain_text_entries() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap_or(root)).ok();
            std::fs::write(path, text).ok();
        };
        write("ownbook.toml", "title = \"T\"\n");
        write(
            "content/services/api.toml",
            "name = \"<b>API</b>\"\ndescription = \"Serves **orders**.\"\nowner = \"core\"\ntier = 2\nlifecycle = \"production\"\ntags = [\"orders\"]\n",
        );
        write(
            "content/services/api.md",
            "## Notes\n\nRestart with `kubectl`.\n",
        );
        write(
            "content/teams/core.toml",
            "name = \"Core\"\ndescription = \"The core team.\"\n\n[[members]]\nname = \"Ada Byron\"\nrole = \"Engineer\"\n",
        );
        let Ok((config, _)) = crate::config::load(root, None) else {
            panic!("config")
        };
        let (site, diags) = crate::load::load(config, Default::default());
        assert!(diags.is_empty(), "{diags:?}");
        let entries = search_entries(&site.catalog);
        assert_eq!(entries.len(), 2);
        let api = &entries[0];
        assert_eq!(
            (api.kind, api.id.as_str(), api.title.as_str()),
            ("service", "api", "<b>API</b>")
        );
        assert_eq!(api.url, "services/api/");
        assert_eq!(api.text, "Serves orders. Notes Restart with kubectl.");
        assert_eq!(
            (api.owner.as_deref(), api.tier, api.lifecycle.as_deref()),
            (Some("core"), Some(2), Some("production"))
        );
        assert_eq!(api.tags, vec!["orders"]);
        let core = &entries[1];
        assert_eq!((core.kind, core.url.as_str()), ("team", "teams/core/"));
        assert_eq!(core.text, "The core team. Ada Byron (Engineer)");
    }
}
