//! The store behind the Rust client's cache. The npm package keeps its entries in a JS `Map`
//! instead (`js/cache.js`), over the same policy: this store in the npm wasm measured 10.8 KB
//! gzip, and nothing there reaches it, so it is not linked in.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use sha2::{Digest, Sha256};

use super::{keep, request_id, touched, CacheOptions, Effect, Keep};

/// What a lookup tells the caller to do.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// Not for the cache (it spends, or cannot be read): send it as usual.
    Pass,
    /// A fresh answer (the response's JSON text).
    Fresh(&'a str),
    /// A stale answer; with a ticket when this caller is the one to refresh it (send the
    /// request, then [`VerifyCache::settle`] the ticket), in the background.
    Stale(&'a str, Option<u32>),
    /// Nothing cached: send the request, then [`VerifyCache::settle`] the ticket.
    Lead(u32),
    /// The same request is in flight under this ticket: wait for it to settle, then look up
    /// again.
    Join(u32),
}

#[derive(Debug)]
struct Entry {
    /// The response text; `None` marks a key that spends (never cached, never coalesced).
    answer: Option<String>,
    key_id: Option<String>,
    fresh_until: f64,
    stale_until: f64,
    /// Its place in the LRU order.
    used: u64,
    refreshing: bool,
    bytes: usize,
}

#[derive(Debug)]
struct Flight {
    ticket: u32,
    id: Vec<u8>,
    generation: u64,
}

/// The store: entries by id (SHA-256 of the key, then the rest of the request) and the requests
/// in flight. Driven with the caller's wall clock (`now`, ms since the epoch, the unit of a
/// key's `expires`).
///
/// One map, so that the npm wasm carries one B-tree: the least recently used entry is found by
/// a scan, which only a miss on a full cache pays (it waits for a round trip to Unkey anyway).
#[derive(Debug, Default)]
pub struct VerifyCache {
    opts: CacheOptions,
    entries: BTreeMap<Vec<u8>, Entry>,
    /// The LRU clock: each use of an entry stamps it with the next tick.
    tick: u64,
    bytes: usize,
    /// Few at a time (one per distinct request in flight): a list.
    flights: Vec<Flight>,
    next_ticket: u32,
    /// Bumped by every invalidation: an answer to a request sent before it is not kept.
    generation: u64,
}

/// Per-entry bookkeeping counted against `max_bytes` beside the texts.
const ENTRY_OVERHEAD: usize = 96;

impl VerifyCache {
    /// An empty cache with these options.
    pub fn new(opts: CacheOptions) -> Self {
        VerifyCache {
            opts,
            ..VerifyCache::default()
        }
    }

    /// The options it was made with.
    pub fn options(&self) -> &CacheOptions {
        &self.opts
    }

    /// Entries held (answers and "spends" marks).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Bytes held, as counted against `max_bytes`.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Looks up the verifyKey request `text` (its JSON, as it will be sent) at `now`.
    pub fn lookup(&mut self, text: &str, now: f64) -> Lookup<'_> {
        let Some(id) = request_id(text) else {
            return Lookup::Pass;
        };
        self.lookup_id(id, now)
    }

    fn lookup_id(&mut self, id: Vec<u8>, now: f64) -> Lookup<'_> {
        let state = self.entries.get(&id).map(|e| {
            (
                e.answer.is_some(),
                now < e.fresh_until,
                now < e.stale_until,
                e.refreshing,
            )
        });
        match state {
            Some((_, fresh, stale, refreshing)) if fresh || stale => {
                self.touch(&id);
                let ticket = if !fresh && !refreshing {
                    let t = self.fly(id.clone());
                    if let Some(e) = self.entries.get_mut(&id) {
                        e.refreshing = true;
                    }
                    Some(t)
                } else {
                    None
                };
                match self.entries.get(&id) {
                    Some(Entry {
                        answer: Some(a), ..
                    }) if fresh => Lookup::Fresh(a),
                    Some(Entry {
                        answer: Some(a), ..
                    }) => Lookup::Stale(a, ticket),
                    _ => Lookup::Pass,
                }
            }
            Some(_) => {
                self.remove(&id);
                self.lead_or_join(id)
            }
            None => self.lead_or_join(id),
        }
    }

    fn lead_or_join(&mut self, id: Vec<u8>) -> Lookup<'_> {
        match self.flights.iter().find(|f| f.id == id) {
            Some(f) => Lookup::Join(f.ticket),
            None => Lookup::Lead(self.fly(id)),
        }
    }

    fn fly(&mut self, id: Vec<u8>) -> u32 {
        // Tickets are never 0 (the JS side reads 0 as "none").
        self.next_ticket = self.next_ticket.wrapping_add(1).max(1);
        let t = self.next_ticket;
        self.flights.push(Flight {
            ticket: t,
            id,
            generation: self.generation,
        });
        t
    }

    /// Ends the flight `ticket` with its answer (the 2xx response's JSON text), or `None` when
    /// it failed. Returns whether the answer is now cached, so waiting callers may take it.
    pub fn settle(&mut self, ticket: u32, answer: Option<&str>, now: f64) -> bool {
        let Some(at) = self.flights.iter().position(|f| f.ticket == ticket) else {
            return false;
        };
        let flight = self.flights.swap_remove(at);
        let current = flight.generation == self.generation;
        let keep = match answer {
            Some(a) if current => keep(&self.opts, a, now),
            _ => Keep::No,
        };
        match keep {
            Keep::Until(fresh, stale, key_id) => {
                let text = String::from(answer.unwrap_or_default());
                self.insert(flight.id, Some(text), key_id, fresh, stale)
            }
            Keep::Spends => {
                let until = now + self.opts.ttl_ms as f64;
                self.insert(flight.id, None, None, until, until);
                false
            }
            _ => {
                // A failed refresh: the next stale reader tries again.
                if let Some(e) = self.entries.get_mut(&flight.id) {
                    e.refreshing = false;
                }
                false
            }
        }
    }

    fn insert(
        &mut self,
        id: Vec<u8>,
        answer: Option<String>,
        key_id: Option<String>,
        fresh_until: f64,
        stale_until: f64,
    ) -> bool {
        self.remove(&id);
        let bytes = ENTRY_OVERHEAD
            + id.len()
            + answer.as_ref().map_or(0, String::len)
            + key_id.as_ref().map_or(0, String::len);
        if bytes > self.opts.max_bytes || self.opts.max_entries == 0 {
            return false;
        }
        while self.entries.len() >= self.opts.max_entries
            || self.bytes + bytes > self.opts.max_bytes
        {
            let oldest = self.entries.iter().min_by_key(|(_, e)| e.used);
            let Some(oldest) = oldest.map(|(id, _)| id.clone()) else {
                break;
            };
            self.remove(&oldest);
        }
        self.tick += 1;
        self.bytes += bytes;
        self.entries.insert(
            id,
            Entry {
                answer,
                key_id,
                fresh_until,
                stale_until,
                used: self.tick,
                refreshing: false,
                bytes,
            },
        );
        true
    }

    fn touch(&mut self, id: &[u8]) {
        self.tick += 1;
        if let Some(e) = self.entries.get_mut(id) {
            e.used = self.tick;
        }
    }

    fn remove(&mut self, id: &[u8]) {
        if let Some(e) = self.entries.remove(id) {
            self.bytes = self.bytes.saturating_sub(e.bytes);
        }
    }

    /// Drops every entry of the key `key_or_id`, given as the key itself or as its key id.
    /// Answers to requests already in flight are not kept either.
    pub fn invalidate(&mut self, key_or_id: &str) {
        let hash = Sha256::digest(key_or_id.as_bytes());
        self.drop_where(|id, e| {
            id.get(..32) == Some(hash.as_slice()) || e.key_id.as_deref() == Some(key_or_id)
        });
    }

    /// Drops everything; answers to requests already in flight are not kept either.
    pub fn clear(&mut self) {
        self.drop_where(|_, _| true);
    }

    fn drop_where(&mut self, gone: impl Fn(&[u8], &Entry) -> bool) {
        self.generation += 1;
        let mut bytes = 0;
        self.entries.retain(|id, e| {
            let keep = !gone(id, e);
            if keep {
                bytes += e.bytes;
            }
            keep
        });
        self.bytes = bytes;
    }

    /// What operation `effect` did to the keys, its request being `request` (JSON text): drops
    /// what it may have changed ([`touched`]). Called after the operation ended, however it
    /// ended (a failed write may still have been applied).
    pub fn after(&mut self, effect: Effect, request: Option<&str>) {
        self.forget(touched(effect, request));
    }

    /// Drops what [`touched`] said an operation may have changed.
    pub fn forget(&mut self, touched: Option<Option<String>>) {
        match touched {
            None => {}
            Some(Some(key_id)) => self.invalidate(&key_id),
            Some(None) => self.clear(),
        }
    }
}

/// Milliseconds since the Unix epoch: the cache's clock (a key's `expires` is in it).
pub fn wall_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0)
    }
}
