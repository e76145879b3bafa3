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
    if !matches!(args.command, cli::Command::Serve { .. }) {
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
