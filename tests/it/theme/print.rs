//! Printing from the dark scheme: paper is white, so the text must be dark. Chromium
//! emulates print media with `prefers-color-scheme: dark`, and every text of the page
//! must reach 4.5:1 against a white-ish background.

use crate::search::browser::{chrome, eval, serve, wait_for};
use crate::support::TestSite;
use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Emulation;
use serde_json::json;

/// Emulates printing by a reader whose system is in the dark scheme.
fn print_in_dark(tab: &Tab) {
    let media: Emulation::SetEmulatedMedia = serde_json::from_value(json!({
        "media": "print",
        "features": [{ "name": "prefers-color-scheme", "value": "dark" }]
    }))
    .expect("media");
    tab.call_method(media).expect("emulate print");
}

/// For each visible text element of the page: its contrast with the (composited)
/// background behind it, and that background's luminance.
const TEXT_CONTRASTS: &str = r#"(() => {
  const parse = s => {
    const m = s.match(/^(rgba?|color)\((?:srgb )?([^)]*)\)$/);
    if (!m) throw new Error('cannot read the colour ' + s);
    const p = m[2].split(/[\s,\/]+/).filter(Boolean).map(Number);
    const scale = m[1] === 'color' ? 1 : 255;
    return [p[0] / scale, p[1] / scale, p[2] / scale, p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const behind = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] === 1) break;
    }
    return layers.reverse().reduce((under, top) => over(top, under), [1, 1, 1, 1]);
  };
  const lum = c => [0, 1, 2].map(i => c[i] <= 0.04045 ? c[i] / 12.92 : ((c[i] + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const texts = [...document.querySelectorAll('main p, main li, main td, main th, main h1, main h2, main pre.code, main .callout-title, main .badge')]
    .filter(e => e.getClientRects().length && e.textContent.trim());
  return texts.map(e => {
    const bg = behind(e), fg = over(parse(getComputedStyle(e).color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    return {
      text: e.tagName + '.' + e.className + ': ' + e.textContent.trim().slice(0, 40),
      ratio: Math.round((hi + 0.05) / (lo + 0.05) * 100) / 100,
      background: Math.round(lum(bg) * 100) / 100,
    };
  });
})()"#;

#[test]
fn printing_from_the_dark_scheme_gives_dark_text_on_white() {
    let Some(chrome) = chrome() else { return };
    let site = TestSite::bundled();
    site.build_ok();
    let server = serve(&site.out());
    let tab = chrome.browser.new_tab().expect("tab");
    print_in_dark(&tab);
    // A guide page with callouts and code, a catalog page with badges and tables.
    let pages = [
        "guide/escalation-policies/index.html",
        "guide/using-this-handbook/index.html",
        "services/checkout-api/index.html",
    ];
    let mut checked = 0;
    let mut bad = Vec::new();
    for page in pages {
        tab.navigate_to(&format!("http://127.0.0.1:{}/{page}", server.port))
            .expect("navigate")
            .wait_until_navigated()
            .expect("load");
        wait_for(&tab, "document.readyState === 'complete'");
        let texts = eval(&tab, TEXT_CONTRASTS);
        let texts = texts.as_array().cloned().unwrap_or_default();
        assert!(texts.len() > 10, "{page} shows text");
        checked += texts.len();
        bad.extend(
            texts
                .into_iter()
                .filter(|t| {
                    t["ratio"].as_f64().is_none_or(|r| r < 4.5)
                        || t["background"].as_f64().is_none_or(|b| b < 0.7)
                })
                .map(|t| format!("{page}: {t}")),
        );
    }
    assert!(
        bad.is_empty(),
        "text that prints light or on a dark ground ({checked} checked): {bad:#?}"
    );
}
