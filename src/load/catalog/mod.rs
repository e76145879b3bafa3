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
use crate::config::settings::Settings;
use crate::diag::Diagnostic;
use crate::fsutil;
use fields::{Reporter, head_span};
use raw::*;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

/// What loading found.
#[derive(Default)]
struct Loaded {
    pub services: Vec<Service>,
    pub teams: Vec<Team>,
    /// Catalog keys (`service:x`) of files that exist but could not be read, so that
    /// references to them do not add a second error.
    pub broken: HashSet<String>,
}

/// A file found under `content/services/` or `content/teams/`: its path relative to
/// `content/` (`services/checkout-api.toml`) and where its bytes are. Only `.toml`
/// files and service prose (`.md`) are ever read.
#[derive(Debug, Clone)]
pub struct CatalogFile {
    pub rel: String,
    pub content: Content,
}

/// Where a catalog file's bytes are.
#[derive(Debug, Clone)]
pub enum Content {
    /// On disk, read when the loader needs it.
    Disk(PathBuf),
    /// Already read (from a git revision); shared, since one blob is often the same
    /// file in many revisions.
    Bytes(Arc<[u8]>),
}

/// The catalog's files, services and teams apart.
#[derive(Debug, Clone, Default)]
pub struct CatalogFiles {
    pub services: Vec<CatalogFile>,
    pub teams: Vec<CatalogFile>,
}

/// Loads every catalog file of the handbook on disk into the catalog.
pub fn load(config: &Config, diags: &mut Vec<Diagnostic>) -> Catalog {
    let files = CatalogFiles {
        services: walk(config, "services", diags),
        teams: walk(config, "teams", diags),
    };
    let mut codes: Vec<String> = config
        .languages
        .list
        .iter()
        .map(|l| l.code.clone())
        .collect();
    if codes.is_empty() {
        codes.push(config.language.clone());
    }
    build_in(&config.settings, Some(codes), files, diags)
}

/// Builds the catalog from its files, wherever they were found, reporting every
/// mistake in them.
pub fn build(settings: &Settings, files: CatalogFiles, diags: &mut Vec<Diagnostic>) -> Catalog {
    build_in(settings, None, files, diags)
}

/// [`build`], checking texts given by language against the handbook's `languages`
/// (codes, the default first).
fn build_in(
    settings: &Settings,
    languages: Option<Vec<String>>,
    files: CatalogFiles,
    diags: &mut Vec<Diagnostic>,
) -> Catalog {
    let mut loaded = Loaded::default();
    let mut rep = Reporter {
        settings,
        diags,
        dropped: Vec::new(),
        languages,
    };
    build_services(&mut rep, files.services, &mut loaded);
    build_teams(&mut rep, files.teams, &mut loaded);
    Catalog::new(loaded.services, loaded.teams, loaded.broken)
}

fn build_services(rep: &mut Reporter, mut files: Vec<CatalogFile>, loaded: &mut Loaded) {
    // Shallow files first, so that of two files with one id the one in a subfolder
    // is reported, whatever the folder names.
    files.sort_by_cached_key(|f| (f.rel.matches('/').count(), f.rel.clone()));
    let mut prose: BTreeMap<String, &CatalogFile> = BTreeMap::new();
    for f in &files {
        if let Some(stem) = f.rel.strip_suffix(".md") {
            prose.insert(stem.to_string(), f);
        }
    }
    let mut translated = translated_prose(&mut prose, rep.languages.as_deref());
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for f in &files {
        let Some(stem) = f.rel.strip_suffix(".toml") else {
            continue;
        };
        let Some(file) = read(f, rep.diags) else {
            continue;
        };
        let id = stem.rsplit('/').next().unwrap_or(stem).to_string();
        if !check_id(rep, &file, &id, "service", &mut seen) {
            continue;
        }
        let md = prose.remove(stem).and_then(|md| read_prose(md, rep.diags));
        let variants = translated.remove(stem).unwrap_or_default();
        let parsed = parse::<RawService>(rep, &file);
        match parsed {
            Some((raw, true)) => {
                let mut service = service::service(rep, id, file, raw, md);
                for (code, f) in variants {
                    if let Some(md) = read_prose(f, rep.diags) {
                        service.prose_variants.insert(code, md);
                    }
                }
                loaded.services.push(service);
            }
            Some((raw, false)) => {
                // Read for the rest of its mistakes, then left out.
                service::service(rep, id.clone(), file, raw, md);
                rep.dropped.clear();
                loaded.broken.insert(format!("service:{id}"));
            }
            None => {
                loaded.broken.insert(format!("service:{id}"));
            }
        }
    }
    let orphans = translated.into_values().flatten().map(|(_, f)| f);
    for f in prose.into_values().chain(orphans) {
        rep.diags.push(
            Diagnostic::error(
                "invalid-value",
                "this service prose has no TOML file beside it",
            )
            .in_file(&format!("content/{}", f.rel))
            .hint("name it like the service's TOML file, e.g. checkout-api.md beside checkout-api.toml"),
        );
    }
}

/// Takes the translations of service prose (`checkout-api.ja.md`, for a language of
/// the handbook other than the default) out of `prose`: by the stem of the prose they
/// translate, each with its language code.
fn translated_prose<'a>(
    prose: &mut BTreeMap<String, &'a CatalogFile>,
    languages: Option<&[String]>,
) -> BTreeMap<String, Vec<(String, &'a CatalogFile)>> {
    let mut translated: BTreeMap<String, Vec<(String, &CatalogFile)>> = BTreeMap::new();
    let others = languages.map_or(&[][..], |codes| codes.get(1..).unwrap_or_default());
    let stems: Vec<String> = prose.keys().cloned().collect();
    for stem in stems {
        let Some((base, code)) = stem.rsplit_once('.') else {
            continue;
        };
        if base.ends_with('/') || !others.iter().any(|c| c == code) {
            continue;
        }
        if let Some(f) = prose.remove(&stem) {
            let entry = translated.entry(base.to_string()).or_default();
            entry.push((code.to_string(), f));
        }
    }
    translated
}

fn build_teams(rep: &mut Reporter, mut files: Vec<CatalogFile>, loaded: &mut Loaded) {
    let mut seen = BTreeMap::new();
    files.sort_by_cached_key(|f| (f.rel.matches('/').count(), f.rel.clone()));
    for f in &files {
        let Some(stem) = f.rel.strip_suffix(".toml") else {
            continue;
        };
        let Some(file) = read(f, rep.diags) else {
            continue;
        };
        let id = stem.rsplit('/').next().unwrap_or(stem).to_string();
        if !check_id(rep, &file, &id, "team", &mut seen) {
            continue;
        }
        match parse::<RawTeam>(rep, &file) {
            Some((raw, true)) => loaded.teams.push(team::team(rep, id, file, raw)),
            Some((raw, false)) => {
                // Read for the rest of its mistakes, then left out.
                team::team(rep, id.clone(), file, raw);
                rep.dropped.clear();
                loaded.broken.insert(format!("team:{id}"));
            }
            None => {
                loaded.broken.insert(format!("team:{id}"));
            }
        }
    }
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

/// Files under `content/<dir>/`, with paths relative to content/. Symlinks follow
/// the rule of guide pages: followed while they stay in the handbook, refused (with a
/// warning naming them) when they leave it.
fn walk(config: &Config, dir: &str, diags: &mut Vec<Diagnostic>) -> Vec<CatalogFile> {
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
        .map(|(abs, rel)| CatalogFile {
            rel: format!("{dir}/{rel}"),
            content: Content::Disk(abs),
        })
        .collect()
}

fn read(f: &CatalogFile, diags: &mut Vec<Diagnostic>) -> Option<SourceFile> {
    let display = format!("content/{}", f.rel);
    let text = match &f.content {
        Content::Disk(abs) => fsutil::read_text(abs, &display),
        Content::Bytes(bytes) => fsutil::decode(bytes, &display),
    };
    match text {
        Ok(text) => Some(SourceFile {
            display,
            text,
            dir: f
                .rel
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

fn read_prose(f: &CatalogFile, diags: &mut Vec<Diagnostic>) -> Option<Prose> {
    let file = read(f, diags)?;
    let body_start = match crate::load::front_matter::split(&file.display, &file.text) {
        Ok(split) => split.body_start,
        Err(d) => {
            diags.extend(d);
            return None;
        }
    };
    Some(Prose { file, body_start })
}
