//! Reading YAML (mkdocs.yml, page meta, Backstage catalog files) with positions.
//!
//! saphyr keeps every node's span, so a note can name the line and column of the key
//! it is about, and it parses multi-document streams. It accepts tags it does not
//! know: MkDocs configs are full of `!!python/name:…` and `!ENV` tags, which load as
//! values we can report (by their source text) instead of failing the whole file.

use crate::diag::Diagnostic;
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

pub type Node<'a> = MarkedYaml<'a>;

/// Parses every document of `text`. A syntax error is a diagnostic at its position.
pub fn load<'a>(display: &str, text: &'a str) -> Result<Vec<Node<'a>>, Diagnostic> {
    MarkedYaml::load_from_str(text).map_err(|e| {
        let m = e.marker();
        let offset = char_to_byte(text, m.index());
        Diagnostic::error("yaml", format!("invalid YAML: {}", e.info()))
            .at(display, text, offset, 1)
            .hint("fix the YAML syntax at the marked position")
    })
}

/// The node itself, or the node inside a tag (`!ENV [..]`, `!!python/object ..`).
pub fn untag<'n, 'a>(node: &'n Node<'a>) -> &'n Node<'a> {
    match &node.data {
        YamlData::Tagged(_, inner) => untag(inner),
        _ => node,
    }
}

/// The value of `key` in a mapping node.
pub fn get<'n, 'a>(node: &'n Node<'a>, key: &str) -> Option<&'n Node<'a>> {
    untag(node).data.as_mapping_get(key)
}

/// A scalar as text (numbers and booleans too); `None` for null, collections and
/// values that could not be read.
pub fn text(node: &Node) -> Option<String> {
    match &untag(node).data {
        YamlData::Value(Scalar::String(s)) => Some(s.to_string()),
        YamlData::Value(Scalar::Integer(i)) => Some(i.to_string()),
        YamlData::Value(Scalar::FloatingPoint(f)) => Some(f.to_string()),
        YamlData::Value(Scalar::Boolean(b)) => Some(b.to_string()),
        YamlData::Representation(s, _, _) => Some(s.to_string()),
        _ => None,
    }
}

/// `get` then `text`, trimmed, empty treated as missing.
pub fn get_text(node: &Node, key: &str) -> Option<String> {
    get(node, key)
        .and_then(text)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// The items of a sequence node (empty for anything else).
pub fn items<'n, 'a>(node: &'n Node<'a>) -> &'n [Node<'a>] {
    match &untag(node).data {
        YamlData::Sequence(s) => s,
        _ => &[],
    }
}

/// A list of strings: a sequence of scalars, or one scalar.
pub fn text_list(node: Option<&Node>) -> Vec<String> {
    let Some(node) = node else { return Vec::new() };
    if untag(node).data.is_sequence() {
        items(node).iter().filter_map(text).collect()
    } else {
        text(node).into_iter().collect()
    }
}

/// The entries of a mapping node as (key text, key node, value node), in file order.
pub fn entries<'n, 'a>(node: &'n Node<'a>) -> Vec<(String, &'n Node<'a>, &'n Node<'a>)> {
    match &untag(node).data {
        YamlData::Mapping(m) => m
            .iter()
            .map(|(k, v)| (text(k).unwrap_or_default(), k, v))
            .collect(),
        _ => Vec::new(),
    }
}

pub fn is_mapping(node: &Node) -> bool {
    untag(node).data.is_mapping()
}

/// 1-based line and column of a node.
pub fn pos(node: &Node) -> (usize, usize) {
    (node.span.start.line(), node.span.start.col() + 1)
}

/// The source text a node spans (by its character indices), trimmed. Used to show
/// values saphyr cannot represent, such as `!!python/name:…` tags.
pub fn source_of<'t>(text: &'t str, node: &Node) -> &'t str {
    let start = char_to_byte(text, node.span.start.index());
    let end = char_to_byte(text, node.span.end.index()).max(start);
    text.get(start..end).unwrap_or("").trim()
}

/// Whether the node is a value saphyr could not read (e.g. `!!python/name:x`, whose
/// core-schema tag handle makes it expect a known type).
pub fn is_unreadable(node: &Node) -> bool {
    matches!(untag(node).data, YamlData::BadValue) || matches!(node.data, YamlData::Tagged(..))
}

/// Byte offset of the `index`-th character (saphyr counts characters).
pub fn char_to_byte(text: &str, index: usize) -> usize {
    text.char_indices()
        .nth(index)
        .map(|(b, _)| b)
        .unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_tags_load_and_show_their_source() {
        let text = "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n";
        let docs = load("mkdocs.yml", text).unwrap_or_default();
        let ext = docs.first().and_then(|d| get(d, "markdown_extensions"));
        let emoji = ext
            .and_then(|e| items(e).first())
            .and_then(|e| get(e, "pymdownx.emoji"));
        let index = emoji.and_then(|e| get(e, "emoji_index"));
        assert!(index.is_some_and(is_unreadable));
        assert_eq!(
            index.map(|n| source_of(text, n)),
            Some("!!python/name:material.extensions.emoji.twemoji")
        );
        assert_eq!(index.map(pos), Some((3, 20)));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = load("c.yaml", "a: [b\n c: d").err();
        assert_eq!(err.map(|d| (d.line, d.code)), Some((2, "yaml".to_string())));
    }

    #[test]
    fn multi_document_streams() {
        let docs = load("c.yaml", "kind: A\n---\nkind: B\n").unwrap_or_default();
        let kinds: Vec<_> = docs.iter().filter_map(|d| get_text(d, "kind")).collect();
        assert_eq!(kinds, vec!["A", "B"]);
    }
}
