//! Standalone rate limits the guard saw denied, remembered until their window resets: a request
//! from a denied identifier is refused without a `ratelimit.limit` call, as `@unkey/ratelimit`'s
//! cache does. One memory per [`Guard`](super::Guard) (shared by its clones), for every glue.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::sync::Arc;
use std::sync::Mutex;

use super::LimitState;

/// At most this many denied identifiers are remembered (expired ones go first; past that, a
/// denial is simply not remembered and the next request asks again).
pub const MAX_DENIALS: usize = 10_000;

/// Denials by `ratelimit.limit` request (namespace, identifier, limit, duration and cost, as
/// sent), with the state Unkey answered.
#[derive(Default, Clone)]
pub(crate) struct Denials(Arc<Mutex<BTreeMap<String, LimitState>>>);

impl Denials {
    /// The remembered denial of `request`, while its window has not reset at `now_ms`.
    pub(crate) fn get(&self, request: &str, now_ms: f64) -> Option<LimitState> {
        let mut map = self.0.lock().ok()?;
        match map.get(request) {
            Some(s) if now_ms < s.reset_ms => Some(*s),
            Some(_) => {
                map.remove(request);
                None
            }
            None => None,
        }
    }

    /// Remembers that Unkey denied `request` (only denials are kept).
    pub(crate) fn remember(&self, request: String, state: LimitState, now_ms: f64) {
        if !state.exceeded || state.reset_ms <= now_ms {
            return;
        }
        let Ok(mut map) = self.0.lock() else {
            return;
        };
        if map.len() >= MAX_DENIALS {
            map.retain(|_, s| now_ms < s.reset_ms);
        }
        if map.len() < MAX_DENIALS {
            map.insert(request, state);
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
