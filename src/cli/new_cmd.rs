//! `ownbook new`: its arguments and what it prints, kept beside cli.rs so that the
//! dispatch there stays one line per command.

use clap::{Args, ValueEnum};
use ownbook::diag::Fatal;
use ownbook::find_root;
use ownbook::new as skeleton;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `ownbook new`.
#[derive(Args, Debug)]
pub struct NewArgs {
    /// What to create.
    #[arg(value_enum)]
    kind: NewKind,
    /// The id: lowercase letters, digits and `-` (becomes the file name).
    id: String,
    /// The team that owns a new service (an id from content/teams/); may be left out
    /// when the handbook has exactly one team.
    #[arg(long, value_name = "TEAM")]
    owner: Option<String>,
    /// A new service's tier: 1 is the most critical (default: the least critical).
    #[arg(long, value_name = "N")]
    tier: Option<u32>,
    /// Handbook folder (default: the nearest folder upwards holding ownbook.toml).
    #[arg(long)]
    root: Option<PathBuf>,
}

/// The kinds of catalog entry `ownbook new` creates.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// content/services/ID.toml, owned by --owner (or the handbook's only team).
    Service,
    /// content/teams/ID.toml, with members, a rotation and an escalation policy.
    Team,
}

/// Writes the skeleton and tells the user what to do next.
pub fn run(args: NewArgs) -> Result<ExitCode, Fatal> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let root = find_root(args.root.as_deref(), &cwd);
    let entry = match args.kind {
        NewKind::Service => skeleton::Entry::Service {
            owner: args.owner,
            tier: args.tier,
        },
        NewKind::Team if args.owner.is_some() || args.tier.is_some() => {
            return Err(Fatal::Refused(
                "--owner and --tier are for a new service; a team has neither\n  = hint: leave them out, e.g. `ownbook new team checkout`".into(),
            ));
        }
        NewKind::Team => skeleton::Entry::Team,
    };
    let created = skeleton::create(&root, &entry, &args.id)?;
    let path = &created.path;
    let shown = path.strip_prefix(&root).unwrap_or(path);
    eprintln!(
        "Created {}. Fill it in, then run `ownbook check`.",
        shown.display()
    );
    if !created.schemas.is_empty() {
        eprintln!(
            "note: wrote {} JSON Schema file{} into schemas/, which its `#:schema` line points TOML editors at",
            created.schemas.len(),
            if created.schemas.len() == 1 { "" } else { "s" }
        );
    }
    Ok(ExitCode::SUCCESS)
}
