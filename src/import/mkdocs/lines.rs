//! The line pass over a MkDocs page (outside code): attribute lists (`{: .class }`,
//! `{ target="_blank" }`) are removed, except heading ids, which become ownbook's
//! `{#id}`; `[TOC]` and abbreviation definitions go; template expressions
//! (`{{ … }}`, `{% … %}`) are kept as inline code so they are not mistaken for
//! ownbook shortcodes; code fence options are mapped. Everything lost is noted.

use super::super::{Note, note_at};

/// Where the pass is and where its notes go.
pub struct Ctx<'n> {
    pub display: String,
    /// Whether mkdocs.yml enables pymdownx.emoji (then `:name:` is an emoji shortcode).
    pub emoji: bool,
    pub notes: &'n mut Vec<Note>,
    /// The level of the last `#` heading seen, so that content tabs become headings
    /// one level below it.
    pub heading_level: u8,
}

impl<'n> Ctx<'n> {
    pub fn new(display: &str, emoji: bool, notes: &'n mut Vec<Note>) -> Self {
        Ctx {
            display: display.to_string(),
            emoji,
            notes,
            heading_level: 1,
        }
    }

    pub fn note(&mut self, line: usize, column: usize, message: String) {
        self.notes
            .push(note_at(&self.display, line, column, message));
    }
}

/// Converts one line; `None` drops it.
pub fn convert_line(line: &str, src: usize, ctx: &mut Ctx) -> Option<String> {
    let trimmed = line.trim();
    if trimmed == "[TOC]" {
        ctx.note(
            src,
            1,
            "`[TOC]` removed: ownbook shows a table of contents on every page".into(),
        );
        return None;
    }
    if trimmed.starts_with("*[") && trimmed.contains("]:") {
        ctx.note(
            src,
            1,
            format!("abbreviation `{trimmed}` removed: ownbook has no abbreviations"),
        );
        return None;
    }
    if trimmed.starts_with("--8<--") {
        ctx.note(
            src,
            1,
            "snippet include `--8<--` is not supported; paste the included text here".into(),
        );
    }
    if let Some(attrs) = whole_attr_list(trimmed) {
        ctx.note(src, 1, format!("attribute list `{attrs}` removed"));
        return Some(String::new());
    }
    if is_heading(trimmed) {
        return Some(heading(line));
    }
    Some(inline(line, src, ctx))
}

fn is_heading(t: &str) -> bool {
    let hashes = t.chars().take_while(|c| *c == '#').count();
    (1..=6).contains(&hashes) && t[hashes..].starts_with([' ', '\t'])
}

/// A heading with a trailing attribute list keeps only its id, as `{#id}`.
fn heading(line: &str) -> String {
    let t = line.trim_end();
    let Some(open) = t.rfind('{') else {
        return line.to_string();
    };
    let Some(tokens) = t[open..]
        .strip_suffix('}')
        .and_then(|s| parse_attrs(&s[1..]))
    else {
        return line.to_string();
    };
    let head = t[..open].trim_end();
    match tokens.iter().find_map(|t| t.strip_prefix('#')) {
        Some(id) => format!("{head} {{#{id}}}"),
        None => head.to_string(),
    }
}

/// The tokens of an attribute list body (`: .a #b k="v"`), if it is one.
fn parse_attrs(body: &str) -> Option<Vec<String>> {
    let body = body.strip_prefix(':').unwrap_or(body).trim();
    if body.is_empty() || body.starts_with('{') {
        return None;
    }
    let mut tokens = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let end = token_end(rest)?;
        let tok = &rest[..end];
        let valid = if let Some(name) = tok.strip_prefix(['.', '#']) {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || "-_:".contains(c))
        } else if let Some((k, _)) = tok.split_once('=') {
            !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || "-_:".contains(c))
        } else {
            false
        };
        if !valid {
            return None;
        }
        tokens.push(tok.to_string());
        rest = rest[end..].trim_start();
    }
    Some(tokens)
}

/// End of one token: up to whitespace, with quoted values kept whole.
pub(super) fn token_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => return Some(i),
            _ => {}
        }
    }
    quote.is_none().then_some(s.len())
}

/// A line that is nothing but an attribute list.
fn whole_attr_list(t: &str) -> Option<&str> {
    (t.starts_with('{') && t.ends_with('}') && parse_attrs(&t[1..t.len() - 1]).is_some())
        .then_some(t)
}

/// Inline conversions outside code spans: attribute lists after links, images and
/// emphasis or at the end of the line are removed; template expressions become code.
fn inline(line: &str, src: usize, ctx: &mut Ctx) -> String {
    let mut out = String::with_capacity(line.len());
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < line.len() {
        let c = bytes[i];
        if c == b'`' {
            // Copy a whole code span (or an unmatched run of backticks) untouched.
            let run = bytes[i..].iter().take_while(|b| **b == b'`').count();
            let ticks = &line[i..i + run];
            let end = line[i + run..]
                .find(ticks)
                .map(|e| i + run + e + run)
                .unwrap_or(i + run);
            out.push_str(&line[i..end]);
            i = end;
            continue;
        }
        if c == b'{' && (line[i..].starts_with("{{") || line[i..].starts_with("{%")) {
            let close = if line[i..].starts_with("{{") {
                "}}"
            } else {
                "%}"
            };
            if let Some(e) = line[i + 2..].find(close) {
                let expr = &line[i..i + 2 + e + 2];
                ctx.note(src, col(line, i), format!("template expression `{expr}` kept as code: ownbook does not run MkDocs macros"));
                out.push('`');
                out.push_str(expr);
                out.push('`');
                i += expr.len();
                continue;
            }
        }
        if c == b'{'
            && let Some(close) = line[i..].find('}')
            && parse_attrs(&line[i + 1..i + close]).is_some()
        {
            let attached = i > 0 && matches!(bytes[i - 1], b')' | b']' | b'*' | b'_' | b'`');
            let at_end = line[i + close + 1..].trim().is_empty();
            if attached || at_end {
                let attrs = &line[i..=i + close];
                ctx.note(
                    src,
                    col(line, i),
                    format!("attribute list `{attrs}` removed"),
                );
                if at_end {
                    out.truncate(out.trim_end().len());
                }
                i += close + 1;
                continue;
            }
        }
        if ctx.emoji
            && c == b':'
            && (i == 0 || bytes[i - 1].is_ascii_whitespace())
            && let Some(name) = emoji_at(&line[i..])
        {
            ctx.note(
                src,
                col(line, i),
                format!("emoji or icon shortcode `{name}` is shown as text"),
            );
            out.push_str(name);
            i += name.len();
            continue;
        }
        let ch = line[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// `:name:` at the start of `s` (letters, digits, `_`, `+`, `-`, with a letter).
fn emoji_at(s: &str) -> Option<&str> {
    let inner = s.strip_prefix(':')?;
    let end = inner.find(':')?;
    let name = &inner[..end];
    (!name.is_empty()
        && name.chars().any(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+-".contains(c)))
    .then(|| &s[..end + 2])
}

fn col(line: &str, byte: usize) -> usize {
    line[..byte].chars().count() + 1
}

/// Columns of leading whitespace, a tab counting to the next multiple of four (as
/// Python-Markdown expands tabs).
pub fn indent_of(line: &str) -> usize {
    let mut col = 0;
    for c in line.chars() {
        match c {
            ' ' => col += 1,
            '\t' => col += 4 - col % 4,
            _ => break,
        }
    }
    col
}

/// Removes `n` columns of leading whitespace.
pub fn dedent(line: &str, n: usize) -> String {
    if line.trim().is_empty() {
        return String::new();
    }
    let mut col = 0;
    for (i, c) in line.char_indices() {
        if col >= n {
            return format!("{}{}", " ".repeat(col - n), &line[i..]);
        }
        match c {
            ' ' => col += 1,
            '\t' => col += 4 - col % 4,
            _ => return line[i..].to_string(),
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(line: &str) -> (Option<String>, usize) {
        let mut notes = Vec::new();
        let mut ctx = Ctx::new("docs/p.md", true, &mut notes);
        let out = convert_line(line, 1, &mut ctx);
        (out, notes.len())
    }

    #[test]
    fn attribute_lists_are_removed_or_mapped() {
        assert_eq!(
            conv("[Open](https://x.example){: target=\"_blank\" } now"),
            (Some("[Open](https://x.example) now".into()), 1)
        );
        assert_eq!(
            conv("[Go](a.md){ .md-button .md-button--primary }"),
            (Some("[Go](a.md)".into()), 1)
        );
        assert_eq!(conv("{: .lead }"), (Some(String::new()), 1));
        assert_eq!(
            conv("A paragraph. {: .note }"),
            (Some("A paragraph.".into()), 1)
        );
        assert_eq!(
            conv("## Runbooks {: #runbooks .x }"),
            (Some("## Runbooks {#runbooks}".into()), 0)
        );
        assert_eq!(conv("## Plain { .x }"), (Some("## Plain".into()), 0));
        assert_eq!(
            conv("Set {x} and `{: .y }` stay"),
            (Some("Set {x} and `{: .y }` stay".into()), 0)
        );
    }

    #[test]
    fn macros_and_emoji() {
        assert_eq!(
            conv("{{ config.site_name }}"),
            (Some("`{{ config.site_name }}`".into()), 1)
        );
        assert_eq!(
            conv("Done :white_check_mark: at 10:30"),
            (Some("Done :white_check_mark: at 10:30".into()), 1)
        );
    }
}
