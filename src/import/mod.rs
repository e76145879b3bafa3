//! `ownbook import`: moves an existing MkDocs handbook or a Backstage catalog into
//! ownbook's layout.
//!
//! Both importers work in two steps. First they read everything and build a [`Plan`]:
//! every file to write, as bytes, in memory, plus the [`Note`]s listing what could not
//! be converted (with file:line:column of the source). Only then [`apply`] writes the
//! plan, and only if no existing file would change without `--force`. The plan is a
//! pure function of the inputs (sorted, no timestamps), so running an import twice
//! gives byte-identical files and the second run writes nothing.

pub mod backstage;
pub mod mkdocs;
mod yaml;

use crate::diag::Diagnostic;
pub use crate::plan::{Plan, apply};
use std::path::Path;

/// Something the importer could not convert, or converted with a loss, at a position
/// in the source (a warning `Diagnostic`; `file` is relative to the imported project).
pub type Note = Diagnostic;

/// What an import did, for the command to print.
#[derive(Debug, Default)]
pub struct Outcome {
    /// One line saying what was imported ("12 pages, 3 files and ownbook.toml").
    pub summary: String,
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    /// What was not converted, sorted by file and line.
    pub notes: Vec<Note>,
    /// MkDocs pages that were not in the nav: (source, imported path).
    pub outside_nav: Vec<(String, String)>,
    /// A bilingual import's pages that only one edition has, one line each.
    pub one_edition: Vec<String>,
}

/// A catalog id from any name: lowercase ASCII letters and digits, every other run of
/// characters becomes one `-`, no `-` at either end.
///
/// ```
/// use ownbook::import::to_id;
/// assert_eq!(to_id("Artist_Web"), "artist-web");
/// assert_eq!(to_id("group:default/team-a"), "group-default-team-a");
/// assert_eq!(to_id("--"), "");
/// ```
pub fn to_id(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// A TOML basic string (`"…"`, escaped), as catalog files write every string. The
/// `toml` crate would pick a literal string (`'…'`) for text with quotes in it.
pub fn toml_str(s: &str) -> String {
    use toml_writer::ToTomlValue as _;
    toml_writer::TomlStringBuilder::new(s)
        .as_basic()
        .to_toml_value()
}

/// A TOML array of strings on one line.
pub fn toml_str_list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| toml_str(s)).collect();
    format!("[{}]", parts.join(", "))
}

/// Whether `url` may go into catalog metadata: http(s) or mailto.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:"))
        && !url.contains(char::is_whitespace)
}

/// A note at a character position (`line` 1-based, `column` 1-based) of a source file,
/// without a snippet (YAML positions come as line and column).
pub fn note_at(file: &str, line: usize, column: usize, message: impl Into<String>) -> Note {
    let mut d = Diagnostic::warning("not-converted", message).in_file(file);
    d.line = line;
    d.column = column;
    d
}

/// Sorts notes by file and position and removes exact duplicates.
pub fn finish_notes(notes: &mut Vec<Note>) {
    crate::diag::sort(notes);
    notes.dedup();
}

/// Renders an outcome for the terminal: the summary, pages outside the nav and every
/// note as `file:line:column: message`, one per line so editors can jump to them.
pub fn render_outcome(outcome: &Outcome, into: &Path) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Imported {} into {}: {} file{} written, {} unchanged.",
        outcome.summary,
        into.display(),
        outcome.written.len(),
        if outcome.written.len() == 1 { "" } else { "s" },
        outcome.unchanged.len()
    );
    if !outcome.outside_nav.is_empty() {
        let _ = writeln!(
            out,
            "\nPages that were not in the nav (imported; set their weight to place them):"
        );
        for (from, to) in &outcome.outside_nav {
            let _ = writeln!(out, "  {from} -> {to}");
        }
    }
    if !outcome.one_edition.is_empty() {
        let _ = writeln!(out, "\nPages in one edition only:");
        for line in &outcome.one_edition {
            let _ = writeln!(out, "  {line}");
        }
    }
    if !outcome.notes.is_empty() {
        let _ = writeln!(
            out,
            "\nNot converted ({}; review these by hand):",
            outcome.notes.len()
        );
        for n in &outcome.notes {
            let file = n.file.as_deref().unwrap_or("");
            let place = match (n.line, n.column) {
                (0, _) => file.to_string(),
                (l, 0) => format!("{file}:{l}"),
                (l, c) => format!("{file}:{l}:{c}"),
            };
            let hint = n
                .hint
                .as_deref()
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            let _ = writeln!(out, "  {place}: {}{hint}", n.message);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_urls() {
        assert!(is_web_url("https://x.example/a"));
        assert!(is_web_url("mailto:a@b.example"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("ftp://x"));
    }
}
