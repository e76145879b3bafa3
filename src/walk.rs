//! The one walker over the user's folders (content, static files, themes, catalogs to
//! import): a stable order, editor leftovers left out, and symlinks followed only while
//! they stay inside the handbook. Each caller words the problems for its own report.

use crate::fsutil::slash_path;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

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

/// True for editor temp files and hidden files (by file name).
pub fn is_ignored_path(path: &Path) -> bool {
    path.file_name()
        .map(|n| is_ignored_name(&n.to_string_lossy()))
        .unwrap_or(false)
}

/// What to walk and what to leave out.
#[derive(Debug, Clone, Copy)]
pub struct Walk<'a> {
    dir: &'a Path,
    /// Symlinks are followed when they stay inside this folder, and refused when they
    /// leave it; `None`: symlinks are not followed at all.
    inside: Option<&'a Path>,
    /// Folders directly under `dir` that belong to another stage.
    skip_top: &'a [&'a str],
    /// Folder names left out at any depth.
    skip_dirs: &'a [&'a str],
    /// Whether hidden files and editor leftovers are left out.
    skip_ignored: bool,
}

/// A file found, as its absolute path and its path relative to the walked folder.
pub type Found = (PathBuf, String);

/// Why a path was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A symlink pointing back into a folder that contains it.
    Loop(PathBuf),
    /// A symlink pointing outside the folder it must stay in.
    Escapes(PathBuf),
    /// The path could not be read (the error as text).
    Unreadable(PathBuf, String),
}

/// The files under a folder, and what was skipped on the way.
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<Found>,
    pub problems: Vec<Problem>,
}

impl<'a> Walk<'a> {
    /// Walks `dir` without following symlinks, leaving out hidden files and editor
    /// leftovers.
    pub fn new(dir: &'a Path) -> Self {
        Walk {
            dir,
            inside: None,
            skip_top: &[],
            skip_dirs: &[],
            skip_ignored: true,
        }
    }

    /// Follows symlinks that stay inside `root`.
    pub fn follow_links_inside(mut self, root: &'a Path) -> Self {
        self.inside = Some(root);
        self
    }

    /// Leaves out these folders directly under the walked one.
    pub fn skip_top(mut self, names: &'a [&'a str]) -> Self {
        self.skip_top = names;
        self
    }

    /// Leaves out folders with these names at any depth.
    pub fn skip_dirs(mut self, names: &'a [&'a str]) -> Self {
        self.skip_dirs = names;
        self
    }

    /// Keeps hidden files and editor leftovers (a theme's files are copied as they are).
    pub fn keep_ignored(mut self) -> Self {
        self.skip_ignored = false;
        self
    }

    /// Every file, sorted by name within each folder; nothing when `dir` is missing.
    pub fn run(self) -> Walked {
        let mut out = Walked::default();
        if !self.dir.is_dir() {
            return out;
        }
        let root_canon = self
            .inside
            .map(|r| r.canonicalize().unwrap_or_else(|_| r.to_path_buf()));
        let mut escaping = Vec::new();
        let walker = WalkDir::new(self.dir)
            .follow_links(self.inside.is_some())
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                if e.depth() == 0 {
                    return true;
                }
                let name = e.file_name().to_string_lossy();
                let is_dir = e.file_type().is_dir();
                if (self.skip_ignored && is_ignored_name(&name))
                    || (is_dir && self.skip_dirs.contains(&name.as_ref()))
                    || (is_dir && e.depth() == 1 && self.skip_top.contains(&name.as_ref()))
                {
                    return false;
                }
                if let Some(root) = &root_canon
                    && e.path_is_symlink()
                {
                    let inside = e
                        .path()
                        .canonicalize()
                        .map(|t| t.starts_with(root))
                        .unwrap_or(false);
                    if !inside {
                        escaping.push(e.path().to_path_buf());
                        return false;
                    }
                }
                true
            });
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let rel = slash_path(e.path().strip_prefix(self.dir).unwrap_or(e.path()));
                    out.files.push((e.into_path(), rel));
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err.path().map(Path::to_path_buf).unwrap_or_default();
                    out.problems.push(if err.loop_ancestor().is_some() {
                        Problem::Loop(path)
                    } else {
                        Problem::Unreadable(path, err.to_string())
                    });
                }
            }
        }
        out.problems
            .extend(escaping.into_iter().map(Problem::Escapes));
        out
    }
}
