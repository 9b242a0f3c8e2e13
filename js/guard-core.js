// The guard's decision core lives in its own wasm (unkey_edge_guard_bg.wasm, feature
// `js-guard`), instantiated on first use: Workers and bundles that never build a guard don't
// carry it, because nothing here runs at import time (the module is side-effect free and
// tree-shaken away when unused). `#guard-wasm` resolves per runtime through package.json
// "imports" (a compiled module in workerd, bytes read with fs in Node/Deno, base64 elsewhere).
import { GuardCore as Core, initSync } from "./unkey_edge_guard.js";
import guardWasm from "#guard-wasm";

let loaded = false;
function load() {
  if (!loaded) {
    initSync({ module: guardWasm() });
    loaded = true;
  }
}

/** `GuardCore` from the guard wasm, loading it first. */
export class GuardCore extends Core {
  constructor(...args) {
    load();
    super(...args);
  }
  static classify(...args) {
    load();
    return Core.classify(...args);
  }
}
