// Diagnostic Worker for bench/cache/run.mjs: `GET /loop?n=N&key=K` verifies K N times in a row
// through a client with the verification cache (after one miss), so the workerd process's CPU
// over the request, divided by N, is a cached verification's cost.
import { Unkey } from "unkey-edge/cache";

let unkey = null;

export default {
  async fetch(request, env) {
    unkey ||= new Unkey({ rootKey: env.UNKEY_ROOT_KEY, serverURL: env.UNKEY_SERVER_URL, cache: { ttlMs: 3_600_000 } });
    const u = new URL(request.url);
    const key = u.searchParams.get("key");
    const n = Number(u.searchParams.get("n") || 0);
    let valid = 0;
    for (let i = 0; i < n; i++) if ((await unkey.keys.verifyKey({ key })).data.valid) valid++;
    return Response.json({ n, valid });
  },
};
