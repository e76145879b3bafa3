//! The site as served: an immutable snapshot of every output file, replaced whole after
//! each build, so a request never sees half of one build and half of the next. HTTP
//! workers read it; the rebuild thread swaps it and wakes requests waiting for a file
//! that is still being rendered.

use crate::output::store::{Blob, Store};
use crate::output::{Content, OutputFile};
use rustc_hash::FxHashMap;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The bytes of one served file.
#[derive(Debug, Clone)]
pub enum Body {
    Bytes(Arc<[u8]>),
    /// A file copied verbatim (images, static files), read when requested.
    File(PathBuf),
    /// A rendered file kept in serve's store (`output::store`), read when requested.
    Stored(Blob),
}

/// Files smaller than this stay in memory: a path would save little.
const STORE_FROM: usize = 2048;

/// Every file of one build, and what the browser should be told about it.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub files: Arc<FxHashMap<String, Body>>,
    /// Names the last successful build; pages carry it, so a browser can tell when
    /// the page it shows is out of date.
    pub build: String,
    /// The overlay (escaped diagnostics) to show while the last build failed.
    pub error: Option<Arc<str>>,
    /// Files of this build still being rendered; requests for them wait. An entry
    /// ending in `/` stands for every file under that folder (the search index,
    /// whose file names are only known once it is built).
    pub pending: Arc<HashSet<String>>,
}

impl Snapshot {
    /// Whether `path` is still being rendered.
    pub fn is_pending(&self, path: &str) -> bool {
        self.pending.contains(path)
            || self
                .pending
                .iter()
                .any(|p| p.ends_with('/') && path.starts_with(p.as_str()))
    }

    /// This snapshot with the folder entry `folder` (see `pending`) finished.
    pub fn with_folder_finished(&self, folder: &str) -> Self {
        let mut pending = (*self.pending).clone();
        pending.remove(folder);
        Snapshot {
            pending: Arc::new(pending),
            ..self.clone()
        }
    }

    /// The files of a build. Files the render cache put into the store are served
    /// from there; the rest stay in memory (storing them would write every catalog
    /// page again on each edit, in the time before browsers reload).
    pub fn from_files(
        files: Vec<OutputFile>,
        build: String,
        pending: Vec<String>,
        store: Option<&Store>,
    ) -> Self {
        let mut map = FxHashMap::with_capacity_and_hasher(files.len(), Default::default());
        for f in files {
            map.insert(f.path, body_of(f.content, store, false));
        }
        Snapshot {
            files: Arc::new(map),
            build,
            error: None,
            pending: Arc::new(pending.into_iter().collect()),
        }
    }

    /// This snapshot with `files` added (rendered after the rest) and no longer
    /// pending; with a store, large ones (the search index) are kept there.
    pub fn with_finished(&self, files: Vec<OutputFile>, store: Option<&Store>) -> Self {
        let mut map = (*self.files).clone();
        let mut pending = (*self.pending).clone();
        for f in files {
            pending.remove(&f.path);
            map.insert(f.path, body_of(f.content, store, true));
        }
        Snapshot {
            files: Arc::new(map),
            pending: Arc::new(pending),
            ..self.clone()
        }
    }

    /// This snapshot with nothing pending any more (the deferred work failed).
    pub fn without_pending(&self) -> Self {
        Snapshot {
            pending: Arc::default(),
            ..self.clone()
        }
    }
}

fn body_of(content: Content, store: Option<&Store>, put_bytes: bool) -> Body {
    let bytes: Arc<[u8]> = match content {
        Content::Bytes(b) => b.into(),
        Content::Shared(b) => b,
        Content::Stored(blob) => return Body::Stored(blob),
        Content::Copy(p) => return Body::File(p),
        // Only `build` streams pages to disk; serve renders every file in memory.
        Content::Staged => Arc::default(),
        Content::Parts(parts) => parts.concat().into(),
    };
    match store.filter(|_| put_bytes && bytes.len() >= STORE_FROM) {
        Some(store) => match store.put(&bytes) {
            Ok(blob) => Body::Stored(blob),
            // Kept in memory instead; serving still works.
            Err(_) => Body::Bytes(bytes),
        },
        None => Body::Bytes(bytes),
    }
}

/// The current snapshot, shared by the HTTP workers and the rebuild thread.
#[derive(Default)]
pub struct Shared {
    current: Mutex<Arc<Snapshot>>,
    swapped: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Arc<Snapshot>> {
        // Only whole Arcs are stored, so a panicking holder cannot leave it torn.
        self.current.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn get(&self) -> Arc<Snapshot> {
        self.lock().clone()
    }

    /// Replaces the snapshot and wakes every request waiting for a pending file.
    pub fn set(&self, snapshot: Snapshot) {
        *self.lock() = Arc::new(snapshot);
        self.swapped.notify_all();
    }

    /// The current snapshot once `path` is no longer pending in it, or `None` after
    /// `timeout`.
    pub fn ready(&self, path: &str, timeout: Duration) -> Option<Arc<Snapshot>> {
        let deadline = Instant::now() + timeout;
        let mut guard = self.lock();
        loop {
            if !guard.is_pending(path) {
                return Some(guard.clone());
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            guard = self
                .swapped
                .wait_timeout(guard, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}
