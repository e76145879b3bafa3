//! Wall time per build phase, for `ownbook build --timings`: where a large
//! handbook's build time goes, without a profiler.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// What a progress display learns of a build as it runs (`ownbook build` on a
/// terminal draws a bar from it). Called from many threads.
pub trait Progress: Send + Sync {
    /// A phase named as in `--timings` ended.
    fn phase_done(&self, name: &'static str);
    /// Rendering of `total` guide pages starts.
    fn pages(&self, total: usize);
    /// One more guide page is rendered.
    fn page_done(&self);
}

static PROGRESS: OnceLock<Box<dyn Progress>> = OnceLock::new();

/// Sends this process's build progress to `progress` (once; later calls are ignored).
pub fn report_progress(progress: Box<dyn Progress>) {
    let _ = PROGRESS.set(progress);
}

/// Tells the progress display that `total` guide pages are being rendered.
pub fn pages_started(total: usize) {
    if let Some(p) = PROGRESS.get() {
        p.pages(total);
    }
}

/// Tells the progress display that one more guide page is rendered.
pub fn page_done() {
    if let Some(p) = PROGRESS.get() {
        p.page_done();
    }
}

/// Phases in the order they ran, each with the process's peak memory when it ended
/// (where the OS tells it). Nested work is reported by the phase around it.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    phases: Vec<Phase>,
}

#[derive(Debug, Clone, Copy)]
struct Phase {
    name: &'static str,
    took: Duration,
    peak_kb: Option<u64>,
}

/// The process's peak resident memory so far, in KB (Linux; `None` elsewhere).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

impl Timings {
    /// Records that `name` ran from `since` until now, and returns now (the start of
    /// the next phase).
    pub fn lap(&mut self, name: &'static str, since: Instant) -> Instant {
        let now = Instant::now();
        if let Some(p) = PROGRESS.get() {
            p.phase_done(name);
        }
        self.phases.push(Phase {
            name,
            took: now.duration_since(since),
            peak_kb: peak_rss_kb(),
        });
        now
    }

    /// Appends the phases of a stage that kept its own timings.
    pub fn extend(&mut self, other: &Timings) {
        self.phases.extend(other.phases.iter().copied());
    }

    /// Each phase's name and wall time, in order.
    pub fn phases(&self) -> impl Iterator<Item = (&'static str, Duration)> + '_ {
        self.phases.iter().map(|p| (p.name, p.took))
    }

    pub fn is_empty(&self) -> bool {
        self.phases.is_empty()
    }

    /// The `n` longest phases, longest first.
    pub fn longest(&self, n: usize) -> Vec<(&'static str, Duration)> {
        let mut phases: Vec<_> = self.phases().collect();
        phases.sort_by_key(|p| std::cmp::Reverse(p.1));
        phases.truncate(n);
        phases
    }

    pub fn total(&self) -> Duration {
        self.phases.iter().map(|p| p.took).sum()
    }

    /// A table of the phases with their share of the total and the peak memory.
    pub fn render(&self) -> String {
        let total = self.total().as_secs_f64().max(f64::EPSILON);
        let mut s = String::new();
        for p in &self.phases {
            let secs = p.took.as_secs_f64();
            s.push_str(&format!(
                "  {:<36} {:>9.1} ms {:>5.1} %",
                p.name,
                secs * 1000.0,
                secs / total * 100.0
            ));
            if let Some(kb) = p.peak_kb {
                s.push_str(&format!("   peak memory {:>6} MB", kb / 1024));
            }
            s.push('\n');
        }
        s.push_str(&format!("  {:<36} {:>9.1} ms\n", "total", total * 1000.0));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laps_add_up_to_the_total_and_render_in_order() {
        let mut t = Timings::default();
        let start = Instant::now();
        let next = t.lap("load", start);
        t.lap("render", next);
        let phases: Vec<_> = t.phases().collect();
        let names: Vec<_> = phases.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["load", "render"]);
        assert_eq!(t.total(), phases[0].1 + phases[1].1);
        let table = t.render();
        assert!(table.find("load").unwrap() < table.find("render").unwrap());
        assert!(table.contains("total"));
    }
}
