// portal.createSession and portal.exchangeCode through the packed package, against
// unkey-local --dashboard (which configures the portal): a session is minted for one end user,
// its URL's code is redeemed exactly once, and the access token, sent as the browser would
// send it (the `portal_session` cookie), lists that end user's keys only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Unkey } from "unkey-edge";
import { UnauthorizedErrorResponse, NotFoundErrorResponse } from "unkey-edge/models/errors";
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

  const listed = await fetch(`${serverURL}/v2/portal.listKeys`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: `portal_session=${access.data.accessToken}` },
    body: "{}",
  });
  const body = await listed.json();
  assert.deepEqual(body.data.map((k) => k.keyId), [mine.keyId]);
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
