// Types of the unkey-edge guard (`unkey-edge/guard`).
import type { Unkey, UnkeyOptions, VerifyKeyData } from "./index.js";

/** The Worker bindings the guard reads; any others pass through untouched. */
export interface GuardEnv {
  UNKEY_ROOT_KEY?: string;
  UNKEY_SERVER_URL?: string;
  ORIGIN_URL?: string;
  [binding: string]: unknown;
}

/** The part of the Workers `ExecutionContext` a wrapped handler may use. */
export interface GuardExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}

/** A named rate limit checked by keys.verifyKey (configured on the key or its identity). */
export interface GuardNamedLimit {
  name: string;
  /** Tokens this request spends (default 1). */
  cost?: number;
  /** Ad-hoc limit: with `duration`, applied per key id without configuring it on the key. */
  limit?: number;
  duration?: number;
}

/** A standalone ratelimit.limit call made for each request on a route. */
export interface GuardStandaloneLimit {
  namespace: string;
  limit: number;
  /** Window in milliseconds (>= 1000). */
  duration: number;
  cost?: number;
  /** Whose budget: the key id, the identity (else key id), the client IP, or a request header.
   *  Default: "key" on protected routes, "ip" on public ones. */
  by?: "key" | "identity" | "ip" | { header: string };
}

/** One entry of the route table; first match wins. */
export interface GuardRoute {
  /** A method, a list, or omitted for any. GET also admits HEAD. */
  method?: string | string[];
  /**
   * `/public/*` (prefix), `/users/:id`, exact paths. Literals match case-insensitively, without
   * trailing dots or spaces and with fullwidth forms as ASCII (`/ADMIN./x` and `/ａｄｍｉｎ/x`
   * are `/admin/x`). The route's options are only these: any other is a config error.
   */
  path: string;
  /** No key needed. */
  public?: boolean;
  /** Never forwarded (404 NO_ROUTE). */
  deny?: boolean;
  /** Permission query, e.g. "admin" or "read AND (write OR owner)". */
  permissions?: string;
  /** Named rate limits checked with the verification. */
  ratelimits?: (string | GuardNamedLimit)[];
  /** Credits spent per request (server default 1). */
  credits?: number;
  /** Analytics tags. */
  tags?: string[];
  /** Forward (marked `fail-open`) instead of 503 when Unkey is unreachable or slow. */
  failOpen?: boolean;
  /** Deadline of each Unkey call for this route, in ms (default 2000). */
  deadlineMs?: number;
  /** A standalone rate limit for this route. */
  ratelimit?: GuardStandaloneLimit;
  /**
   * `false`: always ask Unkey for this route, even with the guard's `cache` on (for routes that
   * must see a revocation at once). Default true.
   */
  cache?: boolean;
}

/** What the guard decided; passed to `respond`. */
export type GuardDecision =
  | { action: "deny"; status: number; code: string; body: string; headers: [string, string][]; requestId: string }
  | {
      action: "forward";
      verdict: "verified" | "public" | "fail-open";
      setHeaders: [string, string][];
      stripHeaders: string[];
      responseHeaders: [string, string][];
      keyId: string | null;
      identity: string | null;
      /** The verifyKey `data`, when a key was verified. */
      data: VerifyKeyData | null;
      requestId: string;
    };

/** Guard options; `Req` is what a `key` function receives (the framework's request object). */
export interface GuardOptions<Req = Request> {
  routes: GuardRoute[];
  /** Requests no route matches: "protected" (any valid key, the default), "public", "deny", or a route policy. */
  fallback?: "protected" | "public" | "deny" | Omit<GuardRoute, "path" | "method">;
  /** Where the key is: `Authorization: Bearer` (default), a header, or a function of the request.
   *  The key header is stripped before forwarding; with a function, remove the key yourself. */
  key?: "bearer" | { header: string } | ((request: Req) => string | null | undefined | Promise<string | null | undefined>);
  /** Header names for the origin; every caller-sent header in `namespace` is stripped. */
  headers?: {
    namespace?: string;
    keyId?: string;
    identity?: string;
    verdict?: string;
    /** meta field → header name, e.g. { plan: "X-Unkey-Plan" }. */
    meta?: Record<string, string>;
  };
  /** Status for USAGE_EXCEEDED (default 429). */
  usageExceededStatus?: number;
  /** Defaults for every route. */
  failOpen?: boolean;
  deadlineMs?: number;
  /**
   * Root key (or a function that gives it, as `Unkey`'s `rootKey`) and server; default to the
   * UNKEY_ROOT_KEY / UNKEY_SERVER_URL bindings.
   */
  rootKey?: UnkeyOptions["rootKey"];
  serverURL?: string;
  /**
   * The verification cache of the guard's client (`UnkeyOptions.cache`; `true` for the
   * defaults): verdicts that spend nothing are reused for `ttlMs` and served stale for `staleMs`
   * while one refresh runs (kept alive with the Worker's `ctx.waitUntil`). Routes with credits or
   * rate limits are never answered from it. Off by default.
   */
  cache?: UnkeyOptions["cache"];
  /** A ready client instead of rootKey/serverURL (its own `cache` applies). */
  unkey?: Unkey;
  fetch?: typeof fetch;
  /** Called when an Unkey call fails: the error and the key id when known — never the key. */
  onError?: (error: unknown, info: { keyId: string | null; method: string; path: string; route: string | null }) => void;
  /** Override any answer: return a Response to replace the guard's (or the origin's). */
  respond?: (info: GuardDecision & { request: Request; response: Response; env?: GuardEnv }) => Response | undefined | Promise<Response | undefined>;
  /** Request id for problem bodies (default: cf-ray, else `guard_` and 16 random hex digits). */
  requestId?: (input: { header(name: string): string | null }) => string;
  /**
   * Client IP for `by: "ip"` (and for `by: "key"`/`"header"` when there is no key or header).
   * Default: the platform's own: Cloudflare's `CF-Connecting-IP` on Workers, the socket (or
   * Express's `trust proxy` rule) in Node, `remoteAddr` in Deno, `requestIP` in Bun. Never a
   * header a client could set; read a proxy's header here only when that proxy is yours. With
   * no IP, a route limited by IP answers 500 `GUARD_ERROR` instead of sharing one bucket.
   */
  ip?: (input: { header(name: string): string | null; ip?: string }) => string;
}

/** Options of a guarded Worker; `Env` is the Worker's bindings (see `guard`). */
export interface WorkerGuardOptions<Env = GuardEnv> extends GuardOptions {
  /** Where allowed requests go (same path and query); default: the ORIGIN_URL binding. */
  origin?: string | ((request: Request, env: Env) => string);
  /** Or a Workers handler to call instead of fetching an origin. */
  handler?:
    | { fetch(request: Request, env: Env, ctx: GuardExecutionContext): Response | Promise<Response> }
    | ((request: Request, env: Env, ctx: GuardExecutionContext) => Response | Promise<Response>);
}

/** A Workers handler: `satisfies ExportedHandler<Env>` type-checks. */
export interface WorkerHandler<Env = GuardEnv> {
  fetch(request: Request, env: Env, ctx: GuardExecutionContext): Promise<Response>;
}

/**
 * A guarded Worker: `export default guard({ routes })` or `guard((env) => ({ ... }))`. Generic
 * over the Worker's bindings: `guard<Env>((env) => ({ … })) satisfies ExportedHandler<Env>`.
 */
export declare function guard<Env = GuardEnv>(options: WorkerGuardOptions<Env> | ((env: Env) => WorkerGuardOptions<Env>)): WorkerHandler<Env>;
/** Wrap an existing Workers handler with the guard. */
export declare function withGuard<Env = GuardEnv>(
  handler: WorkerGuardOptions<Env>["handler"],
  options: GuardOptions | ((env: Env) => GuardOptions),
): WorkerHandler<Env>;
/** The framework-neutral guard used by the Worker guard and the adapters. */
export declare function createGuard<Req = Request>(options: GuardOptions<Req>): {
  check(
    input: {
      method: string;
      /** The path, without the query. */
      path: string;
      /** The path and query (`/a?b=1`), checked for a `_method` override; default `path`. */
      target?: string;
      header(name: string): string | null;
      headerNames(): string[];
      /** The client IP as the platform knows it (see `GuardOptions.ip`). */
      ip?: string;
      request?: Req;
    },
    env?: GuardEnv,
  ): Promise<GuardDecision>;
};
/** The request to send on after a `forward` decision. */
export declare function forwardedRequest(request: Request, decision: GuardDecision, target?: string): Request;
/**
 * The client IP as the platform gives it (CF-Connecting-IP on Workers; the server's `env` in
 * Node via @hono/node-server, Bun and Deno), never a client-set header; "" when unknown.
 */
export declare function platformIp(request: Request, env?: unknown): string;
/** A copy of `headers` with a `forward` decision applied: the key and spoofable headers gone, the guard's set. */
export declare function forwardHeaders(headers: HeadersInit, decision: Extract<GuardDecision, { action: "forward" }>): Headers;
/**
 * A `forward` decision applied to a Node request (`http.IncomingMessage`: Express's `req`,
 * @hono/node-server's `c.env.incoming`) in place: `headers`, `rawHeaders` and `headersDistinct`.
 */
export declare function forwardNodeHeaders(
  req: { headers: Record<string, string | string[] | undefined>; rawHeaders?: string[] },
  decision: Extract<GuardDecision, { action: "forward" }>,
): void;
