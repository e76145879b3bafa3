//! `[languages]` in ownbook.toml: the default language and the others the handbook is
//! translated into.
//!
//! ```toml
//! [languages]
//! default = "en"
//!
//! [languages.en]
//! name = "English"
//!
//! [languages.ja]
//! name = "日本語"
//! title = "{{ org }} 運用ハンドブック"
//! description = "…"
//! ```

use super::CONFIG_FILE;
use crate::diag::Diagnostic;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use std::borrow::Cow;

/// One language of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// The HTML `lang` code (`en`, `ja`, `pt-BR`).
    pub code: String,
    /// The language's own name, shown in the language switcher.
    pub name: String,
    /// The site's title in this language (default: the site's title).
    pub title: Option<String>,
    /// The site's description in this language (default: the site's description).
    pub description: Option<String>,
}

/// The languages of a site, the default one first, the others by code. A site
/// without `[languages]` has one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Languages {
    pub list: Vec<Language>,
}

impl Languages {
    /// Whether the site is built in more than one language.
    pub fn is_multilingual(&self) -> bool {
        self.list.len() > 1
    }

    /// The code of the default language.
    pub fn default_code(&self) -> &str {
        self.list.first().map_or("en", |l| l.code.as_str())
    }

    /// The languages other than the default.
    pub fn translations(&self) -> &[Language] {
        self.list.get(1..).unwrap_or(&[])
    }

    /// Whether `code` is a language the site is translated into (not the default).
    pub fn is_translation(&self, code: &str) -> bool {
        self.translations().iter().any(|l| l.code == code)
    }

    /// The output folder of a language's pages: `""` for the default, `ja/` for others.
    pub fn prefix(&self, code: &str) -> String {
        match self.list.first() {
            Some(first) if first.code != code => format!("{code}/"),
            _ => String::new(),
        }
    }
}

/// `[languages.<code>]`: one language.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Language")]
pub struct LanguageRaw {
    /// The language's own name, shown in the language switcher ("日本語").
    pub name: Option<String>,
    /// The site's title in this language; `{{ org }}` becomes `organization`.
    pub title: Option<String>,
    /// The site's description in this language.
    pub description: Option<String>,
}

/// The site's languages: `[languages]` when ownbook.toml has it, else the one
/// `language` (default "en").
pub fn from_config(
    table: &toml::Table,
    language: Option<&str>,
    source: &str,
    organization: &str,
) -> Result<Languages, Vec<Diagnostic>> {
    if !table.is_empty() {
        return parse(table, language, source, organization);
    }
    let code = language.unwrap_or("en").to_string();
    let only = Language {
        name: code.clone(),
        code,
        title: None,
        description: None,
    };
    Ok(Languages { list: vec![only] })
}

/// Reads `[languages]` (given as a table) into the site's languages; `language` is the
/// top-level key, which must agree with `default` when both are set. Problems point at
/// the key or table header in `source`.
pub fn parse(
    table: &toml::Table,
    language: Option<&str>,
    source: &str,
    organization: &str,
) -> Result<Languages, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let at = |needle: &str| find_line(source, needle);
    let error = |needle: &str, message: String, hint: &str| {
        let (offset, len) = at(needle);
        Diagnostic::error("config", message)
            .at(CONFIG_FILE, source, offset, len)
            .hint(hint.to_string())
    };
    let Some(default) = table.get("default").and_then(toml::Value::as_str) else {
        return Err(vec![error(
            "[languages]",
            "[languages] has no `default` language (a code such as \"en\")".into(),
            "add `default = \"en\"` under [languages]: the language of page.md files",
        )]);
    };
    let mut list: Vec<Language> = Vec::new();
    let org = |t: String| crate::text::replace_org(&t, organization).into_owned();
    for (code, value) in table.iter().filter(|(k, _)| *k != "default") {
        let header = format!("[languages.{code}]");
        if !is_language_code(code) {
            diags.push(error(
                &header,
                format!("`{code}` is not a language code"),
                "name each language by its HTML lang code, such as `ja` or `pt-BR`",
            ));
            continue;
        }
        let raw: LanguageRaw = match value.clone().try_into() {
            Ok(raw) => raw,
            Err(e) => {
                diags.push(error(
                    &header,
                    format!("[languages.{code}]: {}", e.message()),
                    "a language has `name`, and optionally `title` and `description`",
                ));
                continue;
            }
        };
        if raw.name.is_none() && code != default {
            diags.push(error(
                &header,
                format!("[languages.{code}] has no `name`"),
                "add the language's own name, e.g. name = \"日本語\"; the language switcher shows it",
            ));
            continue;
        }
        list.push(Language {
            code: code.clone(),
            name: raw.name.unwrap_or_else(|| code.clone()),
            title: raw.title.map(org),
            description: raw.description.map(org),
        });
    }
    if !is_language_code(default) {
        diags.push(error(
            "default",
            format!("`{default}` is not a language code"),
            "write the default language's HTML lang code, such as \"en\"",
        ));
    }
    if let Some(language) = language.filter(|l| *l != default) {
        diags.push(error(
            "language",
            format!("language = \"{language}\" and [languages] default = \"{default}\" disagree"),
            "remove `language`: with [languages], `default` names the language of page.md",
        ));
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let position = list.iter().position(|l| l.code == default);
    let first = match position {
        Some(i) => list.remove(i),
        None => Language {
            code: default.to_string(),
            name: default.to_string(),
            title: None,
            description: None,
        },
    };
    list.insert(0, first);
    Ok(Languages { list })
}

/// `en`, `ja`, `pt-BR`, `zh-Hant`: two or three letters, then subtags of letters and
/// digits. Codes are also folder names and file suffixes, so nothing else is allowed.
pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The offset and length of the line starting with `needle`, for diagnostics: a table
/// header, `language =` at the top, or a key of `[languages]` (looked for after its
/// header only, since other tables have keys named `default` too). Else the
/// `[languages]` header.
fn find_line(source: &str, needle: &str) -> (usize, usize) {
    let mut offset = 0;
    let mut header = None;
    let mut first_table = None;
    let anywhere = needle.starts_with('[') || needle == "language";
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let start = offset + (line.len() - trimmed.len());
        offset += line.len();
        if trimmed.starts_with('[') && header.is_some() && !anywhere {
            break;
        }
        if first_table.is_none() && trimmed.starts_with("[languages") {
            first_table = Some((start, trimmed.trim_end().len()));
        }
        if trimmed.starts_with("[languages]") {
            header = Some((start, "[languages]".len()));
            continue;
        }
        let key_here = trimmed.starts_with(needle)
            && (needle.starts_with('[') || trimmed[needle.len()..].trim_start().starts_with('='));
        if key_here && (anywhere || header.is_some()) {
            return (start, needle.len());
        }
    }
    header.or(first_table).unwrap_or((0, 0))
}

/// What [`is_language_code`] accepts, for the published schema.
pub const CODE_PATTERN: &str = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$";

/// `[languages]` as the published schema of ownbook.toml describes it: `default` and
/// a table per language code (read by [`parse`], which says the same in its errors).
pub struct LanguagesSchema;

impl JsonSchema for LanguagesSchema {
    fn schema_name() -> Cow<'static, str> {
        "Languages".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let names = format!("^(default|{})$", &CODE_PATTERN[1..CODE_PATTERN.len() - 1]);
        json_schema!({
            "description": "The languages of a translated handbook: `default`, the language of page.md files, and a table per language code ([languages.en], [languages.ja]), the default's among them. Translations are page.<code>.md beside their originals.",
            "type": "object",
            "required": ["default"],
            "properties": {
                "default": {
                    "description": "The code of the default language, such as \"en\": the language of page.md files, published at the site's root.",
                    "type": "string",
                    "pattern": CODE_PATTERN
                }
            },
            "propertyNames": { "pattern": names },
            "additionalProperties": generator.subschema_for::<LanguageRaw>()
        })
    }
}
