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
    /// The first build is still running: which files exist is not known yet, and
    /// finished ones are in `Shared`'s early files.
    pub building: bool,
}

impl Snapshot {
    /// What is served while the first build, to be named `build`, runs.
    pub fn building(build: String) -> Self {
        Snapshot {
            build,
            building: true,
            ..Snapshot::default()
        }
    }

    /// Whether `path` is still being rendered.
    pub fn is_pending(&self, path: &str) -> bool {
        self.building
            || self.pending.contains(path)
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
            building: false,
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

/// Serves `content`: a file in the store or a source file is read when requested, the
/// rest is kept in memory, in the store instead when `put_bytes` and it is large.
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
    early: Mutex<Early>,
}

/// While the first build runs: the files it finished, and the paths requests wait for.
#[derive(Default)]
struct Early {
    files: FxHashMap<String, Body>,
    wanted: Vec<String>,
}

/// What a request for a file gets while the first build runs.
pub enum EarlyAnswer {
    /// The file, final already.
    File(Body),
    /// The build ended (resolve the request again against this snapshot).
    Built(Arc<Snapshot>),
    TimedOut,
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
        let building = snapshot.building;
        *self.lock() = Arc::new(snapshot);
        if !building {
            // The build's own snapshot holds them now.
            *self.early.lock().unwrap_or_else(PoisonError::into_inner) = Early::default();
        }
        self.swapped.notify_all();
    }

    /// While the first build runs, the file `path` as soon as it is final, or the
    /// finished build's snapshot if it never is; `TimedOut` after `timeout`.
    pub fn early_file(&self, path: &str, timeout: Duration) -> EarlyAnswer {
        let deadline = Instant::now() + timeout;
        let mut asked = false;
        let mut guard = self.lock();
        loop {
            if !guard.building {
                return EarlyAnswer::Built(guard.clone());
            }
            {
                let mut early = self.early.lock().unwrap_or_else(PoisonError::into_inner);
                if let Some(body) = early.files.get(path) {
                    return EarlyAnswer::File(body.clone());
                }
                if !asked {
                    early.wanted.push(path.to_string());
                    asked = true;
                }
            }
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return EarlyAnswer::TimedOut;
            };
            guard = self
                .swapped
                .wait_timeout(guard, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
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

impl crate::render::EarlyFiles for Shared {
    fn wanted(&self) -> Vec<String> {
        let mut early = self.early.lock().unwrap_or_else(PoisonError::into_inner);
        std::mem::take(&mut early.wanted)
    }

    fn ready(&self, files: &[OutputFile]) {
        {
            let mut early = self.early.lock().unwrap_or_else(PoisonError::into_inner);
            for f in files {
                let body = body_of(f.content.clone(), None, false);
                early.files.insert(f.path.clone(), body);
            }
        }
        // Under the snapshot's lock: a request that just missed the file is waiting
        // by the time it is woken (`early_file` checks and waits under that lock).
        let _current = self.lock();
        self.swapped.notify_all();
    }
}
