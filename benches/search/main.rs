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
//! cargo bench --bench search -- --first-query OUT --query "two words"
//! ```
//!
//! `--first-query OUT` measures only what the first query fetches (the page, its
//! scripts and the index files, gzip) on a site already built into OUT, with no build
//! and no latency runs: benches/compare.sh uses it at sizes where a build is minutes.
//!
//! What the index adds to build time is measured the way a user meets it: the
//! `ownbook` binary builds the handbook as it is and a copy with
//! `[search] enabled = false`, alternately, and the medians are compared.
//!
//! `--site` takes any handbook, such as one written by `examples/gen_handbook`;
//! without it a simple deterministic generator (generate.rs) writes one. Browser figures
//! need `chromium` on PATH and are skipped without it.

use flate2::{Compression, write::GzEncoder};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

mod browser;
mod generate;

pub(crate) fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    let _ = enc.write_all(bytes);
    enc.finish().map(|v| v.len()).unwrap_or(0)
}

pub(crate) fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

pub(crate) fn percentile(values: &mut [f64], p: f64) -> f64 {
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
    if let Some(built) = arg(&args, "--first-query") {
        let query = arg(&args, "--query").unwrap_or_else(|| "service owner".to_string());
        return first_query_only(Path::new(&built), &query);
    }
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
    match browser::figures(&out, &queries, browser::Runs::All) {
        Some(()) => {}
        None => println!("(no chromium on PATH: browser figures skipped)"),
    }
    ExitCode::SUCCESS
}

/// The first query's bytes on a built site, and nothing else.
fn first_query_only(out: &Path, query: &str) -> ExitCode {
    if !out.join("index.html").is_file() {
        eprintln!("{} has no index.html: build the site first", out.display());
        return ExitCode::FAILURE;
    }
    match browser::figures(out, &[query.to_string()], browser::Runs::FirstOnly) {
        Some(()) => ExitCode::SUCCESS,
        None => {
            eprintln!("no chromium on PATH (apt-get install -y chromium)");
            ExitCode::FAILURE
        }
    }
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
pub(crate) fn kb(b: usize) -> f64 {
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
