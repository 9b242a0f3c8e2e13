//! The gloo-net transport (feature `gloo`, wasm32): the typed Rust API's default transport in
//! browsers (Leptos, Yew, Dioxus…), Cloudflare Workers without workers-rs, Node and Deno.
//!
//! Each attempt is one `gloo_net::http::Request` sent with the runtime's global `fetch`
//! (gloo-net binds the global, never `window` or `WorkerGlobalScope`), with only method,
//! headers, body, `redirect: "manual"` and a signal set: Workers reject `credentials` and
//! `mode`, and Unkey never redirects, so a 3xx (or a browser's opaque redirect, status 0) comes
//! back as it is and [`engine::classify`](crate::engine::classify) reports it.
//!
//! Every attempt has its own web-sys `AbortController`, aborted when the attempt ends for any
//! reason: its timeout (a host `setTimeout` from gloo-timers, cleared as soon as the exchange
//! settles, so a finished call holds no timer: workerd keeps a request alive while one is
//! pending), the caller's own `AbortSignal` ([`GlooTransport::with_abort_signal`]), or the
//! call's future being dropped. The caller's signal is never handed to `fetch` itself: it only
//! aborts the attempt's controller, so `fetch` always rejects with the runtime's own
//! `AbortError` whatever reason the caller gave (gloo-net assumes a rejection is an `Error`).
//!
//! Of an error body (status 300 or more) at most [`MAX_ERROR_BODY`] bytes are read, through
//! the body's stream, and of a success body at most [`MAX_SUCCESS_BODY`] (a longer one is
//! [`OVERSIZE_BODY`]); the rest is cancelled. Retries, deadlines and classification are the
//! engine's, as for every transport.

use alloc::string::String;
use alloc::vec::Vec;
use core::future::Future;
use core::pin::pin;
use core::task::Poll;

use gloo_net::http::{Headers, Method as GlooMethod, RequestBuilder};
use gloo_timers::future::TimeoutFuture;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, ReadableStreamDefaultReader, RequestRedirect};

use super::{
    HttpRequest, HttpResponse, Method, Transport, TransportError, TransportErrorKind,
    MAX_ERROR_BODY, MAX_SUCCESS_BODY, OVERSIZE_BODY,
};

/// Sends requests with gloo-net (the global `fetch`) and web-sys's `AbortController`.
///
/// ```no_run
/// # async fn run() -> unkey_edge::Result<()> {
/// use unkey_edge::transport::fetch::JsTimer;
/// use unkey_edge::transport::gloo::GlooTransport;
/// use unkey_edge::ClientBuilder;
///
/// // Calls end with `Error::is_aborted()` once `signal` fires (e.g. when a component unmounts).
/// let controller = web_sys::AbortController::new().map_err(|_| unkey_edge::Error::Config("no AbortController".into()))?;
/// let unkey = ClientBuilder::new()
///     .root_key("unkey_root")
///     .build_with(GlooTransport::with_abort_signal(controller.signal()), JsTimer)?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Default)]
pub struct GlooTransport {
    signal: Option<AbortSignal>,
}

impl core::fmt::Debug for GlooTransport {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("GlooTransport")
            .field("abort_signal", &self.signal.is_some())
            .finish()
    }
}

impl GlooTransport {
    /// A transport on the global `fetch`.
    pub fn new() -> Self {
        Self::default()
    }

    /// A transport whose requests are aborted when `signal` fires: a call in flight then ends
    /// with [`Error::is_aborted`](crate::Error::is_aborted) (never retried), and later calls
    /// end so before sending anything.
    pub fn with_abort_signal(signal: AbortSignal) -> Self {
        Self {
            signal: Some(signal),
        }
    }
}

fn error(kind: TransportErrorKind, message: impl Into<String>) -> TransportError {
    TransportError::new(kind, message)
}

/// gloo-net's error as a [`TransportError`]. The attempt's controller is aborted only by the
/// caller's signal or a dropped future (a timeout ends the attempt before its `AbortError`
/// is read), so an `AbortError` here is the caller's. `fetch` cannot tell "never connected" from
/// "broke after sending", so every other failure is the ambiguous [`TransportErrorKind::Connection`].
fn from_gloo(e: gloo_net::Error) -> TransportError {
    match e {
        gloo_net::Error::JsError(js) if js.name == "AbortError" => {
            error(TransportErrorKind::Aborted, js.message)
        }
        gloo_net::Error::JsError(js) => error(TransportErrorKind::Connection, js.message),
        gloo_net::Error::GlooError(message) => error(TransportErrorKind::Connection, message),
    }
}

/// What JS threw (an `Error` or anything else) as a [`TransportError`].
fn from_js(thrown: &JsValue) -> TransportError {
    let get = |k: &str| {
        Reflect::get(thrown, &JsValue::from_str(k))
            .ok()
            .and_then(|v| v.as_string())
    };
    let (name, message) = if thrown.is_object() {
        (get("name"), get("message"))
    } else {
        (None, thrown.as_string())
    };
    let kind = if name.as_deref() == Some("AbortError") {
        TransportErrorKind::Aborted
    } else {
        TransportErrorKind::Connection
    };
    error(
        kind,
        message.unwrap_or_else(|| String::from("the response body could not be read")),
    )
}

/// One attempt's `AbortController`, aborted when the attempt ends (a no-op once the body is
/// read), and its link to the caller's signal, removed then.
struct Attempt {
    controller: AbortController,
    link: Option<(AbortSignal, Closure<dyn FnMut()>)>,
}

impl Attempt {
    fn new(caller: Option<&AbortSignal>) -> Result<Self, TransportError> {
        let controller = AbortController::new()
            .map_err(|e| error(TransportErrorKind::Connection, from_js(&e).message))?;
        let link = match caller {
            Some(signal) => {
                let own = controller.clone();
                let on_abort = Closure::<dyn FnMut()>::new(move || own.abort());
                signal
                    .add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref())
                    .map_err(|e| from_js(&e))?;
                Some((signal.clone(), on_abort))
            }
            None => None,
        };
        Ok(Attempt { controller, link })
    }
}

impl Drop for Attempt {
    fn drop(&mut self) {
        if let Some((signal, on_abort)) = self.link.take() {
            let _ = signal
                .remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        }
        self.controller.abort();
    }
}

fn build(
    req: &HttpRequest,
    signal: &AbortSignal,
) -> Result<gloo_net::http::Request, TransportError> {
    // web-sys's `Headers::set` reports a bad header as an error; gloo-net's would throw.
    let headers = web_sys::Headers::new().map_err(|e| from_js(&e))?;
    for (name, value) in &req.headers {
        headers.set(name, value).map_err(|e| from_js(&e))?;
    }
    let builder = RequestBuilder::new(&req.url)
        .method(match req.method {
            Method::Get => GlooMethod::GET,
            Method::Post => GlooMethod::POST,
        })
        .headers(Headers::from_raw(headers))
        .redirect(RequestRedirect::Manual)
        .abort_signal(Some(signal));
    match &req.body {
        Some(body) => builder.body(JsValue::from_str(body)),
        None => builder.build(),
    }
    .map_err(from_gloo)
}

async fn exchange(request: gloo_net::http::Request) -> Result<HttpResponse, TransportError> {
    let response: web_sys::Response = request.send().await.map_err(from_gloo)?.into();
    let status = response.status();
    if status >= 300 {
        let retry_after = response.headers().get("retry-after").ok().flatten();
        let (body, _) = capped(&response, MAX_ERROR_BODY).await?;
        return Ok(HttpResponse {
            status,
            retry_after,
            body,
        });
    }
    let body = match capped(&response, MAX_SUCCESS_BODY).await? {
        (_, true) => OVERSIZE_BODY.into(),
        (text, false) => text,
    };
    Ok(HttpResponse {
        status,
        retry_after: None,
        body,
    })
}

/// The first `max` bytes of a body as text, and whether there was more (the rest is then
/// cancelled unread).
async fn capped(
    response: &web_sys::Response,
    max: usize,
) -> Result<(String, bool), TransportError> {
    let Some(stream) = response.body() else {
        return Ok((String::new(), false));
    };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes = Vec::new();
    let mut over = false;
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|e| from_js(&e))?;
        let done = Reflect::get(&chunk, &JsValue::from_str("done"))
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            break;
        }
        let Ok(value) = Reflect::get(&chunk, &JsValue::from_str("value")) else {
            break;
        };
        let Ok(array) = value.dyn_into::<Uint8Array>() else {
            break;
        };
        let len = array.length() as usize;
        let take = len.min(max.saturating_sub(bytes.len()));
        let start = bytes.len();
        bytes.resize(start + take, 0);
        if let Some(dest) = bytes.get_mut(start..) {
            array.subarray(0, take as u32).copy_to(dest);
        }
        if take < len {
            over = true;
            break;
        }
    }
    if over {
        // Rejects only if the stream already failed; either way nothing more is read.
        let _ = reader.cancel();
    }
    Ok((String::from_utf8_lossy(&bytes).into_owned(), over))
}

impl Transport for GlooTransport {
    type Body = String;

    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        if self.signal.as_ref().is_some_and(AbortSignal::aborted) {
            return Err(error(
                TransportErrorKind::Aborted,
                "aborted by the caller's signal before it was sent",
            ));
        }
        let attempt = Attempt::new(self.signal.as_ref())?;
        let request = build(&req, &attempt.controller.signal())?;
        let mut work = pin!(exchange(request));
        let Some(ms) = req.timeout_ms else {
            return work.await;
        };
        // `setTimeout` fires at once past 2^31-1 ms; the engine never asks for more, a direct
        // caller might.
        let mut timer = pin!(TimeoutFuture::new(ms.min(crate::engine::MAX_TIMER_MS)));
        let first = core::future::poll_fn(|cx| {
            if let Poll::Ready(r) = work.as_mut().poll(cx) {
                return Poll::Ready(Some(r));
            }
            timer.as_mut().poll(cx).map(|()| None)
        })
        .await;
        // Dropping `attempt` (here or when this future is dropped) aborts the fetch and its
        // body read, so a timed-out request releases its connection now; the timer is cleared.
        drop(attempt);
        first.unwrap_or_else(|| {
            Err(error(
                TransportErrorKind::Timeout,
                "deadline passed; request aborted",
            ))
        })
    }
}
