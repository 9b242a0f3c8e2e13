// Runs the example's exported functions against unkey-local (UNKEY_LOCAL_URL, UNKEY_ROOT_KEY
// from scripts/with-unkey-local.sh) in Node, and in Deno (`deno test`, same file); and, from
// Node, in workerd through Miniflare (worker.mjs). The module is the wasm-bindgen --target web
// build in build/ (make example-wasm-rs), instantiated as a Node app would.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Demo, initSync } from "./build/unkey_edge_example_wasm_rs.js";

initSync({ module: readFileSync(new URL("./build/unkey_edge_example_wasm_rs_bg.wasm", import.meta.url)) });
const url = process.env.UNKEY_LOCAL_URL;
const rootKey = process.env.UNKEY_ROOT_KEY;

test("typed models reach JS as plain objects", async () => {
  const demo = new Demo(url, rootKey);
  const out = await demo.createAndVerify(`wasm_rs_${Date.now()}`, 3);
  assert.match(out.apiId, /^api_/);
  assert.match(out.keyId, /^key_/);
  assert.equal(out.verification.valid, true);
  assert.equal(out.verification.code, "VALID");
  assert.equal(out.verification.credits, 2);
  assert.equal(Object.getPrototypeOf(out.verification), Object.prototype);
});

test("JS input is checked by the schema, then sent", async () => {
  const demo = new Demo(url, rootKey);
  const res = await demo.verifyKey({ key: "sk_not_a_key" });
  assert.equal(res.data.valid, false);
  assert.equal(res.data.code, "NOT_FOUND");
  assert.match(res.meta.requestId, /./);
  await assert.rejects(demo.verifyKey({ key: 5 }), (e) => e.name === "validation" && /body\.key/.test(e.message));
  // A member the operation does not declare is dropped before sending, as @unkey/api drops it.
  const dropped = await demo.verifyKey({ key: "k", nope: 1 });
  assert.equal(dropped.data.code, "NOT_FOUND");
  await assert.rejects(demo.verifyKey(10n), (e) => e.name === "validation");
});

test("API errors are typed and never carry the root key", async () => {
  const demo = new Demo(url, "unkey_wrong_example_key");
  await assert.rejects(demo.verifyKey({ key: "sk_x" }), (e) => {
    assert.equal(e.name, "api");
    assert.ok(!e.message.includes("unkey_wrong_example_key"));
    assert.ok(!e.stack.includes("unkey_wrong_example_key"));
    return true;
  });
  assert.throws(() => new Demo(url, ""), (e) => e.name === "config");
});

test("the same wasm in a Worker (workerd, Miniflare)", { skip: typeof Deno !== "undefined" && "workerd runs from Node" }, async () => {
  const { Miniflare } = await import("miniflare");
  const mf = new Miniflare({
    modules: true,
    scriptPath: new URL("./worker.mjs", import.meta.url).pathname,
    modulesRules: [
      { type: "ESModule", include: ["**/*.js"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: "2025-01-01",
    compatibilityFlags: [],
    bindings: { ROOT_KEY: rootKey, SERVER_URL: url },
  });
  try {
    const res = await mf.dispatchFetch("http://worker/");
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.out.verification.valid, true);
    assert.equal(body.out.verification.credits, 2);
    assert.equal(body.missing, "NOT_FOUND");
  } finally {
    await mf.dispose();
  }
});
