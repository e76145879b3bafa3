//! Splits the `+++` TOML front matter from a Markdown file and parses it, keeping the
//! byte offset so that TOML errors point at the real line of the file.

use crate::diag::Diagnostic;
use crate::site::FrontMatter;

/// The result of splitting a file: its front matter and where the body starts.
#[derive(Debug)]
pub struct Split {
    pub meta: FrontMatter,
    pub body_start: usize,
}

/// Splits and parses the front matter of `text` (already normalized to LF), with every
/// mistake in it reported. A file without front matter is allowed; a front matter
/// that never closes is not.
pub fn split(display: &str, text: &str) -> Result<Split, Vec<Diagnostic>> {
    let Some(after_open) = text.strip_prefix("+++") else {
        return Ok(Split {
            meta: FrontMatter::default(),
            body_start: 0,
        });
    };
    if !(after_open.starts_with('\n') || after_open.trim_end_matches([' ', '\t']).is_empty()) {
        return Err(vec![
            Diagnostic::error(
                "front-matter",
                "the opening `+++` must be alone on its line",
            )
            .at(display, text, 0, 3)
            .hint("put the TOML keys on the lines after `+++`"),
        ]);
    }
    let toml_start =
        (3 + after_open.find('\n').map_or(after_open.len(), |i| i + 1)).min(text.len());
    let mut offset = toml_start;
    let mut close = None;
    for line in text[toml_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((toml_end, body_start)) = close else {
        return Err(vec![
            Diagnostic::error(
                "front-matter",
                "the front matter opened here is never closed",
            )
            .at(display, text, 0, 3)
            .hint("add a line containing only `+++` after the last front-matter key"),
        ]);
    };
    let parsed = crate::tomlread::parse::<FrontMatter>(display, text, toml_start, toml_end);
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
}
