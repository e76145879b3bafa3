//! Block shortcodes such as `{{ services tier=1 }}`, alone in a paragraph of a guide
//! page. (`{{ org }}` in text is `text::replace_org`.)

/// A block shortcode: `{{ name key=value key=value }}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcode {
    pub name: String,
    pub args: Vec<(String, String)>,
}

/// Parses a paragraph's whole text as a block shortcode, if it is one.
///
/// ```
/// use ownbook::markdown::shortcode::parse_block;
/// let sc = parse_block(" {{ services tier=1 }} ");
/// assert_eq!(sc.map(|s| (s.name, s.args)), Some(("services".into(), vec![("tier".into(), "1".into())])));
/// ```
pub fn parse_block(text: &str) -> Option<Shortcode> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    if inner.contains("{{") || inner.contains("}}") {
        return None;
    }
    let mut words = inner.split_whitespace();
    let name = words.next()?.to_string();
    if name == "org"
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    let mut args = Vec::new();
    for word in words {
        let (k, v) = word.split_once('=')?;
        let v = v.trim_matches(|c| c == '"' || c == '\'' || c == '“' || c == '”');
        args.push((k.to_string(), v.to_string()));
    }
    Some(Shortcode { name, args })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_is_not_a_block_shortcode() {
        assert_eq!(parse_block("{{ org }}"), None);
        assert_eq!(parse_block("see {{ services }}"), None);
    }
}
