//! Files handed over before the render ends. While `serve`'s first build of a large
//! site runs, a browser need not wait for every page: once the site is loaded and
//! analysed, the pages requests wait for are rendered first, and each file is handed
//! over as soon as it is final (what the finished build holds, byte for byte).

use crate::output::OutputFile;
use rustc_hash::FxHashMap;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// Where early files go, and which ones are wanted.
pub trait EarlyFiles: Send + Sync {
    /// Output paths that requests wait for (each one returned once).
    fn wanted(&self) -> Vec<String>;
    /// Files that are final.
    fn ready(&self, files: &[OutputFile]);
}

/// Hands out guide page indexes to the render's threads: the pages asked for first,
/// then the rest in order. Each index is handed out exactly once.
pub(super) struct PageOrder<'a> {
    early: &'a dyn EarlyFiles,
    by_path: FxHashMap<String, usize>,
    taken: Vec<AtomicBool>,
    next: AtomicUsize,
    asked: Mutex<VecDeque<usize>>,
}

impl<'a> PageOrder<'a> {
    /// An order over pages whose output paths are `paths`, in index order.
    pub(super) fn new(early: &'a dyn EarlyFiles, paths: Vec<String>) -> Self {
        let taken = paths.iter().map(|_| AtomicBool::new(false)).collect();
        let by_path = paths.into_iter().enumerate().map(|(i, p)| (p, i)).collect();
        PageOrder {
            early,
            by_path,
            taken,
            next: AtomicUsize::new(0),
            asked: Mutex::new(VecDeque::new()),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.taken.len()
    }

    /// The next page to render; `None` once every page was handed out.
    pub(super) fn next(&self) -> Option<usize> {
        let mut asked = self.asked.lock().unwrap_or_else(PoisonError::into_inner);
        let wanted = self.early.wanted();
        asked.extend(wanted.iter().filter_map(|p| self.by_path.get(p)));
        while let Some(i) = asked.pop_front() {
            if self.take(i) {
                return Some(i);
            }
        }
        drop(asked);
        loop {
            let i = self.next.fetch_add(1, Ordering::Relaxed);
            if i >= self.taken.len() {
                return None;
            }
            if self.take(i) {
                return Some(i);
            }
        }
    }

    fn take(&self, i: usize) -> bool {
        !self.taken[i].swap(true, Ordering::Relaxed)
    }

    pub(super) fn ready(&self, file: &OutputFile) {
        self.early.ready(std::slice::from_ref(file));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Asking(Mutex<Vec<String>>);

    impl EarlyFiles for Asking {
        fn wanted(&self) -> Vec<String> {
            std::mem::take(&mut *self.0.lock().expect("lock"))
        }
        fn ready(&self, _: &[OutputFile]) {}
    }

    #[test]
    fn asked_pages_come_first_and_every_page_once() {
        let early = Asking(Mutex::new(vec!["c".into(), "nope".into(), "b".into()]));
        let paths = ["a", "b", "c", "d"].map(String::from).to_vec();
        let order = PageOrder::new(&early, paths);
        let mut seen = Vec::new();
        while let Some(i) = order.next() {
            seen.push(i);
            if seen.len() == 2 {
                early.0.lock().expect("lock").push("d".into());
            }
        }
        assert_eq!(seen, [2, 1, 3, 0]);
    }
}
