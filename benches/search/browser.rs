//! The browser figures: a static loopback server for the built site and headless
//! Chromium typing queries into the header search box.

use crate::{gzip_len, kb, median, percentile};
use headless_chrome::{Browser, LaunchOptions};
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| ["chromium", "chromium-browser", "google-chrome"].map(|n| d.join(n)))
        .find(|p| p.is_file())
}

/// A static server on a loopback port: a thread and a single request per
/// connection. Runs until the process ends.
fn serve(root: &Path) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || respond(stream, &root));
        }
    });
    port
}

fn respond(mut stream: TcpStream, root: &Path) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Ok(clone) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(clone);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let rel = target
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .trim_start_matches('/');
    let mut file = root.join(rel);
    if file.is_dir() {
        file = file.join("index.html");
    }
    let kind = if rel.ends_with(".js") {
        "text/javascript"
    } else {
        "text/html; charset=utf-8"
    };
    let (status, body) = match std::fs::read(&file) {
        Ok(b) if !rel.contains("..") => ("200 OK", b),
        _ => ("404 Not Found", Vec::new()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// Which query runs `figures` makes after the first query.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Runs {
    /// The first query only: what it fetches.
    FirstOnly,
    /// Then every query twice, for latency (files loaded, then in memory).
    All,
}

/// First-query bytes and latency over HTTP in headless Chromium; `None` without it.
pub fn figures(out: &Path, queries: &[String], runs: Runs) -> Option<()> {
    let path = chromium()?;
    let profile = tempfile::tempdir().ok()?;
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let browser = Browser::new(LaunchOptions {
        headless: true,
        sandbox: false,
        path: Some(path),
        user_data_dir: Some(profile.path().to_path_buf()),
        args,
        idle_browser_timeout: Duration::from_secs(600),
        ..LaunchOptions::default()
    })
    .expect("start chromium");
    let port = serve(out);
    let tab = browser.new_tab().expect("tab");
    tab.navigate_to(&format!("http://127.0.0.1:{port}/index.html"))
        .expect("open")
        .wait_until_navigated()
        .expect("load");
    let script = format!(
        r#"(async () => {{
        performance.setResourceTimingBufferSize(100000);
        const queries = {queries};
        const loaded = () => performance.getEntriesByType('resource').map(e => new URL(e.name).pathname);
        // The first query, as a reader types it into the header box.
        const input = document.querySelector('.site-header input[type=search]');
        const t0 = performance.now();
        input.focus();
        input.value = queries[0];
        input.dispatchEvent(new Event('input'));
        await new Promise((resolve, reject) => {{
            const check = () => document.querySelector('.search-status') && /result/.test(document.querySelector('.search-status').textContent);
            const obs = new MutationObserver(() => {{ if (check()) {{ obs.disconnect(); resolve(); }} }});
            obs.observe(document.body, {{ subtree: true, childList: true, characterData: true }});
            setTimeout(() => reject(new Error('first query timed out')), 60000);
        }});
        const first = {{ ms: performance.now() - t0, files: loaded() }};
        if ({first_only}) return JSON.stringify({{ first }});
        const base = document.querySelector('script[data-index]').getAttribute('data-index');
        const engine = new ownbookSearchEngine.Engine(base);
        await engine.open();
        const run = async () => {{
            const rows = [];
            for (const q of queries) {{
                const before = loaded().length;
                const t = performance.now();
                const r = await engine.search(q, {{}}, 10);
                await engine.docs(r.ids);
                rows.push({{ q, ms: performance.now() - t, results: r.total, files: loaded().slice(before) }});
            }}
            return rows;
        }};
        const cold = await run();
        const warm = await run();
        return JSON.stringify({{ first, cold, warm }});
    }})()"#,
        queries = serde_json::to_string(queries).unwrap_or_default(),
        first_only = runs == Runs::FirstOnly
    );
    let value = tab.evaluate(&script, true).expect("run queries").value;
    let v: serde_json::Value =
        serde_json::from_str(value.as_ref().and_then(|v| v.as_str()).unwrap_or("{}"))
            .unwrap_or_default();
    let size = |files: &serde_json::Value| -> (usize, usize) {
        files
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f.as_str())
            .fold((0, 0), |(r, g), f| {
                let bytes = std::fs::read(out.join(f.trim_start_matches('/'))).unwrap_or_default();
                (r + bytes.len(), g + gzip_len(&bytes))
            })
    };
    let (first_raw, first_gz) = size(&v["first"]["files"]);
    let index_files: serde_json::Value = v["first"]["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f.as_str().is_some_and(|f| f.starts_with("/search/")))
        .cloned()
        .collect();
    let (index_raw, index_gz) = size(&index_files);
    println!(
        "first query ({:?}), as typed in the header box:",
        queries.first().map(String::as_str).unwrap_or("")
    );
    println!(
        "  loads, index files             {:>10.1} KB gzip ({:.1} KB raw, {} files)",
        kb(index_gz),
        kb(index_raw),
        index_files.as_array().map_or(0, Vec::len)
    );
    println!(
        "  loads, with the search scripts {:>10.1} KB gzip ({:.1} KB raw)",
        kb(first_gz),
        kb(first_raw)
    );
    // Resource timing leaves out the document itself: the page is added here.
    let page_gz = gzip_len(&std::fs::read(out.join("index.html")).unwrap_or_default());
    println!(
        "  loads, with the page as well   {:>10.1} KB gzip",
        kb(first_gz + page_gz)
    );
    println!(
        "  time to results on screen      {:>10.1} ms",
        v["first"]["ms"].as_f64().unwrap_or(0.0)
    );
    // One plain line for scripts (benches/compare.sh).
    println!("first query total: {} bytes gzip", first_gz + page_gz);
    if runs == Runs::All {
        latency(&v, &size);
    }
    Some(())
}

/// Latency of every query, first while files load and then from memory.
fn latency(v: &serde_json::Value, size: &dyn Fn(&serde_json::Value) -> (usize, usize)) {
    let times = |rows: &serde_json::Value| -> Vec<f64> {
        rows.as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["ms"].as_f64())
            .collect()
    };
    let mut cold = times(&v["cold"]);
    let mut warm = times(&v["warm"]);
    let mut loads: Vec<f64> = v["cold"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| kb(size(&r["files"]).1))
        .collect();
    let hits = v["cold"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["results"].as_u64().unwrap_or(0) > 0)
        .count();
    println!(
        "{} queries ({hits} with results), search + top 10 documents:",
        cold.len()
    );
    println!(
        "  latency, first run (loads)     {:>10.2} ms median, {:.2} ms p95",
        median(&mut cold),
        percentile(&mut cold, 0.95)
    );
    println!(
        "  latency, repeated (in memory)  {:>10.2} ms median, {:.2} ms p95",
        median(&mut warm),
        percentile(&mut warm, 0.95)
    );
    println!(
        "  loaded per query, first run    {:>10.1} KB gzip median, {:.1} KB p95",
        median(&mut loads),
        percentile(&mut loads, 0.95)
    );
}
