// Conformance: the official TypeScript SDK @unkey/api (pinned 2.5.1), which validates every
// response against the Unkey v2 spec with zod, drives every operation unkey-local implements in
// one realistic scenario. A ResponseValidationError (or any unexpected error) fails the test.
// tests/migration/run.mjs also runs it with its imports switched to unkey-edge: a program
// written for @unkey/api.
//
// Run: node --test tests/conformance/   (after `cargo build -p unkey-local`)
// The binary is target/debug/unkey-local, or $UNKEY_LOCAL_BIN.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.UNKEY_LOCAL_BIN ?? path.join(root, "target/debug/unkey-local");
const ROOT_KEY = "unkey_conformance_root";
const VERIFY_ONLY = "unkey_conformance_verify_only";

let server;
let baseUrl;

before(async () => {
  server = spawn(
    bin,
    [
      "--listen", "127.0.0.1:0",
      "--root-key", ROOT_KEY,
      "--root-key", `${VERIFY_ONLY}=api.*.verify_key`,
      // The clock stands still unless a test moves it: no rate-limit window rolls over between
      // two calls that count on sharing one.
      "--faults", "--frozen-clock", "--dashboard",
      // keys.migrateKeys answers 404 for a migration id the server was not given.
      "--migration-id", "mig_conformance",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: server.stdout });
  const first = await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.once("exit", (code) => reject(new Error(`unkey-local exited early (${code})`)));
    lines.once("line", resolve);
  });
  const m = /^unkey-local listening on (http:\/\/\S+)$/.exec(first);
  assert.ok(m, `unexpected first line: ${first}`);
  baseUrl = m[1];
  // The frozen clock starts at the wall time, anywhere in a minute. Move it to just past a
  // minute's start, so that the scenario's 1.5 s step cannot carry a 60 s window over (the
  // sliding window would then weigh the earlier count down and let a limited request through).
  const { now } = await control("GET", "/_local/clock");
  await control("POST", "/_local/clock", { advanceMs: 60_000 - (now % 60_000) + 1_000 });
});

after(() => {
  server?.kill("SIGTERM");
});

// Fast retries so the fault step stays quick; the policy shape is the SDK default.
const retryConfig = {
  strategy: "backoff",
  backoff: { initialInterval: 10, maxInterval: 50, exponent: 1.5, maxElapsedTime: 2000 },
  retryConnectionErrors: true,
};

function client(rootKey = ROOT_KEY) {
  return new Unkey({ rootKey, serverURL: baseUrl, retryConfig });
}

async function control(method, p, body) {
  const res = await fetch(baseUrl + p, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(res.status, 200, `${method} ${p}`);
  return res.json();
}

async function rejects(promise, ErrorClass, status) {
  try {
    await promise;
  } catch (e) {
    if (e instanceof errors.ResponseValidationError) {
      throw new Error(`response failed the SDK's schema: ${e.pretty?.() ?? e.message}`);
    }
    assert.ok(e instanceof ErrorClass, `expected ${ErrorClass.name}, got ${e?.constructor?.name}: ${e?.message}`);
    if (status !== undefined) assert.equal(e.statusCode, status);
    // Typed errors carry the parsed envelope; the APIError fallback only the raw body.
    const type = e.data$?.error?.type ?? JSON.parse(e.body ?? "{}").error?.type ?? "";
    assert.match(type, /^https:\/\/unkey\.com\/docs\/errors\//);
    return e;
  }
  assert.fail(`expected ${ErrorClass.name}`);
}

async function pages(iterable) {
  const out = [];
  for await (const page of iterable) out.push(page);
  return out;
}

test("@unkey/api 2.5.1 against unkey-local: one realistic scenario", async (t) => {
  const unkey = client();
  let apiId;
  const keys = {};

  await t.test("liveness (not exposed by the SDK)", async () => {
    const res = await fetch(`${baseUrl}/v2/liveness`);
    assert.equal((await res.json()).data.message, "we're cooking");
  });

  await t.test("apis: create, get", async () => {
    const created = await unkey.apis.createApi({ name: "conformance-api" });
    apiId = created.data.apiId;
    assert.match(apiId, /^api_/);
    assert.ok(created.meta.requestId);
    const got = await unkey.apis.getApi({ apiId });
    assert.deepEqual(got.data, { id: apiId, name: "conformance-api" });
    await rejects(unkey.apis.getApi({ apiId: "api_doesnotexist" }), errors.NotFoundErrorResponse, 404);
  });

  await t.test("permissions and roles", async () => {
    const p = await unkey.permissions.createPermission({ name: "Read documents", slug: "documents.read", description: "read" });
    assert.match(p.data.permissionId, /^perm_/);
    await rejects(unkey.permissions.createPermission({ name: "dup", slug: "documents.read" }), errors.ConflictErrorResponse, 409);
    const byId = await unkey.permissions.getPermission({ permission: p.data.permissionId });
    assert.equal(byId.data.slug, "documents.read");
    const r = await unkey.permissions.createRole({ name: "editor", description: "edits", permissions: ["documents.read", "documents.write"] });
    await rejects(unkey.permissions.createRole({ name: "editor" }), errors.ConflictErrorResponse, 409);
    const role = await unkey.permissions.getRole({ role: "editor" });
    assert.equal(role.data.id, r.data.roleId);
    assert.equal(role.data.permissions.length, 2);
    const set = await unkey.permissions.setRolePermissions({ roleId: r.data.roleId, permissions: ["documents.read", "documents.write", "documents.delete"] });
    assert.equal(set.data.length, 3);
    await unkey.permissions.createRole({ name: "viewer", permissions: ["documents.read"] });
    const roles = await pages(await unkey.permissions.listRoles({ limit: 1 }));
    assert.equal(roles.length, 2, "listRoles paginates with limit 1");
    const perms = await pages(await unkey.permissions.listPermissions({ limit: 2 }));
    assert.deepEqual(perms.map((pg) => pg.result.data.length), [2, 1]);
    await unkey.permissions.createPermission({ name: "temp", slug: "temp.perm" });
    await unkey.permissions.deletePermission({ permission: "temp.perm" });
    await rejects(unkey.permissions.getPermission({ permission: "temp.perm" }), errors.NotFoundErrorResponse, 404);
    await unkey.permissions.deleteRole({ role: "viewer" });
    await rejects(unkey.permissions.getRole({ role: "viewer" }), errors.NotFoundErrorResponse, 404);
  });

  await t.test("identities", async () => {
    const id = await unkey.identities.createIdentity({
      externalId: "org_acme",
      meta: { plan: "enterprise" },
      ratelimits: [{ name: "org-requests", limit: 3, duration: 60000, autoApply: true }],
    });
    assert.match(id.data.identityId, /^id_/);
    await rejects(unkey.identities.createIdentity({ externalId: "org_acme" }), errors.ConflictErrorResponse, 409);
    const got = await unkey.identities.getIdentity({ identity: "org_acme" });
    assert.equal(got.data.id, id.data.identityId);
    assert.equal(got.data.ratelimits[0].limit, 3);
    const updated = await unkey.identities.updateIdentity({ identity: id.data.identityId, meta: { plan: "pro" } });
    assert.equal(updated.data.meta.plan, "pro");
    await unkey.identities.createIdentity({ externalId: "temp_identity" });
    const listed = await pages(await unkey.identities.listIdentities({ limit: 1 }));
    assert.equal(listed.length, 2);
    const deleted = await unkey.identities.deleteIdentity({ identity: "temp_identity" });
    assert.ok(deleted.meta.requestId);
    await rejects(unkey.identities.getIdentity({ identity: "temp_identity" }), errors.NotFoundErrorResponse, 404);
  });

  await t.test("keys: create with every option", async () => {
    const clock = await control("GET", "/_local/clock");
    const full = await unkey.keys.createKey({
      apiId,
      prefix: "acme",
      name: "full-options",
      byteLength: 24,
      externalId: "org_acme",
      meta: { customer: "acme", tier: 2 },
      roles: ["editor"],
      permissions: ["billing.read"],
      expires: clock.now + 24 * 3600 * 1000,
      credits: { remaining: 100, refill: { interval: "monthly", amount: 100, refillDay: 15 } },
      ratelimits: [{ name: "requests", limit: 50, duration: 60000, autoApply: true }],
      enabled: true,
    });
    assert.match(full.data.key, /^acme_[1-9A-HJ-NP-Za-km-z]+$/);
    keys.full = full.data;
    keys.plain = (await unkey.keys.createKey({ apiId })).data;
    keys.limited = (await unkey.keys.createKey({ apiId, ratelimits: [{ name: "tight", limit: 1, duration: 60000, autoApply: true }] })).data;
    keys.metered = (await unkey.keys.createKey({ apiId, credits: { remaining: 2 } })).data;
    keys.disabled = (await unkey.keys.createKey({ apiId, enabled: false })).data;
    keys.expiring = (await unkey.keys.createKey({ apiId, expires: clock.now + 1000 })).data;
    await rejects(unkey.keys.createKey({ apiId: "api_missing1" }), errors.NotFoundErrorResponse, 404);
  });

  await t.test("keys: verify every outcome", async () => {
    const v = async (body) => (await unkey.keys.verifyKey(body)).data;
    const full = await v({ key: keys.full.key, permissions: "documents.write AND (billing.read OR admin)", credits: { cost: 5 }, tags: ["path=/x"] });
    assert.equal(full.code, "VALID");
    assert.equal(full.valid, true);
    assert.equal(full.credits, 95);
    assert.equal(full.identity.externalId, "org_acme");
    assert.deepEqual(full.roles, ["editor"]);
    assert.ok(full.permissions.includes("documents.delete"));
    assert.deepEqual(full.meta, { customer: "acme", tier: 2 });
    assert.equal(full.ratelimits.length, 2, "the key's limit and the identity's");

    assert.equal((await v({ key: keys.full.key, permissions: "admin" })).code, "INSUFFICIENT_PERMISSIONS");
    assert.equal((await v({ key: keys.plain.key })).code, "VALID");
    assert.equal((await v({ key: "acme_doesnotexist" })).code, "NOT_FOUND");
    assert.equal((await v({ key: keys.disabled.key })).code, "DISABLED");
    assert.equal((await v({ key: keys.limited.key })).code, "VALID");
    const limited = await v({ key: keys.limited.key });
    assert.equal(limited.code, "RATE_LIMITED");
    assert.equal(limited.ratelimits[0].exceeded, true);
    assert.equal((await v({ key: keys.metered.key, credits: { cost: 2 } })).credits, 0);
    const used = await v({ key: keys.metered.key });
    assert.equal(used.code, "USAGE_EXCEEDED");
    assert.equal((await v({ key: keys.expiring.key })).code, "VALID");
    await control("POST", "/_local/clock", { advanceMs: 1500 });
    assert.equal((await v({ key: keys.expiring.key })).code, "EXPIRED");
    const adhoc = await v({ key: keys.plain.key, ratelimits: [{ name: "burst", limit: 5, duration: 1000, cost: 2 }] });
    assert.equal(adhoc.ratelimits[0].remaining, 3);
    await rejects(unkey.keys.verifyKey({ key: keys.plain.key, permissions: "a AND AND b" }), errors.BadRequestErrorResponse, 400);
    // The real server answers 412 here although the spec lists no 412 for verifyKey, so the SDK
    // surfaces it as its generic APIError.
    await rejects(unkey.keys.verifyKey({ key: keys.plain.key, ratelimits: [{ name: "undefined-limit" }] }), errors.APIError, 412);
    // Identity limits are shared: full already used 1 of the org's 3.
    assert.equal((await v({ key: keys.full.key })).code, "VALID");
    assert.equal((await v({ key: keys.full.key })).code, "VALID");
    assert.equal((await v({ key: keys.full.key })).code, "RATE_LIMITED");
  });

  await t.test("keys: read, update, credits, permissions, roles", async () => {
    const got = await unkey.keys.getKey({ keyId: keys.full.keyId });
    assert.equal(got.data.start, keys.full.key.slice(0, 9));
    assert.equal(got.data.credits.refill.refillDay, 15);
    const who = await unkey.keys.whoami({ key: keys.plain.key });
    assert.equal(who.data.keyId, keys.plain.keyId);

    await unkey.keys.updateKey({ keyId: keys.plain.keyId, name: "renamed", meta: { a: 1 }, externalId: "org_acme", credits: { remaining: 10 } });
    let k = (await unkey.keys.getKey({ keyId: keys.plain.keyId })).data;
    assert.equal(k.name, "renamed");
    assert.equal(k.identity.externalId, "org_acme");
    assert.equal(k.credits.remaining, 10);
    await unkey.keys.updateKey({ keyId: keys.plain.keyId, name: null, meta: null, externalId: null, credits: null, enabled: false });
    k = (await unkey.keys.getKey({ keyId: keys.plain.keyId })).data;
    assert.equal(k.name, undefined);
    assert.equal(k.identity, undefined);
    assert.equal(k.enabled, false);
    await unkey.keys.updateKey({ keyId: keys.plain.keyId, enabled: true });

    const inc = await unkey.keys.updateCredits({ keyId: keys.metered.keyId, operation: "increment", value: 5 });
    assert.equal(inc.data.remaining, 5);
    const dec = await unkey.keys.updateCredits({ keyId: keys.metered.keyId, operation: "decrement", value: 50 });
    assert.equal(dec.data.remaining, 0);
    const unlimited = await unkey.keys.updateCredits({ keyId: keys.metered.keyId, operation: "set", value: null });
    assert.equal(unlimited.data.remaining, null);

    assert.equal((await unkey.keys.addPermissions({ keyId: keys.plain.keyId, permissions: ["x.read", "x.write"] })).data.length, 2);
    assert.equal((await unkey.keys.removePermissions({ keyId: keys.plain.keyId, permissions: ["x.read"] })).data.length, 1);
    assert.deepEqual((await unkey.keys.setPermissions({ keyId: keys.plain.keyId, permissions: ["y.read"] })).data.map((p) => p.slug), ["y.read"]);
    assert.equal((await unkey.keys.addRoles({ keyId: keys.plain.keyId, roles: ["editor"] })).data[0].name, "editor");
    assert.deepEqual((await unkey.keys.removeRoles({ keyId: keys.plain.keyId, roles: ["editor"] })).data, []);
    assert.equal((await unkey.keys.setRoles({ keyId: keys.plain.keyId, roles: ["editor"] })).data.length, 1);
    const after = (await unkey.keys.verifyKey({ key: keys.plain.key, permissions: "y.read AND documents.read" })).data;
    assert.equal(after.code, "VALID");
  });

  await t.test("keys: reroll, delete, migrate, list", async () => {
    const rerolled = await unkey.keys.rerollKey({ keyId: keys.full.keyId, expiration: 60000 });
    assert.match(rerolled.data.key, /^acme_/);
    // Past the old key's grace period, which the server rounds up to the next full minute as
    // Unkey does (and past the identity's exhausted window).
    await control("POST", "/_local/clock", { advanceMs: 120001 });
    const fresh = (await unkey.keys.verifyKey({ key: rerolled.data.key, permissions: "billing.read" })).data;
    assert.equal(fresh.code, "VALID");
    assert.equal(fresh.identity.externalId, "org_acme");
    assert.equal((await unkey.keys.verifyKey({ key: keys.full.key })).data.code, "EXPIRED");

    await unkey.keys.deleteKey({ keyId: keys.disabled.keyId });
    await unkey.keys.deleteKey({ keyId: keys.limited.keyId, permanent: true });
    for (const k of [keys.disabled, keys.limited]) {
      assert.equal((await unkey.keys.verifyKey({ key: k.key })).data.code, "NOT_FOUND");
      await rejects(unkey.keys.getKey({ keyId: k.keyId }), errors.NotFoundErrorResponse, 404);
    }

    // When no hash fails, Unkey answers `"failed": null` (a Go nil slice), which @unkey/api's
    // response schema (`failed: string[]`) refuses: its migrateKeys rejects with a
    // ResponseValidationError although the keys were imported. unkey-edge hands the answer
    // over as sent (README, "Migrating from `@unkey/api`").
    const migrated = await unkey.keys
      .migrateKeys({
        migrationId: "mig_conformance",
        apiId,
        keys: [{ hash: "CptSN3vQ0shZLIsdT5c/tlpeFK/qqxY0R/aQNCfKhWs=", name: "legacy" }],
      })
      .catch((e) => {
        assert.ok(e instanceof errors.ResponseValidationError, String(e));
        assert.equal(e.rawValue?.data?.failed, null);
        return e.rawValue;
      });
    assert.equal(migrated.data.migrated.length, 1);
    assert.equal(migrated.data.failed, null);
    assert.equal((await unkey.keys.verifyKey({ key: "MVgWNsyPmv6VthC9moCNAPwS" })).data.code, "VALID");

    const listed = await pages(await unkey.apis.listKeys({ apiId, limit: 2 }));
    const ids = listed.flatMap((pg) => pg.result.data.map((k) => k.keyId));
    assert.ok(listed.length >= 3, "several pages");
    assert.equal(new Set(ids).size, ids.length, "no key repeats across pages");
    assert.ok(!ids.includes(keys.disabled.keyId), "deleted keys are not listed");
    const acme = await unkey.apis.listKeys({ apiId, externalId: "org_acme" });
    assert.ok(acme.result.data.every((k) => k.identity?.externalId === "org_acme"));
  });

  await t.test("ratelimit: limit, overrides, multiLimit", async () => {
    const r1 = await unkey.ratelimit.limit({ namespace: "email", identifier: "user_1", limit: 2, duration: 60000 });
    assert.equal(r1.data.success, true);
    assert.equal(r1.data.remaining, 1);
    await unkey.ratelimit.limit({ namespace: "email", identifier: "user_1", limit: 2, duration: 60000 });
    const r3 = await unkey.ratelimit.limit({ namespace: "email", identifier: "user_1", limit: 2, duration: 60000 });
    assert.equal(r3.data.success, false);
    const ov = await unkey.ratelimit.setOverride({ namespace: "email", identifier: "vip_*", limit: 1000, duration: 60000 });
    const hit = await unkey.ratelimit.limit({ namespace: "email", identifier: "vip_7", limit: 2, duration: 60000, cost: 10 });
    assert.equal(hit.data.overrideId, ov.data.overrideId);
    assert.equal(hit.data.remaining, 990);
    const got = await unkey.ratelimit.getOverride({ namespace: "email", identifier: "vip_*" });
    assert.equal(got.data.limit, 1000);
    for (let i = 0; i < 11; i++) {
      await unkey.ratelimit.setOverride({ namespace: "email", identifier: `u${i}`, limit: 1, duration: 1000 });
    }
    // (A page is 50 overrides unless `limit` says otherwise: upstream's handler default.)
    const listed = await pages(await unkey.ratelimit.listOverrides({ namespace: "email", limit: 10 }));
    assert.deepEqual(listed.map((pg) => pg.result.data.length), [10, 2]);
    await unkey.ratelimit.deleteOverride({ namespace: "email", identifier: "vip_*" });
    await rejects(unkey.ratelimit.getOverride({ namespace: "email", identifier: "vip_*" }), errors.NotFoundErrorResponse, 404);
    const multi = await unkey.ratelimit.multiLimit([
      { namespace: "email", identifier: "user_2", limit: 5, duration: 60000 },
      { namespace: "sms", identifier: "user_2", limit: 1, duration: 60000, cost: 2 },
    ]);
    assert.equal(multi.data.passed, false);
    assert.deepEqual(multi.data.limits.map((l) => l.passed), [true, false]);
  });

  await t.test("root-key scoping and auth errors", async () => {
    const scoped = client(VERIFY_ONLY);
    assert.equal((await scoped.keys.verifyKey({ key: keys.plain.key })).data.code, "VALID");
    await rejects(scoped.apis.createApi({ name: "nope-api" }), errors.ForbiddenErrorResponse, 403);
    await rejects(client("unkey_wrong").apis.getApi({ apiId }), errors.UnauthorizedErrorResponse, 401);
  });

  await t.test("faults: the SDK retries 503s; counters prove it", async () => {
    await control("POST", "/_local/requests/reset");
    await control("POST", "/_local/faults", { kind: "status", status: 503, count: 2, path: "/v2/apis.getApi" });
    const got = await unkey.apis.getApi({ apiId });
    assert.equal(got.data.id, apiId);
    const counts = await control("GET", "/_local/requests");
    assert.equal(counts.paths["/v2/apis.getApi"], 3);
  });

  await t.test("portal: createSession, exchangeCode, and the session's own routes", async () => {
    await control("POST", "/_local/dashboard/portal", { slug: "conformance-portal", apiId });
    const owned = (await unkey.keys.createKey({ apiId, externalId: "portal_user" })).data;
    const session = await unkey.portal.createSession({
      portal: "conformance-portal",
      externalId: "portal_user",
      scopes: ["keys:read", "keys:reroll", "analytics:read"],
      returnUrl: "https://app.example.com/back",
    });
    assert.match(session.result.data.id, /^ps_/);
    const code = new URL(session.result.data.url).searchParams.get("code");
    const access = await unkey.portal.exchangeCode({ code });
    const portalSession = access.result.data.accessToken;
    await rejects(unkey.portal.exchangeCode({ code }), errors.UnauthorizedErrorResponse, 401);
    await rejects(
      unkey.portal.createSession({ portal: "no-such-portal", externalId: "portal_user", scopes: ["keys:read"] }),
      errors.NotFoundErrorResponse,
      404,
    );

    // The end user's routes, authenticated by the session cookie as the SDK sends it (and
    // tests/migration/run.mjs runs this scenario with unkey-edge's imports too).
    const listed = await unkey.portal.listKeys({ portalSession }, {});
    assert.deepEqual(listed.result.data.map((k) => k.keyId), [owned.keyId]);
    const rerolled = await unkey.portal.rerollKey({ portalSession }, { keyId: owned.keyId, expiration: 0 });
    assert.match(rerolled.data.keyId, /^key_/);
    const now = Date.now();
    const series = await unkey.portal.getVerifications({ portalSession }, { startTime: now - 3_600_000, endTime: now });
    // Without --analytics nothing is recorded: the empty series of a server without ClickHouse.
    assert.deepEqual(series.data, []);
    await rejects(unkey.portal.listKeys({ portalSession: "pat_unknown" }, {}), errors.UnauthorizedErrorResponse, 401);
  });

  await t.test("apis: delete invalidates keys", async () => {
    await unkey.apis.deleteApi({ apiId });
    assert.equal((await unkey.keys.verifyKey({ key: keys.plain.key })).data.code, "NOT_FOUND");
    await rejects(unkey.apis.getApi({ apiId }), errors.NotFoundErrorResponse, 404);
  });
});
