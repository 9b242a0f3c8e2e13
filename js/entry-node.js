// Node >= 18 (ESM) and Deno: read the wasm beside this file synchronously at import.
import { readFileSync } from "node:fs";
import { initSync } from "./unkey_edge.js";

initSync({ module: readFileSync(new URL("./unkey_edge_bg.wasm", import.meta.url)) });

export { Unkey, isUnkeyError } from "./index.js";
export { HTTPClient } from "./http.js";
