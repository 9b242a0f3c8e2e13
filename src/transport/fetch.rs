//! The wasm32 transport: the runtime's global `fetch` (or one the caller hands in).
//!
//! Works unchanged in Cloudflare Workers, Node >= 18, Deno and browsers because it binds the
//! *global* `fetch`, `AbortController` and `setTimeout` (never `window` or `WorkerGlobalScope`)
//! and sets only `method`, `headers`, `body` and `signal` on the request: Workers reject
//! `credentials` and `mode`.
//!
//! A timeout is an `AbortController` whose `abort` is scheduled with `setTimeout`; the timer is
//! cleared once the body has been read or the request failed, and a request whose future is
//! dropped early is aborted, so nothing keeps running after the engine gave up.

use core::future::Future;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{
    HttpRequest, HttpResponse, Method, Timer, Transport, TransportError, TransportErrorKind,
};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch(url, init)`; `catch` because a bad URL throws synchronously.
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(url: &str, init: &Object) -> Result<Promise, JsValue>;

    /// `AbortController`, present in every target runtime.
    type AbortController;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<AbortController, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &AbortController) -> AbortSignal;
    #[wasm_bindgen(method)]
    fn abort(this: &AbortController);

    /// `AbortSignal`: only `aborted` is read.
    type AbortSignal;
    #[wasm_bindgen(method, getter)]
    fn aborted(this: &AbortSignal) -> bool;

    /// Global `setTimeout`; the id is opaque (a number in browsers, an object in Node).
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);

    /// The subset of `Response` we read. Every access may throw when a custom `fetch`
    /// resolves to something that is not a `Response`, hence `catch` everywhere.
    type FetchResponse;
    #[wasm_bindgen(method, getter, catch)]
    fn status(this: &FetchResponse) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn headers(this: &FetchResponse) -> Result<FetchHeaders, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn text(this: &FetchResponse) -> Result<Promise, JsValue>;

    /// `Headers.get(name)`.
    type FetchHeaders;
    #[wasm_bindgen(method, catch)]
    fn get(this: &FetchHeaders, name: &str) -> Result<Option<String>, JsValue>;
}

/// Sends requests with the global `fetch`, or with a caller-supplied function of the same
/// shape (tests, service bindings, proxies).
#[derive(Clone, Default)]
pub struct FetchTransport {
    custom: Option<Function>,
}

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
        Self { custom: None }
    }

    /// Use `fetch` (called as `fetch(url, init)` with `this` undefined) instead of the global
    /// one. Bind it first if it needs a receiver, e.g. `env.SERVICE.fetch.bind(env.SERVICE)`.
    pub fn with_fetch(fetch: Function) -> Self {
        Self {
            custom: Some(fetch),
        }
    }

    fn start(&self, url: &str, init: &Object) -> Result<Promise, JsValue> {
        match &self.custom {
            None => global_fetch(url, init),
            // Whatever the custom function returns (a promise or a value) becomes a promise.
            Some(f) => f
                .call2(&JsValue::UNDEFINED, &JsValue::from_str(url), init)
                .map(|v| Promise::resolve(&v)),
        }
    }
}

/// Clears the timeout timer when dropped, and aborts the request if it had not finished: a
/// future dropped by its caller must not leave a request running.
struct AbortGuard {
    controller: Option<AbortController>,
    timer: Option<JsValue>,
    finished: bool,
}

impl AbortGuard {
    fn timed_out(&self) -> bool {
        self.timer.is_some()
            && self
                .controller
                .as_ref()
                .is_some_and(|c| c.signal().aborted())
    }
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        if let Some(id) = self.timer.take() {
            clear_timeout(&id);
        }
        if !self.finished {
            if let Some(c) = &self.controller {
                c.abort();
            }
        }
    }
}

impl Transport for FetchTransport {
    fn send(&self, req: HttpRequest) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        self.send_inner(req)
    }
}

impl FetchTransport {
    async fn send_inner(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        let init = Object::new();
        let method = match req.method {
            Method::Get => "GET",
            Method::Post => "POST",
        };
        set(&init, "method", &JsValue::from_str(method));
        let headers = Object::new();
        for (name, value) in &req.headers {
            set(&headers, name, &JsValue::from_str(value));
        }
        set(&init, "headers", &headers);
        if let Some(body) = &req.body {
            set(&init, "body", &JsValue::from_str(body));
        }

        let mut guard = AbortGuard {
            controller: None,
            timer: None,
            finished: false,
        };
        if let Some(ms) = req.timeout_ms {
            let controller = AbortController::new().map_err(|e| to_transport_error(&e, false))?;
            set(&init, "signal", &controller.signal());
            // `controller.abort` bound to its controller: a plain JS function, so no Rust
            // closure has to outlive this future.
            if let Some(abort) = Reflect::get(&controller, &JsValue::from_str("abort"))
                .ok()
                .and_then(|f| f.dyn_into::<Function>().ok())
            {
                guard.timer = Some(set_timeout(&abort.bind0(&controller), ms));
            }
            guard.controller = Some(controller);
        }

        let result = self.exchange(&req.url, &init).await;
        guard.finished = true;
        let timed_out = guard.timed_out();
        drop(guard);
        result.map_err(|e| to_transport_error(&e, timed_out))
    }

    /// Sends the request and reads status, the two headers the engine needs and the body.
    async fn exchange(&self, url: &str, init: &Object) -> Result<HttpResponse, JsValue> {
        let response: FetchResponse = JsFuture::from(self.start(url, init)?)
            .await?
            .unchecked_into();
        let status = response.status()?.as_f64().unwrap_or(0.0);
        // Status codes are 100..=599; anything else is not an HTTP response.
        let status = if (0.0..=999.0).contains(&status) {
            status as u16
        } else {
            0
        };
        let headers = response.headers()?;
        let content_type = headers.get("content-type")?;
        let retry_after = headers.get("retry-after")?;
        let body = JsFuture::from(response.text()?)
            .await?
            .as_string()
            .unwrap_or_default();
        Ok(HttpResponse {
            status,
            content_type,
            retry_after,
            body,
        })
    }
}

fn set(target: &Object, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// Maps whatever JS threw (an `Error`, a `DOMException`, or any other value) to a
/// [`TransportError`]. Never assumes the value is an `Error`.
fn to_transport_error(thrown: &JsValue, timed_out: bool) -> TransportError {
    let name = prop_string(thrown, "name");
    let kind = if timed_out {
        TransportErrorKind::Timeout
    } else if name.as_deref() == Some("AbortError") {
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
