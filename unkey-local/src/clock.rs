//! The server's clock: wall time plus an offset that the test-clock control endpoint can move
//! forward, and that it can freeze, so expiry, refills and rate-limit windows are testable
//! without sleeping and without the wall clock moving under a running test.

use std::sync::atomic::{AtomicI64, Ordering};

/// `frozen_at` when the clock runs.
const RUNNING: i64 = i64::MIN;

/// The latest time the clock reaches, 9999-12-31T23:59:59.999Z (Unix ms): every date this
/// server computes (refills, windows, analytics times) stays within range before it.
pub const LATEST_MS: i64 = 253_402_300_799_999;

/// Wall-clock milliseconds plus an adjustable offset, or a frozen instant.
#[derive(Debug)]
pub struct Clock {
    offset_ms: AtomicI64,
    /// The frozen time, or [`RUNNING`].
    frozen_at: AtomicI64,
}

impl Default for Clock {
    fn default() -> Self {
        Clock {
            offset_ms: AtomicI64::new(0),
            frozen_at: AtomicI64::new(RUNNING),
        }
    }
}

fn wall_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl Clock {
    /// Unix milliseconds as this server sees them.
    pub fn now_ms(&self) -> i64 {
        let frozen = self.frozen_at.load(Ordering::Relaxed);
        if frozen != RUNNING {
            return frozen;
        }
        wall_ms().saturating_add(self.offset_ms.load(Ordering::Relaxed))
    }

    /// How far the clock is ahead of wall time.
    pub fn offset_ms(&self) -> i64 {
        self.now_ms().saturating_sub(wall_ms())
    }

    /// Whether the clock is frozen.
    pub fn is_frozen(&self) -> bool {
        self.frozen_at.load(Ordering::Relaxed) != RUNNING
    }

    /// Moves the clock forward by `ms` (never backwards), frozen or not, at most to
    /// [`LATEST_MS`].
    pub fn advance(&self, ms: i64) {
        let ms = ms.clamp(0, LATEST_MS.saturating_sub(self.now_ms()).max(0));
        let frozen = self.frozen_at.load(Ordering::Relaxed);
        if frozen != RUNNING {
            self.frozen_at
                .store(frozen.saturating_add(ms), Ordering::Relaxed);
        } else {
            self.offset_ms.fetch_add(ms, Ordering::Relaxed);
        }
    }

    /// Moves the clock to `at` when that is not earlier than now; frozen clocks stay frozen.
    /// Returns false (and changes nothing) for a time in the past.
    pub fn set(&self, at: i64) -> bool {
        let now = self.now_ms();
        if at < now {
            return false;
        }
        self.advance(at - now);
        true
    }

    /// Stops the clock at the current time (`true`) or lets it run again from the frozen time
    /// (`false`); freezing a frozen clock or thawing a running one changes nothing.
    pub fn freeze(&self, frozen: bool) {
        let now = self.now_ms();
        if frozen && !self.is_frozen() {
            self.frozen_at
                .store(now.max(RUNNING + 1), Ordering::Relaxed);
        } else if !frozen && self.is_frozen() {
            self.offset_ms
                .store(now.saturating_sub(wall_ms()), Ordering::Relaxed);
            self.frozen_at.store(RUNNING, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freeze_set_advance() {
        let c = Clock::default();
        c.freeze(true);
        let t = c.now_ms();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(c.now_ms(), t, "a frozen clock does not move");
        c.advance(1_000);
        assert_eq!(c.now_ms(), t + 1_000);
        assert!(c.set(t + 5_000));
        assert_eq!(c.now_ms(), t + 5_000);
        assert!(!c.set(t), "never backwards");
        assert_eq!(c.now_ms(), t + 5_000);
        c.freeze(false);
        let after = c.now_ms();
        assert!(after >= t + 5_000 && after < t + 6_000, "{after}");
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(c.now_ms() > after, "a thawed clock runs again");
    }
}
