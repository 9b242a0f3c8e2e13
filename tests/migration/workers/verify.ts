// A Worker that guards its routes with Unkey, written for @unkey/api as its docs show it: named
// imports, the root key from env, verifyKey in the fetch handler, failures by error class.
import { Unkey } from "@unkey/api";
import { ConnectionError, HTTPClientError, SDKValidationError, UnkeyError } from "@unkey/api/models/errors";
import type { V2KeysVerifyKeyResponseData } from "@unkey/api/models/components";

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const key = request.headers.get("authorization")?.replace(/^Bearer\s+/i, "");
    if (!key) return json({ error: "missing api key" }, 401);
    const unkey = new Unkey({ rootKey: env.UNKEY_ROOT_KEY, serverURL: env.UNKEY_SERVER_URL });
    const permissions = new URL(request.url).searchParams.get("permission") ?? undefined;
    try {
      const { meta, data } = await unkey.keys.verifyKey({ key, ...(permissions ? { permissions } : {}), credits: { cost: 1 } });
      if (!data.valid) return json({ error: data.code, requestId: meta.requestId }, data.code === "RATE_LIMITED" ? 429 : 403);
      const verified: V2KeysVerifyKeyResponseData = data;
      return json({
        keyId: verified.keyId,
        name: verified.name,
        remaining: verified.credits,
        plan: verified.meta?.["plan"],
        externalId: verified.identity?.externalId ?? null,
        permissions: verified.permissions ?? [],
      });
    } catch (err) {
      if (err instanceof SDKValidationError) return json({ error: "bad request", detail: err.name }, 400);
      if (err instanceof UnkeyError) return json({ error: "unkey", status: err.statusCode, class: err.name }, 502);
      if (err instanceof ConnectionError || err instanceof HTTPClientError) return json({ error: "unreachable", class: err.name }, 503);
      throw err;
    }
  },
} satisfies ExportedHandler<Env>;
