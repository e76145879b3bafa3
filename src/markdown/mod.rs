//! Markdown → HTML in one pass over pulldown-cmark's events. The same pass gives
//! headings unique ids, turns `> [!TYPE]` quotes into callouts and `<!-- tabs -->`
//! groups into tabs, highlights code (and keeps ```` ```mermaid ```` for the diagram
//! script), writes the links of raw HTML like Markdown links, applies `{{ org }}`,
//! and collects plain text per heading (raw HTML's too) for the search index. What a link
//! points at and what a shortcode expands to are the caller's business: the renderer
//! asks its [`Hooks`], so that it knows nothing of the site it renders for.
//!
//! [`outline`] reads a text's headings and links without rendering it, for the link
//! checks that run before any page is rendered.

pub mod callout;
mod code;
pub mod contrast;
mod cpu_clock;
mod headings;
pub mod highlight;
mod image;
mod inline;
mod merge;
mod outline;
pub mod rawhtml;
mod render;
pub mod shortcode;
mod tabs;
mod token_style;

pub use headings::{Heading, HeadingIds, toc_html};
pub use highlight::Highlighter;
pub use inline::{inline_html, plain_text};
pub use outline::{LinkRef, Outline, outline};
pub use render::render;
pub use shortcode::Shortcode;

use crate::diag::Diagnostic;
use pulldown_cmark::Options;

/// The Markdown features of guide pages and service prose.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
    // Not ENABLE_GFM: it reads only GitHub's five `[!TYPE]` markers, and only alone on
    // their line; `callout` reads them all, with titles and folds.
}

/// The features of one-paragraph texts from catalog files (descriptions): no tables,
/// footnotes or headings, nothing that would break the page around them.
pub fn inline_options() -> Options {
    Options::ENABLE_STRIKETHROUGH
}

/// Plain text under one heading (or before the first), for search.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct TextSection {
    /// Heading id, `None` for the text before the first heading.
    pub id: Option<String>,
    pub heading: String,
    pub text: String,
}

/// What rendering a Markdown body produces.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub sections: Vec<TextSection>,
    /// Problems found while rendering (code blocks, shortcodes); links are checked
    /// from the outline instead.
    pub diags: Vec<Diagnostic>,
    /// Whether the page has a code block (and so needs the code stylesheet).
    pub has_code: bool,
    /// Whether the page has a diagram (and so loads the diagram script).
    pub has_diagram: bool,
    /// Whether the page has a group of tabs (and so loads the tabs script).
    pub has_tabs: bool,
    /// The text as print.html shows it, when `Input::print` asked for it.
    pub print_html: Option<String>,
}

/// The input of one render: where the text comes from and how its HTML is written.
pub struct Input<'a> {
    /// The whole normalized file (diagnostics point into it).
    pub text: &'a str,
    /// Byte offset of the Markdown inside `text`.
    pub start: usize,
    /// Path shown in diagnostics (`content/guide/x.md`).
    pub display: &'a str,
    /// What `{{ org }}` stands for.
    pub org: &'a str,
    /// Put before every heading id in the HTML (print.html gives each page its own).
    pub id_prefix: &'a str,
    /// Colours code with this highlighter; `None` shows it plain (print.html).
    pub highlight: Option<&'a Highlighter>,
    /// Also writes the text as print.html shows it, from the same pass.
    pub print: Option<PrintInput<'a>>,
}

/// How a text's print version differs from its page: the prefix of its ids and how
/// its links and shortcodes are written (its code is not coloured).
pub struct PrintInput<'a> {
    pub id_prefix: &'a str,
    pub hooks: &'a dyn Hooks,
}

/// What the renderer asks of its caller.
pub trait Hooks {
    /// The URL a link (or image) destination becomes in the HTML.
    fn link(&self, dest: &str, image: bool) -> String;
    /// The HTML of a block shortcode such as `{{ services tier=1 }}`, or a message and
    /// a hint saying what is wrong with it.
    fn shortcode(&self, shortcode: &Shortcode) -> Result<String, (String, String)>;
    /// The width and height of the image a destination names, when known.
    fn image_size(&self, _dest: &str) -> Option<(u64, u64)> {
        None
    }
}

/// Hooks that keep links as written and know no shortcodes.
pub struct NoHooks;

impl Hooks for NoHooks {
    fn link(&self, dest: &str, _image: bool) -> String {
        dest.to_string()
    }

    fn shortcode(&self, shortcode: &Shortcode) -> Result<String, (String, String)> {
        Err((
            format!("unknown shortcode `{}`", shortcode.name),
            "this text has no shortcodes".into(),
        ))
    }
}
