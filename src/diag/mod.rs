//! Diagnostics: what went wrong, where (file:line:column), and what to do about it.
//!
//! Every stage of the pipeline collects `Diagnostic`s instead of stopping at the first
//! problem, so a build reports everything at once. Positions are computed from the
//! normalized source text (LF line endings, no byte-order mark), which keeps line and
//! column numbers identical to what an editor shows for the original file.

mod ci;

pub use ci::{render_github, render_gitlab, render_sarif};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is. Errors fail `build` and `check`; warnings are reported only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the user's input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable rule name, e.g. `broken-link`, usable in ownbook.toml to change severity.
    pub code: String,
    /// Path relative to the site root, with `/` separators. `None` for problems that
    /// belong to no file (e.g. a missing content folder).
    pub file: Option<String>,
    /// 1-based line; 0 when the problem has no position inside the file.
    pub line: usize,
    /// 1-based column counted in characters.
    pub column: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The source line (or, for a long line, the part around the position) with the
    /// caret under the span.
    #[serde(skip)]
    pub snippet: Option<Snippet>,
}

/// A piece of a source line and where the caret goes in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// 1-based column of the caret in `text`, in characters.
    pub caret: usize,
    /// Length of the span under the caret, in characters (at least 1).
    pub len: usize,
}

/// Characters of a long source line shown before and after the position.
const SNIPPET_BEFORE: usize = 60;
const SNIPPET_AFTER: usize = 100;

impl Diagnostic {
    pub fn new(severity: Severity, code: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code: code.to_string(),
            file: None,
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            snippet: None,
        }
    }

    pub fn error(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// Names the file without a position.
    pub fn in_file(mut self, file: &str) -> Self {
        self.file = Some(file.to_string());
        self
    }

    /// Places the diagnostic at byte `offset` (spanning `len` bytes) of `text`, the
    /// normalized contents of `file`.
    pub fn at(mut self, file: &str, text: &str, offset: usize, len: usize) -> Self {
        let pos = Position::of(text, offset);
        self.file = Some(file.to_string());
        self.line = pos.line;
        self.column = pos.column;
        let line_text = line_at(text, pos.line_start);
        let offset = pos.line_start + line_text.len().min(offset - pos.line_start);
        let end = (offset + len).min(pos.line_start + line_text.len());
        let span_chars = text
            .get(offset..end)
            .map(|s| s.chars().count())
            .unwrap_or(1)
            .max(1);
        self.snippet = Some(Snippet::around(line_text, pos.column, span_chars));
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A 1-based line/column position and the byte where its line starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub line_start: usize,
}

impl Position {
    /// Computes the position of byte `offset` in `text` (clamped to the text).
    pub fn of(text: &str, offset: usize) -> Position {
        let offset = char_boundary(text, offset);
        let before = &text[..offset];
        let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let column = text[line_start..offset].chars().count() + 1;
        Position {
            line,
            column,
            line_start,
        }
    }
}

impl Snippet {
    /// The part of `line` around 1-based character column `column`: the whole line
    /// when it is short, else a window with `…` where it was cut.
    fn around(line: &str, column: usize, len: usize) -> Snippet {
        let chars = line.chars().count();
        if chars <= SNIPPET_BEFORE + SNIPPET_AFTER {
            return Snippet {
                text: line.to_string(),
                caret: column,
                len,
            };
        }
        let first = column.saturating_sub(1).saturating_sub(SNIPPET_BEFORE);
        let last = (column - 1 + SNIPPET_AFTER).min(chars);
        let mut text: String = line.chars().skip(first).take(last - first).collect();
        let mut caret = column - first;
        if first > 0 {
            text.insert(0, '…');
            caret += 1;
        }
        if last < chars {
            text.push('…');
        }
        Snippet {
            text,
            caret,
            len: len.min(SNIPPET_AFTER),
        }
    }
}

/// The largest char boundary of `text` at or before `offset` (clamped to the text).
fn char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn line_at(text: &str, line_start: usize) -> &str {
    let rest = &text[line_start..];
    rest.split('\n').next().unwrap_or("")
}

/// Sorts diagnostics by file, line and column so output is stable and easy to scan.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
    });
}

/// One diagnostic as `render_text` shows it, without the blank line after it.
pub fn render_one(d: &Diagnostic) -> String {
    let mut out = String::new();
    let label = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let _ = writeln!(out, "{label}[{}]: {}", d.code, printable(&d.message));
    if let Some(file) = &d.file {
        let file = printable(file);
        if d.line > 0 {
            let _ = writeln!(out, "  --> {file}:{}:{}", d.line, d.column);
        } else {
            let _ = writeln!(out, "  --> {file}");
        }
    }
    if let Some(snippet) = &d.snippet {
        let num = d.line.to_string();
        let pad = " ".repeat(num.len());
        // Tabs would shift the caret; show them as single spaces.
        let shown: String = snippet
            .text
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{num} | {}", printable(&shown));
        let _ = writeln!(
            out,
            "{pad} | {}{}",
            " ".repeat(snippet.caret.saturating_sub(1)),
            "^".repeat(snippet.len.clamp(1, 200))
        );
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "  = hint: {}", printable(hint));
    }
    out
}

/// Renders diagnostics the way rustc does: a headline, the location, the source line
/// with a caret under the span, and a hint.
pub fn render_text(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&render_one(d));
        out.push('\n');
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if !diags.is_empty() {
        let _ = writeln!(
            out,
            "{errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        );
    }
    out
}

/// `text` with control characters written as escapes (`\u{1b}`), so that what a file
/// contains can neither move the terminal's cursor, set its title or clear it, nor
/// start a line a CI log would read as its own command.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_control(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Control characters other than tab (C0, DEL and C1).
fn is_control(c: char) -> bool {
    c.is_control() && c != '\t'
}

/// Keeps the diagnostics of one file readable and cheap: past `MAX_PER_FILE` of one
/// code, the rest are counted, not placed (placing one costs a scan of the file), and
/// one summary says how many there were.
#[derive(Debug, Default)]
pub struct Limit {
    counts: Vec<(String, Severity, usize)>,
}

/// How many diagnostics of one code a file reports in full.
pub const MAX_PER_FILE: usize = 20;

impl Limit {
    /// Whether a diagnostic of `code` may still be reported in full; counts it either way.
    pub fn allows(&mut self, code: &str, severity: Severity) -> bool {
        match self.counts.iter_mut().find(|(c, _, _)| c == code) {
            Some((_, worst, n)) => {
                *worst = (*worst).min(severity);
                *n += 1;
                *n <= MAX_PER_FILE
            }
            None => {
                self.counts.push((code.to_string(), severity, 1));
                true
            }
        }
    }

    /// One diagnostic per code that went over the limit, saying how many were left out.
    pub fn summaries(self, file: &str) -> Vec<Diagnostic> {
        self.counts
            .into_iter()
            .filter(|(_, _, n)| *n > MAX_PER_FILE)
            .map(|(code, severity, n)| {
                Diagnostic::new(
                    severity,
                    &code,
                    format!(
                        "{} more `{code}` problems in this file are not listed",
                        n - MAX_PER_FILE
                    ),
                )
                .in_file(file)
                .hint(format!(
                    "fix the first {MAX_PER_FILE} and build again to see the rest"
                ))
            })
            .collect()
    }
}

/// Renders diagnostics as a JSON array for CI tools.
pub fn render_json(diags: &[Diagnostic]) -> String {
    serde_json::to_string_pretty(diags).unwrap_or_else(|_| "[]".to_string())
}

/// A fatal problem that stops a command before or after the checks: I/O on a named
/// path, a refused output folder, a broken theme. Diagnostics in the user's content
/// are never `Fatal`; they are collected.
#[derive(Debug)]
pub enum Fatal {
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    Refused(String),
    Diagnostics(Vec<Diagnostic>),
}

impl Fatal {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Fatal::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fatal::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Fatal::Refused(msg) => write!(f, "{msg}"),
            Fatal::Diagnostics(d) => write!(f, "{}", render_text(d)),
        }
    }
}

impl std::error::Error for Fatal {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_lines_and_chars() {
        let text = "ab\ncdé\nfg";
        assert_eq!(
            Position::of(text, 0),
            Position {
                line: 1,
                column: 1,
                line_start: 0
            }
        );
        let p = Position::of(text, text.find('f').unwrap_or(0));
        assert_eq!((p.line, p.column), (3, 1));
        let p = Position::of(text, 7); // after "é" (2 bytes)
        assert_eq!((p.line, p.column), (2, 4));
    }

    #[test]
    fn long_lines_are_cut_around_the_position() {
        let line = format!("{}here{}", "a".repeat(500), "b".repeat(500));
        let d = Diagnostic::error("x", "m").at("f", &line, 500, 4);
        let out = render_text(&[d]);
        assert!(
            out.contains(&format!("1 | …{}here{}…\n", "a".repeat(60), "b".repeat(96))),
            "{out}"
        );
        assert!(
            out.contains(&format!("  | {}^^^^\n", " ".repeat(61))),
            "{out}"
        );
    }

    #[test]
    fn control_characters_are_printed_escaped() {
        let d =
            Diagnostic::error("x", "title \u{1b}]0;pwned\u{7}").at("f\u{1b}.md", "\u{0}x", 1, 1);
        let out = render_text(&[d]);
        assert!(!out.contains(['\u{1b}', '\u{7}', '\u{0}']), "{out:?}");
        assert!(out.contains("title \\u{1b}]0;pwned\\u{7}"), "{out}");
        assert!(out.contains("--> f\\u{1b}.md:1:2"), "{out}");
    }

    #[test]
    fn a_file_reports_twenty_of_a_kind_and_counts_the_rest() {
        let mut limit = Limit::default();
        let shown = (0..25)
            .filter(|_| limit.allows("broken-link", Severity::Error))
            .count();
        assert_eq!(shown, MAX_PER_FILE);
        let summary = limit.summaries("a.md");
        assert_eq!(summary.len(), 1);
        assert_eq!(
            summary[0].message,
            "5 more `broken-link` problems in this file are not listed"
        );
        assert!(summary[0].is_error());
    }

    #[test]
    fn renders_caret_under_span() {
        let text = "title = 1\nbad = [\n";
        let d = Diagnostic::error("toml", "unexpected end").at("a.md", text, 16, 1);
        let out = render_text(&[d]);
        assert!(out.contains("--> a.md:2:7"), "{out}");
        assert!(out.contains("2 | bad = ["), "{out}");
        assert!(out.contains("  |       ^"), "{out}");
    }
}
