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
  let unkey, origin, keys, dir, vars;
  const verifications = async () => (await (await fetch(`${unkey.url}/_local/requests`)).json()).paths["/v2/keys.verifyKey"] ?? 0;

  before(async () => {
    unkey = await startUnkeyLocal(["--faults"]);
    origin = await startOrigin();
    ({ keys } = await seed(unkey.url, ROOT_KEY));
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
  async function isolate(f) {
    const w = await startWorker(buildJsWorker(), vars, [], { cachePersist: dir });
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
