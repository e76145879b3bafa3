//! Quality gates checked by tools we did not write: the Nu Html Checker (validity),
//! axe-core in headless Chromium (accessibility, light and dark), keyboard use, console
//! errors and failed or external requests, an independent link walk, and page weight.
//!
//! The tools are installed by .ci/run into target/browser-tools (see
//! tests/browser/package.json). Without them the tests say so and pass locally; under
//! CI (CI=true) a missing tool is a failure.

use crate::support::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

mod bundled;

/// Uncompressed HTML + CSS + JS of one page, search index excluded.
pub const PAGE_WEIGHT_BUDGET: u64 = 60 * 1024;
/// Pages with highlighted code also load the code stylesheet (light and dark). Raised
/// from 100 KiB for the table of contents as a column with its highlighter (1.3 KB of
/// CSS and JS on every page with a TOC; the longest code page was 900 bytes short),
/// then from 104 KiB for the phone header's search button and the shadow on code that
/// scrolls (3.2 KB of CSS and JS on every page; the longest code page was 680 bytes over).
pub const CODE_PAGE_WEIGHT_BUDGET: u64 = 106 * 1024;

#[derive(Clone)]
pub struct Tools {
    pub dir: PathBuf,
    pub chromium: PathBuf,
}

/// Finds the browser tools, or explains why they are missing.
pub fn tools() -> Option<Tools> {
    let dir = std::env::var_os("OWNBOOK_BROWSER_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/browser-tools"));
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file());
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    let ready = dir.join("node_modules/playwright-core").is_dir()
        && dir.join("node_modules/vnu-jar").is_dir()
        && java;
    match (ready, chromium) {
        (true, Some(chromium)) => Some(Tools { dir, chromium }),
        _ => {
            let why = "browser tools missing: run .ci/run (or apt-get install chromium default-jre-headless; npm install --prefix target/browser-tools with tests/browser/package.json)";
            assert!(std::env::var_os("CI").is_none(), "{why}");
            eprintln!("skipping browser checks: {why}");
            None
        }
    }
}

/// Runs the Nu Html Checker on `files` and returns its error messages.
pub fn html_errors(tools: &Tools, files: &[PathBuf]) -> Vec<String> {
    let jar = tools.dir.join("node_modules/vnu-jar/build/dist/vnu.jar");
    let out = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--format", "json", "--exit-zero-always"])
        .args(files)
        .output()
        .expect("run vnu");
    let report: Value = serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|_| panic!("vnu output: {}", String::from_utf8_lossy(&out.stderr)));
    report["messages"]
        .as_array()
        .map(|m| {
            m.iter()
                .filter(|m| m["type"] == "error")
                .map(|m| {
                    format!(
                        "{}:{}: {}",
                        m["url"].as_str().unwrap_or(""),
                        m["lastLine"],
                        m["message"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Runs tests/browser/quality.mjs with `config` and returns its report.
pub fn browser_report(tools: &Tools, config: Value) -> Value {
    let dir = tempfile::tempdir().expect("tmp");
    let config_path = dir.path().join("config.json");
    let mut config = config;
    config["chromium"] = Value::String(tools.chromium.display().to_string());
    std::fs::write(&config_path, config.to_string()).expect("write config");
    // The script resolves its packages from the tools folder.
    let script = tools.dir.join("quality.mjs");
    std::fs::copy(repo_root().join("tests/browser/quality.mjs"), &script).expect("copy script");
    let out = Command::new("node")
        .arg(&script)
        .arg(&config_path)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "quality.mjs failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("report json")
}

/// Every problem in a browser report that should fail the gate.
pub fn report_problems(report: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for p in report["pages"].as_array().into_iter().flatten() {
        let at = format!(
            "{} ({})",
            p["name"].as_str().unwrap_or(""),
            p["scheme"].as_str().unwrap_or("")
        );
        for v in p["violations"].as_array().into_iter().flatten() {
            if v["impact"] == "serious" || v["impact"] == "critical" {
                problems.push(format!(
                    "{at}: axe {} ({}) at {}",
                    v["id"], v["impact"], v["nodes"]
                ));
            }
        }
        for key in ["console_errors", "failed_requests", "external_requests"] {
            for e in p[key].as_array().into_iter().flatten() {
                problems.push(format!("{at}: {key}: {e}"));
            }
        }
    }
    for r in report["reload"].as_array().into_iter().flatten() {
        if r["ok"] != true {
            problems.push(format!("live reload: {}", r["step"]));
        }
    }
    for k in report["keyboard"].as_array().into_iter().flatten() {
        if k["ok"] != true {
            problems.push(format!("keyboard: {} ({})", k["check"], k["detail"]));
        }
    }
    problems
}

/// HTML + stylesheets + scripts referenced by one output page, in bytes.
pub fn page_weight(out: &Path, rel: &str) -> u64 {
    let file = out.join(rel);
    let html = std::fs::read_to_string(&file).expect("read page");
    let doc = scraper::Html::parse_document(&html);
    let mut total = html.len() as u64;
    let dir = file.parent().expect("parent");
    for url in attrs(&doc, "link[rel=stylesheet]", "href")
        .into_iter()
        .chain(attrs(&doc, "script[src]", "src"))
    {
        // Diagram code (vendored mermaid, 3.5 MB, and its loader) is loaded, deferred,
        // only by pages with a diagram, after the page shows; it is not the theme's weight.
        let diagram_code = url.contains("vendor/mermaid/") || url.contains("/diagrams.");
        if url.contains("search-index") || diagram_code || url.starts_with("http") {
            continue;
        }
        total += std::fs::metadata(dir.join(&url))
            .map(|m| m.len())
            .unwrap_or(0);
    }
    total
}

pub fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn each_quality_gate_catches_a_broken_page() {
    let Some(tools) = tools() else { return };
    let site = TestSite::new();
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nfine\n")
        .write("content/invalid.md", "+++\ntitle = \"Invalid\"\n+++\n<ul><div>a div cannot be a child of a list</div></ul>\n")
        .write("content/unlabelled.md", "+++\ntitle = \"Unlabelled\"\n+++\n<input type=\"text\" name=\"q\">\n")
        .write("content/throws.md", "+++\ntitle = \"Throws\"\n+++\n<script>throw new Error(\"boom\")</script>\n")
        .write("content/heavy.md", &format!("+++\ntitle = \"Heavy\"\n+++\n{}", "A long paragraph of text. ".repeat(4_000)));
    site.build_ok();
    let out = site.out();
    // A broken link the generator could not know about, added after the build.
    let page = out.join("invalid/index.html");
    let html = std::fs::read_to_string(&page)
        .expect("read")
        .replace("</main>", "<a href=\"../nowhere/index.html\">x</a></main>");
    std::fs::write(&page, html).expect("write");

    let invalid = html_errors(&tools, &[out.join("invalid/index.html")]);
    assert!(
        invalid.iter().any(|e| e.contains("div")),
        "vnu must flag the div: {invalid:?}"
    );
    assert!(
        html_errors(&tools, &[out.join("index.html")]).is_empty(),
        "a clean page passes vnu"
    );

    let broken = broken_links(&out);
    assert!(broken.iter().any(|b| b.contains("nowhere")), "{broken:?}");

    let report = browser_report(
        &tools,
        serde_json::json!({
            "pages": [
                { "name": "unlabelled", "url": file_url(&out.join("unlabelled/index.html")) },
                { "name": "throws", "url": file_url(&out.join("throws/index.html")) },
            ],
            "screenshots": null, "screenshot_pages": [], "keyboard": {}
        }),
    );
    let problems = report_problems(&report);
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("unlabelled (light): axe") && p.contains("label")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("throws (dark): console_errors") && p.contains("boom")),
        "{problems:#?}"
    );
    assert!(page_weight(&out, "heavy/index.html") > PAGE_WEIGHT_BUDGET);
    assert!(page_weight(&out, "index.html") < PAGE_WEIGHT_BUDGET);
}

/// Serves `dir` over HTTP with Python's static server (an independent server: no
/// index.html magic beyond the standard folder rule) and returns it with its port.
fn static_server(dir: &Path) -> (std::process::Child, u16) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let child = Command::new("python3")
        .args([
            "-m",
            "http.server",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--directory",
        ])
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("python3 http.server");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "static server did not start"
        );
        std::thread::yield_now();
    }
    (child, port)
}

#[test]
fn output_navigates_from_disk_and_under_a_sub_path() {
    let Some(tools) = tools() else { return };
    let site = TestSite::new();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nSee [design](guide/lifecycle/design.md).\n",
    )
    .write(
        "content/guide/_index.md",
        "+++\ntitle = \"Guide\"\n+++\nThe guide.\n",
    )
    .write(
        "content/guide/escalation.md",
        "+++\ntitle = \"Escalation\"\n+++\n## Levels\n",
    )
    .write(
        "content/guide/lifecycle/_index.md",
        "+++\ntitle = \"Lifecycle\"\n+++\nStages.\n",
    )
    .write(
        "content/guide/lifecycle/design.md",
        "+++\ntitle = \"Design\"\n+++\n[up](../escalation.md)\n",
    );
    let hosted = tempfile::tempdir().expect("tmp");
    let sub = hosted.path().join("eng/handbook");
    std::fs::create_dir_all(hosted.path().join("eng")).expect("mkdir");
    let out = site.run(&["build", "--out", sub.to_str().expect("utf8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (mut server, port) = static_server(hosted.path());
    let starts = [
        file_url(&sub.join("guide/lifecycle/design/index.html")),
        format!("http://127.0.0.1:{port}/eng/handbook/guide/lifecycle/design/index.html"),
        format!("http://127.0.0.1:{port}/eng/handbook/"),
    ];
    let report = browser_report(
        &tools,
        serde_json::json!({ "pages": [], "screenshots": null, "screenshot_pages": [], "keyboard": {}, "navigate": starts }),
    );
    let _ = server.kill();
    let nav = report["navigation"].as_array().cloned().unwrap_or_default();
    // Deep pages show their section expanded; the home page shows sections collapsed.
    let deep = vec![
        "Home",
        "Guide",
        "Escalation",
        "Lifecycle",
        "Design",
        "Test Handbook",
    ];
    let top = vec!["Home", "Guide", "Test Handbook"];
    for (start, expected) in starts.iter().zip([&deep, &deep, &top]) {
        let visits: Vec<&Value> = nav
            .iter()
            .filter(|v| v["start"] == start.as_str())
            .collect();
        let landed: Vec<&str> = visits.iter().filter_map(|v| v["h1"].as_str()).collect();
        assert_eq!(&landed, expected, "from {start}: {visits:#?}");
        for v in visits {
            assert!(
                v["styled"] == true && v["failed"].as_array().is_some_and(Vec::is_empty),
                "{v:#?}"
            );
            let landed = v["landed"].as_str().unwrap_or("");
            assert!(
                landed.contains("/eng/handbook/"),
                "stays under the sub-path: {landed}"
            );
        }
    }
}
