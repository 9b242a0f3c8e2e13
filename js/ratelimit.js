// `unkey-edge/ratelimit`: `Ratelimit`, `Overrides` and `NoopRatelimit`, shaped like
// `@unkey/ratelimit` 2.x, on unkey-edge's client (so without `nodejs_compat` on Workers).
//
// What it adds to `unkey.ratelimit.limit`: a default namespace, limit and window; windows written
// as "60s"; a timeout with a fallback answer and an `onError` hook; and an identifier known to be
// denied is answered locally, without a request, until the window it was denied in resets.
import { Unkey } from "./index.js";
import { isUnkeyError, unkeyError } from "./errors.js";

const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a window: a number of ms, or "60s", "1 m", "250ms", "2h", "1d". */
export function duration(d) {
  if (typeof d === "number" && Number.isFinite(d) && d >= 0) return Math.floor(d);
  const m = typeof d === "string" ? /^(\d+)\s?(ms|s|m|h|d)$/.exec(d.trim()) : null;
  if (!m) {
    throw config(`duration "${d}" must be milliseconds or like "60s", "5m", "1h"`);
  }
  return Number(m[1]) * UNITS[m[2]];
}

function config(message) {
  return unkeyError({ kind: "config", message: `invalid configuration: ${message}`, errors: [] });
}

/** A rate limiter for one namespace (see the module comment). */
export class Ratelimit {
  constructor(options) {
    const o = options || {};
    if (typeof o.namespace !== "string" || o.namespace === "") throw config("namespace must be a non-empty string");
    if (!Number.isInteger(o.limit) || o.limit < 0) throw config("limit must be a whole number");
    this.namespace = o.namespace;
    this.defaultLimit = o.limit;
    this.defaultDuration = duration(o.duration);
    this.timeout = o.timeout;
    if (this.timeout !== undefined && !(Number.isFinite(this.timeout?.ms) && this.timeout.ms > 0)) {
      throw config("timeout must be { ms, fallback }");
    }
    this.onError = o.onError;
    /** Denied identifiers and their answers, until the answer's `reset` (a `Map`, or yours). */
    this.cache = o.cache ?? new Map();
    this.unkey =
      o.unkey ??
      new Unkey({
        rootKey: o.rootKey,
        ...(o.baseUrl || o.serverURL ? { serverURL: o.serverURL ?? o.baseUrl } : {}),
        ...(o.fetch ? { fetch: o.fetch } : {}),
      });
  }

  /**
   * Spend `cost` (default 1) of `identifier`'s budget: `{ success, limit, remaining, reset,
   * overrideId? }`. `opts.limit` replaces the default `{ limit, duration }` for this call.
   */
  async limit(identifier, opts) {
    const o = opts || {};
    const now = Date.now();
    const known = this.cache.get(identifier);
    if (known) {
      if (!known.success && known.reset > now) return { ...known };
      this.cache.delete(identifier);
    }
    const request = {
      namespace: this.namespace,
      identifier,
      limit: o.limit?.limit ?? this.defaultLimit,
      duration: o.limit ? duration(o.limit.duration) : this.defaultDuration,
      ...(o.cost !== undefined ? { cost: o.cost } : {}),
    };
    const options = this.timeout ? { timeoutMs: this.timeout.ms } : undefined;
    let res;
    try {
      res = (await this.unkey.ratelimit.limit(request, options)).data;
    } catch (e) {
      if (this.timeout && isUnkeyError(e) && e.kind === "timeout") {
        const f = this.timeout.fallback;
        return typeof f === "function" ? f(identifier) : { ...f };
      }
      if (this.onError) return this.onError(e, identifier);
      throw e;
    }
    const out = { success: res.success, limit: res.limit, remaining: res.remaining, reset: res.reset };
    if (res.overrideId !== undefined) out.overrideId = res.overrideId;
    if (!out.success && out.reset > Date.now()) this.cache.set(identifier, out);
    return out;
  }
}

/** Rate-limit overrides: `@unkey/ratelimit`'s `Overrides`, on `unkey.ratelimit.*Override(s)`. */
export class Overrides {
  constructor(options) {
    const o = options || {};
    this.unkey =
      o.unkey ??
      new Unkey({ rootKey: o.rootKey, ...(o.baseUrl || o.serverURL ? { serverURL: o.serverURL ?? o.baseUrl } : {}) });
  }
  /** `ratelimit.getOverride`. */
  getOverride(request, options) {
    return this.unkey.ratelimit.getOverride(request, options);
  }
  /** `ratelimit.setOverride`; `duration` may be written as "60s". */
  setOverride(request, options) {
    return this.unkey.ratelimit.setOverride({ ...request, duration: duration(request?.duration) }, options);
  }
  /** `ratelimit.deleteOverride`. */
  deleteOverride(request, options) {
    return this.unkey.ratelimit.deleteOverride(request, options);
  }
  /** `ratelimit.listOverrides`. */
  listOverrides(request, options) {
    return this.unkey.ratelimit.listOverrides(request, options);
  }
}

/** A limiter that lets everything through, for tests and local development. */
export class NoopRatelimit {
  limit() {
    return Promise.resolve({ success: true, limit: 0, remaining: 0, reset: 0 });
  }
}
