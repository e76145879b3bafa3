//! `ownbook export codeowners`: a CODEOWNERS file (GitHub and GitLab) from the
//! services' `paths` and their teams' `code_owner`. One block per service, headed by
//! a comment (`# checkout-api (team checkout)`), one line per path, anchored at the
//! repository root. Blocks go from broad to narrow patterns (then by id), because
//! the last matching line decides; a path that another service's line still decides
//! in the written file is noted, as is a service whose team has no `code_owner`.
//!
//! `--out` names a folder, usually the repository's `.github/`, and the file is
//! `CODEOWNERS` in it. It is written through `plan::apply` rather than the exports'
//! manifest: `.github/` holds other tools' files, and a manifest there would be
//! clutter that GitHub shows to everyone. The file carries its own checksum in a
//! comment instead, so a file still as ownbook wrote it is updated without
//! `--force`, and one edited by hand is refused.

use super::source::{Locator, Step};
use super::{Options, Outcome};
use crate::catalog::Catalog;
use crate::catalog::model::Service;
use crate::codeowners::{Codeowners, root_pattern, same_owner};
use crate::diag::{Diagnostic, Fatal};
use crate::plan::Plan;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::Path;

/// The file name GitHub and GitLab look for.
pub const FILE: &str = "CODEOWNERS";

/// The comment that holds the checksum of the lines after it.
const CHECKSUM: &str = "# ownbook-sha256: ";

/// Exports the catalog of `opts.root` as `opts.out/CODEOWNERS`.
pub fn export(opts: &Options) -> Result<Outcome, Fatal> {
    let (site, _) = super::load(&opts.root)?;
    let mut notes = Vec::new();
    let (text, services, paths) = file_text(&site.catalog, &mut notes);
    let mut plan = Plan::default();
    plan.add(FILE, text);
    std::fs::create_dir_all(&opts.out).map_err(|e| Fatal::io(&opts.out, e))?;
    let force = opts.force || still_as_written(&opts.out.join(FILE));
    let (written, unchanged) = crate::plan::apply(&plan, &opts.out, force)?;
    crate::diag::sort(&mut notes);
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    Ok(Outcome {
        summary: format!(
            "{} of {}",
            plural(paths, "path"),
            plural(services, "service")
        ),
        written,
        unchanged,
        removed: Vec::new(),
        notes,
    })
}

/// The file, and how many services and paths it holds.
fn file_text(catalog: &Catalog, notes: &mut Vec<Diagnostic>) -> (String, usize, usize) {
    let mut blocks: Vec<(usize, &str, String)> = Vec::new();
    let mut written: Vec<(&Service, &str)> = Vec::new();
    for s in catalog.services.iter().filter(|s| !s.paths.is_empty()) {
        let Some(team) = catalog.owner_team(s) else {
            continue;
        };
        let Some(handle) = &team.code_owner else {
            let at = Locator::new(s);
            notes.push(
                at.note(
                    &[Step::Key("paths")],
                    format!(
                        "team `{}` has no code_owner, so the paths of `{}` are not written",
                        team.id, s.id
                    ),
                )
                .hint(format!(
                    "add code_owner = \"@org/team\" to {}",
                    team.file.display
                )),
            );
            continue;
        };
        let mut block = format!("# {} (team {})\n", s.id, team.id);
        for p in &s.paths {
            let _ = writeln!(block, "{} {}", root_pattern(&p.value), handle.value);
        }
        let breadth = s.paths.iter().map(|p| depth(&p.value)).min().unwrap_or(0);
        blocks.push((breadth, &s.id, block));
        written.push((s, &handle.value));
    }
    blocks.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let body: Vec<String> = blocks.into_iter().map(|(_, _, b)| b).collect();
    let body = body.join("\n");
    let text = format!(
        "# CODEOWNERS written by `ownbook export codeowners` from the handbook's catalog:\n# the services' `paths` and their teams' `code_owner`. Edit those and export again.\n{CHECKSUM}{}\n\n{body}",
        checksum(&format!("\n{body}"))
    );
    let paths = written.iter().map(|(s, _)| s.paths.len()).sum();
    note_overlaps(&text, &written, notes);
    (text, written.len(), paths)
}

/// How many folders of `path` come before its first wildcard: broad patterns (few)
/// are written before narrow ones, so that the narrow ones decide.
fn depth(path: &str) -> usize {
    path.trim_start_matches('/')
        .split('/')
        .take_while(|part| !part.contains(['*', '?', '[']))
        .filter(|part| !part.is_empty())
        .count()
}

/// Notes each path that the written file gives to another owner than its service's
/// team: two services claim it, and the later line wins.
fn note_overlaps(text: &str, written: &[(&Service, &str)], notes: &mut Vec<Diagnostic>) {
    let file = Codeowners::parse(text);
    for (s, handle) in written {
        for p in &s.paths {
            let probe = p.value.trim_start_matches('/');
            let is_dir = probe.ends_with('/');
            let owners = file.owners_of(probe.trim_end_matches('/'), is_dir);
            if owners.len() == 1 && same_owner(&owners[0], handle) {
                continue;
            }
            let at = Locator::new(s);
            notes.push(
                at.note_at(
                    p.span,
                    format!(
                        "`{}` is written for {handle}, but a later line of the file gives it to {}",
                        p.value,
                        owners.join(" ")
                    ),
                )
                .hint("two services claim this path: keep it in one service's `paths`"),
            );
        }
    }
}

/// The hex SHA-256 of `text`.
fn checksum(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .fold(String::new(), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

/// Whether the file at `path` is one this export wrote and nobody changed since: its
/// checksum line matches the lines after it.
fn still_as_written(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    let Some(at) = text.find(CHECKSUM) else {
        return false;
    };
    let rest = &text[at + CHECKSUM.len()..];
    let Some((sum, after)) = rest.split_once('\n') else {
        return false;
    };
    sum == checksum(after)
}

#[cfg(test)]
mod tests {
    #[test]
    fn broad_patterns_have_a_small_depth() {
        assert_eq!(super::depth("services/**"), 1);
        assert_eq!(super::depth("/services/checkout/"), 2);
        assert_eq!(super::depth("*.proto"), 0);
        assert_eq!(super::depth("libs/*/checkout"), 1);
    }
}
