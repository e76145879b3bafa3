//! serve answers while its first build runs: a page a browser asks for is rendered
//! ahead of the rest and served as soon as it is ready, and what is served early is
//! byte for byte what the finished build holds.

use super::client::Server;
use crate::support::TestSite;
use ownbook::BuildOptions;
use ownbook::output::{Content, OutputFile};
use ownbook::render::EarlyFiles;
use ownbook::serve::state::Body;
use ownbook::serve::{Changes, Outcome, Session};
use std::sync::{Arc, Mutex};

const PAGES: usize = 40;

/// Takes the files a build hands over early, and asks for one page.
struct Recorder {
    wanted: Mutex<Vec<String>>,
    files: Mutex<Vec<(String, Vec<u8>)>>,
}

impl EarlyFiles for Recorder {
    fn wanted(&self) -> Vec<String> {
        std::mem::take(&mut *self.wanted.lock().expect("lock"))
    }

    fn ready(&self, files: &[OutputFile]) {
        let mut got = self.files.lock().expect("lock");
        for f in files {
            got.push((f.path.clone(), bytes_of(&f.content)));
        }
    }
}

fn bytes_of(content: &Content) -> Vec<u8> {
    match content {
        Content::Bytes(b) => b.clone(),
        Content::Shared(b) => b.to_vec(),
        Content::Stored(blob) => blob.read().expect("stored file"),
        Content::Copy(src) => std::fs::read(src).expect("copied file"),
        other => panic!("not handed over early: {other:?}"),
    }
}

fn served_bytes(body: &Body) -> Vec<u8> {
    match body {
        Body::Bytes(b) => b.to_vec(),
        Body::Stored(blob) => blob.read().expect("stored file"),
        Body::File(p) => std::fs::read(p).expect("served file"),
    }
}

fn site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nStart at [the guide](guide/_index.md).\n",
    )
    .write(
        "content/guide/_index.md",
        "+++\ntitle = \"Guide\"\n+++\nEvery page of the guide.\n",
    )
    .write("static/logo.txt", "logo");
    for i in 0..PAGES {
        let next = (i + 1) % PAGES;
        site.write(
            &format!("content/guide/p{i:02}.md"),
            &format!(
                "+++\ntitle = \"Page {i}\"\n+++\n## Steps\n\nGo on to [page {next}](p{next:02}.md).\n\n```rust\nfn step_{i}() {{}}\n```\n"
            ),
        );
    }
    site
}

#[test]
fn a_page_asked_for_is_rendered_first_and_every_early_file_is_the_finished_builds() {
    let site = site();
    let opts = BuildOptions {
        root: site.path().canonicalize().expect("root"),
        ..BuildOptions::default()
    };
    let last = format!("guide/p{:02}/index.html", PAGES - 1);
    let recorder = Arc::new(Recorder {
        wanted: Mutex::new(vec![last.clone()]),
        files: Mutex::new(Vec::new()),
    });
    let mut session = Session::new(opts);
    session.render_early(Some(recorder.clone()));
    let outcome = session.rebuild(&Changes {
        everything: true,
        ..Changes::default()
    });
    assert!(matches!(outcome, Outcome::Built { .. }), "the site builds");
    let early = recorder.files.lock().expect("lock").clone();

    // Page files in the order they were handed over. In file order the asked-for
    // page comes last; asked for, it is rendered first, though pages other threads
    // started with it (and a first render's one-time set-up) may finish before it.
    let pages: Vec<&str> = early
        .iter()
        .map(|(p, _)| p.as_str())
        .filter(|p| p.starts_with("guide/p"))
        .collect();
    let at = pages.iter().position(|p| *p == last).expect("handed over");
    assert!(
        at < PAGES / 4,
        "asked for first, handed over as page {at} of {pages:?}"
    );
    assert_eq!(pages.len(), PAGES, "every page is handed over");

    // The theme's files and the static files come before any page.
    let first_page = early.iter().position(|(p, _)| p.ends_with(".html"));
    let css = early.iter().position(|(p, _)| p.ends_with(".css"));
    let logo = early.iter().position(|(p, _)| p == "logo.txt");
    assert!(css.is_some() && css < first_page, "stylesheets first");
    assert!(logo.is_some() && logo < first_page, "static files first");

    let snapshot = session.snapshot();
    for (path, bytes) in &early {
        let served = snapshot
            .files
            .get(path)
            .unwrap_or_else(|| panic!("{path} handed over early but not in the build"));
        assert!(
            served_bytes(served) == *bytes,
            "{path} differs from the finished build"
        );
    }
}

#[test]
fn serve_answers_while_the_first_build_runs_with_the_finished_builds_bytes() {
    let site = TestSite::bundled();
    let mut server = Server::start_building(&site, &[]);
    let early = server.get("/guide/escalation-policies/");
    // Whether these are redirects or missing is only known once the build ends.
    let redirect = server.get("/guide/escalation-policies");
    let missing = server.get("/guide/no-such-page/");
    server.wait_line(|l| l.starts_with("Serving "));
    let finished = server.get("/guide/escalation-policies/");

    assert_eq!(early.status, 200);
    assert_eq!(finished.status, 200);
    assert!(
        early.body == finished.body,
        "served early = served after the build"
    );
    let page = scraper::Html::parse_document(&early.text());
    let h1 = scraper::Selector::parse("h1").expect("selector");
    let title: String = page.select(&h1).next().expect("a heading").text().collect();
    assert!(title.contains("Escalation"), "{title}");
    assert_eq!(redirect.status, 302);
    assert_eq!(
        redirect.header("Location"),
        Some("/guide/escalation-policies/")
    );
    assert_eq!(missing.status, 404);
}
