//! Small helpers shared by every stage: reading user files into normalized text,
//! slugs, and relative URLs between output files.

use crate::diag::Diagnostic;
use std::path::Path;

/// Reads a user file as text. UTF-8 (with or without a byte-order mark) and UTF-16
/// with a byte-order mark are accepted; CRLF and lone CR become LF so that a file
/// builds exactly like its LF twin. Anything else is a diagnostic naming the file.
pub fn read_text(path: &Path, display: &str) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error("io", format!("cannot read the file: {e}"))
            .in_file(display)
            .hint("check that the file exists and is readable")
    })?;
    decode(&bytes, display)
}

/// Decodes bytes read from `display` into normalized text. See [`read_text`].
pub fn decode(bytes: &[u8], display: &str) -> Result<String, Diagnostic> {
    let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        utf8(rest, display)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, display, u16::from_le_bytes)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, display, u16::from_be_bytes)?
    } else {
        utf8(bytes, display)?
    };
    Ok(normalize_newlines(text))
}

fn utf8(bytes: &[u8], display: &str) -> Result<String, Diagnostic> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            // Safe: `valid_up_to` marks the end of the valid prefix.
            let prefix = String::from_utf8_lossy(valid);
            let line = prefix.matches('\n').count() + 1;
            let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let mut d = Diagnostic::error(
                "encoding",
                format!(
                    "the file is not valid UTF-8 (invalid byte at offset {})",
                    e.valid_up_to()
                ),
            )
            .in_file(display)
            .hint("save the file as UTF-8 in your editor");
            d.line = line;
            d.column = column;
            Err(d)
        }
    }
}

fn utf16(bytes: &[u8], display: &str, word: fn([u8; 2]) -> u16) -> Result<String, Diagnostic> {
    let bad = || {
        Diagnostic::error(
            "encoding",
            "the file starts with a UTF-16 byte-order mark but is not valid UTF-16",
        )
        .in_file(display)
        .hint("save the file as UTF-8 in your editor")
    };
    if !bytes.len().is_multiple_of(2) {
        return Err(bad());
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| word([c[0], c[1]])).collect();
    String::from_utf16(&units).map_err(|_| bad())
}

/// Turns CRLF and lone CR into LF.
pub fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// A URL- and id-friendly slug: lowercase letters and digits (any script) kept,
/// whitespace, `-` and `_` become `-`, other punctuation dropped, dashes collapsed.
///
/// ```
/// assert_eq!(ownbook::fsutil::slugify("What's a Service?"), "whats-a-service");
/// assert_eq!(ownbook::fsutil::slugify("Tier 1: critical"), "tier-1-critical");
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

/// The relative URL from an HTML file in folder `from_dir` to the output path `to`
/// (both relative to the site root, `/`-separated; folders end with `/`).
/// A folder target gets `index.html` appended so that links also work from disk.
///
/// ```
/// use ownbook::fsutil::relative_url;
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

/// Turns a path relative to some base into `/`-separated form.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
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

/// A short content hash used to fingerprint file names: the same bytes always get
/// the same name from the same ownbook. foldhash reads 16 bytes per step; the
/// search index fingerprints 30 MB of files on a large handbook.
pub fn fingerprint(bytes: &[u8]) -> String {
    use std::hash::BuildHasher;
    let hash = foldhash::quality::FixedState::with_seed(0).hash_one(bytes);
    format!("{:08x}", (hash >> 32) as u32 ^ hash as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_bom_build_like_lf() {
        let lf = decode(b"+++\ntitle = \"a\"\n+++\nbody\n", "x").ok();
        let crlf = decode(b"\xEF\xBB\xBF+++\r\ntitle = \"a\"\r\n+++\r\nbody\r\n", "x").ok();
        assert_eq!(lf, crlf);
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "hé\r\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes, "x").ok().as_deref(), Some("hé\n"));
    }

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let err = decode(b"ok\nab\xFFc", "p.md").err();
        let err = err.map(|d| (d.file, d.line, d.column));
        assert_eq!(err, Some((Some("p.md".to_string()), 2, 3)));
    }

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
}
