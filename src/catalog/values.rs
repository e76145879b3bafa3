//! Validation of single values from catalog files: ids, URLs (only http(s), mailto and
//! relative links survive; anything else is refused before it can reach a page),
//! dates, local times and time zones, and the CODEOWNERS handles and path patterns
//! of `code_owner` and `paths`.

use super::model::{Href, LocalTime};
use crate::url::normalize_rel;
use toml::value::Datetime;

/// A problem with a value: rule code, message and hint.
pub type Problem = (&'static str, String, String);

fn problem(code: &'static str, msg: String, hint: &str) -> Problem {
    (code, msg, hint.to_string())
}

/// Ids are lowercase letters, digits and `-`, starting with a letter or digit.
///
/// ```
/// use ownbook::catalog::values::is_valid_id;
/// assert!(is_valid_id("checkout-api"));
/// assert!(!is_valid_id("Checkout_API"));
/// assert!(!is_valid_id("-x"));
/// ```
pub fn is_valid_id(id: &str) -> bool {
    id.chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The scheme of `url` after removing whitespace and control characters, which
/// browsers ignore (`java\tscript:` is `javascript:`).
fn scheme(url: &str) -> Option<String> {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let end = squeezed.find([':', '/', '?', '#'])?;
    if squeezed[end..].starts_with(':') {
        Some(squeezed[..end].to_ascii_lowercase())
    } else {
        None
    }
}

/// What kind of URL field is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    Link,
    /// `chat`: a URL, or a channel name shown as text (`#team-checkout`).
    Chat,
}

/// Classifies a URL written in a catalog file in folder `dir` (relative to
/// `content/`). `Ok(None)` means plain text (a chat channel name).
pub fn parse_url(text: &str, dir: &str, kind: UrlKind) -> Result<Option<Href>, Problem> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(problem(
            "invalid-value",
            "the URL is empty".into(),
            "write a URL or remove the key",
        ));
    }
    if let Some(s) = scheme(trimmed) {
        return match s.as_str() {
            "http" | "https" | "mailto" if !trimmed.chars().any(char::is_control) => {
                Ok(Some(Href::External(trimmed.to_string())))
            }
            _ => Err(problem(
                "unsafe-url",
                format!("`{trimmed}` is not an http(s), mailto or relative URL"),
                "write an https:// URL, a mailto: address or a path relative to this file",
            )),
        };
    }
    if trimmed.starts_with("//") || trimmed.starts_with('\\') {
        return Err(problem(
            "unsafe-url",
            format!("`{trimmed}` is a URL without a scheme"),
            "write the full URL with https://",
        ));
    }
    let (path, fragment) = match trimmed.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (trimmed, None),
    };
    if kind == UrlKind::Chat && !path.contains('/') && !path.ends_with(".md") {
        return Ok(None);
    }
    if path.is_empty() {
        return Err(problem(
            "invalid-value",
            format!("`{trimmed}` links to nothing but an anchor"),
            "write a URL or a path relative to this file, e.g. ../guide/ownership-functions.md#runbooks",
        ));
    }
    let joined = match path.strip_prefix('/') {
        Some(rooted) => rooted.to_string(),
        None => format!("{dir}{path}"),
    };
    let target = normalize_rel(&joined).ok_or_else(|| {
        problem(
            "broken-link",
            format!("`{trimmed}` leaves the content folder"),
            "relative links start from this file's folder; remove a `../`",
        )
    })?;
    Ok(Some(Href::Internal {
        written: trimmed.to_string(),
        target,
        fragment,
    }))
}

/// A plain e-mail address (rendered as a mailto: link).
pub fn check_email(text: &str) -> Result<String, Problem> {
    let t = text.trim();
    let ok = t
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !host.contains('@'))
        && !t
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"':;,".contains(c));
    if ok {
        Ok(t.to_string())
    } else {
        Err(problem(
            "invalid-value",
            format!("`{t}` is not an e-mail address"),
            "write it like team@example.com (without mailto:)",
        ))
    }
}

/// A TOML date without a time: `YYYY-MM-DD`.
pub fn date_only(d: &Datetime) -> Result<String, Problem> {
    match (&d.date, &d.time, &d.offset) {
        (Some(date), None, None) => Ok(format!(
            "{:04}-{:02}-{:02}",
            date.year, date.month, date.day
        )),
        _ => Err(problem(
            "invalid-value",
            format!("`{d}` is not a plain date"),
            "write a date without quotes or time, like 2026-10-02",
        )),
    }
}

/// A TOML local date-time (a date alone means midnight); an offset is refused because
/// the time is read in the rotation's own time zone.
pub fn local_time(d: &Datetime) -> Result<LocalTime, Problem> {
    let bad = || {
        problem(
            "invalid-value",
            format!("`{d}` is not a local date and time"),
            "write it like 2026-01-05T09:00:00, without an offset: the time zone is `time_zone`",
        )
    };
    if d.offset.is_some() {
        return Err(bad());
    }
    let date = d.date.ok_or_else(bad)?;
    let (hour, minute) = d.time.map_or((0, 0), |t| (t.hour, t.minute));
    // Seconds are not kept: rotations hand off on the minute.
    LocalTime::new(
        i16::try_from(date.year).map_err(|_| bad())?,
        i8::try_from(date.month).map_err(|_| bad())?,
        i8::try_from(date.day).map_err(|_| bad())?,
        i8::try_from(hour).map_err(|_| bad())?,
        i8::try_from(minute).map_err(|_| bad())?,
        0,
        0,
    )
    .map_err(|_| bad())
}

/// Whether `name` is an IANA time zone known to the bundled database.
pub fn is_known_time_zone(name: &str) -> bool {
    jiff::tz::db().get(name).is_ok()
}

/// A percentage objective: more than 0, at most 100.
pub fn check_objective(value: f64) -> Result<f64, Problem> {
    if value > 0.0 && value <= 100.0 {
        Ok(value)
    } else {
        Err(problem(
            "invalid-value",
            format!("objective {value} is not a percentage between 0 and 100"),
            "write the target as a percentage, e.g. 99.9",
        ))
    }
}

/// A team's `code_owner`: a handle as CODEOWNERS names owners.
pub fn check_code_owner(text: &str) -> Result<String, Problem> {
    let t = text.trim();
    if crate::codeowners::is_handle(t) {
        Ok(t.to_string())
    } else {
        Err(problem(
            "invalid-value",
            format!("`{t}` is not a CODEOWNERS owner"),
            "write a team as @org/team (GitLab: @group/subgroup), a user as @user, or an e-mail address",
        ))
    }
}

/// One of a service's `paths`: a CODEOWNERS pattern relative to the repository root.
pub fn check_code_path(text: &str) -> Result<String, Problem> {
    let t = text.trim();
    let why = if t.is_empty() || t == "/" {
        Some("an empty path owns nothing".to_string())
    } else if t.starts_with('!') || t.starts_with('#') {
        Some(format!(
            "`{t}` starts with `{}`, which CODEOWNERS does not read as a path",
            &t[..1]
        ))
    } else if t.contains('\\')
        || t.chars()
            .any(|c| c.is_control() || (c.is_whitespace() && c != ' '))
    {
        Some(format!("`{t}` holds a backslash or a tab or line break"))
    } else if t.split('/').any(|part| part == "..") {
        Some(format!("`{t}` leaves the repository"))
    } else {
        crate::codeowners::Pattern::new(t)
            .err()
            .map(|e| format!("`{t}` is not a pattern ({e})"))
    };
    match why {
        None => Ok(t.to_string()),
        Some(msg) => Err(problem(
            "invalid-value",
            msg,
            "write a path relative to the repository root with `/`, e.g. \"services/checkout/**\"",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_safe_schemes_pass() {
        assert!(matches!(
            parse_url("https://x.example", "services/", UrlKind::Link),
            Ok(Some(Href::External(_)))
        ));
        for bad in [
            "javascript:alert(1)",
            " JAVASCRIPT:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "//evil.example",
        ] {
            let r = parse_url(bad, "services/", UrlKind::Link);
            assert!(matches!(r, Err(("unsafe-url", _, _))), "{bad}: {r:?}");
        }
    }

    #[test]
    fn relative_links_resolve_against_the_file() {
        let r = parse_url("../guide/x.md#runbooks", "services/", UrlKind::Link);
        assert_eq!(
            r.ok().flatten(),
            Some(Href::Internal {
                written: "../guide/x.md#runbooks".into(),
                target: "guide/x.md".into(),
                fragment: Some("runbooks".into())
            })
        );
        assert!(parse_url("../../x.md", "services/", UrlKind::Link).is_err());
    }

    #[test]
    fn chat_channel_names_are_text() {
        assert_eq!(parse_url("#team", "teams/", UrlKind::Chat).ok(), Some(None));
    }

    #[test]
    fn emails() {
        assert!(check_email("a@b.example").is_ok());
        assert!(check_email("javascript:x@y.z").is_err());
        assert!(check_email("nobody").is_err());
    }

    #[test]
    fn code_owners_and_paths() {
        assert!(check_code_owner("@brightwater/checkout").is_ok());
        assert!(check_code_owner("checkout").is_err());
        assert!(check_code_path("services/checkout/**").is_ok());
        assert!(check_code_path("docs/with space/").is_ok());
        for bad in ["", "!x", "../x", "a\\b", "a\tb"] {
            assert!(check_code_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn time_zones() {
        assert!(is_known_time_zone("Europe/Berlin"));
        assert!(is_known_time_zone("UTC"));
        assert!(!is_known_time_zone("Europe/Berln"));
    }
}
