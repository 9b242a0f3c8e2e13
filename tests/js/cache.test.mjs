// The verification cache (`new Unkey({ cache })` of `unkey-edge/cache`, src/cache.rs) against
// unkey-local --faults,
// counting what reaches the server (/_local/requests): hits, every answer that must not be
// cached, the negative TTL, stale-while-revalidate, invalidation, coalescing, the memory bound
// and the revocation lag.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { Unkey } from "unkey-edge/cache";
import { Unkey as LeanUnkey } from "unkey-edge";
import { serverURL, rootKey, uniq, count } from "./local.mjs";

// The admin client: no cache, so its changes invalidate nothing (as another service's would).
const admin = new Unkey({ rootKey, serverURL });
const VERIFY = "/v2/keys.verifyKey";

const verifications = () => count(VERIFY);

/** How many verifyKey requests `f` sends. */
async function sent(f) {
  const before = await verifications();
  await f();
  return (await verifications()) - before;
}

let apiId;
beforeEach(async () => {
  apiId ??= (await admin.apis.createApi({ name: `cache_${uniq()}` })).data.apiId;
});

const newKey = async (extra = {}) => (await admin.keys.createKey({ apiId, ...extra })).data;
const cached = (cache = true) => new Unkey({ rootKey, serverURL, cache });

test("a valid key is verified once, then answered from memory with its own copy", async () => {
  const unkey = cached();
  const { key, keyId } = await newKey({ meta: { plan: "pro" } });
  let first;
  const n = await sent(async () => {
    first = await unkey.keys.verifyKey({ key });
    for (let i = 0; i < 5; i++) {
      const again = await unkey.keys.verifyKey({ key });
      assert.deepEqual(again, first);
      assert.notEqual(again, first);
    }
  });
  assert.equal(n, 1);
  assert.equal(first.data.code, "VALID");
  assert.equal(first.data.keyId, keyId);
  // Another question about the same key is asked on its own.
  assert.equal(await sent(() => unkey.keys.verifyKey({ key, permissions: "x" })), 1);
  assert.equal(await sent(() => unkey.keys.verifyKey({ key, permissions: "x" })), 0);
  // Without the cache option nothing is cached.
  assert.equal(await sent(() => admin.keys.verifyKey({ key })), 1);
  assert.equal(await sent(() => admin.keys.verifyKey({ key })), 1);
});

test("answers that spend or change per call always reach the server", async () => {
  const unkey = cached();
  const identity = `id_${uniq()}`;
  await admin.identities.createIdentity({
    externalId: identity,
    ratelimits: [{ name: "per_id", limit: 1000, duration: 60000, autoApply: true }],
  });
  const cases = {
    "a key with credits": [await newKey({ credits: { remaining: 100 } }), {}],
    "a key with an auto-applied rate limit": [
      await newKey({ ratelimits: [{ name: "own", limit: 1000, duration: 60000, autoApply: true }] }),
      {},
    ],
    "a key whose identity has a rate limit": [await newKey({ externalId: identity }), {}],
    "a request with rate limits": [await newKey(), { ratelimits: [{ name: "req", limit: 1000, duration: 60000 }] }],
    "a request with a cost": [await newKey(), { credits: { cost: 0 } }],
  };
  for (const [name, [created, extra]] of Object.entries(cases)) {
    const answers = [];
    const n = await sent(async () => {
      for (let i = 0; i < 3; i++) answers.push(await unkey.keys.verifyKey({ key: created.key, ...extra }));
    });
    assert.equal(n, 3, name);
    for (const a of answers) assert.equal(a.data.valid, true, name);
  }
  // Credits really are spent each time.
  const [spender] = cases["a key with credits"];
  const left = (await unkey.keys.verifyKey({ key: spender.key })).data.credits;
  assert.equal(left, 100 - 4);
  // Concurrent verifications of a key that spends are never merged: each spends.
  const all = await Promise.all(Array.from({ length: 5 }, () => unkey.keys.verifyKey({ key: spender.key })));
  assert.deepEqual(all.map((a) => a.data.credits).sort((a, b) => a - b), [91, 92, 93, 94, 95]);
  // A key that runs out: USAGE_EXCEEDED is not kept either.
  const one = await newKey({ credits: { remaining: 1 } });
  const codes = [];
  assert.equal(await sent(async () => {
    for (let i = 0; i < 3; i++) codes.push((await unkey.keys.verifyKey({ key: one.key })).data.code);
  }), 3);
  assert.deepEqual(codes, ["VALID", "USAGE_EXCEEDED", "USAGE_EXCEEDED"]);
});

test("an unknown key costs one request per negative TTL, not one per call", async () => {
  const unkey = cached({ negativeTtlMs: 300 });
  const key = `nope_${uniq()}`;
  assert.equal(await sent(async () => {
    for (let i = 0; i < 20; i++) assert.equal((await unkey.keys.verifyKey({ key })).data.code, "NOT_FOUND");
  }), 1);
  await sleep(350);
  assert.equal(await sent(() => unkey.keys.verifyKey({ key })), 1);
});

test("stale answers are served while one refresh runs, handed to waitUntil", async () => {
  const unkey = cached({ ttlMs: 100, staleMs: 5000 });
  const { key, keyId } = await newKey();
  await unkey.keys.verifyKey({ key });
  await sleep(150);
  // Disabled elsewhere: the stale answer still says valid, and its refresh learns otherwise.
  await admin.keys.updateKey({ keyId, enabled: false });
  const kept = [];
  let stale;
  const n = await sent(async () => {
    stale = await unkey.keys.verifyKey({ key }, { waitUntil: (p) => kept.push(p) });
    // A second reader during the refresh does not start another one.
    await unkey.keys.verifyKey({ key }, { waitUntil: (p) => kept.push(p) });
    assert.equal(kept.length, 1);
    await kept[0];
  });
  assert.equal(stale.data.code, "VALID");
  assert.equal(n, 1);
  const fresh = await unkey.keys.verifyKey({ key });
  assert.equal(fresh.data.code, "DISABLED");
});

// A Workers `caches.default` is read by every Worker of the zone: a staging guard beside the
// production one, or another workspace's. Its entries are this client's server and root key's.
test("the shared tier is scoped by server and root key; a rootKey function keeps to memory", async () => {
  const store = new Map();
  const used = [];
  const tier = {
    match: async (url) => (used.push(url), store.get(url)?.clone()),
    put: async (url, res) => (used.push(url), store.set(url, res)),
    delete: async (url) => (used.push(url), store.delete(url)),
  };
  const { key } = await newKey();
  const shared = (k, url = serverURL) => new Unkey({ rootKey: k, serverURL: url, cache: { shared: tier } });
  let waits = [];
  const verify = (c) => c.keys.verifyKey({ key }, { waitUntil: (p) => waits.push(p) });
  const settle = async () => (await Promise.all(waits), (waits = []));
  assert.equal(await sent(() => verify(shared(rootKey))), 1);
  await settle();
  assert.equal(store.size, 1);
  const [url] = store.keys();
  assert.match(url, /^https:\/\/verify\.unkey-edge\.invalid\/[0-9a-f]{64}\/[0-9a-f]{64}\//);
  assert.ok(!url.includes(rootKey) && !url.includes(key), "a key in the tier's URL");
  // Another client of the same server and root key takes it (another isolate of this Worker)...
  assert.equal(await sent(() => verify(shared(rootKey))), 0);
  // ...one of another server or root key asks its own (here the same unkey-local, written
  // another way, and a root key that server does not know).
  assert.equal(await sent(() => verify(shared(rootKey, `${serverURL}/`))), 1);
  const other = await shared("unkey_not_this_workspace").keys.verifyKey({ key }).catch((e) => e);
  assert.equal(other.statusCode, 401);
  await settle();
  // A rootKey function has no key to scope by before a call: memory only.
  used.length = 0;
  assert.equal(await sent(() => verify(shared(() => rootKey))), 1);
  await settle();
  assert.deepEqual(used, []);
});

test("every key-changing call through the client invalidates that key at once", async () => {
  const unkey = cached({ ttlMs: 60000 });
  const changes = {
    updateKey: (keyId) => unkey.keys.updateKey({ keyId, enabled: false }),
    deleteKey: (keyId) => unkey.keys.deleteKey({ keyId }),
    rerollKey: (keyId) => unkey.keys.rerollKey({ keyId, expiration: 0 }),
    addPermissions: (keyId) => unkey.keys.addPermissions({ keyId, permissions: [`p_${uniq()}`] }),
    setPermissions: (keyId) => unkey.keys.setPermissions({ keyId, permissions: [] }),
    updateCredits: (keyId) => unkey.keys.updateCredits({ keyId, operation: "set", value: 10 }),
    "cache.invalidate(keyId)": async (keyId) => unkey.cache.invalidate(keyId),
    "cache.invalidate(key)": async (_, key) => unkey.cache.invalidate(key),
    "cache.clear()": async () => unkey.cache.clear(),
  };
  for (const [name, change] of Object.entries(changes)) {
    const { key, keyId } = await newKey();
    await unkey.keys.verifyKey({ key });
    assert.equal(await sent(() => unkey.keys.verifyKey({ key })), 0, name);
    await change(keyId, key);
    assert.equal(await sent(() => unkey.keys.verifyKey({ key })), 1, name);
  }
  // A change to another key leaves this one cached.
  const a = await newKey();
  const b = await newKey();
  await unkey.keys.verifyKey({ key: a.key });
  await unkey.keys.updateKey({ keyId: b.keyId, name: "other" });
  assert.equal(await sent(() => unkey.keys.verifyKey({ key: a.key })), 0);
  // What the answers say after each change is the server's.
  const c = await newKey();
  assert.equal((await unkey.keys.verifyKey({ key: c.key })).data.code, "VALID");
  await unkey.keys.updateKey({ keyId: c.keyId, enabled: false });
  assert.equal((await unkey.keys.verifyKey({ key: c.key })).data.code, "DISABLED");
  await unkey.keys.deleteKey({ keyId: c.keyId });
  assert.equal((await unkey.keys.verifyKey({ key: c.key })).data.code, "NOT_FOUND");
});

test("concurrent identical verifications share one request", async () => {
  const unkey = cached();
  const { key } = await newKey();
  let answers;
  assert.equal(await sent(async () => {
    answers = await Promise.all(Array.from({ length: 25 }, () => unkey.keys.verifyKey({ key })));
  }), 1);
  for (const a of answers) assert.equal(a.data.code, "VALID");
  // Each caller has its own object.
  assert.equal(new Set(answers).size, 25);
  // An unknown key flood: one request.
  const bad = `nope_${uniq()}`;
  assert.equal(await sent(() => Promise.all(Array.from({ length: 25 }, () => unkey.keys.verifyKey({ key: bad })))), 1);
});

test("memory is bounded: the least recently used answer goes first", async () => {
  const unkey = cached({ maxEntries: 3 });
  const keys = [];
  for (let i = 0; i < 4; i++) keys.push((await newKey()).key);
  for (const key of keys.slice(0, 3)) await unkey.keys.verifyKey({ key });
  await unkey.keys.verifyKey({ key: keys[0] }); // the first is now the most recent
  await unkey.keys.verifyKey({ key: keys[3] }); // evicts the second
  assert.equal(await sent(() => unkey.keys.verifyKey({ key: keys[0] })), 0);
  assert.equal(await sent(() => unkey.keys.verifyKey({ key: keys[3] })), 0);
  assert.equal(await sent(() => unkey.keys.verifyKey({ key: keys[1] })), 1);
});

test("a key revoked elsewhere is refused within ttlMs + staleMs", async () => {
  const ttlMs = 200;
  const staleMs = 300;
  const unkey = cached({ ttlMs, staleMs });
  const { key, keyId } = await newKey();
  assert.equal((await unkey.keys.verifyKey({ key })).data.code, "VALID");
  const revoked = Date.now();
  await admin.keys.deleteKey({ keyId });
  // Still served from memory right after: the lag is real, and bounded.
  assert.equal((await unkey.keys.verifyKey({ key })).data.code, "VALID");
  let refusedAt;
  while (Date.now() - revoked < 3 * (ttlMs + staleMs)) {
    const res = await unkey.keys.verifyKey({ key });
    if (!res.data.valid) {
      refusedAt = Date.now();
      break;
    }
    await sleep(20);
  }
  assert.ok(refusedAt, "the revoked key was still valid after 3× the stated lag");
  assert.ok(refusedAt - revoked <= ttlMs + staleMs + 100, `refused after ${refusedAt - revoked} ms`);
});

test("bad cache options are config errors", () => {
  for (const cache of [{ ttlMs: -1 }, { maxEntries: "10" }, 5]) {
    assert.throws(() => new Unkey({ rootKey, serverURL, cache }), (e) => e.kind === "config");
  }
  // A string is @unkey/api v1's `cache: "no-cache"`, which @unkey/api v2 ignores: no cache.
  assert.doesNotThrow(() => new Unkey({ rootKey, serverURL, cache: "no-cache" }));
  assert.throws(() => cached().cache.invalidate(42), (e) => e.kind === "validation");
});

test("unkey-edge itself has no cache: asking for one is a config error that names unkey-edge/cache", () => {
  assert.throws(
    () => new LeanUnkey({ rootKey, serverURL, cache: true }),
    (e) => e.kind === "config" && e.message.includes("unkey-edge/cache") && !e.message.includes(rootKey),
  );
  // Without `cache` it is the same client, and its cache controls are no-ops.
  const lean = new LeanUnkey({ rootKey, serverURL });
  lean.cache.invalidate("k");
  lean.cache.clear();
});
