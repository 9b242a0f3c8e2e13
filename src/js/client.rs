//! `UnkeyCore`: the client half of the façade (feature `js`).

use alloc::rc::Rc;
use alloc::string::{String, ToString};

use js_sys::{JsString, Promise, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

use super::{error, options};
use crate::engine::{check_envelope, Engine, JsonParse};
use crate::error::{ApiError, Error};
use crate::ops;
use crate::schema::{validate, ValidationError, ValidationErrorKind};
use crate::transport::fetch::{FetchTransport, JsTimer};

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
    /// `new UnkeyCore({ rootKey, serverURL?, timeoutMs?, retryConfig?, fetch? })`; throws an
    /// `UnkeyError` of kind `config` when the options are unusable.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<UnkeyCore, JsValue> {
        let (config, transport) = options::client(&options).map_err(|e| error::to_js(&e))?;
        Ok(UnkeyCore {
            engine: Rc::new(Engine {
                config,
                transport,
                timer: JsTimer,
            }),
        })
    }

    /// Runs operation `op` (its index in [`ops::all`]) with `request` and per-call `options`.
    /// Resolves to the response envelope; rejects with an `UnkeyError`, never throws.
    pub fn call(&self, op: u32, request: JsValue, options: JsValue) -> Promise {
        let engine = Rc::clone(&self.engine);
        future_to_promise(async move {
            run(&engine, op, &request, &options)
                .await
                .map_err(|e| error::to_js(&e))
        })
    }
}

async fn run(
    engine: &Engine<FetchTransport, JsTimer>,
    op: u32,
    request: &JsValue,
    options: &JsValue,
) -> Result<JsValue, Error> {
    let Some(op) = ops::all().nth(op as usize) else {
        return Err(Error::Config("unknown operation".to_string()));
    };
    let opts = options::call(options)?;
    let body = match op.request {
        Some(shape) => {
            validate(shape, request)?;
            Some(encode(request)?)
        }
        None => None,
    };
    Ok(engine.call(&JsJson, op, body, &opts).await?.body)
}

/// `JSON.stringify(request)`, refusing what the API would refuse (over 10 MiB) before copying
/// it into wasm, and values JSON cannot encode (cycles or bigints inside free-form `meta`).
fn encode(request: &JsValue) -> Result<String, Error> {
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
    Ok(String::from(text))
}

/// The engine's JSON hook in the wasm: the host's `JSON.parse`, and the shared decoders
/// reading the parsed value through `Reflect`.
struct JsJson;

impl JsonParse for JsJson {
    type Owned = JsValue;

    fn parse(&self, text: &str) -> Option<JsValue> {
        JSON::parse(text).ok()
    }

    fn api_error(&self, status: u16, parsed: Option<&JsValue>, raw: &str) -> ApiError {
        ApiError::from_response(status, parsed, raw)
    }

    fn envelope(&self, parsed: &JsValue, needs_data: bool) -> Result<String, String> {
        check_envelope(parsed, needs_data)
    }
}
