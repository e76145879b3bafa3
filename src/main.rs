//! The `ownbook` command: parses arguments, calls the library, prints diagnostics and
//! maps the outcome to an exit code (0 ok, 1 errors in the handbook, 2 fatal).

mod cli;

use clap::Parser;
use std::process::ExitCode;

// A build allocates and frees a page's worth of strings per page on every core; with
// the system allocator a 50,000-page build spent a fifth of its time in malloc and
// grew slower per page as its heap grew. mimalloc keeps per-thread free lists.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    no_transparent_huge_pages();
    let args = cli::Cli::parse();
    if matches!(args.command, cli::Command::Serve { .. }) {
        purge_freed_memory_soon();
    } else {
        quiet_broken_pipe();
    }
    match cli::run(args) {
        Ok(code) => code,
        Err(fatal) => {
            eprint!("{}", render_fatal(&fatal));
            match fatal {
                ownbook::diag::Fatal::Diagnostics(_) => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    }
}

/// mimalloc asks Linux for transparent huge pages, and each first touch of one makes
/// the kernel zero 2 MB. A build touches its memory sparsely (a page's strings here,
/// an index block there), so on a 10,000-page handbook the zeroing took a fifth of
/// the CPU time and added 25 MB of peak memory; with small pages the same build
/// spends 40% less time in the kernel. This only changes how this process's memory
/// is mapped, and failing to change it is harmless.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and only sets a flag on this
    // process; no memory is passed to the kernel.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// mimalloc's option for how long freed memory stays with the process before it is
/// given back: `mi_option_purge_delay` in mimalloc v3's mimalloc.h (the version the
/// `mimalloc` crate builds by default); its Rust bindings do not name it.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

unsafe extern "C" {
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// mimalloc's own purge delay, put back by [`purge_freed_memory_as_usual`].
static USUAL_PURGE_DELAY: std::sync::OnceLock<std::ffi::c_long> = std::sync::OnceLock::new();

/// `serve`'s lean mode (see `ownbook::serve::AllocatorModes`): a large site's peak
/// comes while each phase frees most of what it allocated and the next allocates
/// more, and with mimalloc's usual delay (a second) the freed memory stays with the
/// process meanwhile. Given back after 10 ms instead, serve's peak at 50,000 pages
/// after 25 edits went from 1,299 to 1,216 MB. The rebuild after an edit runs with
/// the usual delay: giving memory back during it cost 10-20 ms of each edit at
/// 10,000 pages.
fn purge_freed_memory_soon() {
    // SAFETY: reads and sets one of mimalloc's integer options, which any thread may.
    unsafe {
        let _ = USUAL_PURGE_DELAY.set(mi_option_get(MI_OPTION_PURGE_DELAY));
        mi_option_set(MI_OPTION_PURGE_DELAY, 10);
    }
}

/// `serve`'s fast mode: mimalloc's usual purge delay (see [`purge_freed_memory_soon`]).
fn purge_freed_memory_as_usual() {
    if let Some(&delay) = USUAL_PURGE_DELAY.get() {
        // SAFETY: as in `purge_freed_memory_soon`.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, delay) }
    }
}

/// `ownbook check --format sarif | head` should stop quietly when `head` has read
/// enough, as other command-line tools do, instead of panicking on the closed pipe.
/// Rust ignores SIGPIPE by default; the one-shot commands take back the default.
/// `serve` keeps ignoring it, so a browser that closes a connection cannot stop it.
fn quiet_broken_pipe() {
    #[cfg(unix)]
    // SAFETY: resets one signal to its default disposition before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn render_fatal(fatal: &ownbook::diag::Fatal) -> String {
    match fatal {
        ownbook::diag::Fatal::Diagnostics(d) => ownbook::diag::render_text(d),
        other => format!("error: {other}\n"),
    }
}
