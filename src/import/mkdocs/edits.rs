//! What converting a page's links produces: edits to its text, and what was found
//! along the way for the caller to note. Both link passes write them, Markdown links
//! ([`super::links`]) and raw HTML links ([`super::html`]), so they live here, below
//! both.

use super::paths::{map_path, parent_dir};
use super::resolve::Target;
use std::ops::Range;

/// A replacement in a page's converted text.
#[derive(Debug, Clone)]
pub struct Edit {
    pub range: Range<usize>,
    pub fix: Fix,
}

impl Edit {
    /// Replaces `range` by `text`.
    pub fn text(range: Range<usize>, text: String) -> Edit {
        Edit {
            range,
            fix: Fix::Text(text),
        }
    }
}

/// What replaces an edit's range.
#[derive(Debug, Clone)]
pub enum Fix {
    Text(String),
    /// A link to a page, finished once every page's headings are known; `wrap` is
    /// text around the link's URL (when a whole HTML link becomes Markdown).
    Page {
        src: String,
        fragment: Option<String>,
        offset: usize,
        wrap: (String, String),
    },
}

/// Where a page's links are resolved from and written to.
pub struct From<'a> {
    pub src: &'a str,
    /// Content-relative path of the imported page.
    pub dest: &'a str,
}

/// What the link passes found besides the edits, for the caller to note (by offset).
#[derive(Debug, Default)]
pub struct Found {
    pub broken: Vec<(usize, String)>,
    /// HTML attributes lost when an `<img>` or `<a>` became Markdown.
    pub dropped: Vec<(usize, String)>,
}

/// Adds the edit that points `range` (a link's destination, in Markdown or in raw
/// HTML: ownbook resolves both alike) at `target`.
pub fn push_fix(edits: &mut Vec<Edit>, range: Range<usize>, target: Target, from: &From) {
    let fix = match target {
        Target::Keep | Target::Broken => return,
        Target::Page { src, fragment } => Fix::Page {
            src,
            fragment,
            offset: range.start,
            wrap: (String::new(), String::new()),
        },
        Target::File { src, fragment } => {
            let to = map_path(&src);
            let frag = fragment.map(|f| format!("#{f}")).unwrap_or_default();
            let url = rel_path(parent_dir(from.dest), &to);
            Fix::Text(format!("{}{frag}", encode(&url)))
        }
    };
    edits.push(Edit { range, fix });
}

/// `text` with the characters that mean something in Markdown escaped.
pub fn escape_md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>#".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A relative path from folder `from_dir` to `to` (both content-relative).
pub fn rel_path(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let dirs = &to_parts[..to_parts.len() - 1];
    let common = from.iter().zip(dirs).take_while(|(a, b)| a == b).count();
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// Percent-encodes what may not stand in a Markdown link destination.
pub fn encode(url: &str) -> String {
    url.replace('%', "%25")
        .replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
        .replace('<', "%3C")
        .replace('>', "%3E")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(rel_path("a/b/", "a/c/x.md"), "../c/x.md");
        assert_eq!(rel_path("", "x.md"), "x.md");
    }
}
