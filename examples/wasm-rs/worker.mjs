// The example's wasm in a Cloudflare Worker (workerd, through Miniflare in test.mjs): the
// wasm-bindgen --target web glue with the module Workers hand in, as the npm package does.
import { Demo, initSync } from "./build/unkey_edge_example_wasm_rs.js";
import wasm from "./build/unkey_edge_example_wasm_rs_bg.wasm";

initSync({ module: wasm });

export default {
  async fetch(req, env) {
    const demo = new Demo(env.SERVER_URL, env.ROOT_KEY);
    try {
      const out = await demo.createAndVerify(`wasm_rs_worker_${Date.now()}`, 3);
      const missing = await demo.verifyKey({ key: "sk_not_a_key" });
      return Response.json({ out, missing: missing.data.code });
    } catch (e) {
      return Response.json({ name: e.name, message: e.message }, { status: 500 });
    }
  },
};
