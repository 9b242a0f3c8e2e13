//! `UnkeyCore`: the client half of the façade (feature `js`).

use alloc::rc::Rc;
use alloc::string::{String, ToString};

use js_sys::{Function, JsString, Promise, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::error;
use super::options::{self, RetryArgs};
use crate::engine::{
    check_envelope, classify, Attempt, Attempts, CallOptions, Config, Engine, JsonParse,
};
use crate::error::{request_id_of, ApiError, Error};
use crate::ops::{self, Op};
use crate::schema::{validate, ValidationError, ValidationErrorKind};
use crate::transport::fetch::{to_transport_error, FetchTransport, JsTimer};
use crate::transport::Timer;

/// Largest request body sent, in UTF-16 units of the JSON text: the API's own limit (10 MiB).
/// Checked before the text is copied into wasm memory.
const MAX_BODY: u32 = 10 * 1024 * 1024;

/// The wasm half of the JS `Unkey` class. Not meant to be used directly: see the `Unkey`
/// class in the package's `index.js`.
#[wasm_bindgen]
#[derive(Debug)]
pub struct UnkeyCore {
    engine: Rc<Engine<FetchTransport, JsTimer>>,
}

#[wasm_bindgen]
impl UnkeyCore {
    /// Called by the `Unkey` constructor in `index.js` with its checked options; throws an
    /// `UnkeyError` of kind `config` for an empty root key or an unusable server URL.
    /// Numbers are `NaN` when not given; the retry numbers are `strategy` (0 not given, 1 none,
    /// 2 backoff), then `initialInterval`, `maxInterval`, `exponent`, `maxElapsedTime` and
    /// `maxAttempts`.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        root_key: &str,
        server_url: &str,
        timeout_ms: f64,
        strategy: u32,
        initial: f64,
        max: f64,
        exponent: f64,
        elapsed: f64,
        attempts: f64,
        fetch: JsValue,
    ) -> Result<UnkeyCore, JsValue> {
        let mut config = Config::new(root_key, server_url).map_err(|e| error::to_js(&e))?;
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
        // The façade passes a function or undefined.
        let transport = match fetch.dyn_into::<Function>() {
            Ok(f) => FetchTransport::with_fetch(f),
            Err(_) => FetchTransport::new(),
        };
        Ok(UnkeyCore {
            engine: Rc::new(Engine {
                config,
                transport,
                timer: JsTimer,
            }),
        })
    }

    /// Starts operation `op` (its index in [`ops::all`], read through `ops::by_index`) with
    /// `request` and the per-call overrides (numbers as in [`UnkeyCore::new`]): validates and
    /// encodes the request, and returns the [`Call`] the façade drives. Throws an `UnkeyError`
    /// for an unknown operation or an invalid request.
    #[allow(clippy::too_many_arguments)]
    pub fn call(
        &self,
        op: u32,
        request: JsValue,
        timeout_ms: f64,
        strategy: u32,
        initial: f64,
        max: f64,
        exponent: f64,
        elapsed: f64,
        attempts: f64,
    ) -> Result<Call, JsValue> {
        let retry = RetryArgs {
            strategy,
            initial,
            max,
            exponent,
            elapsed,
            attempts,
        };
        let opts = options::call(timeout_ms, retry);
        start(&self.engine, op, &request, &opts).map_err(|e| error::to_js(&e))
    }
}

/// One call in flight, driven by the façade's `run` (js/facade.js) without a Rust future:
/// `send()` starts an attempt, the façade awaits it, `finish()` classifies what came back and
/// says whether the call is over. The deadline and retry rules are the engine's
/// ([`Attempts`]), the same the async [`Engine::call`] follows.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Call {
    engine: Rc<Engine<FetchTransport, JsTimer>>,
    op: Op,
    body: Option<JsString>,
    attempts: Attempts,
}

#[wasm_bindgen]
impl Call {
    /// Starts the next attempt: a promise of the response parts that rejects with what `fetch`
    /// threw, each to be handed to [`Call::finish`]. Throws the `UnkeyError` (kind
    /// `transport`, timeout) when the deadline has passed.
    pub fn send(&mut self) -> Result<Promise, JsValue> {
        let timeout = self
            .attempts
            .next(JsTimer.now_ms())
            .map_err(|e| error::to_js(&e))?;
        let request = self.engine.request(&self.op, self.body.as_ref(), timeout);
        Ok(self.engine.transport.start(request))
    }

    /// Ends the attempt with what its [`Call::send`] promise resolved to (`ok`) or rejected
    /// with: returns the response envelope, or a number, the pause (ms) before the next
    /// [`Call::send`]; throws the call's `UnkeyError` when it is over.
    pub fn finish(&self, ok: bool, value: JsValue) -> Result<JsValue, JsValue> {
        let result = if ok {
            Ok(FetchTransport::response(&value))
        } else {
            Err(to_transport_error(&value))
        };
        let outcome = match classify(&JsJson, &self.op, result) {
            Attempt::Done(done) => done.map(|success| success.body),
            Attempt::Failed(error, retry_after) => self
                .attempts
                .after(&self.op, error, retry_after.as_deref(), JsTimer.now_ms())
                .map(JsValue::from),
        };
        outcome.map_err(|e| error::to_js(&e))
    }
}

/// Validates and encodes `request` for operation `op` and starts its attempt bookkeeping.
fn start(
    engine: &Rc<Engine<FetchTransport, JsTimer>>,
    op: u32,
    request: &JsValue,
    opts: &CallOptions,
) -> Result<Call, Error> {
    let Some(op) = ops::by_index(op as usize) else {
        return Err(Error::Config("unknown operation".to_string()));
    };
    let body = match op.request {
        Some(shape) => {
            validate(shape, request)?;
            Some(encode(request)?)
        }
        None => None,
    };
    Ok(Call {
        engine: Rc::clone(engine),
        op,
        body,
        attempts: Attempts::new(&engine.config, opts, JsTimer.now_ms()),
    })
}

/// `JSON.stringify(request)`, refusing what the API would refuse (over 10 MiB) and values JSON
/// cannot encode (cycles or bigints inside free-form `meta`). The text stays a JS string: the
/// fetch transport hands it to `fetch` as it is.
fn encode(request: &JsValue) -> Result<JsString, Error> {
    let invalid = |kind| {
        Error::Validation(ValidationError {
            location: "body".to_string(),
            kind,
        })
    };
    let text = JSON::stringify(request)
        .ok()
        .and_then(|t| t.dyn_into::<JsString>().ok())
        .ok_or_else(|| {
            invalid(ValidationErrorKind::WrongType {
                expected: "JSON-encodable",
            })
        })?;
    if text.length() > MAX_BODY {
        return Err(invalid(ValidationErrorKind::TooLong { max: MAX_BODY }));
    }
    Ok(text)
}

/// The engine's JSON hook in the wasm: the host's `JSON.parse` on the body as `fetch` gave it
/// (a JS string: only error bodies are copied into wasm), and the shared decoders reading the
/// parsed value through `Reflect`.
struct JsJson;

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` of a JS string (js-sys's takes `&str`, which would copy the body in and out).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &JsString) -> Result<JsValue, JsValue>;
}

impl JsonParse<JsString> for JsJson {
    type Owned = JsValue;

    fn parse(&self, body: &JsString) -> Option<JsValue> {
        json_parse(body).ok()
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
