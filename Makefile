# unkey-edge — every entry point a user or CI needs.
#   make demo   the guarded Worker against unkey-local, with a scripted walkthrough
#   make test   every test (installs the toolchain it needs first)
#   make pkg    the npm package in pkg/
#   make bench  benchmarks, side by side with @unkey/api (results in BENCHMARKS.md)
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: setup lint test demo pkg bench test-local test-host

setup:
	bash scripts/setup.sh

lint: setup
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

# The unkey-local server: its own tests, then the conformance run of @unkey/api against it.
test-local: setup
	cargo test -p unkey-local

# unkey-edge on the host, with the native transport, against a real unkey-local process.
test-host: setup
	cargo test -p unkey-edge

test: lint test-local test-host
