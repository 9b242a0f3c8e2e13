// A Hono app as a Worker (`export default app`), written for @unkey/api: a middleware that
// verifies the key and keeps what it learned on the context, an `onError` that maps the client's
// errors by class, and a route that answers from the client.
import { Hono } from "hono";
import { Unkey } from "@unkey/api";
import { NotFoundErrorResponse, SDKValidationError, UnkeyError } from "@unkey/api/models/errors";
import type { V2KeysVerifyKeyResponseData } from "@unkey/api/models/components";

type Variables = { unkey: Unkey; verified: V2KeysVerifyKeyResponseData };
const app = new Hono<{ Bindings: Env; Variables: Variables }>().basePath("/hono");

app.use("*", async (c, next) => {
  const unkey = new Unkey({ rootKey: c.env.UNKEY_ROOT_KEY, serverURL: c.env.UNKEY_SERVER_URL });
  c.set("unkey", unkey);
  const key = c.req.header("x-api-key");
  if (!key) return c.json({ error: "unauthorized" }, 401);
  const { data } = await unkey.keys.verifyKey({ key });
  if (!data.valid) return c.json({ error: data.code }, 403);
  c.set("verified", data);
  await next();
});

app.get("/me", (c) => c.json({ keyId: c.get("verified").keyId, name: c.get("verified").name ?? null }));
app.get("/keys/:id", async (c) => {
  const { data } = await c.get("unkey").keys.getKey({ keyId: c.req.param("id") });
  return c.json({ name: data.name ?? null, meta: data.meta ?? null });
});

app.onError((err, c) => {
  if (err instanceof NotFoundErrorResponse) return c.json({ error: "not found", detail: err.error.detail }, 404);
  if (err instanceof SDKValidationError) return c.json({ error: "invalid" }, 400);
  if (err instanceof UnkeyError) return c.json({ error: "upstream", status: err.statusCode }, 502);
  return c.json({ error: "internal" }, 500);
});

export default app;
