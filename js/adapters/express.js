// Express (and plain Node http) middleware for the unkey-edge guard:
// `app.use(unkeyGuard({ rootKey, serverURL, routes, ... }))`. Route patterns match the full
// path the app's router goes on to route: the mount path (`req.baseUrl`) and `req.url`, which
// a middleware before the guard may have rewritten. Decisions come from the same Rust core as
// the Worker guard; see createGuard in unkey-edge/guard.
import { createGuard, forwardNodeHeaders } from "unkey-edge/guard";

/** @param options guard options; `rootKey`/`serverURL` default to UNKEY_ROOT_KEY/UNKEY_SERVER_URL. */
export function unkeyGuard(options) {
  let g = null;
  const o = options || {};
  return function unkeyGuardMiddleware(req, res, next) {
    if (!g) g = createGuard(o);
    // What Express routes next, not `req.originalUrl`: a rewrite before the guard (`/v1/admin/x`
    // made `/admin/x`) is what the handlers see. A target that is not a path (the absolute
    // form) is passed as it is, for the core to refuse.
    const url = req.url || "/";
    const raw = url.startsWith("/") ? (req.baseUrl || "") + url : url;
    const q = raw.indexOf("?");
    const input = {
      method: req.method,
      path: q < 0 ? raw : raw.slice(0, q),
      target: raw,
      header: (n) => {
        const v = req.headers[n.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(", ") : String(v);
      },
      headerNames: () => Object.keys(req.headers),
      // Express's `req.ip` follows the app's `trust proxy` setting (the socket's address unless
      // the app says a proxy is trusted); plain Node http has only the socket. Never a header.
      ip: req.ip || (req.socket && req.socket.remoteAddress) || "",
      request: req,
    };
    // Anything that throws on the way (the check, a `respond` hook, a header Node refuses) goes
    // to Express's error handling: the request is answered, never forwarded, never left hanging
    // as an unhandled rejection (which ends a Node process). `next()` itself is called outside,
    // so a handler's own failure is never taken for the guard's.
    g.check(input, globalThis.process && process.env)
      .then(async (d) => {
        if (d.action === "deny") {
          // `respond` may answer itself (e.g. an HTML login page) and return true.
          if (o.respond && (await o.respond({ ...d, request: req, response: res })) === true) return false;
          if (res.headersSent) return false;
          res.statusCode = d.status;
          for (const [k, v] of d.headers) res.setHeader(k, v);
          res.end(d.body);
          return false;
        }
        forwardNodeHeaders(req, d);
        for (const [k, v] of d.responseHeaders) res.setHeader(k, v);
        req.unkey = { keyId: d.keyId, identity: d.identity, verdict: d.verdict, data: d.data };
        return true;
      })
      .then((pass) => pass && next(), next);
  };
}
