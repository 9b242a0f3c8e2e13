// `unkey-edge/cache` everywhere else: the client with the verification cache (see
// cache-entry-workerd.js), its wasm inlined as base64 (unkey_edge_cache_bg.inline.js).
import { initSync } from "./unkey_edge_cache.js";
import { WASM_BASE64 } from "./unkey_edge_cache_bg.inline.js";
import { wasmBytes } from "./wasm-bytes.js";

initSync({ module: wasmBytes(WASM_BASE64) });

export { Unkey, isUnkeyError } from "./index-cache.js";
export { HTTPClient } from "./http.js";
