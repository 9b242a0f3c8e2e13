// Type-checked (not run) by `deno check` in `make test-guard` against the package's guard.d.ts
// and the adapters' declarations: typical options compile, and `data` is typed, not `any`.
import { guard, withGuard, createGuard } from "unkey-edge/guard";
import type { GuardDecision } from "unkey-edge/guard";
import { unkeyGuard as honoGuard } from "unkey-edge/hono";
import { unkeyGuard as expressGuard } from "unkey-edge/express";

export const w = guard((env) => ({
  routes: [{ path: "/api/*", permissions: "admin" }],
  failOpen: env.GUARD_FAIL_OPEN === "true",
  rootKey: env.UNKEY_ROOT_KEY,
  respond: (d) => {
    if (d.action === "forward" && d.data) {
      const valid: boolean = d.data.valid;
      const code: string = d.data.code;
      void valid; void code;
    }
    return undefined;
  },
}));
export const w2 = withGuard(async (req, env, ctx) => { ctx.waitUntil(Promise.resolve()); return new Response(String(env.ORIGIN_URL)); }, { routes: [] });
const g = createGuard({ routes: [], key: (r) => r.headers.get("x-key") });
export async function f(d: GuardDecision) {
  const out = await g.check({ method: "GET", path: "/", header: () => null, headerNames: () => [] });
  // @ts-expect-error data is typed, not any
  const n: number = d.action === "forward" ? d.data : 0;
  return [out, n];
}
export const h = honoGuard((env) => ({ routes: [], serverURL: env.UNKEY_SERVER_URL }));
export const e = expressGuard({
  routes: [],
  key: (req) => (req.headers["x-api-key"] as string | undefined) ?? null,
  respond: (info) => { info.response.statusCode = 418; return false; },
});
export function use(req: Parameters<typeof e>[0]) { return req.unkey?.data?.keyId; }
import { Hono } from "hono";
export const app = new Hono().use(honoGuard({ routes: [] })).get("/", (c) => c.text(c.get("unkey").keyId ?? "-"));
