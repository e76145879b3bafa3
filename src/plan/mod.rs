//! Files a command writes into the user's folders (`import`, `export`): planned in
//! memory first, as a pure function of the inputs (sorted, no timestamps), then
//! applied only if no existing file would change without `--force`. Running the same
//! command twice gives byte-identical files, and the second run writes nothing.

use crate::diag::Fatal;
use std::collections::BTreeMap;
use std::path::Path;

mod tracked;
pub use tracked::{Applied, apply_tracked};

/// Everything a command will write: paths relative to the target folder
/// (`/`-separated) and their contents.
#[derive(Debug, Default)]
pub struct Plan {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Plan {
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), text.into());
    }
}

/// Writes `plan` into `into`. Files whose bytes are already identical are left alone
/// (so a second import changes nothing). A file that exists with other contents is a
/// user's file: without `force` nothing at all is written and the conflicts are
/// listed.
pub fn apply(plan: &Plan, into: &Path, force: bool) -> Result<(Vec<String>, Vec<String>), Fatal> {
    let mut written = Vec::new();
    let mut unchanged = Vec::new();
    let mut conflicts = Vec::new();
    for (rel, bytes) in &plan.files {
        match existing(into, rel)? {
            Some(existing) if existing == *bytes => unchanged.push(rel.clone()),
            Some(_) => conflicts.push(rel.clone()),
            None => written.push(rel.clone()),
        }
    }
    if !conflicts.is_empty() && !force {
        return Err(refusal(&conflicts, into));
    }
    written.extend(conflicts);
    written.sort();
    write_files(plan, into, &written)?;
    Ok((written, unchanged))
}

/// The bytes of the file a plan would write at `rel`, if there is one; a folder in
/// its place is refused.
fn existing(into: &Path, rel: &str) -> Result<Option<Vec<u8>>, Fatal> {
    let path = into.join(rel);
    if path.is_dir() {
        return Err(Fatal::Refused(format!(
            "`{}` is a folder, but this command wants to write a file there\n  = hint: move the folder away and run it again",
            path.display()
        )));
    }
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Fatal::io(&path, e)),
    }
}

/// Writes the files `rels` of `plan`, making their folders.
fn write_files(plan: &Plan, into: &Path, rels: &[String]) -> Result<(), Fatal> {
    for rel in rels {
        let path = into.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Fatal::io(parent, e))?;
        }
        let bytes = plan.files.get(rel).map(Vec::as_slice).unwrap_or_default();
        std::fs::write(&path, bytes).map_err(|e| Fatal::io(&path, e))?;
    }
    Ok(())
}

/// The error for files that exist with other contents: nothing was written.
fn refusal(conflicts: &[String], into: &Path) -> Fatal {
    let shown: Vec<String> = conflicts
        .iter()
        .take(10)
        .map(|c| format!("  {c}"))
        .collect();
    let more = if conflicts.len() > 10 {
        format!("\n  … and {} more", conflicts.len() - 10)
    } else {
        String::new()
    };
    Fatal::Refused(format!(
        "{} file{} in {} already exist{} with other contents; nothing was written:\n{}{more}\n  = hint: rerun with --force to overwrite them, or write into another folder",
        conflicts.len(),
        if conflicts.len() == 1 { "" } else { "s" },
        into.display(),
        if conflicts.len() == 1 { "s" } else { "" },
        shown.join("\n")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_refuses_to_overwrite_and_skips_identical_files() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let mut plan = Plan::default();
        plan.add("a/one.md", "one");
        plan.add("two.md", "two");
        let first = apply(&plan, dir.path(), false).ok();
        assert_eq!(first.map(|(w, u)| (w.len(), u.len())), Some((2, 0)));
        let again = apply(&plan, dir.path(), false).ok();
        assert_eq!(again.map(|(w, u)| (w.len(), u.len())), Some((0, 2)));
        let _ = std::fs::write(dir.path().join("two.md"), "edited by the user");
        plan.add("three.md", "three");
        let refused = apply(&plan, dir.path(), false);
        assert!(matches!(refused, Err(Fatal::Refused(ref m)) if m.contains("two.md")));
        assert!(!dir.path().join("three.md").exists(), "nothing is written");
        let forced = apply(&plan, dir.path(), true).ok();
        assert_eq!(
            forced.map(|(w, _)| w),
            Some(vec!["three.md".to_string(), "two.md".to_string()])
        );
    }
}
