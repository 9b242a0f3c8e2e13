// `unkey-edge/guard` everywhere else: the one wasm of client and guard (see
// guard-entry-workerd.js), inlined as base64 (unkey_edge_guard_bg.inline.js).
import { initSync } from "./unkey_edge_guard.js";
import { WASM_BASE64 } from "./unkey_edge_guard_bg.inline.js";
import { wasmBytes } from "./wasm-bytes.js";

initSync({ module: wasmBytes(WASM_BASE64) });

export { Unkey, isUnkeyError } from "./index-guard.js";
export { HTTPClient } from "./http.js";
export { guard, withGuard, createGuard, forwardedRequest, forwardHeaders, forwardNodeHeaders, platformIp } from "./guard.js";
