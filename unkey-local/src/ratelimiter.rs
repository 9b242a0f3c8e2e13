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

/// Counters for every active window.
#[derive(Debug, Default)]
pub struct Limiter {
    windows: HashMap<String, Window>,
    since_prune: u32,
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
        self.since_prune += 1;
        if self.since_prune >= 10_000 {
            self.since_prune = 0;
            self.windows.retain(|_, w| w.end > now);
        }
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
