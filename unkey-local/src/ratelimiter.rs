//! In-memory rate-limit windows. Windows are fixed, aligned to multiples of their duration on the
//! server clock, and not persisted: a restart starts every window afresh (as a Redis flush would).

use std::collections::HashMap;

/// One limit to check.
#[derive(Debug, Clone)]
pub struct Check {
    /// Identifies the counter (namespace or owner, identifier, window).
    pub key: String,
    /// Allowed cost per window.
    pub limit: i64,
    /// Window length, ms (≥ 1).
    pub duration: i64,
    /// Cost of this request.
    pub cost: i64,
}

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Within the limit.
    pub passed: bool,
    /// What is left in the window after this request.
    pub remaining: i64,
    /// Unix ms when the window ends.
    pub reset: i64,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    start: i64,
    end: i64,
    used: i64,
}

/// Below this many windows no sweep is triggered by growth.
const SWEEP_FLOOR: usize = 4096;

/// Counters for every active window. Expired windows are swept when the map has doubled since
/// the last sweep (amortised O(1) per check), and by [`Limiter::sweep`], which the server also
/// calls periodically; so memory follows the live windows, not every identifier ever seen.
#[derive(Debug)]
pub struct Limiter {
    windows: HashMap<String, Window>,
    /// Sweep when the map reaches this size.
    sweep_at: usize,
}

impl Default for Limiter {
    fn default() -> Self {
        Limiter {
            windows: HashMap::new(),
            sweep_at: SWEEP_FLOOR,
        }
    }
}

impl Limiter {
    /// Checks all limits; only when every one passes are their costs consumed (all-or-nothing).
    pub fn check_all(&mut self, now: i64, checks: &[Check]) -> Vec<Outcome> {
        self.maybe_prune(now);
        let mut outcomes = Vec::with_capacity(checks.len());
        let mut all = true;
        for c in checks {
            let duration = c.duration.max(1);
            let start = now - now.rem_euclid(duration);
            let used = match self.windows.get(&c.key) {
                Some(w) if w.start == start => w.used,
                _ => 0,
            };
            let passed = used.saturating_add(c.cost) <= c.limit;
            all &= passed;
            outcomes.push((start, duration, used, passed));
        }
        checks
            .iter()
            .zip(outcomes)
            .map(|(c, (start, duration, used, passed))| {
                let used_after = if all {
                    used.saturating_add(c.cost)
                } else {
                    used
                };
                if all {
                    self.windows.insert(
                        c.key.clone(),
                        Window {
                            start,
                            end: start.saturating_add(duration),
                            used: used_after,
                        },
                    );
                }
                Outcome {
                    passed,
                    remaining: c.limit.saturating_sub(used_after).max(0),
                    reset: start.saturating_add(duration),
                }
            })
            .collect()
    }

    fn maybe_prune(&mut self, now: i64) {
        if self.windows.len() >= self.sweep_at {
            self.sweep(now);
        }
    }

    /// Drops every window that has ended by `now` and gives back the memory they held.
    pub fn sweep(&mut self, now: i64) {
        self.windows.retain(|_, w| w.end > now);
        let live = self.windows.len();
        // A HashMap never shrinks by itself: after a burst of identifiers its table would stay
        // at the peak size. Keep room for twice the live windows.
        if self.windows.capacity() > 4 * live.max(SWEEP_FLOOR / 4) {
            self.windows.shrink_to(2 * live);
        }
        self.sweep_at = (2 * live).max(SWEEP_FLOOR);
    }

    /// How many windows are stored (live ones, plus expired ones not swept yet).
    pub fn len(&self) -> usize {
        self.windows.len()
    }

    /// Whether no window is stored.
    pub fn is_empty(&self) -> bool {
        self.windows.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(key: &str, limit: i64, cost: i64) -> Check {
        Check {
            key: key.into(),
            limit,
            duration: 60_000,
            cost,
        }
    }

    #[test]
    fn window_counts_and_resets() {
        let mut l = Limiter::default();
        let now = 1_000_000_000_000;
        for i in 0..3 {
            let o = l.check_all(now, &[check("a", 3, 1)])[0];
            assert!(o.passed);
            assert_eq!(o.remaining, 2 - i);
        }
        assert!(!l.check_all(now, &[check("a", 3, 1)])[0].passed);
        let o = l.check_all(now + 60_000, &[check("a", 3, 1)])[0];
        assert!(o.passed);
        assert_eq!(o.reset % 60_000, 0);
    }

    #[test]
    fn expired_windows_are_swept() {
        let mut l = Limiter::default();
        let second = |key: &str| Check {
            key: key.into(),
            limit: 5,
            duration: 1_000,
            cost: 1,
        };
        // 10,000 identifiers in 1 s windows starting at t=0, then traffic moves on.
        for i in 0..10_000 {
            l.check_all(0, &[second(&format!("id{i}"))]);
        }
        // Growth-triggered sweeps ran, but every window was still live.
        assert_eq!(l.len(), 10_000);
        // One check after the windows ended: the next growth sweep (or the periodic one)
        // drops them; the periodic sweep is called directly here.
        l.check_all(2_000, &[second("fresh")]);
        l.sweep(2_000);
        assert_eq!(l.len(), 1);
        assert!(l.windows.capacity() < 10_000);
        // Growth alone bounds the map: 20,000 more one-shot identifiers in successive windows.
        for i in 0..20_000i64 {
            let now = 10_000 + i * 10;
            l.check_all(now, &[second(&format!("late{i}"))]);
        }
        // Only windows of the last second (100 of them) are live; the map never holds more
        // than the sweep threshold.
        assert!(l.len() <= SWEEP_FLOOR, "{}", l.len());
        l.sweep(10_000 + 20_000 * 10);
        assert!(l.len() <= 100, "{}", l.len());
    }

    #[test]
    fn all_or_nothing() {
        let mut l = Limiter::default();
        let now = 5_000;
        let out = l.check_all(now, &[check("a", 10, 1), check("b", 1, 2)]);
        assert!(out[0].passed && !out[1].passed);
        // "a" was not consumed because "b" failed.
        assert_eq!(l.check_all(now, &[check("a", 1, 1)])[0].remaining, 0);
        assert!(l
            .check_all(now, &[check("a", 1, 1)])
            .iter()
            .all(|o| !o.passed));
    }
}
