#!/usr/bin/env bash
# Idempotent machine set-up for building, testing and demoing unkey-edge.
# Installs only what is missing; every tool comes from crates.io, npm or Debian.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

# Version of wasm-bindgen pinned by Cargo.lock: the CLI must match it exactly.
wb_version() {
  awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock
}

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
command -v firefox-esr >/dev/null 2>&1 || need_apt+=(firefox-esr)
command -v wrk >/dev/null 2>&1 || need_apt+=(wrk)
command -v hyperfine >/dev/null 2>&1 || need_apt+=(hyperfine)
command -v valgrind >/dev/null 2>&1 || need_apt+=(valgrind)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

want=$(wb_version)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  log "cargo install wasm-bindgen-cli $want (a few minutes)"
  # No --locked: the registry lacks one of the CLI's locked transitive versions.
  cargo install -q wasm-bindgen-cli --version "$want"
fi

# wasm-pack builds pkg/ (make pkg). From crates.io: the npm wrapper downloads from GitHub.
if ! command -v wasm-pack >/dev/null 2>&1; then
  log "cargo install wasm-pack (a few minutes)"
  cargo install -q wasm-pack --version 0.15.1
fi

# geckodriver drives headless Firefox in make test-wasm; it is not in Debian, crates.io has it.
if [ "$(geckodriver --version 2>/dev/null | awk 'NR==1{print $2}' || true)" != "0.37.1" ]; then
  log "cargo install geckodriver 0.37.1 (a few minutes)"
  cargo install -q geckodriver --version 0.37.1
fi

# worker-build builds the workers-rs guard Worker (examples/worker-rs). It would download
# wasm-bindgen and wasm-opt from GitHub; `make worker-rs` points it at the local ones instead.
if [ "$(worker-build --version 2>/dev/null | awk '{print $NF}' || true)" != "0.8.7" ]; then
  log "cargo install worker-build 0.8.7 (a few minutes)"
  cargo install -q worker-build --version 0.8.7
fi

# Deno for the npm package's Deno run (make test-js): PyPI ships the official binary.
if ! command -v deno >/dev/null 2>&1; then
  log "pip install deno (Deno 2)"
  python3 -m pip install -q --break-system-packages deno==2.9.8 2>/dev/null \
    || python3 -m pip install -q deno==2.9.8
  if command -v pyenv >/dev/null 2>&1; then pyenv rehash || true; fi
fi

# JS tooling (wasm-opt from npm binaryen, wrangler/workerd, esbuild, @unkey/api for conformance).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
log "ok"
