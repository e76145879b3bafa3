//! Finding and reading catalog files: the paths given, `*.yaml` / `*.yml` under the
//! folders given, and the targets of Location entities (relative paths and `*` / `**`
//! patterns; remote URLs are reported, never fetched).

use super::entity::{self, Entity};
use crate::diag::Diagnostic;
use crate::fsutil::{self, slash_path};
use crate::import::{Note, note_at, yaml};
use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};

/// Everything read.
pub struct Read {
    pub entities: Vec<Entity>,
    pub files: usize,
}

/// Kinds the importer converts or deliberately folds into others.
const KINDS: [&str; 8] = [
    "component",
    "resource",
    "api",
    "system",
    "domain",
    "group",
    "user",
    "location",
];

struct Source {
    path: PathBuf,
    /// Named by the user or a Location: a YAML error there is an error. Files found by
    /// searching a folder may be any YAML (CI configs, Helm templates) and are skipped.
    explicit: bool,
}

/// Reads every catalog file reachable from `paths`. Errors (missing files, invalid
/// YAML in a file that was asked for) are collected and returned together.
pub fn read_all(paths: &[PathBuf], notes: &mut Vec<Note>) -> Result<Read, Vec<Diagnostic>> {
    let mut queue: VecDeque<Source> = VecDeque::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.is_dir() {
            for f in yaml_files(p) {
                queue.push_back(Source {
                    path: f,
                    explicit: false,
                });
            }
        } else if p.is_file() {
            queue.push_back(Source {
                path: p.clone(),
                explicit: true,
            });
        } else {
            errors.push(
                Diagnostic::error("backstage", format!("`{}` does not exist", p.display()))
                    .hint("pass catalog-info.yaml files or folders that contain them"),
            );
        }
    }
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut read = Read {
        entities: Vec::new(),
        files: 0,
    };
    while let Some(src) = queue.pop_front() {
        let canon = src.path.canonicalize().unwrap_or_else(|_| src.path.clone());
        if !seen.insert(canon) {
            continue;
        }
        let display = src.path.to_string_lossy().replace('\\', "/");
        let text = match fsutil::read_text(&src.path, &display) {
            Ok(t) => t,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        let docs = match yaml::load(&display, &text) {
            Ok(d) => d,
            Err(d) if src.explicit => {
                errors.push(d);
                continue;
            }
            Err(d) => {
                notes.push(note_at(
                    &display,
                    d.line,
                    d.column,
                    format!("not valid YAML ({}); skipped", d.message),
                ));
                continue;
            }
        };
        let before = read.entities.len();
        for doc in &docs {
            let quiet = !src.explicit && yaml::get(doc, "apiVersion").is_none();
            let mut doc_notes = Vec::new();
            let Some(e) = entity::read(doc, &text, &display, &mut doc_notes) else {
                if !quiet {
                    notes.extend(doc_notes);
                }
                continue;
            };
            notes.extend(doc_notes);
            if e.kind == "location" {
                follow(&e, &src.path, &mut queue, notes);
            }
            if KINDS.contains(&e.kind.as_str()) {
                read.entities.push(e);
            } else {
                notes.push(e.note(
                    e.pos,
                    format!("kind `{}` is not converted (`{}`)", e.kind, e.name),
                ));
            }
        }
        if read.entities.len() > before || src.explicit {
            read.files += 1;
        } else {
            notes.push(note_at(
                &display,
                0,
                0,
                "no Backstage entities in this file; skipped",
            ));
        }
    }
    if errors.is_empty() {
        Ok(read)
    } else {
        Err(errors)
    }
}

/// Queues the targets of a Location entity.
fn follow(e: &Entity, file: &Path, queue: &mut VecDeque<Source>, notes: &mut Vec<Note>) {
    let dir = file.parent().unwrap_or(Path::new(""));
    let mut targets = e.spec_list("targets");
    targets.extend(e.spec_text("target"));
    for t in targets {
        let t = t.trim();
        if t.contains("://") {
            notes.push(e.note(e.pos, format!("location target `{t}` is remote and was not fetched; download it and pass the file")));
            continue;
        }
        let rel = t.trim_start_matches("./");
        if rel.contains('*') || rel.contains('?') {
            let found = glob(dir, rel);
            if found.is_empty() {
                notes.push(e.note(e.pos, format!("location target `{t}` matches no file")));
            }
            queue.extend(found.into_iter().map(|path| Source {
                path,
                explicit: true,
            }));
        } else {
            let path = dir.join(rel);
            if path.is_file() {
                queue.push_back(Source {
                    path,
                    explicit: true,
                });
            } else {
                notes.push(e.note(e.pos, format!("location target `{t}` does not exist")));
            }
        }
    }
}

/// `*.yaml` and `*.yml` files under a folder, sorted, skipping hidden folders and
/// `node_modules`.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    crate::walk::Walk::new(dir)
        .skip_dirs(&["node_modules"])
        .run()
        .files
        .into_iter()
        .map(|(path, _)| path)
        .collect()
}

/// Files under `dir` whose relative path matches `pattern` (`*` and `?` within one
/// path segment, `**` for any number of segments).
fn glob(dir: &Path, pattern: &str) -> Vec<PathBuf> {
    let pat: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    walk(dir)
        .into_iter()
        .filter(|p| {
            let rel = slash_path(p.strip_prefix(dir).unwrap_or(p));
            let parts: Vec<&str> = rel.split('/').collect();
            matches_path(&pat, &parts)
        })
        .collect()
}

fn matches_path(pat: &[&str], path: &[&str]) -> bool {
    match (pat.first(), path.first()) {
        (None, None) => true,
        (Some(&"**"), _) => {
            matches_path(&pat[1..], path) || (!path.is_empty() && matches_path(pat, &path[1..]))
        }
        (Some(p), Some(s)) => {
            matches_segment(p.as_bytes(), s.as_bytes()) && matches_path(&pat[1..], &path[1..])
        }
        _ => false,
    }
}

fn matches_segment(p: &[u8], s: &[u8]) -> bool {
    match (p.first(), s.first()) {
        (None, None) => true,
        (Some(b'*'), _) => {
            matches_segment(&p[1..], s) || (!s.is_empty() && matches_segment(p, &s[1..]))
        }
        (Some(b'?'), Some(_)) => matches_segment(&p[1..], &s[1..]),
        (Some(a), Some(b)) => a == b && matches_segment(&p[1..], &s[1..]),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_patterns() {
        let m = |p: &str, s: &str| {
            let pat: Vec<&str> = p.split('/').collect();
            let path: Vec<&str> = s.split('/').collect();
            matches_path(&pat, &path)
        };
        assert!(m("*/catalog-info.yaml", "a/catalog-info.yaml"));
        assert!(!m("*/catalog-info.yaml", "a/b/catalog-info.yaml"));
        assert!(m("**/catalog-info.yaml", "a/b/catalog-info.yaml"));
        assert!(m("**/*.yaml", "x.yaml"));
        assert!(m("team-?.yaml", "team-a.yaml"));
    }
}
