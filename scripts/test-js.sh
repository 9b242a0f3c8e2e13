#!/usr/bin/env bash
# Tests the built npm package (pkg/) the way users get it: `npm pack`, installed into a scratch
# project, then
#   - Node (node:test): tests/js/node.test.mjs, size.test.mjs
#   - workerd: tests/js/worker/ bundled by wrangler (`deploy --dry-run`, no compatibility
#     flags) and run by Miniflare: tests/js/worker.test.mjs
#   - fault modes (unkey-local --faults): tests/js/faults.test.mjs
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
cp "$root"/tests/js/*.test.mjs "$root"/tests/js/size-budget.json .
cp -r "$root"/tests/js/worker .

# Bundle the Worker exactly as `wrangler deploy` would, and record what it weighs.
(cd worker && WRANGLER_SEND_METRICS=false wrangler deploy --dry-run --outdir dist \
  --config wrangler.toml 2>&1 | grep -E 'Total Upload|unkey_edge|error|ERROR' >&2 || true)
ls worker/dist/*.wasm >/dev/null

with_local="$root/scripts/with-unkey-local.sh"
"$with_local" -- node --test node.test.mjs size.test.mjs worker.test.mjs guard-package.test.mjs
if [ -f faults.test.mjs ]; then
  "$with_local" --faults -- node --test faults.test.mjs
fi
