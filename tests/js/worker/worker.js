// A Worker using the packed unkey-edge, bundled by wrangler with no compatibility flags.
// tests/js/worker.test.mjs drives it through Miniflare (workerd).
import { Unkey, HTTPClient, isUnkeyError } from "unkey-edge";
import { Unkey as CachedUnkey } from "unkey-edge/cache";
import * as errors from "unkey-edge/models/errors";
import { Ratelimit } from "unkey-edge/ratelimit";
// The standalone functions, as @unkey/api's FUNCTIONS.md imports them.
import { UnkeyCore } from "unkey-edge/core.js";
import { apisListKeys } from "unkey-edge/funcs/apisListKeys.js";
import { keysCreateKey } from "unkey-edge/funcs/keysCreateKey.js";
import { keysVerifyKey } from "unkey-edge/funcs/keysVerifyKey.js";
import { unwrap } from "unkey-edge/types";

function describe(e) {
  return {
    isUnkeyError: isUnkeyError(e),
    instanceofError: e instanceof Error,
    name: e && e.name,
    // An instance of the @unkey/api class of its name, as migrating code tests it.
    instanceofClass: Boolean(e && errors[e.name] && e instanceof errors[e.name]),
    kind: e && e.kind,
    statusCode: e && e.statusCode,
    type: e && e.type,
    requestId: e && e.requestId,
    location: e && e.errors && e.errors[0] && e.errors[0].location,
    message: String(e && e.message),
    // Every view a logger may take, for the tests' secrecy checks.
    dump: dump(e),
  };
}

function dump(e) {
  if (!e || typeof e !== "object") return String(e);
  const own = {};
  for (const k of Object.getOwnPropertyNames(e)) own[k] = e[k];
  let cause = "";
  try {
    cause = JSON.stringify(e.cause ?? null) + String(e.cause ?? "");
  } catch {}
  return [String(e), e.stack, JSON.stringify(e), JSON.stringify(own), cause].join("\n");
}

async function caught(promise) {
  try {
    await promise;
    return { resolved: true };
  } catch (e) {
    return describe(e);
  }
}

// One client kept across requests, as a Worker keeps it, whose root key comes from a function
// (in production, e.g. a Secrets Store binding: `() => env.UNKEY_ROOT_KEY.get()`).
let fromFunction = null;

export default {
  async fetch(request, env) {
    const unkey = new Unkey({ rootKey: env.ROOT_KEY, serverURL: env.SERVER_URL });
    const path = new URL(request.url).pathname;
    try {
      if (path === "/rootkey-fn") {
        fromFunction ??= new Unkey({ rootKey: async () => env.ROOT_KEY, serverURL: env.SERVER_URL });
        const api = await fromFunction.apis.createApi({ name: "worker_fn_api" });
        const missing = await fromFunction.keys.verifyKey({ key: "wk_missing" });
        return Response.json({ apiId: api.data.apiId, valid: missing.data.valid, code: missing.data.code });
      }
      if (path === "/flow") {
        const api = await unkey.apis.createApi({ name: "worker_api" });
        const created = await unkey.keys.createKey({ apiId: api.data.apiId, prefix: "wk" });
        const verified = await unkey.keys.verifyKey({ key: created.data.key });
        const missing = await unkey.keys.verifyKey({ key: "wk_missing" });
        const limit = { namespace: "worker_ns", identifier: "id1", limit: 1, duration: 60000 };
        const first = await unkey.ratelimit.limit(limit);
        const second = await unkey.ratelimit.limit(limit);
        return Response.json({
          key: created.data.key,
          valid: verified.data.valid,
          requestId: verified.meta.requestId,
          missingCode: missing.data.code,
          limits: [first.data.success, second.data.success],
        });
      }
      if (path === "/abort") {
        // Run against unkey-local --faults with a delay fault on keys.verifyKey (set by
        // faults.test.mjs): the deadline and the caller's signal must end a call in flight.
        const slow = new Unkey({ rootKey: env.ROOT_KEY, serverURL: env.SERVER_URL, retryConfig: { strategy: "none" } });
        const timeout = await caught(slow.keys.verifyKey({ key: "k" }, { timeoutMs: 50 }));
        const controller = new AbortController();
        const pending = caught(slow.keys.verifyKey({ key: "k" }, { signal: controller.signal }));
        await new Promise((r) => setTimeout(r, 20));
        controller.abort();
        const aborted = await pending;
        const before = await caught(unkey.keys.verifyKey({ key: "k" }, { signal: AbortSignal.abort() }));
        const after = await unkey.apis.createApi({ name: "after_abort" });
        return Response.json({ timeout, aborted, before, after: typeof after.data.apiId });
      }
      if (path === "/errors") {
        const api = await caught(unkey.keys.getKey({ keyId: "key_missing0000" }));
        const validation = await caught(unkey.keys.verifyKey({ key: 42 }));
        const undef = await caught(unkey.keys.verifyKey());
        const network = await caught(
          new Unkey({ rootKey: env.ROOT_KEY, serverURL: "http://127.0.0.1:9", retryConfig: { strategy: "none" } }).keys.verifyKey({ key: "x" }),
        );
        let config;
        try {
          new Unkey({ rootKey: 1 });
        } catch (e) {
          config = describe(e);
        }
        const after = await unkey.keys.verifyKey({ key: "still_works" });
        return Response.json({ api, validation, undef, network, config, afterCode: after.data.code });
      }
      if (path === "/funcs") {
        // Results instead of throws; the list function pages with `for await`.
        const core = new UnkeyCore({ rootKey: env.ROOT_KEY, serverURL: env.SERVER_URL });
        const api = await unkey.apis.createApi({ name: "worker_funcs" });
        const created = unwrap(await keysCreateKey(core, { apiId: api.data.apiId, prefix: "fn" }));
        await keysCreateKey(core, { apiId: api.data.apiId });
        const verified = await keysVerifyKey(core, { key: created.data.key });
        const missing = await keysVerifyKey(core, { key: 42 });
        const pages = [];
        for await (const page of await apisListKeys(core, { apiId: api.data.apiId, limit: 1 })) pages.push(page.ok && page.value.result.data.length);
        // And @unkey/api's custom HTTP client: its hooks see the attempt.
        const http = new HTTPClient();
        let hooked = 0;
        http.addHook("beforeRequest", () => void hooked++);
        const viaHooks = await new Unkey({ rootKey: env.ROOT_KEY, serverURL: env.SERVER_URL, httpClient: http }).apis.getApi({ apiId: api.data.apiId });
        return Response.json({
          hooked: [hooked, viaHooks.data.id === api.data.apiId],
          instance: core instanceof Unkey,
          verified: verified.ok && verified.value.data.code,
          missing: [missing.ok, describe(missing.error).name],
          pages,
        });
      }
      if (path === "/ratelimit") {
        const rl = new Ratelimit({ rootKey: env.ROOT_KEY, serverURL: env.SERVER_URL, namespace: `w${Date.now()}`, limit: 1, duration: "1m" });
        return Response.json([(await rl.limit("a")).success, (await rl.limit("a")).success, (await rl.limit("a")).success]);
      }
      if (path === "/shared") {
        // A new client per request (an empty memory, as in a new isolate) whose cache has the
        // shared tier (caches.default), the one thing requests have in common here. `sent`
        // counts the requests it sends, through its fetch.
        const q = new URL(request.url).searchParams;
        let sent = 0;
        const counting = (url, init) => {
          sent++;
          return fetch(url, init);
        };
        const c = new CachedUnkey({ rootKey: env.ROOT_KEY, serverURL: env.SERVER_URL, fetch: counting, cache: { shared: true } });
        if (q.get("invalidate")) {
          c.cache.invalidate(q.get("key"));
          await new Promise((r) => setTimeout(r, 50)); // the tier's delete runs in the background
        }
        const res = await c.keys.verifyKey({ key: q.get("key") });
        await new Promise((r) => setTimeout(r, 50)); // and so does its put
        return Response.json({ sent, code: res.data.code });
      }
      if (path === "/call" && request.method === "POST") {
        // One call of any operation by name (`keys.verifyKey`, or `liveness`), for the
        // table-driven fault tests in faults.test.mjs: the result, or the error described.
        // The portal session's own operations take their `security` first.
        const { name, security, request: body, options } = await request.json();
        const [ns, method] = name.split(".");
        const args = security ? [security, body, options] : [body, options];
        const run = name === "liveness" ? () => unkey.liveness(options) : () => unkey[ns][method](...args);
        return Response.json(await caught(run()));
      }
      return new Response("not found", { status: 404 });
    } catch (e) {
      return Response.json({ unexpected: describe(e) }, { status: 500 });
    }
  },
};
