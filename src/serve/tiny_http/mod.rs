//! # Simple usage
//!
//! ## Creating the server
//!
//! The easiest way to create a server is to call `Server::http()`.
//!
//! The `http()` function returns an `IoResult<Server>` which will return an error
//! in the case where the server creation fails (for example if the listening port is already
//! occupied).
//!
//! ```ignore
//! let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//! ```
//!
//! A newly-created `Server` will immediately start listening for incoming connections and HTTP
//! requests.
//!
//! ## Receiving requests
//!
//! Calling `server.recv()` will block until the next request is available.
//! This function returns an `IoResult<Request>`, so you need to handle the possible errors.
//!
//! ```ignore
//! # let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//!
//! loop {
//!     // blocks until the next request is received
//!     let request = match server.recv() {
//!         Ok(rq) => rq,
//!         Err(e) => { println!("error: {}", e); break }
//!     };
//!
//!     // do something with the request
//!     // ...
//! }
//! ```
//!
//! In a real-case scenario, you will probably want to spawn multiple worker tasks and call
//! `server.recv()` on all of them. Like this:
//!
//! ```ignore
//! # use std::sync::Arc;
//! # use std::thread;
//! # let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//! let server = Arc::new(server);
//! let mut guards = Vec::with_capacity(4);
//!
//! for _ in (0 .. 4) {
//!     let server = server.clone();
//!
//!     let guard = thread::spawn(move || {
//!         loop {
//!             let rq = server.recv().unwrap();
//!
//!             // ...
//!         }
//!     });
//!
//!     guards.push(guard);
//! }
//! ```
//!
//! If you don't want to block, you can call `server.try_recv()` instead.
//!
//! ## Handling requests
//!
//! The `Request` object returned by `server.recv()` contains informations about the client's request.
//! The most useful methods are probably `request.method()` and `request.url()` which return
//! the requested method (`GET`, `POST`, etc.) and url.
//!
//! To handle a request, you need to create a `Response` object. See the docs of this object for
//! more infos. Here is an example of creating a `Response` from a file:
//!
//! ```ignore
//! # use std::fs::File;
//! # use std::path::Path;
//! let response = tiny_http::Response::from_file(File::open(&Path::new("image.png")).unwrap());
//! ```
//!
//! All that remains to do is call `request.respond()`:
//!
//! ```ignore
//! # use std::fs::File;
//! # use std::path::Path;
//! # let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//! # let request = server.recv().unwrap();
//! # let response = tiny_http::Response::from_file(File::open(&Path::new("image.png")).unwrap());
//! let _ = request.respond(response);
//! ```
#![forbid(unsafe_code)]
#![deny(rust_2018_idioms)]

use std::error::Error;
use std::io::Error as IoError;
use std::io::ErrorKind as IoErrorKind;
use std::io::Result as IoResult;
use std::net::{Shutdown, TcpStream, ToSocketAddrs};
use std::sync::atomic::AtomicBool;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use client::ClientConnection;
use connection::Connection;
use util::{ConnectionLimit, MessagesQueue};

pub use common::{HTTPVersion, Header, HeaderField, Method, StatusCode};
pub use connection::{ConfigListenAddr, ListenAddr, Listener};
pub use request::{ReadWrite, Request};
pub use response::{Response, ResponseBox};

mod client;
mod common;
mod connection;
mod request;
mod response;
mod util;

/// ownbook patch: how long a read from a client may block (an idle keep-alive
/// connection, a request line or header trickling in) before the connection ends.
pub(crate) const READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);
/// ownbook patch: how long a write to a client that stopped reading may block.
pub(crate) const WRITE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);
/// ownbook patch: the whole request head must arrive within this time.
pub(crate) const HEAD_DEADLINE: std::time::Duration = std::time::Duration::from_secs(30);
/// ownbook patch: the longest request line or header line accepted.
pub(crate) const MAX_LINE: usize = 256 * 1024;
/// ownbook patch: the largest request head (request line and all headers) accepted.
pub(crate) const MAX_HEAD: usize = 1024 * 1024;
/// ownbook patch: connections open at once when the caller does not choose.
pub const DEFAULT_MAX_CONNECTIONS: usize = 256;

/// The main class of this library.
///
/// Destroying this object will immediately close the listening socket and the reading
///  part of all the client's connections. Requests that have already been returned by
///  the `recv()` function will not close and the responses will be transferred to the client.
pub struct Server {
    // should be false as long as the server exists
    // when set to true, all the subtasks will close within a few hundreds ms
    close: Arc<AtomicBool>,

    // queue for messages received by child threads
    messages: Arc<MessagesQueue<Message>>,

    // ownbook patch: the open connections, and how many may be open at once
    limit: Arc<ConnectionLimit>,

    // result of TcpListener::local_addr()
    listening_addr: ListenAddr,
}

enum Message {
    Error(IoError),
    NewRequest(Request),
}

impl From<IoError> for Message {
    fn from(e: IoError) -> Message {
        Message::Error(e)
    }
}

impl From<Request> for Message {
    fn from(rq: Request) -> Message {
        Message::NewRequest(rq)
    }
}

// ownbook patch: makes sure that Server implements Sync and Send (upstream used an
// unused trait for it, which newer compilers warn about)
const _: () = {
    const fn must_be_sync_and_send<T: Sync + Send>() {}
    must_be_sync_and_send::<Server>();
};

pub struct IncomingRequests<'a> {
    server: &'a Server,
}

/// Represents the parameters required to create a server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The addresses to try to listen to.
    pub addr: ConfigListenAddr,

    /// ownbook patch: how many connections may be open at once; more wait to be accepted.
    pub max_connections: usize,
}

impl Server {
    /// Shortcut for a simple server on a specific address.
    #[inline]
    pub fn http<A>(addr: A) -> Result<Server, Box<dyn Error + Send + Sync + 'static>>
    where
        A: ToSocketAddrs,
    {
        Server::new(ServerConfig {
            addr: ConfigListenAddr::from_socket_addrs(addr)?,
            max_connections: DEFAULT_MAX_CONNECTIONS,
        })
    }

    #[cfg(unix)]
    #[inline]
    /// Shortcut for a UNIX socket server at a specific path
    pub fn http_unix(
        path: &std::path::Path,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        Server::new(ServerConfig {
            addr: ConfigListenAddr::unix_from_path(path),
            max_connections: DEFAULT_MAX_CONNECTIONS,
        })
    }

    /// Builds a new server that listens on the specified address.
    pub fn new(config: ServerConfig) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        let listener = config.addr.bind()?;
        Self::from_listener(listener, config.max_connections)
    }

    /// Builds a new server using the specified TCP listener.
    ///
    /// This is useful if you've constructed TcpListener using some less usual method
    /// such as from systemd. For other cases, you probably want the `new()` function.
    ///
    /// ownbook patch: at most `max_connections` connections are open at once; more
    /// wait in the listener's queue until one closes. Each takes two file descriptors
    /// and a thread, so choose it well below the open-files limit.
    pub fn from_listener<L: Into<Listener>>(
        listener: L,
        max_connections: usize,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        let listener = listener.into();
        // building the "close" variable
        let close_trigger = Arc::new(AtomicBool::new(false));

        // building the TcpListener
        let (server, local_addr) = {
            let local_addr = listener.local_addr()?;
            log::debug!("Server listening on {}", local_addr);
            (listener, local_addr)
        };

        // creating a task where server.accept() is continuously called
        // and ClientConnection objects are pushed in the messages queue
        let messages = MessagesQueue::with_capacity(8);

        let limit = ConnectionLimit::new(max_connections);

        let inside_close_trigger = close_trigger.clone();
        let inside_messages = messages.clone();
        let inside_limit = limit.clone();
        thread::spawn(move || {
            accept_loop(&server, &inside_close_trigger, &inside_messages, &inside_limit)
        });

        // result
        Ok(Server {
            messages,
            limit,
            close: close_trigger,
            listening_addr: local_addr,
        })
    }

    /// Returns an iterator for all the incoming requests.
    ///
    /// The iterator will return `None` if the server socket is shutdown.
    #[inline]
    pub fn incoming_requests(&self) -> IncomingRequests<'_> {
        IncomingRequests { server: self }
    }

    /// Returns the address the server is listening to.
    #[inline]
    pub fn server_addr(&self) -> ListenAddr {
        self.listening_addr.clone()
    }

    /// Returns the number of clients currently connected to the server.
    pub fn num_connections(&self) -> usize {
        // ownbook patch: upstream left this unimplemented (it panicked).
        self.limit.open()
    }

    /// Blocks until an HTTP request has been submitted and returns it.
    pub fn recv(&self) -> IoResult<Request> {
        match self.messages.pop() {
            Some(Message::Error(err)) => Err(err),
            Some(Message::NewRequest(rq)) => Ok(rq),
            None => Err(IoError::other("thread unblocked")),
        }
    }

    /// Same as `recv()` but doesn't block longer than timeout
    pub fn recv_timeout(&self, timeout: Duration) -> IoResult<Option<Request>> {
        match self.messages.pop_timeout(timeout) {
            Some(Message::Error(err)) => Err(err),
            Some(Message::NewRequest(rq)) => Ok(Some(rq)),
            None => Ok(None),
        }
    }

    /// Same as `recv()` but doesn't block.
    pub fn try_recv(&self) -> IoResult<Option<Request>> {
        match self.messages.try_pop() {
            Some(Message::Error(err)) => Err(err),
            Some(Message::NewRequest(rq)) => Ok(Some(rq)),
            None => Ok(None),
        }
    }

    /// Unblock thread stuck in recv() or incoming_requests().
    /// If there are several such threads, only one is unblocked.
    /// This method allows graceful shutdown of server.
    pub fn unblock(&self) {
        self.messages.unblock();
    }
}

/// How long the accept loop pauses after an error such as "too many open files",
/// which leaves the connection queued: accepting again at once would fail again.
const ACCEPT_RETRY: Duration = Duration::from_millis(50);

/// Accepts connections and hands each to a thread of its own until the server closes.
///
/// ownbook patch: no error ends the loop. Upstream stopped at the first error from
/// `accept` and panicked when a socket could not be split, and either way the server
/// stopped listening for good. And at most `limit` connections are open at once.
fn accept_loop(
    listener: &Listener,
    close: &AtomicBool,
    messages: &Arc<MessagesQueue<Message>>,
    limit: &Arc<ConnectionLimit>,
) {
    // a tasks pool is used to dispatch the connections into threads
    let tasks_pool = util::TaskPool::new();
    // ownbook patch: connections beyond the limit are answered 503 by this
    let refusals = util::Refusals::start();

    log::debug!("Running accept thread");
    while !close.load(Relaxed) {
        let (sock, remote_addr) = match listener.accept() {
            Ok(accepted) => accepted,
            // Reset by the client while it waited in the queue: nothing to retry.
            Err(e) if e.kind() == IoErrorKind::ConnectionAborted => continue,
            Err(e) => {
                log::debug!("Error accepting new client: {}", e);
                thread::sleep(ACCEPT_RETRY);
                continue;
            }
        };
        if close.load(Relaxed) {
            break;
        }
        // Beyond the limit a connection is refused at once, with a 503 that tells
        // the client to come back: a flood degrades to refusals, never to a
        // process out of file descriptors.
        let Some(slot) = limit.try_acquire() else {
            if let Some(refusals) = &refusals {
                refusals.refuse(sock);
            }
            continue;
        };
        // This one connection is dropped; the server goes on.
        let client = match ClientConnection::new(sock, remote_addr, slot) {
            Ok(client) => client,
            Err(e) => {
                log::debug!("Dropping new client: {}", e);
                continue;
            }
        };
        let messages = messages.clone();
        let mut client = Some(client);
        tasks_pool.spawn(Box::new(move || {
            if let Some(client) = client.take() {
                for rq in client {
                    messages.push(rq.into());
                }
            }
        }));
    }
    log::debug!("Terminating accept thread");
}

impl Iterator for IncomingRequests<'_> {
    type Item = Request;
    fn next(&mut self) -> Option<Request> {
        self.server.recv().ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.close.store(true, Relaxed);
        // ownbook patch: the accept thread may be waiting for a free place
        self.limit.close();
        // Connect briefly to ourselves to unblock the accept thread
        let maybe_stream = match &self.listening_addr {
            ListenAddr::IP(addr) => TcpStream::connect(addr).map(Connection::from),
            #[cfg(unix)]
            // TODO: use connect_addr when its stabilized.
            // ownbook patch: an unnamed socket no longer panics here.
            ListenAddr::Unix(addr) => addr
                .as_pathname()
                .ok_or_else(|| IoError::new(IoErrorKind::NotFound, "unnamed socket"))
                .and_then(std::os::unix::net::UnixStream::connect)
                .map(Connection::from),
        };
        if let Ok(stream) = maybe_stream {
            let _ = stream.shutdown(Shutdown::Both);
        }

        #[cfg(unix)]
        if let ListenAddr::Unix(addr) = &self.listening_addr
            && let Some(path) = addr.as_pathname()
        {
            let _ = std::fs::remove_file(path);
        }
    }
}
