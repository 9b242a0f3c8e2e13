// `unkey-edge/guard` in Node and Deno: the one wasm of client and guard (see
// guard-entry-workerd.js), read beside this file at import.
import { readFileSync } from "node:fs";
import { initSync } from "./unkey_edge_guard.js";

initSync({ module: readFileSync(new URL("./unkey_edge_guard_bg.wasm", import.meta.url)) });

export { Unkey, isUnkeyError } from "./index-guard.js";
export { HTTPClient } from "./http.js";
export { guard, withGuard, createGuard, forwardedRequest, forwardHeaders, forwardNodeHeaders, platformIp } from "./guard.js";
