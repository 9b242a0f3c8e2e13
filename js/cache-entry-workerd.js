// `unkey-edge/cache` in Cloudflare Workers: the client with the verification cache
// (`new Unkey({ rootKey, cache })`). Its own wasm (features `js` + `js-cache`), so that Workers
// importing only `unkey-edge` never carry the cache (4.4 KB gzip of wasm, 1.4 KB of JS).
import wasm from "./unkey_edge_cache_bg.wasm";
import * as workers from "cloudflare:workers";
import { useEnv } from "./index-cache.js";
import { initSync } from "./unkey_edge_cache.js";

initSync({ module: wasm });
// UNKEY_ROOT_KEY and UNKEY_DEBUG as bindings, read as @unkey/api reads them from `process.env`
// (a namespace import: a workerd without `env` there leaves it undefined).
useEnv(workers.env);

export { Unkey, isUnkeyError } from "./index-cache.js";
export { HTTPClient } from "./http.js";
