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

pub mod auth;
pub mod body;
pub mod cli;
pub mod clock;
pub mod control;
pub mod error;
pub mod ids;
pub mod model;
pub mod ops;
pub mod permquery;
pub mod ratelimiter;
pub mod refill;
pub mod seed;
pub mod server;
pub mod state;
pub mod store;
pub mod validate;

use hyper_util::rt::TokioIo;
use std::io::Write;
use std::sync::{Arc, Mutex};

/// Builds the application state from a configuration. Returns it with the generated root key,
/// if none was configured.
pub fn build(cfg: &cli::Config) -> Result<(Arc<server::App>, Option<String>), String> {
    let mut roots = auth::RootKeys::default();
    for spec in &cfg.root_keys {
        roots
            .add_spec(spec)
            .map_err(|e| format!("--root-key: {e}"))?;
    }
    let generated = if roots.is_empty() {
        let (key, _) = ids::new_key(Some("unkey"), 16);
        roots.add_spec(&key)?;
        Some(key)
    } else {
        None
    };
    let store = store::Store::open(cfg.data.as_deref())?;
    let state = state::State::load(store)?;
    let app = server::App {
        state: Mutex::new(state),
        roots,
        clock: clock::Clock::default(),
        control: cfg.faults.then(control::Control::default),
        test_clock: cfg.test_clock,
    };
    Ok((Arc::new(app), generated))
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

    loop {
        tokio::select! {
            _ = shutdown.wait() => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let app = app.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| server::handle(app.clone(), req));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .keep_alive(true)
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        }
    }
    eprintln!("unkey-local: shutting down");
    Ok(())
}
