//! The command line as clap reads it: commands, their arguments and options.

use clap::{Args, Parser, Subcommand, ValueEnum};
use ownbook::{BuildOptions, find_root};
use std::net::IpAddr;
use std::path::PathBuf;

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
        #[command(flatten)]
        cache: CacheArgs,
    },
    /// Serve the site with live reload: rebuilds on every change and reloads open pages.
    /// The output folder is left alone: the site is kept in a store in the temporary
    /// folder, and only the pages' outlines go into the build cache (see --no-cache).
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
        /// The build cache: the first build keeps each page's headings and links there,
        /// so that the next start parses only the pages that changed.
        #[command(flatten)]
        cache: CacheArgs,
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
    New {
        /// What to create.
        #[arg(value_enum)]
        kind: NewKind,
        /// The id: lowercase letters, digits and `-` (becomes the file name).
        id: String,
        /// The team that owns a new service (an id from content/teams/); may be left
        /// out when the handbook has exactly one team.
        #[arg(long, value_name = "TEAM")]
        owner: Option<String>,
        /// A new service's tier: 1 is the most critical (default: the least critical).
        #[arg(long, value_name = "N")]
        tier: Option<u32>,
        /// Handbook folder (default: the nearest folder upwards holding ownbook.toml).
        #[arg(long)]
        root: Option<PathBuf>,
    },
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
        /// The translated edition of the same guide (its project folder or
        /// mkdocs.yml): its pages become `page.<lang>.md` beside the pages at the same
        /// place in the nav, in one bilingual handbook.
        #[arg(long, visible_alias = "translation-of", value_name = "OTHER")]
        translation: Option<PathBuf>,
        /// The translated edition's language code (default: its `theme.language`).
        #[arg(long, requires = "translation")]
        language: Option<String>,
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
    /// A CODEOWNERS file from services' `paths` and teams' `code_owner`, written as
    /// CODEOWNERS in the --out folder (e.g. --out .github).
    Codeowners {
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

/// The kinds of catalog entry `ownbook new` creates.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// content/services/ID.toml, owned by --owner (or the handbook's only team).
    Service,
    /// content/teams/ID.toml, with members, a rotation and an escalation policy.
    Team,
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
    pub fn options(&self, out: Option<PathBuf>) -> BuildOptions {
        let cwd = std::env::current_dir().unwrap_or_default();
        BuildOptions {
            root: find_root(self.root.as_deref(), &cwd),
            out,
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            cache_dir: None,
        }
    }
}

/// Where `build` and `serve` keep their persistent cache.
#[derive(Args, Debug, Clone)]
pub struct CacheArgs {
    /// Folder of the build cache (default: .ownbook-cache/ beside the output folder).
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    pub cache_dir: Option<PathBuf>,
    /// Build without reading or writing the build cache.
    #[arg(long)]
    pub no_cache: bool,
}

impl CacheArgs {
    /// The cache folder for a build with `opts`, or `None` for `--no-cache`.
    pub fn folder(&self, opts: &BuildOptions) -> Option<PathBuf> {
        if self.no_cache {
            return None;
        }
        Some(
            self.cache_dir
                .clone()
                .unwrap_or_else(|| opts.default_cache_dir()),
        )
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
