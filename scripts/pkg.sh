#!/usr/bin/env bash
# Builds the npm package into pkg/: one wasm build, used unchanged by every runtime.
#
#   1. wasm-pack (--target web: the bundler target fails under wrangler with
#      "__wbindgen_start is not a function"), three times, no optimisation: the client (features
#      js,lol_alloc), the client with the verification cache (+js-cache, `unkey-edge/cache`) and
#      client + cache + guard (+js-guard, `unkey-edge/guard`);
#   2. wasm-opt (-Oz and friends) from npm binaryen (never Debian's: its output fails to load);
#   3. index.js + index.d.ts rendered from the operation tables (unkey-edge-codegen);
#   4. the per-runtime entry files (js/entry-*.js), the base64 copy of the wasm for the
#      inline entry, and package.json (js/package.json with the crate's version).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

wasm_opt="$PWD/node_modules/.bin/wasm-opt"
[ -x "$wasm_opt" ] || { echo "pkg: $wasm_opt missing (npm ci installs binaryen)" >&2; exit 1; }

rm -rf pkg target/pkg-guard
# build NAME FEATURES OUT_DIR: one wasm-pack build, then wasm-opt in place.
build() {
  wasm-pack --quiet build --release --target web --mode no-install --no-opt --no-pack \
    --no-typescript --no-gitignore --out-dir "$3" --out-name "$1" . -- --features "$2"
  # Panics trap at once (what panic=abort does here anyway), so wasm-opt drops std's panic
  # hook and the formatting code only panics used: -2.4 KB gzip on each wasm
  # (scripts/wasm-panic-trap.mjs; BENCHMARKS.md, "Package size").
  node scripts/wasm-panic-trap.mjs "$3/$1_bg.wasm" "$3/$1_bg.wasm"
  # flatten + rereloop before -Oz, to a fixed point: 0.2 KB gzip smaller than plain -Oz (6 s).
  "$wasm_opt" --flatten --rereloop -Oz -Oz --converge --strip-debug --strip-producers \
    "$3/$1_bg.wasm" -o "$3/$1_bg.wasm"
}
# The client (UnkeyCore); and for `unkey-edge/guard` one wasm with the client and the guard
# (UnkeyCore + GuardCore), so a Worker that only calls the API does not carry the guard, and a
# guard Worker uploads one wasm (see js/guard-entry-workerd.js).
build unkey_edge js,lol_alloc pkg
# `unkey-edge/cache`: the client with the verification cache's policy (js-cache, +4.4 KB gzip
# that `unkey-edge` leaves out); the guard's wasm has it too.
build unkey_edge_cache js,js-cache,lol_alloc target/pkg-cache
build unkey_edge_guard js,js-guard,js-cache,lol_alloc target/pkg-guard
mv target/pkg-cache/unkey_edge_cache.js target/pkg-cache/unkey_edge_cache_bg.wasm pkg/
mv target/pkg-guard/unkey_edge_guard.js target/pkg-guard/unkey_edge_guard_bg.wasm pkg/
rm -rf target/pkg-guard target/pkg-cache

# The generated glue ships without comments and whitespace (names kept, so stack traces stay
# readable): wrangler does not minify by default, and this is ~1 KB gzip a Worker would carry.
for glue in pkg/unkey_edge.js pkg/unkey_edge_cache.js pkg/unkey_edge_guard.js; do
  esbuild "$glue" --minify-whitespace --minify-syntax --format=esm --log-level=error --outfile="$glue.min"
  mv "$glue.min" "$glue"
done

cargo run --quiet -p unkey-edge-codegen -- pkg
# The same façade bound to the cache and guard subpaths' wasms (their one difference: the glue
# they import); `unkey-edge`'s own leaves the cache's store out (js/facade.js says why).
sed 's#from "./unkey_edge.js"#from "./unkey_edge_guard.js"#' pkg/index.js > pkg/index-guard.js
grep -q 'from "./unkey_edge_guard.js"' pkg/index-guard.js
sed 's#from "./unkey_edge.js"#from "./unkey_edge_cache.js"#' pkg/index.js > pkg/index-cache.js
grep -q 'from "./unkey_edge_cache.js"' pkg/index-cache.js
sed -i 's#^import { VerifyCacheStore } from "./cache.js";$#const VerifyCacheStore = undefined;#' pkg/index.js
grep -q '^const VerifyCacheStore = undefined;$' pkg/index.js
cp js/entry-workerd.js js/entry-node.js js/entry-inline.js js/wasm-bytes.js js/errors.js js/errors.d.ts js/cache.js js/fp.js js/fp.d.ts js/http.js js/http.d.ts js/retries.d.ts js/sdks.d.ts js/logger.d.ts js/types-only.js js/core-entry-*.js js/core-entry.d.ts \
  js/ratelimit.js js/ratelimit.d.ts js/ratelimit-entry-*.js js/cache-entry-*.js js/cache-entry.d.ts pkg/
# The declarations of @unkey/api's entries once more as CommonJS ones (`.d.cts`, each importing
# its siblings' `.cjs` names), which package.json's `types` gives a `require` (a CommonJS
# TypeScript project: it runs on Node's require() of ES modules, and tsc refuses a .d.ts of an
# ES module there, TS1479).
for f in pkg/{index,core-entry,fp,http,retries,sdks,logger,errors,components,operations}.d.ts pkg/funcs/*.d.ts; do
  sed 's#from "\(\.\{1,2\}/[^"]*\)\.js"#from "\1.cjs"#g' "$f" > "${f%.d.ts}.d.cts"
done
grep -q 'from "./errors.cjs"' pkg/index.d.cts
# The guard (issue #4), under `unkey-edge/guard`: its JS, loader, declarations and adapters.
cp js/guard.js js/guard-entry-*.js js/guard-entry.d.ts pkg/
if [ -f js/guard.d.ts ]; then cp js/guard.d.ts pkg/; fi
if [ -d js/adapters ]; then cp -r js/adapters pkg/; fi
# Our own subpaths' declarations as CommonJS ones too (an Express app in CommonJS TypeScript
# imports `unkey-edge/express`), made as the entries' above are.
for f in pkg/{guard-entry,guard,cache-entry,ratelimit}.d.ts pkg/adapters/*.d.ts; do
  sed 's#from "\(\.\{1,2\}/[^"]*\)\.js"#from "\1.cjs"#g' "$f" > "${f%.d.ts}.d.cts"
done
grep -q 'from "./guard.cjs"' pkg/guard-entry.d.cts
node -e '
const fs = require("fs");
for (const name of ["unkey_edge", "unkey_edge_cache", "unkey_edge_guard"]) {
  const b64 = fs.readFileSync(`pkg/${name}_bg.wasm`).toString("base64");
  fs.writeFileSync(`pkg/${name}_bg.inline.js`,
    "// The wasm module, base64-encoded (generated by make pkg).\nexport const WASM_BASE64 = \"" + b64 + "\";\n");
}
'
version=$(awk -F'"' '/^version = /{print $2; exit}' Cargo.toml)
sed "s/@VERSION@/$version/" js/package.json > pkg/package.json
cp LICENSE-MIT LICENSE-APACHE pkg/
# npm shows the package's own README (js/README.md: install line first, no links into the repository).
cp js/README.md pkg/README.md
ls -l pkg >&2
