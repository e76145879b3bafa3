//! URLs between output files, relative paths inside the handbook, and the checks every
//! link from a user's file goes through (schemes, percent-encoding).

/// The relative URL from an HTML file in folder `from_dir` to the output path `to`
/// (both relative to the site root, `/`-separated; folders end with `/`).
/// A folder target gets `index.html` appended so that links also work from disk.
///
/// ```
/// use ownbook::url::relative_url;
/// assert_eq!(relative_url("guide/a/", "guide/b/"), "../b/index.html");
/// assert_eq!(relative_url("", "guide/"), "guide/index.html");
/// assert_eq!(relative_url("guide/a/", "style.css"), "../../style.css");
/// ```
pub fn relative_url(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let to_dirs = &to_parts[..to_parts.len() - 1];
    let common = from
        .iter()
        .zip(to_dirs.iter())
        .take_while(|(a, b)| a == b)
        .count();
    let mut url = "../".repeat(from.len() - common);
    for part in &to_parts[common..] {
        url.push_str(part);
        url.push('/');
    }
    url.pop();
    if to.is_empty() || to.ends_with('/') {
        url.push_str("index.html");
    }
    url
}

/// The path from a folder to the site root: `"guide/a/"` gives `"../../"`.
pub fn root_of(dir: &str) -> String {
    "../".repeat(dir.split('/').filter(|s| !s.is_empty()).count())
}

/// Resolves `..` and `.` in a `/`-separated relative path. `None` when it climbs above
/// the base.
pub fn normalize_rel(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Schemes that run code or smuggle content; refused everywhere.
pub fn is_dangerous_url(url: &str) -> bool {
    let lower: String = url
        .trim_start()
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    lower.starts_with("javascript:")
        || lower.starts_with("vbscript:")
        || lower.starts_with("data:text/html")
}

/// The scheme of a URL (`https`, `service`), if it has one.
pub fn scheme(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let s = &url[..colon];
    let mut chars = s.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)))
        .then_some(s)
}

/// Decodes `%XX` escapes in a URL path (invalid UTF-8 is replaced).
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(h) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(h);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes the characters of a path that are not safe in a URL.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls() {
        assert_eq!(relative_url("", ""), "index.html");
        assert_eq!(relative_url("a/", "a/"), "index.html");
        assert_eq!(relative_url("a/b/", "a/"), "../index.html");
        assert_eq!(relative_url("a/b/", "c/d.png"), "../../c/d.png");
        assert_eq!(root_of(""), "");
        assert_eq!(root_of("a/b/"), "../../");
    }

    #[test]
    fn normalize_refuses_to_climb_out() {
        assert_eq!(normalize_rel("a/../b/./c").as_deref(), Some("b/c"));
        assert_eq!(normalize_rel("../x"), None);
    }

    #[test]
    fn dangerous_urls_are_caught_in_disguise() {
        assert!(is_dangerous_url("javascript:alert(1)"));
        assert!(is_dangerous_url(" JavaScript:alert(1)"));
        assert!(is_dangerous_url("java\tscript:alert(1)"));
        assert!(!is_dangerous_url("https://example.com"));
    }

    #[test]
    fn schemes() {
        assert_eq!(scheme("service:checkout"), Some("service"));
        assert_eq!(scheme("../a.md"), None);
        assert_eq!(scheme("a b:c"), None);
    }

    #[test]
    fn paths_round_trip() {
        assert_eq!(encode_path("img/a b.png"), "img/a%20b.png");
        assert_eq!(percent_decode("a%20b.png"), "a b.png");
    }
}
