//! The changes made while `serve`'s first build ran. The watcher starts only once that
//! build is done: inotify reports every file the build opens, and at 50,000 pages
//! handling those events took a fifth of the CPU before the first page was served.
//! What was saved in between is found here, by time, and handed to the watch loop as
//! if the watcher had seen it.

use super::watch::{INPUT_DIRS, Message};
use notify::event::{AccessKind, AccessMode, Flag};
use notify::{Event, EventKind};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::{Duration, SystemTime};
use walkdir::WalkDir;

/// The coarsest file times kept (FAT's two seconds): a time in whole seconds may be
/// up to this much older than the save, so it is compared this much earlier. Also
/// the margin when no file can be made to read the file system's clock. At worst a
/// page saved just before the build is built again.
const SLACK: Duration = Duration::from_secs(2);

/// What the inputs were when the first build started.
#[derive(Debug, Clone)]
pub struct Start {
    /// Anything changed at or after this time (by the file system's clock) is a change.
    since: SystemTime,
    /// Which of `INPUT_DIRS` existed.
    folders: Vec<bool>,
}

impl Start {
    /// Now, for the inputs under `root`: call it before the build reads anything.
    pub fn now(root: &Path) -> Start {
        let since = file_clock_tick().unwrap_or_else(|| {
            let now = SystemTime::now();
            now.checked_sub(SLACK).unwrap_or(SystemTime::UNIX_EPOCH)
        });
        Start {
            since,
            folders: INPUT_DIRS.iter().map(|d| root.join(d).is_dir()).collect(),
        }
    }
}

/// The start of the file clock's next tick. File times come from a clock that lags
/// the system's by up to a tick (a few ms), so the system's time would call files
/// written just before "changed"; a file written after this returns has a time at or
/// after it, and one written before has an earlier one. `None` when no temporary file
/// can be written or its clock does not move within 50 ms (a file system that keeps
/// whole seconds).
fn file_clock_tick() -> Option<SystemTime> {
    use std::io::Write;
    let mut file = tempfile::tempfile().ok()?;
    let mut stamp = || {
        file.write_all(b".").ok()?;
        file.metadata().and_then(|m| m.modified()).ok()
    };
    let first = stamp()?;
    let began = std::time::Instant::now();
    while began.elapsed() < Duration::from_millis(50) {
        let now = stamp()?;
        if now > first {
            return Some(now);
        }
    }
    None
}

/// Sends what changed under `root` since `start` to `tx`, from a thread of its own
/// (it looks at every input file).
pub fn send(root: PathBuf, start: Start, tx: Sender<Message>) {
    std::thread::spawn(move || {
        for event in changes_since(&root, &start) {
            if tx.send(Message::Fs(Ok(event))).is_err() {
                return;
            }
        }
    });
}

/// The changes since `start`, as watcher events: a file written since is a finished
/// write; anything a list of files cannot say (a folder's entries changed, an input
/// folder appeared or went) asks for everything to be read again.
pub fn changes_since(root: &Path, start: &Start) -> Vec<Event> {
    let since = start.since;
    let folders_now = INPUT_DIRS.iter().map(|d| root.join(d).is_dir());
    if !folders_now.eq(start.folders.iter().copied()) {
        return vec![rescan()];
    }
    let config = root.join(crate::config::CONFIG_FILE);
    let mut events = Vec::new();
    if changed_since(&config, since) {
        events.push(written(config));
    }
    let folders = INPUT_DIRS
        .iter()
        .map(|d| root.join(d))
        .filter(|d| d.is_dir());
    for dir in folders {
        // Folders' own times count too, which `crate::walk` (files only) does not list.
        let walk = WalkDir::new(dir).follow_links(true);
        let inputs = walk.into_iter().filter_entry(|e| {
            e.depth() == 0 || !crate::walk::is_ignored_name(&e.file_name().to_string_lossy())
        });
        for entry in inputs {
            let Ok(entry) = entry else {
                // Gone or unreadable while being looked at: something changed.
                return vec![rescan()];
            };
            if !changed_since(entry.path(), since) {
                continue;
            }
            if entry.file_type().is_dir() {
                // A file created, removed or renamed in it: which one is not known.
                return vec![rescan()];
            }
            events.push(written(entry.into_path()));
        }
    }
    events
}

/// Whether the file's contents or its entry (a rename, a new file) changed since.
fn changed_since(path: &Path, since: SystemTime) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    let after = |t: SystemTime| is_after(t, since);
    meta.modified().is_ok_and(after) || status_changed(&meta).is_some_and(after)
}

/// Whether a file time `t` may be of a save at or after `since`. A time in whole
/// seconds is taken to come from a file system that keeps no finer ones (FAT, some
/// network shares), which rounds a save's time down.
fn is_after(t: SystemTime, since: SystemTime) -> bool {
    let whole = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .is_ok_and(|d| d.subsec_nanos() == 0);
    let coarse_since = since.checked_sub(SLACK).unwrap_or(SystemTime::UNIX_EPOCH);
    t >= if whole { coarse_since } else { since }
}

/// When the file's entry last changed (renamed, linked, its mode set): Unix's ctime.
#[cfg(unix)]
fn status_changed(meta: &std::fs::Metadata) -> Option<SystemTime> {
    use std::os::unix::fs::MetadataExt;
    let secs = u64::try_from(meta.ctime()).ok()?;
    let nanos = u32::try_from(meta.ctime_nsec()).ok()?;
    SystemTime::UNIX_EPOCH.checked_add(Duration::new(secs, nanos))
}

#[cfg(not(unix))]
fn status_changed(_meta: &std::fs::Metadata) -> Option<SystemTime> {
    None
}

fn written(path: PathBuf) -> Event {
    Event::new(EventKind::Access(AccessKind::Close(AccessMode::Write))).add_path(path)
}

fn rescan() -> Event {
    Event::new(EventKind::Other).set_flag(Flag::Rescan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A handbook, and its start: after every file was written.
    fn handbook() -> (tempfile::TempDir, Start) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        fs::create_dir_all(root.join("content/guide")).expect("folders");
        fs::write(root.join("ownbook.toml"), "title = \"T\"\n").expect("config");
        fs::write(root.join("content/guide/a.md"), "# A\n").expect("page");
        let start = Start::now(root);
        (dir, start)
    }

    #[test]
    fn whole_second_times_are_compared_coarsely() {
        let at = |secs: u64, nanos: u32| SystemTime::UNIX_EPOCH + Duration::new(secs, nanos);
        let since = at(1_000, 500_000_000);
        assert!(is_after(at(1_000, 500_000_000), since));
        assert!(!is_after(at(1_000, 499_999_999), since));
        // A save at 1,000.7 s kept as 1,000 s (or 999 s on FAT) is after.
        assert!(is_after(at(1_000, 0), since));
        assert!(is_after(at(999, 0), since));
        assert!(!is_after(at(998, 0), since));
    }

    fn paths(events: &[Event]) -> Vec<PathBuf> {
        events.iter().flat_map(|e| e.paths.clone()).collect()
    }

    #[test]
    fn nothing_changed_gives_nothing() {
        let (dir, start) = handbook();
        assert_eq!(changes_since(dir.path(), &start), Vec::<Event>::new());
    }

    #[test]
    fn a_page_or_the_config_saved_during_the_build_is_a_finished_write() {
        let (dir, start) = handbook();
        let page = dir.path().join("content/guide/a.md");
        fs::write(&page, "# A, edited\n").expect("edit");
        let events = changes_since(dir.path(), &start);
        assert_eq!(paths(&events), vec![page.clone()]);
        assert_eq!(events[0].kind, written(page).kind);

        let (dir, start) = handbook();
        let config = dir.path().join("ownbook.toml");
        fs::write(&config, "title = \"U\"\n").expect("edit");
        assert_eq!(paths(&changes_since(dir.path(), &start)), vec![config]);
    }

    #[test]
    fn a_page_created_or_removed_or_an_input_folder_made_asks_for_everything() {
        let (dir, start) = handbook();
        fs::write(dir.path().join("content/guide/b.md"), "# B\n").expect("new page");
        let events = changes_since(dir.path(), &start);
        assert!(events.iter().any(Event::need_rescan), "{events:?}");

        let (dir, start) = handbook();
        fs::remove_file(dir.path().join("content/guide/a.md")).expect("remove");
        let events = changes_since(dir.path(), &start);
        assert!(events.iter().any(Event::need_rescan), "{events:?}");

        let (dir, start) = handbook();
        fs::create_dir(dir.path().join("static")).expect("new input folder");
        let events = changes_since(dir.path(), &start);
        assert!(events.iter().any(Event::need_rescan), "{events:?}");
    }
}
