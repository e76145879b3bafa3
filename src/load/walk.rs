//! Walks an input folder in a stable order, skipping hidden and editor temp files and
//! never following a symlink out of the handbook (symlink loops end the branch).

use crate::diag::Diagnostic;
use crate::fsutil::slash_path;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Files found under a folder, as (absolute path, path relative to that folder).
#[derive(Debug, Default)]
pub struct Walked {
    pub markdown: Vec<(PathBuf, String)>,
    pub files: Vec<(PathBuf, String)>,
}

/// True for names editors and tools leave behind while saving (`.x.swp`, `x~`, `4913`,
/// `#x#`) and hidden files; none of them is content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
}

/// Walks `dir`. `skip_top` names first-level folders that belong to another stage.
pub fn walk(root: &Path, dir: &Path, skip_top: &[&str], diags: &mut Vec<Diagnostic>) -> Walked {
    let mut out = Walked::default();
    if !dir.is_dir() {
        return out;
    }
    let root_canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let display = |p: &Path| slash_path(p.strip_prefix(root).unwrap_or(p));
    let mut escaping: Vec<String> = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            if e.depth() > 0 && is_ignored_name(&name) {
                return false;
            }
            if e.depth() == 1 && e.file_type().is_dir() && skip_top.contains(&name.as_ref()) {
                return false;
            }
            if e.path_is_symlink() {
                let inside = e
                    .path()
                    .canonicalize()
                    .map(|t| t.starts_with(&root_canon))
                    .unwrap_or(false);
                if !inside {
                    escaping.push(display(e.path()));
                    return false;
                }
            }
            true
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = slash_path(e.path().strip_prefix(dir).unwrap_or(e.path()));
                if rel.ends_with(".md") {
                    out.markdown.push((e.path().to_path_buf(), rel));
                } else {
                    out.files.push((e.path().to_path_buf(), rel));
                }
            }
            Ok(_) => {}
            Err(err) => {
                let path = err.path().map(display).unwrap_or_default();
                let (code, msg, hint) = if err.loop_ancestor().is_some() {
                    (
                        "symlink",
                        "this symlink points back into a folder that contains it; skipped",
                        "remove the symlink loop",
                    )
                } else {
                    (
                        "io",
                        "cannot read this path; skipped",
                        "check its permissions",
                    )
                };
                diags.push(Diagnostic::warning(code, msg).in_file(&path).hint(hint));
            }
        }
    }
    for path in escaping {
        diags.push(
            Diagnostic::warning(
                "symlink",
                "this symlink points outside the handbook folder and is not followed",
            )
            .in_file(&path)
            .hint("copy the file into the handbook instead of linking to it"),
        );
    }
    out
}
