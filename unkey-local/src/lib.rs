//! unkey-local: a local, stateful Unkey v2 API server for tests and demos.
//!
//! It serves the `keys`, `apis`, `ratelimit`, `identities` and `permissions` operations and
//! `liveness` with Unkey's envelopes, errors and semantics, stores state in embedded SQLite, and
//! offers test controls (faults, request counters, a movable clock) under `/_local/`. See the
//! crate's README for the command line and the control endpoints.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// Tests may unwrap and index; the library itself may not (lints in Cargo.toml).
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod analytics;
pub mod auth;
pub mod body;
pub mod calendar;
pub mod cli;
pub mod clock;
pub mod collation;
pub mod control;
pub mod error;
pub mod glob;
pub mod gojson;
pub mod ids;
pub mod limit_rows;
pub mod model;
pub mod ops;
pub mod permquery;
pub mod ratelimiter;
pub mod refill;
pub mod seed;
pub mod server;
pub mod state;
pub mod store;
pub mod urn;
pub mod validate;
pub mod vault;

use hyper_util::rt::{TokioIo, TokioTimer};
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Builds the application state from a configuration. Returns it with the generated root key,
/// if none was configured.
pub fn build(cfg: &cli::Config) -> Result<(Arc<server::App>, Option<String>), String> {
    collation::check()?;
    let mut roots = auth::RootKeys::default();
    for spec in &cfg.root_keys {
        roots
            .add_spec(spec)
            .map_err(|e| format!("--root-key: {e}"))?;
    }
    for key in &cfg.unscoped_root_keys {
        roots
            .add_unscoped(key)
            .map_err(|e| format!("--unscoped-root-key: {e}"))?;
    }
    let mut seen = std::collections::HashSet::from([cfg.workspace_id.as_str()]);
    for (i, w) in cfg.workspaces.iter().enumerate() {
        if !seen.insert(w.id.as_str()) {
            return Err(format!(
                "--workspace {}: the workspace is given twice",
                w.id
            ));
        }
        for spec in &w.root_keys {
            roots
                .add_spec_in(spec, i + 1)
                .map_err(|e| format!("--root-key: {e}"))?;
        }
        for key in &w.unscoped_root_keys {
            roots
                .add_unscoped_in(key, i + 1)
                .map_err(|e| format!("--unscoped-root-key: {e}"))?;
        }
    }
    let generated = if roots.is_empty() {
        let (key, _) = ids::new_key(Some("unkey"), 16);
        roots.add_spec(&key)?;
        Some(key)
    } else {
        None
    };
    let store = store::Store::open(cfg.data.as_deref())?;
    let mut state = state::State::load(store)?;
    let migrations: std::collections::HashMap<String, model::MigrationAlgorithm> = cfg
        .migration_ids
        .iter()
        .filter_map(|m| {
            let (id, algorithm) = m.split_once('=').unwrap_or((m.as_str(), "sha256"));
            model::MigrationAlgorithm::parse(algorithm).map(|a| (id.to_string(), a))
        })
        .collect();
    state.migrations = migrations.clone();
    if cfg.analytics {
        let mut a = analytics::Analytics::default();
        a.limits = state.settings()?.analytics_limits();
        state.analytics = Some(a);
    }
    configure_portals(&mut state, &cfg.portals, &cfg.portal_base_url)?;
    // One vault secret for the server, stored with the default workspace's rows.
    let vault = if cfg.no_vault {
        None
    } else {
        Some(state.load_vault()?)
    };
    state.vault = vault.clone();
    state.retention_days = state
        .settings()?
        .analytics_retention_days
        .unwrap_or(cfg.retention_days);
    add_created_root_keys(&mut roots, &state, 0)?;
    let mut request_limits = vec![request_limit(&state)?];
    let mut workspace_enabled = vec![std::sync::atomic::AtomicBool::new(
        !state.settings()?.disabled,
    )];
    let mut others = Vec::with_capacity(cfg.workspaces.len());
    for w in &cfg.workspaces {
        let store = store::Store::open(cfg.data.as_deref())?;
        let mut st = state::State::load_prefixed(store, &format!("{}/", w.id))?;
        st.migrations = migrations.clone();
        if cfg.analytics {
            let mut a = analytics::Analytics::default();
            a.limits = st.settings()?.analytics_limits();
            st.analytics = Some(a);
        }
        configure_portals(&mut st, &w.portals, &cfg.portal_base_url)?;
        st.vault = vault.clone();
        st.retention_days = st
            .settings()?
            .analytics_retention_days
            .unwrap_or(cfg.retention_days);
        add_created_root_keys(&mut roots, &st, others.len() + 1)?;
        request_limits.push(request_limit(&st)?);
        workspace_enabled.push(std::sync::atomic::AtomicBool::new(!st.settings()?.disabled));
        others.push(server::Workspace {
            id: w.id.clone(),
            state: Mutex::new(st),
        });
    }
    let clock = clock::Clock::default();
    clock.freeze(cfg.frozen_clock);
    let app = server::App {
        state: Mutex::new(state),
        others,
        roots: std::sync::RwLock::new(roots),
        clock,
        control: cfg.faults.then(control::Control::default),
        test_clock: cfg.test_clock,
        dashboard: cfg.dashboard,
        read_timeout: cfg.read_timeout,
        workspace_id: cfg.workspace_id.clone(),
        request_limits,
        default_retention_days: cfg.retention_days,
        root_workspace_enabled: std::sync::atomic::AtomicBool::new(true),
        workspace_enabled,
    };
    Ok((Arc::new(app), generated))
}

/// A workspace's stored API request limit per minute, -1 for none.
fn request_limit(st: &state::State) -> Result<std::sync::atomic::AtomicI64, String> {
    let limit = st.settings()?.api_requests_per_minute.unwrap_or(-1);
    Ok(std::sync::atomic::AtomicI64::new(limit))
}

/// Accepts the root keys an earlier run created at run time in a workspace (with `--data`).
fn add_created_root_keys(
    roots: &mut auth::RootKeys,
    st: &state::State,
    ws: usize,
) -> Result<(), String> {
    for k in st.created_root_keys()? {
        let created = auth::Created {
            id: k.id,
            ws: k.missing_workspace.is_none().then_some(ws),
            permissions: k.permissions,
            enabled: k.enabled,
            expires: k.expires,
        };
        roots.add_created(k.hash, created);
    }
    Ok(())
}

/// Sets a workspace's portal base URL and creates (or re-points) its `--portal` portals.
fn configure_portals(
    st: &mut state::State,
    portals: &[String],
    base_url: &str,
) -> Result<(), String> {
    st.portal_base_url = base_url.to_string();
    let now = clock::Clock::default().now_ms();
    for spec in portals {
        let (slug, api_id) = cli::portal_spec(spec)?;
        st.upsert_portal(slug, api_id, Some(true), None, now)
            .map_err(|e| format!("--portal {slug}: {}", e.detail))?;
    }
    Ok(())
}

/// SIGINT and SIGTERM handlers, installed before the server announces itself so that a signal
/// sent right after the listening line always stops it cleanly.
struct Shutdown {
    #[cfg(unix)]
    signals: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl Shutdown {
    fn install() -> Shutdown {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let signals = match (
                signal(SignalKind::interrupt()),
                signal(SignalKind::terminate()),
            ) {
                (Ok(i), Ok(t)) => Some((i, t)),
                _ => None,
            };
            Shutdown { signals }
        }
        #[cfg(not(unix))]
        {
            Shutdown {}
        }
    }

    async fn wait(&mut self) {
        #[cfg(unix)]
        if let Some((int, term)) = self.signals.as_mut() {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The pause after a failed `accept`: 10 ms, doubling up to 100 ms while failures continue, back
/// to 10 ms after a success. The first failure of a streak is reported on stderr.
#[derive(Debug, Default)]
struct AcceptBackoff {
    pause: Option<Duration>,
}

impl AcceptBackoff {
    const FIRST: Duration = Duration::from_millis(10);
    const MAX: Duration = Duration::from_millis(100);

    fn next(&mut self, e: &std::io::Error) -> Duration {
        let pause = match self.pause {
            None => {
                eprintln!("unkey-local: accept failed ({e}); backing off");
                Self::FIRST
            }
            Some(p) => (p * 2).min(Self::MAX),
        };
        self.pause = Some(pause);
        pause
    }

    fn reset(&mut self) {
        self.pause = None;
    }
}

/// How often expired rate-limit windows are swept when no request does it.
const SWEEP_EVERY: Duration = Duration::from_secs(5);

/// Sweeps expired rate-limit windows periodically, so memory shrinks back once traffic stops.
async fn sweep_windows(app: Arc<server::App>) {
    let mut tick = tokio::time::interval(SWEEP_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let now = app.clock.now_ms();
        for state in app.states() {
            state
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .limiter
                .sweep(now);
        }
    }
}

/// Binds, prints the startup lines (listening URL, generated root key, seed JSON) to `out`, and
/// serves until SIGINT or SIGTERM.
pub async fn run(cfg: cli::Config, out: &mut (dyn Write + Send)) -> Result<(), String> {
    let (app, generated) = build(&cfg)?;
    let mut shutdown = Shutdown::install();
    let listener = tokio::net::TcpListener::bind(cfg.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", cfg.listen))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the bound address: {e}"))?;
    let io = |e: std::io::Error| format!("cannot write to stdout: {e}");
    writeln!(out, "unkey-local listening on http://{addr}").map_err(io)?;
    if let Some(k) = &generated {
        writeln!(out, "root key: {k}").map_err(io)?;
    }
    if cfg.seed {
        let seeded = seed::seed(&app).map_err(|e| format!("seeding failed: {}", e.detail))?;
        writeln!(out, "{seeded}").map_err(io)?;
    }
    out.flush().map_err(io)?;

    let sweeper = tokio::spawn(sweep_windows(app.clone()));
    let mut backoff = AcceptBackoff::default();
    loop {
        tokio::select! {
            _ = shutdown.wait() => break,
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok((stream, peer)) => {
                        backoff.reset();
                        (stream, peer)
                    }
                    Err(e) => {
                        // EMFILE/ENFILE/ENOBUFS and friends: the pending connection stays in the
                        // backlog, so retrying at once would spin a core. Wait, growing the pause.
                        let pause = backoff.next(&e);
                        tokio::select! {
                            _ = shutdown.wait() => break,
                            _ = tokio::time::sleep(pause) => {}
                        }
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let app = app.clone();
                let header_timeout = cfg.read_timeout;
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| server::handle(app.clone(), req, Some(peer)));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .keep_alive(true)
                        .timer(TokioTimer::new())
                        // Also bounds how long an idle kept-alive connection waits for its next
                        // request: hyper starts this timer whenever it waits for a request head.
                        .header_read_timeout(header_timeout)
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        }
    }
    sweeper.abort();
    // Analytics translations and queries still running stop (each would otherwise hold the
    // runtime's shutdown, which waits for them, for as long as it runs).
    analytics::stop();
    eprintln!("unkey-local: shutting down");
    Ok(())
}
