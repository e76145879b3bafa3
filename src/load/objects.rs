//! Git objects read through one `git cat-file --batch` process: trees and blobs by
//! name (`<commit>:<path>`) or id, each object fetched once however many revisions
//! share it. One process for a whole diff or history, never one per file: a
//! handbook's catalog is hundreds of files, and 26 weeks of history share most of
//! them.

use crate::diag::Diagnostic;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Arc;

/// What a tree entry is, from its mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Tree,
    Blob,
    Symlink,
    /// A submodule or anything else that has no files of this repository.
    Other,
}

/// One entry of a tree object.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub kind: Kind,
    /// Hex object id.
    pub oid: String,
}

/// A running `git cat-file --batch`, with the objects it already gave.
pub struct Objects {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    blobs: HashMap<String, Arc<[u8]>>,
    trees: HashMap<String, Arc<[Entry]>>,
}

/// An object as cat-file gave it.
struct Raw {
    kind: String,
    oid: String,
    bytes: Vec<u8>,
}

impl Objects {
    /// Starts the reader in `dir` (inside the repository). `--follow-symlinks` makes a
    /// `<commit>:<path>` name that is a symlink give the file it points to, as a
    /// checkout would.
    pub fn start(dir: &Path) -> Result<Objects, Diagnostic> {
        let mut child = Command::new("git")
            .args(["cat-file", "--batch", "--follow-symlinks"])
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| super::revision::git_missing(&e))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(broken("its pipes could not be opened"));
        };
        Ok(Objects {
            child,
            stdin: Some(stdin),
            stdout: BufReader::new(stdout),
            blobs: HashMap::new(),
            trees: HashMap::new(),
        })
    }

    /// Asks for one object; `None` when there is no such object (or it is a symlink
    /// that leads nowhere inside the repository).
    fn get(&mut self, name: &str) -> Result<Option<Raw>, Diagnostic> {
        // The request is one line: a name with a line break cannot be asked for.
        if name.contains('\n') {
            return Ok(None);
        }
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| broken("its input is closed"))?;
        writeln!(stdin, "{name}")
            .and_then(|()| stdin.flush())
            .map_err(|e| broken(&e.to_string()))?;
        let mut header = Vec::new();
        self.stdout
            .read_until(b'\n', &mut header)
            .map_err(|e| broken(&e.to_string()))?;
        let header = String::from_utf8_lossy(&header).trim_end().to_string();
        let words: Vec<&str> = header.split(' ').collect();
        match words.as_slice() {
            [_, "missing"] | [_, "ambiguous"] => Ok(None),
            // --follow-symlinks: a link out of the repository, a dangling or looping
            // one; its text follows, and is of no use here.
            ["symlink" | "dangling" | "loop" | "notdir", size] => {
                self.read_body(size)?;
                Ok(None)
            }
            [oid, kind, size] => {
                let bytes = self.read_body(size)?;
                Ok(Some(Raw {
                    kind: kind.to_string(),
                    oid: oid.to_string(),
                    bytes,
                }))
            }
            _ => Err(broken(&format!("it answered `{header}`"))),
        }
    }

    /// Reads an object's `size` bytes and the line break after them.
    fn read_body(&mut self, size: &str) -> Result<Vec<u8>, Diagnostic> {
        let size: usize = size
            .parse()
            .map_err(|_| broken(&format!("it gave the size `{size}`")))?;
        let mut bytes = vec![0; size + 1];
        self.stdout
            .read_exact(&mut bytes)
            .map_err(|e| broken(&e.to_string()))?;
        bytes.pop();
        Ok(bytes)
    }

    /// The blob `name` names (an id, or `<commit>:<path>`); `None` when it does not
    /// exist or is not a blob.
    pub fn blob(&mut self, name: &str) -> Result<Option<Arc<[u8]>>, Diagnostic> {
        if let Some(bytes) = self.blobs.get(name) {
            return Ok(Some(bytes.clone()));
        }
        match self.get(name)? {
            Some(raw) if raw.kind == "blob" => {
                let bytes: Arc<[u8]> = raw.bytes.into();
                self.blobs.insert(raw.oid, bytes.clone());
                Ok(Some(bytes))
            }
            _ => Ok(None),
        }
    }

    /// The entries of the tree `name` names, in git's order (by name); `None` when it
    /// does not exist or is not a tree.
    pub fn tree(&mut self, name: &str) -> Result<Option<Arc<[Entry]>>, Diagnostic> {
        if let Some(entries) = self.trees.get(name) {
            return Ok(Some(entries.clone()));
        }
        match self.get(name)? {
            Some(raw) if raw.kind == "tree" => {
                // SHA-1 ids are 20 bytes, SHA-256 ones 32: the header's hex id tells.
                let entries: Arc<[Entry]> = parse_tree(&raw.bytes, raw.oid.len() / 2)
                    .ok_or_else(|| broken(&format!("the tree {} could not be read", raw.oid)))?
                    .into();
                self.trees.insert(raw.oid, entries.clone());
                Ok(Some(entries))
            }
            _ => Ok(None),
        }
    }
}

impl Drop for Objects {
    fn drop(&mut self) {
        // Closing its input ends cat-file; waiting reaps it.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

/// A tree object's entries: `<mode> <name>\0<id bytes>`, one after another.
fn parse_tree(bytes: &[u8], id_len: usize) -> Option<Vec<Entry>> {
    let mut entries = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let space = rest.iter().position(|&b| b == b' ')?;
        let nul = rest.iter().position(|&b| b == 0)?;
        let mode = std::str::from_utf8(&rest[..space]).ok()?;
        let name = String::from_utf8_lossy(rest.get(space + 1..nul)?).into_owned();
        let id = rest.get(nul + 1..nul + 1 + id_len)?;
        let kind = match mode {
            "40000" => Kind::Tree,
            "100644" | "100755" => Kind::Blob,
            "120000" => Kind::Symlink,
            _ => Kind::Other,
        };
        let oid = id.iter().map(|b| format!("{b:02x}")).collect();
        entries.push(Entry { name, kind, oid });
        rest = &rest[nul + 1 + id_len..];
    }
    Some(entries)
}

fn broken(detail: &str) -> Diagnostic {
    Diagnostic::error(
        "git",
        format!("reading git objects with `git cat-file` failed: {detail}"),
    )
    .hint("check that `git fsck` finds the repository healthy, then try again")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_entries_are_read_in_order() {
        let mut bytes = b"100644 a.toml\0".to_vec();
        bytes.extend([0xab; 20]);
        bytes.extend(b"40000 sub\0");
        bytes.extend([0x01; 20]);
        let entries = parse_tree(&bytes, 20).unwrap_or_default();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].name, "a.toml");
        assert_eq!(entries[0].kind, Kind::Blob);
        assert_eq!(entries[0].oid, "ab".repeat(20));
        assert_eq!(entries[1].kind, Kind::Tree);
        assert!(parse_tree(b"100644 cut\0abc", 20).is_none());
    }
}
