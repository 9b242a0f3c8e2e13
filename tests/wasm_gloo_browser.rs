//! The gloo-net suite (`gloo_suite/`) in headless Chromium and Firefox: the typed Rust API on
//! its wasm32 default transport, as a Leptos/Yew/Dioxus app runs it, CORS included.
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

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod gloo_suite;
mod wasm_browser_check;
