//! `ownbook serve` under a low open-files limit. A flood of connections far beyond
//! it: the server keeps listening, refuses what it cannot serve with a 503 at once,
//! still builds edits, serves again as soon as the flood is gone, and stops on Ctrl-C
//! in the middle of a flood. Many pages opened and closed: they do not use up the
//! connections it serves at once.

#![cfg(target_os = "linux")]

use super::site;
use crate::support::TestSite;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// The server's open-files limit (soft and hard), as on a system with a low default.
const SERVER_FILES: libc::rlim_t = 256;
/// Connections opened at once: about four for each descriptor the server may have.
const FLOOD: usize = 1000;
/// This process holds a descriptor per flood connection, and needs some to spare.
const OWN_FILES: libc::rlim_t = 1100;
/// Well above a loaded machine's response time, far below the server's timeouts.
const PROMPT: Duration = Duration::from_secs(5);
/// A connection the kernel cannot even queue fails after this.
const CONNECT: Duration = Duration::from_secs(1);
/// How long the server may take to build the site and start listening, or to
/// notice and build an edit.
const STARTUP: Duration = Duration::from_secs(20);
/// Pages opened and closed one after another: more than the connections the server
/// serves at once (a quarter of its open-files limit), fewer than its descriptors.
const PAGES: usize = 100;
/// The home page, edited while the flood is on.
const EDITED: &str = "+++\ntitle = \"Home\"\n+++\nEdited during the flood.\n";

#[test]
fn a_flood_beyond_the_open_files_limit_leaves_the_server_serving_and_stoppable() {
    if let Err(why) = raise_own_limit() {
        // Written past the test harness's capture, so that a skip is seen as one.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED (not passed) open-files flood test: {why}"
        );
        return;
    }
    let site = site();
    let mut server = LimitedServer::start(&site);
    let addr = server.addr;

    let held = flood(addr);
    let opened = held.len();
    // A request sent during the flood is refused at once, and told when to come back.
    let refused = Instant::now();
    let during = send_get(addr).and_then(read_response);
    assert!(
        matches!(&during, Ok((503, body)) if body.contains("try again")),
        "GET / sent while {opened} connections were open: {during:?} (server alive: {})",
        server.is_running()
    );
    assert!(refused.elapsed() < PROMPT, "took {:?}", refused.elapsed());
    // The flood leaves the server the files it needs to build an edit.
    site.write("content/_index.md", EDITED);
    let built = server.wait_line(
        |l| l.starts_with("Built in ") || l.starts_with("The build failed"),
        STARTUP,
    );
    assert!(
        built.as_deref().is_some_and(|l| l.starts_with("Built in ")),
        "an edit during the flood; output:\n{}",
        server.log.join("\n")
    );
    assert!(
        opened > SERVER_FILES as usize,
        "only {opened} of {FLOOD} connections opened: the server stopped listening"
    );
    // Once the flood is gone the server serves again.
    drop(held);
    let closed = Instant::now();
    let after = loop {
        let answer = send_get(addr).and_then(read_response);
        if matches!(answer, Ok((200, _))) || closed.elapsed() > PROMPT {
            break answer;
        }
    };
    assert!(
        matches!(&after, Ok((200, body)) if body.contains("Edited during the flood.")),
        "after the flood: {after:?}"
    );

    // Ctrl-C in the middle of a flood stops the server at once.
    let held = flood(addr);
    let flooding = held.len();
    let pid = libc::pid_t::try_from(server.child.id()).expect("pid");
    // SAFETY: kill takes plain integers; the child is ours and not yet reaped.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0, "send SIGINT");
    let status = server.wait_exit(PROMPT);
    drop(held);
    assert!(
        status.is_some_and(|s| s.success()),
        "after SIGINT with {flooding} connections open: {status:?}; output:\n{}",
        server.log.join("\n")
    );
}

/// Each page opened leaves a live-reload stream that the server notices as closed
/// only when it next writes to it (after an edit). Browsing without editing must not
/// keep new connections out.
#[test]
fn closed_pages_do_not_keep_new_connections_out() {
    let site = site();
    let server = LimitedServer::start(&site);
    for page in 0..PAGES {
        let events = open_events(server.addr).and_then(read_status);
        assert_eq!(events, Ok(200), "live-reload stream of page {page}");
    }
    let home = send_get(server.addr).and_then(read_response);
    assert!(
        matches!(home, Ok((200, _))),
        "GET / after {PAGES} pages were opened and closed: {home:?}"
    );
}

/// Raises this process's soft open-files limit towards its hard limit; the reason
/// when the hard limit leaves too few descriptors for the flood.
fn raise_own_limit() -> Result<(), String> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(format!("getrlimit: {}", std::io::Error::last_os_error()));
    }
    if limit.rlim_max < OWN_FILES {
        return Err(format!(
            "the hard open-files limit is {}, below the {OWN_FILES} the flood needs",
            limit.rlim_max
        ));
    }
    // Never lower it (other tests run in this process), and never ask for
    // "unlimited", which Linux refuses for open files.
    limit.rlim_cur = limit.rlim_cur.max(limit.rlim_max.min(1 << 16));
    // SAFETY: setrlimit only reads the struct it is given.
    if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) } != 0 {
        return Err(format!("setrlimit: {}", std::io::Error::last_os_error()));
    }
    Ok(())
}

/// Opens up to `FLOOD` connections that send nothing, stopping at the first the
/// server refuses (it stopped listening) or the kernel cannot queue.
fn flood(addr: SocketAddr) -> Vec<TcpStream> {
    let mut held = Vec::with_capacity(FLOOD);
    while held.len() < FLOOD {
        match TcpStream::connect_timeout(&addr, CONNECT) {
            Ok(stream) => held.push(stream),
            Err(_) => break,
        }
    }
    held
}

/// Connects and sends `GET /`; the response is read by `read_response`.
fn send_get(addr: SocketAddr) -> Result<TcpStream, String> {
    let mut stream =
        TcpStream::connect_timeout(&addr, CONNECT).map_err(|e| format!("connect: {e}"))?;
    stream
        .write_all(b"GET / HTTP/1.0\r\n\r\n")
        .map_err(|e| format!("send: {e}"))?;
    Ok(stream)
}

/// Connects and asks for the live-reload stream, as a page does.
fn open_events(addr: SocketAddr) -> Result<TcpStream, String> {
    let mut stream =
        TcpStream::connect_timeout(&addr, CONNECT).map_err(|e| format!("connect: {e}"))?;
    let request = format!(
        "GET /__ownbook/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("send: {e}"))?;
    Ok(stream)
}

/// The status code of the response on `stream`, which must start within `PROMPT`
/// (the rest is left unread).
fn read_status(stream: TcpStream) -> Result<u16, String> {
    stream
        .set_read_timeout(Some(PROMPT))
        .map_err(|e| format!("timeout: {e}"))?;
    let mut line = String::new();
    BufReader::new(stream)
        .read_line(&mut line)
        .map_err(|e| format!("read: {e}"))?;
    line.split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("no status line: {line:?}"))
}

/// The status and body of the response on `stream` (HTTP/1.0: the server closes the
/// connection after it), which must come within `PROMPT`.
fn read_response(mut stream: TcpStream) -> Result<(u16, String), String> {
    stream
        .set_read_timeout(Some(PROMPT))
        .map_err(|e| format!("timeout: {e}"))?;
    let mut bytes = Vec::new();
    stream
        .read_to_end(&mut bytes)
        .map_err(|e| format!("read: {e}"))?;
    let text = String::from_utf8_lossy(&bytes);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| format!("no response: {text:?}"))?;
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("no status line: {head:?}"))?;
    Ok((status, body.to_string()))
}

/// `ownbook serve` with a low open-files limit; killed when dropped.
struct LimitedServer {
    child: Child,
    addr: SocketAddr,
    lines: Receiver<String>,
    log: Vec<String>,
}

impl LimitedServer {
    fn start(site: &TestSite) -> LimitedServer {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ownbook"));
        command
            .args(["serve", "--port", "0"])
            .current_dir(site.path())
            .env("OWNBOOK_TODAY", "2026-11-22")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        // SAFETY: the closure runs in the child between fork and exec, where only
        // async-signal-safe calls are allowed; it makes one (setrlimit) and does
        // not allocate.
        unsafe {
            command.pre_exec(|| {
                let limit = libc::rlimit {
                    rlim_cur: SERVER_FILES,
                    rlim_max: SERVER_FILES,
                };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) == 0 {
                    Ok(())
                } else {
                    Err(std::io::Error::last_os_error())
                }
            });
        }
        let mut child = command.spawn().expect("start ownbook serve");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = LimitedServer {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            lines,
            log: Vec::new(),
        };
        let serving = server.wait_line(|l| l.starts_with("Serving "), STARTUP);
        let port = serving
            .as_deref()
            .and_then(|l| l.split("http://127.0.0.1:").nth(1))
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok());
        let Some(port) = port else {
            panic!("server did not start; output:\n{}", server.log.join("\n"));
        };
        server.addr.set_port(port);
        server
    }

    /// Waits up to `limit` for a line of the terminal output matching `pred`.
    fn wait_line(&mut self, pred: impl Fn(&str) -> bool, limit: Duration) -> Option<String> {
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self.lines.recv_timeout(left).ok()?;
            self.log.push(line.clone());
            if pred(&line) {
                return Some(line);
            }
        }
    }

    fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Waits up to `limit` for the process to end, keeping its output for reports.
    fn wait_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                self.log.extend(self.lines.try_iter());
                return Some(status);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                self.log.extend(self.lines.try_iter());
                return None;
            }
            // Output arrives until the end; between lines, check again soon.
            if let Ok(line) = self.lines.recv_timeout(left.min(Duration::from_millis(20))) {
                self.log.push(line);
            }
        }
    }
}

impl Drop for LimitedServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
