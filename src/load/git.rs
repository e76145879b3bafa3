//! Last-updated dates from git history: one `git log` over `content/` per build, not
//! one process per page. Outside a git repository (or without git) pages simply have
//! no date; front matter `updated` always wins. The same log tells which of a
//! translation and its original changed last (see `analyze::freshness`).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::{Command, Stdio};

/// The last commit that changed a file: how many commits touching `content/` came
/// after it (0 = the newest), and its day (`YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastCommit {
    pub age: usize,
    pub date: String,
}

/// Maps paths relative to `content/` to the last commit that changed them; `None`
/// outside a git repository (or without git).
pub fn last_updated(root: &Path) -> Option<HashMap<String, LastCommit>> {
    let output = Command::new("git")
        .args([
            "log",
            "--format=%x00%cs",
            "--name-only",
            "--no-renames",
            "--relative",
            "--",
            "content",
        ])
        .current_dir(root)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    let output = output.ok()?;
    if !output.status.success() {
        return None;
    }
    Some(parse(&String::from_utf8_lossy(&output.stdout)))
}

/// Parses `git log --format=%x00%cs --name-only` output, newest commit first.
fn parse(log: &str) -> HashMap<String, LastCommit> {
    let mut dates = HashMap::new();
    let mut current: Option<LastCommit> = None;
    for line in log.lines() {
        if let Some(date) = line.strip_prefix('\0') {
            let age = current.as_ref().map_or(0, |c| c.age + 1);
            current = Some(LastCommit {
                age,
                date: date.trim().to_string(),
            });
        } else if let (Some(path), Some(commit)) = (line.strip_prefix("content/"), &current) {
            dates
                .entry(path.to_string())
                .or_insert_with(|| commit.clone());
        }
    }
    dates
}

/// The files under `content/` (relative to it) that differ from the last commit:
/// changed, staged or new, leaving out ignored files. Two git processes.
pub fn uncommitted(root: &Path) -> HashSet<String> {
    let changed = [
        "diff",
        "--name-only",
        "-z",
        "--relative",
        "HEAD",
        "--",
        "content",
    ];
    let new = [
        "ls-files",
        "-z",
        "--others",
        "--exclude-standard",
        "--",
        "content",
    ];
    let mut files = HashSet::new();
    for args in [&changed[..], &new[..]] {
        let output = Command::new("git")
            .args(args)
            .current_dir(root)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output();
        let Ok(output) = output else { continue };
        if !output.status.success() {
            continue;
        }
        let text = String::from_utf8_lossy(&output.stdout);
        let paths = text.split('\0').filter_map(|p| p.strip_prefix("content/"));
        files.extend(paths.map(str::to_string));
    }
    files
}

#[cfg(test)]
mod tests {
    #[test]
    fn newest_commit_wins() {
        let log = "\u{0}2026-11-02\n\ncontent/guide/a.md\n\u{0}2026-10-01\n\ncontent/guide/a.md\ncontent/b.md\n";
        let dates = super::parse(log);
        let a = &dates["guide/a.md"];
        assert_eq!((a.age, a.date.as_str()), (0, "2026-11-02"));
        let b = &dates["b.md"];
        assert_eq!((b.age, b.date.as_str()), (1, "2026-10-01"));
    }
}
