// unkey-edge guard: check keys, permissions and rate limits before a request reaches the origin.
//
// The Rust core (src/guard/, through `GuardCore` from src/js/guard.rs) owns every decision and
// their order: it reads the options (as JSON), picks the route, reads the key, writes each
// Unkey request, reads each answer and says what to answer. This file only does I/O: it asks
// the core for the next step, sends the call it names, hands the answer back, and applies the
// decision. The step layout is documented in src/guard/flat.rs.
import { GuardCore } from "./guard-core.js";
import { Unkey } from "./index.js";

/**
 * Build the framework-neutral guard: `check(input)` decides one request.
 * Used by `guard()` / `withGuard()` (Workers) and the Hono and Express adapters.
 */
export function createGuard(options) {
  const o = options || {};
  const keyFn = typeof o.key === "function" ? o.key : null;
  // What the core reads; functions stay here. It checks every option and names each problem.
  const core = new GuardCore(
    JSON.stringify({
      routes: o.routes,
      fallback: o.fallback,
      headers: o.headers,
      key: keyFn ? "custom" : o.key,
      failOpen: o.failOpen,
      deadlineMs: o.deadlineMs,
      usageExceededStatus: o.usageExceededStatus,
    }),
  );

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

  function report(err, keyId, input, c) {
    if (!o.onError) return;
    try {
      // The error and the key id — never the key.
      o.onError(err, { keyId: keyId || null, path: input.path, method: input.method, route: core.routePath(c) ?? null });
    } catch {
      // A failing hook must not change the decision.
    }
  }

  /**
   * Decide one request. `input`: { method, path, target?, header(name) -> string|null,
   * headerNames() -> string[], ip?, request? } and the Worker `env` (for UNKEY_ROOT_KEY /
   * UNKEY_SERVER_URL). Returns { action: "deny", status, code, headers, body, requestId } or
   * { action: "forward", verdict, setHeaders, stripHeaders, responseHeaders, keyId, identity,
   * data, requestId }.
   */
  async function check(input, env) {
    const custom = keyFn ? await keyFn(input.request || input) : undefined;
    const random = globalThis.crypto?.getRandomValues
      ? crypto.getRandomValues(new Uint32Array(2))
      : [(Math.random() * 2 ** 32) >>> 0, (Math.random() * 2 ** 32) >>> 0];
    const c = core.start(
      input.method,
      input.target ?? input.path,
      (name) => input.header(name),
      custom == null ? undefined : String(custom),
      (o.ip ? o.ip(input) : input.ip) || undefined,
      o.requestId ? o.requestId(input) || undefined : undefined,
      random[0],
      random[1],
      Date.now(),
    );
    let data = null;
    try {
      for (;;) {
        const step = core.next(c).split("\0");
        if (step[0] !== "verify" && step[0] !== "limit") return decision(step, c.requestId(), data, input);
        const request = JSON.parse(step[2]);
        const options = { timeoutMs: Number(step[1]) };
        try {
          if (step[0] === "verify") {
            const res = await clientFor(env).keys.verifyKey(request, options);
            data = res?.data ?? null;
            core.verified(c, JSON.stringify(res));
          } else {
            c.limited(JSON.stringify(await clientFor(env).ratelimit.limit(request, options)));
          }
        } catch (e) {
          c.failed(String(e?.kind ?? ""), typeof e?.statusCode === "number" ? e.statusCode : undefined);
          report(e, data?.keyId, input, c);
        }
      }
    } finally {
      c.free();
    }
  }

  // The core's answer (src/guard/flat.rs) as the adapters apply it.
  function decision(out, requestId, data, input) {
    if (out[0] === "deny") {
      return { action: "deny", status: Number(out[1]), code: out[2], body: out[3], headers: pairs(out, 5, out.length), requestId };
    }
    const n = 5 + 2 * Number(out[4]);
    const verified = out[2] === "verified";
    return {
      action: "forward",
      verdict: out[2],
      setHeaders: pairs(out, 5, n),
      stripHeaders: splitNames(core.strip(input.headerNames())),
      responseHeaders: pairs(out, n, out.length),
      keyId: (verified && data?.keyId) || null,
      identity: (verified && data?.identity?.externalId) || null,
      data: verified ? data : null,
      requestId,
    };
  }

  return { check };
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

/**
 * A decision applied to a copy of `headers` (a `Headers` or its init): the caller's key and
 * spoofable headers gone, the guard's own set. The one place a forward changes request headers
 * for the Web `Request`-based glue (the Workers guard and Hono).
 */
export function forwardHeaders(headers, decision) {
  const out = new Headers(headers);
  for (const h of decision.stripHeaders) out.delete(h);
  for (const [k, v] of decision.setHeaders) out.set(k, v);
  return out;
}

// ---- Workers ----

// On Workers, Cloudflare sets CF-Connecting-IP itself (a client's own is replaced); anywhere else
// that header is the client's word, so `ip` stays unknown unless the options say.
const ON_WORKERS = globalThis.navigator?.userAgent === "Cloudflare-Workers";

// The request as `check` reads it. A class, so that no closures are made per request (a
// bundler keeping names wraps each one in a `defineProperty` call).
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
  const init = { method: request.method, headers: forwardHeaders(request.headers, decision), redirect: "manual" };
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
