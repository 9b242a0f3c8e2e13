//! Transports move one HTTP request and its response; nothing else.
//!
//! They never retry, never interpret bodies and never log. Deadlines, retries and error
//! classification live in [`crate::engine`]; a transport only has to honour
//! [`HttpRequest::timeout_ms`] by aborting the request (not just abandoning it) when it expires.

use alloc::borrow::Cow;
use alloc::string::String;
use core::future::Future;

#[cfg(target_arch = "wasm32")]
pub mod fetch;
#[cfg(all(feature = "gloo", target_arch = "wasm32"))]
pub mod gloo;
#[cfg(all(feature = "reqwest", not(target_arch = "wasm32")))]
pub mod reqwest;
#[cfg(all(feature = "worker", target_arch = "wasm32"))]
pub mod worker;

/// The most of an error body (status 300 or more) a transport reads, in bytes; the rest is
/// never read. Unkey's error envelopes are a few KB; a 50 MB error page from a proxy must not
/// grow the wasm instance's memory for good. (`js/wasm/exchange.js` holds the same number for
/// JS.)
pub const MAX_ERROR_BODY: usize = 64 * 1024;

/// The most of a success body (2xx) a transport reads, in bytes. Unkey's largest answers (a
/// page of keys with their meta, analytics rows) are far smaller; a server that sends more
/// (broken, hostile, or a body that never ends) must not grow the instance's memory without
/// bound. Past it the transport stops reading and hands the engine [`OVERSIZE_BODY`] instead,
/// which is not JSON: the call fails with a decode error, never with part of an answer.
/// (`js/wasm/exchange.js` holds the same number and text for JS.)
pub const MAX_SUCCESS_BODY: usize = 16 * 1024 * 1024;

/// What a transport hands the engine in place of a success body longer than
/// [`MAX_SUCCESS_BODY`] (the error's `body`).
pub const OVERSIZE_BODY: &str = "unkey-edge: the response body exceeds 16 MiB and was not read";

/// HTTP method of an Unkey v2 call: every operation is `POST` except `GET /v2/liveness`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET` (only `liveness`).
    Get,
    /// `POST` with a JSON body.
    Post,
}

/// A request or response body as a transport holds it: a Rust `String` natively, a JS string
/// in the fetch transport, so a body that JS produced (`JSON.stringify`) and JS consumes
/// (`JSON.parse`) is never copied through wasm memory.
pub trait Body: Clone {
    /// A body from Rust text (the typed Rust API's `serde_json` output).
    fn from_text(text: String) -> Self;
    /// The text, copied into Rust memory when it is held elsewhere (error bodies, serde).
    fn text(&self) -> Cow<'_, str>;
}

impl Body for String {
    fn from_text(text: String) -> Self {
        text
    }
    fn text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

/// One outgoing request, already fully built by the engine.
///
/// `Debug` is implemented by hand so the `authorization` header value never prints.
pub struct HttpRequest<B = String> {
    /// `GET` or `POST`.
    pub method: Method,
    /// Absolute URL, e.g. `https://api.unkey.com/v2/keys.verifyKey`. Never contains secrets.
    pub url: String,
    /// Header name (lowercase) and value pairs, including `authorization`.
    pub headers: Vec<(&'static str, String)>,
    /// JSON body for `POST`.
    pub body: Option<B>,
    /// Abort the request if no complete response arrived within this many milliseconds.
    pub timeout_ms: Option<u32>,
}

impl<B> core::fmt::Debug for HttpRequest<B> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("has_body", &self.body.is_some())
            .field("timeout_ms", &self.timeout_ms)
            .finish_non_exhaustive()
    }
}

/// A complete response: status, the one header the engine needs, and the whole body as text.
/// (The content type is not among them: a body is JSON if it parses as JSON.)
#[derive(Debug, Clone, Default)]
pub struct HttpResponse<B = String> {
    /// HTTP status code.
    pub status: u16,
    /// `Retry-After`, if sent (seconds or an HTTP date; the engine parses it).
    pub retry_after: Option<String>,
    /// The body, decoded as UTF-8 (lossily).
    pub body: B,
}

/// Why a request produced no response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection failed or closed without a complete response (reset, closed, CORS…),
    /// possibly after the request was sent, so the server may have handled it. Also used by
    /// transports that cannot tell this apart from [`TransportErrorKind::Connect`] (fetch).
    Connection,
    /// No connection could be made (DNS, refused, TLS handshake): the request was provably not
    /// sent, so even operations that spend credits may be retried.
    Connect,
    /// [`HttpRequest::timeout_ms`] expired and the request was aborted.
    Timeout,
    /// The caller's own abort signal fired.
    Aborted,
}

/// A request that produced no HTTP response. `message` is the runtime's own text
/// (e.g. the JS `TypeError` message), never containing the root key.
///
/// On native targets it may also keep the underlying error (reqwest's, with its `io::Error`
/// inside), which [`std::error::Error::source`] returns, on this type and on
/// [`Error`](crate::Error). On wasm32 the cause is a JS value; its text is in `message`.
///
/// ```
/// use unkey_edge::error::{TransportError, TransportErrorKind};
///
/// let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "connection refused");
/// let e = TransportError::new(TransportErrorKind::Connect, "connect failed").with_source(io);
/// let cause = std::error::Error::source(&e).unwrap();
/// assert_eq!(cause.to_string(), "connection refused");
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct TransportError {
    /// What happened.
    pub kind: TransportErrorKind,
    /// The runtime's description.
    pub message: String,
    /// The underlying error, when the transport kept it (native targets only: on wasm32 causes
    /// are JS values, and keeping this out of the npm wasm keeps it small).
    #[cfg(not(target_arch = "wasm32"))]
    source: Option<alloc::sync::Arc<dyn core::error::Error + Send + Sync + 'static>>,
}

impl TransportError {
    /// An error of `kind` described by `message` (which must never contain the root key).
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        TransportError {
            kind,
            message: message.into(),
            #[cfg(not(target_arch = "wasm32"))]
            source: None,
        }
    }

    /// Keeps `cause` as the error's [`source`](core::error::Error::source) (native targets).
    /// Its `Display` and `Debug` output must not contain the root key (a request's headers
    /// never belong in an error).
    #[cfg(not(target_arch = "wasm32"))]
    #[must_use]
    pub fn with_source(
        mut self,
        cause: impl Into<alloc::boxed::Box<dyn core::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        self.source = Some(alloc::sync::Arc::from(cause.into()));
        self
    }

    /// The underlying error, when the transport kept one.
    pub(crate) fn cause(&self) -> Option<&(dyn core::error::Error + 'static)> {
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.source
                .as_deref()
                .map(|e| e as &(dyn core::error::Error + 'static))
        }
        #[cfg(target_arch = "wasm32")]
        {
            None
        }
    }
}

/// Compares `kind` and `message`; the underlying error, if any, is not compared.
impl PartialEq for TransportError {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && self.message == other.message
    }
}

impl Eq for TransportError {}

impl core::fmt::Debug for TransportError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut d = f.debug_struct("TransportError");
        d.field("kind", &self.kind).field("message", &self.message);
        if let Some(cause) = self.cause() {
            // Its `Display`, not its `Debug`: an error type's `Debug` may show more than its text.
            d.field("source", &format_args!("{cause}"));
        }
        d.finish()
    }
}

impl core::fmt::Display for TransportError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

impl core::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        self.cause()
    }
}

/// Sends one request. Futures are `Send` on native targets and `!Send` on wasm32, by design:
/// return-position `impl Future` keeps whatever the implementation has.
pub trait Transport {
    /// How this transport holds request and response bodies.
    type Body: Body;
    /// Send `req` and wait for the complete response (status, headers, body).
    fn send(
        &self,
        req: HttpRequest<Self::Body>,
    ) -> impl Future<Output = Result<HttpResponse<Self::Body>, TransportError>>;
}

/// Time as the engine sees it: a monotonic-enough clock and a sleep.
///
/// On wasm32 this is `Date.now()` and `setTimeout`; natively, `std::time::Instant` and the
/// async runtime's sleep. Kept separate from [`Transport`] so the engine is testable with a fake.
pub trait Timer {
    /// Milliseconds since an arbitrary origin.
    fn now_ms(&self) -> f64;
    /// Resolve after `ms` milliseconds.
    fn sleep(&self, ms: u32) -> impl Future<Output = ()>;
}

#[cfg(test)]
mod tests {
    use super::{MAX_ERROR_BODY, MAX_SUCCESS_BODY, OVERSIZE_BODY};

    /// The JS transport (js/wasm/exchange.js) reads bodies before the wasm sees them, so it
    /// states these caps too: they must be these.
    #[test]
    fn the_js_transport_reads_bodies_to_the_same_caps() {
        let js = include_str!("../../js/wasm/exchange.js");
        for line in [
            format!("const MAX_ERROR_BODY = {MAX_ERROR_BODY};"),
            format!("const MAX_SUCCESS_BODY = {MAX_SUCCESS_BODY};"),
            format!("const OVERSIZE_BODY = \"{OVERSIZE_BODY}\";"),
        ] {
            assert!(
                js.lines().any(|l| l == line),
                "js/wasm/exchange.js lacks `{line}`"
            );
        }
    }
}
