//! A running `ownbook serve` for tests, a minimal HTTP/1.0 client and an event-stream
//! reader. Every wait has a deadline and ends as soon as the awaited thing happens.

use crate::support::TestSite;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

pub const DEADLINE: Duration = Duration::from_secs(20);

/// `ownbook serve` on a free port; killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    lines: Receiver<String>,
    pub log: Vec<String>,
    /// The server's temporary folder (where its store of rendered files goes).
    pub tmp: tempfile::TempDir,
}

impl Server {
    /// A server whose first build is done.
    pub fn start(site: &TestSite, args: &[&str]) -> Server {
        let mut server = Server::spawn(site, args);
        let line = server.wait_line(|l| l.starts_with("Serving "));
        server.port = port_in(&line);
        server
    }

    /// A server that answers already, while its first build may still run.
    pub fn start_building(site: &TestSite, args: &[&str]) -> Server {
        let mut server = Server::spawn(site, args);
        let line = server.wait_line(|l| l.starts_with("Building; "));
        server.port = port_in(&line);
        server
    }

    fn spawn(site: &TestSite, args: &[&str]) -> Server {
        // serve's store goes here, so that a test can see it and none is left behind.
        let tmp = tempfile::tempdir().expect("temp dir");
        let mut child = Command::new(env!("CARGO_BIN_EXE_ownbook"))
            .arg("serve")
            .env("TMPDIR", tmp.path())
            .args(["--port", "0"])
            .args(args)
            .current_dir(site.path())
            .env("OWNBOOK_TODAY", "2026-11-22")
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
        Server {
            child,
            tmp,
            port: 0,
            lines,
            log: Vec::new(),
        }
    }

    /// Waits for a line of the terminal output matching `pred`.
    pub fn wait_line(&mut self, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.log.push(line.clone());
                    if pred(&line) {
                        return line;
                    }
                }
                Err(_) => panic!("no such line; output so far:\n{}", self.log.join("\n")),
            }
        }
    }

    pub fn get(&self, target: &str) -> Response {
        request(self.port, &format!("GET {target} HTTP/1.0\r\n\r\n"))
    }

    pub fn events(&self) -> Events {
        Events::connect(self.port, "")
    }
}

/// The port of the first `http://127.0.0.1:PORT/` in `line`.
fn port_in(line: &str) -> u16 {
    line.split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"))
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A parsed response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `raw` and reads the whole response (the server closes HTTP/1.0 connections).
pub fn request(port: u16, raw: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
    stream.write_all(raw.as_bytes()).expect("send");
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    parse(&bytes).unwrap_or_else(|| {
        panic!(
            "bad response to {raw:?}: {:?}",
            String::from_utf8_lossy(&bytes)
        )
    })
}

fn parse(bytes: &[u8]) -> Option<Response> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Some(Response {
        status,
        headers,
        body: bytes[end + 4..].to_vec(),
    })
}

/// One page's live-reload event stream.
pub struct Events {
    reader: BufReader<TcpStream>,
    pub status: u16,
}

impl Events {
    /// Opens the stream with extra request headers (`extra` ends each with CRLF).
    pub fn connect(port: u16, extra: &str) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
        let req = format!(
            "GET /__ownbook/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n{extra}\r\n"
        );
        stream.write_all(req.as_bytes()).expect("send");
        let mut reader = BufReader::new(stream);
        let mut status_line = String::new();
        reader.read_line(&mut status_line).expect("status");
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                break;
            }
        }
        Events { reader, status }
    }

    /// The next `state` event's data (the socket's read timeout is the deadline).
    pub fn next_state(&mut self) -> serde_json::Value {
        let mut event = String::new();
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("event stream");
            assert!(n > 0, "event stream closed");
            let line = line.trim_end_matches(['\r', '\n']);
            if let Some(name) = line.strip_prefix("event: ") {
                event = name.to_string();
            } else if let Some(data) = line.strip_prefix("data: ")
                && event == "state"
            {
                return serde_json::from_str(data).expect("json");
            }
        }
    }

    /// The id of the build the next state names (the first one: the site being served).
    pub fn first_build(&mut self) -> String {
        self.next_state()["build"]
            .as_str()
            .expect("build")
            .to_string()
    }

    /// Waits for a state whose build differs from `build`, returning it.
    pub fn next_build(&mut self, build: &str) -> serde_json::Value {
        loop {
            let state = self.next_state();
            if state["build"] != build {
                return state;
            }
        }
    }
}

/// Removes the live-reload snippet the server adds to HTML.
pub fn strip_snippet(html: &str) -> String {
    match html.find("<!-- ownbook serve -->") {
        Some(start) => {
            let end = html[start..]
                .find("</script>")
                .map(|e| start + e + "</script>".len())
                .unwrap_or(html.len());
            format!("{}{}", &html[..start], &html[end..])
        }
        None => html.to_string(),
    }
}
