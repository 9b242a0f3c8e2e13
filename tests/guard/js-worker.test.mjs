// The JS guard Worker of the root wrangler.toml (examples/guard-worker), bundled by wrangler.
import { guardSuite } from "./cases.mjs";
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildJsWorker, ROOT_KEY, startUnkeyLocal, startOrigin, seed, startWorker } from "./harness.mjs";

guardSuite("JS (root wrangler.toml)", buildJsWorker);

// The verification cache's shared tier (caches.default) in the guard. Two isolates of a location
// are two Miniflare runs on one cache directory, one after the other (workerd keeps the Cache API
// in SQLite, which two live processes cannot share): what the first verified, the second
// answers without asking Unkey; a key that spends is asked by both.
describe("JS guard: GUARD_CACHE_SHARED across isolates", () => {
  let unkey, origin, keys, apiId, dir, vars;
  const verifications = async () => (await (await fetch(`${unkey.url}/_local/requests`)).json()).paths["/v2/keys.verifyKey"] ?? 0;

  before(async () => {
    unkey = await startUnkeyLocal(["--faults"]);
    origin = await startOrigin();
    ({ keys, apiId } = await seed(unkey.url, ROOT_KEY));
    dir = mkdtempSync(path.join(tmpdir(), "guard-cache-"));
    vars = {
      UNKEY_ROOT_KEY: ROOT_KEY,
      UNKEY_SERVER_URL: unkey.url,
      ORIGIN_URL: origin.url,
      GUARD_CACHE_MS: "60000",
      GUARD_CACHE_SHARED: "true",
    };
  });

  after(async () => {
    await Promise.all([unkey?.stop(), origin?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `f(worker)` in a fresh isolate of the location; returns the verifications it caused. */
  async function isolate(f, with_ = vars) {
    const w = await startWorker(buildJsWorker(), with_, [], { cachePersist: dir });
    try {
      const before = await verifications();
      await f(w);
      // The tier's put runs after the answer: let it land before the isolate goes.
      await new Promise((r) => setTimeout(r, 200));
      return (await verifications()) - before;
    } finally {
      await w.dispose();
    }
  }
  const get = async (w, key) => (await w.fetch("/api/data", { headers: { authorization: `Bearer ${key}` } })).status;

  it("one isolate's verification answers the next one's", async () => {
    assert.equal(await isolate(async (w) => assert.equal(await get(w, keys.reader), 200)), 1);
    assert.equal(await isolate(async (w) => assert.equal(await get(w, keys.reader), 200)), 0);
    // A key that spends (credits) is never put there.
    assert.equal(await isolate(async (w) => get(w, keys.lowCredit)), 1);
    assert.equal(await isolate(async (w) => get(w, keys.lowCredit)), 1);
  });

  // Every Worker of the zone reads the tier: one that keeps verdicts 10 minutes must not bind a
  // guard that promises a 2 s revocation lag (GUARD_CACHE_MS=1000: ttlMs + staleMs) to its
  // 10 minutes. The writer's times stood: a key disabled elsewhere still passed the strict guard.
  it("a guard with a shorter TTL never takes another Worker's verdict past its own TTL", async () => {
    const call = async (op, body) => {
      const res = await fetch(`${unkey.url}/v2/${op}`, {
        method: "POST",
        headers: { authorization: `Bearer ${ROOT_KEY}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      assert.equal(res.status, 200, await res.clone().text());
      return (await res.json()).data;
    };
    const { key, keyId } = await call("keys.createKey", { apiId, prefix: "demo" });
    const lax = { ...vars, GUARD_CACHE_MS: "600000" };
    const strict = { ...vars, GUARD_CACHE_MS: "1000" };
    assert.equal(await isolate(async (w) => assert.equal(await get(w, key), 200), lax), 1);
    // Disabled elsewhere (not through either guard's client).
    await call("keys.updateKey", { keyId, enabled: false });
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(await isolate(async (w) => assert.equal(await get(w, key), 403), strict), 1);
  });

  // caches.default is the zone's: every Worker there reads it. A verdict is one workspace's on
  // one server, so a guard of another (a staging Worker beside production, another workspace's
  // root key) must ask its own Unkey, never take this one's VALID.
  it("a guard of another server or workspace never takes these verdicts", async () => {
    await isolate(async (w) => assert.equal(await get(w, keys.reader), 200));
    const other = await startUnkeyLocal(["--faults"]);
    try {
      const w = await startWorker(buildJsWorker(), { ...vars, UNKEY_SERVER_URL: other.url }, [], { cachePersist: dir });
      try {
        // That server has no such key.
        assert.equal(await get(w, keys.reader), 401);
      } finally {
        await w.dispose();
      }
      const asked = (await (await fetch(`${other.url}/_local/requests`)).json()).paths["/v2/keys.verifyKey"] ?? 0;
      assert.equal(asked, 1);
    } finally {
      await other.stop();
    }
  });
});
