//! ownbook patch: refusing connections beyond the limit without losing the answer.
//!
//! A refused connection gets a 503 and is closed. Closing a socket whose request has
//! not been read resets it, and a reset can discard the 503 before the client reads
//! it; so one thread sends the answer, half-closes, and keeps each refused socket for
//! a moment, reading and dropping what the client sends, before closing it.

use crate::serve::tiny_http::connection::Connection;
use std::io::{ErrorKind, Read, Write};
use std::net::Shutdown;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError, sync_channel};
use std::time::{Duration, Instant};

const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 58\r\nConnection: close\r\n\r\nThe server has too many open connections; try again soon.\n";
/// How long a refused socket is kept to read what its client sends.
const LINGER: Duration = Duration::from_secs(1);
/// Refused sockets kept at once; beyond it the oldest is closed early.
const MAX_LINGERING: usize = 64;
/// How often lingering sockets are read.
const TICK: Duration = Duration::from_millis(20);

/// Where the accept loop hands connections it refuses.
pub(crate) struct Refusals {
    tx: SyncSender<Connection>,
}

impl Refusals {
    /// Starts the refusing thread; it ends when this value is dropped. `None` when no
    /// thread can be started (refused connections are then just closed).
    pub(crate) fn start() -> Option<Refusals> {
        let (tx, rx) = sync_channel(MAX_LINGERING);
        std::thread::Builder::new()
            .name("ownbook-refuse".into())
            .spawn(move || run(&rx))
            .ok()?;
        Some(Refusals { tx })
    }

    /// Answers `conn` with a 503; closes it at once when the thread is behind.
    pub(crate) fn refuse(&self, conn: Connection) {
        if let Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) = self.tx.try_send(conn) {
            log::debug!("closing a refused connection unanswered");
        }
    }
}

fn run(rx: &Receiver<Connection>) {
    let mut lingering: Vec<(Connection, Instant)> = Vec::new();
    let mut scratch = [0u8; 4096];
    loop {
        let wait = if lingering.is_empty() { LINGER * 60 } else { TICK };
        match rx.recv_timeout(wait) {
            Ok(conn) => {
                if let Some(conn) = answer(conn) {
                    if lingering.len() == MAX_LINGERING {
                        lingering.remove(0);
                    }
                    lingering.push((conn, Instant::now() + LINGER));
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        let now = Instant::now();
        lingering.retain_mut(|(conn, until)| *until > now && drain(conn, &mut scratch));
    }
}

/// Sends the 503 and half-closes; `None` when the socket is already gone.
fn answer(mut conn: Connection) -> Option<Connection> {
    conn.set_nonblocking(true).ok()?;
    conn.write_all(BUSY).ok()?;
    conn.shutdown(Shutdown::Write).ok()?;
    Some(conn)
}

/// Reads what the client sent so far; false once it has closed its side.
fn drain(conn: &mut Connection, scratch: &mut [u8]) -> bool {
    loop {
        match conn.read(scratch) {
            Ok(0) => return false,
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::WouldBlock => return true,
            Err(_) => return false,
        }
    }
}
