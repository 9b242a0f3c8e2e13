#!/usr/bin/env bash
# Type-check tests/guard/types-check.ts with `deno check` against pkg/'s guard and adapter
# declarations, and tests/guard/types-check.cts with tsc as a CommonJS module (`module: node16`,
# the `.d.cts` declarations `require` gets) (run by `make test-guard` after `make pkg`). A scratch copy of pkg/ in its own
# package scope: checked from inside the repo, Deno would also pull in the workspace's
# node_modules and ask for @types/node. Skipped with a notice when Deno is missing (a failure
# under CI=true).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v deno >/dev/null 2>&1; then
  if [ "${CI:-}" = true ]; then
    echo "guard-types: deno not installed and CI=true: scripts/setup.sh installs it (pip install deno)" >&2
    exit 1
  fi
  echo "guard-types: deno not installed; skipping the declaration check" >&2
  exit 0
fi
scratch=${CARGO_TARGET_DIR:-target}/guard-types
rm -rf "$scratch"
mkdir -p "$scratch/node_modules"
cp -rL pkg "$scratch/node_modules/unkey-edge"
ln -s "$PWD/node_modules/hono" "$scratch/node_modules/hono"
printf '{ "private": true, "type": "module" }\n' >"$scratch/package.json"
cp tests/guard/types-check.ts tests/guard/types-check.cts "$scratch/"
tsc="$PWD/node_modules/.bin/tsc"
cd "$scratch"
NO_COLOR=1 deno check types-check.ts
"$tsc" --noEmit --strict --exactOptionalPropertyTypes --module node16 --moduleResolution node16 \
  --target es2022 --lib es2022,dom --skipLibCheck false types-check.cts
