//! Callouts, tabs and diagrams in a real headless Chromium, over HTTP: folds open and
//! close, tabs follow the keyboard and switch together, mermaid draws an SVG in light
//! and dark with no request leaving the site, and a page without a diagram loads no
//! diagram code. Screenshots of each (desktop and phone, light and dark) go to
//! target/screenshots/ for the README gallery.
//!
//! Skipped without a `chromium` binary, unless `CI` is set (see `browser_kit`).

use super::{CALLOUT_TYPES, callouts_page, features_site};
use crate::browser_kit::{chrome, eval, serve, wait_for};
use crate::browser_kit::{open, scheme};
use crate::support::{TestSite, repo_root};
use headless_chrome::Tab;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Network, Page};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

/// Emulates a window `width` wide (a phone at 390).
fn viewport(tab: &Tab, width: u32) {
    let phone = width < 600;
    let metrics: Emulation::SetDeviceMetricsOverride = serde_json::from_value(json!({
        "width": width, "height": if phone { 844 } else { 900 },
        "deviceScaleFactor": 1, "mobile": phone
    }))
    .expect("metrics");
    tab.call_method(metrics).expect("emulate viewport");
}

/// Records the URL of every request the tab makes from now on.
fn record_requests(tab: &Tab) -> Arc<Mutex<Vec<String>>> {
    let enable: Network::Enable = serde_json::from_value(json!({})).expect("enable");
    tab.call_method(enable).expect("network");
    let urls = Arc::new(Mutex::new(Vec::new()));
    let sink = urls.clone();
    tab.add_event_listener(Arc::new(move |event: &Event| {
        if let Event::NetworkRequestWillBeSent(e) = event
            && let Ok(mut urls) = sink.lock()
        {
            urls.push(e.params.request.url.clone());
        }
    }))
    .expect("listener");
    urls
}

fn taken(urls: &Arc<Mutex<Vec<String>>>) -> Vec<String> {
    urls.lock()
        .map(|mut u| std::mem::take(&mut *u))
        .unwrap_or_default()
}

/// Saves the viewport, scrolled to the first `selector`, as target/screenshots/NAME.png.
fn screenshot(tab: &Tab, selector: &str, name: &str) {
    eval(
        tab,
        // Below the sticky header, with a little room above.
        &format!(
            "(() => {{ const header = document.querySelector('.site-header'); const above = (header ? header.getBoundingClientRect().height : 0) + 24; window.scrollTo(0, document.querySelector({selector:?}).getBoundingClientRect().top + window.scrollY - above); return true; }})()"
        ),
    );
    let png = tab
        .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
        .expect("screenshot");
    let dir = repo_root().join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshots dir");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
}

#[test]
fn folded_callouts_open_and_close_and_every_type_reads_at_4_5_to_1() {
    let Some(chrome) = chrome() else { return };
    let site = features_site();
    site.build_ok();
    let server = serve(&site.out());
    let tab = chrome.browser.new_tab().expect("tab");
    open(
        &tab,
        &format!("http://127.0.0.1:{}/guide/callouts/", server.port),
    );
    let closed = "document.querySelector('details.callout-tip')";
    let body_shown = format!("{closed}.querySelector('p:not(.callout-title)').checkVisibility()");
    assert_eq!(eval(&tab, &format!("{closed}.open")), json!(false));
    assert_eq!(eval(&tab, &body_shown), json!(false));
    // The summary is the fold's button: click, then Enter from the keyboard.
    eval(
        &tab,
        &format!("{closed}.querySelector('summary').click(), true"),
    );
    assert_eq!(eval(&tab, &body_shown), json!(true));
    eval(
        &tab,
        &format!("{closed}.querySelector('summary').focus(), true"),
    );
    tab.press_key("Enter").expect("enter");
    wait_for(&tab, &format!("!{closed}.open"));
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('details.callout-caution').open"
        ),
        json!(true)
    );
    for dark in [false, true] {
        scheme(&tab, if dark { "dark" } else { "light" });
        let looks = eval(&tab, LOOKS);
        let looks = looks.as_array().expect("looks");
        assert_eq!(looks.len(), CALLOUT_TYPES.len());
        let mut colours = std::collections::HashSet::new();
        for look in looks {
            let name = look["name"].as_str().unwrap_or("");
            assert!(
                look["icon"]
                    .as_str()
                    .is_some_and(|i| i.starts_with("url(\"data:image/svg+xml")),
                "{name}: an inline SVG icon, no request: {look}"
            );
            for key in ["title_contrast", "body_contrast"] {
                let ratio = look[key].as_f64().unwrap_or(0.0);
                assert!(ratio >= 4.5, "{name} (dark: {dark}): {key} {ratio:.2}");
            }
            colours.insert(look["colour"].as_str().unwrap_or("").to_string());
        }
        assert_eq!(colours.len(), CALLOUT_TYPES.len(), "a colour per type");
    }
}

/// WCAG 2 contrast in the page's JavaScript: `ratio(colour, colour)` of two computed
/// `rgb()` colours.
macro_rules! contrast_fns {
    () => {
        r#"
  const rgb = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => { const [r, g, b] = rgb(c).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
"#
    };
}
const CONTRAST_FNS: &str = contrast_fns!();

/// Per callout type: its icon, its title colour and the contrast of its title and
/// body text with what is behind them (WCAG 2 relative luminance).
const LOOKS: &str = concat!(
    "(() => {",
    contrast_fns!(),
    r#"
  const seen = new Set();
  return [...document.querySelectorAll('.content > div.callout')].filter((c) => { const k = c.classList[1]; if (seen.has(k)) return false; seen.add(k); return true; }).map((c) => {
    const title = c.querySelector('.callout-title');
    const body = c.querySelector('p:not(.callout-title)');
    const ts = getComputedStyle(title);
    return {
      name: c.classList[1],
      icon: getComputedStyle(title, '::before').maskImage || getComputedStyle(title, '::before').webkitMaskImage,
      colour: ts.color,
      title_contrast: ratio(ts.color, ts.backgroundColor),
      body_contrast: ratio(getComputedStyle(body).color, getComputedStyle(c).backgroundColor),
    };
  });
})()"#
);

/// The state of every tab on the page: [group][tab] = (label, selected, tabindex,
/// panel hidden).
fn tab_state(tab: &Tab) -> Value {
    eval(
        tab,
        "[...document.querySelectorAll('.tabs')].map(g => [...g.querySelectorAll('[role=tab]')].map(t => [t.textContent, t.getAttribute('aria-selected'), t.tabIndex, document.getElementById(t.getAttribute('aria-controls')).hidden]))",
    )
}

fn selected(tab: &Tab) -> Vec<String> {
    let state = tab_state(tab);
    state
        .as_array()
        .into_iter()
        .flatten()
        .map(|group| {
            let tabs = group.as_array().cloned().unwrap_or_default();
            let on: Vec<&Value> = tabs.iter().filter(|t| t[1] == "true").collect();
            assert_eq!(on.len(), 1, "one selected tab per group: {group}");
            let t = on[0];
            assert_eq!(
                t[2], 0,
                "the selected tab is the one in the tab order: {group}"
            );
            assert_eq!(t[3], false, "its panel shows: {group}");
            for other in tabs.iter().filter(|o| o[1] != "true") {
                assert_eq!(
                    (other[2].clone(), other[3].clone()),
                    (json!(-1), json!(true))
                );
            }
            t[0].as_str().unwrap_or("").to_string()
        })
        .collect()
}

fn focused(tab: &Tab) -> Value {
    eval(tab, "document.activeElement.textContent")
}

#[test]
fn tabs_follow_the_keyboard_and_tabs_with_the_same_label_switch_together() {
    let Some(chrome) = chrome() else { return };
    let site = features_site();
    site.build_ok();
    let server = serve(&site.out());
    let tab = chrome.browser.new_tab().expect("tab");
    open(
        &tab,
        &format!("http://127.0.0.1:{}/guide/tabs/", server.port),
    );
    wait_for(&tab, "document.querySelectorAll('.tabs-on').length === 2");
    assert_eq!(
        eval(
            &tab,
            "[...document.querySelectorAll('.tab-panel')].every(p => p.getAttribute('role') === 'tabpanel' && document.getElementById(p.getAttribute('aria-labelledby')).getAttribute('aria-controls') === p.id)"
        ),
        json!(true)
    );
    assert_eq!(selected(&tab), vec!["macOS", "macOS"]);
    eval(
        &tab,
        "document.querySelector('.tabs [role=tab]').focus(), true",
    );
    tab.press_key("ArrowRight").expect("right");
    assert_eq!(focused(&tab), json!("Linux"));
    assert_eq!(
        selected(&tab),
        vec!["Linux", "Linux"],
        "the other group follows"
    );
    tab.press_key("End").expect("end");
    assert_eq!(focused(&tab), json!("Windows"));
    assert_eq!(
        selected(&tab),
        vec!["Windows", "Linux"],
        "a label the second group lacks leaves it as it was"
    );
    tab.press_key("ArrowRight").expect("wrap");
    assert_eq!(focused(&tab), json!("macOS"));
    tab.press_key("ArrowLeft").expect("left");
    assert_eq!(focused(&tab), json!("Windows"));
    tab.press_key("Home").expect("home");
    assert_eq!(selected(&tab), vec!["macOS", "macOS"]);
    // Tab moves out of the tab list, to the panel, not to the next tab.
    tab.press_key("Tab").expect("tab");
    assert_eq!(
        eval(&tab, "document.activeElement.getAttribute('role')"),
        json!("tabpanel")
    );
    // A click in the second group switches the first.
    eval(
        &tab,
        "[...document.querySelectorAll('.tabs')][1].querySelectorAll('[role=tab]')[1].click(), true",
    );
    assert_eq!(selected(&tab), vec!["Linux", "Linux"]);
    // A link to a heading inside a hidden tab opens that tab.
    let tab = chrome.browser.new_tab().expect("tab");
    open(
        &tab,
        &format!("http://127.0.0.1:{}/guide/tabs/#debian", server.port),
    );
    wait_for(&tab, "document.querySelectorAll('.tabs-on').length === 2");
    assert_eq!(selected(&tab)[0], "Linux");
}

#[test]
fn mermaid_draws_in_light_and_dark_with_no_request_off_the_site() {
    let Some(chrome) = chrome() else { return };
    let site = features_site();
    site.build_ok();
    let server = serve(&site.out());
    let origin = format!("http://127.0.0.1:{}/", server.port);
    let tab = chrome.browser.new_tab().expect("tab");
    let requests = record_requests(&tab);
    scheme(&tab, "light");
    open(&tab, &format!("{origin}guide/diagram/"));
    let drawn = |scheme: &str| {
        wait_for(
            &tab,
            &format!(
                "document.querySelector('.diagram.rendered[data-scheme={scheme}] .diagram-svg svg')"
            ),
        );
        eval(
            &tab,
            "[document.querySelector('.diagram-svg svg').outerHTML, getComputedStyle(document.querySelector('.diagram-source')).display, [...document.querySelectorAll('.diagram-svg svg .nodeLabel')].map(n => n.textContent)]",
        )
    };
    let label_contrast = || {
        eval(
            &tab,
            &format!("(() => {{ {CONTRAST_FNS} return Math.min(...[...document.querySelectorAll('.diagram-svg .edgeLabel p')].map(p => ratio(getComputedStyle(p).color, getComputedStyle(p).backgroundColor))); }})()"),
        )
        .as_f64()
        .unwrap_or(0.0)
    };
    let light = drawn("light");
    assert!(
        label_contrast() >= 4.5,
        "light labels: {}",
        label_contrast()
    );
    assert_eq!(light[1], "none", "the source hides once drawn");
    assert_eq!(
        light[2],
        json!(["Paged", "Acknowledged?", "Working on it", "Next level"])
    );
    // The reader switches to dark: the diagram is drawn again in dark colours.
    scheme(&tab, "dark");
    let dark = drawn("dark");
    assert!(label_contrast() >= 4.5, "dark labels: {}", label_contrast());
    assert_ne!(light[0], dark[0], "dark colours differ");
    let urls = taken(&requests);
    assert!(urls.iter().any(|u| u.contains("mermaid.min.")), "{urls:?}");
    let off_site: Vec<_> = urls
        .iter()
        .filter(|u| !u.starts_with(&origin) && !u.starts_with("data:"))
        .collect();
    assert!(off_site.is_empty(), "requests off the site: {off_site:?}");
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('body > [id^=downbook-diagram]').length"
        ),
        json!(0),
        "no stray drawing left in the body"
    );
    // A page without a diagram loads no diagram code.
    open(&tab, &format!("{origin}guide/plain/"));
    let urls = taken(&requests);
    assert!(
        !urls
            .iter()
            .any(|u| u.contains("mermaid") || u.contains("diagrams.")),
        "{urls:?}"
    );
    assert_eq!(eval(&tab, "typeof window.mermaid"), json!("undefined"));
}

#[test]
fn screenshots_of_callouts_a_diagram_and_tabs() {
    let Some(chrome) = chrome() else { return };
    let site = TestSite::bundled();
    site.write("content/guide/callout-types.md", &callouts_page());
    site.build_ok();
    let server = serve(&site.out());
    let base = format!("http://127.0.0.1:{}/", server.port);
    let tab = chrome.browser.new_tab().expect("tab");
    let shots = [
        ("callouts", "guide/callout-types/", "main h1"),
        ("diagram", "guide/escalation-policies/", ".diagram"),
        (
            "tabs",
            "onboarding/before-your-first-shift/",
            "#let-pages-through-silent-mode",
        ),
    ];
    for (width, device) in [(1280, "desktop"), (390, "phone")] {
        viewport(&tab, width);
        for colours in ["light", "dark"] {
            scheme(&tab, colours);
            for (what, page, selector) in shots {
                open(&tab, &format!("{base}{page}"));
                match what {
                    "diagram" => {
                        wait_for(
                            &tab,
                            &format!(
                                "document.querySelector('.diagram.rendered[data-scheme={colours}]')"
                            ),
                        );
                    }
                    "tabs" => {
                        wait_for(&tab, "document.querySelector('.tabs-on')");
                    }
                    _ => {}
                }
                screenshot(&tab, selector, &format!("md18-{what}-{device}-{colours}"));
            }
        }
    }
    let dir = repo_root().join("target/screenshots");
    for name in ["callouts", "diagram", "tabs"] {
        for device in ["desktop", "phone"] {
            for colours in ["light", "dark"] {
                let file = dir.join(format!("md18-{name}-{device}-{colours}.png"));
                let bytes = std::fs::read(&file).expect("screenshot written");
                assert!(bytes.starts_with(b"\x89PNG"), "{}", file.display());
            }
        }
    }
}
