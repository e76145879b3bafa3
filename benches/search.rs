//! Search benchmark on a large handbook: the index's total size, what the first query
//! loads (gzip, as a web server would send it), the build time spent on the index,
//! and query latency in headless Chromium (median of 50 queries).
//!
//! ```text
//! cargo bench --bench search                        # generates 10,000 pages
//! cargo bench --bench search -- --pages 2000
//! cargo bench --bench search -- --site DIR          # an existing handbook
//! cargo bench --bench search -- --generate-into DIR # keep the generated one
//! cargo bench --bench search -- --runs 7            # more `ownbook build` runs
//! cargo bench --bench search -- --work /dev/shm     # scratch files on a RAM disk
//! ```
//!
//! What the index adds to build time is measured the way a user meets it: the
//! `ownbook` binary builds the handbook as it is and a copy with
//! `[search] enabled = false`, alternately, and the medians are compared.
//!
//! `--site` takes any handbook, such as one written by `examples/gen_handbook`;
//! without it a simple deterministic generator (below) writes one. Browser figures
//! need `chromium` on PATH and are skipped without it.

use flate2::{Compression, write::GzEncoder};
use headless_chrome::{Browser, LaunchOptions};
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

mod generate {
    //! A deterministic handbook: 20 sections of folders of 50 pages, each page about
    //! 4 KB with headings, lists, code and a Zipf-like vocabulary of ~20,000 words.
    use std::path::Path;

    const COMMON: &[&str] = &[
        "service",
        "team",
        "owner",
        "rotation",
        "runbook",
        "alert",
        "incident",
        "dashboard",
        "queue",
        "cache",
        "database",
        "deployment",
        "rollback",
        "budget",
        "objective",
        "dependency",
        "pager",
        "schedule",
        "handoff",
        "release",
        "cluster",
        "endpoint",
        "gateway",
        "replica",
        "backup",
        "migration",
        "config",
        "secret",
        "token",
        "quota",
        "metric",
        "trace",
        "review",
        "checklist",
        "playbook",
        "escalation",
        "latency",
        "outage",
        "customer",
        "contract",
        "lifecycle",
        "tier",
        "catalog",
        "change",
        "window",
        "region",
        "owns",
        "pages",
        "reviews",
        "deploys",
        "documents",
        "measures",
        "restores",
        "tracks",
        "drains",
        "scales",
        "approves",
        "critical",
        "primary",
        "secondary",
        "stale",
        "healthy",
    ];
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "ly", "dra", "ster", "quin",
        "bel", "mor", "tas", "gen", "fal", "rix", "ond", "wen", "cor", "pil", "sun", "tek",
    ];

    pub struct Rng(u64);
    impl Rng {
        pub fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        pub fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    /// Word `i` of the vocabulary: common words first, then made-up ones.
    fn word(i: usize) -> String {
        if i < COMMON.len() {
            return COMMON[i].to_string();
        }
        let mut n = i;
        let mut w = String::new();
        while n > 0 || w.is_empty() {
            w.push_str(SYLLABLES[n % SYLLABLES.len()]);
            n /= SYLLABLES.len();
        }
        w
    }

    /// A Zipf-like pick: small indexes are much more likely.
    fn zipf(rng: &mut Rng) -> String {
        let r = (rng.next() % 1_000_000) as f64 / 1_000_000.0;
        word(((20_000f64).powf(r) - 1.0) as usize)
    }

    fn sentence(rng: &mut Rng, n: usize) -> String {
        let words: Vec<String> = (0..n).map(|_| zipf(rng)).collect();
        let mut s = words.join(" ");
        if let Some(first) = s.get(..1) {
            s = first.to_uppercase() + &s[1..];
        }
        s + "."
    }

    fn title(rng: &mut Rng, extra: usize) -> String {
        let n = extra + rng.below(3);
        let s = sentence(rng, n);
        s.trim_end_matches('.').to_string()
    }

    pub fn handbook(root: &Path, pages: usize) -> std::io::Result<()> {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        std::fs::create_dir_all(root.join("content"))?;
        std::fs::write(
            root.join("ownbook.toml"),
            "title = \"Bench Handbook\"\norganization = \"Bench\"\n",
        )?;
        std::fs::write(
            root.join("content/_index.md"),
            "+++\ntitle = \"Home\"\n+++\nThe benchmark handbook.\n",
        )?;
        for p in 0..pages {
            let dir = format!("content/s{:02}/part-{:03}", p % 20, p / 20 / 50);
            std::fs::create_dir_all(root.join(&dir))?;
            let mut md = format!(
                "+++\ntitle = \"{}\"\ndescription = \"{}\"\n+++\n\n{}\n",
                title(&mut rng, 3),
                sentence(&mut rng, 12),
                (0..3)
                    .map(|_| sentence(&mut rng, 14))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            for h in 0..6 {
                md.push_str(&format!("\n## {} {h}\n\n", title(&mut rng, 2)));
                for _ in 0..1 + rng.below(2) {
                    md.push_str(
                        &(0..3)
                            .map(|_| sentence(&mut rng, 12))
                            .collect::<Vec<_>>()
                            .join(" "),
                    );
                    md.push_str("\n\n");
                }
                if h == 2 {
                    for _ in 0..3 {
                        md.push_str(&format!("- {}\n", sentence(&mut rng, 8)));
                    }
                }
                if h == 4 {
                    let (a, b) = (zipf(&mut rng), zipf(&mut rng));
                    md.push_str(&format!(
                        "```toml\n[{a}_{b}]\nowner = \"{a}-{b}-{p}\"\nescalation_policy = \"{b}-oncall\"\n```\n"
                    ));
                }
            }
            std::fs::write(root.join(format!("{dir}/page-{p:05}.md")), md)?;
        }
        Ok(())
    }
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    let _ = enc.write_all(bytes);
    enc.finish().map(|v| v.len()).unwrap_or(0)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

fn percentile(values: &mut [f64], p: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let i = ((values.len() as f64 - 1.0) * p).round() as usize;
    values.get(i).copied().unwrap_or(0.0)
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let pages: usize = arg(&args, "--pages")
        .and_then(|p| p.parse().ok())
        .unwrap_or(10_000);
    let work = match arg(&args, "--work") {
        Some(dir) => tempfile::tempdir_in(dir),
        None => tempfile::tempdir(),
    }
    .expect("temp dir");
    let root = match arg(&args, "--site") {
        Some(site) => PathBuf::from(site),
        None => {
            let root = arg(&args, "--generate-into")
                .map(PathBuf::from)
                .unwrap_or_else(|| work.path().join("handbook"));
            let t = Instant::now();
            generate::handbook(&root, pages).expect("generate");
            println!(
                "generated {pages} pages in {:.1} s",
                t.elapsed().as_secs_f64()
            );
            root
        }
    };
    let out = work.path().join("public");
    let opts = ownbook::BuildOptions {
        root: root.clone(),
        out: Some(out.clone()),
        ..Default::default()
    };
    // Three builds, as the machine may be busy: the medians are reported.
    let mut compile_runs = Vec::new();
    let mut index_runs = Vec::new();
    let mut last = None;
    for _ in 0..3 {
        let t = Instant::now();
        match ownbook::compile(&opts, ownbook::Pages::InMemory, None) {
            Ok(c) => {
                compile_runs.push(t.elapsed().as_secs_f64() * 1000.0);
                index_runs.push(c.search.millis());
                last = Some(c);
            }
            Err(d) => {
                eprintln!("cannot build {}: {:?}", root.display(), d.first());
                return ExitCode::FAILURE;
            }
        }
    }
    let Some(compiled) = last else {
        return ExitCode::FAILURE;
    };
    let compile_ms = median(&mut compile_runs);
    let index_ms = median(&mut index_runs);
    if compiled.has_errors() {
        let errors: Vec<_> = compiled
            .diags
            .iter()
            .filter(|d| d.is_error())
            .take(5)
            .cloned()
            .collect();
        eprintln!("{}", ownbook::diag::render_text(&errors));
        return ExitCode::FAILURE;
    }
    let t = Instant::now();
    if let Err(e) = ownbook::output::publish(&compiled.output.files, &out) {
        eprintln!("cannot write the site: {e}");
        return ExitCode::FAILURE;
    }
    let publish_ms = t.elapsed().as_secs_f64() * 1000.0;
    // What writing the index's own files costs (part of the writing above).
    let index_files: Vec<ownbook::output::OutputFile> = compiled
        .output
        .files
        .iter()
        .filter(|f| f.path.starts_with("search/"))
        .cloned()
        .collect();
    let t = Instant::now();
    let _ = ownbook::output::write_all(&index_files, &work.path().join("index-only"));
    let index_write_ms = t.elapsed().as_secs_f64() * 1000.0;
    let stats = &compiled.search;
    let (mut raw, mut gz, mut files) = (0usize, 0usize, 0usize);
    for entry in walkdir::WalkDir::new(out.join("search"))
        .into_iter()
        .flatten()
    {
        if entry.path().extension().is_some_and(|e| e == "js") {
            let bytes = std::fs::read(entry.path()).expect("read");
            raw += bytes.len();
            gz += gzip_len(&bytes);
            files += 1;
        }
    }
    println!(
        "\n== ownbook search benchmark: {} pages, {} search documents ==",
        compiled.site.pages.len(),
        stats.docs
    );
    println!(
        "build (compile, in memory)       {compile_ms:>10.0} ms  median of 3 (+ {publish_ms:.0} ms writing the site)"
    );
    println!(
        "  of which the search index      {index_ms:>10.0} ms  ({:.1} % of the build in memory)",
        index_ms / compile_ms * 100.0
    );
    println!(
        "  writing the index files alone  {index_write_ms:>10.0} ms  (index in memory + written: {:.1} % of build + write)",
        (index_ms + index_write_ms) / (compile_ms + publish_ms) * 100.0
    );
    println!("index entries (words + stems)    {:>10}", stats.entries);
    println!(
        "index files                      {files:>10}  ({} term shards, {} postings files, {} document chunks)",
        stats.sizes.term_shards, stats.sizes.postings_files, stats.sizes.doc_chunks
    );
    println!(
        "index size, total                {:>10.2} MB raw, {:.2} MB gzip",
        mb(raw),
        mb(gz)
    );
    println!(
        "manifest (search/index.js)       {:>10.1} KB raw, {:.1} KB gzip",
        kb(stats.sizes.manifest_bytes),
        kb(gzip_len(
            &std::fs::read(out.join("search/index.js")).unwrap_or_default()
        ))
    );
    let runs: usize = arg(&args, "--runs")
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    match build_cost(&root, work.path(), runs) {
        Ok(cost) => {
            println!(
                "ownbook build, search on / off   {:>10.0} ms / {:.0} ms  medians of {runs} alternating runs ({:.1} % apart)",
                cost.on,
                cost.off,
                (cost.on - cost.off) / cost.off * 100.0
            );
            println!(
                "  the index adds                 {:>10.1} %   median of the {runs} back-to-back pairs (quartiles {:.1} to {:.1} %)",
                cost.added, cost.added_quartiles.0, cost.added_quartiles.1
            );
        }
        Err(e) => println!("(cannot time ownbook build with and without search: {e})"),
    }
    let queries = queries(&compiled.site, 50);
    match browser_figures(&out, &queries) {
        Some(()) => {}
        None => println!("(no chromium on PATH: browser figures skipped)"),
    }
    ExitCode::SUCCESS
}

/// Median wall times of `ownbook build` of the handbook with search and of a copy
/// with search turned off, run alternately so that a busy machine slows both alike.
/// The builds write under `work` (`--work DIR` chooses it, e.g. a RAM disk, to keep
/// the disk out of the figure).
fn build_cost(root: &Path, work: &Path, runs: usize) -> std::io::Result<BuildCost> {
    let off = work.join("search-off");
    for entry in walkdir::WalkDir::new(root).into_iter().flatten() {
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        // Earlier output inside the handbook is not part of it.
        if rel.starts_with("public") {
            continue;
        }
        let to = off.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to)?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &to)?;
        }
    }
    let config = std::fs::read_to_string(root.join("ownbook.toml"))?;
    let config = match config.find("[search]") {
        Some(at) => {
            let line_end = config[at..].find('\n').map_or(config.len(), |n| at + n);
            format!(
                "{}\nenabled = false{}",
                &config[..line_end],
                &config[line_end..]
            )
        }
        None => format!("{config}\n[search]\nenabled = false\n"),
    };
    std::fs::write(off.join("ownbook.toml"), config)?;
    let build = |site: &Path, out: &Path| -> std::io::Result<f64> {
        let t = Instant::now();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_ownbook"))
            .arg("build")
            .arg("--root")
            .arg(site)
            .arg("--out")
            .arg(out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()?;
        if !status.success() {
            return Err(std::io::Error::other(format!(
                "ownbook build {} failed",
                site.display()
            )));
        }
        Ok(t.elapsed().as_secs_f64() * 1000.0)
    };
    let (mut on, mut off_runs) = (Vec::new(), Vec::new());
    for run in 0..runs.max(1) {
        // The order flips every run: a build still being written back to disk
        // slows the one after it, whichever that is.
        if run % 2 == 0 {
            on.push(build(root, &work.join("out-on"))?);
            off_runs.push(build(&off, &work.join("out-off"))?);
        } else {
            off_runs.push(build(&off, &work.join("out-off"))?);
            on.push(build(root, &work.join("out-on"))?);
        }
    }
    // Each pair ran back to back, under the same load: the median of the pairs'
    // differences is steadier on a shared machine than the difference of medians.
    let mut added: Vec<f64> = on
        .iter()
        .zip(&off_runs)
        .map(|(a, b)| (a - b) / b * 100.0)
        .collect();
    let low = percentile(&mut added, 0.25);
    let high = percentile(&mut added, 0.75);
    Ok(BuildCost {
        on: median(&mut on),
        off: median(&mut off_runs),
        added: median(&mut added),
        added_quartiles: (low, high),
    })
}

/// `ownbook build` with search on and off: medians in ms, and what the index adds
/// in percent (median and quartiles of the back-to-back pairs).
struct BuildCost {
    on: f64,
    off: f64,
    added: f64,
    added_quartiles: (f64, f64),
}

fn mb(b: usize) -> f64 {
    b as f64 / 1_048_576.0
}
fn kb(b: usize) -> f64 {
    b as f64 / 1024.0
}

/// 50 queries from page titles: words, pairs, a prefix being typed, a typo.
fn queries(site: &ownbook::site::Site, n: usize) -> Vec<String> {
    let step = (site.pages.len() / n).max(1);
    (0..n)
        .filter_map(|i| site.pages.get(i * step + 1))
        .enumerate()
        .map(|(i, page)| {
            let words: Vec<String> = page
                .title
                .split_whitespace()
                .map(str::to_lowercase)
                .collect();
            let w = |k: usize| words.get(k).cloned().unwrap_or_default();
            match i % 5 {
                0 => format!("{} {}", w(0), w(1)),
                1 => w(1),
                2 => format!("{} {}", w(0), w(1).chars().take(4).collect::<String>()),
                3 if w(0).len() >= 6 => {
                    let mut c: Vec<char> = w(0).chars().collect();
                    c.swap(2, 3);
                    c.into_iter().collect()
                }
                _ => format!("{} {} {}", w(0), w(1), w(2)),
            }
        })
        .collect()
}

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

/// First-query bytes and latency over HTTP in headless Chromium.
fn browser_figures(out: &Path, queries: &[String]) -> Option<()> {
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
        queries = serde_json::to_string(queries).unwrap_or_default()
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
    println!(
        "  time to results on screen      {:>10.1} ms",
        v["first"]["ms"].as_f64().unwrap_or(0.0)
    );
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
    Some(())
}
