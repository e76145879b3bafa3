//! Live reload over Server-Sent Events (tiny_http has no WebSocket). Each open page
//! keeps one `GET /__ownbook/events` stream; after every build the server sends the
//! site's state on all of them: the build's name, the error overlay if the build
//! failed, and the stylesheets to swap when only CSS changed. The page compares the
//! build name with the one it was served with and reloads when they differ.
//!
//! Streams are held by this hub, not by an HTTP worker, so any number of open pages
//! never ties up the workers that serve files.

use super::state::Snapshot;
use super::tiny_http;
use crate::diag::{Diagnostic, Severity};
use crate::text::escape_html;
use serde::Serialize;
use std::io::Write;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The reserved path of the event stream.
pub const EVENTS_PATH: &str = "/__ownbook/events";

/// Above this many streams, a new one first prunes the streams of closed pages.
const PRUNE_AT: usize = 64;

/// The browser side, added to every HTML response by the server (never to `build`
/// output). `__OWNBOOK_BUILD__` is replaced by the page's build name.
const CLIENT_JS: &str = include_str!("livereload.js");

/// The open event streams.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Box<dyn Write + Send>>>,
}

impl Hub {
    fn lock(&self) -> MutexGuard<'_, Vec<Box<dyn Write + Send>>> {
        self.clients.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts an event stream on `writer` (the raw connection of a request), sending
    /// the current state first.
    pub fn subscribe(&self, mut writer: Box<dyn Write + Send>, snapshot: &Snapshot) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                    Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
                    Connection: close\r\n\r\nretry: 1000\n\n";
        let first = message(snapshot, None, None);
        if send(&mut writer, head.as_bytes()) && send(&mut writer, first.as_bytes()) {
            let mut clients = self.lock();
            if clients.len() >= PRUNE_AT {
                // A comment line; writing it fails on streams whose page is gone.
                clients.retain_mut(|c| send(c, b":\n\n"));
            }
            clients.push(writer);
        }
    }

    /// Sends `message` to every open page, dropping the streams that fail.
    pub fn broadcast(&self, message: &str) {
        self.lock().retain_mut(|c| send(c, message.as_bytes()));
    }

    /// Sends a comment on every stream, dropping those of closed pages: a stream is
    /// known to be closed only when a write to it fails, and until then it holds a
    /// file descriptor.
    pub fn ping(&self) {
        self.broadcast(":\n\n");
    }

    /// Keeps pinging every `every` on a thread of its own, while `hub` lives.
    pub fn keep_alive(hub: &std::sync::Arc<Hub>, every: std::time::Duration) {
        let hub = std::sync::Arc::downgrade(hub);
        let spawned = std::thread::Builder::new()
            .name("ownbook-ping".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(every);
                    match hub.upgrade() {
                        Some(hub) => hub.ping(),
                        None => return,
                    }
                }
            });
        if let Err(e) = spawned {
            eprintln!("warning: closed pages will be noticed only at the next reload ({e})");
        }
    }

    /// Closes every stream (on shutdown; pages then reconnect with back-off).
    pub fn close_all(&self) {
        self.lock().clear();
    }

    /// How many pages are listening.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn send(writer: &mut Box<dyn Write + Send>, bytes: &[u8]) -> bool {
    // Connections have a send timeout, so a page that stopped reading is dropped
    // instead of stalling everyone else's reload.
    writer
        .write_all(bytes)
        .and_then(|()| writer.flush())
        .is_ok()
}

#[derive(Serialize)]
struct State<'a> {
    /// The build now served.
    build: &'a str,
    /// The build the stylesheet swaps apply to.
    #[serde(skip_serializing_if = "Option::is_none")]
    prev: Option<&'a str>,
    /// Overlay HTML (escaped by the server) while the last build failed.
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    css: Option<&'a [(String, String)]>,
}

/// The event telling pages the state of the site. With `css`, pages showing build
/// `prev` swap those stylesheets instead of reloading.
pub fn message(
    snapshot: &Snapshot,
    prev: Option<&str>,
    css: Option<&[(String, String)]>,
) -> String {
    let state = State {
        build: &snapshot.build,
        prev,
        error: snapshot.error.as_deref(),
        css,
    };
    // serde_json never writes a raw newline, so the JSON is one `data:` line.
    let json = serde_json::to_string(&state).unwrap_or_else(|_| "{}".to_string());
    format!("event: state\ndata: {json}\n\n")
}

/// Whether an event-stream request may subscribe: it comes from a page of this
/// server (same origin) or from a tool that is not a browser. Other web sites open
/// in the same browser must not learn when the handbook is being edited.
pub fn origin_allowed(request: &tiny_http::Request) -> bool {
    let header = |name: &'static str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.as_str())
    };
    if let Some(site) = header("Sec-Fetch-Site")
        && site != "same-origin"
        && site != "none"
    {
        return false;
    }
    match header("Origin") {
        // Browsers leave Origin out of same-origin GET requests.
        None => true,
        Some(origin) => header("Host").is_some_and(|host| {
            origin
                .strip_prefix("http://")
                .is_some_and(|o| o.eq_ignore_ascii_case(host))
        }),
    }
}

/// The HTML added before `</body>` of every page served: the overlay while the last
/// build failed, and the live-reload script.
pub fn snippet(snapshot: &Snapshot) -> String {
    let build = serde_json::to_string(&snapshot.build).unwrap_or_else(|_| "\"\"".to_string());
    format!(
        "<!-- ownbook serve -->{}<script>{}</script>",
        snapshot.error.as_deref().unwrap_or(""),
        CLIENT_JS.replace("\"__OWNBOOK_BUILD__\"", &build)
    )
}

/// The error overlay for a failed build: errors first, then warnings, each in order of
/// file, line and column, one `<pre>` apiece (escaped here) that names its severity
/// and position in `data-` attributes.
pub fn overlay_html(diags: &[Diagnostic]) -> String {
    let mut sorted: Vec<&Diagnostic> = diags.iter().collect();
    sorted.sort_by(|a, b| {
        (a.severity, &a.file, a.line, a.column).cmp(&(b.severity, &b.file, b.line, b.column))
    });
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut items = String::new();
    for d in sorted {
        let (severity, colour) = match d.severity {
            Severity::Error => ("error", "#f87171"),
            Severity::Warning => ("warning", "#facc15"),
        };
        let at = match &d.file {
            Some(file) if d.line > 0 => format!("{file}:{}:{}", d.line, d.column),
            Some(file) => file.clone(),
            None => String::new(),
        };
        items.push_str(&format!(
            "<pre data-severity=\"{severity}\" data-at=\"{}\" style=\"white-space:pre-wrap;\
             margin:0 0 1rem;padding-left:.75rem;border-left:3px solid {colour}\">{}</pre>",
            escape_html(&at),
            escape_html(&crate::diag::render_one(d))
        ));
    }
    format!(
        "<div id=\"ownbook-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;\
         overflow:auto;margin:0;padding:1.5rem 2rem;background:rgba(24,24,27,.95);color:#fafafa;\
         font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace\">\
         <p style=\"margin:0 0 1rem;font-weight:700;color:#fca5a5\">The last change does not build. \
         Still serving the last good version; this page updates when the problem is fixed.</p>\
         <p style=\"margin:0 0 1rem\">{errors} error{}, {warnings} warning{}</p>{items}\
         <button type=\"button\" \
         onclick=\"this.parentNode.remove()\">Dismiss</button></div>",
        plural(errors),
        plural(warnings),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn overlay_escapes_the_report() {
        let d = crate::diag::Diagnostic::error("x", "<script>alert(1)</script> & \"x\"");
        let html = overlay_html(&[d]);
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;"));
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn state_is_one_data_line() {
        let snapshot = Snapshot {
            build: "b.2".into(),
            error: Some(Arc::from("<pre>\nline\n</pre>")),
            ..Default::default()
        };
        let m = message(
            &snapshot,
            Some("b.1"),
            Some(&[("a.css".into(), "b.css".into())]),
        );
        let lines: Vec<&str> = m.lines().collect();
        assert_eq!(lines[0], "event: state");
        assert!(lines[1].starts_with("data: {\"build\":\"b.2\",\"prev\":\"b.1\""));
        assert_eq!(lines[2], "");
    }

    /// A stream whose page may close: writes fail once it has.
    struct Page(Arc<std::sync::atomic::AtomicBool>);

    impl Write for Page {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.0.load(std::sync::atomic::Ordering::SeqCst) {
                Err(std::io::ErrorKind::BrokenPipe.into())
            } else {
                Ok(buf.len())
            }
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_ping_lets_go_of_the_streams_of_closed_pages() {
        let hub = Hub::default();
        let closed = Arc::new(std::sync::atomic::AtomicBool::new(false));
        hub.subscribe(Box::new(Page(closed.clone())), &Snapshot::default());
        hub.subscribe(Box::new(Page(Arc::default())), &Snapshot::default());
        assert_eq!(hub.len(), 2);
        closed.store(true, std::sync::atomic::Ordering::SeqCst);
        hub.ping();
        assert_eq!(hub.len(), 1);
    }

    #[test]
    fn snippet_names_the_build() {
        let snapshot = Snapshot {
            build: "abc.7".into(),
            ..Default::default()
        };
        let s = snippet(&snapshot);
        assert!(s.contains("\"abc.7\""));
        assert!(!s.contains("__OWNBOOK_BUILD__"));
    }
}
