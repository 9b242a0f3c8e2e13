//! The guard Worker (routes as in the root `wrangler.toml` Worker) on workers-rs: `GET /public/*`
//! is open, `/api/*` needs a valid key with rate-limit room, `/admin/*` needs the `admin`
//! permission, everything else is refused. Allowed requests go to `ORIGIN_URL` with the caller's
//! key id, identity and plan in `X-Unkey-*` headers.
//!
//! Bindings: `UNKEY_ROOT_KEY` (secret), `UNKEY_SERVER_URL`, `ORIGIN_URL`, and optionally
//! `GUARD_FAIL_OPEN=true` / `GUARD_DEADLINE_MS` for when Unkey is down or slow, and
//! `GUARD_CACHE_MS` for the verification cache (verdicts that spend nothing reused that long,
//! and served stale as long again while one refresh runs).

use std::cell::RefCell;
use std::rc::Rc;

use unkey_edge::guard::{FailMode, Guard, HeaderNames, Policy};
use unkey_edge::CacheOptions;
use unkey_edge::worker::{WorkerClient, WorkerGuard};
use worker::{console_warn, event, Context, Env, Request, Response, Result, RouteContext, Router};

/// The route table; the fail mode and deadline come from the Worker's variables.
fn table(env: &Env) -> Result<Guard> {
    let var = |name: &str| env.var(name).ok().map(|v| v.to_string());
    let fail = match var("GUARD_FAIL_OPEN").as_deref() {
        Some("true") => FailMode::Open,
        _ => FailMode::Closed,
    };
    let deadline = var("GUARD_DEADLINE_MS")
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let tune = |p: Policy| p.fail(fail).deadline_ms(deadline);
    Guard::builder()
        .route("GET", "/public/*", tune(Policy::public()))
        .route("*", "/api/*", tune(Policy::protected()))
        // Asked every time: a revocation applies at once.
        .route("*", "/admin/*", tune(Policy::permission("admin")).cache(false))
        .fallback(Policy::deny())
        .header_names(HeaderNames {
            meta: vec![("plan".into(), "X-Unkey-Plan".into())],
            ..HeaderNames::default()
        })
        .build()
        .map_err(|e| worker::Error::RustError(e.to_string()))
}

/// Router data: the guard and where allowed requests go.
struct State {
    guard: WorkerGuard,
    origin: String,
}

thread_local! {
    /// Built on the first request and kept for the isolate's life: the route table is parsed and
    /// the client made once, not per request. Safe because both depend only on the bindings,
    /// which do not change within an isolate (a new deployment or secret gets a new isolate), and
    /// hold no per-request state. A failed build is not cached, so the next request retries it.
    static STATE: RefCell<Option<Rc<State>>> = const { RefCell::new(None) };
}

/// The isolate's [`State`], built from `env` on first use.
fn state(env: &Env) -> Result<Rc<State>> {
    if let Some(s) = STATE.with(|c| c.borrow().clone()) {
        return Ok(s);
    }
    let mut client = WorkerClient::from_env(env)?;
    if let Some(ms) = env.var("GUARD_CACHE_MS").ok().and_then(|v| v.to_string().parse().ok()) {
        client = client.with_cache(CacheOptions::default().ttl_ms(ms).stale_ms(ms));
    }
    let guard = WorkerGuard::new(table(env)?, client).on_error(|e, key_id| {
        // The error and the key id (when known) — never the key.
        console_warn!("unkey call failed (key {}): {e}", key_id.unwrap_or("-"));
    });
    let origin = env.var("ORIGIN_URL")?.to_string();
    let s = Rc::new(State { guard, origin });
    STATE.with(|c| *c.borrow_mut() = Some(Rc::clone(&s)));
    Ok(s)
}

async fn guarded(req: Request, ctx: RouteContext<Rc<State>>) -> Result<Response> {
    ctx.data.guard.proxy(req, &ctx.data.origin).await
}

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let state = state(&env)?;
    // Every path goes through the guard; the router is where a Worker would add its own routes.
    Router::with_data(state)
        .or_else_any_method_async("/", guarded)
        .or_else_any_method_async("/*path", guarded)
        .run(req, env)
        .await
}
