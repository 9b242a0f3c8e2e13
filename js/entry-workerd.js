// Cloudflare Workers (wrangler, miniflare): the bundler turns a `.wasm` import into a
// compiled `WebAssembly.Module`, so instantiation is synchronous and needs no fetch.
import wasm from "./unkey_edge_bg.wasm";
import { initSync } from "./unkey_edge.js";

initSync({ module: wasm });

export { Unkey, isUnkeyError } from "./index.js";
export { HTTPClient } from "./http.js";
