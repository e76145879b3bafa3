//! The theme in a real headless Chromium. Skipped without a `chromium` binary, unless
//! `CI` is set (see `browser_kit`).

use super::theme_site;
use crate::browser_kit::{chrome, eval, serve, wait_for};
use crate::browser_kit::{contrasts_script, open, scheme};
use crate::support::TestSite;
use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Emulation;
use headless_chrome::protocol::cdp::Log::LogEntryLevel;
use headless_chrome::protocol::cdp::types::Event;
use serde_json::json;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

#[test]
fn an_old_link_with_a_fragment_lands_on_the_same_heading_of_the_new_page() {
    let Some(chrome) = chrome() else { return };
    let site = theme_site();
    site.build_ok();
    let server = serve(&site.out());
    let origin = format!("http://127.0.0.1:{}/", server.port);
    let tab = chrome.browser.new_tab().expect("tab");
    open(&tab, &format!("{origin}old/review/#during"));
    tab.wait_until_navigated().expect("redirected");
    assert_eq!(
        eval(&tab, "location.pathname + location.hash"),
        "/guide/review/index.html#during"
    );
    assert_eq!(
        eval(&tab, "document.getElementById('during') !== null"),
        true,
        "the fragment names a heading of the new page"
    );
}

/// Records every console error and uncaught exception of the tab from now on, each
/// with the URL it is about.
fn record_errors(tab: &Tab) -> Arc<Mutex<Vec<String>>> {
    tab.enable_log().expect("log");
    tab.enable_runtime().expect("runtime");
    let errors = Arc::new(Mutex::new(Vec::new()));
    let sink = errors.clone();
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let error = match event {
            Event::LogEntryAdded(e) if e.params.entry.level == LogEntryLevel::Error => {
                let entry = &e.params.entry;
                Some(format!(
                    "{} {}",
                    entry.text,
                    entry.url.as_deref().unwrap_or("")
                ))
            }
            Event::RuntimeExceptionThrown(e) => Some(e.params.exception_details.text.clone()),
            _ => None,
        };
        if let (Some(error), Ok(mut all)) = (error, sink.lock()) {
            all.push(error);
        }
    }))
    .expect("listener");
    errors
}

/// True once the theme's stylesheet has loaded and applies its rules.
const STYLED: &str = "[...document.styleSheets].some(s => s.href && s.href.includes('/assets/style.') && s.cssRules.length > 10) && getComputedStyle(document.querySelector('.site-header')).display !== 'inline'";

/// Opens a missing page, waits until it is styled, and returns the home link's
/// target and the words in its search box.
fn open_missing(tab: &Tab, url: &str) -> (String, String) {
    open(tab, url);
    assert_eq!(
        eval(tab, "document.querySelector('main h1').textContent"),
        "Page not found"
    );
    wait_for(tab, STYLED);
    let home = eval(tab, "document.querySelector('.site-title').href");
    let words = eval(tab, "document.querySelector('.search-inline input').value");
    (
        home.as_str().unwrap_or_default().to_string(),
        words.as_str().unwrap_or_default().to_string(),
    )
}

/// Asserts that the console showed no error but the 404 status of the `missing` pages.
fn no_errors(errors: &Arc<Mutex<Vec<String>>>, missing: &[String]) {
    let seen = errors.lock().map(|e| e.clone()).unwrap_or_default();
    let other: Vec<&String> = seen
        .iter()
        .filter(|e| !missing.iter().any(|m| e.ends_with(&format!(" {m}"))))
        .collect();
    assert!(other.is_empty(), "console errors {other:#?}");
}

#[test]
fn the_404_page_is_styled_at_any_depth_under_serve_and_searches_the_missing_words() {
    let Some(chrome) = chrome() else { return };
    let site = theme_site();
    let server = crate::serve::client::Server::start(&site, &[]);
    let origin = format!("http://127.0.0.1:{}/", server.port);
    let tab = chrome.browser.new_tab().expect("tab");
    let errors = record_errors(&tab);
    let missing = [
        format!("{origin}a/b/c/"),
        format!("{origin}guide/old/incident-review/"),
    ];
    let (home, words) = open_missing(&tab, &missing[0]);
    assert_eq!((home, words), (format!("{origin}index.html"), "c".into()));
    let (_, words) = open_missing(&tab, &missing[1]);
    assert_eq!(words, "incident review");
    wait_for(
        &tab,
        "document.querySelector('.search-inline .search-result a')",
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('.search-inline .search-result a').pathname"
        ),
        "/guide/review/index.html",
        "the search offers the page"
    );
    no_errors(&errors, &missing);
}

#[test]
fn the_404_page_opened_from_disk_is_styled_without_errors() {
    let Some(chrome) = chrome() else { return };
    let site = theme_site();
    site.build_ok();
    let tab = chrome.browser.new_tab().expect("tab");
    let errors = record_errors(&tab);
    let url = format!("file://{}", site.out().join("404.html").display());
    let (home, _) = open_missing(&tab, &url);
    assert_eq!(
        home,
        format!("file://{}", site.out().join("index.html").display())
    );
    no_errors(&errors, &[]);
}

#[test]
fn the_404_page_is_styled_under_a_sub_path_of_a_static_host_with_or_without_base_url() {
    let Some(chrome) = chrome() else { return };
    let site = theme_site();
    let hosted = tempfile::tempdir().expect("tmp");
    let server = host(hosted.path(), "/eng/handbook/");
    let origin = format!("http://127.0.0.1:{}/eng/handbook/", server.port);
    let tab = chrome.browser.new_tab().expect("tab");
    let errors = record_errors(&tab);
    site.write(
        "ownbook.toml",
        "title = \"Test Handbook\"\norganization = \"Acme\"\nbase_url = \"https://docs.example/eng/handbook/\"\n",
    );
    build_into(&site, &hosted.path().join("eng/handbook"));
    // With base_url the root is known at any depth, on this host as on the public one.
    let missing = [
        format!("{origin}a/b/c/"),
        format!("{origin}guide/incident-review/"),
    ];
    for url in &missing {
        let (home, _) = open_missing(&tab, url);
        assert_eq!(home, format!("{origin}index.html"));
    }
    no_errors(&errors, &missing);
    // Without it the page finds the root from a folder it knows (guide/).
    site.write(
        "ownbook.toml",
        "title = \"Test Handbook\"\norganization = \"Acme\"\n",
    );
    build_into(&site, &hosted.path().join("eng/handbook"));
    let (home, words) = open_missing(&tab, &missing[1]);
    assert_eq!(home, format!("{origin}index.html"));
    assert_eq!(words, "incident review");
    no_errors(&errors, &missing);
}

#[test]
fn the_404_page_under_serve_ignores_a_base_url_on_another_path() {
    let Some(chrome) = chrome() else { return };
    let site = theme_site();
    site.write(
        "ownbook.toml",
        "title = \"Test Handbook\"\norganization = \"Acme\"\nbase_url = \"https://docs.example/eng/handbook/\"\n",
    );
    let server = crate::serve::client::Server::start(&site, &[]);
    let origin = format!("http://127.0.0.1:{}/", server.port);
    let tab = chrome.browser.new_tab().expect("tab");
    let errors = record_errors(&tab);
    let missing = [format!("{origin}a/b/c/")];
    let (home, _) = open_missing(&tab, &missing[0]);
    assert_eq!(home, format!("{origin}index.html"));
    no_errors(&errors, &missing);
}

fn build_into(site: &TestSite, out: &Path) {
    let out = site.run(&["build", "--out", out.to_str().expect("utf8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A static host: serves `dir`, and answers a missing path under `prefix` with
/// `prefix`404.html and status 404, as GitHub Pages and most hosts do.
fn host(dir: &Path, prefix: &str) -> Host {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (dir, prefix) = (dir.to_path_buf(), prefix.to_string());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (dir, prefix) = (dir.clone(), prefix.clone());
            std::thread::spawn(move || answer(stream, &dir, &prefix));
        }
    });
    Host { port }
}

struct Host {
    port: u16,
}

fn answer(mut stream: TcpStream, dir: &Path, prefix: &str) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut line = String::new();
    let mut header = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut file: PathBuf = dir.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let inside = !path.split('/').any(|p| p == "..");
    let (status, file) = match file.is_file() && inside {
        true => ("200 OK", file),
        false => (
            "404 Not Found",
            dir.join(prefix.trim_start_matches('/')).join("404.html"),
        ),
    };
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// Emulates a window `width` pixels wide and 900 high.
fn viewport(tab: &Tab, width: u32) {
    let metrics: Emulation::SetDeviceMetricsOverride = serde_json::from_value(json!({
        "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": false
    }))
    .expect("metrics");
    tab.call_method(metrics).expect("emulate viewport");
}

/// Where the table of contents is and what it marks, as the reader sees it.
const TOC_STATE: &str = "(() => { const toc = document.querySelector('.toc').getBoundingClientRect(), text = document.querySelector('.content').getBoundingClientRect(); return { beside: toc.left >= text.right, above: toc.bottom <= text.top, sticky: getComputedStyle(document.querySelector('.toc')).position === 'sticky', current: [...document.querySelectorAll('.toc [aria-current]')].map(a => a.textContent) }; })()";

#[test]
fn the_toc_is_a_sticky_column_marking_the_current_heading_on_wide_screens_only() {
    let Some(chrome) = chrome() else { return };
    let site = theme_site();
    site.build_ok();
    let server = serve(&site.out());
    let url = format!("http://127.0.0.1:{}/guide/review/", server.port);
    let tab = chrome.browser.new_tab().expect("tab");
    viewport(&tab, 1280);
    open(&tab, &url);
    let state = eval(&tab, TOC_STATE);
    assert_eq!(
        (&state["beside"], &state["sticky"]),
        (&json!(true), &json!(true)),
        "{state}"
    );
    for heading in ["after", "before", "sharing"] {
        eval(
            &tab,
            &format!(
                "(window.scrollTo(0, document.getElementById('{heading}').getBoundingClientRect().top + scrollY - 100), true)"
            ),
        );
        wait_for(
            &tab,
            &format!(
                "document.querySelector('.toc [aria-current]')?.getAttribute('href') === '#{heading}'"
            ),
        );
        let state = eval(&tab, TOC_STATE);
        assert_eq!(
            state["current"].as_array().map(Vec::len),
            Some(1),
            "{state}"
        );
        assert_eq!(state["beside"], true, "the column stays in view: {state}");
        let top = eval(
            &tab,
            "document.querySelector('.toc').getBoundingClientRect().top",
        );
        assert!(
            top.as_f64().is_some_and(|t| t >= 0.0),
            "sticky below the header: {top}"
        );
    }
    viewport(&tab, 900);
    open(&tab, &url);
    let state = eval(&tab, TOC_STATE);
    assert_eq!(
        (&state["above"], &state["sticky"]),
        (&json!(true), &json!(false)),
        "an inline box above the text: {state}"
    );
}

#[test]
fn without_javascript_the_toc_column_shows_unmarked() {
    let Some(chrome) = chrome() else { return };
    let site = theme_site();
    site.build_ok();
    let server = serve(&site.out());
    let tab = chrome.browser.new_tab().expect("tab");
    let off: Emulation::SetScriptExecutionDisabled =
        serde_json::from_value(json!({ "value": true })).expect("disable");
    tab.call_method(off).expect("no scripts");
    viewport(&tab, 1280);
    tab.navigate_to(&format!("http://127.0.0.1:{}/guide/review/", server.port))
        .expect("navigate")
        .wait_until_navigated()
        .expect("load");
    let links = tab.find_elements(".toc a").expect("toc links");
    assert_eq!(links.len(), 5);
    let toc = tab
        .find_element(".toc")
        .expect("toc")
        .get_box_model()
        .expect("box");
    let text = tab
        .find_element(".content")
        .expect("text")
        .get_box_model()
        .expect("box");
    assert!(
        toc.content.most_left() >= text.content.most_right(),
        "beside the text"
    );
    assert!(
        tab.find_element(".toc [aria-current]").is_err(),
        "nothing marked"
    );
}

/// The first output page (relative path) whose HTML has an element matching `selector`.
fn page_with(out: &Path, folder: &str, selector: &str) -> String {
    let sel = scraper::Selector::parse(selector).expect("selector");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(out.join(folder))
        .expect("folder")
        .flatten()
        .map(|e| e.path().join("index.html"))
        .filter(|p| p.is_file())
        .collect();
    dirs.sort();
    let found = dirs.into_iter().find(|p| {
        let html = std::fs::read_to_string(p).unwrap_or_default();
        scraper::Html::parse_document(&html)
            .select(&sel)
            .next()
            .is_some()
    });
    let page = found.unwrap_or_else(|| panic!("no page in {folder}/ has {selector}"));
    let rel = page.strip_prefix(out).expect("inside");
    rel.to_string_lossy().replace('\\', "/")
}

#[test]
fn every_badge_meets_4_5_to_1_contrast_in_light_and_dark() {
    let Some(chrome) = chrome() else { return };
    let site = TestSite::bundled();
    site.write(
        "content/guide/overdue.md",
        "+++\ntitle = \"Overdue\"\nreviewed = 2025-01-01\nreview_every = 30\n+++\nOld advice.\n",
    );
    site.build_ok();
    let out = site.out();
    let mut pages = vec![
        "services/index.html".to_string(),
        "scorecards/index.html".to_string(),
        "search/index.html?q=checkout".to_string(),
    ];
    for tier in 1..=3 {
        pages.push(page_with(&out, "services", &format!(".badge.tier-{tier}")));
    }
    pages.push("guide/overdue/index.html".to_string());
    pages.push(page_with(&out, "teams", ".badge.level"));
    let server = serve(&out);
    let tab = chrome.browser.new_tab().expect("tab");
    let mut checked = 0;
    let mut low = Vec::new();
    for mode in ["light", "dark"] {
        scheme(&tab, mode);
        for page in &pages {
            open(&tab, &format!("http://127.0.0.1:{}/{page}", server.port));
            if page.starts_with("search/") {
                wait_for(
                    &tab,
                    "document.querySelectorAll('.search-badge').length > 2",
                );
            }
            let badges = eval(
                &tab,
                &contrasts_script(".badge, .badge a, .stale-badge, .search-badge"),
            );
            let badges = badges.as_array().cloned().unwrap_or_default();
            assert!(!badges.is_empty(), "{page} shows badges");
            checked += badges.len();
            low.extend(
                badges
                    .into_iter()
                    .filter(|b| b["ratio"].as_f64().is_none_or(|r| r < 4.5))
                    .map(|b| format!("{mode} {page}: {} ({})", b["text"], b["ratio"])),
            );
        }
    }
    assert!(
        low.is_empty(),
        "badges under 4.5:1 ({checked} checked): {low:#?}"
    );
}
