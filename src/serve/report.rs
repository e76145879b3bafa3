//! What `serve` prints about diagnostics: all of them after the first build, then
//! after each rebuild only what changed (new ones in full, fixed ones on one line)
//! and a count of the rest, so an edit's effect is not buried under problems the
//! author has already seen.

use crate::diag::{self, Diagnostic, Severity};
use rustc_hash::FxHashMap;
use std::fmt::Write as _;

/// Marks the headline of a diagnostic that the last build did not have.
pub const NEW: &str = "+ new ";
/// Starts the line of a diagnostic the last build had and this one does not.
pub const FIXED: &str = "✓ fixed ";

/// The diagnostics last shown on the terminal.
#[derive(Default)]
pub struct Reporter {
    shown: Option<Vec<Diagnostic>>,
}

/// What identifies a diagnostic across builds. The position is left out: an edit
/// above a problem moves it without making it new.
type Key<'a> = (Severity, &'a str, Option<&'a str>, &'a str);

fn key(d: &Diagnostic) -> Key<'_> {
    (d.severity, &d.code, d.file.as_deref(), &d.message)
}

impl Reporter {
    /// The text to print for a build that found `diags`: everything the first time,
    /// afterwards what changed since the last call.
    pub fn report(&mut self, diags: &[Diagnostic]) -> String {
        let text = match &self.shown {
            None => diag::render_text(diags),
            Some(before) => changes(before, diags),
        };
        self.shown = Some(diags.to_vec());
        text
    }
}

/// The diagnostics of `of` that `other` does not have, matching equal keys one to one.
fn missing_from<'a>(of: &'a [Diagnostic], other: &[Diagnostic]) -> Vec<&'a Diagnostic> {
    let mut left: FxHashMap<Key, usize> = FxHashMap::default();
    for d in other {
        *left.entry(key(d)).or_default() += 1;
    }
    of.iter()
        .filter(|d| match left.get_mut(&key(d)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

fn changes(before: &[Diagnostic], now: &[Diagnostic]) -> String {
    let added = missing_from(now, before);
    let fixed = missing_from(before, now);
    let mut out = String::new();
    for d in &added {
        out.push_str(NEW);
        out.push_str(&diag::render_one(d));
        out.push('\n');
    }
    for d in &fixed {
        let _ = write!(
            out,
            "{FIXED}{}[{}]: {}",
            label(d.severity),
            d.code,
            diag::printable(&d.message)
        );
        if let Some(file) = &d.file {
            let _ = write!(out, " (was at {}", diag::printable(file));
            if d.line > 0 {
                let _ = write!(out, ":{}:{}", d.line, d.column);
            }
            out.push(')');
        }
        out.push('\n');
    }
    let errors_now = now.iter().filter(|d| d.is_error()).count();
    let errors = errors_now - added.iter().filter(|d| d.is_error()).count();
    let warnings = now.len() - added.len() - errors;
    let counts: Vec<String> = [(errors, "error"), (warnings, "warning")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}{}", if n == 1 { "" } else { "s" }))
        .collect();
    if !counts.is_empty() {
        let _ = writeln!(out, "{} unchanged", counts.join(" and "));
    }
    out
}

fn label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(d: Diagnostic, file: &str, line: usize) -> Diagnostic {
        Diagnostic {
            file: Some(file.into()),
            line,
            column: 1,
            ..d
        }
    }

    #[test]
    fn later_builds_show_only_what_changed() {
        let stale = at(Diagnostic::warning("stale", "old runbook"), "a.toml", 3);
        let cycle = at(Diagnostic::warning("cycle", "a cycle"), "b.toml", 9);
        let broken = at(Diagnostic::error("broken-link", "no page"), "c.md", 4);
        let mut r = Reporter::default();
        let first = r.report(&[stale.clone(), cycle.clone()]);
        assert!(first.ends_with("0 errors, 2 warnings\n"), "{first}");

        // Moved by an edit above it: the same problem, not a new one.
        let moved = at(stale.clone(), "a.toml", 5);
        let second = r.report(&[moved.clone(), cycle.clone(), broken.clone()]);
        let lines: Vec<&str> = second.lines().collect();
        assert_eq!(lines[0], "+ new error[broken-link]: no page");
        assert_eq!(lines[1], "  --> c.md:4:1");
        assert_eq!(lines.last(), Some(&"2 warnings unchanged"));

        let third = r.report(&[moved, cycle]);
        assert_eq!(
            third,
            "✓ fixed error[broken-link]: no page (was at c.md:4:1)\n2 warnings unchanged\n"
        );
    }
}
