// Express (and plain Node http) middleware for the unkey-edge guard:
// `app.use(unkeyGuard({ rootKey, serverURL, routes, ... }))`. Route patterns match the full
// path (`req.originalUrl`), so mount it at the app level. Decisions come from the same Rust core
// as the Worker guard; see createGuard in unkey-edge/guard.
import { createGuard } from "unkey-edge/guard";

/** @param options guard options; `rootKey`/`serverURL` default to UNKEY_ROOT_KEY/UNKEY_SERVER_URL. */
export function unkeyGuard(options) {
  let g = null;
  const o = options || {};
  return function unkeyGuardMiddleware(req, res, next) {
    if (!g) g = createGuard(o);
    const raw = req.originalUrl || req.url || "/";
    const q = raw.indexOf("?");
    const input = {
      method: req.method,
      path: q < 0 ? raw : raw.slice(0, q),
      header: (n) => {
        const v = req.headers[n.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(", ") : String(v);
      },
      headerNames: () => Object.keys(req.headers),
      ip: req.ip || (req.socket && req.socket.remoteAddress) || "",
      request: req,
    };
    g.check(input, globalThis.process && process.env).then(async (d) => {
      if (d.action === "deny") {
        // `respond` may answer itself (e.g. an HTML login page) and return true.
        if (o.respond && (await o.respond({ ...d, request: req, response: res })) === true) return;
        if (res.headersSent) return;
        res.statusCode = d.status;
        for (const [k, v] of d.headers) res.setHeader(k, v);
        res.end(d.body);
        return;
      }
      for (const h of d.stripHeaders) delete req.headers[h.toLowerCase()];
      for (const [k, v] of d.setHeaders) req.headers[k.toLowerCase()] = v;
      for (const [k, v] of d.responseHeaders) res.setHeader(k, v);
      req.unkey = { keyId: d.keyId, identity: d.identity, verdict: d.verdict, data: d.data };
      next();
    }, next);
  };
}
