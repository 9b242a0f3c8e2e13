// unkey-edge/ratelimit: `@unkey/ratelimit` 2.x's `Ratelimit`, `Overrides` and `NoopRatelimit`.
import type { FetchLike, RequestOptions, Unkey } from "./index.js";

/** A window: milliseconds, or a number and a unit (`"60s"`, `"5 m"`, `"250ms"`, `"1h"`, `"1d"`). */
export type Duration = number | `${number}${"ms" | "s" | "m" | "h" | "d"}` | `${number} ${"ms" | "s" | "m" | "h" | "d"}`;

/** A limit: how many requests may pass per window. */
export interface Limit {
  limit: number;
  duration: Duration;
}

/** The answer of `limit()`. */
export interface RatelimitResponse {
  /** Whether the request may pass. */
  success: boolean;
  /** Requests allowed per window. */
  limit: number;
  /** Requests left in this window. */
  remaining: number;
  /** When the window resets, Unix ms. */
  reset: number;
  /** The override that applied, if one did. */
  overrideId?: string;
}

export interface RatelimitConfig extends Limit {
  /** Root key with `ratelimit.*.limit`; default `UNKEY_ROOT_KEY` where `process` exists. */
  rootKey?: string | (() => string | Promise<string>);
  /** The namespace every call limits in. */
  namespace: string;
  /** `@unkey/ratelimit`'s name for `serverURL`. */
  baseUrl?: string;
  serverURL?: string;
  fetch?: FetchLike;
  /** A client to use instead of making one. */
  unkey?: Unkey;
  /** Answer `fallback` when Unkey has not answered within `ms`. */
  timeout?: { ms: number; fallback: RatelimitResponse | ((identifier: string) => RatelimitResponse | Promise<RatelimitResponse>) };
  /** Answer for any other failure (without it, `limit()` rejects with the error). */
  onError?: (error: unknown, identifier: string) => RatelimitResponse | Promise<RatelimitResponse>;
  /**
   * Denied identifiers are answered from here, without a request, until their window resets
   * (default: a new `Map` per limiter).
   */
  cache?: Map<string, RatelimitResponse>;
}

export interface LimitOptions {
  /** Tokens this request spends (default 1). */
  cost?: number;
  /** Another limit for this call. */
  limit?: Limit;
}

/** A rate limiter for one namespace. */
export declare class Ratelimit {
  constructor(config: RatelimitConfig);
  limit(identifier: string, opts?: LimitOptions): Promise<RatelimitResponse>;
}

/** Rate-limit overrides. */
export declare class Overrides {
  constructor(config: { rootKey?: string | (() => string | Promise<string>); baseUrl?: string; serverURL?: string; unkey?: Unkey });
  getOverride(request: { namespace: string; identifier: string }, options?: RequestOptions): ReturnType<Unkey["ratelimit"]["getOverride"]>;
  setOverride(
    request: { namespace: string; identifier: string; limit: number; duration: Duration },
    options?: RequestOptions,
  ): ReturnType<Unkey["ratelimit"]["setOverride"]>;
  deleteOverride(request: { namespace: string; identifier: string }, options?: RequestOptions): ReturnType<Unkey["ratelimit"]["deleteOverride"]>;
  listOverrides(request: { namespace: string; cursor?: string; limit?: number }, options?: RequestOptions): ReturnType<Unkey["ratelimit"]["listOverrides"]>;
}

/** Lets everything through: for tests and local development. */
export declare class NoopRatelimit {
  limit(identifier: string, opts?: LimitOptions): Promise<RatelimitResponse>;
}

/** Milliseconds of a `Duration`. */
export declare function duration(d: Duration): number;
