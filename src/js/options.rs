//! Client and per-call settings as the JS façade hands them over: plain numbers, `NaN` meaning
//! "not given".
//!
//! `js/facade.js` reads and checks `new Unkey({ rootKey, serverURL, timeoutMs, retryConfig,
//! fetch })` and the per-call `{ timeoutMs, retries }` (the names and shapes of `@unkey/api`),
//! and rejects bad values with the same `UnkeyError` shape. Walking those JS objects here cost
//! 1.7 KB gzip of wasm; numbers cross the boundary for free.

use crate::engine::CallOptions;
use crate::retry::{Backoff, Retries};

/// A retry policy as six numbers: `strategy` (0 = not given, 1 = none, 2 = backoff), then
/// `initialInterval`, `maxInterval`, `exponent`, `maxElapsedTime`, `maxAttempts` (`NaN` = the
/// default). The façade has checked that given numbers are finite and non-negative.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RetryArgs {
    pub strategy: u32,
    pub initial: f64,
    pub max: f64,
    pub exponent: f64,
    pub elapsed: f64,
    pub attempts: f64,
}

impl RetryArgs {
    /// The policy, or `None` when not given.
    pub(crate) fn retries(self) -> Option<Retries> {
        match self.strategy {
            1 => Some(Retries::None),
            2 => {
                let mut b = Backoff::default();
                if let Some(x) = given(self.initial) {
                    b.initial_interval_ms = ms(x);
                }
                if let Some(x) = given(self.max) {
                    b.max_interval_ms = ms(x);
                }
                if let Some(x) = given(self.exponent) {
                    b.exponent = x;
                }
                if let Some(x) = given(self.elapsed) {
                    b.max_elapsed_ms = ms(x);
                }
                if let Some(x) = given(self.attempts) {
                    b.max_attempts = ms(x).max(1);
                }
                Some(Retries::Backoff(b))
            }
            _ => None,
        }
    }
}

fn given(x: f64) -> Option<f64> {
    (x.is_finite() && x >= 0.0).then_some(x)
}

fn ms(x: f64) -> u32 {
    x.min(f64::from(u32::MAX)) as u32
}

/// `timeoutMs`: `None` when not given (`NaN`); `Some(None)` for no deadline (`0` or negative,
/// `@unkey/api` uses `-1`); else the milliseconds, rounded up.
pub(crate) fn timeout(x: f64) -> Option<Option<u32>> {
    if x.is_nan() {
        None
    } else if x > 0.0 {
        Some(Some(ms(x.ceil())))
    } else {
        Some(None)
    }
}

/// The per-call overrides.
pub(crate) fn call(timeout_ms: f64, retry: RetryArgs) -> CallOptions {
    let mut opts = CallOptions::new();
    if let Some(t) = timeout(timeout_ms) {
        // CallOptions spells "no deadline" as 0.
        opts = opts.timeout_ms(t.unwrap_or(0));
    }
    if let Some(r) = retry.retries() {
        opts = opts.retries(r);
    }
    opts
}
