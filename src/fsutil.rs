//! Reading user files into normalized text, `/`-separated paths, and content
//! fingerprints for file names.

use crate::diag::Diagnostic;
use std::path::Path;

/// Reads a user file as text. UTF-8 (with or without a byte-order mark) and UTF-16
/// with a byte-order mark are accepted; CRLF and lone CR become LF so that a file
/// builds exactly like its LF twin. Anything else is a diagnostic naming the file.
pub fn read_text(path: &Path, display: &str) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| cannot_read(e, display))?;
    text_of(bytes, display)
}

/// A file's size and modification time (to the nanosecond): what the load cache
/// (`analyze::saved`) trusts to say a file did not change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    pub len: u64,
    pub secs: i64,
    pub nanos: u32,
}

impl FileStamp {
    fn of(meta: &std::fs::Metadata) -> Option<FileStamp> {
        let mtime = meta.modified().ok()?;
        let (secs, nanos) = match mtime.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => (i64::try_from(d.as_secs()).ok()?, d.subsec_nanos()),
            Err(before) => (
                -i64::try_from(before.duration().as_secs()).ok()?,
                before.duration().subsec_nanos(),
            ),
        };
        Some(FileStamp {
            len: meta.len(),
            secs,
            nanos,
        })
    }
}

/// [`read_text`], with the file's stamp when it did not change while it was read
/// (the same before and after; `None` otherwise, or when the system has no mtime).
pub fn read_text_stamped(
    path: &Path,
    display: &str,
) -> Result<(String, Option<FileStamp>), Diagnostic> {
    use std::io::Read;
    let read = || -> std::io::Result<(Vec<u8>, Option<FileStamp>)> {
        let mut file = std::fs::File::open(path)?;
        let before = file.metadata()?;
        let mut bytes = Vec::with_capacity(usize::try_from(before.len()).unwrap_or(0));
        file.read_to_end(&mut bytes)?;
        let after = FileStamp::of(&file.metadata()?);
        let stamp =
            FileStamp::of(&before).filter(|b| Some(*b) == after && b.len == bytes.len() as u64);
        Ok((bytes, stamp))
    };
    let (bytes, stamp) = read().map_err(|e| cannot_read(e, display))?;
    Ok((text_of(bytes, display)?, stamp))
}

fn cannot_read(e: std::io::Error, display: &str) -> Diagnostic {
    Diagnostic::error("io", format!("cannot read the file: {e}"))
        .in_file(display)
        .hint("check that the file exists and is readable")
}

/// Decodes the bytes of a whole file (see [`read_text`]).
fn text_of(bytes: Vec<u8>, display: &str) -> Result<String, Diagnostic> {
    // Plain UTF-8 without a byte-order mark (nearly every file) becomes the text
    // without a copy; UTF-16's marks are never valid UTF-8.
    let bytes = match String::from_utf8(bytes) {
        Ok(text) if !text.starts_with('\u{FEFF}') => return Ok(normalize_newlines(text)),
        Ok(text) => text.into_bytes(),
        Err(e) => e.into_bytes(),
    };
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

/// Turns a path relative to some base into `/`-separated form.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
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
}
