//! Retry policy: pure functions, no I/O and no clock (the engine passes time in).
//!
//! # Defaults and what is retried
//!
//! Every call has a **deadline**: 5 000 ms in total by default ([`DEFAULT_TIMEOUT_MS`]), covering
//! every attempt and every pause. On Workers a hung subrequest holds the invocation, and a guard
//! in front of an API must answer quickly, so a short total budget beats a long per-attempt one.
//! No attempt starts after the deadline and each attempt's own timeout is the time left.
//!
//! Within the deadline, at most [`DEFAULT_MAX_ATTEMPTS`] (3) attempts are made, with exponential
//! backoff and full jitter (initial 50 ms, ×1.5, capped at 1 000 ms: the values Unkey's spec
//! publishes for its SDKs). A `Retry-After` header (in seconds) replaces the backoff pause when
//! present; if it would end after the deadline the call stops instead of waiting in vain.
//!
//! What is retried depends on the operation's [`RetryClass`]; the table users read is on
//! [`Retries`] (re-exported at the crate root), and `retryable` below is that table in code.
//!
//! Why: `keys.verifyKey` spends credits and rate-limit tokens, `ratelimit.limit`/`multiLimit`
//! spend tokens, and `create*`, `rerollKey`, `migrateKeys` and `updateCredits` (increment and
//! decrement) are not idempotent. They are [`RetryClass::AtMostOnce`]: retried only when the
//! request provably did not run: no connection could be made (the native transport reports
//! this as [`TransportErrorKind::Connect`](crate::transport::TransportErrorKind::Connect), and
//! Cloudflare in front of the API as 521, 523, 525 or 526); or 429 with `Retry-After`, the
//! workspace limit, which Unkey's server checks before the handler runs. Everything else may
//! follow a handler that already spent: a connection closed after sending, a timed-out attempt,
//! a 500 (Unkey's server answers 500 even after credits were spent or a row was written), and
//! 502, 503 and 504, which Unkey's server never sends for these operations, so they come from
//! something in between that may have passed the request on (a reset upstream becomes a 502).
//! Those are not retried: a double-spend is worse than an error the caller can see. fetch
//! cannot tell "refused" from "reset after sending", so on wasm every network failure is the
//! ambiguous kind and these operations are not retried after one.
//!
//! Reads, deletes and set-style updates are [`RetryClass::Idempotent`] and retry on any 5xx,
//! 408, connection failures and timeouts. A delete retried after its first attempt landed may
//! report `NOT_FOUND`.

/// Default total time per call, all attempts included (milliseconds).
pub const DEFAULT_TIMEOUT_MS: u32 = 5_000;
/// Default maximum number of attempts per call.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// How an operation may be retried; see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryClass {
    /// Repeating the request leaves the same state (reads, deletes, set-style updates).
    Idempotent,
    /// Spends credits/tokens or creates something: retried only when it almost surely did not run.
    AtMostOnce,
}

/// Retry configuration, per client and per call.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Retries {
    /// One attempt only.
    None,
    /// Exponential backoff with full jitter.
    Backoff(Backoff),
}

impl Default for Retries {
    fn default() -> Self {
        Retries::Backoff(Backoff::default())
    }
}

/// Exponential backoff parameters (the names follow the TS SDK's `retryConfig.backoff`).
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Backoff {
    /// First pause ceiling, in ms.
    pub initial_interval_ms: u32,
    /// Largest pause ceiling, in ms.
    pub max_interval_ms: u32,
    /// Growth factor of the ceiling per attempt.
    pub exponent: f64,
    /// No retry starts once this much time has passed since the call began, in ms.
    pub max_elapsed_ms: u32,
    /// Attempts in total, the first one included.
    pub max_attempts: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            initial_interval_ms: 50,
            max_interval_ms: 1_000,
            exponent: 1.5,
            max_elapsed_ms: 10_000,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }
}

/// What an attempt produced, as far as the policy cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome<'a> {
    /// An HTTP response with this non-2xx status and `Retry-After` header.
    Status {
        /// HTTP status.
        status: u16,
        /// Raw `Retry-After` value.
        retry_after: Option<&'a str>,
    },
    /// No connection could be made: the request was provably not sent.
    Connect,
    /// The connection failed or closed without a response, possibly after sending.
    Connection,
    /// No response within the attempt's timeout.
    Timeout,
    /// The caller aborted.
    Aborted,
}

/// The policy's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Wait this many ms, then try again.
    RetryAfter(u32),
    /// Give up and report the outcome.
    Stop,
}

/// Everything [`decide`] needs to know about the call so far.
#[derive(Debug, Clone, Copy)]
pub struct State<'a> {
    /// The operation's class.
    pub class: RetryClass,
    /// Attempts made so far (≥ 1).
    pub attempts: u32,
    /// What the last attempt produced.
    pub outcome: Outcome<'a>,
    /// Time since the call began, in ms.
    pub elapsed_ms: f64,
    /// Time left before the call's deadline, in ms (`None`: no deadline).
    pub remaining_ms: Option<f64>,
    /// A random number in `[0, 1)` for full jitter.
    pub jitter: f64,
}

/// `Retry-After` in seconds (`"3"`, `"1.5"`) → ms; HTTP dates are not used (no wall clock here).
pub fn parse_retry_after(value: &str) -> Option<u32> {
    // Digits by hand: `str::parse::<f64>` links core's float parser, ~12 KB gzip in the wasm.
    let value = value.trim();
    let (whole, frac) = value.split_once('.').unwrap_or((value, ""));
    if (whole.is_empty() && frac.is_empty())
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut ms: u64 = 0;
    for b in whole.bytes() {
        ms = ms.saturating_mul(10).saturating_add(u64::from(b - b'0'));
    }
    ms = ms.saturating_mul(1000);
    for (b, scale) in frac.bytes().zip([100u64, 10, 1]) {
        ms = ms.saturating_add(u64::from(b - b'0') * scale);
    }
    Some(ms.min(u64::from(u32::MAX)) as u32)
}

fn retryable(class: RetryClass, outcome: &Outcome<'_>) -> bool {
    match (class, outcome) {
        (_, Outcome::Aborted) => false,
        (_, Outcome::Connect) => true,
        (RetryClass::Idempotent, Outcome::Connection) => true,
        (RetryClass::AtMostOnce, Outcome::Connection) => false,
        (RetryClass::Idempotent, Outcome::Timeout) => true,
        (RetryClass::AtMostOnce, Outcome::Timeout) => false,
        (
            _,
            Outcome::Status {
                status: 429,
                retry_after,
            },
        ) => retry_after.and_then(parse_retry_after).is_some(),
        (
            _,
            Outcome::Status {
                status: 521 | 523 | 525 | 526,
                ..
            },
        ) => true,
        (RetryClass::Idempotent, Outcome::Status { status, .. }) => {
            *status >= 500 || *status == 408
        }
        (RetryClass::AtMostOnce, Outcome::Status { .. }) => false,
    }
}

/// Decides whether to try again, and after how long.
pub fn decide(retries: &Retries, s: &State<'_>) -> Decision {
    let Retries::Backoff(b) = retries else {
        return Decision::Stop;
    };
    if s.attempts >= b.max_attempts || !retryable(s.class, &s.outcome) {
        return Decision::Stop;
    }
    if s.elapsed_ms >= f64::from(b.max_elapsed_ms) {
        return Decision::Stop;
    }
    let server_hint = match s.outcome {
        Outcome::Status { retry_after, .. } => retry_after.and_then(parse_retry_after),
        _ => None,
    };
    let wait = match server_hint {
        Some(ms) => f64::from(ms),
        None => {
            // attempts ≥ 1, so the first pause uses the initial interval.
            let exp = s.attempts.saturating_sub(1).min(64) as i32;
            let ceiling = (f64::from(b.initial_interval_ms) * b.exponent.max(1.0).powi(exp))
                .min(f64::from(b.max_interval_ms));
            let jitter = if s.jitter.is_finite() {
                s.jitter.clamp(0.0, 1.0)
            } else {
                0.5
            };
            ceiling * jitter
        }
    };
    // A retry must leave time for an attempt: stop if the pause alone reaches the deadline.
    if let Some(left) = s.remaining_ms {
        if wait >= left {
            return Decision::Stop;
        }
    }
    if s.elapsed_ms + wait >= f64::from(b.max_elapsed_ms) {
        return Decision::Stop;
    }
    Decision::RetryAfter(wait.max(0.0) as u32)
}
