//! The HTTP side of `serve`: worker threads answering from the current snapshot.
//!
//! Only files of the built site are served: a URL is decoded once, refused if it has
//! `..`, `.`, empty segments, backslashes or control characters, and then looked up
//! in the snapshot's table of output paths, so no URL can name anything else. Folder
//! URLs serve `index.html` (with a redirect adding the missing `/`), there are no
//! directory listings, unknown paths get the theme's 404 page, and HTML responses get
//! the live-reload snippet.

use super::reload::{self, EVENTS_PATH, Hub};
use super::state::{Body, EarlyAnswer, Shared, Snapshot};
use super::tiny_http::{self, Header, Method, Request, Response, StatusCode};
use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Longer request targets get 414; no output path comes near it.
pub const MAX_URL: usize = 8 * 1024;
/// How long a request for a file still being rendered waits for it.
const PENDING_WAIT: Duration = Duration::from_secs(60);

/// What a request target names.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// An output file, by its path in the site.
    File(String),
    /// A folder URL without its trailing slash: redirect here.
    Redirect(String),
    Events,
    TooLong,
    NotFound,
}

/// Resolves a raw request target (path and query, as sent) against the site's files.
pub fn resolve(raw: &str, snapshot: &Snapshot) -> Target {
    if raw.len() > MAX_URL {
        return Target::TooLong;
    }
    let (path, query) = match raw.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (raw, None),
    };
    if path == EVENTS_PATH {
        return Target::Events;
    }
    let Some(decoded) = path.strip_prefix('/').and_then(decode) else {
        return Target::NotFound;
    };
    if !is_safe(&decoded) {
        return Target::NotFound;
    }
    let exists = |key: &str| snapshot.files.contains_key(key) || snapshot.is_pending(key);
    let key = if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded.clone()
    };
    if exists(&key) {
        return Target::File(key);
    }
    if !decoded.is_empty() && !decoded.ends_with('/') && exists(&format!("{decoded}/index.html")) {
        let query = query.map(|q| format!("?{q}")).unwrap_or_default();
        return Target::Redirect(format!("{path}/{query}"));
    }
    Target::NotFound
}

/// Percent-decodes a URL path; `None` for bad escapes or bytes that are not UTF-8.
fn decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = path.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A decoded path (without the leading `/`) that cannot leave the site or mean
/// something else on another system.
fn is_safe(path: &str) -> bool {
    if path.contains('\\') || path.chars().any(char::is_control) {
        return false;
    }
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    segments.iter().enumerate().all(|(i, s)| {
        // Empty segments (`//`) are allowed only as the final trailing slash.
        (!s.is_empty() || i == last) && *s != "." && *s != ".." && !s.contains(':')
    })
}

/// The media type of an output file, from its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        // RFC 7763; the pages' Markdown (`render::llms`).
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// What the workers share.
pub struct Context {
    pub shared: Arc<Shared>,
    pub hub: Arc<Hub>,
    /// The handbook folder (canonical): copied files must still be inside it.
    pub root: std::path::PathBuf,
    senders: BigSenders,
}

impl Context {
    pub fn new(shared: Arc<Shared>, hub: Arc<Hub>, root: std::path::PathBuf) -> Context {
        Context {
            shared,
            hub,
            root,
            senders: BigSenders::default(),
        }
    }
}

/// Answers requests until the server is unblocked or fails.
pub fn work(server: &tiny_http::Server, ctx: &Context) {
    while let Ok(request) = server.recv() {
        handle(request, ctx);
    }
}

fn handle(request: Request, ctx: &Context) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response =
            Response::from_string("Only GET and HEAD are supported.\n").with_status_code(405);
        let _ = request.respond(with_headers(response, &[("Allow", "GET, HEAD")]));
        return;
    }
    let snapshot = ctx.shared.get();
    respond(request, ctx, snapshot);
}

fn respond(request: Request, ctx: &Context, snapshot: Arc<Snapshot>) {
    match resolve(request.url(), &snapshot) {
        Target::Events => {
            if reload::origin_allowed(&request) {
                ctx.hub.subscribe(request.into_writer(), &snapshot);
            } else {
                let _ = request.respond(plain(403, "Forbidden: cross-origin live reload.\n"));
            }
        }
        Target::TooLong => {
            let _ = request.respond(plain(414, "URI Too Long\n"));
        }
        Target::Redirect(location) => {
            let response = Response::empty(302);
            let headers = [
                ("Location", location.as_str()),
                ("Cache-Control", "no-store"),
            ];
            let _ = request.respond(with_headers(response, &headers));
        }
        Target::NotFound => not_found(request, ctx, &snapshot),
        Target::File(path) if snapshot.building => {
            match ctx.shared.early_file(&path, PENDING_WAIT) {
                EarlyAnswer::File(body) => serve_file(request, ctx, &snapshot, &path, &body),
                // Whether it is a file, a redirect or missing is known now.
                EarlyAnswer::Built(built) => respond(request, ctx, built),
                EarlyAnswer::TimedOut => {
                    let _ = request.respond(plain(503, "Still building; reload.\n"));
                }
            }
        }
        Target::File(path) => {
            let snapshot = if snapshot.is_pending(&path) {
                match ctx.shared.ready(&path, PENDING_WAIT) {
                    Some(s) => s,
                    None => {
                        let _ = request.respond(plain(503, "Still rendering; reload.\n"));
                        return;
                    }
                }
            } else {
                snapshot
            };
            match snapshot.files.get(&path) {
                Some(body) => serve_file(request, ctx, &snapshot, &path, body),
                None => not_found(request, ctx, &snapshot),
            }
        }
    }
}

fn not_found(request: Request, ctx: &Context, snapshot: &Snapshot) {
    let page = match snapshot.files.get("404.html") {
        Some(Body::Bytes(page)) => Some(page.clone()),
        Some(Body::Stored(blob)) => blob.read().ok().map(Arc::from),
        _ => None,
    };
    if let Some(page) = page {
        respond_bytes(request, ctx, snapshot, "404.html", &page, 404);
        return;
    }
    // No site yet (the first build failed): still show the overlay.
    let page: Arc<[u8]> = Arc::from(
        &b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Not found</title></head>\
           <body><p>Not found.</p></body></html>"[..],
    );
    respond_bytes(request, ctx, snapshot, "404.html", &page, 404);
}

fn serve_file(request: Request, ctx: &Context, snapshot: &Snapshot, path: &str, body: &Body) {
    match body {
        Body::Bytes(bytes) => respond_bytes(request, ctx, snapshot, path, bytes, 200),
        // HTML gets the live-reload snippet, so a stored file is read whole.
        Body::Stored(blob) => match blob.read() {
            Ok(bytes) => respond_bytes(request, ctx, snapshot, path, &Arc::from(bytes), 200),
            Err(_) => not_found(request, ctx, snapshot),
        },
        Body::File(source) => match open_inside(source, &ctx.root) {
            Some((file, len)) => {
                let response = Response::new(StatusCode(200), Vec::new(), file, Some(len), None);
                send(
                    request,
                    &ctx.senders,
                    with_headers(response, &file_headers(path)),
                    len,
                );
            }
            None => not_found(request, ctx, snapshot),
        },
    }
}

/// Responses larger than this are written by a thread of their own, so a client that
/// reads slowly (or not at all) holds that thread until the write timeout, never a
/// worker. Smaller ones fit in the socket's buffer and are written at once.
const BIG: usize = 128 * 1024;
/// At most this many such threads; beyond it the worker writes (and may wait).
const MAX_BIG_SENDERS: usize = 64;

/// The threads writing big responses, counted so that there are never more than
/// `MAX_BIG_SENDERS`. One count per server, shared by its workers.
#[derive(Default)]
struct BigSenders(Arc<AtomicUsize>);

/// One sender thread's place; dropping it (when the thread ends) frees it.
struct SenderPlace(Arc<AtomicUsize>);

impl BigSenders {
    fn reserve(&self) -> Option<SenderPlace> {
        self.0
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < MAX_BIG_SENDERS).then_some(n + 1)
            })
            .ok()
            .map(|_| SenderPlace(Arc::clone(&self.0)))
    }
}

impl Drop for SenderPlace {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn send<R: Read + Send + 'static>(
    request: Request,
    senders: &BigSenders,
    response: Response<R>,
    len: usize,
) {
    let place = if len > BIG { senders.reserve() } else { None };
    let Some(place) = place else {
        let _ = request.respond(response);
        return;
    };
    // If no thread can be started, the request goes with the closure and tiny_http
    // answers it with a 500; the place is freed either way.
    let _ = std::thread::Builder::new()
        .name("ownbook-send".into())
        .spawn(move || {
            let _place = place;
            // The client may have gone away mid-response; nothing to do then.
            let _ = request.respond(response);
        });
}

/// Sends bytes of the site; HTML gets the live-reload snippet (and the overlay).
fn respond_bytes(
    request: Request,
    ctx: &Context,
    snapshot: &Snapshot,
    path: &str,
    bytes: &Arc<[u8]>,
    status: u16,
) {
    let headers = file_headers(path);
    if headers[0].1.starts_with("text/html") {
        let html = inject(bytes, &reload::snippet(snapshot));
        let len = html.len();
        let response = Response::from_data(html).with_status_code(status);
        send(request, &ctx.senders, with_headers(response, &headers), len);
    } else {
        let len = bytes.len();
        let response = Response::new(
            StatusCode(status),
            Vec::new(),
            Cursor::new(bytes.clone()),
            Some(len),
            None,
        );
        send(request, &ctx.senders, with_headers(response, &headers), len);
    }
}

fn file_headers(path: &str) -> [(&'static str, &'static str); 3] {
    [
        ("Content-Type", content_type(path)),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ]
}

/// Opens a copied file, unless it (or a symlink on its way) now leads out of `root`.
fn open_inside(source: &Path, root: &Path) -> Option<(std::fs::File, usize)> {
    let real = source.canonicalize().ok()?;
    if !real.starts_with(root) {
        return None;
    }
    let file = std::fs::File::open(&real).ok()?;
    let meta = file.metadata().ok().filter(std::fs::Metadata::is_file)?;
    Some((file, usize::try_from(meta.len()).ok()?))
}

/// Inserts `snippet` before the last `</body>` (any case), or at the end.
pub fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    const TAG: &[u8] = b"</body>";
    let at = html
        .windows(TAG.len())
        .rposition(|w| w.eq_ignore_ascii_case(TAG))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn plain(status: u16, text: &str) -> Response<Cursor<Vec<u8>>> {
    with_headers(
        Response::from_string(text).with_status_code(status),
        &[("Cache-Control", "no-store")],
    )
}

fn with_headers<R: std::io::Read>(
    mut response: Response<R>,
    headers: &[(&str, &str)],
) -> Response<R> {
    for (name, value) in headers {
        // Names and values are ASCII without line breaks (a redirect's location comes
        // from the request target, which tiny_http accepts only as ASCII).
        if let Ok(h) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Snapshot {
        let files = [
            "index.html",
            "guide/index.html",
            "guide/a b/index.html",
            "style.css",
        ]
        .into_iter()
        .map(|p| crate::output::OutputFile::text(p, String::new()))
        .collect();
        Snapshot::from_files(files, "b.1".into(), vec!["print.html".into()], None)
    }

    #[test]
    fn folders_files_and_redirects() {
        let s = site();
        assert_eq!(resolve("/", &s), Target::File("index.html".into()));
        assert_eq!(resolve("/?q=1", &s), Target::File("index.html".into()));
        assert_eq!(
            resolve("/guide/", &s),
            Target::File("guide/index.html".into())
        );
        assert_eq!(
            resolve("/guide/a%20b/", &s),
            Target::File("guide/a b/index.html".into())
        );
        assert_eq!(
            resolve("/guide?x=1", &s),
            Target::Redirect("/guide/?x=1".into())
        );
        assert_eq!(
            resolve("/print.html", &s),
            Target::File("print.html".into())
        );
        assert_eq!(resolve("/style.css", &s), Target::File("style.css".into()));
        assert_eq!(resolve("/__ownbook/events", &s), Target::Events);
        assert_eq!(resolve("/__ownbook/other", &s), Target::NotFound);
    }

    #[test]
    fn nothing_outside_the_site() {
        let s = site();
        for bad in [
            "/../index.html",
            "/guide/../index.html",
            "/%2e%2e/index.html",
            "/guide/%2E%2E/index.html",
            "/guide\\..\\index.html",
            "//index.html",
            "/./index.html",
            "/guide//",
            "/%ff/",
            "/%zz",
            "/C:/index.html",
            "/guide/%00",
            "index.html",
            "*",
        ] {
            assert_eq!(resolve(bad, &s), Target::NotFound, "{bad}");
        }
        assert_eq!(
            resolve(&format!("/{}", "a".repeat(MAX_URL)), &s),
            Target::TooLong
        );
    }

    #[test]
    fn the_snippet_goes_before_the_last_body_end() {
        let html = b"<html><body><p>x</p></BODY></html>";
        assert_eq!(
            String::from_utf8_lossy(&inject(html, "<s>")),
            "<html><body><p>x</p><s></BODY></html>"
        );
        assert_eq!(String::from_utf8_lossy(&inject(b"<p>", "<s>")), "<p><s>");
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/b.HTML"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.woff2"), "font/woff2");
        assert_eq!(
            content_type("teams/x/calendar.ics"),
            "text/calendar; charset=utf-8"
        );
        assert_eq!(content_type("guide/x.md"), "text/markdown; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
