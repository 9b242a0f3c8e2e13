# unkey-edge — every entry point a user or CI needs.
#   make demo   the guarded Worker against unkey-local, with a scripted walkthrough
#   make test   every test (installs the toolchain it needs first)
#   make pkg    the npm package in pkg/
#   make bench  benchmarks, side by side with @unkey/api (results in BENCHMARKS.md)
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# Every node:test run: a hung test fails after this long instead of holding CI (ms per test).
NODE_TEST := node --test --test-timeout=180000

.PHONY: setup lint test demo pkg bench test-local test-host

setup:
	bash scripts/setup.sh

# fmt, then clippy with warnings denied for the host and wasm32, for each feature set.
lint: setup
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p unkey-edge --all-targets --features reqwest -- -D warnings
	for f in "" js worker js-guard js,js-cache js,js-guard,js-cache gloo serde-wasm-bindgen worker,gloo; do \
	  cargo clippy -p unkey-edge --all-targets --target wasm32-unknown-unknown --features "$$f" -- -D warnings; \
	done
	RUSTDOCFLAGS="-D warnings" cargo doc -q -p unkey-edge --no-deps --features reqwest
	RUSTDOCFLAGS="-D warnings" cargo doc -q -p unkey-edge --no-deps --target wasm32-unknown-unknown --features js,js-guard,js-cache
	RUSTDOCFLAGS="-D warnings" cargo doc -q -p unkey-edge --no-deps --target wasm32-unknown-unknown --features gloo

# The unkey-local server: its own tests, then the conformance run of @unkey/api against it.
test-local: setup
	cargo test -p unkey-local
	cargo build -p unkey-local
	UNKEY_LOCAL_BIN=$${CARGO_TARGET_DIR:-target}/debug/unkey-local $(NODE_TEST) tests/conformance/

# unkey-edge on the host, with the native transport, against a real unkey-local process
# (tests/*.rs start it; UNKEY_LOCAL_BIN overrides the binary), plus the derive crate and the
# spec conformance test (reads ../shared/unkey-openapi/ when present). Also checks that the
# crate builds for wasm32 without features.
test-host: setup
	cargo build -p unkey-local
	cargo test -p unkey-edge-derive
	cargo test -p unkey-edge --features reqwest
	cargo check -p unkey-edge --target wasm32-unknown-unknown

test: lint test-local test-host test-wasm test-js test-guard test-ts-example test-migration example-wasm-rs

# The npm package in pkg/: wasm-pack --target web, wasm-opt (npm binaryen), generated
# index.js/index.d.ts and per-runtime entries. See scripts/pkg.sh.
pkg: setup
	bash scripts/pkg.sh

# wasm-bindgen-test suites (tests/wasm*.rs) in Node, headless Chromium and headless Firefox
# (geckodriver), against unkey-local.
.PHONY: test-wasm test-js
test-wasm: setup
	cargo build -q -p unkey-local
	bash scripts/test-wasm.sh

# The packed npm package in Node, in workerd (wrangler bundle, no compatibility flags) and
# against unkey-local's fault modes; the wasm size budget; the golden index.d.ts/index.js.
test-js: pkg
	cargo build -q -p unkey-local
	cargo test -q -p unkey-edge-codegen
	bash scripts/test-js.sh

# The typed Rust client in a wasm-bindgen library (examples/wasm-rs, feature gloo): built like
# the npm package, run in Node, workerd (Miniflare) and Deno against unkey-local; prints its
# wasm size.
.PHONY: example-wasm-rs
example-wasm-rs: setup
	cargo build -q -p unkey-local
	bash scripts/example-wasm-rs.sh

# The TypeScript Worker example (examples/ts-worker), type-checked strictly with tsc against
# @cloudflare/workers-types and the package's own declarations: `guard<Env>(…) satisfies
# ExportedHandler<Env>`; then bundled by wrangler and run in workerd (tests/ts-worker.test.mjs).
.PHONY: test-ts-example
test-ts-example: pkg link-pkg
	tsc -p examples/ts-worker
	$(NODE_TEST) tests/ts-worker.test.mjs

# Programs written for @unkey/api (tests/migration/: service.ts, programs/, workers/), type-checked
# (deno check, tsc) and run against unkey-local as they are and with their imports switched to
# unkey-edge: same output; the Workers bundled by wrangler and run in one workerd (Miniflare).
.PHONY: test-migration
test-migration: pkg
	cargo build -q -p unkey-local
	UNKEY_LOCAL_BIN=$${CARGO_TARGET_DIR:-target}/debug/unkey-local $(NODE_TEST) tests/migration/run.mjs

# ---- The guard (issue #4) ----
.PHONY: worker-rs test-guard link-pkg
# The workers-rs guard Worker (examples/worker-rs) with worker-build, pointed at the local
# wasm-bindgen (lockfile version) and npm's wasm-opt/esbuild so it downloads nothing. Its own
# target dir: sharing one with the root workspace's wasm32 builds (other features, same path
# crate) led cargo to link a stale unkey-edge without the `worker` module.
worker-rs: setup
	cd examples/worker-rs && CARGO_TARGET_DIR="$(CURDIR)/examples/worker-rs/target" \
	  WASM_BINDGEN_BIN="$$(command -v wasm-bindgen)" \
	  WASM_OPT_BIN="$(CURDIR)/node_modules/.bin/wasm-opt" ESBUILD_BIN="$(CURDIR)/node_modules/.bin/esbuild" \
	  worker-build --release

# The examples import "unkey-edge" as users do: node_modules/unkey-edge is pkg/ (like `npm link`).
# (setup first: on a fresh clone node_modules/ does not exist yet.)
link-pkg: setup
	ln -sfn ../pkg node_modules/unkey-edge

# Both guard Workers (root wrangler.toml JS Worker and the workers-rs one) in workerd against
# unkey-local and a recording origin, and the adapters in Hono and Express. The decision core's
# host tests (src/guard/tests.rs) run once, in test-host. Then `deno check` of the guard's and
# adapters' declarations (tests/guard/types-check.ts).
test-guard: pkg worker-rs link-pkg
	cargo build -q -p unkey-local
	UNKEY_LOCAL_BIN=$${CARGO_TARGET_DIR:-target}/debug/unkey-local $(NODE_TEST) --test-concurrency=1 tests/guard/
	bash scripts/guard-types.sh

# Guard throughput/latency in workerd under wrk: unkey-edge JS and workers-rs guards, the same
# guard on @unkey/api (nodejs_compat) and on raw fetch, one unkey-local (release), one run.
.PHONY: bench-guard
bench-guard: pkg worker-rs link-pkg
	cargo build -q --release -p unkey-local
	node bench/guard/run.mjs --seconds 5 --rounds 3 --out bench/guard/results.json

# One command: set up, build, start unkey-local + origin + wrangler dev, walk through, keep
# running until Ctrl-C (DEMO_EXIT=1 exits after the walkthrough).
demo:
	bash scripts/demo.sh

# Mutation testing of the modules that carry the README's promises (TESTING.md): cargo-mutants
# with .cargo/mutants.toml, against the host suites. Slow (about 1.5 h on 2 cores); not in `test`.
.PHONY: mutants
mutants: setup
	command -v cargo-mutants >/dev/null || cargo install --locked cargo-mutants --version 27.1.0
	cargo build -q -p unkey-local
	UNKEY_LOCAL_BIN=$(CURDIR)/target/debug/unkey-local cargo mutants -j 1 --timeout 120

# ---- Benchmarks (results in BENCHMARKS.md) ----
# unkey-local under wrk (verifyKey; its instructions per request under callgrind, which load does
# not move; then analytics.getVerifications' query shapes); the guard
# Workers under wrk; the client package side by side with @unkey/api 2.5.1 and raw fetch
# (sizes, Node/workerd cold start, per-call overhead), each against a release unkey-local. The
# workers-rs guard is included once `make worker-rs` built it.
# Then the verification cache (bench/cache/run.mjs): a cached call's CPU in Node and workerd, and
# the guard at a 90% hit rate with Unkey 20 ms away, against no cache and the raw-fetch guard.
# Timings only: nothing here asserts on them.
bench: pkg link-pkg
	cargo build -q --release -p unkey-local
	bash bench/unkey-local/run.sh
	bash bench/unkey-local/instructions.sh
	bash bench/unkey-local/analytics.sh
	node bench/guard/run.mjs --seconds 5 --rounds 3 --out bench/guard/results.json
	node bench/client/run.mjs
	node bench/cache/run.mjs --out bench/cache/results.json
