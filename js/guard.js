// unkey-edge guard: check keys, permissions and rate limits before a request reaches the origin.
//
// Every decision (route matching, key parsing, status codes, problem bodies, RateLimit-* headers,
// which headers to strip or set, fail open/closed) is made by the Rust core through `GuardCore`
// (src/guard/, exported by src/js/guard.rs); this file only does I/O: read the request, call
// Unkey, hand the answers to the core, and apply what it says. The flat array layouts are
// documented in src/guard/flat.rs.
import { GuardCore } from "./guard-core.js";
import { Unkey } from "./index.js";
import { unkeyError } from "./errors.js";

const DEFAULT_DEADLINE_MS = 2000;
const POLICY_NONE = ["", "", "", ""];

/**
 * Build the framework-neutral guard: `check(input)` decides one request.
 * Used by `guard()` / `withGuard()` (Workers) and the Hono and Express adapters.
 */
export function createGuard(options) {
  const o = options || {};
  const routes = (o.routes || []).map((r, i) => normalizeRoute(r, `routes[${i}]`, o));
  const fallback = normalizeRoute(
    typeof o.fallback === "object" && o.fallback ? { path: "/*", ...o.fallback } : { path: "/*", [o.fallback || "protected"]: true },
    "fallback",
    o,
  );
  const names = {
    namespace: "X-Unkey-",
    keyId: "X-Unkey-Key-Id",
    identity: "X-Unkey-Identity",
    verdict: "X-Unkey-Guard",
    meta: {},
    ...(o.headers || {}),
  };
  const metaFields = Object.keys(names.meta || {});
  const keyOpt = o.key === undefined ? "bearer" : o.key;
  const keyFn = typeof keyOpt === "function" ? keyOpt : null;
  let keySource;
  let keyHeader = null;
  if (keyFn) keySource = "custom";
  else if (keyOpt === "bearer") (keySource = "bearer"), (keyHeader = "authorization");
  else if (keyOpt && typeof keyOpt.header === "string") (keySource = `header:${keyOpt.header}`), (keyHeader = keyOpt.header);
  else throw new TypeError('guard: `key` must be "bearer", { header: "X-API-Key" } or a function');

  const flatRoutes = [];
  const flatPolicies = [];
  for (const r of routes) {
    flatRoutes.push(r.methods, r.path);
    flatPolicies.push(...r.flat);
  }
  flatPolicies.push(...fallback.flat);
  const settings = [keySource, names.namespace, names.keyId, names.identity, names.verdict, String(o.usageExceededStatus ?? 429)];
  for (const f of metaFields) settings.push(f, names.meta[f]);
  const core = new GuardCore(flatRoutes, flatPolicies, settings);

  const clients = new Map();
  // The last env and its client: a Worker sees the same env object on every request.
  let lastEnv = null;
  let lastClient = null;
  function clientFor(env) {
    if (o.unkey) return o.unkey;
    if (lastClient !== null && env === lastEnv) return lastClient;
    lastClient = clientForNew(env);
    lastEnv = env;
    return lastClient;
  }
  function clientForNew(env) {
    const rootKey = o.rootKey ?? env?.UNKEY_ROOT_KEY;
    const serverURL = o.serverURL ?? env?.UNKEY_SERVER_URL;
    const make = () => new Unkey({ rootKey, ...(serverURL ? { serverURL } : {}), ...(o.fetch ? { fetch: o.fetch } : {}) });
    // A rootKey function has no text to key the cache by: one client per env (clientFor).
    if (typeof rootKey === "function") return make();
    const id = `${serverURL}\u0000${rootKey}`;
    let c = clients.get(id);
    if (!c) {
      c = make();
      clients.set(id, c);
    }
    return c;
  }

  const requestIdOf = o.requestId || ((input) => input.header("cf-ray") || crypto.randomUUID());
  // The client IP comes from the platform (each input's `ip`: Cloudflare's CF-Connecting-IP on
  // Workers, the socket or Express's trusted-proxy rule in Node), never from a header a client
  // can set. Where the platform gives none, `ip` must say where it is; until then a limit by IP
  // is not applied and the request is refused (a shared "unknown" bucket would be a DoS).
  const ipOf = o.ip || ((input) => input.ip || "");

  function report(err, keyId, input, route) {
    if (!o.onError) return;
    try {
      // The error and the key id — never the key.
      o.onError(err, { keyId: keyId || null, path: input.path, method: input.method, route: route ? route.path : null });
    } catch {
      // A failing hook must not change the decision.
    }
  }

  /**
   * Decide one request. `input`: { method, path, header(name) -> string|null, headerNames() ->
   * string[], ip?, request? } and the Worker `env` (for UNKEY_ROOT_KEY / UNKEY_SERVER_URL).
   * Returns { action: "deny", status, code, headers, body } or { action: "forward", verdict,
   * setHeaders, stripHeaders, responseHeaders, keyId, identity, data }.
   */
  async function check(input, env) {
    const requestId = requestIdOf(input);
    const r = core.route(input.method, input.target ?? input.path);
    const route = r >= 0 ? routes[r] || fallback : null;
    let rawKey = keyFn ? await keyFn(input.request || input) : input.header(keyHeader);
    rawKey = rawKey == null ? undefined : String(rawKey);
    const key = core.plan(r, rawKey);
    const strings = [requestId, "", "", "", ""];
    const numbers = [Date.now(), 0, 0, 0, 0, 0, 0, 0];
    let data = null;
    if (key !== undefined) {
      try {
        const res = await clientFor(env).keys.verifyKey(verifyBody(route, key), { timeoutMs: route.deadlineMs });
        data = res.data;
        // Only a verdict of the documented shape is read; anything else is a garbled answer
        // (state 4, never forwarded). `valid` and `code` must also agree: the core checks that.
        if (typeof data !== "object" || data === null || typeof data.valid !== "boolean" || typeof data.code !== "string") {
          throw garbled("keys.verifyKey answered without a boolean `valid` and a string `code`");
        }
        numbers[1] = 1;
        numbers[7] = data.valid ? 1 : 0;
        strings[1] = data.code;
        strings[2] = data.keyId || "";
        strings[3] = (data.identity && data.identity.externalId) || "";
        strings[4] = (res.meta && res.meta.requestId) || "";
        const meta = data.meta || {};
        for (const f of metaFields) {
          const v = meta[f];
          if (v !== undefined && v !== null) strings.push(f, typeof v === "string" ? v : JSON.stringify(v));
        }
        for (const l of data.ratelimits || []) numbers.push(l.limit, l.remaining, l.reset, l.exceeded === false ? 0 : 1);
      } catch (e) {
        data = null;
        numbers[1] = GuardCore.classify(String((e && e.kind) || ""), e && e.statusCode);
        report(e, null, input, route);
      }
    }
    if (route && route.ratelimit && (numbers[1] === 0 || numbers[1] === 1)) {
      const rl = route.ratelimit;
      const id = core.limitId(r, numbers[7] === 1, strings[1], strings[2], strings[3], ipOf(input) || "", rl.header ? input.header(rl.header) || "" : "");
      if (id !== undefined) {
        try {
          const res = await clientFor(env).ratelimit.limit(
            { namespace: rl.namespace, identifier: id, limit: rl.limit, duration: rl.duration, ...(rl.cost !== undefined ? { cost: rl.cost } : {}) },
            { timeoutMs: route.deadlineMs },
          );
          const d = res.data;
          if (typeof d !== "object" || d === null || typeof d.success !== "boolean") {
            throw garbled("ratelimit.limit answered without a boolean `success`");
          }
          numbers[2] = 1;
          numbers[3] = d.limit;
          numbers[4] = d.remaining;
          numbers[5] = d.reset;
          numbers[6] = d.success ? 0 : 1;
        } catch (e) {
          numbers[2] = GuardCore.classify(String((e && e.kind) || ""), e && e.statusCode);
          report(e, strings[2], input, route);
        }
      }
    }
    const out = core.decide(r, rawKey, strings, numbers).split("\0");
    if (out[0] === "deny") {
      return { action: "deny", status: Number(out[1]), code: out[2], body: out[3], headers: pairs(out, 5, out.length), requestId };
    }
    const n = 5 + 2 * Number(out[4]);
    return {
      action: "forward",
      verdict: out[2],
      setHeaders: pairs(out, 5, n),
      stripHeaders: splitNames(core.strip(input.headerNames())),
      responseHeaders: pairs(out, n, out.length),
      keyId: strings[2] || null,
      identity: strings[3] || null,
      data,
      requestId,
    };
  }

  return { check, routes, fallback };
}

// A 2xx answer whose data is not of the documented shape: a decode error, as the client's own.
function garbled(message) {
  return unkeyError({ kind: "decode", message: `could not decode response (status 200): ${message}`, statusCode: 200 });
}

// `GuardCore.strip`'s answer: NUL-joined names, "" for none.
function splitNames(joined) {
  return joined === "" ? [] : joined.split("\0");
}

function pairs(arr, from, to) {
  const out = [];
  for (let i = from; i + 1 < to; i += 2) out.push([arr[i], arr[i + 1]]);
  return out;
}

function verifyBody(route, key) {
  const body = { key };
  if (route.permissions) body.permissions = route.permissions;
  if (route.ratelimits) body.ratelimits = route.ratelimits;
  if (route.credits !== undefined) body.credits = { cost: route.credits };
  if (route.tags) body.tags = route.tags;
  return body;
}

function normalizeRoute(r, where, o) {
  if (!r || typeof r.path !== "string") throw new TypeError(`guard: ${where}.path must be a string such as "/api/*"`);
  const m = r.method === undefined ? "*" : Array.isArray(r.method) ? r.method.join(",") : String(r.method);
  const access = r.deny ? "deny" : r.public ? "public" : "protected";
  const deadlineMs = r.deadlineMs ?? o.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const failOpen = r.failOpen ?? o.failOpen ?? false;
  const out = {
    path: r.path,
    methods: m,
    access,
    deadlineMs,
    permissions: r.permissions,
    ratelimits: r.ratelimits && r.ratelimits.map((x) => (typeof x === "string" ? { name: x } : x)),
    credits: r.credits,
    tags: r.tags,
    ratelimit: null,
  };
  let limitFlat = POLICY_NONE;
  if (r.ratelimit) {
    const rl = r.ratelimit;
    const by = rl.by === undefined ? (access === "public" ? "ip" : "key") : rl.by;
    const header = typeof by === "object" && by ? by.header : null;
    const byFlat = header ? `header:${header}` : String(by);
    out.ratelimit = { namespace: rl.namespace, limit: rl.limit, duration: rl.duration, cost: rl.cost, header };
    limitFlat = [byFlat, String(rl.namespace ?? ""), String(rl.limit ?? ""), String(rl.duration ?? ""), rl.cost === undefined ? "" : String(rl.cost)];
  }
  out.flat = [access, failOpen ? "open" : "closed", String(deadlineMs), ...(limitFlat === POLICY_NONE ? ["", "", "", "", ""] : limitFlat)];
  return out;
}

// ---- Workers ----

// The request as `check` reads it. A class, so that no closures are made per request (a
// bundler keeping names wraps each one in a `defineProperty` call).
// On Workers, Cloudflare sets CF-Connecting-IP itself (a client's own is replaced); anywhere else
// that header is the client's word, so `ip` stays unknown unless the options say.
const ON_WORKERS = globalThis.navigator?.userAgent === "Cloudflare-Workers";
class FetchInput {
  constructor(request) {
    this.request = request;
    this.url = new URL(request.url);
    this.method = request.method;
    this.path = this.url.pathname;
    this.target = this.url.pathname + this.url.search;
    this.ip = ON_WORKERS ? request.headers.get("cf-connecting-ip") || "" : "";
  }
  header(name) {
    return this.request.headers.get(name);
  }
  headerNames() {
    return [...this.request.headers.keys()];
  }
}

function problemResponse(d) {
  return new Response(d.body, { status: d.status, headers: d.headers });
}

/** The request to send on: caller's key and namespace headers stripped, identity headers set. */
export function forwardedRequest(request, decision, target) {
  return new Request(target || request.url, forwardInit(request, decision));
}

// `forwardedRequest`'s init, for `fetch(url, init)` without making a `Request` first.
function forwardInit(request, decision) {
  const headers = new Headers(request.headers);
  for (const h of decision.stripHeaders) headers.delete(h);
  for (const [k, v] of decision.setHeaders) headers.set(k, v);
  const init = { method: request.method, headers, redirect: "manual" };
  if (request.method !== "GET" && request.method !== "HEAD") init.body = request.body;
  return init;
}

function withResponseHeaders(response, pairs) {
  if (pairs.length === 0) return response;
  const res = new Response(response.body, response);
  for (const [k, v] of pairs) res.headers.set(k, v);
  return res;
}

/**
 * A guarded Worker: `export default guard({ routes, ... })` or `guard((env) => ({ ... }))`.
 * Without `handler`, forwards to `origin` (a URL string, or `(request, env) => url`) or the
 * `ORIGIN_URL` variable.
 */
export function guard(options) {
  let o = null;
  let g = null;
  let handler = null;
  return {
    async fetch(request, env, ctx) {
      if (!g) {
        // Options may depend on the Worker's variables: `guard((env) => ({ ... }))`.
        o = (typeof options === "function" ? options(env) : options) || {};
        handler = o.handler ? (typeof o.handler === "function" ? { fetch: o.handler } : o.handler) : null;
        g = createGuard(o);
      }
      const input = new FetchInput(request);
      const decision = await g.check(input, env);
      let response;
      if (decision.action === "deny") {
        response = problemResponse(decision);
      } else {
        let res;
        if (handler) {
          res = await handler.fetch(forwardedRequest(request, decision), env, ctx);
        } else {
          const base = typeof o.origin === "function" ? o.origin(request, env) : o.origin || (env && env.ORIGIN_URL);
          if (!base) throw new TypeError("guard: set `origin`, `handler` or the ORIGIN_URL variable");
          const target = String(base).replace(/\/+$/, "") + input.url.pathname + input.url.search;
          res = await fetch(target, forwardInit(request, decision));
        }
        response = withResponseHeaders(res, decision.responseHeaders);
      }
      if (o.respond) {
        const replaced = await o.respond({ ...decision, request, response, env });
        if (replaced instanceof Response) return replaced;
      }
      return response;
    },
  };
}

/** Wrap an existing Workers handler (`{ fetch }` or a function) with the guard. */
export function withGuard(handler, options) {
  return guard(typeof options === "function" ? (env) => ({ ...options(env), handler }) : { ...(options || {}), handler });
}
