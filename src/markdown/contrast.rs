//! Readable code colours: syntect's bundled themes use some token colours (comments,
//! keys) that are too faint on our code background for WCAG AA. Each foreground
//! colour of a generated stylesheet is darkened (light theme) or lightened (dark
//! theme) just enough to reach a 4.5:1 contrast ratio.

/// The minimum contrast ratio for normal text (WCAG 2.x AA), with a little margin.
const MIN_RATIO: f64 = 4.6;

/// Rewrites every `color: #rrggbb` in `css` (not `background-color`) so that it
/// reaches the minimum contrast against `background` (`#rrggbb`).
pub fn ensure_contrast(css: &str, background: &str) -> String {
    let Some(bg) = parse_hex(background) else {
        return css.to_string();
    };
    let dark_background = luminance(bg) < 0.5;
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("color:") {
        let is_background = rest[..i].ends_with("background-");
        out.push_str(&rest[..i + "color:".len()]);
        rest = &rest[i + "color:".len()..];
        let value = rest.trim_start();
        let skipped = rest.len() - value.len();
        let hex = value.get(..7).filter(|h| h.starts_with('#'));
        match hex.and_then(parse_hex) {
            Some(fg) if !is_background => {
                out.push_str(&rest[..skipped]);
                out.push_str(&to_hex(readable(fg, bg, dark_background)));
                rest = &value[7..];
            }
            _ => {}
        }
    }
    out.push_str(rest);
    out
}

fn readable(mut fg: [f64; 3], bg: [f64; 3], dark_background: bool) -> [f64; 3] {
    let target = if dark_background { 1.0 } else { 0.0 };
    for _ in 0..40 {
        if ratio(fg, bg) >= MIN_RATIO {
            break;
        }
        for c in &mut fg {
            *c += (target - *c) * 0.08;
        }
    }
    fg
}

fn parse_hex(hex: &str) -> Option<[f64; 3]> {
    let h = hex.strip_prefix('#')?;
    if h.len() != 6 || !h.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| {
        u8::from_str_radix(&h[i..i + 2], 16)
            .ok()
            .map(|v| f64::from(v) / 255.0)
    };
    Some([channel(0)?, channel(2)?, channel(4)?])
}

fn to_hex(c: [f64; 3]) -> String {
    let b = |v: f64| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("#{:02x}{:02x}{:02x}", b(c[0]), b(c[1]), b(c[2]))
}

fn luminance(c: [f64; 3]) -> f64 {
    let lin = |v: f64| {
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

fn ratio(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faint_colours_are_made_readable_and_backgrounds_kept() {
        let css = ".a { color: #b8b8b8; background-color: #ffffff; }\n.b { color:#000000; }";
        let out = ensure_contrast(css, "#f3f5f4");
        assert!(out.contains("background-color: #ffffff"), "{out}");
        assert!(
            out.contains("color:#000000"),
            "already readable colours stay: {out}"
        );
        let fixed = out
            .split("color: ")
            .nth(1)
            .and_then(|s| s.get(..7))
            .and_then(parse_hex);
        let bg = parse_hex("#f3f5f4");
        assert!(
            matches!((fixed, bg), (Some(f), Some(b)) if ratio(f, b) >= 4.5),
            "{out}"
        );
    }

    #[test]
    fn dark_backgrounds_lighten() {
        let out = ensure_contrast(".c { color: #65737e; }", "#1f2629");
        let fixed = out
            .split("color: ")
            .nth(1)
            .and_then(|s| s.get(..7))
            .and_then(parse_hex);
        let bg = parse_hex("#1f2629");
        assert!(
            matches!((fixed, bg), (Some(f), Some(b)) if ratio(f, b) >= 4.5 && luminance(f) > luminance(parse_hex("#65737e").unwrap_or([0.0; 3]))),
            "{out}"
        );
    }
}
