// Hono middleware for the unkey-edge guard: `app.use(unkeyGuard({ routes, ... }))`.
//
// Unlike @unkey/hono it fails closed (an invalid key never reaches the handler), takes
// `serverURL`, turns Unkey being down or slow into 503 (or fail-open per route) instead of a 500,
// and runs on Workers without nodejs_compat. Decisions come from the same Rust core as the
// Worker guard; see createGuard in unkey-edge/guard.
import { createGuard, forwardHeaders, forwardNodeHeaders, platformIp } from "unkey-edge/guard";

/**
 * @param options guard options (routes, key, headers, rootKey, serverURL, failOpen, deadlineMs,
 *   onError, respond…) or `(env) => options` to read them from the Worker's bindings.
 */
export function unkeyGuard(options) {
  let g = null;
  let o = null;
  return async function unkeyGuardMiddleware(c, next) {
    if (!g) {
      o = (typeof options === "function" ? options(c.env) : options) || {};
      g = createGuard(o);
    }
    const req = c.req.raw;
    const url = new URL(req.url);
    const d = await g.check(
      {
        method: req.method,
        path: url.pathname,
        target: url.pathname + url.search,
        header: (n) => req.headers.get(n),
        headerNames: () => [...req.headers.keys()],
        ip: platformIp(req, c.env),
        request: req,
      },
      c.env,
    );
    if (d.action === "deny") {
      const res = new Response(d.body, { status: d.status, headers: d.headers });
      const replaced = o.respond ? await o.respond({ ...d, request: req, response: res, env: c.env }) : undefined;
      return replaced instanceof Response ? replaced : res;
    }
    // Handlers see the request as the origin would: key and spoofable headers gone, identity set.
    c.req.raw = new Request(req, { headers: forwardHeaders(req.headers, d), duplex: "half" });
    // On Node, @hono/node-server also hands handlers its Node request (`c.env.incoming`): the same
    // headers there (the Web request above was made from it first, so it is not read again).
    const incoming = c.env?.incoming;
    if (incoming && typeof incoming.headers === "object" && incoming.headers !== null && Array.isArray(incoming.rawHeaders)) {
      forwardNodeHeaders(incoming, d);
    }
    c.set("unkey", { keyId: d.keyId, identity: d.identity, verdict: d.verdict, data: d.data });
    await next();
    if (d.responseHeaders.length > 0) {
      const res = new Response(c.res.body, c.res);
      for (const [k, v] of d.responseHeaders) res.headers.set(k, v);
      c.res = res;
    }
    if (o.respond) {
      const replaced = await o.respond({ ...d, request: c.req.raw, response: c.res, env: c.env });
      if (replaced instanceof Response) c.res = replaced;
    }
  };
}
