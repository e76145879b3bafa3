//! Reading the catalog: every `content/services/**/<id>.toml` (with its optional
//! `<id>.md`) and `content/teams/**/<id>.toml`, parsed against the schema. Syntax
//! errors, unknown keys, wrong types, bad dates and unsafe URLs become diagnostics with
//! the file's line and column; cross-references are checked later by the rules.

use super::model::*;
use super::raw::*;
use super::settings::Settings;
use super::values::{self, Problem, UrlKind};
use crate::config::{Config, toml_error};
use crate::diag::{Diagnostic, Severity};
use crate::fsutil;
use std::collections::{BTreeMap, HashSet};
use toml::Spanned;

/// Service ids that would collide with generated pages under `services/`.
pub const RESERVED_SERVICE_IDS: [&str; 1] = ["graph"];

/// What loading found.
#[derive(Default)]
pub struct Loaded {
    pub services: Vec<Service>,
    pub teams: Vec<Team>,
    /// Catalog keys (`service:x`) of files that exist but could not be read, so that
    /// references to them do not add a second error.
    pub broken: HashSet<String>,
}

/// Collects diagnostics for one file, applying the configured rule severities.
pub struct Reporter<'a> {
    pub settings: &'a Settings,
    pub diags: &'a mut Vec<Diagnostic>,
}

impl Reporter<'_> {
    /// Reports `problem` at `span` of `file`. Rules switched off are dropped.
    pub fn report(&mut self, file: &SourceFile, span: Span, (code, msg, hint): Problem) {
        let configurable = super::settings::RULES.iter().any(|(n, _, _)| *n == code);
        let severity = if configurable {
            match self.settings.severity(code) {
                Some(s) => s,
                None => return,
            }
        } else {
            Severity::Error
        };
        self.diags
            .push(file.diag(severity, code, span, msg).hint(hint));
    }

    /// Reports a required key that the file lacks (at the file's first key).
    pub fn missing(&mut self, file: &SourceFile, head: Span, key: &str, example: &str) {
        self.report(
            file,
            head,
            (
                "missing-field",
                format!("the required key `{key}` is missing"),
                format!("add a line like {example}"),
            ),
        );
    }
}

/// Loads every catalog file.
pub fn load(config: &Config, settings: &Settings, diags: &mut Vec<Diagnostic>) -> Loaded {
    let mut loaded = Loaded::default();
    let mut rep = Reporter { settings, diags };
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
            .and_then(|(abs, rel)| read_prose(&abs, &rel, &config.organization, rep.diags));
        match toml::from_str::<RawService>(&file.text) {
            Ok(raw) => loaded
                .services
                .push(super::load_service::service(&mut rep, id, file, raw, md)),
            Err(e) => {
                rep.diags.push(toml_error(&file.display, &file.text, 0, &e));
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
        match toml::from_str::<RawTeam>(&file.text) {
            Ok(raw) => loaded
                .teams
                .push(super::load_team::team(&mut rep, id, file, raw)),
            Err(e) => {
                rep.diags.push(toml_error(&file.display, &file.text, 0, &e));
                loaded.broken.insert(format!("team:{id}"));
            }
        }
    }
    loaded.services.sort_by(|a, b| a.id.cmp(&b.id));
    loaded.teams.sort_by(|a, b| a.id.cmp(&b.id));
    loaded
}

/// Files under `content/<dir>/`, as (absolute path, path relative to content/).
fn walk(
    config: &Config,
    dir: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(std::path::PathBuf, String)> {
    let walked = crate::walk::Walk::new(&config.content_dir().join(dir)).run();
    diags.extend(
        walked
            .problems
            .iter()
            .map(|p| crate::load::walk_problem(&config.root, p)),
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
    if !values::is_valid_id(id) {
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
    if what == "service" && RESERVED_SERVICE_IDS.contains(&id) {
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

/// The span of the first key line, used for problems about the whole file.
pub fn head_span(text: &str) -> Span {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if !t.is_empty() && !t.starts_with('#') {
            let start = offset + (line.len() - t.len());
            let len = t.find([' ', '=', '\n']).unwrap_or(t.len()).max(1);
            return Span { start, len };
        }
        offset += line.len();
    }
    Span { start: 0, len: 1 }
}

fn read_prose(
    abs: &std::path::Path,
    rel: &str,
    org: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Prose> {
    let file = read(abs, rel, diags)?;
    let body_start = match crate::load::front_matter::split(&file.display, &file.text) {
        Ok(split) => split.body_start,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let heading_ids = heading_ids(&file.text[body_start..], org);
    Some(Prose {
        file,
        body_start,
        heading_ids,
    })
}

/// The ids the Markdown renderer will give the headings of `body` (same algorithm:
/// `{#custom}` ids, else the slug of the text, `-1`, `-2` for repeats).
pub fn heading_ids(body: &str, org: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut ids: Vec<String> = Vec::new();
    let mut current: Option<(Option<String>, String)> = None;
    let opts =
        Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    for ev in Parser::new_ext(body, opts) {
        match ev {
            Event::Start(Tag::Heading { id, .. }) => {
                current = Some((id.map(|s| s.to_string()), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut current {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((custom, text)) = current.take() {
                    let text = crate::text::replace_org(&text, org);
                    let base = custom.unwrap_or_else(|| {
                        let s = crate::text::slugify(&text);
                        if s.is_empty() { "section".into() } else { s }
                    });
                    let mut id = base.clone();
                    let mut n = 1;
                    while ids.contains(&id) {
                        id = format!("{base}-{n}");
                        n += 1;
                    }
                    ids.push(id);
                }
            }
            _ => {}
        }
    }
    ids
}

pub fn span<T>(s: &Spanned<T>) -> Span {
    s.span().into()
}

/// Reads a URL field; unsafe or malformed URLs are reported and dropped.
pub fn url_field(
    rep: &mut Reporter,
    file: &SourceFile,
    raw: Option<Spanned<String>>,
    kind: UrlKind,
) -> Option<UrlField> {
    let raw = raw?;
    let sp = span(&raw);
    match values::parse_url(raw.get_ref(), &file.dir, kind) {
        Ok(href) => Some(UrlField {
            href,
            text: raw.into_inner(),
            span: sp,
        }),
        Err(p) => {
            rep.report(file, sp, p);
            None
        }
    }
}

pub fn email_field(
    rep: &mut Reporter,
    file: &SourceFile,
    raw: Option<Spanned<String>>,
) -> Option<String> {
    let raw = raw?;
    values::check_email(raw.get_ref())
        .map_err(|p| rep.report(file, span(&raw), p))
        .ok()
}

pub fn date_field(
    rep: &mut Reporter,
    file: &SourceFile,
    raw: Option<Spanned<toml::value::Datetime>>,
) -> Option<Loc<String>> {
    let raw = raw?;
    match values::date_only(raw.get_ref()) {
        Ok(d) => Some(Loc::new(d, raw.span())),
        Err(p) => {
            rep.report(file, span(&raw), p);
            None
        }
    }
}

pub fn days_field(rep: &mut Reporter, file: &SourceFile, raw: Option<Spanned<i64>>) -> Option<u32> {
    let raw = raw?;
    match u32::try_from(*raw.get_ref()).ok().filter(|d| *d > 0) {
        Some(d) => Some(d),
        None => {
            rep.report(
                file,
                span(&raw),
                (
                    "invalid-value",
                    format!("{} is not a number of days", raw.get_ref()),
                    "write a whole number of days greater than 0, e.g. 180".into(),
                ),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_match_the_renderer() {
        let ids = heading_ids(
            "## What's {{ org }}?\n\n## Notes\n\n### Notes\n\n## Custom {#mine}\n",
            "Acme",
        );
        assert_eq!(ids, vec!["whats-acme", "notes", "notes-1", "mine"]);
    }

    #[test]
    fn head_span_skips_comments() {
        let span = head_span("# a comment\n\nname = \"x\"\n");
        assert_eq!((span.start, span.len), (13, 4));
    }
}
