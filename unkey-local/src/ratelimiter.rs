//! In-memory rate-limit windows, counted as Unkey's rate limiter counts them: a sliding window
//! over two fixed windows aligned to multiples of the duration on the server clock. A request is
//! admitted when `current + floor(previous × (1 − elapsed)) + cost ≤ limit`, where `elapsed` is
//! the fraction of the current window that has passed; `reset` is the end of the current window.
//! Counts add as Go's `int64` does, wrapping round (a cost near 2^63 makes the count negative,
//! and the request passes, as upstream's). Not persisted: a restart starts every window afresh
//! (as a Redis flush would).

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

/// The counter of a limit, keyed as upstream's limiter keys it (internal/services/ratelimit,
/// keys.go): the namespace, the identifier and the window. `ratelimit.limit` passes the
/// namespace's id and verifyKey a limit's name as the namespace, so the two share a counter
/// where they coincide, as they do upstream.
pub fn counter_key(namespace: &str, identifier: &str, duration: i64) -> String {
    format!("{namespace}\0{identifier}\0{duration}")
}

impl Check {
    /// The window upstream's limiter counts in, ms: Go's `time.Duration(ms) * time.Millisecond`,
    /// which wraps round its 64 bits of ns past about 292 years (a window of `2e13` ms is one of
    /// 1,553,255,926,290 ms there, one of `1e13` ms a negative one the limiter refuses).
    pub fn window(&self) -> i64 {
        self.duration.wrapping_mul(1_000_000) / 1_000_000
    }
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
    /// Sequence number of the current window (`start / duration`).
    seq: i64,
    /// Cost counted in the current window.
    cur: i64,
    /// Cost counted in the window before it.
    prev: i64,
    /// When this record stops mattering: the end of the window after the current one.
    end: i64,
}

/// One check's view of its counters at `now`.
struct View {
    seq: i64,
    start: i64,
    duration: i64,
    cur: i64,
    prev: i64,
    /// The weighted count before this request's cost.
    effective: i64,
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
    /// Checks all limits; only when every one passes are their costs consumed (all-or-nothing,
    /// as upstream's `RatelimitMany` keeps or rolls back the whole batch).
    pub fn check_all(&mut self, now: i64, checks: &[Check]) -> Vec<Outcome> {
        self.maybe_prune(now);
        // A counter named twice in one batch sees the costs of the earlier entries, as
        // upstream's batch adds every cost before it compares (the last write keeps the sum).
        let mut added: HashMap<&str, i64> = HashMap::new();
        let views: Vec<View> = checks
            .iter()
            .map(|c| {
                let mut v = self.view(now, c);
                let before = added.entry(c.key.as_str()).or_insert(0);
                v.cur = v.cur.wrapping_add(*before);
                v.effective = v.effective.wrapping_add(*before);
                *before = before.wrapping_add(c.cost);
                v
            })
            .collect();
        let passed: Vec<bool> = checks
            .iter()
            .zip(&views)
            .map(|(c, v)| v.effective.wrapping_add(c.cost) <= c.limit)
            .collect();
        let all = passed.iter().all(|p| *p);
        checks
            .iter()
            .zip(views)
            .zip(passed)
            .map(|((c, v), ok)| {
                if all {
                    self.windows.insert(
                        c.key.clone(),
                        Window {
                            seq: v.seq,
                            cur: v.cur.wrapping_add(c.cost),
                            prev: v.prev,
                            end: v.start.saturating_add(v.duration.saturating_mul(2)),
                        },
                    );
                }
                // Upstream reports limit − (effective count including this cost), and gives the
                // cost back to checks that passed when another one of the batch failed.
                let mut remaining = c.limit.wrapping_sub(v.effective.wrapping_add(c.cost));
                if !all && ok {
                    remaining = remaining.wrapping_add(c.cost);
                }
                Outcome {
                    passed: ok,
                    remaining: remaining.max(0),
                    reset: v.start.saturating_add(v.duration),
                }
            })
            .collect()
    }

    fn view(&self, now: i64, c: &Check) -> View {
        let duration = c.window().max(1);
        let seq = now.div_euclid(duration);
        let start = seq.saturating_mul(duration);
        let (cur, prev) = match self.windows.get(&c.key) {
            Some(w) if w.seq == seq => (w.cur, w.prev),
            Some(w) if w.seq == seq - 1 => (0, w.cur),
            _ => (0, 0),
        };
        let elapsed = (now - start) as f64 / duration as f64;
        let weighted = (prev as f64 * (1.0 - elapsed)) as i64;
        View {
            seq,
            start,
            duration,
            cur,
            prev,
            effective: cur.wrapping_add(weighted),
        }
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
        // Two windows later the old counts no longer weigh.
        let o = l.check_all(now + 120_000, &[check("a", 3, 1)])[0];
        assert!(o.passed);
        assert_eq!(o.remaining, 2);
        assert_eq!(o.reset % 60_000, 0);
    }

    #[test]
    fn previous_window_weighs_by_what_is_left_of_the_current_one() {
        let mut l = Limiter::default();
        // 10 used at the very start of window 0.
        let out = l.check_all(0, &[check("a", 10, 10)]);
        assert!(out[0].passed);
        assert_eq!(out[0].remaining, 0);
        // A quarter into window 1: 75% of the previous 10 still count (7 after flooring 7.5).
        let at = 60_000 + 15_000;
        let o = l.check_all(at, &[check("a", 10, 1)])[0];
        assert!(o.passed);
        assert_eq!(o.remaining, 10 - 7 - 1);
        // Two more pass, the next one does not (7 + 3 + 1 > 10).
        assert!(l.check_all(at, &[check("a", 10, 2)])[0].passed);
        assert!(!l.check_all(at, &[check("a", 10, 1)])[0].passed);
        // Half way, 5 of the old 10 weigh: 5 + 3 + 1 ≤ 10.
        assert!(l.check_all(60_000 + 30_000, &[check("a", 10, 1)])[0].passed);
        assert_eq!(
            l.check_all(60_000 + 30_000, &[check("a", 10, 1)])[0].reset,
            120_000
        );
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
    fn a_counter_named_twice_in_a_batch_counts_both() {
        let mut l = Limiter::default();
        let out = l.check_all(0, &[check("a", 3, 1), check("a", 3, 1)]);
        assert!(out.iter().all(|o| o.passed));
        assert_eq!((out[0].remaining, out[1].remaining), (2, 1));
        assert_eq!(l.check_all(0, &[check("a", 3, 1)])[0].remaining, 0);
        // Over the limit together: nothing is counted.
        let out = l.check_all(0, &[check("b", 1, 1), check("b", 1, 1)]);
        assert!(out[0].passed && !out[1].passed);
        assert!(l.check_all(0, &[check("b", 1, 1)])[0].passed);
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
