//! The theme: Tera templates and static assets. The default theme is embedded in the
//! binary so `ownbook init` and `build` work anywhere; a site's `themes/<name>/`
//! replaces it, and a site's `templates/` overrides single templates.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::fsutil::{self, fingerprint, slash_path};
use crate::output::OutputFile;
use crate::walk::{Walk, is_ignored_path};
use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use tera::Tera;

/// The default theme as shipped, embedded at compile time.
pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where the default theme's diagram library goes in the output; written only for
/// sites with a diagram.
pub const DIAGRAM_ASSETS: &str = "assets/vendor/mermaid/";

/// Compiled templates plus the theme's static files, ready to render.
pub struct Theme {
    pub tera: Tera,
    /// Logical asset name (`style.css`) → fingerprinted output path
    /// (`assets/style.1a2b3c4d.css`).
    pub assets: BTreeMap<String, String>,
    /// The theme's static files, to be written with the site.
    pub files: Vec<OutputFile>,
    /// Files among `files` that ownbook makes and publishes at a fixed path (the JSON
    /// Schemas), and what each is, for errors about a path written twice.
    pub published: Vec<(String, String)>,
    /// A hash of every template and static file, so caches can tell two themes apart.
    pub stamp: u64,
}

/// Where each template came from, for error messages.
struct Source {
    name: String,
    display: String,
    text: String,
}

/// Loads the theme named in the config and the site's template overrides.
pub fn load(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut templates: BTreeMap<String, Source> = BTreeMap::new();
    let mut statics: Vec<(String, Vec<u8>)> = Vec::new();
    let theme_dir = config.theme_dir();
    if theme_dir.is_dir() {
        read_disk_theme(config, &theme_dir, &mut templates, &mut statics, &mut diags);
    } else if config.theme == "default" {
        read_embedded(&DEFAULT_THEME, &mut templates, &mut statics);
    } else {
        diags.push(
            Diagnostic::error(
                "theme",
                format!(
                    "theme `{}` not found: there is no folder themes/{}",
                    config.theme, config.theme
                ),
            )
            .in_file(crate::config::CONFIG_FILE)
            .hint(
                "create the folder, or remove `theme` from ownbook.toml to use the default theme",
            ),
        );
        return Err(diags);
    }
    let overrides = config.templates_dir();
    if overrides.is_dir() {
        read_templates(config, &overrides, &overrides, &mut templates, &mut diags);
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.register_filter("local_date", super::i18n::local_date);
    let list: Vec<(String, String)> = templates
        .values()
        .map(|s| (s.name.clone(), s.text.clone()))
        .collect();
    let stamp = {
        let mut h = DefaultHasher::new();
        list.hash(&mut h);
        statics.hash(&mut h);
        h.finish()
    };
    if let Err(e) = tera.add_raw_templates(list) {
        return Err(vec![template_error(&templates, &e)]);
    }
    let (assets, files) = fingerprint_statics(statics);
    Ok(Theme {
        tera,
        assets,
        files,
        published: Vec::new(),
        stamp,
    })
}

/// Turns a Tera error into a diagnostic naming the template file.
fn template_error(templates: &BTreeMap<String, Source>, e: &tera::Error) -> Diagnostic {
    let report = e.to_string();
    let file = templates
        .values()
        .find(|s| report.contains(&format!("{}:", s.name)))
        .map(|s| s.display.clone());
    let mut d = Diagnostic::error("template", format!("template error:\n{report}"))
        .hint("fix the template at the position shown; see the Tera documentation for the syntax");
    d.file = file;
    d
}

/// Renders `name` with `ctx`, turning errors into a diagnostic.
pub fn render(tera: &Tera, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
    tera.render(name, ctx).map_err(|e| {
        Diagnostic::error("template", format!("cannot render template `{name}`:\n{e}"))
            .hint("fix the template, or remove your override in templates/ to use the theme's")
    })
}

/// Every file of an embedded folder, depth first.
pub fn embedded_files(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        files.extend(d.files());
        stack.extend(d.dirs());
    }
    files
}

fn read_embedded(
    dir: &'static Dir<'static>,
    templates: &mut BTreeMap<String, Source>,
    statics: &mut Vec<(String, Vec<u8>)>,
) {
    for file in embedded_files(dir) {
        let path = slash_path(file.path());
        if let Some(name) = path.strip_prefix("templates/") {
            templates.insert(
                name.to_string(),
                Source {
                    name: name.to_string(),
                    display: format!("(built-in theme) templates/{name}"),
                    text: String::from_utf8_lossy(file.contents()).into_owned(),
                },
            );
        } else if let Some(name) = path.strip_prefix("static/") {
            statics.push((name.to_string(), file.contents().to_vec()));
        }
    }
}

fn read_disk_theme(
    config: &Config,
    theme_dir: &Path,
    templates: &mut BTreeMap<String, Source>,
    statics: &mut Vec<(String, Vec<u8>)>,
    diags: &mut Vec<Diagnostic>,
) {
    let tpl_dir = theme_dir.join("templates");
    read_templates(config, &tpl_dir, &tpl_dir, templates, diags);
    let static_dir = theme_dir.join("static");
    // A theme's static files are copied as they are, hidden ones included.
    for (path, rel) in Walk::new(&static_dir).keep_ignored().run().files {
        match std::fs::read(&path) {
            Ok(bytes) => statics.push((rel, bytes)),
            Err(e) => diags.push(
                Diagnostic::error("io", format!("cannot read theme file: {e}")).in_file(
                    &slash_path(path.strip_prefix(&config.root).unwrap_or(&path)),
                ),
            ),
        }
    }
}

fn read_templates(
    config: &Config,
    base: &Path,
    dir: &Path,
    templates: &mut BTreeMap<String, Source>,
    diags: &mut Vec<Diagnostic>,
) {
    for (path, _) in Walk::new(dir).keep_ignored().run().files {
        let is_template =
            path.extension().is_some_and(|e| e == "html" || e == "xml") && !is_ignored_path(&path);
        if !is_template {
            continue;
        }
        let name = slash_path(path.strip_prefix(base).unwrap_or(&path));
        let display = slash_path(path.strip_prefix(&config.root).unwrap_or(&path));
        match fsutil::read_text(&path, &display) {
            Ok(text) => {
                templates.insert(
                    name.clone(),
                    Source {
                        name,
                        display,
                        text,
                    },
                );
            }
            Err(d) => diags.push(d),
        }
    }
}

/// Gives CSS and JS files content-hashed names so browsers can cache them forever.
fn fingerprint_statics(
    statics: Vec<(String, Vec<u8>)>,
) -> (BTreeMap<String, String>, Vec<OutputFile>) {
    let mut assets = BTreeMap::new();
    let mut files = Vec::new();
    for (name, bytes) in statics {
        let out = match name.rsplit_once('.') {
            Some((stem, ext)) if ext == "css" || ext == "js" => {
                format!("assets/{stem}.{}.{ext}", fingerprint(&bytes))
            }
            _ => format!("assets/{name}"),
        };
        assets.insert(name, out.clone());
        files.push(OutputFile::bytes(out, bytes));
    }
    (assets, files)
}

/// Adds a file ownbook makes and publishes at `path` as it is, without a fingerprint
/// (the JSON Schemas, which editors and tools find by their address).
pub fn add_published(theme: &mut Theme, path: &str, what: &str, bytes: Vec<u8>) {
    theme.published.push((path.to_string(), what.to_string()));
    theme.files.push(OutputFile::bytes(path.to_string(), bytes));
}

/// Adds a generated asset (such as the code stylesheet) with a fingerprinted name.
pub fn add_generated(theme: &mut Theme, name: &str, bytes: Vec<u8>) {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, "txt"));
    let out = format!("assets/{stem}.{}.{ext}", fingerprint(&bytes));
    let mut h = DefaultHasher::new();
    (theme.stamp, name, &bytes).hash(&mut h);
    theme.stamp = h.finish();
    theme.assets.insert(name.to_string(), out.clone());
    theme.files.push(OutputFile::bytes(out, bytes));
}
