//! The one error type of every call, and the one place that decodes Unkey's error envelope.
//!
//! Business outcomes are not errors: `valid: false` from verifyKey and `success: false` from
//! ratelimit.limit come back as `Ok`. An [`Error`] means the call itself failed.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::schema::validate::push_int;
use crate::schema::{JsonKind, JsonValue};
pub use crate::schema::{ValidationError, ValidationErrorKind};
pub use crate::transport::{TransportError, TransportErrorKind};

/// `Result` with [`Error`] as the default error.
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// Why a call failed.
///
/// Ask with the predicates ([`is_not_found`](Error::is_not_found),
/// [`is_rate_limited`](Error::is_rate_limited), [`is_timeout`](Error::is_timeout),
/// [`is_network`](Error::is_network)…), or match the variants (the enum is `#[non_exhaustive]`).
/// [`kind`](Error::kind) gives the same string as the JS errors' `kind`. `Display` is one line
/// and, like `Debug`, never contains the root key.
///
/// ```no_run
/// # #[cfg(feature = "reqwest")]
/// # async fn run() -> unkey_edge::Result<()> {
/// use unkey_edge::{models::GetKeyRequest, Unkey};
///
/// let unkey = Unkey::new("unkey_root")?;
/// match unkey.keys().get_key(GetKeyRequest::new("key_123")).await {
///     Ok(res) => println!("{:?}", res.data.name),
///     Err(e) if e.is_not_found() => println!("no such key"),
///     Err(e) if e.is_unauthorized() || e.is_forbidden() => eprintln!("check the root key: {e}"),
///     Err(e) if e.is_timeout() || e.is_network() => println!("try again later: {e}"),
///     Err(e) => return Err(e),
/// }
/// # Ok(())
/// # }
/// ```
///
/// An API error carries the server's envelope (built by hand here, as a test double would):
///
/// ```
/// use unkey_edge::{ApiError, Error};
///
/// let mut api = ApiError::default();
/// api.status = 404;
/// api.error_type = "https://unkey.com/docs/errors/unkey/data/key_not_found".into();
/// api.detail = "The requested key was not found.".into();
/// api.request_id = Some("req_1".into());
/// let e = Error::from(api);
/// assert!(e.is_api() && e.is_not_found() && !e.is_retryable());
/// assert_eq!((e.kind(), e.status(), e.request_id()), ("api", Some(404), Some("req_1")));
/// assert_eq!(e.error_type_tail(), Some("unkey/data/key_not_found"));
/// assert_eq!(
///     e.to_string(),
///     "api error 404 (unkey/data/key_not_found): The requested key was not found. [req_1]"
/// );
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-2xx status.
    Api(Box<ApiError>),
    /// No response: connection failure, timeout or abort.
    Transport(TransportError),
    /// A 2xx response whose body is not the JSON envelope the operation promises.
    Decode {
        /// HTTP status.
        status: u16,
        /// `meta.requestId`, when the body had one.
        request_id: Option<String>,
        /// What did not match.
        message: String,
    },
    /// The request failed the schema check; nothing was sent.
    Validation(ValidationError),
    /// The client is misconfigured (missing root key, bad server URL…).
    Config(String),
}

/// A non-2xx response, decoded from Unkey's `{meta, error}` envelope when it is one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// `error.type`, a URL such as `https://unkey.com/docs/errors/unkey/data/key_not_found`
    /// (empty when the body was not an Unkey envelope). See [`ApiError::type_tail`].
    pub error_type: String,
    /// `error.title`.
    pub title: String,
    /// `error.detail`.
    pub detail: String,
    /// `meta.requestId`.
    pub request_id: Option<String>,
    /// `error.errors` (request validation problems on 400).
    pub errors: Vec<ErrorDetail>,
    /// The first KB of the body when it was not an Unkey envelope (a proxy page, plain text…).
    pub body: Option<String>,
}

/// One entry of `error.errors`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorDetail {
    /// Where, e.g. `body.name`.
    pub location: String,
    /// What is wrong.
    pub message: String,
    /// A suggested fix, when the server gives one.
    pub fix: Option<String>,
}

/// Bytes of a non-envelope body kept in [`ApiError::body`].
const BODY_SNIPPET: usize = 1024;

/// `v[key]` as an owned string, when it is one.
pub(crate) fn str_field<J: JsonValue>(v: &J, key: &str) -> Option<String> {
    v.get(key).and_then(|x| x.as_str().map(|s| s.into_owned()))
}

/// `meta.requestId` of an envelope.
pub(crate) fn request_id_of<J: JsonValue>(body: &J) -> Option<String> {
    body.get("meta").and_then(|m| str_field(&m, "requestId"))
}

/// The first `max` bytes of `s`, cut at a character boundary.
pub(crate) fn snippet(s: &str, max: usize) -> String {
    let mut end = s.len().min(max);
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default().to_string()
}

impl ApiError {
    /// Decodes a non-2xx response. `parsed` is the body parsed as JSON, if it was JSON; `raw`
    /// is the body text. Generic over [`JsonValue`], so the wasm build decodes `JsValue`s with
    /// the same code.
    pub fn from_response<J: JsonValue>(status: u16, parsed: Option<&J>, raw: &str) -> ApiError {
        let error = parsed
            .and_then(|p| p.get("error"))
            .filter(|e| e.kind() == JsonKind::Object);
        let Some(error) = error else {
            return ApiError {
                status,
                request_id: parsed.and_then(request_id_of),
                body: Some(snippet(raw, BODY_SNIPPET)),
                ..ApiError::default()
            };
        };
        let mut errors = Vec::new();
        if let Some(list) = error.get("errors") {
            for i in 0..list.len().unwrap_or(0) {
                if let Some(item) = list.item(i) {
                    errors.push(ErrorDetail {
                        location: str_field(&item, "location").unwrap_or_default(),
                        message: str_field(&item, "message").unwrap_or_default(),
                        fix: str_field(&item, "fix"),
                    });
                }
            }
        }
        ApiError {
            status,
            error_type: str_field(&error, "type").unwrap_or_default(),
            title: str_field(&error, "title").unwrap_or_default(),
            detail: str_field(&error, "detail").unwrap_or_default(),
            request_id: parsed.and_then(request_id_of),
            errors,
            body: None,
        }
    }

    /// The last three path segments of [`ApiError::error_type`], e.g. `unkey/data/key_not_found`.
    /// Match on this rather than the full URL: Unkey has moved the URL prefix before.
    pub fn type_tail(&self) -> &str {
        let t = self.error_type.trim_end_matches('/');
        let mut cut = t.len();
        for _ in 0..3 {
            match t.get(..cut).and_then(|head| head.rfind('/')) {
                Some(i) => cut = i,
                None => return t,
            }
        }
        t.get(cut + 1..).unwrap_or(t)
    }
}

impl Error {
    /// HTTP status, for API and decode errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// `meta.requestId` of the failed response, when there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// `"api" | "network" | "timeout" | "aborted" | "decode" | "validation" | "config"`,
    /// the same strings the JS error's `kind` carries.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Api(_) => "api",
            Error::Transport(t) => match t.kind {
                TransportErrorKind::Connection | TransportErrorKind::Connect => "network",
                TransportErrorKind::Timeout => "timeout",
                TransportErrorKind::Aborted => "aborted",
            },
            Error::Decode { .. } => "decode",
            Error::Validation(_) => "validation",
            Error::Config(_) => "config",
        }
    }

    /// The API error's type tail (see [`ApiError::type_tail`]), e.g. `unkey/data/key_not_found`.
    pub fn error_type_tail(&self) -> Option<&str> {
        match self {
            Error::Api(e) if !e.error_type.is_empty() => Some(e.type_tail()),
            _ => None,
        }
    }

    /// The API error details, if this is an API error.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Whether trying again later could succeed: 5xx, 429, 408, connection failures and
    /// timeouts. (Whether the client retries by itself also depends on the operation; see
    /// [`Retries`](crate::Retries).)
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => e.status >= 500 || e.status == 429 || e.status == 408,
            Error::Transport(t) => t.kind != TransportErrorKind::Aborted,
            _ => false,
        }
    }

    /// Whether the call ran out of time (its deadline, or an attempt's timeout on the last
    /// attempt). `kind() == "timeout"`.
    pub fn is_timeout(&self) -> bool {
        self.transport_kind() == Some(TransportErrorKind::Timeout)
    }

    /// Whether no connection could be made (DNS, refused, TLS handshake), so the request was
    /// provably not sent. The native transport tells this apart; `fetch` only where the runtime
    /// says why (Node's `cause.code`), elsewhere a network failure is
    /// [`is_network`](Error::is_network) only.
    pub fn is_connect(&self) -> bool {
        self.transport_kind() == Some(TransportErrorKind::Connect)
    }

    /// Whether the connection failed, before or after sending: what [`is_connect`](Error::is_connect)
    /// covers, plus resets and connections closed without a complete response.
    /// `kind() == "network"`.
    pub fn is_network(&self) -> bool {
        matches!(
            self.transport_kind(),
            Some(TransportErrorKind::Connect | TransportErrorKind::Connection)
        )
    }

    /// Whether the caller's abort signal ended the call (`kind() == "aborted"`).
    pub fn is_aborted(&self) -> bool {
        self.transport_kind() == Some(TransportErrorKind::Aborted)
    }

    /// Whether the server answered with a non-2xx status ([`Error::Api`]; details in
    /// [`as_api`](Error::as_api)). `kind() == "api"`.
    pub fn is_api(&self) -> bool {
        matches!(self, Error::Api(_))
    }

    /// Whether the server answered 404 (no such key, API, identity…).
    pub fn is_not_found(&self) -> bool {
        self.api_status() == Some(404)
    }

    /// Whether the server answered 401: the root key is missing, malformed or unknown.
    pub fn is_unauthorized(&self) -> bool {
        self.api_status() == Some(401)
    }

    /// Whether the server answered 403: the root key lacks a permission for this call.
    pub fn is_forbidden(&self) -> bool {
        self.api_status() == Some(403)
    }

    /// Whether the server answered 429 (the workspace's API rate limit). A rate-limited *key*
    /// is not an error: `verify_key` answers `Ok` with `code: RateLimited`.
    pub fn is_rate_limited(&self) -> bool {
        self.api_status() == Some(429)
    }

    /// Whether the request failed the schema check before anything was sent
    /// ([`Error::Validation`], `kind() == "validation"`). The server's own 400 is an
    /// [`is_api`](Error::is_api) error whose [`ApiError::errors`] list the problems.
    pub fn is_validation(&self) -> bool {
        matches!(self, Error::Validation(_))
    }

    /// Whether a 2xx response's body was not what the operation promises (`kind() == "decode"`).
    pub fn is_decode(&self) -> bool {
        matches!(self, Error::Decode { .. })
    }

    /// Whether the client is misconfigured: no root key, a bad server URL… (`kind() == "config"`).
    pub fn is_config(&self) -> bool {
        matches!(self, Error::Config(_))
    }

    fn transport_kind(&self) -> Option<TransportErrorKind> {
        match self {
            Error::Transport(t) => Some(t.kind),
            _ => None,
        }
    }

    fn api_status(&self) -> Option<u16> {
        self.as_api().map(|e| e.status)
    }
}

/// Appends `s` with line breaks turned into spaces: messages stay on one line.
fn push_line(out: &mut String, s: &str) {
    for c in s.chars() {
        out.push(if c == '\n' || c == '\r' { ' ' } else { c });
    }
}

fn push_status(out: &mut String, status: u16) {
    push_int(out, i64::from(status));
}

impl ApiError {
    /// The one-line message (see `Display`), built without `core::fmt`: the npm wasm calls
    /// this, and formatting machinery costs ~1 KB gzip there.
    fn push_message(&self, out: &mut String) {
        out.push_str("api error ");
        push_status(out, self.status);
        if !self.error_type.is_empty() {
            out.push_str(" (");
            out.push_str(self.type_tail());
            out.push(')');
        }
        let text = if !self.detail.is_empty() {
            &self.detail
        } else {
            &self.title
        };
        if !text.is_empty() {
            out.push_str(": ");
            push_line(out, text);
        } else if let Some(body) = &self.body {
            out.push_str(": ");
            push_line(out, &snippet(body, 120));
        }
        if let Some(e) = self.errors.first() {
            out.push_str("; ");
            out.push_str(&e.location);
            out.push(' ');
            push_line(out, &e.message);
        }
        if let Some(id) = &self.request_id {
            out.push_str(" [");
            out.push_str(id);
            out.push(']');
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.push_message(&mut out);
        f.write_str(&out)
    }
}

impl Error {
    /// The one-line message, as `Display` writes it. Built without `core::fmt` (see
    /// [`ApiError::push_message`]); never contains the root key.
    pub(crate) fn message(&self) -> String {
        let mut out = String::new();
        match self {
            Error::Api(e) => e.push_message(&mut out),
            Error::Transport(t) => {
                out.push_str(match t.kind {
                    TransportErrorKind::Connection | TransportErrorKind::Connect => {
                        "network error: "
                    }
                    TransportErrorKind::Timeout => "request timed out: ",
                    TransportErrorKind::Aborted => "request aborted: ",
                });
                push_line(&mut out, &t.message);
            }
            Error::Decode {
                status, message, ..
            } => {
                out.push_str("could not decode response (status ");
                push_status(&mut out, *status);
                out.push_str("): ");
                push_line(&mut out, message);
            }
            Error::Validation(v) => {
                out.push_str("invalid request: ");
                out.push_str(&v.location);
                out.push(' ');
                out.push_str(&v.kind.message());
            }
            Error::Config(m) => {
                out.push_str("invalid configuration: ");
                out.push_str(m);
            }
        }
        out
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// The source of a transport error is the underlying error when the transport kept one (the
/// native transport keeps reqwest's, whose own source chain reaches the `io::Error`).
impl core::error::Error for Error {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Error::Validation(v) => Some(v),
            Error::Transport(t) => t.cause(),
            _ => None,
        }
    }
}

impl core::error::Error for ApiError {}

impl From<ValidationError> for Error {
    fn from(v: ValidationError) -> Self {
        Error::Validation(v)
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}
