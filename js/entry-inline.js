// Browsers through any bundler, and every other runtime: the wasm is inlined as base64
// (generated into unkey_edge_bg.inline.js by `make pkg`), so no bundler plugin, asset URL or
// top-level await is needed and `new Unkey()` works right after import.
import { initSync } from "./unkey_edge.js";
import { WASM_BASE64 } from "./unkey_edge_bg.inline.js";
import { wasmBytes } from "./wasm-bytes.js";

initSync({ module: wasmBytes(WASM_BASE64) });

export { Unkey, isUnkeyError } from "./index.js";
export { HTTPClient } from "./http.js";
