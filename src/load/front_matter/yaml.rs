//! YAML front matter (`---` … `---`), as Hugo, MkDocs and Docusaurus users write it.
//! It is read into the same table the TOML form gives (with each key's and value's
//! place in the file), then checked by the same code ([`crate::tomlread::read_table`]),
//! so both forms have the same fields, the same errors and the same positions.
//!
//! Plain YAML scalars take the type their TOML spelling has: `42`, `true` and
//! `2026-10-02` are a number, a boolean and a date; quoted scalars are text. `null`
//! (or nothing) leaves the key out.

use crate::diag::Diagnostic;
use crate::tomlread::{Parsed, read_table};
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, ScalarStyle, YamlData};
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

/// Reads the YAML in `text[base..end]` as `T`.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str, base: usize, end: usize) -> Parsed<T> {
    let yaml = &text[base..end];
    let failed = |d: Diagnostic| Parsed {
        value: None,
        partial: None,
        diags: vec![d],
        dropped: Vec::new(),
    };
    let docs = match MarkedYaml::load_from_str(yaml) {
        Ok(docs) => docs,
        Err(e) => {
            let at = base + char_to_byte(yaml, e.marker().index());
            return failed(
                Diagnostic::error("yaml", format!("invalid YAML: {}", e.info()))
                    .at(file, text, at, 1)
                    .hint("fix the YAML syntax at the marked position"),
            );
        }
    };
    let converter = Converter { yaml };
    let root = match docs.first() {
        None => Spanned::new(0..yaml.len(), DeTable::new()),
        Some(doc) => match &doc.data {
            YamlData::Mapping(_) => match converter.value(doc) {
                Some(v) => match v.into_inner() {
                    DeValue::Table(t) => Spanned::new(0..yaml.len(), t),
                    _ => Spanned::new(0..yaml.len(), DeTable::new()),
                },
                None => Spanned::new(0..yaml.len(), DeTable::new()),
            },
            YamlData::Value(Scalar::Null) => Spanned::new(0..yaml.len(), DeTable::new()),
            _ => {
                let at = base + converter.range(doc).start;
                return failed(
                    Diagnostic::error(
                        "yaml",
                        "the front matter is not a list of `key: value` lines",
                    )
                    .at(file, text, at, 1)
                    .hint("write one `key: value` per line, e.g. `title: Checkout`"),
                );
            }
        },
    };
    let mut parsed = read_table::<T>(file, text, base, root);
    for d in &mut parsed.diags {
        d.code = "yaml".into();
        d.hint = d.hint.take().map(|h| yaml_hint(&h));
    }
    parsed
}

/// A hint written for TOML (`key = value`), in YAML's spelling (`key: value`).
fn yaml_hint(hint: &str) -> String {
    hint.replace(" = ", ": ")
}

/// Builds TOML values from YAML nodes, with spans in bytes from the YAML's start.
struct Converter<'a> {
    yaml: &'a str,
}

impl<'a> Converter<'a> {
    fn range(&self, node: &MarkedYaml) -> Range<usize> {
        let start = char_to_byte(self.yaml, node.span.start.index());
        let end = char_to_byte(self.yaml, node.span.end.index()).max(start);
        start..end
    }

    /// The value of a node; `None` for null (the key is left out).
    fn value(&self, node: &MarkedYaml<'a>) -> Option<Spanned<DeValue<'a>>> {
        let range = self.range(node);
        let value = match &node.data {
            YamlData::Mapping(map) => {
                let mut table = DeTable::new();
                for (k, v) in map.iter() {
                    let Some(value) = self.value(v) else { continue };
                    let key = self.key_text(k);
                    table.insert(Spanned::new(self.range(k), Cow::Owned(key)), value);
                }
                DeValue::Table(table)
            }
            YamlData::Sequence(items) => {
                let mut array = DeArray::new();
                for item in items {
                    if let Some(v) = self.value(item) {
                        array.push(v);
                    }
                }
                DeValue::Array(array)
            }
            YamlData::Value(Scalar::Null) => return None,
            YamlData::Value(Scalar::Boolean(b)) => DeValue::Boolean(*b),
            YamlData::Value(Scalar::String(s)) => self.scalar(&range, s, true),
            YamlData::Value(_) => self.scalar(&range, self.source(&range), true),
            YamlData::Representation(s, style, _) => {
                if *style == ScalarStyle::Plain
                    && matches!(s.as_ref(), "" | "~" | "null" | "Null" | "NULL")
                {
                    return None;
                }
                self.scalar(&range, s, *style == ScalarStyle::Plain)
            }
            // Tags, aliases and values saphyr could not read: their text.
            _ => DeValue::String(Cow::Owned(self.source(&range).to_string())),
        };
        Some(Spanned::new(range, value))
    }

    /// A scalar: as TOML reads its spelling when it is plain and TOML gives it a type
    /// (a number, boolean or date), else text.
    fn scalar(&self, range: &Range<usize>, value: &str, plain: bool) -> DeValue<'a> {
        let written = self.source(range);
        let quoted = written.starts_with(['"', '\'', '|', '>']);
        if plain
            && !quoted
            && let Ok(typed) = DeValue::parse(written)
        {
            let typed = typed.into_inner();
            if matches!(
                typed,
                DeValue::Integer(_)
                    | DeValue::Float(_)
                    | DeValue::Boolean(_)
                    | DeValue::Datetime(_)
            ) {
                return typed;
            }
        }
        DeValue::String(Cow::Owned(value.to_string()))
    }

    fn key_text(&self, key: &MarkedYaml) -> String {
        match &key.data {
            YamlData::Value(Scalar::String(s)) => s.to_string(),
            YamlData::Representation(s, _, _) => s.to_string(),
            _ => self.source(&self.range(key)).to_string(),
        }
    }

    /// The text a node spans, trimmed.
    fn source(&self, range: &Range<usize>) -> &'a str {
        self.yaml.get(range.clone()).unwrap_or("").trim()
    }
}

/// Byte offset of the `index`-th character (saphyr counts characters).
fn char_to_byte(text: &str, index: usize) -> usize {
    text.char_indices()
        .nth(index)
        .map(|(b, _)| b)
        .unwrap_or(text.len())
}
