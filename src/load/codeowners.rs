//! The repository's CODEOWNERS file, for the `ownership-drift` rule. It is read only
//! when a service has `paths` (and the rule is on), so that handbooks that keep no
//! paths never run git for it.
//!
//! Where: `[codeowners] file` in ownbook.toml, relative to the repository root; else
//! the first of `.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS` (GitHub's
//! places) and `.gitlab/CODEOWNERS` (GitLab's). The repository root is what
//! `git rev-parse --show-toplevel` prints in the handbook, or the handbook's folder
//! outside git. Services' `paths` are relative to that root too. No file found in
//! the usual places means nothing to compare (the handbook may live in a repository
//! of its own); a configured file that is missing is reported.

use crate::catalog::Catalog;
use crate::catalog::model::SourceFile;
use crate::codeowners::Codeowners;
use crate::config::{CONFIG_FILE, Config};
use crate::diag::Diagnostic;
use crate::site::CodeownersFile;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The rule the file is read for.
const RULE: &str = "ownership-drift";

/// Where GitHub and GitLab look for the file, in GitHub's order, then GitLab's own.
const PLACES: [&str; 4] = [
    ".github/CODEOWNERS",
    "CODEOWNERS",
    "docs/CODEOWNERS",
    ".gitlab/CODEOWNERS",
];

/// Reads the CODEOWNERS file the catalog's `paths` are compared with, if any.
pub fn load(
    config: &Config,
    catalog: &Catalog,
    diags: &mut Vec<Diagnostic>,
) -> Option<CodeownersFile> {
    let severity = config.settings.severity(RULE)?;
    if catalog.services.iter().all(|s| s.paths.is_empty()) {
        return None;
    }
    let handbook = config.root.canonicalize().unwrap_or(config.root.clone());
    let repo = repository_root(&handbook).unwrap_or(handbook.clone());
    let path = match &config.settings.codeowners_file {
        Some((rel, span)) => {
            let path = repo.join(rel);
            if !path.is_file() {
                diags.push(
                    Diagnostic::new(
                        severity,
                        RULE,
                        format!(
                            "the CODEOWNERS file `{rel}` does not exist in the repository ({})",
                            repo.display()
                        ),
                    )
                    .at(CONFIG_FILE, &config.source, span.start, span.len())
                    .hint("write its path relative to the repository root, e.g. file = \".github/CODEOWNERS\""),
                );
                return None;
            }
            path
        }
        None => PLACES.iter().map(|p| repo.join(p)).find(|p| p.is_file())?,
    };
    let display = shown_from(&handbook, &path);
    match crate::fsutil::read_text(&path, &display) {
        Ok(text) => Some(CodeownersFile {
            parsed: Codeowners::parse(&text),
            file: SourceFile {
                display,
                text,
                dir: String::new(),
            },
        }),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// The top folder of the git work tree holding `dir`.
fn repository_root(dir: &Path) -> Option<PathBuf> {
    let out = Command::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let top = String::from_utf8(out.stdout).ok()?;
    let top = PathBuf::from(top.trim_end_matches(['\n', '\r']));
    top.canonicalize().ok()
}

/// `path` as diagnostics name files: relative to the handbook, `/`-separated, with
/// `../` when the handbook is a subfolder of the repository.
fn shown_from(handbook: &Path, path: &Path) -> String {
    let mut up = String::new();
    let mut base = handbook;
    loop {
        if let Ok(rel) = path.strip_prefix(base) {
            return format!("{up}{}", crate::fsutil::slash_path(rel));
        }
        match base.parent() {
            Some(parent) => {
                base = parent;
                up.push_str("../");
            }
            None => return crate::fsutil::slash_path(path),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_file_above_the_handbook_is_named_with_dot_dot() {
        let shown = super::shown_from(
            std::path::Path::new("/repo/handbook"),
            std::path::Path::new("/repo/.github/CODEOWNERS"),
        );
        assert_eq!(shown, "../.github/CODEOWNERS");
        let inside = super::shown_from(
            std::path::Path::new("/repo"),
            std::path::Path::new("/repo/CODEOWNERS"),
        );
        assert_eq!(inside, "CODEOWNERS");
    }
}
