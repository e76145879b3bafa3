//! Entities written as YAML through saphyr's emitter (available without saphyr's
//! default features), which lays out the nesting. Every text value is quoted by us:
//! Backstage reads catalog files with js-yaml, whose default schema turns an unquoted
//! `2026-09-17` into a date, `180` into a number and `yes` into a boolean, and
//! annotation values must be strings. Single quotes need no escapes (only `'` is
//! doubled) and keep JSON readable; text with line breaks or characters YAML does
//! not print goes into double quotes with escapes.

use saphyr::{Mapping, Scalar, ScalarStyle, Yaml, YamlEmitter};
use std::borrow::Cow;

/// A mapping whose keys keep the order they were put in.
#[derive(Default)]
pub struct Map(Mapping<'static>);

impl Map {
    pub fn new() -> Self {
        Map::default()
    }

    pub fn put(mut self, key: &str, value: Yaml<'static>) -> Self {
        self.0.insert(
            Yaml::Value(Scalar::String(Cow::Owned(key.to_string()))),
            value,
        );
        self
    }

    pub fn text(self, key: &str, value: &str) -> Self {
        self.put(key, text(value))
    }

    /// Puts `value` if there is one.
    pub fn opt(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(v) => self.text(key, v),
            None => self,
        }
    }

    /// Puts the list if it is not empty.
    pub fn texts(self, key: &str, values: &[String]) -> Self {
        if values.is_empty() {
            self
        } else {
            self.put(key, texts(values))
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn yaml(self) -> Yaml<'static> {
        Yaml::Mapping(self.0)
    }
}

/// A quoted text scalar.
pub fn text(value: &str) -> Yaml<'static> {
    let (quoted, style) = if value.chars().all(single_quotable) {
        (value.replace('\'', "''"), ScalarStyle::SingleQuoted)
    } else {
        (escape_double(value), ScalarStyle::DoubleQuoted)
    };
    Yaml::Representation(Cow::Owned(quoted), style, None)
}

/// A list of quoted text scalars.
pub fn texts(values: &[String]) -> Yaml<'static> {
    Yaml::Sequence(values.iter().map(|v| text(v)).collect())
}

/// Printable characters that are not line breaks in any YAML version (1.1 also
/// breaks lines at U+0085, U+2028 and U+2029). Tabs go into double quotes too, where
/// no reader can mistake them for indentation.
fn single_quotable(c: char) -> bool {
    matches!(c, ' '..='~')
        || (c >= '\u{a0}'
            && !matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            ))
}

/// The body of a double-quoted scalar (without the quotes).
fn escape_double(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if single_quotable(c) => out.push(c),
            c if u32::from(c) <= 0xffff => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push_str(&format!("\\U{:08x}", u32::from(c))),
        }
    }
    out
}

/// A YAML stream of `docs`, each starting with `---`, ending with a line break.
pub fn stream(docs: &[Yaml<'static>]) -> String {
    let mut out = String::new();
    for doc in docs {
        // Writing into a String cannot fail.
        let _ = YamlEmitter::new(&mut out).dump(doc);
        out.push('\n');
    }
    out
}
