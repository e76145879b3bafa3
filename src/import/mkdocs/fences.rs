//! Fenced code in MkDocs pages: finding fences (so nothing inside is converted) and
//! mapping pymdownx.highlight options to ownbook's info string.

use super::lines::{Ctx, token_end};

/// A fence opening line: its character and length.
pub fn opens_fence(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start();
    let ch = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = t.chars().take_while(|c| *c == ch).count();
    // A backtick fence's info string may not contain backticks.
    (len >= 3 && !(ch == '`' && t[len..].contains('`'))).then_some((ch, len))
}

pub fn closes_fence(line: &str, ch: char, len: usize) -> bool {
    let t = line.trim();
    t.chars().count() >= len && t.chars().all(|c| c == ch)
}

/// Maps a fence's options: `python title="x.py" linenums="1" hl_lines="2 3"` or
/// `{ .python .annotate }` become ownbook's `python,linenos,hl_lines=2 3`.
pub fn info(line: &str, ch: char, len: usize, src: usize, ctx: &mut Ctx) -> String {
    let indent = &line[..line.len() - line.trim_start().len()];
    let info = line.trim_start()[len..].trim();
    if !info.contains([' ', '{', '=']) {
        return line.to_string();
    }
    let fence: String = std::iter::repeat_n(ch, len).collect();
    let braced = info.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
    let (lang, attrs) = match braced {
        Some(inner) => {
            let tokens: Vec<&str> = inner.split_whitespace().collect();
            let lang = tokens
                .iter()
                .find_map(|t| t.strip_prefix('.'))
                .unwrap_or("");
            let rest: Vec<&str> = tokens
                .into_iter()
                .filter(|t| t.strip_prefix('.') != Some(lang))
                .collect();
            (lang.to_string(), rest.join(" "))
        }
        None => match info.split_once(char::is_whitespace) {
            Some((l, rest)) if !l.contains('=') => (l.to_string(), rest.to_string()),
            _ if info.contains('=') => (String::new(), info.to_string()),
            _ => (info.to_string(), String::new()),
        },
    };
    let mut parts = vec![lang];
    let mut rest = attrs.trim();
    while !rest.is_empty() {
        let end = token_end(rest).unwrap_or(rest.len());
        let tok = &rest[..end];
        let (k, v) = tok.split_once('=').unwrap_or((tok, ""));
        let v = v.trim_matches(['"', '\'']);
        match k {
            "linenums" => parts.push("linenos".to_string()),
            "hl_lines" => parts.push(format!("hl_lines={v}")),
            _ => ctx.note(src, 1, format!("code block option `{tok}` dropped")),
        }
        rest = rest[end..].trim_start();
    }
    format!("{indent}{fence}{}", parts.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fence_options() {
        let mut notes = Vec::new();
        let mut ctx = Ctx::new("docs/p.md", false, &mut notes);
        assert_eq!(
            info(
                "```python title=\"a.py\" linenums=\"1\" hl_lines=\"2 3\"",
                '`',
                3,
                1,
                &mut ctx
            ),
            "```python,linenos,hl_lines=2 3"
        );
        assert_eq!(
            info("  ``` { .yaml .annotate }", '`', 3, 2, &mut ctx),
            "  ```yaml"
        );
        assert_eq!(info("```rust", '`', 3, 3, &mut ctx), "```rust");
        assert_eq!(notes.len(), 2, "title and .annotate are dropped");
    }
}
