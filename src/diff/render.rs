//! A diff as Markdown for a pull-request comment, or as JSON for scripts. Every value
//! from the catalog is escaped, so a service named `a | *b*` stays one table cell of
//! plain text, and a team handle cannot mention anyone.

use super::model::{Change, Diff, Finding, RotationChange};
use std::fmt::Write;

/// The diff as a stable, pretty-printed JSON document (see `model::Diff`).
pub fn json(diff: &Diff) -> String {
    let mut text = serde_json::to_string_pretty(diff).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

/// The diff as Markdown (GitHub-flavoured tables); one line when nothing changed.
pub fn markdown(diff: &Diff) -> String {
    if diff.is_empty() {
        return "No catalog changes.\n".to_string();
    }
    let short: String = diff.base.commit.chars().take(7).collect();
    let mut md = format!(
        "## Catalog changes since {} ({short})\n\n{}\n",
        esc(&diff.base.rev),
        summary(diff)
    );
    services(&mut md, diff);
    teams(&mut md, diff);
    fields(&mut md, diff);
    escalation(&mut md, diff);
    rotations(&mut md, diff);
    dependencies(&mut md, diff);
    checks(&mut md, diff);
    scorecards(&mut md, diff);
    md
}

/// One sentence counting what changed.
fn summary(diff: &Diff) -> String {
    let warnings = diff.checks.appeared.len() - diff.new_errors();
    let counts = [
        (diff.services.added.len(), "service added", "services added"),
        (
            diff.services.removed.len(),
            "service removed",
            "services removed",
        ),
        (diff.teams.added.len(), "team added", "teams added"),
        (diff.teams.removed.len(), "team removed", "teams removed"),
        (
            diff.fields.len(),
            "owner, tier or lifecycle change",
            "owner, tier or lifecycle changes",
        ),
        (
            diff.escalation.len(),
            "escalation level change",
            "escalation level changes",
        ),
        (diff.rotations.len(), "rotation change", "rotation changes"),
        (
            diff.dependencies.len(),
            "dependency change",
            "dependency changes",
        ),
        (
            diff.scorecards.len(),
            "scorecard level change",
            "scorecard level changes",
        ),
        (diff.new_errors(), "new error", "new errors"),
        (warnings, "new warning", "new warnings"),
        (
            diff.checks.resolved.len(),
            "problem resolved",
            "problems resolved",
        ),
    ];
    let said: Vec<String> = counts
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect();
    format!("{}.", said.join(", "))
}

/// Escapes catalog text for Markdown: every character with a meaning in inline
/// Markdown, in GitHub tables (`|`) or on GitHub (`@` mentions, `#` issue links, `$`
/// maths) gets a backslash, entities lose their `&`, and line breaks become spaces (a
/// table row is one line). Block syntax needs nothing: catalog text is never at the
/// start of a line.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '@' | '$' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A named entry: `Name (id)`, escaped.
fn named(name: &str, id: &str) -> String {
    if name.is_empty() || name == id {
        esc(id)
    } else {
        format!("{} ({})", esc(name), esc(id))
    }
}

fn or_dash(value: Option<&str>) -> String {
    value.map(esc).unwrap_or_else(|| "—".to_string())
}

/// A table: a heading, the header row, and one row per item.
fn table(md: &mut String, title: &str, header: &[&str], rows: Vec<Vec<String>>) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(md, "\n### {title}\n\n| {} |", header.join(" | "));
    let _ = writeln!(md, "|{}", "---|".repeat(header.len()));
    for row in rows {
        let _ = writeln!(md, "| {} |", row.join(" | "));
    }
}

fn change_word(change: Change) -> &'static str {
    match change {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Changed => "changed",
    }
}

fn services(md: &mut String, diff: &Diff) {
    let sides = [
        ("added", &diff.services.added),
        ("removed", &diff.services.removed),
    ];
    let rows = sides
        .into_iter()
        .flat_map(|(word, list)| list.iter().map(move |s| (word, s)))
        .map(|(word, s)| {
            vec![
                word.to_string(),
                named(&s.name, &s.id),
                or_dash(s.owner.as_deref()),
                s.tier.to_string(),
                esc(&s.lifecycle),
                s.level.as_deref().map_or_else(|| "none".to_string(), esc),
            ]
        })
        .collect();
    let header = [
        "Change",
        "Service",
        "Owner",
        "Tier",
        "Lifecycle",
        "Scorecard",
    ];
    table(md, "Services", &header, rows);
}

fn teams(md: &mut String, diff: &Diff) {
    if diff.teams.added.is_empty() && diff.teams.removed.is_empty() {
        return;
    }
    md.push_str("\n### Teams\n\n");
    for (word, list) in [
        ("Added", &diff.teams.added),
        ("Removed", &diff.teams.removed),
    ] {
        for t in list {
            let _ = writeln!(md, "- {word}: {}", named(&t.name, &t.id));
        }
    }
}

fn fields(md: &mut String, diff: &Diff) {
    let rows = diff
        .fields
        .iter()
        .map(|f| {
            vec![
                named(&f.name, &f.service),
                f.field.to_string(),
                or_dash(f.before.as_deref()),
                or_dash(f.after.as_deref()),
            ]
        })
        .collect();
    let header = ["Service", "Field", "Before", "After"];
    table(md, "Owner, tier and lifecycle", &header, rows);
}

fn escalation(md: &mut String, diff: &Diff) {
    let minutes = |m: Option<u32>| m.map_or_else(|| "—".to_string(), |m| format!("{m} min"));
    let rows = diff
        .escalation
        .iter()
        .map(|l| {
            vec![
                esc(&l.team),
                named(&l.policy_name, &l.policy),
                l.level.to_string(),
                change_word(l.change).to_string(),
                minutes(l.delay_before),
                minutes(l.delay_after),
            ]
        })
        .collect();
    let header = [
        "Team",
        "Policy",
        "Level",
        "Change",
        "Delay before",
        "Delay after",
    ];
    table(md, "Escalation levels", &header, rows);
}

fn rotations(md: &mut String, diff: &Diff) {
    if diff.rotations.is_empty() {
        return;
    }
    md.push_str("\n### Rotation members\n\n");
    for r in &diff.rotations {
        let _ = writeln!(
            md,
            "- {}, rotation {}: {}",
            esc(&r.team),
            named(&r.name, &r.rotation),
            rotation_said(r)
        );
    }
}

/// What happened to a rotation's members, in words.
fn rotation_said(r: &RotationChange) -> String {
    let list = |ids: &[String]| ids.iter().map(|m| esc(m)).collect::<Vec<_>>().join(", ");
    match r.change {
        Change::Added => format!("new, with {}", list(&r.after)),
        Change::Removed => format!("removed (it had {})", list(&r.before)),
        Change::Changed => {
            let mut said = Vec::new();
            if !r.added.is_empty() {
                said.push(format!("added {}", list(&r.added)));
            }
            if !r.removed.is_empty() {
                said.push(format!("removed {}", list(&r.removed)));
            }
            if r.reordered {
                said.push("order changed".to_string());
            }
            format!("{}; now {}", said.join("; "), list(&r.after))
        }
    }
}

fn dependencies(md: &mut String, diff: &Diff) {
    let rows = diff
        .dependencies
        .iter()
        .map(|d| {
            vec![
                esc(&d.service),
                esc(&d.dependency),
                change_word(d.change).to_string(),
                if d.critical { "yes" } else { "no" }.to_string(),
            ]
        })
        .collect();
    let header = ["Service", "Depends on", "Change", "Critical"];
    table(md, "Dependencies", &header, rows);
}

fn checks(md: &mut String, diff: &Diff) {
    let row = |word: &str, f: &Finding| {
        let place = match (&f.file, f.line) {
            (Some(file), 0) => esc(file),
            (Some(file), line) => format!("{}:{line}", esc(file)),
            (None, _) => "—".to_string(),
        };
        let severity = match f.severity {
            crate::diag::Severity::Error => "error",
            crate::diag::Severity::Warning => "warning",
        };
        vec![
            word.to_string(),
            severity.to_string(),
            esc(&f.code),
            place,
            esc(&f.message),
        ]
    };
    let appeared = diff.checks.appeared.iter().map(|f| row("appeared", f));
    let resolved = diff.checks.resolved.iter().map(|f| row("resolved", f));
    let header = ["Change", "Severity", "Rule", "Where", "Message"];
    table(
        md,
        "Check results",
        &header,
        appeared.chain(resolved).collect(),
    );
}

fn scorecards(md: &mut String, diff: &Diff) {
    let rows = diff
        .scorecards
        .iter()
        .map(|s| {
            vec![
                named(&s.name, &s.service),
                or_dash(s.owner.as_deref()),
                s.before.as_deref().map_or_else(|| "none".to_string(), esc),
                s.after.as_deref().map_or_else(|| "none".to_string(), esc),
            ]
        })
        .collect();
    let header = ["Service", "Owner", "Before", "After"];
    table(md, "Scorecard levels", &header, rows);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_table_cells_and_mentions_inert() {
        assert_eq!(esc("a | *b*"), "a \\| \\*b\\*");
        assert_eq!(esc("@org/team"), "\\@org/team");
        assert_eq!(esc("x\ny"), "x y");
        assert_eq!(esc("&amp;"), "\\&amp;");
    }
}
