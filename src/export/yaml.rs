//! A small YAML writer for the exports: a tree of mappings, sequences and scalars
//! written in block style, every string double-quoted.
//!
//! saphyr (which the crate already has for reading) has an emitter, but it leaves
//! U+0085, U+2028 and U+2029 unescaped inside quoted strings, and a YAML 1.1 reader
//! (OpsLevel reads opslevel.yml as YAML 1.1) takes those for line breaks and folds
//! them into spaces. Writing the few shapes the exports need is shorter than working
//! around that, and keeps the output under our control byte for byte: keys in the
//! order given, two-space indentation, one trailing newline.
//!
//! Quoting every string means no value is ever read back as something else: `yes`,
//! `no`, `on`, `off`, `null`, `1e3`, `0o17` or `2026-01-01` stay strings in YAML 1.1
//! and 1.2 alike, which is what OpsLevel's documentation asks for.

use std::fmt::Write as _;

/// A YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Written double-quoted, with escapes where YAML needs them.
    Str(String),
    Bool(bool),
    Int(i64),
    /// A number already written as decimal text (`0.999`), so that no float
    /// rounding reaches the file. Must be a valid YAML number; [`Value::decimal`]
    /// checks that.
    Decimal(String),
    Seq(Vec<Value>),
    /// Entries in the order given (formats expect `apiVersion` before `kind`).
    Map(Vec<(String, Value)>),
}

impl Value {
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }

    /// A decimal number from its text: digits, at most one `.` with digits on both
    /// sides, an optional leading `-`. Anything else is `None`.
    pub fn decimal(text: &str) -> Option<Value> {
        let digits = text.strip_prefix('-').unwrap_or(text);
        let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        (all_digits(int) && all_digits(frac)).then(|| Value::Decimal(text.to_string()))
    }
}

/// A mapping built entry by entry, leaving out absent optional values.
#[derive(Debug, Default, Clone)]
pub struct Map(Vec<(String, Value)>);

impl Map {
    pub fn new() -> Map {
        Map::default()
    }

    pub fn with(mut self, key: &str, value: Value) -> Map {
        self.0.push((key.to_string(), value));
        self
    }

    pub fn push(&mut self, key: &str, value: Value) {
        self.0.push((key.to_string(), value));
    }

    /// Adds the entry only when there is a value.
    pub fn push_some(&mut self, key: &str, value: Option<Value>) {
        if let Some(v) = value {
            self.push(key, v);
        }
    }

    /// Adds a sequence only when it has items (formats read a missing list and an
    /// empty one alike, and the file stays shorter).
    pub fn push_list(&mut self, key: &str, items: Vec<Value>) {
        if !items.is_empty() {
            self.push(key, Value::Seq(items));
        }
    }

    /// A string entry.
    pub fn text(self, key: &str, value: &str) -> Map {
        self.with(key, Value::str(value))
    }

    /// A string entry when there is a value.
    pub fn opt(self, key: &str, value: Option<&str>) -> Map {
        match value {
            Some(v) => self.text(key, v),
            None => self,
        }
    }

    /// A list of strings, left out when empty.
    pub fn texts(mut self, key: &str, values: &[String]) -> Map {
        self.push_list(key, values.iter().map(Value::str).collect());
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn build(self) -> Value {
        Value::Map(self.0)
    }
}

/// One document: `comment` lines (each written as `# line`), then `---` and the value.
pub fn document(comment: &[&str], value: &Value) -> String {
    stream(comment, std::slice::from_ref(value))
}

/// Several documents in one file, each after its `---`.
pub fn stream(comment: &[&str], values: &[Value]) -> String {
    let mut out = String::new();
    for line in comment {
        write_comment(&mut out, line);
    }
    for value in values {
        out.push_str("---\n");
        write_node(&mut out, value, 0);
    }
    out
}

/// `# text`: a line break inside the text starts another comment line, and other
/// characters that are not printable become U+FFFD, so the comment cannot end early.
fn write_comment(out: &mut String, text: &str) {
    out.push('#');
    if !text.is_empty() {
        out.push(' ');
    }
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push_str("\n# "),
            '\t' => out.push(c),
            c if needs_escape(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out.push('\n');
}

/// Characters outside YAML's printable set, and the byte order mark.
fn needs_escape(c: char) -> bool {
    (c as u32) < 0x20
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// Writes `value` at the start of a line indented by `indent` spaces.
fn write_node(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Map(entries) if !entries.is_empty() => write_entries(out, entries, indent, false),
        Value::Seq(items) if !items.is_empty() => write_items(out, items, indent),
        scalar => {
            pad(out, indent);
            write_inline(out, scalar);
            out.push('\n');
        }
    }
}

/// Mapping entries; with `first_inline`, the first key continues a `- ` already written.
fn write_entries(out: &mut String, entries: &[(String, Value)], indent: usize, first_inline: bool) {
    for (i, (key, value)) in entries.iter().enumerate() {
        if i > 0 || !first_inline {
            pad(out, indent);
        }
        write_key(out, key);
        out.push(':');
        match value {
            Value::Map(inner) if !inner.is_empty() => {
                out.push('\n');
                write_entries(out, inner, indent + 2, false);
            }
            Value::Seq(items) if !items.is_empty() => {
                out.push('\n');
                write_items(out, items, indent + 2);
            }
            scalar => {
                out.push(' ');
                write_inline(out, scalar);
                out.push('\n');
            }
        }
    }
}

fn write_items(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        pad(out, indent);
        match item {
            Value::Map(entries) if !entries.is_empty() => {
                out.push_str("- ");
                write_entries(out, entries, indent + 2, true);
            }
            Value::Seq(inner) if !inner.is_empty() => {
                out.push_str("-\n");
                write_items(out, inner, indent + 2);
            }
            scalar => {
                out.push_str("- ");
                write_inline(out, scalar);
                out.push('\n');
            }
        }
    }
}

/// A scalar, or an empty collection in flow style.
fn write_inline(out: &mut String, value: &Value) {
    match value {
        Value::Str(s) => quote(out, s),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Decimal(d) => out.push_str(d),
        Value::Seq(_) => out.push_str("[]"),
        Value::Map(_) => out.push_str("{}"),
    }
}

/// Keys the formats use (`apiVersion`, `budgetingMethod`, `display_name`) are written
/// plain; anything else, or a word YAML 1.1 reads as a boolean or null, is quoted.
fn write_key(out: &mut String, key: &str) {
    let plain = key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !matches!(
            key.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
        );
    if plain {
        out.push_str(key);
    } else {
        quote(out, key);
    }
}

/// A double-quoted scalar. Escaped: `"` and `\`, every character outside YAML's
/// printable set (C0 and C1 controls, DEL, U+FFFE, U+FFFF), the characters YAML 1.1
/// reads as line breaks (U+0085, U+2028, U+2029) and the byte order mark.
fn quote(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) <= 0xff && needs_escape(c) => {
                let _ = write!(out, "\\x{:02X}", c as u32);
            }
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}
