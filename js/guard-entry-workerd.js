// `unkey-edge/guard` in Cloudflare Workers: one wasm holding the client and the guard
// (unkey_edge_guard_bg.wasm, features `js` + `js-guard`), instantiated at import like the client's.
// A separate subpath with its own wasm, so that Workers importing only `unkey-edge` never bundle
// or upload the guard (wrangler uploads every wasm an import graph reaches), and a guard Worker
// uploads one wasm, not two.
import wasm from "./unkey_edge_guard_bg.wasm";
import * as workers from "cloudflare:workers";
import { useEnv } from "./index-guard.js";
import { initSync } from "./unkey_edge_guard.js";

initSync({ module: wasm });
// UNKEY_ROOT_KEY and UNKEY_DEBUG as bindings, read as @unkey/api reads them from `process.env`
// (a namespace import: a workerd without `env` there leaves it undefined).
useEnv(workers.env);

export { Unkey, isUnkeyError } from "./index-guard.js";
export { HTTPClient } from "./http.js";
export { guard, withGuard, createGuard, forwardedRequest, forwardHeaders, forwardNodeHeaders, platformIp } from "./guard.js";
