//! `ownbook init`: a new handbook with the bundled guide, example catalog and default
//! theme, all embedded in the binary so it works from any folder, and the JSON Schemas
//! of its TOML files in `schemas/`.

use crate::diag::Fatal;
use crate::fsutil::slash_path;
use include_dir::{Dir, include_dir};
use std::path::Path;

mod skeleton;

static CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
const CONFIG: &str = include_str!("../ownbook.toml");

/// How the example company appears in identifiers: its URLs, e-mail addresses and
/// chat links (`brightwater.example`, `git.brightwater.example/brightwater/…`).
const EXAMPLE_SLUG: &str = "brightwater";

/// Writes a new handbook into `dir` (created if missing; refused if not empty).
/// `org` replaces the organization's name in ownbook.toml, and a slug of it the
/// example company's in every URL and e-mail address of the copied files. `empty`
/// writes a skeleton instead of the example (see [`skeleton`]).
pub fn init(dir: &Path, org: Option<&str>, empty: bool) -> Result<usize, Fatal> {
    if dir.exists() {
        let has_files = std::fs::read_dir(dir)
            .map_err(|e| Fatal::io(dir, e))?
            .next()
            .is_some();
        if has_files {
            return Err(Fatal::Refused(format!(
                "`{}` is not empty; ownbook init only writes into an empty or new folder\n  = hint: choose a new folder name, e.g. `ownbook init my-handbook`",
                dir.display()
            )));
        }
    }
    let mut files = if empty {
        skeleton::files(org, &crate::dates::today())
            .into_iter()
            .map(|(rel, text)| (rel, text.into_bytes()))
            .collect()
    } else {
        example(org)
    };
    // Each TOML file names its schema, written beside the handbook, so editors
    // validate and complete it offline.
    for (rel, bytes) in &mut files {
        if let Some(line) = crate::schema::directive_for(rel) {
            bytes.splice(0..0, line.into_bytes());
        }
    }
    for (name, text) in crate::schema::files() {
        files.push((
            format!("{}{name}", crate::schema::FOLDER),
            text.into_bytes(),
        ));
    }
    for (rel, bytes) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Fatal::io(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Fatal::io(&path, e))?;
    }
    Ok(files.len())
}

/// The bundled example handbook and default theme, for `org`.
fn example(org: Option<&str>) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    files.push((
        crate::config::CONFIG_FILE.to_string(),
        config_for(org).into_bytes(),
    ));
    collect(&CONTENT, "content", &mut files);
    collect(
        &crate::render::theme::DEFAULT_THEME,
        "themes/default",
        &mut files,
    );
    if let Some(org) = org {
        rename_example(&mut files, &domain_label(org));
    }
    files
}

/// Replaces the example company's slug in the handbook's text files (the theme has
/// none, and its binary files must stay as they are).
fn rename_example(files: &mut [(String, Vec<u8>)], slug: &str) {
    for (rel, bytes) in files {
        if !(rel.ends_with(".md") || rel.ends_with(".toml")) {
            continue;
        }
        if let Ok(text) = std::str::from_utf8(bytes)
            && text.contains(EXAMPLE_SLUG)
        {
            *bytes = text.replace(EXAMPLE_SLUG, slug).into_bytes();
        }
    }
}

/// The organization's name as a DNS label, for the example addresses
/// (`Acme Grocery` → `acme-grocery`, as in `acme-grocery.example`): ASCII letters,
/// digits and `-`, accents dropped, at most 63 characters.
///
/// ```
/// assert_eq!(ownbook::init::domain_label("Acme Grocery"), "acme-grocery");
/// assert_eq!(ownbook::init::domain_label("Zürich Café & Co."), "zurich-cafe-co");
/// assert_eq!(ownbook::init::domain_label("株式会社"), "our-org");
/// ```
pub fn domain_label(org: &str) -> String {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    let mut label = String::new();
    // Decomposed, `ü` is `u` and a combining mark, which is dropped.
    for c in org.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_ascii_alphanumeric() {
            label.push(c.to_ascii_lowercase());
        } else if !label.is_empty() && !label.ends_with('-') {
            label.push('-');
        }
    }
    label.truncate(63);
    let label = label.trim_end_matches('-');
    if label.is_empty() {
        "our-org".to_string()
    } else {
        label.to_string()
    }
}

fn collect(dir: &'static Dir<'static>, prefix: &str, files: &mut Vec<(String, Vec<u8>)>) {
    for file in crate::render::theme::embedded_files(dir) {
        files.push((
            format!("{prefix}/{}", slash_path(file.path())),
            file.contents().to_vec(),
        ));
    }
}

/// The bundled ownbook.toml with the organization replaced (the other texts refer to
/// it as `{{ org }}`); the example's URLs are commented out.
pub fn config_for(org: Option<&str>) -> String {
    let Some(org) = org else {
        return CONFIG.to_string();
    };
    let quoted = toml::Value::String(org.to_string()).to_string();
    CONFIG
        .lines()
        .map(|line| {
            if line.starts_with("organization =") {
                format!("organization = {quoted}")
            } else if line.starts_with("base_url =") || line.starts_with("edit_url =") {
                format!("# {line}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}
