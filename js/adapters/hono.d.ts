import type { MiddlewareHandler } from "hono";
import type { GuardOptions } from "unkey-edge/guard";

/** `c.get("unkey")` after the middleware let a request through. */
export interface UnkeyGuardContext {
  keyId: string | null;
  identity: string | null;
  verdict: "verified" | "public" | "fail-open";
  data: any;
}

/** Hono middleware: the unkey-edge guard. Options may be a function of `c.env`. */
export declare function unkeyGuard(options: GuardOptions | ((env: any) => GuardOptions)): MiddlewareHandler;
