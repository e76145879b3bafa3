//! The progress bar of `ownbook build` on a terminal: phases and pages, drawn to
//! stderr only when stderr is a terminal and only once the build has taken a second
//! (a quick build shows nothing), then a line naming the slowest phases. Piped or
//! redirected output gets none of it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use ownbook::timings::{Progress, Timings};
use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long a build runs before the bar appears.
const DELAY: Duration = Duration::from_secs(1);

/// Whether to draw at all: only for a person watching a terminal.
pub fn wanted(stderr_is_terminal: bool, timings_asked: bool) -> bool {
    // `--timings` prints its own table; a bar above it adds nothing.
    stderr_is_terminal && !timings_asked
}

/// A build's bar; `None` when nothing is to be drawn.
pub struct Bar {
    bar: ProgressBar,
    /// Set once the bar is drawn; guarded so that a build ending at the very moment
    /// the delay runs out leaves no bar behind.
    shown: Arc<Mutex<Option<bool>>>,
}

impl Bar {
    /// Starts the bar for this process's build, when stderr is a terminal.
    pub fn start(timings_asked: bool) -> Option<Arc<Bar>> {
        if !wanted(std::io::stderr().is_terminal(), timings_asked) {
            return None;
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("{spinner} {msg:40} {wide_bar} {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message("loading");
        let shown = Arc::new(Mutex::new(Some(false)));
        let (later_bar, later_shown) = (bar.clone(), shown.clone());
        std::thread::spawn(move || {
            std::thread::sleep(DELAY);
            let mut shown = lock(&later_shown);
            // `None`: the build has ended.
            if *shown == Some(false) {
                later_bar.set_draw_target(ProgressDrawTarget::stderr());
                later_bar.enable_steady_tick(Duration::from_millis(100));
                *shown = Some(true);
            }
        });
        let bar = Arc::new(Bar { bar, shown });
        ownbook::timings::report_progress(Box::new(Reporter(bar.clone())));
        Some(bar)
    }

    /// Clears the bar; after a build it was shown for, prints its slowest phases.
    pub fn finish(&self, timings: Option<&Timings>) {
        let was_shown = lock(&self.shown).take() == Some(true);
        self.bar.finish_and_clear();
        if let (true, Some(timings)) = (was_shown, timings) {
            eprintln!("{}", summary(timings));
        }
    }
}

/// One line naming the three slowest phases.
pub fn summary(timings: &Timings) -> String {
    let parts: Vec<String> = timings
        .longest(3)
        .into_iter()
        .map(|(name, took)| format!("{name} {:.1} s", took.as_secs_f64()))
        .collect();
    format!("Slowest phases: {}", parts.join(", "))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

struct Reporter(Arc<Bar>);

impl Progress for Reporter {
    fn phase_done(&self, name: &'static str) {
        self.0.bar.set_message(format!("{name}: done"));
    }

    fn pages(&self, total: usize) {
        self.0.bar.set_length(total as u64);
        self.0.bar.set_message("rendering pages");
    }

    fn page_done(&self) {
        self.0.bar.inc(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn drawn_only_on_a_terminal_without_timings() {
        assert!(wanted(true, false));
        assert!(!wanted(false, false));
        assert!(!wanted(true, true));
        assert!(!wanted(false, true));
    }

    #[test]
    fn summary_names_the_slowest_phases_first() {
        let mut t = Timings::default();
        let start = Instant::now() - Duration::from_secs(3);
        let next = t.lap("load", start);
        t.lap("render", next - Duration::from_secs(1));
        let line = summary(&t);
        assert!(line.starts_with("Slowest phases: load"), "{line}");
    }
}
