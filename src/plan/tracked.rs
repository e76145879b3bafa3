//! A plan applied to a folder the command owns (an export's `--out`): a manifest
//! beside the files remembers what was written and each file's SHA-256, so the next
//! run may update its own files, and remove the ones it no longer writes (a service
//! that was deleted), as long as nobody changed them since. A changed file is the
//! user's: it is neither overwritten nor removed without `--force`. Nothing outside
//! the folder is ever touched: paths in the manifest that leave it are ignored.

use super::{Plan, existing, refusal, write_files};
use crate::diag::Fatal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Component, Path};

/// What applying a tracked plan did, as `/`-separated paths inside the folder.
#[derive(Debug, Default)]
pub struct Applied {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    /// Files an earlier run wrote that this one no longer does.
    pub removed: Vec<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    /// Path → SHA-256 (lowercase hex) of the bytes written.
    files: BTreeMap<String, String>,
}

/// Applies `plan` to `into`, reading and then rewriting the manifest `manifest_name`
/// there; `header` is the comment the manifest starts with (what wrote it).
pub fn apply_tracked(
    plan: &Plan,
    into: &Path,
    force: bool,
    manifest_name: &str,
    header: &str,
) -> Result<Applied, Fatal> {
    let manifest_path = into.join(manifest_name);
    let previous = read_manifest(&manifest_path)?;
    let mut applied = Applied::default();
    let mut conflicts = Vec::new();
    for (rel, bytes) in &plan.files {
        match existing(into, rel)? {
            Some(existing) if existing == *bytes => applied.unchanged.push(rel.clone()),
            Some(existing) if previous.files.get(rel) == Some(&sha256(&existing)) => {
                applied.written.push(rel.clone());
            }
            Some(_) => conflicts.push(rel.clone()),
            None => applied.written.push(rel.clone()),
        }
    }
    let mut changed_stale = Vec::new();
    for (rel, hash) in &previous.files {
        if plan.files.contains_key(rel) || !stays_inside(rel) {
            continue;
        }
        let path = into.join(rel);
        // Only regular files are ours; a link or folder in their place is left alone.
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_file() => {}
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Fatal::io(&path, e)),
        }
        let existing = std::fs::read(&path).map_err(|e| Fatal::io(&path, e))?;
        if sha256(&existing) == *hash {
            applied.removed.push(rel.clone());
        } else {
            changed_stale.push(rel.clone());
        }
    }
    if !force {
        if !conflicts.is_empty() {
            return Err(refusal(&conflicts, into));
        }
        if !changed_stale.is_empty() {
            return Err(stale_refusal(&changed_stale, into));
        }
    }
    applied.written.extend(conflicts);
    applied.written.sort();
    applied.removed.extend(changed_stale);
    applied.removed.sort();
    write_files(plan, into, &applied.written)?;
    remove_files(into, &applied.removed)?;
    write_manifest(plan, &manifest_path, header)?;
    Ok(applied)
}

/// Removes the files, then each folder they leave empty (up to, not including, `into`).
fn remove_files(into: &Path, removed: &[String]) -> Result<(), Fatal> {
    for rel in removed {
        let path = into.join(rel);
        std::fs::remove_file(&path).map_err(|e| Fatal::io(&path, e))?;
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != into && d.starts_with(into)) {
            // A folder that still holds anything stays; that is not an error.
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(())
}

fn read_manifest(path: &Path) -> Result<Manifest, Fatal> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Manifest::default()),
        Err(e) => return Err(Fatal::io(path, e)),
    };
    toml::from_str(&text).map_err(|e| {
        Fatal::Refused(format!(
            "`{}` is not a list of exported files ownbook can read: {}\n  = hint: delete it and run again; files an earlier export wrote are then left in place",
            path.display(),
            e.message()
        ))
    })
}

fn write_manifest(plan: &Plan, path: &Path, header: &str) -> Result<(), Fatal> {
    let manifest = Manifest {
        files: plan
            .files
            .iter()
            .map(|(rel, bytes)| (rel.clone(), sha256(bytes)))
            .collect(),
    };
    let body = toml::to_string(&manifest)
        .map_err(|e| Fatal::Refused(format!("cannot write `{}`: {e}", path.display())))?;
    let mut text = String::new();
    for line in header.lines() {
        text.push_str("# ");
        text.push_str(line);
        text.push('\n');
    }
    text.push_str(&body);
    if std::fs::read_to_string(path).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(path, text).map_err(|e| Fatal::io(path, e))?;
    }
    Ok(())
}

fn stale_refusal(changed: &[String], into: &Path) -> Fatal {
    let shown: Vec<String> = changed.iter().take(10).map(|c| format!("  {c}")).collect();
    let more = if changed.len() > 10 {
        format!("\n  … and {} more", changed.len() - 10)
    } else {
        String::new()
    };
    Fatal::Refused(format!(
        "{} file{} in {} {} written by an earlier export and changed since, and this export no longer writes {}; nothing was written:\n{}{more}\n  = hint: move {} away, or rerun with --force to remove {}",
        changed.len(),
        if changed.len() == 1 { "" } else { "s" },
        into.display(),
        if changed.len() == 1 { "was" } else { "were" },
        if changed.len() == 1 { "it" } else { "them" },
        shown.join("\n"),
        if changed.len() == 1 { "it" } else { "them" },
        if changed.len() == 1 { "it" } else { "them" },
    ))
}

/// A manifest path that names a file inside the folder (no `..`, not absolute).
fn stays_inside(rel: &str) -> bool {
    let path = Path::new(rel);
    !rel.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

fn sha256(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(files: &[(&str, &str)]) -> Plan {
        let mut plan = Plan::default();
        for (rel, text) in files {
            plan.add(*rel, *text);
        }
        plan
    }

    const M: &str = ".ownbook-export-test.toml";

    #[test]
    fn a_later_run_updates_and_removes_its_own_unchanged_files() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let out = dir.path();
        let first = plan(&[("a.tf", "a1"), ("teams/b.tf", "b1"), ("c.tf", "c1")]);
        assert!(apply_tracked(&first, out, false, M, "test").is_ok());
        // `a` changes, `teams/b` is gone, `c` stays: no --force needed.
        let second = plan(&[("a.tf", "a2"), ("c.tf", "c1")]);
        let applied = apply_tracked(&second, out, false, M, "test").ok();
        let applied = applied.map(|a| (a.written, a.unchanged, a.removed));
        assert_eq!(
            applied,
            Some((
                vec!["a.tf".to_string()],
                vec!["c.tf".to_string()],
                vec!["teams/b.tf".to_string()]
            ))
        );
        assert_eq!(
            std::fs::read_to_string(out.join("a.tf")).ok().as_deref(),
            Some("a2")
        );
        assert!(!out.join("teams").exists(), "the emptied folder is removed");
    }

    #[test]
    fn a_file_changed_since_is_neither_overwritten_nor_removed_without_force() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let out = dir.path();
        let first = plan(&[("a.tf", "a1"), ("b.tf", "b1")]);
        assert!(apply_tracked(&first, out, false, M, "test").is_ok());
        let _ = std::fs::write(out.join("b.tf"), "edited");
        let second = plan(&[("a.tf", "a2")]);
        let refused = apply_tracked(&second, out, false, M, "test");
        assert!(matches!(refused, Err(Fatal::Refused(ref m)) if m.contains("b.tf")));
        assert_eq!(
            std::fs::read_to_string(out.join("a.tf")).ok().as_deref(),
            Some("a1")
        );
        assert!(apply_tracked(&second, out, true, M, "test").is_ok());
        assert!(!out.join("b.tf").exists());
    }

    #[test]
    fn manifest_paths_that_leave_the_folder_are_never_touched() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let out = dir.path().join("out");
        let _ = std::fs::create_dir(&out);
        let victim = dir.path().join("victim.txt");
        let _ = std::fs::write(&victim, "x");
        // SHA-256 of "x", so the manifest's claim about the file is true.
        let hash = "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881";
        let manifest = format!("[files]\n\"../victim.txt\" = \"{hash}\"\n");
        let _ = std::fs::write(out.join(M), manifest);
        assert!(apply_tracked(&plan(&[("a.tf", "a")]), &out, true, M, "test").is_ok());
        assert!(victim.exists());
    }
}
