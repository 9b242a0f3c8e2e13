//! The wasm32 transport: the runtime's global `fetch` (or one the caller hands in).
//!
//! Works unchanged in Cloudflare Workers, Node >= 18, Deno and browsers because it calls the
//! *global* `fetch` (never `window` or `WorkerGlobalScope`) and sets only `method`, `headers`,
//! `body` and `signal` on the request: Workers reject `credentials` and `mode`.
//!
//! One small JS function (`exchange`, inline below) does the whole exchange: `fetch`, the two headers
//! the engine reads and `text()`, resolving once. So each attempt crosses into JS once and
//! awaits one promise (the npm client awaits it in JS: [`FetchTransport::start`]), and bodies stay JS strings ([`Body`] for [`JsString`]): the request
//! body comes from `JSON.stringify` and the response body goes to `JSON.parse` without passing
//! through wasm memory. The headers object is built once per client, not per call.
//!
//! The timeout is `AbortSignal.timeout(ms)` (Workers, Node >= 17.3, Deno, browsers since
//! 2022), or an `AbortController` with `setTimeout` where it is missing, and aborts the request
//! (connection and body read) when it expires. A request whose future is dropped early is not
//! aborted at once but at that deadline: the façade never drops one (its promise runs each call
//! to the end), and a per-call controller + timer + `clearTimeout` cost ~8% of a call.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;
use core::future::Future;

use js_sys::{Array, Function, JsString, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{
    Body, HttpRequest, HttpResponse, Method, Timer, Transport, TransportError, TransportErrorKind,
};

/// `exchange(f, url, post, headers, body, ms)` → `[status, content-type, retry-after, text]`.
/// `f` is the caller's fetch (called with `this` undefined, given its own copy of the headers)
/// or `undefined` for the global one. A rejection after our signal fired becomes a
/// `TimeoutError`, whatever the runtime threw (the body read fails differently per runtime).
#[wasm_bindgen(
    inline_js = r#"export function exchange(f, url, post, headers, body, ms) {
  const init = { method: post ? "POST" : "GET", headers: f ? { ...headers } : headers };
  if (body !== undefined) init.body = body;
  let signal, timer;
  if (ms !== undefined) {
    if (typeof AbortSignal.timeout === "function") signal = AbortSignal.timeout(ms);
    else { const c = new AbortController(); signal = c.signal; timer = setTimeout(() => c.abort(), ms); }
    init.signal = signal;
  }
  return (async () => {
    try {
      const res = await (f ? f(url, init) : fetch(url, init));
      const h = res.headers;
      return [res.status, h.get("content-type"), h.get("retry-after"), await res.text()];
    } catch (e) {
      if (signal && signal.aborted) throw { name: "TimeoutError", message: (e && e.message) || "request timed out" };
      throw e;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  })();
}"#
)]
extern "C" {
    /// Never throws synchronously: every failure is a rejection.
    #[wasm_bindgen(js_name = exchange)]
    fn js_exchange(
        fetch: Option<&Function>,
        url: &str,
        post: bool,
        headers: &Object,
        body: Option<&JsString>,
        ms: Option<u32>,
    ) -> Promise;
}

#[wasm_bindgen]
extern "C" {
    /// Global `setTimeout`; the id is opaque (a number in browsers, an object in Node).
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: u32) -> JsValue;
}

impl Body for JsString {
    fn from_text(text: String) -> Self {
        JsString::from(text)
    }
    fn text(&self) -> Cow<'_, str> {
        Cow::Owned(String::from(self))
    }
}

/// Sends requests with the global `fetch`, or with a caller-supplied function of the same
/// shape (tests, service bindings, proxies).
#[derive(Clone, Default)]
pub struct FetchTransport {
    custom: Option<Function>,
    /// The last request's headers and the JS object made from them: a client sends the same
    /// headers on every call.
    headers: RefCell<Option<(Headers, Object)>>,
}

/// [`HttpRequest::headers`].
type Headers = Vec<(&'static str, String)>;

impl core::fmt::Debug for FetchTransport {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("FetchTransport")
            .field("custom_fetch", &self.custom.is_some())
            .finish()
    }
}

impl FetchTransport {
    /// Use the runtime's global `fetch`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Use `fetch` (called as `fetch(url, init)` with `this` undefined) instead of the global
    /// one. Bind it first if it needs a receiver, e.g. `env.SERVICE.fetch.bind(env.SERVICE)`.
    pub fn with_fetch(fetch: Function) -> Self {
        Self {
            custom: Some(fetch),
            headers: RefCell::default(),
        }
    }

    /// The JS headers object for `headers`, reused while they stay the same.
    fn headers(&self, headers: Headers) -> Object {
        let mut cache = self.headers.borrow_mut();
        match &*cache {
            Some((last, object)) if *last == headers => object.clone(),
            _ => {
                let object = Object::new();
                for (name, value) in &headers {
                    // Setting a property on a fresh plain object cannot fail.
                    let _ =
                        Reflect::set(&object, &JsValue::from_str(name), &JsValue::from_str(value));
                }
                *cache = Some((headers, object.clone()));
                object
            }
        }
    }
}

impl FetchTransport {
    /// Starts the exchange for `req`: a promise of the `[status, content-type, retry-after,
    /// text]` parts ([`FetchTransport::response`]) that rejects with what `fetch` threw
    /// ([`to_transport_error`]). The wasm façade awaits it in JS; [`Transport::send`] here.
    pub fn start(&self, req: HttpRequest<JsString>) -> Promise {
        js_exchange(
            self.custom.as_ref(),
            &req.url,
            req.method == Method::Post,
            &self.headers(req.headers),
            req.body.as_ref(),
            req.timeout_ms,
        )
    }

    /// The response from the parts a [`FetchTransport::start`] promise resolved to.
    pub fn response(parts: &JsValue) -> HttpResponse<JsString> {
        let parts: &Array = parts.unchecked_ref();
        let status = parts.get(0).as_f64().unwrap_or(0.0);
        // Status codes are 100..=599; anything else is not an HTTP response.
        let status = if (0.0..=999.0).contains(&status) {
            status as u16
        } else {
            0
        };
        HttpResponse {
            status,
            content_type: parts.get(1).as_string(),
            retry_after: parts.get(2).as_string(),
            body: parts
                .get(3)
                .dyn_into::<JsString>()
                .unwrap_or_else(|_| JsString::from("")),
        }
    }
}

impl Transport for FetchTransport {
    type Body = JsString;

    fn send(
        &self,
        req: HttpRequest<JsString>,
    ) -> impl Future<Output = Result<HttpResponse<JsString>, TransportError>> {
        let promise = self.start(req);
        async move {
            JsFuture::from(promise)
                .await
                .map(|parts| Self::response(&parts))
                .map_err(|e| to_transport_error(&e))
        }
    }
}

/// Maps whatever JS threw (an `Error`, a `DOMException`, or any other value) to a
/// [`TransportError`]. Never assumes the value is an `Error`.
pub fn to_transport_error(thrown: &JsValue) -> TransportError {
    let name = prop_string(thrown, "name");
    let kind = if name.as_deref() == Some("AbortError") {
        TransportErrorKind::Aborted
    } else if name.as_deref() == Some("TimeoutError") {
        TransportErrorKind::Timeout
    } else {
        TransportErrorKind::Connection
    };
    let mut message = prop_string(thrown, "message")
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| String::from("fetch failed with a non-Error value"));
    // Node puts the useful part ("connect ECONNREFUSED 127.0.0.1:1") in `cause`, with a `code`
    // that tells a connection never made (the request provably not sent) from one that broke.
    let cause = Reflect::get(thrown, &JsValue::from_str("cause"))
        .ok()
        .filter(|c| c.is_object());
    if let Some(text) = cause.as_ref().and_then(|c| prop_string(c, "message")) {
        message.push_str(": ");
        message.push_str(&text);
    }
    let code = cause.as_ref().and_then(|c| prop_string(c, "code"));
    let kind = match (kind, code.as_deref()) {
        (TransportErrorKind::Connection, Some("ECONNREFUSED" | "ENOTFOUND" | "EAI_AGAIN")) => {
            TransportErrorKind::Connect
        }
        (kind, _) => kind,
    };
    TransportError { kind, message }
}

/// `value[key]` when `value` is an object and the property is a string.
fn prop_string(value: &JsValue, key: &str) -> Option<String> {
    if !value.is_object() {
        return None;
    }
    Reflect::get(value, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

/// The engine's clock and sleep on wasm32: `Date.now()` and a `setTimeout` promise.
///
/// On Cloudflare Workers `Date.now()` advances only across I/O; the engine only reads it
/// after awaiting I/O or a timer, which is when it has moved.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsTimer;

impl Timer for JsTimer {
    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn sleep(&self, ms: u32) -> impl Future<Output = ()> {
        let promise = Promise::new(&mut |resolve, _reject| {
            set_timeout(&resolve, ms);
        });
        async move {
            // The promise only ever resolves.
            let _ = JsFuture::from(promise).await;
        }
    }
}
