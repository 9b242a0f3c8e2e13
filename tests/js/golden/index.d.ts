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

// ---- generated from src/ops.rs and src/models/ by unkey-edge-codegen ----

/**
 * A client for the Unkey v2 API, shaped like `@unkey/api`'s `Unkey`.
 * Every method validates its request before sending it and rejects with an `UnkeyError`.
 */
export declare class Unkey {
  constructor(options?: UnkeyOptions);
  /** The verification cache (`UnkeyOptions.cache`). */
  readonly cache: VerificationCache;
  /** `keys.*` operations. */
  readonly keys: Keys;
  /** `apis.*` operations. */
  readonly apis: Apis;
  /** `ratelimit.*` operations. */
  readonly ratelimit: Ratelimit;
  /** `identities.*` operations. */
  readonly identities: Identities;
  /** `permissions.*` operations. */
  readonly permissions: Permissions;
  /** `analytics.*` operations. */
  readonly analytics: Analytics;
  /** `portal.*` operations. */
  readonly portal: Portal;
  /**
   * Check that the API is up (no authentication).
   * `GET /v2/liveness`
   */
  liveness(options?: RequestOptions): Promise<Result<LivenessData>>;
}

/** The `keys` namespace of `Unkey`. */
export interface Keys {
  /**
   * Verify a key: validity, permissions, credits and rate limits. An invalid key is a success with `valid: false`; it spends credits and rate-limit tokens, so it is retried only when it surely did not run.
   * `POST /v2/keys.verifyKey`
   * Root-key permissions (any one): `api.*.verify_key`, `api.<api_id>.verify_key`.
   * @example const { data } = await unkey.keys.verifyKey({ key, permissions: "documents.read" }); if (!data.valid) console.log(data.code);
   */
  verifyKey(request: VerifyKeyRequest, options?: RequestOptions): Promise<Result<VerifyKeyData>>;
  /**
   * Create a key; the secret is returned only once.
   * `POST /v2/keys.createKey`
   * Root-key permissions (any one): `api.*.create_key`, `api.<api_id>.create_key`.
   * @example const { data } = await unkey.keys.createKey({ apiId, prefix: "sk", credits: { remaining: 100 } }); // data.key: shown once
   */
  createKey(request: CreateKeyRequest, options?: RequestOptions): Promise<Result<CreateKeyData>>;
  /**
   * Change a key's settings; absent fields are kept, null clears.
   * `POST /v2/keys.updateKey`
   * Root-key permissions (any one): `api.*.update_key`, `api.<api_id>.update_key`.
   */
  updateKey(request: UpdateKeyRequest, options?: RequestOptions): Promise<Result<EmptyData>>;
  /**
   * Delete a key; it stops verifying at once.
   * `POST /v2/keys.deleteKey`
   * Root-key permissions (any one): `api.*.delete_key`, `api.<api_id>.delete_key`.
   */
  deleteKey(request: DeleteKeyRequest, options?: RequestOptions): Promise<Result<EmptyData>>;
  /**
   * Read a key's settings by id.
   * `POST /v2/keys.getKey`
   * Root-key permissions involved: `api.*.read_key`, `api.<api_id>.read_key`, `api.*.decrypt_key`, `api.<api_id>.decrypt_key`.
   */
  getKey(request: GetKeyRequest, options?: RequestOptions): Promise<Result<KeyData>>;
  /**
   * Read a key's settings from the key itself.
   * `POST /v2/keys.whoami`
   * Root-key permissions (any one): `api.*.read_key`, `api.<api_id>.read_key`.
   */
  whoami(request: WhoamiRequest, options?: RequestOptions): Promise<Result<KeyData>>;
  /**
   * Replace a key with a new secret, keeping its settings.
   * `POST /v2/keys.rerollKey`
   * Root-key permissions involved: `api.*.create_key`, `api.<api_id>.create_key`, `api.*.encrypt_key`, `api.<api_id>.encrypt_key`.
   */
  rerollKey(request: RerollKeyRequest, options?: RequestOptions): Promise<Result<CreateKeyData>>;
  /**
   * Set, increment or decrement a key's credits.
   * `POST /v2/keys.updateCredits`
   * Root-key permissions (any one): `api.*.update_key`, `api.<api_id>.update_key`.
   */
  updateCredits(request: UpdateCreditsRequest, options?: RequestOptions): Promise<Result<Credits>>;
  /**
   * Import existing hashed keys.
   * `POST /v2/keys.migrateKeys`
   * Root-key permissions (any one): `api.*.create_key`, `api.<api_id>.create_key`.
   */
  migrateKeys(request: MigrateKeysRequest, options?: RequestOptions): Promise<Result<MigrateKeysData>>;
  /**
   * Add permissions to a key.
   * `POST /v2/keys.addPermissions`
   * Root-key permissions (any one): `api.*.update_key`, `api.<api_id>.update_key`.
   */
  addPermissions(request: AddPermissionsRequest, options?: RequestOptions): Promise<Result<Permission[]>>;
  /**
   * Remove permissions from a key.
   * `POST /v2/keys.removePermissions`
   * Root-key permissions (any one): `api.*.update_key`, `api.<api_id>.update_key`.
   */
  removePermissions(request: RemovePermissionsRequest, options?: RequestOptions): Promise<Result<Permission[]>>;
  /**
   * Replace a key's direct permissions.
   * `POST /v2/keys.setPermissions`
   * Root-key permissions (any one): `api.*.update_key`, `api.<api_id>.update_key`.
   */
  setPermissions(request: SetPermissionsRequest, options?: RequestOptions): Promise<Result<Permission[]>>;
  /**
   * Add roles to a key.
   * `POST /v2/keys.addRoles`
   * Root-key permissions (any one): `api.*.update_key`, `api.<api_id>.update_key`.
   */
  addRoles(request: AddRolesRequest, options?: RequestOptions): Promise<Result<Role[]>>;
  /**
   * Remove roles from a key.
   * `POST /v2/keys.removeRoles`
   * Root-key permissions (any one): `api.*.update_key`, `api.<api_id>.update_key`.
   */
  removeRoles(request: RemoveRolesRequest, options?: RequestOptions): Promise<Result<Role[]>>;
  /**
   * Replace a key's roles.
   * `POST /v2/keys.setRoles`
   * Root-key permissions (any one): `api.*.update_key`, `api.<api_id>.update_key`.
   */
  setRoles(request: SetRolesRequest, options?: RequestOptions): Promise<Result<Role[]>>;
}

/** The `apis` namespace of `Unkey`. */
export interface Apis {
  /**
   * Create an API (a keyspace).
   * `POST /v2/apis.createApi`
   * Root-key permissions (any one): `api.*.create_api`.
   */
  createApi(request: CreateApiRequest, options?: RequestOptions): Promise<Result<CreateApiData>>;
  /**
   * Read an API.
   * `POST /v2/apis.getApi`
   * Root-key permissions (any one): `api.*.read_api`, `api.<api_id>.read_api`.
   */
  getApi(request: GetApiRequest, options?: RequestOptions): Promise<Result<ApiData>>;
  /**
   * List an API's keys, a page at a time.
   * `POST /v2/apis.listKeys`
   * The result is also a pager: `await res.next()`, or `for await (const page of res)`.
   * Root-key permissions involved: `api.*.read_key`, `api.<api_id>.read_key`, `api.*.read_api`, `api.<api_id>.read_api`, `api.*.decrypt_key`, `api.<api_id>.decrypt_key`.
   * @example for await (const page of await unkey.apis.listKeys({ apiId })) console.log(page.data.length);
   */
  listKeys(request: ListKeysRequest, options?: RequestOptions): Promise<Page<KeyData[]>>;
  /**
   * Delete an API and invalidate its keys.
   * `POST /v2/apis.deleteApi`
   * Root-key permissions (any one): `api.*.delete_api`, `api.<api_id>.delete_api`.
   */
  deleteApi(request: DeleteApiRequest, options?: RequestOptions): Promise<Result<EmptyData>>;
}

/** The `ratelimit` namespace of `Unkey`. */
export interface Ratelimit {
  /**
   * Check and spend a rate limit. Over the limit is a success with `success: false`; it is retried only when it surely did not run.
   * `POST /v2/ratelimit.limit`
   * Root-key permissions (any one): `ratelimit.*.limit`, `ratelimit.<namespace_id>.limit`.
   * @example const { data } = await unkey.ratelimit.limit({ namespace: "email", identifier: userId, limit: 10, duration: 60_000 }); if (!data.success) return;
   */
  limit(request: LimitRequest, options?: RequestOptions): Promise<Result<LimitData>>;
  /**
   * Check and spend several rate limits at once.
   * `POST /v2/ratelimit.multiLimit`
   * Root-key permissions (any one): `ratelimit.*.limit`, `ratelimit.<namespace_id>.limit`.
   */
  multiLimit(request: MultiLimitRequest, options?: RequestOptions): Promise<Result<MultiLimitData>>;
  /**
   * Create or replace a rate limit override.
   * `POST /v2/ratelimit.setOverride`
   * Root-key permissions (any one): `ratelimit.*.set_override`, `ratelimit.<namespace_id>.set_override`.
   */
  setOverride(request: SetOverrideRequest, options?: RequestOptions): Promise<Result<SetOverrideData>>;
  /**
   * Read a rate limit override.
   * `POST /v2/ratelimit.getOverride`
   * Root-key permissions (any one): `ratelimit.*.read_override`, `ratelimit.<namespace_id>.read_override`.
   */
  getOverride(request: GetOverrideRequest, options?: RequestOptions): Promise<Result<Override>>;
  /**
   * List a namespace's overrides, a page at a time.
   * `POST /v2/ratelimit.listOverrides`
   * The result is also a pager: `await res.next()`, or `for await (const page of res)`.
   * Root-key permissions (any one): `ratelimit.*.read_override`, `ratelimit.<namespace_id>.read_override`.
   */
  listOverrides(request: ListOverridesRequest, options?: RequestOptions): Promise<Page<Override[]>>;
  /**
   * Delete a rate limit override.
   * `POST /v2/ratelimit.deleteOverride`
   * Root-key permissions (any one): `ratelimit.*.delete_override`, `ratelimit.<namespace_id>.delete_override`.
   */
  deleteOverride(request: DeleteOverrideRequest, options?: RequestOptions): Promise<Result<EmptyData>>;
}

/** The `identities` namespace of `Unkey`. */
export interface Identities {
  /**
   * Create an identity.
   * `POST /v2/identities.createIdentity`
   * Root-key permissions (any one): `identity.*.create_identity`.
   */
  createIdentity(request: CreateIdentityRequest, options?: RequestOptions): Promise<Result<CreateIdentityData>>;
  /**
   * Read an identity by id or external id.
   * `POST /v2/identities.getIdentity`
   * Root-key permissions (any one): `identity.*.read_identity`.
   */
  getIdentity(request: GetIdentityRequest, options?: RequestOptions): Promise<Result<Identity>>;
  /**
   * List identities, a page at a time.
   * `POST /v2/identities.listIdentities`
   * The result is also a pager: `await res.next()`, or `for await (const page of res)`.
   * Root-key permissions (any one): `identity.*.read_identity`.
   */
  listIdentities(request: ListIdentitiesRequest, options?: RequestOptions): Promise<Page<Identity[]>>;
  /**
   * Replace an identity's metadata or rate limits.
   * `POST /v2/identities.updateIdentity`
   * Root-key permissions (any one): `identity.*.update_identity`.
   */
  updateIdentity(request: UpdateIdentityRequest, options?: RequestOptions): Promise<Result<Identity>>;
  /**
   * Delete an identity (the response has no data).
   * `POST /v2/identities.deleteIdentity`
   * Root-key permissions (any one): `identity.*.delete_identity`.
   */
  deleteIdentity(request: DeleteIdentityRequest, options?: RequestOptions): Promise<{ meta: Meta }>;
}

/** The `permissions` namespace of `Unkey`. */
export interface Permissions {
  /**
   * Create a permission.
   * `POST /v2/permissions.createPermission`
   * Root-key permissions (any one): `rbac.*.create_permission`.
   */
  createPermission(request: CreatePermissionRequest, options?: RequestOptions): Promise<Result<CreatePermissionData>>;
  /**
   * Read a permission by id or slug.
   * `POST /v2/permissions.getPermission`
   * Root-key permissions (any one): `rbac.*.read_permission`.
   */
  getPermission(request: GetPermissionRequest, options?: RequestOptions): Promise<Result<Permission>>;
  /**
   * List permissions, a page at a time.
   * `POST /v2/permissions.listPermissions`
   * The result is also a pager: `await res.next()`, or `for await (const page of res)`.
   * Root-key permissions (any one): `rbac.*.read_permission`.
   */
  listPermissions(request: ListPermissionsRequest, options?: RequestOptions): Promise<Page<Permission[]>>;
  /**
   * Delete a permission.
   * `POST /v2/permissions.deletePermission`
   * Root-key permissions (any one): `rbac.*.delete_permission`.
   */
  deletePermission(request: DeletePermissionRequest, options?: RequestOptions): Promise<Result<EmptyData>>;
  /**
   * Create a role.
   * `POST /v2/permissions.createRole`
   * Root-key permissions involved: `rbac.*.create_role`, `rbac.*.add_permission_to_role`, `rbac.*.create_permission`.
   */
  createRole(request: CreateRoleRequest, options?: RequestOptions): Promise<Result<CreateRoleData>>;
  /**
   * Read a role by id or name.
   * `POST /v2/permissions.getRole`
   * Root-key permissions (any one): `rbac.*.read_role`.
   */
  getRole(request: GetRoleRequest, options?: RequestOptions): Promise<Result<Role>>;
  /**
   * List roles, a page at a time.
   * `POST /v2/permissions.listRoles`
   * The result is also a pager: `await res.next()`, or `for await (const page of res)`.
   * Root-key permissions (any one): `rbac.*.read_role`.
   */
  listRoles(request: ListRolesRequest, options?: RequestOptions): Promise<Page<Role[]>>;
  /**
   * Delete a role.
   * `POST /v2/permissions.deleteRole`
   * Root-key permissions (any one): `rbac.*.delete_role`.
   */
  deleteRole(request: DeleteRoleRequest, options?: RequestOptions): Promise<Result<EmptyData>>;
  /**
   * Replace a role's permissions.
   * `POST /v2/permissions.setRolePermissions`
   * Root-key permissions involved: `rbac.*.add_permission_to_role`, `rbac.*.remove_permission_from_role`, `rbac.*.create_permission`.
   */
  setRolePermissions(request: SetRolePermissionsRequest, options?: RequestOptions): Promise<Result<Permission[]>>;
}

/** The `analytics` namespace of `Unkey`. */
export interface Analytics {
  /**
   * Query key verifications (read-only SQL over the workspace's records).
   * `POST /v2/analytics.getVerifications`
   */
  getVerifications(request: GetVerificationsRequest, options?: RequestOptions): Promise<Result<Array<Record<string, unknown>>>>;
  /**
   * Query rate-limit records (read-only SQL over the workspace's records).
   * `POST /v2/analytics.getRatelimits`
   */
  getRatelimits(request: GetRatelimitsRequest, options?: RequestOptions): Promise<Result<Array<Record<string, unknown>>>>;
}

/** The `portal` namespace of `Unkey`. */
export interface Portal {
  /**
   * Create a customer-portal session for an end user (needs the portal's permission and, per requested scope, that scope's own on the portal's API); redirect them to its URL.
   * `POST /v2/portal.createSession`
   * Root-key permissions involved: `portal.*.create_portal_session`, `portal.<portal_id>.create_portal_session`, `api.<api_id>.read_key`, `api.<api_id>.read_api`, `api.<api_id>.create_key`, `api.<api_id>.encrypt_key`, `api.<api_id>.read_analytics`.
   */
  createSession(request: CreatePortalSessionRequest, options?: RequestOptions): Promise<Enveloped<PortalSessionData>>;
  /**
   * Redeem a portal URL's single-use code for the end user's access token.
   * `POST /v2/portal.exchangeCode`
   */
  exchangeCode(request: ExchangePortalCodeRequest, options?: RequestOptions): Promise<Enveloped<PortalAccessData>>;
  /**
   * List the portal session's end user's keys, a page at a time.
   * `POST /v2/portal.listKeys`
   * The result is also a pager: `await res.next()`, or `for await (const page of res)`.
   * Acts for a portal session's end user: `security.portalSession` is their access token (`portal.exchangeCode`), sent as the `portal_session` cookie; the root key is not sent.
   */
  listKeys(security: PortalSecurity, request: PortalListKeysRequest, options?: RequestOptions): Promise<Page<KeyData[]>>;
  /**
   * Replace one of the portal session's end user's keys with a new secret.
   * `POST /v2/portal.rerollKey`
   * Acts for a portal session's end user: `security.portalSession` is their access token (`portal.exchangeCode`), sent as the `portal_session` cookie; the root key is not sent.
   */
  rerollKey(security: PortalSecurity, request: RerollKeyRequest, options?: RequestOptions): Promise<Result<CreateKeyData>>;
  /**
   * The portal session's end user's verifications over a window, bucketed.
   * `POST /v2/portal.getVerifications`
   * Acts for a portal session's end user: `security.portalSession` is their access token (`portal.exchangeCode`), sent as the `portal_session` cookie; the root key is not sent.
   */
  getVerifications(security: PortalSecurity, request: PortalGetVerificationsRequest, options?: RequestOptions): Promise<Result<PortalVerificationsPoint[]>>;
}

/**
 * `keys.verifyKey` request.
 * Unknown fields are rejected.
 */
export interface VerifyKeyRequest {
  /**
   * The key as presented by your user, prefix included.
   * 1 to 512 characters.
   */
  key: string;
  /**
   * Analytics tags, e.g. `path=/v1/x`.
   * At most 20 items. Each item: 1 to 512 characters.
   */
  tags?: string[] | undefined;
  /**
   * Permission query, e.g. `documents.read AND documents.write`.
   * 1 to 1000 characters.
   */
  permissions?: string | undefined;
  /** Credits to spend (default: 1). */
  credits?: VerifyCredits | undefined;
  /** Rate limits to check in addition to auto-applied ones. */
  ratelimits?: VerifyRatelimit[] | undefined;
  /**
   * Migration to look the key up in when it is not found under Unkey's hash.
   * At most 256 characters.
   */
  migrationId?: string | undefined;
}

/**
 * Credits to spend in a verification.
 * Unknown fields are rejected.
 */
export interface VerifyCredits {
  /**
   * Credits to deduct; `0` checks without spending.
   * Integer, 0 to 1000000000000.
   */
  cost: number;
}

/** A rate limit to check during a verification. */
export interface VerifyRatelimit {
  /**
   * Name of a limit on the key or its identity (or of an ad-hoc limit with `limit`+`duration`).
   * 3 to 255 characters.
   */
  name: string;
  /**
   * Tokens to spend (default 1).
   * Integer, at least 0.
   * Default `1`: sent as such when left out, as `@unkey/api` does.
   */
  cost?: number | undefined;
  /**
   * Ad-hoc limit: requests per window.
   * Integer, at least 0.
   */
  limit?: number | undefined;
  /**
   * Ad-hoc limit: window in ms.
   * Integer, at least 0.
   */
  duration?: number | undefined;
}

/** `data` of `keys.verifyKey`. */
export interface VerifyKeyData {
  /** `true` only when `code` is `VALID`. */
  valid: boolean;
  /** Why the key is (not) valid. */
  code: VerifyCode;
  /** The key's id (absent when not found). */
  keyId?: string | undefined;
  /** The key's name. */
  name?: string | undefined;
  /** The key's metadata. */
  meta?: Record<string, unknown> | undefined;
  /**
   * Expiry (Unix ms).
   * Integer.
   */
  expires?: number | undefined;
  /**
   * Credits left after this verification (absent: unlimited).
   * Integer.
   */
  credits?: number | undefined;
  /** Whether the key is enabled. */
  enabled?: boolean | undefined;
  /** The key's permissions (direct and via roles). */
  permissions?: string[] | undefined;
  /** The key's roles. */
  roles?: string[] | undefined;
  /** The linked identity. */
  identity?: Identity | undefined;
  /** Rate limits checked. */
  ratelimits?: VerifyRatelimitData[] | undefined;
}

/**
 * Outcome of a verification. Only `Valid` means the key may be used.
 * - `VALID`: The key is valid.
 * - `NOT_FOUND`: No such key (or not visible to this root key).
 * - `FORBIDDEN`: The key or workspace may not be used here.
 * - `INSUFFICIENT_PERMISSIONS`: The permission query did not match.
 * - `USAGE_EXCEEDED`: Out of credits.
 * - `RATE_LIMITED`: A rate limit was exceeded.
 * - `DISABLED`: The key is disabled.
 * - `EXPIRED`: The key has expired.
 * Other values may appear as the API evolves.
 */
export type VerifyCode = "VALID" | "NOT_FOUND" | "FORBIDDEN" | "INSUFFICIENT_PERMISSIONS" | "USAGE_EXCEEDED" | "RATE_LIMITED" | "DISABLED" | "EXPIRED" | (string & {});

/** An identity: an external entity (user, org) that keys and rate limits can share. */
export interface Identity {
  /** Unkey's id. */
  id: string;
  /** Your id for it. */
  externalId: string;
  /** Free-form metadata. */
  meta?: Record<string, unknown> | undefined;
  /** Shared rate limits. */
  ratelimits?: RatelimitData[] | undefined;
}

/** A rate limit as stored on a key or identity. */
export interface RatelimitData {
  /** Id (`rl_…`). */
  id: string;
  /** Name. */
  name: string;
  /**
   * Requests allowed per window.
   * Integer.
   */
  limit: number;
  /**
   * Window length in ms.
   * Integer.
   */
  duration: number;
  /** Checked on every verification. */
  autoApply: boolean;
}

/** A rate limit checked during a verification. */
export interface VerifyRatelimitData {
  /** Whether this limit was exceeded. */
  exceeded: boolean;
  /** Id (`""` for ad-hoc limits). */
  id: string;
  /** Name. */
  name: string;
  /**
   * Requests per window.
   * Integer.
   */
  limit: number;
  /**
   * Window in ms.
   * Integer.
   */
  duration: number;
  /**
   * When the window resets (Unix ms).
   * Integer.
   */
  reset: number;
  /**
   * Requests left in the window.
   * Integer.
   */
  remaining: number;
  /** Auto-applied. */
  autoApply: boolean;
}

/**
 * `keys.createKey` request.
 * Unknown fields are rejected.
 */
export interface CreateKeyRequest {
  /**
   * The API (keyspace) the key belongs to.
   * 3 to 255 characters; only letters, digits and _ (`^[a-zA-Z0-9_]+$`).
   */
  apiId: string;
  /**
   * Prefix, joined to the random part with `_`.
   * 1 to 16 characters; only letters, digits and _ (`^[a-zA-Z0-9_]+$`).
   */
  prefix?: string | undefined;
  /**
   * Display name.
   * 1 to 255 characters.
   */
  name?: string | undefined;
  /**
   * Random bytes in the key (default 16).
   * Integer, 16 to 255.
   * Default `16`: sent as such when left out, as `@unkey/api` does.
   */
  byteLength?: number | undefined;
  /**
   * Your id for the owner; links (and creates) an identity.
   * 1 to 255 characters; only letters, digits, _ . and - (`^[a-zA-Z0-9_.-]+$`).
   */
  externalId?: string | undefined;
  /**
   * Free-form metadata returned on every verification.
   * At most 100 properties.
   */
  meta?: Record<string, unknown> | undefined;
  /**
   * Role names (the roles must exist).
   * At most 100 items. Each item: 1 to 128 characters.
   */
  roles?: string[] | undefined;
  /**
   * Permission slugs (created when missing).
   * At most 1000 items. Each item: 1 to 128 characters; only letters, digits, _ : - . and * (`^[a-zA-Z0-9_:\-\.\*]+$`).
   */
  permissions?: string[] | undefined;
  /**
   * Expiry (Unix ms).
   * Integer, 0 to 4102444800000.
   */
  expires?: number | undefined;
  /** Usage credits (absent: unlimited). */
  credits?: Credits | undefined;
  /**
   * Rate limits.
   * At most 50 items.
   */
  ratelimits?: RatelimitConfig[] | undefined;
  /**
   * Whether the key starts enabled (default true).
   * Default `true`: sent as such when left out, as `@unkey/api` does.
   */
  enabled?: boolean | undefined;
  /**
   * Store the key encrypted so `getKey` with `decrypt` can return it.
   * Default `false`: sent as such when left out, as `@unkey/api` does.
   */
  recoverable?: boolean | undefined;
}

/**
 * Usage credits of a key: remaining count (`None`: unlimited) and optional refill.
 * Unknown fields are rejected.
 */
export interface Credits {
  /**
   * Credits left; `null` means unlimited.
   * Integer, at least 0.
   */
  remaining: number | null;
  /** Automatic refill. */
  refill?: Refill | undefined;
}

/**
 * Automatic credit refill.
 * Unknown fields are rejected.
 */
export interface Refill {
  /** Daily or monthly. */
  interval: RefillInterval;
  /**
   * Credits after each refill.
   * Integer, at least 1.
   */
  amount: number;
  /**
   * Day of the month for monthly refills (later than the month's end: its last day).
   * Integer, 1 to 31.
   */
  refillDay?: number | undefined;
}

/**
 * How often credits refill.
 * - `daily`: Every day.
 * - `monthly`: Every month, on `refillDay`.
 * Other values may appear as the API evolves.
 */
export type RefillInterval = "daily" | "monthly" | (string & {});

/** A rate limit to configure on a key or identity. */
export interface RatelimitConfig {
  /**
   * Name, referenced by verifyKey's `ratelimits`.
   * 3 to 128 characters.
   */
  name: string;
  /**
   * Requests allowed per window.
   * Integer, at least 1.
   */
  limit: number;
  /**
   * Window length in ms.
   * Integer, at least 1000.
   */
  duration: number;
  /**
   * Checked on every verification without being named (`false` from [`RatelimitConfig::new`]).
   * Default `false`: sent as such when left out, as `@unkey/api` does.
   */
  autoApply?: boolean | undefined;
}

/** `data` of `keys.createKey` and `keys.rerollKey`: the new key, shown only once. */
export interface CreateKeyData {
  /** The new key's id. */
  keyId: string;
  /** The full secret key; hand it to your user, Unkey keeps only its hash. */
  key: string;
}

/**
 * `keys.updateKey` request: absent fields are unchanged, cleared ones are sent as `null`.
 * Unknown fields are rejected.
 */
export interface UpdateKeyRequest {
  /**
   * The key to update.
   * 3 to 255 characters; only letters, digits and _ (`^[a-zA-Z0-9_]+$`).
   */
  keyId: string;
  /**
   * Display name.
   * 1 to 255 characters.
   */
  name?: string | null | undefined;
  /**
   * Owner id; `null` unlinks the identity.
   * 1 to 255 characters; only letters, digits, _ . and - (`^[a-zA-Z0-9_.-]+$`).
   */
  externalId?: string | null | undefined;
  /**
   * Metadata (replaces all).
   * At most 100 properties.
   */
  meta?: Record<string, unknown> | null | undefined;
  /**
   * Expiry (Unix ms); `null` makes the key permanent.
   * Integer, 0 to 4102444800000.
   */
  expires?: number | null | undefined;
  /** Credits; `null` makes the key unlimited. */
  credits?: CreditsPatch | null | undefined;
  /**
   * Rate limits (replaces all; `[]` removes all).
   * At most 50 items.
   */
  ratelimits?: RatelimitConfig[] | undefined;
  /** Enable or disable the key. */
  enabled?: boolean | undefined;
  /**
   * Roles (replaces all).
   * At most 100 items. Each item: 1 to 128 characters.
   */
  roles?: string[] | undefined;
  /**
   * Permissions (replaces all).
   * At most 1000 items. Each item: 1 to 128 characters; only letters, digits, _ : - . and * (`^[a-zA-Z0-9_:\-\.\*]+$`).
   */
  permissions?: string[] | undefined;
}

/**
 * Credit changes in `keys.updateKey`: each part absent (unchanged), `null` or a value.
 * Unknown fields are rejected.
 */
export interface CreditsPatch {
  /**
   * New remaining count; `null`: unlimited. Setting it also clears the refill.
   * Integer, at least 0.
   */
  remaining?: number | null | undefined;
  /** New refill; `null` removes it. */
  refill?: Refill | null | undefined;
}

/** `data: {}` of operations that return nothing. */
export interface EmptyData {
}

/**
 * `keys.deleteKey` request.
 * Unknown fields are rejected.
 */
export interface DeleteKeyRequest {
  /**
   * The key to delete.
   * 3 to 255 characters; only letters, digits and _ (`^[a-zA-Z0-9_]+$`).
   */
  keyId: string;
  /**
   * Erase the key completely instead of a soft delete.
   * Default `false`: sent as such when left out, as `@unkey/api` does.
   */
  permanent?: boolean | undefined;
}

/**
 * `keys.getKey` request.
 * Unknown fields are rejected.
 */
export interface GetKeyRequest {
  /**
   * The key to read.
   * 3 to 255 characters; only letters, digits and _ (`^[a-zA-Z0-9_]+$`).
   */
  keyId: string;
  /**
   * Return the plaintext of a recoverable key.
   * Default `false`: sent as such when left out, as `@unkey/api` does.
   */
  decrypt?: boolean | undefined;
}

/** A key's stored state (`getKey`, `whoami`, `apis.listKeys`). */
export interface KeyData {
  /** Id. */
  keyId: string;
  /** The visible start of the key, for display. */
  start: string;
  /** Whether it can be verified. */
  enabled: boolean;
  /** Display name. */
  name?: string | undefined;
  /** Metadata. */
  meta?: Record<string, unknown> | undefined;
  /**
   * Creation time (Unix ms).
   * Integer.
   */
  createdAt: number;
  /**
   * Last update (Unix ms).
   * Integer.
   */
  updatedAt?: number | undefined;
  /**
   * Last verification, approximately (Unix ms).
   * Integer.
   */
  lastUsedAt?: number | undefined;
  /**
   * Expiry (Unix ms).
   * Integer.
   */
  expires?: number | undefined;
  /** Permission slugs. */
  permissions?: string[] | undefined;
  /** Role names. */
  roles?: string[] | undefined;
  /** Credits. */
  credits?: Credits | undefined;
  /** Linked identity. */
  identity?: Identity | undefined;
  /** The plaintext key (with `decrypt` on a recoverable key). */
  plaintext?: string | undefined;
  /** Rate limits. */
  ratelimits?: RatelimitData[] | undefined;
}

/**
 * `keys.whoami` request.
 * Unknown fields are rejected.
 */
export interface WhoamiRequest {
  /**
   * The full key.
   * 1 to 512 characters.
   */
  key: string;
}

/** `keys.rerollKey` request. */
export interface RerollKeyRequest {
  /**
   * The key to replace.
   * 3 to 255 characters; only letters, digits and _ (`^[a-zA-Z0-9_]+$`).
   */
  keyId: string;
  /**
   * Milliseconds until the old key stops working (0: now).
   * Integer, 0 to 4102444800000.
   */
  expiration: number;
}

/**
 * `keys.updateCredits` request.
 * Unknown fields are rejected.
 */
export interface UpdateCreditsRequest {
  /**
   * The key.
   * At least 3 characters.
   */
  keyId: string;
  /** Set, increment or decrement. */
  operation: CreditOperation;
  /**
   * Amount; `null` with `set` makes the key unlimited.
   * Integer, at least 0.
   */
  value?: number | null | undefined;
}

/**
 * What `keys.updateCredits` does with `value`.
 * - `set`: Replace the count (`null`: unlimited).
 * - `increment`: Add to the count.
 * - `decrement`: Subtract from the count (stops at 0).
 * Other values may appear as the API evolves.
 */
export type CreditOperation = "set" | "increment" | "decrement" | (string & {});

/**
 * `keys.migrateKeys` request.
 * Unknown fields are rejected.
 */
export interface MigrateKeysRequest {
  /**
   * Migration id (set up with Unkey).
   * 3 to 255 characters.
   */
  migrationId: string;
  /**
   * Target API.
   * 3 to 255 characters.
   */
  apiId: string;
  /**
   * The keys.
   * At least 1 items.
   */
  keys: MigrateKey[];
}

/**
 * One key to import with `keys.migrateKeys`.
 * Unknown fields are rejected.
 */
export interface MigrateKey {
  /**
   * The key's hash under the migration's algorithm.
   * At least 3 characters.
   */
  hash: string;
  /**
   * Display name.
   * 1 to 255 characters.
   */
  name?: string | undefined;
  /**
   * Owner id.
   * 1 to 255 characters.
   */
  externalId?: string | undefined;
  /**
   * Metadata.
   * At most 100 properties.
   */
  meta?: Record<string, unknown> | undefined;
  /**
   * Role names.
   * At most 100 items. Each item: 1 to 128 characters.
   */
  roles?: string[] | undefined;
  /**
   * Permission slugs.
   * At most 1000 items. Each item: 1 to 128 characters; only letters, digits, _ : - . and * (`^[a-zA-Z0-9_:\-\.\*]+$`).
   */
  permissions?: string[] | undefined;
  /**
   * Expiry (Unix ms).
   * Integer, 0 to 4102444800000.
   */
  expires?: number | undefined;
  /**
   * Enabled (default true).
   * Default `true`: sent as such when left out, as `@unkey/api` does.
   */
  enabled?: boolean | undefined;
  /** Credits. */
  credits?: Credits | undefined;
  /**
   * Rate limits.
   * At most 50 items.
   */
  ratelimits?: RatelimitConfig[] | undefined;
}

/** `data` of `keys.migrateKeys`. */
export interface MigrateKeysData {
  /** Imported keys. */
  migrated: MigratedKey[];
  /** Hashes that were not imported. Unkey writes `null` when none failed (a Go nil slice): the Rust client reads an empty list, JavaScript gets the `null` as sent. */
  failed: string[];
}

/** One imported key. */
export interface MigratedKey {
  /** The hash sent. */
  hash: string;
  /** The new key id. */
  keyId: string;
}

/**
 * `keys.addPermissions` request.
 * Unknown fields are rejected.
 */
export interface AddPermissionsRequest {
  /**
   * The key.
   * 3 to 255 characters; only letters, digits and _ (`^[a-zA-Z0-9_]+$`).
   */
  keyId: string;
  /**
   * Permission slugs or ids / role names or ids.
   * 1 to 1000 items. Each item: 1 to 128 characters; only letters, digits, _ : - . and * (`^[a-zA-Z0-9_:\-\.\*]+$`).
   */
  permissions: string[];
}

/** A permission. */
export interface Permission {
  /** Id (`perm_…`). */
  id: string;
  /** Display name. */
  name: string;
  /** The string verifyKey queries match. */
  slug: string;
  /** Description. */
  description?: string | undefined;
}

/**
 * `keys.removePermissions` request.
 * Unknown fields are rejected.
 */
export interface RemovePermissionsRequest {
  /**
   * The key.
   * 3 to 255 characters; only letters, digits and _ (`^[a-zA-Z0-9_]+$`).
   */
  keyId: string;
  /**
   * Permission slugs or ids / role names or ids.
   * 1 to 1000 items. Each item: 1 to 128 characters; only letters, digits, _ : - . and * (`^[a-zA-Z0-9_:\-\.\*]+$`).
   */
  permissions: string[];
}

/**
 * `keys.setPermissions` request (`[]` removes all direct permissions).
 * Unknown fields are rejected.
 */
export interface SetPermissionsRequest {
  /**
   * The key.
   * 3 to 255 characters; only letters, digits and _ (`^[a-zA-Z0-9_]+$`).
   */
  keyId: string;
  /**
   * Permission slugs or ids / role names or ids.
   * Each item: 1 to 128 characters; only letters, digits, _ : - . and * (`^[a-zA-Z0-9_:\-\.\*]+$`).
   */
  permissions: string[];
}

/**
 * `keys.addRoles` request.
 * Unknown fields are rejected.
 */
export interface AddRolesRequest {
  /**
   * The key.
   * 3 to 255 characters; only letters, digits and _ (`^[a-zA-Z0-9_]+$`).
   */
  keyId: string;
  /**
   * Permission slugs or ids / role names or ids.
   * 1 to 100 items. Each item: 1 to 128 characters.
   */
  roles: string[];
}

/** A role: a named set of permissions. */
export interface Role {
  /** Id (`role_…`). */
  id: string;
  /** Name. */
  name: string;
  /** Description. */
  description?: string | undefined;
  /** Its permissions. */
  permissions?: Permission[] | undefined;
}

/**
 * `keys.removeRoles` request.
 * Unknown fields are rejected.
 */
export interface RemoveRolesRequest {
  /**
   * The key.
   * 3 to 255 characters; only letters, digits and _ (`^[a-zA-Z0-9_]+$`).
   */
  keyId: string;
  /**
   * Permission slugs or ids / role names or ids.
   * 1 to 100 items. Each item: 1 to 128 characters.
   */
  roles: string[];
}

/**
 * `keys.setRoles` request (`[]` removes all roles).
 * Unknown fields are rejected.
 */
export interface SetRolesRequest {
  /**
   * The key.
   * 3 to 255 characters; only letters, digits and _ (`^[a-zA-Z0-9_]+$`).
   */
  keyId: string;
  /**
   * Permission slugs or ids / role names or ids.
   * At most 100 items. Each item: 1 to 128 characters.
   */
  roles: string[];
}

/**
 * `apis.createApi` request.
 * Unknown fields are rejected.
 */
export interface CreateApiRequest {
  /**
   * Name.
   * 3 to 256 characters.
   */
  name: string;
}

/** `data` of `apis.createApi`. */
export interface CreateApiData {
  /** The new API's id (`api_…`). */
  apiId: string;
}

/**
 * `apis.getApi` request.
 * Unknown fields are rejected.
 */
export interface GetApiRequest {
  /**
   * The API.
   * 8 to 255 characters; only letters, digits and _ (`^[a-zA-Z0-9_]+$`).
   */
  apiId: string;
}

/** `data` of `apis.getApi`. */
export interface ApiData {
  /** Id. */
  id: string;
  /** Name. */
  name: string;
}

/**
 * `apis.listKeys` request (paginated).
 * Unknown fields are rejected.
 */
export interface ListKeysRequest {
  /**
   * The API.
   * At least 1 characters.
   */
  apiId: string;
  /**
   * Page size (1–100, default 100).
   * Integer, 1 to 100.
   * Default `100`: sent as such when left out, as `@unkey/api` does.
   */
  limit?: number | undefined;
  /** Cursor from the previous page. */
  cursor?: string | undefined;
  /**
   * Only keys of this owner.
   * At least 1 characters.
   */
  externalId?: string | undefined;
  /**
   * Include plaintext of recoverable keys.
   * Default `false`: sent as such when left out, as `@unkey/api` does.
   */
  decrypt?: boolean | undefined;
  /**
   * Read from the database, bypassing the cache (experimental).
   * Default `false`: sent as such when left out, as `@unkey/api` does.
   */
  revalidateKeysCache?: boolean | undefined;
}

/**
 * `apis.deleteApi` request.
 * Unknown fields are rejected.
 */
export interface DeleteApiRequest {
  /**
   * The API; all its keys stop verifying.
   * 8 to 255 characters; only letters, digits and _ (`^[a-zA-Z0-9_]+$`).
   */
  apiId: string;
}

/**
 * `ratelimit.limit` request (also one entry of `multiLimit`).
 * Unknown fields are rejected.
 */
export interface LimitRequest {
  /**
   * Namespace name or id (created on first use when the root key may).
   * 1 to 512 characters.
   */
  namespace: string;
  /**
   * Who is limited: a user id, an IP…
   * 1 to 512 characters.
   */
  identifier: string;
  /**
   * Requests per window.
   * Integer, at least 1.
   */
  limit: number;
  /**
   * Window in ms (1 s to 30 days).
   * Integer, 1000 to 2592000000.
   */
  duration: number;
  /**
   * Tokens to spend (default 1; 0 only checks).
   * Integer, at least 0.
   * Default `1`: sent as such when left out, as `@unkey/api` does.
   */
  cost?: number | undefined;
}

/** `data` of `ratelimit.limit`. `success: false` is an answer, not an error. */
export interface LimitData {
  /**
   * The limit applied (after any override).
   * Integer.
   */
  limit: number;
  /**
   * Requests left in the window.
   * Integer.
   */
  remaining: number;
  /**
   * When the window resets (Unix ms).
   * Integer.
   */
  reset: number;
  /** Whether the request is allowed. */
  success: boolean;
  /** The override that applied, if any. */
  overrideId?: string | undefined;
}

/**
 * `ratelimit.multiLimit` request: 1–100 checks, sent as a JSON array.
 * 1 to 100 items.
 */
export type MultiLimitRequest = LimitRequest[];

/** `data` of `ratelimit.multiLimit`. */
export interface MultiLimitData {
  /** Whether every check passed. */
  passed: boolean;
  /** Each check, in request order. */
  limits: MultiLimitResult[];
}

/** One check of `ratelimit.multiLimit`. */
export interface MultiLimitResult {
  /** Namespace. */
  namespace: string;
  /** Identifier. */
  identifier: string;
  /**
   * The limit applied.
   * Integer.
   */
  limit: number;
  /**
   * Requests left.
   * Integer.
   */
  remaining: number;
  /**
   * Reset time (Unix ms).
   * Integer.
   */
  reset: number;
  /** Whether this check passed. */
  passed: boolean;
  /** The override that applied, if any. */
  overrideId?: string | undefined;
}

/**
 * `ratelimit.setOverride` request.
 * Unknown fields are rejected.
 */
export interface SetOverrideRequest {
  /**
   * Namespace name or id.
   * 1 to 512 characters.
   */
  namespace: string;
  /**
   * Identifier or pattern with `*`.
   * 1 to 512 characters.
   */
  identifier: string;
  /**
   * Requests per window (0 blocks).
   * Integer, at least 0.
   */
  limit: number;
  /**
   * Window in ms.
   * Integer, at least 1000.
   */
  duration: number;
}

/** `data` of `ratelimit.setOverride`. */
export interface SetOverrideData {
  /** The override's id. */
  overrideId: string;
}

/**
 * `ratelimit.getOverride` request.
 * Unknown fields are rejected.
 */
export interface GetOverrideRequest {
  /**
   * Namespace name or id.
   * 1 to 512 characters.
   */
  namespace: string;
  /**
   * The exact identifier or pattern.
   * 1 to 512 characters.
   */
  identifier: string;
}

/** A rate limit override. */
export interface Override {
  /** Id. */
  overrideId: string;
  /**
   * Window in ms.
   * Integer.
   */
  duration: number;
  /** Identifier or pattern. */
  identifier: string;
  /**
   * Requests per window.
   * Integer.
   */
  limit: number;
}

/**
 * `ratelimit.listOverrides` request (paginated).
 * Unknown fields are rejected.
 */
export interface ListOverridesRequest {
  /**
   * Namespace name or id.
   * 1 to 512 characters.
   */
  namespace: string;
  /** Cursor from the previous page. */
  cursor?: string | undefined;
  /**
   * Page size (1–100, default 10).
   * Integer, 1 to 100.
   * Default `10`: sent as such when left out, as `@unkey/api` does.
   */
  limit?: number | undefined;
}

/**
 * `ratelimit.deleteOverride` request.
 * Unknown fields are rejected.
 */
export interface DeleteOverrideRequest {
  /**
   * Namespace name or id.
   * 1 to 512 characters.
   */
  namespace: string;
  /**
   * The exact identifier or pattern.
   * 1 to 512 characters.
   */
  identifier: string;
}

/** `identities.createIdentity` request. */
export interface CreateIdentityRequest {
  /**
   * Your id for the entity.
   * 1 to 255 characters; only letters, digits, _ . and - (`^[a-zA-Z0-9_.-]+$`).
   */
  externalId: string;
  /**
   * Metadata.
   * At most 100 properties.
   */
  meta?: Record<string, unknown> | undefined;
  /**
   * Shared rate limits.
   * At most 50 items.
   */
  ratelimits?: RatelimitConfig[] | undefined;
}

/** `data` of `identities.createIdentity`. */
export interface CreateIdentityData {
  /** Unkey's id for the identity. */
  identityId: string;
}

/**
 * `identities.getIdentity` request.
 * Unknown fields are rejected.
 */
export interface GetIdentityRequest {
  /**
   * Identity id or external id.
   * At least 1 characters.
   */
  identity: string;
}

/**
 * `identities.listIdentities` request (paginated).
 * Unknown fields are rejected.
 */
export interface ListIdentitiesRequest {
  /**
   * Page size (1–100, default 100).
   * Integer, 1 to 100.
   * Default `100`: sent as such when left out, as `@unkey/api` does.
   */
  limit?: number | undefined;
  /** Cursor from the previous page. */
  cursor?: string | undefined;
  /**
   * Case-insensitive substring of id or external id.
   * At most 256 characters.
   */
  search?: string | undefined;
}

/**
 * `identities.updateIdentity` request.
 * Unknown fields are rejected.
 */
export interface UpdateIdentityRequest {
  /**
   * Identity id or external id.
   * At least 1 characters.
   */
  identity: string;
  /**
   * Metadata (replaces all; `{}` clears).
   * At most 100 properties.
   */
  meta?: Record<string, unknown> | undefined;
  /**
   * Rate limits (replaces all; `[]` clears).
   * At most 50 items.
   */
  ratelimits?: RatelimitConfig[] | undefined;
}

/**
 * `identities.deleteIdentity` request. Its response has no `data`.
 * Unknown fields are rejected.
 */
export interface DeleteIdentityRequest {
  /**
   * Identity id or external id.
   * At least 1 characters.
   */
  identity: string;
}

/**
 * `permissions.createPermission` request.
 * Unknown fields are rejected.
 */
export interface CreatePermissionRequest {
  /**
   * Display name.
   * 1 to 512 characters.
   */
  name: string;
  /**
   * The string verifyKey queries match, e.g. `documents.read`.
   * 1 to 128 characters; only letters, digits, _ : - . and * (`^[a-zA-Z0-9_:\-\.\*]+$`).
   */
  slug: string;
  /**
   * Description.
   * At most 512 characters.
   */
  description?: string | undefined;
}

/** `data` of `permissions.createPermission`. */
export interface CreatePermissionData {
  /** The new permission's id. */
  permissionId: string;
}

/**
 * `permissions.getPermission` request.
 * Unknown fields are rejected.
 */
export interface GetPermissionRequest {
  /**
   * Id or slug.
   * 1 to 128 characters; only letters, digits, _ : - . and * (`^[a-zA-Z0-9_:\-\.\*]+$`).
   */
  permission: string;
}

/**
 * `permissions.listPermissions` request (paginated).
 * Unknown fields are rejected.
 */
export interface ListPermissionsRequest {
  /**
   * Cursor from the previous page.
   * At most 1024 characters.
   */
  cursor?: string | undefined;
  /**
   * Page size (1–100, default 100).
   * Integer, 1 to 100.
   * Default `100`: sent as such when left out, as `@unkey/api` does.
   */
  limit?: number | undefined;
  /**
   * Substring search.
   * At most 256 characters.
   */
  search?: string | undefined;
}

/**
 * `permissions.deletePermission` request.
 * Unknown fields are rejected.
 */
export interface DeletePermissionRequest {
  /**
   * Id or slug.
   * 1 to 128 characters; only letters, digits, _ : - . and * (`^[a-zA-Z0-9_:\-\.\*]+$`).
   */
  permission: string;
}

/**
 * `permissions.createRole` request.
 * Unknown fields are rejected.
 */
export interface CreateRoleRequest {
  /**
   * Name.
   * 1 to 128 characters.
   */
  name: string;
  /**
   * Description.
   * At most 512 characters.
   */
  description?: string | undefined;
  /**
   * Permission slugs to attach (created when missing).
   * Each item: 1 to 128 characters; only letters, digits, _ : - . and * (`^[a-zA-Z0-9_:\-\.\*]+$`).
   */
  permissions?: string[] | undefined;
}

/** `data` of `permissions.createRole`. */
export interface CreateRoleData {
  /** The new role's id. */
  roleId: string;
}

/**
 * `permissions.getRole` request.
 * Unknown fields are rejected.
 */
export interface GetRoleRequest {
  /**
   * Id or name.
   * 1 to 128 characters.
   */
  role: string;
}

/**
 * `permissions.listRoles` request (paginated).
 * Unknown fields are rejected.
 */
export interface ListRolesRequest {
  /**
   * Page size (1–100, default 100).
   * Integer, 1 to 100.
   * Default `100`: sent as such when left out, as `@unkey/api` does.
   */
  limit?: number | undefined;
  /**
   * Cursor from the previous page.
   * At most 1024 characters.
   */
  cursor?: string | undefined;
  /**
   * Substring search.
   * At most 256 characters.
   */
  search?: string | undefined;
}

/**
 * `permissions.deleteRole` request.
 * Unknown fields are rejected.
 */
export interface DeleteRoleRequest {
  /**
   * Id or name.
   * 1 to 128 characters.
   */
  role: string;
}

/**
 * `permissions.setRolePermissions` request.
 * Unknown fields are rejected.
 */
export interface SetRolePermissionsRequest {
  /**
   * The role's id.
   * 3 to 255 characters; only letters, digits, _ and - (`^[a-zA-Z0-9_-]+$`).
   */
  roleId: string;
  /**
   * Permission slugs (replaces all; `[]` clears).
   * Each item: 1 to 128 characters; only letters, digits, _ : - . and * (`^[a-zA-Z0-9_:\-\.\*]+$`).
   */
  permissions: string[];
}

/** `analytics.getVerifications` request. */
export interface GetVerificationsRequest {
  /** A `SELECT` over the public verification tables (`key_verifications_v1`, `key_verifications_per_minute_v1`, `…_per_hour_v1`, `…_per_day_v1`, `…_per_month_v1`). */
  query: string;
}

/** `analytics.getRatelimits` request. */
export interface GetRatelimitsRequest {
  /** A `SELECT` over the public rate-limit tables (`ratelimits_v1`, `ratelimits_per_minute_v1`, `…_per_hour_v1`, `…_per_day_v1`, `…_per_month_v1`). */
  query: string;
}

/**
 * `portal.createSession` request.
 * Unknown fields are rejected.
 */
export interface CreatePortalSessionRequest {
  /**
   * The portal, by id (`pc_…`) or slug.
   * 3 to 255 characters; only letters, digits, _ and - (`^[a-zA-Z0-9_-]+$`).
   */
  portal: string;
  /**
   * The end user's id in your system.
   * 1 to 256 characters.
   */
  externalId: string;
  /**
   * What the end user may do (at least one; each needs the equivalent permission on your root key).
   * At least 1 items.
   */
  scopes: PortalScope[];
  /**
   * A preview session, for trying the portal out (default `false`).
   * Default `false`: sent as such when left out, as `@unkey/api` does.
   */
  preview?: boolean | undefined;
  /**
   * Absolute URL the portal sends the end user back to.
   * At most 500 characters.
   */
  returnUrl?: string | undefined;
}

/**
 * A capability granted to a portal session's end user (always limited to their own keys and verifications).
 * - `keys:read`: List and read their keys.
 * - `keys:create`: Create keys (no portal route uses it yet).
 * - `keys:reroll`: Reroll their keys.
 * - `analytics:read`: Read their verification analytics.
 */
export type PortalScope = "keys:read" | "keys:create" | "keys:reroll" | "analytics:read";

/** `data` of `portal.createSession`. */
export interface PortalSessionData {
  /** The session's id (`ps_…`); not a credential. */
  id: string;
  /** Where to redirect the end user: carries a single-use exchange code, valid for 15 minutes. Treat it as a secret. */
  url: string;
}

/**
 * `portal.exchangeCode` request.
 * Unknown fields are rejected.
 */
export interface ExchangePortalCodeRequest {
  /**
   * The exchange code from the portal URL (`code=`).
   * At least 1 characters.
   */
  code: string;
}

/** `data` of `portal.exchangeCode`. */
export interface PortalAccessData {
  /** The access token: the value of the end user's `portal_session` cookie. */
  accessToken: string;
  /**
   * When it stops working (Unix ms; 24 hours after the exchange).
   * Integer.
   */
  expiresAt: number;
}

/**
 * `portal.listKeys` request (paginated): the session's end user's keys, in the keyspaces the portal covers (both come from the session).
 * Unknown fields are rejected.
 */
export interface PortalListKeysRequest {
  /**
   * Page size (1–100, default 100).
   * Integer, 1 to 100.
   * Default `100`: sent as such when left out, as `@unkey/api` does.
   */
  limit?: number | undefined;
  /** Cursor from the previous page. */
  cursor?: string | undefined;
}

/**
 * `portal.getVerifications` request: the session's end user's verifications in a window, bucketed by minute, hour or day (the server picks from the window's size).
 * Unknown fields are rejected.
 */
export interface PortalGetVerificationsRequest {
  /**
   * Start of the window (Unix ms, inclusive).
   * Integer.
   */
  startTime: number;
  /**
   * End of the window (Unix ms, exclusive).
   * Integer.
   */
  endTime: number;
  /** Only this key (one of the end user's). */
  keyId?: string | undefined;
}

/** One bucket of `portal.getVerifications`' series (buckets without verifications are there with zeros). */
export interface PortalVerificationsPoint {
  /**
   * Start of the bucket (Unix ms).
   * Integer.
   */
  time: number;
  /**
   * Verifications of any outcome.
   * Integer.
   */
  total: number;
  /**
   * `VALID` ones.
   * Integer.
   */
  valid: number;
  /**
   * Refused by a rate limit.
   * Integer.
   */
  rateLimited: number;
  /**
   * Refused for missing permissions.
   * Integer.
   */
  insufficientPermissions: number;
  /**
   * Refused as forbidden.
   * Integer.
   */
  forbidden: number;
  /**
   * Refused because the key was disabled.
   * Integer.
   */
  disabled: number;
  /**
   * Refused because the key had expired.
   * Integer.
   */
  expired: number;
  /**
   * Refused because the key's credits were used up.
   * Integer.
   */
  usageExceeded: number;
}

/** `data` of `liveness`. */
export interface LivenessData {
  /** A status message (the server sends `"we're cooking"`). */
  message: string;
}
