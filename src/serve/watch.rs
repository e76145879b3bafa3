//! Watching the handbook's inputs (`ownbook.toml`, `content/`, `static/`, `themes/`,
//! `templates/`, `i18n/`) and turning bursts of file events into one `Changes` per rebuild.
//!
//! Editors save in many ways, and a rebuild in the middle of a save would read half a
//! file or miss a page for a moment. So a batch is closed only after a short quiet
//! spell *and* once every file in it is complete:
//!
//! - write in place (truncate, write, close): complete at close-after-write (Linux
//!   reports it; elsewhere the modification event is taken as the end);
//! - write a temporary file, then rename it over the page (vim, JetBrains, gedit,
//!   `sed -i`): complete when renamed into place;
//! - delete, then create (some editors and sync tools), or rename the old file away
//!   first (vim's backup): a removed path is given a moment to come back.
//!
//! Swap, backup and lock files (`.x.swp`, `x~`, `4913`, `#x#`, hidden files) are not
//! inputs and are ignored, like everything outside the input folders (the output
//! folder included). Our own reads show up as "open" events, which are ignored too.

use super::session::Changes;
use crate::walk::is_ignored_path;
use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode};
use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// The folders (recursive) and file watched at the handbook root.
pub const INPUT_DIRS: [&str; 5] = ["content", "static", "themes", "templates", "i18n"];
const CONFIG: &str = crate::config::CONFIG_FILE;

/// A batch closes after this long without events, once all its files are complete.
const QUIET: Duration = Duration::from_millis(3);
/// How long an incomplete file (written but not closed, removed) may hold a batch.
const SETTLE: Duration = Duration::from_millis(100);
/// No batch waits longer than this after its first event (a file written forever).
const MAX_BATCH: Duration = Duration::from_secs(1);
/// How often the polling watcher looks at the files.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// What the rebuild thread receives.
pub enum Message {
    Fs(notify::Result<Event>),
    /// Ctrl-C: stop serving.
    Stop,
}

/// The file watcher: native events, or polling where they do not work.
pub struct Watch {
    watcher: Box<dyn Watcher + Send>,
    root: PathBuf,
    tx: Sender<Message>,
    /// Whether the platform reports "closed after writing" (inotify does).
    pub close_events: bool,
    pub polling: bool,
}

impl Watch {
    /// Watches the inputs under `root` (canonical), polling if `poll` or if native
    /// watching is not possible (the OS limit of watches is reached, say).
    pub fn start(root: &Path, poll: bool, tx: Sender<Message>) -> Result<Watch, String> {
        if !poll {
            match Self::native(root, tx.clone()) {
                Ok(w) => return Ok(w),
                Err(e) => eprintln!(
                    "warning: cannot watch the files natively ({e}); checking them every {} ms instead.\n  \
                     hint: on Linux, raise the limit: sudo sysctl fs.inotify.max_user_watches=524288",
                    POLL_INTERVAL.as_millis()
                ),
            }
        }
        Self::polling(root, tx)
    }

    fn native(root: &Path, tx: Sender<Message>) -> notify::Result<Watch> {
        let sender = tx.clone();
        let watcher = notify::recommended_watcher(move |e| {
            let _ = sender.send(Message::Fs(e));
        })?;
        let mut w = Watch {
            watcher: Box::new(watcher),
            root: root.to_path_buf(),
            tx,
            close_events: cfg!(any(target_os = "linux", target_os = "android")),
            polling: false,
        };
        w.watch_inputs()?;
        Ok(w)
    }

    fn polling(root: &Path, tx: Sender<Message>) -> Result<Watch, String> {
        let sender = tx.clone();
        // Modification times are compared in whole seconds, so contents are compared
        // too: otherwise a second save within the same second would go unnoticed.
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            .with_compare_contents(true);
        let watcher = notify::PollWatcher::new(
            move |e| {
                let _ = sender.send(Message::Fs(e));
            },
            config,
        )
        .map_err(|e| e.to_string())?;
        let mut w = Watch {
            watcher: Box::new(watcher),
            root: root.to_path_buf(),
            tx,
            close_events: false,
            polling: true,
        };
        w.watch_inputs().map_err(|e| e.to_string())?;
        Ok(w)
    }

    /// The root itself (for ownbook.toml and input folders that appear later) and
    /// every input folder that exists.
    fn watch_inputs(&mut self) -> notify::Result<()> {
        self.watcher
            .watch(&self.root, RecursiveMode::NonRecursive)?;
        for dir in INPUT_DIRS {
            let path = self.root.join(dir);
            if path.is_dir() {
                self.watcher.watch(&path, RecursiveMode::Recursive)?;
            }
        }
        Ok(())
    }

    /// Starts watching an input folder created after `start`.
    fn folder_appeared(&mut self, path: &Path) {
        if let Err(e) = self.watcher.watch(path, RecursiveMode::Recursive) {
            self.failed(&e);
        }
    }

    /// A native watcher that ran into the OS limit switches to polling.
    fn failed(&mut self, error: &notify::Error) {
        if self.polling || !matches!(error.kind, notify::ErrorKind::MaxFilesWatch) {
            eprintln!("warning: file watching: {error}");
            return;
        }
        eprintln!(
            "warning: the OS limit of file watches is reached; checking the files every {} ms instead.\n  \
             hint: on Linux, raise the limit: sudo sysctl fs.inotify.max_user_watches=524288",
            POLL_INTERVAL.as_millis()
        );
        match Self::polling(&self.root, self.tx.clone()) {
            Ok(w) => *self = w,
            Err(e) => eprintln!("warning: polling failed too: {e}; changes are not picked up"),
        }
    }
}

/// Where a changed path belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Area {
    Config,
    /// content/ or static/: what the loader reads.
    Input,
    /// themes/, templates/ or i18n/ (interface strings, read afresh by every build).
    Theme,
}

fn area(root: &Path, path: &Path) -> Option<Area> {
    let rel = path.strip_prefix(root).ok()?;
    if is_editor_temp(rel) {
        return None;
    }
    let first = rel.components().next()?.as_os_str().to_str()?;
    match first {
        CONFIG if rel.components().count() == 1 => Some(Area::Config),
        "content" | "static" => Some(Area::Input),
        "themes" | "templates" | "i18n" => Some(Area::Theme),
        _ => None,
    }
}

/// Swap, backup, temporary and hidden files, in any folder of the path (the loader
/// skips the same names).
fn is_editor_temp(rel: &Path) -> bool {
    rel.components().any(|c| {
        let name = c.as_os_str();
        let text = name.to_string_lossy();
        // JetBrains "safe write" leaves these for a moment.
        is_ignored_path(Path::new(name))
            || text.ends_with("___jb_tmp___")
            || text.ends_with("___jb_old___")
    })
}

/// Changes collected from events until the batch is complete.
#[derive(Debug)]
pub struct Batch {
    root: PathBuf,
    close_events: bool,
    changes: Changes,
    any: bool,
    all_css: bool,
    /// Paths whose save is still in progress (see the module docs).
    incomplete: HashSet<PathBuf>,
    /// Input folders created at the root, to be watched.
    new_folders: Vec<PathBuf>,
}

impl Batch {
    pub fn new(root: &Path, close_events: bool) -> Self {
        Batch {
            root: root.to_path_buf(),
            close_events,
            changes: Changes::default(),
            any: false,
            all_css: true,
            incomplete: HashSet::new(),
            new_folders: Vec::new(),
        }
    }

    /// Whether the batch holds a change that needs a rebuild.
    pub fn is_empty(&self) -> bool {
        !self.any
    }

    /// Whether every file in the batch is complete.
    pub fn is_settled(&self) -> bool {
        self.incomplete.is_empty()
    }

    /// Adds one event.
    pub fn add(&mut self, event: &Event) {
        if event.need_rescan() {
            self.lost_events();
        }
        let kind = event.kind;
        for (i, path) in event.paths.iter().enumerate() {
            let Some(area) = area(&self.root, path) else {
                continue;
            };
            let incomplete = match kind {
                // Opening or reading (ours included) changes nothing.
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => false,
                EventKind::Access(_) => continue,
                EventKind::Create(CreateKind::Folder) => {
                    if path.parent() == Some(self.root.as_path()) {
                        self.new_folders.push(path.clone());
                    }
                    false
                }
                EventKind::Create(_) | EventKind::Modify(ModifyKind::Data(_)) => self.close_events,
                EventKind::Modify(ModifyKind::Name(RenameMode::From)) => true,
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => i == 0,
                EventKind::Remove(_) => true,
                _ => false,
            };
            if incomplete {
                self.incomplete.insert(path.clone());
            } else {
                self.incomplete.remove(path);
            }
            self.any = true;
            self.all_css &= area != Area::Config && path.extension().is_some_and(|e| e == "css");
            match area {
                Area::Config => self.changes.everything = true,
                Area::Input => {
                    if !self.changes.files.contains(path) {
                        self.changes.files.push(path.clone());
                    }
                }
                Area::Theme => self.changes.theme = true,
            }
        }
    }

    /// Something went wrong with watching: nothing is known about what changed.
    pub fn lost_events(&mut self) {
        self.any = true;
        self.changes.everything = true;
        self.all_css = false;
    }

    /// The changes of the batch (consuming it).
    pub fn finish(mut self) -> Changes {
        self.changes.css_only = self.all_css && self.any;
        self.changes
    }
}

/// Turns watcher messages into batches of changes.
pub struct Batcher {
    rx: Receiver<Message>,
    pub watch: Watch,
    /// A batch begun while the previous rebuild was finishing up.
    carry: Option<(Batch, Instant)>,
    stopped: bool,
}

impl Batcher {
    pub fn new(rx: Receiver<Message>, watch: Watch) -> Self {
        Batcher {
            rx,
            watch,
            carry: None,
            stopped: false,
        }
    }

    /// Waits for the next complete batch of changes. `None` when told to stop.
    pub fn next_changes(&mut self) -> Option<Changes> {
        let (mut batch, mut started) = match self.carry.take() {
            Some((batch, started)) => (batch, Some(started)),
            None => (Batch::new(&self.watch.root, self.watch.close_events), None),
        };
        loop {
            if self.stopped {
                return None;
            }
            let message = match started {
                // Idle: block without a timeout, so an idle server uses no CPU.
                None => self.rx.recv().ok()?,
                Some(first) => {
                    let wait = if batch.is_settled() { QUIET } else { SETTLE };
                    let left = MAX_BATCH.saturating_sub(Instant::elapsed(&first));
                    match self.rx.recv_timeout(wait.min(left)) {
                        Ok(m) => m,
                        Err(RecvTimeoutError::Timeout) => return Some(batch.finish()),
                        Err(RecvTimeoutError::Disconnected) => return None,
                    }
                }
            };
            self.handle(&mut batch, message);
            if started.is_none() && !batch.is_empty() {
                started = Some(Instant::now());
            }
        }
    }

    /// Takes in the messages already waiting; true if they hold a change (so work
    /// that a rebuild would make obsolete can be skipped).
    pub fn changes_waiting(&mut self) -> bool {
        let (mut batch, started) = self.carry.take().unwrap_or_else(|| {
            (
                Batch::new(&self.watch.root, self.watch.close_events),
                Instant::now(),
            )
        });
        while let Ok(message) = self.rx.try_recv() {
            self.handle(&mut batch, message);
        }
        let waiting = !batch.is_empty() || self.stopped;
        if !batch.is_empty() {
            self.carry = Some((batch, started));
        }
        waiting
    }

    fn handle(&mut self, batch: &mut Batch, message: Message) {
        match message {
            Message::Stop => self.stopped = true,
            Message::Fs(Ok(event)) => batch.add(&event),
            Message::Fs(Err(error)) => {
                self.watch.failed(&error);
                batch.lost_events();
            }
        }
        for folder in std::mem::take(&mut batch.new_folders) {
            self.watch.folder_appeared(&folder);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{DataChange, RemoveKind};

    fn event(kind: EventKind, paths: &[&str]) -> Event {
        Event {
            kind,
            paths: paths.iter().map(|p| Path::new("/site").join(p)).collect(),
            attrs: Default::default(),
        }
    }

    const WRITE: EventKind = EventKind::Modify(ModifyKind::Data(DataChange::Any));
    const CLOSED: EventKind = EventKind::Access(AccessKind::Close(AccessMode::Write));

    #[test]
    fn an_in_place_write_completes_when_closed() {
        let mut b = Batch::new(Path::new("/site"), true);
        b.add(&event(WRITE, &["content/a.md"]));
        assert!(!b.is_settled());
        b.add(&event(CLOSED, &["content/a.md"]));
        assert!(b.is_settled());
        let c = b.finish();
        assert_eq!(c.files, vec![PathBuf::from("/site/content/a.md")]);
        assert!(!c.everything && !c.css_only);
    }

    #[test]
    fn a_removed_page_is_awaited_and_temp_files_are_ignored() {
        let mut b = Batch::new(Path::new("/site"), true);
        b.add(&event(
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            &["content/a.md", "content/a.md~"],
        ));
        b.add(&event(
            EventKind::Create(CreateKind::File),
            &["content/4913"],
        ));
        b.add(&event(
            EventKind::Create(CreateKind::File),
            &["content/.a.md.swp"],
        ));
        assert!(!b.is_settled(), "a.md is gone for now");
        b.add(&event(
            EventKind::Create(CreateKind::File),
            &["content/a.md"],
        ));
        b.add(&event(CLOSED, &["content/a.md"]));
        assert!(b.is_settled());
        b.add(&event(
            EventKind::Remove(RemoveKind::File),
            &["content/a.md~"],
        ));
        assert!(b.is_settled(), "backups do not hold the batch");
        assert_eq!(b.finish().files, vec![PathBuf::from("/site/content/a.md")]);
    }

    #[test]
    fn reads_outputs_and_other_folders_change_nothing() {
        let mut b = Batch::new(Path::new("/site"), true);
        b.add(&event(
            EventKind::Access(AccessKind::Open(AccessMode::Read)),
            &["content/a.md"],
        ));
        b.add(&event(WRITE, &["public/index.html"]));
        b.add(&event(WRITE, &[".git/index"]));
        b.add(&event(WRITE, &["content/.obsidian/workspace.json"]));
        b.add(&event(WRITE, &["notes.txt"]));
        assert!(b.is_empty());
    }

    #[test]
    fn kinds_of_change() {
        let mut b = Batch::new(Path::new("/site"), false);
        b.add(&event(WRITE, &["themes/default/static/style.css"]));
        b.add(&event(WRITE, &["static/extra.css"]));
        let c = b.finish();
        assert!(c.css_only && !c.everything);
        let mut b = Batch::new(Path::new("/site"), false);
        b.add(&event(WRITE, &["ownbook.toml"]));
        assert!(b.finish().everything);
        let mut b = Batch::new(Path::new("/site"), false);
        b.add(&event(WRITE, &["templates/page.html"]));
        let c = b.finish();
        assert!(!c.css_only && c.files.is_empty() && !c.everything && c.theme);
        let mut b = Batch::new(Path::new("/site"), false);
        b.add(&event(WRITE, &["content/a.md"]));
        assert!(!b.finish().theme, "a page edit keeps the theme");
    }

    #[test]
    fn reaching_the_watch_limit_switches_to_polling() {
        let dir = tempfile::tempdir().expect("dir");
        let (tx, _rx) = std::sync::mpsc::channel();
        let mut watch = Watch::start(dir.path(), false, tx).expect("watch");
        assert!(!watch.polling && watch.close_events == cfg!(target_os = "linux"));
        watch.failed(&notify::Error::new(notify::ErrorKind::MaxFilesWatch));
        assert!(watch.polling && !watch.close_events);
    }

    #[test]
    fn a_burst_of_saves_is_one_batch() {
        let (tx, rx) = std::sync::mpsc::channel();
        for i in 0..50 {
            let path = format!("content/p{i}.md");
            let _ = tx.send(Message::Fs(Ok(event(WRITE, &[&path]))));
            let _ = tx.send(Message::Fs(Ok(event(CLOSED, &[&path]))));
        }
        let dir = tempfile::tempdir().expect("dir");
        let watch = Watch::start(dir.path(), true, tx.clone()).expect("watch");
        let mut batcher = Batcher::new(rx, watch);
        batcher.watch.root = PathBuf::from("/site");
        let changes = batcher.next_changes().expect("batch");
        assert_eq!(changes.files.len(), 50);
        let _ = tx.send(Message::Stop);
        assert_eq!(batcher.next_changes(), None);
    }
}
