// The packed npm package, installed like a user would, in Node (ESM), against unkey-local.
// Run by scripts/test-js.sh from a scratch project where `unkey-edge` is installed from the
// `npm pack` tarball; UNKEY_LOCAL_URL and UNKEY_ROOT_KEY come from scripts/with-unkey-local.sh.
import { test } from "node:test";
import assert from "node:assert/strict";
import vm from "node:vm";
import util from "node:util";
import { Unkey, isUnkeyError } from "unkey-edge";
import { serverURL, rootKey, uniq, rejection } from "./local.mjs";


const unkey = new Unkey({ rootKey, serverURL });


// The @unkey/api class names each kind of error takes (unkey-edge/models/errors).
const CLASS_NAMES = {
  validation: ["SDKValidationError"],
  config: ["InvalidRequestError"],
  network: ["ConnectionError"],
  timeout: ["RequestTimeoutError"],
  aborted: ["RequestAbortedError"],
  decode: ["ResponseValidationError"],
};

function assertUnkeyError(e, kind) {
  assert.ok(e instanceof Error, "an Error");
  if (kind === "api") assert.match(e.name, /ErrorResponse$|^APIError$/);
  else assert.ok(CLASS_NAMES[kind].includes(e.name), `${e.name} for kind ${kind}`);
  assert.ok(isUnkeyError(e));
  assert.equal(e.kind, kind, `kind ${e.kind}: ${e.message}`);
  assert.ok(Array.isArray(e.errors));
  assert.ok(!String(e.message).includes(rootKey), "the root key never appears in messages");
}

async function newApi() {
  const { meta, data } = await unkey.apis.createApi({ name: `api_${uniq()}` });
  assert.match(meta.requestId, /\S/);
  return data.apiId;
}

test("createKey then verifyKey: valid, with meta and data", async () => {
  const apiId = await newApi();
  const created = await unkey.keys.createKey({ apiId, prefix: "test", name: "k1", meta: { plan: "pro" } });
  assert.match(created.data.key, /^test_/);
  const res = await unkey.keys.verifyKey({ key: created.data.key });
  assert.equal(typeof res.meta.requestId, "string");
  assert.equal(res.data.valid, true);
  assert.equal(res.data.code, "VALID");
  assert.equal(res.data.keyId, created.data.keyId);
  assert.deepEqual(res.data.meta, { plan: "pro" });
});

test("an unknown key is data (valid: false), not an error", async () => {
  const res = await unkey.keys.verifyKey({ key: `nope_${uniq()}` });
  assert.equal(res.data.valid, false);
  assert.equal(res.data.code, "NOT_FOUND");
});

test("ratelimit.limit: success until the limit, then success: false as data", async () => {
  const req = { namespace: `ns_${uniq()}`, identifier: "user_1", limit: 2, duration: 60000 };
  const a = await unkey.ratelimit.limit(req);
  const b = await unkey.ratelimit.limit(req);
  const c = await unkey.ratelimit.limit(req);
  assert.deepEqual([a.data.success, b.data.success, c.data.success], [true, true, false]);
  assert.equal(c.data.remaining, 0);
});

test("multiLimit sends a bare array", async () => {
  const ns = `ns_${uniq()}`;
  const res = await unkey.ratelimit.multiLimit([
    { namespace: ns, identifier: "a", limit: 1, duration: 60000 },
    { namespace: ns, identifier: "b", limit: 1, duration: 60000 },
  ]);
  assert.equal(res.data.passed, true);
  assert.equal(res.data.limits.length, 2);
});

test("API errors are typed: 404 with status, type, requestId", async () => {
  const e = await rejection(unkey.keys.getKey({ keyId: "key_doesnotexist123" }));
  assertUnkeyError(e, "api");
  assert.equal(e.statusCode, 404);
  assert.match(e.type, /key_not_found$/);
  assert.equal(typeof e.title, "string");
  assert.equal(typeof e.detail, "string");
  assert.match(e.requestId, /\S/);
});

test("a wrong root key gives a 401 api error", async () => {
  const bad = new Unkey({ rootKey: "unkey_wrongwrongwrong", serverURL });
  const e = await rejection(bad.apis.createApi({ name: "never" }));
  assertUnkeyError(e, "api");
  assert.equal(e.statusCode, 401);
  assert.ok(!e.message.includes("unkey_wrongwrongwrong"));
});

test("deleteIdentity resolves with meta only", async () => {
  const externalId = `user_${uniq()}`;
  await unkey.identities.createIdentity({ externalId });
  const res = await unkey.identities.deleteIdentity({ identity: externalId });
  assert.match(res.meta.requestId, /\S/);
  assert.equal(res.data, undefined);
});

test("list operations paginate: next() and for await", async () => {
  const apiId = await newApi();
  for (let i = 0; i < 3; i++) await unkey.keys.createKey({ apiId });
  const first = await unkey.apis.listKeys({ apiId, limit: 1 });
  assert.equal(first.data.length, 1);
  assert.equal(first.pagination.hasMore, true);
  const second = await first.next();
  assert.equal(second.data.length, 1);
  assert.notEqual(second.data[0].keyId, first.data[0].keyId);
  const ids = [];
  let pages = 0;
  for await (const page of first) {
    pages += 1;
    ids.push(...page.data.map((k) => k.keyId));
  }
  assert.equal(new Set(ids).size, 3);
  // The walk ends: after the last page, next() is null (and asks nothing of the server).
  assert.ok(pages >= 3 && pages <= 4, `${pages} pages`);
  const third = await second.next();
  let last = third;
  while (last.pagination?.hasMore) last = await last.next();
  assert.equal(last.next(), null);
  // A single page that is also the last.
  const all = await unkey.apis.listKeys({ apiId, limit: 10 });
  assert.equal(all.data.length, 3);
  assert.equal(all.pagination?.hasMore ?? false, false);
  assert.equal(all.next(), null);
  // JSON of a page is @unkey/api's: `{ result: { meta, data, pagination } }`, and the first
  // page's pager state (`~next`, while a cursor follows).
  assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(first))), ["result", "~next"]);
  assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(second))), ["result"]);
  assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(first)).result).sort(), ["data", "meta", "pagination"]);
});

test("liveness", async () => {
  const res = await unkey.liveness();
  assert.equal(typeof res.data.message, "string");
});

test("bad input is a validation rejection naming the field, nothing is sent", async () => {
  const cases = [
    [() => unkey.keys.verifyKey({ key: 123 }), "body.key"],
    [() => unkey.keys.verifyKey({}), "body.key"],
    [() => unkey.keys.verifyKey({ key: "x", apiId: 5, tags: 1 }), "body.tags"],
    [() => unkey.keys.verifyKey({ key: "x".repeat(10_000_000) }), "body.key"],
    [() => unkey.keys.createKey({ apiId: "api_1", byteLength: 1.5 }), "body.byteLength"],
    [() => unkey.keys.createKey({ apiId: "bad id!" }), "body.apiId"],
    [() => unkey.ratelimit.multiLimit({}), "body"],
    [() => unkey.keys.verifyKey(undefined), "body"],
    [() => unkey.keys.verifyKey(null), "body"],
    [() => unkey.keys.verifyKey("key"), "body"],
    [() => unkey.keys.verifyKey(() => 1), "body"],
    [() => unkey.keys.verifyKey({ key: Symbol("k") }), "body.key"],
    [() => unkey.keys.verifyKey({ key: 1n }), "body.key"],
    [() => unkey.keys.verifyKey({ key: "x", tags: ["a", 2] }), "body.tags[1]"],
  ];
  for (const [call, location] of cases) {
    const e = await rejection(call());
    assertUnkeyError(e, "validation");
    assert.equal(e.errors[0].location, location, e.message);
    assert.ok(e.message.includes(location), e.message);
  }
});

test("free-form meta that JSON cannot encode is a validation error", async () => {
  const meta = {};
  meta.self = meta;
  const e = await rejection(unkey.keys.createKey({ apiId: "api_123", meta }));
  assertUnkeyError(e, "validation");
  const e2 = await rejection(unkey.keys.createKey({ apiId: "api_123", meta: { n: 1n } }));
  assertUnkeyError(e2, "validation");
});

test("NaN and ±Infinity are validation errors naming the field, never sent as the null JSON makes of them", async () => {
  // `credits.remaining: null` is an unlimited key, `updateCredits`' `value: null` with "set" makes
  // one: a NaN from a caller's bad arithmetic must not mean that (@unkey/api's zod refuses NaN).
  const apiId = await newApi();
  const cases = [
    [() => unkey.keys.createKey({ apiId, credits: { remaining: NaN } }), "body.credits.remaining"],
    [() => unkey.keys.createKey({ apiId, credits: { remaining: Infinity } }), "body.credits.remaining"],
    [() => unkey.keys.updateCredits({ keyId: "key_123", operation: "set", value: NaN }), "body.value"],
    [() => unkey.keys.createKey({ apiId, meta: { score: -Infinity } }), "body.meta.score"],
    [() => unkey.keys.createKey({ apiId, ratelimits: [{ name: "r", limit: 10, duration: NaN }] }), "body.ratelimits[0].duration"],
    [() => unkey.keys.createKey({ apiId, meta: { toJSON: () => ({ n: NaN }) } }), "body.meta.n"],
  ];
  for (const [call, location] of cases) {
    const e = await rejection(call());
    assertUnkeyError(e, "validation");
    assert.equal(e.errors[0].location, location, e.message);
  }
  // A null written as null is still sent (it means what the spec says).
  const { data } = await unkey.keys.createKey({ apiId, credits: { remaining: null }, meta: { n: null } });
  assert.match(data.keyId, /^key_/);
});

test("objects from another realm validate like local ones", async () => {
  const foreign = vm.runInNewContext('({ key: "realm_key", tags: ["a", "b"] })');
  const res = await unkey.keys.verifyKey(foreign);
  assert.equal(res.data.code, "NOT_FOUND");
  const bad = vm.runInNewContext('({ key: "realm_key", tags: ["a", 2] })');
  const e = await rejection(unkey.keys.verifyKey(bad));
  assertUnkeyError(e, "validation");
  assert.equal(e.errors[0].location, "body.tags[1]");
});

test("lengths count characters of the JSON that is sent, escapes included", async () => {
  // 512 is verifyKey's limit on `key`, in characters: an emoji is one (two UTF-16 units), and
  // so is a lone surrogate, which JSON.stringify writes as a six-character escape, or a newline.
  for (const key of ["😀".repeat(512), "\ud800".repeat(512), "\n".repeat(256) + "é".repeat(256)]) {
    // At the limit it is sent (what the server makes of lone surrogates is its own business).
    const sent = await unkey.keys.verifyKey({ key }).catch((e) => e);
    assert.ok(!(isUnkeyError(sent) && sent.kind === "validation"), String(sent?.message));
    if (!key.startsWith("\ud800")) assert.equal(sent.data.code, "NOT_FOUND");
    const e = await rejection(unkey.keys.verifyKey({ key: key + "x" }));
    assertUnkeyError(e, "validation");
    assert.equal(e.errors[0].location, "body.key");
    assert.match(e.message, /at most 512 characters/);
  }
});

test("only own properties count, as JSON.stringify sees them", async () => {
  // An inherited `key` is not sent, so it must not pass validation either.
  const inherited = Object.create({ key: "from_prototype" });
  const e = await rejection(unkey.keys.verifyKey(inherited));
  assertUnkeyError(e, "validation");
  assert.equal(e.errors[0].location, "body.key");
  assert.match(e.errors[0].message, /required/);
  // Own fields of a class instance are fields like any other; undefined ones are dropped.
  class Req {
    constructor(key) {
      this.key = key;
      this.tags = undefined;
    }
  }
  const res = await unkey.keys.verifyKey(new Req(`own_${uniq()}`));
  assert.equal(res.data.code, "NOT_FOUND");
});

test("throwing getters and proxies are rejected, not trapped", async () => {
  const throwing = { get key() { throw new Error("boom"); } };
  assertUnkeyError(await rejection(unkey.keys.verifyKey(throwing)), "validation");
  const proxy = new Proxy({}, { get() { throw new Error("trap"); }, ownKeys() { return ["key"]; } });
  const e = await rejection(unkey.keys.verifyKey(proxy));
  assert.ok(e instanceof Error);
  const ok = await unkey.keys.verifyKey({ key: "after_proxy" });
  assert.equal(ok.data.code, "NOT_FOUND");
});

test("bad per-call options are validation errors", async () => {
  const throwing = { get timeoutMs() { throw new Error("getter"); } };
  for (const options of [{ timeoutMs: "1" }, { timeoutMs: NaN }, { retries: { strategy: "sometimes" } }, { retries: { strategy: "backoff", backoff: { exponent: -1 } } }, { signal: "stop" }, { signal: {} }, 5, throwing]) {
    const e = await rejection(unkey.keys.verifyKey({ key: "x" }, options));
    assertUnkeyError(e, "validation");
  }
});

test("bad constructor options throw a config error synchronously", () => {
  const configs = [
    { rootKey: 42 },
    { rootKey: " " },
    { rootKey: "k", serverURL: "ftp://x" },
    { rootKey: "k", serverURL: 5 },
    { rootKey: "k", fetch: 1 },
    { rootKey: "k", timeoutMs: "5" },
    { rootKey: "k", retryConfig: { strategy: 1 } },
    { rootKey: "k", userAgent: 5 },
    { rootKey: "k", userAgent: "line\nbreak" },
    { rootKey: "k", userAgent: "" },
    { rootKey: "k", userAgent: "app/€1" },
    "options",
  ];
  for (const options of configs) {
    assert.throws(() => new Unkey(options), (e) => {
      assertUnkeyError(e, "config");
      return true;
    });
  }
});

test("rootKey defaults to process.env.UNKEY_ROOT_KEY, like @unkey/api", async () => {
  const fromEnv = new Unkey({ serverURL });
  const res = await fromEnv.apis.createApi({ name: `env_${uniq()}` });
  assert.match(res.data.apiId, /\S/);
});

test("rootKey may be a function, called before every call, as in @unkey/api", async () => {
  // Sync or async; the key it gives is read per call, so a rotated key takes effect at once.
  let calls = 0;
  let current = "unkey_rotatedaway0000";
  const rotating = new Unkey({
    rootKey: async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 1));
      return current;
    },
    serverURL,
  });
  const e = await rejection(rotating.apis.createApi({ name: `fn_${uniq()}` }));
  assertUnkeyError(e, "api");
  assert.equal(e.statusCode, 401);
  current = rootKey;
  const res = await rotating.apis.createApi({ name: `fn_${uniq()}` });
  assert.match(res.data.apiId, /\S/);
  assert.equal((await rotating.keys.verifyKey({ key: `nope_${uniq()}` })).data.valid, false);
  assert.equal(calls, 3);
  // Invalid input is refused before the function is called.
  assertUnkeyError(await rejection(rotating.keys.verifyKey({ key: 5 })), "validation");
  assert.equal(calls, 3);

  const sync = new Unkey({ rootKey: () => rootKey, serverURL });
  assert.match((await sync.apis.createApi({ name: `fn_${uniq()}` })).data.apiId, /\S/);
});

test("a rootKey function that throws or gives no usable key is a config error, and the client goes on", async () => {
  const secret = "unkey_do_not print";
  let give = () => {
    throw new Error("secrets store unavailable");
  };
  const client = new Unkey({ rootKey: () => give(), serverURL, retryConfig: { strategy: "none" } });
  const thrown = await rejection(client.keys.verifyKey({ key: "x" }));
  assertUnkeyError(thrown, "config");
  assert.match(thrown.message, /options\.rootKey/);
  assert.equal(thrown.cause.message, "secrets store unavailable");
  for (const [value, what] of [[42, /a string/], ["", /empty/], [secret, /visible ASCII/], ["unkey_\u200bzw", /visible ASCII/]]) {
    give = () => Promise.resolve(value);
    const e = await rejection(client.keys.verifyKey({ key: "x" }));
    assertUnkeyError(e, "config");
    assert.match(e.message, what);
    assert.ok(!e.message.includes(secret), "the key never appears in the message");
  }
  give = () => rootKey;
  assert.equal((await client.keys.verifyKey({ key: `nope_${uniq()}` })).data.valid, false);
});

test("the call's deadline and signal cover the wait for a rootKey function", async () => {
  const never = new Promise(() => {});
  const hung = new Unkey({ rootKey: () => never, serverURL, timeoutMs: 300 });
  const t0 = Date.now();
  const late = await rejection(hung.keys.verifyKey({ key: "x" }));
  assertUnkeyError(late, "timeout");
  assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
  // (A plain timer: AbortSignal.timeout's does not keep Node's event loop alive.)
  const c = new AbortController();
  setTimeout(() => c.abort(), 50);
  const aborted = await rejection(hung.keys.verifyKey({ key: "x" }, { timeoutMs: 0, signal: c.signal }));
  assertUnkeyError(aborted, "aborted");
  // A slow key within the deadline: the request gets the time that is left.
  const slow = new Unkey({
    rootKey: () => new Promise((resolve) => setTimeout(() => resolve(rootKey), 150)),
    serverURL,
    timeoutMs: 2000,
  });
  assert.equal((await slow.keys.verifyKey({ key: `nope_${uniq()}` })).data.valid, false);
});

test("a rootKey function's key reaches a custom fetch as the authorization header", async () => {
  const seen = [];
  const client = new Unkey({
    rootKey: async () => rootKey,
    serverURL,
    fetch: (url, init) => {
      seen.push(init.headers.authorization);
      return fetch(url, init);
    },
  });
  await client.keys.verifyKey({ key: `nope_${uniq()}` });
  await client.apis.createApi({ name: `fn_${uniq()}` });
  assert.deepEqual(seen, [`Bearer ${rootKey}`, `Bearer ${rootKey}`]);
});

test("CommonJS require() gives the same module (Node with require(esm): 20.19+, 22.12+)", { skip: Boolean(globalThis.Deno) || !process.features?.require_module }, async () => {
  const { createRequire } = await import("node:module");
  const cjs = createRequire(import.meta.url)("unkey-edge");
  assert.equal(cjs.Unkey, Unkey);
  const res = await new cjs.Unkey({ rootKey, serverURL }).keys.verifyKey({ key: `nope_${uniq()}` });
  assert.equal(res.data.valid, false);
});

test("a closed port is a network error", async () => {
  const offline = new Unkey({ rootKey, serverURL: "http://127.0.0.1:9", retryConfig: { strategy: "none" } });
  const e = await rejection(offline.keys.verifyKey({ key: "x" }));
  assertUnkeyError(e, "network");
});

test("a custom fetch is used instead of the global one", async () => {
  const seen = [];
  const custom = new Unkey({
    rootKey,
    serverURL,
    fetch: async (url, init) => {
      seen.push([url, init.method, Object.keys(init).sort().join(",")]);
      const res = await fetch(url, init);
      // Its own plain object (the global fetch gets a shared `Headers`): changing it changes
      // nothing for the next call.
      seen.push({ ...init.headers });
      delete init.headers["user-agent"];
      return res;
    },
  });
  const res = await custom.keys.verifyKey({ key: `nope_${uniq()}` });
  assert.equal(res.data.valid, false);
  assert.equal(seen.length, 2);
  assert.equal(seen[0][0], `${serverURL}/v2/keys.verifyKey`);
  assert.equal(seen[0][1], "POST");
  // Only method, headers, body, redirect (never followed) and (with a deadline) signal: Workers
  // reject the rest.
  assert.match(seen[0][2], /^body,headers,method,redirect(,signal)?$/);
  assert.deepEqual(Object.keys(seen[1]).sort(), ["accept", "authorization", "content-type", "user-agent"]);
  assert.equal(seen[1]["content-type"], "application/json");
  assert.match(seen[1]["user-agent"], /^unkey-edge\//);
  await custom.keys.verifyKey({ key: `nope_${uniq()}` });
  assert.deepEqual(seen[3], seen[1]);
});

test("userAgent sets the user-agent header, as in @unkey/api", async () => {
  const seen = [];
  const seeing = (url, init) => {
    seen.push(init.headers["user-agent"]);
    return fetch(url, init);
  };
  const named = new Unkey({ rootKey, serverURL, userAgent: "my-app/1.2", fetch: seeing });
  await named.keys.verifyKey({ key: `nope_${uniq()}` });
  const keyed = new Unkey({ rootKey: async () => rootKey, serverURL, userAgent: "my-app/1.2", fetch: seeing });
  await keyed.keys.verifyKey({ key: `nope_${uniq()}` });
  assert.deepEqual(seen, ["my-app/1.2", "my-app/1.2"]);
  // And through the global fetch (its headers are one `Headers` per operation).
  const plain = new Unkey({ rootKey, serverURL, userAgent: "my-app/1.2" });
  assert.equal((await plain.keys.verifyKey({ key: `nope_${uniq()}` })).data.valid, false);
});

test("per-call headers go on top of the client's, as in @unkey/api", async () => {
  const seen = [];
  const seeing = (url, init) => {
    seen.push(init.headers);
    return fetch(url, init);
  };
  const headers = { "X-Trace-Id": "t-1", "User-Agent": "mine/1" };
  const viaFetch = new Unkey({ rootKey, serverURL, fetch: seeing });
  await viaFetch.keys.verifyKey({ key: `nope_${uniq()}` }, { headers });
  const keyed = new Unkey({ rootKey: async () => rootKey, serverURL, fetch: seeing });
  await keyed.keys.verifyKey({ key: `nope_${uniq()}` }, { headers });
  for (const h of seen) {
    assert.equal(h["x-trace-id"], "t-1");
    assert.equal(h["user-agent"], "mine/1");
    assert.equal(h.authorization, `Bearer ${rootKey}`);
  }
  // The next call without them does not keep them.
  await viaFetch.keys.verifyKey({ key: `nope_${uniq()}` });
  assert.equal(seen[2]["x-trace-id"], undefined);
  // Through the global fetch too.
  const res = await unkey.keys.verifyKey({ key: `nope_${uniq()}` }, { headers });
  assert.equal(res.data.valid, false);
  // Unsendable headers are refused before anything is sent.
  for (const bad of [{ "bad name": "x" }, { "x-a": "line\nbreak" }, { "x-a": 5 }, { "x-a": "€" }, "x-a: 1"]) {
    const e = await rejection(unkey.keys.verifyKey({ key: "x" }, { headers: bad }));
    assertUnkeyError(e, "validation");
    assert.match(e.errors[0].location, /^options\.headers/);
  }
});

test("a custom fetch that throws a non-Error value is a network error", async () => {
  const weird = new Unkey({ rootKey, serverURL, fetch: () => { throw 42; }, retryConfig: { strategy: "none" } });
  assertUnkeyError(await rejection(weird.keys.verifyKey({ key: "x" })), "network");
  const weird2 = new Unkey({ rootKey, serverURL, fetch: async () => ({ nonsense: true }), retryConfig: { strategy: "none" } });
  const e = await rejection(weird2.keys.verifyKey({ key: "x" }));
  assert.ok(isUnkeyError(e), String(e));
});

test("a custom fetch that ignores its signal still ends at the deadline, and so does a body that never ends", async (t) => {
  const once = { strategy: "none" };
  // The client's deadline timers do not keep Node running (a real fetch holds its socket): this
  // test's fake ones hold nothing, so an interval keeps the process up meanwhile.
  const alive = setInterval(() => {}, 1000);
  t.after(() => clearInterval(alive));
  // Never settles, whatever the signal says.
  const stuck = new Unkey({ rootKey, serverURL, fetch: () => new Promise(() => {}), retryConfig: once, timeoutMs: 300 });
  let started = Date.now();
  const e = await rejection(stuck.keys.verifyKey({ key: "x" }));
  assertUnkeyError(e, "timeout");
  assert.ok(Date.now() - started < 5000, `ended after ${Date.now() - started} ms`);
  // A 200 whose body reader never finishes and never hears the abort.
  const endless = {
    status: 200,
    headers: new Headers(),
    body: { getReader: () => ({ read: () => new Promise(() => {}), cancel: async () => {} }) },
  };
  const slow = new Unkey({ rootKey, serverURL, fetch: async () => endless, retryConfig: once, timeoutMs: 300 });
  started = Date.now();
  assertUnkeyError(await rejection(slow.keys.verifyKey({ key: "x" })), "timeout");
  assert.ok(Date.now() - started < 5000);
  // A reader that hands out chunks that are not bytes (for ever) is refused, not looped on.
  const garbage = {
    status: 200,
    headers: new Headers(),
    body: { getReader: () => ({ read: async () => ({ done: false, value: "not bytes" }), cancel: async () => {} }) },
  };
  const junk = new Unkey({ rootKey, serverURL, fetch: async () => garbage, retryConfig: once, timeoutMs: 2000 });
  started = Date.now();
  const j = await rejection(junk.keys.verifyKey({ key: "x" }));
  assert.ok(isUnkeyError(j) && j.kind !== "timeout", `${j?.kind}: ${j?.message}`);
  assert.ok(Date.now() - started < 1500);
  // The client that timed out still serves through a fetch that works.
  const ok = await unkey.keys.verifyKey({ key: "after_stuck" });
  assert.equal(ok.data.code, "NOT_FOUND");
});

test("a custom fetch or hook whose error quotes the request's headers: the root key is in no view of the rejection", async () => {
  const { HTTPClient } = await import("unkey-edge");
  const views = (e) => [String(e), e?.message, e?.stack, util.inspect(e, { showHidden: true, depth: 10 }), JSON.stringify(e), util.inspect(e?.cause, { showHidden: true, depth: 10 })].join("\n");
  const headersOf = (init) => JSON.stringify(init.headers instanceof Headers ? Object.fromEntries(init.headers) : init.headers);
  const hooked = new HTTPClient();
  hooked.addHook("beforeRequest", (req) => {
    throw new Error(`refused: ${JSON.stringify(Object.fromEntries(req.headers))}`);
  });
  const cases = [
    ["fetch throws an Error", new Unkey({ rootKey, serverURL, fetch: async (u, init) => { throw new TypeError(`bad request ${headersOf(init)}`); } })],
    ["fetch throws a string", new Unkey({ rootKey, serverURL, fetch: async (u, init) => { throw `bad request ${headersOf(init)}`; } })],
    ["fetch's error has a cause", new Unkey({ rootKey, serverURL, fetch: async (u, init) => { throw new Error("failed", { cause: new Error(headersOf(init)) }); } })],
    ["a hook throws", new Unkey({ rootKey, serverURL, httpClient: hooked })],
    ["a rootKey function's key", new Unkey({ rootKey: async () => rootKey, serverURL, fetch: async (u, init) => { throw new Error(headersOf(init)); } })],
  ];
  for (const [name, client] of cases) {
    const e = await rejection(client.keys.verifyKey({ key: "x" }, { retries: { strategy: "none" } }));
    assertUnkeyError(e, "network");
    const all = views(e);
    assert.ok(!all.includes(rootKey), `${name}: the root key is in the error: ${all.slice(all.indexOf(rootKey) - 60, all.indexOf(rootKey) + 40)}`);
    assert.match(e.message, /\[REDACTED\]/, name);
  }
});

test("the instance keeps working after every kind of error", async () => {
  await rejection(unkey.keys.verifyKey({ key: 1 }));
  await rejection(unkey.keys.getKey({ keyId: "key_missing000" }));
  await rejection(unkey.keys.verifyKey("nope"));
  const res = await unkey.keys.verifyKey({ key: `still_${uniq()}` });
  assert.equal(res.data.code, "NOT_FOUND");
});

test("concurrent calls on one instance", async () => {
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => unkey.ratelimit.limit({ namespace: "conc", identifier: `u${i}`, limit: 5, duration: 60000 })),
  );
  assert.ok(results.every((r) => r.data.success === true));
});

test("debugLogger is told each request and response, as @unkey/api tells it, secrets redacted", async () => {
  const lines = [];
  const logger = { log: (...a) => lines.push(a.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(" ")), group: (t) => lines.push(t), groupEnd: () => {} };
  const client = new Unkey({ rootKey, serverURL, debugLogger: logger });
  const apiId = (await client.apis.createApi({ name: `dbg_${uniq()}` })).data.apiId;
  const created = await client.keys.createKey({ apiId });
  await client.keys.verifyKey({ key: created.data.key });
  const text = lines.join("\n");
  assert.match(text, /> Request: POST .*\/v2\/keys\.createKey/);
  assert.match(text, /< Response: POST .*\/v2\/keys\.verifyKey/);
  assert.match(text, /Status Code: 200/);
  assert.match(text, /authorization: Bearer \[REDACTED\]/);
  assert.ok(!text.includes(rootKey), "the root key is logged");
  assert.ok(!text.includes(created.data.key), "the created key is logged");
  assert.throws(() => new Unkey({ rootKey, serverURL, debugLogger: 5 }), (e) => e.kind === "config");
  assert.throws(() => new Unkey({ rootKey, serverURL, serverIdx: 1 }), (e) => e.kind === "config");
  assert.ok(new Unkey({ rootKey, serverURL, serverIdx: 0 }));
});
