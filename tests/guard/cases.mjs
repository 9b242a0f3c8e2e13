// The guard's behaviour, asserted the same way for every Worker (JS and workers-rs): each runs
// in workerd in front of a recording origin, against a real unkey-local.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  ROOT_KEY,
  startUnkeyLocal,
  startOrigin,
  closedPortURL,
  seed,
  startWorker,
} from "./harness.mjs";

async function problem(res, status, code) {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status}`);
  assert.match(res.headers.get("content-type") || "", /application\/problem\+json/);
  const body = await res.json();
  assert.equal(body.code, code);
  assert.equal(body.status, status);
  assert.equal(typeof body.requestId, "string");
  assert.ok(body.requestId.length > 0);
  return body;
}

/** Define the suite for one Worker; `load()` returns its built bundle. */
export function guardSuite(name, load) {
  describe(`${name} guard in workerd`, () => {
    let unkey, faulty, origin, worker, down, downOpen, flaky, flakyOpen, keys, apiId, faultyKeys, bundle;
    const reached = () => origin.received.length;
    const last = () => origin.received[origin.received.length - 1];

    before(async () => {
      bundle = load();
      unkey = await startUnkeyLocal();
      // A second unkey-local whose faults (delays, 5xx) the tests switch on and off.
      faulty = await startUnkeyLocal(["--faults"]);
      ({ keys: faultyKeys } = await seed(faulty.url, ROOT_KEY));
      origin = await startOrigin();
      ({ keys, apiId } = await seed(unkey.url, ROOT_KEY, { rate: 3 }));
      const vars = { UNKEY_ROOT_KEY: ROOT_KEY, UNKEY_SERVER_URL: unkey.url, ORIGIN_URL: origin.url };
      const dead = await closedPortURL();
      [worker, down, downOpen, flaky, flakyOpen] = await Promise.all([
        startWorker(bundle, vars),
        startWorker(bundle, { ...vars, UNKEY_SERVER_URL: dead, GUARD_DEADLINE_MS: "1500" }),
        startWorker(bundle, { ...vars, UNKEY_SERVER_URL: dead, GUARD_FAIL_OPEN: "true", GUARD_DEADLINE_MS: "1500" }),
        startWorker(bundle, { ...vars, UNKEY_SERVER_URL: faulty.url, GUARD_DEADLINE_MS: "400" }),
        startWorker(bundle, { ...vars, UNKEY_SERVER_URL: faulty.url, GUARD_DEADLINE_MS: "1500", GUARD_FAIL_OPEN: "true" }),
      ]);
    });

    after(async () => {
      await Promise.all([worker, down, downOpen, flaky, flakyOpen].filter(Boolean).map((w) => w.dispose()));
      await Promise.all([unkey?.stop(), faulty?.stop(), origin?.close()]);
    });

    it("public route without a key reaches the origin", async () => {
      const n = reached();
      const res = await worker.fetch("/public/hello?x=1");
      assert.equal(res.status, 200);
      const seen = await res.json();
      assert.equal(seen.path, "/public/hello?x=1");
      assert.equal(seen.headers["x-unkey-guard"], "public");
      assert.equal(reached(), n + 1);
    });

    it("on Workers, Cloudflare's cf-ray is the problem body's requestId", async () => {
      const res = await worker.fetch("/api/data", { headers: { "cf-ray": "8d1f00aa-SJC" } });
      assert.equal(res.status, 401);
      assert.equal((await res.json()).requestId, "8d1f00aa-SJC");
    });

    it("missing key is 401 and never reaches the origin", async () => {
      const n = reached();
      await problem(await worker.fetch("/api/data"), 401, "MISSING_KEY");
      await problem(await worker.fetch("/api/data", { headers: { authorization: "Basic abc" } }), 401, "MALFORMED_KEY");
      assert.equal(reached(), n);
    });

    it("unknown key is 401 NOT_FOUND", async () => {
      const n = reached();
      const body = await problem(
        await worker.fetch("/api/data", { headers: { authorization: "Bearer demo_doesnotexist123" } }),
        401,
        "NOT_FOUND",
      );
      assert.equal(typeof body.unkeyRequestId, "string");
      assert.equal(reached(), n);
    });

    it("valid key reaches the origin with identity headers and without the key", async () => {
      const res = await worker.fetch("/api/data", { headers: { authorization: `Bearer ${keys.admin}` } });
      assert.equal(res.status, 200);
      const seen = last();
      assert.match(seen.headers["x-unkey-key-id"], /^key_/);
      assert.equal(seen.headers["x-unkey-identity"], "user_root");
      assert.equal(seen.headers["x-unkey-plan"], "enterprise");
      assert.equal(seen.headers["x-unkey-guard"], "verified");
      assert.equal(seen.headers.authorization, undefined);
      assert.ok(!JSON.stringify(seen).includes(keys.admin), "the key itself reached the origin");
    });

    it("spoofed identity headers are removed", async () => {
      const spoof = {
        authorization: `Bearer ${keys.admin}`,
        "x-unkey-identity": "user_mallory",
        "X-Unkey-Key-Id": "key_fake",
        "x-unkey-anything": "1",
        "x-unkey-plan": "free-forever",
      };
      assert.equal((await worker.fetch("/api/data", { headers: spoof })).status, 200);
      let seen = last();
      assert.equal(seen.headers["x-unkey-identity"], "user_root");
      assert.notEqual(seen.headers["x-unkey-key-id"], "key_fake");
      assert.equal(seen.headers["x-unkey-plan"], "enterprise");
      assert.equal(seen.headers["x-unkey-anything"], undefined);
      // Public routes strip them too: the origin can trust X-Unkey-* everywhere.
      assert.equal((await worker.fetch("/public/x", { headers: spoof })).status, 200);
      seen = last();
      assert.equal(seen.headers["x-unkey-identity"], undefined);
      assert.equal(seen.headers["x-unkey-key-id"], undefined);
      assert.equal(seen.headers.authorization, undefined);
    });

    it("insufficient permission is 403; the admin key passes", async () => {
      const n = reached();
      await problem(
        await worker.fetch("/admin/users", { headers: { authorization: `Bearer ${keys.reader}` } }),
        403,
        "INSUFFICIENT_PERMISSIONS",
      );
      assert.equal(reached(), n);
      const res = await worker.fetch("/admin/users", { headers: { authorization: `Bearer ${keys.admin}` } });
      assert.equal(res.status, 200);
      assert.equal(last().path, "/admin/users");
    });

    it("disabled key is 403 DISABLED", async () => {
      await problem(await worker.fetch("/api/x", { headers: { authorization: `Bearer ${keys.disabled}` } }), 403, "DISABLED");
    });

    it("rate limit exceeded is 429 with Retry-After and RateLimit-*", async () => {
      const auth = { authorization: `Bearer ${keys.plain}` };
      const first = await worker.fetch("/api/data", { headers: auth });
      assert.equal(first.status, 200);
      assert.equal(first.headers.get("ratelimit-limit"), "3");
      assert.equal(first.headers.get("ratelimit-remaining"), "2");
      const reset = Number(first.headers.get("ratelimit-reset"));
      assert.ok(reset >= 1 && reset <= 60, `RateLimit-Reset ${reset}`);
      assert.equal(last().headers["x-unkey-identity"], "user_alice");
      assert.equal(last().headers["x-unkey-plan"], "pro");
      await first.arrayBuffer();
      for (let i = 0; i < 2; i++) assert.equal((await worker.fetch("/api/data", { headers: auth })).status, 200);
      const n = reached();
      const res = await worker.fetch("/api/data", { headers: auth });
      assert.equal(res.headers.get("ratelimit-limit"), "3");
      assert.equal(res.headers.get("ratelimit-remaining"), "0");
      const retry = Number(res.headers.get("retry-after"));
      assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
      assert.equal(Number(res.headers.get("ratelimit-reset")), retry);
      await problem(res, 429, "RATE_LIMITED");
      assert.equal(reached(), n);
    });

    it("used-up credits are 429 USAGE_EXCEEDED", async () => {
      const auth = { authorization: `Bearer ${keys.lowCredit}` };
      assert.equal((await worker.fetch("/api/data", { headers: auth })).status, 200);
      await problem(await worker.fetch("/api/data", { headers: auth }), 429, "USAGE_EXCEEDED");
    });

    it("unkey down fails closed with 503", async () => {
      const n = reached();
      const res = await down.fetch("/api/data", { headers: { authorization: `Bearer ${keys.admin}` } });
      await problem(res, 503, "UNKEY_UNAVAILABLE");
      assert.equal(reached(), n);
      // Public routes do not depend on Unkey.
      assert.equal((await down.fetch("/public/x")).status, 200);
    });

    it("unkey down is forwarded, marked fail-open, when the route fails open", async () => {
      const res = await downOpen.fetch("/api/data", {
        headers: { authorization: `Bearer ${keys.admin}`, "x-unkey-identity": "user_mallory" },
      });
      assert.equal(res.status, 200);
      const seen = last();
      assert.equal(seen.headers["x-unkey-guard"], "fail-open");
      assert.equal(seen.headers["x-unkey-identity"], undefined);
      assert.equal(seen.headers["x-unkey-key-id"], undefined);
      assert.equal(seen.headers.authorization, undefined);
      // A missing key is still refused: failing open only covers Unkey being unavailable.
      await problem(await downOpen.fetch("/api/data"), 401, "MISSING_KEY");
    });

    async function fault(body) {
      const res = await fetch(`${faulty.url}/_local/faults`, { method: body ? "POST" : "DELETE", body: body && JSON.stringify(body) });
      assert.ok(res.ok, `fault setup: ${res.status}`);
    }

    it("unkey-local slow (delay fault): the deadline holds, 503, then recovery", async () => {
      const auth = { authorization: `Bearer ${faultyKeys.admin}` };
      assert.equal((await flaky.fetch("/api/data", { headers: auth })).status, 200);
      const n = reached();
      await fault({ kind: "delay", delayMs: 5000, path: "/v2/keys.verifyKey", count: 3 });
      const started = Date.now();
      await problem(await flaky.fetch("/api/data", { headers: auth }), 503, "UNKEY_UNAVAILABLE");
      // The 400 ms deadline ended it, not the server's 5 s (a bound on behaviour, with room for
      // a loaded machine; not a speed goal).
      assert.ok(Date.now() - started < 4500, `answered after ${Date.now() - started} ms`);
      assert.equal(reached(), n);
      await fault(null);
      assert.equal((await flaky.fetch("/api/data", { headers: auth })).status, 200);
    });

    it("unkey-local answering 5xx fails closed with 503", async () => {
      const auth = { authorization: `Bearer ${faultyKeys.admin}` };
      const n = reached();
      await fault({ kind: "status", status: 503, path: "/v2/keys.verifyKey", count: 10 });
      await problem(await flaky.fetch("/api/data", { headers: auth }), 503, "UNKEY_UNAVAILABLE");
      assert.equal(reached(), n);
      await fault(null);
      assert.equal((await flaky.fetch("/api/data", { headers: auth })).status, 200);
    });

    it("unmatched paths and ambiguous paths are refused", async () => {
      await problem(await worker.fetch("/elsewhere"), 404, "NO_ROUTE");
      await problem(await worker.fetch("/public/..%2Fadmin/users"), 400, "BAD_PATH");
      // Encoded twice: an origin (or a proxy before it) that decodes again reads `..%2F` as `../`.
      const n = reached();
      for (const p of ["/public/..%252Fadmin/users", "/public/%252e%252e/admin/users", "/%2561dmin/users"]) {
        await problem(await worker.fetch(p), 400, "BAD_PATH");
      }
      assert.equal(reached(), n);
      // Case and escapes cannot dodge /admin/*, nor letters outside ASCII that Java's
      // equalsIgnoreCase reads as ASCII ones (`ı`, `ſ`, the Kelvin sign), nor trailing
      // dots or spaces, which Windows (IIS) drops from names.
      for (const p of ["/%61dmin/users", "/ADMIN/users", "//admin//users", "/adm%C4%B1n/users", "/ADM%C4%B0N/users", "/admin./users", "/admin.%20/users"]) {
        await problem(
          await worker.fetch(p, { headers: { authorization: `Bearer ${keys.reader}` } }),
          403,
          "INSUFFICIENT_PERMISSIONS",
        );
      }
    });

    async function verifyCount() {
      const res = await fetch(`${faulty.url}/_local/requests`);
      return (await res.json()).paths?.["/v2/keys.verifyKey"] ?? 0;
    }

    // Fail-open means "Unkey unreachable or past the deadline" and nothing else: an answer an
    // attacker can provoke (Unkey's 429 once the workspace limit is spent, a 500) or a garbled
    // or ambiguous verdict is a 503, never a forward.
    it("fail-open never forwards on 429, 500, a redirect or a garbled verdict", async () => {
      const auth = { authorization: `Bearer ${faultyKeys.admin}` };
      const verdict = (data) => ({ meta: { requestId: "req_x" }, data });
      const faults = [
        { kind: "rate_limited", retryAfter: 60 },
        { kind: "status", status: 500 },
        { kind: "body", status: 307, body: {}, location: "/v2/keys.verifyKey" },
        { kind: "body", body: verdict({ valid: false, code: "VALID" }) },
        { kind: "body", body: verdict({ valid: true, code: "NOT_FOUND" }) },
        { kind: "body", body: verdict({ valid: "true", code: "VALID" }) },
        { kind: "body", body: verdict({ valid: true, code: ["VALID"] }) },
        { kind: "body", body: verdict({ code: "VALID" }) },
        { kind: "non_json", status: 200 },
      ];
      for (const f of faults) {
        await fault(null);
        await fetch(`${faulty.url}/_local/requests`, { method: "DELETE" });
        await fault({ ...f, path: "/v2/keys.verifyKey", count: 5 });
        const n = reached();
        const res = await flakyOpen.fetch("/api/data", { headers: auth });
        await problem(res, 503, "UNKEY_UNAVAILABLE");
        assert.equal(reached(), n, `forwarded on ${JSON.stringify(f)}`);
        // One attempt: a redirect is not followed, and none of these is retried for verifyKey.
        assert.equal(await verifyCount(), 1, JSON.stringify(f));
      }
      // Unreachable (a gateway's 503) is what fail-open is for.
      await fault(null);
      await fault({ kind: "status", status: 503, path: "/v2/keys.verifyKey", count: 5 });
      const res = await flakyOpen.fetch("/api/data", { headers: auth });
      assert.equal(res.status, 200);
      assert.equal(last().headers["x-unkey-guard"], "fail-open");
      await fault(null);
      assert.equal((await flakyOpen.fetch("/api/data", { headers: auth })).status, 200);
      assert.equal(last().headers["x-unkey-guard"], "verified");
    });

    // Methods workerd takes that a GET route does not name (WebDAV's, PURGE): the route table
    // is matched with the method as sent (workers-rs reads every method its `Method` does not
    // name as GET), and the origin gets that method, not a GET.
    it("a method no route names is not a GET, and is forwarded as sent", async () => {
      const n = reached();
      for (const method of ["PROPFIND", "PURGE", "MOVE"]) {
        await problem(await worker.fetch("/public/x", { method }), 404, "NO_ROUTE");
      }
      assert.equal(reached(), n);
      const res = await worker.fetch("/api/x", { method: "PROPFIND", headers: { authorization: `Bearer ${keys.admin}` } });
      assert.equal(res.status, 200);
      await res.arrayBuffer();
      assert.equal(last().method, "PROPFIND");
      assert.equal(last().headers["x-unkey-guard"], "verified");
    });

    it("paths with ';' parameters or control characters, and _method overrides, are refused", async () => {
      const n = reached();
      for (const p of ["/public/..;/admin/x", "/public/..%3B/admin/x", "/public/x;jsessionid=1", "/public/a%00b"]) {
        await problem(await worker.fetch(p), 400, "BAD_PATH");
      }
      for (const p of ["/public/x?_method=DELETE", "/public/x?a=1&%5Fmethod=put"]) {
        await problem(await worker.fetch(p), 400, "METHOD_OVERRIDE");
      }
      assert.equal(reached(), n);
      // The same method is no override.
      assert.equal((await worker.fetch("/public/x?_method=GET")).status, 200);
    });

    it("underscore variants of the guard's headers and method-override headers never reach the origin", async () => {
      const spoof = {
        X_Unkey_Key_Id: "key_fake",
        x_unkey_identity: "user_mallory",
        "X-Unkey_Plan": "free-forever",
        "X-HTTP-Method-Override": "DELETE",
        X_HTTP_Method_Override: "DELETE",
        "X-Method-Override": "DELETE",
      };
      for (const [path, extra] of [
        ["/api/data", { authorization: `Bearer ${keys.admin}` }],
        ["/public/x", {}],
      ]) {
        assert.equal((await worker.fetch(path, { headers: { ...spoof, ...extra } })).status, 200);
        const names = Object.keys(last().headers).map((h) => h.toLowerCase().replaceAll("_", "-"));
        for (const h of ["x-http-method-override", "x-method-override"]) assert.ok(!names.includes(h), `${path}: ${h}`);
        assert.ok(!JSON.stringify(last().headers).includes("key_fake"), path);
        assert.ok(!JSON.stringify(last().headers).includes("user_mallory"), path);
        assert.ok(!JSON.stringify(last().headers).includes("free-forever"), path);
      }
      // And on a fail-open forward.
      assert.equal((await downOpen.fetch("/api/data", { headers: { ...spoof, authorization: `Bearer ${keys.admin}` } })).status, 200);
      assert.equal(last().headers["x-unkey-guard"], "fail-open");
      assert.ok(!JSON.stringify(last().headers).includes("key_fake"));
      assert.ok(!JSON.stringify(last().headers).includes("user_mallory"));
    });

    it("GUARD_CACHE_MS: verdicts that spend nothing are reused; spending keys and cache:false routes always ask", async () => {
      await fault(null);
      const cached = await startWorker(bundle, {
        UNKEY_ROOT_KEY: ROOT_KEY,
        UNKEY_SERVER_URL: faulty.url,
        ORIGIN_URL: origin.url,
        GUARD_CACHE_MS: "60000",
      });
      const verifications = async () => (await (await fetch(`${faulty.url}/_local/requests`)).json()).paths["/v2/keys.verifyKey"] ?? 0;
      /** Requests `n` times; returns how many verifications reached unkey-local, and the statuses. */
      async function ask(path, key, n) {
        const before = await verifications();
        const statuses = [];
        for (let i = 0; i < n; i++) {
          statuses.push((await cached.fetch(path, { headers: { authorization: `Bearer ${key}` } })).status);
        }
        return [(await verifications()) - before, statuses];
      }
      try {
        // A key without credits or limits: verified once for five requests, each one forwarded as
        // verified, with the identity the answer named.
        let [n, statuses] = await ask("/api/data", faultyKeys.reader, 5);
        assert.equal(n, 1);
        assert.deepEqual(statuses, [200, 200, 200, 200, 200]);
        assert.equal(last().headers["x-unkey-identity"], "user_carol");
        assert.equal(last().headers["x-unkey-guard"], "verified");
        // Keys that spend (an auto-applied rate limit, credits) are asked every time.
        [n] = await ask("/api/data", faultyKeys.plain, 4);
        assert.equal(n, 4);
        [n, statuses] = await ask("/api/data", faultyKeys.lowCredit, 3);
        assert.equal(n, 3);
        assert.notEqual(statuses[2], 200);
        // The admin route says `cache: false`.
        [n, statuses] = await ask("/admin/x", faultyKeys.admin, 3);
        assert.equal(n, 3);
        assert.deepEqual(statuses, [200, 200, 200]);
        // A flood of one unknown key: one verification (the negative TTL), every request 401.
        [n, statuses] = await ask("/api/data", "demo_doesnotexist456", 10);
        assert.equal(n, 1);
        assert.ok(statuses.every((s) => s === 401));
      } finally {
        await cached.dispose();
      }
    });

    // Round 2 of the attack on the guard: what an origin behind it reads as another path or
    // another caller.
    it("a Windows short name, a suffix or a script's path info an origin may serve from a route of another policy is refused; one all readings agree on goes on", async () => {
      const n = reached();
      // IIS serves `/ADMIN~1/users` from `/admin/users` (admin permission) where NTFS made that
      // name; as sent it is no route (deny). The key is a reader's: neither reading may pass it.
      // PHP frameworks route `/index.php/admin/users` by its path info, `/admin/users`.
      // ASP.NET drops a cookieless session id: `/(S(x))/admin/users` is `/admin/users`.
      for (const p of ["/ADMIN~1/users", "/ad3f2a~2/users", "/index.php/admin/users", "/(S(x1))/admin/users"]) {
        await problem(await worker.fetch(p, { headers: { authorization: `Bearer ${keys.reader}` } }), 400, "BAD_PATH");
      }
      assert.equal(reached(), n);
      // Every reading is the public route: served, `~` and suffix as sent.
      for (const p of ["/public/HEAD~1", "/public/report.json"]) {
        const res = await worker.fetch(p);
        assert.equal(res.status, 200, p);
        assert.equal((await res.json()).path, p);
      }
      assert.equal(reached(), n + 2);
    });

    it("an encoded '?' or '#' in the path is refused: an origin that decodes and parses again ends the path there", async () => {
      const n = reached();
      for (const p of ["/admin%3F/users", "/admin%3f", "/admin%23/users", "/api%3F/x"]) {
        await problem(await worker.fetch(p, { headers: { authorization: `Bearer ${keys.reader}` } }), 400, "BAD_PATH");
      }
      assert.equal(reached(), n);
      // In the query they are the query's.
      assert.equal((await worker.fetch("/public/x?q=%3F%23")).status, 200);
      assert.equal(last().path, "/public/x?q=%3F%23");
    });

    // An origin that drops trailing dots and spaces (IIS) may read `.. ` as `..`, and `...` or
    // ` ` as nothing: `/public/..%20/admin` was a public path to the guard.
    it("a segment of only dots and spaces, or an NTFS stream, is refused", async () => {
      const n = reached();
      for (const p of ["/public/..%20/admin/users", "/public/.../admin/users", "/public/.%20/x", "/admin/%20/users", "/admin::$INDEX_ALLOCATION/users"]) {
        await problem(await worker.fetch(p), 400, "BAD_PATH");
      }
      assert.equal(reached(), n);
    });

    // PHP turns a '.' in a parameter name into '_', and Laravel honours `_method` on any request.
    it("a `.method` query parameter is the `_method` override PHP reads, and refused", async () => {
      const n = reached();
      for (const p of ["/public/x?.method=DELETE", "/public/x?a=1&%2EMETHOD=put"]) {
        await problem(await worker.fetch(p), 400, "METHOD_OVERRIDE");
      }
      assert.equal(reached(), n);
    });

    it("path-override headers (X-Original-URL, X-Rewrite-URL) never reach the origin", async () => {
      const override = { "X-Original-URL": "/admin/users", "X-Rewrite-URL": "/admin/users", X_Original_URL: "/admin/users" };
      for (const [p, extra] of [
        ["/public/x", {}],
        ["/api/data", { authorization: `Bearer ${keys.reader}` }],
      ]) {
        assert.equal((await worker.fetch(p, { headers: { ...override, ...extra } })).status, 200, p);
        const names = Object.keys(last().headers).map((h) => h.toLowerCase().replaceAll("_", "-"));
        for (const h of ["x-original-url", "x-rewrite-url"]) assert.ok(!names.includes(h), `${p}: ${h} reached the origin`);
        assert.ok(!JSON.stringify(last().headers).includes("/admin/users"), p);
      }
    });

    // Key meta is free text (external ids are not: `^[a-zA-Z0-9_.-]+$`): a plan "enterprise "
    // must not reach the origin as the plan "enterprise", which HTTP's trimming would make it.
    it("a meta value with spaces at its ends reaches the origin as itself, not as the value without them", async () => {
      const res = await fetch(`${unkey.url}/v2/keys.createKey`, {
        method: "POST",
        headers: { authorization: `Bearer ${ROOT_KEY}`, "content-type": "application/json" },
        body: JSON.stringify({ apiId, prefix: "demo", meta: { plan: " enterprise " } }),
      });
      assert.equal(res.status, 200, await res.clone().text());
      const { key } = (await res.json()).data;
      assert.equal((await worker.fetch("/api/data", { headers: { authorization: `Bearer ${key}` } })).status, 200);
      const plan = last().headers["x-unkey-plan"];
      assert.notEqual(plan, "enterprise", "another plan's value reached the origin");
      assert.equal(decodeURIComponent(plan), " enterprise ");
    });
  });
}
