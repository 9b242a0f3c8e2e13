// The Hono and Express adapters, in their frameworks (Hono's app.request, a real Express server),
// against unkey-local. The package is imported as users do: "unkey-edge/hono", "unkey-edge/express".
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import util from "node:util";
import http from "node:http";
import { Hono } from "hono";
import express from "express";
import { unkeyGuard as honoGuard } from "unkey-edge/hono";
import { unkeyGuard as expressGuard } from "unkey-edge/express";
import { withGuard } from "unkey-edge/guard";
import { ROOT_KEY, startUnkeyLocal, seed, closedPortURL } from "./harness.mjs";

const routes = [
  { method: "GET", path: "/public/*", public: true },
  { path: "/api/*" },
  { path: "/admin/*", permissions: "admin" },
];
const headers = { meta: { plan: "X-Unkey-Plan" } };

let unkey, keys, dead;
before(async () => {
  unkey = await startUnkeyLocal();
  ({ keys } = await seed(unkey.url, ROOT_KEY, { rate: 100 }));
  dead = await closedPortURL();
});
after(() => unkey?.stop());

/** A request with a target `fetch` cannot send (the absolute form), over node:http. */
function rawRequest(port, target, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: target, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode, body }));
    });
    req.setTimeout(10000, () => req.destroy(new Error("no answer")));
    req.on("error", reject);
    req.end();
  });
}

async function problem(res, status, code) {
  assert.equal(res.status, status);
  assert.match(res.headers.get("content-type"), /problem\+json/);
  assert.equal((await res.json()).code, code);
}

describe("Hono middleware", () => {
  let app, reached;
  const build = (serverURL, extra = {}) => {
    const a = new Hono();
    a.use(honoGuard({ rootKey: ROOT_KEY, serverURL, routes, headers, deadlineMs: 1500, ...extra }));
    a.all("*", (c) => {
      reached++;
      return c.json({ unkey: c.get("unkey") ?? null, headers: Object.fromEntries(c.req.raw.headers) });
    });
    return a;
  };
  before(() => {
    reached = 0;
    app = build(unkey.url);
  });

  it("public route passes without a key", async () => {
    const res = await app.request("/public/a");
    assert.equal(res.status, 200);
    assert.equal((await res.json()).unkey.verdict, "public");
  });

  it("fails closed: missing and invalid keys never reach the handler", async () => {
    const n = reached;
    await problem(await app.request("/api/a"), 401, "MISSING_KEY");
    await problem(await app.request("/api/a", { headers: { authorization: "Bearer demo_nope" } }), 401, "NOT_FOUND");
    await problem(await app.request("/api/a", { headers: { authorization: `Bearer ${keys.disabled}` } }), 403, "DISABLED");
    await problem(await app.request("/admin/a", { headers: { authorization: `Bearer ${keys.reader}` } }), 403, "INSUFFICIENT_PERMISSIONS");
    assert.equal(reached, n);
  });

  it("valid key: identity in c.get('unkey') and headers, key and spoofs removed, RateLimit-* set", async () => {
    const res = await app.request("/api/a", {
      headers: { authorization: `Bearer ${keys.plain}`, "x-unkey-identity": "user_mallory" },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("ratelimit-limit"), "100");
    const body = await res.json();
    assert.match(body.unkey.keyId, /^key_/);
    assert.equal(body.unkey.identity, "user_alice");
    assert.equal(body.headers["x-unkey-identity"], "user_alice");
    assert.equal(body.headers["x-unkey-plan"], "pro");
    assert.equal(body.headers.authorization, undefined);
  });

  it("root key from a function, called for each verification", async () => {
    let calls = 0;
    const fromFn = build(unkey.url, {
      rootKey: async () => {
        calls += 1;
        return ROOT_KEY;
      },
    });
    for (let i = 0; i < 2; i++) {
      const res = await fromFn.request("/api/a", { headers: { authorization: `Bearer ${keys.plain}` } });
      assert.equal(res.status, 200);
      assert.equal((await res.json()).unkey.identity, "user_alice");
    }
    assert.ok(calls >= 2, `called ${calls} times`);
  });

  it("fail-open forwards carry no spoofed header", async () => {
    const open = build(dead, { failOpen: true });
    const res = await open.request("/api/a", {
      headers: { authorization: `Bearer ${keys.admin}`, X_Unkey_Identity: "user_mallory", "x-unkey-key_id": "key_fake" },
    });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.unkey.verdict, "fail-open");
    assert.ok(!JSON.stringify(body).includes("user_mallory") && !JSON.stringify(body).includes("key_fake"));
  });

  it("Unkey down is a 503, not a 500 or a pass", async () => {
    const down = build(dead);
    const n = reached;
    await problem(await down.request("/api/a", { headers: { authorization: `Bearer ${keys.admin}` } }), 503, "UNKEY_UNAVAILABLE");
    assert.equal(reached, n);
  });

  it("key from a function", async () => {
    const a = new Hono();
    a.use(honoGuard({ rootKey: ROOT_KEY, serverURL: unkey.url, routes, key: (req) => new URL(req.url).searchParams.get("api_key") }));
    a.all("*", (c) => c.json(c.get("unkey")));
    await problem(await a.request("/api/x"), 401, "MISSING_KEY");
    const res = await a.request(`/api/x?api_key=${keys.admin}`);
    assert.equal(res.status, 200);
    assert.equal((await res.json()).identity, "user_root");
  });

  it("respond can replace a denial", async () => {
    const custom = build(unkey.url, {
      respond: (d) => (d.action === "deny" ? new Response(`no: ${d.code}`, { status: d.status }) : undefined),
    });
    const res = await custom.request("/api/a");
    assert.equal(res.status, 401);
    assert.equal(await res.text(), "no: MISSING_KEY");
  });
});

describe("standalone ratelimit.limit per route (Hono)", () => {
  let app;
  before(() => {
    app = new Hono();
    const ns = `guard-test-${Date.now()}`;
    app.use(
      honoGuard({
        rootKey: ROOT_KEY,
        serverURL: unkey.url,
        routes: [
          { path: "/search", public: true, ratelimit: { namespace: ns, limit: 2, duration: 60000, by: "ip" } },
          { path: "/tenant", public: true, ratelimit: { namespace: ns, limit: 1, duration: 60000, by: { header: "X-Tenant" } } },
          { path: "/per-key", ratelimit: { namespace: ns, limit: 1, duration: 60000, by: "identity" } },
        ],
        ip: (input) => input.header("x-test-ip") || "",
      }),
    );
    app.all("*", (c) => c.json({ ok: true }));
  });

  it("by IP: the third request in the window is 429 with Retry-After and RateLimit-*", async () => {
    const ip = { "x-test-ip": "203.0.113.7" };
    const first = await app.request("/search", { headers: ip });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get("ratelimit-limit"), "2");
    assert.equal(first.headers.get("ratelimit-remaining"), "1");
    assert.equal((await app.request("/search", { headers: ip })).status, 200);
    const third = await app.request("/search", { headers: ip });
    assert.ok(Number(third.headers.get("retry-after")) >= 1);
    assert.equal(third.headers.get("ratelimit-remaining"), "0");
    await problem(third, 429, "RATE_LIMITED");
    // Another IP has its own budget.
    assert.equal((await app.request("/search", { headers: { "x-test-ip": "203.0.113.8" } })).status, 200);
  });

  // `ratelimit.limit` takes identifiers of up to 512 characters: a longer header value was sent,
  // refused by the client's validation and answered 500 UNKEY_REJECTED (the guard's own
  // configuration fault, reported to onError), which any caller could provoke.
  it("by header: a value too long for an identifier counts as absent (the IP's bucket), not a 500", async () => {
    const long = "t".repeat(600);
    const ip = "203.0.113.99";
    const first = await app.request("/tenant", { headers: { "x-tenant": long, "x-test-ip": ip } });
    assert.equal(first.status, 200, await first.clone().text());
    await problem(await app.request("/tenant", { headers: { "x-tenant": long, "x-test-ip": ip } }), 429, "RATE_LIMITED");
    // The same bucket as leaving the header out.
    await problem(await app.request("/tenant", { headers: { "x-test-ip": ip } }), 429, "RATE_LIMITED");
  });

  // A client holds a whole IPv6 /64 and may send from any address in it: counted per address,
  // it had 2^64 budgets.
  it("by IP: every address of one IPv6 /64 shares a budget; another /64 has its own", async () => {
    const statuses = [];
    for (let i = 1; i <= 4; i++) {
      const res = await app.request("/search", { headers: { "x-test-ip": `2001:db8:77:1::${i.toString(16)}` } });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [200, 200, 429, 429]);
    assert.equal((await app.request("/search", { headers: { "x-test-ip": "2001:db8:77:2::1" } })).status, 200);
  });

  it("by header and by identity", async () => {
    assert.equal((await app.request("/tenant", { headers: { "x-tenant": "acme" } })).status, 200);
    await problem(await app.request("/tenant", { headers: { "x-tenant": "acme" } }), 429, "RATE_LIMITED");
    assert.equal((await app.request("/tenant", { headers: { "x-tenant": "globex" } })).status, 200);
    const alice = { authorization: `Bearer ${keys.plain}` };
    assert.equal((await app.request("/per-key", { headers: alice })).status, 200);
    await problem(await app.request("/per-key", { headers: alice }), 429, "RATE_LIMITED");
    // A different identity is not affected; an invalid key is refused before any limit is spent.
    assert.equal((await app.request("/per-key", { headers: { authorization: `Bearer ${keys.reader}` } })).status, 200);
    await problem(await app.request("/per-key", { headers: { authorization: "Bearer demo_nope" } }), 401, "NOT_FOUND");
  });
});

describe("withGuard around a Workers handler (run in Node)", () => {
  it("calls the handler only for allowed requests, with the guard's headers", async () => {
    const seen = [];
    const worker = withGuard(
      { fetch: (req) => (seen.push(Object.fromEntries(req.headers)), new Response("hello")) },
      (env) => ({ routes, headers, serverURL: env.UNKEY_SERVER_URL }),
    );
    const env = { UNKEY_ROOT_KEY: ROOT_KEY, UNKEY_SERVER_URL: unkey.url };
    await problem(await worker.fetch(new Request("http://w/api/x"), env, {}), 401, "MISSING_KEY");
    assert.equal(seen.length, 0);
    const res = await worker.fetch(
      new Request("http://w/api/x", { headers: { authorization: `Bearer ${keys.admin}`, "x-unkey-plan": "free" } }),
      env,
      {},
    );
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "hello");
    assert.equal(seen.length, 1);
    assert.equal(seen[0]["x-unkey-identity"], "user_root");
    assert.equal(seen[0]["x-unkey-plan"], "enterprise");
    assert.equal(seen[0].authorization, undefined);
  });
});

describe("Express middleware", () => {
  let server, base, reached, errors;
  before(async () => {
    reached = 0;
    errors = [];
    const app = express();
    app.use(expressGuard({ rootKey: ROOT_KEY, serverURL: unkey.url, routes, headers, key: { header: "X-API-Key" } }));
    app.use((req, res) => {
      reached++;
      res.json({ unkey: req.unkey, headers: req.headers });
    });
    const downApp = express();
    downApp.use(
      expressGuard({
        rootKey: ROOT_KEY,
        serverURL: dead,
        routes: [{ path: "/api/*", failOpen: true }],
        deadlineMs: 1500,
        onError: (e, info) => errors.push([e, info]),
      }),
    );
    downApp.use((req, res) => res.json({ unkey: req.unkey, headers: req.headers }));
    await new Promise((r) => (server = app.listen(0, "127.0.0.1", r)));
    base = `http://127.0.0.1:${server.address().port}`;
    await new Promise((r) => (server.down = downApp.listen(0, "127.0.0.1", r)));
    server.downBase = `http://127.0.0.1:${server.down.address().port}`;
  });
  after(() => {
    server?.closeAllConnections?.();
    server?.down?.closeAllConnections?.();
    server?.close();
    server?.down?.close();
  });

  it("reads the key from X-API-Key and forwards identity without it", async () => {
    const res = await fetch(`${base}/admin/x`, { headers: { "x-api-key": keys.admin, "x-unkey-key-id": "key_forged" } });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.unkey.identity, "user_root");
    assert.equal(body.headers["x-unkey-identity"], "user_root");
    assert.notEqual(body.headers["x-unkey-key-id"], "key_forged");
    assert.equal(body.headers["x-api-key"], undefined);
  });

  it("denies with problem JSON and never calls the next handler", async () => {
    const n = reached;
    await problem(await fetch(`${base}/api/x`), 401, "MISSING_KEY");
    await problem(await fetch(`${base}/api/x`, { headers: { "x-api-key": "demo_nope" } }), 401, "NOT_FOUND");
    await problem(await fetch(`${base}/admin/x`, { headers: { "x-api-key": keys.reader } }), 403, "INSUFFICIENT_PERMISSIONS");
    // A Bearer header is not where this app looks: still no key.
    await problem(await fetch(`${base}/api/x`, { headers: { authorization: `Bearer ${keys.admin}` } }), 401, "MISSING_KEY");
    assert.equal(reached, n);
  });

  it("fails open where configured, and onError gets the error but never the key", async () => {
    const res = await fetch(`${server.downBase}/api/x`, {
      headers: { authorization: `Bearer ${keys.admin}`, X_Unkey_Identity: "user_mallory", "X-Unkey-KEY-ID": "key_fake" },
    });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.unkey.verdict, "fail-open");
    assert.equal(body.headers["x-unkey-guard"], "fail-open");
    assert.equal(body.headers.authorization, undefined);
    assert.ok(!JSON.stringify(body).includes("user_mallory") && !JSON.stringify(body).includes("key_fake"));
    assert.ok(errors.length >= 1);
    const [e, info] = errors[0];
    assert.equal(e.name, "ConnectionError");
    assert.equal(info.keyId, null);
    assert.ok(!JSON.stringify(info).includes(keys.admin));
    assert.ok(!String(e.message).includes(keys.admin));
  });
});

// What an attack on the adapters found: a client-set IP header, underscore spellings of the
// guard's headers, copies of the headers Express keeps besides `req.headers`, `..;` paths and
// method overrides. Each against the real framework and a real unkey-local.
describe("adapters under attack", () => {
  const ns = `attack-${Date.now()}`;
  const attackRoutes = [
    { path: "/limited", public: true, ratelimit: { namespace: ns, limit: 3, duration: 60000, by: "ip" } },
    { method: "GET", path: "/public/*", public: true },
    { path: "/api/*" },
    { path: "/admin/*", permissions: "admin" },
  ];
  const spoof = {
    "X_Unkey_Key_Id": "key_fake",
    "x_unkey_identity": "user_mallory",
    "X-Unkey_Plan": "free-forever",
    "X-HTTP-Method-Override": "DELETE",
    "x-method-override": "DELETE",
    "X-Original-URL": "/admin/override-target",
    "x_rewrite_url": "/admin/override-target",
  };
  const SPOOFED = ["key_fake", "user_mallory", "free-forever", "DELETE", "override-target"];
  let server, base;
  before(async () => {
    const app = express();
    app.use(expressGuard({ rootKey: ROOT_KEY, serverURL: unkey.url, routes: attackRoutes, headers }));
    app.use((req, res) =>
      res.json({ headers: req.headers, rawHeaders: req.rawHeaders, headersDistinct: req.headersDistinct, method: req.method }),
    );
    await new Promise((r) => (server = app.listen(0, "127.0.0.1", r)));
    base = `http://127.0.0.1:${server.address().port}`;
  });
  after(() => {
    server?.closeAllConnections?.();
    server?.close();
  });

  it("Express: rotating CF-Connecting-IP does not buy more requests (the socket is the IP)", async () => {
    const statuses = [];
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${base}/limited`, { headers: { "cf-connecting-ip": `198.51.100.${i}`, "x-forwarded-for": `192.0.2.${i}` } });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429, 429, 429, 429]);
  });

  it("Express: spoofed headers are gone from headers, rawHeaders and headersDistinct", async () => {
    for (const [path, extra] of [
      ["/api/x", { authorization: `Bearer ${keys.admin}` }],
      ["/public/x", {}],
    ]) {
      const res = await fetch(`${base}${path}`, { headers: { ...spoof, ...extra } });
      assert.equal(res.status, 200, path);
      const body = await res.json();
      const text = JSON.stringify(body);
      for (const s of SPOOFED) assert.ok(!text.includes(s), `${path}: ${s} reached the handler`);
      assert.ok(!text.includes(keys.admin), `${path}: the key reached the handler`);
      if (extra.authorization) {
        assert.equal(body.headers["x-unkey-identity"], "user_root");
        assert.deepEqual(body.headersDistinct["x-unkey-identity"], ["user_root"]);
        assert.ok(body.rawHeaders.includes("user_root"));
      }
    }
  });

  it("Express: `..;` paths and `_method` overrides are refused before the handler", async () => {
    for (const p of ["/public/..;/admin/x", "/public/x;jsessionid=1"]) {
      await problem(await fetch(`${base}${p}`), 400, "BAD_PATH");
    }
    await problem(await fetch(`${base}/public/x?_method=DELETE`), 400, "METHOD_OVERRIDE");
  });

  // Node keeps an absolute-form target (`GET http://host/admin/x`) in `req.url`, and Express
  // routes on its path: the guard must not read it as some other route (it fell to the
  // fallback, where any valid key passes).
  it("Express: an absolute-form target cannot dodge /admin/*", async () => {
    const { port } = server.address();
    for (const target of [`http://127.0.0.1:${port}/admin/x`, "https://example.com/admin/x?y=1"]) {
      const res = await rawRequest(port, target, { authorization: `Bearer ${keys.reader}` });
      assert.equal(res.status, 400, target);
      assert.equal(JSON.parse(res.body).code, "BAD_PATH");
    }
    // The admin key still passes on the same route written as a path.
    assert.equal((await rawRequest(port, "/admin/x", { authorization: `Bearer ${keys.admin}` })).status, 200);
  });

  // A middleware before the guard that rewrites `req.url` (a version prefix dropped, an i18n
  // prefix, express-urlrewrite) decides what the router serves: the guard read
  // `req.originalUrl`, so `/v1/admin/x` fell to the fallback (any valid key) and was served as
  // `/admin/x`, which needs `admin`.
  it("Express: the guard checks the path the router serves after a rewrite, and a mount's full path", async () => {
    const app = express();
    app.use((req, _res, next) => {
      if (req.url.startsWith("/v1/")) req.url = req.url.slice(3);
      next();
    });
    app.use(expressGuard({ rootKey: ROOT_KEY, serverURL: unkey.url, routes: attackRoutes }));
    const served = [];
    app.use((req, res) => {
      served.push(req.path);
      res.json({ path: req.path });
    });
    // Mounted: the routes are written for the full path (`/t/admin/*` here), as before.
    const mounted = express();
    mounted.use("/t", expressGuard({ rootKey: ROOT_KEY, serverURL: unkey.url, routes: [{ path: "/t/admin/*", permissions: "admin" }, { path: "/*", public: true }] }));
    mounted.use((req, res) => res.json({ path: req.path }));
    const s = await new Promise((r) => {
      const srv = app.listen(0, "127.0.0.1", () => r(srv));
    });
    const m = await new Promise((r) => {
      const srv = mounted.listen(0, "127.0.0.1", () => r(srv));
    });
    try {
      const at = (srv, p, key) =>
        fetch(`http://127.0.0.1:${srv.address().port}${p}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
      await problem(await at(s, "/v1/admin/x", keys.reader), 403, "INSUFFICIENT_PERMISSIONS");
      await problem(await at(s, "/v1/admin/x"), 401, "MISSING_KEY");
      assert.deepEqual(served, []);
      const ok = await at(s, "/v1/admin/x", keys.admin);
      assert.equal(ok.status, 200);
      assert.equal((await ok.json()).path, "/admin/x");
      await problem(await at(m, "/t/admin/x", keys.reader), 403, "INSUFFICIENT_PERMISSIONS");
      await problem(await at(m, "/T/Admin/x"), 401, "MISSING_KEY");
      assert.equal((await at(m, "/t/public")).status, 200);
      // An absolute-form target under a mount is still refused, not read as a path.
      const res = await rawRequest(m.address().port, `http://127.0.0.1:${m.address().port}/t/admin/x`, {});
      assert.equal(res.status, 400);
      assert.equal(JSON.parse(res.body).code, "BAD_PATH");
    } finally {
      for (const srv of [s, m]) {
        srv.closeAllConnections?.();
        srv.close();
      }
    }
  });

  // Node keeps a raw `#` in `req.url`; Express routes on what is before it, and a proxy after the
  // guard may pass all of it on. A request target never carries a fragment: refused.
  it("Express: a raw '#' in the target is refused", async () => {
    const { port } = server.address();
    for (const target of ["/public/x#/../../admin/x", "/public#x"]) {
      const res = await rawRequest(port, target, {});
      assert.equal(res.status, 400, target);
      assert.equal(JSON.parse(res.body).code, "BAD_PATH");
    }
  });

  it("Express: a `respond` hook that throws ends in an error answer, not a hang or a forward", async () => {
    let reached = 0;
    const app = express();
    app.use(
      expressGuard({
        rootKey: ROOT_KEY,
        serverURL: unkey.url,
        routes: attackRoutes,
        respond: () => {
          throw new Error("hook failed");
        },
      }),
    );
    app.use((req, res) => {
      reached++;
      res.end("reached");
    });
    // Express's final handler would log the error: keep the test's output to its report.
    app.use((err, req, res, _next) => res.status(500).end("guard hook failed"));
    const s = await new Promise((r) => {
      const srv = app.listen(0, "127.0.0.1", () => r(srv));
    });
    try {
      const res = await fetch(`http://127.0.0.1:${s.address().port}/api/x`, { signal: AbortSignal.timeout(10000) });
      assert.equal(res.status, 500);
      assert.equal(await res.text(), "guard hook failed");
      assert.equal(reached, 0);
    } finally {
      s.closeAllConnections?.();
      s.close();
    }
  });

  it("Hono: no platform IP means no shared bucket: an IP-limited route is refused, whatever the headers say", async () => {
    const app = new Hono();
    // Counting what the guard's client sends (its fetch), to see what is answered locally.
    let limits = 0;
    const counting = (url, init) => {
      if (String(url).endsWith("/v2/ratelimit.limit")) limits++;
      return fetch(url, init);
    };
    app.use(honoGuard({ rootKey: ROOT_KEY, serverURL: unkey.url, routes: attackRoutes, fetch: counting }));
    app.all("*", (c) => c.json({ ok: true }));
    for (let i = 0; i < 3; i++) {
      await problem(await app.request("/limited", { headers: { "cf-connecting-ip": `198.51.100.${i}` } }), 500, "GUARD_ERROR");
    }
    // With the platform's IP (as @hono/node-server hands it over in `env.incoming`), it counts.
    const env = (ip) => ({ incoming: { socket: { remoteAddress: ip } } });
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const res = await app.request("/limited", { headers: { "cf-connecting-ip": `198.51.100.${i}` } }, env("203.0.113.50"));
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    // Once denied, the identifier is refused locally until its window resets: the fifth request
    // made no call.
    assert.equal(limits, 4);
    assert.equal((await app.request("/limited", {}, env("203.0.113.51"))).status, 200);
    assert.equal(limits, 5);
  });

  it("Hono: spoofed headers never reach the handler; `..;` and `_method` are refused", async () => {
    const app = new Hono();
    app.use(honoGuard({ rootKey: ROOT_KEY, serverURL: unkey.url, routes: attackRoutes, headers }));
    app.all("*", (c) => c.json({ headers: Object.fromEntries(c.req.raw.headers) }));
    for (const [path, extra] of [
      ["/api/x", { authorization: `Bearer ${keys.admin}` }],
      ["/public/x", {}],
    ]) {
      const res = await app.request(path, { headers: { ...spoof, ...extra } });
      assert.equal(res.status, 200, path);
      const text = JSON.stringify(await res.json());
      for (const s of SPOOFED) assert.ok(!text.includes(s), `${path}: ${s}`);
    }
    await problem(await app.request("/public/..;/admin/x"), 400, "BAD_PATH");
    await problem(await app.request("/public/x?_method=DELETE"), 400, "METHOD_OVERRIDE");
  });

  it("withGuard (Workers handler in Node): CF-Connecting-IP is not trusted off Cloudflare", async () => {
    const worker = withGuard({ fetch: () => new Response("ok") }, { rootKey: ROOT_KEY, serverURL: unkey.url, routes: attackRoutes });
    const res = await worker.fetch(new Request("http://w/limited", { headers: { "cf-connecting-ip": "198.51.100.9" } }), {}, {});
    await problem(res, 500, "GUARD_ERROR");
  });
});

// The caller's key and the root key in no guard answer and no `onError` argument, whatever went
// wrong (a faults-enabled unkey-local produces each failure for real).
describe("guard secrecy", () => {
  let faulty, fkeys;
  before(async () => {
    faulty = await startUnkeyLocal(["--faults"]);
    ({ keys: fkeys } = await seed(faulty.url, ROOT_KEY));
  });
  after(() => faulty?.stop());

  it("no denial, forward or onError argument holds a key, for every failure", async () => {
    const reports = [];
    const seen = [];
    const worker = withGuard((req) => (seen.push(Object.fromEntries(req.headers)), new Response("ok")), {
      rootKey: ROOT_KEY,
      serverURL: faulty.url,
      routes: [{ path: "/open/*", failOpen: true }, { path: "/*" }],
      deadlineMs: 300,
      onError: (e, info) => reports.push(util.inspect([e, info], { depth: 10, showHidden: true }) + JSON.stringify(info)),
    });
    const path = "/v2/keys.verifyKey";
    const faults = [
      null,
      { kind: "status", status: 500, path },
      { kind: "rate_limited", retryAfter: 60, path },
      { kind: "close", path },
      { kind: "delay", delayMs: 1000, path },
      { kind: "non_json", status: 200, path },
      { kind: "body", body: { meta: { requestId: "r" }, data: { valid: false, code: "VALID" } }, path },
      { kind: "body", status: 401, body: { meta: { requestId: "r" }, error: { title: "no", status: 401, type: "x", detail: "bad root key" } }, path },
    ];
    const answers = [];
    for (const f of faults) {
      await fetch(`${faulty.url}/_local/faults`, { method: "DELETE" });
      if (f) await fetch(`${faulty.url}/_local/faults`, { method: "POST", body: JSON.stringify({ ...f, count: 5 }) });
      for (const p of ["/x", "/open/x"]) {
        for (const key of [fkeys.admin, "demo_not_a_real_key_secret"]) {
          const headers = { authorization: `Bearer ${key}`, X_Unkey_Key_Id: "key_fake", "X-UNKEY-IDENTITY": "user_mallory" };
          const res = await worker.fetch(new Request(`http://w${p}`, { headers }), {}, {});
          answers.push([...res.headers].join() + (await res.text()));
        }
      }
    }
    await fetch(`${faulty.url}/_local/faults`, { method: "DELETE" });
    assert.ok(reports.length >= 10, `onError called ${reports.length} times`);
    const all = [...answers, ...reports, ...seen.map((h) => JSON.stringify(h))].join("\n");
    for (const secret of [fkeys.admin, "demo_not_a_real_key_secret", ROOT_KEY]) {
      assert.ok(!all.includes(secret), "a key leaked into an answer, a forwarded request or onError");
    }
    // Fail-open forwards happened (Unkey slow, dropped, 503-free), and no spoof rode along.
    assert.ok(seen.some((h) => h["x-unkey-guard"] === "fail-open"));
    assert.ok(!all.includes("key_fake") && !all.includes("user_mallory"));
  });
});

// Round 3: what the guard forwards is bounded, the request id is the platform's, and a Node
// request's own headers are cleaned for Hono as for Express.
describe("adapters, round 3", () => {
  let apiId;
  let unkeyClient;
  before(async () => {
    ({ apiId } = await seed(unkey.url, ROOT_KEY, { rate: 100 }));
    const { Unkey } = await import("unkey-edge");
    unkeyClient = new Unkey({ rootKey: ROOT_KEY, serverURL: unkey.url });
  });

  it("a verified key whose meta is too large for a header is refused (500 IDENTITY_TOO_LARGE), not forwarded, and onError is told", async () => {
    const big = (await unkeyClient.keys.createKey({ apiId, externalId: "user_big", meta: { plan: "p".repeat(60_000) } })).data.key;
    const fits = (await unkeyClient.keys.createKey({ apiId, externalId: "user_fits", meta: { plan: "p".repeat(3_000) } })).data.key;
    const reports = [];
    let reached = 0;
    const app = new Hono();
    app.use(honoGuard({ rootKey: ROOT_KEY, serverURL: unkey.url, routes, headers, onError: (e, info) => reports.push([e, info]) }));
    app.all("*", (c) => {
      reached++;
      return c.json({ plan: c.req.raw.headers.get("x-unkey-plan")?.length });
    });
    const res = await app.request("/api/x", { headers: { authorization: `Bearer ${big}` } });
    await problem(res, 500, "IDENTITY_TOO_LARGE");
    assert.equal(reached, 0);
    assert.equal(reports.length, 1);
    const [e, info] = reports[0];
    assert.equal(e.kind, "config");
    assert.match(e.message, /4096 bytes/);
    assert.match(info.keyId, /^key_/);
    assert.ok(!util.inspect(reports, { depth: 10, showHidden: true }).includes(big), "no key in onError");
    const ok = await app.request("/api/x", { headers: { authorization: `Bearer ${fits}` } });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { plan: 3000 });
    // Express: the same refusal, before the handler.
    const eapp = express();
    eapp.use(expressGuard({ rootKey: ROOT_KEY, serverURL: unkey.url, routes, headers }));
    eapp.use((req, res) => res.json({ reached: true }));
    const server = await new Promise((r) => {
      const s = eapp.listen(0, "127.0.0.1", () => r(s));
    });
    try {
      const r = await fetch(`http://127.0.0.1:${server.address().port}/api/x`, { headers: { authorization: `Bearer ${big}` } });
      await problem(r, 500, "IDENTITY_TOO_LARGE");
    } finally {
      server.closeAllConnections?.();
      server.close();
    }
  });

  it("off Workers a client's cf-ray is not the problem body's requestId (Hono and Express)", async () => {
    const app = new Hono();
    app.use(honoGuard({ rootKey: ROOT_KEY, serverURL: unkey.url, routes }));
    app.all("*", (c) => c.text("reached"));
    const res = await app.request("/api/x", { headers: { "cf-ray": "spoofed-ray-1" } });
    assert.equal(res.status, 401);
    assert.match((await res.json()).requestId, /^guard_[0-9a-f]{16}$/);
    const eapp = express();
    eapp.use(expressGuard({ rootKey: ROOT_KEY, serverURL: unkey.url, routes }));
    const server = await new Promise((r) => {
      const s = eapp.listen(0, "127.0.0.1", () => r(s));
    });
    try {
      const r = await fetch(`http://127.0.0.1:${server.address().port}/api/x`, { headers: { "cf-ray": "spoofed-ray-2" } });
      assert.equal(r.status, 401);
      assert.match((await r.json()).requestId, /^guard_[0-9a-f]{16}$/);
    } finally {
      server.closeAllConnections?.();
      server.close();
    }
    // The guard's own `requestId` option still names it.
    const named = new Hono();
    named.use(honoGuard({ rootKey: ROOT_KEY, serverURL: unkey.url, routes, requestId: (input) => input.header("cf-ray") }));
    const n = await named.request("/api/x", { headers: { "cf-ray": "trusted-proxy-ray" } });
    assert.equal((await n.json()).requestId, "trusted-proxy-ray");
  });

  it("Hono on Node: the Node request in c.env.incoming has no key or spoofed header either", async () => {
    // What @hono/node-server does: a Web Request for app.fetch, and the Node request and
    // response as the env ({ incoming, outgoing }).
    const app = new Hono();
    app.use(honoGuard({ rootKey: ROOT_KEY, serverURL: unkey.url, routes, headers }));
    app.all("*", (c) => {
      const n = c.env.incoming;
      return c.json({ headers: n.headers, rawHeaders: n.rawHeaders, headersDistinct: n.headersDistinct, web: Object.fromEntries(c.req.raw.headers) });
    });
    const server = http.createServer(async (req, res) => {
      const headers = new Headers();
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
      const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers });
      const answer = await app.fetch(request, { incoming: req, outgoing: res });
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    try {
      const r = await fetch(`http://127.0.0.1:${server.address().port}/api/x`, {
        headers: { authorization: `Bearer ${keys.admin}`, "X_Unkey_Identity": "user_mallory", "x-unkey-plan": "free-forever" },
      });
      assert.equal(r.status, 200);
      const body = await r.json();
      const text = JSON.stringify(body);
      for (const s of [keys.admin, "user_mallory", "free-forever"]) assert.ok(!text.includes(s), s);
      assert.equal(body.headers["x-unkey-identity"], "user_root");
      assert.equal(body.headersDistinct["x-unkey-plan"][0], "enterprise");
      assert.ok(body.rawHeaders.includes("user_root"));
      assert.equal(body.web["x-unkey-identity"], "user_root");
    } finally {
      server.closeAllConnections?.();
      server.close();
    }
  });
});
