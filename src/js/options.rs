//! Reads `new Unkey(options)` and the per-call `options` argument from JS objects.
//!
//! Names and shapes follow `@unkey/api`: `rootKey`, `serverURL`, `timeoutMs`, `retryConfig`
//! (`{ strategy: "none" }` or `{ strategy: "backoff", backoff?: {...} }`), `fetch`; per call
//! `{ timeoutMs, retries }`. Unknown option names are ignored, so snippets written for
//! `@unkey/api` that pass its other options still run.

use alloc::string::{String, ToString};

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::engine::{CallOptions, Config, DEFAULT_SERVER_URL};
use crate::error::Error;
use crate::retry::{Backoff, Retries};
use crate::schema::{ValidationError, ValidationErrorKind};
use crate::transport::fetch::FetchTransport;

/// A problem with an option; becomes a config error (constructor) or validation error (call).
pub(crate) struct OptionError {
    /// e.g. `options.timeoutMs`.
    pub location: &'static str,
    /// e.g. `a non-negative number`.
    pub expected: &'static str,
}

impl OptionError {
    pub(crate) fn into_config(self) -> Error {
        let mut m = String::from(self.location);
        m.push_str(" must be ");
        m.push_str(self.expected);
        Error::Config(m)
    }
    pub(crate) fn into_validation(self) -> Error {
        Error::Validation(ValidationError {
            location: self.location.to_string(),
            kind: ValidationErrorKind::WrongType {
                expected: self.expected,
            },
        })
    }
}

fn get(obj: &JsValue, key: &str) -> Option<JsValue> {
    if !obj.is_object() {
        return None;
    }
    Reflect::get(obj, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// The client settings and transport from the constructor's options object.
pub(crate) fn client(options: &JsValue) -> Result<(Config, FetchTransport), Error> {
    if !(options.is_object() || options.is_undefined() || options.is_null())
        || options.is_function()
    {
        return Err(Error::Config("options must be an object".to_string()));
    }
    let root_key = match get(options, "rootKey") {
        Some(v) => v.as_string().ok_or_else(|| {
            OptionError {
                location: "options.rootKey",
                expected: "a string",
            }
            .into_config()
        })?,
        None => {
            return Err(Error::Config(
                "options.rootKey is required (or set UNKEY_ROOT_KEY where process.env exists)"
                    .to_string(),
            ))
        }
    };
    let server_url = match get(options, "serverURL") {
        Some(v) => v.as_string().ok_or_else(|| {
            OptionError {
                location: "options.serverURL",
                expected: "a string",
            }
            .into_config()
        })?,
        None => DEFAULT_SERVER_URL.to_string(),
    };
    let mut config = Config::new(&root_key, &server_url)?;
    if let Some(v) = get(options, "timeoutMs") {
        config.timeout_ms = timeout(&v, "options.timeoutMs").map_err(OptionError::into_config)?;
    }
    if let Some(v) = get(options, "retryConfig") {
        config.retries = retries(&v, "options.retryConfig").map_err(OptionError::into_config)?;
    }
    let transport = match get(options, "fetch") {
        Some(f) => FetchTransport::with_fetch(f.dyn_into::<Function>().map_err(|_| {
            OptionError {
                location: "options.fetch",
                expected: "a function",
            }
            .into_config()
        })?),
        None => FetchTransport::new(),
    };
    Ok((config, transport))
}

/// The per-call options (`undefined` or `null` mean none).
pub(crate) fn call(options: &JsValue) -> Result<CallOptions, Error> {
    let mut opts = CallOptions::new();
    if options.is_undefined() || options.is_null() {
        return Ok(opts);
    }
    if !options.is_object() || options.is_function() {
        return Err(OptionError {
            location: "options",
            expected: "an object",
        }
        .into_validation());
    }
    if let Some(v) = get(options, "timeoutMs") {
        // `None` (no deadline) is `Some(0)` for CallOptions.
        let ms = timeout(&v, "options.timeoutMs").map_err(OptionError::into_validation)?;
        opts = opts.timeout_ms(ms.unwrap_or(0));
    }
    if let Some(v) = get(options, "retries") {
        opts = opts.retries(retries(&v, "options.retries").map_err(OptionError::into_validation)?);
    }
    Ok(opts)
}

/// `timeoutMs`: milliseconds; `0` or a negative number (`@unkey/api` uses -1) mean no deadline.
fn timeout(v: &JsValue, location: &'static str) -> Result<Option<u32>, OptionError> {
    match v.as_f64() {
        Some(ms) if ms.is_finite() && ms > 0.0 => {
            Ok(Some(ms.ceil().min(f64::from(u32::MAX)) as u32))
        }
        Some(ms) if ms.is_finite() => Ok(None),
        _ => Err(OptionError {
            location,
            expected: "a number of milliseconds",
        }),
    }
}

/// `RetryConfig`: `{ strategy: "none" }` or `{ strategy: "backoff", backoff?: {...} }`.
fn retries(v: &JsValue, location: &'static str) -> Result<Retries, OptionError> {
    let bad = || OptionError {
        location,
        expected: "{ strategy: \"none\" } or { strategy: \"backoff\", backoff?: {...} }",
    };
    if !v.is_object() {
        return Err(bad());
    }
    match get(v, "strategy").and_then(|s| s.as_string()).as_deref() {
        Some("none") => Ok(Retries::None),
        Some("backoff") => {
            let mut b = Backoff::default();
            if let Some(o) = get(v, "backoff") {
                if !o.is_object() {
                    return Err(bad());
                }
                let num = |key: &str| -> Result<Option<f64>, OptionError> {
                    match get(&o, key) {
                        None => Ok(None),
                        Some(n) => match n.as_f64() {
                            Some(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
                            _ => Err(bad()),
                        },
                    }
                };
                let ms = |x: f64| x.min(f64::from(u32::MAX)) as u32;
                if let Some(x) = num("initialInterval")? {
                    b.initial_interval_ms = ms(x);
                }
                if let Some(x) = num("maxInterval")? {
                    b.max_interval_ms = ms(x);
                }
                if let Some(x) = num("exponent")? {
                    b.exponent = x;
                }
                if let Some(x) = num("maxElapsedTime")? {
                    b.max_elapsed_ms = ms(x);
                }
                if let Some(x) = num("maxAttempts")? {
                    b.max_attempts = ms(x).max(1);
                }
            }
            Ok(Retries::Backoff(b))
        }
        _ => Err(bad()),
    }
}
