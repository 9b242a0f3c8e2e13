//! The typed Rust client: [`Unkey`], its builder and the request path shared by every method.

use alloc::string::{String, ToString};
use alloc::sync::Arc;
use core::fmt;
use core::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;

use std::sync::Mutex;

use crate::cache::{wall_ms, CacheOptions, Lookup, VerifyCache};
use crate::engine::{
    CallOptions, Config, Engine, PortalSession, SerdeJson, Success, DEFAULT_SERVER_URL,
};
use crate::error::{request_id_of, Error, Result};
use crate::models::{LivenessData, Meta, Pagination, Response};
use crate::ops::{self, Op};
use crate::retry::Retries;
use crate::schema::validate;
use crate::transport::{Body, Timer, Transport};

/// The Unkey v2 client. Cheap to clone (an `Arc`); `Debug` never shows the root key.
///
/// With feature `reqwest` (native targets), `Unkey::new(root_key)` gives a client on reqwest and
/// tokio; with feature `gloo` on wasm32 (outside workers-rs), one on gloo-net; elsewhere, pass a
/// transport and timer to [`ClientBuilder::build_with`].
///
/// ```no_run
/// # #[cfg(feature = "reqwest")]
/// # async fn run() -> unkey_edge::Result<()> {
/// use unkey_edge::{models::VerifyKeyRequest, Unkey};
///
/// let unkey = Unkey::new("unkey_root_key")?;
/// let res = unkey.keys().verify_key(VerifyKeyRequest::new("sk_123")).await?;
/// if !res.data.valid {
///     println!("rejected: {:?}", res.data.code);
/// }
/// # Ok(())
/// # }
/// ```
pub struct Unkey<T, C> {
    inner: Arc<Engine<T, C>>,
    /// The verification cache ([`ClientBuilder::cache`]), shared by clones.
    cache: Option<Arc<Mutex<VerifyCache>>>,
}

impl<T, C> Clone for Unkey<T, C> {
    fn clone(&self) -> Self {
        Unkey {
            inner: Arc::clone(&self.inner),
            cache: self.cache.clone(),
        }
    }
}

impl<T, C> fmt::Debug for Unkey<T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Unkey")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// The client on the native transport (feature `reqwest`).
#[cfg(all(feature = "reqwest", not(target_arch = "wasm32")))]
pub type Client =
    Unkey<crate::transport::reqwest::ReqwestTransport, crate::transport::reqwest::TokioTimer>;

/// The client on gloo-net and the host's timers (feature `gloo`, wasm32 outside workers-rs):
/// browsers, Workers, Node and Deno.
#[cfg(all(feature = "gloo", target_arch = "wasm32", not(feature = "worker")))]
pub type Client = Unkey<crate::transport::gloo::GlooTransport, crate::transport::fetch::JsTimer>;

#[cfg(any(
    all(feature = "reqwest", not(target_arch = "wasm32")),
    all(feature = "gloo", target_arch = "wasm32", not(feature = "worker"))
))]
impl Client {
    /// A client for `https://api.unkey.com` with the default timeout (5 s) and retries.
    /// Nothing is sent until the first call. Build one per process and clone it (cheap: an
    /// `Arc`), so calls share the connection pool.
    ///
    /// ```
    /// # #[cfg(feature = "reqwest")]
    /// # {
    /// let unkey = unkey_edge::Unkey::new("unkey_root")?;
    /// let for_a_task = unkey.clone();
    /// assert!(unkey_edge::Unkey::new("").unwrap_err().is_config());
    /// # }
    /// # Ok::<(), unkey_edge::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Config`] for an empty root key or when the HTTP client cannot start.
    pub fn new(root_key: impl Into<String>) -> Result<Self> {
        ClientBuilder::new().root_key(root_key).build()
    }

    /// A builder for the other settings.
    ///
    /// ```
    /// # #[cfg(feature = "reqwest")]
    /// # fn run() -> unkey_edge::Result<()> {
    /// use std::time::Duration;
    /// use unkey_edge::{Retries, Unkey};
    ///
    /// let unkey = Unkey::builder()
    ///     .root_key("unkey_root")
    ///     .server_url("http://127.0.0.1:8787") // e.g. unkey-local; default https://api.unkey.com
    ///     .timeout(Duration::from_secs(2)) // all attempts of a call together
    ///     .retries(Retries::attempts(2))
    ///     .user_agent("my-service/1.0")
    ///     .build()?;
    /// assert_eq!(unkey.config().server_url, "http://127.0.0.1:8787");
    /// assert!(!format!("{unkey:?}").contains("unkey_root"));
    ///
    /// // Settings are checked when built; the first problem is the error.
    /// let err = Unkey::builder().server_url("http://127.0.0.1:8787").build().unwrap_err();
    /// assert!(err.is_config());
    /// # Ok(())
    /// # }
    /// # #[cfg(feature = "reqwest")]
    /// # run().unwrap();
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }
}

#[cfg(all(feature = "reqwest", not(target_arch = "wasm32")))]
impl Client {
    /// A client from the environment: the root key from `UNKEY_ROOT_KEY` and, when set and not
    /// empty, the server from `UNKEY_SERVER_URL`; default timeout and retries. For other settings
    /// start from [`ClientBuilder::from_env`].
    ///
    /// ```
    /// # std::env::set_var("UNKEY_ROOT_KEY", "unkey_root");
    /// # #[cfg(feature = "reqwest")]
    /// # {
    /// // UNKEY_ROOT_KEY=unkey_… (and optionally UNKEY_SERVER_URL=http://127.0.0.1:8787)
    /// let unkey = unkey_edge::Unkey::from_env()?;
    /// # }
    /// # Ok::<(), unkey_edge::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Config`] when `UNKEY_ROOT_KEY` is not set (the message names the variable, never
    /// a value) or a setting is unusable.
    pub fn from_env() -> Result<Self> {
        ClientBuilder::from_env().build()
    }
}

impl<T: Transport, C: Timer> Unkey<T, C> {
    /// The client's settings.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Not part of the stable API: the engine, for callers that send pre-encoded bodies (the
    /// wasm façade, the workers-rs glue).
    #[doc(hidden)]
    pub fn engine(&self) -> &Engine<T, C> {
        &self.inner
    }

    /// `keys.*` operations.
    pub fn keys(&self) -> crate::api::Keys<'_, T, C> {
        crate::api::Keys::new(self)
    }
    /// `apis.*` operations.
    pub fn apis(&self) -> crate::api::Apis<'_, T, C> {
        crate::api::Apis::new(self)
    }
    /// `portal.*` operations (sessions of the customer portal).
    pub fn portal(&self) -> crate::api::Portal<'_, T, C> {
        crate::api::Portal::new(self)
    }
    /// `analytics.*` operations.
    pub fn analytics(&self) -> crate::api::Analytics<'_, T, C> {
        crate::api::Analytics::new(self)
    }
    /// `ratelimit.*` operations.
    pub fn ratelimit(&self) -> crate::api::Ratelimit<'_, T, C> {
        crate::api::Ratelimit::new(self)
    }
    /// `identities.*` operations.
    pub fn identities(&self) -> crate::api::Identities<'_, T, C> {
        crate::api::Identities::new(self)
    }
    /// `permissions.*` operations.
    pub fn permissions(&self) -> crate::api::Permissions<'_, T, C> {
        crate::api::Permissions::new(self)
    }

    /// `GET /v2/liveness`: whether the API is up.
    ///
    /// # Errors
    /// See [`Error`].
    pub async fn liveness(&self) -> Result<Response<LivenessData>> {
        self.liveness_with(&CallOptions::default()).await
    }

    /// [`Unkey::liveness`] with per-call options.
    ///
    /// # Errors
    /// See [`Error`].
    pub async fn liveness_with(&self, opts: &CallOptions) -> Result<Response<LivenessData>> {
        self.run::<(), _>(&ops::LIVENESS, None, None, opts).await
    }

    /// Validates, sends and decodes one operation: the path every typed method takes.
    pub(crate) async fn run<Req, D>(
        &self,
        op: &'static Op,
        session: Option<&PortalSession>,
        req: Option<&Req>,
        opts: &CallOptions,
    ) -> Result<Response<D>>
    where
        Req: Serialize,
        D: DeserializeOwned,
    {
        let text = match (op.request, req) {
            (Some(shape), Some(req)) => {
                let value = serde_json::to_value(req)
                    .map_err(|e| Error::Config(format!("cannot encode the request: {e}")))?;
                validate(shape, &&value)?;
                Some(value.to_string())
            }
            _ => None,
        };
        let ok = self.send(op, session, text, opts, true).await?;
        decode(op, ok.status, ok.request_id, ok.body)
    }

    /// Sends one call of `op` with the JSON `text` (already valid) and returns its success
    /// envelope: the one path of every call, the typed methods' and the workers-rs guard's.
    ///
    /// With the verification cache on ([`ClientBuilder::cache`], see [`crate::cache`]) and
    /// `use_cache`, a verifyKey answer the cache holds is returned without a request; a miss is
    /// sent and its answer offered to the cache; of a stale answer's readers, the first
    /// refreshes it (and waits for that; should the refresh fail, it is served the stale answer
    /// too), the others are served the stale answer meanwhile.
    /// Concurrent identical misses wait for the first (looking again every [`JOIN_POLL_MS`],
    /// for up to [`JOIN_WAITS`] times): one request for all. However a call
    /// ends, what its operation may have changed is dropped from the cache (a failed write may
    /// still have been applied).
    pub(crate) async fn send(
        &self,
        op: &'static Op,
        session: Option<&PortalSession>,
        text: Option<String>,
        opts: &CallOptions,
        use_cache: bool,
    ) -> Result<Success<serde_json::Value>> {
        let Some(cache) = &self.cache else {
            let body = text.map(T::Body::from_text);
            return self.inner.call(&SerdeJson, op, session, body, opts).await;
        };
        let verify = use_cache && op.path == crate::ops::VERIFY_KEY.path;
        let mut waits = 0;
        // The stale answer this call refreshes: still served if the refresh fails.
        let mut stale = None;
        let ticket = loop {
            let (true, Some(request)) = (verify, text.as_deref()) else {
                break None;
            };
            match cache.lock() {
                Ok(mut c) => match c.lookup(request, wall_ms()) {
                    Lookup::Fresh(answer) | Lookup::Stale(answer, None) => {
                        return cached_success(answer);
                    }
                    Lookup::Stale(answer, Some(t)) => {
                        stale = Some(String::from(answer));
                        break Some(t);
                    }
                    Lookup::Lead(t) => break Some(t),
                    Lookup::Join(_) if waits < JOIN_WAITS => {}
                    Lookup::Join(_) | Lookup::Pass => break None,
                },
                _ => break None,
            }
            // The same request is in flight: look again shortly (the lock is released), and
            // take its answer once it is cached; if it spent or failed, send this one.
            waits += 1;
            self.inner.timer.sleep(JOIN_POLL_MS).await;
        };
        // What the call may change, read from the request before it is sent.
        let touched = crate::cache::touched(op.cache, text.as_deref());
        let body = text.map(T::Body::from_text);
        let result = self.inner.call(&SerdeJson, op, session, body, opts).await;
        if let Ok(mut c) = cache.lock() {
            if let Some(t) = ticket {
                let answer = result.as_ref().ok().map(|ok| ok.body.to_string());
                c.settle(t, answer.as_deref(), wall_ms());
            }
            c.forget(touched);
        }
        match (result, stale) {
            (Err(_), Some(answer)) => cached_success(&answer),
            (result, _) => result,
        }
    }

    /// This client with a verification cache of its own (see [`ClientBuilder::cache`]), e.g. for
    /// a client made by `Unkey::from_env` in a Worker. Clones made afterwards share it.
    #[must_use]
    pub fn with_cache(mut self, options: CacheOptions) -> Self {
        self.cache = Some(Arc::new(Mutex::new(VerifyCache::new(options))));
        self
    }

    /// Drops every cached verification of a key, given as the key itself or as its key id (a
    /// no-op without [`ClientBuilder::cache`]). Changes made through this client do this
    /// themselves.
    pub fn invalidate_cached(&self, key_or_key_id: &str) {
        if let Some(Ok(mut c)) = self.cache.as_ref().map(|c| c.lock()) {
            c.invalidate(key_or_key_id);
        }
    }

    /// Drops every cached verification (a no-op without [`ClientBuilder::cache`]).
    pub fn clear_cache(&self) {
        if let Some(Ok(mut c)) = self.cache.as_ref().map(|c| c.lock()) {
            c.clear();
        }
    }
}

/// How often a verification waiting for an identical one in flight looks again (ms).
const JOIN_POLL_MS: u32 = 5;
/// How many times it looks before sending its own (2 s).
const JOIN_WAITS: u32 = 400;

/// A cached answer (the JSON text of a success envelope) as the engine's success.
fn cached_success(answer: &str) -> Result<Success<serde_json::Value>> {
    let body: serde_json::Value = serde_json::from_str(answer).map_err(|e| Error::Decode {
        status: 200,
        request_id: None,
        message: format!("cached answer: {e}"),
    })?;
    Ok(Success {
        status: 200,
        request_id: request_id_of(&&body).unwrap_or_default(),
        body,
    })
}

/// Splits the envelope and deserializes `data`.
fn decode<D: DeserializeOwned>(
    op: &Op,
    status: u16,
    request_id: String,
    body: serde_json::Value,
) -> Result<Response<D>> {
    let serde_json::Value::Object(mut map) = body else {
        return Err(Error::Decode {
            status,
            request_id: Some(request_id),
            message: "not an object".into(),
        });
    };
    let fail = |what: &str, e: serde_json::Error| Error::Decode {
        status,
        request_id: Some(request_id.clone()),
        message: format!("{what}: {e}"),
    };
    let data = match map.remove("data") {
        Some(d) => d,
        // Only operations without `data` get here (the engine checked the others).
        None if op.data.is_none() => serde_json::Value::Object(serde_json::Map::new()),
        None => serde_json::Value::Null,
    };
    let data: D = serde_json::from_value(data).map_err(|e| fail("data", e))?;
    let pagination = match map.remove("pagination") {
        Some(p) if !p.is_null() => {
            Some(serde_json::from_value::<Pagination>(p).map_err(|e| fail("pagination", e))?)
        }
        _ => None,
    };
    Ok(Response::new(Meta { request_id }, data, pagination))
}

/// Settings for an [`Unkey`] client; `build()` / [`build_with`](ClientBuilder::build_with) report
/// the first problem.
#[derive(Clone)]
pub struct ClientBuilder {
    root_key: Option<String>,
    server_url: String,
    timeout_ms: Option<Option<u32>>,
    retries: Option<Retries>,
    user_agent: Option<String>,
    cache: Option<CacheOptions>,
    error: Option<Error>,
    /// `from_env` looked for the root key and found none.
    key_from_env: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("root_key", &self.root_key.as_ref().map(|_| "<redacted>"))
            .field("server_url", &self.server_url)
            .field("timeout_ms", &self.timeout_ms)
            .field("retries", &self.retries)
            .field("cache", &self.cache)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientBuilder {
    /// Defaults: `https://api.unkey.com`, 5 s per call, 3 attempts.
    pub fn new() -> Self {
        ClientBuilder {
            root_key: None,
            server_url: DEFAULT_SERVER_URL.to_string(),
            timeout_ms: None,
            retries: None,
            user_agent: None,
            cache: None,
            error: None,
            key_from_env: false,
        }
    }

    /// A builder with the root key from the `UNKEY_ROOT_KEY` environment variable and, when it
    /// is set and not empty, the server from `UNKEY_SERVER_URL` (native targets; in a Worker use
    /// `Unkey::from_env(&env)` of feature `worker`). A missing `UNKEY_ROOT_KEY` is reported by
    /// `build()`.
    ///
    /// ```
    /// # std::env::set_var("UNKEY_ROOT_KEY", "unkey_root");
    /// # #[cfg(feature = "reqwest")]
    /// # {
    /// use std::time::Duration;
    ///
    /// let unkey = unkey_edge::ClientBuilder::from_env().timeout(Duration::from_secs(1)).build()?;
    /// # }
    /// # Ok::<(), unkey_edge::Error>(())
    /// ```
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_env() -> Self {
        use std::env::{var, VarError};
        let mut builder = ClientBuilder::new();
        match var("UNKEY_ROOT_KEY") {
            Ok(key) => builder = builder.root_key(key),
            // Reported by `build()` unless a root key is set meanwhile.
            Err(VarError::NotPresent) => builder.key_from_env = true,
            Err(VarError::NotUnicode(_)) => {
                builder.fail("the UNKEY_ROOT_KEY environment variable is not valid unicode");
            }
        }
        match var("UNKEY_SERVER_URL") {
            Ok(url) if !url.trim().is_empty() => builder = builder.server_url(url),
            Ok(_) | Err(VarError::NotPresent) => {}
            Err(VarError::NotUnicode(_)) => {
                builder.fail("the UNKEY_SERVER_URL environment variable is not valid unicode");
            }
        }
        builder
    }

    fn fail(&mut self, message: &str) {
        if self.error.is_none() {
            self.error = Some(Error::Config(message.to_string()));
        }
    }

    /// The root key (`unkey_…`), sent as `Authorization: Bearer`.
    #[must_use]
    pub fn root_key(mut self, key: impl Into<String>) -> Self {
        self.root_key = Some(key.into());
        self
    }

    /// Another server, e.g. unkey-local's `http://127.0.0.1:PORT`, or a proxy's
    /// `https://proxy.internal/unkey?tenant=a`: requests go under its path, with its query (a
    /// fragment is not sent).
    #[must_use]
    pub fn server_url(mut self, url: impl Into<String>) -> Self {
        self.server_url = url.into();
        self
    }

    /// Total time per call, all attempts and pauses included.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        match u32::try_from(timeout.as_millis()) {
            Ok(0) => self.fail("timeout must be at least 1 ms (use no_timeout to disable it)"),
            Ok(ms) => self.timeout_ms = Some(Some(ms)),
            Err(_) => self.fail("timeout is too large"),
        }
        self
    }

    /// No deadline: attempts still end on the transport's own limits.
    #[must_use]
    pub fn no_timeout(mut self) -> Self {
        self.timeout_ms = Some(None);
        self
    }

    /// Retry policy for every call (per-call options can override it).
    #[must_use]
    pub fn retries(mut self, retries: Retries) -> Self {
        if let Retries::Backoff(b) = &retries {
            if b.max_attempts == 0 {
                self.fail("retries: max_attempts must be at least 1");
            }
            if !(b.exponent.is_finite() && b.exponent >= 1.0) {
                self.fail("retries: exponent must be a finite number >= 1");
            }
        }
        self.retries = Some(retries);
        self
    }

    /// Turns on the verification cache (off by default): `keys().verify_key` answers that
    /// spend nothing are kept and reused, as [`crate::cache`] says. A key revoked elsewhere is
    /// refused within [`CacheOptions::revocation_lag_ms`]; changes made through this client
    /// apply at once.
    ///
    /// ```
    /// use unkey_edge::{CacheOptions, ClientBuilder};
    /// let builder = ClientBuilder::new().root_key("unkey_root").cache(CacheOptions::default().ttl_ms(30_000));
    /// ```
    #[must_use]
    pub fn cache(mut self, options: CacheOptions) -> Self {
        self.cache = Some(options);
        self
    }

    /// `user-agent` header (default `unkey-edge/<version>`).
    #[must_use]
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        let ua = ua.into();
        if ua.is_empty() || ua.chars().any(|c| c.is_control() || !c.is_ascii()) {
            self.fail("user agent must be non-empty printable ascii");
        }
        self.user_agent = Some(ua);
        self
    }

    fn config(self) -> Result<Config> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let Some(key) = self.root_key else {
            return Err(Error::Config(if self.key_from_env {
                "root key is missing: the UNKEY_ROOT_KEY environment variable is not set".into()
            } else {
                "root key is missing".to_string()
            }));
        };
        let mut config = Config::new(&key, &self.server_url)?;
        if let Some(t) = self.timeout_ms {
            config.timeout_ms = t;
        }
        if let Some(r) = self.retries {
            config.retries = r;
        }
        if let Some(ua) = self.user_agent {
            config.user_agent = ua;
        }
        Ok(config)
    }

    /// Builds a client on the given transport and timer: another HTTP stack, or a fake in
    /// tests. (With feature `reqwest`, `build` picks reqwest and tokio;
    /// on wasm32, `transport::fetch::FetchTransport` and `JsTimer` use the global `fetch`.)
    ///
    /// ```
    /// use std::future::Future;
    /// use unkey_edge::transport::{HttpRequest, HttpResponse, Timer, Transport, TransportError};
    /// use unkey_edge::{models::VerifyKeyRequest, ClientBuilder};
    ///
    /// /// Answers every call with the same body.
    /// struct Canned(&'static str);
    ///
    /// impl Transport for Canned {
    ///     type Body = String;
    ///     fn send(
    ///         &self,
    ///         req: HttpRequest,
    ///     ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
    ///         assert!(req.url.ends_with("/v2/keys.verifyKey"));
    ///         let mut res = HttpResponse::default();
    ///         res.status = 200;
    ///         res.body = self.0.to_string();
    ///         std::future::ready(Ok(res))
    ///     }
    /// }
    ///
    /// struct NoWait;
    ///
    /// impl Timer for NoWait {
    ///     fn now_ms(&self) -> f64 {
    ///         0.0
    ///     }
    ///     fn sleep(&self, _ms: u32) -> impl Future<Output = ()> {
    ///         std::future::ready(())
    ///     }
    /// }
    ///
    /// let body = r#"{"meta":{"requestId":"req_1"},"data":{"valid":false,"code":"NOT_FOUND"}}"#;
    /// let unkey = ClientBuilder::new().root_key("unkey_root").build_with(Canned(body), NoWait)?;
    /// # #[cfg(not(target_arch = "wasm32"))]
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let res = unkey.keys().verify_key(VerifyKeyRequest::new("sk_123")).await?;
    /// assert!(!res.data.valid);
    /// assert_eq!(res.meta.request_id, "req_1");
    /// # Ok::<(), unkey_edge::Error>(())
    /// # })?;
    /// # Ok::<(), unkey_edge::Error>(())
    /// ```
    ///
    /// # Errors
    /// The first configuration problem, as [`Error::Config`].
    pub fn build_with<T: Transport, C: Timer>(self, transport: T, timer: C) -> Result<Unkey<T, C>> {
        let cache = self.cache;
        let config = self.config()?;
        Ok(Unkey {
            inner: Arc::new(Engine {
                config,
                transport,
                timer,
            }),
            cache: cache.map(|o| Arc::new(Mutex::new(VerifyCache::new(o)))),
        })
    }

    /// Builds a client on gloo-net (the global `fetch`) and the host's `setTimeout`.
    ///
    /// ```no_run
    /// # async fn run() -> unkey_edge::Result<()> {
    /// use unkey_edge::{models::VerifyKeyRequest, Unkey};
    ///
    /// let unkey = Unkey::builder().root_key("unkey_root").build()?;
    /// let res = unkey.keys().verify_key(VerifyKeyRequest::new("sk_123")).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// The first configuration problem, as [`Error::Config`].
    #[cfg(all(feature = "gloo", target_arch = "wasm32", not(feature = "worker")))]
    pub fn build(self) -> Result<Client> {
        self.build_with(
            crate::transport::gloo::GlooTransport::new(),
            crate::transport::fetch::JsTimer,
        )
    }

    /// Builds a client on reqwest and tokio.
    ///
    /// # Errors
    /// The first configuration problem, as [`Error::Config`].
    #[cfg(all(feature = "reqwest", not(target_arch = "wasm32")))]
    pub fn build(self) -> Result<Client> {
        // The configuration's problems come first, before the HTTP client's.
        self.clone().config()?;
        let transport = crate::transport::reqwest::ReqwestTransport::new()?;
        let timer = crate::transport::reqwest::TokioTimer::new();
        self.build_with(transport, timer)
    }
}
