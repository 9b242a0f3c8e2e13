//! Constructors and setters of the retry settings (the types live in `retry.rs`, with the pure
//! policy that reads them).

use core::time::Duration;

use crate::retry::{Backoff, Retries};

/// Whole milliseconds of `d`, saturating at `u32::MAX` (about 49 days).
fn millis(d: Duration) -> u32 {
    u32::try_from(d.as_millis()).unwrap_or(u32::MAX)
}

impl Backoff {
    /// The defaults: 3 attempts, pauses of up to 50 ms, ×1.5 per attempt, capped at 1 s, no
    /// retry started 10 s after the call began (the call's own deadline, 5 s by default, comes
    /// first).
    pub fn new() -> Self {
        Self::default()
    }

    /// Attempts in total, the first one included (at least 1; `ClientBuilder::retries` refuses
    /// 0).
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// The ceiling of the first pause (the pause is a random time up to the ceiling).
    #[must_use]
    pub fn initial_interval(mut self, interval: Duration) -> Self {
        self.initial_interval_ms = millis(interval);
        self
    }

    /// The largest pause ceiling.
    #[must_use]
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval_ms = millis(interval);
        self
    }

    /// Growth factor of the ceiling per attempt (a finite number ≥ 1).
    #[must_use]
    pub fn exponent(mut self, exponent: f64) -> Self {
        self.exponent = exponent;
        self
    }

    /// No retry starts once this much time has passed since the call began.
    #[must_use]
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed_ms = millis(elapsed);
        self
    }
}

impl Retries {
    /// Backoff with the default timing and at most `attempts` attempts in total:
    /// `Retries::attempts(5)` is `Retries::Backoff(Backoff::new().max_attempts(5))`.
    pub fn attempts(attempts: u32) -> Self {
        Retries::Backoff(Backoff::new().max_attempts(attempts))
    }
}
