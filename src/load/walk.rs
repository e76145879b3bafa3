//! The walks of `content/` and `static/`: the shared walker, its problems worded as
//! diagnostics, and Markdown pages told apart from other files.

use crate::diag::Diagnostic;
use crate::fsutil::slash_path;
use crate::walk::{Found, Problem, Walk};
use std::path::Path;

/// Files found under a folder, as (absolute path, path relative to that folder).
#[derive(Debug, Default)]
pub struct Walked {
    pub markdown: Vec<Found>,
    pub files: Vec<Found>,
}

/// Walks `dir` of the handbook at `root`, following symlinks that stay inside it.
/// `skip_top` names first-level folders that belong to another stage.
pub fn walk(root: &Path, dir: &Path, skip_top: &[&str], diags: &mut Vec<Diagnostic>) -> Walked {
    let walked = Walk::new(dir)
        .follow_links_inside(root)
        .skip_top(skip_top)
        .run();
    diags.extend(walked.problems.iter().map(|p| problem(root, p)));
    let (markdown, files) = walked
        .files
        .into_iter()
        .partition(|(_, rel)| rel.ends_with(".md"));
    Walked { markdown, files }
}

/// A skipped path as a warning naming it relative to the handbook.
pub fn problem(root: &Path, problem: &Problem) -> Diagnostic {
    let display = |p: &Path| slash_path(p.strip_prefix(root).unwrap_or(p));
    match problem {
        Problem::Loop(path) => Diagnostic::warning(
            "symlink",
            "this symlink points back into a folder that contains it; skipped",
        )
        .in_file(&display(path))
        .hint("remove the symlink loop"),
        Problem::Escapes(path) => Diagnostic::warning(
            "symlink",
            "this symlink points outside the handbook folder and is not followed",
        )
        .in_file(&display(path))
        .hint("copy the file into the handbook instead of linking to it"),
        Problem::Unreadable(path, _) => Diagnostic::warning("io", "cannot read this path; skipped")
            .in_file(&display(path))
            .hint("check its permissions"),
    }
}
