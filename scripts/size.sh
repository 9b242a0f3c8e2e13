#!/usr/bin/env bash
# What unkey-edge weighs, next to @unkey/api, measured the same way in the same run.
#
#   bash scripts/size.sh        (after make pkg)
#
# - the package's wasm (raw / gzip -9) and JS glue (as shipped / minified gzip);
# - what a Worker pays: a verifyKey Worker bundled by esbuild like wrangler does
#   (--bundle --minify --format=esm, conditions workerd,worker,browser), JS gzip + wasm gzip;
# - the same Worker with @unkey/api 2.5.1 (`new Unkey().keys.verifyKey`), JS gzip;
# - the browser bundle (esbuild --platform=browser, the inline-wasm entry), gzip.
# Prints a Markdown table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
[ -f pkg/unkey_edge_bg.wasm ] || { echo "size: run make pkg first" >&2; exit 1; }

work=target/size
rm -rf "$work"
mkdir -p "$work/node_modules"
ln -s "$PWD/pkg" "$work/node_modules/unkey-edge"
ln -s "$PWD/node_modules/@unkey" "$work/node_modules/@unkey"
ln -s "$PWD/node_modules/zod" "$work/node_modules/zod" 2>/dev/null || true

gz() { gzip -9c "$1" | wc -c; }
raw() { wc -c < "$1"; }

cat > "$work/edge.js" <<'JS'
import { Unkey } from "unkey-edge";
export default {
  async fetch(req, env) {
    const unkey = new Unkey({ rootKey: env.UNKEY_ROOT_KEY });
    const { data } = await unkey.keys.verifyKey({ key: req.headers.get("x-key") ?? "" });
    return Response.json(data);
  },
};
JS
sed 's/"unkey-edge"/"@unkey\/api"/' "$work/edge.js" > "$work/api.js"
# The same Worker on `unkey-edge/cache`, with the verification cache on.
sed -e 's#"unkey-edge"#"unkey-edge/cache"#' -e 's#rootKey: env.UNKEY_ROOT_KEY }#rootKey: env.UNKEY_ROOT_KEY, cache: true }#' \
  "$work/edge.js" > "$work/edge-cache.js"
grep -q 'cache: true' "$work/edge-cache.js"
cat > "$work/api-core3.js" <<'JS'
import { UnkeyCore } from "@unkey/api/core.js";
import { keysVerifyKey } from "@unkey/api/funcs/keysVerifyKey.js";
import { keysCreateKey } from "@unkey/api/funcs/keysCreateKey.js";
import { ratelimitLimit } from "@unkey/api/funcs/ratelimitLimit.js";
export default {
  async fetch(req, env) {
    const core = new UnkeyCore({ rootKey: env.UNKEY_ROOT_KEY });
    const a = await keysVerifyKey(core, { key: "k" });
    const b = await keysCreateKey(core, { apiId: "api_1" });
    const c = await ratelimitLimit(core, { namespace: "n", identifier: "i", limit: 1, duration: 1000 });
    return Response.json([a, b, c]);
  },
};
JS
# The same Worker written with the standalone functions, as @unkey/api's FUNCTIONS.md writes it.
cat > "$work/edge-funcs.js" <<'JS'
import { UnkeyCore } from "unkey-edge/core.js";
import { keysVerifyKey } from "unkey-edge/funcs/keysVerifyKey.js";
export default {
  async fetch(req, env) {
    const res = await keysVerifyKey(new UnkeyCore({ rootKey: env.UNKEY_ROOT_KEY }), { key: req.headers.get("x-key") ?? "" });
    return Response.json(res.ok ? res.value.data : { error: res.error.name });
  },
};
JS
sed -e 's#unkey-edge/core.js#@unkey/api/core.js#' -e 's#unkey-edge/funcs/#@unkey/api/funcs/#' "$work/edge-funcs.js" > "$work/api-funcs.js"
cat > "$work/guard.js" <<'JS'
import { guard } from "unkey-edge/guard";
export default guard({ routes: [{ path: "/api/*" }], fallback: "deny" });
JS
cat > "$work/browser.js" <<'JS'
import { Unkey } from "unkey-edge";
globalThis.check = (key) => new Unkey({ rootKey: "unkey_x" }).keys.verifyKey({ key });
JS

bundle() { # entry out platform conditions
  esbuild "$work/$1" --bundle --minify --format=esm --platform="$3" --conditions="$4" \
    --loader:.wasm=file --asset-names=[name] --outfile="$work/$2" --log-level=error
}
bundle edge.js edge.out.js browser workerd,worker,browser
bundle edge-cache.js edge-cache.out.js browser workerd,worker,browser
bundle edge-funcs.js edge-funcs.out.js browser workerd,worker,browser
bundle api-funcs.js api-funcs.out.js browser workerd,worker,browser
bundle api.js api.out.js browser workerd,worker,browser
bundle api-core3.js api-core3.out.js browser workerd,worker,browser
bundle browser.js browser.out.js browser browser
bundle guard.js guard.out.js browser workerd,worker,browser
esbuild pkg/unkey_edge.js --minify --format=esm --outfile="$work/glue.min.js" --log-level=error

wasm=pkg/unkey_edge_bg.wasm
w_raw=$(raw $wasm); w_gz=$(gz $wasm)
edge_js=$(gz "$work/edge.out.js"); api_js=$(gz "$work/api.out.js")
kb() { awk -v b="$1" 'BEGIN{printf "%.1f KB", b/1000}'; }
echo "| what | raw bytes | gzip -9 |"
echo "|---|---|---|"
echo "| unkey_edge_bg.wasm (after wasm-opt) | $w_raw | $w_gz ($(kb $w_gz)) |"
echo "| unkey_edge.js glue, as shipped | $(raw pkg/unkey_edge.js) | $(gz pkg/unkey_edge.js) |"
echo "| glue, minified | $(raw $work/glue.min.js) | $(gz $work/glue.min.js) |"
echo "| index.js façade, as shipped | $(raw pkg/index.js) | $(gz pkg/index.js) |"
echo "| Worker (verifyKey), esbuild JS bundle | $(raw $work/edge.out.js) | $edge_js |"
echo "| **Worker total: JS + wasm** | $(( $(raw $work/edge.out.js) + w_raw )) | **$(( edge_js + w_gz )) ($(kb $(( edge_js + w_gz ))))** |"
echo "| @unkey/api 2.5.1 Worker (verifyKey), same esbuild flags | $(raw $work/api.out.js) | **$api_js ($(kb $api_js))** |"
echo "| @unkey/api tree-shaken: UnkeyCore + verifyKey, createKey, ratelimit.limit | $(raw $work/api-core3.out.js) | $(gz $work/api-core3.out.js) |"
echo "| Worker (verifyKey) with the standalone function (\`core.js\` + \`funcs/keysVerifyKey.js\`): JS + wasm | | $(( $(gz $work/edge-funcs.out.js) + w_gz )) |"
echo "| @unkey/api, the same standalone-function Worker, JS | $(raw $work/api-funcs.out.js) | $(gz $work/api-funcs.out.js) |"
c_gz=$(gz pkg/unkey_edge_cache_bg.wasm)
echo "| unkey_edge_cache_bg.wasm (\`unkey-edge/cache\`: client + the cache's policy) | $(raw pkg/unkey_edge_cache_bg.wasm) | $c_gz |"
echo "| Worker (verifyKey) on \`unkey-edge/cache\` with \`cache: true\`: JS + wasm | | $(( $(gz $work/edge-cache.out.js) + c_gz )) |"
g_gz=$(gz pkg/unkey_edge_guard_bg.wasm)
echo "| unkey_edge_guard_bg.wasm (\`unkey-edge/guard\`: client, cache policy and guard) | $(raw pkg/unkey_edge_guard_bg.wasm) | $g_gz |"
echo "| guard Worker total: JS + its one wasm | | $(( $(gz $work/guard.out.js) + g_gz )) |"
echo "| browser bundle (inline base64 wasm), esbuild | $(raw $work/browser.out.js) | $(gz $work/browser.out.js) |"
