//! mkdocs.yml → ownbook.toml. Site name, description, URL, repository and edit
//! links, copyright, Material's logo and primary colour carry over; every other
//! setting (plugins, Markdown extensions ownbook does not emulate, Python tags such as
//! `!!python/name:…`) is noted with its line.

use crate::import::{Note, note_at, toml_str, yaml};
use std::collections::HashSet;

/// The settings the importer uses.
#[derive(Debug, Default)]
pub struct Config {
    pub site_name: String,
    pub site_description: Option<String>,
    pub site_url: Option<String>,
    /// The path part of site_url (`handbook/`), or empty.
    pub site_prefix: String,
    pub repo_url: Option<String>,
    pub edit_uri: Option<String>,
    pub docs_dir: String,
    pub copyright: Option<String>,
    pub use_directory_urls: bool,
    /// pymdownx.emoji is enabled, so `:name:` in pages is a shortcode.
    pub emoji: bool,
    pub logo: Option<String>,
    pub primary: Option<String>,
    /// Where repo_url is, for notes about edit links.
    repo_pos: (usize, usize),
    /// The config file's name, for notes.
    display: String,
    /// Where `copyright` and `theme` are, for notes.
    copyright_pos: (usize, usize),
    theme_pos: (usize, usize),
}

/// Markdown extensions whose syntax ownbook renders natively or the importer converts.
const CONVERTED: [&str; 16] = [
    "admonition",
    "pymdownx.details",
    "attr_list",
    "toc",
    "tables",
    "footnotes",
    "fenced_code",
    "codehilite",
    "pymdownx.highlight",
    "pymdownx.superfences",
    "pymdownx.tasklist",
    "meta",
    "pymdownx.tabbed",
    "sane_lists",
    "smarty",
    "abbr",
];

/// Reads the settings of mkdocs.yml (`root`, parsed from `text`), noting every one
/// ownbook has no place for.
pub fn read(root: &yaml::Node, text: &str, display: &str, notes: &mut Vec<Note>) -> Config {
    let mut cfg = Config {
        docs_dir: "docs".into(),
        use_directory_urls: true,
        display: display.to_string(),
        ..Config::default()
    };
    let mut note = |node: &yaml::Node, msg: String| {
        let (l, c) = yaml::pos(node);
        notes.push(note_at(display, l, c, msg));
    };
    for (key, knode, value) in yaml::entries(root) {
        // These are read item by item, and what cannot be read is noted there.
        if yaml::is_unreadable(value)
            && !matches!(
                key.as_str(),
                "markdown_extensions" | "plugins" | "theme" | "nav"
            )
        {
            note(
                knode,
                format!(
                    "`{key}: {}` cannot be read (a YAML tag MkDocs resolves in Python); set it in ownbook.toml by hand",
                    yaml::source_of(text, value)
                ),
            );
            continue;
        }
        setting(&mut cfg, &key, knode, value, text, &mut note);
    }
    if cfg.site_name.is_empty() {
        note(
            root,
            "mkdocs.yml has no `site_name`; the handbook is titled \"Handbook\"".into(),
        );
        cfg.site_name = "Handbook".into();
    }
    if let Some(url) = &cfg.site_url {
        cfg.site_prefix = url_prefix(url);
    }
    cfg
}

/// Reads one top-level setting, `key` (at `knode`) with its `value`.
fn setting(
    cfg: &mut Config,
    key: &str,
    knode: &yaml::Node,
    value: &yaml::Node,
    text: &str,
    note: &mut impl FnMut(&yaml::Node, String),
) {
    let v = yaml::text(value)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    match key {
        "site_name" => cfg.site_name = v.unwrap_or_default(),
        "site_description" => cfg.site_description = v,
        "site_url" => cfg.site_url = v,
        "repo_url" => {
            cfg.repo_url = v;
            cfg.repo_pos = yaml::pos(knode);
        }
        "edit_uri" => cfg.edit_uri = v,
        "docs_dir" => {
            cfg.docs_dir = v
                .unwrap_or_else(|| "docs".into())
                .trim_end_matches('/')
                .to_string()
        }
        "copyright" => {
            cfg.copyright = v;
            cfg.copyright_pos = yaml::pos(knode);
        }
        "use_directory_urls" => cfg.use_directory_urls = v.as_deref() != Some("false"),
        "nav" => {}
        "theme" => {
            cfg.theme_pos = yaml::pos(knode);
            match v {
                Some(name) if name != "material" && name != "mkdocs" => note(
                    knode,
                    format!("theme `{name}` is replaced by ownbook's theme"),
                ),
                Some(_) => {}
                None => theme(cfg, value, text, note),
            }
        }
        "markdown_extensions" => markdown_extensions(cfg, value, text, note),
        "plugins" => plugins(value, note),
        _ => note(knode, format!("`{key}` has no ownbook equivalent")),
    }
}

/// Notes every Markdown extension whose syntax ownbook neither renders nor converts,
/// and Python references in the options of any.
fn markdown_extensions(
    cfg: &mut Config,
    value: &yaml::Node,
    text: &str,
    note: &mut impl FnMut(&yaml::Node, String),
) {
    for item in yaml::items(value) {
        let (name, options) = match yaml::text(item) {
            Some(n) => (n, None),
            None => match yaml::entries(item).into_iter().next() {
                Some((n, _, o)) => (n, Some(o)),
                None => continue,
            },
        };
        if name == "pymdownx.emoji" {
            cfg.emoji = true;
        }
        if !CONVERTED.contains(&name.as_str()) {
            note(
                item,
                format!(
                    "Markdown extension `{name}` is not supported; pages using its syntax keep it as text"
                ),
            );
        }
        if let Some(o) = options {
            python_refs(o, text, note);
        }
    }
}

/// Notes every plugin but `search` (ownbook has its own).
fn plugins(value: &yaml::Node, note: &mut impl FnMut(&yaml::Node, String)) {
    for item in yaml::items(value) {
        let name = yaml::text(item)
            .or_else(|| yaml::entries(item).into_iter().next().map(|e| e.0))
            .unwrap_or_default();
        if name != "search" {
            note(
                item,
                format!("MkDocs plugin `{name}` has no ownbook equivalent"),
            );
        }
    }
}

/// The path part of a site URL as a folder (`https://x.org/handbook` → `handbook/`),
/// or empty.
fn url_prefix(url: &str) -> String {
    let path = url
        .split_once("://")
        .map(|(_, r)| r)
        .and_then(|r| r.split_once('/'))
        .map(|(_, p)| p)
        .unwrap_or("");
    let path = path.trim_matches('/');
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}/")
    }
}

fn theme(
    cfg: &mut Config,
    value: &yaml::Node,
    text: &str,
    note: &mut impl FnMut(&yaml::Node, String),
) {
    for (key, knode, v) in yaml::entries(value) {
        match key.as_str() {
            "name" => {
                if let Some(n) = yaml::text(v).filter(|n| n != "material" && n != "mkdocs") {
                    note(knode, format!("theme `{n}` is replaced by ownbook's theme"));
                }
            }
            "logo" => cfg.logo = yaml::text(v),
            "palette" => {
                let first = yaml::items(v).first().unwrap_or(v);
                cfg.primary = yaml::get_text(first, "primary");
            }
            _ => note(
                knode,
                format!("theme setting `{key}` has no ownbook equivalent"),
            ),
        }
        python_refs(v, text, note);
    }
}

/// Notes every value of `node` (recursively) that is a Python reference tag.
fn python_refs(node: &yaml::Node, text: &str, note: &mut impl FnMut(&yaml::Node, String)) {
    if yaml::is_unreadable(node) {
        note(
            node,
            format!(
                "`{}` refers to Python code; ignored",
                yaml::source_of(text, node)
            ),
        );
        return;
    }
    for (_, _, v) in yaml::entries(node) {
        python_refs(v, text, note);
    }
    for v in yaml::items(node) {
        python_refs(v, text, note);
    }
}

/// The ownbook.toml of the imported handbook. `files` are the copied docs files (the
/// logo must be one of them).
pub fn ownbook_toml(cfg: &Config, files: &HashSet<String>, notes: &mut Vec<Note>) -> String {
    let mut out = String::from(
        "# Imported from MkDocs by `ownbook import mkdocs`. See the README for every key.\n",
    );
    out.push_str(&format!("title = {}\n", toml_str(&cfg.site_name)));
    out.push_str("# organization = \"Your organization\"  # replaces {{ org }} in pages\n");
    if let Some(d) = &cfg.site_description {
        out.push_str(&format!("description = {}\n", toml_str(d)));
    }
    if let Some(url) = cfg
        .site_url
        .as_deref()
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
    {
        out.push_str(&format!("base_url = {}\n", toml_str(url)));
    }
    if let Some(edit) = edit_url(cfg, notes) {
        out.push_str(&format!("edit_url = {}\n", toml_str(&edit)));
    }
    if let Some(c) = &cfg.copyright {
        let plain = strip_html(c);
        if plain != *c {
            notes.push(note_at(
                &cfg.display,
                0,
                0,
                "HTML in `copyright` removed: the footer is plain text",
            ));
        }
        out.push_str(&format!("footer = {}\n", toml_str(plain.trim())));
    }
    if let Some(logo) = &cfg.logo {
        let rel = logo.trim_start_matches("./");
        if files.contains(rel) {
            out.push_str(&format!(
                "logo = {}\n",
                toml_str(&super::paths::map_path(rel))
            ));
        } else {
            let (l, c) = cfg.theme_pos;
            notes.push(note_at(&cfg.display, l, c, format!("theme logo `{logo}` is not a file of the docs folder; set `logo` in ownbook.toml")));
        }
    }
    if let Some(p) = &cfg.primary {
        match accent(p) {
            Some(hex) => out.push_str(&format!("accent_color = {}\n", toml_str(&hex))),
            None => notes.push(note_at(
                &cfg.display,
                0,
                0,
                format!(
                    "palette colour `{p}` has no hex value; set `accent_color` in ownbook.toml"
                ),
            )),
        }
    }
    out
}

/// `repo_url` + `edit_uri` with the docs folder replaced by `{path}` (the imported
/// file's path in the handbook, `content/…`).
fn edit_url(cfg: &Config, notes: &mut Vec<Note>) -> Option<String> {
    let repo = cfg.repo_url.as_deref()?.trim_end_matches('/');
    let (line, col) = cfg.repo_pos;
    let docs = &cfg.docs_dir;
    let uri = match &cfg.edit_uri {
        Some(u) => u.clone(),
        None if repo.contains("github.com") || repo.contains("gitlab") => {
            format!("edit/master/{docs}/")
        }
        None => return None,
    };
    let base = if uri.starts_with("http://") || uri.starts_with("https://") {
        uri
    } else {
        format!("{repo}/{}", uri.trim_start_matches('/'))
    };
    let Some(prefix) = base.trim_end_matches('/').strip_suffix(docs.as_str()) else {
        notes.push(note_at(&cfg.display, line, col, format!("edit link `{base}` does not end with the docs folder; set `edit_url` in ownbook.toml")));
        return None;
    };
    notes.push(note_at(&cfg.display, line, col, format!("edit links point at `{prefix}content/…`; check the branch once the handbook is in its repository")));
    Some(format!("{prefix}{{path}}"))
}

/// Text of a copyright line: tags dropped, common entities decoded.
fn strip_html(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    for (entity, ch) in [
        ("&copy;", "©"),
        ("&nbsp;", " "),
        ("&mdash;", "—"),
        ("&ndash;", "–"),
        ("&reg;", "®"),
        ("&trade;", "™"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&amp;", "&"),
    ] {
        out = out.replace(entity, ch);
    }
    out
}

/// Material for MkDocs' primary colours as hex, or a hex value as given.
fn accent(name: &str) -> Option<String> {
    if name.starts_with('#')
        && matches!(name.len(), 4 | 7)
        && name[1..].chars().all(|c| c.is_ascii_hexdigit())
    {
        return Some(name.to_string());
    }
    let hex = match name.to_ascii_lowercase().replace(' ', "-").as_str() {
        "red" => "#ef5350",
        "pink" => "#e92063",
        "purple" => "#ab47bd",
        "deep-purple" => "#7e56c2",
        "indigo" => "#4051b5",
        "blue" => "#2094f3",
        "light-blue" => "#02a6f2",
        "cyan" => "#00bdd6",
        "teal" => "#009485",
        "green" => "#4cae4f",
        "light-green" => "#8bc34b",
        "lime" => "#cbdc38",
        "yellow" => "#ffec3d",
        "amber" => "#ffc105",
        "orange" => "#ffa724",
        "deep-orange" => "#ff6e42",
        "brown" => "#795649",
        "grey" => "#757575",
        "blue-grey" => "#546d78",
        "black" => "#000000",
        _ => return None,
    };
    Some(hex.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copyright_becomes_text() {
        assert_eq!(
            strip_html("Copyright &copy; 2024 <a href=\"x\">Acme</a>"),
            "Copyright © 2024 Acme"
        );
    }

    #[test]
    fn edit_links_point_at_content() {
        let cfg = Config {
            repo_url: Some("https://github.com/acme/ops-guide/".into()),
            edit_uri: Some("edit/main/docs/".into()),
            docs_dir: "docs".into(),
            ..Config::default()
        };
        let mut notes = Vec::new();
        assert_eq!(
            edit_url(&cfg, &mut notes).as_deref(),
            Some("https://github.com/acme/ops-guide/edit/main/{path}")
        );
    }
}
