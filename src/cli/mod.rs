//! Command-line interface: the dispatch of each command (read by clap, `args.rs`)
//! to the library, and what it prints.

mod args;
mod progress;

pub use args::*;
use ownbook::diag::{self, Fatal};
use ownbook::find_root;
use ownbook::new as skeleton;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(cli: Cli) -> Result<ExitCode, Fatal> {
    match cli.command {
        Command::Init { dir, org, empty } => init(&dir, org.as_deref(), empty),
        Command::Build {
            site,
            out,
            timings,
            cache,
        } => build(&site, out, timings, &cache),
        Command::New {
            kind,
            id,
            owner,
            tier,
            root,
        } => new(kind, &id, (owner, tier), root.as_deref()),
        Command::Serve {
            site,
            port,
            bind,
            open,
            poll,
            cache,
        } => {
            let mut build = site.options(None);
            build.cache_dir = cache.folder(&build);
            ownbook::serve::serve(ownbook::serve::ServeOptions {
                build,
                port,
                bind,
                open,
                poll,
                allocator: Some(ownbook::serve::AllocatorModes {
                    lean: crate::purge_freed_memory_soon,
                    fast: crate::purge_freed_memory_as_usual,
                }),
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { site, format } => Ok(check(&site, format)),
        Command::Import { source } => import(source),
        Command::Diff {
            rev,
            root,
            format,
            fail_on,
        } => Ok(diff(&rev, root.as_deref(), format, fail_on)),
        Command::Export { target } => export(target),
        Command::Schema { out, force } => schema(&out, force),
    }
}

fn init(dir: &Path, org: Option<&str>, empty: bool) -> Result<ExitCode, Fatal> {
    let n = ownbook::init::init(dir, org, empty)?;
    eprintln!(
        "Created a handbook in {} ({n} files). Next: cd {} && ownbook serve",
        dir.display(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn build(
    site: &SiteArgs,
    out: Option<PathBuf>,
    timings: bool,
    cache: &CacheArgs,
) -> Result<ExitCode, Fatal> {
    let mut opts = site.options(out);
    opts.cache_dir = cache.folder(&opts);
    let bar = progress::Bar::start(timings);
    let result = ownbook::build(&opts);
    if let Some(bar) = &bar {
        bar.finish(result.as_ref().ok().map(|r| &r.timings));
    }
    let report = result?;
    eprint!("{}", diag::render_text(&report.diags));
    if timings {
        eprint!("Build phases:\n{}", report.timings.render());
        if !report.search_timings.is_empty() {
            eprint!(
                "Search index steps (beside print.html):\n{}",
                report.search_timings.render()
            );
        }
        if let Some((reused, rendered)) = report.cache_use {
            eprintln!("Build cache: {reused} pages reused, {rendered} rendered");
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

/// `ownbook new`; `service` is the `--owner` and `--tier` given.
fn new(
    kind: NewKind,
    id: &str,
    service: (Option<String>, Option<u32>),
    root: Option<&Path>,
) -> Result<ExitCode, Fatal> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let root = find_root(root, &cwd);
    let entry = match (kind, service) {
        (NewKind::Service, (owner, tier)) => skeleton::Entry::Service { owner, tier },
        (NewKind::Team, (None, None)) => skeleton::Entry::Team,
        (NewKind::Team, _) => {
            return Err(Fatal::Refused(
                "--owner and --tier are for a new service; a team has neither\n  = hint: leave them out, e.g. `ownbook new team checkout`".into(),
            ));
        }
    };
    let created = skeleton::create(&root, &entry, id)?;
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

/// `ownbook check`: 1 when there is an error.
fn check(site: &SiteArgs, format: Format) -> ExitCode {
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
    if diags.iter().any(diag::Diagnostic::is_error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn schema(out: &Path, force: bool) -> Result<ExitCode, Fatal> {
    let (written, unchanged) = ownbook::schema::write(out, force)?;
    println!(
        "Wrote the JSON Schemas into {}: {} file{} written, {} unchanged.",
        out.display(),
        written.len(),
        if written.len() == 1 { "" } else { "s" },
        unchanged.len()
    );
    Ok(ExitCode::SUCCESS)
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
        ExportTarget::Codeowners { out } => {
            let opts = options(out);
            (export::codeowners::export(&opts)?, opts.out)
        }
    };
    print!("{}", export::render_outcome(&outcome, &out));
    Ok(ExitCode::SUCCESS)
}

fn import(source: ImportSource) -> Result<ExitCode, Fatal> {
    let (outcome, into) = match source {
        ImportSource::Mkdocs {
            path,
            into,
            force,
            translation: None,
            ..
        } => (ownbook::import::mkdocs::import(&path, &into, force)?, into),
        ImportSource::Mkdocs {
            path,
            into,
            force,
            translation: Some(other),
            language,
        } => {
            let translation = ownbook::import::mkdocs::Translation {
                project: &other,
                language: language.as_deref(),
            };
            let outcome =
                ownbook::import::mkdocs::import_bilingual(&path, &translation, &into, force)?;
            (outcome, into)
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
