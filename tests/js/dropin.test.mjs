// The parts of the @unkey/api drop-in beyond the `Unkey` class, held to @unkey/api 2.5.1 (the
// copy in the repository's node_modules, $UNKEY_EDGE_ROOT) and run against unkey-local --faults:
// the standalone functions (`unkey-edge/core.js`, `unkey-edge/funcs/*.js`, `unkey-edge/types`):
// a Result for every outcome, pages as Results, a failed page ending the walk; the type names of
// `unkey-edge/models/components`; `httpClient` with our `HTTPClient` and with @unkey/api's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { inspect } from "node:util";
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
import { serverURL, rootKey, fault, uniq } from "./local.mjs";

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

// ---- Side by side with @unkey/api: the same calls through both packages against unkey-local,
// each sent through a recording fetch, must send and answer the same (dr14 audit findings).
const { Unkey: TheirUnkey } = await import("@unkey/api");
const { HTTPClient: TheirHTTPClient } = await import("@unkey/api/lib/http");
const theirErrors = await import("@unkey/api/models/errors");

/** A fetch that records each request it sends (URL, body, a few headers and init members). */
function recorder() {
  const sent = [];
  const f = async (input, init) => {
    const req = input instanceof Request ? input : new Request(input, init);
    sent.push({ url: req.url, body: await req.clone().text(), authorization: req.headers.get("authorization"), cache: req.cache, keepalive: req.keepalive });
    return fetch(req);
  };
  return { sent, f };
}

/** Both clients on the same options, each with its own recording fetch. */
function both(options = {}) {
  const ours = recorder();
  const theirs = recorder();
  const retryConfig = { strategy: "none" };
  return {
    ours: new Unkey({ rootKey, serverURL, retryConfig, ...options, fetch: ours.f }),
    theirs: new TheirUnkey({ rootKey, serverURL, retryConfig, ...options, httpClient: new TheirHTTPClient({ fetcher: theirs.f }) }),
    sent: { ours: ours.sent, theirs: theirs.sent },
  };
}

/** What a program sees of an error, request ids masked, to compare the two packages'. */
function seen(e, errs) {
  const mask = (s) => (typeof s === "string" ? s.replace(/req_\w+/g, "req_X") : s);
  return {
    name: e.name,
    isAPIError: e instanceof errs.APIError,
    isNotFound: e instanceof errs.NotFoundErrorResponse,
    isTooMany: e instanceof errs.TooManyRequestsErrorResponse,
    statusCode: e.statusCode,
    body: mask(e.body),
    message: mask(e.message),
  };
}

async function failure(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail("expected a rejection");
}

test("a request member the operation does not declare is dropped before sending, as @unkey/api drops it", async () => {
  const { ours, theirs, sent } = both();
  const apiId = (await ours.apis.createApi({ name: `dropin_${uniq()}` })).data.apiId;
  for (const [who, client] of [["ours", ours], ["theirs", theirs]]) {
    const { key, keyId } = (await client.keys.createKey({ apiId, ownerId: "v1_owner", credits: { remaining: 5, refillInterval: "daily" } })).data;
    // v1 leftovers: `apiId` on verifyKey, `ownerId` on createKey, `refillInterval` in credits.
    const verified = await client.keys.verifyKey({ key, apiId });
    assert.deepEqual([verified.data.valid, verified.data.credits], [true, 4], who);
    // Read, modify, write: the key's own answer spread into updateKey.
    const read = (await client.keys.getKey({ keyId })).data;
    await client.keys.updateKey({ ...read, name: "renamed" });
    assert.equal((await client.keys.getKey({ keyId })).data.name, "renamed", who);
    // A declared member of the wrong type is still refused before sending.
    const before = sent[who].length;
    const e = await failure(client.keys.verifyKey({ key: 42, apiId }));
    assert.ok(e instanceof (who === "ours" ? errors : theirErrors).SDKValidationError, `${who}: ${e}`);
    assert.equal(sent[who].length, before, `${who}: nothing sent`);
  }
  // What went out is the same: the undeclared members are not on the wire.
  const bodies = (who) =>
    sent[who].filter((s) => !s.url.endsWith("/v2/apis.createApi")).map((s) => Object.keys(JSON.parse(s.body)).sort().join(","));
  assert.deepEqual(bodies("ours"), bodies("theirs"));
  const verify = sent.ours.find((s) => s.url.endsWith("/v2/keys.verifyKey"));
  assert.deepEqual(Object.keys(JSON.parse(verify.body)), ["key"]);
  const create = sent.ours.find((s) => s.url.endsWith("/v2/keys.createKey"));
  assert.deepEqual(JSON.parse(create.body).credits, { remaining: 5 });
});

test("error classes are @unkey/api's against Unkey's application/json: a 429 and every error of deleteIdentity are APIError", async () => {
  const { ours, theirs } = both();
  const problem = (status) => ({ meta: { requestId: "req_fault" }, error: { title: "T", detail: "D", status, type: "https://unkey.com/docs/errors/x" } });
  const cases = [
    ["/v2/identities.deleteIdentity", (c) => c.identities.deleteIdentity({ identity: `gone_${uniq()}` }), undefined],
    ["/v2/apis.getApi", (c) => c.apis.getApi({ apiId: "api_doesnotexist0000" }), undefined],
    ["/v2/keys.verifyKey", (c) => c.keys.verifyKey({ key: "k_429" }), 429],
    ["/v2/apis.listKeys", (c) => c.apis.listKeys({ apiId: "api_doesnotexist0000" }), 429],
    ["/v2/identities.deleteIdentity", (c) => c.identities.deleteIdentity({ identity: "x" }), 403],
    ["/v2/keys.getKey", (c) => c.keys.getKey({ keyId: "key_doesnotexist" }), 403],
  ];
  for (const [path, call, status] of cases) {
    const views = [];
    for (const [client, errs] of [[ours, errors], [theirs, theirErrors]]) {
      if (status) await fault({ kind: "body", status, body: problem(status), path });
      views.push(seen(await failure(call(client)), errs));
    }
    assert.deepEqual(views[0], views[1], `${path} ${status ?? ""}`);
  }
});

test("ratelimit.listOverrides without a limit pages by the spec's default (10), as @unkey/api sends it", async () => {
  const { ours, theirs, sent } = both();
  const namespace = `dropin_${uniq()}`;
  await ours.ratelimit.limit({ namespace, identifier: "first", limit: 5, duration: 60_000 });
  for (let i = 0; i < 12; i++) await ours.ratelimit.setOverride({ namespace, identifier: `user_${i}`, limit: 5, duration: 60_000 });
  const pages = [];
  for (const client of [ours, theirs]) {
    const first = await client.ratelimit.listOverrides({ namespace });
    const second = await first.next();
    pages.push([first.result.data.length, first.result.pagination.hasMore, second.result.data.length]);
  }
  assert.deepEqual(pages, [[10, true, 2], [10, true, 2]]);
  const listed = (who) => sent[who].filter((s) => s.url.endsWith("/v2/ratelimit.listOverrides")).map((s) => JSON.parse(s.body).limit);
  assert.deepEqual(listed("ours"), [10, 10]);
  assert.deepEqual(listed("ours"), listed("theirs"));
  // The other defaults @unkey/api fills are sent too (the server's own), e.g. createKey's.
  await ours.keys.createKey({ apiId: (await ours.apis.createApi({ name: `dropin_${uniq()}` })).data.apiId });
  const create = JSON.parse(sent.ours.find((s) => s.url.endsWith("/v2/keys.createKey")).body);
  assert.deepEqual([create.byteLength, create.enabled, create.recoverable], [16, true, false]);
});

test("constructor options @unkey/api takes are taken: a Bearer prefix, whitespace around the key, serverURL \"\", unknown options", async () => {
  const apiId = (await new Unkey({ rootKey, serverURL }).apis.createApi({ name: `dropin_${uniq()}` })).data.apiId;
  for (const options of [{ rootKey: `Bearer ${rootKey}` }, { rootKey: `${rootKey}\n` }, { cache: "no-cache", token: "v1" }, { rootKey: () => `Bearer ${rootKey}\n` }]) {
    const { ours, theirs, sent } = both(options);
    for (const client of [ours, theirs]) assert.equal((await client.apis.getApi({ apiId })).data.id, apiId, JSON.stringify(options));
    assert.equal(sent.ours[0].authorization, sent.theirs[0].authorization);
    assert.equal(sent.ours[0].authorization, `Bearer ${rootKey}`);
  }
  // Whitespace before the key too (@unkey/api would send it inside the header, after "Bearer ").
  const padded = recorder();
  await new Unkey({ rootKey: `\t ${rootKey} \r\n`, serverURL, fetch: padded.f }).apis.getApi({ apiId });
  assert.equal(padded.sent[0].authorization, `Bearer ${rootKey}`);
  // serverURL "" is the default server: what would be sent goes there.
  const urls = [];
  const offline = async (input) => {
    urls.push(new Request(input).url);
    throw new TypeError("fetch failed");
  };
  await failure(new Unkey({ rootKey, serverURL: "", fetch: offline, retryConfig: { strategy: "none" } }).apis.getApi({ apiId }));
  assert.deepEqual(urls, ["https://api.unkey.com/v2/apis.getApi"]);
  // What fails in @unkey/api too is still refused, at once.
  // (`bearer <key>` goes out as it is from @unkey/api, and Unkey answers 400: no Bearer prefix.)
  for (const key of ["Bearer a b", `bearer ${rootKey}`]) {
    assert.throws(() => new Unkey({ rootKey: key, serverURL }), (e) => e instanceof errors.InvalidRequestError && !e.message.includes(key.slice(7)));
  }
  assert.throws(() => new Unkey({ rootKey, serverURL, timeoutMs: "5000" }), errors.InvalidRequestError);
});

test("JSON of a list page is @unkey/api's { result }, for the class and the standalone functions; paging still works", async () => {
  const { ours, theirs } = both();
  const apiId = (await ours.apis.createApi({ name: `dropin_${uniq()}` })).data.apiId;
  for (let i = 0; i < 3; i++) await ours.keys.createKey({ apiId });
  // (The first page's JSON also has its pager's state, `~next`, as @unkey/api's has.)
  const shape = (v) => {
    const j = JSON.parse(JSON.stringify(v));
    return [Object.keys(j), Object.keys(j.result).sort(), j.result.data.length];
  };
  const mine = await ours.apis.listKeys({ apiId, limit: 2 });
  const theirsPage = await theirs.apis.listKeys({ apiId, limit: 2 });
  assert.deepEqual(shape(mine), shape(theirsPage));
  assert.deepEqual(shape(mine), [["result", "~next"], ["data", "meta", "pagination"], 2]);
  // The page's own members still answer.
  assert.equal(mine.data.length, 2);
  assert.equal(mine.pagination.hasMore, true);
  let n = 0;
  for await (const p of mine) n += p.result.data.length;
  assert.equal(n, 3);
  assert.equal((await mine.next()).result.data.length, 1);
  const fn = await apisListKeys(core, { apiId, limit: 2 });
  assert.deepEqual(shape(fn.value), [["result"], ["data", "meta", "pagination"], 2]);
});

test("fetchOptions members other than headers reach fetch, as in @unkey/api; redirect and signal stay the client's", async () => {
  const { ours, theirs, sent } = both();
  const fetchOptions = { cache: "no-store", keepalive: true, redirect: "follow", headers: { "x-extra": "e1" } };
  for (const client of [ours, theirs]) await client.keys.verifyKey({ key: "abc_1234567" }, { fetchOptions });
  // (As the runtime's `Request` keeps them: Bun's has no `keepalive`.)
  assert.deepEqual([sent.ours[0].cache, sent.ours[0].keepalive], [sent.theirs[0].cache, sent.theirs[0].keepalive]);
  assert.equal(sent.ours[0].cache, "no-store");
  // The init fetch is given: redirect stays "manual" (the root key never follows one).
  const inits = [];
  const probe = new Unkey({ rootKey, serverURL, fetch: (url, init) => (inits.push(init), fetch(url, init)) });
  await probe.keys.verifyKey({ key: "abc_1234567" }, { fetchOptions });
  assert.deepEqual([inits[0].redirect, inits[0].cache, inits[0].keepalive, inits[0].method], ["manual", "no-store", true, "POST"]);
});

// ---- Found by running programs written for @unkey/api with either package (tests/migration/programs/).

test("list pages show the members @unkey/api's show: the README's `for await` log, Object.keys and JSON of each kind of page and Result", async () => {
  const { ours, theirs } = both();
  const apiId = (await ours.apis.createApi({ name: `dropin_${uniq()}` })).data.apiId;
  for (let i = 0; i < 3; i++) await ours.keys.createKey({ apiId });
  const mask = (s) => s.replace(/(req|key)_\w+/g, "$1_X");
  // Top-level members only: the order of a key's members differs on purpose (README).
  const json = (v) => mask(JSON.stringify(Object.entries(JSON.parse(JSON.stringify(v))).map(([k, x]) => [k, k === "result" ? Object.keys(x) : x])));
  const { UnkeyCore: TheirCore } = await import("@unkey/api/core.js");
  const { apisListKeys: theirListKeys } = await import("@unkey/api/funcs/apisListKeys.js");
  const views = [];
  for (const [client, fnCore, listKeys] of [[ours, core, apisListKeys], [theirs, new TheirCore({ rootKey, serverURL }), theirListKeys]]) {
    const first = await client.apis.listKeys({ apiId, limit: 2 });
    // The README's pagination example logs each page (a key's members are `[Object]` there).
    const logged = [];
    for await (const page of first) logged.push(mask(inspect(page)));
    const second = await first.next();
    const single = await client.apis.listKeys({ apiId });
    const fn = await listKeys(fnCore, { apiId, limit: 2 });
    const fnPages = [];
    for await (const r of fn) fnPages.push([Object.keys(r), Object.keys(r.value)]);
    const failed = await listKeys(fnCore, { apiId: "api_doesnotexist0000" });
    views.push({
      logged,
      first: [Object.keys(first), json(first)],
      second: [Object.keys(second), json(second)],
      single: [Object.keys(single), "~next" in single, json(single)],
      fn: [Object.keys(fn), Object.keys(JSON.parse(JSON.stringify(fn))), mask(JSON.stringify(fn["~next"])), json(fn.value), fnPages],
      failed: Object.keys(failed),
    });
  }
  assert.deepEqual(views[0], views[1]);
  assert.deepEqual(views[0].first[0], ["result", "next", "~next"]);
  assert.equal(views[0].logged.length, 2);
  assert.match(views[0].logged[0], /^\{\n {2}result: \{\n {4}meta: \{ requestId: 'req_X' \},\n {4}data: \[ \[Object\], \[Object\] \],/);
  // What the hidden members still answer.
  const first = await ours.apis.listKeys({ apiId, limit: 2 });
  for await (const page of first) assert.equal(typeof page.next, "function");
  assert.equal((await (await first.next()).next()), null);
  assert.equal(first.data.length, 2);
});

test("a 400's errors[] read as @unkey/api's: each issue's members in its schema's order, in data$, error and the message", async () => {
  // No root key: Unkey answers 400 with one issue `{ fix, location, message }` as sent.
  const { ours, theirs } = both({ rootKey: "" });
  const views = [];
  for (const [client, errs] of [[ours, errors], [theirs, theirErrors]]) {
    const e = await failure(client.apis.getApi({ apiId: "api_doesnotexist0000" }));
    assert.ok(e instanceof errs.BadRequestErrorResponse, String(e));
    views.push({ ...seen(e, errs), error: JSON.stringify(e.data$.error), issues: JSON.stringify(e.error.errors) });
  }
  assert.deepEqual(views[0], views[1]);
  assert.deepEqual(Object.keys(JSON.parse(views[0].issues)[0]), ["location", "message", "fix"]);
});

test("a call's own Request members (cache, keepalive) reach fetch over fetchOptions', as in @unkey/api", async () => {
  const { ours, theirs, sent } = both();
  for (const client of [ours, theirs]) {
    await client.keys.verifyKey({ key: "abc_1234567" }, { cache: "no-store" });
    await client.keys.verifyKey({ key: "abc_1234567" }, { cache: "reload", keepalive: true, fetchOptions: { cache: "no-cache" } });
  }
  // (As the runtime's `Request` keeps them: Bun's has no `keepalive`.)
  const view = (who) => sent[who].map((s) => [s.cache, s.keepalive]);
  assert.deepEqual(view("ours"), view("theirs"));
  assert.deepEqual(sent.ours.map((s) => s.cache), ["no-store", "reload"]);
});

test("httpClient: a response hook that throws is told to the requestError hooks and fails the call, with ours and @unkey/api's HTTPClient", async () => {
  const runs = [[Unkey, HTTPClient, errors], [Unkey, TheirHTTPClient, errors], [TheirUnkey, TheirHTTPClient, theirErrors]];
  for (const [U, Class, errs] of runs) {
    const told = [];
    const http = new Class();
    http.addHook("response", (res) => {
      if (res.status === 404) throw new Error("metrics backend down");
    });
    http.addHook("requestError", (err, req) => void told.push(`${err.message} ${new URL(req.url).pathname}`));
    const unkey = new U({ rootKey, serverURL, httpClient: http, retryConfig: { strategy: "none" } });
    const e = await failure(unkey.apis.getApi({ apiId: "api_doesnotexist0000" }));
    assert.ok(e instanceof errs.HTTPClientError, String(e));
    assert.deepEqual(told, ["metrics backend down /v2/apis.getApi"], `${U === Unkey ? "ours" : "theirs"} with ${Class === HTTPClient ? "our" : "their"} HTTPClient`);
  }
});

test("serverURL with a base path and a query: requests go under the path with the query, a fragment is not sent, as in @unkey/api", async () => {
  const urls = { ours: [], theirs: [] };
  // A proxy mounted at /unkey, routing by the query.
  const proxy = (who) => async (input, init) => {
    const req = new Request(input, init);
    const u = new URL(req.url);
    urls[who].push(u.pathname + u.search);
    return fetch(`${serverURL}${u.pathname.replace(/^\/unkey/, "")}`, { method: req.method, headers: req.headers, body: await req.text() });
  };
  for (const base of ["http://proxy.test/unkey?tenant=a", "http://proxy.test/unkey/?tenant=a#top", "http://proxy.test/unkey#top"]) {
    const mine = new Unkey({ rootKey, serverURL: base, fetch: proxy("ours") });
    const them = new TheirUnkey({ rootKey, serverURL: base, httpClient: new TheirHTTPClient({ fetcher: proxy("theirs") }) });
    for (const client of [mine, them]) assert.equal((await client.keys.verifyKey({ key: "abc_1234567" })).data.code, "NOT_FOUND", base);
  }
  assert.deepEqual(urls.ours, urls.theirs);
  assert.deepEqual(urls.ours, ["/unkey/v2/keys.verifyKey?tenant=a", "/unkey/v2/keys.verifyKey?tenant=a", "/unkey/v2/keys.verifyKey"]);
  // A space is still refused at once (it would be inside every request URL).
  assert.throws(() => new Unkey({ rootKey, serverURL: "http://proxy.test/unkey?a=b c" }), errors.InvalidRequestError);
});

test("the files under @unkey/api's models/errors, components and operations import here too: each the whole module", async () => {
  // @unkey/api's README links each error class to its file (`models/errors/httpclienterrors.ts`, …),
  // and its `"./*"` export answers such a path with or without `.js`.
  const dir = path.join(theirs, "models/errors");
  const files = readdirSync(dir).filter((f) => f.endsWith(".js"));
  assert.ok(files.length >= 15, files.join(", "));
  for (const file of files) {
    const their = await import(`@unkey/api/models/errors/${file}`);
    const mine = await import(`unkey-edge/models/errors/${file}`);
    for (const name of Object.keys(their).filter((n) => n !== "formatZodError" && !n.includes("$"))) {
      assert.equal(mine[name], errors[name], `${file}: ${name}`);
      assert.equal(typeof mine[name], "function", `${file}: ${name}`);
    }
  }
  assert.equal((await import("unkey-edge/models/errors/httpclienterrors")).ConnectionError, errors.ConnectionError);
  const components = await import("unkey-edge/models/components");
  assert.equal((await import("unkey-edge/models/components/v2keysverifykeyresponsedata.js")).Code, components.Code);
  assert.deepEqual(Object.keys(await import("unkey-edge/models/operations/index.js")), []);
  // CommonJS as well.
  const require = createRequire(import.meta.url);
  assert.equal(require("unkey-edge/models/errors/sdkvalidationerror.js").SDKValidationError, errors.SDKValidationError);
});

test("an answer's envelope reads as @unkey/api's: `meta` first, so the docs' `console.log(result)` prints the same where `data`'s order agrees", async () => {
  const { ours, theirs } = both();
  const mask = (s) => s.replace(/(req|api|id|perm|key)_\w+/g, "$1_X");
  const views = [];
  for (const client of [ours, theirs]) {
    const api = await client.apis.createApi({ name: `dropin_${uniq()}` });
    const limited = await client.ratelimit.limit({ namespace: `dropin_${uniq()}`, identifier: "u", limit: 2, duration: 60_000 });
    const permission = await client.permissions.createPermission({ name: `p.${uniq()}`, slug: `p.${uniq()}` });
    const deleted = await client.apis.deleteApi({ apiId: api.data.apiId });
    views.push([api, permission, deleted].map((r) => mask(inspect(r))).concat(Object.keys(limited), mask(JSON.stringify(api))));
  }
  assert.deepEqual(views[0], views[1]);
  assert.match(views[0][0], /^\{\n {2}meta: \{ requestId: 'req_X' \},\n {2}data: \{ apiId: 'api_X' \}\n\}$/);
  // Also from the verification cache (a cached answer is rebuilt from its text).
  const cached = new CachedUnkey({ rootKey, serverURL, cache: true });
  for (let i = 0; i < 2; i++) assert.deepEqual(Object.keys(await cached.keys.verifyKey({ key: "abc_1234567" })), ["meta", "data"]);
});
