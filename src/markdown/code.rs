//! Code blocks in the renderer: highlighted within a time budget, shown plain (with a
//! warning saying why) when they cannot be, and ```` ```mermaid ```` blocks kept as
//! their source for the theme's diagram script, which draws them in the browser.
//! Without JavaScript a diagram's source stays readable as a code block.

use super::cpu_clock::CpuInstant;
use super::render::{Code, Renderer};
use super::{highlight, rawhtml};
use crate::diag::{Diagnostic, Severity};
use crate::text::escape_html;
use pulldown_cmark::Event;
use std::time::Duration;

/// Most CPU time one text's code blocks may spend being highlighted: past it, the rest
/// are shown as plain text, so that no page can make a build take minutes.
const PAGE_HIGHLIGHT_TIME: Duration = Duration::from_secs(2);

/// The fence language of diagrams.
const DIAGRAM_LANGUAGE: &str = "mermaid";

impl Renderer<'_, '_> {
    pub(super) fn finish_code(&mut self) {
        let Some(code) = self.code.take() else {
            return;
        };
        let opts = highlight::parse_info(&code.info);
        if opts
            .lang
            .as_deref()
            .is_some_and(|l| l.eq_ignore_ascii_case(DIAGRAM_LANGUAGE))
        {
            self.diagram(&code);
            return;
        }
        let budget = PAGE_HIGHLIGHT_TIME.saturating_sub(self.highlight_time);
        let started = CpuInstant::now();
        let out = highlight::render_block(&code.text, &opts, self.input.highlight, budget);
        self.highlight_time += started.elapsed();
        self.rendered.has_code = true;
        if let Some(plain) = out.plain {
            self.plain_code(&code, plain);
        }
        if let Some(lang) = out.unknown_lang
            && self.limit.allows("unknown-language", Severity::Warning)
        {
            self.rendered.diags.push(
                Diagnostic::warning("unknown-language", format!("no syntax highlighting is known for `{lang}`; the block is shown as plain text"))
                    .at(self.input.display, self.input.text, lang_offset(self.input.text, code.start), lang.len())
                    .hint("use a common name such as rust, toml, yaml, bash or json, or `text` for none"),
            );
        }
        self.current.text.push(' ');
        self.current.text.push_str(&code.text);
        // Code in print.html is not coloured.
        let print = self.print.as_ref().map(|_| {
            let plain = highlight::render_block(&code.text, &opts, None, Duration::ZERO);
            Event::Html(plain.html.into())
        });
        self.emit_pair(Event::Html(out.html.into()), print);
    }

    /// Warns that a block in a known language is shown as plain text, and why.
    fn plain_code(&mut self, code: &Code, why: highlight::Plain) {
        if !self.limit.allows("plain-code", Severity::Warning) {
            return;
        }
        let (message, hint) = match why {
            highlight::Plain::TooLarge => (
                format!(
                    "this code block is too large to highlight ({} KB, or a line over 8 KB); it is shown as plain text",
                    code.text.len() / 1024
                ),
                "split the block, or mark it ```text if colours do not matter",
            ),
            highlight::Plain::TooSlow => (
                "highlighting this code block took too long; it is shown as plain text".to_string(),
                "split the block, or mark it ```text; its grammar may be struggling with the contents",
            ),
            highlight::Plain::Failed => (
                "the grammar of this language failed on this block; it is shown as plain text"
                    .to_string(),
                "check the block's language, or mark it ```text",
            ),
        };
        let at = lang_offset(self.input.text, code.start);
        self.rendered.diags.push(
            Diagnostic::warning("plain-code", message)
                .at(
                    self.input.display,
                    self.input.text,
                    at,
                    code.info.len().max(1),
                )
                .hint(hint),
        );
    }

    /// A diagram: its source in a code block the diagram script replaces. It is not
    /// highlighted (no grammar knows it, and the script reads the text).
    fn diagram(&mut self, code: &Code) {
        self.rendered.has_diagram = true;
        let html = format!(
            "<div class=\"diagram\" data-diagram=\"{DIAGRAM_LANGUAGE}\"><pre class=\"code diagram-source\"><code>{}</code></pre></div>\n",
            escape_html(&code.text)
        );
        self.current.text.push(' ');
        self.current.text.push_str(&code.text);
        self.emit(Event::Html(html.into()));
    }

    /// Raw HTML: its links written like Markdown links (for the page and for print),
    /// and its text kept for search.
    pub(super) fn raw_html(&mut self, html: &str, inline: bool) {
        if !inline {
            let text = rawhtml::text(html);
            if !text.is_empty() {
                self.current.text.push(' ');
                self.current.text.push_str(&text);
                self.current.text.push(' ');
            }
        }
        let hooks = self.hooks;
        let page = rawhtml::rewrite(html, &|dest, image| hooks.link(dest, image)).into_owned();
        let print = self.print.as_ref().map(|p| {
            let print = rawhtml::rewrite(html, &|dest, image| p.hooks.link(dest, image));
            print.into_owned()
        });
        let event = |s: String| {
            if inline {
                Event::InlineHtml(s.into())
            } else {
                Event::Html(s.into())
            }
        };
        self.push_pair(event(page), print.map(event));
    }
}

/// Where the language of a fenced block starts: after the fence that opens at `start`
/// (and any spaces).
fn lang_offset(text: &str, start: usize) -> usize {
    let Some(line) = text.get(start..) else {
        return start;
    };
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let fence = line[indent..]
        .bytes()
        .take_while(|&b| b == b'`' || b == b'~')
        .count();
    let spaces =
        line[indent + fence..].len() - line[indent + fence..].trim_start_matches(' ').len();
    start + indent + fence + spaces
}
