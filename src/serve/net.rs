//! The listening socket: address and port choice, and TCP keepalive so that vanished
//! clients are noticed. (The read and write timeouts of each connection are set by
//! the HTTP server, `tiny_http::connection`, where connections are accepted.)

use crate::diag::Fatal;
use socket2::{Domain, Socket, TcpKeepalive, Type};
use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::time::Duration;

/// The port tried first when none is given.
pub const DEFAULT_PORT: u16 = 1111;
/// How many ports after the default are tried before letting the OS pick one.
const PORTS_TRIED: u16 = 50;
/// Bounds of the number of connections served at once (see `max_connections`).
const MIN_CONNECTIONS: usize = 16;
const MAX_CONNECTIONS: usize = 1024;
/// When the open-files limit is unknown (it is read on Linux only).
const UNKNOWN_LIMIT_CONNECTIONS: usize = 256;

/// Binds `ip` on `port`, or without a port on 1111 or the next free one.
pub fn bind(ip: IpAddr, port: Option<u16>) -> Result<TcpListener, Fatal> {
    match port {
        Some(port) => try_bind(ip, port).map_err(|e| {
            let why = if e.kind() == ErrorKind::AddrInUse {
                "is already in use".to_string()
            } else {
                format!("cannot be used: {e}")
            };
            Fatal::Refused(format!(
                "port {port} on {ip} {why}\n  = hint: choose another with --port N, or leave --port out to take the next free port from {DEFAULT_PORT}"
            ))
        }),
        None => {
            for port in DEFAULT_PORT..DEFAULT_PORT + PORTS_TRIED {
                if let Ok(listener) = try_bind(ip, port) {
                    return Ok(listener);
                }
            }
            try_bind(ip, 0).map_err(|e| {
                Fatal::Refused(format!("cannot listen on {ip}: {e}\n  = hint: pass --bind with an address of this machine"))
            })
        }
    }
}

fn try_bind(ip: IpAddr, port: u16) -> std::io::Result<TcpListener> {
    let addr = SocketAddr::new(ip, port);
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    if addr.is_ipv6() {
        // `[::]` means IPv6 only, so "port taken" means the same on every system.
        socket.set_only_v6(true)?;
    }
    // Lets a restarted server take its port back while old connections linger
    // (on Windows the option would let two servers share a port).
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    // Accepted connections inherit this (Linux and the BSDs): dead peers are noticed.
    let keepalive = TcpKeepalive::new()
        .with_time(Duration::from_secs(30))
        .with_interval(Duration::from_secs(10));
    socket.set_tcp_keepalive(&keepalive)?;
    socket.bind(&addr.into())?;
    socket.listen(1024)?;
    Ok(socket.into())
}

/// How many connections may be open at once; more wait until one closes.
///
/// Each connection takes two file descriptors (the HTTP server reads and writes
/// through separate handles) and a thread. A quarter of the open-files limit keeps
/// half of the descriptors for connections and the other half for the build, the
/// watcher and the files being sent, so a flood of connections cannot make those
/// fail with "too many open files".
pub fn max_connections() -> usize {
    open_files_limit().map_or(UNKNOWN_LIMIT_CONNECTIONS, |limit| {
        (limit / 4).clamp(MIN_CONNECTIONS, MAX_CONNECTIONS)
    })
}

/// The soft limit on open files of this process.
#[cfg(target_os = "linux")]
fn open_files_limit() -> Option<usize> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given, which lives here.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return None;
    }
    // "Unlimited" is the largest value, which is right here too.
    Some(usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX))
}

#[cfg(not(target_os = "linux"))]
fn open_files_limit() -> Option<usize> {
    None
}

/// The URL of the server for people, with IPv6 addresses in brackets and the
/// unspecified address shown as localhost.
pub fn url(addr: SocketAddr) -> String {
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "localhost".to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    };
    format!("http://{host}:{}/", addr.port())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[test]
    fn a_taken_port_is_a_clear_error_when_given() {
        let first = bind(IpAddr::V4(Ipv4Addr::LOCALHOST), Some(0)).expect("bind");
        let port = first.local_addr().expect("addr").port();
        let err = bind(IpAddr::V4(Ipv4Addr::LOCALHOST), Some(port)).expect_err("taken");
        let text = err.to_string();
        assert!(
            text.contains(&format!("port {port} on 127.0.0.1 is already in use")),
            "{text}"
        );
        assert!(text.contains("--port"), "{text}");
    }

    #[test]
    fn urls_bracket_ipv6() {
        let v6: SocketAddr = "[::1]:1111".parse().expect("addr");
        assert_eq!(url(v6), "http://[::1]:1111/");
        let any: SocketAddr = "0.0.0.0:8080".parse().expect("addr");
        assert_eq!(url(any), "http://localhost:8080/");
    }
}
