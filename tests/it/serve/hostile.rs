//! Clients that misbehave (never finish a request, never read, send junk, huge
//! targets or thousands of headers, or just keep many pages open) do not stop the
//! server from answering everyone else promptly.

use super::client::{Server, request};
use super::site;
use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Well above a loaded machine's response time, far below any timeout involved.
const PROMPT: Duration = Duration::from_secs(3);

fn assert_prompt(server: &Server, what: &str) {
    let started = Instant::now();
    let r = server.get("/guide/alpha/");
    assert_eq!(r.status, 200, "{what}");
    assert!(
        started.elapsed() < PROMPT,
        "{what}: took {:?}",
        started.elapsed()
    );
}

fn connect(server: &Server) -> TcpStream {
    TcpStream::connect(("127.0.0.1", server.port)).expect("connect")
}

#[test]
fn slow_and_silent_clients_do_not_starve_the_workers() {
    let site = site();
    site.write("static/big.bin", &"x".repeat(16 * 1024 * 1024));
    let server = Server::start(&site, &[]);
    let mut held = Vec::new();
    // Half a request each, never finished.
    for _ in 0..40 {
        let mut s = connect(&server);
        s.write_all(b"GET /guide/alpha/ HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .expect("send");
        held.push(s);
    }
    // Connected, silent.
    for _ in 0..20 {
        held.push(connect(&server));
    }
    assert_prompt(&server, "after slow clients");
    // Ask for a big file and never read it: more than there are workers.
    for _ in 0..12 {
        let mut s = connect(&server);
        s.write_all(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
            .expect("send");
        held.push(s);
    }
    assert_prompt(&server, "after clients that do not read");
    // Many open pages listening for reloads.
    for _ in 0..100 {
        let mut s = connect(&server);
        s.write_all(b"GET /__ownbook/events HTTP/1.1\r\nHost: x\r\n\r\n")
            .expect("send");
        held.push(s);
    }
    assert_prompt(&server, "with 100 live-reload streams open");
}

#[test]
fn junk_huge_targets_and_header_floods_are_survived() {
    let site = site();
    let server = Server::start(&site, &[]);
    let long = request(
        server.port,
        &format!("GET /{} HTTP/1.0\r\n\r\n", "a".repeat(100_000)),
    );
    assert_eq!(long.status, 414);
    let headers: String = (0..5000)
        .map(|i| format!("X-Header-{i}: {i}\r\n"))
        .collect();
    let flood = request(
        server.port,
        &format!("GET /guide/alpha/ HTTP/1.0\r\n{headers}\r\n"),
    );
    assert_eq!(flood.status, 200);
    for junk in [
        &b"\x00\xff\xfe\xfd garbage\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"\r\n\r\n\r\n",
        b"GET / HTTP/1.1\r\nNo colon here\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: \xc3\x28\r\n\r\n",
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    ] {
        let mut s = connect(&server);
        let _ = s.write_all(junk);
        drop(s);
    }
    // A body far bigger than memory, declared and never sent.
    let mut s = connect(&server);
    s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999\r\n\r\n")
        .expect("send");
    assert_prompt(&server, "after junk");
    drop(s);
    assert_prompt(&server, "after the client left");
}
