//! The README's screenshot gallery: the bundled handbook on a desktop (1280 wide) and a
//! phone (390 wide), light and dark, committed under tests/screenshots/gallery/ as
//! WebP files with a size cap, so that the README shows them on any git host without
//! a build. Refresh them after a visible change to the theme with
//! `cargo test --test it theme::gallery -- --ignored`; the other test checks that every
//! file is there and small.

use super::reader::screen;
use crate::browser_kit::{chrome, eval, wait_for};
use crate::browser_kit::{open, scheme};
use crate::support::{TestSite, repo_root};
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use std::path::PathBuf;

/// Each picture: (name, address in the site, what to scroll to, what to wait for).
const SHOTS: [(&str, &str, &str, &str); 8] = [
    ("home", "", "", ""),
    (
        "guide",
        "onboarding/before-your-first-shift/",
        "#let-pages-through-silent-mode",
        ".tabs-on",
    ),
    (
        "diagram",
        "guide/escalation-policies/",
        ".diagram",
        ".diagram.rendered svg",
    ),
    ("services", "services/", "", ""),
    ("service", "services/checkout-api/", "", ""),
    ("graph", "services/graph/", ".graph-tools", "[data-scale]"),
    ("search", "search/?q=on-call", "", ".search-result"),
    ("404", "guide/old/escalation-policy/", "", ".search-result"),
];
const SCREENS: [(&str, u32, u32); 2] = [("desktop", 1280, 800), ("phone", 390, 844)];
const SCHEMES: [&str; 2] = ["light", "dark"];
/// At most this many bytes per picture, and in all.
const MAX_FILE: u64 = 100 * 1024;
const MAX_TOTAL: u64 = 2 * 1024 * 1024;

fn gallery_dir() -> PathBuf {
    repo_root().join("tests/screenshots/gallery")
}

/// Every picture's file name, in the gallery's order.
pub fn gallery_files() -> Vec<String> {
    let mut names = Vec::new();
    for (name, ..) in SHOTS {
        for (screen, ..) in SCREENS {
            for mode in SCHEMES {
                names.push(format!("{name}-{screen}-{mode}.webp"));
            }
        }
    }
    names
}

#[test]
fn the_committed_gallery_has_every_picture_each_under_its_cap() {
    let dir = gallery_dir();
    let mut total = 0;
    for name in gallery_files() {
        let path = dir.join(&name);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "{name}: {e}; refresh the gallery: cargo test --test it theme::gallery -- --ignored"
            )
        });
        let size = bytes.len() as u64;
        assert!(
            bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP".as_slice()),
            "{name} is a WebP picture"
        );
        assert!(size <= MAX_FILE, "{name}: {size} bytes, over {MAX_FILE}");
        total += size;
    }
    assert!(total <= MAX_TOTAL, "the gallery is {total} bytes");
}

#[test]
#[ignore = "writes tests/screenshots/gallery/; run to refresh the README's gallery"]
fn refresh_the_screenshot_gallery() {
    let Some(chrome) = chrome() else { return };
    let site = TestSite::bundled();
    let server = crate::serve::client::Server::start(&site, &[]);
    let dir = gallery_dir();
    std::fs::create_dir_all(&dir).expect("gallery dir");
    let tab = chrome.browser.new_tab().expect("tab");
    for (screen_name, width, height) in SCREENS {
        screen(&tab, width, height);
        for mode in SCHEMES {
            scheme(&tab, mode);
            for (name, path, scroll_to, ready) in SHOTS {
                open(&tab, &format!("http://127.0.0.1:{}/{path}", server.port));
                if !ready.is_empty() {
                    wait_for(&tab, &format!("document.querySelector({ready:?})"));
                }
                if !scroll_to.is_empty() {
                    eval(
                        &tab,
                        &format!(
                            "(window.scrollTo(0, document.querySelector({scroll_to:?}).getBoundingClientRect().top + scrollY - 90), true)"
                        ),
                    );
                }
                // Let the scroll and any transition settle: two frames.
                eval(
                    &tab,
                    "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))",
                );
                let mut quality = 70;
                let file = dir.join(format!("{name}-{screen_name}-{mode}.webp"));
                loop {
                    let webp = tab
                        .capture_screenshot(
                            CaptureScreenshotFormatOption::Webp,
                            Some(quality),
                            None,
                            true,
                        )
                        .expect("screenshot");
                    if webp.len() as u64 <= MAX_FILE || quality <= 30 {
                        std::fs::write(&file, webp).expect("write screenshot");
                        break;
                    }
                    quality -= 10;
                }
            }
        }
    }
}
