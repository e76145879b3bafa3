//! `[guide_links]`: which guide page explains a tier, a lifecycle stage or escalation
//! policies. Service pages link their badges there, so the guide and the catalog
//! point at each other. Built-in defaults are linked only when the page exists;
//! configured ones are checked like any link.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use std::borrow::Cow;
use toml::Spanned;

/// A guide page a catalog value links to: content path and optional `#fragment`.
#[derive(Debug, Clone)]
pub struct GuideTarget {
    pub path: String,
    pub fragment: Option<String>,
    /// Where it was configured (`None`: a built-in default, linked only if it exists).
    pub span: Option<std::ops::Range<usize>>,
}

/// Guide pages for tier values, lifecycle stages and escalation policies.
#[derive(Debug, Clone, Default)]
pub struct GuideLinks {
    /// `(value, target)`; the value `default` applies to values without their own.
    pub tier: Vec<(String, GuideTarget)>,
    pub lifecycle: Vec<(String, GuideTarget)>,
    pub escalation: Option<GuideTarget>,
}

impl GuideLinks {
    pub fn defaults() -> Self {
        let target = |p: &str| GuideTarget {
            path: p.to_string(),
            fragment: None,
            span: None,
        };
        GuideLinks {
            tier: vec![("default".into(), target("guide/availability-and-tiers.md"))],
            lifecycle: vec![("default".into(), target("guide/lifecycle/_index.md"))],
            escalation: Some(target("guide/escalation-policies.md")),
        }
    }

    /// Every configured or default target.
    pub fn all(&self) -> impl Iterator<Item = &GuideTarget> {
        self.tier
            .iter()
            .chain(self.lifecycle.iter())
            .map(|(_, t)| t)
            .chain(self.escalation.iter())
    }
}

/// Picks the target for `value` from a list, falling back to `default`.
pub fn pick<'a>(list: &'a [(String, GuideTarget)], value: &str) -> Option<&'a GuideTarget> {
    list.iter()
        .find(|(v, _)| v == value)
        .or_else(|| list.iter().find(|(v, _)| v == "default"))
        .map(|(_, t)| t)
}

/// `[guide_links]`. Paths are relative to content/, with an optional #fragment.
#[derive(Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "GuideLinks")]
pub struct GuideLinksRaw {
    /// The page that explains tiers, or a table of pages by tier with `default` for
    /// the rest.
    #[schemars(with = "Option<PageOrTable>")]
    tier: Option<Spanned<toml::Value>>,
    /// The page that explains lifecycle stages, or a table of pages by stage with
    /// `default` for the rest.
    #[schemars(with = "Option<PageOrTable>")]
    lifecycle: Option<Spanned<toml::Value>>,
    /// The page that explains escalation policies.
    #[schemars(with = "Option<String>")]
    escalation: Option<Spanned<String>>,
}

/// A page path, or a table of page paths by value (read by `parse`).
struct PageOrTable;

impl JsonSchema for PageOrTable {
    fn schema_name() -> Cow<'static, str> {
        "GuidePages".into()
    }

    // Inline, so that the description of the key using it stays beside it.
    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": "string" },
                { "type": "object", "additionalProperties": { "type": "string" } }
            ]
        })
    }
}

pub fn parse(
    raw: GuideLinksRaw,
    out: &mut GuideLinks,
    report: &mut dyn FnMut(std::ops::Range<usize>, String),
) {
    let target = |path: &str, span: std::ops::Range<usize>| {
        let (path, fragment) = match path.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (path, None),
        };
        GuideTarget {
            path: path.trim_start_matches('/').to_string(),
            fragment,
            span: Some(span),
        }
    };
    for (value, slot) in [
        (raw.tier, &mut out.tier),
        (raw.lifecycle, &mut out.lifecycle),
    ] {
        let Some(value) = value else { continue };
        let span = value.span();
        match value.get_ref() {
            toml::Value::String(s) => *slot = vec![("default".to_string(), target(s, span))],
            toml::Value::Table(t) => {
                slot.clear();
                for (k, v) in t {
                    match v.as_str() {
                        Some(s) => slot.push((k.clone(), target(s, span.clone()))),
                        None => report(
                            span.clone(),
                            format!("guide link for `{k}` is not a string"),
                        ),
                    }
                }
            }
            _ => report(
                span,
                "a guide link is a page path or a table of them by value".into(),
            ),
        }
    }
    if let Some(e) = raw.escalation {
        out.escalation = Some(target(e.get_ref(), e.span()));
    }
}
