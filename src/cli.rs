//! Command-line interface: clap definitions and the dispatch to the library.

mod new_cmd;

use clap::{Args, Parser, Subcommand, ValueEnum};
use ownbook::diag::{self, Fatal};
use ownbook::{BuildOptions, find_root};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
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
        /// The organization's name, used throughout the guide; its slug replaces the
        /// example company's in URLs and e-mail addresses (acme-grocery.example).
        #[arg(long)]
        org: Option<String>,
        /// Start from a skeleton (a home page, one guide page, one team, one service)
        /// instead of the example handbook.
        #[arg(long)]
        empty: bool,
    },
    /// Build the site into the output folder (atomically).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder (default: public/ in the handbook).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print the wall time of each build phase.
        #[arg(long)]
        timings: bool,
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
    /// Compare the catalog at a git revision with the working tree, as Markdown for a
    /// pull-request comment (or JSON).
    Diff {
        /// The revision to compare with: a branch, tag or commit (`origin/main`, `HEAD~1`).
        rev: String,
        /// Handbook folder (default: the nearest folder upwards holding ownbook.toml).
        #[arg(long)]
        root: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
        format: DiffFormat,
        /// Exit with status 1 when the working tree has an error the revision did not.
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
    },
    /// Import an MkDocs handbook or a Backstage catalog.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Write the catalog for the tools that page people and list services.
    Export {
        #[command(subcommand)]
        target: ExportTarget,
    },
    /// Write the JSON Schemas of service, team and ownbook.toml files and of
    /// catalog.json, for editors and CI (`ownbook init` puts them in schemas/).
    Schema {
        /// Folder to write into (created if missing), e.g. schemas.
        #[arg(long)]
        out: PathBuf,
        /// Overwrite files that already exist with other contents.
        #[arg(long)]
        force: bool,
    },
    /// Write a skeleton catalog file that passes `ownbook check`, ready to fill in.
    New(new_cmd::NewArgs),
}

#[derive(Subcommand, Debug)]
pub enum ImportSource {
    /// Turn an MkDocs project (mkdocs.yml, its nav and docs folder) into a handbook.
    Mkdocs {
        /// The MkDocs project folder, or its mkdocs.yml.
        path: PathBuf,
        /// Handbook folder to write into (default: the current folder).
        #[arg(long, default_value = ".")]
        into: PathBuf,
        /// Overwrite files that already exist with other contents.
        #[arg(long)]
        force: bool,
    },
    /// Turn Backstage catalog YAML (Component, API, Resource, System, Group, User,
    /// Location) into content/services/*.toml and content/teams/*.toml.
    Backstage {
        /// catalog-info.yaml files, or folders to search for *.yaml / *.yml.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Handbook folder to write into (default: the nearest folder upwards holding
        /// ownbook.toml).
        #[arg(long)]
        into: Option<PathBuf>,
        /// Overwrite files that already exist with other contents.
        #[arg(long)]
        force: bool,
        /// Your PagerDuty account's address, for links to PagerDuty services.
        #[arg(long, default_value = "https://app.pagerduty.com")]
        pagerduty_url: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ExportTarget {
    /// Terraform for the PagerDuty provider: teams, users, schedules, escalation
    /// policies, services and their dependencies.
    Pagerduty {
        #[command(flatten)]
        out: ExportArgs,
        /// `v1` writes pagerduty_schedule (every account); `v2` writes
        /// pagerduty_schedulev2 rotations (accounts with the v3 schedules API).
        #[arg(long, value_enum, default_value_t = ScheduleVersion::V1)]
        schedules: ScheduleVersion,
    },
    /// catalog-info.yaml for Backstage: Components, Resources, Groups, Users, Systems.
    Backstage {
        #[command(flatten)]
        out: ExportArgs,
    },
    /// opslevel.yml per service.
    Opslevel {
        #[command(flatten)]
        out: ExportArgs,
    },
    /// OpenSLO v1 SLO documents from each service's [[slos]].
    Openslo {
        #[command(flatten)]
        out: ExportArgs,
    },
}

/// Where an export reads and writes.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Handbook folder (default: the nearest folder upwards holding ownbook.toml).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Folder to write into (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Overwrite files that already exist with other contents.
    #[arg(long)]
    pub force: bool,
}

/// Which PagerDuty schedule resource to write.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ScheduleVersion {
    V1,
    V2,
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
    /// For people: each problem with its source line and a caret.
    Text,
    /// A JSON array of diagnostics, for scripts.
    Json,
    /// GitHub Actions workflow commands: each problem shows on its line of a pull request.
    Github,
    /// A GitLab Code Quality report: each problem shows in a merge request's diff.
    Gitlab,
    /// SARIF 2.1.0, for code-scanning tools (GitHub, GitLab, Azure DevOps).
    Sarif,
}

/// How `ownbook diff` writes its result.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// For a pull-request comment.
    Markdown,
    /// A stable JSON document, for scripts.
    Json,
}

/// When `ownbook diff` fails.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// The change introduces an error (a rule result of severity error that the
    /// revision did not have).
    NewErrors,
}

pub fn run(cli: Cli) -> Result<ExitCode, Fatal> {
    match cli.command {
        Command::Init { dir, org, empty } => {
            let n = ownbook::init::init(&dir, org.as_deref(), empty)?;
            eprintln!(
                "Created a handbook in {} ({n} files). Next: cd {} && ownbook serve",
                dir.display(),
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Build { site, out, timings } => {
            let report = ownbook::build(&site.options(out))?;
            eprint!("{}", diag::render_text(&report.diags));
            if timings {
                eprint!("Build phases:\n{}", report.timings.render());
                if !report.search_timings.is_empty() {
                    eprint!(
                        "Search index steps (beside print.html):\n{}",
                        report.search_timings.render()
                    );
                }
            }
            eprintln!(
                "Built {} pages ({} files) into {} in {} ms",
                report.pages,
                report.files,
                report.out.display(),
                report.millis
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::New(args) => new_cmd::run(args),
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
            let options = site.options(None);
            let diags = ownbook::check(&options);
            let prefix = || location_prefix(&options.root);
            match format {
                Format::Text => {
                    eprint!("{}", diag::render_text(&diags));
                    if diags.is_empty() {
                        eprintln!("No problems found.");
                    }
                }
                Format::Json => println!("{}", diag::render_json(&diags)),
                Format::Github => print!("{}", diag::render_github(&diags, &prefix())),
                Format::Gitlab => println!("{}", diag::render_gitlab(&diags, &prefix())),
                Format::Sarif => {
                    let describe = |code: &str| ownbook::config::describe_rule(code);
                    let version = env!("CARGO_PKG_VERSION");
                    println!(
                        "{}",
                        diag::render_sarif(&diags, &prefix(), version, &describe)
                    );
                }
            }
            let failed = diags.iter().any(diag::Diagnostic::is_error);
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Import { source } => import(source),
        Command::Diff {
            rev,
            root,
            format,
            fail_on,
        } => Ok(diff(&rev, root.as_deref(), format, fail_on)),
        Command::Export { target } => export(target),
        Command::Schema { out, force } => {
            let (written, unchanged) = ownbook::schema::write(&out, force)?;
            println!(
                "Wrote the JSON Schemas into {}: {} file{} written, {} unchanged.",
                out.display(),
                written.len(),
                if written.len() == 1 { "" } else { "s" },
                unchanged.len()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `ownbook diff`: 0 when compared (and, with `--fail-on new-errors`, no error is
/// new), 1 when an error is new, 2 when the comparison could not be made.
fn diff(rev: &str, root: Option<&Path>, format: DiffFormat, fail_on: Option<FailOn>) -> ExitCode {
    let cwd = std::env::current_dir().unwrap_or_default();
    let root = find_root(root, &cwd);
    let diff = match ownbook::diff::diff(&root, rev, &ownbook::dates::today()) {
        Ok(diff) => diff,
        Err(diags) => {
            eprint!("{}", diag::render_text(&diags));
            return ExitCode::from(2);
        }
    };
    match format {
        DiffFormat::Markdown => print!("{}", ownbook::diff::markdown(&diff)),
        DiffFormat::Json => print!("{}", ownbook::diff::json(&diff)),
    }
    let new_errors = diff.new_errors();
    if fail_on == Some(FailOn::NewErrors) && new_errors > 0 {
        eprintln!("error: the change introduces {new_errors} new error(s); see \"Check results\"");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// The handbook's folder as CI tools name files: relative to the folder `check` runs
/// in (the repository's root in CI), with a trailing `/`; empty when it is that folder.
fn location_prefix(root: &Path) -> String {
    let cwd = std::env::current_dir().and_then(|d| d.canonicalize());
    let root_abs = root.canonicalize();
    let (Ok(cwd), Ok(root_abs)) = (cwd, root_abs) else {
        return String::new();
    };
    let shown = match root_abs.strip_prefix(&cwd) {
        Ok(relative) => relative.to_path_buf(),
        Err(_) => root_abs,
    };
    let mut prefix = shown.to_string_lossy().replace('\\', "/");
    if !prefix.is_empty() && !prefix.ends_with('/') {
        prefix.push('/');
    }
    prefix
}

fn export(target: ExportTarget) -> Result<ExitCode, Fatal> {
    use ownbook::export;
    let options = |args: ExportArgs| {
        let cwd = std::env::current_dir().unwrap_or_default();
        export::Options {
            root: find_root(args.root.as_deref(), &cwd),
            out: args.out,
            force: args.force,
        }
    };
    let (outcome, out) = match target {
        ExportTarget::Pagerduty { out, schedules } => {
            let opts = options(out);
            let v2 = schedules == ScheduleVersion::V2;
            (export::pagerduty::export(&opts, v2)?, opts.out)
        }
        ExportTarget::Backstage { out } => {
            let opts = options(out);
            (export::backstage::export(&opts)?, opts.out)
        }
        ExportTarget::Opslevel { out } => {
            let opts = options(out);
            (export::opslevel::export(&opts)?, opts.out)
        }
        ExportTarget::Openslo { out } => {
            let opts = options(out);
            (export::openslo::export(&opts)?, opts.out)
        }
    };
    print!("{}", export::render_outcome(&outcome, &out));
    Ok(ExitCode::SUCCESS)
}

fn import(source: ImportSource) -> Result<ExitCode, Fatal> {
    let (outcome, into) = match source {
        ImportSource::Mkdocs { path, into, force } => {
            (ownbook::import::mkdocs::import(&path, &into, force)?, into)
        }
        ImportSource::Backstage {
            paths,
            into,
            force,
            pagerduty_url,
        } => {
            let cwd = std::env::current_dir().unwrap_or_default();
            let into = find_root(into.as_deref(), &cwd);
            let opts = ownbook::import::backstage::Options {
                pagerduty_url,
                force,
            };
            (
                ownbook::import::backstage::import(&paths, &into, &opts)?,
                into,
            )
        }
    };
    print!("{}", ownbook::import::render_outcome(&outcome, &into));
    eprintln!(
        "Next: ownbook build --root {} (then review the list above)",
        into.display()
    );
    Ok(ExitCode::SUCCESS)
}
