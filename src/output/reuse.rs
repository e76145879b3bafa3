//! A warm build writes only what changed: with the build cache on, the output a build
//! replaces is kept in the cache folder, and the next build's staging folder starts
//! as that copy. Each file is compared with the file at its path there, kept when
//! the bytes are the same, and written anew otherwise; files the site no longer has
//! are removed before the swap. A build then writes and deletes a few files instead
//! of the whole site (deleting a large output was most of a warm build's time).
//!
//! The copy is only ever ownbook's own folder (it carries the output marker), and
//! the previous output is never touched: the copy was swapped out of place one build
//! earlier. A failed build that began from the copy puts its staging folder back as
//! the copy.
//!
//! Without a kept copy (the build after a first build), the staging folder starts
//! empty, and each file the build writes is compared with the current output's file
//! at its path instead: the same bytes become a hard link to it (a link writes no
//! data), others a new file. Linking every file before the first write made that
//! write wait (a quarter of a warm build at 10,000 pages); files the site no longer
//! has are simply never linked. Shared files are safe because nothing here writes
//! into a file in place: a file that differs is removed and created anew, so the
//! published output never changes under a build.

use super::{Content, Fatal, MARKER, OutputFile, remove_ours};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// Where a staging folder starts from.
pub(super) enum Start {
    /// The kept copy, moved into place; it still needs cleaning.
    Kept(Preparation),
    /// Empty, with each file compared with (and linked to) the current output's
    /// file at its path (`Versions::linking_from`).
    LinkingFrom(PathBuf),
    /// Empty, without an output of ownbook's to compare with.
    Empty,
}

impl Start {
    /// How a staging folder `dir` that starts this way finds earlier files.
    pub(super) fn versions(&self, dir: &Path) -> Versions {
        match self {
            Start::LinkingFrom(current) => Versions::linking_from(dir, current),
            Start::Kept(_) | Start::Empty => Versions::default(),
        }
    }
}

/// Moves the kept output `keep` (when it is ownbook's) to `dir`, the new staging
/// folder; without a usable copy, the staging folder starts empty, and links to the
/// files of the output `out` where that is ownbook's.
pub(super) fn take_kept(keep: &Path, dir: &Path, out: &Path) -> Start {
    if keep.join(MARKER).is_file() && std::fs::rename(keep, dir).is_ok() {
        return Start::Kept(Preparation(dir.to_path_buf()));
    }
    if out.join(MARKER).is_file() {
        return Start::LinkingFrom(out.to_path_buf());
    }
    Start::Empty
}

/// What makes a kept copy, moved into place as the staging folder, safe to build
/// in: removing from it anything a file could be written through (links and special
/// files). Done on a thread of its own while the build loads and analyses the site
/// (`Staging` waits for it before its first write).
#[derive(Clone)]
pub(super) struct Preparation(PathBuf);

/// The files and folders a staging folder holds once prepared (paths relative to
/// it, `/`-separated, the marker left out), so that `remove_others` need not walk
/// it again. `None` where it could not be listed exactly.
pub(super) type Listing = Option<Vec<(String, bool)>>;

impl Preparation {
    /// Runs on a thread of its own; without a thread, here and now (the build is
    /// only slower).
    pub(super) fn start(self) -> Prepared {
        let work = self.clone();
        let spawned = std::thread::Builder::new()
            .name("staging".into())
            .spawn(move || work.run());
        match spawned {
            Ok(thread) => Prepared::Running(thread),
            Err(_) => Prepared::Done(self.run()),
        }
    }

    fn run(&self) -> Listing {
        clean(&self.0)
    }
}

/// A staging folder's preparation: running, or done with what it listed.
pub(super) enum Prepared {
    Running(std::thread::JoinHandle<Listing>),
    Done(Listing),
}

impl Prepared {
    /// Waits for the preparation; what the folder held then.
    pub(super) fn wait(&mut self) -> &Listing {
        *self = match std::mem::replace(self, Prepared::Done(None)) {
            // A panic there leaves links or files a build compares anyway.
            Prepared::Running(thread) => Prepared::Done(thread.join().unwrap_or(None)),
            done => done,
        };
        match self {
            Prepared::Done(listing) => listing,
            Prepared::Running(_) => &None,
        }
    }
}

/// Removes from the kept copy `dir` anything that is neither a file nor a folder,
/// and lists what is left.
fn clean(dir: &Path) -> Listing {
    let mut listing = Some(Vec::new());
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        // Whatever happens, the cleaning goes on; only the listing is given up.
        let Ok(entry) = entry else {
            listing = None;
            continue;
        };
        let kind = entry.file_type();
        if !kind.is_file() && !kind.is_dir() {
            if std::fs::remove_file(entry.path()).is_err() {
                listing = None;
            }
            continue;
        }
        let rel = entry.path().strip_prefix(dir).ok().and_then(Path::to_str);
        match (rel, &mut listing) {
            (Some(rel), Some(list)) if rel != MARKER => {
                list.push((rel.replace('\\', "/"), kind.is_dir()))
            }
            (None, _) => listing = None,
            _ => {}
        }
    }
    listing
}

/// Makes `dir` hold a hard link to each regular file of `out` (not its marker), in
/// the same folders. Best effort: a file that cannot be linked is written by the
/// next build instead.
fn link_files(out: &Path, dir: &Path) {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(out)
        .min_depth(1)
        .into_iter()
        .flatten()
    {
        let Ok(rel) = entry.path().strip_prefix(out) else {
            return;
        };
        let kind = entry.file_type();
        if kind.is_dir() {
            if std::fs::create_dir_all(dir.join(rel)).is_err() {
                break;
            }
        } else if kind.is_file() && rel != Path::new(MARKER) {
            files.push(rel.to_path_buf());
        }
    }
    files.into_par_iter().for_each(|rel| {
        let _ = std::fs::hard_link(out.join(&rel), dir.join(&rel));
    });
}

/// Keeps the folder `from` (an output swapped out, or a failed build's staging) as
/// `keep` for the next build; where it cannot be kept, it is removed.
pub(super) fn keep(from: &Path, keep: &Path) -> Result<(), Fatal> {
    let free = !keep.exists() || remove_ours(keep).is_ok();
    if free && std::fs::rename(from, keep).is_ok() {
        return Ok(());
    }
    remove_ours(from)
}

/// Makes `keep` (which must not exist) a copy of the published output `out` made of
/// hard links, for the next build to start from. Best effort: a file left out is
/// written by that build instead, and a copy that cannot be started is removed.
pub(super) fn keep_links(out: &Path, keep: &Path) {
    if keep.exists() || std::fs::create_dir_all(keep).is_err() {
        return;
    }
    if std::fs::write(keep.join(MARKER), super::MARKER_TEXT).is_err() {
        let _ = std::fs::remove_dir(keep);
        return;
    }
    link_files(out, keep);
}

/// Whether `path` already holds `content` (then it is kept), or now does as a link
/// to an earlier version's file of the same bytes (see [`Versions`]); otherwise
/// whatever stands there is removed, so the new file is created, never written
/// through something else.
pub(super) fn unchanged_or_cleared(
    content: &Content,
    path: &Path,
    versions: &Versions,
) -> Result<bool, Fatal> {
    if matches!(content, Content::Staged) {
        // Written by this build already.
        return Ok(true);
    }
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(versions.link_current(content, path) || versions.link_earlier(content, path));
    };
    if meta.file_type().is_file() && holds(content, meta.len(), path) {
        return Ok(true);
    }
    let removed = if meta.file_type().is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    };
    removed.map_err(|e| Fatal::io(path, e))?;
    Ok(false)
}

/// Earlier versions of files named `STEM.VERSION.EXT` (VERSION in hex): the search
/// index names its term shards and document chunks by a hash of the whole index,
/// so one edited page renames all of them although most keep their bytes (1,600
/// files, 26 MB at 10,000 pages). A file of such a name that the old output does not
/// have becomes a hard link to its earlier version when the bytes are the same:
/// nothing is written and no file is created or deleted (what a slow disk pays
/// for). The earlier name itself stays until `remove_others`, so a file this build
/// wants is never taken away.
#[derive(Default)]
pub(super) struct Versions {
    /// Per folder, the names in it by (STEM, EXT), listed once when first needed.
    folders: Mutex<HashMap<PathBuf, Versioned>>,
    /// (staging folder, current output) when the staging folder started empty and
    /// files are compared with the current output's instead (see the module docs).
    current: Option<(PathBuf, PathBuf)>,
}

/// The versioned names in a folder, by (STEM, EXT).
type Versioned = HashMap<(String, String), Vec<String>>;

impl Versions {
    /// Versions for a staging folder `dir` that starts empty, whose files are
    /// compared with those of the current output `out`.
    fn linking_from(dir: &Path, out: &Path) -> Versions {
        Versions {
            current: Some((dir.to_path_buf(), out.to_path_buf())),
            ..Default::default()
        }
    }

    /// Where the current output has the file or folder `path` of the staging folder,
    /// when files are compared with it.
    fn in_current(&self, path: &Path) -> Option<PathBuf> {
        let (dir, out) = self.current.as_ref()?;
        Some(out.join(path.strip_prefix(dir).ok()?))
    }

    /// Links `path` to the current output's file at its path when that holds
    /// `content`; whether it did.
    fn link_current(&self, content: &Content, path: &Path) -> bool {
        let Some(current) = self.in_current(path) else {
            return false;
        };
        std::fs::symlink_metadata(&current).is_ok_and(|meta| {
            meta.file_type().is_file()
                && holds(content, meta.len(), &current)
                && std::fs::hard_link(&current, path).is_ok()
        })
    }

    /// Links `path` to an earlier version holding `content` (in the staging folder,
    /// or in the current output when files are compared with it); whether it did.
    fn link_earlier(&self, content: &Content, path: &Path) -> bool {
        let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
            return false;
        };
        let folder = self
            .in_current(folder)
            .unwrap_or_else(|| folder.to_path_buf());
        let folder = folder.as_path();
        let Some((stem, _, ext)) = name.to_str().and_then(versioned) else {
            return false;
        };
        let candidates = {
            let mut folders = self.folders.lock().unwrap_or_else(PoisonError::into_inner);
            let names = folders
                .entry(folder.to_path_buf())
                .or_insert_with(|| list_versioned(folder));
            names
                .get(&(stem.to_string(), ext.to_string()))
                .cloned()
                .unwrap_or_default()
        };
        candidates.iter().any(|earlier| {
            let earlier = folder.join(earlier);
            std::fs::symlink_metadata(&earlier).is_ok_and(|meta| {
                meta.file_type().is_file()
                    && holds(content, meta.len(), &earlier)
                    && std::fs::hard_link(&earlier, path).is_ok()
            })
        })
    }
}

/// `STEM.VERSION.EXT` split in three, when VERSION is hex.
fn versioned(name: &str) -> Option<(&str, &str, &str)> {
    let mut parts = name.split('.');
    let (stem, version, ext) = (parts.next()?, parts.next()?, parts.next()?);
    let hex = !version.is_empty() && version.bytes().all(|b| b.is_ascii_hexdigit());
    (parts.next().is_none() && hex).then_some((stem, version, ext))
}

/// The versioned names of the regular files in `folder`, by (STEM, EXT).
fn list_versioned(folder: &Path) -> Versioned {
    let mut names = Versioned::new();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return names;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some((stem, _, ext)) = versioned(&name) {
            let key = (stem.to_string(), ext.to_string());
            names.entry(key).or_default().push(name);
        }
    }
    names
}

/// Whether the file `path` of `len` bytes holds exactly `content`.
fn holds(content: &Content, len: u64, path: &Path) -> bool {
    let same = |bytes: &[u8]| {
        len == bytes.len() as u64 && std::fs::read(path).is_ok_and(|old| old == bytes)
    };
    match content {
        Content::Bytes(b) => same(b),
        Content::Shared(b) => same(b),
        Content::Copy(src) => {
            std::fs::metadata(src).is_ok_and(|m| m.len() == len)
                && std::fs::read(src).is_ok_and(|b| same(&b))
        }
        Content::Stored(blob) => len == blob.len() as u64 && blob.read().is_ok_and(|b| same(&b)),
        Content::Staged | Content::Parts(_) => false,
    }
}

/// Removes the files under `dir` that are not among `files` (left from the old
/// output), and the folders that are then empty. `listing`: what `dir` held when
/// prepared (everything the build added since is among `files`), or `None` to look.
pub(super) fn remove_others(
    dir: &Path,
    files: &[OutputFile],
    listing: &Listing,
) -> Result<(), Fatal> {
    let wanted: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    // Folders that hold a wanted file stay; trying to remove each (a page is a
    // folder) cost a failing call per page.
    let kept_folders: HashSet<&str> = wanted
        .iter()
        .flat_map(|path| path.match_indices('/').map(|(at, _)| &path[..at]))
        .collect();
    let Some(listing) = listing else {
        return remove_unlisted_others(dir, &wanted, &kept_folders);
    };
    let (mut folders, others): (Vec<_>, Vec<_>) = listing
        .iter()
        .filter(|(rel, is_folder)| {
            let keep = if *is_folder { &kept_folders } else { &wanted };
            !keep.contains(rel.as_str())
        })
        .partition(|(_, is_folder)| *is_folder);
    for (rel, _) in others {
        let path = dir.join(rel);
        // A file may have been removed for a folder of this build (`clear_way`).
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if !meta.is_dir() => {
                std::fs::remove_file(&path).map_err(|e| Fatal::io(&path, e))?
            }
            _ => {}
        }
    }
    // Inner folders first: a folder's own folders sort after it.
    folders.sort_unstable_by(|a, b| b.0.cmp(&a.0));
    for (rel, _) in folders {
        // Fails, as it should, while the folder holds anything.
        let _ = std::fs::remove_dir(dir.join(rel));
    }
    Ok(())
}

/// [`remove_others`] for a staging folder that was not listed: walks it.
fn remove_unlisted_others(
    dir: &Path,
    wanted: &HashSet<&str>,
    kept_folders: &HashSet<&str>,
) -> Result<(), Fatal> {
    let walk = walkdir::WalkDir::new(dir).min_depth(1).contents_first(true);
    for entry in walk {
        let entry = entry.map_err(|e| Fatal::io(dir, e.into()))?;
        let path = entry.path();
        let rel = path.strip_prefix(dir).unwrap_or(path);
        let rel = rel.to_string_lossy().replace('\\', "/");
        if entry.file_type().is_dir() {
            if !kept_folders.contains(rel.as_str()) {
                // Fails, as it should, while the folder holds anything.
                let _ = std::fs::remove_dir(path);
            }
        } else if rel != MARKER && !wanted.contains(rel.as_str()) {
            std::fs::remove_file(path).map_err(|e| Fatal::io(path, e))?;
        }
    }
    Ok(())
}

/// Creates `folder` inside `root` (a staging folder that may start as an old output,
/// where a file can stand where a folder is wanted now).
pub(super) fn make_folder(root: &Path, folder: &Path, reusing: bool) -> Result<(), Fatal> {
    // An old output has nearly every folder: one look, not a failing mkdir and a look.
    if reusing && std::fs::symlink_metadata(folder).is_ok_and(|m| m.is_dir()) {
        return Ok(());
    }
    if std::fs::create_dir_all(folder).is_err() {
        clear_way(root, folder);
    }
    std::fs::create_dir_all(folder).map_err(|e| Fatal::io(folder, e))
}

/// Removes what stands in the way of creating `folder` inside `root`: a file (of an
/// old output) where one of its folders should be.
pub(super) fn clear_way(root: &Path, folder: &Path) {
    let Ok(rel) = folder.strip_prefix(root) else {
        return;
    };
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if !meta.file_type().is_dir() => {
                let _ = std::fs::remove_file(&at);
            }
            _ => {}
        }
    }
}
