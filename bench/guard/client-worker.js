// Diagnostic: the hand-written guard of api-worker.js on the unkey-edge client instead of
// @unkey/api, to separate the client's cost from the guard glue's.
import { Unkey } from "unkey-edge";
import { route, problem, finish, bearer, publicForward } from "./common.js";

let unkey = null;

export default {
  async fetch(request, env) {
    unkey ||= new Unkey({ rootKey: env.UNKEY_ROOT_KEY, serverURL: env.UNKEY_SERVER_URL, timeoutMs: 2000 });
    const u = new URL(request.url);
    const r = route(request.method, u.pathname);
    if (!r) return problem(404, "NO_ROUTE");
    if (r.public) return publicForward(request, env);
    const key = bearer(request);
    if (!key) return problem(401, "MISSING_KEY");
    let data;
    try {
      data = (await unkey.keys.verifyKey(r.permissions ? { key, permissions: r.permissions } : { key })).data;
    } catch {
      return problem(503, "UNKEY_UNAVAILABLE");
    }
    return finish(request, env, data);
  },
};
