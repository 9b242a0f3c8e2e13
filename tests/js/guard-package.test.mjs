// Packaging of `unkey-edge/guard` (the guard's behaviour is tested by the guard's own suites):
// the subpath resolves in Node, exports the client too, and its own wasm loads on first use.
import { test } from "node:test";
import assert from "node:assert/strict";

test("unkey-edge/guard exports the client and the guard; the guard wasm loads lazily", async () => {
  const mod = await import("unkey-edge/guard");
  for (const name of ["Unkey", "isUnkeyError", "guard", "withGuard", "createGuard", "forwardedRequest"]) {
    assert.equal(typeof mod[name], "function", name);
  }
  const g = mod.createGuard({ rootKey: "unkey_x", serverURL: "http://127.0.0.1:9", routes: [{ path: "/public/*", public: true }] });
  assert.ok(g, "createGuard built a guard (GuardCore from the guard wasm)");
  const main = await import("unkey-edge");
  assert.equal(main.guard, undefined, "the main entry stays guard-free");
  assert.equal(main.Unkey, mod.Unkey, "one client, one wasm instance");
});
