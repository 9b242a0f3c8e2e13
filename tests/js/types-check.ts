// Type-checked (not run) by `deno check` in scripts/test-js.sh against the packed package's
// index.d.ts: @unkey/api-style snippets must compile, and misuse must not.
import { isUnkeyError, Unkey } from "unkey-edge";
import type { Page, Result, UnkeyError, VerifyKeyData } from "unkey-edge";

const unkey = new Unkey({ rootKey: "unkey_x", serverURL: "http://127.0.0.1:1", timeoutMs: 2000 });
// A root key from a function, sync or async, as @unkey/api's `rootKey` takes it.
export const fromStore = new Unkey({ rootKey: async () => "unkey_x" });
export const fromSync = new Unkey({ rootKey: () => "unkey_x" });
// @ts-expect-error: the function must give a string.
export const wrongKey = new Unkey({ rootKey: () => 5 });

export async function snippets(): Promise<void> {
  const { meta, data } = await unkey.keys.verifyKey({ key: "sk_123" });
  const id: string = meta.requestId;
  const valid: boolean = data.valid;
  const code: string = data.code;
  const created = await unkey.keys.createKey({ apiId: "api_123", prefix: "sk", meta: { plan: "pro" }, expires: Date.now() + 1000 });
  const key: string = created.data.key;
  const limited = await unkey.ratelimit.limit({ namespace: "ns", identifier: "u", limit: 10, duration: 60_000 }, { timeoutMs: 500 });
  const ok: boolean = limited.data.success;
  const many = await unkey.ratelimit.multiLimit([{ namespace: "ns", identifier: "u", limit: 1, duration: 1000 }]);
  const passed: boolean = many.data.passed;
  await unkey.keys.updateKey({ keyId: "key_123", name: null, expires: null });
  const page: Page<unknown[]> = await unkey.apis.listKeys({ apiId: "api_123", limit: 10 });
  for await (const p of page) p.data.length;
  const next = page.next();
  if (next) (await next).pagination.hasMore;
  const gone = await unkey.identities.deleteIdentity({ identity: "user_1" });
  gone.meta.requestId;
  await unkey.liveness();
  await unkey.permissions.createRole({ name: "admin" }, { retries: { strategy: "none" } });
  const r: Result<VerifyKeyData> = await unkey.keys.verifyKey({ key: "k" }, { retries: { strategy: "backoff", backoff: { initialInterval: 10 } } });
  try {
    await unkey.apis.getApi({ apiId: "api_123" });
  } catch (e) {
    if (isUnkeyError(e)) {
      const err: UnkeyError = e;
      const s: number | undefined = err.statusCode;
      const k: "api" | "network" | "timeout" | "aborted" | "decode" | "validation" | "config" = err.kind;
      err.errors.map((x) => x.location);
    }
  }
  void [id, valid, code, key, ok, passed, r];
}

export async function misuse(): Promise<void> {
  // @ts-expect-error key must be a string
  await unkey.keys.verifyKey({ key: 1 });
  // @ts-expect-error apiId is required
  await unkey.keys.createKey({});
  // @ts-expect-error unknown namespace (Unkey Deploy is out of scope)
  unkey.deployments;
  // @ts-expect-error verify data has no `success`
  (await unkey.keys.verifyKey({ key: "k" })).data.success;
  // @ts-expect-error timeoutMs is a number
  await unkey.keys.verifyKey({ key: "k" }, { timeoutMs: "1" });
}

// unkey-edge/ratelimit, as @unkey/ratelimit is written.
import { NoopRatelimit, Ratelimit } from "unkey-edge/ratelimit";
export async function limiter(): Promise<boolean> {
  const rl = new Ratelimit({ rootKey: "unkey_x", namespace: "api", limit: 10, duration: "30s", timeout: { ms: 3000, fallback: { success: true, limit: 0, remaining: 0, reset: 0 } } });
  const r = await rl.limit("user", { cost: 2 });
  const n = await new NoopRatelimit().limit("user");
  // @ts-expect-error: a duration needs a unit.
  new Ratelimit({ namespace: "api", limit: 1, duration: "30 seconds" });
  return r.success && n.success;
}

export async function analytics(): Promise<number> {
  const { data } = await unkey.analytics.getVerifications({ query: "SELECT outcome, COUNT(*) AS n FROM key_verifications_v1 GROUP BY outcome" });
  return data.length;
}

export async function portal(): Promise<string> {
  const { data } = await unkey.portal.createSession({ portal: "acme", externalId: "user_1", scopes: ["keys:read"] });
  const exchanged = await unkey.portal.exchangeCode({ code: new URL(data.url).searchParams.get("code") ?? "" });
  // As with @unkey/api: `res.result.data`.
  return exchanged.result.data.accessToken;
}
