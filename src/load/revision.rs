//! The handbook at a git revision, read from git objects: its ownbook.toml and catalog
//! files, without a checkout and without touching the working tree. `ownbook diff`
//! compares it with the working tree, and the scorecard history reads one revision
//! per week. The handbook may be a folder of a larger repository. Guide pages are not
//! read: a revision gives a site of config and catalog only.

use super::catalog::{self, CatalogFile, CatalogFiles, Content};
use super::objects::{Kind, Objects};
use crate::config::{self, CONFIG_FILE};
use crate::diag::Diagnostic;
use crate::fsutil;
use crate::site::Site;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

/// The git repository a handbook is in.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The handbook's folder on disk, where git runs.
    root: PathBuf,
    /// The handbook's folder inside the repository, with a trailing `/` (`""` at the
    /// top).
    prefix: String,
}

/// The handbook's files at one commit.
pub struct Snapshot {
    /// The bytes of its ownbook.toml.
    pub config: Arc<[u8]>,
    pub files: CatalogFiles,
}

/// The handbook at a revision, as `site_at` read it.
pub struct AtRevision {
    /// Config and catalog; no pages.
    pub site: Site,
    /// What loading the revision's catalog reported.
    pub diags: Vec<Diagnostic>,
    /// The commit the revision names.
    pub commit: String,
}

/// Runs git in `dir`; its standard output, or its standard error as the failure.
fn git(dir: &Path, args: &[&str]) -> Result<Result<String, String>, Diagnostic> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| git_missing(&e))?;
    Ok(if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
    })
}

/// The error for a git that cannot be started.
pub fn git_missing(e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("git", format!("git could not be run: {e}"))
        .hint("install git and make sure the `git` command is on PATH")
}

impl Repo {
    /// The repository holding the handbook at `root`.
    pub fn open(root: &Path) -> Result<Repo, Diagnostic> {
        match git(root, &["rev-parse", "--show-prefix"])? {
            Ok(prefix) => Ok(Repo {
                root: root.to_path_buf(),
                prefix: prefix.trim_end_matches('\n').to_string(),
            }),
            Err(why) => Err(Diagnostic::error(
                "git",
                format!(
                    "the handbook folder `{}` is not inside a git repository ({})",
                    root.display(),
                    why.lines().next().unwrap_or("git rev-parse failed")
                ),
            )
            .hint("run it in a clone of the repository that holds the handbook, or pass --root")),
        }
    }

    /// The repository of the handbook at `root` and its HEAD commit, with one git
    /// process; `None` outside a repository or before the first commit.
    pub fn open_at_head(root: &Path) -> Option<(Repo, String)> {
        let out = git(root, &["rev-parse", "--show-prefix", "HEAD"])
            .ok()?
            .ok()?;
        let mut lines = out.lines();
        let prefix = lines.next()?.to_string();
        let head = lines.next()?.trim().to_string();
        let repo = Repo {
            root: root.to_path_buf(),
            prefix,
        };
        Some((repo, head))
    }

    /// The handbook's folder on disk.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The commit `rev` names (a branch, tag, `HEAD~1`, an id).
    pub fn resolve(&self, rev: &str) -> Result<String, Diagnostic> {
        let unknown = || {
            Diagnostic::error("git", format!("unknown revision `{rev}`")).hint(
                "`git log --oneline` lists the commits to compare with; in CI, fetch the branch first (`git fetch origin main`, or actions/checkout with fetch-depth: 0)",
            )
        };
        // A revision is never an option, whatever it starts with.
        if rev.is_empty() || rev.starts_with('-') {
            return Err(unknown());
        }
        let spec = format!("{rev}^{{commit}}");
        match git(&self.root, &["rev-parse", "--verify", "--quiet", &spec])? {
            Ok(out) if !out.trim().is_empty() => Ok(out.trim().to_string()),
            _ => Err(unknown()),
        }
    }

    /// A reader of the repository's objects (one git process).
    pub fn objects(&self) -> Result<Objects, Diagnostic> {
        Objects::start(&self.root)
    }

    /// The handbook's ownbook.toml and catalog files at `commit`; `None` when the
    /// commit has no ownbook.toml in the handbook's folder.
    pub fn snapshot(
        &self,
        objects: &mut Objects,
        commit: &str,
    ) -> Result<Option<Snapshot>, Diagnostic> {
        let at = |path: &str| format!("{commit}:{}{path}", self.prefix);
        let Some(config) = objects.blob(&at(CONFIG_FILE))? else {
            return Ok(None);
        };
        let mut files = CatalogFiles::default();
        for (dir, list) in [
            ("services", &mut files.services),
            ("teams", &mut files.teams),
        ] {
            *list = self.list(objects, commit, dir)?;
        }
        Ok(Some(Snapshot { config, files }))
    }

    /// The files under `content/<dir>/` at `commit` that the catalog loader reads
    /// (`.toml` and `.md`), leaving out what the walk of the working tree leaves out.
    fn list(
        &self,
        objects: &mut Objects,
        commit: &str,
        dir: &str,
    ) -> Result<Vec<CatalogFile>, Diagnostic> {
        let top = format!("{commit}:{}content/{dir}", self.prefix);
        let mut found = Vec::new();
        let mut folders = vec![(top, format!("{dir}/"))];
        while let Some((tree, rel_dir)) = folders.pop() {
            let Some(entries) = objects.tree(&tree)? else {
                continue;
            };
            for e in entries.iter() {
                if crate::walk::is_ignored_name(&e.name) {
                    continue;
                }
                let rel = format!("{rel_dir}{}", e.name);
                let wanted = rel.ends_with(".toml") || rel.ends_with(".md");
                let bytes = match e.kind {
                    Kind::Tree => {
                        folders.push((e.oid.clone(), format!("{rel}/")));
                        continue;
                    }
                    Kind::Blob if wanted => objects.blob(&e.oid)?,
                    // A link is read as the file it points to, as the working tree's
                    // walk follows it.
                    Kind::Symlink if wanted => {
                        objects.blob(&format!("{commit}:{}content/{rel}", self.prefix))?
                    }
                    _ => None,
                };
                if let Some(bytes) = bytes {
                    found.push(CatalogFile {
                        rel,
                        content: Content::Bytes(bytes),
                    });
                }
            }
        }
        Ok(found)
    }
}

/// The handbook at `root` as it was at `rev`: its own ownbook.toml and catalog, read
/// from git objects. `today` is the date review and age checks are judged on.
pub fn site_at(root: &Path, rev: &str, today: &str) -> Result<AtRevision, Vec<Diagnostic>> {
    let repo = Repo::open(root).map_err(|d| vec![d])?;
    let commit = repo.resolve(rev).map_err(|d| vec![d])?;
    let mut objects = repo.objects().map_err(|d| vec![d])?;
    let Some(snapshot) = repo.snapshot(&mut objects, &commit).map_err(|d| vec![d])? else {
        let folder = if repo.prefix.is_empty() {
            "the repository's top folder".to_string()
        } else {
            format!("`{}`", repo.prefix.trim_end_matches('/'))
        };
        return Err(vec![
            Diagnostic::error(
                "git",
                format!("the handbook is not present at `{rev}`: there is no {CONFIG_FILE} in {folder} there"),
            )
            .hint("compare with a revision made after the handbook was added (`git log --oneline -- ownbook.toml` lists them)"),
        ]);
    };
    let config_error = || {
        Diagnostic::error(
            "git",
            format!("the {CONFIG_FILE} at `{rev}` cannot be used; its problems follow"),
        )
        .hint("compare with a revision whose ownbook.toml `ownbook check` accepted")
    };
    let text =
        fsutil::decode(&snapshot.config, CONFIG_FILE).map_err(|d| vec![config_error(), d])?;
    let (config, mut diags) = config::from_source(root, text, None).map_err(|mut d| {
        d.insert(0, config_error());
        d
    })?;
    let catalog = catalog::build(&config.settings, snapshot.files, &mut diags);
    Ok(AtRevision {
        site: Site::catalog_only(config, catalog, today.to_string()),
        diags,
        commit,
    })
}
