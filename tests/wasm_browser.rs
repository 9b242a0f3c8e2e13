//! The wasm32 suite (`wasm_suite/`) in headless Chromium (`CHROMEDRIVER`, flags in
//! `webdriver.json`) and headless Firefox (`GECKODRIVER`): the same global-`fetch` code path a
//! browser app takes, CORS included.
#![cfg(all(target_arch = "wasm32", feature = "js"))]
// Tests may unwrap; the URL comes from option_env! so host builds still compile.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::option_env_unwrap
)]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod wasm_suite;

mod wasm_browser_check;
