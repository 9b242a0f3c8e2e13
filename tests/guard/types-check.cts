// Type-checked (not run) by `tsc` in `make test-guard` as a CommonJS TypeScript module
// (`module: node16`): `require` gets the guard's, the adapters', the cache's and the rate
// limiter's `.d.cts` declarations (an ES module's `.d.ts` there is tsc's TS1479).
import { createGuard } from "unkey-edge/guard";
import type { GuardDecision, GuardOptions } from "unkey-edge/guard";
import { unkeyGuard as expressGuard } from "unkey-edge/express";
import type { UnkeyGuardInfo } from "unkey-edge/express";
import { unkeyGuard as honoGuard } from "unkey-edge/hono";
import { Unkey } from "unkey-edge/cache";
import { Ratelimit } from "unkey-edge/ratelimit";
import type { RatelimitResponse } from "unkey-edge/ratelimit";

const options: GuardOptions = { routes: [{ path: "/api/*", permissions: "admin" }] };
export const g = createGuard(options);
export const e = expressGuard({ routes: [] });
export const h = honoGuard({ routes: [] });
export const u = new Unkey({ rootKey: "unkey_x" });
export const r = new Ratelimit({ rootKey: "unkey_x", namespace: "n", limit: 1, duration: "1s" });
export function seen(d: GuardDecision, i: UnkeyGuardInfo, l: RatelimitResponse): boolean {
  // @ts-expect-error verdict is a union of strings, not a number
  const n: number = i.verdict;
  return d.action === "forward" && l.success && n === 0;
}
