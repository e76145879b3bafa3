//! Diagnostics: what went wrong, where (file:line:column), and what to do about it.
//!
//! Every stage of the pipeline collects `Diagnostic`s instead of stopping at the first
//! problem, so a build reports everything at once. Positions are computed from the
//! normalized source text (LF line endings, no byte-order mark), which keeps line and
//! column numbers identical to what an editor shows for the original file.

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
    /// The source line and the length of the span under the caret (in characters).
    #[serde(skip)]
    pub snippet: Option<(String, usize)>,
}

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
        let end = (offset + len).min(pos.line_start + line_text.len());
        let span_chars = text
            .get(offset.min(end)..end)
            .map(|s| s.chars().count())
            .unwrap_or(1)
            .max(1);
        self.snippet = Some((line_text.to_string(), span_chars));
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
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
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

/// Renders diagnostics the way rustc does: a headline, the location, the source line
/// with a caret under the span, and a hint.
pub fn render_text(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let label = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{label}[{}]: {}", d.code, d.message);
        if let Some(file) = &d.file {
            if d.line > 0 {
                let _ = writeln!(out, "  --> {file}:{}:{}", d.line, d.column);
            } else {
                let _ = writeln!(out, "  --> {file}");
            }
        }
        if let Some((line_text, span)) = &d.snippet {
            let num = d.line.to_string();
            let pad = " ".repeat(num.len());
            // Tabs would shift the caret; show them as single spaces.
            let shown: String = line_text
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{num} | {shown}");
            let _ = writeln!(
                out,
                "{pad} | {}{}",
                " ".repeat(d.column.saturating_sub(1)),
                "^".repeat((*span).clamp(1, 200))
            );
        }
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "  = hint: {hint}");
        }
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
    fn renders_caret_under_span() {
        let text = "title = 1\nbad = [\n";
        let d = Diagnostic::error("toml", "unexpected end").at("a.md", text, 16, 1);
        let out = render_text(&[d]);
        assert!(out.contains("--> a.md:2:7"), "{out}");
        assert!(out.contains("2 | bad = ["), "{out}");
        assert!(out.contains("  |       ^"), "{out}");
    }
}
