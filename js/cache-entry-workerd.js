// `unkey-edge/cache` in Cloudflare Workers: the client with the verification cache
// (`new Unkey({ rootKey, cache })`). Its own wasm (features `js` + `js-cache`), so that Workers
// importing only `unkey-edge` never carry the cache (4.4 KB gzip of wasm, 1.4 KB of JS).
import wasm from "./unkey_edge_cache_bg.wasm";
import { initSync } from "./unkey_edge_cache.js";

initSync({ module: wasm });

export { Unkey, isUnkeyError } from "./index-cache.js";
export { HTTPClient } from "./http.js";
