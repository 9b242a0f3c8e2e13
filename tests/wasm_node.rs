//! The wasm32 suite (`wasm_suite/`) in Node: `scripts/test-wasm.sh` runs it with
//! `wasm-bindgen-test-runner` against unkey-local.
#![cfg(all(target_arch = "wasm32", feature = "js"))]

mod wasm_suite;
