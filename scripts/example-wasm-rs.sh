#!/usr/bin/env bash
# examples/wasm-rs: build the wasm-bindgen library on the typed Rust client (feature gloo) the
# way the npm package is built (wasm-bindgen --target web, then wasm-opt -Oz from npm
# binaryen), run its exported functions against unkey-local in Node, workerd (Miniflare) and
# Deno (examples/wasm-rs/test.mjs), and print its size, raw and gzip -9 (BENCHMARKS.md,
# session 6).
#
#   bash scripts/example-wasm-rs.sh          (make example-wasm-rs)
#
# Its own target dir, like examples/worker-rs: the root workspace's wasm32 builds use other
# features of the same path crate.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
dir=examples/wasm-rs
name=unkey_edge_example_wasm_rs
# Linted here (its own workspace, outside `make lint`'s), then built.
CARGO_TARGET_DIR="$PWD/$dir/target" cargo clippy -q --release --target wasm32-unknown-unknown \
  --manifest-path "$dir/Cargo.toml" -- -D warnings
CARGO_TARGET_DIR="$PWD/$dir/target" cargo build -q --release --target wasm32-unknown-unknown \
  --manifest-path "$dir/Cargo.toml"
rm -rf "$dir/build"
wasm-bindgen --target web --out-dir "$dir/build" "$dir/target/wasm32-unknown-unknown/release/$name.wasm"
"$PWD/node_modules/.bin/wasm-opt" -Oz --strip-debug --strip-producers \
  "$dir/build/${name}_bg.wasm" -o "$dir/build/${name}_bg.wasm"
wasm="$dir/build/${name}_bg.wasm"
echo "example-wasm-rs: ${name}_bg.wasm $(wc -c < "$wasm") B raw, $(gzip -9c "$wasm" | wc -c) B gzip -9" >&2
export UNKEY_LOCAL_BIN=${UNKEY_LOCAL_BIN:-${CARGO_TARGET_DIR:-$PWD/target}/debug/unkey-local}
# Node (and workerd through Miniflare, from the same file), then Deno.
scripts/with-unkey-local.sh -- node --test --test-timeout=60000 "$dir/test.mjs"
if command -v deno >/dev/null; then
  scripts/with-unkey-local.sh -- deno test -A --no-check "$dir/test.mjs"
elif [ "${CI:-}" = true ]; then
  echo "example-wasm-rs: no deno under CI=true; scripts/setup.sh installs it" >&2
  exit 1
else
  echo "example-wasm-rs: SKIPPED the Deno run (no deno; scripts/setup.sh installs it)" >&2
fi
