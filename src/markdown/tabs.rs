//! Content tabs: alternatives of which a reader needs one (per platform, per
//! language), shown as tabs.
//!
//! The syntax is two HTML comments around headings, one heading per tab:
//!
//! ```markdown
//! <!-- tabs -->
//! #### macOS
//! Install with Homebrew.
//! #### Linux
//! Install the package.
//! <!-- /tabs -->
//! ```
//!
//! Why this and not a container (`:::tabs`, `=== "Tab"`, `{% tabs %}`, MDX's
//! `<Tabs>`): on a git host, and in any Markdown tool, the comments vanish and what
//! is left is what the page means: a heading per alternative with its content.
//! Containers show up there as stray markup (`===` lines, indented code blocks); a
//! blockquote per tab (`> [!TAB] macOS`) would need `> ` before every line of code.
//! The same holds without JavaScript: every panel is shown under its heading. With
//! it, the theme's script turns the tab list on (ARIA tabs, arrow keys) and tabs with
//! the same label switch together on a page.
//!
//! The first heading after `<!-- tabs -->` sets the level of the tabs' headings; a
//! deeper heading stays inside its tab, a shallower one ends the group.

use super::render::Renderer;
use crate::diag::{Diagnostic, Severity};
use crate::text::escape_html;
use pulldown_cmark::Event;

/// A tabs marker comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Open,
    Close,
}

impl Marker {
    /// `<!-- tabs -->` or `<!-- /tabs -->`, alone in an HTML block (or one line of it).
    pub fn parse(html: &str) -> Option<Marker> {
        let inner = html
            .trim()
            .strip_prefix("<!--")?
            .strip_suffix("-->")?
            .trim();
        match inner {
            "tabs" => Some(Marker::Open),
            "/tabs" => Some(Marker::Close),
            _ => None,
        }
    }
}

/// A group of tabs being written.
#[derive(Debug)]
pub struct Group {
    /// Counts the page's groups, for ids.
    number: usize,
    /// The level of the tabs' headings, once the first is seen.
    level: Option<u8>,
    labels: Vec<String>,
    /// Where the tab list goes in the renderer's output (held until the group ends).
    insert_at: usize,
    panel_open: bool,
    /// Where `<!-- tabs -->` is, for diagnostics.
    at: usize,
}

/// How a group of tabs ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// `<!-- /tabs -->`.
    Marker,
    /// A heading above the tabs' level.
    Heading,
    /// The end of the text, with no `<!-- /tabs -->`.
    Text,
}

impl Renderer<'_, '_> {
    /// `<!-- tabs -->` or `<!-- /tabs -->` at byte `at` of the file.
    pub(super) fn tab_marker(&mut self, marker: Marker, at: usize) {
        match marker {
            Marker::Open if self.tabs.is_some() => {
                self.tabs_warning(
                    at,
                    "tabs cannot be nested; this `<!-- tabs -->` is ignored",
                    "close the group of tabs with `<!-- /tabs -->` before opening another",
                );
            }
            Marker::Open => {
                self.tab_groups += 1;
                self.emit(Event::Html("<div class=\"tabs\">\n".into()));
                self.tabs = Some(Group {
                    number: self.tab_groups,
                    level: None,
                    labels: Vec::new(),
                    insert_at: self.out.len(),
                    panel_open: false,
                    at,
                });
            }
            Marker::Close if self.tabs.is_some() => self.close_tabs(End::Marker),
            // A group a shallower heading ended already; nothing is open.
            Marker::Close => {}
        }
    }

    /// A heading starts: in a group of tabs, one at the tabs' level starts a panel.
    pub(super) fn tab_heading(&mut self, level: u8) {
        let Some(group) = &mut self.tabs else { return };
        let tab_level = *group.level.get_or_insert(level);
        if level < tab_level {
            return self.close_tabs(End::Heading);
        }
        if level > tab_level {
            return;
        }
        let close = std::mem::replace(&mut group.panel_open, true);
        let (id, tab) = ids(self.input.id_prefix, group.number, group.labels.len() + 1);
        if close {
            self.emit(Event::Html("</div>\n".into()));
        }
        // Named by its tab already in the HTML: a tab must control a tab panel (the Nu
        // Html Checker says so), with or without the theme's script.
        let page = format!(
            "<div class=\"tab-panel\" id=\"{id}\" role=\"tabpanel\" aria-labelledby=\"{tab}\">\n"
        );
        let print = self
            .print
            .as_ref()
            .map(|_| Event::Html("<div class=\"tab-panel\">\n".into()));
        self.emit_pair(Event::Html(page.into()), print);
    }

    /// A heading ended: at the tabs' level its text is the label of its tab.
    pub(super) fn tab_label(&mut self, level: u8, text: &str) {
        if let Some(group) = &mut self.tabs
            && group.level == Some(level)
        {
            group.labels.push(text.to_string());
        }
    }

    /// Ends the group of tabs: its last panel, then its tab list before its panels.
    pub(super) fn close_tabs(&mut self, end: End) {
        let Some(group) = self.tabs.take() else {
            return;
        };
        if group.panel_open {
            self.emit(Event::Html("</div>\n".into()));
        }
        if !group.labels.is_empty() {
            self.rendered.has_tabs = true;
            let list = tab_list(self.input.id_prefix, group.number, &group.labels);
            let at = group.insert_at.min(self.out.len());
            self.out.insert(at, Event::Html(list.into()));
        }
        self.emit(Event::Html("</div>\n".into()));
        if end == End::Text {
            self.tabs_warning(
                group.at,
                "these tabs are never closed; they end with the page",
                "add `<!-- /tabs -->` after the last tab's content",
            );
        }
    }

    fn tabs_warning(&mut self, at: usize, message: &str, hint: &str) {
        if !self.limit.allows("tabs", Severity::Warning) {
            return;
        }
        let len = self.input.text[at..].find('\n').unwrap_or(0).max(1);
        self.rendered.diags.push(
            Diagnostic::warning("tabs", message)
                .at(self.input.display, self.input.text, at, len)
                .hint(hint),
        );
    }
}

/// The ids of tab `k` of group `group`: its panel and its tab.
fn ids(prefix: &str, group: usize, k: usize) -> (String, String) {
    let panel = escape_html(&format!("{prefix}tabs-{group}-{k}"));
    (panel.clone(), format!("{panel}-tab"))
}

/// The tab list of a group: hidden until the theme's script makes the tabs work, so
/// that without it the panels read as sections under their headings.
fn tab_list(prefix: &str, group: usize, labels: &[String]) -> String {
    let mut html = String::from("<div class=\"tab-list\" role=\"tablist\" hidden>\n");
    for (k, label) in labels.iter().enumerate() {
        let (panel, tab) = ids(prefix, group, k + 1);
        let (selected, tabindex) = if k == 0 {
            ("true", "0")
        } else {
            ("false", "-1")
        };
        html.push_str(&format!(
            "<button type=\"button\" role=\"tab\" id=\"{tab}\" aria-controls=\"{panel}\" aria-selected=\"{selected}\" tabindex=\"{tabindex}\">{}</button>\n",
            escape_html(label)
        ));
    }
    html.push_str("</div>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(Marker::parse("<!-- tabs -->\n"), Some(Marker::Open));
        assert_eq!(Marker::parse("<!--/tabs-->"), Some(Marker::Close));
        assert_eq!(Marker::parse("<!-- tabs: later -->"), None);
    }
}
