//! The host integration tests: the Rust client over HTTP against a real unkey-local process
//! (`common::Local` starts one per test). One test binary, so the prelude (the feature gate, the
//! lint allowances tests may use, the shared harness) is stated once, and `cargo test` links one
//! binary instead of one per file. `from_env.rs` stays a binary of its own: it sets process
//! environment variables, which tests running in parallel threads must not see.
#![cfg(all(feature = "reqwest", not(target_arch = "wasm32")))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../common/mod.rs"]
mod common;

mod analytics;
mod apis;
mod cache;
mod errors;
mod hostile;
mod identities;
mod keys;
mod permissions;
mod portal;
mod ratelimit;
mod retries;
mod retry_classes;
mod secrecy;
mod validation_parity;
