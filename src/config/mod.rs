//! `ownbook.toml`: read into a raw serde struct that rejects unknown keys, then
//! validated into the `Config` the rest of the pipeline uses, the catalog's settings
//! (`[rules]`, `[scorecard]`, `[guide_links]`, `[codeowners]`) included.

pub mod guide_links;
pub mod languages;
pub mod scorecard;
pub mod settings;

use crate::diag::Diagnostic;
use crate::fsutil;
use schemars::JsonSchema;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The config file name at the site root.
pub const CONFIG_FILE: &str = "ownbook.toml";

/// The site's settings: `ownbook.toml` at the root of the handbook. Every key is
/// optional.
#[derive(Debug, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Config")]
pub(crate) struct RawConfig {
    /// The site's title; `{{ org }}` becomes `organization`.
    title: Option<String>,
    /// The organization's name, put wherever a text says `{{ org }}`.
    organization: Option<String>,
    /// One sentence about the handbook, for search engines and link previews.
    description: Option<String>,
    /// The absolute http(s) URL the site is published at, for the sitemap,
    /// canonical links and the published schemas.
    base_url: Option<String>,
    /// The language of the pages, as an HTML `lang` code (default "en").
    language: Option<String>,
    /// The folder in themes/ the site is rendered with (default "default").
    theme: Option<String>,
    /// "Edit this page" links: an http(s) URL in which `{path}` becomes the page's
    /// path in the repository.
    edit_url: Option<String>,
    /// The footer's text; `{{ org }}` becomes `organization`.
    footer: Option<String>,
    /// A logo: the path of a file from static/, relative to the site's root.
    logo: Option<String>,
    /// The theme's accent colour, as a hex colour like "#0b6e4f".
    accent_color: Option<String>,
    /// Whether the site has print.html, every page in one (default true).
    print: Option<bool>,
    llms: Option<bool>,
    // The catalog's settings are read again with spans by `settings::parse`.
    /// The catalog's rules: each one's level, and their thresholds.
    #[serde(default)]
    #[allow(dead_code)]
    #[schemars(with = "Option<settings::RulesRaw>")]
    rules: toml::Table,
    /// The scorecard: its levels, and the checks a service passes to reach them.
    #[serde(default)]
    #[allow(dead_code)]
    #[schemars(with = "Option<scorecard::ScorecardRaw>")]
    scorecard: toml::Table,
    /// The search page, box and index.
    #[serde(default)]
    #[schemars(with = "Option<SearchOptions>")]
    search: toml::Table,
    /// The guide pages that explain a tier, a lifecycle stage and escalation
    /// policies; service pages link their badges there.
    #[serde(default)]
    #[allow(dead_code)]
    #[schemars(with = "Option<guide_links::GuideLinksRaw>")]
    guide_links: toml::Table,
    /// The on-call calendar feeds.
    calendar: Option<RawCalendar>,
    /// The languages of a translated handbook (read again by `languages::parse`).
    #[serde(default)]
    #[schemars(with = "languages::LanguagesSchema")]
    languages: toml::Table,
    /// The CODEOWNERS file the `ownership-drift` rule reads.
    #[serde(default)]
    #[allow(dead_code)]
    #[schemars(with = "Option<settings::CodeownersRaw>")]
    codeowners: toml::Table,
}

/// `[calendar]`: the on-call calendar feeds (iCalendar) of the built site.
#[derive(Debug, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Calendar")]
struct RawCalendar {
    /// How many weeks of shifts each feed holds, from the day of the build (default 12).
    #[schemars(with = "Option<u32>", range(min = 1, max = 104))]
    weeks: Option<toml::Spanned<i64>>,
}

/// Weeks of shifts a calendar feed holds unless `[calendar] weeks` says otherwise.
pub const DEFAULT_CALENDAR_WEEKS: u32 = 12;
/// The longest horizon: two years of shifts keep a feed small enough for calendar
/// apps that refresh it every few hours.
pub const MAX_CALENDAR_WEEKS: u32 = 104;

/// `[search]`. `enabled` is read with the config (templates need it); the search stage
/// reads the rest, and reports its mistakes with their positions.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Search")]
pub struct SearchOptions {
    /// Whether the site has a search page, box and index (default true).
    pub enabled: Option<bool>,
    /// The index's size budget in kilobytes; past it the build warns.
    #[schemars(range(min = 1))]
    pub size_budget_kb: Option<u64>,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Absolute site root (the folder holding ownbook.toml).
    pub root: PathBuf,
    pub title: String,
    pub organization: String,
    pub description: String,
    /// Absolute base URL with a trailing slash, when the site has one.
    pub base_url: Option<String>,
    /// The language of the pages being built: the default one, or a translation's
    /// while that language is built.
    pub language: String,
    /// `[languages]`: every language of the site, the default first (one, `language`,
    /// without the table).
    pub languages: languages::Languages,
    /// The interface strings of `language` (search box, labels), by key.
    pub strings: std::sync::Arc<std::collections::BTreeMap<String, String>>,
    pub theme: String,
    /// Pattern with `{path}` (the source path relative to the site root).
    pub edit_url: Option<String>,
    pub footer: Option<String>,
    /// Logo path relative to the output root (a file from `static/`).
    pub logo: Option<String>,
    pub accent_color: String,
    pub print: bool,
    /// `llms.txt` and each page's Markdown beside its HTML (`llms = false`: neither).
    pub llms: bool,
    /// `[search] enabled`: the index, the search page and the search box.
    pub search_enabled: bool,
    /// `[rules]`, `[scorecard]` and `[guide_links]`, validated.
    pub settings: settings::Settings,
    /// `[search]`, validated by the search stage (which alone reads it).
    pub search: toml::Table,
    /// `[calendar] weeks`: how far ahead the on-call calendar feeds reach.
    pub calendar_weeks: u32,
    /// The normalized text of ownbook.toml, for diagnostics that point into it.
    pub source: String,
}

impl Config {
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    pub fn static_dir(&self) -> PathBuf {
        self.root.join("static")
    }

    pub fn templates_dir(&self) -> PathBuf {
        self.root.join("templates")
    }

    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.theme)
    }

    /// The interface string `key` in the language being built, `english` when the
    /// strings have none (as in tests that build a config by hand).
    pub fn ui(&self, key: &str, english: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| english.to_string())
    }
}

/// What the rule named `code` checks, for tools that list rules (SARIF); `None` for
/// codes that are not configurable rules.
pub fn describe_rule(code: &str) -> Option<String> {
    settings::RULES
        .iter()
        .find(|(name, _, _)| *name == code)
        .map(|(_, _, what)| what.replace('`', ""))
}

/// Loads and validates `ownbook.toml` in `root`. `base_url_override` comes from
/// `--base-url`. `Err` holds the problems that leave no usable config; mistakes in the
/// catalog's settings come with the config (their defaults are used), so that the
/// rest of the handbook is still checked.
pub fn load(
    root: &Path,
    base_url_override: Option<&str>,
) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    if !path.is_file() {
        return Err(vec![
            Diagnostic::error("config", format!("no {CONFIG_FILE} in {}", root.display()))
                .hint("run ownbook inside a handbook folder, pass --root DIR, or create one with `ownbook init`"),
        ]);
    }
    let source = fsutil::read_text(&path, CONFIG_FILE).map_err(|d| vec![d])?;
    from_source(root, source, base_url_override)
}

/// Validates the normalized text of an `ownbook.toml` read from somewhere other than
/// `root` itself (a git revision), exactly as [`load`] does; `root` is where the
/// handbook's other files are.
pub fn from_source(
    root: &Path,
    source: String,
    base_url_override: Option<&str>,
) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
    let parsed = crate::tomlread::parse::<RawConfig>(CONFIG_FILE, &source, 0, source.len());
    let Some(raw) = parsed.value else {
        return Err(parsed.diags);
    };
    let mut config = validate(root, raw, source, base_url_override)?;
    let (settings, diags) = settings::parse(&config.source);
    config.settings = settings;
    Ok((config, diags))
}

fn validate(
    root: &Path,
    raw: RawConfig,
    source: String,
    base_url_override: Option<&str>,
) -> Result<Config, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let key_error = |key: &str, message: String, hint: &str| {
        let offset = find_key(&source, key);
        Diagnostic::error("config", message)
            .at(CONFIG_FILE, &source, offset, key.len())
            .hint(hint.to_string())
    };
    let base_url = normal_base_url(base_url_override.map(str::to_string).or(raw.base_url))
        .unwrap_or_else(|url| {
            diags.push(key_error(
                "base_url",
                format!("base_url `{url}` is not an http(s) URL"),
                "write it like base_url = \"https://intranet.example.com/handbook/\"",
            ));
            None
        });
    if let Some(edit) = &raw.edit_url
        && !(edit.starts_with("http://") || edit.starts_with("https://"))
    {
        diags.push(key_error(
            "edit_url",
            format!("edit_url `{edit}` is not an http(s) URL"),
            "use a pattern like \"https://git.example.com/org/handbook/edit/main/{path}\"",
        ));
    }
    let accent_color = raw.accent_color.unwrap_or_else(|| "#0b6e4f".to_string());
    if !is_css_color(&accent_color) {
        diags.push(key_error(
            "accent_color",
            format!("accent_color `{accent_color}` is not a hex colour"),
            "write it as \"#0b6e4f\"",
        ));
    }
    let calendar_weeks = calendar_weeks(raw.calendar.as_ref(), &source, &mut diags);
    let theme = raw.theme.unwrap_or_else(|| "default".to_string());
    if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
        diags.push(key_error(
            "theme",
            format!("theme `{theme}` is not a folder name"),
            "name a folder inside themes/",
        ));
    }
    let organization = raw
        .organization
        .clone()
        .unwrap_or_else(|| "Example Org".to_string());
    let top = raw.language.as_deref();
    let languages = languages::from_config(&raw.languages, top, &source, &organization)
        .unwrap_or_else(|found| {
            diags.extend(found);
            languages::Languages::default()
        });
    if !diags.is_empty() {
        return Err(diags);
    }
    let language = languages.default_code().to_string();
    // `{{ org }}` works in the site's own texts too, so one setting renames everything.
    let org = |text: String| crate::text::replace_org(&text, &organization).into_owned();
    Ok(Config {
        root: root.to_path_buf(),
        title: org(raw
            .title
            .unwrap_or_else(|| "{{ org }} Handbook".to_string())),
        description: org(raw.description.unwrap_or_default()),
        footer: raw.footer.map(org),
        organization,
        base_url,
        language,
        languages,
        strings: Default::default(),
        theme,
        edit_url: raw.edit_url,
        logo: raw.logo,
        accent_color,
        print: raw.print.unwrap_or(true),
        llms: raw.llms.unwrap_or(true),
        // The search stage reports a mistyped value, with its position.
        search_enabled: raw
            .search
            .get("enabled")
            .and_then(toml::Value::as_bool)
            .unwrap_or(true),
        settings: settings::Settings::default(),
        search: raw.search,
        calendar_weeks,
        source,
    })
}

/// `base_url` ending in one `/` (empty means none), or `Err` with a value that is not
/// an http(s) URL.
fn normal_base_url(url: Option<String>) -> Result<Option<String>, String> {
    match url {
        Some(url) if url.is_empty() => Ok(None),
        Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
            Ok(Some(if url.ends_with('/') {
                url
            } else {
                format!("{url}/")
            }))
        }
        Some(url) => Err(url),
        None => Ok(None),
    }
}

/// `[calendar] weeks`, or the default; a value out of range is reported at its
/// position (and the default used).
fn calendar_weeks(
    calendar: Option<&RawCalendar>,
    source: &str,
    diags: &mut Vec<Diagnostic>,
) -> u32 {
    let Some(w) = calendar.and_then(|c| c.weeks.as_ref()) else {
        return DEFAULT_CALENDAR_WEEKS;
    };
    if let Some(weeks) = u32::try_from(*w.get_ref())
        .ok()
        .filter(|w| (1..=MAX_CALENDAR_WEEKS).contains(w))
    {
        return weeks;
    }
    diags.push(
        Diagnostic::error(
            "config",
            format!("[calendar] weeks = {} is out of range", w.get_ref()),
        )
        .at(CONFIG_FILE, source, w.span().start, w.span().len())
        .hint(format!(
            "write how many weeks of shifts the calendars hold, 1 to {MAX_CALENDAR_WEEKS} (default {DEFAULT_CALENDAR_WEEKS})"
        )),
    );
    DEFAULT_CALENDAR_WEEKS
}

fn is_css_color(s: &str) -> bool {
    let hex = s.strip_prefix('#').unwrap_or("");
    matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit())
}

/// Byte offset of `key = ` at the start of a line, or 0.
fn find_key(source: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(key) && trimmed[key.len()..].trim_start().starts_with('=') {
            return offset + (line.len() - trimmed.len());
        }
        offset += line.len();
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_points_at_the_line() {
        let dir = tempfile::tempdir().ok();
        let Some(dir) = dir else { return };
        let _ = std::fs::write(dir.path().join(CONFIG_FILE), "title = \"x\"\ncolour = 1\n");
        let err = load(dir.path(), None).err().unwrap_or_default();
        assert_eq!(err.len(), 1);
        assert_eq!((err[0].line, err[0].column), (2, 1));
        assert!(
            err[0].message.contains("unknown field `colour`"),
            "{}",
            err[0].message
        );
    }

    #[test]
    fn base_url_gets_trailing_slash() {
        let raw = RawConfig {
            base_url: Some("https://x.example/h".into()),
            ..Default::default()
        };
        let cfg = validate(Path::new("/r"), raw, String::new(), None).ok();
        assert_eq!(
            cfg.and_then(|c| c.base_url).as_deref(),
            Some("https://x.example/h/")
        );
    }
}
