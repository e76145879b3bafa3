//! Reading the catalog: every `content/services/**/<id>.toml` (with its optional
//! `<id>.md`) and `content/teams/**/<id>.toml`, parsed against the schema. Syntax
//! errors, unknown keys, wrong types, bad dates and unsafe URLs become diagnostics with
//! the file's line and column; cross-references are checked later by the rules.

mod fields;
mod overrides;
pub(crate) mod raw;
mod service;
mod team;

use crate::catalog::Catalog;
use crate::catalog::model::*;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::fsutil;
use fields::{Reporter, head_span};
use raw::*;
use std::collections::{BTreeMap, HashSet};

/// What loading found.
#[derive(Default)]
struct Loaded {
    pub services: Vec<Service>,
    pub teams: Vec<Team>,
    /// Catalog keys (`service:x`) of files that exist but could not be read, so that
    /// references to them do not add a second error.
    pub broken: HashSet<String>,
}

/// Loads every catalog file into the catalog.
pub fn load(config: &Config, diags: &mut Vec<Diagnostic>) -> Catalog {
    let mut loaded = Loaded::default();
    let mut rep = Reporter {
        settings: &config.settings,
        diags,
        dropped: Vec::new(),
    };
    let mut service_files = walk(config, "services", rep.diags);
    // Shallow files first, so that of two files with one id the one in a subfolder
    // is reported, whatever the folder names.
    service_files.sort_by_cached_key(|(_, rel)| (rel.matches('/').count(), rel.clone()));
    let mut prose: BTreeMap<String, (std::path::PathBuf, String)> = BTreeMap::new();
    for (abs, rel) in &service_files {
        if let Some(stem) = rel.strip_suffix(".md") {
            prose.insert(stem.to_string(), (abs.clone(), rel.clone()));
        }
    }
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (abs, rel) in &service_files {
        let Some(stem) = rel.strip_suffix(".toml") else {
            continue;
        };
        let Some(file) = read(abs, rel, rep.diags) else {
            continue;
        };
        let id = stem.rsplit('/').next().unwrap_or(stem).to_string();
        if !check_id(&mut rep, &file, &id, "service", &mut seen) {
            continue;
        }
        let md = prose
            .remove(stem)
            .and_then(|(abs, rel)| read_prose(&abs, &rel, rep.diags));
        let parsed = parse::<RawService>(&mut rep, &file);
        match parsed {
            Some((raw, true)) => loaded
                .services
                .push(service::service(&mut rep, id, file, raw, md)),
            Some((raw, false)) => {
                // Read for the rest of its mistakes, then left out.
                service::service(&mut rep, id.clone(), file, raw, md);
                rep.dropped.clear();
                loaded.broken.insert(format!("service:{id}"));
            }
            None => {
                loaded.broken.insert(format!("service:{id}"));
            }
        }
    }
    for (_, rel) in prose.values() {
        rep.diags.push(
            Diagnostic::error(
                "invalid-value",
                "this service prose has no TOML file beside it",
            )
            .in_file(&format!("content/{rel}"))
            .hint("name it like the service's TOML file, e.g. checkout-api.md beside checkout-api.toml"),
        );
    }
    let mut seen = BTreeMap::new();
    let mut team_files = walk(config, "teams", rep.diags);
    team_files.sort_by_cached_key(|(_, rel)| (rel.matches('/').count(), rel.clone()));
    for (abs, rel) in team_files {
        let Some(stem) = rel.strip_suffix(".toml") else {
            continue;
        };
        let Some(file) = read(&abs, &rel, rep.diags) else {
            continue;
        };
        let id = stem.rsplit('/').next().unwrap_or(stem).to_string();
        if !check_id(&mut rep, &file, &id, "team", &mut seen) {
            continue;
        }
        match parse::<RawTeam>(&mut rep, &file) {
            Some((raw, true)) => loaded.teams.push(team::team(&mut rep, id, file, raw)),
            Some((raw, false)) => {
                // Read for the rest of its mistakes, then left out.
                team::team(&mut rep, id.clone(), file, raw);
                rep.dropped.clear();
                loaded.broken.insert(format!("team:{id}"));
            }
            None => {
                loaded.broken.insert(format!("team:{id}"));
            }
        }
    }
    Catalog::new(loaded.services, loaded.teams, loaded.broken)
}

/// Reads a catalog file, reporting every TOML mistake. Gives the value and whether it
/// is whole; a value read around mistakes is for reporting the rest of them (its
/// left-out keys are in `rep.dropped`, so that they are not also called missing).
fn parse<T: serde::de::DeserializeOwned>(
    rep: &mut Reporter,
    file: &SourceFile,
) -> Option<(T, bool)> {
    let parsed = crate::tomlread::parse::<T>(&file.display, &file.text, 0, file.text.len());
    rep.diags.extend(parsed.diags);
    match (parsed.value, parsed.partial) {
        (Some(value), _) => Some((value, true)),
        (None, Some(value)) => {
            rep.dropped = parsed.dropped;
            Some((value, false))
        }
        (None, None) => None,
    }
}

/// Files under `content/<dir>/`, as (absolute path, path relative to content/).
/// Symlinks follow the rule of guide pages: followed while they stay in the handbook,
/// refused (with a warning naming them) when they leave it.
fn walk(
    config: &Config,
    dir: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(std::path::PathBuf, String)> {
    let walked = crate::walk::Walk::new(&config.content_dir().join(dir))
        .follow_links_inside(&config.root)
        .run();
    diags.extend(
        walked
            .problems
            .iter()
            .map(|p| super::walk::problem(&config.root, p)),
    );
    walked
        .files
        .into_iter()
        .map(|(abs, rel)| (abs, format!("{dir}/{rel}")))
        .collect()
}

fn read(abs: &std::path::Path, rel: &str, diags: &mut Vec<Diagnostic>) -> Option<SourceFile> {
    let display = format!("content/{rel}");
    match fsutil::read_text(abs, &display) {
        Ok(text) => Some(SourceFile {
            display,
            text,
            dir: rel
                .rsplit_once('/')
                .map(|(d, _)| format!("{d}/"))
                .unwrap_or_default(),
        }),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

fn check_id(
    rep: &mut Reporter,
    file: &SourceFile,
    id: &str,
    what: &str,
    seen: &mut BTreeMap<String, String>,
) -> bool {
    let head = head_span(&file.text);
    if !crate::catalog::values::is_valid_id(id) {
        rep.report(
            file,
            head,
            (
                "invalid-value",
                format!("`{id}` is not a valid {what} id (the file name is the id)"),
                "rename the file using lowercase letters, digits and `-`".into(),
            ),
        );
        return false;
    }
    if what == "service" && crate::catalog::RESERVED_SERVICE_IDS.contains(&id) {
        rep.report(
            file,
            head,
            (
                "invalid-value",
                format!("`{id}` is reserved for a generated page"),
                "choose another id and rename the file".into(),
            ),
        );
        return false;
    }
    if let Some(first) = seen.get(id) {
        rep.report(
            file,
            head,
            (
                "duplicate-id",
                format!("the {what} id `{id}` is already used by {first}"),
                "ids must be unique: rename one of the two files".into(),
            ),
        );
        return false;
    }
    seen.insert(id.to_string(), file.display.clone());
    true
}

fn read_prose(abs: &std::path::Path, rel: &str, diags: &mut Vec<Diagnostic>) -> Option<Prose> {
    let file = read(abs, rel, diags)?;
    let body_start = match crate::load::front_matter::split(&file.display, &file.text) {
        Ok(split) => split.body_start,
        Err(d) => {
            diags.extend(d);
            return None;
        }
    };
    Some(Prose { file, body_start })
}
