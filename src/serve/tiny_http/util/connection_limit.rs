//! ownbook patch: a bound on the number of connections open at once.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

/// Counts the open connections, at most `max` at once.
///
/// A connection holds two file descriptors and a thread while requests are read from
/// it, so without a bound a flood of connections used up the process's open-files
/// limit. With it, a connection beyond the bound is answered 503 at once and closed:
/// a flood degrades to refusals, and the server recovers as soon as it ends.
pub(crate) struct ConnectionLimit {
    max: usize,
    state: Mutex<State>,
    freed: Condvar,
}

struct State {
    open: usize,
    closed: bool,
}

/// The place of one open connection; dropping it lets the next one in.
pub(crate) struct Slot(Arc<ConnectionLimit>);

impl ConnectionLimit {
    pub(crate) fn new(max: usize) -> Arc<ConnectionLimit> {
        Arc::new(ConnectionLimit {
            max: max.max(1),
            state: Mutex::new(State { open: 0, closed: false }),
            freed: Condvar::new(),
        })
    }

    /// Takes a place if fewer than `max` connections are open.
    pub(crate) fn try_acquire(self: &Arc<Self>) -> Option<Slot> {
        let mut state = self.lock();
        if state.open >= self.max || state.closed {
            return None;
        }
        state.open += 1;
        Some(Slot(Arc::clone(self)))
    }

    /// Waits until fewer than `max` connections are open and takes a place, or
    /// returns `None` once the server is closing.
    #[cfg(test)]
    pub(crate) fn acquire(self: &Arc<Self>) -> Option<Slot> {
        let mut state = self.lock();
        while state.open >= self.max && !state.closed {
            state = self.freed.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
        if state.closed {
            return None;
        }
        state.open += 1;
        Some(Slot(Arc::clone(self)))
    }

    /// How many connections are open.
    pub(crate) fn open(&self) -> usize {
        self.lock().open
    }

    /// Wakes an `acquire` that waits, for good: the server is closing.
    pub(crate) fn close(&self) {
        self.lock().closed = true;
        self.freed.notify_all();
    }

    // Nothing panics while the lock is held, but a poisoned count is still right.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.lock().open -= 1;
        self.0.freed.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::ConnectionLimit;
    use std::time::Duration;

    #[test]
    fn a_place_is_refused_at_the_limit_and_given_when_one_is_freed() {
        let limit = ConnectionLimit::new(1);
        let first = limit.try_acquire();
        assert!(first.is_some());
        assert!(limit.try_acquire().is_none());
        drop(first);
        assert!(limit.try_acquire().is_some());
    }

    #[test]
    fn waits_for_a_free_place() {
        let limit = ConnectionLimit::new(2);
        let first = limit.acquire();
        let _second = limit.acquire();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiting = limit.clone();
        std::thread::spawn(move || tx.send(waiting.acquire().is_some()));
        // Nothing to await for "not given": a place given late would show here.
        assert!(rx.recv_timeout(Duration::from_millis(50)).is_err());
        drop(first);
        assert_eq!(rx.recv_timeout(Duration::from_secs(5)), Ok(true));
    }

    #[test]
    fn closing_wakes_a_waiting_acquire() {
        let limit = ConnectionLimit::new(1);
        let _only = limit.acquire();
        let waiting = {
            let limit = limit.clone();
            std::thread::spawn(move || limit.acquire().is_none())
        };
        limit.close();
        assert!(waiting.join().unwrap_or(false));
    }
}
