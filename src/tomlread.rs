//! Reading TOML with every mistake reported at once: each type error (a wrong type, an
//! unknown key, a missing one), the entry that caused it set aside so that the rest of
//! the file is still read. A syntax error stops the reading (what follows it cannot be
//! trusted). Each error points at its real line and column and says what to do.

use crate::diag::Diagnostic;
use serde::de::DeserializeOwned;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeArray, DeString, DeTable, DeValue};

/// Most errors one TOML text reports; past it the file is hopeless and the list noise.
const MAX_ERRORS: usize = 50;

/// What reading a TOML text gave.
pub struct Parsed<T> {
    /// The value, when the text had no error at all.
    pub value: Option<T>,
    /// The value read with the mistaken entries left out, when it could be read.
    pub partial: Option<T>,
    pub diags: Vec<Diagnostic>,
    /// Top-level keys left out because of their errors (already reported).
    pub dropped: Vec<String>,
}

/// Reads the TOML in `text[base..end]` (front matter starts after its `+++` line) as `T`.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str, base: usize, end: usize) -> Parsed<T> {
    let source = &text[base..end];
    let (root, syntax) = DeTable::parse_recoverable(source);
    // After a syntax error the parser's guesses about what follows (an unclosed array
    // swallows the lines after it) give one false error per line: report the first.
    if let Some(first) = syntax.first() {
        return Parsed {
            value: None,
            partial: None,
            diags: vec![toml_error(file, text, base, first)],
            dropped: Vec::new(),
        };
    }
    read_table(file, text, base, root)
}

/// Reads a table already parsed (from TOML, or built from another format such as
/// YAML front matter) as `T`, with the same checks and messages as [`parse`]. Its
/// spans are byte offsets from `base` in `text`.
pub fn read_table<T: DeserializeOwned>(
    file: &str,
    text: &str,
    base: usize,
    mut root: Spanned<DeTable>,
) -> Parsed<T> {
    let mut parsed = Parsed {
        value: None,
        partial: None,
        diags: Vec::new(),
        dropped: Vec::new(),
    };
    // Entries whose key was dropped for a type error: their "missing field" follows
    // from that error and is not reported again.
    let mut emptied: Vec<(Range<usize>, String)> = Vec::new();
    for _ in 0..MAX_ERRORS {
        let de = toml::de::Deserializer::from(root.clone());
        let err = match T::deserialize(de) {
            Ok(value) => {
                crate::diag::sort(&mut parsed.diags);
                if parsed.diags.is_empty() {
                    parsed.value = Some(value);
                } else {
                    parsed.partial = Some(value);
                }
                return parsed;
            }
            Err(err) => err,
        };
        let Some(span) = err.span() else {
            parsed.diags.push(toml_error(file, text, base, &err));
            break;
        };
        let missing = missing_field(err.message());
        let consequence = missing
            .as_ref()
            .is_some_and(|key| emptied.iter().any(|(s, k)| *s == span && k == key));
        if !consequence {
            parsed.diags.push(toml_error(file, text, base, &err));
        }
        let whole = root.span();
        let dropped = match missing {
            Some(_) => drop_value_at(root.get_mut(), whole, &span),
            None => drop_entry_holding(root.get_mut(), whole, span.start),
        };
        match dropped {
            Some(Dropped { key, table, top }) => {
                if let Some(key) = key {
                    emptied.push((table, key.clone()));
                    if top {
                        parsed.dropped.push(key);
                    }
                }
            }
            None => break,
        }
    }
    crate::diag::sort(&mut parsed.diags);
    parsed
}

/// What was set aside: the key (when a table entry was), the span of the table it was
/// in, and whether that table is the document itself.
struct Dropped {
    key: Option<String>,
    table: Range<usize>,
    top: bool,
}

/// The field a "missing field `x`" error names.
fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    Some(rest.split('`').next().unwrap_or_default().to_string())
}

/// Removes the innermost entry (table key or array element) that holds byte `at`.
fn drop_entry_holding(root: &mut DeTable, whole: Range<usize>, at: usize) -> Option<Dropped> {
    drop_in_table(root, whole, true, &|key, value| {
        key.span().contains(&at) || holds(value, at)
    })
}

/// Whether a value, or anything in it, was written over byte `at`. (The span of a
/// `[[table]]` covers its header only, so its entries are asked too.)
fn holds(value: &Spanned<DeValue>, at: usize) -> bool {
    value.span().contains(&at)
        || match value.get_ref() {
            DeValue::Table(t) => t
                .iter()
                .any(|(k, v)| k.span().contains(&at) || holds(v, at)),
            DeValue::Array(a) => a.iter().any(|v| holds(v, at)),
            _ => false,
        }
}

/// Removes the entry whose value spans exactly `span` (an incomplete table).
fn drop_value_at(root: &mut DeTable, whole: Range<usize>, span: &Range<usize>) -> Option<Dropped> {
    drop_in_table(root, whole, true, &|_, value| has_span(value, span))
}

/// Whether a value, or anything in it, spans exactly `span`.
fn has_span(value: &Spanned<DeValue>, span: &Range<usize>) -> bool {
    value.span() == *span
        || match value.get_ref() {
            DeValue::Table(t) => t.values().any(|v| has_span(v, span)),
            DeValue::Array(a) => a.iter().any(|v| has_span(v, span)),
            _ => false,
        }
}

type Holds<'a> = dyn Fn(&Spanned<DeString>, &Spanned<DeValue>) -> bool + 'a;

fn drop_in_table(
    table: &mut DeTable,
    span: Range<usize>,
    top: bool,
    holds: &Holds,
) -> Option<Dropped> {
    let key = table
        .keys()
        .find(|k| table.get(*k).is_some_and(|v| holds(k, v)))?
        .clone();
    let value = table.get_mut(&key)?;
    let value_span = value.span();
    let deeper = match value.get_mut() {
        DeValue::Table(inner) => drop_in_table(inner, value_span, false, holds),
        DeValue::Array(items) => drop_in_array(items, holds),
        _ => None,
    };
    if deeper.is_some() {
        return deeper;
    }
    table.remove(&key);
    Some(Dropped {
        key: Some(key.get_ref().to_string()),
        table: span,
        top,
    })
}

fn drop_in_array(items: &mut DeArray, holds: &Holds) -> Option<Dropped> {
    let index = items
        .iter()
        .position(|item| holds_span(holds, item.span(), item))?;
    let item_span = items[index].span();
    let deeper = match items.as_mut()[index].get_mut() {
        DeValue::Table(inner) => drop_in_table(inner, item_span.clone(), false, holds),
        DeValue::Array(inner) => drop_in_array(inner, holds),
        _ => None,
    };
    if deeper.is_some() {
        return deeper;
    }
    let mut kept = DeArray::new();
    for (i, item) in items.iter().enumerate() {
        if i != index {
            kept.push(item.clone());
        }
    }
    *items = kept;
    Some(Dropped {
        key: None,
        table: item_span,
        top: false,
    })
}

/// Whether `holds` accepts an array element (asked as a value under an empty key).
fn holds_span(holds: &Holds, span: Range<usize>, item: &Spanned<DeValue>) -> bool {
    let key = Spanned::new(span, DeString::from(""));
    holds(&key, item)
}

/// Turns a TOML error into a diagnostic at the real file position, with a hint that
/// says what to do. `base` is the byte offset of the TOML text inside `text`
/// (non-zero for front matter).
pub fn toml_error(file: &str, text: &str, base: usize, err: &toml::de::Error) -> Diagnostic {
    let (offset, len) = err
        .span()
        .map(|s| (base + s.start, s.end.saturating_sub(s.start)))
        .unwrap_or((base, 1));
    let message = err.message().trim();
    let (message, hint) = explain(message);
    Diagnostic::error("toml", message)
        .at(file, text, offset, len)
        .hint(hint)
}

/// A clearer message and the hint for a TOML or serde error message.
fn explain(message: &str) -> (String, String) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let hint = crate::text::did_you_mean(field, known, "remove the key or fix its spelling");
        return (format!("unknown field `{field}`"), hint);
    }
    if let Some(field) = missing_field(message) {
        return (
            message.to_string(),
            format!("add the key `{field}` to this table"),
        );
    }
    if message.starts_with("invalid type: string") {
        if ["integer", "i64", "u32", "u64", "usize", "f64", "float"]
            .iter()
            .any(|t| {
                message.contains(&format!("expected {t}"))
                    || message.contains(&format!("expected an {t}"))
                    || message.contains(&format!("expected a {t}"))
            })
        {
            return (
                message.to_string(),
                "remove the quotes: numbers are written without them, e.g. tier = 2".into(),
            );
        }
        if message.contains("datetime") {
            return (
                message.to_string(),
                "remove the quotes: dates are written without them, e.g. reviewed = 2026-10-02"
                    .into(),
            );
        }
    }
    if message.starts_with("invalid type") {
        let hint = if message.contains("expected a string") {
            "put the value in quotes: text is written like name = \"Checkout\""
        } else {
            "check the value's type (text needs quotes, numbers and dates do not, lists use [ ])"
        };
        return (message.to_string(), hint.into());
    }
    (
        message.to_string(),
        "fix the TOML syntax at the marked position".into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        weight: Option<i64>,
        title: Option<String>,
        reviewed: Option<toml::value::Datetime>,
        #[serde(default)]
        items: Vec<Item>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Item {
        name: String,
        size: i64,
    }

    fn messages(text: &str) -> Vec<(usize, String, Option<String>)> {
        let parsed: Parsed<Doc> = parse("f.toml", text, 0, text.len());
        parsed
            .diags
            .into_iter()
            .map(|d| (d.line, d.message, d.hint))
            .collect()
    }

    #[test]
    fn every_error_of_a_file_is_reported() {
        let text = "wieght = 1\ntitle = 2\nreviewed = \"2026-01-01\"\n[[items]]\nname = \"a\"\nsize = \"3\"\n[[items]]\nname = \"b\"\n";
        let found = messages(text);
        assert_eq!(found.len(), 5, "{found:#?}");
        assert_eq!(found[0].1, "unknown field `wieght`");
        assert_eq!(found[0].2.as_deref(), Some("did you mean `weight`?"));
        assert_eq!(found[1].1, "invalid type: integer `2`, expected a string");
        assert!(
            found[2]
                .2
                .as_deref()
                .is_some_and(|h| h.starts_with("remove the quotes: dates"))
        );
        assert_eq!(
            found[3].2.as_deref(),
            Some("remove the quotes: numbers are written without them, e.g. tier = 2")
        );
        assert_eq!(
            (found[4].0, found[4].1.as_str()),
            (7, "missing field `size`")
        );
    }

    #[test]
    fn a_file_without_errors_gives_its_value() {
        let text =
            "title = \"x\"\nweight = 3\nreviewed = 2026-01-01\n[[items]]\nname = \"a\"\nsize = 1\n";
        let parsed: Parsed<Doc> = parse("f.toml", text, 0, text.len());
        assert!(parsed.diags.is_empty());
        let doc = parsed.value.expect("a value");
        assert_eq!((doc.title.as_deref(), doc.weight), (Some("x"), Some(3)));
        assert_eq!(
            doc.reviewed.map(|d| d.to_string()).as_deref(),
            Some("2026-01-01")
        );
        let item = doc.items.first().map(|i| (i.name.as_str(), i.size));
        assert_eq!(item, Some(("a", 1)));
    }

    #[test]
    fn what_is_read_around_mistakes_leaves_them_out() {
        let text = "weight = 2\ntitle = 2\n[[items]]\nname = \"a\"\nsize = \"3\"\n[[items]]\nname = \"b\"\nsize = 4\n";
        let parsed: Parsed<Doc> = parse("f.toml", text, 0, text.len());
        assert_eq!(parsed.diags.len(), 2, "{:#?}", parsed.diags);
        assert_eq!(parsed.dropped, ["title"]);
        let doc = parsed.partial.expect("a partial value");
        assert_eq!((doc.title, doc.weight), (None, Some(2)));
        let items: Vec<&str> = doc.items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(items, ["b"]);
    }

    #[test]
    fn a_syntax_error_is_reported_once_not_for_every_line_after_it() {
        let text = "title = [\nweight = 2\nreviewed = 2026-01-01\n";
        let parsed: Parsed<Doc> = parse("f.toml", text, 0, text.len());
        assert_eq!(parsed.diags.len(), 1, "{:#?}", parsed.diags);
        assert!(parsed.value.is_none() && parsed.partial.is_none());
    }
}
