//! The language switcher and `hreflang` alternates of a translated handbook's pages:
//! each language's version of the page being rendered, or that language's home page
//! when the page has no translation into it.

use super::Ctx;
use crate::url::root_of;
use serde::Serialize;

/// One language as the switcher and the alternates show it.
#[derive(Serialize)]
struct Version<'a> {
    code: &'a str,
    name: &'a str,
    /// Relative URL of the page in this language, or of this language's home page
    /// (with the note saying why) when the page is not translated.
    href: String,
    /// The URL for `<link rel="alternate">`: absolute with a base_url.
    alternate: String,
    current: bool,
    translated: bool,
}

/// Adds `languages` (every language's version of the page in `out_dir`) and
/// `x_default` to a template context; nothing for a handbook in one language, so
/// that its pages stay as they were.
pub fn insert(cx: &Ctx, out_dir: &str, ctx: &mut tera::Context) {
    let config = &cx.site.config;
    let languages = &config.languages;
    if !languages.is_multilingual() {
        return;
    }
    // Guide pages exist in the languages that have them; catalog and generated pages
    // in every language.
    let available = cx.site.translated.available.get(out_dir);
    let here = languages.prefix(&config.language);
    let to_root = format!("{}{}", root_of(out_dir), root_of(&here));
    let base = config
        .base_url
        .as_deref()
        .map(|b| b.strip_suffix(here.as_str()).unwrap_or(b).to_string());
    let versions: Vec<Version> = languages
        .list
        .iter()
        .map(|lang| {
            let prefix = languages.prefix(&lang.code);
            let translated = available.is_none_or(|langs| langs.contains(&lang.code));
            let href = if translated {
                format!("{to_root}{prefix}{out_dir}index.html")
            } else {
                format!("{to_root}{prefix}index.html#not-translated")
            };
            let alternate = match &base {
                Some(base) => format!("{base}{prefix}{out_dir}"),
                None => format!("{to_root}{prefix}{out_dir}index.html"),
            };
            Version {
                code: &lang.code,
                name: &lang.name,
                href,
                alternate,
                current: lang.code == config.language,
                translated,
            }
        })
        .collect();
    let x_default = versions.first().map(|v| v.alternate.clone());
    let alternates = versions.iter().filter(|v| v.translated).count();
    ctx.insert("languages", &versions);
    ctx.insert("x_default", &x_default);
    ctx.insert("has_alternates", &(alternates > 1));
}
