#!/usr/bin/env bash
# Tests the built npm package (pkg/) the way users get it: `npm pack`, installed into a scratch
# project, then
#   - Node (node:test): tests/js/node.test.mjs, size.test.mjs
#   - workerd: tests/js/worker/ bundled by wrangler (`deploy --dry-run`, no compatibility
#     flags) and run by Miniflare: tests/js/worker.test.mjs
#   - Chromium: tests/js/browser/app.js bundled by esbuild for the browser, driven over
#     WebDriver: tests/js/browser.test.mjs
#   - fault modes (unkey-local --faults): tests/js/faults.test.mjs
#   - the verification cache, requests counted server-side: tests/js/cache.test.mjs
#   - @unkey/api drop-in: the standalone functions (core.js, funcs/*.js), HTTPClient: dropin.test.mjs
#   - portal sessions (unkey-local --dashboard): tests/js/portal.test.mjs
#   - Deno: node.test.mjs again under `deno test`; `deno check` of types-check.ts (index.d.ts)
#   - Bun: node.test.mjs, cache.test.mjs and dropin.test.mjs again under `bun test`
#   - Vercel's edge-runtime: the package bundled as an edge function, tests/js/edge-runtime.test.mjs
# each against a fresh unkey-local process. Expects `make pkg` and `cargo build -p unkey-local`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$root/node_modules/.bin:$PATH"
[ -f pkg/package.json ] || { echo "test-js: run make pkg first" >&2; exit 1; }

scratch=$root/target/js-scratch
rm -rf "$scratch"
mkdir -p "$scratch"
(cd pkg && npm pack --silent --pack-destination "$scratch" >/dev/null)
cd "$scratch"
printf '{ "name": "scratch", "private": true, "type": "module" }\n' > package.json
npm install --silent --no-audit --no-fund --no-package-lock ./unkey-edge-*.tgz
cp "$root"/tests/js/*.test.mjs "$root"/tests/js/local.mjs "$root"/tests/js/size-budget.json "$root"/tests/js/types-check.ts .
cp -r "$root"/tests/js/worker "$root"/tests/js/browser .
export UNKEY_EDGE_ROOT=$root CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}

# Bundle the Worker exactly as `wrangler deploy` would, and record what it weighs.
(cd worker && WRANGLER_SEND_METRICS=false wrangler deploy --dry-run --outdir dist \
  --config wrangler.toml 2>&1 | grep -E 'Total Upload|unkey_edge|error|ERROR' >&2 || true)
ls worker/dist/*.wasm >/dev/null

# The build's own wasm rewriter, on a fixture (scripts/test/).
node --test --test-timeout=60000 "$root/scripts/test/wasm-panic-trap.test.mjs"

with_local="$root/scripts/with-unkey-local.sh"
"$with_local" -- node --test --test-timeout=180000 node.test.mjs size.test.mjs worker.test.mjs guard-package.test.mjs \
  browser.test.mjs edge-runtime.test.mjs
# Deno (2.x, from PyPI via setup.sh) runs the same Node suite unchanged (condition "deno").
# It also type-checks tests/js/types-check.ts against the package's index.d.ts.
if command -v deno >/dev/null 2>&1; then
  NO_COLOR=1 deno check types-check.ts
  NO_COLOR=1 "$with_local" -- deno test --no-check --allow-read --allow-env --allow-net node.test.mjs
elif [ "${CI:-}" = true ]; then
  echo "test-js: deno not installed and CI=true: scripts/setup.sh installs it (pip install deno)" >&2
  exit 1
else
  echo "test-js: deno not installed; skipping the Deno run" >&2
fi
# The verification cache, counting requests on a server of its own (tests/js/cache.test.mjs).
"$with_local" --faults -- node --test --test-timeout=180000 cache.test.mjs
# The @unkey/api drop-in parts: standalone functions, HTTPClient (tests/js/dropin.test.mjs; faults of its own).
"$with_local" --faults -- node --test --test-timeout=180000 dropin.test.mjs
# Bun (1.x, from npm: a devDependency) runs the Node suite and the cache suite unchanged (its
# runner takes node:test).
bun="$root/node_modules/.bin/bun"
if [ -x "$bun" ]; then
  "$with_local" -- "$bun" test --timeout 180000 ./node.test.mjs
  "$with_local" --faults -- "$bun" test --timeout 180000 ./cache.test.mjs
  "$with_local" --faults -- "$bun" test --timeout 180000 ./dropin.test.mjs
elif [ "${CI:-}" = true ]; then
  echo "test-js: bun missing and CI=true: npm ci installs it (devDependency)" >&2
  exit 1
else
  echo "test-js: bun not installed (npm ci); skipping the Bun run" >&2
fi
# portal.* needs a configured portal (/_local/dashboard/portal).
"$with_local" --dashboard -- node --test --test-timeout=180000 portal.test.mjs
# Last, so the run ends with node:test's summary.
"$with_local" --faults -- node --test --test-timeout=180000 faults.test.mjs
