//! `serve`'s store of rendered files, so that the render cache and the served snapshot
//! hold a handle ([`Blob`]) instead of every page's HTML in memory.
//!
//! The store is a temporary folder of its own holding a few large append-only
//! *segment* files. Each build writes into a segment of its own, one file at the end of
//! the other, so storing ten thousand pages costs ten thousand positioned writes into
//! one file instead of ten thousand files created, renamed and later deleted (on a slow
//! disk, file creation and deletion cost more than the writing). Bytes are never
//! rewritten, so a request reading an older build's file is never torn. A segment is
//! deleted when the last handle into it is dropped: a build's pages die with the edits
//! that replace them, and no sweep of the folder is needed. The folder is removed when
//! the store is dropped, and the folders of serve processes that no longer run are
//! removed when the next store starts.

use std::fmt;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// A folder of segment files holding rendered files.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    /// Where `put` appends.
    current: Mutex<Arc<Segment>>,
    /// Numbers the segment files, unique in this folder.
    next_segment: AtomicUsize,
}

/// One append-only file of the store, deleted when nothing refers to it any more.
struct Segment {
    /// `None` only while the segment is dropped (the file is closed before it is
    /// deleted, which some systems require).
    file: Option<File>,
    path: PathBuf,
    /// Where the next file starts (space is claimed before it is written, so several
    /// threads append at once).
    end: AtomicU64,
}

impl fmt::Debug for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Segment").field("path", &self.path).finish()
    }
}

impl Drop for Segment {
    fn drop(&mut self) {
        drop(self.file.take());
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The bytes of one file in the store.
#[derive(Clone)]
pub struct Blob {
    segment: Arc<Segment>,
    offset: u64,
    len: usize,
}

impl fmt::Debug for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Blob({} @ {} + {})",
            self.segment.path.display(),
            self.offset,
            self.len
        )
    }
}

impl Blob {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bytes, read from the store.
    pub fn read(&self) -> io::Result<Vec<u8>> {
        let file = self.segment.file.as_ref().ok_or(io::ErrorKind::NotFound)?;
        let mut bytes = vec![0; self.len];
        read_exact_at(file, &mut bytes, self.offset)?;
        Ok(bytes)
    }

    /// Whether both are the very same stored file (a file stored twice is not).
    pub fn same(&self, other: &Blob) -> bool {
        Arc::ptr_eq(&self.segment, &other.segment) && self.offset == other.offset
    }
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
        let first = Segment::create(&dir, 0)?;
        Ok(Store {
            dir,
            current: Mutex::new(Arc::new(first)),
            next_segment: AtomicUsize::new(1),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Starts a new segment for the files stored from now on (call it when a build
    /// starts, so that one build's files live and die together).
    pub fn start_segment(&self) -> io::Result<()> {
        let n = self.next_segment.fetch_add(1, Ordering::Relaxed);
        let segment = Segment::create(&self.dir, n)?;
        // The previous segment stays as long as handles into it do.
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) = Arc::new(segment);
        Ok(())
    }

    /// Keeps `bytes` and returns where they are.
    pub fn put(&self, bytes: &[u8]) -> io::Result<Blob> {
        let segment = self
            .current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let file = segment.file.as_ref().ok_or(io::ErrorKind::NotFound)?;
        let offset = segment.end.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        // A failed write leaves a gap that no handle points into.
        write_all_at(file, bytes, offset)?;
        Ok(Blob {
            segment,
            offset,
            len: bytes.len(),
        })
    }
}

impl Segment {
    fn create(dir: &Path, n: usize) -> io::Result<Segment> {
        let path = dir.join(format!("segment-{n}"));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        Ok(Segment {
            file: Some(file),
            path,
            end: AtomicU64::new(0),
        })
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(unix)]
fn write_all_at(file: &File, bytes: &[u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, offset)
}

#[cfg(unix)]
fn read_exact_at(file: &File, bytes: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, offset)
}

#[cfg(windows)]
fn write_all_at(file: &File, mut bytes: &[u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        let n = file.seek_write(bytes, offset)?;
        if n == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        bytes = &bytes[n..];
        offset += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut bytes: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        let n = file.seek_read(bytes, offset)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        bytes = &mut bytes[n..];
        offset += n as u64;
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(store: &Store) -> usize {
        std::fs::read_dir(store.dir()).map_or(0, |d| d.count())
    }

    #[test]
    fn stored_bytes_read_back_from_every_thread() {
        let store = Store::new().expect("store");
        let blobs: Vec<(Vec<u8>, Blob)> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8u8)
                .map(|t| {
                    let store = &store;
                    s.spawn(move || {
                        let bytes = vec![t; 1000 + usize::from(t)];
                        let blob = store.put(&bytes).expect("put");
                        (bytes, blob)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("thread"))
                .collect()
        });
        for (bytes, blob) in &blobs {
            assert_eq!(&blob.read().expect("read"), bytes);
        }
        assert!(!blobs[0].1.same(&blobs[1].1));
        assert!(blobs[0].1.same(&blobs[0].1.clone()));
    }

    #[test]
    fn a_segment_is_deleted_with_its_last_handle_and_the_folder_with_the_store() {
        let store = Store::new().expect("store");
        let old = store.put(b"first build").expect("put");
        store.start_segment().expect("segment");
        let new = store.put(b"second build").expect("put");
        assert_eq!(segments(&store), 2);
        // Readable after newer segments started, as long as it is held.
        assert_eq!(old.read().expect("read"), b"first build");
        drop(old);
        assert_eq!(segments(&store), 1);
        let dir = store.dir().to_path_buf();
        drop(store);
        assert!(!dir.exists());
        // A handle outliving the store still reads (the file stays open).
        if cfg!(unix) {
            assert_eq!(new.read().expect("read"), b"second build");
        }
    }
}
