//! unkey-edge: a typed Unkey v2 API client for Rust and WebAssembly.
//!
//! One description of every operation drives everything: the request/response structs in
//! [`models`] carry `#[derive(Schema)]`, whose constraint tables feed the one request validator
//! ([`schema::validate`]), the operation table ([`ops`]), the TypeScript declarations and the
//! conformance test against Unkey's OpenAPI spec. See `ARCHITECTURE.md`.
//!
//! ```no_run
//! # #[cfg(feature = "reqwest")]
//! # async fn run() -> unkey_edge::Result<()> {
//! use unkey_edge::models::{CreateKeyRequest, Credits, VerifyKeyRequest};
//! use unkey_edge::Unkey;
//!
//! let unkey = Unkey::new(std::env::var("UNKEY_ROOT_KEY").unwrap_or_default())?;
//! let key = unkey
//!     .keys()
//!     .create_key(CreateKeyRequest::new("api_123").prefix("sk").credits(Credits::new(100)))
//!     .await?;
//! let res = unkey.keys().verify_key(VerifyKeyRequest::new(&key.data.key)).await?;
//! assert!(res.data.valid); // an invalid key is Ok(valid: false), not an Err
//! # Ok(())
//! # }
//! ```
//!
//! # Namespaces
//!
//! [`Unkey::keys`] (15 operations), [`Unkey::apis`] (4), [`Unkey::ratelimit`] (6),
//! [`Unkey::identities`] (5), [`Unkey::permissions`] (9) and [`Unkey::liveness`]. List operations
//! also come as a paginating `Stream` (`list_keys_stream`, …). Per-call options:
//! `unkey.keys().with_options(CallOptions::new().timeout_ms(1_000))`.
//!
//! # Timeouts and retries
//!
//! Each call has a 5 s total deadline (all attempts and pauses) and at most 3 attempts with
//! jittered exponential backoff. Operations that spend credits or create things
//! (`verifyKey`, `ratelimit.limit`/`multiLimit`, `create*`, …) are only retried when the
//! request provably did not run; see [`retry`] for the table and the reasoning.
//!
//! # Features
//!
//! | feature | what |
//! |---|---|
//! | (none) | models, validator, engine, typed client over any [`transport::Transport`]; builds for wasm32 |
//! | `reqwest` | native transport (reqwest + rustls) and tokio timer; `Unkey::new`, `Client` |
//! | `js` | the wasm/JS façade (wasm32 only) |
//! | `worker` | workers-rs integration |
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

extern crate alloc;
// The derive macros name `::unkey_edge::…`; this makes that path work inside the crate too.
extern crate self as unkey_edge;

pub mod api;
mod client;
pub mod engine;
pub mod error;
pub mod guard;
#[cfg(all(any(feature = "js", feature = "js-guard"), target_arch = "wasm32"))]
pub mod js;
pub mod ops;
pub mod retry;
pub mod schema;
pub mod transport;
/// workers-rs integration: `Unkey::from_env`, the worker transport and the Rust guard glue.
#[cfg(all(feature = "worker", target_arch = "wasm32"))]
pub mod worker;

pub mod models;
mod patch;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod unit_tests;

#[cfg(all(feature = "reqwest", not(target_arch = "wasm32")))]
pub use client::Client;
pub use client::{ClientBuilder, Unkey};
pub use engine::CallOptions;
pub use error::{ApiError, Error, ErrorDetail, Result};
pub use patch::Patch;
pub use retry::{Backoff, Retries};
pub use unkey_edge_derive::{Request, Schema};

/// Compile-time checks: the native client is shareable across threads, errors are `Send + Sync`.
#[allow(dead_code)]
fn _assert_impls() {
    fn send_sync<T: Send + Sync>() {}
    fn clone<T: Clone>() {}
    send_sync::<Error>();
    send_sync::<ApiError>();
    #[cfg(all(feature = "reqwest", not(target_arch = "wasm32")))]
    {
        send_sync::<Client>();
        clone::<Client>();
    }
    clone::<Error>();
}
