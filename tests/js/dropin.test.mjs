// The parts of the @unkey/api drop-in beyond the `Unkey` class, held to @unkey/api 2.5.1 (the
// copy in the repository's node_modules, $UNKEY_EDGE_ROOT) and run against unkey-local --faults:
// the standalone functions (`unkey-edge/core.js`, `unkey-edge/funcs/*.js`, `unkey-edge/types`):
// a Result for every outcome, pages as Results, a failed page ending the walk; the type names of
// `unkey-edge/models/components`; `httpClient` with our `HTTPClient` and with @unkey/api's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { UnkeyCore } from "unkey-edge/core.js";
import { Unkey, HTTPClient } from "unkey-edge";
import { HTTPClient as LibHTTPClient } from "unkey-edge/lib/http";
import { Unkey as CachedUnkey } from "unkey-edge/cache";
import * as errors from "unkey-edge/models/errors";
import { OK, ERR, unwrap, unwrapAsync } from "unkey-edge/types";
import { apisCreateApi } from "unkey-edge/funcs/apisCreateApi.js";
import { apisGetApi } from "unkey-edge/funcs/apisGetApi.js";
import { apisListKeys } from "unkey-edge/funcs/apisListKeys.js";
import { keysCreateKey } from "unkey-edge/funcs/keysCreateKey.js";
import { keysVerifyKey } from "unkey-edge/funcs/keysVerifyKey.js";
import { serverURL, rootKey, fault } from "./local.mjs";

const root = process.env.UNKEY_EDGE_ROOT;
assert.ok(root, "run through scripts/test-js.sh (UNKEY_EDGE_ROOT: the repository)");
const theirs = path.join(root, "node_modules/@unkey/api/dist/esm");
const core = new UnkeyCore({ rootKey, serverURL, retryConfig: { strategy: "none" } });

// @unkey/api functions this package leaves out on purpose (README, "Migrating from @unkey/api"):
// Unkey Deploy.
const OUT_OF_SCOPE =
  /^(apps|deployments|domains|environments|gateway|github|internal|projects)[A-Z]|^analyticsGet(GatewayRequests|RuntimeLogs)$/;

// @unkey/api's standalone functions, by name (its funcs/ directory, read once).
const THEIR_FUNCTIONS = readdirSync(path.join(theirs, "funcs"))
  .filter((f) => f.endsWith(".js"))
  .map((f) => f.slice(0, -3));

test("every @unkey/api function in scope is here, under the same path and name", async () => {
  const names = THEIR_FUNCTIONS.filter((n) => !OUT_OF_SCOPE.test(n));
  assert.ok(names.length >= 40, `found ${names.length}`);
  for (const name of names) {
    const mod = await import(`unkey-edge/funcs/${name}.js`);
    assert.equal(typeof mod[name], "function", name);
  }
  // And nothing of ours is missing from theirs (a typo in a generated name would show here).
  const require = createRequire(import.meta.url);
  const ours = readdirSync(path.join(path.dirname(require.resolve("unkey-edge/package.json")), "funcs"))
    .filter((f) => f.endsWith(".js"))
    .map((f) => f.slice(0, -3));
  assert.deepEqual(ours.filter((n) => !THEIR_FUNCTIONS.includes(n)), []);
});

test("models/components names each in-scope operation's bodies as @unkey/api does", () => {
  const require = createRequire(import.meta.url);
  const ours = readFileSync(path.join(path.dirname(require.resolve("unkey-edge/package.json")), "components.d.ts"), "utf8");
  const declared = new Set([...ours.matchAll(/^export type (\w+) =/gm)].map((m) => m[1]));
  const want = [];
  for (const file of readdirSync(path.join(theirs, "models/components"))) {
    if (!file.endsWith(".d.ts")) continue;
    for (const m of readFileSync(path.join(theirs, "models/components", file), "utf8").matchAll(/^export type (V2\w+?)(RequestBody|ResponseBody|ResponseData) =/gm)) {
      // V2KeysVerifyKey -> keysVerifyKey, the function of the same operation.
      const fn = m[1].slice(2, 3).toLowerCase() + m[1].slice(3);
      if (THEIR_FUNCTIONS.includes(fn) && !OUT_OF_SCOPE.test(fn)) want.push(m[1] + m[2]);
    }
  }
  assert.ok(want.length >= 80, `found ${want.length}`);
  assert.deepEqual(want.filter((n) => !declared.has(n)), []);
});

test("models/components has @unkey/api's enum objects of the operations in scope, with the same members", async () => {
  // Their enum objects (`export declare const Code: {`) in the files the in-scope operations'
  // bodies import, directly or not.
  const dir = path.join(theirs, "models/components");
  const queue = readdirSync(dir).filter((f) => {
    const m = /^v2(\w+?)(requestbody|responsebody|responsedata)\.d\.ts$/.exec(f);
    const fn = m && THEIR_FUNCTIONS.find((n) => n.toLowerCase() === m[1]);
    return fn && !OUT_OF_SCOPE.test(fn);
  });
  const seen = new Set(queue);
  const names = [];
  while (queue.length > 0) {
    const text = readFileSync(path.join(dir, queue.pop()), "utf8");
    for (const m of text.matchAll(/^export declare const (\w+): \{$/gm)) names.push(m[1]);
    for (const m of text.matchAll(/from "\.\/(\w+)\.js"/g)) {
      const f = `${m[1]}.d.ts`;
      if (!seen.has(f)) seen.add(f) && queue.push(f);
    }
  }
  assert.ok(names.length >= 5, names.join(", "));
  const theirModule = await import(path.join(dir, "index.js"));
  const ours = await import("unkey-edge/models/components");
  for (const name of names) assert.deepEqual({ ...ours[name] }, { ...theirModule[name] }, name);
});

test("a function answers { ok: true, value } with what the method answers", async () => {
  assert.equal(core instanceof Unkey, true, "UnkeyCore is unkey-edge's client");
  const api = await apisCreateApi(core, { name: "funcs_ok" });
  assert.equal(api.ok, true);
  assert.match(api.value.data.apiId, /^api_/);
  const created = unwrap(await keysCreateKey(core, { apiId: api.value.data.apiId }));
  const verified = await keysVerifyKey(core, { key: created.data.key });
  assert.deepEqual([verified.ok, verified.error, verified.value.data.valid], [true, undefined, true]);
  // Any client of the package will do: the functions hold no wasm of their own.
  const cached = new CachedUnkey({ rootKey, serverURL, cache: true });
  assert.equal(unwrap(await keysVerifyKey(cached, { key: created.data.key })).data.code, "VALID");
});

test("every classified failure is { ok: false, error }, never a rejection", async () => {
  const missing = await apisGetApi(core, { apiId: "api_doesnotexist0000" });
  assert.equal(missing.ok, false);
  assert.ok(missing.error instanceof errors.NotFoundErrorResponse);
  assert.equal(missing.value, undefined);
  const invalid = await keysVerifyKey(core, { key: 42 });
  assert.ok(!invalid.ok && invalid.error instanceof errors.SDKValidationError);
  const offline = new UnkeyCore({ rootKey, serverURL: "http://127.0.0.1:9", retryConfig: { strategy: "none" } });
  const network = await apisGetApi(offline, { apiId: "api_doesnotexist0000" });
  assert.ok(!network.ok && network.error instanceof errors.ConnectionError);
  const aborted = await apisGetApi(core, { apiId: "api_doesnotexist0000" }, { signal: AbortSignal.abort() });
  assert.ok(!aborted.ok && aborted.error instanceof errors.RequestAbortedError);
  // Not a client of this package: a bug of the caller's, thrown as it is.
  await assert.rejects(apisGetApi({}, { apiId: "api_x" }), TypeError);
  await assert.rejects(unwrapAsync(apisGetApi(core, { apiId: "api_doesnotexist0000" })), errors.NotFoundErrorResponse);
  assert.deepEqual([OK(1), ERR(2)], [{ ok: true, value: 1 }, { ok: false, error: 2 }]);
  assert.throws(() => unwrap(ERR(new Error("boom"))), /boom/);
});

test("a list function pages as Results and stops after a failed page", async () => {
  const apiId = unwrap(await apisCreateApi(core, { name: "funcs_pages" })).data.apiId;
  for (let i = 0; i < 3; i++) unwrap(await keysCreateKey(core, { apiId }));
  const first = await apisListKeys(core, { apiId, limit: 1 });
  assert.equal(first.ok, true);
  assert.equal(first.value.result.data.length, 1);
  const seen = [];
  for await (const page of first) seen.push(page.ok && page.value.data[0].keyId);
  assert.equal(seen.length, 3);
  assert.equal(new Set(seen).size, 3);
  // next() walks by hand, and is null after the last page.
  const second = await first.next();
  const third = await second.next();
  assert.equal(third.value.data[0].keyId, seen[2]);
  assert.equal(third.next(), null);

  // The second page fails: the walk yields that failure and ends.
  const start = await apisListKeys(core, { apiId, limit: 1 });
  await fault({ kind: "status", status: 500, path: "/v2/apis.listKeys", count: 1 });
  const walked = [];
  for await (const page of start) walked.push(page.ok ? "ok" : page.error.name);
  assert.deepEqual(walked, ["ok", "InternalServerErrorResponse"]);
  // A failed list call: one failed Result, and nothing after it.
  const failed = await apisListKeys(core, { apiId: "api_doesnotexist0000" });
  assert.equal(failed.ok, false);
  assert.equal(failed.next(), null);
  const all = [];
  for await (const page of failed) all.push(page.ok);
  assert.deepEqual(all, [false]);
});


test("a caller's signal that times out (AbortSignal.timeout) ends the call as a RequestTimeoutError, as in @unkey/api", async () => {
  const { Unkey: TheirUnkey } = await import(path.join(theirs, "index.js"));
  const theirErrors = await import(path.join(theirs, "models/errors/index.js"));
  for (const [U, E] of [[Unkey, errors], [TheirUnkey, theirErrors]]) {
    const unkey = new U({ rootKey, serverURL, retryConfig: { strategy: "none" } });
    await fault({ kind: "delay", delayMs: 1500, path: "/v2/apis.getApi", count: 1 });
    const timedOut = await unkey.apis.getApi({ apiId: "api_doesnotexist0000" }, { signal: AbortSignal.timeout(100) }).catch((x) => x);
    assert.ok(timedOut instanceof E.RequestTimeoutError, String(timedOut));
    // A signal aborted by its controller is still an abort.
    await fault({ kind: "delay", delayMs: 1500, path: "/v2/apis.getApi", count: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const aborted = await unkey.apis.getApi({ apiId: "api_doesnotexist0000" }, { signal: controller.signal }).catch((x) => x);
    assert.ok(aborted instanceof E.RequestAbortedError, String(aborted));
  }
});

test("UNKEY_DEBUG makes console the debugLogger, as in @unkey/api", async () => {
  const told = [];
  const saved = { log: console.log, group: console.group, groupEnd: console.groupEnd };
  process.env.UNKEY_DEBUG = "true";
  try {
    const unkey = new Unkey({ rootKey, serverURL });
    Object.assign(console, { log: (...a) => told.push(a.join(" ")), group: (t) => told.push(t), groupEnd: () => {} });
    await unkey.apis.getApi({ apiId: "api_doesnotexist0000" }).catch(() => {});
  } finally {
    Object.assign(console, saved);
    delete process.env.UNKEY_DEBUG;
  }
  assert.ok(told.some((l) => l.startsWith("> Request: POST")), told.join("\n"));
  assert.ok(told.includes("Status Code: 404 Not Found"), told.join("\n"));
  assert.ok(!told.join("\n").includes(rootKey), "the root key is redacted");
});

/** An HTTPClient whose hooks record what they see. */
function recording(Class) {
  const seen = [];
  const http = new Class();
  http.addHook("beforeRequest", (req) => void seen.push(`before ${new URL(req.url).pathname}`));
  http.addHook("response", (res) => void seen.push(`response ${res.status}`));
  http.addHook("requestError", (err) => void seen.push(`error ${err?.name}`));
  return { http, seen };
}

test("httpClient: every attempt goes through the hooks, with ours and with @unkey/api's HTTPClient", async () => {
  assert.equal(HTTPClient, LibHTTPClient);
  const { HTTPClient: Theirs } = await import(path.join(theirs, "index.js"));
  for (const Class of [HTTPClient, Theirs]) {
    const { http, seen } = recording(Class);
    const unkey = new Unkey({ rootKey, serverURL, httpClient: http, retryConfig: { strategy: "backoff", backoff: { initialInterval: 1, maxInterval: 2 } } });
    const apiId = (await unkey.apis.createApi({ name: "http_hooks" })).data.apiId;
    seen.length = 0;
    // An idempotent read answered 500 twice: three attempts, each seen by the hooks.
    await fault({ kind: "status", status: 500, path: "/v2/apis.getApi", count: 2 });
    assert.equal((await unkey.apis.getApi({ apiId })).data.id, apiId);
    assert.deepEqual(seen, ["before /v2/apis.getApi", "response 500", "before /v2/apis.getApi", "response 500", "before /v2/apis.getApi", "response 200"]);
    // No server: the requestError hook, then a ConnectionError.
    const down = recording(Class);
    const offline = new Unkey({ rootKey, serverURL: "http://127.0.0.1:9", httpClient: down.http, retryConfig: { strategy: "none" } });
    await assert.rejects(offline.apis.getApi({ apiId }), errors.ConnectionError);
    assert.equal(down.seen[0], "before /v2/apis.getApi");
    assert.match(down.seen[1], /^error /);
  }
});

test("httpClient: a beforeRequest hook's request is the one sent, and the deadline still ends it", async () => {
  const http = new HTTPClient();
  const swap = (req) => {
    const next = new Request(req);
    next.headers.set("authorization", "Bearer unkey_not_a_root_key_at_all");
    return next;
  };
  http.addHook("beforeRequest", swap);
  const unkey = new Unkey({ rootKey, serverURL, httpClient: http });
  await assert.rejects(unkey.apis.getApi({ apiId: "api_doesnotexist0000" }), errors.UnauthorizedErrorResponse);
  http.removeHook("beforeRequest", swap);
  await assert.rejects(unkey.apis.getApi({ apiId: "api_doesnotexist0000" }), errors.NotFoundErrorResponse);
  // The request handed to the hooks carries the call's deadline.
  await fault({ kind: "delay", delayMs: 1500, path: "/v2/apis.getApi", count: 1 });
  const e = await unkey.apis.getApi({ apiId: "api_doesnotexist0000" }, { timeoutMs: 200, retries: { strategy: "none" } }).catch((x) => x);
  assert.ok(e instanceof errors.RequestTimeoutError, String(e));
});

test("httpClient: refused with fetch, or without request()", () => {
  assert.throws(() => new Unkey({ rootKey, httpClient: new HTTPClient(), fetch }), (e) => e.kind === "config" && /httpClient/.test(e.message));
  assert.throws(() => new Unkey({ rootKey, httpClient: {} }), (e) => e.kind === "config" && /httpClient/.test(e.message));
  assert.throws(() => new HTTPClient().addHook("sometimes", () => {}), TypeError);
});
