//! What the Chromium tests of several features share: opening a page, emulating the
//! reader's colour scheme or a print, and measuring text contrast from computed styles.
//! (Launching Chromium, `eval`, `wait_for` and the test server are in `search::browser`.)

use crate::search::browser::wait_for;
use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Emulation;
use serde_json::json;

/// Opens `url` and waits for the page (and its deferred scripts) to load.
pub fn open(tab: &Tab, url: &str) {
    tab.navigate_to(url)
        .expect("navigate")
        .wait_until_navigated()
        .expect("load");
    wait_for(tab, "document.readyState === 'complete'");
}

/// Emulates the reader's colour scheme (`light` or `dark`) on screen, or on paper with
/// `media` = `Some("print")`.
pub fn emulate(tab: &Tab, media: Option<&str>, scheme: &str) {
    let media: Emulation::SetEmulatedMedia = serde_json::from_value(json!({
        "media": media.unwrap_or(""),
        "features": [{ "name": "prefers-color-scheme", "value": scheme }]
    }))
    .expect("media");
    tab.call_method(media).expect("emulate media");
}

/// Emulates the reader's colour scheme (`light` or `dark`) on screen.
pub fn scheme(tab: &Tab, scheme: &str) {
    emulate(tab, None, scheme);
}

/// A script that returns, for each visible element matching `selector` with text, its
/// text, its contrast ratio with what is behind it and that background's luminance,
/// from the computed styles: the background is composited from the element up to the
/// first opaque one (badges have translucent fills).
pub fn contrasts_script(selector: &str) -> String {
    format!(
        r#"(() => {{
  const parse = s => {{
    const m = s.match(/^(rgba?|color)\((?:srgb )?([^)]*)\)$/);
    if (!m) throw new Error('cannot read the colour ' + s);
    const p = m[2].split(/[\s,\/]+/).filter(Boolean).map(Number);
    const scale = m[1] === 'color' ? 1 : 255;
    return [p[0] / scale, p[1] / scale, p[2] / scale, p.length > 3 ? p[3] : 1];
  }};
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const behind = el => {{
    const layers = [];
    for (let e = el; e; e = e.parentElement) {{
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] === 1) break;
    }}
    return layers.reverse().reduce((under, top) => over(top, under), [1, 1, 1, 1]);
  }};
  const lum = c => [0, 1, 2].map(i => c[i] <= 0.04045 ? c[i] / 12.92 : ((c[i] + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const parts = [...document.querySelectorAll({selector:?})]
    .filter(e => e.getClientRects().length && e.textContent.trim());
  return parts.map(e => {{
    const bg = behind(e), fg = over(parse(getComputedStyle(e).color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    return {{
      text: e.className + ': ' + e.textContent.trim().slice(0, 60),
      ratio: Math.round((hi + 0.05) / (lo + 0.05) * 100) / 100,
      background: Math.round(lum(bg) * 100) / 100,
    }};
  }});
}})()"#
    )
}
