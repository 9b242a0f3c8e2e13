//! The request engine: builds the HTTP request, runs attempts under one deadline, applies the
//! retry policy and classifies the response. Shared by the typed Rust API and the wasm façade.
//!
//! It is generic over the [`Transport`], the [`Timer`] and a JSON hook ([`JsonParse`]) — serde
//! on the host, `JSON.parse` in the wasm — and not over response types: it returns the parsed
//! envelope, so one future serves every operation (see `size-probe.md`).

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::error::{request_id_of, ApiError, Error};
use crate::ops::{Auth, Op};
use crate::retry::{self, Decision, Outcome, Retries, State};
use crate::schema::{JsonKind, JsonValue, Pattern, ValidationError, ValidationErrorKind};
use crate::transport::{
    Body, HttpRequest, HttpResponse, Method, Timer, Transport, TransportError, TransportErrorKind,
};

/// Default server.
pub const DEFAULT_SERVER_URL: &str = "https://api.unkey.com";
/// Default `user-agent`.
pub const DEFAULT_USER_AGENT: &str = concat!("unkey-edge/", env!("CARGO_PKG_VERSION"));

/// Client-wide settings. `Debug` never prints the root key.
#[derive(Clone)]
pub struct Config {
    /// Server URL without a trailing slash, query or fragment, e.g. `https://api.unkey.com`.
    pub server_url: String,
    /// The server URL's query with its `?` (e.g. `?tenant=a`, for a proxy that routes by it),
    /// put on every request URL as `@unkey/api` puts it; empty when there is none.
    query: String,
    /// `Bearer <root key>`.
    authorization: String,
    /// `user-agent` header value.
    pub user_agent: String,
    /// Total time per call (all attempts); `None`: no deadline.
    pub timeout_ms: Option<u32>,
    /// Default retry policy.
    pub retries: Retries,
}

impl Config {
    /// Checks and normalises the settings; the first problem is returned.
    pub fn new(root_key: &str, server_url: &str) -> Result<Config, Error> {
        let authorization = bearer(root_key)?;
        let mut config = Config::keyless(server_url)?;
        config.authorization = authorization;
        Ok(config)
    }

    /// Settings whose requests carry no `authorization` header: the npm client's when its root
    /// key comes from a function, which the façade calls before each call and sends itself.
    /// As in `@unkey/api`, a fragment is not sent and a query goes on every request URL.
    pub(crate) fn keyless(server_url: &str) -> Result<Config, Error> {
        let url = server_url.trim();
        let url = url.split_once('#').map_or(url, |(u, _)| u);
        let (url, query) = url.split_once('?').map_or((url, ""), |(u, q)| (u, q));
        let url = url.trim_end_matches('/');
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        match rest {
            Some(host) if !host.is_empty() && !host.contains(' ') && !query.contains(' ') => {}
            _ => {
                return Err(Error::Config(
                    "server url must be an absolute http(s) url without spaces".into(),
                ))
            }
        }
        Ok(Config {
            server_url: url.to_string(),
            query: if query.is_empty() {
                String::new()
            } else {
                join("?", query)
            },
            authorization: String::new(),
            user_agent: DEFAULT_USER_AGENT.to_string(),
            timeout_ms: Some(retry::DEFAULT_TIMEOUT_MS),
            retries: Retries::default(),
        })
    }
}

/// The `authorization` header value for `root_key` (`Bearer <key>`, trimmed); an error, which
/// never contains the key, when it is empty or has anything but visible ASCII inside (spaces,
/// control characters, or characters a header cannot carry, such as a zero-width space, a BOM
/// or an emoji: refused here rather than failing every call later). A key already written
/// `Bearer <key>` is taken as `<key>`, as `@unkey/api` keeps such a prefix rather than doubling
/// it.
fn bearer(root_key: &str) -> Result<String, Error> {
    let key = root_key.trim();
    // Case-sensitive, as Unkey reads the header: `@unkey/api` keeps a `bearer ` prefix too,
    // which Unkey refuses (400), so such a key is refused here, at once (it has a space).
    let key = key.strip_prefix("Bearer ").unwrap_or(key);
    if key.is_empty() {
        return Err(Error::Config("root key is empty".to_string()));
    }
    if !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::Config(
            "root key must be visible ASCII characters only (no spaces, control characters or \
             characters an HTTP header cannot carry)"
                .into(),
        ));
    }
    Ok(join("Bearer ", key))
}

/// An end user's customer-portal session: the access token `portal.exchangeCode` answered,
/// which the portal's own operations (`portal.listKeys`, `rerollKey`, `getVerifications`) take
/// as the `portal_session` cookie instead of a root key. `Debug` never prints it.
///
/// ```
/// let session = unkey_edge::PortalSession::new("pat_token_from_exchange_code")?;
/// assert_eq!(format!("{session:?}"), "PortalSession(<redacted>)");
/// assert!(unkey_edge::PortalSession::new("two; cookies").is_err());
/// # Ok::<(), unkey_edge::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct PortalSession {
    /// `portal_session=<token>`.
    cookie: String,
}

impl PortalSession {
    /// The session of `access_token` (trimmed).
    ///
    /// # Errors
    /// [`Error::Validation`] at `security.portalSession` when it is empty or not a cookie value
    /// (visible ASCII other than `"` `,` `;` `\`); the error never contains the token.
    pub fn new(access_token: &str) -> Result<PortalSession, Error> {
        let token = access_token.trim();
        let kind = if token.is_empty() {
            ValidationErrorKind::Missing
        } else if !Pattern::CookieValue.matches(token) {
            ValidationErrorKind::Pattern(Pattern::CookieValue)
        } else {
            return Ok(PortalSession {
                cookie: join("portal_session=", token),
            });
        };
        Err(Error::Validation(ValidationError {
            location: "security.portalSession".to_string(),
            kind,
        }))
    }

    /// The `cookie` header value (for the JS façade, which sends it on the route itself).
    #[cfg(npm)]
    pub(crate) fn into_cookie(self) -> String {
        self.cookie
    }
}

impl fmt::Debug for PortalSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PortalSession(<redacted>)")
    }
}

/// The longest wait a JS timer takes (2^31 - 1 ms, about 24.8 days): `setTimeout` fires at
/// once for anything longer. Attempt timeouts and pauses are capped at it, so a `timeoutMs` of
/// a month is a long deadline everywhere rather than an instant timeout in JS.
pub const MAX_TIMER_MS: u32 = 2_147_483_647;

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("server_url", &self.server_url)
            .field("root_key", &"<redacted>")
            .field("user_agent", &self.user_agent)
            .field("timeout_ms", &self.timeout_ms)
            .field("retries", &self.retries)
            .finish()
    }
}

/// Per-call overrides of the client's settings.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[non_exhaustive]
pub struct CallOptions {
    /// Total time for this call, all attempts included (ms). `Some(0)` disables the deadline.
    pub timeout_ms: Option<u32>,
    /// Retry policy for this call.
    pub retries: Option<Retries>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }
    /// Overrides the total time of the call (ms); `0` disables the deadline.
    #[must_use]
    pub fn timeout_ms(mut self, ms: u32) -> Self {
        self.timeout_ms = Some(ms);
        self
    }
    /// Overrides the retry policy.
    #[must_use]
    pub fn retries(mut self, retries: Retries) -> Self {
        self.retries = Some(retries);
        self
    }
}

/// The JSON hook: how a body `B` (the transport's [`Body`]) is parsed and how the parsed value
/// is inspected.
pub trait JsonParse<B> {
    /// A parsed body.
    type Owned;
    /// Parses `body`; `None` if it is not JSON.
    fn parse(&self, body: &B) -> Option<Self::Owned>;
    /// Decodes an error body (see [`ApiError::from_response`]).
    fn api_error(&self, status: u16, parsed: Option<&Self::Owned>, raw: &B) -> ApiError;
    /// Checks a success envelope (see [`check_envelope`]) and returns `meta.requestId`.
    fn envelope(&self, parsed: &Self::Owned, needs_data: bool) -> Result<String, String>;
    /// `meta.requestId` of a body that failed [`JsonParse::envelope`], for the decode error.
    fn request_id(&self, parsed: &Self::Owned) -> Option<String>;
}

/// Checks the success envelope: an object with `meta.requestId` (a string) and, unless the
/// operation has none (identities.deleteIdentity), a `data` member that is an object or an
/// array (every operation's is one of the two; a `null` or a string would make a caller's
/// `res.data.valid` throw, or read as a verdict it is not).
pub fn check_envelope<J: JsonValue>(body: &J, needs_data: bool) -> Result<String, String> {
    if body.kind() != JsonKind::Object {
        return Err("body is not a JSON object".to_string());
    }
    let request_id = request_id_of(body).ok_or_else(|| "meta.requestId is missing".to_string())?;
    if needs_data {
        match body.get("data").map(|d| d.kind()) {
            None => return Err("data is missing".to_string()),
            Some(JsonKind::Object | JsonKind::Array) => {}
            Some(_) => return Err("data is not an object or an array".to_string()),
        }
    }
    Ok(request_id)
}

/// [`JsonParse`] with `serde_json` (the host).
#[derive(Debug, Clone, Copy, Default)]
pub struct SerdeJson;

impl<B: Body> JsonParse<B> for SerdeJson {
    type Owned = serde_json::Value;
    fn parse(&self, body: &B) -> Option<serde_json::Value> {
        serde_json::from_str(&body.text()).ok()
    }
    fn api_error(&self, status: u16, parsed: Option<&serde_json::Value>, raw: &B) -> ApiError {
        ApiError::from_response(status, parsed.as_ref(), &raw.text())
    }
    fn envelope(&self, parsed: &serde_json::Value, needs_data: bool) -> Result<String, String> {
        check_envelope(&parsed, needs_data)
    }
    fn request_id(&self, parsed: &serde_json::Value) -> Option<String> {
        request_id_of(&parsed)
    }
}

/// A successful (2xx) response whose body is a well-formed envelope.
#[derive(Debug, Clone)]
pub struct Success<O> {
    /// HTTP status.
    pub status: u16,
    /// `meta.requestId`.
    pub request_id: String,
    /// The whole parsed envelope (`{meta, data, pagination?}`).
    pub body: O,
}

/// Configuration + transport + timer: everything needed to run calls.
#[derive(Debug)]
pub struct Engine<T, C> {
    /// Settings.
    pub config: Config,
    /// Moves bytes.
    pub transport: T,
    /// Tells time.
    pub timer: C,
}

/// `a + b`; `[a, b].concat()` costs 0.35 KB of wasm.
fn join(a: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + b.len());
    s.push_str(a);
    s.push_str(b);
    s
}

/// splitmix64 over the current time and attempt number: jitter without a random source.
fn jitter(now_ms: f64, attempt: u32) -> f64 {
    let mut z = now_ms.to_bits() ^ (u64::from(attempt).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

impl<T: Transport, C: Timer> Engine<T, C> {
    /// The HTTP request of one attempt of `op`: with the root key, or for an operation of the
    /// portal session ([`Auth::Session`]) with `session`'s cookie and never the root key.
    pub(crate) fn request(
        &self,
        op: &Op,
        session: Option<&PortalSession>,
        body: Option<&T::Body>,
        timeout_ms: Option<u32>,
    ) -> HttpRequest<T::Body> {
        let mut headers: Vec<(&'static str, String)> = Vec::with_capacity(4);
        match (op.auth, session) {
            (Auth::Root, _) if !self.config.authorization.is_empty() => {
                headers.push(("authorization", self.config.authorization.clone()));
            }
            (Auth::Session, Some(session)) => headers.push(("cookie", session.cookie.clone())),
            _ => {}
        }
        headers.push(("accept", "application/json".to_string()));
        if op.method == Method::Post {
            headers.push(("content-type", "application/json".to_string()));
        }
        headers.push(("user-agent", self.config.user_agent.clone()));
        HttpRequest {
            method: op.method,
            url: join(&join(&self.config.server_url, op.path), &self.config.query),
            headers,
            body: body.cloned(),
            timeout_ms,
        }
    }

    /// Runs `op` with an already validated, JSON-encoded `body` (`None` for `GET`): the
    /// attempt loop over [`Attempts`] and [`classify`], awaiting the transport and the timer.
    ///
    /// `session` authenticates an operation of the portal session ([`Auth::Session`]).
    ///
    /// # Errors
    /// [`Error::Api`] for a non-2xx response, [`Error::Transport`] when no response arrived in
    /// time, [`Error::Decode`] for a 2xx body that is not the envelope.
    pub async fn call<P: JsonParse<T::Body>>(
        &self,
        parser: &P,
        op: &Op,
        session: Option<&PortalSession>,
        body: Option<T::Body>,
        opts: &CallOptions,
    ) -> Result<Success<P::Owned>, Error> {
        let mut attempts = Attempts::new(&self.config, opts, self.timer.now_ms());
        loop {
            let timeout = attempts.next(self.timer.now_ms())?;
            let result = self
                .transport
                .send(self.request(op, session, body.as_ref(), timeout))
                .await;
            let ms = match classify(parser, op, result) {
                Attempt::Done(done) => return done,
                Attempt::Failed(error, retry_after) => {
                    attempts.after(op, error, retry_after.as_deref(), self.timer.now_ms())?
                }
            };
            if ms > 0 {
                self.timer.sleep(ms).await;
            }
        }
    }
}

/// One call's attempt bookkeeping: its retry policy, deadline and attempt count. The async
/// [`Engine::call`] and the wasm façade's synchronous steps (`src/js/client.rs`) both drive
/// calls through it, so the deadline and retry rules live here and in [`retry`] only.
#[derive(Debug, Clone, Copy)]
pub struct Attempts {
    retries: Retries,
    start: f64,
    deadline: Option<f64>,
    attempts: u32,
}

impl Attempts {
    /// A call starting at `now` (ms) with `opts` over the client's `config`.
    pub fn new(config: &Config, opts: &CallOptions, now: f64) -> Self {
        let timeout = match opts.timeout_ms {
            Some(0) => None,
            Some(ms) => Some(ms),
            None => config.timeout_ms,
        };
        Attempts {
            retries: opts.retries.unwrap_or(config.retries),
            start: now,
            deadline: timeout.map(|ms| now + f64::from(ms)),
            attempts: 0,
        }
    }

    /// Starts the next attempt at `now`: its timeout (the time left before the deadline,
    /// `None` without one).
    ///
    /// # Errors
    /// A [`TransportErrorKind::Timeout`] error when the deadline has passed.
    pub fn next(&mut self, now: f64) -> Result<Option<u32>, Error> {
        let timeout = match self.deadline.map(|d| d - now) {
            Some(left) if left < 1.0 => {
                // Only reachable after a pause overshot the deadline.
                return Err(Error::Transport(TransportError::new(
                    TransportErrorKind::Timeout,
                    "deadline reached before the next attempt",
                )));
            }
            Some(left) => Some(left.ceil().min(f64::from(MAX_TIMER_MS)) as u32),
            None => None,
        };
        self.attempts += 1;
        Ok(timeout)
    }

    /// After the attempt failed with `error` at `now`: the pause (ms) before the next attempt,
    /// as [`retry::decide`] rules.
    ///
    /// # Errors
    /// `error` itself when the call stops here.
    pub fn after(
        &self,
        op: &Op,
        error: Error,
        retry_after: Option<&str>,
        now: f64,
    ) -> Result<u32, Error> {
        let outcome = match &error {
            Error::Api(api) => Outcome::Status {
                status: api.status,
                retry_after,
            },
            Error::Transport(t) => match t.kind {
                TransportErrorKind::Connection => Outcome::Connection,
                TransportErrorKind::Connect => Outcome::Connect,
                TransportErrorKind::Timeout => Outcome::Timeout,
                TransportErrorKind::Aborted => Outcome::Aborted,
            },
            _ => Outcome::Aborted,
        };
        let state = State {
            class: op.retry,
            attempts: self.attempts,
            outcome,
            elapsed_ms: now - self.start,
            remaining_ms: self.deadline.map(|d| d - now),
            jitter: jitter(now, self.attempts),
        };
        match retry::decide(&self.retries, &state) {
            Decision::Stop => Err(error),
            Decision::RetryAfter(ms) => Ok(ms.min(MAX_TIMER_MS)),
        }
    }
}

/// The error for a response that is not a final answer: a redirect (3xx, or a browser's opaque
/// redirect, status 0) or a 1xx.
fn redirect_error(status: u16) -> ApiError {
    ApiError {
        status,
        detail: "redirect not followed: the Unkey API never redirects (check the server URL)"
            .to_string(),
        ..ApiError::default()
    }
}

/// What one attempt came to.
#[derive(Debug)]
pub enum Attempt<O> {
    /// The call is over: a success, or an error no retry can fix (a bad 2xx body).
    Done(Result<Success<O>, Error>),
    /// A retry may help: the error, and the response's `retry-after` header.
    Failed(Error, Option<String>),
}

/// Classifies one attempt's `result`: a 2xx envelope (or a decode error), an API error, or a
/// transport error.
pub fn classify<B, P: JsonParse<B>>(
    parser: &P,
    op: &Op,
    result: Result<HttpResponse<B>, TransportError>,
) -> Attempt<P::Owned> {
    match result {
        Ok(resp) if (200..300).contains(&resp.status) => {
            let Some(parsed) = parser.parse(&resp.body) else {
                return Attempt::Done(Err(Error::Decode {
                    status: resp.status,
                    request_id: None,
                    message: "response body is not JSON".to_string(),
                }));
            };
            Attempt::Done(match parser.envelope(&parsed, op.data.is_some()) {
                Ok(request_id) => Ok(Success {
                    status: resp.status,
                    request_id,
                    body: parsed,
                }),
                Err(message) => Err(Error::Decode {
                    status: resp.status,
                    request_id: parser.request_id(&parsed),
                    message,
                }),
            })
        }
        // Unkey never redirects an API call, and following one would re-send the root key and
        // the request (an at-most-once one too) wherever it points. Transports never follow
        // redirects; a browser's opaque redirect arrives as status 0.
        Ok(resp) if resp.status < 200 || (300..400).contains(&resp.status) => {
            Attempt::Done(Err(Error::from(redirect_error(resp.status))))
        }
        Ok(resp) => {
            let parsed = parser.parse(&resp.body);
            let api = parser.api_error(resp.status, parsed.as_ref(), &resp.body);
            Attempt::Failed(Error::from(api), resp.retry_after)
        }
        Err(te) => Attempt::Failed(Error::Transport(te), None),
    }
}
