//! Text helpers every stage shares: slugs for ids and URLs, HTML escaping, and the
//! `{{ org }}` substitution that lets one setting rename the organization everywhere.

use std::borrow::Cow;

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
        // ASCII first: the same answers as the Unicode tests, without their tables
        // (a 50,000-page site slugifies every heading before its first page).
        let alphanumeric = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if alphanumeric {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
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

/// Escapes text for Markdown inline content (a heading, a link's text, a list item or
/// a table cell), so that a name with `*`, `_`, `[` or `|` in it reads as written.
///
/// ```
/// assert_eq!(ownbook::text::escape_markdown("R&D [beta] *fast*"), r"R&D \[beta\] \*fast\*");
/// assert_eq!(ownbook::text::escape_markdown("&amp; a|b"), r"\&amp; a\|b");
/// assert_eq!(ownbook::text::escape_markdown("New_York _x_"), r"New_York \_x\_");
/// ```
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous = None;
    for (i, c) in text.char_indices() {
        let special = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '#' | '~' | '|' => true,
            // Between two letters or digits `_` cannot start or end emphasis
            // (`America/New_York`), so it is left alone there.
            '_' => {
                !(previous.is_some_and(char::is_alphanumeric)
                    && text[i + 1..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric))
            }
            // Only what would read as an entity (`&amp;`) changes meaning.
            '&' => looks_like_entity(&text[i + 1..]),
            _ => false,
        };
        previous = Some(c);
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether `rest` (what follows a `&`) starts like an HTML entity: `amp;`, `#39;`.
fn looks_like_entity(rest: &str) -> bool {
    let name = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
        .map_or(rest, |end| &rest[..end]);
    !name.is_empty() && rest[name.len()..].starts_with(';')
}

/// Replaces every `{{ org }}` (any inner spacing) with the organization's name; the
/// text itself when it has none. Linear in the text, whatever it holds.
pub fn replace_org<'a>(text: &'a str, org: &str) -> Cow<'a, str> {
    if !text.contains("{{") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match org_tag_len(after) {
            Some(len) => {
                out.push_str(org);
                rest = &after[len..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The length of ` org }}` at the start of `after` (what follows a `{{`), if it is
/// there.
fn org_tag_len(after: &str) -> Option<usize> {
    let tail = after.trim_start().strip_prefix("org")?.trim_start();
    let tail = tail.strip_prefix("}}")?;
    Some(after.len() - tail.len())
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

/// A hint for a value that names nothing known: "did you mean `x`?" for the known
/// values within a few typos of it, else `fallback` and the nearest three.
pub fn did_you_mean<'a>(
    wrong: &str,
    known: impl IntoIterator<Item = &'a str>,
    fallback: &str,
) -> String {
    let mut ranked: Vec<(usize, &str)> = known
        .into_iter()
        .map(|k| (edit_distance(wrong, k), k))
        .collect();
    ranked.sort_unstable();
    ranked.dedup();
    let close: Vec<&str> = ranked
        .iter()
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(2))
        .map(|(_, k)| *k)
        .take(3)
        .collect();
    if !close.is_empty() {
        return format!("did you mean {}?", quoted_list(&close, "or"));
    }
    let nearest: Vec<&str> = ranked.iter().map(|(_, k)| *k).take(3).collect();
    match nearest.as_slice() {
        [] => fallback.to_string(),
        [one] => format!("{fallback} (the only one is `{one}`)"),
        _ => format!(
            "{fallback} (the nearest are {})",
            quoted_list(&nearest, "and")
        ),
    }
}

/// "`a`", "`a` or `b`", "`a`, `b` or `c`".
fn quoted_list(items: &[&str], last: &str) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.split_last() {
        Some((tail, [])) => tail.clone(),
        Some((tail, init)) => format!("{} {last} {tail}", init.join(", ")),
        None => String::new(),
    }
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
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

    #[test]
    fn org_is_replaced_in_linear_time() {
        let braces = "{{ ".repeat(100_000);
        let started = std::time::Instant::now();
        assert_eq!(replace_org(&braces, "Acme"), braces);
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert!(matches!(replace_org("no braces", "Acme"), Cow::Borrowed(_)));
    }

    #[test]
    fn suggestions_name_the_close_ones_or_the_nearest() {
        let teams = ["checkout", "platform", "storefront", "payments"];
        assert_eq!(
            did_you_mean("chekout", teams, "x"),
            "did you mean `checkout`?"
        );
        assert_eq!(
            did_you_mean("zzz", teams, "the owner is a team id"),
            "the owner is a team id (the nearest are `checkout`, `payments` and `platform`)"
        );
        assert_eq!(did_you_mean("zzz", [], "none yet"), "none yet");
        assert_eq!(
            did_you_mean("wieght", ["weight", "title"], "x"),
            "did you mean `weight`?"
        );
    }
}
