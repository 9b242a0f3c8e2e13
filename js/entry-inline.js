// Browsers through any bundler, and every other runtime: the wasm is inlined as base64
// (generated into unkey_edge_bg.inline.js by `make pkg`), so no bundler plugin, asset URL or
// top-level await is needed and `new Unkey()` works right after import.
import { initSync } from "./unkey_edge.js";
import { WASM_BASE64 } from "./unkey_edge_bg.inline.js";

const text = atob(WASM_BASE64);
const bytes = new Uint8Array(text.length);
for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
initSync({ module: bytes });

export { Unkey, isUnkeyError } from "./index.js";
