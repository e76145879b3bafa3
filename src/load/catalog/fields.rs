//! Reading single values of a catalog file: each problem is reported at the value's
//! own span with the severity `[rules]` gives it, and the value is dropped.

use super::raw::RawText;
use crate::catalog::model::*;
use crate::catalog::values::{self, Problem, UrlKind};
use crate::config::settings::{RULES, Settings};
use crate::diag::{Diagnostic, Severity};
use std::collections::BTreeMap;
use toml::Spanned;

/// Collects diagnostics for one file, applying the configured rule severities.
pub struct Reporter<'a> {
    pub settings: &'a Settings,
    pub diags: &'a mut Vec<Diagnostic>,
    /// Keys of the file being read that were left out for a TOML error already
    /// reported: they are not reported as missing too.
    pub dropped: Vec<String>,
    /// The handbook's language codes, the default first, which texts by language
    /// (`description.ja`) may use; `None` when a past revision is read for its scores
    /// only.
    pub languages: Option<Vec<String>>,
}

impl Reporter<'_> {
    /// Reports `problem` at `span` of `file`. Rules switched off are dropped.
    pub fn report(&mut self, file: &SourceFile, span: Span, (code, msg, hint): Problem) {
        let configurable = RULES.iter().any(|(n, _, _)| *n == code);
        let severity = if configurable {
            match self.settings.severity(code) {
                Some(s) => s,
                None => return,
            }
        } else {
            Severity::Error
        };
        self.diags
            .push(file.diag(severity, code, span, msg).hint(hint));
    }

    /// Reports a required key that the file lacks (at the file's first key).
    pub fn missing(&mut self, file: &SourceFile, head: Span, key: &str, example: &str) {
        if self.dropped.iter().any(|k| k == key) {
            return;
        }
        self.report(
            file,
            head,
            (
                "missing-field",
                format!("the required key `{key}` is missing"),
                format!("add a line like {example}"),
            ),
        );
    }
}

/// The span of the first key line, used for problems about the whole file.
pub fn head_span(text: &str) -> Span {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if !t.is_empty() && !t.starts_with('#') {
            let start = offset + (line.len() - t.len());
            let len = t.find([' ', '=', '\n']).unwrap_or(t.len()).max(1);
            return Span { start, len };
        }
        offset += line.len();
    }
    Span { start: 0, len: 1 }
}

pub fn span<T>(s: &Spanned<T>) -> Span {
    s.span().into()
}

/// A text value with its span, as the model keeps ids and references.
pub fn loc(s: Spanned<String>) -> Loc<String> {
    let span = s.span();
    Loc::new(s.into_inner(), span)
}

/// Reads a URL field; unsafe or malformed URLs are reported and dropped.
pub fn url_field(
    rep: &mut Reporter,
    file: &SourceFile,
    raw: Option<Spanned<String>>,
    kind: UrlKind,
) -> Option<UrlField> {
    let raw = raw?;
    let sp = span(&raw);
    match values::parse_url(raw.get_ref(), &file.dir, kind) {
        Ok(href) => Some(UrlField {
            href,
            text: raw.into_inner(),
            span: sp,
        }),
        Err(p) => {
            rep.report(file, sp, p);
            None
        }
    }
}

pub fn email_field(
    rep: &mut Reporter,
    file: &SourceFile,
    raw: Option<Spanned<String>>,
) -> Option<String> {
    let raw = raw?;
    values::check_email(raw.get_ref())
        .map_err(|p| rep.report(file, span(&raw), p))
        .ok()
}

pub fn date_field(
    rep: &mut Reporter,
    file: &SourceFile,
    raw: Option<Spanned<toml::value::Datetime>>,
) -> Option<Loc<String>> {
    let raw = raw?;
    match values::date_only(raw.get_ref()) {
        Ok(d) => Some(Loc::new(d, raw.span())),
        Err(p) => {
            rep.report(file, span(&raw), p);
            None
        }
    }
}

pub fn days_field(rep: &mut Reporter, file: &SourceFile, raw: Option<Spanned<i64>>) -> Option<u32> {
    let raw = raw?;
    match u32::try_from(*raw.get_ref()).ok().filter(|d| *d > 0) {
        Some(d) => Some(d),
        None => {
            rep.report(
                file,
                span(&raw),
                (
                    "invalid-value",
                    format!("{} is not a number of days", raw.get_ref()),
                    "write a whole number of days greater than 0, e.g. 180".into(),
                ),
            );
            None
        }
    }
}

/// A text that may be given by language (`description.en`, `description.ja`): the
/// default language's text and the others by code. A table lacking the default
/// language's text, or naming a language the handbook lacks, is reported.
pub fn text_by_language(
    rep: &mut Reporter,
    file: &SourceFile,
    raw: Spanned<RawText>,
    key: &str,
) -> (String, BTreeMap<String, String>) {
    let at = span(&raw);
    let mut by_code = match raw.into_inner() {
        RawText::Plain(text) => return (text, BTreeMap::new()),
        RawText::ByLanguage(by_code) => by_code,
    };
    let Some(codes) = rep.languages.clone() else {
        // Only scores are wanted: any text stands for the default language's.
        let any = by_code.into_values().next().unwrap_or_default();
        return (any, BTreeMap::new());
    };
    let default = codes.first().cloned().unwrap_or_default();
    let unknown: Vec<String> = by_code
        .keys()
        .filter(|c| !codes.contains(c))
        .cloned()
        .collect();
    for code in unknown {
        by_code.remove(&code);
        let problem = (
            "invalid-value",
            format!(
                "`{key}.{code}`: `{code}` is not a language of the handbook ({})",
                codes.join(", ")
            ),
            format!(
                "use one of those codes, or add the language to [languages] in ownbook.toml (e.g. [languages.{code}] with name = \"…\")"
            ),
        );
        rep.report(file, at, problem);
    }
    let text = by_code.remove(&default).unwrap_or_else(|| {
        let problem = (
            "invalid-value",
            format!(
                "`{key}` is given by language but not in `{default}`, the default language"
            ),
            format!(
                "add {key}.{default} = \"…\" (shown on the default language's pages and wherever no translation exists)"
            ),
        );
        rep.report(file, at, problem);
        String::new()
    });
    (text, by_code)
}

/// An optional `note`, which may be given by language like a description.
pub fn note_by_language(
    rep: &mut Reporter,
    file: &SourceFile,
    raw: Option<Spanned<RawText>>,
) -> (Option<String>, BTreeMap<String, String>) {
    match raw {
        Some(raw) => {
            let (text, variants) = text_by_language(rep, file, raw, "note");
            (Some(text), variants)
        }
        None => (None, BTreeMap::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_span_skips_comments() {
        let span = head_span("# a comment\n\nname = \"x\"\n");
        assert_eq!((span.start, span.len), (13, 4));
    }
}
