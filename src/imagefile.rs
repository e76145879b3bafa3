//! What a page needs to know about an image file without decoding it: its size in
//! pixels (from the header, or an SVG's `width`/`height` or `viewBox`), so that the
//! browser reserves its box before it loads, and whether it is large enough to slow
//! the page down.

use std::io::Read;
use std::path::Path;

/// Images larger than this (in bytes) get a warning: on a slow connection each
/// takes seconds, and a handbook's diagrams and screenshots rarely need to.
pub const LARGE_BYTES: u64 = 1_000_000;

/// The width and height of the image at `path` in CSS pixels, when its format says
/// them; `None` for anything else (a video, an SVG sized in `%`).
pub fn dimensions(path: &Path) -> Option<(u64, u64)> {
    let is_svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        return svg_dimensions(&read_start(path)?);
    }
    let size = imagesize::size(path).ok()?;
    let (w, h) = (
        u64::try_from(size.width).ok()?,
        u64::try_from(size.height).ok()?,
    );
    (w > 0 && h > 0).then_some((w, h))
}

/// The first bytes of a file, enough for the root element of any sensible SVG.
fn read_start(path: &Path) -> Option<String> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(64 * 1024)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// The size of an SVG from its root element: `width` and `height` in pixels, else
/// the `viewBox` (scaled to a given width or height).
///
/// ```
/// use ownbook::imagefile::svg_dimensions;
/// assert_eq!(svg_dimensions(r#"<svg width="120" height="80px">"#), Some((120, 80)));
/// assert_eq!(svg_dimensions(r#"<?xml?><svg viewBox="0 0 300 150" width="600">"#), Some((600, 300)));
/// assert_eq!(svg_dimensions(r#"<svg width="100%">"#), None);
/// ```
pub fn svg_dimensions(text: &str) -> Option<(u64, u64)> {
    let start = text.find("<svg")?;
    let tag = &text[start..];
    let tag = &tag[..tag.find('>')?];
    let width = attribute(tag, "width").and_then(pixels);
    let height = attribute(tag, "height").and_then(pixels);
    let view_box = attribute(tag, "viewBox").and_then(|v| {
        let n: Vec<f64> = v
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        match n[..] {
            [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w, h)),
            _ => None,
        }
    });
    let (w, h) = match (width, height, view_box) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some(v)) => v,
        _ => return None,
    };
    let round = |v: f64| (0.5..1e6).contains(&v).then(|| v.round() as u64);
    Some((round(w)?, round(h)?))
}

/// The value of attribute `name` in an opening tag's text.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + name.len()..].trim_start();
        rest = &rest[at + name.len()..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = &value[1..];
        return value.find(quote).map(|end| &value[..end]);
    }
    None
}

/// A length in pixels: a number, optionally with `px`.
fn pixels(value: &str) -> Option<f64> {
    let value = value.trim();
    let number = value.strip_suffix("px").unwrap_or(value).trim();
    number.parse::<f64>().ok().filter(|v| *v > 0.0)
}
