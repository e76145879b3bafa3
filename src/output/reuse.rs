//! A warm build writes only what changed: with the build cache on, the output a build
//! replaces is kept in the cache folder, and the next build's staging folder starts
//! as that copy. Each file is compared with the file at its path there, kept when
//! the bytes are the same, and written anew otherwise; files the site no longer has
//! are removed before the swap. A build then writes and deletes a few files instead
//! of the whole site (deleting a large output was most of a warm build's time).
//!
//! The copy is only ever ownbook's own folder (it carries the output marker), and
//! the previous output is never touched: the copy was swapped out of place one build
//! earlier. A failed build puts its staging folder back as the copy.
//!
//! Without a kept copy (the build after a first build), the staging folder starts
//! as hard links to the files of the current output: creating a link writes no data,
//! and the build compares them like a copy. Shared files are safe because nothing
//! here writes into a file in place: a file that differs is removed and created
//! anew, so the published output never changes under a build.

use super::{Content, Fatal, MARKER, OutputFile, remove_ours};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;

/// Moves the kept output `keep` (when it is ownbook's) to `dir`, the new staging
/// folder, and removes from it anything a file could be written through (links and
/// special files). Without a usable copy, `dir` starts as links to the files of the
/// output `out` when that is ownbook's, and stays as it is (created empty) otherwise.
pub(super) fn take_kept(keep: &Path, dir: &Path, out: &Path) {
    if !keep.join(MARKER).is_file() || std::fs::rename(keep, dir).is_err() {
        if out.join(MARKER).is_file() {
            link_files(out, dir);
        }
        return;
    }
    let walk = walkdir::WalkDir::new(dir).min_depth(1);
    for entry in walk.into_iter().flatten() {
        let kind = entry.file_type();
        if !kind.is_file() && !kind.is_dir() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Makes `dir` hold a hard link to each regular file of `out` (not its marker), in
/// the same folders. Best effort: a file that cannot be linked is written by the
/// build instead.
fn link_files(out: &Path, dir: &Path) {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(out)
        .min_depth(1)
        .into_iter()
        .flatten()
    {
        let rel = entry.path().strip_prefix(out).unwrap_or(entry.path());
        let kind = entry.file_type();
        if kind.is_dir() {
            if std::fs::create_dir_all(dir.join(rel)).is_err() {
                return;
            }
        } else if kind.is_file() && rel != Path::new(MARKER) {
            files.push(rel.to_path_buf());
        }
    }
    files.par_iter().for_each(|rel| {
        let _ = std::fs::hard_link(out.join(rel), dir.join(rel));
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

/// Whether `path` already holds `content` (then it is kept); otherwise whatever
/// stands there is removed, so the new file is created, never written through
/// something else.
pub(super) fn unchanged_or_cleared(content: &Content, path: &Path) -> Result<bool, Fatal> {
    if matches!(content, Content::Staged) {
        // Written by this build already.
        return Ok(true);
    }
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(false);
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
/// output), and the folders that are then empty.
pub(super) fn remove_others(dir: &Path, files: &[OutputFile]) -> Result<(), Fatal> {
    let wanted: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    // Folders that hold a wanted file stay; trying to remove each (a page is a
    // folder) cost a failing call per page.
    let kept_folders: HashSet<&str> = wanted
        .iter()
        .flat_map(|path| path.match_indices('/').map(|(at, _)| &path[..at]))
        .collect();
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
