//! `serve`'s store of rendered files: a temporary folder of its own where each file's
//! bytes are kept under the SHA-256 of those bytes, so that the render cache and the
//! served snapshot hold a path instead of every page's HTML in memory. A file is never
//! rewritten in place (a request reading an older build's version is never torn),
//! files no build refers to any more are swept, and the folder is removed when the
//! store is dropped.

use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A folder of rendered files named by their content.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    /// Files written since the last sweep (nothing to sweep when none were).
    written: AtomicUsize,
    /// Numbers the temporary names of files being written, unique in this folder.
    next_temp: AtomicUsize,
}

impl Store {
    /// A new, empty store in the system's temporary folder.
    pub fn new() -> io::Result<Self> {
        let base = std::env::temp_dir();
        remove_abandoned(&base);
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        // `create_dir` fails on an existing folder: the store never adopts one.
        let dir = base.join(format!("{PREFIX}{}-{stamp:x}", std::process::id()));
        std::fs::create_dir(&dir)?;
        Ok(Store {
            dir,
            written: AtomicUsize::new(0),
            next_temp: AtomicUsize::new(0),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether `path` is a file of this store.
    pub fn holds(&self, path: &Path) -> bool {
        path.parent() == Some(self.dir.as_path())
    }

    /// Keeps `bytes` and returns the file they are in (the same file for the same
    /// bytes). The file is written under a temporary name and renamed, so a reader
    /// sees either nothing or the whole file.
    pub fn put(&self, bytes: &[u8]) -> io::Result<PathBuf> {
        let digest = Sha256::digest(bytes);
        let name: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let path = self.dir.join(name);
        if path.is_file() {
            return Ok(path);
        }
        let n = self.next_temp.fetch_add(1, Ordering::Relaxed);
        let mut temp = self.dir.join(format!(".{n}"));
        temp.set_extension("part");
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        drop(file);
        std::fs::rename(&temp, &path)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(path)
    }

    /// Removes every file not in `keep`, if any file was written since the last sweep.
    pub fn sweep(&self, keep: &HashSet<&Path>) {
        if self.written.swap(0, Ordering::Relaxed) == 0 {
            return;
        }
        for entry in std::fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let partial = path.extension().is_some_and(|e| e == "part");
            if !partial && !keep.contains(path.as_path()) {
                // A file still open for a request stays readable until it is closed.
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

const PREFIX: &str = "ownbook-serve-";

/// Removes, in the background, the stores of serve processes that no longer run (a
/// process killed outright cannot remove its own). Only folders named like a store
/// whose process is gone are touched.
fn remove_abandoned(base: &Path) {
    let abandoned: Vec<PathBuf> = std::fs::read_dir(base)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| {
            let name = e.file_name();
            let pid = name
                .to_str()
                .and_then(|n| n.strip_prefix(PREFIX)?.split_once('-'));
            pid.and_then(|(pid, _)| pid.parse::<u32>().ok())
                .is_some_and(|pid| !is_running(pid))
        })
        .map(|e| e.path())
        .collect();
    if !abandoned.is_empty() {
        std::thread::spawn(move || {
            for dir in abandoned {
                let _ = std::fs::remove_dir_all(dir);
            }
        });
    }
}

#[cfg(unix)]
fn is_running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
    let answer = unsafe { libc::kill(pid, 0) };
    answer == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Without a way to ask, every store is taken to be in use.
#[cfg(not(unix))]
fn is_running(_pid: u32) -> bool {
    true
}
