// `unkey-edge/cache` in Node, Deno and Bun: the client with the verification cache (see
// cache-entry-workerd.js), its wasm read beside this file at import.
import { readFileSync } from "node:fs";
import { initSync } from "./unkey_edge_cache.js";

initSync({ module: readFileSync(new URL("./unkey_edge_cache_bg.wasm", import.meta.url)) });

export { Unkey, isUnkeyError } from "./index-cache.js";
export { HTTPClient } from "./http.js";
