//! workers-rs integration (feature `worker`, wasm32): a client from the Worker's environment,
//! `worker::Error` conversion, and the Rust guard glue around [`crate::guard`].
//!
//! The guard here makes exactly the decisions the JS guard makes: both call the same core
//! ([`crate::guard::Guard`]); this file only reads the `worker::Request`, calls Unkey and applies
//! the decision.
//!
//! ```ignore
//! use unkey_edge::guard::{Guard, Policy};
//! use unkey_edge::worker::WorkerGuard;
//! use worker::*;
//!
//! #[event(fetch)]
//! async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
//!     let table = Guard::builder()
//!         .route("GET", "/public/*", Policy::public())
//!         .route("*", "/admin/*", Policy::permission("admin"))
//!         .route("*", "/api/*", Policy::protected())
//!         .build()
//!         .map_err(|e| Error::RustError(e.to_string()))?;
//!     let guard = WorkerGuard::from_env(table, &env)?;
//!     guard.proxy(req, &env.var("ORIGIN_URL")?.to_string()).await
//! }
//! ```
//! Building the table and client is start-up work: a real Worker builds the `WorkerGuard` once
//! per isolate and reuses it (`examples/worker-rs` keeps it in a `thread_local!`).
//! With `worker::Router`, keep the `WorkerGuard` in the router's data and call
//! [`WorkerGuard::check`](crate::worker::WorkerGuard::check) (or
//! [`WorkerGuard::handle`](crate::worker::WorkerGuard::handle)) in the handler.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use core::future::Future;

use worker::{Env, Headers, Request, RequestInit, RequestRedirect, Response};

use crate::client::{ClientBuilder, Unkey};
use crate::engine::CallOptions;
use crate::error::Error;
use crate::guard::{Decision, Deny, Forward, Guard, Incoming, Step};
use crate::models::VerifyKeyData;
use crate::ops;
pub use crate::transport::worker::{WorkerTimer, WorkerTransport};

/// The Unkey client on the Worker runtime's `fetch`.
pub type WorkerClient = Unkey<WorkerTransport, WorkerTimer>;

impl Unkey<WorkerTransport, WorkerTimer> {
    /// A client from the Worker's bindings: the `UNKEY_ROOT_KEY` secret (a plain variable is
    /// accepted too, for local `--var` runs) and the optional `UNKEY_SERVER_URL` variable.
    ///
    /// # Errors
    /// [`Error::Config`] when `UNKEY_ROOT_KEY` is missing or a setting is unusable. The message
    /// names the binding, never its value.
    pub fn from_env(env: &Env) -> crate::Result<Self> {
        let root_key = env
            .secret("UNKEY_ROOT_KEY")
            .map(|s| s.to_string())
            .or_else(|_| env.var("UNKEY_ROOT_KEY").map(|v| v.to_string()))
            .map_err(|_| Error::Config("the UNKEY_ROOT_KEY secret is not set".into()))?;
        let mut builder = ClientBuilder::new().root_key(root_key);
        if let Ok(url) = env.var("UNKEY_SERVER_URL") {
            builder = builder.server_url(url.to_string());
        }
        builder.build_with(WorkerTransport, WorkerTimer)
    }
}

impl From<Error> for worker::Error {
    /// The one-line `Display` of the error, which never contains the root key.
    fn from(e: Error) -> Self {
        worker::Error::RustError(e.to_string())
    }
}

/// Called when an Unkey call fails: the error and the key id when known — never the key.
pub type OnError = Box<dyn Fn(&Error, Option<&str>)>;

/// The guard for workers-rs: a route table ([`Guard`]) plus the client that checks keys.
pub struct WorkerGuard {
    guard: Guard,
    client: WorkerClient,
    on_error: Option<OnError>,
}

impl fmt::Debug for WorkerGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WorkerGuard")
            .field("guard", &self.guard)
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

/// The guard's verdict on one request, with what is needed to apply it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Checked {
    /// Forward or deny.
    pub decision: Decision,
    /// Caller headers to delete before forwarding (key header, namespace, guard's own names).
    pub strip: Vec<String>,
    /// The verification result, when a key was verified.
    pub verified: Option<VerifyKeyData>,
    /// The id quoted in problem bodies (`cf-ray`, or a random one).
    pub request_id: String,
}

impl WorkerGuard {
    /// A guard on `client`.
    pub fn new(guard: Guard, client: WorkerClient) -> Self {
        Self {
            guard,
            client,
            on_error: None,
        }
    }

    /// A guard whose client comes from [`Unkey::from_env`].
    ///
    /// # Errors
    /// When `UNKEY_ROOT_KEY` is missing.
    pub fn from_env(guard: Guard, env: &Env) -> worker::Result<Self> {
        Ok(Self::new(guard, WorkerClient::from_env(env)?))
    }

    /// Report failed Unkey calls (for logging); the decision is not affected.
    #[must_use]
    pub fn on_error(mut self, hook: impl Fn(&Error, Option<&str>) + 'static) -> Self {
        self.on_error = Some(Box::new(hook));
        self
    }

    /// The route table.
    pub fn guard(&self) -> &Guard {
        &self.guard
    }

    /// Decide for `req`, reading the key where the route table says (for
    /// [`KeySource::Custom`](crate::guard::KeySource::Custom) use [`WorkerGuard::check_with_key`]).
    ///
    /// # Errors
    /// Only when the request cannot be read (bad URL).
    pub async fn check(&self, req: &Request) -> worker::Result<Checked> {
        self.check_with_key(req, None).await
    }

    /// [`WorkerGuard::check`] with a key the caller found itself (for
    /// [`KeySource::Custom`](crate::guard::KeySource::Custom)), used instead of the key header.
    ///
    /// The core ([`Guard::next`]) says which Unkey call to make and with what request; this
    /// sends it and hands the answer back, until the core decides.
    ///
    /// # Errors
    /// Only when the request cannot be read (bad URL).
    pub async fn check_with_key(
        &self,
        req: &Request,
        raw_key: Option<&str>,
    ) -> worker::Result<Checked> {
        let headers = req.headers();
        let read = |name: &str| headers.get(name).ok().flatten();
        let url = req.url()?;
        let mut target = String::from(url.path());
        if let Some(q) = url.query() {
            target.push('?');
            target.push_str(q);
        }
        // The method as sent: `worker::Method` reads every method it does not name (PROPFIND,
        // PURGE, MOVE…) as GET, which a GET route would admit.
        let method = req.inner().method();
        // On Workers, Cloudflare sets CF-Connecting-IP itself: the platform's client IP.
        let ip = read("cf-connecting-ip");
        let random = ((js_sys::Math::random() * 4_294_967_296.0) as u64) << 32
            | (js_sys::Math::random() * 4_294_967_296.0) as u64;
        let mut incoming = Incoming::new(&method, &target, &read);
        incoming.custom_key = raw_key;
        incoming.ip = ip.as_deref();
        incoming.random = random;
        let mut check = self
            .guard
            .check(&incoming, worker::Date::now().as_millis() as f64);
        let mut verified: Option<VerifyKeyData> = None;
        let decision = loop {
            let (op, request, deadline_ms, cache) = match self.guard.next(&mut check) {
                Step::Done(d) => break d,
                Step::Verify {
                    request,
                    deadline_ms,
                    cache,
                } => (&ops::VERIFY_KEY, request, deadline_ms, cache),
                Step::Limit {
                    request,
                    deadline_ms,
                } => (&ops::LIMIT, request, deadline_ms, false),
            };
            let opts = CallOptions::new().timeout_ms(deadline_ms);
            // Through the client's verification cache, when it has one and the route allows.
            let answer = self
                .client
                .send(op, None, Some(request), &opts, cache)
                .await;
            match answer {
                Ok(success) if core::ptr::eq(op, &ops::VERIFY_KEY) => {
                    check.verified(&success.body.to_string(), &self.guard);
                    verified = success
                        .body
                        .get("data")
                        .and_then(|d| serde_json::from_value(d.clone()).ok());
                }
                Ok(success) => check.limited(&success.body.to_string()),
                Err(e) => {
                    let key_id = verified.as_ref().and_then(|v| v.key_id.as_deref());
                    if let Some(hook) = &self.on_error {
                        hook(&e, key_id);
                    }
                    check.failed(e.kind(), e.as_api().map(|a| a.status));
                }
            }
        };
        // A verified key whose identity does not fit in headers is refused; the operator hears
        // of it (the meta field chosen for a header is theirs to fix).
        if let (Some(hook), Some(d)) = (&self.on_error, decision.as_deny()) {
            if d.code == crate::guard::IDENTITY_TOO_LARGE {
                let key_id = verified.as_ref().and_then(|v| v.key_id.as_deref());
                hook(
                    &Error::Config(crate::guard::IDENTITY_TOO_LARGE_DETAIL.into()),
                    key_id,
                );
            }
        }
        let strip = headers
            .keys()
            .filter(|h| self.guard.strips(h))
            .collect::<Vec<_>>();
        Ok(Checked {
            decision,
            strip,
            verified,
            request_id: String::from(check.request_id()),
        })
    }

    /// Check, then forward allowed requests to `next` with the guard's headers applied, adding
    /// `RateLimit-*` to its response; denied requests get the problem response.
    ///
    /// # Errors
    /// What `next` returns, or a request that cannot be rebuilt.
    pub async fn handle<F, Fut>(&self, req: Request, next: F) -> worker::Result<Response>
    where
        F: FnOnce(Request) -> Fut,
        Fut: Future<Output = worker::Result<Response>>,
    {
        let checked = self.check(&req).await?;
        let url = req.url()?.to_string();
        match &checked.decision {
            Decision::Deny(d) => deny_response(d),
            Decision::Forward(f) => {
                let fwd = forwarded_request(&req, &url, &checked.strip, f)?;
                let res = next(fwd).await?;
                with_response_headers(res, f)
            }
        }
    }

    /// Check, then send allowed requests to `origin` (same path and query).
    ///
    /// # Errors
    /// A bad origin URL or a failing origin fetch.
    pub async fn proxy(&self, req: Request, origin: &str) -> worker::Result<Response> {
        let url = req.url()?;
        let mut target = String::from(origin.trim_end_matches('/'));
        target.push_str(url.path());
        if let Some(q) = url.query() {
            target.push('?');
            target.push_str(q);
        }
        let checked = self.check(&req).await?;
        match &checked.decision {
            Decision::Deny(d) => deny_response(d),
            Decision::Forward(f) => {
                let fwd = forwarded_request(&req, &target, &checked.strip, f)?;
                let res = worker::Fetch::Request(fwd).send().await?;
                with_response_headers(res, f)
            }
        }
    }
}

/// The problem response of a denial.
///
/// # Errors
/// Invalid header values (never produced by the core).
pub fn deny_response(d: &Deny) -> worker::Result<Response> {
    let headers = Headers::new();
    for (k, v) in &d.headers {
        headers.set(k, v)?;
    }
    Ok(Response::ok(d.body.clone())?
        .with_status(d.status)
        .with_headers(headers))
}

/// The request to send on: `strip` deleted, the decision's headers set, method and body as the
/// client sent them.
///
/// # Errors
/// A bad target URL.
pub fn forwarded_request(
    req: &Request,
    target: &str,
    strip: &[String],
    f: &Forward,
) -> worker::Result<Request> {
    let headers = Headers::new();
    for (k, v) in req.headers().entries() {
        if !strip.iter().any(|s| s.eq_ignore_ascii_case(&k)) {
            headers.append(&k, &v)?;
        }
    }
    for (k, v) in &f.request_headers {
        headers.set(k, v)?;
    }
    // The method the guard checked, as sent (`worker::Method` would make a PROPFIND a GET).
    let method = req.inner().method();
    let mut init = RequestInit::new();
    init.with_headers(headers)
        .with_redirect(RequestRedirect::Manual);
    if !(method.eq_ignore_ascii_case("GET") || method.eq_ignore_ascii_case("HEAD")) {
        init.with_body(req.inner().body().map(Into::into));
    }
    let init = worker::web_sys::RequestInit::from(&init);
    init.set_method(&method);
    worker::web_sys::Request::new_with_str_and_init(target, &init)
        .map_err(|_| worker::Error::RustError("the forwarded request could not be made".into()))
        .and_then(|r| Request::from(r).clone_mut())
}

/// Add the decision's response headers (`RateLimit-*`) to the origin's response.
///
/// # Errors
/// Invalid header values (never produced by the core).
pub fn with_response_headers(res: Response, f: &Forward) -> worker::Result<Response> {
    if f.response_headers.is_empty() {
        return Ok(res);
    }
    // Responses from `fetch` have immutable headers: copy them into a fresh set.
    let headers = Headers::new();
    for (k, v) in res.headers().entries() {
        headers.append(&k, &v)?;
    }
    for (k, v) in &f.response_headers {
        headers.set(k, v)?;
    }
    Ok(res.with_headers(headers))
}
