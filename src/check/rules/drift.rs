//! `ownership-drift`: each entry of a service's `paths` against the repository's
//! CODEOWNERS file. The owners CODEOWNERS gives the pattern (the deciding line of
//! each section, see `crate::codeowners`) must be exactly the `code_owner` of the
//! service's team. Each difference is reported once, at the `paths` entry, naming
//! the CODEOWNERS line that decides it (file:line:col) in the message; a path no line
//! covers is drift too. Lines of the file that GitHub and GitLab do not read are
//! reported at their own place, under the same rule.
//!
//! The pattern of a `paths` entry is matched as a path (`services/checkout/**` is
//! owned by `/services/checkout/`, `/services/` or `services/checkout/**`); a
//! CODEOWNERS line that owns only part of it (`/services/checkout/api/`) does not
//! decide it.

use super::Out;
use crate::catalog::model::{Loc, Service, Span, Team};
use crate::codeowners::{Decision, root_pattern, same_owner};
use crate::diag::Position;
use crate::site::CodeownersFile;

const RULE: &str = "ownership-drift";

/// Compares every service's `paths` with the CODEOWNERS file, if there is one.
pub(super) fn ownership_drift(out: &mut Out) {
    let Some(co) = out.codeowners else { return };
    for p in &co.parsed.problems {
        let span = Span {
            start: p.start,
            len: p.len,
        };
        out.push(RULE, &co.file, span, p.message.clone(), p.hint.clone());
    }
    let catalog = out.catalog;
    for s in &catalog.services {
        // Without the team's handle there is nothing to compare with (the export
        // notes it); an unknown owner is reported by its own rule.
        let Some(team) = catalog.owner_team(s) else {
            continue;
        };
        let Some(handle) = &team.code_owner else {
            continue;
        };
        for path in &s.paths {
            compare(out, co, s, team, &handle.value, path);
        }
    }
}

/// Reports `path` of service `s` if CODEOWNERS gives it other owners than `handle`.
fn compare(
    out: &mut Out,
    co: &CodeownersFile,
    s: &Service,
    team: &Team,
    handle: &str,
    path: &Loc<String>,
) {
    let probe = path.value.trim_start_matches('/');
    let is_dir = probe.ends_with('/');
    let probe = probe.trim_end_matches('/');
    let owners = co.parsed.owners_of(probe, is_dir);
    if owners.len() == 1 && same_owner(&owners[0], handle) {
        return;
    }
    let decisions = co.parsed.decide(probe, is_dir);
    let file = &co.file.display;
    let wanted = format!("the catalog gives it to team `{}` ({handle})", team.id);
    let (message, hint) = if decisions.is_empty() {
        (
            format!(
                "`{}` has no owner in {file}: no line covers it, but {wanted}",
                path.value
            ),
            format!(
                "add the line `{} {handle}` to {file}, or write the file with `ownbook export codeowners`",
                root_pattern(&path.value)
            ),
        )
    } else {
        let places = places(co, &decisions);
        let given = if owners.is_empty() {
            "is left without owners".to_string()
        } else {
            format!("is owned by {}", owners.join(" "))
        };
        (
            format!("`{}` {given} in {places}, but {wanted}", path.value),
            format!(
                "give it the owner {handle} in {places} (or change the team's code_owner), or write the file with `ownbook export codeowners`"
            ),
        )
    };
    out.push(RULE, &s.file, path.span, message, hint);
}

/// `file:line:col` of each deciding line, joined.
fn places(co: &CodeownersFile, decisions: &[Decision]) -> String {
    let places: Vec<String> = decisions
        .iter()
        .map(|d| {
            let at = Position::of(&co.file.text, d.rule.start);
            let section = match &d.section.name {
                Some(name) => format!(" (section [{name}])"),
                None => String::new(),
            };
            format!("{}:{}:{}{section}", co.file.display, at.line, at.column)
        })
        .collect();
    places.join(" and ")
}
