// The guard as a hand-written Worker over raw fetch (no client library): the floor.
import { route, problem, finish, bearer, publicForward } from "./common.js";

export default {
  async fetch(request, env) {
    const u = new URL(request.url);
    const r = route(request.method, u.pathname);
    if (!r) return problem(404, "NO_ROUTE");
    if (r.public) return publicForward(request, env);
    const key = bearer(request);
    if (!key) return problem(401, "MISSING_KEY");
    const body = { key };
    if (r.permissions) body.permissions = r.permissions;
    let data;
    try {
      const res = await fetch(`${env.UNKEY_SERVER_URL}/v2/keys.verifyKey`, {
        method: "POST",
        headers: { authorization: `Bearer ${env.UNKEY_ROOT_KEY}`, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(2000),
      });
      if (!res.ok) return problem(503, "UNKEY_UNAVAILABLE");
      data = (await res.json()).data;
    } catch {
      return problem(503, "UNKEY_UNAVAILABLE");
    }
    return finish(request, env, data);
  },
};
