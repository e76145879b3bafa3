//! Text helpers every stage shares: slugs for ids and URLs, HTML escaping, and the
//! `{{ org }}` substitution that lets one setting rename the organization everywhere.

/// A URL- and id-friendly slug: lowercase letters and digits (any script) kept,
/// whitespace, `-` and `_` become `-`, other punctuation dropped, dashes collapsed.
///
/// ```
/// assert_eq!(ownbook::text::slugify("What's a Service?"), "whats-a-service");
/// assert_eq!(ownbook::text::slugify("Tier 1: critical"), "tier-1-critical");
/// ```
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            dash = true;
        }
    }
    out
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Replaces every `{{ org }}` (any inner spacing) with the organization's name.
pub fn replace_org(text: &str, org: &str) -> String {
    if !text.contains("{{") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) if after[..end].trim() == "org" => {
                out.push_str(org);
                rest = &after[end + 2..];
            }
            _ => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `text` in Unicode normalization form C: `é` typed as one character and as `e` plus
/// an accent are the same name.
pub fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => std::borrow::Cow::Borrowed(text),
        _ => std::borrow::Cow::Owned(text.nfc().collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_is_replaced_but_other_braces_stay() {
        assert_eq!(
            replace_org("{{ org }} and {{org}}", "Acme"),
            "Acme and Acme"
        );
        assert_eq!(replace_org("{{ other }} {{", "Acme"), "{{ other }} {{");
    }
}
