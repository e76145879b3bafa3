//! Command-line interface: clap definitions and the dispatch to the library.

use clap::{Parser, Subcommand, ValueEnum};
use ownbook::diag::{self, Fatal};
use ownbook::{BuildOptions, find_root};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Turn an ownership handbook (guide + service catalog) into a static site.
#[derive(Parser, Debug)]
#[command(name = "ownbook", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a new handbook with the bundled guide, example catalog and theme.
    Init {
        /// Folder to create (must be empty or not exist).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The organization's name, used throughout the guide.
        #[arg(long)]
        org: Option<String>,
    },
    /// Build the site into the output folder (atomically).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder (default: public/ in the handbook).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Serve the site with live reload: rebuilds on every change and reloads open pages.
    /// Nothing is written to disk.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Port to listen on (default: 1111, or the next free one).
        #[arg(long)]
        port: Option<u16>,
        /// Address to listen on. Anything but loopback lets other machines read the site.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Check the files for changes every half second instead of relying on the
        /// OS's change events (network drives, some containers).
        #[arg(long)]
        poll: bool,
    },
    /// Run every check without writing output; exits 1 when there are errors.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Output format of the diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// Options shared by the commands that read a handbook.
#[derive(clap::Args, Debug)]
pub struct SiteArgs {
    /// Handbook folder (default: the nearest folder upwards holding ownbook.toml).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Base URL of the published site, e.g. https://intranet.example.com/handbook/.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}

impl SiteArgs {
    fn options(&self, out: Option<PathBuf>) -> BuildOptions {
        let cwd = std::env::current_dir().unwrap_or_default();
        BuildOptions {
            root: find_root(self.root.as_deref(), &cwd),
            out,
            base_url: self.base_url.clone(),
            drafts: self.drafts,
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(cli: Cli) -> Result<ExitCode, Fatal> {
    match cli.command {
        Command::Init { dir, org } => {
            let n = ownbook::init::init(&dir, org.as_deref())?;
            eprintln!(
                "Created a handbook in {} ({n} files). Next: cd {} && ownbook serve",
                dir.display(),
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Build { site, out } => {
            let report = ownbook::build(&site.options(out))?;
            eprint!("{}", diag::render_text(&report.diags));
            eprintln!(
                "Built {} pages ({} files) into {} in {} ms",
                report.pages,
                report.files,
                report.out.display(),
                report.millis
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            site,
            port,
            bind,
            open,
            poll,
        } => {
            ownbook::serve::serve(ownbook::serve::ServeOptions {
                build: site.options(None),
                port,
                bind,
                open,
                poll,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { site, format } => {
            let diags = ownbook::check(&site.options(None));
            match format {
                Format::Text => {
                    eprint!("{}", diag::render_text(&diags));
                    if diags.is_empty() {
                        eprintln!("No problems found.");
                    }
                }
                Format::Json => println!("{}", diag::render_json(&diags)),
            }
            let failed = diags.iter().any(diag::Diagnostic::is_error);
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}
