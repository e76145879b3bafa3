//! What a reader sees on a phone and on a desktop, in headless Chromium: the dependency
//! graph fits its box and zooms, the services table turns into cards on a phone, the
//! phone header stays one line and still searches, and code that scrolls says so.

use crate::browser_kit::{chrome, eval, serve, wait_for};
use crate::browser_kit::{open, scheme};
use crate::support::TestSite;
use headless_chrome::Tab;
use headless_chrome::protocol::cdp::{Emulation, Input};
use serde_json::{Value, json};

/// Emulates a window `width` × `height` CSS pixels.
pub fn screen(tab: &Tab, width: u32, height: u32) {
    let metrics: Emulation::SetDeviceMetricsOverride = serde_json::from_value(json!({
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false
    }))
    .expect("metrics");
    tab.call_method(metrics).expect("emulate screen");
}

/// Where the graph's drawing is, against its box, and the scale graph.js shows.
const GRAPH_STATE: &str = "(() => { const view = document.querySelector('.graph-view'), svg = view.querySelector('svg').getBoundingClientRect(), box = view.getBoundingClientRect(); return { svg: svg.width, box: view.clientWidth, inside: svg.left >= box.left - 0.5 && svg.right <= box.left + view.clientWidth + 0.5, scale: Number(document.querySelector('[data-graph]').dataset.scale), overflows: view.scrollWidth > view.clientWidth + 1 }; })()";

#[test]
fn the_dependency_graph_fits_its_box_zooms_and_fits_again() {
    let Some(chrome) = chrome() else { return };
    let site = TestSite::bundled();
    site.build_ok();
    let server = serve(&site.out());
    let url = format!("http://127.0.0.1:{}/services/graph/", server.port);
    let tab = chrome.browser.new_tab().expect("tab");
    for width in [1280, 390] {
        screen(&tab, width, 900);
        open(&tab, &url);
        let fitted = eval(&tab, GRAPH_STATE);
        assert_eq!(fitted["inside"], true, "at {width}: {fitted}");
        assert_eq!(fitted["overflows"], false, "at {width}: {fitted}");
        let labels = eval(
            &tab,
            "[...document.querySelectorAll('.graph-tools button')].map(b => b.textContent)",
        );
        assert_eq!(labels, json!(["Zoom in", "Zoom out", "Fit to width"]));
        // The keyboard reaches the buttons: focus one and press Enter.
        eval(
            &tab,
            "(document.querySelector('[data-zoom=in]').focus(), true)",
        );
        tab.press_key("Enter").expect("enter");
        let zoomed = eval(&tab, GRAPH_STATE);
        assert!(
            zoomed["scale"].as_f64() > fitted["scale"].as_f64(),
            "at {width}: {fitted} -> {zoomed}"
        );
        assert_eq!(zoomed["overflows"], true, "zoomed in, the box scrolls");
        eval(
            &tab,
            "(document.querySelector('[data-zoom=fit]').focus(), true)",
        );
        tab.press_key(" ").expect("space");
        assert_eq!(eval(&tab, GRAPH_STATE), fitted, "at {width}: fits again");
        // So do + and 0 on the focused graph.
        eval(
            &tab,
            "(document.querySelector('.graph-view').focus(), true)",
        );
        tab.press_key("+").expect("plus");
        assert!(eval(&tab, GRAPH_STATE)["scale"].as_f64() > fitted["scale"].as_f64());
        tab.press_key("0").expect("zero");
        assert_eq!(eval(&tab, GRAPH_STATE)["scale"], fitted["scale"]);
    }
    // Without JavaScript the drawing keeps its size, its box scrolls and says so.
    let tab = chrome.browser.new_tab().expect("tab");
    let off: Emulation::SetScriptExecutionDisabled =
        serde_json::from_value(json!({ "value": true })).expect("disable");
    tab.call_method(off).expect("no scripts");
    screen(&tab, 1280, 900);
    tab.navigate_to(&url)
        .expect("navigate")
        .wait_until_navigated()
        .expect("load");
    let hint = tab
        .find_element(".graph-scroll-hint")
        .expect("hint")
        .get_box_model()
        .expect("shown");
    assert!(hint.content.height() > 0.0);
    let view = tab
        .find_element(".graph-view")
        .expect("view")
        .get_box_model()
        .expect("box");
    let svg = tab
        .find_element(".graph-view svg")
        .expect("svg")
        .get_box_model()
        .expect("box");
    assert!(
        svg.content.width() > view.content.width(),
        "the box scrolls sideways"
    );
    assert!(tab.find_element(".graph-tools[hidden]").is_ok());
}

#[test]
fn the_services_table_is_a_card_per_service_on_a_phone() {
    let Some(chrome) = chrome() else { return };
    let site = TestSite::bundled();
    site.build_ok();
    let server = serve(&site.out());
    let tab = chrome.browser.new_tab().expect("tab");
    screen(&tab, 390, 844);
    for mode in ["light", "dark"] {
        scheme(&tab, mode);
        open(&tab, &format!("http://127.0.0.1:{}/services/", server.port));
        let state = eval(
            &tab,
            "(() => { const t = document.getElementById('services-table'), all = [...t.querySelectorAll('tbody, tbody *')]; const w = document.documentElement.clientWidth; return { page: document.documentElement.scrollWidth - w, wide: all.filter(e => { const r = e.getBoundingClientRect(); return r.width && (r.left < 0 || r.right > w); }).map(e => e.tagName + ' ' + e.textContent.slice(0, 30)), rows: t.tBodies[0].rows.length, cards: [...t.tBodies[0].rows].map(r => [...r.cells].map(c => getComputedStyle(c, '::before').content)) }; })()",
        );
        assert_eq!(state["page"], 0, "{mode}: no sideways scrolling");
        assert_eq!(state["wide"], json!([]), "{mode}: {state}");
        let labels = json!([
            "\"Service\"",
            "\"Owner\"",
            "\"Tier\"",
            "\"Lifecycle\"",
            "\"Scorecard\"",
            "\"Tags\""
        ]);
        let cards = state["cards"].as_array().cloned().unwrap_or_default();
        assert!(cards.len() > 20, "{mode}: {state}");
        assert!(cards.iter().all(|c| *c == labels), "{mode}: {cards:?}");
    }
    // A filter still hides cards.
    eval(
        &tab,
        "(() => { const q = document.querySelector('#catalog-filters [name=q]'); q.value = 'zzz-none'; q.dispatchEvent(new Event('input', { bubbles: true })); return true; })()",
    );
    let shown = eval(
        &tab,
        "[...document.querySelectorAll('#services-table tbody tr')].filter(r => r.getClientRects().length).length",
    );
    assert_eq!(shown, 0);
    // A desktop keeps the table.
    screen(&tab, 1280, 900);
    let display = eval(
        &tab,
        "getComputedStyle(document.getElementById('services-table')).display",
    );
    assert_eq!(display, "table");
}

/// Taps the centre of the element matching `selector` with a (emulated) finger.
fn tap(tab: &Tab, selector: &str) {
    let at = eval(
        tab,
        &format!(
            "(() => {{ const r = document.querySelector({selector:?}).getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; }})()"
        ),
    );
    for kind in ["touchStart", "touchEnd"] {
        let points = if kind == "touchEnd" {
            json!([])
        } else {
            json!([{ "x": at[0], "y": at[1] }])
        };
        let touch: Input::DispatchTouchEvent =
            serde_json::from_value(json!({ "type": kind, "touchPoints": points })).expect("touch");
        tab.call_method(touch).expect("tap");
    }
}

/// The header's height and whether the search field is on screen.
const HEADER_STATE: &str = "(() => { const i = document.querySelector('.site-header .search-input'), r = i && i.closest('.search').getBoundingClientRect(); return { height: document.querySelector('.site-header').getBoundingClientRect().height, field: !!r && r.width > 300 && r.height > 30 && r.bottom <= innerHeight, focused: document.activeElement === i }; })()";

#[test]
fn the_phone_header_is_one_line_and_its_search_works_by_keyboard_and_touch() {
    let Some(chrome) = chrome() else { return };
    let site = TestSite::bundled();
    site.build_ok();
    let server = serve(&site.out());
    let origin = format!("http://127.0.0.1:{}/", server.port);
    let tab = chrome.browser.new_tab().expect("tab");
    screen(&tab, 390, 844);
    for mode in ["light", "dark"] {
        scheme(&tab, mode);
        for page in [
            "",
            "guide/escalation-policies/",
            "services/checkout-api/",
            "search/?q=checkout",
            "404.html",
        ] {
            open(&tab, &format!("{origin}{page}"));
            let state = eval(&tab, HEADER_STATE);
            let height = state["height"].as_f64().unwrap_or(f64::MAX);
            assert!(height <= 64.0, "{mode} /{page}: header {height} px tall");
        }
    }
    // Keyboard: Tab to the search button, Enter, type, pick a result.
    open(&tab, &format!("{origin}guide/"));
    assert_eq!(eval(&tab, HEADER_STATE)["field"], false, "closed at first");
    let mut reached = false;
    for _ in 0..6 {
        tab.press_key("Tab").expect("tab");
        reached = eval(
            &tab,
            "document.activeElement.classList.contains('search-toggle')",
        ) == true;
        if reached {
            break;
        }
    }
    assert!(reached, "Tab reaches the search button");
    tab.press_key("Enter").expect("enter");
    let state = eval(&tab, HEADER_STATE);
    assert_eq!(
        (&state["field"], &state["focused"]),
        (&json!(true), &json!(true)),
        "{state}"
    );
    tab.type_str("escalation").expect("type");
    wait_for(
        &tab,
        "document.querySelector('.site-header .search-result a')",
    );
    tab.press_key("ArrowDown").expect("down");
    tab.press_key("Enter").expect("enter");
    wait_for(&tab, "!location.pathname.endsWith('/guide/')");
    // Touch: tap the button, type, tap a result.
    let touch: Emulation::SetTouchEmulationEnabled =
        serde_json::from_value(json!({ "enabled": true, "maxTouchPoints": 1 })).expect("touch");
    tab.call_method(touch).expect("touch on");
    open(&tab, &format!("{origin}services/"));
    tap(&tab, ".search-toggle");
    let state: Value = wait_for(
        &tab,
        &format!("(s => s.field && s.focused && s)({HEADER_STATE})"),
    );
    assert_eq!(state["field"], true);
    tab.type_str("checkout").expect("type");
    wait_for(
        &tab,
        "document.querySelector('.site-header .search-result a')",
    );
    tap(&tab, ".site-header .search-result a");
    wait_for(&tab, "!location.pathname.endsWith('/services/')");
}

#[test]
fn code_that_scrolls_shows_a_shadow_and_takes_the_focus_short_code_does_not() {
    let Some(chrome) = chrome() else { return };
    let site = super::theme_site();
    let long = format!("let wide = \"{}\";", "a long string ".repeat(20));
    site.write(
        "content/guide/code.md",
        &format!(
            "+++\ntitle = \"Code\"\n+++\n```rust\n{long}\n```\n\n```rust\nlet short = 1;\n```\n"
        ),
    );
    site.build_ok();
    let server = serve(&site.out());
    let tab = chrome.browser.new_tab().expect("tab");
    screen(&tab, 1280, 900);
    let state = "[...document.querySelectorAll('pre.code')].map(p => ({ tabindex: p.getAttribute('tabindex'), label: p.getAttribute('aria-label'), shadow: getComputedStyle(p).boxShadow !== 'none' }))";
    for mode in ["light", "dark"] {
        scheme(&tab, mode);
        open(
            &tab,
            &format!("http://127.0.0.1:{}/guide/code/", server.port),
        );
        let blocks = eval(&tab, state);
        assert_eq!(
            blocks,
            json!([
                { "tabindex": "0", "label": "RUST code, scrolls sideways", "shadow": true },
                { "tabindex": null, "label": null, "shadow": false },
            ]),
            "{mode}"
        );
    }
    // Scrolled to its end, the shadow moves to the other edge.
    eval(
        &tab,
        "(() => { const p = document.querySelector('pre.code'); p.scrollLeft = p.scrollWidth; return true; })()",
    );
    wait_for(
        &tab,
        "document.querySelector('pre.code').className === 'code scrolls more-left'",
    );
    // A narrower window makes the short block fit still, the long one scroll still.
    screen(&tab, 390, 844);
    wait_for(
        &tab,
        "document.querySelectorAll('pre.code.scrolls').length === 1",
    );
}
