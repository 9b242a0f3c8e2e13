//! The verification cache (opt-in): which `keys.verifyKey` answers may be reused, for how long,
//! and what each operation invalidates. One policy for every host: the Rust client applies it in
//! its store ([`VerifyCache`], behind every typed call and the workers-rs guard), and the npm
//! package's store (`js/cache.js`, a JS `Map`) asks the wasm for it (`UnkeyCore.cacheId`,
//! `cacheKeep`, `cacheAfter` in `src/js/client.rs`).
//!
//! **What is cached.** Only answers that spend nothing and that no other call changes:
//! - never a request that spends (`credits` or `ratelimits` in the request);
//! - never an answer that shows spending: one with `credits` (the key has a budget) or
//!   `ratelimits` (limits on the key or its identity), and never `USAGE_EXCEEDED` or
//!   `RATE_LIMITED`. Such a key is remembered as "spends" for the fresh TTL, so later calls
//!   neither wait for each other nor look it up again;
//! - `VALID`, `EXPIRED`, `DISABLED`, `FORBIDDEN` and `INSUFFICIENT_PERMISSIONS` for the fresh TTL
//!   plus the stale window (never past the key's own `expires`); `NOT_FOUND` for the negative
//!   TTL, never stale. Any other answer is not kept.
//!
//! **Keyed** by SHA-256 of the key plus the rest of the request as sent (permissions query,
//! tags, migration id), so a different question is a different entry. The key itself is never
//! stored.
//!
//! **Revocation lag** is at most TTL + stale window: a key revoked elsewhere is refused by then.
//! Changes made through this client invalidate at once (see [`Effect`]).

use alloc::string::String;
use alloc::vec::Vec;

use sha2::{Digest, Sha256};

use crate::schema::{JsonKind, JsonText, JsonValue};

/// How long answers are kept, and how many.
///
/// ```
/// let opts = unkey_edge::CacheOptions::default().ttl_ms(30_000).max_entries(1_000);
/// assert_eq!(opts.revocation_lag_ms(), 30_000 + 20_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CacheOptions {
    /// An answer is fresh this long (ms) after it arrived. Default 10 s.
    pub ttl_ms: u64,
    /// After that, it is served this much longer (ms) while one refresh runs. Default 20 s.
    pub stale_ms: u64,
    /// A `NOT_FOUND` answer is kept this long (ms), never stale. Default 5 s.
    pub negative_ttl_ms: u64,
    /// At most this many entries (least recently used go first). Default 10,000.
    pub max_entries: usize,
    /// At most about this many bytes of entries. Default 4 MiB.
    pub max_bytes: usize,
}

impl Default for CacheOptions {
    fn default() -> Self {
        CacheOptions {
            ttl_ms: 10_000,
            stale_ms: 20_000,
            negative_ttl_ms: 5_000,
            max_entries: 10_000,
            max_bytes: 4 << 20,
        }
    }
}

impl CacheOptions {
    /// Sets [`CacheOptions::ttl_ms`].
    #[must_use]
    pub fn ttl_ms(mut self, ms: u64) -> Self {
        self.ttl_ms = ms;
        self
    }
    /// Sets [`CacheOptions::stale_ms`].
    #[must_use]
    pub fn stale_ms(mut self, ms: u64) -> Self {
        self.stale_ms = ms;
        self
    }
    /// Sets [`CacheOptions::negative_ttl_ms`].
    #[must_use]
    pub fn negative_ttl_ms(mut self, ms: u64) -> Self {
        self.negative_ttl_ms = ms;
        self
    }
    /// Sets [`CacheOptions::max_entries`].
    #[must_use]
    pub fn max_entries(mut self, n: usize) -> Self {
        self.max_entries = n;
        self
    }
    /// Sets [`CacheOptions::max_bytes`].
    #[must_use]
    pub fn max_bytes(mut self, n: usize) -> Self {
        self.max_bytes = n;
        self
    }
    /// The longest a key revoked elsewhere can still verify from this cache (ms).
    pub fn revocation_lag_ms(&self) -> u64 {
        self.ttl_ms.saturating_add(self.stale_ms)
    }
}

/// What a successful (or possibly applied) operation does to cached verifications: one column
/// of the operation table (`src/ops.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Changes no key (reads, rate limits, analytics).
    Keep,
    /// Changes the key named by the request's `keyId`.
    Key,
    /// May change any key (its API, identity, roles or permissions): everything goes.
    All,
}

/// A request's id: SHA-256 of its `key`, then every other member (name NUL raw value NUL), or
/// `None` when the request spends or has no single string `key`.
pub fn request_id(text: &str) -> Option<Vec<u8>> {
    let v = JsonText(text.trim());
    if v.kind() != JsonKind::Object {
        return None;
    }
    let mut hash = None;
    let mut rest = Vec::with_capacity(text.len());
    for (name, value) in v.entries() {
        match name.as_ref() {
            // A second `key` member: which one the server reads is not ours to guess.
            "key" if hash.is_some() => return None,
            "key" => hash = Some(Sha256::digest(value.as_str()?.as_bytes())),
            "credits" => return None,
            "ratelimits" if !no_items(&value) => return None,
            _ => {
                rest.extend_from_slice(name.as_bytes());
                rest.push(0);
                rest.extend_from_slice(value.0.as_bytes());
                rest.push(0);
            }
        }
    }
    let mut id = hash?.to_vec();
    id.append(&mut rest);
    Some(id)
}

/// The text of a JSON string written without escapes; `None` for anything else.
fn plain<'a>(v: &JsonText<'a>) -> Option<&'a str> {
    v.string_body()
        .filter(|body| !body.bytes().any(|b| b == b'\\'))
}

/// Whether `v` is `[]` or `null` as JSON writers write them (anything else counts as items).
fn no_items(v: &JsonText<'_>) -> bool {
    matches!(v.0, "[]" | "null")
}

/// A whole number of milliseconds, as Unkey writes times (digits only); `None` otherwise.
fn millis(v: &JsonText<'_>) -> Option<f64> {
    let digits = v.0.as_bytes();
    if digits.is_empty() || digits.len() > 15 {
        return None;
    }
    digits.iter().try_fold(0.0, |n, d| {
        d.is_ascii_digit().then(|| n * 10.0 + f64::from(d - b'0'))
    })
}

/// The id's key hash as lower-case hex (what the JS store keys by).
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        crate::guard::text::push_hex(&mut out, u32::from(*b), 2, false);
    }
    out
}

/// Whose answers a store shared beyond one client holds (the npm store's shared tier, a Workers
/// `caches.default` every Worker of a zone reads): lower-case hex SHA-256 of the server URL and
/// the root key. A verdict is a workspace's answer, so clients of another workspace or server
/// (a staging Worker beside the production one) must never read it. Only the hash is stored,
/// never the root key.
///
/// ```
/// use unkey_edge::cache::shared_scope;
/// let a = shared_scope("https://api.unkey.com", "unkey_a");
/// assert_eq!(a.len(), 64);
/// assert_ne!(a, shared_scope("https://api.unkey.com", "unkey_b"));
/// assert_ne!(a, shared_scope("http://127.0.0.1:8787", "unkey_a"));
/// assert!(!a.contains("unkey_a"));
/// ```
pub fn shared_scope(server_url: &str, root_key: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"unkey-edge shared verification tier\0");
    h.update(server_url.as_bytes());
    h.update([0]);
    h.update(root_key.as_bytes());
    hex(&h.finalize())
}

/// How an answer may be kept: the policy's verdict on one verifyKey answer ([`keep`]).
#[derive(Debug, PartialEq)]
pub enum Keep {
    /// Fresh until the first time, served stale until the second (ms since the epoch), for
    /// this key id.
    Until(f64, f64, Option<String>),
    /// The key spends: remember that (for the fresh TTL), not the answer.
    Spends,
    /// Not at all (an answer of unknown shape).
    No,
}

/// The policy: how the verifyKey answer `text` (the 2xx response's JSON) may be kept at `now`.
pub fn keep(opts: &CacheOptions, text: &str, now: f64) -> Keep {
    let Some(data) = JsonText(text.trim()).get("data") else {
        return Keep::No;
    };
    let present = |name: &str| data.get(name).is_some_and(|v| v.kind() != JsonKind::Null);
    if present("credits") || data.get("ratelimits").is_some_and(|v| !no_items(&v)) {
        return Keep::Spends;
    }
    // Read as written (Unkey writes these without escapes; anything else is not kept).
    let code = data.get("code").and_then(|c| plain(&c));
    let valid = data.get("valid").map(|v| v.0);
    let (fresh, stale) = match (code, valid) {
        (Some("VALID"), Some("true")) => (opts.ttl_ms, opts.stale_ms),
        (
            Some("EXPIRED" | "DISABLED" | "FORBIDDEN" | "INSUFFICIENT_PERMISSIONS"),
            Some("false"),
        ) => (opts.ttl_ms, opts.stale_ms),
        (Some("NOT_FOUND"), Some("false")) => (opts.negative_ttl_ms, 0),
        (Some("USAGE_EXCEEDED" | "RATE_LIMITED"), _) => return Keep::Spends,
        _ => return Keep::No,
    };
    let mut fresh = now + fresh as f64;
    let mut stale = fresh + stale as f64;
    if let Some(expires) = data.get("expires").filter(|e| e.kind() != JsonKind::Null) {
        // An expiry that cannot be read: not kept, rather than kept past it.
        let Some(expires) = millis(&expires) else {
            return Keep::No;
        };
        fresh = fresh.min(expires);
        stale = stale.min(expires);
    }
    if fresh <= now {
        return Keep::No;
    }
    // The key id is what invalidation finds the entry by: one that cannot be read is not kept.
    let key_id = match data.get("keyId") {
        None => None,
        Some(k) => match plain(&k) {
            Some(k) => Some(String::from(k)),
            None => return Keep::No,
        },
    };
    Keep::Until(fresh, stale, key_id)
}

/// What operation `effect` did, its request being `request` (JSON text): `None` when no cached
/// answer changed, `Some(Some(key id))` when only that key's may have, `Some(None)` when any may
/// have (a key operation whose `keyId` cannot be read counts as that).
pub fn touched(effect: Effect, request: Option<&str>) -> Option<Option<String>> {
    match effect {
        Effect::Keep => None,
        Effect::All => Some(None),
        Effect::Key => Some(request.and_then(|t| {
            let key_id = JsonText(t.trim()).get("keyId")?;
            plain(&key_id).map(String::from)
        })),
    }
}

mod store;
pub use store::{wall_ms, Lookup, VerifyCache};
