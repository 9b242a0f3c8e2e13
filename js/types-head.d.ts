// Type declarations for unkey-edge. The operation and model declarations below the marker are
// generated from the Rust tables (src/ops.rs, src/models/) by `unkey-edge-codegen`; this head is
// copied as written (js/types-head.d.ts). Do not edit pkg/index.d.ts by hand.

/** Retry policy, the same shape as `@unkey/api`'s `RetryConfig`. */
export type RetryConfig =
  | { strategy: "none" }
  | {
      strategy: "backoff";
      /** Backoff timing; omitted fields keep their defaults (50 ms, 1000 ms, 1.5, 10000 ms). */
      backoff?: BackoffStrategy | undefined;
      /**
       * Accepted so `@unkey/api` snippets compile; ignored. Which failures are retried is decided
       * per operation: reads retry on any 5xx, timeout or connection failure, while operations
       * that spend or create (verifyKey, limit, create*) retry only when the request surely did
       * not run (connection refused, Cloudflare 521/523/525/526, 429 with Retry-After).
       */
      retryConnectionErrors?: boolean | undefined;
    };

/** Exponential backoff with full jitter: the pause before retry n is random in
 * `[0, min(initialInterval * exponent^(n-1), maxInterval))`, or the server's `Retry-After`. */
export interface BackoffStrategy {
  /** First delay in milliseconds (default 50). */
  initialInterval?: number | undefined;
  /** Largest delay in milliseconds (default 1000). */
  maxInterval?: number | undefined;
  /** Growth factor (default 1.5). */
  exponent?: number | undefined;
  /** Stop retrying once this many milliseconds have passed since the first attempt (default 10000). */
  maxElapsedTime?: number | undefined;
  /** Attempts in total, the first included (default 3). Not in `@unkey/api`. */
  maxAttempts?: number | undefined;
}

/** A `fetch`-compatible function; called as `fetch(url, { method, headers, body, signal })`. */
export type FetchLike = (
  input: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<Response>;

/** Options of `new Unkey(...)`, a subset of `@unkey/api`'s `SDKOptions`. */
export interface UnkeyOptions {
  /**
   * Root key (`unkey_...`), or a function that gives it (or a promise of it), called before
   * every call, as in `@unkey/api`: for a rotated key, or a Workers Secrets Store binding,
   * `rootKey: () => env.UNKEY_ROOT_KEY.get()`. It is waited for within the call's deadline and
   * the caller's `signal` (the call then rejects with kind `timeout` or `aborted`; the function
   * itself is not stopped). When it throws, the call rejects with an `UnkeyError` of kind
   * `config` whose `cause` is what it threw. Defaults to `UNKEY_ROOT_KEY` of the environment:
   * `process.env` where `process` exists, and in a Worker its binding (without nodejs_compat
   * too). Without either, as in `@unkey/api`, no root key is sent: enough for the portal
   * session's operations; the others get the server's `BadRequestErrorResponse`.
   */
  rootKey?: string | (() => string | Promise<string>) | undefined;
  /** Base URL of the API. Default `https://api.unkey.com`. */
  serverURL?: string | undefined;
  /** `@unkey/api`'s server index: only `0`, the one server (another is refused as bad options). */
  serverIdx?: number | undefined;
  /**
   * Whole-call deadline in milliseconds, retries included; the attempt in flight is aborted when
   * it passes. Default 5000. `0` or a negative number (`@unkey/api`'s `-1`) means none.
   */
  timeoutMs?: number | undefined;
  /** Default retry policy for every call. */
  retryConfig?: RetryConfig | undefined;
  /**
   * The `user-agent` header of every request, as in `@unkey/api`. Default `unkey-edge/<version>`.
   * (Browsers may not send it.)
   */
  userAgent?: string | undefined;
  /**
   * Used instead of the global `fetch` (tests, proxies, service bindings), called as
   * `fetch(url, init)` with `this` undefined: bind it first, e.g.
   * `env.API.fetch.bind(env.API)`. It must honour `init.signal` for timeouts to abort.
   */
  fetch?: FetchLike | undefined;
  /**
   * `@unkey/api`'s way to send: an `HTTPClient` (from `unkey-edge`, `unkey-edge/lib/http` or
   * `@unkey/api`) whose hooks see each attempt as a `Request`. Not together with `fetch`.
   */
  httpClient?: { request(request: Request): Promise<Response> } | undefined;
  /**
   * Told each request and response, as `@unkey/api`'s `debugLogger` is (`console` will do), with
   * the root key and every `key` or `plaintext` member redacted. Without one, `console` when
   * the environment sets `UNKEY_DEBUG` (as in `@unkey/api`).
   */
  debugLogger?: { log(...args: unknown[]): void; group?(label: string): void; groupEnd?(): void } | undefined;
  /**
   * An in-memory verification cache (off by default; `true` for the defaults), in the client of
   * `unkey-edge/cache` (and `unkey-edge/guard`): `unkey-edge`'s own is built without it, to stay
   * 5.8 KB gzip smaller, and throws a config error for this option. Only
   * `keys.verifyKey` answers that spend nothing are kept: never a request with `credits` or
   * `ratelimits`, never a key with credits or rate limits, never `USAGE_EXCEEDED` or
   * `RATE_LIMITED`. A key revoked elsewhere is refused within `ttlMs + staleMs`; changes made
   * through this client apply at once. Cached answers are not recorded in Unkey's analytics.
   *
   * @example
   * import { Unkey } from "unkey-edge/cache";
   * const unkey = new Unkey({ rootKey, cache: { ttlMs: 10_000, staleMs: 20_000 } });
   */
  cache?: boolean | CacheOptions | undefined;
}

/** `@unkey/api`'s name for the client options. */
export type SDKOptions = UnkeyOptions;

/**
 * `@unkey/api`'s `Logger` (its `lib/logger.js`): a `debugLogger` with all three methods, as
 * `console` has them (`UnkeyOptions.debugLogger` also takes one without `group`/`groupEnd`).
 */
export interface Logger {
  group(label?: string): void;
  groupEnd(): void;
  log(message: unknown, ...args: unknown[]): void;
}

/** `UnkeyOptions.cache`: how long verifications are kept, and how many. */
export interface CacheOptions {
  /** A kept answer is fresh this long (ms). Default 10,000. */
  ttlMs?: number | undefined;
  /** Then it is served this much longer (ms) while one refresh runs. Default 20,000. */
  staleMs?: number | undefined;
  /** A `NOT_FOUND` answer is kept this long (ms), never stale. Default 5,000. */
  negativeTtlMs?: number | undefined;
  /** At most this many answers, least recently used dropped first. Default 10,000. */
  maxEntries?: number | undefined;
  /** At most about this many bytes of answers. Default 4 MiB. */
  maxBytes?: number | undefined;
  /**
   * A second tier shared by the isolates of a location: `true` for the Workers
   * `caches.default` (ignored where there is none), or a `Cache` (`await caches.open("unkey")`).
   * Same rules as memory; an entry keeps the times it was first given, so the revocation lag
   * stays `ttlMs + staleMs`. `invalidate` (and a change to one key through this client) reaches
   * the answers this isolate kept there (and, given the key, the plain `{ key }` request's);
   * `clear()` and changes that may touch any key drop only this isolate's memory. Others expire
   * within their TTL.
   */
  shared?: boolean | { match(url: string): Promise<Response | undefined>; put(url: string, res: Response): Promise<void>; delete(url: string): Promise<boolean> } | undefined;
}

/** `unkey.cache`: the verification cache's controls (no-ops without `UnkeyOptions.cache`). */
export interface VerificationCache {
  /** Drops every cached answer of a key, given as the key itself or as its key id. */
  invalidate(keyOrKeyId: string): void;
  /** Drops every cached answer. */
  clear(): void;
}

/**
 * The `security` of the portal session's own operations (`portal.listKeys`, `portal.rerollKey`,
 * `portal.getVerifications`), as `@unkey/api` takes it.
 */
export interface PortalSecurity {
  /** The end user's access token (`portal.exchangeCode`'s `accessToken`), sent as the `portal_session` cookie. */
  portalSession: string;
}

/**
 * Per-call options, the last argument of every operation. As in `@unkey/api`, `fetch`'s
 * `Request` members (`cache`, `keepalive`, `credentials`, …) may be given here too and reach
 * `fetch`; the client owns `method`, `body`, `redirect` (never followed) and `signal`.
 */
export interface RequestOptions extends Omit<RequestInit, "method" | "body" | "cache" | "headers" | "signal"> {
  /** Deadline of this call in milliseconds (overrides `UnkeyOptions.timeoutMs`; `0`: none). */
  timeoutMs?: number | undefined;
  /** Retry policy of this call (overrides `UnkeyOptions.retryConfig`). */
  retries?: RetryConfig | undefined;
  /**
   * Aborts the call, the request in flight and any retry, when it fires (as `fetch`'s
   * `signal` does; in a Worker, e.g. the incoming `request.signal`). The promise then rejects
   * with an `UnkeyError` of kind `aborted` (a `RequestAbortedError`), or of kind `timeout` (a
   * `RequestTimeoutError`, as in `@unkey/api`) when the signal timed out, as
   * `AbortSignal.timeout(ms)`'s does; an aborted call is never retried.
   */
  signal?: AbortSignal | null | undefined;
  /**
   * `@unkey/api`'s older spelling: its `signal` and `headers` count when the call's own are not
   * given, and its other members reach `fetch` (but `redirect`: no redirect is followed).
   */
  fetchOptions?: Omit<RequestInit, "method" | "body"> | undefined;
  /**
   * Taken so that `@unkey/api` code compiles, and not read: what is retried is decided per
   * operation (README, "Timeouts and retries").
   */
  retryCodes?: string[] | undefined;
  /** Taken so that `@unkey/api` code compiles, and not read: every call goes to the client's `serverURL`. */
  serverURL?: string | URL | undefined;
  /**
   * Extra request headers for this call, as in `@unkey/api` (they win over the client's): a
   * `Headers`, `[name, value]` pairs or a record, as `fetch` takes them.
   */
  headers?: HeadersInit | undefined;
  /**
   * A Worker's `ctx.waitUntil` (bound): with the cache on, a stale answer's refresh is handed
   * to it so that it finishes after the response is sent.
   */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
  /**
   * `false`: send this call even when the verification cache holds its answer. A string is
   * `fetch`'s `cache` mode, taken as `@unkey/api` takes it and ignored (no API answer is kept by
   * `fetch`'s cache).
   */
  cache?: boolean | "default" | "force-cache" | "no-cache" | "no-store" | "only-if-cached" | "reload" | undefined;
}

/** `meta` of every response. */
export interface Meta {
  /** The server's request id; quote it when contacting support. */
  requestId: string;
}

/** Cursor pagination of list operations. */
export interface Pagination {
  /** Pass back as `cursor` to get the next page; absent on the last page. */
  cursor?: string | undefined;
  /** Whether more pages follow. */
  hasMore: boolean;
}

/** The result of an operation: the response envelope, as sent by the server. */
export interface Result<T> {
  /** Response metadata. */
  meta: Meta;
  /** The operation's data. */
  data: T;
}

/**
 * The result of an operation `@unkey/api` answers as `{ headers, result }`
 * (`portal.createSession`, `portal.exchangeCode`): the envelope, which also answers
 * `res.result.data` (not enumerable: `JSON.stringify(res)` is the envelope alone). The response
 * headers are not kept.
 */
export interface Enveloped<T> extends Result<T> {
  /** The same envelope, as `@unkey/api` gives it. */
  result: Result<T>;
}

/** The result of a list operation; also iterates over all following pages. */
export interface Page<T> extends Result<T> {
  /** Where the next page starts. */
  pagination: Pagination;
  /**
   * The same page as `@unkey/api` gives it: `res.result.data`, `res.result.pagination`
   * (not enumerable: `JSON.stringify(page)` is the envelope alone).
   */
  result: { meta: Meta; data: T; pagination: Pagination };
  /** The next page, or `null` after the last one. */
  next(): Promise<Page<T>> | null;
  /** `for await (const page of res)` visits this page and every following one. */
  [Symbol.asyncIterator](): AsyncIterableIterator<Page<T>>;
}

// Errors: the classes of `@unkey/api`'s `models/errors` are at `unkey-edge/models/errors`.
import type { AnyUnkeyError } from "./errors.js";
export type { UnkeyErrorKind, UnkeyFieldError, UnkeyErrorFields } from "./errors.js";
export { HTTPClient } from "./http.js";
export type { Fetcher, HTTPClientOptions } from "./http.js";

/**
 * Every error thrown or rejected by unkey-edge: an instance of one of the classes of
 * `unkey-edge/models/errors` (as in `@unkey/api`: `NotFoundErrorResponse`, `ConnectionError`,
 * `SDKValidationError`…), each with `kind`, `statusCode`, `type`, `title`, `detail`,
 * `requestId` and `errors[]`. Narrow with `isUnkeyError`.
 */
export type UnkeyError = AnyUnkeyError;

/** True when `e` is an error thrown or rejected by unkey-edge, whatever its class. */
export declare function isUnkeyError(e: unknown): e is UnkeyError;
