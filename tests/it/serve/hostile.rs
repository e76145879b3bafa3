//! Clients that misbehave (never finish a request, never read, send junk, huge
//! targets or thousands of headers, or just keep many pages open) do not stop the
//! server from answering everyone else promptly.
//!
//! Known limit: tiny_http 0.12 reads request heads in its own thread pool, and a
//! burst of connections that arrives while a pool thread is idle queues behind the
//! busy ones. Many clients that connect at once and never finish their requests
//! therefore delay others until the receive timeout closes them; no single client
//! can hold a connection thread longer than that timeout (tested below).

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
fn open_reload_streams_do_not_block_other_requests() {
    let site = site();
    let server = Server::start(&site, &[]);
    let mut held = Vec::new();
    for _ in 0..100 {
        let mut s = connect(&server);
        s.write_all(b"GET /__ownbook/events HTTP/1.1\r\nHost: x\r\n\r\n")
            .expect("send");
        held.push(s);
    }
    assert_prompt(&server, "with 100 live-reload streams open");
}

#[test]
fn a_client_that_never_finishes_its_request_is_disconnected() {
    let site = site();
    let server = Server::start(&site, &[]);
    let mut slow = connect(&server);
    slow.write_all(b"GET /guide/alpha/ HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .expect("send");
    let mut silent = connect(&server);
    assert_prompt(&server, "next to a slow and a silent client");
    // The server's receive timeout (15 s) ends both connections; waiting for the
    // close is the event, the deadline only bounds the test.
    for (what, stream) in [("slow", &mut slow), ("silent", &mut silent)] {
        stream
            .set_read_timeout(Some(Duration::from_secs(40)))
            .expect("timeout");
        let started = Instant::now();
        let mut buf = [0u8; 512];
        let closed = matches!(std::io::Read::read(stream, &mut buf), Ok(0) | Err(_));
        assert!(closed, "{what} client was answered instead of dropped");
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{what} client held its connection for {:?}",
            started.elapsed()
        );
    }
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
