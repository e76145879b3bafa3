//! What ownbook reads from a handbook's git history: `ownbook diff REV` (the catalog
//! at a revision against the working tree) and the page of scorecards over time.
//! Every test makes its own repository with pinned names and dates, so commit ids and
//! weeks are the same on every run.

mod diff;
mod scorecard_history;

use crate::support::*;
use std::path::Path;
use std::process::Command;

/// Runs git in `dir` with a fixed identity, no user or system config, and the given
/// author and committer date (`2026-10-20T12:00:00Z`).
pub fn git(dir: &Path, args: &[&str], date: &str) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Makes `dir` a repository (branch `main`).
pub fn init(dir: &Path) {
    git(dir, &["init", "-q", "-b", "main"], "2026-01-01T00:00:00Z");
}

/// Commits everything in `dir` at `date`.
pub fn commit_all(dir: &Path, message: &str, date: &str) {
    git(dir, &["add", "-A"], date);
    git(dir, &["commit", "-q", "--allow-empty", "-m", message], date);
}

/// A copy of tests/fixtures/catalog (14 services and 4 teams that pass every rule)
/// in `dir`.
pub fn catalog_fixture(dir: &Path) {
    copy_dir(&repo_root().join("tests/fixtures/catalog"), dir);
}

/// Replaces `from` with `to` in the file `rel` under `dir` (which must contain it).
pub fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}
