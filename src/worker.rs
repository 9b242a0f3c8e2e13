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
use crate::guard::{
    Decision, Deny, Evidence, Failure, Forward, Guard, LimitBy, LimitState, Policy, VerifyOutcome,
};
use crate::models::{
    LimitRequest, VerifyCredits, VerifyKeyData, VerifyKeyRequest, VerifyRatelimit,
};
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
        let raw = match self.guard.key_source().header_name() {
            Some(h) => req.headers().get(&h)?,
            None => None,
        };
        self.check_with_key(req, raw.as_deref()).await
    }

    /// [`WorkerGuard::check`] with the raw key supplied by the caller.
    ///
    /// # Errors
    /// Only when the request cannot be read (bad URL).
    pub async fn check_with_key(
        &self,
        req: &Request,
        raw_key: Option<&str>,
    ) -> worker::Result<Checked> {
        let headers = req.headers();
        let request_id = headers.get("cf-ray")?.unwrap_or_else(random_request_id);
        let strip = headers
            .keys()
            .filter(|h| self.guard.strips(h))
            .collect::<Vec<_>>();
        let url = req.url()?;
        let mut target = String::from(url.path());
        if let Some(q) = url.query() {
            target.push('?');
            target.push_str(q);
        }
        let route = match self.guard.resolve(req.method().as_ref(), &target) {
            Ok(r) => r,
            Err(why) => {
                return Ok(Checked {
                    decision: self.guard.refusal(why, &request_id),
                    strip,
                    verified: None,
                    request_id,
                })
            }
        };
        let policy = self.guard.policy(route);
        let presented = self.guard.presented(raw_key);

        let mut verified: Option<VerifyKeyData> = None;
        let mut outcome = VerifyOutcome::default();
        let mut verify: Option<Result<(), Failure>> = None;
        if let (true, Some(key)) = (self.guard.needs_verify(route, &presented), presented.key()) {
            let res = self
                .client
                .keys()
                .with_options(CallOptions::new().timeout_ms(policy.deadline_ms))
                .verify_key(verify_request(policy, key))
                .await;
            match res {
                Ok(res) => {
                    outcome = self.outcome(&res.data, res.meta.request_id.clone());
                    verified = Some(res.data);
                    verify = Some(Ok(()));
                }
                Err(e) => verify = Some(Err(self.failed(&e, None))),
            }
        }

        let mut limit_state = LimitState::default();
        let mut limit: Option<Result<(), Failure>> = None;
        if let Some(rl) = &policy.ratelimit {
            let ip = headers.get("cf-connecting-ip")?;
            let header = match &rl.by {
                LimitBy::Header(h) => headers.get(h)?,
                _ => None,
            };
            let ran = verify.as_ref().map(|v| v.is_ok()).unwrap_or(true);
            let verified_outcome = verify.is_some().then_some(&outcome);
            if let (true, Some(identifier)) = (
                ran,
                self.guard.limit_identifier(
                    route,
                    verified_outcome,
                    ip.as_deref(),
                    header.as_deref(),
                ),
            ) {
                let req = LimitRequest {
                    namespace: rl.namespace.clone(),
                    identifier,
                    limit: clamp_i64(rl.limit),
                    duration: clamp_i64(rl.duration_ms),
                    cost: rl.cost.map(clamp_i64),
                };
                let res = self
                    .client
                    .ratelimit()
                    .with_options(CallOptions::new().timeout_ms(policy.deadline_ms))
                    .limit(req)
                    .await;
                match res {
                    Ok(res) => {
                        limit_state = LimitState {
                            limit: clamp_u64(res.data.limit),
                            remaining: clamp_u64(res.data.remaining),
                            reset_ms: res.data.reset as f64,
                            exceeded: !res.data.success,
                        };
                        limit = Some(Ok(()));
                    }
                    Err(e) => limit = Some(Err(self.failed(&e, outcome.key_id.as_deref()))),
                }
            }
        }

        let decision = self.guard.decide(
            route,
            &Evidence {
                presented: &presented,
                verify: verify.map(|r| r.map(|()| &outcome)),
                limit: limit.map(|r| r.map(|()| &limit_state)),
                now_ms: worker::Date::now().as_millis() as f64,
                request_id: &request_id,
            },
        );
        Ok(Checked {
            decision,
            strip,
            verified,
            request_id,
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

    fn outcome(&self, d: &VerifyKeyData, request_id: String) -> VerifyOutcome {
        let names = &self.guard.settings().names;
        let meta = match &d.meta {
            Some(m) => names
                .meta
                .iter()
                .filter_map(|(field, _)| {
                    m.get(field).and_then(|v| match v {
                        serde_json::Value::Null => None,
                        serde_json::Value::String(s) => Some((field.clone(), s.clone())),
                        other => Some((field.clone(), other.to_string())),
                    })
                })
                .collect(),
            None => Vec::new(),
        };
        VerifyOutcome {
            valid: d.valid,
            code: d.code.as_str().to_string(),
            key_id: d.key_id.clone(),
            external_id: d.identity.as_ref().map(|i| i.external_id.clone()),
            meta,
            ratelimits: d
                .ratelimits
                .iter()
                .flatten()
                .map(|r| LimitState {
                    limit: clamp_u64(r.limit),
                    remaining: clamp_u64(r.remaining),
                    reset_ms: r.reset as f64,
                    exceeded: r.exceeded,
                })
                .collect(),
            request_id: Some(request_id),
        }
    }

    fn failed(&self, e: &Error, key_id: Option<&str>) -> Failure {
        if let Some(hook) = &self.on_error {
            hook(e, key_id);
        }
        Failure::from_kind(e.kind(), e.as_api().map(|a| a.status))
    }
}

fn verify_request(policy: &Policy, key: &str) -> VerifyKeyRequest {
    let p = policy.protection();
    VerifyKeyRequest {
        key: key.to_string(),
        tags: p.filter(|p| !p.tags.is_empty()).map(|p| p.tags.clone()),
        permissions: p.and_then(|p| p.permissions.clone()),
        credits: p
            .and_then(|p| p.credits)
            .map(|c| VerifyCredits { cost: clamp_i64(c) }),
        ratelimits: p.filter(|p| !p.ratelimits.is_empty()).map(|p| {
            p.ratelimits
                .iter()
                .map(|r| VerifyRatelimit {
                    name: r.name.clone(),
                    cost: r.cost.map(clamp_i64),
                    limit: r.limit.map(clamp_i64),
                    duration: r.duration_ms.map(clamp_i64),
                })
                .collect()
        }),
        migration_id: None,
    }
}

fn clamp_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn clamp_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn random_request_id() -> String {
    let a = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    let b = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    alloc::format!("guard_{:016x}", (a << 32) | b)
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

/// The request to send on: `strip` deleted, the decision's headers set, body passed through.
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
    let method = req.method();
    let mut init = RequestInit::new();
    init.with_method(method.clone())
        .with_headers(headers)
        .with_redirect(RequestRedirect::Manual);
    if !matches!(method, worker::Method::Get | worker::Method::Head) {
        init.with_body(req.inner().body().map(Into::into));
    }
    Request::new_with_init(target, &init)
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
