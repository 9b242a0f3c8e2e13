// The packed package inside workerd: worker/worker.js bundled by wrangler (`wrangler deploy
// --dry-run`, the same esbuild pipeline as a deploy) into worker/dist by scripts/test-js.sh,
// then run by Miniflare with no compatibility flags.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Miniflare } from "miniflare";
import { serverURL, rootKey } from "./local.mjs";

let mf;

before(async () => {
  mf = new Miniflare({
    modules: true,
    scriptPath: "worker/dist/worker.js",
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-01-01",
    compatibilityFlags: [],
    bindings: { ROOT_KEY: rootKey, SERVER_URL: serverURL },
  });
  await mf.ready;
});

after(async () => {
  await mf?.dispose();
});

async function get(path) {
  const res = await mf.dispatchFetch(`http://worker${path}`);
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body;
}

test("workerd: create, verify and ratelimit through the bundled package", async () => {
  const r = await get("/flow");
  assert.match(r.key, /^wk_/);
  assert.equal(r.valid, true);
  assert.match(r.requestId, /\S/);
  assert.equal(r.missingCode, "NOT_FOUND");
  assert.deepEqual(r.limits, [true, false]);
});

test("workerd: a rootKey function, with one client kept across requests", async () => {
  for (let i = 0; i < 2; i++) {
    const r = await get("/rootkey-fn");
    assert.match(r.apiId, /\S/);
    assert.equal(r.valid, false);
    assert.equal(r.code, "NOT_FOUND");
  }
});

test("workerd: typed errors, validation, network, config; instance survives", async () => {
  const r = await get("/errors");
  for (const e of [r.api, r.validation, r.undef, r.network, r.config]) {
    assert.equal(e.isUnkeyError, true, JSON.stringify(e));
    assert.ok(!e.dump.includes(rootKey), `the root key is in a ${e.kind} error`);
    assert.equal(e.instanceofError, true);
    assert.match(e.name, /Error(Response)?$/);
    assert.equal(e.instanceofClass, true, e.name);
  }
  assert.deepEqual(
    [r.api, r.validation, r.network, r.config].map((e) => e.name),
    ["NotFoundErrorResponse", "SDKValidationError", "ConnectionError", "InvalidRequestError"],
  );
  assert.equal(r.api.kind, "api");
  assert.equal(r.api.statusCode, 404);
  assert.match(r.api.type, /key_not_found$/);
  assert.match(r.api.requestId, /\S/);
  assert.equal(r.validation.kind, "validation");
  assert.equal(r.validation.location, "body.key");
  assert.equal(r.undef.kind, "validation");
  assert.equal(r.network.kind, "network");
  assert.equal(r.config.kind, "config");
  assert.equal(r.afterCode, "NOT_FOUND");
});


test("workerd: the standalone functions (unkey-edge/core.js, unkey-edge/funcs/*.js) answer Results; httpClient hooks run", async () => {
  assert.deepEqual(await get("/funcs"), {
    hooked: [1, true],
    instance: true,
    verified: "VALID",
    missing: [false, "SDKValidationError"],
    pages: [1, 1],
  });
});

test("workerd: unkey-edge/ratelimit in a Worker bundled by wrangler", async () => {
  assert.deepEqual(await get("/ratelimit"), [true, false, false]);
});

test("workerd: the verification cache's shared tier (caches.default) answers a new isolate's miss", async () => {
  const { Unkey } = await import("unkey-edge");
  const admin = new Unkey({ rootKey, serverURL });
  const apiId = (await admin.apis.createApi({ name: "worker_shared" })).data.apiId;
  const { key } = (await admin.keys.createKey({ apiId })).data;
  const q = (extra = "") => get(`/shared?key=${encodeURIComponent(key)}${extra}`);
  assert.deepEqual(await q(), { sent: 1, code: "VALID" });
  assert.deepEqual(await q(), { sent: 0, code: "VALID" });
  // Invalidated by key: the next new client asks Unkey again.
  assert.deepEqual(await q("&invalidate=1"), { sent: 1, code: "VALID" });
  // A key that spends is never put there.
  const spender = (await admin.keys.createKey({ apiId, credits: { remaining: 10 } })).data.key;
  for (let i = 0; i < 2; i++) assert.deepEqual(await get(`/shared?key=${spender}`), { sent: 1, code: "VALID" });
  // An unknown key: one request for every isolate of the location, for the negative TTL.
  const bad = `wk_nope_${Date.now()}`;
  assert.deepEqual(await get(`/shared?key=${bad}`), { sent: 1, code: "NOT_FOUND" });
  assert.deepEqual(await get(`/shared?key=${bad}`), { sent: 0, code: "NOT_FOUND" });
});
