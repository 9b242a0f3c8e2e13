//! Proves which browser really ran a browser suite: `scripts/test-wasm.sh` bakes the expected
//! `navigator.userAgent` token (`Chrome` or `Firefox`) in as `WASM_TEST_BROWSER`. Shared by
//! `wasm_browser.rs` and `wasm_gloo_browser.rs`.

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
