#!/usr/bin/env bash
# wasm-bindgen-test suites (tests/wasm_node.rs, tests/wasm_browser.rs) in Node and headless
# Chromium, against one unkey-local process started with --faults. Its URL and root key reach
# the tests at compile time (option_env!), so only the small test crates rebuild per run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
# Give the browser a generous page-load budget on a busy 2-core CI machine.
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-120}
# The wasm-only code (src/js, src/transport/fetch.rs, the suites) is linted here: the host
# `make lint` cannot see it.
cargo clippy -q --target wasm32-unknown-unknown --features js,js-guard,lol_alloc \
  --lib --test wasm_node --test wasm_browser -- -D warnings
scripts/with-unkey-local.sh --faults -- \
  cargo test --target wasm32-unknown-unknown --features js,lol_alloc --test wasm_node --test wasm_browser
