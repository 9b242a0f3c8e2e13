//! `UnkeyCore`: the client half of the façade (feature `js`).

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::{RefCell, RefMut};

use js_sys::{Array, Function, JsString};
use wasm_bindgen::prelude::*;

use super::error;
use super::options::{self, RetryArgs};
#[cfg(feature = "js-cache")]
use crate::cache::{self, CacheOptions, Keep};
use crate::engine::{
    check_envelope, classify, Attempt, Attempts, CallOptions, Config, Engine, JsonParse,
    PortalSession,
};
use crate::error::{request_id_of, ApiError, Error};
use crate::ops::{self, Op};
use crate::schema::{strip_unknown, Shape, ValidationError, ValidationErrorKind};
use crate::transport::fetch::{to_transport_error, FetchTransport, JsTimer};
use crate::transport::Timer;

/// The wasm half of the JS `Unkey` class. Not meant to be used directly: see the `Unkey`
/// class in the package's `index.js`.
#[wasm_bindgen]
#[derive(Debug)]
pub struct UnkeyCore {
    engine: Engine<FetchTransport, JsTimer>,
    calls: Calls,
}

#[wasm_bindgen]
impl UnkeyCore {
    /// Called by the `Unkey` constructor in `index.js` with its checked options; throws an
    /// `UnkeyError` of kind `config` for an empty root key or an unusable server URL. Without
    /// a root key (`undefined`: the caller gave a function) requests carry no `authorization`
    /// header: the façade sends its calls with the routes of a core made for each key the
    /// function gives.
    /// Numbers are `NaN` when not given; the retry numbers are `strategy` (0 not given, 1 none,
    /// 2 backoff), then `initialInterval`, `maxInterval`, `exponent`, `maxElapsedTime` and
    /// `maxAttempts`.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        root_key: Option<String>,
        server_url: &str,
        timeout_ms: f64,
        strategy: u32,
        initial: f64,
        max: f64,
        exponent: f64,
        elapsed: f64,
        attempts: f64,
    ) -> Result<UnkeyCore, JsValue> {
        let config = match root_key {
            Some(key) => Config::new(&key, server_url),
            None => Config::keyless(server_url),
        };
        let mut config = config.map_err(|e| error::to_js(&e))?;
        if let Some(t) = options::timeout(timeout_ms) {
            config.timeout_ms = t;
        }
        let retry = RetryArgs {
            strategy,
            initial,
            max,
            exponent,
            elapsed,
            attempts,
        };
        if let Some(r) = retry.retries() {
            config.retries = r;
        }
        Ok(UnkeyCore {
            engine: Engine {
                config,
                // Only builds routes: the façade calls `exchange` itself, with its own fetch.
                transport: FetchTransport::new(),
                timer: JsTimer,
            },
            calls: Calls::default(),
        })
    }

    /// Begins a call of operation `op` (its index in [`ops::all`], read through
    /// `ops::by_index`) with its request body and the per-call overrides (numbers as in
    /// [`UnkeyCore::new`]): validates the body and returns the id of the call, which the façade
    /// drives with [`UnkeyCore::next_attempt`] and [`UnkeyCore::settle`] and releases with
    /// [`UnkeyCore::release`].
    /// Throws an `UnkeyError` for an unknown operation or an invalid request.
    ///
    /// `text` is the request's JSON text as `JSON.stringify` gave it, copied into wasm memory,
    /// where it is validated with no call back into JS; `undefined` when there is no request,
    /// or when the text is longer than [`ops::MAX_BODY`] (`oversize`), which is refused here
    /// without being copied. Members the operation does not declare are dropped, as
    /// `@unkey/api` drops them ([`strip_unknown`]): then the answer is `[id, text]`, the text
    /// to send instead, and otherwise the id alone (a number: `text` is sent as it is).
    #[allow(clippy::too_many_arguments)]
    pub fn begin(
        &self,
        op: u32,
        text: Option<String>,
        oversize: bool,
        timeout_ms: f64,
        strategy: u32,
        initial: f64,
        max: f64,
        exponent: f64,
        elapsed: f64,
        attempts: f64,
    ) -> Result<JsValue, JsValue> {
        let retry = RetryArgs {
            strategy,
            initial,
            max,
            exponent,
            elapsed,
            attempts,
        };
        let opts = options::call(timeout_ms, retry);
        match self.start(op, text.as_deref(), oversize, &opts) {
            Ok((id, None)) => Ok(JsValue::from(id)),
            Ok((id, Some(sent))) => Ok(Array::of2(&JsValue::from(id), &JsValue::from(sent)).into()),
            Err(e) => Err(error::to_js(&e)),
        }
    }

    /// Opens the next attempt of call `id`: returns its timeout in ms (`undefined`: none), for
    /// the façade's call of `exchange` (see [`UnkeyCore::exchange`]), whose outcome goes to
    /// [`UnkeyCore::settle`]. Throws the timeout error when the deadline has passed.
    #[wasm_bindgen(js_name = nextAttempt)]
    pub fn next_attempt(&self, id: u32) -> Result<Option<u32>, JsValue> {
        let now = JsTimer.now_ms();
        match self.calls.get(id) {
            Ok(mut call) => call.attempts.next(now).map_err(|e| error::to_js(&e)),
            Err(e) => Err(error::to_js(&e)),
        }
    }

    /// The fixed arguments of operation `op`'s requests to `exchange`: `[url, post, headers]`
    /// (the façade makes them once per operation). Throws for an unknown operation.
    pub fn route(&self, op: u32) -> Result<Array, JsValue> {
        let Some(op) = ops::by_index(op as usize) else {
            return Err(error::to_js(&unknown_op()));
        };
        let request = self.engine.request(&op, None, None, None);
        Ok(self.engine.transport.route(&request).to_array())
    }

    /// The `cookie` header of an operation of the portal session for the end user's access
    /// token (`security.portalSession`); throws the validation error, which never holds the
    /// token. The façade puts it on that call's route.
    #[wasm_bindgen(js_name = sessionCookie)]
    pub fn session_cookie(token: &str) -> Result<String, JsValue> {
        PortalSession::new(token)
            .map(PortalSession::into_cookie)
            .map_err(|e| error::to_js(&e))
    }

    /// `exchange(fetch, url, post, headers, body, ms, signal)`, the one JS function that sends
    /// an attempt: `fetch` (the caller's function or `undefined` for the global one), the
    /// route, the JSON text, the attempt's timeout and the caller's `AbortSignal` (or
    /// `undefined`). It resolves to the response parts and rejects with what `fetch` threw,
    /// either to be handed to [`UnkeyCore::settle`]. See [`FetchTransport::exchange_function`].
    pub fn exchange() -> Function {
        FetchTransport::exchange_function()
    }

    /// Settles the attempt of call `id` with what its `exchange` promise resolved to (`ok`) or
    /// rejected with (see [`UnkeyCore::exchange`]): returns the response envelope, or a number,
    /// the pause (ms) before the next [`UnkeyCore::next_attempt`]; throws the call's error when
    /// it is over.
    pub fn settle(&self, id: u32, ok: bool, value: JsValue) -> Result<JsValue, JsValue> {
        let result = if ok {
            Ok(FetchTransport::response(&value))
        } else {
            Err(to_transport_error(&value))
        };
        let op = match self.calls.get(id) {
            Ok(call) => call.op,
            Err(e) => return Err(error::to_js(&e)),
        };
        let outcome = match classify(&JsJson, &op, result) {
            Attempt::Done(done) => done.map(|success| success.body),
            Attempt::Failed(error, retry_after) => {
                let now = JsTimer.now_ms();
                self.calls
                    .get(id)
                    .and_then(|call| call.attempts.after(&op, error, retry_after.as_deref(), now))
                    .map(JsValue::from)
            }
        };
        outcome.map_err(|e| error::to_js(&e))
    }

    /// Releases call `id`: the one rule is that the façade releases every call it began, once,
    /// however it ended (`finally`). A released or unknown id is ignored.
    pub fn release(&self, id: u32) {
        self.calls.remove(id);
    }
}

/// The verification cache's policy for `js/cache.js` (feature `js-cache`: the wasm of
/// `unkey-edge/cache` and `unkey-edge/guard`; `unkey-edge`'s leaves it out, 4.4 KB gzip).
#[cfg(feature = "js-cache")]
#[wasm_bindgen]
impl UnkeyCore {
    /// The cache options' defaults ([`CacheOptions::default`]), for `js/cache.js`: `[ttlMs,
    /// staleMs, negativeTtlMs, maxEntries, maxBytes]`.
    #[wasm_bindgen(js_name = cacheDefaults)]
    pub fn cache_defaults() -> Vec<f64> {
        let d = CacheOptions::default();
        Vec::from([
            d.ttl_ms as f64,
            d.stale_ms as f64,
            d.negative_ttl_ms as f64,
            d.max_entries as f64,
            d.max_bytes as f64,
        ])
    }

    /// The verification cache's id of a call of operation `op` with request `text`
    /// (`js/cache.js` keeps the store): the hex SHA-256 of the key, then the rest of the request;
    /// `undefined` when it is not a verifyKey call the cache may answer (see `src/cache.rs`).
    #[wasm_bindgen(js_name = cacheId)]
    pub fn cache_id(op: u32, text: &str) -> Option<String> {
        if ops::by_index(op as usize)?.path != ops::VERIFY_KEY.path {
            return None;
        }
        let id = cache::request_id(text)?;
        let (hash, rest) = id.split_at_checked(32)?;
        let mut out = cache::hex(hash);
        out.push_str(core::str::from_utf8(rest).ok()?);
        Some(out)
    }

    /// The shared tier's scope for a client of `server_url` with `root_key`
    /// ([`cache::shared_scope`]): its entries are kept under it, so another workspace's or
    /// server's client never reads them.
    #[wasm_bindgen(js_name = cacheScope)]
    pub fn cache_scope(server_url: &str, root_key: &str) -> String {
        cache::shared_scope(server_url, root_key)
    }

    /// How the cache may keep the verifyKey `answer` (its JSON text) at `now` (ms since the
    /// epoch), with the TTL, stale window and negative TTL in ms: `[freshUntil, staleUntil,
    /// keyId]`, `-1` when the key spends (remember that, not the answer), `undefined` for not
    /// at all.
    #[wasm_bindgen(js_name = cacheKeep)]
    pub fn cache_keep(answer: &str, now: f64, ttl: f64, stale: f64, negative: f64) -> JsValue {
        let ms = |v: f64| {
            if v.is_finite() && v >= 0.0 {
                v as u64
            } else {
                0
            }
        };
        let opts = CacheOptions::default()
            .ttl_ms(ms(ttl))
            .stale_ms(ms(stale))
            .negative_ttl_ms(ms(negative));
        match cache::keep(&opts, answer, now) {
            Keep::Until(fresh, stale, key_id) => {
                let key_id = key_id.map_or(JsValue::UNDEFINED, |k| JsValue::from_str(&k));
                Array::of3(&fresh.into(), &stale.into(), &key_id).into()
            }
            Keep::Spends => JsValue::from(-1),
            Keep::No => JsValue::UNDEFINED,
        }
    }

    /// What a call of operation `op` with request `text` may have changed, once it ended
    /// however it ended: `undefined` nothing, a key id that key's cached answers, `null`
    /// every cached answer (the operation table's `cache` column).
    #[wasm_bindgen(js_name = cacheAfter)]
    pub fn cache_after(op: u32, text: Option<String>) -> JsValue {
        let Some(op) = ops::by_index(op as usize) else {
            return JsValue::NULL;
        };
        match cache::touched(op.cache, text.as_deref()) {
            None => JsValue::UNDEFINED,
            Some(Some(key_id)) => JsValue::from_str(&key_id),
            Some(None) => JsValue::NULL,
        }
    }
}

impl UnkeyCore {
    /// Validates the body for operation `op` (see [`UnkeyCore::begin`]) and files the call:
    /// its id, and the text to send when members were dropped from `text`.
    fn start(
        &self,
        op: u32,
        text: Option<&str>,
        oversize: bool,
        opts: &CallOptions,
    ) -> Result<(u32, Option<String>), Error> {
        let Some(op) = ops::by_index(op as usize) else {
            return Err(unknown_op());
        };
        let sent = match op.request {
            Some(shape) => check_body(shape, text, oversize)?,
            None => None,
        };
        let attempts = Attempts::new(&self.engine.config, opts, JsTimer.now_ms());
        Ok((self.calls.insert(InFlight { op, attempts })?, sent))
    }
}

fn unknown_op() -> Error {
    Error::Config("unknown operation".to_string())
}

/// One call in flight: what [`UnkeyCore::next_attempt`] and [`UnkeyCore::settle`] step through. The
/// deadline and retry rules are the engine's ([`Attempts`]), the same the async
/// [`Engine::call`] follows.
#[derive(Debug)]
struct InFlight {
    op: Op,
    attempts: Attempts,
}

/// The calls in flight, by id: a slot index (low 16 bits) and the slot's generation (high 16
/// bits), so a stale id never reaches a newer call. Plain numbers rather than a wasm-bindgen
/// object per call: each of those is a JS wrapper registered in a `FinalizationRegistry`.
#[derive(Debug, Default)]
struct Calls {
    table: RefCell<Table>,
}

#[derive(Debug, Default)]
struct Table {
    slots: Vec<Slot>,
    /// Indexes of empty slots.
    free: Vec<usize>,
}

#[derive(Debug, Default)]
struct Slot {
    generation: u16,
    call: Option<InFlight>,
}

/// At most this many calls in flight per client (slot indexes are 16 bits).
const MAX_IN_FLIGHT: usize = 1 << 16;

impl Calls {
    fn insert(&self, call: InFlight) -> Result<u32, Error> {
        let mut table = self.table.try_borrow_mut().map_err(|_| busy())?;
        let index = match table.free.pop() {
            Some(i) => i,
            None if table.slots.len() < MAX_IN_FLIGHT => {
                table.slots.push(Slot::default());
                table.slots.len() - 1
            }
            None => return Err(Error::Config("too many calls in flight".to_string())),
        };
        let slot = table.slots.get_mut(index).ok_or_else(busy)?;
        slot.call = Some(call);
        Ok(u32::from(slot.generation) << 16 | index as u32)
    }

    /// Call `id`, borrowed: drop it before calling into JS code that could re-enter the client.
    fn get(&self, id: u32) -> Result<RefMut<'_, InFlight>, Error> {
        let table = self.table.try_borrow_mut().map_err(|_| busy())?;
        RefMut::filter_map(table, |t| {
            t.slots
                .get_mut((id & 0xffff) as usize)
                .filter(|s| u32::from(s.generation) == id >> 16)
                .and_then(|s| s.call.as_mut())
        })
        .map_err(|_| Error::Config("unknown call".to_string()))
    }

    fn remove(&self, id: u32) {
        let Ok(mut table) = self.table.try_borrow_mut() else {
            return;
        };
        let index = (id & 0xffff) as usize;
        let Some(slot) = table
            .slots
            .get_mut(index)
            .filter(|s| u32::from(s.generation) == id >> 16 && s.call.is_some())
        else {
            return;
        };
        slot.call = None;
        slot.generation = slot.generation.wrapping_add(1);
        table.free.push(index);
    }
}

/// The slot table is only borrowed for bookkeeping that calls no user code, so this is
/// unreachable in practice; it is an error rather than a panic all the same.
fn busy() -> Error {
    Error::Config("client busy".to_string())
}

/// Checks a call's body against `shape` (see [`UnkeyCore::begin`] for `text` and
/// `oversize`), dropping undeclared members: the text to send when some were. No body reads as
/// no JSON value, so it gets the shape's own complaint ("body must be an object").
fn check_body(shape: &Shape, text: Option<&str>, oversize: bool) -> Result<Option<String>, Error> {
    if oversize {
        return Err(invalid(ValidationErrorKind::TooLong { max: ops::MAX_BODY }));
    }
    let sent = strip_unknown(shape, text.unwrap_or_default())?;
    if text.is_none() {
        return Err(invalid(ValidationErrorKind::Missing));
    }
    Ok(sent)
}

fn invalid(kind: ValidationErrorKind) -> Error {
    Error::Validation(ValidationError {
        location: "body".to_string(),
        kind,
    })
}

/// The engine's JSON hook in the wasm: the host's `JSON.parse` on the body as `fetch` gave it
/// (a JS string: only error bodies are copied into wasm), and the shared decoders reading the
/// parsed value through [`JsonValue`](crate::schema::JsonValue) for `JsValue`.
struct JsJson;

#[wasm_bindgen(module = "/js/wasm/json.js")]
extern "C" {
    /// `JSON.parse` of a JS string (js-sys's takes `&str`, which would copy the body in and
    /// out); `undefined`, which JSON cannot produce, when the text is not JSON.
    #[wasm_bindgen(js_name = parse)]
    fn json_parse(text: &JsString) -> JsValue;
}

impl JsonParse<JsString> for JsJson {
    type Owned = JsValue;

    fn parse(&self, body: &JsString) -> Option<JsValue> {
        Some(json_parse(body)).filter(|v| !v.is_undefined())
    }

    fn api_error(&self, status: u16, parsed: Option<&JsValue>, raw: &JsString) -> ApiError {
        ApiError::from_response(status, parsed, &String::from(raw))
    }

    fn envelope(&self, parsed: &JsValue, needs_data: bool) -> Result<String, String> {
        check_envelope(parsed, needs_data)
    }

    fn request_id(&self, parsed: &JsValue) -> Option<String> {
        request_id_of(parsed)
    }
}
