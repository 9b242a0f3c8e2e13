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

/// Proves which browser really ran the suite: `scripts/test-wasm.sh` bakes the expected
/// `navigator.userAgent` token (`Chrome` or `Firefox`) in as `WASM_TEST_BROWSER`.
#[wasm_bindgen_test::wasm_bindgen_test]
fn runs_in_the_expected_browser() {
    use wasm_bindgen::JsValue;
    let navigator =
        js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("navigator")).unwrap();
    let ua = js_sys::Reflect::get(&navigator, &JsValue::from_str("userAgent"))
        .unwrap()
        .as_string()
        .unwrap();
    wasm_bindgen_test::console_log!("navigator.userAgent: {ua}");
    let want = option_env!("WASM_TEST_BROWSER").expect("build through scripts/test-wasm.sh");
    assert!(ua.contains(want), "expected a {want} user agent, got {ua}");
}
