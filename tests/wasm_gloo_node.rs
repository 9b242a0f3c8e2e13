//! The gloo-net suite (`gloo_suite/`) in Node: `scripts/test-wasm.sh` runs it with
//! `wasm-bindgen-test-runner` against unkey-local.
#![cfg(all(
    target_arch = "wasm32",
    feature = "gloo",
    not(any(feature = "js", feature = "worker"))
))]
// Tests may unwrap; the URL comes from option_env! so host builds still compile.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::option_env_unwrap
)]

mod gloo_suite;
