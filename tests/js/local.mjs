// The prelude the package's suites share: the unkey-local that scripts/with-unkey-local.sh
// started for them (UNKEY_LOCAL_URL, UNKEY_ROOT_KEY), its test controls (/_local/...), and the
// small helpers every suite had a copy of.
import assert from "node:assert/strict";
import { isUnkeyError } from "unkey-edge";

/** The server's URL and root key. */
export const serverURL = process.env.UNKEY_LOCAL_URL;
export const rootKey = process.env.UNKEY_ROOT_KEY;
assert.ok(serverURL && rootKey, "run through scripts/with-unkey-local.sh (scripts/test-js.sh does)");

/** One call of a test control of unkey-local; its JSON answer (a failure fails the test). */
export async function control(method, path, body) {
  const res = await fetch(`${serverURL}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body && JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Queues a fault (unkey-local --faults). */
export const fault = (f) => control("POST", "/_local/faults", f);

/** How many requests for `path` reached the server (unkey-local --faults). */
export const count = async (path) => (await control("GET", "/_local/requests")).paths[path] ?? 0;

/** A short random suffix for names that must not collide between tests. */
export const uniq = () => Math.random().toString(36).slice(2, 10);

/** The error `promise` rejects with, which must be one the client classified. */
export async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(isUnkeyError(e), String(e));
    return e;
  }
  assert.fail("expected a rejection");
}
