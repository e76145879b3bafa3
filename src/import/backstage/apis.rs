//! APIs are folded into the components that provide them: the definition and
//! description go into the provider's prose page (`content/services/<id>.md`), the
//! API's links into the provider's links, and `consumesApis` becomes a dependency on
//! each provider.

use super::Ctx;
use super::entity::{Entity, Val, parse_ref};
use super::model::{Api, Service};
use crate::import::is_web_url;
use std::collections::HashMap;

/// Folds each API into the components that provide it; consumers depend on them.
pub fn fold(ctx: &mut Ctx, services: &mut [(String, Service)]) {
    let mut providers: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (key, _)) in services.iter().enumerate() {
        if let Some(e) = ctx.entity(key) {
            for api in e.spec_list("providesApis") {
                providers.entry(parse_ref(&api, "api")).or_default().push(i);
            }
        }
    }
    for (i, e) in ctx.entities.iter().enumerate() {
        if e.kind != "api" || ctx.by_key.get(&e.key()) != Some(&i) {
            continue;
        }
        ctx.check_spec(e, &["type", "lifecycle", "owner", "system", "definition"]);
        let Some(list) = providers.get(&e.key()) else {
            ctx.notes.push(e.note(
                e.pos,
                format!(
                    "API `{}` is provided by no imported component; not converted",
                    e.name
                ),
            ));
            continue;
        };
        let api = Api {
            title: e.label(),
            kind: e.spec_text("type"),
            lifecycle: e.spec_text("lifecycle"),
            description: e.description.clone(),
            definition: definition(ctx, e),
        };
        for &p in list {
            let s = &mut services[p].1;
            s.apis.push(api.clone());
            for l in e.links.iter().filter(|l| is_web_url(&l.url)) {
                let title = l.title.clone().unwrap_or_else(|| l.url.clone());
                s.links
                    .push((format!("{} API: {title}", api.title), l.url.clone()));
            }
        }
    }
    for i in 0..services.len() {
        let Some(e) = ctx.entity(&services[i].0) else {
            continue;
        };
        for api in e.spec_list("consumesApis") {
            let key = parse_ref(&api, "api");
            let Some(list) = providers.get(&key) else {
                ctx.notes.push(e.note(
                    e.pos,
                    format!(
                        "consumes the API `{api}`, which no imported component provides; left out"
                    ),
                ));
                continue;
            };
            for &p in list {
                let id = services[p].1.id.clone();
                services[i].1.add_dep(
                    id,
                    Some(format!("Uses the {} API", super::entity::ref_name(&key))),
                );
            }
        }
    }
}

/// An API's definition: inline text, or the file or URL a `$text` substitution names.
fn definition(ctx: &mut Ctx, e: &Entity) -> Option<String> {
    match e.spec("definition")? {
        Val::Text(t) => Some(t.clone()),
        Val::Map(m) => {
            let (how, target) = m.iter().find(|(k, _)| k.starts_with('$'))?;
            let target = target.text()?.to_string();
            if is_web_url(&target) {
                return Some(format!("# The definition is at {target}\n"));
            }
            let path = std::path::Path::new(&e.file)
                .parent()
                .unwrap_or(std::path::Path::new(""))
                .join(&target);
            match crate::fsutil::read_text(&path, &target) {
                Ok(text) => Some(text),
                Err(_) => {
                    ctx.notes.push(e.note(
                        e.pos,
                        format!("API definition `{how}: {target}` cannot be read; left out"),
                    ));
                    None
                }
            }
        }
        _ => None,
    }
}

/// The prose page of a service that provides APIs.
pub fn prose(s: &Service) -> Option<String> {
    if s.apis.is_empty() {
        return None;
    }
    let mut out = String::from("## APIs\n");
    for api in &s.apis {
        out.push_str(&format!("\n### {}\n\n", api.title));
        let mut facts = Vec::new();
        if let Some(k) = &api.kind {
            facts.push(format!("Type: `{k}`"));
        }
        if let Some(l) = &api.lifecycle {
            facts.push(format!("lifecycle: {l}"));
        }
        if !facts.is_empty() {
            out.push_str(&format!("{}.\n\n", facts.join(", ")));
        }
        if let Some(d) = &api.description {
            out.push_str(&format!("{}\n\n", d.trim()));
        }
        if let Some(def) = &api.definition {
            let lang = match api.kind.as_deref() {
                Some("graphql") => "graphql",
                Some("grpc") => "protobuf",
                _ if def.trim_start().starts_with('{') => "json",
                _ => "yaml",
            };
            let longest = def.split(|c| c != '`').map(str::len).max().unwrap_or(0);
            let fence = "`".repeat(longest.max(2) + 1);
            out.push_str(&format!("{fence}{lang}\n{}\n{fence}\n", def.trim_end()));
        }
    }
    Some(out)
}
