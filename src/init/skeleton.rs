//! `ownbook init --empty`: the smallest handbook that shows every part (a home page,
//! one guide page, one team, one service) and passes `ownbook check` with no
//! warning, for organizations that would rather start from nothing than delete the
//! example. The theme is the built-in one, so there is nothing else to maintain.

use crate::new;

/// The team and service of the skeleton.
const TEAM: &str = "our-team";
const SERVICE: &str = "first-service";

/// The skeleton's files as (path in the handbook, text), for `org` (a placeholder
/// name when none is given) on the day `today` (the rotation's first handoff).
pub fn files(org: Option<&str>, today: &str) -> Vec<(String, String)> {
    let org = org.unwrap_or("Your Organization");
    vec![
        (crate::config::CONFIG_FILE.to_string(), config(org)),
        ("content/_index.md".into(), HOME.into()),
        ("content/guide/ownership.md".into(), GUIDE.into()),
        (format!("content/teams/{TEAM}.toml"), new::team(TEAM, today)),
        (
            format!("content/services/{SERVICE}.toml"),
            new::service(SERVICE, TEAM, 3, 3),
        ),
    ]
}

fn config(org: &str) -> String {
    let quoted = toml::Value::String(org.to_string()).to_string();
    format!(
        r#"# ownbook site configuration. Every key is optional; the README's "Configuration"
# section lists them all, including the catalog rules and the scorecard.
# `{{{{ org }}}}` in any text below (and in the guide) becomes `organization`.
title = "{{{{ org }}}} Ownership Handbook"
organization = {quoted}
description = "Who owns which service at {{{{ org }}}}, and how we run them."
# Absolute URL of the published site; used for sitemap.xml and canonical links.
# base_url = "https://handbook.example.com/"
footer = "{{{{ org }}}} Engineering"
"#
    )
}

const HOME: &str = r#"+++
title = "{{ org }} Ownership Handbook"
description = "Who owns which service at {{ org }}, and how we run them."
weight = 0
+++

This handbook says who owns each service at {{ org }} and how the owners run them. Start with [how we own services](guide/ownership.md), or look up the [First Service](service:first-service) and the team that owns it, [Our Team](team:our-team).

## Making it yours

- Write guide pages as Markdown files in `content/guide/`.
- Add a team with `ownbook new team ID` and a service with `ownbook new service ID --owner TEAM`.
- Run `ownbook serve` to see each change as you save it, and `ownbook check` before you publish.
"#;

const GUIDE: &str = r#"+++
title = "How we own services"
description = "Every service has one owning team, which builds it, runs it and answers for it."
weight = 10
+++

Every service at {{ org }} has exactly one owning team. That team builds the service, deploys it, watches it in production and is paged when it fails. The service catalog lists each service with its owner, tier and lifecycle stage, starting with the [First Service](service:first-service).

## What an owning team does

- Keeps the service's catalog entry current: its description, dependencies, runbook and chat channel.
- Carries the pager for it, through an on-call rotation and an escalation policy.
- Decides, with the people who use it, when the service changes and when it is retired.
"#;

#[cfg(test)]
mod tests {
    #[test]
    fn files_name_the_organization() {
        let files = super::files(Some("Acme \"Grocery\""), "2026-11-22");
        let config: Result<toml::Table, _> = files[0].1.parse();
        let org = config
            .ok()
            .and_then(|c| c["organization"].as_str().map(String::from));
        assert_eq!(org.as_deref(), Some("Acme \"Grocery\""));
    }
}
