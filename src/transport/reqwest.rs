//! Native transport (reqwest with rustls) and timer (tokio), behind feature `reqwest`.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::future::Future;
use std::time::{Duration, Instant};

use super::{
    HttpRequest, HttpResponse, Method, Timer, Transport, TransportError, TransportErrorKind,
    MAX_ERROR_BODY, MAX_SUCCESS_BODY, OVERSIZE_BODY,
};
use crate::error::Error;

/// Sends requests with a shared [`reqwest::Client`] (connection pooling, rustls).
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport with a new connection pool that never follows redirects (Unkey never
    /// redirects an API call; a redirect is reported as an error).
    ///
    /// # Errors
    /// [`Error::Config`] when the TLS backend cannot be initialised.
    pub fn new() -> Result<Self, Error> {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map(Self::from_client)
            .map_err(|e| Error::Config(format!("cannot create the http client: {e}")))
    }

    /// Wraps an existing client (proxies, custom TLS…). Its own timeout, if any, also applies.
    /// Build it with `.redirect(reqwest::redirect::Policy::none())`: reqwest follows up to ten
    /// redirects by default, which would re-send the root key wherever they point.
    pub fn from_client(client: reqwest::Client) -> Self {
        ReqwestTransport { client }
    }
}

fn describe(e: &reqwest::Error) -> String {
    // reqwest's own message is terse ("error sending request"); add the causes.
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// The error with its message (reqwest's text and its causes') and reqwest's error itself as
/// the source (its `Display`/`Debug` show the URL, never a header).
fn transport_error(e: reqwest::Error) -> TransportError {
    let kind = if e.is_timeout() {
        TransportErrorKind::Timeout
    } else if e.is_connect() {
        TransportErrorKind::Connect
    } else {
        TransportErrorKind::Connection
    };
    TransportError::new(kind, describe(&e)).with_source(e)
}

impl Transport for ReqwestTransport {
    type Body = String;
    fn send(&self, req: HttpRequest) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        let mut rb = match req.method {
            Method::Get => self.client.get(&req.url),
            Method::Post => self.client.post(&req.url),
        };
        for (name, value) in &req.headers {
            rb = rb.header(*name, value);
        }
        if let Some(body) = req.body {
            rb = rb.body(body);
        }
        if let Some(ms) = req.timeout_ms {
            // Covers connecting, sending and reading the whole body.
            rb = rb.timeout(Duration::from_millis(u64::from(ms)));
        }
        async move {
            let resp = rb.send().await.map_err(transport_error)?;
            let header = |name: &str| {
                resp.headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(ToString::to_string)
            };
            let status = resp.status().as_u16();
            let retry_after = header("retry-after");
            // Read the body chunk by chunk. If it breaks off after the status line arrived,
            // the request provably reached the server (and may have spent credits), so this is
            // not a retryable connection failure: hand the partial body to the engine, which
            // reports it as a decode error (2xx) or an API error (otherwise). Timeouts stay
            // timeouts.
            // Of an error body, at most `MAX_ERROR_BODY` bytes are read; of a success body at
            // most `MAX_SUCCESS_BODY`, and one longer is `OVERSIZE_BODY`.
            let mut resp = resp;
            let mut bytes = Vec::new();
            let cap = if status >= 300 {
                MAX_ERROR_BODY
            } else {
                MAX_SUCCESS_BODY
            };
            // One byte past the cap says whether there was more.
            while bytes.len() <= cap {
                match resp.chunk().await {
                    Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
                    Ok(None) => break,
                    Err(e) if e.is_timeout() => return Err(transport_error(e)),
                    Err(_) => break,
                }
            }
            let body = if bytes.len() > cap && status < 300 {
                OVERSIZE_BODY.to_string()
            } else {
                bytes.truncate(cap);
                String::from_utf8_lossy(&bytes).into_owned()
            };
            Ok(HttpResponse {
                status,
                retry_after,
                body,
            })
        }
    }
}

/// Monotonic clock and tokio sleep. Needs a tokio runtime with the time driver enabled.
#[derive(Debug, Clone, Copy)]
pub struct TokioTimer {
    origin: Instant,
}

impl TokioTimer {
    /// A timer whose origin is now.
    pub fn new() -> Self {
        TokioTimer {
            origin: Instant::now(),
        }
    }
}

impl Default for TokioTimer {
    fn default() -> Self {
        Self::new()
    }
}

impl Timer for TokioTimer {
    fn now_ms(&self) -> f64 {
        self.origin.elapsed().as_secs_f64() * 1000.0
    }
    fn sleep(&self, ms: u32) -> impl Future<Output = ()> {
        tokio::time::sleep(Duration::from_millis(u64::from(ms)))
    }
}
