// Node and Deno: read the guard wasm beside this file when the guard is first used.
import { readFileSync } from "node:fs";

export default () => readFileSync(new URL("./unkey_edge_guard_bg.wasm", import.meta.url));
