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

test("a guard without a root key refuses the request and reports a config error, sending nothing", async () => {
  const mod = await import("unkey-edge/guard");
  const reported = [];
  let sent = 0;
  const g = mod.createGuard({
    serverURL: "http://127.0.0.1:9",
    fetch: () => {
      sent += 1;
      return Promise.reject(new Error("nothing may be sent"));
    },
    routes: [{ path: "/api/*" }],
    onError: (e) => reported.push(e),
  });
  const headers = new Headers({ authorization: "Bearer sk_123" });
  // Neither the option, nor the binding, nor the environment (the suite's server sets it).
  const saved = process.env.UNKEY_ROOT_KEY;
  delete process.env.UNKEY_ROOT_KEY;
  try {
    for (const env of [{}, { UNKEY_ROOT_KEY: "" }]) {
      const d = await g.check({ method: "GET", path: "/api/x", header: (n) => headers.get(n), headerNames: () => [...headers.keys()], ip: "127.0.0.1" }, env);
      assert.equal(d.action, "deny");
      assert.ok(d.status >= 500, String(d.status));
    }
  } finally {
    if (saved !== undefined) process.env.UNKEY_ROOT_KEY = saved;
  }
  assert.equal(sent, 0);
  assert.equal(reported.length, 2);
  for (const e of reported) {
    assert.equal(e.kind, "config");
    assert.match(e.message, /UNKEY_ROOT_KEY/);
  }
});

test("a misspelt top-level guard option is a config error, not silently dropped", async () => {
  const mod = await import("unkey-edge/guard");
  const base = { rootKey: "unkey_x", serverURL: "http://127.0.0.1:9", routes: [{ path: "/api/*" }] };
  // `fallBack: "deny"` dropped would leave the default fallback (any valid key passes).
  for (const [name, value] of [["fallBack", "deny"], ["failopen", true], ["onErorr", () => {}]]) {
    assert.throws(() => mod.createGuard({ ...base, [name]: value }), (e) => e.message.includes(`options.${name} is not an option`), name);
  }
  // The options the JS side reads are not reported.
  const g = mod.createGuard({ ...base, fallback: "deny", onError: () => {}, respond: () => undefined, requestId: () => "r", ip: () => "1.2.3.4", fetch, key: () => null, cache: false });
  const d = await g.check({ method: "GET", path: "/other", header: () => null, headerNames: () => [] }, {});
  assert.equal(d.status, 404);
});
