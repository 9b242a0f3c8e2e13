//! Standalone rate limits the guard saw denied, remembered until their window resets: a request
//! from a denied identifier is refused without a `ratelimit.limit` call, as `@unkey/ratelimit`'s
//! cache does. One memory per [`Guard`](super::Guard) (shared by its clones), for every glue,
//! and per [`Limiter`](crate::api::Limiter) of the typed Rust API.

use alloc::sync::Arc;
use alloc::vec::Vec;
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use super::LimitState;

/// At most this many denied identifiers are remembered (expired ones go first; past that, a
/// denial is simply not remembered and the next request asks again).
pub const MAX_DENIALS: usize = 4_096;

/// A request's id: the first 16 bytes of its SHA-256. Identifiers come from clients (an IP, a
/// header), so a weak hash could be steered into another client's denial; SHA-256 is already in
/// the wasm for the verification cache.
type Id = [u8; 16];

/// Denials by `ratelimit.limit` request (namespace, identifier, limit, duration and cost, as
/// sent), with the state Unkey answered. A list scanned in full: a few thousand 16-byte ids
/// take microseconds, and a B-tree here measured +14.8 KB in the guard's wasm.
#[derive(Default, Clone)]
pub(crate) struct Denials(Arc<Mutex<Vec<(Id, LimitState)>>>);

fn id(request: &str) -> Id {
    let mut out = [0; 16];
    for (o, h) in out.iter_mut().zip(Sha256::digest(request.as_bytes())) {
        *o = h;
    }
    out
}

impl Denials {
    /// The remembered denial of `request`, while its window has not reset at `now_ms`.
    #[inline(never)]
    pub(crate) fn get(&self, request: &str, now_ms: f64) -> Option<LimitState> {
        let list = self.0.lock().ok()?;
        let id = id(request);
        list.iter()
            .find(|(i, s)| *i == id && now_ms < s.reset_ms)
            .map(|(_, s)| *s)
    }

    /// Remembers that Unkey denied `request` (only denials are kept).
    #[inline(never)]
    pub(crate) fn remember(&self, request: &str, state: LimitState, now_ms: f64) {
        if !state.exceeded || state.reset_ms <= now_ms {
            return;
        }
        let Ok(mut list) = self.0.lock() else {
            return;
        };
        let id = id(request);
        list.retain(|(i, s)| *i != id && now_ms < s.reset_ms);
        if list.len() < MAX_DENIALS {
            list.push((id, state));
        }
    }

    /// How many are remembered.
    pub(crate) fn len(&self) -> usize {
        self.0.lock().map(|m| m.len()).unwrap_or(0)
    }
}

impl core::fmt::Debug for Denials {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Denials").field("len", &self.len()).finish()
    }
}

/// Guards are equal by their configuration; what they remember is not part of it.
impl PartialEq for Denials {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
impl Eq for Denials {}
