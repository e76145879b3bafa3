//! The catalog week by week, for the scorecard history: for each of the last weeks,
//! the catalog at the last commit of the current branch's first-parent history made
//! at or before the week's end (a week without a commit keeps the one before). Read
//! from git objects with one `git log` and one `git cat-file` process, whatever the
//! number of weeks; the pages are never read.

use super::catalog;
use super::revision::Repo;
use crate::catalog::Catalog;
use crate::config::settings::Settings;
use crate::diag::Diagnostic;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// How many weeks the history covers.
pub const WEEKS: usize = 26;

/// One week of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Week {
    /// Its last day (`YYYY-MM-DD`); the last week ends today.
    pub end: String,
    /// Index into `Weekly::catalogs`; `None` before the handbook's first commit.
    pub catalog: Option<usize>,
}

/// The catalogs of the last weeks.
#[derive(Debug)]
pub struct Weekly {
    /// Oldest first.
    pub weeks: Vec<Week>,
    /// Each commit's id and its catalog, read with the current scorecard settings.
    pub catalogs: Vec<(String, Catalog)>,
}

/// The last day of each of the last `WEEKS` weeks, oldest first, the last one `today`.
pub fn week_ends(today: &str) -> Vec<String> {
    (0..WEEKS)
        .rev()
        .filter_map(|k| crate::dates::add_days(today, -7 * k as i64))
        .collect()
}

/// The catalog of each of the last weeks up to `head`, loaded with `settings` (the
/// current ones, so that every week is judged alike). `None` when no week has a
/// commit with the handbook in it. Problems in past catalogs are not reported: the
/// entries they break are left out of that week.
pub fn weekly(
    repo: &Repo,
    head: &str,
    settings: &Settings,
    today: &str,
) -> Result<Option<Weekly>, Diagnostic> {
    let ends = week_ends(today);
    let cutoffs: Vec<i64> = ends.iter().filter_map(|d| end_of_day(d)).collect();
    if cutoffs.len() != ends.len() {
        return Ok(None);
    }
    let commits = commit_per_week(repo, head, &cutoffs)?;
    let mut objects = repo.objects()?;
    let mut catalogs: Vec<(String, Catalog)> = Vec::new();
    let mut weeks = Vec::with_capacity(ends.len());
    for (end, commit) in ends.into_iter().zip(commits) {
        let mut index = None;
        if let Some(commit) = commit {
            index = catalogs.iter().position(|(c, _)| *c == commit);
            if index.is_none()
                && let Some(snapshot) = repo.snapshot(&mut objects, &commit)?
            {
                let catalog = catalog::build(settings, snapshot.files, &mut Vec::new());
                catalogs.push((commit, catalog));
                index = Some(catalogs.len() - 1);
            }
        }
        weeks.push(Week {
            end,
            catalog: index,
        });
    }
    Ok((!catalogs.is_empty()).then_some(Weekly { weeks, catalogs }))
}

/// The first second after the day `date` (UTC), as a Unix time.
fn end_of_day(date: &str) -> Option<i64> {
    let next = crate::dates::parse(&crate::dates::add_days(date, 1)?)?;
    let zoned = next.to_zoned(jiff::tz::TimeZone::UTC).ok()?;
    Some(zoned.timestamp().as_second())
}

/// For each cutoff (Unix times, ascending), the newest commit of `head`'s
/// first-parent history committed before it. The log is read newest first and
/// stopped as soon as the oldest week has its commit, so a long history costs no
/// more than the weeks it covers.
fn commit_per_week(
    repo: &Repo,
    head: &str,
    cutoffs: &[i64],
) -> Result<Vec<Option<String>>, Diagnostic> {
    let mut child = Command::new("git")
        .args(["log", "--first-parent", "--format=%H %ct", head, "--"])
        .current_dir(repo.root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| super::revision::git_missing(&e))?;
    let mut picked: Vec<Option<String>> = vec![None; cutoffs.len()];
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let Some((id, time)) = line.split_once(' ') else {
                continue;
            };
            let Ok(time) = time.trim().parse::<i64>() else {
                continue;
            };
            for (pick, &cutoff) in picked.iter_mut().zip(cutoffs) {
                if pick.is_none() && time < cutoff {
                    *pick = Some(id.to_string());
                }
            }
            if picked.first().is_some_and(Option::is_some) {
                break;
            }
        }
    }
    // Stopped early, git would only write into a closed pipe.
    let _ = child.kill();
    let _ = child.wait();
    Ok(picked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_end_every_seventh_day_up_to_today() {
        let ends = week_ends("2026-11-22");
        assert_eq!(ends.len(), WEEKS);
        assert_eq!(ends.last().map(String::as_str), Some("2026-11-22"));
        assert_eq!(ends[WEEKS - 2], "2026-11-15");
        assert_eq!(ends[0], "2026-05-31");
        assert_eq!(end_of_day("1970-01-01"), Some(86_400));
    }
}
