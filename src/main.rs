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
    let args = cli::Cli::parse();
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

fn render_fatal(fatal: &ownbook::diag::Fatal) -> String {
    match fatal {
        ownbook::diag::Fatal::Diagnostics(d) => ownbook::diag::render_text(d),
        other => format!("error: {other}\n"),
    }
}
