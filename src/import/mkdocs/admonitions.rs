//! The block pass over a MkDocs page: admonitions (`!!!`, `???`, `???+`) become
//! GitHub-style callouts or `<details>`, content tabs (`=== "Tab"`) become bold
//! headings, fenced code keeps its language, and every other line goes through the
//! line pass ([`super::lines`]). Lines keep the number of the source line they came
//! from, so notes can point at it.

use super::fences::{closes_fence, opens_fence};
use super::lines::{dedent, indent_of};
use super::{fences, lines};
use crate::text::escape_html;

/// One line of a page, with the 1-based line of the source file it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub src: usize,
}

/// An admonition or content-tab opening line.
#[derive(Debug, PartialEq, Eq)]
struct Opener {
    indent: usize,
    form: Form,
    /// The admonition type (`note`) and extra classes (`inline end`).
    words: Vec<String>,
    /// `None`: no title given; `Some("")`: explicitly no title.
    title: Option<String>,
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Form {
    Callout,
    Details { open: bool },
    Tab,
}

/// Converts the lines of a page (or of an admonition body, recursively).
pub fn convert(input: &[Line], ctx: &mut lines::Ctx) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(input.len());
    let mut fence: Option<(char, usize)> = None;
    let mut i = 0;
    while i < input.len() {
        let line = &input[i];
        if let Some((ch, len)) = fence {
            if closes_fence(&line.text, ch, len) {
                fence = None;
            }
            out.push(line.clone());
            i += 1;
            continue;
        }
        if let Some((ch, len)) = opens_fence(&line.text) {
            fence = Some((ch, len));
            out.push(Line {
                text: fences::info(&line.text, ch, len, line.src, ctx),
                src: line.src,
            });
            i += 1;
            continue;
        }
        let Some(opener) = parse_opener(&line.text) else {
            if let Some(text) = lines::convert_line(&line.text, line.src, ctx) {
                out.push(Line {
                    text,
                    src: line.src,
                });
            }
            i += 1;
            continue;
        };
        // The body: following lines indented four more columns, and blank lines
        // between them; trailing blank lines belong to what follows.
        let mut end = i + 1;
        let mut last = i;
        while end < input.len() {
            let t = &input[end].text;
            if t.trim().is_empty() {
                end += 1;
                continue;
            }
            if indent_of(t) < opener.indent + 4 {
                break;
            }
            last = end;
            end += 1;
        }
        let body: Vec<Line> = input[i + 1..=last]
            .iter()
            .map(|l| Line {
                text: dedent(&l.text, opener.indent + 4),
                src: l.src,
            })
            .collect();
        let mut inner = convert(&body, ctx);
        let blank_lead = inner
            .iter()
            .take_while(|l| l.text.trim().is_empty())
            .count();
        inner.drain(..blank_lead);
        if out.last().is_some_and(|l| !l.text.trim().is_empty()) {
            out.push(Line {
                text: String::new(),
                src: line.src,
            });
        }
        emit(&opener, line.src, &inner, ctx, &mut out);
        if input
            .get(last + 1)
            .is_some_and(|l| !l.text.trim().is_empty())
        {
            out.push(Line {
                text: String::new(),
                src: line.src,
            });
        }
        i = last + 1;
    }
    out
}

fn emit(opener: &Opener, src: usize, inner: &[Line], ctx: &mut lines::Ctx, out: &mut Vec<Line>) {
    let pad = " ".repeat(opener.indent);
    let kind = opener.words.first().map(String::as_str).unwrap_or("note");
    let (callout, exact) = callout_of(kind);
    if opener.form != Form::Tab {
        if !exact && !KNOWN.contains(&kind) {
            ctx.note(
                src,
                opener.indent + 1,
                format!("admonition type `{kind}` has no ownbook callout; shown as {callout}"),
            );
        }
        if opener.words.len() > 1 {
            ctx.note(
                src,
                opener.indent + 1,
                format!(
                    "admonition classes `{}` dropped",
                    opener.words[1..].join(" ")
                ),
            );
        }
    }
    let default_title = capitalize(kind);
    let push = |out: &mut Vec<Line>, text: String| out.push(Line { text, src });
    match opener.form {
        Form::Callout => {
            push(out, format!("{pad}> [!{callout}]"));
            let title = match &opener.title {
                Some(t) if t.eq_ignore_ascii_case(callout) => None,
                Some(t) if t.is_empty() => None,
                Some(t) => Some(t.clone()),
                None if exact => None,
                None => Some(default_title),
            };
            if let Some(t) = title {
                push(out, format!("{pad}> **{}**", t.trim()));
                if !inner.is_empty() {
                    push(out, format!("{pad}>"));
                }
            }
            for l in inner {
                let text = if l.text.is_empty() {
                    format!("{pad}>")
                } else {
                    format!("{pad}> {}", l.text)
                };
                out.push(Line { text, src: l.src });
            }
        }
        Form::Details { open } => {
            let title = opener
                .title
                .clone()
                .filter(|t| !t.is_empty())
                .unwrap_or(default_title);
            push(
                out,
                format!(
                    "{pad}<details class=\"callout callout-{}\"{}>",
                    callout.to_ascii_lowercase(),
                    if open { " open" } else { "" }
                ),
            );
            push(
                out,
                format!(
                    "{pad}<summary class=\"callout-title\">{}</summary>",
                    escape_html(title.trim())
                ),
            );
            push(out, String::new());
            indented(inner, &pad, out);
            push(out, String::new());
            push(out, format!("{pad}</details>"));
        }
        Form::Tab => {
            let title = opener.title.clone().unwrap_or_default();
            ctx.note(
                src,
                opener.indent + 1,
                format!("content tab `{title}` shown as a bold line above its content"),
            );
            push(out, format!("{pad}**{}**", title.trim()));
            push(out, String::new());
            indented(inner, &pad, out);
        }
    }
}

fn indented(inner: &[Line], pad: &str, out: &mut Vec<Line>) {
    for l in inner {
        let text = if l.text.is_empty() {
            String::new()
        } else {
            format!("{pad}{}", l.text)
        };
        out.push(Line { text, src: l.src });
    }
}

/// Admonition types Material for MkDocs knows (anything else is a custom type).
const KNOWN: [&str; 27] = [
    "note",
    "abstract",
    "summary",
    "tldr",
    "info",
    "todo",
    "tip",
    "hint",
    "important",
    "success",
    "check",
    "done",
    "question",
    "help",
    "faq",
    "warning",
    "caution",
    "attention",
    "failure",
    "fail",
    "missing",
    "danger",
    "error",
    "bug",
    "example",
    "quote",
    "cite",
];

/// The nearest ownbook callout of an admonition type, and whether it is the same name.
fn callout_of(kind: &str) -> (&'static str, bool) {
    let callout = match kind {
        "tip" | "hint" | "success" | "check" | "done" | "question" | "help" | "faq" => "TIP",
        "important" => "IMPORTANT",
        "warning" | "caution" | "attention" => "WARNING",
        "danger" | "error" | "failure" | "fail" | "missing" | "bug" => "CAUTION",
        _ => "NOTE",
    };
    // MkDocs' `caution` is a warning; GitHub's CAUTION is the red one.
    (
        callout,
        kind.eq_ignore_ascii_case(callout) && kind != "caution",
    )
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f
            .to_uppercase()
            .chain(c)
            .collect::<String>()
            .replace(['-', '_'], " "),
        None => String::new(),
    }
}

/// Parses `!!! type "Title"`, `??? type`, `???+ type "Title"`, `=== "Tab"`.
fn parse_opener(line: &str) -> Option<Opener> {
    let indent = indent_of(line);
    let rest = line.trim_start();
    let (form, after) = if let Some(a) = rest.strip_prefix("!!!") {
        (Form::Callout, a)
    } else if let Some(a) = rest.strip_prefix("???+") {
        (Form::Details { open: true }, a)
    } else if let Some(a) = rest.strip_prefix("???") {
        (Form::Details { open: false }, a)
    } else if let Some(a) = rest.strip_prefix("===") {
        (Form::Tab, a.trim_start_matches(['+', '!']))
    } else {
        return None;
    };
    let after = after.trim();
    let (words_part, title) = match after.find('"') {
        Some(q) => {
            let t = after[q..].strip_prefix('"')?.strip_suffix('"')?;
            (&after[..q], Some(t.to_string()))
        }
        None => (after, None),
    };
    let words: Vec<String> = words_part.split_whitespace().map(str::to_string).collect();
    let word_ok = |w: &String| {
        w.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    };
    if !words.iter().all(word_ok) {
        return None;
    }
    let ok = match form {
        Form::Callout => !words.is_empty(),
        Form::Details { .. } => !words.is_empty() || title.is_some(),
        Form::Tab => words.is_empty() && title.is_some(),
    };
    ok.then_some(Opener {
        indent,
        form,
        words: words.into_iter().map(|w| w.to_lowercase()).collect(),
        title,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (String, Vec<String>) {
        let input: Vec<Line> = text
            .lines()
            .enumerate()
            .map(|(i, t)| Line {
                text: t.to_string(),
                src: i + 1,
            })
            .collect();
        let mut notes = Vec::new();
        let mut ctx = lines::Ctx::new("docs/p.md", false, &mut notes);
        let out = convert(&input, &mut ctx);
        let text = out
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        (
            text,
            notes
                .iter()
                .map(|n| format!("{}: {}", n.line, n.message))
                .collect(),
        )
    }

    #[test]
    fn callouts_with_and_without_titles() {
        let (out, _) = run("!!! note \"Read this\"\n    Body *text*.\n\n    More.\nAfter");
        assert_eq!(
            out,
            "> [!NOTE]\n> **Read this**\n>\n> Body *text*.\n>\n> More.\n\nAfter"
        );
        let (out, _) = run("!!! tip\n    Short.");
        assert_eq!(out, "> [!TIP]\n> Short.");
        let (out, _) = run("!!! danger \"\"\n    Careful.");
        assert_eq!(out, "> [!CAUTION]\n> Careful.");
        let (out, _) = run("!!! success\n    Done.");
        assert_eq!(out, "> [!TIP]\n> **Success**\n>\n> Done.");
    }

    #[test]
    fn collapsible_and_nested() {
        let (out, _) =
            run("???+ warning \"Open <me>\"\n    !!! info\n        Inner.\n\n    Outer.");
        assert_eq!(
            out,
            "<details class=\"callout callout-warning\" open>\n<summary class=\"callout-title\">Open &lt;me&gt;</summary>\n\n> [!NOTE]\n> **Info**\n>\n> Inner.\n\nOuter.\n\n</details>"
        );
    }

    #[test]
    fn custom_types_and_tabs_are_noted() {
        let (out, notes) = run(
            "!!! postmortem \"Lessons\"\n    Text.\n\n=== \"Linux\"\n\n    ```bash\n    ls\n    ```",
        );
        assert_eq!(
            out,
            "> [!NOTE]\n> **Lessons**\n>\n> Text.\n\n**Linux**\n\n```bash\nls\n```"
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].starts_with("1: admonition type `postmortem`"));
        assert!(notes[1].starts_with("4: content tab"));
    }

    #[test]
    fn fenced_code_is_left_alone() {
        let (out, _) = run("```\n!!! note\n    not an admonition\n```");
        assert_eq!(out, "```\n!!! note\n    not an admonition\n```");
    }

    #[test]
    fn admonition_inside_a_list_item_keeps_its_indent() {
        let (out, _) = run("1. Step\n\n    !!! note\n        Inside.");
        assert_eq!(out, "1. Step\n\n    > [!NOTE]\n    > Inside.");
    }
}
