// Cloudflare Workers (wrangler, miniflare): the bundler turns a `.wasm` import into a
// compiled `WebAssembly.Module`, so instantiation is synchronous and needs no fetch.
import wasm from "./unkey_edge_bg.wasm";
import * as workers from "cloudflare:workers";
import { useEnv } from "./index.js";
import { initSync } from "./unkey_edge.js";

initSync({ module: wasm });
// UNKEY_ROOT_KEY and UNKEY_DEBUG as bindings, read as @unkey/api reads them from `process.env`
// (a namespace import: a workerd without `env` there leaves it undefined).
useEnv(workers.env);

export { Unkey, isUnkeyError } from "./index.js";
export { HTTPClient } from "./http.js";
