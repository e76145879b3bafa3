//! The CPU time of the calling thread, for the highlighting budgets: a block that
//! is slow to highlight is slow in CPU time, while wall time also counts the time
//! other processes took the cores. Measuring CPU time keeps a build's output (which
//! blocks fall back to plain text) the same on a busy machine as on an idle one.

use std::time::Duration;

/// A point on the calling thread's CPU clock.
#[derive(Debug, Clone, Copy)]
pub struct CpuInstant(Duration);

impl CpuInstant {
    pub fn now() -> Self {
        CpuInstant(thread_cpu_time())
    }

    /// CPU time the calling thread spent since `self` (zero when read on another thread
    /// whose clock is behind).
    pub fn elapsed(self) -> Duration {
        thread_cpu_time().saturating_sub(self.0)
    }
}

#[cfg(unix)]
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec and the clock id is a constant the
    // C library defines; clock_gettime writes only into `ts`.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(
        u64::try_from(ts.tv_sec).unwrap_or(0),
        u32::try_from(ts.tv_nsec).unwrap_or(0),
    )
}

/// Without a per-thread CPU clock, wall time since the first call stands in.
#[cfg(not(unix))]
fn thread_cpu_time() -> Duration {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_work_advances_the_clock_and_sleeping_does_not() {
        // Spin until the CPU clock has advanced 5 ms; a clock that never moves fails
        // after 10 s of wall time instead of hanging.
        let start = CpuInstant::now();
        let wall = std::time::Instant::now();
        let mut x = 0u64;
        while start.elapsed() < Duration::from_millis(5) && wall.elapsed() < Duration::from_secs(10)
        {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
        }
        assert!(start.elapsed() >= Duration::from_millis(5));
        let before_sleep = CpuInstant::now();
        std::thread::sleep(Duration::from_millis(50));
        assert!(before_sleep.elapsed() < Duration::from_millis(40));
    }
}
