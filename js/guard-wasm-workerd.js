// workerd: wrangler turns the .wasm import into a compiled WebAssembly.Module.
import wasm from "./unkey_edge_guard_bg.wasm";

export default () => wasm;
