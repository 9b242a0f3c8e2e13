//! unkey-edge: a typed Unkey v2 API client for Rust and WebAssembly.
//!
//! One description of every operation drives everything: the request/response structs in
//! [`models`] carry `#[derive(Schema)]`, whose constraint tables feed the one request validator
//! (`schema::validate`), the operation table (`ops`), the TypeScript declarations and the
//! conformance test against Unkey's OpenAPI spec. See `ARCHITECTURE.md`. Those internals
//! (`engine`, `ops`, `retry`, `schema`) are public for the crate's own tools and tests, hidden
//! from the docs and not part of the stable API.
//!
//! ```no_run
//! # #[cfg(feature = "reqwest")]
//! # async fn run() -> unkey_edge::Result<()> {
//! use unkey_edge::models::{CreateKeyRequest, Credits, VerifyKeyRequest};
//! use unkey_edge::Unkey;
//!
//! let unkey = Unkey::from_env()?; // UNKEY_ROOT_KEY, optional UNKEY_SERVER_URL
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
//! [`Unkey::keys`], [`Unkey::apis`], [`Unkey::ratelimit`], [`Unkey::identities`],
//! [`Unkey::permissions`] and [`Unkey::liveness`]: one method per operation, taking the
//! operation's request (`new(required…)` plus a setter per optional field, see [`models`]) and
//! returning [`Response`](models::Response)`<Data>`. List operations also come as a paginating
//! `Stream` (`list_keys_stream`, …), `Unpin`, so `while let Some(k) = stream.next().await` works.
//! Per-call options: `unkey.keys().with_options(CallOptions::new().timeout_ms(1_000))`.
//!
//! # Errors
//!
//! One [`Error`], with predicates ([`Error::is_not_found`], [`Error::is_rate_limited`],
//! [`Error::is_timeout`], [`Error::is_network`]…), [`Error::status`], [`Error::request_id`] and
//! the cause of a transport failure as its `source()`.
//!
//! # Timeouts and retries
//!
//! Each call has a 5 s total deadline (all attempts and pauses) and at most 3 attempts with
//! jittered exponential backoff. Operations that spend credits or create things
//! (`verifyKey`, `ratelimit.limit`/`multiLimit`, `create*`, …) are only retried when the
//! request provably did not run; see [`Retries`] for the table and the reasoning.
//!
//! # Features
//!
//! | feature | what |
//! |---|---|
//! | (none) | models, validator, typed client over any [`transport::Transport`] ([`ClientBuilder::build_with`]); builds for wasm32 |
//! | `reqwest` | native transport (reqwest + rustls) and tokio timer; `Unkey::new`, `Unkey::from_env`, `Client` |
//! | `js` | the wasm/JS façade (wasm32 only) |
//! | `worker` | workers-rs integration |
//! | `gloo` | wasm32 transport on gloo-net + web-sys `AbortController` (browsers, Workers, Node, Deno); `Unkey::new`, `Client` on wasm32 outside `worker`; implies `serde-wasm-bindgen` |
//! | `serde-wasm-bindgen` | `models::JsModel`: `to_js()` / `from_js()` on every model, `from_js` checked by the schema validator (wasm32) |
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
mod backoff;
pub mod cache;
mod client;
// Not part of the stable API: the request engine shared by the typed client, the wasm façade
// and the workers-rs glue. [`CallOptions`] and [`Config`] are re-exported at the crate root.
#[doc(hidden)]
pub mod engine;
pub mod error;
pub mod guard;
// Not part of the stable API: the wasm/JS façade behind the npm package.
#[cfg(all(
    any(feature = "js", feature = "js-guard", feature = "serde-wasm-bindgen"),
    target_arch = "wasm32"
))]
#[doc(hidden)]
pub mod js;
// Not part of the stable API: the operation table read by the code generator, the wasm façade
// and the conformance tests.
#[doc(hidden)]
pub mod ops;
// Not part of the stable API: the pure retry policy. [`Retries`] and [`Backoff`] are
// re-exported at the crate root, which documents what is retried.
#[doc(hidden)]
pub mod retry;
// Not part of the stable API: the constraint tables and the request validator.
// [`ValidationError`](error::ValidationError) is re-exported from [`error`].
#[doc(hidden)]
pub mod schema;
pub mod transport;
/// workers-rs integration: `Unkey::from_env`, the worker transport and the Rust guard glue.
#[cfg(all(feature = "worker", target_arch = "wasm32"))]
pub mod worker;

pub mod models;
mod patch;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod unit_tests;

pub use cache::CacheOptions;
#[cfg(any(
    all(feature = "reqwest", not(target_arch = "wasm32")),
    all(feature = "gloo", target_arch = "wasm32", not(feature = "worker"))
))]
pub use client::Client;
pub use client::{ClientBuilder, Unkey};
/// ```
/// use std::time::Duration;
/// use unkey_edge::{Backoff, CallOptions, Retries};
///
/// // One second in total and no retries, for a call on a hot path.
/// let fast = CallOptions::new().timeout_ms(1_000).retries(Retries::None);
/// // More patience for a batch job.
/// let patient = CallOptions::new()
///     .timeout_ms(30_000)
///     .retries(Retries::Backoff(Backoff::new().max_attempts(6).max_interval(Duration::from_secs(5))));
/// assert_ne!(fast, patient);
/// ```
///
/// Apply them to every call made through a namespace handle:
///
/// ```no_run
/// # #[cfg(feature = "reqwest")]
/// # async fn run() -> unkey_edge::Result<()> {
/// # use unkey_edge::{models::VerifyKeyRequest, CallOptions, Unkey};
/// let unkey = Unkey::new("unkey_root")?;
/// let keys = unkey.keys().with_options(CallOptions::new().timeout_ms(1_000));
/// let res = keys.verify_key(VerifyKeyRequest::new("sk_123")).await?;
/// # Ok(())
/// # }
/// ```
pub use engine::CallOptions;
/// A client's settings, as [`Unkey::config`] shows them (`Debug` never prints the root key).
pub use engine::Config;
pub use engine::PortalSession;
pub use error::{ApiError, Error, ErrorDetail, Result};
pub use patch::Patch;
/// Exponential backoff with full jitter; build it with [`Backoff::new`] and the setters.
///
/// ```
/// use std::time::Duration;
/// use unkey_edge::{Backoff, Retries};
///
/// let retries = Retries::Backoff(
///     Backoff::new()
///         .max_attempts(5)
///         .initial_interval(Duration::from_millis(100))
///         .max_interval(Duration::from_secs(2))
///         .exponent(2.0),
/// );
/// assert_eq!(retries, Retries::Backoff(Backoff::new().max_attempts(5).initial_interval(Duration::from_millis(100)).max_interval(Duration::from_secs(2)).exponent(2.0)));
/// assert_eq!(Backoff::new(), Backoff::default());
/// ```
pub use retry::Backoff;
/// # Defaults and what is retried
///
/// Every call has a **deadline**, 5 s in total by default ([`ClientBuilder::timeout`],
/// [`CallOptions::timeout_ms`]), covering every attempt and every pause. No attempt starts after
/// it and each attempt's own timeout is the time left. Within it, at most 3 attempts are made
/// ([`Backoff::max_attempts`]), with exponential backoff and full jitter (50 ms, ×1.5, capped at
/// 1 s: the values Unkey's spec publishes for its SDKs). A `Retry-After` header (in seconds)
/// replaces the pause; if it would end after the deadline the call stops instead.
///
/// What is retried depends on the operation:
///
/// | outcome | reads, deletes, set-style updates | `verify_key`, `limit`, `multi_limit`, `create_*`, `reroll_key`, `migrate_keys`, `update_credits` |
/// |---|---|---|
/// | could not connect (DNS, refused, TLS handshake) | retry | retry |
/// | 521, 523, 525, 526 (Cloudflare could not connect to the API) | retry | retry |
/// | 429 with `Retry-After` | retry | retry |
/// | connection closed or reset without a response | retry | **stop** |
/// | 500, 502, 503, 504, 520, 522, 524, other 5xx | retry | **stop** |
/// | 408 | retry | **stop** |
/// | attempt timed out | retry | **stop** |
/// | aborted by the caller, 4xx, 3xx (never followed) | stop | stop |
///
/// The second group spends credits or tokens, or creates something, so it is retried only when
/// the request provably did not run: a double spend is worse than an error the caller sees.
/// `fetch` cannot tell "refused" from "reset after sending", so on wasm32 every network failure
/// is the ambiguous kind and those operations are not retried after one.
///
/// ```
/// use unkey_edge::{Backoff, Retries};
///
/// assert_eq!(Retries::default(), Retries::Backoff(Backoff::new()));
/// assert_eq!(Retries::attempts(5), Retries::Backoff(Backoff::new().max_attempts(5)));
/// let off = Retries::None; // one attempt only
/// # let _ = off;
/// ```
pub use retry::Retries;
#[doc(hidden)]
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
