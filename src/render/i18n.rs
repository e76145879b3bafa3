//! Interface strings: the words of the theme itself (the search box, "Edit this page",
//! the 404 page, catalog labels) in each language. The theme has a strings file per
//! language (`i18n/<code>.toml`: English and Japanese in the default theme); a
//! handbook's own `i18n/<code>.toml` overrides single strings. A string a language
//! lacks is taken from the default language (and from English, which has them all),
//! and a translated handbook's check lists it.

use super::theme::DEFAULT_THEME;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::fsutil;
use std::collections::BTreeMap;

/// The language every string exists in.
const BASE: &str = "en";

/// The strings of one language, and the file a translator would add them to.
#[derive(Debug, Default)]
struct Layer {
    strings: BTreeMap<String, String>,
    /// The handbook's own strings file if it has one, else the theme's, else `None`
    /// (the language has no strings file at all).
    file: Option<String>,
}

/// Every language's strings, read once per build.
#[derive(Debug, Default)]
pub struct ThemeStrings {
    layers: BTreeMap<String, Layer>,
}

/// Reads the strings of English and of each language of the site; mistakes in a
/// strings file are errors at their position.
pub fn load(config: &Config) -> (ThemeStrings, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut codes: Vec<&str> = vec![BASE];
    codes.extend(config.languages.list.iter().map(|l| l.code.as_str()));
    codes.push(&config.language);
    let mut layers = BTreeMap::new();
    for code in codes {
        if !layers.contains_key(code) {
            layers.insert(code.to_string(), layer(config, code, &mut diags));
        }
    }
    (ThemeStrings { layers }, diags)
}

/// The theme's strings of `code`, then the handbook's over them.
fn layer(config: &Config, code: &str, diags: &mut Vec<Diagnostic>) -> Layer {
    let name = format!("i18n/{code}.toml");
    let mut out = Layer::default();
    let disk = config.theme_dir().join(&name);
    // A theme of its own without strings (made before themes had them) uses the
    // default theme's.
    let theme_text = if disk.is_file() {
        let display = format!("themes/{}/{name}", config.theme);
        Some((fsutil::read_text(&disk, &display), display))
    } else {
        DEFAULT_THEME.get_file(&name).map(|f| {
            let text = String::from_utf8_lossy(f.contents()).into_owned();
            (Ok(text), format!("(built-in theme) {name}"))
        })
    };
    let site_path = config.root.join(&name);
    let site_text = site_path
        .is_file()
        .then(|| (fsutil::read_text(&site_path, &name), name.clone()));
    for (text, display) in [theme_text, site_text].into_iter().flatten() {
        let text = match text {
            Ok(text) => text,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let parsed =
            crate::tomlread::parse::<BTreeMap<String, String>>(&display, &text, 0, text.len());
        diags.extend(parsed.diags);
        if let Some(strings) = parsed.value.or(parsed.partial) {
            out.strings.extend(strings);
        }
        out.file = Some(display);
    }
    out
}

impl ThemeStrings {
    /// The strings of `config.language`: English, then the default language's, then
    /// its own. With several languages, the strings it lacks are reported (warnings
    /// naming the strings file and the key).
    pub fn for_language(&self, config: &Config) -> (BTreeMap<String, String>, Vec<Diagnostic>) {
        let empty = Layer::default();
        let get = |code: &str| self.layers.get(code).unwrap_or(&empty);
        let mut strings = get(BASE).strings.clone();
        let default = config
            .languages
            .list
            .first()
            .map_or(BASE, |l| l.code.as_str());
        strings.extend(get(default).strings.clone());
        strings.extend(get(&config.language).strings.clone());
        let mut diags = Vec::new();
        if config.languages.is_multilingual() && config.language != BASE {
            diags = missing(get(BASE), get(&config.language), &config.language);
        }
        (strings, diags)
    }
}

/// The strings of English that `own` (the strings of `code`) lacks.
fn missing(base: &Layer, own: &Layer, code: &str) -> Vec<Diagnostic> {
    let hint_file = format!("i18n/{code}.toml");
    let Some(file) = &own.file else {
        return vec![
            Diagnostic::warning(
                "missing-translation-string",
                format!(
                    "no interface strings for `{code}`: the theme's words (search box, labels) are shown in the default language"
                ),
            )
            .in_file(crate::config::CONFIG_FILE)
            .hint(format!(
                "create {hint_file} in the handbook with the keys of the theme's i18n/{BASE}.toml, translated"
            )),
        ];
    };
    base.strings
        .iter()
        .filter(|(key, _)| !own.strings.contains_key(*key))
        .map(|(key, english)| {
            Diagnostic::warning(
                "missing-translation-string",
                format!("`{file}` has no string `{key}`; the default language's is shown"),
            )
            .in_file(file)
            .hint(format!(
                "add `{key} = \"…\"` to {hint_file} in the handbook (in English: \"{english}\")"
            ))
        })
        .collect()
}

/// The Tera filter `local_date(format=…, months=…)`: a `YYYY-MM-DD` date (anything
/// after it, such as a time, is kept) written by the language's `date_format`, whose
/// `{year}`, `{month}`, `{day}`, `{mm}`, `{dd}` and `{month_name}` (from the
/// comma-separated `months`) are filled in. Text that is not a date is left alone.
pub fn local_date(value: &str, kwargs: tera::Kwargs, _: &tera::State) -> String {
    let Ok(Some(format)) = kwargs.get::<&str>("format") else {
        return value.to_string();
    };
    let months = kwargs.get::<&str>("months").ok().flatten().unwrap_or("");
    let Some(date) = crate::dates::parse(value) else {
        return value.to_string();
    };
    let month = usize::try_from(date.month()).unwrap_or(1);
    let name = months.split(',').nth(month.saturating_sub(1)).unwrap_or("");
    let written = format
        .replace("{year}", &date.year().to_string())
        .replace("{mm}", &format!("{:02}", date.month()))
        .replace("{dd}", &format!("{:02}", date.day()))
        .replace("{month_name}", name.trim())
        .replace("{month}", &date.month().to_string())
        .replace("{day}", &date.day().to_string());
    format!("{written}{}", value.get(10..).unwrap_or(""))
}
