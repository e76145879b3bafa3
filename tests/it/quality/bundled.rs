//! The quality gates on every page of the bundled handbook, from disk and through
//! `ownbook serve`, with the page weight of one page of each kind.

use super::*;

/// Every HTML page of a built site (paths relative to `out`, sorted), split into pages
/// and alias redirects (a `<meta http-equiv=refresh>`).
fn all_pages(out: &Path) -> (Vec<String>, Vec<String>) {
    let refresh = scraper::Selector::parse("meta[http-equiv=refresh]").expect("selector");
    let (mut pages, mut aliases) = (Vec::new(), Vec::new());
    let mut dirs = vec![out.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let html = std::fs::read_to_string(&path).expect("read page");
                let rel = path.strip_prefix(out).expect("inside").to_string_lossy();
                let doc = scraper::Html::parse_document(&html);
                let rel = rel.replace('\\', "/");
                match doc.select(&refresh).next() {
                    Some(_) => aliases.push(rel),
                    None => pages.push(rel),
                }
            }
        }
    }
    pages.sort();
    aliases.sort();
    (pages, aliases)
}

/// The pages whose weight is checked, with short names: (name, output path, weight
/// budget in bytes). The other gates check every page (`all_pages`). A
/// typical guide page stays under 60 KB; catalog pages carry tables, graphs and
/// their own stylesheet and script.
const GATED_PAGES: [(&str, &str, u64); 11] = [
    ("home", "index.html", PAGE_WEIGHT_BUDGET),
    (
        "guide",
        "guide/full-service-ownership/index.html",
        PAGE_WEIGHT_BUDGET,
    ),
    // The guide's longest page, with nine highlighted TOML blocks.
    (
        "guide-code",
        "guide/escalation-policies/index.html",
        CODE_PAGE_WEIGHT_BUDGET,
    ),
    (
        "onboarding",
        "onboarding/during-a-shift/index.html",
        CODE_PAGE_WEIGHT_BUDGET,
    ),
    ("services", "services/index.html", 2 * PAGE_WEIGHT_BUDGET),
    (
        "service",
        "services/checkout-api/index.html",
        2 * PAGE_WEIGHT_BUDGET,
    ),
    ("team", "teams/checkout/index.html", 2 * PAGE_WEIGHT_BUDGET),
    ("graph", "services/graph/index.html", 2 * PAGE_WEIGHT_BUDGET),
    (
        "scorecards",
        "scorecards/index.html",
        2 * PAGE_WEIGHT_BUDGET,
    ),
    ("search", "search/index.html", PAGE_WEIGHT_BUDGET),
    ("404", "404.html", PAGE_WEIGHT_BUDGET),
];

#[test]
fn bundled_handbook_passes_the_quality_gates() {
    let Some(tools) = tools() else { return };
    let site = TestSite::bundled();
    // Without a base_url, 404.html links relative to the site root, which is how it
    // is opened here.
    let config = std::fs::read_to_string(site.path().join("ownbook.toml")).expect("config");
    site.write(
        "ownbook.toml",
        &config.replace("base_url =", "# base_url ="),
    );
    site.build_ok();
    let out = site.out();

    // Every page, not a sample: vnu reads them all in one run; the browser opens all
    // but the alias redirects (they leave for their target at once) in one tab.
    let (pages, aliases) = all_pages(&out);
    let started = std::time::Instant::now();
    let files: Vec<PathBuf> = pages.iter().chain(&aliases).map(|p| out.join(p)).collect();
    // vnu (a JVM) reads the files while Chromium opens them: they only read the
    // output, and on two cores the overlap takes vnu's time off the run.
    let vnu = {
        let (tools, files) = (tools.clone(), files.clone());
        std::thread::spawn(move || (html_errors(&tools, &files), started.elapsed()))
    };

    let started = std::time::Instant::now();
    let broken = broken_links(&out);
    assert!(broken.is_empty(), "{broken:#?}");
    eprintln!("link walk: {:?}", started.elapsed());

    for (name, path, budget) in GATED_PAGES {
        let weight = page_weight(&out, path);
        eprintln!("page weight {name}: {weight} bytes (budget {budget})");
        assert!(
            weight <= budget,
            "{name} weighs {weight} bytes, over its budget of {budget}"
        );
    }

    // Pages keep their short names where the screenshots and messages use them.
    let name_of = |path: &str| {
        GATED_PAGES
            .iter()
            .find(|(_, p, _)| *p == path)
            .map_or(path.to_string(), |(n, _, _)| n.to_string())
    };
    let on_disk: Vec<Value> = pages
        .iter()
        .map(|p| serde_json::json!({ "name": name_of(p), "url": file_url(&out.join(p)) }))
        .collect();
    let shots = repo_root().join("target/screenshots");
    let report = browser_report(
        &tools,
        serde_json::json!({
            "pages": on_disk,
            "screenshots": shots.display().to_string(),
            "screenshot_pages": ["home", "guide", "service", "graph"],
            "keyboard": {
                "page": file_url(&out.join("guide/escalation-policies/index.html")),
                "services": file_url(&out.join("services/index.html")),
            },
        }),
    );
    eprintln!(
        "axe and console, light and dark: {} pages in {} ms",
        pages.len(),
        report["pages_ms"]
    );
    let (invalid, took) = vnu.join().expect("the vnu thread");
    assert!(invalid.is_empty(), "Nu Html Checker: {invalid:#?}");
    eprintln!("vnu: {} files in {took:?}", files.len());
    let problems = report_problems(&report);
    assert!(problems.is_empty(), "from disk: {problems:#?}");
    assert!(shots.join("service-phone.png").is_file());

    // Through `ownbook serve` (its live-reload script included).
    let server = crate::serve::client::Server::start(&site, &[]);
    // One page of each kind: what serve adds (its live-reload script) is the same on all.
    let pages: Vec<Value> = GATED_PAGES
        .iter()
        .map(|(name, path, _)| {
            let url = format!(
                "http://127.0.0.1:{}/{}",
                server.port,
                path.trim_end_matches("index.html")
            );
            serde_json::json!({ "name": name, "url": url })
        })
        .collect();
    // An open page reloads by itself after an edit, shows a broken edit's errors in
    // an overlay, and recovers when the edit is fixed.
    let page = "content/guide/glossary.md";
    let original = std::fs::read_to_string(site.path().join(page)).expect("read");
    let edited = original.replacen("title = \"Glossary\"", "title = \"Glossary of terms\"", 1);
    assert_ne!(
        edited, original,
        "the glossary's title is where the test expects it"
    );
    let reload = serde_json::json!({
        "url": format!("http://127.0.0.1:{}/guide/glossary/", server.port),
        "file": site.path().join(page).display().to_string(),
        "steps": [
            { "name": "an edit reloads the page", "text": edited, "selector": "main h1", "contains": "Glossary of terms" },
            { "name": "a broken edit shows the overlay", "text": "+++\ntitle = \n+++\n", "selector": "#ownbook-overlay", "contains": "content/guide/glossary.md" },
            { "name": "the fix recovers", "text": original, "selector": "main h1", "contains": "Glossary" },
        ],
    });
    let report = browser_report(
        &tools,
        serde_json::json!({ "pages": pages, "screenshots": null, "screenshot_pages": [], "keyboard": {}, "reload": reload }),
    );
    let problems = report_problems(&report);
    assert!(problems.is_empty(), "through ownbook serve: {problems:#?}");
    eprintln!(
        "through serve, light and dark: {} pages in {} ms",
        pages.len(),
        report["pages_ms"]
    );
    assert_eq!(report["reload"].as_array().map(Vec::len), Some(3));
}
