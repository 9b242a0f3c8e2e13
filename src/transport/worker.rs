//! The workers-rs transport (feature `worker`, wasm32): `worker::Fetch` with an
//! `AbortController`, and `worker::Delay` / `worker::Date` as the timer.
//!
//! A timeout aborts the request in flight (not merely stops waiting for it), so a stalled Unkey
//! costs the Worker no more than the deadline. Only method, headers, body and signal are set:
//! Workers reject `credentials` and `mode`.

use core::future::Future;
use core::pin::pin;
use core::task::Poll;
use core::time::Duration;

use alloc::string::{String, ToString};

use alloc::vec::Vec;
use futures_util::StreamExt;
use wasm_bindgen::JsValue;
use worker::{
    AbortController, Date, Delay, Fetch, Headers, Request, RequestInit, RequestRedirect, Response,
};

use super::{
    HttpRequest, HttpResponse, Method, Timer, Transport, TransportError, TransportErrorKind,
    MAX_ERROR_BODY, MAX_SUCCESS_BODY, OVERSIZE_BODY,
};

/// Sends requests with the Worker runtime's `fetch`.
#[derive(Debug, Clone, Copy, Default)]
pub struct WorkerTransport;

/// `Date.now()` and `setTimeout`, through workers-rs.
#[derive(Debug, Clone, Copy, Default)]
pub struct WorkerTimer;

impl Timer for WorkerTimer {
    fn now_ms(&self) -> f64 {
        Date::now().as_millis() as f64
    }

    fn sleep(&self, ms: u32) -> impl Future<Output = ()> {
        Delay::from(Duration::from_millis(u64::from(ms)))
    }
}

fn connection(e: impl ToString) -> TransportError {
    TransportError::new(TransportErrorKind::Connection, e.to_string())
}

fn build(req: &HttpRequest) -> Result<Request, TransportError> {
    let headers = Headers::new();
    for (name, value) in &req.headers {
        headers.set(name, value).map_err(connection)?;
    }
    let mut init = RequestInit::new();
    init.with_method(match req.method {
        Method::Get => worker::Method::Get,
        Method::Post => worker::Method::Post,
    })
    .with_headers(headers)
    // Unkey never redirects: a 3xx comes back as it is and the engine reports it.
    .with_redirect(RequestRedirect::Manual);
    if let Some(body) = &req.body {
        init.with_body(Some(JsValue::from_str(body)));
    }
    Request::new_with_init(&req.url, &init).map_err(connection)
}

async fn exchange(
    request: Request,
    signal: &worker::AbortSignal,
) -> Result<HttpResponse, TransportError> {
    let mut resp = Fetch::Request(request)
        .send_with_signal(signal)
        .await
        .map_err(connection)?;
    let status = resp.status_code();
    let retry_after = resp.headers().get("retry-after").ok().flatten();
    let body: String = if status >= 300 {
        capped(&mut resp, MAX_ERROR_BODY).await?.0
    } else {
        match capped(&mut resp, MAX_SUCCESS_BODY).await? {
            (_, true) => OVERSIZE_BODY.into(),
            (text, false) => text,
        }
    };
    Ok(HttpResponse {
        status,
        retry_after,
        body,
    })
}

/// The first `max` bytes of a body as text, and whether there was more (the rest is never
/// read).
async fn capped(resp: &mut Response, max: usize) -> Result<(String, bool), TransportError> {
    let mut stream = resp.stream().map_err(connection)?;
    let mut bytes = Vec::new();
    // One byte past `max` says whether there was more.
    while bytes.len() <= max {
        match stream.next().await {
            Some(chunk) => bytes.extend_from_slice(&chunk.map_err(connection)?),
            None => break,
        }
    }
    let over = bytes.len() > max;
    bytes.truncate(max);
    Ok((String::from_utf8_lossy(&bytes).into_owned(), over))
}

impl Transport for WorkerTransport {
    type Body = String;
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        let request = build(&req)?;
        let controller = AbortController::default();
        let signal = controller.signal();
        let mut work = pin!(exchange(request, &signal));
        let Some(ms) = req.timeout_ms else {
            return work.await;
        };
        let mut timer = pin!(Delay::from(Duration::from_millis(u64::from(ms))));
        let first = core::future::poll_fn(|cx| {
            if let Poll::Ready(r) = work.as_mut().poll(cx) {
                return Poll::Ready(Some(r));
            }
            timer.as_mut().poll(cx).map(|()| None)
        })
        .await;
        match first {
            Some(result) => result,
            None => {
                // Abort the fetch itself so the connection is released now.
                controller.abort();
                Err(TransportError::new(
                    TransportErrorKind::Timeout,
                    "deadline passed; request aborted",
                ))
            }
        }
    }
}
