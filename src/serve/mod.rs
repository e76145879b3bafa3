//! `ownbook serve`: builds the site into memory, serves it over HTTP, watches the
//! inputs and, after each change, rebuilds what changed and tells open pages to
//! reload.
//!
//! ```text
//! watcher thread (notify; from the end of the first build, `catch_up` before it)
//!     ─► Batcher (debounce, editor quirks) ─► Session::rebuild
//!     ─► Shared::set(snapshot)  ─► Hub::broadcast(state)   [then deferred files]
//! HTTP workers (tiny_http) ─► Shared::get() ─► file | redirect | 404 | event stream
//! ```
//!
//! The site is served from memory and nothing is written to disk, so the user's
//! `public/` is never touched. A snapshot is swapped in whole, and pages are told to
//! reload only after that, so a reload never finds a file missing. A failed build
//! leaves the last good snapshot in place and adds an error overlay to its pages.

mod catch_up;
mod http;
mod net;
pub mod reload;
mod report;
pub mod session;
pub mod state;
pub mod watch;
// tiny_http 0.12, HTTP only, with fixes for hostile and ordinary browser clients
// and for running out of file descriptors. It lives here, not as a second crate, to
// keep the project one crate; see tiny_http/PATCHES.md for each change and how to
// drop the copy once upstream has them. It keeps upstream's formatting, so that it
// can still be compared with a release.
#[rustfmt::skip]
pub mod tiny_http;

pub use http::{Target, content_type, inject, resolve};
pub use session::{Changes, Outcome, Session};

use crate::BuildOptions;
use crate::diag::{Diagnostic, Fatal};
use reload::Hub;
use state::{Shared, Snapshot};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Sender, channel};
use watch::{Batcher, Message, Watch};

/// HTTP worker threads. Event streams do not occupy them, so a few are plenty.
const WORKERS: usize = 4;
/// How often open pages' event streams are pinged, so that those of closed pages
/// are let go (and proxies between do not time them out).
const PING_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// What `ownbook serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    /// `None`: 1111, or the next free port.
    pub port: Option<u16>,
    pub bind: IpAddr,
    /// Open the site in the default browser.
    pub open: bool,
    /// Poll the files instead of relying on the OS's change events.
    pub poll: bool,
    /// How the binary tunes its allocator between builds (see [`AllocatorModes`]).
    pub allocator: Option<AllocatorModes>,
}

/// Calls that switch the process's allocator between two modes: `serve` starts in
/// `lean`, turns to `fast` before each rebuild after an edit (its time is what the
/// editor waits for), and back to `lean` while the deferred files are made and
/// after, which is where a large site's peak is.
#[derive(Debug, Clone, Copy)]
pub struct AllocatorModes {
    /// Give freed memory back to the system soon.
    pub lean: fn(),
    /// Keep freed memory for the allocations that follow.
    pub fast: fn(),
}

/// Serves the handbook until Ctrl-C.
pub fn serve(mut opts: ServeOptions) -> Result<(), Fatal> {
    let root = opts
        .build
        .root
        .canonicalize()
        .map_err(|e| Fatal::io(&opts.build.root, e))?;
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        return Err(Fatal::Diagnostics(vec![
            Diagnostic::error(
                "config",
                format!("no {} in {}", crate::config::CONFIG_FILE, root.display()),
            )
            .hint("run ownbook serve inside a handbook folder, pass --root DIR, or create one with `ownbook init`"),
        ]));
    }
    opts.build.root = root.clone();
    let listener = net::bind(opts.bind, opts.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Fatal::Refused(format!("cannot listen: {e}")))?;
    let mut session = Session::new(opts.build.clone());
    let shared = Arc::new(Shared::default());
    let hub = Arc::new(Hub::default());
    Hub::keep_alive(&hub, PING_EVERY);
    // Requests are answered during the first build: each page as soon as it is
    // rendered, and the pages asked for are rendered first.
    shared.set(Snapshot::building(session.next_build()));
    let ctx = Arc::new(http::Context::new(
        shared.clone(),
        hub.clone(),
        root.clone(),
    ));
    let (server, workers) = start_http(listener, ctx)?;
    let url = net::url(addr);
    eprintln!("Building; {url} answers already, each page as soon as it is ready.");

    let start = catch_up::Start::now(&root);
    session.render_early(Some(shared.clone()));
    let first = session.rebuild(&Changes {
        everything: true,
        ..Changes::default()
    });
    session.render_early(None);
    let (mut batcher, tx) = watch_from(root, opts.poll, start)?;
    let mut reporter = report::Reporter::default();
    report(&first, &mut reporter);
    shared.set(session.snapshot().clone());
    // Pages served early learn of problems the rest of the build found.
    hub.broadcast(&reload::message(session.snapshot(), None, None));

    warn_if_exposed(opts.bind);
    eprintln!(
        "Serving {} at {url} (watching {}). Press Ctrl-C to stop.",
        opts.build.root.display(),
        if batcher.watch.polling {
            "by polling"
        } else {
            "for changes"
        }
    );
    if opts.open {
        open_browser(&url);
    }
    stop_on_ctrl_c(tx.clone());

    finish_deferred(&mut session, &shared, &hub, &mut batcher);
    let mode = |pick: fn(&AllocatorModes) -> fn()| {
        if let Some(modes) = &opts.allocator {
            pick(modes)();
        }
    };
    while let Some(changes) = batcher.next_changes() {
        let before = session.snapshot().build.clone();
        mode(|m| m.fast);
        let outcome = session.rebuild(&changes);
        mode(|m| m.lean);
        shared.set(session.snapshot().clone());
        let css = match &outcome {
            Outcome::Built { css, .. } => css.as_deref(),
            Outcome::Failed { .. } => None,
        };
        hub.broadcast(&reload::message(session.snapshot(), Some(&before), css));
        report(&outcome, &mut reporter);
        finish_deferred(&mut session, &shared, &hub, &mut batcher);
    }

    hub.close_all();
    for _ in &workers {
        server.unblock();
    }
    for w in workers {
        let _ = w.join();
    }
    eprintln!("Stopped.");
    Ok(())
}

/// Says so when other machines can reach the server.
fn warn_if_exposed(bind: IpAddr) {
    if !bind.is_loopback() {
        eprintln!(
            "warning: listening on {bind}, so other machines can read the site (and the source of every page)"
        );
    }
}

/// Watches the inputs under `root` from now on, with what changed since `start` (see
/// `catch_up` for why not during the first build); the sender can stop the loop.
fn watch_from(
    root: PathBuf,
    poll: bool,
    start: catch_up::Start,
) -> Result<(Batcher, Sender<Message>), Fatal> {
    let (tx, rx) = channel();
    let watch = Watch::start(&root, poll, tx.clone())
        .map_err(|e| Fatal::Refused(format!("cannot watch {} for changes: {e}", root.display())))?;
    catch_up::send(root, start, tx.clone());
    Ok((Batcher::new(rx, watch), tx))
}

/// Ctrl-C ends the watch loop (and so `serve`) through `stop`.
fn stop_on_ctrl_c(stop: std::sync::mpsc::Sender<Message>) {
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(Message::Stop);
    }) {
        eprintln!("warning: cannot handle Ctrl-C ({e}); stop the server with a signal");
    }
}

/// The HTTP server on `listener`, and its worker threads (answering from `ctx`).
fn start_http(
    listener: std::net::TcpListener,
    ctx: Arc<http::Context>,
) -> Result<(Arc<tiny_http::Server>, Vec<std::thread::JoinHandle<()>>), Fatal> {
    let server = tiny_http::Server::from_listener(listener, net::max_connections())
        .map_err(|e| Fatal::Refused(format!("cannot start the HTTP server: {e}")))?;
    let server = Arc::new(server);
    let workers = (0..WORKERS)
        .map(|_| {
            let (server, ctx) = (server.clone(), ctx.clone());
            std::thread::spawn(move || http::work(&server, &ctx))
        })
        .collect();
    Ok((server, workers))
}

/// Renders the files the last build deferred, unless another change is already
/// waiting (the next build would make them obsolete; requests for them wait).
fn finish_deferred(session: &mut Session, shared: &Shared, hub: &Hub, batcher: &mut Batcher) {
    if !session.has_deferred() || batcher.changes_waiting() {
        return;
    }
    if let Some(report) = session.finish_deferred() {
        eprint!("{report}");
        hub.broadcast(&reload::message(session.snapshot(), None, None));
    }
    shared.set(session.snapshot().clone());
}

/// Prints a build's outcome: every diagnostic after the first build, only what
/// changed after later ones.
fn report(outcome: &Outcome, reporter: &mut report::Reporter) {
    match outcome {
        Outcome::Built {
            millis,
            stats,
            diags,
            ..
        } => {
            eprint!("{}", reporter.report(diags));
            eprintln!(
                "Built in {millis} ms ({} of {} pages rendered)",
                stats.pages_rendered,
                stats.pages_rendered + stats.pages_reused,
            );
        }
        Outcome::Failed { diags } => {
            eprint!("{}", reporter.report(diags));
            eprintln!("The build failed; still serving the last good version.");
        }
    }
}

fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if let Err(e) = std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("warning: cannot open a browser ({program}: {e}); open {url} yourself");
    }
}
