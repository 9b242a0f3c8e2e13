// Packaging of `unkey-edge/guard` (the guard's behaviour is tested by the guard's own suites):
// the subpath resolves in Node, exports a working client too (bound to its own wasm, which holds
// client and guard), and the main entry stays guard-free.
import { test } from "node:test";
import assert from "node:assert/strict";

test("unkey-edge/guard exports the client and the guard, from one wasm", async () => {
  const mod = await import("unkey-edge/guard");
  for (const name of ["Unkey", "isUnkeyError", "guard", "withGuard", "createGuard", "forwardedRequest", "forwardHeaders"]) {
    assert.equal(typeof mod[name], "function", name);
  }
  const g = mod.createGuard({ rootKey: "unkey_x", serverURL: "http://127.0.0.1:9", routes: [{ path: "/public/*", public: true }] });
  assert.ok(g, "createGuard built a guard (GuardCore from the guard wasm)");
  // The subpath's client works without the main entry's wasm, and its errors are the same classes.
  const errors = await import("unkey-edge/models/errors");
  const client = new mod.Unkey({ rootKey: "unkey_x", serverURL: "http://127.0.0.1:9", retryConfig: { strategy: "none" } });
  const e = await client.keys.verifyKey({ key: 42 }).then(() => null, (x) => x);
  assert.ok(e instanceof errors.SDKValidationError && mod.isUnkeyError(e));
  const main = await import("unkey-edge");
  assert.equal(main.guard, undefined, "the main entry stays guard-free");
});
