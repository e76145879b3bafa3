//! A small writer of HCL as `terraform fmt` leaves it, so that the exported files are
//! already formatted: two-space indents, `=` aligned across consecutive one-line
//! attributes of a block, a blank line between blocks (and between attributes and the
//! block after them), strings escaped so that nothing in a catalog value is read as a
//! template.
//!
//! The alignment rule is hclwrite's (what `terraform fmt` runs): a chain of
//! consecutive lines that each hold a whole one-line attribute aligns its `=` one
//! space after the longest key; any other line (a blank line, a block's header or
//! closing brace, a comment, an attribute whose value spans lines) ends the chain.

use std::fmt::Write as _;

/// An attribute's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    /// A reference written as is, such as `pagerduty_team.checkout.id`.
    Ref(String),
    /// A one-line list.
    List(Vec<Value>),
    /// An object written over several lines (`key = {` … `}`).
    Object(Vec<(String, Value)>),
}

impl Value {
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }

    /// A reference to the `id` of `address`.
    pub fn id_of(address: &str) -> Value {
        Value::Ref(format!("{address}.id"))
    }
}

/// One thing in a block's body.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Attr(String, Value),
    Block(Block),
}

/// A block: `kind "label" … { body }`, with an optional comment line above it.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: String,
    pub labels: Vec<String>,
    pub body: Vec<Item>,
    pub comment: Option<String>,
}

impl Block {
    pub fn new(kind: &str, labels: &[&str]) -> Block {
        Block {
            kind: kind.to_string(),
            labels: labels.iter().map(|l| l.to_string()).collect(),
            body: Vec::new(),
            comment: None,
        }
    }

    /// Adds an attribute; returns the block for chaining.
    pub fn attr(mut self, key: &str, value: Value) -> Block {
        self.body.push(Item::Attr(key.to_string(), value));
        self
    }

    /// Adds a nested block; returns the block for chaining.
    pub fn block(mut self, block: Block) -> Block {
        self.body.push(Item::Block(block));
        self
    }

    pub fn comment(mut self, text: impl Into<String>) -> Block {
        self.comment = Some(text.into());
        self
    }
}

/// A whole file: an optional header comment, then top-level blocks separated by
/// blank lines, ending with one newline.
pub fn file(header: &[String], blocks: &[Block]) -> String {
    let mut out = String::new();
    for line in header {
        comment_line(&mut out, 0, line);
    }
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 || !header.is_empty() {
            out.push('\n');
        }
        write_block(&mut out, 0, block);
    }
    out
}

fn comment_line(out: &mut String, indent: usize, text: &str) {
    // A comment is one line: anything after a line break would be read as code.
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let _ = writeln!(out, "{:indent$}# {}", "", flat.trim_end());
}

fn write_block(out: &mut String, indent: usize, block: &Block) {
    if let Some(c) = &block.comment {
        comment_line(out, indent, c);
    }
    out.push_str(&" ".repeat(indent));
    out.push_str(&block.kind);
    for label in &block.labels {
        out.push(' ');
        out.push_str(&quote(label));
    }
    if block.body.is_empty() {
        out.push_str(" {}\n");
        return;
    }
    out.push_str(" {\n");
    write_body(out, indent + 2, &block.body);
    let _ = writeln!(out, "{:indent$}}}", "");
}

/// The items of a body: runs of one-line attributes aligned, blocks set apart.
fn write_body(out: &mut String, indent: usize, body: &[Item]) {
    let mut i = 0;
    let mut previous_was_block = false;
    while i < body.len() {
        match &body[i] {
            Item::Block(b) => {
                if i > 0 {
                    out.push('\n');
                }
                write_block(out, indent, b);
                previous_was_block = true;
                i += 1;
            }
            Item::Attr(..) => {
                if previous_was_block {
                    out.push('\n');
                }
                let run = body[i..]
                    .iter()
                    .take_while(|item| matches!(item, Item::Attr(..)))
                    .count();
                write_attrs(out, indent, &body[i..i + run]);
                previous_was_block = false;
                i += run;
            }
        }
    }
}

/// A run of attributes: each chain of one-line ones aligned on its longest key; a
/// multi-line value ends the chain.
fn write_attrs(out: &mut String, indent: usize, attrs: &[Item]) {
    let pairs: Vec<(&str, &Value)> = attrs
        .iter()
        .filter_map(|item| match item {
            Item::Attr(k, v) => Some((k.as_str(), v)),
            Item::Block(_) => None,
        })
        .collect();
    let mut start = 0;
    while start < pairs.len() {
        let chain = pairs[start..]
            .iter()
            .take_while(|(_, v)| !matches!(v, Value::Object(_)))
            .count();
        let width = pairs[start..start + chain]
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        for (key, value) in &pairs[start..start + chain] {
            let _ = writeln!(out, "{:indent$}{key:<width$} = {}", "", inline(value));
        }
        start += chain;
        if let Some((key, Value::Object(fields))) = pairs.get(start) {
            let _ = writeln!(out, "{:indent$}{key} = {{", "");
            let items: Vec<Item> = fields
                .iter()
                .map(|(k, v)| Item::Attr(k.clone(), v.clone()))
                .collect();
            write_attrs(out, indent + 2, &items);
            let _ = writeln!(out, "{:indent$}}}", "");
            start += 1;
        }
    }
}

/// A value on one line (objects are written by [`write_attrs`]).
fn inline(value: &Value) -> String {
    match value {
        Value::Str(s) => quote(s),
        Value::Int(n) => n.to_string(),
        Value::Ref(r) => r.clone(),
        Value::List(items) => {
            let parts: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(fields) => {
            let parts: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{k} = {}", inline(v)))
                .collect();
            format!("{{ {} }}", parts.join(", "))
        }
    }
}

/// A quoted HCL string. Besides quotes, backslashes and control characters, `${`
/// and `%{` are doubled, so a catalog value can never start an interpolation or a
/// template directive.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(block: Block) -> String {
        file(&[], &[block])
    }

    #[test]
    fn consecutive_attributes_align_on_the_longest_key() {
        let b = Block::new("layer", &[])
            .attr("name", Value::str("Primary"))
            .attr("rotation_turn_length_seconds", Value::Int(604800))
            .attr(
                "users",
                Value::List(vec![Value::id_of("data.pagerduty_user.a")]),
            );
        assert_eq!(
            render(b),
            "layer {\n  name                         = \"Primary\"\n  rotation_turn_length_seconds = 604800\n  users                        = [data.pagerduty_user.a.id]\n}\n"
        );
    }

    #[test]
    fn a_block_ends_the_chain_and_is_set_apart_by_blank_lines() {
        let b = Block::new("rule", &[])
            .attr("escalation_delay_in_minutes", Value::Int(5))
            .block(
                Block::new("target", &[])
                    .attr("type", Value::str("schedule_reference"))
                    .attr("id", Value::id_of("pagerduty_schedule.p")),
            )
            .block(Block::new("target", &[]).attr("id", Value::id_of("u")))
            .attr("x", Value::Int(1));
        assert_eq!(
            render(b),
            "rule {\n  escalation_delay_in_minutes = 5\n\n  target {\n    type = \"schedule_reference\"\n    id   = pagerduty_schedule.p.id\n  }\n\n  target {\n    id = u.id\n  }\n\n  x = 1\n}\n"
        );
    }

    #[test]
    fn a_multi_line_object_ends_the_chain_and_aligns_its_own_keys() {
        let b = Block::new("required_providers", &[])
            .attr("a", Value::Int(1))
            .attr(
                "pagerduty",
                Value::Object(vec![
                    ("source".into(), Value::str("PagerDuty/pagerduty")),
                    ("version".into(), Value::str(">= 3.0.0")),
                ]),
            )
            .attr("longer", Value::Int(2));
        assert_eq!(
            render(b),
            "required_providers {\n  a = 1\n  pagerduty = {\n    source  = \"PagerDuty/pagerduty\"\n    version = \">= 3.0.0\"\n  }\n  longer = 2\n}\n"
        );
    }

    #[test]
    fn top_level_blocks_are_separated_and_labels_quoted() {
        let text = file(
            &["Generated".to_string()],
            &[
                Block::new("resource", &["pagerduty_team", "checkout"])
                    .attr("name", Value::str("Checkout")),
                Block::new("data", &["pagerduty_user", "x"]).comment("why\nnot"),
            ],
        );
        assert_eq!(
            text,
            "# Generated\n\nresource \"pagerduty_team\" \"checkout\" {\n  name = \"Checkout\"\n}\n\n# why not\ndata \"pagerduty_user\" \"x\" {}\n"
        );
    }

    #[test]
    fn strings_cannot_start_templates_or_break_out() {
        assert_eq!(quote("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        assert_eq!(quote("${var.x} %{if} $5 %d"), r#""$${var.x} %%{if} $5 %d""#);
        assert_eq!(quote("line\nnext\u{7}"), r#""line\nnext\u0007""#);
    }
}
