// The Hono and Express adapters, in their frameworks (Hono's app.request, a real Express server),
// against unkey-local. The package is imported as users do: "unkey-edge/hono", "unkey-edge/express".
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { Hono } from "hono";
import express from "express";
import { unkeyGuard as honoGuard } from "unkey-edge/hono";
import { unkeyGuard as expressGuard } from "unkey-edge/express";
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

  it("Unkey down is a 503, not a 500 or a pass", async () => {
    const down = build(dead);
    const n = reached;
    await problem(await down.request("/api/a", { headers: { authorization: `Bearer ${keys.admin}` } }), 503, "UNKEY_UNAVAILABLE");
    assert.equal(reached, n);
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
    const res = await fetch(`${server.downBase}/api/x`, { headers: { authorization: `Bearer ${keys.admin}` } });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.unkey.verdict, "fail-open");
    assert.equal(body.headers["x-unkey-guard"], "fail-open");
    assert.equal(body.headers.authorization, undefined);
    assert.ok(errors.length >= 1);
    const [e, info] = errors[0];
    assert.equal(e.name, "UnkeyError");
    assert.equal(info.keyId, null);
    assert.ok(!JSON.stringify(info).includes(keys.admin));
    assert.ok(!String(e.message).includes(keys.admin));
  });
});
