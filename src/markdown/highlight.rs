//! Code highlighting with syntect, as short CSS classes (never inline styles; see
//! `token_style`), so one stylesheet serves every page in both schemes. The syntax set is loaded once, on the
//! first code block that needs it; huge or slow blocks fall back to plain text.

use super::cpu_clock::CpuInstant;
use super::token_style::{TokenClass, TokenClasses};
use crate::text::escape_html;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;
use syntect::easy::ScopeRangeIterator;
use syntect::parsing::{ParseState, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Blocks larger than this are shown as plain text: highlighting cost grows with size.
const MAX_BLOCK_BYTES: usize = 256 * 1024;
const MAX_LINE_BYTES: usize = 8 * 1024;
/// Highlighting of one block stops (and falls back to plain text) after this much
/// CPU time.
pub const MAX_BLOCK_TIME: Duration = Duration::from_millis(300);

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// Options of one fenced block, from its info string: `rust,linenos,hl_lines=2-3 6`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeOptions {
    pub lang: Option<String>,
    pub linenos: bool,
    pub hl_lines: Vec<(usize, usize)>,
}

/// Parses a fence info string. Unknown options are ignored.
pub fn parse_info(info: &str) -> CodeOptions {
    let mut opts = CodeOptions::default();
    for (i, part) in info.split(',').enumerate() {
        let part = part.trim();
        if i == 0 && !part.contains('=') && part != "linenos" {
            if !part.is_empty() {
                opts.lang = Some(part.to_string());
            }
            continue;
        }
        if part == "linenos" {
            opts.linenos = true;
        } else if let Some(ranges) = part.strip_prefix("hl_lines=") {
            for r in ranges.split_whitespace() {
                let (a, b) = r.split_once('-').unwrap_or((r, r));
                if let (Ok(a), Ok(b)) = (a.parse(), b.parse()) {
                    opts.hl_lines.push((a, b));
                }
            }
        }
    }
    opts
}

/// Languages that mean "no highlighting" and so never warn.
fn is_plain(lang: &str) -> bool {
    matches!(
        lang,
        "text" | "txt" | "plain" | "plaintext" | "output" | "console" | "none"
    )
}

/// The result of highlighting one block.
pub struct Highlighted {
    pub html: String,
    /// Set when the language is unknown (the block is shown as plain text).
    pub unknown_lang: Option<String>,
    /// Set when the language is known but the block is shown as plain text anyway.
    pub plain: Option<Plain>,
}

/// Why a block in a known language is shown as plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plain {
    /// Over 256 KB, or a line over 8 KB: highlighting cost grows with size.
    TooLarge,
    /// Highlighting took longer than the block's share of time.
    TooSlow,
    /// The grammar failed on it.
    Failed,
}

/// Renders a code block to HTML. Without a highlighter the code is escaped plain
/// text (print.html, where colours do not matter).
/// Highlighting stops after `budget` (at most `MAX_BLOCK_TIME`).
pub fn render_block(
    code: &str,
    opts: &CodeOptions,
    highlighter: Option<&Highlighter>,
    budget: Duration,
) -> Highlighted {
    let lang = opts.lang.as_deref().unwrap_or("");
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape_html(lang))
    };
    let mut unknown_lang = None;
    let mut body = None;
    let mut plain = None;
    if let Some(highlighter) = highlighter
        && !lang.is_empty()
        && !is_plain(lang)
    {
        let set = syntaxes();
        match set.find_syntax_by_token(lang) {
            Some(syntax) => match highlighter.classed(set, syntax, code, budget) {
                Ok(html) => body = Some(html),
                Err(why) => plain = Some(why),
            },
            None => unknown_lang = Some(lang.to_string()),
        }
    }
    let body = body.unwrap_or_else(|| escape_html(code));
    let lines = wrap_lines(&body, opts);
    let class = if opts.linenos { "code linenos" } else { "code" };
    let html =
        format!("<pre class=\"{class}\"{lang_attr} tabindex=\"0\"><code>{lines}</code></pre>\n");
    Highlighted {
        html,
        unknown_lang,
        plain,
    }
}

/// Colours code. One that remembers (what `serve` keeps between rebuilds) does not
/// highlight a block again when the same code comes back, which a rebuild that renders
/// every page again (after a page was added, say) would otherwise do, from the second
/// compile on (see `Memo::round`).
#[derive(Default)]
pub struct Highlighter {
    memo: Option<Mutex<Memo>>,
    classes: TokenClasses,
}

#[derive(Default)]
struct Memo {
    /// (syntax name, code) → highlighted HTML, with the round it was last used in.
    blocks: HashMap<(String, String), (u64, Result<String, Plain>)>,
    /// Compiles so far. The first one highlights every block of the site, and
    /// remembering them all would hold a large site's highlighted code (30 MB at
    /// 10,000 pages) at serve's peak: blocks are remembered from the second on.
    round: u64,
}

impl Highlighter {
    /// A highlighter that remembers the blocks it highlighted.
    pub fn remembering() -> Self {
        Highlighter {
            memo: Some(Mutex::new(Memo::default())),
            classes: TokenClasses::default(),
        }
    }

    fn memo(&self) -> Option<std::sync::MutexGuard<'_, Memo>> {
        // A panic while holding the lock cannot leave the map inconsistent.
        self.memo
            .as_ref()
            .map(|m| m.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    /// Drops the blocks not used since the previous call (code that was edited away).
    pub fn forget_unused(&self) {
        if let Some(mut m) = self.memo() {
            let round = m.round;
            m.blocks.retain(|_, (used, _)| *used == round);
            m.round += 1;
        }
    }

    fn classed(
        &self,
        set: &SyntaxSet,
        syntax: &syntect::parsing::SyntaxReference,
        code: &str,
        budget: Duration,
    ) -> Result<String, Plain> {
        let key = {
            let Some(mut m) = self.memo().filter(|m| m.round > 0) else {
                return classed(set, syntax, code, budget, &self.classes);
            };
            let key = (syntax.name.clone(), code.to_string());
            let round = m.round;
            if let Some((used, html)) = m.blocks.get_mut(&key) {
                *used = round;
                return html.clone();
            }
            key
        };
        // Highlight without holding the lock, so other threads keep going.
        let html = classed(set, syntax, code, budget, &self.classes);
        if let Some(mut m) = self.memo() {
            let round = m.round;
            m.blocks.insert(key, (round, html.clone()));
        }
        html
    }
}

fn classed(
    set: &SyntaxSet,
    syntax: &syntect::parsing::SyntaxReference,
    code: &str,
    budget: Duration,
    classes: &TokenClasses,
) -> Result<String, Plain> {
    if code.len() > MAX_BLOCK_BYTES {
        return Err(Plain::TooLarge);
    }
    let started = CpuInstant::now();
    let budget = budget.min(MAX_BLOCK_TIME);
    let mut parser = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut out = SpanWriter::default();
    for line in LinesWithEndings::from(code) {
        if line.len() > MAX_LINE_BYTES {
            return Err(Plain::TooLarge);
        }
        if started.elapsed() > budget {
            return Err(Plain::TooSlow);
        }
        let ops = parser.parse_line(line, set).map_err(|_| Plain::Failed)?;
        for (range, op) in ScopeRangeIterator::new(&ops, line) {
            stack.apply(op).map_err(|_| Plain::Failed)?;
            if !range.is_empty() {
                out.token(&line[range], &classes.get(&stack.scopes));
            }
        }
    }
    Ok(out.finish())
}

/// Writes tokens as spans of their short classes: one span for a run of tokens that
/// look the same, none for unstyled text, and whitespace that would look the same
/// unstyled kept out of spans (or inside one that goes on after it).
#[derive(Default)]
struct SpanWriter {
    html: String,
    /// The class of the span left open, if any.
    open: Option<String>,
    /// Whitespace not written yet: it goes inside the open span if the next token
    /// continues it, after it otherwise.
    blank: String,
}

impl SpanWriter {
    fn token(&mut self, text: &str, class: &TokenClass) {
        if class.invisible_on_blank && text.chars().all(char::is_whitespace) {
            self.blank.push_str(text);
            return;
        }
        if self.open.as_deref() != Some(class.class.as_str()) {
            if self.open.take().is_some() {
                self.html.push_str("</span>");
            }
            if !class.class.is_empty() {
                self.html.push_str(&self.blank);
                self.blank.clear();
                self.html.push_str("<span class=\"");
                self.html.push_str(&class.class);
                self.html.push_str("\">");
                self.open = Some(class.class.clone());
            }
        }
        self.html.push_str(&self.blank);
        self.blank.clear();
        self.html.push_str(&escape_html(text));
    }

    fn finish(mut self) -> String {
        if self.open.is_some() {
            self.html.push_str("</span>");
        }
        self.html.push_str(&self.blank);
        self.html
    }
}

/// Wraps each line in a span when line numbers or highlighted lines are asked for,
/// closing and reopening syntax spans at line ends so every line is balanced HTML.
fn wrap_lines(body: &str, opts: &CodeOptions) -> String {
    if !opts.linenos && opts.hl_lines.is_empty() {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len() + body.len() / 4);
    let mut open: Vec<&str> = Vec::new();
    let body = body.strip_suffix('\n').unwrap_or(body);
    let mut lines: Vec<&str> = body.split('\n').collect();
    // syntect closes its spans after the last newline; that tail is not a line.
    if lines.len() > 1 && lines.last().is_some_and(|l| strip_tags(l).is_empty()) {
        lines.pop();
    }
    for (i, line) in lines.into_iter().enumerate() {
        let n = i + 1;
        let hl = opts.hl_lines.iter().any(|(a, b)| (*a..=*b).contains(&n));
        out.push_str(if hl {
            "<span class=\"line hl\">"
        } else {
            "<span class=\"line\">"
        });
        for tag in &open {
            out.push_str(tag);
        }
        out.push_str(line);
        track_spans(line, &mut open);
        for _ in &open {
            out.push_str("</span>");
        }
        out.push_str("</span>\n");
    }
    out
}

fn strip_tags(line: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in line.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Updates the stack of open `<span ...>` tags after `line`.
fn track_spans<'a>(line: &'a str, open: &mut Vec<&'a str>) {
    let mut rest = line;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        if rest.starts_with("</span>") {
            open.pop();
            rest = &rest[7..];
        } else if rest.starts_with("<span") {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            open.push(&rest[..end]);
            rest = &rest[end..];
        } else {
            rest = &rest[1..];
        }
    }
}

/// The stylesheet for highlighted code: light by default (and on paper), dark on
/// screens under `prefers-color-scheme: dark`.
pub fn stylesheet() -> String {
    super::token_style::stylesheet()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_string_options() {
        let o = parse_info("rust,linenos,hl_lines=2-3 5");
        assert_eq!(o.lang.as_deref(), Some("rust"));
        assert!(o.linenos);
        assert_eq!(o.hl_lines, vec![(2, 3), (5, 5)]);
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        let h = render_block(
            "<b>x</b>\n",
            &parse_info("nosuchlang"),
            Some(&Highlighter::default()),
            MAX_BLOCK_TIME,
        );
        assert_eq!(h.unknown_lang.as_deref(), Some("nosuchlang"));
        assert!(h.html.contains("&lt;b&gt;x&lt;/b&gt;"));
    }

    #[test]
    fn toml_is_highlighted_with_classes() {
        let h = render_block(
            "name = \"x\"\n",
            &parse_info("toml"),
            Some(&Highlighter::default()),
            MAX_BLOCK_TIME,
        );
        assert!(h.unknown_lang.is_none());
        assert!(h.html.contains("<span class=\""), "{}", h.html);
        assert!(!h.html.contains("style="));
    }

    #[test]
    fn blocks_over_their_time_or_size_are_plain_and_say_why() {
        let h = Highlighter::default();
        let rust = parse_info("rust");
        let slow = render_block("fn main() {}\n", &rust, Some(&h), Duration::ZERO);
        assert_eq!(slow.plain, Some(Plain::TooSlow));
        assert!(slow.html.contains("fn main() {}"), "{}", slow.html);
        let big = "let x = 1;\n".repeat(30_000);
        let large = render_block(&big, &rust, Some(&h), MAX_BLOCK_TIME);
        assert_eq!(large.plain, Some(Plain::TooLarge));
        let long_line = format!("let s = \"{}\";\n", "a".repeat(9_000));
        let line = render_block(&long_line, &rust, Some(&h), MAX_BLOCK_TIME);
        assert_eq!(line.plain, Some(Plain::TooLarge));
    }

    #[test]
    fn numbered_lines_are_balanced() {
        let h = render_block(
            "/* a\nb */\n",
            &parse_info("c,linenos"),
            Some(&Highlighter::default()),
            MAX_BLOCK_TIME,
        );
        let opens = h.html.matches("<span").count();
        let closes = h.html.matches("</span>").count();
        assert_eq!(opens, closes, "{}", h.html);
        assert_eq!(h.html.matches("class=\"line").count(), 2);
    }
}
