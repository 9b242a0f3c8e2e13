// Retry, timeout and error behaviour of the packed package against unkey-local --faults:
// every fault gives its documented UnkeyError kind, attempts are counted server-side
// (/_local/requests), nothing is sent after a deadline, and the instance keeps working.
import { test, beforeEach, after } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import util from "node:util";
import path from "node:path";
import { Miniflare } from "miniflare";
import { Unkey, isUnkeyError } from "unkey-edge";
import { serverURL, rootKey, control, fault, count, rejection } from "./local.mjs";

const unkey = new Unkey({ rootKey, serverURL });
// Fast backoff so retries do not slow the suite; the attempt count is what is asserted.
const fast = { retries: { strategy: "backoff", backoff: { initialInterval: 1, maxInterval: 5 } } };
const once = { retries: { strategy: "none" } };



let apiId;
beforeEach(async () => {
  await control("POST", "/_local/faults/reset");
  apiId ??= (await unkey.apis.createApi({ name: "faults_api" })).data.apiId;
});

async function stillWorks() {
  const res = await unkey.apis.getApi({ apiId });
  assert.equal(res.data.id, apiId);
}

test("500 on an at-most-once op (verifyKey): one attempt, api error", async () => {
  const path = "/v2/keys.verifyKey";
  const before = await count(path);
  await fault({ kind: "status", status: 500, path });
  const e = await rejection(unkey.keys.verifyKey({ key: "k_1" }, fast));
  assert.equal(e.kind, "api");
  assert.equal(e.statusCode, 500);
  assert.match(e.requestId, /\S/);
  assert.equal((await count(path)) - before, 1);
  await stillWorks();
});

test("500 once on an idempotent op (getApi): retried, succeeds on attempt 2", async () => {
  const path = "/v2/apis.getApi";
  const before = await count(path);
  await fault({ kind: "status", status: 500, path });
  const res = await unkey.apis.getApi({ apiId }, fast);
  assert.equal(res.data.id, apiId);
  assert.equal((await count(path)) - before, 2);
});

test("503 every time: stops after the default 3 attempts", async () => {
  const path = "/v2/apis.getApi";
  const before = await count(path);
  await fault({ kind: "status", status: 503, path, count: 10 });
  const e = await rejection(unkey.apis.getApi({ apiId }, fast));
  assert.equal(e.kind, "api");
  assert.equal(e.statusCode, 503);
  assert.equal((await count(path)) - before, 3);
});

test("retries: none makes exactly one attempt", async () => {
  const path = "/v2/apis.getApi";
  const before = await count(path);
  await fault({ kind: "status", status: 503, path, count: 10 });
  const e = await rejection(unkey.apis.getApi({ apiId }, once));
  assert.equal(e.statusCode, 503);
  assert.equal((await count(path)) - before, 1);
});

test("429 with Retry-After is retried after the pause, even for verifyKey", async () => {
  const path = "/v2/keys.verifyKey";
  const before = await count(path);
  await fault({ kind: "rate_limited", path, retryAfter: 0 });
  const res = await unkey.keys.verifyKey({ key: "k_2" }, fast);
  assert.equal(res.data.valid, false);
  assert.equal((await count(path)) - before, 2);
});

test("429 with retries off is an api error with status 429", async () => {
  await fault({ kind: "rate_limited", path: "/v2/keys.verifyKey", retryAfter: 0 });
  const e = await rejection(unkey.keys.verifyKey({ key: "k_3" }, once));
  assert.equal(e.kind, "api");
  assert.equal(e.statusCode, 429);
});

test("closed connection: network error without retries, recovered with them", async () => {
  const path = "/v2/apis.getApi";
  await fault({ kind: "close", path });
  const e = await rejection(unkey.apis.getApi({ apiId }, once));
  assert.equal(e.kind, "network");
  const before = await count(path);
  await fault({ kind: "close", path });
  const res = await unkey.apis.getApi({ apiId }, fast);
  assert.equal(res.data.id, apiId);
  assert.equal((await count(path)) - before, 2);
});

test("non-JSON 200 is a decode error with the status", async () => {
  await fault({ kind: "non_json", status: 200, path: "/v2/apis.getApi" });
  const e = await rejection(unkey.apis.getApi({ apiId }, once));
  assert.equal(e.kind, "decode");
  assert.equal(e.statusCode, 200);
  await stillWorks();
});

test("a 2xx that is not the success envelope is a decode error saying what is missing", async () => {
  const path = "/v2/apis.getApi";
  for (const [body, says] of [
    [{ data: { id: apiId } }, "meta.requestId is missing"],
    [{ meta: { requestId: 7 }, data: {} }, "meta.requestId is missing"],
    [{ meta: "req_1", data: {} }, "meta.requestId is missing"],
    [{ meta: { requestId: "req_1" } }, "data is missing"],
    // Every operation's `data` is an object or an array: `res.data.valid` must not throw.
    [{ meta: { requestId: "req_1" }, data: null }, "data is not an object or an array"],
    [{ meta: { requestId: "req_1" }, data: "hello" }, "data is not an object or an array"],
    [{ meta: { requestId: "req_1" }, data: 5 }, "data is not an object or an array"],
    [{ meta: { requestId: "req_1" }, data: true }, "data is not an object or an array"],
    [[{ meta: { requestId: "req_1" }, data: {} }], "not a JSON object"],
    [null, "not a JSON object"],
    ["text", "not a JSON object"],
  ]) {
    await fault({ kind: "body", body, path });
    const e = await rejection(unkey.apis.getApi({ apiId }, once));
    assert.equal(e.kind, "decode", JSON.stringify(body));
    assert.equal(e.statusCode, 200);
    assert.ok(e.message.includes(says), `${JSON.stringify(body)}: ${e.message}`);
  }
  // The smallest envelope passes as it is, extra members included.
  await fault({ kind: "body", body: { meta: { requestId: "req_1" }, data: {}, extra: 1 }, path });
  assert.deepEqual(await unkey.apis.getApi({ apiId }, once), { meta: { requestId: "req_1" }, data: {}, extra: 1 });
  // An operation without `data` (identities.deleteIdentity) needs only meta.
  await fault({ kind: "body", body: { meta: { requestId: "req_2" } }, path: "/v2/identities.deleteIdentity" });
  assert.deepEqual(await unkey.identities.deleteIdentity({ identity: "nobody" }, once), { meta: { requestId: "req_2" } });
  await stillWorks();
});

test("non-JSON 502 (a proxy page) is an api error keeping status and body", async () => {
  await fault({ kind: "non_json", status: 502, path: "/v2/apis.getApi" });
  const e = await rejection(unkey.apis.getApi({ apiId }, once));
  assert.equal(e.kind, "api");
  assert.equal(e.statusCode, 502);
  assert.equal(typeof e.body, "string");
});

test("truncated body is a network error (the response never completed)", async () => {
  await fault({ kind: "truncate", path: "/v2/apis.getApi" });
  const e = await rejection(unkey.apis.getApi({ apiId }, once));
  assert.equal(e.kind, "network", e.message);
  await stillWorks();
});

test("deadline: a slow server gives a timeout and no request is sent after it", async () => {
  const path = "/v2/keys.verifyKey";
  await fault({ kind: "delay", delayMs: 1500, path, count: 5 });
  const before = await count(path);
  const e = await rejection(unkey.keys.verifyKey({ key: "k_4" }, { timeoutMs: 300, ...fast }));
  assert.equal(e.kind, "timeout");
  const atFailure = await count(path);
  assert.equal(atFailure - before, 1);
  await sleep(1500);
  assert.equal(await count(path), atFailure, "a request was sent after the deadline");
  await control("POST", "/_local/faults/reset");
  await stillWorks();
});

test("deadline on an idempotent op: attempts stop at the deadline", async () => {
  const path = "/v2/apis.getApi";
  await fault({ kind: "delay", delayMs: 1000, path, count: 5 });
  const before = await count(path);
  const e = await rejection(unkey.apis.getApi({ apiId }, { timeoutMs: 250, ...fast }));
  assert.equal(e.kind, "timeout");
  const atFailure = await count(path);
  await sleep(1200);
  assert.equal(await count(path), atFailure, "a request was sent after the deadline");
  assert.ok(atFailure - before >= 1);
  await control("POST", "/_local/faults/reset");
  await stillWorks();
});

test("client-wide timeoutMs and retryConfig apply to every call", async () => {
  const strict = new Unkey({ rootKey, serverURL, timeoutMs: 200, retryConfig: { strategy: "none" } });
  const path = "/v2/apis.getApi";
  await fault({ kind: "delay", delayMs: 800, path });
  const e = await rejection(strict.apis.getApi({ apiId }));
  assert.equal(e.kind, "timeout");
  await control("POST", "/_local/faults/reset");
  const ok = await strict.apis.getApi({ apiId });
  assert.equal(ok.data.id, apiId);
});

test("calls that start together time out together; a later call gets its own deadline", async () => {
  const path = "/v2/keys.verifyKey";
  await fault({ kind: "delay", delayMs: 1500, path, count: 10 });
  const t0 = Date.now();
  const first = await Promise.all(
    [1, 2, 3].map((i) => rejection(unkey.keys.verifyKey({ key: `together_${i}` }, { timeoutMs: 300, ...once }))),
  );
  const firstMs = Date.now() - t0;
  assert.deepEqual(first.map((e) => e.kind), ["timeout", "timeout", "timeout"]);
  assert.ok(firstMs >= 290 && firstMs < 1400, `the three timed out after ${firstMs} ms`);
  // Shared deadlines end a call at most 1% early: one started later is not cut short by an
  // earlier call's deadline.
  const t1 = Date.now();
  const later = unkey.keys.verifyKey({ key: "later" }, { timeoutMs: 300, ...once });
  await sleep(100);
  const e = await rejection(later);
  const laterMs = Date.now() - t1;
  assert.equal(e.kind, "timeout");
  assert.ok(laterMs >= 290, `the later call timed out after ${laterMs} ms`);
  await control("POST", "/_local/faults/reset");
  await stillWorks();
});

test("a pending deadline does not keep Node running", () => {
  // The default 5 s deadline is on a timer that must not hold the process once the calls
  // are done: a script making one call exits right after it.
  const script = `import { Unkey } from "unkey-edge";
    const u = new Unkey({ rootKey: ${JSON.stringify(rootKey)}, serverURL: ${JSON.stringify(serverURL)} });
    const r = await u.keys.verifyKey({ key: "exit_check" });
    console.log(r.data.code);`;
  const t0 = Date.now();
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 20000 });
  const ms = Date.now() - t0;
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), "NOT_FOUND");
  assert.ok(ms < 4000, `the process took ${ms} ms to exit (the deadline is 5000 ms)`);
});

test("the caller's signal aborts the call in flight, which is not retried", async () => {
  const path = "/v2/apis.getApi";
  await fault({ kind: "delay", delayMs: 1500, path, count: 5 });
  const before = await count(path);
  const controller = new AbortController();
  const t0 = Date.now();
  const pending = unkey.apis.getApi({ apiId }, { signal: controller.signal, ...fast });
  await sleep(100);
  controller.abort();
  const e = await rejection(pending);
  assert.equal(e.kind, "aborted", e.message);
  assert.ok(Date.now() - t0 < 1200, "rejected when the signal fired, not when the server answered");
  await sleep(300);
  assert.equal((await count(path)) - before, 1, "an aborted call is not retried");
  await control("POST", "/_local/faults/reset");
  await stillWorks();
});

test("an already-aborted signal sends nothing; @unkey/api's fetchOptions.signal works too", async () => {
  const path = "/v2/apis.getApi";
  const before = await count(path);
  for (const options of [{ signal: AbortSignal.abort() }, { fetchOptions: { signal: AbortSignal.abort() } }]) {
    const e = await rejection(unkey.apis.getApi({ apiId }, options));
    assert.equal(e.kind, "aborted", e.message);
  }
  assert.equal(await count(path), before, "nothing was sent");
  // A signal that never fires changes nothing.
  const ok = await unkey.apis.getApi({ apiId }, { signal: new AbortController().signal });
  assert.equal(ok.data.id, apiId);
});

// ---- What an attack on the client found (each failed before its fix) ----

test("a redirect is never followed: one request, an api error, for reads and verifyKey alike", async () => {
  for (const [path, call] of [
    ["/v2/keys.verifyKey", () => unkey.keys.verifyKey({ key: "k_redirect" }, fast)],
    ["/v2/apis.getApi", () => unkey.apis.getApi({ apiId }, fast)],
  ]) {
    for (const status of [301, 302, 307, 308]) {
      const before = await count(path);
      // 307/308 keep method and body: following would re-send the request (and the root key).
      await fault({ kind: "body", status, body: {}, location: path, path, count: 3 });
      const e = await rejection(call());
      assert.equal(e.kind, "api");
      assert.equal(e.statusCode, status);
      assert.match(e.message, /redirect/);
      assert.equal((await count(path)) - before, 1, `${path} ${status}`);
      await control("POST", "/_local/faults/reset");
    }
  }
  await stillWorks();
});

test("of an error body only the first 64 KiB are read", async () => {
  const path = "/v2/apis.getApi";
  const envelope = (size) => ({
    meta: { requestId: "req_big" },
    error: { title: "Bad", detail: "padded", status: 500, type: "https://unkey.com/docs/errors/unkey/application/internal_error" },
    pad: "x".repeat(size),
  });
  await fault({ kind: "body", status: 500, body: envelope(60_000), path });
  let e = await rejection(unkey.apis.getApi({ apiId }, once));
  assert.equal(e.detail, "padded");
  // 5 MB: cut at 64 KiB, which is not JSON any more: `body` is exactly what was read.
  await fault({ kind: "body", status: 500, body: envelope(5_000_000), path });
  e = await rejection(unkey.apis.getApi({ apiId }, once));
  assert.equal(e.statusCode, 500);
  assert.equal(e.detail, undefined);
  assert.ok(e.body.startsWith('{"error"'), e.body.slice(0, 80));
  assert.equal(e.body.length, 65536);
  await stillWorks();
});

test("a pager whose server repeats a cursor ends with a decode error instead of looping", async () => {
  const path = "/v2/apis.listKeys";
  const page = { meta: { requestId: "req_loop" }, data: [], pagination: { cursor: "cur_1", hasMore: true } };
  await fault({ kind: "body", status: 200, body: page, path, count: 20 });
  const before = await count(path);
  const first = await unkey.apis.listKeys({ apiId });
  const second = await first.next();
  assert.equal(second.pagination.cursor, "cur_1");
  const e = await rejection(second.next());
  assert.equal(e.kind, "decode");
  assert.equal(e.requestId, "req_loop");
  // for await stops the same way.
  let pages = 0;
  const e2 = await rejection(
    (async () => {
      for await (const _ of await unkey.apis.listKeys({ apiId })) pages += 1;
    })(),
  );
  assert.equal(e2.kind, "decode");
  assert.equal(pages, 2);
  assert.equal((await count(path)) - before, 4);
});

test("a signal without removeEventListener is refused before anything is sent", async () => {
  const path = "/v2/apis.getApi";
  const before = await count(path);
  const half = { aborted: false, addEventListener() {} };
  const e = await rejection(unkey.apis.getApi({ apiId }, { signal: half }));
  assert.equal(e.kind, "validation");
  assert.equal(e.errors[0].location, "options.signal");
  assert.equal((await count(path)) - before, 0);
  await stillWorks();
});

test("a timeoutMs past what timers take is a long deadline, not an instant timeout", async () => {
  const path = "/v2/apis.getApi";
  for (const timeoutMs of [2 ** 31, 2 ** 32 + 5, 1e12]) {
    const client = new Unkey({ rootKey, serverURL, timeoutMs });
    await fault({ kind: "delay", delayMs: 50, path });
    const res = await client.apis.getApi({ apiId });
    assert.equal(res.data.id, apiId, String(timeoutMs));
    const r2 = await unkey.apis.getApi({ apiId }, { timeoutMs });
    assert.equal(r2.data.id, apiId);
  }
});

test("a root key a header cannot carry is refused at construction, naming no key", () => {
  for (const bad of ["unkey_\u200babc", "\ufeffunkey_abc", "unkey_\u{1f511}", "unkey_caf\u00e9", "unkey abc"]) {
    assert.throws(
      () => new Unkey({ rootKey: bad, serverURL }),
      (e) => isUnkeyError(e) && e.kind === "config" && !e.message.includes("abc"),
      JSON.stringify(bad),
    );
  }
});

// ---- Retry classes, end to end, for every operation (Node and workerd) ----
// tests/fixtures/operations.json is the tests' one statement of each operation's class (the
// Rust suite holds the operation table to it). Each at-most-once operation gets a 500, a dropped
// connection and a timeout and must reach the server exactly once; each idempotent one gets
// 500s and must reach it three times (the default attempts).

const TABLE = Object.entries(
  JSON.parse(readFileSync(path.join(process.env.UNKEY_EDGE_ROOT, "tests/fixtures/operations.json"), "utf8")),
).filter(([name]) => name !== "_");
const pathOf = (name) => (name === "liveness" ? "/v2/liveness" : `/v2/${name}`);
const CASES = [
  [{ kind: "status", status: 500 }, "api", fast],
  [{ kind: "close" }, "network", fast],
  [{ kind: "delay", delayMs: 800 }, "timeout", { ...fast, timeoutMs: 300 }],
];

/** Run `call(name, request, options)` under every fault its class calls for, counting arrivals. */
async function retryTable(call) {
  let atMostOnce = 0;
  let idempotent = 0;
  for (const [name, { class: cls, request, security }] of TABLE) {
    const p = pathOf(name);
    const cases = cls === "at-most-once" ? CASES : [[{ kind: "status", status: 500, count: 10 }, "api", fast]];
    for (const [f, kind, options] of cases) {
      await control("POST", "/_local/faults/reset");
      const before = await count(p);
      await fault({ count: 5, ...f, path: p });
      const e = await call(name, request, options, security);
      assert.equal(e.kind, kind, `${name} ${JSON.stringify(f)}: ${JSON.stringify(e)}`);
      assert.equal((await count(p)) - before, cls === "at-most-once" ? 1 : 3, `${name} ${JSON.stringify(f)}`);
      // The held request is still answered after the client gave up: let that happen before the
      // next case, whose requests could otherwise meet it on a reused connection.
      if (f.kind === "delay") await sleep(f.delayMs);
    }
    if (cls === "at-most-once") atMostOnce += 1;
    else idempotent += 1;
  }
  assert.equal(atMostOnce + idempotent, TABLE.length);
  assert.ok(atMostOnce > 0 && idempotent > 0);
  await control("POST", "/_local/faults/reset");
}

test("Node: every operation exists, and each is retried as its class says", async () => {
  let methods = 1; // liveness
  // Every namespace object but `cache` (the verification cache's controls, not operations).
  for (const ns of Object.keys(unkey)) if (typeof unkey[ns] === "object" && ns !== "cache") methods += Object.keys(unkey[ns]).length;
  assert.equal(methods, TABLE.length, "the client and the table list different operations");
  await retryTable(async (name, request, options, security) => {
    const [ns, m] = name.split(".");
    // The portal session's own operations take their `security` first.
    const args = security ? [security, request, options] : [request, options];
    const run = name === "liveness" ? unkey.liveness(options) : unkey[ns][m](...args);
    return rejection(run);
  });
});

// The test Worker (worker/worker.js as wrangler bundled it) in workerd, made on first use.
let mf;
after(() => mf?.dispose());
async function workerd() {
  mf ??= new Miniflare({
    modules: true,
    scriptPath: "worker/dist/worker.js",
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-01-01",
    bindings: { ROOT_KEY: rootKey, SERVER_URL: serverURL },
  });
  await mf.ready;
  return mf;
}

test("workerd: each operation is retried as its class says", async () => {
  const mf = await workerd();
  await retryTable(async (name, request, options, security) => {
    const res = await mf.dispatchFetch("http://worker/call", { method: "POST", body: JSON.stringify({ name, security, request, options }) });
    const e = await res.json();
    assert.equal(e.isUnkeyError, true, `${name}: ${JSON.stringify(e)}`);
    assert.ok(!e.dump.includes(rootKey), `${name}: the root key is in the error`);
    assert.equal(e.instanceofClass, true, `${name}: ${e.name}`);
    return e;
  });
});

// ---- Secrecy: the root key in no part of any error, of any kind ----

/** Every view of an error a user or a logger may take. */
function everyView(e) {
  const own = {};
  for (const k of Object.getOwnPropertyNames(e)) own[k] = e[k];
  return [
    String(e),
    e.message,
    e.stack,
    JSON.stringify(e),
    JSON.stringify(own),
    util.inspect(e, { depth: 10, showHidden: true }),
    util.inspect(e?.cause, { depth: 10, showHidden: true }),
  ].join("\n");
}

test("the root key appears in no field, cause, stack, inspect or JSON of any error kind", async () => {
  const secret = `unkey_${"s3cr3t".repeat(4)}`;
  const client = new Unkey({ rootKey: secret, serverURL, retryConfig: { strategy: "none" } });
  const viaFn = new Unkey({ rootKey: async () => secret, serverURL, retryConfig: { strategy: "none" } });
  const seen = new Set();
  const check = (e) => {
    assert.ok(isUnkeyError(e), String(e));
    seen.add(e.kind);
    assert.ok(!everyView(e).includes(secret), `${e.kind}: the root key leaked`);
    assert.ok(!everyView(e).includes("s3cr3t"), `${e.kind}: part of the root key leaked`);
  };
  const p = "/v2/apis.getApi";
  for (const c of [client, viaFn]) {
    // api: the server refuses this root key (401), and a 500 with a body.
    check(await rejection(c.apis.getApi({ apiId })));
    await fault({ kind: "status", status: 500, path: p });
    check(await rejection(c.apis.getApi({ apiId })));
    // decode, network, timeout, aborted, validation.
    await fault({ kind: "non_json", status: 200, path: p });
    check(await rejection(c.apis.getApi({ apiId })));
    await fault({ kind: "close", path: p });
    check(await rejection(c.apis.getApi({ apiId })));
    await fault({ kind: "delay", delayMs: 1000, path: p });
    check(await rejection(c.apis.getApi({ apiId }, { timeoutMs: 100 })));
    check(await rejection(c.apis.getApi({ apiId }, { signal: AbortSignal.abort() })));
    check(await rejection(c.apis.getApi({ apiId: 42 })));
    await control("POST", "/_local/faults/reset");
  }
  // config: a key the constructor refuses, and one a rootKey function gives.
  try {
    new Unkey({ rootKey: `${secret} x`, serverURL });
    assert.fail("accepted");
  } catch (e) {
    check(e);
  }
  const badFn = new Unkey({ rootKey: () => `${secret}\u200b`, serverURL });
  check(await rejection(badFn.apis.getApi({ apiId })));
  assert.deepEqual([...seen].sort(), ["aborted", "api", "config", "decode", "network", "timeout", "validation"]);
});

test("workerd: the deadline and the caller's signal end a call the server holds; the instance survives", async () => {
  await fault({ kind: "delay", delayMs: 3000, path: "/v2/keys.verifyKey", count: 2 });
  const res = await (await workerd()).dispatchFetch("http://worker/abort");
  const r = await res.json();
  assert.equal(res.status, 200, JSON.stringify(r));
  assert.equal(r.timeout.kind, "timeout", JSON.stringify(r.timeout));
  assert.equal(r.aborted.kind, "aborted", JSON.stringify(r.aborted));
  assert.equal(r.before.kind, "aborted", JSON.stringify(r.before));
  for (const e of [r.timeout, r.aborted, r.before]) assert.ok(!e.dump.includes(rootKey), e.kind);
  assert.deepEqual([r.timeout, r.aborted].map((e) => [e.name, e.instanceofClass]), [["RequestTimeoutError", true], ["RequestAbortedError", true]]);
  assert.equal(r.after, "string");
});

// ---- @unkey/api's error classes (unkey-edge/models/errors), each reached for real ----

test("every rejection is an instance of @unkey/api's class for it, with unkey-edge's fields", async () => {
  const errors = await import("unkey-edge/models/errors");
  const p = "/v2/apis.getApi";
  const seen = new Set();
  async function expect(promise, Cls, base, kind, status) {
    const e = await rejection(promise);
    assert.ok(e instanceof Cls, `${e.name} is not a ${Cls.name}`);
    assert.ok(e instanceof base, `${e.name} is not a ${base.name}`);
    assert.ok(e instanceof Error);
    assert.equal(e.name, Cls.name);
    assert.equal(e.kind, kind);
    assert.ok(isUnkeyError(e) && errors.isUnkeyError(e));
    assert.ok(Array.isArray(e.errors));
    if (status !== undefined) assert.equal(e.statusCode, status);
    seen.add(Cls.name);
    return e;
  }
  // Statuses with an Unkey envelope: the class of the status, with data$, meta and error, on an
  // operation that declares it (as @unkey/api, the class comes from the operation's responses).
  const getApi = ["/v2/apis.getApi", () => unkey.apis.getApi({ apiId }, once)];
  const query = { query: "SELECT COUNT(*) AS total FROM key_verifications_v1" };
  const analytics = ["/v2/analytics.getVerifications", () => unkey.analytics.getVerifications(query, once)];
  for (const [status, Cls, [path, call]] of [
    [400, errors.BadRequestErrorResponse, getApi],
    [401, errors.UnauthorizedErrorResponse, getApi],
    [403, errors.ForbiddenErrorResponse, getApi],
    [404, errors.NotFoundErrorResponse, getApi],
    [409, errors.ConflictErrorResponse, ["/v2/permissions.createPermission", () => unkey.permissions.createPermission({ name: "p409", slug: "p409" }, once)]],
    [410, errors.GoneErrorResponse, ["/v2/ratelimit.limit", () => unkey.ratelimit.limit({ namespace: "n410", identifier: "i", limit: 1, duration: 60000 }, once)]],
    [412, errors.PreconditionFailedErrorResponse, ["/v2/apis.deleteApi", () => unkey.apis.deleteApi({ apiId }, once)]],
    [422, errors.UnprocessableEntityErrorResponse, analytics],
    [500, errors.InternalServerErrorResponse, getApi],
    [503, errors.ServiceUnavailableErrorResponse, analytics],
  ]) {
    const envelope = { meta: { requestId: `req_${status}` }, error: { title: "T", detail: "D", status, type: "https://unkey.com/docs/errors/x/y/z" } };
    await fault({ kind: "body", status, body: envelope, path });
    const e = await expect(call(), Cls, errors.UnkeyError, "api", status);
    // As @unkey/api's: the envelope, then the Response and the body (not the Request: it
    // carries the root key).
    assert.deepEqual({ meta: e.data$.meta, error: e.data$.error }, envelope);
    assert.deepEqual(Object.keys(e.data$), ["meta", "error", "response$", "body$"]);
    assert.equal(e.data$.response$, e.rawResponse);
    assert.equal(e.data$.body$, e.body);
    assert.ok(e.message.startsWith('API error occurred: {"meta":'), e.message);
    assert.equal(e.error.detail, "D");
    assert.equal(e.meta.requestId, `req_${status}`);
    assert.equal(e.detail, "D");
    assert.equal(e.requestId, `req_${status}`);
    assert.equal(JSON.parse(e.body).error.title, "T");
    assert.ok(e.headers instanceof Headers);
    assert.equal(e.rawResponse.status, status);
    assert.match(e.contentType, /json/);
  }
  // The same envelope with a status the operation does not declare (getApi: no 412; a real
  // verifyKey answers 412 for an undefined rate limit): APIError, as @unkey/api gives it.
  const undeclared = { meta: { requestId: "req_412" }, error: { title: "T", detail: "D", status: 412, type: "https://unkey.com/docs/errors/x/y/z" } };
  await fault({ kind: "body", status: 412, body: undeclared, path: p });
  const e412 = await expect(unkey.apis.getApi({ apiId }, once), errors.APIError, errors.UnkeyError, "api", 412);
  assert.equal(e412.detail, "D");
  assert.ok(!(e412 instanceof errors.PreconditionFailedErrorResponse));
  assert.match(e412.message, /^API error occurred: Status 412\nBody: \{/);
  // A 429, and any error of identities.deleteIdentity: the spec declares them only as
  // application/problem+json, Unkey answers application/json, so @unkey/api makes them APIError.
  const e429 = { meta: { requestId: "req_429" }, error: { title: "T", detail: "D", status: 429, type: "https://unkey.com/docs/errors/x/y/z" } };
  await fault({ kind: "body", status: 429, body: e429, path: p });
  const too = await expect(unkey.apis.getApi({ apiId }, once), errors.APIError, errors.UnkeyError, "api", 429);
  assert.ok(!(too instanceof errors.TooManyRequestsErrorResponse));
  assert.equal(too.requestId, "req_429");
  const gone = await expect(unkey.identities.deleteIdentity({ identity: "nobody_here" }, once), errors.APIError, errors.UnkeyError, "api", 404);
  assert.ok(!(gone instanceof errors.NotFoundErrorResponse));
  // A real 404 from the server, and the status the spec does not declare: APIError.
  await expect(unkey.keys.getKey({ keyId: "key_missing000" }), errors.NotFoundErrorResponse, errors.UnkeyError, "api", 404);
  await fault({ kind: "non_json", status: 502, path: p });
  await expect(unkey.apis.getApi({ apiId }, once), errors.APIError, errors.UnkeyError, "api", 502);
  await fault({ kind: "body", status: 307, body: {}, location: p, path: p });
  await expect(unkey.apis.getApi({ apiId }, once), errors.APIError, errors.UnkeyError, "api", 307);
  // A 2xx that is not the envelope.
  await fault({ kind: "non_json", status: 200, path: p });
  await expect(unkey.apis.getApi({ apiId }, once), errors.ResponseValidationError, errors.UnkeyError, "decode", 200);
  // No response at all.
  await fault({ kind: "close", path: p });
  await expect(unkey.apis.getApi({ apiId }, once), errors.ConnectionError, errors.HTTPClientError, "network");
  await fault({ kind: "delay", delayMs: 1000, path: p });
  await expect(unkey.apis.getApi({ apiId }, { timeoutMs: 50 }), errors.RequestTimeoutError, errors.HTTPClientError, "timeout");
  await expect(unkey.apis.getApi({ apiId }, { signal: AbortSignal.abort() }), errors.RequestAbortedError, errors.HTTPClientError, "aborted");
  await control("POST", "/_local/faults/reset");
  // Bad input, bad options.
  const v = await expect(unkey.keys.verifyKey({ key: 42 }), errors.SDKValidationError, Error, "validation");
  // As @unkey/api writes it: "Input validation failed", then one line per issue, at `<root>.key`.
  assert.match(v.message, /^Input validation failed: body\.key /);
  assert.match(v.pretty(), /^Input validation failed\n┌ 1 issue found:\n│ • \[<root>\.key\]: must be a string\n└─\*$/);
  assert.equal(v.errors[0].location, "body.key");
  await expect(unkey.apis.getApi({ apiId }, { timeoutMs: "soon" }), errors.SDKValidationError, Error, "validation");
  const c = await expect(new Unkey({ rootKey: async () => "", serverURL }).apis.getApi({ apiId }), errors.InvalidRequestError, errors.HTTPClientError, "config");
  assert.ok(!(c instanceof errors.UnkeyError), "no response, no UnkeyError");
  assert.throws(() => new Unkey({ rootKey: 5, serverURL }), (e) => e instanceof errors.InvalidRequestError && e.kind === "config");
  assert.throws(() => new Unkey({ rootKey: "unkey x", serverURL }), (e) => e instanceof errors.InvalidRequestError && e.kind === "config");
  // Every class but TooManyRequestsErrorResponse, which @unkey/api gives only an
  // application/problem+json 429 (Unkey never answers one).
  assert.equal(seen.size, 17);
});

test("a list page also answers `result`, and `autoApply` may be left out (false is sent)", async () => {
  const created = await unkey.keys.createKey({ apiId, ratelimits: [{ name: "requests", limit: 5, duration: 60000 }] });
  const got = await unkey.keys.getKey({ keyId: created.data.keyId });
  assert.equal(got.data.ratelimits[0].autoApply, false);
  // Auto-applied only when asked: a verification without naming it does not count against it.
  const withAuto = await unkey.keys.createKey({ apiId, ratelimits: [{ name: "requests", limit: 1, duration: 60000, autoApply: true }] });
  await unkey.keys.verifyKey({ key: withAuto.data.key });
  assert.equal((await unkey.keys.verifyKey({ key: withAuto.data.key })).data.code, "RATE_LIMITED");
  for (let i = 0; i < 3; i++) assert.equal((await unkey.keys.verifyKey({ key: created.data.key })).data.valid, true);
  // The caller's objects are not changed.
  const mine = [{ name: "requests", limit: 5, duration: 60000 }];
  await unkey.keys.createKey({ apiId, ratelimits: mine });
  assert.deepEqual(Object.keys(mine[0]), ["name", "limit", "duration"]);
  // Pages as @unkey/api gives them.
  const res = await unkey.apis.listKeys({ apiId, limit: 1 });
  assert.deepEqual(res.result.data, res.data);
  assert.equal(res.result.pagination.hasMore, true);
  let n = 0;
  for await (const page of res) n += page.result.data.length;
  assert.ok(n >= 3);
  // Its JSON is @unkey/api's page's: `{ result }`, and `~next` while a cursor follows.
  assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(res))), ["result", "~next"]);
});

test("per-call headers take any HeadersInit, as fetch does", async () => {
  const seen = [];
  const spy = new Unkey({ rootKey, serverURL, fetch: (url, init) => (seen.push(init.headers), fetch(url, init)) });
  await spy.apis.getApi({ apiId }, { headers: new Headers({ "X-Trace": "a" }) });
  await spy.apis.getApi({ apiId }, { headers: [["X-Trace", "b"]] });
  await spy.apis.getApi({ apiId }, { headers: { "X-Trace": "c" } });
  assert.deepEqual(seen.map((h) => h["x-trace"]), ["a", "b", "c"]);
  const e = await rejection(spy.apis.getApi({ apiId }, { headers: [["X-Trace"]] }));
  assert.equal(e.kind, "validation");
  assert.equal(e.errors[0].location, "options.headers");
});

// ---- unkey-edge/ratelimit: @unkey/ratelimit's shape on unkey-edge's client ----

test("Ratelimit: limits, answers a denied identifier locally until reset, falls back on timeout", async () => {
  const { Ratelimit, NoopRatelimit, Overrides, duration } = await import("unkey-edge/ratelimit");
  assert.equal(duration("60s"), 60_000);
  assert.equal(duration("1 m"), 60_000);
  assert.equal(duration(250), 250);
  assert.throws(() => duration("soon"), (e) => isUnkeyError(e) && e.kind === "config");
  const namespace = `rl_${Date.now()}`;
  const rl = new Ratelimit({ rootKey, serverURL, namespace, limit: 2, duration: "60s" });
  const path = "/v2/ratelimit.limit";
  const before = await count(path);
  const a = await rl.limit("user_1");
  const b = await rl.limit("user_1");
  const c = await rl.limit("user_1");
  assert.deepEqual([a.success, b.success, c.success], [true, true, false]);
  assert.equal(c.limit, 2);
  assert.ok(c.reset > Date.now());
  // Denied: answered from memory until the window resets, no request.
  const d = await rl.limit("user_1");
  assert.equal(d.success, false);
  assert.equal((await count(path)) - before, 3);
  // Another identifier, a cost and a limit of its own for one call.
  assert.equal((await rl.limit("user_2", { cost: 2 })).remaining, 0);
  assert.equal((await rl.limit("user_3", { limit: { limit: 5, duration: "1m" } })).limit, 5);
  // Unkey slow: the fallback answers; a failure goes to onError.
  await fault({ kind: "delay", delayMs: 800, path });
  const slow = new Ratelimit({ rootKey, serverURL, namespace, limit: 2, duration: 60_000, timeout: { ms: 100, fallback: (id) => ({ success: true, limit: 0, remaining: 0, reset: 0, id }) } });
  const fb = await slow.limit("user_4");
  assert.equal(fb.success, true);
  assert.equal(fb.id, "user_4");
  await sleep(800);
  await fault({ kind: "status", status: 500, path });
  const seen = [];
  const failing = new Ratelimit({ rootKey, serverURL, namespace, limit: 2, duration: 60_000, onError: (e, id) => (seen.push([e.kind, id]), { success: false, limit: 0, remaining: 0, reset: 0 }) });
  assert.equal((await failing.limit("user_5")).success, false);
  assert.deepEqual(seen, [["api", "user_5"]]);
  await fault({ kind: "status", status: 500, path });
  const plain = new Ratelimit({ rootKey, serverURL, namespace, limit: 2, duration: 60_000 });
  assert.equal((await rejection(plain.limit("user_6"))).statusCode, 500);
  // Overrides, and the no-op limiter.
  const ov = new Overrides({ rootKey, serverURL });
  await ov.setOverride({ namespace, identifier: "vip", limit: 100, duration: "1m" });
  assert.equal((await ov.getOverride({ namespace, identifier: "vip" })).data.limit, 100);
  assert.equal((await rl.limit("vip")).limit, 100);
  await ov.deleteOverride({ namespace, identifier: "vip" });
  assert.deepEqual(await new NoopRatelimit().limit("x"), { success: true, limit: 0, remaining: 0, reset: 0 });
  assert.throws(() => new Ratelimit({ rootKey, serverURL, namespace: "", limit: 1, duration: "1s" }), (e) => e.kind === "config");
});

test("analytics.*: typed calls; without analytics configured the server's 412 is an APIError (getVerifications declares no 412)", async () => {
  const errors = await import("unkey-edge/models/errors");
  const e = await rejection(unkey.analytics.getVerifications({ query: "SELECT COUNT(*) AS total FROM key_verifications_v1" }));
  assert.ok(e instanceof errors.APIError, e.name);
  assert.equal(e.statusCode, 412);
  const v = await rejection(unkey.analytics.getRatelimits({ query: 42 }));
  assert.equal(v.kind, "validation");
  assert.equal(v.errors[0].location, "body.query");
});

// ---- Bounded reads of a success body ----

test("of a success body at most 16 MiB are read: a longer or endless one is a decode error (Node and workerd)", async () => {
  const path = "/v2/keys.verifyKey";
  const body = { meta: { requestId: "req_big" }, data: { valid: false, code: "NOT_FOUND" } };
  // Under the cap (unkey-local pads the JSON with spaces): decoded whole.
  await fault({ kind: "body", body, padBytes: 15 << 20, path });
  assert.equal((await unkey.keys.verifyKey({ key: "not_a_key" }, once)).data.code, "NOT_FOUND");
  for (const extra of [{ padBytes: 17 << 20 }, { endless: true }]) {
    await fault({ kind: "body", body, path, ...extra });
    const started = Date.now();
    const e = await rejection(unkey.keys.verifyKey({ key: "not_a_key" }, { ...once, timeoutMs: 30_000 }));
    assert.equal(e.kind, "decode", JSON.stringify(extra));
    assert.equal(e.statusCode, 200);
    assert.ok(Date.now() - started < 20_000, "ended by the cap, not the deadline");
    assert.ok(String(e.body ?? "").length < 1024, "the body is not kept whole");
    await stillWorks();
  }
  const mf = await workerd();
  for (const extra of [{ padBytes: 17 << 20 }, { endless: true }]) {
    await fault({ kind: "body", body, path, ...extra });
    const res = await mf.dispatchFetch("http://worker/call", {
      method: "POST",
      body: JSON.stringify({ name: "keys.verifyKey", request: { key: "not_a_key" }, options: { ...once, timeoutMs: 30_000 } }),
    });
    const e = await res.json();
    assert.equal(e.kind, "decode", `workerd ${JSON.stringify(extra)}: ${JSON.stringify(e).slice(0, 300)}`);
  }
  const after = await mf.dispatchFetch("http://worker/call", { method: "POST", body: JSON.stringify({ name: "apis.getApi", request: { apiId } }) });
  assert.equal((await after.json()).resolved, true, "the workerd instance still serves");
});
