// unkey-edge: the `Unkey` class. Every operation goes the same way, top to bottom: `method`
// reads the request and options and begins the call in the wasm (`core.begin`: validation), then
// `run` drives its attempts: `core.nextAttempt` (the attempt's timeout, or the deadline's
// error), `exchange` (the one function that sends), `core.settle` (the envelope, a pause before
// the next attempt, or the call's error), and `core.release` once, whatever happened. This file
// names the operations and reads the options; the wasm decides.
// The operation table below is generated from the Rust operation list (src/ops.rs) by
// `unkey-edge-codegen`; the rest is copied as written (js/facade.js).
import { UnkeyCore } from "./unkey_edge.js";
import { HTTPClientError, RequestAbortedError, isUnkeyError, reclass, unkeyError, withCause } from "./errors.js";
import { hidden, pageView } from "./fp.js";
// The verification cache's store. `make pkg` keeps it only in the façades of `unkey-edge/cache`
// and `unkey-edge/guard`; `unkey-edge`'s index.js has `const VerifyCacheStore = undefined;`
// here instead (with the wasm's cache policy, 5.8 KB gzip a Worker that never caches would carry).
import { VerifyCacheStore } from "./cache.js";

export { isUnkeyError };

// Where UNKEY_ROOT_KEY and UNKEY_DEBUG are read, as @unkey/api reads them: `process.env` (Node,
// Deno, Bun, and Workers with nodejs_compat, which puts the string bindings there), else the
// bindings the runtime's entry handed over (a Worker's `env` of "cloudflare:workers", without
// nodejs_compat). Only strings: a Secrets Store binding is an object, to be given as `rootKey`.
let platformEnv;
/** Internal: the workerd entries hand over the Worker's `env` (`cloudflare:workers`). */
export function useEnv(env) {
  platformEnv = env;
}
/** Internal: a variable of the environment, read as described above (also the guard's). */
export function envVar(name) {
  let v = globalThis.process?.env?.[name];
  if (v === undefined && platformEnv != null) {
    try {
      v = platformEnv[name];
    } catch {}
  }
  return typeof v === "string" ? v : undefined;
}

/*@OPERATIONS@*/

/** A client for the Unkey v2 API, shaped like `@unkey/api`'s `Unkey`. */
export class Unkey {
  constructor(options) {
    const o = typed(options, "object", "config", "options") ?? {};
    // Like @unkey/api, fall back to UNKEY_ROOT_KEY of the environment (`envVar`: in Workers,
    // the binding), and take a function (see `keyed`) as well as a string. Without either, as in @unkey/api,
    // the client sends no root key: the portal session's operations need none, and the others
    // get the server's answer (400).
    // `""` is no key too, as in @unkey/api, whose snippets write `process.env.UNKEY_ROOT_KEY ?? ""`.
    const raw = o.rootKey ?? envVar("UNKEY_ROOT_KEY");
    const given = raw === "" ? undefined : raw;
    const key = typeof given === "function" ? given : undefined;
    if (!key && given !== undefined && typeof given !== "string") throw fail("config", "options.rootKey", "a string or a function that returns one");
    // `""` (an empty environment variable) is the default server, as in @unkey/api.
    const serverURL = typed(o.serverURL, "string", "config", "options.serverURL") || "https://api.unkey.com";
    // @unkey/api's server list has one entry: index 0 is the only one there is.
    if (o.serverIdx != null && o.serverIdx !== 0) throw fail("config", "options.serverIdx", "0 (there is one server; use serverURL)");
    const timeoutMs = millis(o.timeoutMs, "config", "options.timeoutMs");
    const retries = retry(o.retryConfig, "config", "options.retryConfig");
    // `httpClient` (`HTTPClient` of js/http.js, or @unkey/api's) becomes the fetch: each attempt
    // goes through its hooks as a `Request`.
    const http = typed(o.httpClient, "object", "config", "options.httpClient");
    if (http !== undefined && typeof http.request !== "function") throw fail("config", "options.httpClient", "an HTTPClient (with request())");
    if (http !== undefined && o.fetch != null) throw fail("config", "options.httpClient", "not given with options.fetch");
    const fetch = http ? (url, init) => http.request(new Request(url, init)) : typed(o.fetch, "function", "config", "options.fetch");
    // As in @unkey/api: `{ log, group, groupEnd }` (e.g. `console`), told each request and
    // response with every secret redacted (see `logExchange`); without one, `console` when the
    // environment sets UNKEY_DEBUG (to anything but "", "false" or "0").
    const flag = envVar("UNKEY_DEBUG");
    const debug = typed(o.debugLogger, "object", "config", "options.debugLogger") ??
      (flag && flag !== "false" && flag !== "0" ? console : undefined);
    if (debug !== undefined && typeof debug.log !== "function") throw fail("config", "options.debugLogger", "a logger with log(), such as console");
    // As in @unkey/api; `prepare` puts it on every route. The Rust builder's rule
    // (`ClientBuilder::user_agent`): non-empty printable ASCII, which every `Headers` accepts.
    const userAgent = typed(o.userAgent, "string", "config", "options.userAgent");
    if (userAgent !== undefined && !/^[\x20-\x7e]+$/.test(userAgent)) {
      throw fail("config", "options.userAgent", "non-empty printable ASCII");
    }
    // What every call needs: the wasm half, and `exchange` (the one function that sends an
    // attempt) with the caller's fetch or undefined (the global one). For a rootKey function,
    // `core` sends no authorization: `key` is the function, and `keyed` makes a core for each
    // key it gives (`auth`), for routes with that key's header.
    let core;
    try {
      core = new UnkeyCore(key ? undefined : given, serverURL, timeoutMs, ...retries);
    } catch (e) {
      throw reclass(e) ?? e;
    }
    // The verification cache (src/cache.rs, js/cache.js): off unless asked for.
    const cache = cacheOptions(o.cache);
    if (cache && VerifyCacheStore === undefined) {
      throw unkeyError({
        kind: "config",
        message: 'invalid configuration: options.cache needs the build with the verification cache: import { Unkey } from "unkey-edge/cache"',
        errors: [],
      });
    }
    // The shared tier holds one workspace's verdicts on one server: its entries live under a
    // hash of both (`cacheScope`, src/cache.rs). A rootKey function gives no key to scope by
    // before a call, so its client keeps answers in memory only.
    const tier = cache && sharedTier(o.cache);
    const shared = tier && !key ? { cache: tier, scope: UnkeyCore.cacheScope(serverURL, given ?? "") } : undefined;
    const client = {
      core,
      cache: cache && new VerifyCacheStore(UnkeyCore, OPERATIONS.keys.indexOf("verifyKey"), cache, shared),
      exchange: UnkeyCore.exchange(),
      fetch,
      debug,
      userAgent,
      key,
      keyCore: (k) => new UnkeyCore(k, serverURL, timeoutMs, ...retries),
      auth: undefined,
    };
    let op = 0;
    for (const ns in OPERATIONS) {
      const methods = {};
      for (const name of OPERATIONS[ns]) {
        methods[name] = method(client, op, PAGINATED.includes(op));
        op += 1;
      }
      this[ns] = methods;
    }
    /**
     * The verification cache: `invalidate(keyOrKeyId)` drops a key's cached answers (given as
     * the key or its id), `clear()` drops all. No-ops without `cache`.
     */
    this.cache = {
      invalidate: (keyOrKeyId) => {
        if (typeof keyOrKeyId !== "string") throw fail("validation", "keyOrKeyId", "a string");
        client.cache?.invalidate(keyOrKeyId);
      },
      clear: () => client.cache?.clear(),
    };
    const live = method(client, LIVENESS, false);
    /** `GET /v2/liveness`: resolves when the API is up. */
    this.liveness = (options) => live(undefined, options);
  }
}

// Options are read here rather than in the wasm (1.7 KB gzip smaller there): numbers cross the
// boundary as they are, NaN meaning "not given". `kind` is "config" in the constructor and
// "validation" per call; the errors are the classes of errors.js, as the wasm's become.
function fail(kind, location, expected) {
  const message = `must be ${expected}`;
  return unkeyError({
    kind,
    message: `${kind === "config" ? "invalid configuration" : "invalid request"}: ${location} ${message}`,
    errors: kind === "config" ? [] : [{ location, message }],
  });
}

function typed(v, type, kind, location) {
  if (v != null && typeof v !== type) throw fail(kind, location, `a ${type}`);
  return v;
}

function millis(v, kind, location) {
  if (v != null && !Number.isFinite(v)) throw fail(kind, location, "a number of milliseconds");
  return v ?? NaN;
}

// `cache`: true (the defaults) or { ttlMs, staleMs, negativeTtlMs, maxEntries, maxBytes } →
// the numbers for the store (NaN: default), or undefined for no cache.
// A string (`cache: "no-cache"`, an option of @unkey/api v1 that v2 ignores) is ignored too.
function cacheOptions(v) {
  if (v == null || v === false || typeof v === "string") return undefined;
  if (v === true) return [NaN, NaN, NaN, NaN, NaN];
  typed(v, "object", "config", "options.cache");
  return ["ttlMs", "staleMs", "negativeTtlMs", "maxEntries", "maxBytes"].map((k) => {
    const x = v[k];
    if (x != null && !(Number.isFinite(x) && x >= 0)) throw fail("config", `options.cache.${k}`, "a non-negative number");
    return x ?? NaN;
  });
}

// `cache.shared`: true for the Workers `caches.default` (nothing elsewhere), or a `Cache`.
function sharedTier(v) {
  const s = v?.shared;
  if (s == null || s === false) return undefined;
  if (s === true) return globalThis.caches?.default;
  if (typeof s.match !== "function" || typeof s.put !== "function" || typeof s.delete !== "function") {
    throw fail("config", "options.cache.shared", "true or a Cache (match, put, delete)");
  }
  return s;
}

// A caller's AbortSignal (or `fetchOptions.signal`, @unkey/api's older spelling), or undefined.
// Both listener methods are used: one that cannot be removed is refused before anything is sent.
function signal(v) {
  if (v == null) return undefined;
  if (typeof v !== "object" || typeof v.aborted !== "boolean" || typeof v.addEventListener !== "function" ||
    typeof v.removeEventListener !== "function") {
    throw fail("validation", "options.signal", "an AbortSignal");
  }
  return v;
}

// A call's extra headers (@unkey/api's per-call `headers`): any `HeadersInit`, as `fetch` takes
// it (a `Headers`, `[name, value]` pairs or a record), as a record of lower-cased names, or
// undefined.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
function extraHeaders(v) {
  if (v == null) return undefined;
  typed(v, "object", "validation", "options.headers");
  let entries;
  if (typeof Headers === "function" && v instanceof Headers) entries = [...v];
  else if (Array.isArray(v)) {
    entries = v.map((pair) => {
      if (!Array.isArray(pair) || pair.length !== 2) throw fail("validation", "options.headers", "a Headers, a record, or [name, value] pairs");
      return pair;
    });
  } else entries = Object.entries(v);
  const out = {};
  for (const [name, value] of entries) {
    if (typeof name !== "string" || !TOKEN.test(name)) throw fail("validation", "options.headers", "header names that are RFC 9110 tokens");
    if (typeof value !== "string" || /[\0\r\n]|[^\0-\xff]/.test(value)) {
      throw fail("validation", `options.headers.${name}`, "a string of Latin-1 characters without NUL, CR or LF");
    }
    out[name.toLowerCase()] = value;
  }
  return out;
}

// `fetchOptions` members other than the ones the client owns (`headers`, taken as the call's
// headers; `signal`, the call's signal; `method`, `body` and `redirect`, never the caller's:
// a redirect followed would re-send the root key), for `fetch` as they are: `cache`,
// `keepalive`, `priority`, `credentials`, a Next.js `next`, … As in @unkey/api, the `Request`
// members among the call's own options (`{ cache: "no-store" }`) go too, over `fetchOptions`'
// (a `cache` that is not a string is the verification cache's). Or undefined.
const OWNED = new Set(["headers", "signal", "method", "body", "redirect"]);
const INIT = ["cache", "credentials", "integrity", "keepalive", "mode", "priority", "referrer", "referrerPolicy"];
function fetchInit(fo, o) {
  let out;
  if (fo) for (const k of Object.keys(fo)) if (!OWNED.has(k) && fo[k] !== undefined) (out ??= {})[k] = fo[k];
  for (const k of INIT) if (o[k] !== undefined && (k !== "cache" || typeof o[k] === "string")) (out ??= {})[k] = o[k];
  return out;
}

// The route with a call's extra headers on top, in the same form (a `Headers` or a plain object).
function withHeaders(route, extra) {
  let h;
  if (typeof Headers === "function" && route[2] instanceof Headers) {
    h = new Headers(route[2]);
    for (const name in extra) h.set(name, extra[name]);
  } else {
    h = { ...route[2], ...extra };
  }
  return [route[0], route[1], h];
}

// RetryConfig → [strategy (0 not given, 1 none, 2 backoff), initialInterval, maxInterval,
// exponent, maxElapsedTime, maxAttempts].
const UNSET = [NaN, NaN, NaN, NaN, NaN];
function retry(v, kind, location) {
  if (v == null) return [0, ...UNSET];
  if (v.strategy === "none") return [1, ...UNSET];
  if (v.strategy !== "backoff") throw fail(kind, location, '{ strategy: "none" } or { strategy: "backoff", backoff?: {...} }');
  typed(v.backoff, "object", kind, `${location}.backoff`);
  const numbers = ["initialInterval", "maxInterval", "exponent", "maxElapsedTime", "maxAttempts"].map((k) => {
    const x = v.backoff?.[k];
    if (x != null && !(Number.isFinite(x) && x >= 0)) throw fail(kind, `${location}.backoff.${k}`, "a non-negative number");
    return x ?? NaN;
  });
  return [2, ...numbers];
}

// A request JSON cannot encode (a bigint, a cycle, a getter that throws) never reaches the
// wire: the rejection names the field when a bigint sits where the wasm expects a typed value
// (each reads as `{}` for validation), and the body otherwise.
function unencodable(core, op, request) {
  let text;
  try {
    text = JSON.stringify(request, (_, v) => (typeof v === "bigint" ? {} : v));
  } catch {}
  if (text !== undefined) {
    const oversize = text.length > MAX_BODY;
    core.release(callId(core.begin(op, oversize ? undefined : text, oversize, NaN, 0, NaN, NaN, NaN, NaN, NaN)));
  }
  return fail("validation", "body", "JSON-encodable (no cycles, no bigints, no throwing getters)");
}

// The location of the first NaN or ±Infinity in what JSON.stringify sends of `request` (after
// `toJSON`, own enumerable members only), or undefined. Iterative in JSON.stringify itself, so
// as deep as the body already was.
function nonFinite(request) {
  const at = new Map();
  let found;
  JSON.stringify(request, function (k, v) {
    if (found !== undefined) return undefined;
    const base = at.get(this);
    const here = base === undefined ? "body" : Array.isArray(this) ? `${base}[${k}]` : `${base}.${k}`;
    if (typeof v === "number" && !Number.isFinite(v)) {
      found = here;
      return undefined;
    }
    if (v !== null && typeof v === "object") at.set(v, here);
    return v;
  });
  return found;
}

// `v` with `field` set to `value` in every object `path` leads to ("*": every item of an array)
// that lacks it: copies along the way, never the caller's objects; `v` itself when nothing is
// missing.
function fill(v, path, i, field, value) {
  if (i === path.length) {
    return v !== null && typeof v === "object" && !Array.isArray(v) && v[field] === undefined ? { ...v, [field]: value } : v;
  }
  const seg = path[i];
  if (seg === "*") {
    if (!Array.isArray(v)) return v;
    let out = v;
    for (let k = 0; k < v.length; k++) {
      const x = fill(v[k], path, i + 1, field, value);
      if (x !== v[k]) (out === v ? (out = v.slice()) : out)[k] = x;
    }
    return out;
  }
  if (v === null || typeof v !== "object" || Array.isArray(v) || v[seg] === undefined) return v;
  const x = fill(v[seg], path, i + 1, field, value);
  return x === v[seg] ? v : { ...v, [seg]: x };
}

// The id of a call `core.begin` began: its answer is the id, or `[id, text]` when it dropped
// members from the request (see `call` in `method`).
function callId(begun) {
  return typeof begun === "number" ? begun : begun[0];
}

function method(client, op, paginated) {
  const core = client.core;
  const needsData = !NO_DATA.includes(op);
  const defaults = DEFAULTS[op];
  let route; // [url, post, headers], made on the first call
  // An operation of the portal session has no root key: its route comes from `core` (which
  // sends none for it), and each call adds the end user's cookie.
  const session = SESSION.includes(op);
  const call = (request, options, cookie) => {
    let id, body, sig, extra, text, oversize, args, waitUntil, bypass, init;
    try {
      try {
        if (defaults) for (const [path, field, value] of defaults) request = fill(request, path, 0, field, value);
        body = JSON.stringify(request);
      } catch {
        throw unencodable(core, op, request);
      }
      // JSON writes NaN and ±Infinity as null, which may mean "unlimited": refused instead. Only
      // a body with a null can hold one, so the common call pays one substring search.
      const bad = body !== undefined && body.includes("null") ? nonFinite(request) : undefined;
      if (bad !== undefined) throw fail("validation", bad, "a finite number");
      // The wasm gets a copy of the text, unless the API would refuse it anyway.
      oversize = body !== undefined && body.length > MAX_BODY;
      text = oversize ? undefined : body;
      if (!client.key || session) route ??= prepare(core.route(op), client);
      if (options === undefined) {
        // The common case: nothing to read, nothing allocated.
        id = core.begin(op, text, oversize, NaN, 0, NaN, NaN, NaN, NaN, NaN);
      } else {
        const o = typed(options, "object", "validation", "options") ?? {};
        const timeout = millis(o.timeoutMs, "validation", "options.timeoutMs");
        const retries = retry(o.retries, "validation", "options.retries");
        // As in @unkey/api, `fetchOptions` (its older spelling) gives what the call's own
        // `signal` and `headers` do not.
        const fo = typed(o.fetchOptions, "object", "validation", "options.fetchOptions");
        sig = signal(o.signal ?? fo?.signal);
        extra = extraHeaders(o.headers ?? fo?.headers);
        init = fetchInit(fo, o);
        // A Worker's `ctx.waitUntil`: keeps a cache refresh alive after the response.
        waitUntil = typed(o.waitUntil, "function", "validation", "options.waitUntil");
        // `cache: false`: this call is sent, whatever the cache holds. A string is `fetch`'s
        // own `cache` (`"no-store"`, …), which @unkey/api's options take too (see `fetchInit`).
        if (typeof o.cache !== "string") bypass = typed(o.cache, "boolean", "validation", "options.cache") === false;
        args = [timeout, ...retries];
        id = core.begin(op, text, oversize, ...args);
      }
      // Members the operation does not declare were dropped, as @unkey/api drops them: the
      // wasm gave the text to send instead.
      if (typeof id !== "number") [id, body] = id, text = body;
    } catch (e) {
      // Ours (the wasm's validation errors get their class here), or a throwing getter in the
      // options object: always an unkey-edge error.
      return Promise.reject(reclass(e) ?? fail("validation", "options", "readable"));
    }
    // For a rootKey function the route comes from the key it gives, within the first attempt;
    // a call's own headers go on top of the operation's.
    let r = route;
    if (session) r = withHeaders(route, { ...extra, cookie });
    else if (client.key) r = extra ? () => keyed(client, op).then((k) => withHeaders(k, extra)) : () => keyed(client, op);
    else if (extra) r = withHeaders(route, extra);
    if (!client.cache) return run(client, id, r, body, sig, needsData, undefined, op, init);
    // The cache's refresh of a stale answer is a call of its own, begun like this one.
    const again = () => callId(core.begin(op, text, oversize, ...(args ?? NO_OPTIONS)));
    const send = (callId, keep, s) => run(client, callId, r, body, s, needsData, keep, op, init);
    return cachedCall(client, op, id, bypass ? undefined : text, send, sig, again, waitUntil, text);
  };
  if (session) return sessionMethod(call, paginated);
  if (paginated) return (request, options) => call(request, options).then((res) => page(call, request, options, res));
  return AS_RESULT.includes(op) ? (request, options) => call(request, options).then(asResult) : call;
}

// The method of an operation of the portal session, as @unkey/api has it: `(security, request,
// options)`, `security.portalSession` being the end user's access token (`portal.exchangeCode`),
// sent as the `portal_session` cookie; the wasm checks it (`sessionCookie`). Its pages carry it on.
function sessionMethod(call, paginated) {
  return (security, request, options) => {
    let cookie;
    try {
      typed(security, "object", "validation", "security");
      cookie = UnkeyCore.sessionCookie(typed(security?.portalSession, "string", "validation", "security.portalSession") ?? "");
    } catch (e) {
      // Ours, or a throwing getter on `security`: always an unkey-edge error.
      return Promise.reject(reclass(e) ?? fail("validation", "security", "readable"));
    }
    const bound = (req, opts) => call(req, opts, cookie);
    return paginated ? bound(request, options).then((res) => page(bound, request, options, res)) : bound(request, options);
  };
}

// @unkey/api answers an operation whose response declares headers as `{ headers, result }`: the
// envelope also answers `res.result` (not enumerable, as a list page's).
function asResult(res) {
  return hidden(res, "result", { meta: res.meta, data: res.data });
}

const NO_OPTIONS = [NaN, 0, NaN, NaN, NaN, NaN, NaN];

// A call with the verification cache on (js/cache.js keeps it; the wasm says what may be kept).
// verifyKey answers it may keep come from it; concurrent identical ones share one request (the
// others wait, then look again); a stale answer is served while one refresh runs (kept alive by
// `waitUntil`). Every call ends with `after`, which drops what the operation may have changed,
// even when it failed (a failed write may still have been applied).
// `text` is undefined for a call that must be sent (`cache: false`); `sent` is its request.
async function cachedCall(client, op, id, text, send, sig, again, waitUntil, sent) {
  const store = client.cache;
  const cid = store.id(op, text);
  let owned = true; // `id` is still ours to release (`run` releases the call it is given)
  try {
    // Waiting twice is enough: after that, this call sends its own request.
    for (let round = 0; cid !== undefined && round < 3; round++) {
      const look = store.lookup(cid, Date.now());
      if (typeof look === "string") return metaFirst(JSON.parse(look));
      if (Array.isArray(look)) {
        if (look[1]) refresh(store, look[1], send, again, waitUntil);
        return metaFirst(JSON.parse(look[0]));
      }
      if (look === undefined) break;
      if (look < 0) {
        await store.flight(-look);
        continue;
      }
      owned = false;
      // A miss in memory: the shared tier first, when there is one.
      const start = (keep) =>
        store.fromShared(cid, Date.now()).then((s) => {
          if (s === undefined) return send(id, keep, sig);
          client.core.release(id);
          keep(s.text, s);
          return metaFirst(JSON.parse(s.text));
        });
      return await store.lead(look, start, waitUntil);
    }
    owned = false;
    return await send(id, undefined, sig);
  } finally {
    if (owned) client.core.release(id);
    store.after(op, sent);
  }
}

// The refresh of a stale answer, in the background: a new call with the same request and
// options (not the caller's signal: it outlives the caller).
function refresh(store, ticket, send, again, waitUntil) {
  let id;
  try {
    id = again();
  } catch {
    store.settle(ticket, undefined, Date.now());
    return;
  }
  const p = store.lead(ticket, (keep) => send(id, keep, undefined), waitUntil).catch(() => {});
  try {
    waitUntil?.(p);
  } catch {
    // A waitUntil that throws changes nothing.
  }
}

// The route as calls use it, made once per operation: with the caller's `userAgent`, and for
// the global fetch with its headers as a `Headers`, which workerd copies natively but reads
// property by property on every call as a plain object (about 2 points of a call's time:
// BENCHMARKS.md). A caller's own fetch keeps getting a plain object of its own (`exchange`).
function prepare(route, client) {
  if (client.userAgent !== undefined) route[2]["user-agent"] = client.userAgent;
  if (!client.fetch && typeof Headers === "function") route[2] = new Headers(route[2]);
  return route;
}

// For a rootKey function: the route of `op` with the authorization of the key it gives now.
// It is called once per call (not per attempt), after the request is validated, with `this`
// undefined, like @unkey/api's. It may return the key or a promise of it (a rotated key, a
// Workers Secrets Store binding's `get()`); `run` waits for it within the first attempt's
// time and the caller's signal. Routes are remade only when the key changes.
async function keyed(client, op) {
  const get = client.key;
  let key;
  try {
    key = await get();
  } catch (cause) {
    throw withCause(fail("config", "options.rootKey", "a function that gives the root key (it threw)"), cause);
  }
  if (typeof key !== "string") throw fail("config", "options.rootKey", "a function that gives a string");
  let a = client.auth;
  // The constructor's checks: a config error for a key that is empty or not visible ASCII.
  if (a === undefined || a.key !== key) {
    let core;
    try {
      core = client.keyCore(key);
    } catch (e) {
      throw reclass(e) ?? e;
    }
    client.auth = a = { key, core, routes: [] };
  }
  return (a.routes[op] ??= prepare(a.core.route(op), client));
}

// Drives one call's attempts and nothing else: the wasm decides (deadline, retry, backoff,
// classification), synchronously; here only promises are awaited, so no Rust future runs per
// call. A 2xx whose body is the success envelope is the one outcome that needs no decision, and
// the one of almost every call: it is recognized here (`envelope`); the rest goes to `settle`.
// `route` is a function for a rootKey function (see `keyed`): its error ends the call as it is.
// The call is released once, in `finally`, however it ends.
// `keep`, when given, is told the answer's text when the call ends with a success envelope.
// `op` picks an error's class: a status the operation does not declare makes an `APIError`, as
// in @unkey/api. `init`: the call's other `fetch` options (see `fetchInit`), or undefined.
async function run(client, id, route, body, signal, needsData, keep, op, init) {
  const { core, exchange, fetch } = client;
  // The last attempt's answer, when one came: its Response and body go on the error's class.
  // Or what its fetch threw: the `cause` of a connection error, as in @unkey/api.
  let answer, thrown;
  try {
    for (;;) {
      let ms = core.nextAttempt(id);
      let ok = true;
      let parts;
      try {
        if (typeof route === "function") {
          const t0 = Date.now();
          route = await within(route(), ms, signal);
          if (ms !== undefined) ms = Math.max(1, ms - (Date.now() - t0));
        }
        if (client.debug) logExchange(client.debug, route, body);
        parts = await exchange(fetch, route[0], route[1], route[2], body, ms, signal, init);
        answer = parts;
        thrown = undefined;
        if (client.debug) logExchange(client.debug, route, undefined, parts);
      } catch (e) {
        if (isUnkeyError(e)) throw e;
        ok = false;
        parts = thrown = keyless(e, route);
        answer = undefined;
      }
      if (ok && parts[0] >= 200 && parts[0] < 300) {
        const v = envelope(parts[2], needsData);
        if (v !== undefined) {
          keep?.(parts[2]);
          return v;
        }
      }
      const r = core.settle(id, ok, parts);
      if (typeof r !== "number") return r !== null && typeof r === "object" ? metaFirst(r) : r;
      if (r > 0) await new Promise((resolve) => setTimeout(resolve, r));
    }
  } catch (e) {
    let out = reclass(e, answer?.[3], answer?.[2], ERRORS_OF[op] ?? ERRORS) ?? e;
    // A caller's signal that timed out (`AbortSignal.timeout(ms)`) ends the call as a timeout,
    // as in @unkey/api.
    if (out instanceof RequestAbortedError && signal?.reason?.name === "TimeoutError") {
      out = unkeyError({ kind: "timeout", message: "request timed out: the caller's signal timed out", cause: signal.reason, errors: [] });
    }
    // Only a real error: a timeout or abort of our own is thrown as a plain object.
    if (out instanceof HTTPClientError && out.cause === undefined && thrown instanceof Error) withCause(out, thrown);
    throw out;
  } finally {
    core.release(id);
  }
}

// What a fetch or an httpClient hook threw, without the secrets of the request it was given (the
// root key, a portal session): either may quote the request's headers (an error that lists
// them), and the error's message, stack and cause reach the caller. One that names a secret is
// replaced by an Error with `[REDACTED]` in its place (its name, and its cause's message and
// code, kept, scrubbed alike), so the original is not kept as `cause` either.
function keyless(e, route) {
  const secrets = secretsOf(route?.[2]);
  if (secrets.length === 0) return e;
  try {
    const cause = e !== null && typeof e === "object" ? e.cause : undefined;
    const texts = [e, cause].flatMap((v) =>
      v !== null && typeof v === "object" ? [v.message, v.stack, String(v), ownJson(v)] : [String(v)],
    );
    if (!texts.some((t) => typeof t === "string" && secrets.some((k) => t.includes(k)))) return e;
    const scrub = (t) => secrets.reduce((out, k) => out.split(k).join("[REDACTED]"), String(t ?? ""));
    const object = e !== null && typeof e === "object";
    const out = new Error(scrub(object ? e.message : e));
    if (object && typeof e.name === "string") out.name = e.name;
    if (cause !== null && typeof cause === "object") {
      out.cause = { message: scrub(cause.message), ...(typeof cause.code === "string" ? { code: cause.code } : {}) };
    }
    if (object && typeof e.stack === "string") out.stack = scrub(e.stack);
    return out;
  } catch {
    // A thrown value whose reading throws: nothing of it is kept.
    return new Error("fetch failed");
  }
}

// The secrets a request's headers (an object or a `Headers`) carry: the bearer token and the
// portal session cookie's value.
function secretsOf(headers) {
  const get = (n) => (typeof headers?.get === "function" ? headers.get(n) : headers?.[n]);
  const out = [];
  const auth = get("authorization");
  if (typeof auth === "string" && auth.startsWith("Bearer ") && auth.length > 7) out.push(auth.slice(7));
  const cookie = get("cookie");
  const m = typeof cookie === "string" ? /portal_session=([^;]+)/.exec(cookie) : null;
  if (m) out.push(m[1]);
  return out;
}

function ownJson(v) {
  try {
    return JSON.stringify(v);
  } catch {
    return "";
  }
}

// What debugLogger is told, as @unkey/api tells it: "> Request" with headers and body, or
// "< Response" with status and body. Secrets never reach it: the authorization header, and every
// `key` or `plaintext` member (the key to verify, the secret createKey and rerollKey answer).
const SECRET = new Set(["key", "plaintext"]);
function redact(v) {
  if (Array.isArray(v)) return v.map(redact);
  if (v === null || typeof v !== "object") return v;
  const out = {};
  for (const k of Object.keys(v)) out[k] = SECRET.has(k) && typeof v[k] === "string" ? "[REDACTED]" : redact(v[k]);
  return out;
}
// Headers the debug logger never shows: the root key and the end user's portal session (and
// any cookie a response would set).
const REDACTED = { authorization: "Bearer [REDACTED]", cookie: "portal_session=[REDACTED]", "set-cookie": "[REDACTED]" };

function logExchange(logger, route, body, parts) {
  const group = (t) => (typeof logger.group === "function" ? logger.group(t) : logger.log(t));
  const end = () => typeof logger.groupEnd === "function" && logger.groupEnd();
  const parse = (t) => {
    try {
      return redact(JSON.parse(t));
    } catch {
      return "<not JSON>";
    }
  };
  try {
    const method = route[1] ? "POST" : "GET";
    if (!parts) {
      group(`> Request: ${method} ${route[0]}`);
      group("Headers:");
      const entries = typeof Headers === "function" && route[2] instanceof Headers ? [...route[2]] : Object.entries(route[2]);
      for (const [k, v] of entries) logger.log(`${k}: ${REDACTED[k.toLowerCase()] ?? v}`);
      end();
      group("Body:");
      logger.log(body === undefined ? "<none>" : parse(body));
    } else {
      group(`< Response: ${method} ${route[0]}`);
      // As @unkey/api logs a response: the status with its text, then the headers.
      const res = parts[3];
      logger.log("Status Code:", parts[0], res?.statusText ?? "");
      group("Headers:");
      if (res?.headers) for (const [k, v] of res.headers) logger.log(`${k}: ${REDACTED[k.toLowerCase()] ?? v}`);
      end();
      group("Body:");
      logger.log(parse(parts[2]));
    }
    end();
    end();
  } catch {
    // A logger that throws changes nothing.
  }
}

// `p`, unless `ms` passes or `signal` aborts first: then a rejection shaped as `exchange`'s,
// which `settle` turns into the call's timeout or abort. (`p` itself cannot be stopped.)
function within(p, ms, signal) {
  if (ms === undefined && !signal) return p;
  return new Promise((resolve, reject) => {
    let timer;
    const settle = (f, v) => {
      clearTimeout(timer);
      if (signal) signal.removeEventListener("abort", onAbort);
      f(v);
    };
    const onAbort = () => settle(reject, { name: "AbortError", message: "aborted by the caller's signal" });
    if (signal?.aborted) return onAbort();
    if (signal) signal.addEventListener("abort", onAbort);
    if (ms !== undefined) timer = setTimeout(() => settle(reject, { name: "TimeoutError", message: "the rootKey function gave no key in time" }), ms);
    p.then((v) => settle(resolve, v), (e) => settle(reject, e));
  });
}

// The error for a page whose cursor was already followed (see `page`), a decode error as the
// wasm's are. The page's Response was not kept: `rawResponse` is one of that page's envelope.
function repeatedCursor(res) {
  const text = JSON.stringify({ meta: res.meta, data: res.data, pagination: res.pagination });
  const response = new Response(text, { status: 200, headers: { "content-type": "application/json" } });
  return unkeyError({
    kind: "decode",
    message: "could not decode response (status 200): pagination.cursor repeats an earlier page's, so the pages would never end",
    statusCode: 200,
    requestId: res.meta?.requestId,
  }, response, text);
}

// The parsed body if it is a success envelope as the wasm's `check_envelope` (src/engine.rs)
// defines one: an object with a string `meta.requestId` and, unless the operation has none, a
// `data` member that is an object or an array. Anything else is `undefined`, and `settle`
// makes the decode error.
function envelope(text, needsData) {
  let v;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof v.meta?.requestId === "string" &&
    (!needsData || (typeof v.data === "object" && v.data !== null))
    ? metaFirst(v)
    : undefined;
}

// A success envelope as @unkey/api's parse rebuilds it, `meta` first (Unkey sends `data`
// first), then the rest (`data`, a list's `pagination`) as sent; inside them, the server's
// order (README, "Migrating from @unkey/api").
function metaFirst(v) {
  const out = { meta: v.meta };
  for (const k in v) if (k !== "meta") out[k] = v[k];
  return out;
}

// A list result is also a pager, like @unkey/api's: `await res.next()` gives the next page (or
// `null` after the last one) and `for await (const page of res)` walks every page from this one.
// A cursor the walk has already followed would loop for ever: that page's `next()` rejects with
// kind `decode`. Each page shows the members @unkey/api's shows (what `console.log`,
// `Object.keys` and `JSON.stringify` see), and answers the others too, hidden: the page a list
// call answers has `result`, `next`, `~next` (its pager state: `{ cursor }` while a cursor
// follows) and the async iterator; a page `next()` gives, `result` and `next`; a page
// `for await` yields, `result` (a `pageView`). `meta`, `data` and `pagination` are readable on
// every page itself.
function page(call, request, options, res, seen = new Set(request?.cursor ? [request.cursor] : []), first = true) {
  const result = { meta: res.meta, data: res.data, pagination: res.pagination };
  for (const k in result) hidden(res, k, result[k]);
  Object.defineProperty(res, "result", { value: result, enumerable: true, configurable: true, writable: true });
  res.next = () => {
    const p = res.pagination;
    if (!(p && p.hasMore && p.cursor)) return null;
    if (seen.has(p.cursor)) return Promise.reject(repeatedCursor(res));
    const followed = new Set(seen).add(p.cursor);
    return call({ ...request, cursor: p.cursor }, options).then((r) => page(call, request, options, r, followed, false));
  };
  // As @unkey/api's: `{ cursor }` when the page has a cursor that is not blank.
  const cursor = res.pagination?.cursor;
  const state = typeof cursor === "string" && cursor.trim() !== "" ? { cursor } : undefined;
  const pages = async function* () {
    for (let p = res; p; p = await p.next()) yield pageView(p);
  };
  if (first) Object.assign(res, { "~next": state, [Symbol.asyncIterator]: pages });
  else hidden(hidden(res, "~next", state), Symbol.asyncIterator, pages);
  return res;
}
