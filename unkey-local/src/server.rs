//! The HTTP server: hyper over tokio, HTTP/1.1 with keep-alive. One function per concern:
//! CORS, control routes, faults, authentication, body limits, dispatch and the envelope.

use crate::auth::{self, RootKeys, Scope};
use crate::body::LocalBody;
use crate::clock::Clock;
use crate::control::{Control, FaultKind};
use crate::error::{ApiError, FieldError};
use crate::ids::{hash_key, request_id};
use crate::ops::{self, Cx, Reply};
use crate::state::State;
use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// Unkey's request body limit: 10 MiB.
pub const MAX_BODY: usize = 10 * 1024 * 1024;

/// A workspace beyond the default one (`--workspace`).
#[derive(Debug)]
pub struct Workspace {
    /// Its id.
    pub id: String,
    /// Its entities, indexes and rate-limit windows.
    pub state: Mutex<State>,
}

/// Everything a request handler needs.
#[derive(Debug)]
pub struct App {
    /// The default workspace's entities, indexes and rate-limit windows.
    pub state: Mutex<State>,
    /// The other workspaces; a root key's workspace index `i > 0` is `others[i - 1]`.
    pub others: Vec<Workspace>,
    /// Accepted root keys: those given at start, and those created (and deleted) at run time
    /// through `/_local/dashboard/root-keys`.
    pub roots: std::sync::RwLock<RootKeys>,
    /// The server clock.
    pub clock: Clock,
    /// Faults and counters, when started with `--faults`.
    pub control: Option<Control>,
    /// Whether `/_local/clock` may move the clock.
    pub test_clock: bool,
    /// Whether `/_local/dashboard/...` is enabled.
    pub dashboard: bool,
    /// The deadline for reading a whole request body (`--read-timeout-ms`).
    pub read_timeout: std::time::Duration,
    /// The workspace id (`--workspace-id`).
    pub workspace_id: String,
    /// Per workspace (by index): its API request limit per minute, or -1 for none (set with
    /// `/_local/dashboard/workspaceLimits`). An atomic, so requests read it without a lock.
    pub request_limits: Vec<std::sync::atomic::AtomicI64>,
    /// `--analytics-retention-days`: the retention of a workspace without its own setting.
    pub default_retention_days: i64,
    /// Whether the root workspace is enabled: upstream's root keys are keys of one workspace of
    /// Unkey's own, and when it is disabled every root key is refused
    /// (`/_local/dashboard/rootWorkspace`; memory only).
    pub root_workspace_enabled: std::sync::atomic::AtomicBool,
    /// Per workspace (by index): whether it is enabled (`/_local/dashboard/workspace`).
    pub workspace_enabled: Vec<std::sync::atomic::AtomicBool>,
}

impl App {
    /// The id and state of the workspace with index `ws` (0 is the default workspace).
    pub fn workspace(&self, ws: usize) -> Option<(&str, &Mutex<State>)> {
        match ws.checked_sub(1) {
            None => Some((self.workspace_id.as_str(), &self.state)),
            Some(i) => self.others.get(i).map(|w| (w.id.as_str(), &w.state)),
        }
    }

    /// The workspace API request limit upstream's authentication middleware applies after a
    /// root key or portal session is resolved: none configured → nothing happens; 0 → 429
    /// at once; else one request is counted in a sliding minute (upstream's
    /// `workspace.ratelimit` namespace) and `RateLimit-Limit/Remaining/Reset` are answered,
    /// with `Retry-After` and a 429 when it is exceeded.
    pub fn workspace_rate_limit(
        &self,
        ws: usize,
        now: i64,
        headers: &mut Vec<(&'static str, String)>,
    ) -> Result<(), ApiError> {
        let limit = self
            .request_limits
            .get(ws)
            .map_or(-1, |l| l.load(std::sync::atomic::Ordering::Relaxed));
        if limit < 0 {
            return Ok(());
        }
        let exceeded = || {
            ApiError::workspace_rate_limited(format!(
                "This workspace has exceeded its API rate limit of {limit}/1m0s. Please try again later."
            ))
        };
        if limit == 0 {
            return Err(exceeded());
        }
        let (ws_id, state) = self
            .workspace(ws)
            .ok_or_else(|| ApiError::internal("root key of an unknown workspace"))?;
        let check = crate::ratelimiter::Check {
            key: format!("workspace.ratelimit\u{0}{ws_id}\u{0}60000"),
            limit,
            duration: 60_000,
            cost: 1,
        };
        let outcome = state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .limiter
            .check_all(now, std::slice::from_ref(&check))
            .into_iter()
            .next()
            .ok_or_else(|| ApiError::internal("no rate-limit outcome"))?;
        // Whole seconds until the window ends, truncated as Go's `int64(d.Seconds())`.
        let reset = (outcome.reset.saturating_sub(now) / 1000).max(0);
        headers.push(("ratelimit-limit", limit.to_string()));
        headers.push(("ratelimit-remaining", outcome.remaining.max(0).to_string()));
        headers.push(("ratelimit-reset", reset.to_string()));
        if outcome.passed {
            Ok(())
        } else {
            headers.push(("retry-after", reset.to_string()));
            Err(exceeded())
        }
    }

    /// Whether the workspace with index `ws` has an API request limit.
    pub fn has_request_limit(&self, ws: usize) -> bool {
        self.request_limits
            .get(ws)
            .is_some_and(|l| l.load(std::sync::atomic::Ordering::Relaxed) >= 0)
    }

    /// Every workspace's id and state, the default one first (index 0).
    pub fn workspaces(&self) -> impl Iterator<Item = (&str, &Mutex<State>)> {
        std::iter::once((self.workspace_id.as_str(), &self.state))
            .chain(self.others.iter().map(|w| (w.id.as_str(), &w.state)))
    }

    /// Every workspace's state, the default one first.
    pub fn states(&self) -> impl Iterator<Item = &Mutex<State>> {
        std::iter::once(&self.state).chain(self.others.iter().map(|w| &w.state))
    }

    /// Runs one operation as an unscoped root key would (used by `--seed`).
    pub fn call(&self, path: &str, body: &Value) -> Result<Value, ApiError> {
        let handler = ops::handler(path).ok_or_else(|| ApiError::route_not_found(path))?;
        let cx = Cx {
            scope: &Scope::All,
            now: self.clock.now_ms(),
            ws: &self.workspace_id,
            request_id: "",
            metrics: true,
            decoded: false,
        };
        let mut st = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match handler(&mut st, &cx, body)? {
            Reply::Data(v) | Reply::Page(v, _) => Ok(v),
            Reply::MetaOnly => Ok(Value::Null),
        }
    }
}

/// The connection is to be closed without an answer (the `close` fault).
#[derive(Debug)]
pub struct CloseConnection;

impl std::fmt::Display for CloseConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection closed by an injected fault")
    }
}

impl std::error::Error for CloseConnection {}

const ALLOW_HEADERS: &str = "authorization, content-type, accept, user-agent, x-speakeasy-user-agent, x-unkey-telemetry-sdk, x-unkey-telemetry-platform, x-unkey-telemetry-runtime";

fn set(resp: &mut Response<LocalBody>, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        resp.headers_mut().insert(HeaderName::from_static(name), v);
    }
}

fn cors(resp: &mut Response<LocalBody>) {
    set(resp, "access-control-allow-origin", "*");
    set(
        resp,
        "access-control-expose-headers",
        "retry-after, ratelimit-limit, ratelimit-remaining, ratelimit-reset, content-type, content-length",
    );
}

fn json_response(status: u16, content_type: &str, body: Vec<u8>) -> Response<LocalBody> {
    let len = body.len();
    let mut resp = Response::new(LocalBody::full(body));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    set(&mut resp, "content-type", content_type);
    set(&mut resp, "content-length", &len.to_string());
    cors(&mut resp);
    resp
}

fn to_bytes(v: &Value) -> Vec<u8> {
    crate::validate::go_marshal(v)
}

/// Whether error bodies should be `application/problem+json` for this `Accept` header.
fn wants_problem(accept: Option<&HeaderValue>) -> bool {
    accept.and_then(|a| a.to_str().ok()).is_some_and(|a| {
        a.contains("application/problem+json") || a.contains("application/*") || a.contains("*/*")
    })
}

fn error_response(e: &ApiError, rid: &str, problem: bool) -> Response<LocalBody> {
    let ct = if problem && !e.from_validator {
        "application/problem+json"
    } else {
        "application/json"
    };
    let mut resp = json_response(e.status, ct, to_bytes(&e.body(rid)));
    if let Some(secs) = e.retry_after {
        set(&mut resp, "retry-after", &secs.to_string());
    }
    if e.status == 408 {
        // The rest of the body may never come: do not wait for it to reuse the connection.
        set(&mut resp, "connection", "close");
    }
    resp
}

fn envelope(reply: Reply, rid: &str) -> Value {
    match reply {
        Reply::Data(data) => json!({"meta": {"requestId": rid}, "data": data}),
        Reply::Page(data, cursor) => {
            let pagination = match cursor {
                Some(c) => json!({"cursor": c, "hasMore": true}),
                None => json!({"hasMore": false}),
            };
            json!({"meta": {"requestId": rid}, "data": data, "pagination": pagination})
        }
        Reply::MetaOnly => json!({"meta": {"requestId": rid}}),
    }
}

/// Reads the whole body, enforcing the 10 MiB limit and a whole-body deadline: a client that
/// sends its headers and then trickles (or withholds) the body gets a 408 instead of holding the
/// connection for good.
async fn read_body(
    req: Request<Incoming>,
    deadline: std::time::Duration,
) -> Result<Bytes, ApiError> {
    let declared = req
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(ApiError::body_too_large());
    }
    let collect = Limited::new(req.into_body(), MAX_BODY).collect();
    let Ok(collected) = tokio::time::timeout(deadline, collect).await else {
        return Err(ApiError::request_timeout());
    };
    match collected {
        Ok(c) => Ok(c.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(ApiError::body_too_large()),
        Err(e) => Err(ApiError::unreadable(format!(
            "the request body could not be read: {e}"
        ))),
    }
}

/// Reads and drops the request body before a fault answers, as a real server reads a request in
/// full: left unread, it makes hyper close the connection after the answer, and a client that
/// pooled the connection meets "connection lost" on its next request.
async fn drain(req: Request<Incoming>, deadline: std::time::Duration) {
    let _ = read_body(req, deadline).await;
}

/// A request body as upstream reads it ([`crate::gojson`]).
struct Parsed {
    /// What upstream's validator sees, and unkey-local's checks check.
    view: Value,
    /// What Go's decoder makes of it in the handler's request struct, where that differs from
    /// `view` (a member in another case or given twice, an integer written `-0`), or its
    /// failure; `None` where it is `view` or the operation has no [`crate::gojson::shape`].
    bound: Option<Result<Value, crate::gojson::BindFailed>>,
}

/// Parses an API request body; failures are worded as upstream's validator words them.
fn parse_json(bytes: &[u8], path: &str) -> Result<Parsed, ApiError> {
    let request_body = |detail: String, message: String| {
        let mut e = ApiError::invalid_input(vec![FieldError {
            location: "requestBody".into(),
            message,
            fix: None,
        }]);
        e.detail = detail;
        e.from_validator = true;
        e
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(request_body(
            format!("POST request body is empty for '{path}'"),
            "The request body is empty but there is a schema defined".into(),
        ));
    }
    let json = crate::gojson::read(bytes).map_err(|e| {
        request_body(
            format!("POST request body for '{path}' failed to validate schema"),
            format!("The request body cannot be decoded: {e}"),
        )
    })?;
    let view = json.validator_view();
    let bound = crate::gojson::shape(path)
        .map(|go| crate::gojson::bind(&json, go))
        .filter(|b| !matches!(b, Ok(v) if *v == view));
    Ok(Parsed { view, bound })
}

/// Where Go's decoder reads a body otherwise than the validator ([`Parsed::bound`]): the
/// validator's checks of `view` come first (`check` answers their failure); then the caller
/// answers, after authentication as upstream's handler binds, either the decoder's failure
/// (400 [`crate::validate::BIND_FAILED`]) or what the handler reads of the decoded body.
fn decoded_body(
    parsed: Parsed,
    check: impl FnOnce(&Value) -> Option<ApiError>,
) -> Result<(Value, Option<Result<Value, ApiError>>), ApiError> {
    let Some(bound) = parsed.bound else {
        return Ok((parsed.view, None));
    };
    if let Some(e) = check(&parsed.view) {
        return Err(e);
    }
    let bound = bound.map_err(|_| ApiError::invalid_detail(crate::validate::BIND_FAILED));
    Ok((parsed.view, Some(bound)))
}

/// A failure of unkey-local's checks of a decoded body ([`decoded_body`]) that the checks of
/// what the validator saw passed: a member in another case or given twice gave a field a value
/// the schema refuses, which upstream's validator never sees (it checks the later member of
/// the exact name) and its handler takes as it is. The handlers here take such values where
/// what upstream's handler does with them is followed ([`crate::validate::Checker::decoded`]);
/// unkey-local does not run a request with any other.
fn unvalidated(e: ApiError) -> ApiError {
    match e.errors.first() {
        Some(f) if e.status == 400 && e.code == "unkey/application/invalid_input" => {
            ApiError::invalid_detail(format!(
                "unkey-local does not run a body whose members in another case or given twice \
                 set a field to a value its schema refuses ({}: {}); upstream takes it unchecked",
                f.location, f.message
            ))
        }
        _ => e,
    }
}

/// The validator's 400 for a body whose `Content-Type` the operation does not define. Every
/// operation with a body takes only `application/json` (parameters such as `charset` aside),
/// and upstream's OpenAPI validator checks the media type after the security scheme and before
/// it decodes the body (libopenapi-validator's `RequestContentTypeNotFound`), so a missing
/// header is this error too.
fn content_type_error(headers: &hyper::HeaderMap) -> Option<ApiError> {
    let raw = headers
        .get(hyper::header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    let media = raw.split(';').next().unwrap_or_default().trim();
    if media.eq_ignore_ascii_case("application/json") {
        return None;
    }
    let mut e = ApiError::invalid_input(vec![FieldError {
        location: "requestBody".into(),
        message: format!(
            "The content type '{raw}' of the POST request submitted has not been defined, it's an unknown type"
        ),
        fix: Some(
            "The content type is invalid, Use one of the 1 supported types for this operation: application/json"
                .into(),
        ),
    }]);
    e.detail = format!("POST operation request content type '{raw}' does not exist");
    e.from_validator = true;
    Some(e)
}

/// Whether the request has no usable `Authorization` header at all (absent or empty), which
/// upstream's OpenAPI validator reports before anything else.
fn auth_absent(header: Option<&HeaderValue>) -> bool {
    header.is_none_or(|h| h.as_bytes().is_empty())
}

/// The root key's workspace index and scope from the `Authorization` header, checked as
/// upstream's bearer parsing does: surrounding space trimmed, then `Bearer ` (case-sensitive)
/// and a non-empty token.
fn authenticate(
    app: &App,
    header: Option<&HeaderValue>,
    now: i64,
) -> Result<(usize, std::sync::Arc<Scope>), ApiError> {
    let raw = header.ok_or_else(ApiError::auth_missing)?;
    let text = raw.to_str().map_err(|_| ApiError::auth_malformed(true))?;
    let token = text
        .trim()
        .strip_prefix("Bearer ")
        .ok_or_else(|| ApiError::auth_malformed(true))?
        .trim();
    if token.is_empty() {
        return Err(ApiError::auth_malformed(false));
    }
    let hash = hash_key(token);
    let found = app
        .roots
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .find(&hash, now);
    let root_enabled = app
        .root_workspace_enabled
        .load(std::sync::atomic::Ordering::Relaxed);
    let enabled = |ws: usize| {
        root_enabled
            && app
                .workspace_enabled
                .get(ws)
                .is_none_or(|e| e.load(std::sync::atomic::Ordering::Relaxed))
    };
    let workspace_disabled = || {
        ApiError::root_key_unusable(
            403,
            "Workspace is disabled",
            "unkey/authorization/workspace_disabled",
            "The workspace is disabled.",
        )
    };
    // In upstream's order: the workspace exists, is enabled, then the key is enabled and has
    // not expired.
    match found {
        Some(auth::Found::Usable(ws, scope)) if enabled(ws) => Ok((ws, scope)),
        Some(auth::Found::Usable(..)) => Err(workspace_disabled()),
        Some(auth::Found::WorkspaceMissing) => Err(ApiError::root_key_unusable(
            404,
            "Not Found",
            "unkey/data/workspace_not_found",
            "The requested workspace does not exist.",
        )),
        Some(auth::Found::Unusable { ws, .. }) if !enabled(ws) => Err(workspace_disabled()),
        Some(auth::Found::Unusable { enabled: false, .. }) => Err(key_disabled()),
        Some(auth::Found::Unusable {
            expired: Some(at), ..
        }) => Err(key_expired(at)),
        Some(auth::Found::Unusable { ws, scope, .. }) => Ok((ws, scope)),
        None => Err(regular_key_as_root(app, &hash, now)),
    }
}

fn key_disabled() -> ApiError {
    ApiError::root_key_unusable(
        403,
        "Key is disabled",
        "unkey/authorization/key_disabled",
        "The key is disabled.",
    )
}

fn key_expired(at: i64) -> ApiError {
    ApiError::root_key_unusable(
        403,
        "Forbidden",
        "unkey/authorization/forbidden",
        &format!("the key has expired on {}", crate::ids::rfc3339(at)),
    )
}

/// The answer for a token that is no root key. Upstream looks every key up by its hash, so a
/// regular key (of `keys.createKey`) used as a root key is refused by its own status when it
/// is unusable, and otherwise as "not a root key" ("The provided root key is invalid.",
/// without the sentence of a key that does not exist).
fn regular_key_as_root(app: &App, hash: &str, now: i64) -> ApiError {
    for (_, state) in app.workspaces() {
        let st = lock_state(state);
        let Some(key) = st.key_by_hash.get(hash).and_then(|id| st.keys.get(id)) else {
            continue;
        };
        if key.deleted || st.apis.get(&key.api_id).is_none_or(|a| a.deleted) {
            break;
        }
        if !key.enabled {
            return key_disabled();
        }
        if let Some(at) = key.expires.filter(|e| now > *e) {
            return key_expired(at);
        }
        return ApiError::root_key_unusable(
            401,
            "Unauthorized",
            "unkey/authentication/key_not_found",
            "",
        );
    }
    ApiError::root_key_not_found()
}

/// The validator's error a request body would get, for a request without a usable root key. The
/// handlers validate before they check permissions, so running one with a scope that grants
/// nothing yields its validation error, or fails at its first permission check before changing
/// anything. Only unauthenticated requests pay for this.
fn validation_error(
    app: &App,
    handler: ops::Handler,
    path: &str,
    body: &Value,
    now: i64,
) -> Option<ApiError> {
    let nothing = Scope::Only(Vec::new());
    let cx = Cx {
        scope: &nothing,
        now,
        ws: &app.workspace_id,
        request_id: "",
        metrics: true,
        decoded: false,
    };
    let outcome = if path == "/v2/keys.verifyKey" {
        ops::verify::prepare(body, false).map(|_| ())
    } else {
        let mut st = app
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        handler(&mut st, &cx, body).map(|_| ())
    };
    outcome.err().and_then(schema_failure)
}

/// `e` if it is a failure of the schema's checks. A body the schema passes but Go's decoder
/// refuses fails only in the handler, after authentication (`validate::BIND_FAILED`).
fn schema_failure(e: ApiError) -> Option<ApiError> {
    (e.status == 400
        && e.code == "unkey/application/invalid_input"
        && e.detail != crate::validate::BIND_FAILED)
        .then_some(e)
}

/// Serves one API request (everything but CORS preflights and `/_local`). A body that fails the
/// schema gets upstream's detail, `POST request body for '<path>' failed to validate schema`.
async fn api(
    app: &App,
    req: Request<Incoming>,
    rid: &str,
    peer: Option<SocketAddr>,
    headers: &mut Vec<(&'static str, String)>,
) -> Result<Value, ApiError> {
    let path = req.uri().path().to_string();
    api_inner(app, req, rid, peer, headers)
        .await
        .map_err(|mut e| {
            if e.code == "unkey/application/invalid_input"
                && !e.from_validator
                && !e.errors.is_empty()
                && e.errors.iter().all(|f| f.location != "requestBody")
            {
                e.detail = format!("POST request body for '{path}' failed to validate schema");
                e.from_validator = true;
            }
            e
        })
}

/// The client IP as upstream's `Session.Location` reads it: the first non-empty entry of
/// `X-Forwarded-For` (its port removed), else the connection's peer address.
fn client_ip(headers: &hyper::HeaderMap, peer: Option<SocketAddr>) -> String {
    let forwarded = headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').map(str::trim).find(|ip| !ip.is_empty()));
    match forwarded {
        Some(ip) => strip_port(ip).to_string(),
        None => peer.map(|p| p.ip().to_string()).unwrap_or_default(),
    }
}

/// `host:port` → `host`, `[v6]:port` → `v6`; anything else unchanged (as Go's
/// `net.SplitHostPort` fallback does).
fn strip_port(addr: &str) -> &str {
    if let Some(rest) = addr.strip_prefix('[') {
        if let Some((host, port)) = rest.split_once("]:") {
            if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) {
                return host;
            }
        }
        return addr;
    }
    match addr.split_once(':') {
        Some((host, port)) if !port.contains(':') => host,
        _ => addr,
    }
}

async fn api_inner(
    app: &App,
    req: Request<Incoming>,
    rid: &str,
    peer: Option<SocketAddr>,
    headers: &mut Vec<(&'static str, String)>,
) -> Result<Value, ApiError> {
    let path = req.uri().path().to_string();
    // The path is a route and the method its own: `mux_refusal` let the request through.
    if path == "/v2/liveness" {
        return Ok(envelope(
            Reply::Data(json!({"message": "we're cooking"})),
            rid,
        ));
    }
    if path == "/v2/portal.exchangeCode" || ops::portal::SessionOp::of(&path).is_some() {
        return portal_api(app, req, rid, &path, headers).await;
    }
    let Some(handler) = ops::handler(&path) else {
        return Err(
            if ops::out_of_scope(&path) || path == "/openapi.yaml" || path == "/reference" {
                ApiError::not_implemented(&path)
            } else {
                ApiError::route_not_found(&path)
            },
        );
    };
    let auth = req.headers().get(hyper::header::AUTHORIZATION).cloned();
    let ip = (path == "/v2/keys.verifyKey").then(|| client_ip(req.headers(), peer));
    let metrics = req
        .headers()
        .get("x-unkey-metrics")
        .is_none_or(|v| v.as_bytes() != b"disabled");
    let media_error = content_type_error(req.headers());
    // As upstream, whose OpenAPI validation runs before the handler authenticates: body size
    // (413), the content type, JSON and field validation (400) come first, then the root key
    // (400 missing or malformed, 401 unknown), then permissions.
    let bytes = read_body(req, app.read_timeout).await?;
    if auth_absent(auth.as_ref()) {
        // The validator checks the route's security scheme before the body.
        return Err(ApiError::auth_missing());
    }
    if let Some(e) = media_error {
        return Err(e);
    }
    let parsed = parse_json(&bytes, &path)?;
    let now = app.clock.now_ms();
    let (body, bound) = decoded_body(parsed, |view| {
        validation_error(app, handler, &path, view, now)
    })?;
    let (ws, scope) = match authenticate(app, auth.as_ref(), now) {
        Ok(found) => found,
        Err(auth_err) => {
            return Err(validation_error(app, handler, &path, &body, now).unwrap_or(auth_err))
        }
    };
    if app.has_request_limit(ws) {
        // Upstream counts a request against the workspace's limit in its authentication
        // middleware, after the OpenAPI validation: a bad body is a 400 and is not counted.
        if let Some(e) = validation_error(app, handler, &path, &body, now) {
            return Err(e);
        }
        app.workspace_rate_limit(ws, now, headers)?;
    }
    let (ws_id, state) = app
        .workspace(ws)
        .ok_or_else(|| ApiError::internal("root key of an unknown workspace"))?;
    let (body, decoded) = match bound {
        Some(b) => (b?, true),
        None => (body, false),
    };
    // The handler's checks of a decoded body take what upstream's handler takes and answer
    // the rest as `unvalidated`.
    let checked = move |e| if decoded { unvalidated(e) } else { e };
    let cx = Cx {
        scope: &scope,
        now,
        ws: ws_id,
        request_id: rid,
        metrics,
        decoded,
    };
    let lock = || {
        state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    let reply = if path == "/v2/keys.verifyKey" {
        // The hot path: validate, parse the query and hash before taking the lock.
        let mut prepared = ops::verify::prepare(&body, decoded).map_err(checked)?;
        prepared.client_ip = ip.unwrap_or_default();
        let reply = ops::verify::execute(&mut lock(), &cx, prepared);
        unloadable_elsewhere(app, ws, &body, reply)
    } else if let Some(dataset) = ops::analytics::dataset(&path) {
        // An analytics query is admitted and run holding the lock, but translated without
        // it: the translation reads no state, and a slow one then delays no verifyKey.
        // (The guard is dropped at the end of this statement, before translating.)
        let planned = ops::analytics::plan(&lock(), &cx, &body, dataset);
        planned.and_then(|plan| {
            may_block(|| {
                let translation = plan.translate(&cx);
                ops::analytics::run(&mut lock(), &cx, plan, translation)
            })
        })
    } else {
        handler(&mut lock(), &cx, &body)
    };
    // The state lock is released here; a key of another workspace is looked up only now, so no
    // two workspaces are ever locked at once.
    let reply = reply.map_err(|e| other_workspace_key(app, ws, &path, &body, checked(e)))?;
    Ok(envelope(reply, rid))
}

/// Runs `f`, which may take long (an analytics query's translation and run), first handing a
/// multi-threaded runtime's other tasks queued on this worker to the others, so that no
/// request waits behind it (tokio's `block_in_place`; on another runtime it just runs).
fn may_block<T>(f: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(f),
        _ => f(),
    }
}

/// Locks a workspace's state (a poisoned lock is taken over: every write is persisted first).
pub(crate) fn lock_state(m: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The value of the first `name` cookie of the request (as Go's `Request.Cookie` finds it).
fn cookie(headers: &hyper::HeaderMap, name: &str) -> Option<String> {
    // As Go's `readCookies` (net/http/cookie.go): each `;`-separated part, trimmed of ASCII
    // space, splits at its first `=`; the name is trimmed, the value is not; a value quoted
    // in `"` loses the quotes, and one with a byte outside 0x20..0x7e, a `"`, `;` or `\`
    // is skipped, so a later cookie of the name is taken.
    let ascii_trim = |s: &str| s.trim_matches([' ', '\t', '\n', '\r']).to_string();
    headers
        .get_all(hyper::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|part| {
            let part = ascii_trim(part);
            let (n, v) = part.split_once('=').unwrap_or((part.as_str(), ""));
            if ascii_trim(n) != name {
                return None;
            }
            let v = v
                .strip_prefix('"')
                .and_then(|q| q.strip_suffix('"'))
                .unwrap_or(v);
            v.bytes()
                .all(|b| (0x20..0x7f).contains(&b) && !matches!(b, b'"' | b';' | b'\\'))
                .then(|| v.to_string())
        })
        .next()
}

/// Serves `portal.exchangeCode` (no authentication) and the operations authenticated by the
/// `portal_session` cookie, in upstream's order: the validator's security check (the cookie
/// must be there), the body, then the session (a request with an `Authorization` header is not
/// a portal session's), then the operation's scope.
async fn portal_api(
    app: &App,
    req: Request<Incoming>,
    rid: &str,
    path: &str,
    headers: &mut Vec<(&'static str, String)>,
) -> Result<Value, ApiError> {
    use ops::portal;
    let auth = req.headers().get(hyper::header::AUTHORIZATION).cloned();
    let token = cookie(req.headers(), portal::COOKIE);
    let media_error = content_type_error(req.headers());
    let bytes = read_body(req, app.read_timeout).await?;
    let op = portal::SessionOp::of(path);
    if op.is_some() && token.is_none() {
        return Err(ApiError::portal_cookie_missing());
    }
    if let Some(e) = media_error {
        return Err(e);
    }
    let parsed = parse_json(&bytes, path)?;
    let now = app.clock.now_ms();
    let workspaces = || (0..=app.others.len()).filter_map(|i| app.workspace(i));
    let Some(op) = op else {
        let code = portal::exchange_request(&parsed.view)?;
        let hash = hash_key(&code);
        for (_, state) in workspaces() {
            if let Some(done) = portal::exchange(&mut lock_state(state), &hash, now) {
                return done.map(|data| envelope(Reply::Data(data), rid));
            }
        }
        return Err(portal::code_rejected());
    };
    let (body, bound) = decoded_body(parsed, |view| {
        portal::session_request(op, view, false)
            .err()
            .and_then(schema_failure)
    })?;
    let request = match bound {
        Some(b) => portal::session_request(op, &b?, true).map_err(unvalidated)?,
        None => portal::session_request(op, &body, false)?,
    };
    if !auth_absent(auth.as_ref()) {
        // Only the bearer resolvers could claim this request, and a portal route has none.
        let text = auth
            .as_ref()
            .and_then(|h| h.to_str().ok())
            .ok_or_else(ApiError::bearer_prefix_missing)?;
        let token = text
            .trim()
            .strip_prefix("Bearer ")
            .ok_or_else(ApiError::bearer_prefix_missing)?;
        if token.trim().is_empty() {
            return Err(ApiError::auth_malformed(false));
        }
        return Err(ApiError::bearer_not_accepted());
    }
    let token = token.unwrap_or_default();
    if token.is_empty() {
        return Err(ApiError::portal_token_missing());
    }
    let hash = hash_key(&token);
    for (ws, (ws_id, state)) in workspaces().enumerate() {
        let mut st = lock_state(state);
        let Some(session) = portal::active_session(&st, &hash, now) else {
            continue;
        };
        let session = session?;
        if app.has_request_limit(ws) {
            // The workspace's request limit applies to portal sessions too, once resolved.
            drop(st);
            app.workspace_rate_limit(ws, now, headers)?;
            st = lock_state(state);
        }
        let cx = Cx {
            scope: &Scope::All,
            now,
            ws: ws_id,
            request_id: rid,
            metrics: true,
            decoded: false,
        };
        return portal::run(&mut st, &cx, &session, request).map(|r| envelope(r, rid));
    }
    Err(portal::session_rejected())
}

/// The operations whose missing key upstream words "We could not find the requested key." but
/// whose key of another workspace "The specified key was not found.", and how each names it.
fn other_workspace_key(app: &App, ws: usize, path: &str, body: &Value, e: ApiError) -> ApiError {
    const MISSING: &str = "We could not find the requested key.";
    if app.others.is_empty() || e.code != "unkey/data/key_not_found" || e.detail != MISSING {
        return e;
    }
    let by_hash = match path {
        "/v2/keys.getKey"
        | "/v2/keys.deleteKey"
        | "/v2/keys.updateKey"
        | "/v2/keys.updateCredits" => false,
        "/v2/keys.whoami" => true,
        _ => return e,
    };
    let field = if by_hash { "key" } else { "keyId" };
    let Some(wanted) = body.get(field).and_then(Value::as_str) else {
        return e;
    };
    let hash = by_hash.then(|| hash_key(wanted));
    let elsewhere = (0..=app.others.len())
        .filter(|i| *i != ws)
        .filter_map(|i| app.workspace(i))
        .any(|(_, state)| {
            let st = state
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let id = match &hash {
                Some(h) => st.key_by_hash.get(h).cloned(),
                None => Some(wanted.to_string()),
            };
            id.is_some_and(|id| st.live_key(&id).is_some())
        });
    if elsewhere {
        ApiError::not_found(
            "unkey/data/key_not_found",
            "The specified key was not found.",
        )
    } else {
        e
    }
}

/// Upstream's verification loads the key by its hash whatever its workspace
/// (internal/services/keys/get.go) before the handler compares workspaces and answers
/// `NOT_FOUND`: a key of another workspace that its loader cannot read
/// ([`State::verification_load_fails`]) is that load's 500. Looked for only when this
/// workspace answered `NOT_FOUND` and there are others, after its lock is released.
fn unloadable_elsewhere(app: &App, ws: usize, body: &Value, reply: ops::OpResult) -> ops::OpResult {
    let not_found = matches!(&reply, Ok(Reply::Data(v))
        if v.get("code").and_then(Value::as_str) == Some("NOT_FOUND"));
    if app.others.is_empty() || !not_found {
        return reply;
    }
    let Some(key) = body.get("key").and_then(Value::as_str) else {
        return reply;
    };
    let hash = hash_key(key);
    let fails = (0..=app.others.len())
        .filter(|i| *i != ws)
        .filter_map(|i| app.workspace(i))
        .any(|(_, state)| {
            let st = lock_state(state);
            st.key_by_hash
                .get(&hash)
                .is_some_and(|id| st.verification_load_fails(id))
        });
    if fails {
        Err(ApiError::key_load_failed())
    } else {
        reply
    }
}

/// Answers a CORS preflight.
fn preflight(req: &Request<Incoming>) -> Response<LocalBody> {
    let mut resp = Response::new(LocalBody::full(Bytes::new()));
    *resp.status_mut() = StatusCode::NO_CONTENT;
    cors(&mut resp);
    set(
        &mut resp,
        "access-control-allow-methods",
        "GET, POST, DELETE, OPTIONS",
    );
    let asked = req
        .headers()
        .get("access-control-request-headers")
        .and_then(|v| v.to_str().ok())
        .unwrap_or(ALLOW_HEADERS)
        .to_string();
    set(&mut resp, "access-control-allow-headers", &asked);
    set(&mut resp, "access-control-max-age", "600");
    resp
}

/// Go's `cleanPath` (net/http, which upstream's `http.ServeMux` applies before matching): the
/// path made absolute, `//`, `.` and `..` resolved as `path.Clean` does, a trailing slash kept.
fn clean_path(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if p.ends_with('/') && out != "/" {
        out.push('/');
    }
    out
}

/// The methods upstream's mux serves a path with, as its 405's `Allow` lists them: a route's
/// method (svc/api/routes/*/handler.go `Method()`, registered as the pattern `"POST /v2/…"`),
/// and `HEAD` beside `GET` (routing_tree.go `matchingMethods`). `None`: no route.
fn route_methods(path: &str) -> Option<&'static str> {
    match path {
        "/v2/liveness" | "/openapi.yaml" | "/reference" => Some("GET, HEAD"),
        p if ops::handler(p).is_some()
            || ops::out_of_scope(p)
            || p == "/v2/portal.exchangeCode"
            || ops::portal::SessionOp::of(p).is_some() =>
        {
            Some("POST")
        }
        _ => None,
    }
}

/// A plain-text answer as Go's `http.Error` writes one (with this server's CORS headers).
fn go_text(status: u16, text: &str) -> Response<LocalBody> {
    let mut resp = json_response(
        status,
        "text/plain; charset=utf-8",
        format!("{text}\n").into(),
    );
    set(&mut resp, "x-content-type-options", "nosniff");
    resp
}

/// What upstream's plain `http.ServeMux` (pkg/zen/server.go: no catch-all route) answers
/// before any handler runs, or `None` when the request reaches a route: a path that is not
/// clean → 301 to the cleaned one (query kept; `http.Redirect`'s body for GET); no route → 404
/// "404 page not found"; a route's path with another method → 405 "Method Not Allowed" with
/// `Allow`. Percent-escapes are not decoded here (Go matches a route written with them).
fn mux_refusal(req: &Request<Incoming>) -> Option<Response<LocalBody>> {
    let path = req.uri().path();
    let clean = clean_path(path);
    if clean != path {
        let location = match req.uri().query() {
            Some(q) => format!("{clean}?{q}"),
            None => clean,
        };
        let get = req.method() == Method::GET;
        let body = if get {
            format!(
                "<a href=\"{}\">Moved Permanently</a>.\n\n",
                html_escape(&location)
            )
        } else {
            String::new()
        };
        let mut resp = json_response(301, "text/html; charset=utf-8", body.into());
        if !get && req.method() != Method::HEAD {
            resp.headers_mut().remove(hyper::header::CONTENT_TYPE);
        }
        set(&mut resp, "location", &location);
        return Some(resp);
    }
    let Some(allowed) = route_methods(path) else {
        return Some(go_text(404, "404 page not found"));
    };
    let method = req.method().as_str();
    if allowed.split(", ").any(|m| m == method) {
        return None;
    }
    let mut resp = go_text(405, "Method Not Allowed");
    set(&mut resp, "allow", allowed);
    Some(resp)
}

/// Go's `htmlEscape` of a redirect's URL in its body.
fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// The service function: one request in, one response out (or a dropped connection).
pub async fn handle(
    app: Arc<App>,
    req: Request<Incoming>,
    peer: Option<SocketAddr>,
) -> Result<Response<LocalBody>, CloseConnection> {
    if req.method() == Method::OPTIONS {
        return Ok(preflight(&req));
    }
    let rid = request_id();
    let problem = wants_problem(req.headers().get(hyper::header::ACCEPT));
    let path = req.uri().path().to_string();

    if path == "/_local" || path.starts_with("/_local/") {
        let method = req.method().as_str().to_string();
        let body = match read_body(req, app.read_timeout).await {
            Ok(b) if b.iter().all(u8::is_ascii_whitespace) => Value::Null,
            Ok(b) => match crate::validate::go_unmarshal(&b) {
                Ok(v) => v,
                Err(e) => {
                    let err = ApiError::bad_field("body", format!("is not valid JSON: {e}"));
                    return Ok(error_response(&err, &rid, problem));
                }
            },
            Err(e) => return Ok(error_response(&e, &rid, problem)),
        };
        return Ok(match crate::control::handle(&app, &method, &path, &body) {
            Ok(v) => json_response(200, "application/json", to_bytes(&v)),
            Err(e) => error_response(&e, &rid, problem),
        });
    }

    let mut truncate = None;
    if let Some(ctl) = &app.control {
        ctl.count(&path);
        if let Some(f) = ctl.take(&path) {
            match f.kind {
                FaultKind::Delay => {
                    tokio::time::sleep(std::time::Duration::from_millis(f.delay_ms)).await;
                }
                FaultKind::Close => return Err(CloseConnection),
                FaultKind::Status => {
                    drain(req, app.read_timeout).await;
                    let mut e = match f.status {
                        429 => ApiError::too_many_requests(f.retry_after.unwrap_or(1)),
                        503 => ApiError::unavailable(
                            "Service unavailable (injected by unkey-local --faults).",
                        ),
                        _ => {
                            ApiError::internal("Internal error (injected by unkey-local --faults).")
                        }
                    };
                    e.status = f.status;
                    if f.status != 429 {
                        e.retry_after = f.retry_after;
                    }
                    return Ok(error_response(&e, &rid, problem));
                }
                FaultKind::NonJson => {
                    drain(req, app.read_timeout).await;
                    let body = b"<html><body><h1>Bad Gateway</h1>not JSON (injected by unkey-local --faults)</body></html>".to_vec();
                    return Ok(json_response(f.status, "application/json", body));
                }
                FaultKind::Body => {
                    drain(req, app.read_timeout).await;
                    let body = f.body.unwrap_or_default().into_bytes();
                    let head_len = body.len() as u64;
                    let mut resp = json_response(f.status, "application/json", body);
                    if let Some(location) = &f.location {
                        set(&mut resp, "location", location);
                    }
                    if f.endless || f.pad_bytes > 0 {
                        let head = match std::mem::replace(resp.body_mut(), LocalBody::Full(None)) {
                            LocalBody::Full(b) => b,
                            _ => None,
                        };
                        let pad = (!f.endless).then_some(f.pad_bytes);
                        *resp.body_mut() = LocalBody::Padded { head, pad };
                        // An endless body has no length (chunked); a padded one its whole length.
                        match pad {
                            Some(p) => {
                                set(&mut resp, "content-length", &(head_len + p).to_string())
                            }
                            None => {
                                resp.headers_mut().remove("content-length");
                            }
                        }
                    }
                    return Ok(resp);
                }
                FaultKind::Truncate => truncate = Some(f.status),
            }
        }
    }

    let mut extra: Vec<(&'static str, String)> = Vec::new();
    let refusal = mux_refusal(&req);
    let mut resp = match refusal {
        Some(resp) => {
            drain(req, app.read_timeout).await;
            resp
        }
        None => match api(&app, req, &rid, peer, &mut extra).await {
            Ok(v) => {
                let mut resp = json_response(200, "application/json", to_bytes(&v));
                // Answers that carry a portal credential are never cached.
                if path == "/v2/portal.createSession" || path == "/v2/portal.exchangeCode" {
                    set(&mut resp, "cache-control", "no-store");
                    set(&mut resp, "pragma", "no-cache");
                }
                resp
            }
            Err(e) => error_response(&e, &rid, problem),
        },
    };
    for (name, value) in &extra {
        set(&mut resp, name, value);
    }
    if let Some(status) = truncate {
        if status != 200 {
            *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
        }
        let full = match std::mem::replace(resp.body_mut(), LocalBody::Full(None)) {
            LocalBody::Full(Some(b)) | LocalBody::Truncated(Some(b)) => b,
            _ => Bytes::new(),
        };
        *resp.body_mut() = LocalBody::Truncated(Some(full.slice(..full.len() / 2)));
    }
    Ok(resp)
}
