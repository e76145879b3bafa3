//! The persistent build cache: byte strings filed under content keys in one folder
//! (`.ownbook-cache/` beside the output by default), so that the next build in a new
//! process can reuse what did not change.
//!
//! What is in it can never change a build's output, only its speed:
//!
//! - Every key is a SHA-256 of everything its value was made from, and of ownbook's
//!   version and executable (see [`binary_stamp`]). A folder written by another
//!   ownbook (its `stamp` file differs) is emptied, never read.
//! - Every entry carries a checksum (CRC-32) of its payload; a damaged entry is
//!   reported as a warning and rebuilt, never used and never an error. (Damage is an
//!   accident, not an attack: the keys are SHA-256, the check only needs to be fast,
//!   as a warm build reads every entry.)
//! - Only files named by a key (hex) inside the folder are read or deleted; nothing
//!   outside it is touched. Writes go to a temporary file renamed into place.
//! - The folder holds what the last build used and nothing more: entries not used
//!   by a finished build are deleted, so it never grows past one site's worth.
//!
//! The folder is safe to delete at any time; it ignores itself for git.

use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// Name of the default cache folder, beside the output folder.
pub const DEFAULT_FOLDER: &str = ".ownbook-cache";
/// The folder inside the cache folder where `build` keeps the output it replaced
/// (see `output::reuse`); never read or removed by the store.
pub const KEPT_OUTPUT: &str = "output";
/// The folder of the entries inside the cache folder.
const ENTRIES: &str = "pages";
/// Where the entries of a cache another ownbook wrote wait until the build's own
/// writes are done (see [`Store::open`]).
const STALE: &str = "pages.stale";
/// The file naming the ownbook that wrote the cache.
const STAMP_FILE: &str = "stamp";
/// Starts every entry file; a new layout gets a new magic.
const MAGIC: &[u8] = b"ownbook-cache-2\n";
/// Bytes of the checksum after the magic.
const SUM: usize = 4;

/// A content key: SHA-256 of the parts it is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(pub [u8; 32]);

impl Key {
    /// The key of `parts`, each length-prefixed so that no two lists share a key.
    pub fn of(parts: &[&[u8]]) -> Key {
        let mut h = Sha256::new();
        for part in parts {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
        Key(h.finalize().into())
    }

    fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// ownbook's version and a hash of its executable: a rebuilt binary (even of the
/// same version) never reads what another wrote. Hashed once per process.
pub fn binary_stamp() -> &'static str {
    static STAMP: OnceLock<String> = OnceLock::new();
    STAMP.get_or_init(|| {
        let exe = std::env::current_exe().and_then(std::fs::read);
        let hash = match exe {
            Ok(bytes) => Key::of(&[&bytes]).hex(),
            // Unreadable executable: a stamp no later run shares, so nothing is reused.
            Err(_) => format!("unknown-{}", std::process::id()),
        };
        format!("ownbook {} {hash}\n", env!("CARGO_PKG_VERSION"))
    })
}

/// An open cache folder.
pub struct Store {
    entries: PathBuf,
    /// Entries another ownbook wrote, deleted when the build is done.
    stale: PathBuf,
    used: Mutex<HashSet<String>>,
    warnings: Mutex<Vec<String>>,
    pub hits: AtomicUsize,
    pub misses: AtomicUsize,
}

impl Store {
    /// Opens (creating) the cache in `dir`; the entries of a cache written by another
    /// ownbook are set aside, never read, and deleted by [`Store::finish`]. (Deleting
    /// them first made the build that follows an upgrade slower than a build without
    /// cache: on ext4 each of its new files and folders then skips the inodes freed
    /// moments before, 2.6 times a cold build's time at 100,000 pages.) `Err` (a
    /// warning to show) when the folder cannot be used: the build then goes on
    /// without a cache.
    pub fn open(dir: &Path) -> Result<Store, String> {
        let entries = dir.join(ENTRIES);
        let stale = dir.join(STALE);
        let stamp_path = dir.join(STAMP_FILE);
        let stamp = binary_stamp();
        let same = read_regular(&stamp_path).is_some_and(|s| s == stamp.as_bytes());
        // Where a stale folder left by an interrupted build is in the way, the
        // entries are deleted now.
        if !same && std::fs::rename(&entries, &stale).is_err() {
            remove_entries(&entries, &HashSet::new());
        }
        let prepare = || -> std::io::Result<()> {
            std::fs::create_dir_all(&entries)?;
            mark_folder(dir)?;
            if !same {
                write_atomic(&stamp_path, &[stamp.as_bytes()])?;
            }
            Ok(())
        };
        prepare().map_err(|e| {
            format!(
                "the build cache `{}` cannot be used ({e}); building without it",
                dir.display()
            )
        })?;
        Ok(Store {
            entries,
            stale,
            used: Mutex::default(),
            warnings: Mutex::default(),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
        })
    }

    /// The payload filed under `key`, if there is an intact one; counted as a page
    /// reused or rendered (`hits`, `misses`).
    pub fn get(&self, key: &Key) -> Option<Vec<u8>> {
        let payload = self.get_uncounted(key);
        let counter = if payload.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        payload
    }

    /// The payload filed under `key`, if there is an intact one, not counted (for
    /// what is cached beside the pages).
    pub fn get_uncounted(&self, key: &Key) -> Option<Vec<u8>> {
        let name = key.hex();
        let path = self.entries.join(&name);
        lock(&self.used).insert(name);
        let mut bytes = read_regular(&path)?;
        let intact = bytes
            .strip_prefix(MAGIC)
            .filter(|rest| rest.len() >= SUM)
            .is_some_and(|rest| {
                let (sum, payload) = rest.split_at(SUM);
                checksum(&[payload]) == sum
            });
        if !intact {
            self.damaged(&path);
            return None;
        }
        // In place: an entry can be a print file of megabytes.
        bytes.drain(..MAGIC.len() + SUM);
        Some(bytes)
    }

    /// Reports an entry whose payload could not be used; it is rebuilt. `counted`:
    /// it was read with `get`, which counted it as reused.
    pub fn damaged_key(&self, key: &Key, counted: bool) {
        if counted {
            self.hits.fetch_sub(1, Ordering::Relaxed);
            self.misses.fetch_add(1, Ordering::Relaxed);
        }
        self.damaged(&self.entries.join(key.hex()));
    }

    fn damaged(&self, path: &Path) {
        lock(&self.warnings).push(format!(
            "ignored a damaged build cache entry `{}`; it is rebuilt",
            path.display()
        ));
    }

    /// Files `payload` under `key`. A cache that cannot be written only costs speed,
    /// so a failure is a warning.
    pub fn put(&self, key: &Key, payload: &[u8]) {
        self.put_parts(key, &[payload]);
    }

    /// Files the concatenation of `parts` under `key` (without joining them in
    /// memory).
    pub fn put_parts(&self, key: &Key, parts: &[&[u8]]) {
        let name = key.hex();
        let sum = checksum(parts);
        let mut pieces: Vec<&[u8]> = vec![MAGIC, &sum];
        pieces.extend_from_slice(parts);
        let path = self.entries.join(&name);
        lock(&self.used).insert(name);
        if let Err(e) = write_atomic(&path, &pieces) {
            lock(&self.warnings).push(format!(
                "could not write the build cache entry `{}`: {e}",
                path.display()
            ));
        }
    }

    /// Deletes the entries this build did not use (and those another ownbook wrote)
    /// and returns the warnings.
    pub fn finish(self) -> Vec<String> {
        let used = self.used.into_inner().unwrap_or_else(|e| e.into_inner());
        remove_entries(&self.entries, &used);
        remove_stale(&self.stale);
        self.warnings
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
    }
}

/// Git and backup tools leave the cache folder alone.
fn mark_folder(dir: &Path) -> std::io::Result<()> {
    write_if_changed(&dir.join(".gitignore"), b"# ownbook's build cache\n*\n")?;
    write_if_changed(
        &dir.join("CACHEDIR.TAG"),
        b"Signature: 8a477f597d28d172789f06886806bc55\n# ownbook's build cache: safe to delete\n",
    )
}

/// Starts a whole file (see [`read_whole`]).
const WHOLE_MAGIC: &[u8] = b"ownbook-cache-whole-1\n";

/// The payload of the file `name` in the cache folder `dir`, kept as one piece beside
/// the entries (what the load cache knows of every page), when this ownbook wrote it
/// ([`binary_stamp`]): `Ok(None)` when there is none or another ownbook wrote it,
/// `Err` (a warning) when it is damaged. The store never prunes it.
pub fn read_whole(dir: &Path, name: &str) -> Result<Option<Vec<u8>>, String> {
    let path = dir.join(name);
    let Some(mut bytes) = read_regular(&path) else {
        return Ok(None);
    };
    let damaged = || {
        format!(
            "ignored a damaged build cache file `{}`; it is rebuilt",
            path.display()
        )
    };
    let rest = bytes.strip_prefix(WHOLE_MAGIC).ok_or_else(damaged)?;
    if rest.len() < SUM {
        return Err(damaged());
    }
    let (sum, body) = rest.split_at(SUM);
    if checksum(&[body]) != sum {
        return Err(damaged());
    }
    let Some(payload) = body.strip_prefix(binary_stamp().as_bytes()) else {
        return Ok(None);
    };
    let start = bytes.len() - payload.len();
    bytes.drain(..start);
    Ok(Some(bytes))
}

/// Writes the file `name` of the cache folder `dir` (see [`read_whole`]), creating
/// the folder; `Err` is a warning (a cache that cannot be written only costs speed).
pub fn write_whole(dir: &Path, name: &str, payload: &[u8]) -> Result<(), String> {
    let path = dir.join(name);
    let stamp = binary_stamp().as_bytes();
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        mark_folder(dir)?;
        let sum = checksum(&[stamp, payload]);
        write_atomic(&path, &[WHOLE_MAGIC, &sum, stamp, payload])
    };
    write().map_err(|e| {
        format!(
            "could not write the build cache file `{}`: {e}",
            path.display()
        )
    })
}

fn checksum(parts: &[&[u8]]) -> [u8; SUM] {
    let mut sum = crc32fast::Hasher::new();
    parts.iter().for_each(|part| sum.update(part));
    sum.finalize().to_le_bytes()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave a set or a list inconsistent.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The bytes of `path` when it is a regular file (a link could point outside the
/// cache folder).
fn read_regular(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_file() {
        return None;
    }
    std::fs::read(path).ok()
}

/// Deletes the entry files in `entries` (regular files named by a key, and
/// temporary files left by an interrupted write) not in `keep`, in the order of
/// their inode numbers: in the folder's (hashed) order each deletion writes another
/// part of the inode table, which made emptying 200,000 entries take minutes.
fn remove_entries(entries: &Path, keep: &HashSet<String>) {
    let Ok(dir) = std::fs::read_dir(entries) else {
        return;
    };
    let mut doomed: Vec<(u64, PathBuf)> = Vec::new();
    for item in dir.flatten() {
        let name = item.file_name().to_string_lossy().into_owned();
        let is_file = item.file_type().is_ok_and(|t| t.is_file());
        let key_name = name.trim_start_matches('.').split('.').next().unwrap_or("");
        let is_entry = key_name.len() == 64 && key_name.bytes().all(|b| b.is_ascii_hexdigit());
        if is_file && is_entry && !keep.contains(&name) {
            doomed.push((inode(&item), item.path()));
        }
    }
    doomed.sort_unstable();
    for (_, path) in doomed {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(unix)]
fn inode(item: &std::fs::DirEntry) -> u64 {
    std::os::unix::fs::DirEntryExt::ino(item)
}

/// Elsewhere the folder's order.
#[cfg(not(unix))]
fn inode(_: &std::fs::DirEntry) -> u64 {
    0
}

/// Deletes the entries set aside in `stale`, and the folder once empty. Only a real
/// folder: a link there could lead outside the cache.
fn remove_stale(stale: &Path) {
    if std::fs::symlink_metadata(stale).is_ok_and(|m| m.is_dir()) {
        remove_entries(stale, &HashSet::new());
        // Not empty (something not ours in it): left as it is.
        let _ = std::fs::remove_dir(stale);
    }
}

/// [`write_atomic`] unless `path` is a regular file of exactly `bytes` already (a
/// new file costs more than reading a small one on a slow disk).
fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if read_regular(path).is_some_and(|old| old == bytes) {
        return Ok(());
    }
    write_atomic(path, &[bytes])
}

/// Writes `bytes` to a temporary file beside `path` and renames it into place, so a
/// reader sees the old file or the new one, never half of one.
fn write_atomic(path: &Path, parts: &[&[u8]]) -> std::io::Result<()> {
    // A name of its own per write (tempfile picks one no other file has): two threads
    // of one process may write one file at once. Dropped unrenamed, it is removed.
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let dir = path.parent().unwrap_or(Path::new("."));
    let prefix = format!(".{}.", name.unwrap_or_default());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // Readable as a created file is (the umask decides), not tempfile's private 0600:
    // a cache shared by a CI runner's users or a backup must still read it.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let tmp = builder.tempfile_in(dir)?;
    let mut file = std::io::BufWriter::new(tmp);
    for part in parts {
        file.write_all(part)?;
    }
    let tmp = file.into_inner().map_err(|e| e.into_error())?;
    tmp.persist(path).map(drop).map_err(|e| e.error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_damage_is_reported() {
        let Ok(tmp) = tempfile::tempdir() else { return };
        let Ok(store) = Store::open(tmp.path()) else {
            panic!("cache folder not usable")
        };
        let key = Key::of(&[b"a", b"b"]);
        assert_ne!(key, Key::of(&[b"ab"]));
        store.put(&key, b"payload");
        assert_eq!(store.get(&key).as_deref(), Some(&b"payload"[..]));
        let path = tmp.path().join(ENTRIES).join(key.hex());
        let _ = std::fs::write(&path, [MAGIC, b"shrt", b"payload"].concat());
        assert_eq!(store.get(&key), None);
        assert_eq!(store.finish().len(), 1);
    }
}
