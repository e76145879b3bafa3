//! Benchmark of `ownbook serve`, run with one command:
//!
//! ```text
//! cargo bench --bench serve
//! ```
//!
//! For each generated handbook (1,000 and 10,000 pages) it starts the release binary,
//! edits one page again and again, and reports the time from the write to the reload
//! event on the live-reload stream (median and 90th percentile), the time until the
//! deferred print.html is ready too, the server's peak memory after the edits (Linux),
//! the CPU used while idle, and, when `wrk` is
//! installed, requests per second for one page (loopback only, 5 seconds).
//!
//! Settings (environment): `OWNBOOK_BENCH_PAGES=1000,10000`, `OWNBOOK_BENCH_EDITS=25`,
//! `OWNBOOK_BENCH_SITE=DIR` to measure an existing handbook instead (for example
//! one written by `examples/gen_handbook`), and `OWNBOOK_BENCH_BIN=PATH` to measure
//! another ownbook binary (an earlier build, to compare a change against).

mod handbook;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

// Only a hang should hit it: a first build of 100,000 pages (benches/compare.sh) takes
// minutes on a 2-core machine, with no line printed in between.
const DEADLINE: Duration = Duration::from_secs(900);

fn main() {
    let edits: usize = env_or("OWNBOOK_BENCH_EDITS", "25").parse().unwrap_or(25);
    if let Ok(site) = std::env::var("OWNBOOK_BENCH_SITE") {
        measure(Path::new(&site), &site, edits);
        return;
    }
    for pages in env_or("OWNBOOK_BENCH_PAGES", "1000,10000")
        .split(',')
        .filter_map(|p| p.trim().parse::<usize>().ok())
    {
        let dir =
            std::env::temp_dir().join(format!("ownbook-bench-{}-{pages}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        handbook::generate(&dir, pages).expect("generate the handbook");
        measure(&dir, &format!("{pages} pages"), edits);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

fn measure(root: &Path, label: &str, edits: usize) {
    let server = Server::start(root);
    println!("== {label}: first build: {}", server.first_build);
    let (page, url) = page_to_edit(root);
    let original = std::fs::read_to_string(&page).expect("read page");
    let mut events = Events::connect(server.port);
    let mut build = events.next_build("");
    let mut reload = Vec::with_capacity(edits);
    let mut ready = Vec::with_capacity(edits);
    for i in 0..edits {
        let text = format!("{original}\n\nBench edit {i}.\n");
        let started = Instant::now();
        std::fs::write(&page, text).expect("write page");
        build = events.next_build(&build);
        reload.push(started.elapsed());
        // Waits for the deferred print.html, so the next edit starts from an idle server.
        let print = get(server.port, "/print.html");
        ready.push(started.elapsed());
        assert!(print.starts_with(b"HTTP/1.0 200"), "print.html");
    }
    let body = String::from_utf8_lossy(&get(server.port, &url)).into_owned();
    assert!(
        body.contains(&format!("Bench edit {}.", edits - 1)),
        "the last edit is served"
    );
    std::fs::write(&page, original).expect("restore page");
    events.next_build(&build);
    get(server.port, "/print.html");
    println!(
        "   one-page edit → reload event: median {} ms, p90 {} ms (n = {edits})",
        ms(percentile(&mut reload, 50)),
        ms(percentile(&mut reload, 90))
    );
    println!(
        "   one-page edit → print.html ready: median {} ms",
        ms(percentile(&mut ready, 50))
    );
    match peak_memory_kb(&server) {
        Some(kb) => println!("   serve peak memory: {} MB", kb / 1024),
        None => println!("   serve peak memory: unknown (no VmHWM in /proc/PID/status)"),
    }
    if let Some(cpu) = idle_cpu(&server, Duration::from_secs(3)) {
        println!("   CPU while idle for 3 s: {cpu} ms");
    }
    match load(server.port, &url) {
        Some(report) => println!("   wrk {url}: {report}"),
        None => {
            println!("   (install wrk for the requests-per-second figure: apt-get install -y wrk)")
        }
    }
    println!(
        "   load average: {}",
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn percentile(values: &mut [Duration], p: usize) -> Duration {
    values.sort();
    values[(values.len() - 1) * p / 100]
}

/// A guide page deep in the tree (not a section index), and its URL.
fn page_to_edit(root: &Path) -> (PathBuf, String) {
    let content = root.join("content");
    let mut pages: Vec<PathBuf> = walk(&content)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| p.file_name().is_some_and(|n| n != "_index.md"))
        .filter(|p| {
            !p.starts_with(content.join("services")) && !p.starts_with(content.join("teams"))
        })
        .collect();
    pages.sort();
    let page = pages[pages.len() / 2].clone();
    let rel = page.strip_prefix(&content).expect("inside content");
    let url = format!(
        "/{}/",
        rel.with_extension("").to_string_lossy().replace('\\', "/")
    );
    (page, url)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// The server's peak resident memory so far, in KB: VmHWM, Linux only.
fn peak_memory_kb(server: &Server) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// User plus system CPU time of the server over `period` of doing nothing (Linux).
fn idle_cpu(server: &Server, period: Duration) -> Option<u64> {
    let ticks = || -> Option<u64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", server.child.id())).ok()?;
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
    };
    let before = ticks()?;
    std::thread::sleep(period);
    // Clock ticks are 10 ms on Linux.
    Some((ticks()? - before) * 10)
}

/// Requests per second for `url` under wrk (loopback, bounded), with its error lines.
fn load(port: u16, url: &str) -> Option<String> {
    let out = Command::new("wrk")
        .args(["-t2", "-c32", "-d5s", "--timeout", "5s"])
        .arg(format!("http://127.0.0.1:{port}{url}"))
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let rps = text
        .lines()
        .find(|l| l.starts_with("Requests/sec:"))?
        .trim()
        .to_string();
    let errors: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("errors") || l.contains("Non-2xx"))
        .map(str::trim)
        .collect();
    Some(if errors.is_empty() {
        format!("{rps}, no errors")
    } else {
        format!("{rps}; {}", errors.join("; "))
    })
}

fn get(port: u16, target: &str) -> Vec<u8> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
    stream
        .write_all(format!("GET {target} HTTP/1.0\r\n\r\n").as_bytes())
        .expect("send");
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).expect("response");
    bytes
}

struct Server {
    child: Child,
    port: u16,
    lines: Receiver<String>,
    first_build: String,
}

impl Server {
    fn start(root: &Path) -> Server {
        let bin = std::env::var("OWNBOOK_BENCH_BIN")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_ownbook").to_string());
        let mut child = Command::new(bin)
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ownbook serve");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            port: 0,
            lines,
            first_build: String::new(),
        };
        server.first_build = server
            .wait_line(|l| l.starts_with("Built in "))
            .trim_start_matches("Built in ")
            .to_string();
        let line = server.wait_line(|l| l.starts_with("Serving "));
        server.port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .and_then(|p| p.parse().ok())
            .expect("port");
        server
    }

    fn wait_line(&mut self, pred: impl Fn(&str) -> bool) -> String {
        loop {
            let line = self.lines.recv_timeout(DEADLINE).expect("server output");
            if pred(&line) {
                return line;
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn connect(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
        stream
            .write_all(b"GET /__ownbook/events HTTP/1.1\r\nHost: bench\r\n\r\n")
            .expect("send");
        Events {
            reader: BufReader::new(stream),
        }
    }

    /// Waits for a state event naming a build other than `build`; returns its name.
    fn next_build(&mut self, build: &str) -> String {
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("event stream");
            assert!(n > 0, "event stream closed");
            if let Some(data) = line.trim_end().strip_prefix("data: ") {
                let state: serde_json::Value = serde_json::from_str(data).expect("json");
                assert!(state["error"].is_null(), "the build failed: {state}");
                let name = state["build"].as_str().unwrap_or("").to_string();
                if name != build {
                    return name;
                }
            }
        }
    }
}
