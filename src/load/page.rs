//! Reading one guide page: its text (with control characters made visible), front
//! matter, title, kind and URL. File and folder names are Unicode-normalized (NFC)
//! before they become paths and URLs, so that a name typed on one machine and saved
//! on another is one page.

use super::front_matter;
use crate::diag::Diagnostic;
use crate::fsutil;
use crate::site::{Page, PageKind};
use crate::text::{nfc, slugify};

/// What reading a page gave: the page (none for a draft left out) and a warning about
/// its text.
pub struct Read {
    pub page: Option<Page>,
    pub warning: Option<Diagnostic>,
}

/// Reads one page; `Err` holds every problem that keeps it out of the site.
pub fn read_page(
    abs: &std::path::Path,
    rel: &str,
    org: &str,
    drafts: bool,
) -> Result<Read, Vec<Diagnostic>> {
    let display = format!("content/{rel}");
    let (text, file_stamp) = fsutil::read_text_stamped(abs, &display).map_err(|d| vec![d])?;
    let (raw, warning) = control_characters(&display, text);
    let split = front_matter::split(&display, &raw)?;
    if split.meta.draft && !drafts {
        return Ok(Read {
            page: None,
            warning,
        });
    }
    let mut body_start = split.body_start;
    // A title in the front matter and a `# Heading` opening the text: the heading is
    // what the page shows as its h1 (the author's words at the top of the text, as in
    // Docusaurus), the title names the page everywhere else (browser tab, sidebar,
    // breadcrumbs, search, print's contents). One h1 either way, and no warning: a
    // short title for navigation and a longer heading is a common choice.
    let mut heading = None;
    let title = match &split.meta.title {
        Some(t) => {
            if let Some((h, line_len)) = leading_h1(&raw[body_start..]) {
                body_start += line_len;
                heading = Some(substitute_org(&h, org));
            }
            t.clone()
        }
        None => {
            match leading_h1(&raw[body_start..]) {
                Some((title, line_len)) => {
                    // The heading becomes the page title; drop it from the body.
                    body_start += line_len;
                    title
                }
                None => {
                    let key = if raw.starts_with("---") {
                        "title: ..."
                    } else {
                        "title = \"...\""
                    };
                    return Err(vec![Diagnostic::error("front-matter", "the page has no title")
                    .at(&display, &raw, 0, 1)
                    .hint(format!("add `{key}` to the front matter, or start the page with a `# Heading`"))]);
                }
            }
        }
    };
    let source = nfc(rel).into_owned();
    let (kind, url) = kind_and_url(&source);
    let description = split.meta.description.clone().unwrap_or_default();
    let page = Page {
        source,
        display,
        url,
        kind,
        title: substitute_org(&title, org),
        heading,
        description: substitute_org(&description, org),
        meta: split.meta,
        raw: raw.into(),
        body_start,
        section: 0,
        updated: None,
        file_stamp,
    };
    Ok(Read {
        page: Some(page),
        warning,
    })
}

/// What a page is and where it goes, from its path relative to `content/`.
fn kind_and_url(source: &str) -> (PageKind, String) {
    let file_name = source.rsplit('/').next().unwrap_or(source);
    let dir = &source[..source.len() - file_name.len()];
    let kind = match (file_name, dir) {
        ("_index.md", "") => PageKind::Home,
        ("_index.md", _) => PageKind::Section,
        _ => PageKind::Page,
    };
    let url_dir = folder_url(dir);
    let url = match kind {
        PageKind::Page => {
            let stem = file_name.strip_suffix(".md").unwrap_or(file_name);
            format!("{url_dir}{}/", slug_or(stem))
        }
        _ => url_dir,
    };
    (kind, url)
}

/// The output folder of a content folder (`On call/basics/` → `on-call/basics/`).
pub fn folder_url(dir: &str) -> String {
    dir.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| format!("{}/", slug_or(s)))
        .collect()
}

/// Control characters other than tab and newline never reach a page: each becomes
/// U+FFFD, and the file gets one warning at the first.
fn control_characters(display: &str, text: String) -> (String, Option<Diagnostic>) {
    let is_bad = |c: char| c.is_ascii_control() && c != '\t' && c != '\n';
    let Some(first) = first_control_byte(text.as_bytes()) else {
        return (text, None);
    };
    let count = text.chars().filter(|&c| is_bad(c)).count();
    let code = text[first..].chars().next().map_or(0, u32::from);
    let clean: String = text
        .chars()
        .map(|c| if is_bad(c) { '\u{FFFD}' } else { c })
        .collect();
    let warning = Diagnostic::warning(
        "control-character",
        format!(
            "the file contains {count} control character{} (the first is U+{code:04X}); {} shown as �",
            if count == 1 { "" } else { "s" },
            if count == 1 { "it is" } else { "they are" }
        ),
    )
    .at(display, &clean, first, '\u{FFFD}'.len_utf8())
    .hint("delete them: editors hide them, and they break pages and terminals");
    (clean, Some(warning))
}

/// Where the first control character other than tab and newline is. Each is one
/// byte that no other character's UTF-8 contains, so bytes are searched, a block at a
/// time without an early exit (which the compiler turns into vector instructions):
/// every page is searched before a large site's first page is served.
fn first_control_byte(bytes: &[u8]) -> Option<usize> {
    let is_bad = |b: u8| (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7f;
    const BLOCK: usize = 64;
    let mut start = 0;
    for block in bytes.chunks(BLOCK) {
        if block.iter().fold(false, |any, &b| any | is_bad(b)) {
            return block.iter().position(|&b| is_bad(b)).map(|i| start + i);
        }
        start += block.len();
    }
    None
}

/// Replaces `{{ org }}` in front-matter text.
pub fn substitute_org(text: &str, org: &str) -> String {
    crate::text::replace_org(text, org).into_owned()
}

pub fn slug_or(s: &str) -> String {
    let slug = slugify(s);
    if slug.is_empty() {
        "page".to_string()
    } else {
        slug
    }
}

/// A `# Title` on the first non-blank line of the body, and the bytes it spans.
fn leading_h1(body: &str) -> Option<(String, usize)> {
    let mut consumed = 0;
    for line in body.split_inclusive('\n') {
        if line.trim().is_empty() {
            consumed += line.len();
            continue;
        }
        let title = line.strip_prefix("# ")?.trim().trim_end_matches('#').trim();
        if title.is_empty() {
            return None;
        }
        return Some((title.to_string(), consumed + line.len()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_h1_becomes_title() {
        assert_eq!(
            leading_h1("\n# Hello #\ntext"),
            Some(("Hello".to_string(), 11))
        );
        assert_eq!(leading_h1("text\n# Hello"), None);
    }

    #[test]
    fn control_characters_become_replacement_characters() {
        let (clean, warning) = control_characters("a.md", "ok\nx\u{0}y\u{1b}z\ttab\n".into());
        assert_eq!(clean, "ok\nx\u{FFFD}y\u{FFFD}z\ttab\n");
        let w = warning.map(|w| (w.line, w.column, w.message));
        assert_eq!(
            w,
            Some((
                2,
                2,
                "the file contains 2 control characters (the first is U+0000); they are shown as �"
                    .into()
            ))
        );
    }

    #[test]
    fn control_bytes_are_found_in_any_block() {
        for at in [0, 1, 63, 64, 65, 200] {
            let mut text = "é\tx\n".repeat(60).into_bytes();
            text.insert(at, 0x7f);
            assert_eq!(first_control_byte(&text), Some(at));
        }
        assert_eq!(first_control_byte("é\tx\n".repeat(60).as_bytes()), None);
    }

    #[test]
    fn names_in_either_unicode_form_give_one_url() {
        let composed = kind_and_url("caf\u{e9}/men\u{fc}.md");
        let decomposed = kind_and_url(&nfc("cafe\u{301}/menu\u{308}.md"));
        assert_eq!(composed, decomposed);
        assert_eq!(composed.1, "caf\u{e9}/men\u{fc}/");
    }
}
