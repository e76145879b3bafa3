//! `ownbook export`: the catalog written in the formats of the tools that page people
//! and list services, so that the files in git configure them instead of drifting
//! from them: PagerDuty (Terraform), Backstage, OpsLevel, OpenSLO and CODEOWNERS.
//!
//! Each export reads the handbook, builds a [`Plan`] of files in memory (a pure
//! function of the catalog: sorted, no timestamps, byte-identical on every run), and
//! writes it into `--out` only if no existing file there would change without
//! `--force`. What a format cannot hold is reported as a note at the file, line and
//! column of the catalog value that was left out.

pub mod backstage;
pub mod codeowners;
pub mod openslo;
pub mod opslevel;
pub mod pagerduty;
pub mod source;
pub mod yaml;

use crate::analyze::{self, Analysis};
use crate::diag::{Diagnostic, Fatal};
use crate::load::{self, LoadOptions};
use crate::plan::{Plan, apply_tracked};
use crate::site::Site;
use std::path::{Path, PathBuf};

/// What every export is asked.
#[derive(Debug, Clone)]
pub struct Options {
    /// The handbook.
    pub root: PathBuf,
    /// Where the files go (created if missing).
    pub out: PathBuf,
    /// Overwrite files in `out` that have other contents.
    pub force: bool,
}

/// What an export did, for the command to print.
#[derive(Debug, Default)]
pub struct Outcome {
    /// One line saying what was exported ("12 services and 4 teams").
    pub summary: String,
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    /// Files an earlier export wrote that this one no longer writes.
    pub removed: Vec<String>,
    /// What the format could not hold, at the catalog value left out.
    pub notes: Vec<Diagnostic>,
}

/// The handbook an export reads, analysed. A handbook with errors is not exported:
/// the errors are returned, as `ownbook check` would print them.
pub fn load(root: &Path) -> Result<(Site, Analysis), Fatal> {
    let (config, mut diags) = crate::config::load(root, None).map_err(Fatal::Diagnostics)?;
    let (site, load_diags) = load::load(config, LoadOptions::default());
    diags.extend(load_diags);
    let analysis = analyze::analyze(&site, None);
    diags.extend(crate::check::check(&site, &analysis));
    if diags.iter().any(Diagnostic::is_error) {
        diags.retain(Diagnostic::is_error);
        crate::diag::sort(&mut diags);
        return Err(Fatal::Diagnostics(diags));
    }
    Ok((site, analysis))
}

/// Writes `plan` into `opts.out`. A manifest there (`.ownbook-export-<target>.toml`)
/// remembers what this export wrote, so a later run updates and removes its own
/// unchanged files without `--force` and refuses to touch files someone changed.
pub fn write(
    target: &str,
    plan: &Plan,
    opts: &Options,
    summary: String,
    mut notes: Vec<Diagnostic>,
) -> Result<Outcome, Fatal> {
    std::fs::create_dir_all(&opts.out).map_err(|e| Fatal::io(&opts.out, e))?;
    let manifest = format!(".ownbook-export-{target}.toml");
    let header = format!(
        "Files `ownbook export {target}` wrote here, with their SHA-256. The next export\nupdates or removes those still unchanged; keep this file beside them."
    );
    let applied = apply_tracked(plan, &opts.out, opts.force, &manifest, &header)?;
    crate::diag::sort(&mut notes);
    Ok(Outcome {
        summary,
        written: applied.written,
        unchanged: applied.unchanged,
        removed: applied.removed,
        notes,
    })
}

/// The report of an export, for the terminal.
pub fn render_outcome(outcome: &Outcome, out: &Path) -> String {
    use std::fmt::Write as _;
    let mut text = String::new();
    let _ = writeln!(
        text,
        "Exported {} into {}: {} file{} written, {} unchanged{}.",
        outcome.summary,
        out.display(),
        outcome.written.len(),
        if outcome.written.len() == 1 { "" } else { "s" },
        outcome.unchanged.len(),
        if outcome.removed.is_empty() {
            String::new()
        } else {
            format!(", {} removed", outcome.removed.len())
        }
    );
    for rel in &outcome.removed {
        let _ = writeln!(text, "  removed {}", crate::diag::printable(rel));
    }
    if !outcome.notes.is_empty() {
        let _ = writeln!(
            text,
            "\nNot exported ({}; the format has no place for these):",
            outcome.notes.len()
        );
        text.push_str(&render_notes(&outcome.notes));
    }
    text
}

/// Notes that say the same thing of many files are written once, with every place it
/// applies to (still file:line:col each); the rest with their source lines.
fn render_notes(notes: &[Diagnostic]) -> String {
    use std::fmt::Write as _;
    const GROUP_FROM: usize = 3;
    let mut groups: Vec<(&Diagnostic, Vec<&Diagnostic>)> = Vec::new();
    for note in notes {
        match groups
            .iter_mut()
            .find(|(first, _)| first.code == note.code && first.message == note.message)
        {
            Some((_, members)) => members.push(note),
            None => groups.push((note, vec![note])),
        }
    }
    let mut single = Vec::new();
    let mut text = String::new();
    for (first, members) in &groups {
        if members.len() < GROUP_FROM {
            single.extend(members.iter().map(|d| (*d).clone()));
            continue;
        }
        let _ = writeln!(
            text,
            "warning[{}]: {} ({} places)",
            first.code,
            crate::diag::printable(&first.message),
            members.len()
        );
        for d in members {
            let file = crate::diag::printable(d.file.as_deref().unwrap_or(""));
            let _ = writeln!(text, "  --> {file}:{}:{}", d.line, d.column);
        }
        text.push('\n');
    }
    crate::diag::sort(&mut single);
    let mut rendered = crate::diag::render_text(&single);
    // render_text ends with its own count line; the heading already gave the total.
    if let Some(end) = rendered.trim_end().rfind('\n') {
        rendered.truncate(end + 1);
    } else {
        rendered.clear();
    }
    text.push_str(&rendered);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(file: &str, message: &str) -> Diagnostic {
        Diagnostic::warning("not-exported", message).at(file, "email = \"x\"\n", 0, 5)
    }

    #[test]
    fn repeated_notes_are_listed_once_with_every_place() {
        let notes: Vec<Diagnostic> = ["a.toml", "b.toml", "c.toml"]
            .iter()
            .map(|f| note(f, "no e-mail"))
            .chain([note("d.toml", "no sunset")])
            .collect();
        let text = render_notes(&notes);
        assert_eq!(text.matches("no e-mail").count(), 1, "{text}");
        for place in ["a.toml:1:1", "b.toml:1:1", "c.toml:1:1", "d.toml:1:1"] {
            assert!(text.contains(&format!("--> {place}")), "{place} in {text}");
        }
        assert!(
            text.contains("email = \"x\""),
            "a lone note keeps its source line"
        );
        assert!(!text.contains("warning,"), "no count line: {text}");
    }
}
