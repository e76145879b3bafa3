//! `ownbook serve`: a real server on a free port against a temporary handbook. Pages
//! are served, nothing outside the site is, edits reach open pages, a broken edit
//! keeps the last good site and shows the errors, and editors' ways of saving work.

pub mod client;
mod diagnostics;
mod early;
mod equivalence;
mod hostile;
mod open_files;

use crate::support::{TestSite, attrs, texts};
use client::{Events, Server, strip_snippet};
use scraper::Html;

fn site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nRead [the guide](guide/_index.md).\n",
    )
    .write(
        "content/guide/_index.md",
        "+++\ntitle = \"Guide\"\nweight = 1\n+++\nAll of it: [alpha](alpha.md).\n",
    )
    .write(
        "content/guide/alpha.md",
        "+++\ntitle = \"Alpha\"\n+++\n## Setup\n\nFirst version.\n",
    )
    .write(
        "content/guide/beta.md",
        "+++\ntitle = \"Beta\"\n+++\nBeta text.\n",
    )
    .write("static/files/notes.txt", "plain notes")
    .write("secret.txt", "TOP SECRET");
    site
}

#[test]
fn serves_pages_folders_and_the_themes_404() {
    let site = site();
    let server = Server::start(&site, &[]);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    let doc = Html::parse_document(&home.text());
    assert_eq!(texts(&doc, "main h1"), vec!["Home"]);
    assert!(
        home.text()
            .contains("new EventSource(\"/__ownbook/events\")"),
        "live reload is added"
    );

    let redirect = server.get("/guide/alpha?x=1");
    assert_eq!(
        (redirect.status, redirect.header("Location")),
        (302, Some("/guide/alpha/?x=1"))
    );
    let alpha = server.get("/guide/alpha/");
    assert_eq!(
        texts(&Html::parse_document(&alpha.text()), "main h1"),
        vec!["Alpha"]
    );
    assert_eq!(server.get("/guide/alpha/index.html").body, alpha.body);

    let notes = server.get("/files/notes.txt");
    assert_eq!((notes.status, notes.text().as_str()), (200, "plain notes"));
    assert_eq!(
        notes.header("Content-Type"),
        Some("text/plain; charset=utf-8")
    );
    let css_path = attrs(&doc, "link[rel=stylesheet]", "href")[0].clone();
    let css = server.get(&format!("/{css_path}"));
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    assert!(
        !css.text().contains("EventSource"),
        "only HTML gets the script"
    );

    for missing in ["/nope/", "/guide/alpha/missing.png", "/files/"] {
        let r = server.get(missing);
        assert_eq!(r.status, 404, "{missing}");
        let doc = Html::parse_document(&r.text());
        assert_eq!(
            texts(&doc, "main h1"),
            vec!["Page not found"],
            "{missing}: the theme's 404 page"
        );
    }
    let head = client::request(server.port, "HEAD /guide/alpha/ HTTP/1.0\r\n\r\n");
    assert_eq!((head.status, head.body.len()), (200, 0));
    let post = client::request(
        server.port,
        "POST / HTTP/1.0\r\nContent-Length: 2\r\n\r\nab",
    );
    assert_eq!(
        (post.status, post.header("Allow")),
        (405, Some("GET, HEAD"))
    );

    // The published site never contains the development script.
    site.build_ok();
    for entry in walkdir::WalkDir::new(site.out()).into_iter().flatten() {
        if entry.file_type().is_file() {
            let text =
                String::from_utf8_lossy(&std::fs::read(entry.path()).expect("read")).into_owned();
            assert!(!text.contains("__ownbook"), "{}", entry.path().display());
        }
    }
}

#[test]
fn traversal_attempts_get_404() {
    let site = site();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        site.path().join("secret.txt"),
        site.path().join("static/link.txt"),
    )
    .expect("symlink");
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc", site.path().join("static/etc")).expect("symlink");
    let server = Server::start(&site, &[]);
    let attempts = [
        "/../secret.txt",
        "/guide/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/guide/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/..\\secret.txt",
        "/guide/..%5c..%5csecret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "//secret.txt",
        "/./secret.txt",
        "/ownbook.toml",
        "/content/guide/alpha.md",
        "/C:/Windows/win.ini",
        "/etc/passwd",
        "/etc/hostname",
        "/guide/%00",
        "http://127.0.0.1/../secret.txt",
        "/.ownbook-output",
    ];
    for target in attempts {
        let r = server.get(target);
        assert_eq!(r.status, 404, "{target}");
        assert!(!r.text().contains("TOP SECRET"), "{target}");
        assert!(!r.text().contains("root:"), "{target}");
    }
    // A symlink that stays inside the handbook is an ordinary file of the site;
    // one leading out of it is not served.
    #[cfg(unix)]
    assert_eq!(server.get("/link.txt").text(), "TOP SECRET");
    let long = format!("/{}", "a".repeat(100_000));
    assert_eq!(server.get(&long).status, 414);
}

#[test]
fn an_edit_reloads_open_pages_with_the_new_content() {
    let site = site();
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    let first = events.next_state();
    let build = first["build"].as_str().expect("build").to_string();
    assert!(
        server
            .get("/guide/alpha/")
            .text()
            .contains(&format!("\"{build}\"")),
        "pages know their build"
    );

    site.write(
        "content/guide/alpha.md",
        "+++\ntitle = \"Alpha\"\n+++\n## Setup\n\nSecond version.\n",
    );
    let state = events.next_build(&build);
    assert!(state["error"].is_null(), "{state}");
    let page = server.get("/guide/alpha/").text();
    assert!(
        page.contains("Second version."),
        "the new page is in place before the reload"
    );
    assert!(page.contains(state["build"].as_str().expect("build")));
}

#[test]
fn a_broken_edit_keeps_the_old_page_and_shows_the_errors_until_fixed() {
    let site = site();
    let mut server = Server::start(&site, &[]);
    let mut events = server.events();
    let build = events.first_build();

    site.write(
        "content/guide/alpha.md",
        "+++\ntitle = \"Alpha\"\n+++\nNow [broken <b>](missing.md).\n",
    );
    let state = events.next_state();
    assert_eq!(
        state["build"],
        build.as_str(),
        "no reload: the last good site stays"
    );
    let overlay = state["error"].as_str().expect("overlay");
    assert!(overlay.contains("content/guide/alpha.md:4:5"), "{overlay}");
    let page = server.get("/guide/alpha/").text();
    assert!(
        page.contains("First version."),
        "the last good page is served"
    );
    let doc = Html::parse_document(&page);
    let shown = texts(&doc, "#ownbook-overlay pre").join("");
    assert!(
        shown.contains("link to `missing.md` does not resolve"),
        "{shown}"
    );
    assert!(
        shown.contains("[broken <b>](missing.md)"),
        "escaped, so shown as written: {shown}"
    );
    server.wait_line(|l| l.contains("content/guide/alpha.md:4:5"));

    site.write(
        "content/guide/alpha.md",
        "+++\ntitle = \"Alpha\"\n+++\nFixed [beta](beta.md).\n",
    );
    let state = events.next_build(&build);
    assert!(state["error"].is_null(), "{state}");
    let doc = Html::parse_document(&server.get("/guide/alpha/").text());
    assert!(texts(&doc, ".content p")[0].starts_with("Fixed"));
    assert!(
        texts(&doc, "#ownbook-overlay").is_empty(),
        "the overlay is gone"
    );
}

#[test]
fn rename_saves_and_deletes_are_picked_up() {
    let site = site();
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    let mut build = events.first_build();
    let path = |rel: &str| site.path().join(rel);

    // Write a temporary file, then rename it over the page (most editors' "safe save").
    site.write(
        "content/guide/.alpha.md.tmp",
        "+++\ntitle = \"Alpha\"\n+++\nRenamed into place.\n",
    );
    std::fs::rename(
        path("content/guide/.alpha.md.tmp"),
        path("content/guide/alpha.md"),
    )
    .expect("rename");
    build = settle(&mut events, &build);
    assert!(
        server
            .get("/guide/alpha/")
            .text()
            .contains("Renamed into place.")
    );

    // vim: move the page to a backup, write the new one, delete the backup. The
    // guide links to alpha, so building while it is missing would fail.
    std::fs::rename(
        path("content/guide/alpha.md"),
        path("content/guide/alpha.md~"),
    )
    .expect("backup");
    site.write("content/guide/4913", "");
    site.remove("content/guide/4913");
    site.write(
        "content/guide/alpha.md",
        "+++\ntitle = \"Alpha\"\n+++\nSaved by vim.\n",
    );
    site.remove("content/guide/alpha.md~");
    build = settle(&mut events, &build);
    assert!(server.get("/guide/alpha/").text().contains("Saved by vim."));

    site.remove("content/guide/beta.md");
    settle(&mut events, &build);
    assert_eq!(server.get("/guide/beta/").status, 404);

    // Everything served equals a fresh build of the same files.
    let fresh = site.run(&["build", "--out", "fresh"]);
    assert!(fresh.status.success());
    for entry in walkdir::WalkDir::new(site.path().join("fresh"))
        .into_iter()
        .flatten()
    {
        let rel = entry
            .path()
            .strip_prefix(site.path().join("fresh"))
            .expect("rel");
        if !entry.file_type().is_file() || rel.to_string_lossy().starts_with(".ownbook") {
            continue;
        }
        let expected = std::fs::read(entry.path()).expect("read");
        let served = server.get(&format!("/{}", rel.to_string_lossy())).body;
        let served = if rel.extension().is_some_and(|e| e == "html") {
            strip_snippet(&String::from_utf8_lossy(&served)).into_bytes()
        } else {
            served
        };
        assert!(served == expected, "{} differs", rel.display());
    }
}

/// Waits for the next build and checks it did not fail on the way.
fn settle(events: &mut Events, build: &str) -> String {
    let state = events.next_build(build);
    assert!(
        state["error"].is_null(),
        "a transient error was shown: {state}"
    );
    state["build"].as_str().expect("build").to_string()
}

#[test]
fn a_css_change_swaps_the_stylesheet_without_a_reload() {
    let site = site();
    crate::support::copy_dir(
        &crate::support::repo_root().join("themes/default"),
        &site.path().join("themes/default"),
    );
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    let build = events.first_build();
    let page = Html::parse_document(&server.get("/").text());
    let old_css = attrs(&page, "link[rel=stylesheet]", "href")
        .into_iter()
        .find(|h| h.contains("style."))
        .expect("style.css");

    let css = site.path().join("themes/default/static/style.css");
    let mut text = std::fs::read_to_string(&css).expect("css");
    text.push_str("\n.ownbook-test { color: red }\n");
    std::fs::write(&css, text).expect("write css");
    let state = events.next_build(&build);
    assert_eq!(state["prev"], build.as_str());
    let swap = &state["css"][0];
    assert_eq!(swap[0], old_css.as_str());
    let new_css = swap[1].as_str().expect("new path");
    assert!(
        server
            .get(&format!("/{new_css}"))
            .text()
            .contains(".ownbook-test")
    );
}

/// serve reuses the theme between builds: a template edit must still reach the pages.
#[test]
fn a_template_edit_re_renders_the_pages() {
    let site = site();
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    let mut build = events.first_build();
    let classes = |server: &Server| {
        let page = Html::parse_document(&server.get("/guide/alpha/").text());
        attrs(&page, "article", "class")
    };
    for version in ["first", "second"] {
        site.write(
            "templates/page.html",
            &format!("{{% extends \"base.html\" %}}{{% block main %}}<article class=\"{version}\">{{{{ page.content | safe }}}}</article>{{% endblock main %}}"),
        );
        build = settle(&mut events, &build);
        assert_eq!(classes(&server), vec![version.to_string()], "{version}");
    }
    site.write(
        "content/guide/alpha.md",
        "+++\ntitle = \"Alpha\"\n+++\n## Setup\n\nSecond version.\n",
    );
    settle(&mut events, &build);
    assert_eq!(
        classes(&server),
        vec!["second".to_string()],
        "after a page edit"
    );
}

#[test]
fn live_reload_refuses_other_origins() {
    let site = site();
    let server = Server::start(&site, &[]);
    let host = format!("127.0.0.1:{}", server.port);
    let same = Events::connect(server.port, &format!("Origin: http://{host}\r\n"));
    assert_eq!(same.status, 200);
    let evil = Events::connect(server.port, "Origin: http://evil.example\r\n");
    assert_eq!(evil.status, 403);
    let cross = Events::connect(server.port, "Sec-Fetch-Site: cross-site\r\n");
    assert_eq!(cross.status, 403);
}

#[test]
fn polling_picks_up_changes_too() {
    let site = site();
    let server = Server::start(&site, &["--poll"]);
    let mut events = server.events();
    let build = events.first_build();
    site.write(
        "content/guide/beta.md",
        "+++\ntitle = \"Beta\"\n+++\nPolled.\n",
    );
    events.next_build(&build);
    assert!(server.get("/guide/beta/").text().contains("Polled."));
}

#[test]
fn a_taken_port_given_with_port_is_a_clear_error() {
    let site = site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let out = site.run(&["serve", "--port", &port]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = site();
    let mut server = Server::start(&site, &[]);
    let mut events = server.events();
    events.next_state();
    let stores: Vec<_> = std::fs::read_dir(server.tmp.path())
        .expect("temp dir")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(stores.len(), 1, "one store of rendered files: {stores:?}");
    let page = server.get("/");
    let stored = std::fs::read_dir(&stores[0]).expect("store").count();
    assert!(stored > 0, "pages are kept on disk, not in memory");
    assert_eq!(page.status, 200);
    let pid = server.child.id().to_string();
    let status = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill");
    assert!(status.success());
    server.wait_line(|l| l == "Stopped.");
    let exit = server.child.wait().expect("wait");
    assert!(exit.success(), "{exit:?}");
    assert!(!site.out().exists(), "serve writes nothing to public/");
    let left = std::fs::read_dir(server.tmp.path())
        .expect("temp dir")
        .count();
    assert_eq!(left, 0, "serve removes its store when it stops");
}
