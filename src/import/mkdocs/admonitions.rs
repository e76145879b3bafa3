//! The block pass over a MkDocs page: admonitions (`!!!`, `???`, `???+`) become
//! callouts of the same type with the same title (`> [!QUESTION] Why?`), folded ones
//! `> [!NOTE]-` / `> [!NOTE]+`; content tabs (`=== "Tab"`) become ownbook's tabs
//! ([`super::tabs`]); fenced code keeps its language, and every other line goes
//! through the line pass ([`super::lines`]). Lines keep the number of the source line
//! they came from, so notes can point at it.

use super::fences::{closes_fence, opens_fence};
use super::lines::{dedent, indent_of};
use super::{fences, lines, tabs};
use crate::markdown::callout;

/// One line of a page, with the 1-based line of the source file it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub src: usize,
}

/// An admonition or content-tab opening line.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Opener {
    pub indent: usize,
    pub form: Form,
    /// The admonition type (`note`) and extra classes (`inline end`).
    words: Vec<String>,
    /// `None`: no title given; `Some("")`: explicitly no title.
    pub title: Option<String>,
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub(super) enum Form {
    Callout,
    Details {
        open: bool,
    },
    /// `===` (`new_group`: `===!`, which starts a new set of tabs).
    Tab {
        new_group: bool,
    },
}

/// Converts the lines of a page (or of an admonition body, recursively).
pub fn convert(input: &[Line], ctx: &mut lines::Ctx) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(input.len());
    let mut fence: Option<(char, usize)> = None;
    let mut tabs = tabs::Tabs::default();
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
            if let Some(level) = heading_level(&line.text) {
                ctx.heading_level = level;
            }
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
        let in_group = tabs.continues(&opener);
        if out.last().is_some_and(|l| !l.text.trim().is_empty()) {
            out.push(Line {
                text: String::new(),
                src: line.src,
            });
        }
        match opener.form {
            Form::Tab { .. } => {
                let next = next_opener(input, last + 1);
                let closes = !next.is_some_and(|n| tabs::joins(&opener, &n));
                tabs.tab(&opener, line.src, &inner, in_group, closes, ctx, &mut out);
            }
            _ => emit(&opener, line.src, &inner, ctx, &mut out),
        }
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
    let (name, label) = callout_of(kind);
    if !KNOWN.contains(&kind) {
        ctx.note(
            src,
            opener.indent + 1,
            format!(
                "admonition type `{kind}` has no ownbook callout; shown as {}",
                name.to_ascii_uppercase()
            ),
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
    // MkDocs titles an admonition with its type's name unless told otherwise; when
    // that name is not the callout's label (`hint` is a tip), it stays the title.
    let title = match opener.title.as_deref().map(str::trim) {
        Some(t) if t.is_empty() || t.eq_ignore_ascii_case(label) => None,
        Some(t) => Some(t.to_string()),
        None => Some(capitalize(kind)).filter(|t| !t.eq_ignore_ascii_case(label)),
    };
    let fold = match opener.form {
        Form::Details { open: true } => "+",
        Form::Details { open: false } => "-",
        _ => "",
    };
    // MkDocs shows `<` in a title as text; in Markdown it would start raw HTML.
    let title = title
        .map(|t| format!(" {}", t.replace('<', "\\<").replace('>', "\\>")))
        .unwrap_or_default();
    out.push(Line {
        text: format!("{pad}> [!{}]{fold}{title}", name.to_ascii_uppercase()),
        src,
    });
    for l in inner {
        let text = if l.text.is_empty() {
            format!("{pad}>")
        } else {
            format!("{pad}> {}", l.text)
        };
        out.push(Line { text, src: l.src });
    }
}

/// The level of an ATX heading line (`## Title`).
fn heading_level(line: &str) -> Option<u8> {
    let trimmed = line.trim_start();
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    let after = &trimmed[hashes..];
    ((1..=6).contains(&hashes) && (after.is_empty() || after.starts_with([' ', '\t'])))
        .then_some(hashes as u8)
}

/// The next admonition or tab opener from line `from` on, past blank lines.
fn next_opener(input: &[Line], from: usize) -> Option<Opener> {
    input[from.min(input.len())..]
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .and_then(|l| parse_opener(&l.text))
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

/// The ownbook callout of an admonition type (its name and label): the same type, or
/// the type it is another name for; a custom type is a note.
fn callout_of(kind: &str) -> (&'static str, &'static str) {
    // MkDocs' `caution` is a warning; GitHub's CAUTION is a type of its own.
    if kind == "caution" {
        return ("warning", "Warning");
    }
    callout::kind(kind).unwrap_or(("note", "Note"))
}

pub(super) fn capitalize(s: &str) -> String {
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
pub(super) fn parse_opener(line: &str) -> Option<Opener> {
    let indent = indent_of(line);
    let rest = line.trim_start();
    let (form, after) = if let Some(a) = rest.strip_prefix("!!!") {
        (Form::Callout, a)
    } else if let Some(a) = rest.strip_prefix("???+") {
        (Form::Details { open: true }, a)
    } else if let Some(a) = rest.strip_prefix("???") {
        (Form::Details { open: false }, a)
    } else if let Some(a) = rest.strip_prefix("===") {
        let new_group = a.trim_start_matches('+').starts_with('!');
        (Form::Tab { new_group }, a.trim_start_matches(['+', '!']))
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
        Form::Tab { .. } => words.is_empty() && title.is_some(),
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
    fn callouts_keep_their_type_and_title() {
        let (out, _) = run("!!! note \"Read this\"\n    Body *text*.\n\n    More.\nAfter");
        assert_eq!(
            out,
            "> [!NOTE] Read this\n> Body *text*.\n>\n> More.\n\nAfter"
        );
        let (out, _) = run("!!! tip\n    Short.");
        assert_eq!(out, "> [!TIP]\n> Short.");
        let (out, _) = run("!!! danger \"\"\n    Careful.");
        assert_eq!(out, "> [!DANGER]\n> Careful.");
        let (out, _) = run("!!! question \"Why?\"\n    Because.");
        assert_eq!(out, "> [!QUESTION] Why?\n> Because.");
        // An alias keeps its own name as the title; MkDocs' caution is a warning.
        let (out, _) = run("!!! hint\n    Try.\n\n!!! caution\n    Careful.");
        assert_eq!(
            out,
            "> [!TIP] Hint\n> Try.\n\n> [!WARNING] Caution\n> Careful."
        );
    }

    #[test]
    fn collapsible_and_nested() {
        let (out, _) =
            run("???+ warning \"Open <me>\"\n    !!! info\n        Inner.\n\n    Outer.");
        assert_eq!(
            out,
            "> [!WARNING]+ Open \\<me\\>\n> > [!INFO]\n> > Inner.\n>\n> Outer."
        );
        let (out, _) = run("??? note\n    Folded.");
        assert_eq!(out, "> [!NOTE]-\n> Folded.");
    }

    #[test]
    fn custom_types_are_noted_and_tabs_become_headings() {
        let (out, notes) = run(
            "## Install\n\n!!! postmortem \"Lessons\"\n    Text.\n\n=== \"Linux\"\n\n    ```bash\n    ls\n    ```\n\n=== \"macOS\"\n    Brew.\n\nAfter.",
        );
        assert_eq!(
            out,
            "## Install\n\n> [!NOTE] Lessons\n> Text.\n\n<!-- tabs -->\n### Linux\n\n```bash\nls\n```\n\n### macOS\n\nBrew.\n\n<!-- /tabs -->\n\nAfter."
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].starts_with("3: admonition type `postmortem`"));
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
