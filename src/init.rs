//! `ownbook init`: a new handbook with the bundled guide, example catalog and default
//! theme, all embedded in the binary so it works from any folder, and the JSON Schemas
//! of its TOML files in `schemas/`.

use crate::diag::Fatal;
use crate::fsutil::slash_path;
use include_dir::{Dir, include_dir};
use std::path::Path;

static CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
const CONFIG: &str = include_str!("../ownbook.toml");

/// Writes a new handbook into `dir` (created if missing; refused if not empty).
/// `org` replaces the organization's name in ownbook.toml.
pub fn init(dir: &Path, org: Option<&str>) -> Result<usize, Fatal> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| Fatal::io(dir, e))?
            .next()
            .is_none();
        if !empty {
            return Err(Fatal::Refused(format!(
                "`{}` is not empty; ownbook init only writes into an empty or new folder\n  = hint: choose a new folder name, e.g. `ownbook init my-handbook`",
                dir.display()
            )));
        }
    }
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
