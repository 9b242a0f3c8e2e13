import type { MiddlewareHandler } from "hono";
import type { VerifyKeyData } from "unkey-edge";
import type { GuardEnv, GuardOptions } from "unkey-edge/guard";

/** `c.get("unkey")` after the middleware let a request through. */
export interface UnkeyGuardContext {
  keyId: string | null;
  identity: string | null;
  verdict: "verified" | "public" | "fail-open";
  /** The verifyKey `data`, when a key was verified. */
  data: VerifyKeyData | null;
}

/**
 * Hono middleware: the unkey-edge guard. Options may be a function of `c.env`. Route patterns
 * match the request's whole path, also in a sub-app (`app.route("/v1", sub)`: write `/v1/...`).
 */
export declare function unkeyGuard(options: GuardOptions | ((env: GuardEnv) => GuardOptions)): MiddlewareHandler;

declare module "hono" {
  /** Types `c.get("unkey")` in every handler once the adapter is imported. */
  interface ContextVariableMap {
    unkey: UnkeyGuardContext;
  }
}
