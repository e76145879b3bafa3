//! Last-updated dates from git history: one `git log` over `content/` per build, not
//! one process per page. Outside a git repository (or without git) pages simply have
//! no date; front matter `updated` always wins.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};

/// Maps paths relative to `content/` to the date (`YYYY-MM-DD`) of the last commit that
/// changed them.
pub fn last_updated(root: &Path) -> HashMap<String, String> {
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
    let Ok(output) = output else {
        return HashMap::new();
    };
    if !output.status.success() {
        return HashMap::new();
    }
    parse(&String::from_utf8_lossy(&output.stdout))
}

/// Parses `git log --format=%x00%cs --name-only` output, newest commit first.
fn parse(log: &str) -> HashMap<String, String> {
    let mut dates = HashMap::new();
    let mut current = None;
    for line in log.lines() {
        if let Some(date) = line.strip_prefix('\0') {
            current = Some(date.trim().to_string());
        } else if let (Some(path), Some(date)) = (line.strip_prefix("content/"), &current) {
            dates
                .entry(path.to_string())
                .or_insert_with(|| date.clone());
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    #[test]
    fn newest_commit_wins() {
        let log = "\u{0}2026-11-02\n\ncontent/guide/a.md\n\u{0}2026-10-01\n\ncontent/guide/a.md\ncontent/b.md\n";
        let dates = super::parse(log);
        assert_eq!(
            dates.get("guide/a.md").map(String::as_str),
            Some("2026-11-02")
        );
        assert_eq!(dates.get("b.md").map(String::as_str), Some("2026-10-01"));
    }
}
