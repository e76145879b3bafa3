//! Content tabs of pymdownx.tabbed (`=== "Linux"` and an indented body) as ownbook's
//! tabs: `<!-- tabs -->`, a heading per tab one level below the heading they follow,
//! the body, `<!-- /tabs -->` (see `crate::markdown::tabs` for why that syntax).
//! Consecutive `===` blocks at one indent are one set of tabs; `===!` starts a new
//! set.

use super::admonitions::{Form, Line, Opener};
use super::lines;

/// The set of tabs being written.
#[derive(Default)]
pub struct Tabs {
    /// The indent of the open set's `===` lines.
    open_at: Option<usize>,
    /// The level of its headings.
    level: u8,
}

/// Whether `next` is one more tab of the same set as `tab`.
pub(super) fn joins(tab: &Opener, next: &Opener) -> bool {
    matches!(next.form, Form::Tab { new_group: false }) && next.indent == tab.indent
}

impl Tabs {
    /// Whether `opener` adds a tab to the open set.
    pub(super) fn continues(&self, opener: &Opener) -> bool {
        matches!(opener.form, Form::Tab { new_group: false }) && self.open_at == Some(opener.indent)
    }

    /// Writes one tab: the set's opening marker first (unless `in_group`), its
    /// heading and body, and the closing marker when it is the set's last (`closes`).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn tab(
        &mut self,
        opener: &Opener,
        src: usize,
        inner: &[Line],
        in_group: bool,
        closes: bool,
        ctx: &mut lines::Ctx,
        out: &mut Vec<Line>,
    ) {
        let pad = " ".repeat(opener.indent);
        let push = |out: &mut Vec<Line>, text: String| out.push(Line { text, src });
        if !in_group {
            self.open_at = Some(opener.indent);
            self.level = (ctx.heading_level + 1).clamp(2, 6);
            push(out, format!("{pad}<!-- tabs -->"));
        }
        let label = opener.title.as_deref().unwrap_or_default().trim();
        push(
            out,
            format!("{pad}{} {}", "#".repeat(self.level as usize), label),
        );
        push(out, String::new());
        for l in inner {
            let text = if l.text.is_empty() {
                String::new()
            } else {
                format!("{pad}{}", l.text)
            };
            out.push(Line { text, src: l.src });
        }
        if closes {
            self.open_at = None;
            push(out, String::new());
            push(out, format!("{pad}<!-- /tabs -->"));
        }
    }
}
