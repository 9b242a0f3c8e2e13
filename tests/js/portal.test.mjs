// portal.* through the packed package, against unkey-local --dashboard (which configures the
// portal): a session is minted for one end user, its URL's code is redeemed exactly once, and
// with the access token as `security.portalSession` (sent as the `portal_session` cookie, never
// with the root key) the portal's own operations see that end user's keys only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Unkey } from "unkey-edge";
import { BadRequestErrorResponse, ForbiddenErrorResponse, UnauthorizedErrorResponse, NotFoundErrorResponse } from "unkey-edge/models/errors";
import { serverURL, rootKey, rejection } from "./local.mjs";

const unkey = new Unkey({ rootKey, serverURL });


test("portal: createSession, exchangeCode once, the session sees only its end user's keys", async () => {
  const { apiId } = (await unkey.apis.createApi({ name: "portal_api" })).data;
  const mine = (await unkey.keys.createKey({ apiId, externalId: "user_a" })).data;
  await unkey.keys.createKey({ apiId, externalId: "user_b" });
  const res = await fetch(`${serverURL}/_local/dashboard/portal`, {
    method: "POST",
    body: JSON.stringify({ slug: "js-portal", apiId }),
  });
  assert.equal(res.status, 200, await res.clone().text());

  const session = await unkey.portal.createSession({
    portal: "js-portal",
    externalId: "user_a",
    scopes: ["keys:read", "keys:reroll"],
    returnUrl: "https://app.example.com/settings",
  });
  assert.match(session.data.id, /^ps_/);
  // As @unkey/api answers it (`{ headers, result }`): the envelope is also `result`.
  assert.deepEqual(session.result, { meta: session.meta, data: session.data });
  assert.deepEqual(Object.keys(session).sort(), ["data", "meta"]);
  const code = new URL(session.data.url).searchParams.get("code");
  assert.match(code, /^pst_/);

  const access = await unkey.portal.exchangeCode({ code });
  assert.match(access.data.accessToken, /^pat_/);
  assert.equal(access.result.data.accessToken, access.data.accessToken);
  assert.ok(access.data.expiresAt > Date.now());
  const again = await rejection(unkey.portal.exchangeCode({ code }));
  assert.ok(again instanceof UnauthorizedErrorResponse, again.name);
  assert.equal(again.statusCode, 401);

  // The portal session's own operations, as @unkey/api calls them: `(security, request)`.
  const security = { portalSession: access.data.accessToken };
  const listed = await unkey.portal.listKeys(security, {});
  assert.deepEqual(listed.data.map((k) => k.keyId), [mine.keyId]);
  // A page, as @unkey/api's: `result`, `next()` and `for await`.
  assert.deepEqual(listed.result.data, listed.data);
  const pages = [];
  for await (const page of await unkey.portal.listKeys(security, { limit: 1 })) pages.push(page.data.length);
  assert.deepEqual(pages, [1]);

  const rerolled = await unkey.portal.rerollKey(security, { keyId: mine.keyId, expiration: 0 });
  assert.notEqual(rerolled.data.keyId, mine.keyId);
  assert.equal((await unkey.keys.verifyKey({ key: rerolled.data.key })).data.valid, true);
  // analytics:read was not granted: the session's 403.
  const denied = await rejection(unkey.portal.getVerifications(security, { startTime: Date.now() - 3_600_000, endTime: Date.now() }));
  assert.ok(denied instanceof ForbiddenErrorResponse, denied.name);
  // Someone else's token is the server's 401, whatever root key the client holds.
  const stranger = await rejection(unkey.portal.listKeys({ portalSession: "pat_not_a_session" }, {}));
  assert.ok(stranger instanceof UnauthorizedErrorResponse, stranger.name);
});

test("portal: the session's operations send its cookie and never the root key", async () => {
  const lines = [];
  const logger = { log: (...a) => lines.push(a.join(" ")), group: (t) => lines.push(t), groupEnd: () => {} };
  const sent = [];
  // What reaches the wire, seen by a caller's fetch.
  const fetchSpy = (url, init) => {
    sent.push(Object.fromEntries(new Headers(init.headers)));
    return fetch(url, init);
  };
  const client = new Unkey({ rootKey, serverURL, fetch: fetchSpy, debugLogger: logger });
  await rejection(client.portal.listKeys({ portalSession: "pat_watch_me" }, {}));
  assert.equal(sent.length, 1);
  assert.equal(sent[0].cookie, "portal_session=pat_watch_me");
  assert.equal(sent[0].authorization, undefined);
  assert.ok(!lines.join("\n").includes("pat_watch_me"), "the debug log shows the session");
  assert.ok(lines.includes("cookie: portal_session=[REDACTED]"), lines.join("\n"));
  // The root key's operations are unchanged: the root key, and no cookie.
  await client.keys.whoami({ key: "sk_nothing" }).catch(() => {});
  assert.equal(sent[1].authorization, `Bearer ${rootKey}`);
  assert.equal(sent[1].cookie, undefined);
  // With a rootKey function, the session's operations do not ask it for a key.
  let asked = 0;
  const lazy = new Unkey({ rootKey: () => (asked++, rootKey), serverURL, fetch: fetchSpy });
  await rejection(lazy.portal.listKeys({ portalSession: "pat_watch_me" }, {}));
  assert.equal(asked, 0);
  assert.equal(sent[2].authorization, undefined);
});

test("portal: a client without a root key (@unkey/api's `new Unkey()`) acts for a session", async () => {
  const { apiId } = (await unkey.apis.createApi({ name: "portal_keyless" })).data;
  const mine = (await unkey.keys.createKey({ apiId, externalId: "user_k" })).data;
  const res = await fetch(`${serverURL}/_local/dashboard/portal`, { method: "POST", body: JSON.stringify({ slug: "js-keyless", apiId }) });
  assert.equal(res.status, 200, await res.clone().text());
  const session = await unkey.portal.createSession({ portal: "js-keyless", externalId: "user_k", scopes: ["keys:read"] });
  const code = new URL(session.data.url).searchParams.get("code");
  const portalSession = (await unkey.portal.exchangeCode({ code })).data.accessToken;
  // No rootKey and no UNKEY_ROOT_KEY (read by the constructor only).
  const saved = process.env.UNKEY_ROOT_KEY;
  delete process.env.UNKEY_ROOT_KEY;
  let keyless;
  try {
    keyless = new Unkey({ serverURL });
  } finally {
    process.env.UNKEY_ROOT_KEY = saved;
  }
  // `rootKey: ""` (@unkey/api's `process.env.UNKEY_ROOT_KEY ?? ""`) is no key as well.
  for (const client of [keyless, new Unkey({ rootKey: "", serverURL })]) {
    const listed = await client.portal.listKeys({ portalSession }, {});
    assert.deepEqual(listed.data.map((k) => k.keyId), [mine.keyId]);
    // A root-key operation is sent without one, and refused by the server, as with @unkey/api.
    const refused = await rejection(client.apis.getApi({ apiId }));
    assert.ok(refused instanceof BadRequestErrorResponse, refused.name);
    assert.equal(refused.data$.error.errors[0].location, "security");
  }
});

test("portal: a missing or malformed session is a validation error, and nothing is sent", async () => {
  let sent = 0;
  const client = new Unkey({ rootKey, serverURL, fetch: (u, i) => (sent++, fetch(u, i)) });
  const throwing = { get portalSession() { throw new Error("no"); } };
  for (const security of [undefined, {}, { portalSession: "" }, { portalSession: 42 }, { portalSession: "a;b" }, { portalSession: "ünïcode" }, throwing]) {
    const e = await rejection(client.portal.listKeys(security, {}));
    assert.equal(e.kind, "validation", e.message);
    assert.match(e.errors[0].location, /^security/, JSON.stringify(e.errors));
    assert.ok(!e.message.includes("a;b"), e.message);
  }
  assert.equal(sent, 0);
});

test("portal: refusals are typed; bad requests never leave the client", async () => {
  const missing = await rejection(
    unkey.portal.createSession({ portal: "no-such-portal", externalId: "user_a", scopes: ["keys:read"] }),
  );
  assert.ok(missing instanceof NotFoundErrorResponse, missing.name);
  assert.equal(missing.statusCode, 404);
  const bad = await rejection(unkey.portal.createSession({ portal: "js-portal", externalId: "user_a", scopes: ["keys:destroy"] }));
  assert.equal(bad.kind, "validation");
  assert.equal(bad.errors[0].location, "body.scopes[0]");
  const empty = await rejection(unkey.portal.exchangeCode({ code: "" }));
  assert.equal(empty.kind, "validation");
  assert.equal(empty.errors[0].location, "body.code");
});
