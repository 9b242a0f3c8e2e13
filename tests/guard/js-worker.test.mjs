// The JS guard Worker of the root wrangler.toml (examples/guard-worker), bundled by wrangler.
import { guardSuite } from "./cases.mjs";
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildJsWorker, ROOT_KEY, startUnkeyLocal, startOrigin, seed, startWorker } from "./harness.mjs";

guardSuite("JS (root wrangler.toml)", buildJsWorker);

// The verification cache's shared tier (caches.default) in the guard: two Miniflare instances
// with one cache directory stand for two isolates of a location. What the first verified, the
// second answers without asking Unkey; a key that spends is asked by both.

describe("JS guard: GUARD_CACHE_SHARED across isolates", () => {
  let unkey, origin, keys, a, b, dir;
  const verifications = async () => (await (await fetch(`${unkey.url}/_local/requests`)).json()).paths["/v2/keys.verifyKey"] ?? 0;

  before(async () => {
    unkey = await startUnkeyLocal(["--faults"]);
    origin = await startOrigin();
    ({ keys } = await seed(unkey.url, ROOT_KEY));
    dir = mkdtempSync(path.join(tmpdir(), "guard-cache-"));
    const vars = {
      UNKEY_ROOT_KEY: ROOT_KEY,
      UNKEY_SERVER_URL: unkey.url,
      ORIGIN_URL: origin.url,
      GUARD_CACHE_MS: "60000",
      GUARD_CACHE_SHARED: "true",
    };
    [a, b] = await Promise.all([
      startWorker(buildJsWorker(), vars, [], { cachePersist: dir }),
      startWorker(buildJsWorker(), vars, [], { cachePersist: dir }),
    ]);
  });

  after(async () => {
    await Promise.all([a, b].filter(Boolean).map((w) => w.dispose()));
    await Promise.all([unkey?.stop(), origin?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const get = (w, key) => w.fetch("/api/data", { headers: { authorization: `Bearer ${key}` } });

  it("one isolate's verification answers the other's", async () => {
    let before = await verifications();
    assert.equal((await get(a, keys.reader)).status, 200);
    assert.equal((await verifications()) - before, 1);
    // The put runs after the answer; give it a moment, then the other isolate asks nobody.
    await new Promise((r) => setTimeout(r, 200));
    before = await verifications();
    const res = await get(b, keys.reader);
    assert.equal(res.status, 200);
    assert.equal((await verifications()) - before, 0);
    // A key that spends (credits) is never shared.
    before = await verifications();
    await get(a, keys.lowCredit);
    await new Promise((r) => setTimeout(r, 200));
    await get(b, keys.lowCredit);
    assert.equal((await verifications()) - before, 2);
  });
});
