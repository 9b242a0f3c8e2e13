// `unkey-edge/guard` everywhere else: the one wasm of client and guard (see
// guard-entry-workerd.js), inlined as base64 (unkey_edge_guard_bg.inline.js).
import { initSync } from "./unkey_edge_guard.js";
import { WASM_BASE64 } from "./unkey_edge_guard_bg.inline.js";

const text = atob(WASM_BASE64);
const bytes = new Uint8Array(text.length);
for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
initSync({ module: bytes });

export { Unkey, isUnkeyError } from "./index-guard.js";
export { guard, withGuard, createGuard, forwardedRequest, forwardHeaders } from "./guard.js";
