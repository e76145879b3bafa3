//! Splits the front matter from a Markdown file and parses it, keeping the byte
//! offset so that errors point at the real line of the file. Two forms are read, with
//! the same fields and checks: TOML between `+++` lines, and YAML between `---` lines
//! ([`yaml`]), as Hugo, MkDocs and Docusaurus write it.

mod yaml;

use crate::diag::Diagnostic;
use crate::site::FrontMatter;

/// The result of splitting a file: its front matter and where the body starts.
#[derive(Debug)]
pub struct Split {
    pub meta: FrontMatter,
    pub body_start: usize,
}

/// The two forms of front matter.
#[derive(Clone, Copy)]
enum Form {
    Toml,
    Yaml,
}

impl Form {
    fn fence(self) -> &'static str {
        match self {
            Form::Toml => "+++",
            Form::Yaml => "---",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Form::Toml => "TOML",
            Form::Yaml => "YAML",
        }
    }

    /// Whether `line` (without its newline) closes the front matter.
    fn closes(self, line: &str) -> bool {
        let line = line.trim_end();
        match self {
            Form::Toml => line == "+++",
            // YAML's end-of-document marker closes it too.
            Form::Yaml => line == "---" || line == "...",
        }
    }
}

/// Splits and parses the front matter of `text` (already normalized to LF), with every
/// mistake in it reported. A file without front matter is allowed; a front matter
/// that never closes is not.
pub fn split(display: &str, text: &str) -> Result<Split, Vec<Diagnostic>> {
    let (form, after_open) = if let Some(rest) = text.strip_prefix("+++") {
        (Form::Toml, rest)
    } else if let Some(rest) = text.strip_prefix("---")
        && !rest.starts_with('-')
    {
        (Form::Yaml, rest)
    } else {
        return Ok(Split {
            meta: FrontMatter::default(),
            body_start: 0,
        });
    };
    let fence = form.fence();
    if !(after_open.starts_with('\n') || after_open.trim_end_matches([' ', '\t']).is_empty()) {
        return Err(vec![
            Diagnostic::error(
                "front-matter",
                format!("the opening `{fence}` must be alone on its line"),
            )
            .at(display, text, 0, 3)
            .hint(format!(
                "put the {} keys on the lines after `{fence}`",
                form.name()
            )),
        ]);
    }
    let meta_start =
        (3 + after_open.find('\n').map_or(after_open.len(), |i| i + 1)).min(text.len());
    let mut offset = meta_start;
    let mut close = None;
    for line in text[meta_start..].split_inclusive('\n') {
        if form.closes(line) {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((meta_end, body_start)) = close else {
        return Err(vec![
            Diagnostic::error(
                "front-matter",
                "the front matter opened here is never closed",
            )
            .at(display, text, 0, 3)
            .hint(format!(
                "add a line containing only `{fence}` after the last front-matter key"
            )),
        ]);
    };
    let parsed = match form {
        Form::Toml => crate::tomlread::parse::<FrontMatter>(display, text, meta_start, meta_end),
        Form::Yaml => yaml::parse::<FrontMatter>(display, text, meta_start, meta_end),
    };
    match parsed.value {
        Some(meta) => Ok(Split { meta, body_start }),
        None => Err(parsed.diags),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_starts_after_closing_line() {
        let text = "+++\ntitle = \"A\"\n+++\nbody\n";
        let s = split("a.md", text).ok();
        assert_eq!(s.as_ref().map(|s| &text[s.body_start..]), Some("body\n"));
        assert_eq!(s.and_then(|s| s.meta.title).as_deref(), Some("A"));
    }

    #[test]
    fn unknown_key_has_real_line() {
        let text = "+++\ntitle = \"A\"\nwieght = 2\n+++\n";
        let d = split("p.md", text).err().and_then(|d| d.into_iter().next());
        let d = d.map(|d| (d.line, d.column, d.message, d.hint));
        assert_eq!(
            d,
            Some((
                3,
                1,
                "unknown field `wieght`".to_string(),
                Some("did you mean `weight`?".to_string())
            ))
        );
    }

    #[test]
    fn unclosed_front_matter_is_reported() {
        let d = split("p.md", "+++\ntitle = \"A\"\n# heading\n").err();
        assert_eq!(
            d.map(|d| (d[0].line, d[0].code.clone())),
            Some((1, "front-matter".to_string()))
        );
    }

    #[test]
    fn no_front_matter_is_fine() {
        let s = split("p.md", "# Title\ntext").ok();
        assert_eq!(s.map(|s| s.body_start), Some(0));
    }

    fn yaml_error(text: &str) -> Option<(usize, usize, String, Option<String>)> {
        let d = split("p.md", text).err().and_then(|d| d.into_iter().next());
        d.map(|d| (d.line, d.column, d.message, d.hint))
    }

    #[test]
    fn yaml_front_matter_reads_like_toml() {
        let text = "---\ntitle: \"Deploying: safely\"\ndescription: Small steps\nweight: 20\ndraft: false\naliases:\n  - old/deploy/\nreviewed: 2026-10-02\nreview_every: 90\ntoc: ~\n---\n# Body\n";
        let s = split("p.md", text).ok();
        assert_eq!(s.as_ref().map(|s| &text[s.body_start..]), Some("# Body\n"));
        let meta = s.map(|s| s.meta);
        assert_eq!(
            meta.as_ref().map(|m| (
                m.title.as_deref(),
                m.description.as_deref(),
                m.weight,
                m.aliases.clone(),
                m.reviewed.as_ref().map(|d| d.to_string()),
                m.review_every,
                m.toc
            )),
            Some((
                Some("Deploying: safely"),
                Some("Small steps"),
                Some(20),
                vec!["old/deploy/".to_string()],
                Some("2026-10-02".to_string()),
                Some(90),
                None
            ))
        );
    }

    #[test]
    fn yaml_errors_point_into_the_yaml() {
        assert_eq!(
            yaml_error("---\ntitle: A\nwieght: 2\n---\n"),
            Some((
                3,
                1,
                "unknown field `wieght`".to_string(),
                Some("did you mean `weight`?".to_string())
            ))
        );
        let (line, column, message, hint) =
            yaml_error("---\ntitle: A\nweight: \"2\"\n---\n").unwrap_or_default();
        assert_eq!((line, column), (3, 9));
        assert!(
            message.starts_with("invalid type: string \"2\""),
            "{message}"
        );
        assert_eq!(
            hint.as_deref(),
            Some("remove the quotes: numbers are written without them, e.g. tier: 2")
        );
        let (line, column, message, _) =
            yaml_error("---\ntitle: [A\nweight: 2\n---\n").unwrap_or_default();
        assert_eq!(line, 3, "{message} at {column}");
        assert!(message.starts_with("invalid YAML"), "{message}");
        assert_eq!(
            yaml_error("---\ntitle: A\n").map(|d| (d.0, d.2)),
            Some((
                1,
                "the front matter opened here is never closed".to_string()
            ))
        );
    }
}
