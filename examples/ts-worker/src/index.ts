// A TypeScript Worker: the guard in front of an origin, typed against the Workers runtime
// (@cloudflare/workers-types). `make test-ts-example` type-checks it strictly, bundles it with
// wrangler (examples/ts-worker/wrangler.toml) and runs the bundle in workerd.
// `unkey-edge/guard` also exports the client, on the same wasm: a Worker that guards and calls
// the API uploads one wasm, not two.
import { guard, Unkey, isUnkeyError } from "unkey-edge/guard";
import * as errors from "unkey-edge/models/errors";

interface Env {
  UNKEY_ROOT_KEY: string;
  UNKEY_SERVER_URL?: string;
  ORIGIN_URL: string;
}

export default guard<Env>((env) => ({
  routes: [
    { method: "GET", path: "/public/*", public: true },
    { path: "/api/*", ratelimit: { namespace: "api", limit: 100, duration: 60_000 } },
    { path: "/admin/*", permissions: "admin" },
  ],
  fallback: "deny",
  headers: { meta: { plan: "X-Unkey-Plan" } },
  serverURL: env.UNKEY_SERVER_URL,
})) satisfies ExportedHandler<Env>;

/** The client in a Worker's own code, with @unkey/api's error classes. */
export async function keyInfo(env: Env, keyId: string): Promise<string> {
  const unkey = new Unkey({ rootKey: env.UNKEY_ROOT_KEY, serverURL: env.UNKEY_SERVER_URL });
  try {
    const { data } = await unkey.keys.getKey({ keyId });
    return data.name ?? data.keyId;
  } catch (err) {
    if (err instanceof errors.NotFoundErrorResponse) return "no such key";
    if (isUnkeyError(err)) return `error: ${err.kind}`;
    throw err;
  }
}
